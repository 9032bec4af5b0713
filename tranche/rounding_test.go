package tranche_test

import (
	"fmt"
	"math/big"
	"testing"

	"github.com/jvwaterfall/jvwaterfall/contract"
	"github.com/jvwaterfall/jvwaterfall/internal/oracle"
	"github.com/jvwaterfall/jvwaterfall/tranche"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"
)

// TestHurdle_LeastTier is issue 13's example: the LP puts in 1,000,002.59
// on 2020-01-01; 1,300,000 is paid on 2021-01-01 (366 days: 2020 is a leap
// year) through capital and then 80/20 to a 10% IRR. The LP needs
// 1,000,002.59 × (1.1^(366/365) − 1) = 100,287.53340771… (mpmath, 40
// digits) after its capital.
//   - RoundUp: it needs 100,287.54. A tier of 125,359.42 splits
//     100,287.536/25,071.884 and largest remainder gives the LP the last
//     cent (.6 > .4): 100,287.54, enough; 125,359.41 gives it
//     100,287.528 → 100,287.53, short. So the tier is 125,359.42 and the
//     GP gets 25,071.88 (not 125,359.43 and 25,071.89, which is
//     ⌈100,287.54/0.8⌉).
//   - HalfEven: it needs 100,287.53: 125,359.41 gives it that (GP
//     25,071.88), 125,359.40 splits exactly 100,287.52/25,071.88.
func TestHurdle_LeastTier(t *testing.T) {
	for _, c := range []struct {
		policy           tranche.Rounding
		tier, lp, gp     string
		lpNeeds, oneLess string
	}{
		{tranche.RoundUp, "125359.42", "100287.54", "25071.88", "100287.54", "125359.41"},
		{tranche.HalfEven, "125359.41", "100287.53", "25071.88", "100287.53", "125359.40"},
	} {
		t.Run(c.policy.String(), func(t *testing.T) {
			l := newDriver(t, partiesOf("LP", "1000002.59", "GP", "0")...).open(contract.Date(2020, 1, 1)).put("LP", "1000002.59").at(contract.Date(2021, 1, 1))
			l.b.SetRounding(c.policy)
			h := tier(t, "t10", annual("0.1"), "0", "0.8")
			_, total := l.pay(tranche.Sequence(mustROC(t, "LP"), h), "1300000")
			requireDec(t, d("1000002.59").Add(d(c.tier)).String(), total) // capital and the tier; nothing takes the rest
			requireDec(t, c.tier, paidTier(l.b, "t10"))
			requireDec(t, c.lp, paid(l.b, "t10", "LP"))
			requireDec(t, c.gp, paid(l.b, "t10", "GP"))
			// One cent less: the largest-remainder split leaves the LP short.
			parts := oracle.Apportion(d(c.oneLess).Shift(2).IntPart(), []*big.Rat{big.NewRat(8, 10), big.NewRat(2, 10)})
			require.Less(t, parts[0], d(c.lpNeeds).Shift(2).IntPart())
		})
	}
}

// paidTier is what tranche id paid in all.
func paidTier(b *tranche.Book, id tranche.TrancheID) decimal.Decimal {
	total := decimal.Zero
	for p := range b.Ledger().Values() {
		if p.Tranche == id {
			total = total.Add(p.Amount)
		}
	}
	return total
}

// TestCatchUp_SplitTiesToInvestors is issue 13's partial catch-up: a 50/50
// catch-up paying 10,000.01 (short of what it owes: k = 20%, P = 100,000,
// X = 20,000/0.3) splits 5,000.005 each, and the tied cent goes to the LP,
// whose share is listed first, as in every split: LP 5,000.01, GP
// 5,000.00. Rounding policy: either (a short payment is not rounded).
func TestCatchUp_SplitTiesToInvestors(t *testing.T) {
	for _, policy := range []tranche.Rounding{tranche.RoundUp, tranche.HalfEven} {
		l := newDriver(t, partiesOf("LP", "1000000", "GP", "0")...).open(jan21).put("LP", "1000000").at(jan22).
			post("LP", tranche.KindCapital, "1000000").post("LP", tranche.KindPref, "100000")
		l.b.SetRounding(policy)
		cu := tranche.Must(tranche.NewCatchUp(tranche.CatchUp{Name: "cu", Sponsor: "GP", Target: d("0.2"), Rate: d("0.5"), Investors: ids("LP")}))
		got, _ := l.pay(cu, "10000.01")
		require.Len(t, got, 2)
		requireDec(t, "5000.00", paid(l.b, "cu", "GP"), policy)
		requireDec(t, "5000.01", paid(l.b, "cu", "LP"), policy)
	}
}

// TestRounding_Policies checks what each policy does to an exact amount:
//   - a 1.5× multiple tier (all to the LP) on 1,000,000.03 contributed owes
//     1,500,000.045: RoundUp 1,500,000.05, HalfEven 1,500,000.04 (4 even);
//   - a 10% pref for exactly one year (365 days, growth exactly 1.1) on
//     1,000.05 is 100.005: RoundUp 100.01, HalfEven 100.00; on 1,000.15 it
//     is 100.015: RoundUp 100.02, HalfEven 100.02 (2 even).
func TestRounding_Policies(t *testing.T) {
	for _, c := range []struct {
		policy                    tranche.Rounding
		multiple, pref05, pref015 string
	}{
		{tranche.RoundUp, "1500000.05", "100.01", "100.02"},
		{tranche.HalfEven, "1500000.04", "100.00", "100.02"},
	} {
		t.Run(c.policy.String(), func(t *testing.T) {
			l := newDriver(t, partiesOf("LP", "1000000.03", "GP", "0")...).open(jan21).put("LP", "1000000.03").at(jan22)
			l.b.SetRounding(c.policy)
			m := tranche.Must(tranche.NewHurdle(tranche.Hurdle{Name: "m", Multiple: d("1.5"), Investors: ids("LP"),
				Shares: []tranche.Share{{Parties: ids("LP"), Weight: d("1")}}}))
			requireDec(t, c.multiple, l.owed(m).Amount, "multiple")
			for _, p := range []struct{ capital, want string }{{"1000.05", c.pref05}, {"1000.15", c.pref015}} {
				l := newDriver(t, partiesOf("LP", p.capital)...).open(jan21).put("LP", p.capital).at(jan22)
				l.b.SetRounding(c.policy)
				requireDec(t, p.want, l.owed(mustPref(t, annual("0.1"), "LP")).Amount, "pref on", p.capital)
			}
		})
	}
}

// TestHurdle_LeastProperty: for random hurdle tiers (IRR, multiple or
// both; one to three investors sharing a class by commitment, a promote,
// sometimes a co-investing sponsor in the class; contributions and
// earlier distributions on random dates) under each policy, the tier's
// amount X, paid in full, gives every investor at least its requirement
// (its hurdle balance or multiple shortfall rounded by the policy), and
// X − 1 cent, split by an independent largest remainder (oracle.Apportion),
// leaves some investor short.
func TestHurdle_LeastProperty(t *testing.T) {
	rapid.Check(t, func(rt *rapid.T) {
		policy := tranche.Rounding(rapid.IntRange(0, 1).Draw(rt, "policy"))
		n := rapid.IntRange(1, 3).Draw(rt, "investors")
		coInvest := rapid.Bool().Draw(rt, "coInvest")
		var parties []tranche.Party
		var investors, class []tranche.PartyID
		for i := range n {
			id := tranche.PartyID(fmt.Sprintf("LP%d", i))
			c := decimal.New(rapid.Int64Range(1, 5_000_000).Draw(rt, "commitment"), 0)
			parties = append(parties, tranche.Party{ID: id, Commitment: c})
			investors, class = append(investors, id), append(class, id)
		}
		gp := tranche.Party{ID: "GP"}
		if coInvest {
			gp.Commitment = decimal.New(rapid.Int64Range(1, 100_000).Draw(rt, "gpCommitment"), 0)
			class = append(class, "GP")
		}
		parties = append(parties, gp)
		w := decimal.New(rapid.Int64Range(50, 100).Draw(rt, "lpShare"), -2)
		shares := []tranche.Share{{Parties: class, Weight: w}}
		if !w.Equal(decimal.NewFromInt(1)) {
			shares = append(shares, tranche.Share{Parties: ids("GP"), Weight: decimal.NewFromInt(1).Sub(w), Promote: true})
		}
		h := tranche.Hurdle{Name: "tier", Investors: investors, Shares: shares}
		kind := rapid.IntRange(0, 2).Draw(rt, "kind")
		if kind != 1 {
			h.Rate = annual(decimal.New(rapid.Int64Range(1, 3000).Draw(rt, "rate"), -4).String())
		}
		if kind != 0 {
			h.Multiple = decimal.New(rapid.Int64Range(101, 300).Draw(rt, "multiple"), -2)
		}
		tr := tranche.Must(tranche.NewHurdle(h))

		l := newDriver(rt, parties...).open(contract.Date(2019, 12, 31))
		l.b.SetRounding(policy)
		for _, p := range class {
			l.put(p, decimal.New(rapid.Int64Range(100, 200_000_000).Draw(rt, "contribution"), -2).String())
		}
		day := contract.Date(2019, 12, 31).AddDate(0, 0, rapid.IntRange(1, 1500).Draw(rt, "days"))
		l.at(day)
		for _, p := range class {
			if rapid.Bool().Draw(rt, "earlier") {
				l.post(p, tranche.KindProfit, decimal.New(rapid.Int64Range(1, 10_000_000).Draw(rt, "distribution"), -2).String())
			}
		}
		l.at(day.AddDate(0, 0, rapid.IntRange(1, 800).Draw(rt, "later")))

		round := func(x decimal.Decimal) int64 {
			if x.Sign() <= 0 {
				return 0
			}
			if policy == tranche.HalfEven {
				return x.RoundBank(2).Shift(2).IntPart()
			}
			return x.RoundCeil(2).Shift(2).IntPart()
		}
		req := map[tranche.PartyID]int64{}
		for _, p := range investors {
			var r int64
			if !h.Rate.Annual.IsZero() {
				hb, err := l.b.Hurdle(p, h.Rate)
				require.NoError(rt, err)
				r = round(hb)
			}
			if !h.Multiple.IsZero() {
				a, err := l.b.Account(p)
				require.NoError(rt, err)
				r = max(r, round(h.Multiple.Mul(a.Contributed).Sub(a.Distributed)))
			}
			req[p] = r
		}
		x := l.owed(tr).Amount
		if x.IsZero() {
			for p, r := range req {
				require.Zero(rt, r, "tier owes nothing while %s requires %d", p, r)
			}
			return
		}
		commit := map[tranche.PartyID]int64{}
		for _, p := range parties {
			commit[p.ID] = p.Commitment.IntPart()
		}
		// received is each investor's part of a tier of units cents.
		received := func(units int64) map[tranche.PartyID]int64 {
			ws := make([]*big.Rat, len(shares))
			for i, s := range shares {
				ws[i] = s.Weight.Rat()
			}
			top := oracle.Apportion(units, ws)
			got := map[tranche.PartyID]int64{}
			for i, s := range shares {
				if s.Promote {
					continue
				}
				cw := make([]*big.Rat, len(s.Parties))
				for j, p := range s.Parties {
					cw[j] = big.NewRat(commit[p], 1)
				}
				for j, part := range oracle.Apportion(top[i], cw) {
					got[s.Parties[j]] += part
				}
			}
			return got
		}
		xu := x.Shift(2).IntPart()
		for p, got := range received(xu) {
			if r, ok := req[p]; ok {
				require.GreaterOrEqual(rt, got, r, "tier %s: %s gets %d, requires %d", x, p, got, r)
			}
		}
		short := false
		for p, got := range received(xu - 1) {
			if r, ok := req[p]; ok && got < r {
				short = true
			}
		}
		require.True(rt, short, "tier %s: one cent less still pays every investor %v", x, req)
		// Offered more, the tier pays exactly X, and the investors those parts.
		_, total := l.pay(tr, x.Add(decimal.NewFromInt(1)).String())
		require.True(rt, total.Equal(x), "paid %s of a tier of %s", total, x)
		for _, p := range investors {
			got := received(xu)[p]
			require.True(rt, paid(l.b, "tier", p).Equal(decimal.New(got, -2)), "%s paid %s, split %d", p, paid(l.b, "tier", p), got)
		}
	})
}

// TestRounding_ValidAndSet: only the two defined policies are valid; an
// invalid one has a numbered name, and SetRounding ignores it, leaving the
// book's policy as it was; a nil book reads RoundUp and ignores a policy.
func TestRounding_ValidAndSet(t *testing.T) {
	require.True(t, tranche.RoundUp.Valid())
	require.True(t, tranche.HalfEven.Valid())
	require.False(t, tranche.Rounding(2).Valid())
	require.Equal(t, "Rounding(2)", tranche.Rounding(2).String())
	require.Equal(t, "half-even", tranche.HalfEven.String())
	l := newDriver(t, partiesOf("LP", "1")...)
	require.Equal(t, tranche.RoundUp, l.b.Rounding(), "a new book")
	l.b.SetRounding(tranche.HalfEven)
	require.Equal(t, tranche.HalfEven, l.b.Rounding())
	l.b.SetRounding(tranche.Rounding(2))
	require.Equal(t, tranche.HalfEven, l.b.Rounding(), "an invalid policy is ignored")
	var none *tranche.Book
	none.SetRounding(tranche.HalfEven)
	require.Equal(t, tranche.RoundUp, none.Rounding())
}

// TestRounding_HalfEvenPrefOffTheTie: a 10% pref for exactly one year
// (365 days, growth exactly 1.1) under HalfEven, away from the tie that
// TestRounding_Policies checks: on 1,000.06 it is 100.006 → 100.01 (more
// than half a cent rounds up); on 1,000.04, 100.004 → 100.00. An LP paid
// 150 of pref on 1,000 (50 more than the 100 accrued) is owed nothing,
// under either policy: its balance is below zero, not 50 owed.
func TestRounding_HalfEvenPrefOffTheTie(t *testing.T) {
	for _, c := range []struct {
		capital, paid, want string
		policy              tranche.Rounding
	}{
		{"1000.06", "", "100.01", tranche.HalfEven},
		{"1000.04", "", "100.00", tranche.HalfEven},
		{"1000", "150", "0", tranche.HalfEven},
		{"1000", "150", "0", tranche.RoundUp},
	} {
		l := newDriver(t, partiesOf("LP", c.capital)...).open(jan21).put("LP", c.capital).at(jan22)
		l.b.SetRounding(c.policy)
		if c.paid != "" {
			l.post("LP", tranche.KindPref, c.paid)
		}
		requireDec(t, c.want, l.owed(mustPref(t, annual("0.1"), "LP")).Amount, c.capital, c.paid, c.policy)
	}
}
