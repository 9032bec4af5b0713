package tranche_test

import (
	"fmt"
	"math"
	"math/rand/v2"
	"reflect"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/jvwaterfall/jvwaterfall/contract"
	"github.com/jvwaterfall/jvwaterfall/tranche"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"
)

// lpSteps is an LP that puts in 1000 on 2021-01-01, then one step per cash
// amount, each a year (365 days, or 366 across a leap day) after the last.
func lpSteps(cash ...string) []step {
	steps := []step{{end: contract.Date(2021, 1, 1), contribs: map[tranche.PartyID]string{"LP": "1000"}}}
	for i, c := range cash {
		steps = append(steps, step{end: contract.Date(2022+i, 1, 1), cash: c})
	}
	return steps
}

var lpGP = []tranche.Party{{ID: "LP", Commitment: d("1000")}, {ID: "GP"}}

// TestPreferredReturn_Order proves both orderings with an 8% annual pref
// on 1000. Year 1 pays 1050: capital-then-pref returns 1000 and pays 50 of
// the 80 of pref; pref-then-capital pays 80 and returns 970. Year 2 pays
// 100. Either way the hurdle balance after year 1 is 1080 − 1050 = 30,
// which grows to 32.4; capital-then-pref owes it all as pref,
// pref-then-capital owes 30 of capital and 2.4 of pref. The rest, 67.6,
// goes to the 80/20 split: 54.08/13.52.
func TestPreferredReturn_Order(t *testing.T) {
	cases := []struct {
		name  string
		first bool // pref first
		want  map[tranche.TrancheID]string
	}{
		{"capital then pref", false, map[tranche.TrancheID]string{"roc": "1000", "pref": "82.4", "rest": "54.08"}},
		{"pref then capital", true, map[tranche.TrancheID]string{"roc": "1000", "pref": "82.4", "rest": "54.08"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			roc, pref := tranche.Tranche(mustROC(t, "LP")), tranche.Tranche(mustPref(t, annual("0.08"), "LP"))
			stack := tranche.Sequence(roc, pref, mustSplit(t, "rest", "0.8"))
			if c.first {
				stack = tranche.Sequence(pref, roc, mustSplit(t, "rest", "0.8"))
			}
			yearOne := map[bool][2]string{false: {"1000", "50"}, true: {"970", "80"}}[c.first]
			drive(t, lpGP, contract.Date(2020, 12, 31), stack, lpSteps("1050", "100"), func(b *tranche.Book, i int) {
				if i == 1 {
					requireDec(t, yearOne[0], paid(b, "roc", "LP"), "year 1 capital")
					requireDec(t, yearOne[1], paid(b, "pref", "LP"), "year 1 pref")
				}
				if i == 2 {
					for id, w := range c.want {
						requireDec(t, w, paid(b, id, "LP"), id)
					}
					requireDec(t, "13.52", paid(b, "rest", "GP"))
				}
			})
		})
	}
}

// TestPreferredReturn_Conventions checks compounding and day counts from
// contract.Rate against closed forms, on dates chosen so that the year
// fraction makes the exponent a whole number of compounding periods:
// 360 days on ACT/360 is one year, 2021-01-31 to 2021-07-31 on 30/360 is
// half a year.
func TestPreferredReturn_Conventions(t *testing.T) {
	cases := []struct {
		name      string
		rate      contract.Rate
		from, to  time.Time
		want      string
		closedFrm float64 // the same, in float64, before rounding up to the cent
	}{
		{"quarterly ACT/360", contract.Rate{Annual: d("0.08"), Compounding: contract.Quarterly, DayCount: contract.ACT360},
			contract.Date(2021, 1, 1), contract.Date(2021, 12, 27), "82.44", 1000 * (math.Pow(1.02, 4) - 1)}, // 82.43216
		{"monthly 30/360", contract.Rate{Annual: d("0.12"), Compounding: contract.Monthly, DayCount: contract.Thirty360US},
			contract.Date(2021, 1, 31), contract.Date(2021, 7, 31), "61.53", 1000 * (math.Pow(1.01, 6) - 1)}, // 61.520150601
		{"semiannual ACT/365F", contract.Rate{Annual: d("0.08"), Compounding: contract.SemiAnnual, DayCount: contract.ACT365F},
			contract.Date(2021, 1, 1), contract.Date(2022, 1, 1), "81.6", 1000 * (math.Pow(1.04, 2) - 1)},
		{"annual ACT/365F over a leap day", annual("0.08"),
			contract.Date(2023, 6, 1), contract.Date(2024, 6, 1), "80.23", 1000 * (math.Pow(1.08, 366.0/365) - 1)}, // 80.2278
		{"continuous ACT/365F", contract.Rate{Annual: d("0.08"), Compounding: contract.Continuous},
			contract.Date(2021, 1, 1), contract.Date(2022, 1, 1), "83.29", 1000 * (math.Exp(0.08) - 1)}, // 83.287068
		{"simple ACT/360", contract.Rate{Annual: d("0.08"), Compounding: contract.Simple, DayCount: contract.ACT360},
			contract.Date(2021, 1, 1), contract.Date(2021, 12, 27), "80", 1000 * 0.08},
		{"daily ACT/365F", contract.Rate{Annual: d("0.0365"), Compounding: contract.Daily},
			contract.Date(2021, 1, 1), contract.Date(2021, 1, 11), "1.01", 1000 * (math.Pow(1.0001, 10) - 1)}, // 1.00045
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			require.Equal(t, c.want, decimal.NewFromFloat(math.Ceil(c.closedFrm*100-1e-6)/100).String(), "closed form")
			pref, err := tranche.NewPreferredReturn(tranche.PreferredReturn{Name: "pref", Rate: c.rate, Parties: []tranche.PartyID{"LP"}})
			require.NoError(t, err)
			steps := []step{
				{end: c.from, contribs: map[tranche.PartyID]string{"LP": "1000"}},
				{end: c.to},
			}
			b := drive(t, lpGP, c.from.AddDate(0, 0, -1), pref, steps, nil)
			claim, err := pref.Owed(b)
			require.NoError(t, err)
			requireDec(t, c.want, claim.Amount)
		})
	}
}

// TestPreferredReturn_Base compares pref on unreturned capital with pref
// on contributed capital. 10% on 1000; year 1 pays 600, all to capital
// (capital first); year 2 pays 1000.
//
//   - simple, on unreturned: 1000·0.1 + 400·0.1 = 140;
//   - simple, on contributed: 1000·0.1·2 = 200;
//   - annual, on unreturned: H = 1000·1.1² − 600·1.1 = 550, less the 400 of
//     capital returned = 150 (= 100 + 40 + 10 on the unpaid 100);
//   - annual, on contributed: 1000·1.1² − 1000 = 210.
//
// In year 3 (cash 1000, nothing unreturned) the pref on unreturned capital
// accrues nothing; on contributed it accrues another year: simple 100,
// annual (1000 + 0)·1.1 − 1000 = 100 (nothing unpaid to compound).
func TestPreferredReturn_Base(t *testing.T) {
	cases := []struct {
		comp  contract.Compounding
		base  tranche.PrefBase
		year2 string
		year3 string
	}{
		{contract.Simple, tranche.OnUnreturned, "140", "0"},
		{contract.Simple, tranche.OnContributed, "200", "100"},
		{contract.Annual, tranche.OnUnreturned, "150", "0"},
		{contract.Annual, tranche.OnContributed, "210", "100"},
	}
	for _, c := range cases {
		t.Run(fmt.Sprintf("%s on %s", c.comp, c.base), func(t *testing.T) {
			pref := mustPref(t, contract.Rate{Annual: d("0.1"), Compounding: c.comp}, "LP")
			pref.Base = c.base
			require.NoError(t, pref.Validate())
			stack := tranche.Sequence(mustROC(t, "LP"), pref, mustSplit(t, "rest", "0.8"))
			drive(t, lpGP, contract.Date(2020, 12, 31), stack, lpSteps("600", "1000", "1000"), func(b *tranche.Book, i int) {
				switch i {
				case 1:
					requireDec(t, "0", paid(b, "pref", "LP"), "year 1")
				case 2:
					requireDec(t, c.year2, paid(b, "pref", "LP"), "year 2")
				case 3:
					requireDec(t, d(c.year2).Add(d(c.year3)).String(), paid(b, "pref", "LP"), "year 3")
				}
			})
		})
	}
}

// TestPreferredReturn_NonCumulative checks a current-pay pref against a
// hand-computed table. 8% on 1000, stack pref, capital, 80/20; periods are
// years (2024 has 366 days).
//
//	period  ends        cash  base  accrued                 pref   capital  rest
//	1       2022-01-01    50  1000  80                        50       0      0   (30 forfeited)
//	2       2023-01-01   600  1000  80                        80     520      0
//	3       2024-01-01   100   480  38.4                      38.4    61.6    0
//	4       2025-01-01   500  418.4 418.4·(1.08^(366/365)−1) = 33.5673… → 33.57  418.4  48.03
//
// Cumulative terms would have owed 30 more in period 2. Simple and
// annual-compounding rates agree on whole years; period 4 uses annual.
func TestPreferredReturn_NonCumulative(t *testing.T) {
	pref := mustPref(t, annual("0.08"), "LP")
	pref.Accrual = tranche.NonCumulative
	require.NoError(t, pref.Validate())
	stack := tranche.Sequence(pref, mustROC(t, "LP"), mustSplit(t, "rest", "0.8"))
	table := [][3]string{{"50", "0", "0"}, {"80", "520", "0"}, {"38.4", "61.6", "0"}, {"33.57", "418.4", "48.03"}}
	closed := 418.4 * (math.Pow(1.08, 366.0/365) - 1)
	require.InDelta(t, 33.5673, closed, 1e-4)
	prev := [3]decimal.Decimal{decimal.Zero, decimal.Zero, decimal.Zero}
	drive(t, lpGP, contract.Date(2020, 12, 31), stack, lpSteps("50", "600", "100", "500"), func(b *tranche.Book, i int) {
		if i == 0 {
			return
		}
		now := [3]decimal.Decimal{paid(b, "pref", "LP"), paid(b, "roc", "LP"), paid(b, "rest", "LP").Add(paid(b, "rest", "GP"))}
		for k, w := range table[i-1] {
			requireDec(t, w, now[k].Sub(prev[k]), "period", i, "column", k)
		}
		prev = now
	})
}

// TestPreferredReturn_NonCumulativeOnContributed: on contributed capital a
// current-pay pref keeps accruing on the full 1000 after capital is
// returned: each year owes 80 (simple, ACT/365F; 80·366/365 = 80.22 → 80.22
// for 2024, a leap year) and no more, whatever was missed before: year 1
// pays capital only, year 2 pays 80, year 3 only 50 of 80, year 4 80.22.
func TestPreferredReturn_NonCumulativeOnContributed(t *testing.T) {
	pref := mustPref(t, contract.Rate{Annual: d("0.08")}, "LP")
	pref.Accrual, pref.Base = tranche.NonCumulative, tranche.OnContributed
	stack := tranche.Sequence(mustROC(t, "LP"), pref, mustSplit(t, "rest", "0.8"))
	drive(t, lpGP, contract.Date(2020, 12, 31), stack, lpSteps("1000", "1090", "50", "100"), func(b *tranche.Book, i int) {
		if i > 0 {
			requireDec(t, map[int]string{1: "0", 2: "80", 3: "130", 4: "210.22"}[i], paid(b, "pref", "LP"), "year", i)
		}
	})
}

func TestPreferredReturn_Validate(t *testing.T) {
	pref := &tranche.PreferredReturn{Name: "p", Parties: ids("LP"), Base: 7, Accrual: 9}
	err := pref.Validate()
	require.ErrorIs(t, err, contract.ErrRange)
	require.ErrorContains(t, err, "base: ")
	require.ErrorContains(t, err, "accrual: ")
	require.Equal(t, "contributed", tranche.OnContributed.String())
	require.Equal(t, "non-cumulative", tranche.NonCumulative.String())
}

// TestPreferredReturn_OnContributedParties: two parties with their own
// dates. A puts in 1000 on 2021-01-01, B 500 a year later; nothing is paid.
// On 2023-01-01 a 10% pref on contributed capital owes A 1000·0.1·2 = 200
// and B 50 (simple), or A 1000·1.1² − 1000 = 210 and B 50 (annual); then
// 100 of cash is shared by what each is owed.
func TestPreferredReturn_OnContributedParties(t *testing.T) {
	parties := []tranche.Party{{ID: "A", Commitment: d("1000")}, {ID: "B", Commitment: d("500")}}
	for _, c := range []struct {
		comp             contract.Compounding
		a, b, paidA, pdB string
	}{
		{contract.Simple, "200", "50", "80", "20"},
		{contract.Annual, "210", "50", "80.77", "19.23"}, // 100·210/260 = 80.769…, 100·50/260 = 19.230…
	} {
		t.Run(c.comp.String(), func(t *testing.T) {
			pref := mustPref(t, contract.Rate{Annual: d("0.1"), Compounding: c.comp}, "A", "B")
			pref.Base = tranche.OnContributed
			steps := []step{
				{end: contract.Date(2021, 1, 1), contribs: map[tranche.PartyID]string{"A": "1000"}},
				{end: contract.Date(2022, 1, 1), contribs: map[tranche.PartyID]string{"B": "500"}},
				{end: contract.Date(2023, 1, 1)},
			}
			b := drive(t, parties, contract.Date(2020, 12, 31), pref, steps, nil)
			claim, err := pref.Owed(b)
			require.NoError(t, err)
			requireDec(t, d(c.a).Add(d(c.b)).String(), claim.Amount)
			_, err = tranche.PayChecked(b, pref, d("100"))
			require.NoError(t, err)
			requireDec(t, c.paidA, paid(b, "pref", "A"))
			requireDec(t, c.pdB, paid(b, "pref", "B"))
			// What is left: A 200 − 80 = 120 (or 210 − 80.77 = 129.23), B 30 (30.77).
			claim, err = pref.Owed(b)
			require.NoError(t, err)
			requireDec(t, d(c.a).Add(d(c.b)).Sub(d("100")).String(), claim.Amount)
		})
	}
}

// TestPreferredReturn_NonCumulativeProperty: over random irregular
// periods with random cash, a current-pay pref first in the stack pays in
// each period exactly min(cash, accrual rounded up), where the accrual is
// computed here from the period's days and the unreturned capital at its
// start (tracked from the ledger's capital payments): nothing unpaid ever
// carries over.
func TestPreferredReturn_NonCumulativeProperty(t *testing.T) {
	for seed := range 60 {
		t.Run(fmt.Sprint(seed), func(t *testing.T) {
			rng := rand.New(rand.NewPCG(uint64(seed), 13))
			pref := mustPref(t, contract.Rate{Annual: decimal.New(int64(1+rng.IntN(150)), -3)}, "LP")
			pref.Accrual = tranche.NonCumulative
			stack := tranche.Sequence(pref, mustROC(t, "LP"), mustSplit(t, "rest", "0.8"))
			start := contract.Date(2019, 1, 1).AddDate(0, 0, rng.IntN(1500))
			end := start.AddDate(0, 0, 1)
			steps := []step{{end: end, contribs: map[tranche.PartyID]string{"LP": "1000000"}}}
			for range 4 + rng.IntN(10) {
				end = end.AddDate(0, 0, 20+rng.IntN(400))
				steps = append(steps, step{end: end, cash: decimal.New(int64(rng.IntN(40000000)), -2).String()})
			}
			unreturned := d("1000000")
			prevEnd, prefPaid, capPaid := steps[0].end, decimal.Zero, decimal.Zero
			drive(t, lpGP, start, stack, steps, func(b *tranche.Book, i int) {
				if i == 0 {
					return
				}
				days := decimal.NewFromInt(int64(contract.Days(prevEnd, steps[i].end)))
				accrual := unreturned.Mul(pref.Rate.Annual).Mul(days).DivRound(decimal.NewFromInt(365), 16).RoundCeil(2)
				want := decimal.Min(accrual, d(steps[i].cash))
				got := paid(b, "pref", "LP").Sub(prefPaid)
				requireDec(t, want.String(), got, "period", i)
				prefPaid = prefPaid.Add(got)
				capNow := paid(b, "roc", "LP")
				unreturned = unreturned.Sub(capNow.Sub(capPaid))
				capPaid, prevEnd = capNow, steps[i].end
			})
		})
	}
}

// TestPreferredReturn_OwedOnContributedIsPure: Owed of a cumulative pref on
// contributed capital leaves the book as it was. It used to store its
// accrual in the book ([tranche.Book.State]), so that a book on which Owed
// had been called differed from one on which it had not. The LP puts in
// 1,000 on 2021-01-01; at 8% a year, 2022-01-01 is one year on ACT/365F
// (365 days) and on 30/360, so 80 is owed, simple or compounding; paid 50,
// 30 is still owed.
func TestPreferredReturn_OwedOnContributedIsPure(t *testing.T) {
	for _, comp := range []contract.Compounding{contract.Simple, contract.Annual} {
		t.Run(comp.String(), func(t *testing.T) {
			pref := tranche.Must(tranche.NewPreferredReturn(tranche.PreferredReturn{
				Name:    "pref",
				Rate:    contract.Rate{Annual: d("0.08"), Compounding: comp, DayCount: contract.ACT365F},
				Parties: []tranche.PartyID{"LP"},
			}))
			pref.Base = tranche.OnContributed
			b := newDriver(t, lpGP...).open(contract.Date(2021, 1, 1)).put("LP", "1000").at(contract.Date(2022, 1, 1)).b

			before := b.State("pref")
			owed, err := pref.Owed(b)
			require.NoError(t, err)
			requireDec(t, "80", owed.Amount)
			require.Nil(t, before)
			require.Nil(t, b.State("pref"), "Owed stored state")

			// Pay 50, then Owed: the book is the one Pay alone leaves.
			with, without := b.Clone(), b.Clone()
			for _, bk := range []*tranche.Book{with, without} {
				paid, err := tranche.PayChecked(bk, pref, d("50"))
				require.NoError(t, err)
				requireDec(t, "50", paid)
			}
			after, err := pref.Owed(with)
			require.NoError(t, err)
			requireDec(t, "30", after.Amount)
			if diff := cmp.Diff(without.State("pref"), with.State("pref"), cmp.Exporter(func(reflect.Type) bool { return true })); diff != "" {
				t.Errorf("Owed changed the state (-without +with):\n%s", diff)
			}
		})
	}
}
