package tranche_test

import (
	"errors"
	"fmt"
	"math/big"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/jvwaterfall/jvwaterfall/contract"
	"github.com/jvwaterfall/jvwaterfall/internal/oracle"
	"github.com/jvwaterfall/jvwaterfall/tranche"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"
)

// oneYear is an LP that puts in 1000 on 2021-01-01 and a stack paid once,
// 365 days later (2022-01-01), with cash.
func oneYear(t *testing.T, stack tranche.Tranche, cash string, years int) *tranche.Book {
	parties := []tranche.Party{{ID: "LP", Commitment: d("1000")}, {ID: "GP"}}
	steps := []step{{end: contract.Date(2021, 1, 1), contribs: map[tranche.PartyID]string{"LP": "1000"}}}
	steps = append(steps, step{end: contract.Date(2021+years, 1, 1), cash: cash})
	return drive(t, parties, contract.Date(2020, 12, 31), stack, steps, nil)
}

func tier(t *testing.T, id tranche.TrancheID, rate contract.Rate, multiple string, lp string) *tranche.Hurdle {
	t.Helper()
	w := d(lp)
	h, err := tranche.NewHurdle(tranche.Hurdle{
		Name:      id,
		Rate:      rate,
		Multiple:  d(multiple),
		Investors: ids("LP"),
		Shares: []tranche.Share{
			{Parties: ids("LP"), Weight: w},
			{Parties: ids("GP"), Weight: decimal.NewFromInt(1).Sub(w), Promote: true},
		},
	})
	require.NoError(t, err)
	return h
}

func mustROC(t *testing.T, parties ...tranche.PartyID) *tranche.ReturnOfCapital {
	roc, err := tranche.NewReturnOfCapital(tranche.ReturnOfCapital{Name: "roc", Parties: parties})
	require.NoError(t, err)
	return roc
}

func mustPref(t *testing.T, r contract.Rate, parties ...tranche.PartyID) *tranche.PreferredReturn {
	pref, err := tranche.NewPreferredReturn(tranche.PreferredReturn{Name: "pref", Rate: r, Parties: parties})
	require.NoError(t, err)
	return pref
}

func mustSplit(t *testing.T, id tranche.TrancheID, lp string) *tranche.Split {
	w := d(lp)
	s, err := tranche.NewSplit(tranche.Split{
		Name: id,
		Shares: []tranche.Share{
			{Parties: ids("LP"), Weight: w},
			{Parties: ids("GP"), Weight: decimal.NewFromInt(1).Sub(w), Promote: true},
		},
	})
	require.NoError(t, err)
	return s
}

// TestHurdle_Pay checks tiers against closed forms. The LP puts in 1000
// and is paid once, n×365 days later, so H(r) = 1000·(1+r)^n less what it
// has received, and tier j pays X = H/s_j.
func TestHurdle_Pay(t *testing.T) {
	cases := []struct {
		name  string
		years int
		cash  string
		tiers []*tranche.Hurdle
		want  map[tranche.TrancheID][2]string // LP, GP
	}{{
		// capital 1000, pref 80 (8%), 12% tier: H = 1120 − 1080 = 40, X = 40/0.8 = 50;
		// 15% tier (70/30): the LP has 1120, H = 1150 − 1120 = 30, 30/0.7 = 42.857…, but
		// the least tier whose split pays the LP 30 is 42.85: 29.995/12.855, the tied
		// cent to the LP, listed first (42.84 gives it 29.99);
		// rest 1500 − 1172.85 = 327.15 split 60/40 = 196.29/130.86.
		// Rounding policy: RoundUp (the default) in every case.
		name: "irr tiers", years: 1, cash: "1500",
		tiers: []*tranche.Hurdle{tier(t, "t12", annual("0.12"), "0", "0.8"), tier(t, "t15", annual("0.15"), "0", "0.7")},
		want: map[tranche.TrancheID][2]string{"roc": {"1000", "0"}, "pref": {"80", "0"},
			"t12": {"40", "10"}, "t15": {"30", "12.85"}, "rest": {"196.29", "130.86"}},
	}, {
		// 1.5× tier: LP owed 1500 − 1080 = 420, X = 420/0.8 = 525; rest 1700 − 1605 = 95 → 57/38.
		name: "multiple tier", years: 1, cash: "1700",
		tiers: []*tranche.Hurdle{tier(t, "m15", contract.Rate{}, "1.5", "0.8")},
		want: map[tranche.TrancheID][2]string{"roc": {"1000", "0"}, "pref": {"80", "0"},
			"m15": {"420", "105"}, "rest": {"57", "38"}},
	}, {
		// Two years: pref 1000·1.08² − 1000 = 166.4; a 12% IRR needs 1254.4 and 1.3× needs 1300:
		// the combined tier pays until both, LP owed 1300 − 1166.4 = 133.6, X = 167;
		// rest 1500 − 1333.4 = 166.6 → 99.96/66.64.
		name: "combined, multiple binds", years: 2, cash: "1500",
		tiers: []*tranche.Hurdle{tier(t, "both", annual("0.12"), "1.3", "0.8")},
		want: map[tranche.TrancheID][2]string{"roc": {"1000", "0"}, "pref": {"166.4", "0"},
			"both": {"133.6", "33.4"}, "rest": {"99.96", "66.64"}},
	}, {
		// Two years, 20% and 1.3×: 1000·1.2² = 1440 binds; LP owed 1440 − 1166.4 = 273.6, X = 342;
		// rest 1600 − 1508.4 = 91.6 → 54.96/36.64.
		name: "combined, irr binds", years: 2, cash: "1600",
		tiers: []*tranche.Hurdle{tier(t, "both", annual("0.2"), "1.3", "0.8")},
		want: map[tranche.TrancheID][2]string{"roc": {"1000", "0"}, "pref": {"166.4", "0"},
			"both": {"273.6", "68.4"}, "rest": {"54.96", "36.64"}},
	}, {
		// Short of the tier: 1120 of cash leaves 40 for the 12% tier, which owes 50: LP 32, GP 8.
		name: "tier partly paid", years: 1, cash: "1120",
		tiers: []*tranche.Hurdle{tier(t, "t12", annual("0.12"), "0", "0.8")},
		want: map[tranche.TrancheID][2]string{"roc": {"1000", "0"}, "pref": {"80", "0"},
			"t12": {"32", "8"}, "rest": {"0", "0"}},
	}}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			stack := []tranche.Tranche{mustROC(t, "LP"), mustPref(t, annual("0.08"), "LP")}
			for _, h := range c.tiers {
				stack = append(stack, h)
			}
			stack = append(stack, mustSplit(t, "rest", "0.6"))
			b := oneYear(t, tranche.Sequence(stack...), c.cash, c.years)
			for id, w := range c.want {
				requireDec(t, w[0], paid(b, id, "LP"), id, "LP")
				requireDec(t, w[1], paid(b, id, "GP"), id, "GP")
			}
		})
	}
}

// TestHurdle_Owed checks the hurdle truth on the closed-form case: after
// the 12% tier (X = 120/0.8 = 150) the LP's XIRR is 12% (to 1e-9); one cent
// less (LP 119.99 of 149.99) and it is below, and the tier owes 0.01, whose
// split 0.008/0.002 gives the LP the cent by largest remainder
// (ceil(0.01/0.8) = 0.02 would be a cent more than needed). Rounding
// policy: RoundUp, the default.
func TestHurdle_Owed(t *testing.T) {
	h := tier(t, "t12", annual("0.12"), "0", "0.8")
	stack := tranche.Sequence(mustROC(t, "LP"), h)
	for _, c := range []struct {
		cash  string
		owed  string
		above bool
	}{{"1150", "0", true}, {"1149.99", "0.01", false}, {"1100", "50", false}} {
		t.Run(c.cash, func(t *testing.T) {
			b := oneYear(t, stack, c.cash, 1)
			claim, err := h.Owed(b)
			require.NoError(t, err)
			requireDec(t, c.owed, claim.Amount)
			moves, err := b.Movements("LP")
			require.NoError(t, err)
			irr := xirrBisect(moves)
			require.Equal(t, c.above, irr >= 0.12-1e-9, "xirr %v", irr)
		})
	}
}

// TestHurdle_ProRata checks two LPs in a class (60/40 by commitment) and a
// sponsor that co-invests 10% and holds the promote: a 12% tier split 80
// (all partners by commitment) / 20 (promote). The LPs' part of X is
// 0.8·0.9 = 0.72, so X = H_LPs/0.72; every partner gets 80% of X pro rata.
func TestHurdle_ProRata(t *testing.T) {
	parties := []tranche.Party{{ID: "A", Commitment: d("540")}, {ID: "B", Commitment: d("360")}, {ID: "GP", Commitment: d("100")}}
	partners := ids("A", "B", "GP")
	h, err := tranche.NewHurdle(tranche.Hurdle{
		Name:      "t12",
		Rate:      annual("0.12"),
		Investors: ids("A", "B"),
		Shares: []tranche.Share{
			{Parties: partners, Weight: d("0.8")},
			{Parties: ids("GP"), Weight: d("0.2"), Promote: true},
		},
	})
	require.NoError(t, err)
	rest, err := tranche.NewSplit(tranche.Split{
		Name: "rest",
		Shares: []tranche.Share{
			{Parties: partners, Weight: d("0.7")},
			{Parties: ids("GP"), Weight: d("0.3"), Promote: true},
		},
	})
	require.NoError(t, err)
	stack := tranche.Sequence(mustROC(t, partners...), h, rest)
	steps := []step{
		{end: contract.Date(2021, 1, 1), contribs: map[tranche.PartyID]string{"A": "540", "B": "360", "GP": "100"}},
		{end: contract.Date(2022, 1, 1), cash: "2000"},
	}
	b := drive(t, parties, contract.Date(2020, 12, 31), stack, steps, nil)
	// H_A = 540·0.12 = 64.8, H_B = 43.2 after capital: X = 108/0.72 = 150;
	// partners 120 by commitment: A 64.8, B 43.2, GP 12; promote 30.
	requireDec(t, "64.8", paid(b, "t12", "A"))
	requireDec(t, "43.2", paid(b, "t12", "B"))
	requireDec(t, "42", paid(b, "t12", "GP")) // 12 pari passu + 30 promote
	// The rest: 2000 − 1000 − 150 = 850; partners 595 (A 321.3, B 214.2,
	// GP 59.5), promote 255.
	requireDec(t, "321.3", paid(b, "rest", "A"))
	requireDec(t, "214.2", paid(b, "rest", "B"))
	gp, err := b.Account("GP")
	require.NoError(t, err)
	requireDec(t, "71.5", gp.ByKind[tranche.KindProfit]) // 12 + 59.5, pari passu
	requireDec(t, "285", gp.ByKind[tranche.KindPromote]) // 30 + 255
	for _, id := range ids("A", "B") {
		moves, _ := b.Movements(id)
		require.GreaterOrEqual(t, xirrBisect(moves), 0.12)
	}
}

// randomDeal is a deal for the property tests: two LPs (and, half the
// time, a co-investing GP) that contribute pari passu in the first periods,
// then irregular periods (15 to 500 days, so leap days fall inside some)
// with random cash, paid through capital, tiers and a final 50/50 split.
type randomDeal struct {
	parties  []tranche.Party
	partners []tranche.PartyID
	start    time.Time
	steps    []step
}

func newRandomDeal(rng *rand.Rand) randomDeal {
	deal := randomDeal{start: contract.Date(2019, 1, 1).AddDate(0, 0, rng.IntN(2000))}
	ca, cb := int64(100000+rng.IntN(900000)), int64(100000+rng.IntN(900000))
	deal.parties = []tranche.Party{{ID: "A", Commitment: decimal.NewFromInt(ca)}, {ID: "B", Commitment: decimal.NewFromInt(cb)}}
	deal.partners = ids("A", "B")
	gp := tranche.Party{ID: "GP"}
	if rng.IntN(2) == 0 {
		gp.Commitment = decimal.NewFromInt((ca + cb) * int64(1+rng.IntN(10)) / 100)
		deal.partners = append(deal.partners, "GP")
	}
	deal.parties = append(deal.parties, gp)
	total := decimal.Zero
	for _, p := range deal.parties {
		total = total.Add(p.Commitment)
	}
	end := deal.start
	calls := 1 + rng.IntN(3)
	n := calls + 3 + rng.IntN(10)
	for i := range n {
		end = end.AddDate(0, 0, 15+rng.IntN(486))
		s := step{end: end}
		if i < calls {
			called := decimal.NewFromInt(int64(20 + rng.IntN(80))) // percent of commitments
			s.contribs = map[tranche.PartyID]string{}
			for _, p := range deal.parties {
				if a := p.Commitment.Mul(called).DivRound(decimal.NewFromInt(100*int64(calls)), 2); a.Sign() > 0 {
					s.contribs[p.ID] = a.String()
				}
			}
		} else if rng.IntN(4) > 0 {
			s.cash = total.Mul(decimal.NewFromInt(int64(rng.IntN(60)))).DivRound(decimal.NewFromInt(100), 2).
				Add(decimal.New(int64(rng.IntN(100)), -2)).String()
		}
		deal.steps = append(deal.steps, s)
	}
	return deal
}

// stack builds capital, the tiers and a final split. Each tier gives the
// partners (by commitment) a random share of 50% to 95% and the GP the rest
// as promote.
func (deal randomDeal) stack(t *testing.T, rng *rand.Rand, rates []contract.Rate, multiples []decimal.Decimal) ([]*tranche.Hurdle, tranche.Tranche) {
	roc, err := tranche.NewReturnOfCapital(tranche.ReturnOfCapital{Name: "roc", Parties: deal.partners})
	require.NoError(t, err)
	ts := []tranche.Tranche{roc}
	var tiers []*tranche.Hurdle
	for j := range max(len(rates), len(multiples)) {
		rate, m := contract.Rate{}, decimal.Zero
		if j < len(rates) {
			rate = rates[j]
		}
		if j < len(multiples) {
			m = multiples[j]
		}
		s := decimal.New(int64(50+rng.IntN(46)), -2)
		h, err := tranche.NewHurdle(tranche.Hurdle{
			Name:      tranche.TrancheID(fmt.Sprintf("tier%d", j)),
			Rate:      rate,
			Multiple:  m,
			Investors: ids("A", "B"),
			Shares: []tranche.Share{
				{Parties: deal.partners, Weight: s},
				{Parties: ids("GP"), Weight: decimal.NewFromInt(1).Sub(s), Promote: true},
			},
		})
		require.NoError(t, err)
		tiers = append(tiers, h)
		ts = append(ts, h)
	}
	rest, err := tranche.NewSplit(tranche.Split{
		Name: "rest",
		Shares: []tranche.Share{
			{Parties: deal.partners, Weight: d("0.5")},
			{Parties: ids("GP"), Weight: d("0.5"), Promote: true},
		},
	})
	require.NoError(t, err)
	return tiers, tranche.Sequence(append(ts, rest)...)
}

// TestHurdle_IRRTruth is the hurdle truth as a property: over random deals
// with 1 to 5 IRR tiers, irregular dates and leap years, after every period
// and for every tier j, the tier is fully paid (owes nothing) exactly when
// every investor's hurdle balance is zero or below, and an investor's
// hurdle balance is zero or below exactly when its XIRR — computed here by
// bisection from its own dated flows — is at least r_j (to 1e-9); a
// balance above 1e-6 means an XIRR strictly below r_j.
func TestHurdle_IRRTruth(t *testing.T) {
	var met, unmet int // checks on each side of the hurdle, so the test is not vacuous
	defer func() {
		t.Logf("tiers met %d, not met %d", met, unmet)
		require.Greater(t, met, 200)
		require.Greater(t, unmet, 200)
	}()
	for seed := range 120 {
		t.Run(fmt.Sprint(seed), func(t *testing.T) {
			rng := rand.New(rand.NewPCG(uint64(seed), 3))
			deal := newRandomDeal(rng)
			var rates []contract.Rate
			for range 1 + rng.IntN(5) {
				rates = append(rates, annual(decimal.New(int64(1+rng.IntN(400)), -3).String()))
			}
			tiers, stack := deal.stack(t, rng, rates, nil)
			drive(t, deal.parties, deal.start, stack, deal.steps, func(b *tranche.Book, step int) {
				for j, h := range tiers {
					claim, err := h.Owed(b)
					require.NoError(t, err)
					r := rates[j].Annual.InexactFloat64()
					allMet := true
					for _, id := range h.Investors {
						hb, err := b.Hurdle(id, rates[j])
						require.NoError(t, err)
						moves, err := b.Movements(id)
						require.NoError(t, err)
						irr := xirrBisect(moves)
						if hb.Sign() <= 0 {
							require.GreaterOrEqualf(t, irr, r-1e-9, "step %d tier %d %s: H %s", step, j, id, hb)
						} else {
							allMet = false
							if hb.GreaterThan(d("0.000001")) {
								require.Lessf(t, irr, r, "step %d tier %d %s: H %s", step, j, id, hb)
							}
						}
					}
					require.Equalf(t, allMet, claim.Amount.IsZero(), "step %d tier %d owes %s", step, j, claim.Amount)
					if allMet {
						met++
					} else {
						unmet++
					}
				}
			})
		})
	}
}

// TestHurdle_MultipleTruth is the multiple truth as a property: a multiple
// tier owes nothing exactly when every investor's distributions (summed
// here from its movements) are at least m times its contributions.
func TestHurdle_MultipleTruth(t *testing.T) {
	for seed := range 120 {
		t.Run(fmt.Sprint(seed), func(t *testing.T) {
			rng := rand.New(rand.NewPCG(uint64(seed), 5))
			deal := newRandomDeal(rng)
			var ms []decimal.Decimal
			for range 1 + rng.IntN(5) {
				ms = append(ms, decimal.New(int64(100+rng.IntN(200)), -2))
			}
			tiers, stack := deal.stack(t, rng, nil, ms)
			drive(t, deal.parties, deal.start, stack, deal.steps, func(b *tranche.Book, step int) {
				for j, h := range tiers {
					claim, err := h.Owed(b)
					require.NoError(t, err)
					allMet := true
					for _, id := range h.Investors {
						moves, err := b.Movements(id)
						require.NoError(t, err)
						in, out := decimal.Zero, decimal.Zero
						for _, m := range moves {
							in, out = in.Add(m.In), out.Add(m.Out)
						}
						allMet = allMet && out.GreaterThanOrEqual(ms[j].Mul(in))
					}
					require.Equalf(t, allMet, claim.Amount.IsZero(), "step %d tier %d owes %s", step, j, claim.Amount)
				}
			})
		})
	}
}

// TestHurdle_Validate checks that every problem is reported with its path.
func TestHurdle_Validate(t *testing.T) {
	h := &tranche.Hurdle{
		Investors: ids("LP", "X"),
		Rate:      contract.Rate{Annual: d("-0.1"), Compounding: contract.Annual},
		Multiple:  d("-1"),
		Shares: []tranche.Share{
			{Parties: ids("LP"), Weight: d("0.7")},
			{Parties: ids("GP"), Weight: d("0.2"), Promote: true},
		},
	}
	err := h.Validate()
	require.ErrorIs(t, err, contract.ErrInvalid)
	var paths []string
	for _, e := range err.(interface{ Unwrap() []error }).Unwrap() {
		var fe *contract.FieldError
		require.True(t, errors.As(e, &fe), "%v", e)
		paths = append(paths, fe.Path)
	}
	require.ElementsMatch(t, []string{"id", "rate.annual", "multiple", "shares", "investors[1]"}, paths)

	_, err = tranche.NewHurdle(tranche.Hurdle{
		Name:      "none",
		Investors: ids("LP"),
		Shares:    []tranche.Share{{Parties: ids("LP"), Weight: d("1")}},
	})
	require.ErrorIs(t, err, contract.ErrRequired)
}

// TestHurdle_CombinedTruth: tiers with both an IRR and a multiple hurdle
// owe nothing exactly when every investor has both a hurdle balance of
// zero or below (XIRR at least the rate, checked by bisection) and
// distributions of at least m times contributions.
func TestHurdle_CombinedTruth(t *testing.T) {
	var met, unmet int
	for seed := range 80 {
		t.Run(fmt.Sprint(seed), func(t *testing.T) {
			rng := rand.New(rand.NewPCG(uint64(seed), 9))
			deal := newRandomDeal(rng)
			var rates []contract.Rate
			var ms []decimal.Decimal
			for range 1 + rng.IntN(5) {
				rates = append(rates, annual(decimal.New(int64(1+rng.IntN(300)), -3).String()))
				ms = append(ms, decimal.New(int64(100+rng.IntN(150)), -2))
			}
			tiers, stack := deal.stack(t, rng, rates, ms)
			drive(t, deal.parties, deal.start, stack, deal.steps, func(b *tranche.Book, step int) {
				for j, h := range tiers {
					claim, err := h.Owed(b)
					require.NoError(t, err)
					allMet := true
					for _, id := range h.Investors {
						moves, err := b.Movements(id)
						require.NoError(t, err)
						in, out := decimal.Zero, decimal.Zero
						for _, m := range moves {
							in, out = in.Add(m.In), out.Add(m.Out)
						}
						hb, err := b.Hurdle(id, rates[j])
						require.NoError(t, err)
						irrMet := hb.Sign() <= 0
						if irrMet {
							require.GreaterOrEqual(t, xirrBisect(moves), rates[j].Annual.InexactFloat64()-1e-9)
						}
						allMet = allMet && irrMet && out.GreaterThanOrEqual(ms[j].Mul(in))
					}
					require.Equalf(t, allMet, claim.Amount.IsZero(), "step %d tier %d owes %s", step, j, claim.Amount)
					if allMet {
						met++
					} else {
						unmet++
					}
				}
			})
		})
	}
	require.Greater(t, met, 100)
	require.Greater(t, unmet, 100)
}

// TestHurdle_NoShare: an investor whose class has commitments while it has
// none gets no part of the tier, so the tier can never pay it; Owed says
// so instead of paying forever.
func TestHurdle_NoShare(t *testing.T) {
	parties := []tranche.Party{{ID: "LP"}, {ID: "X", Commitment: d("1000")}, {ID: "GP"}}
	h, err := tranche.NewHurdle(tranche.Hurdle{
		Name:      "t",
		Rate:      annual("0.1"),
		Investors: ids("LP"),
		Shares: []tranche.Share{
			{Parties: ids("LP", "X"), Weight: d("0.8")},
			{Parties: ids("GP"), Weight: d("0.2"), Promote: true},
		},
	})
	require.NoError(t, err)
	steps := []step{{end: contract.Date(2021, 1, 1), contribs: map[tranche.PartyID]string{"LP": "100"}}, {end: contract.Date(2022, 1, 1)}}
	b := drive(t, parties, contract.Date(2020, 12, 31), h, steps, nil)
	_, err = h.Owed(b)
	require.ErrorIs(t, err, contract.ErrInvalid)
}

// TestHurdle_ValidateInvestorShares: an investor must hold part of a share
// that is not a promote and has a positive weight, or the tier could
// never pay it its hurdle; and a rate that is itself invalid (an unknown
// compounding) is reported under rate.
func TestHurdle_ValidateInvestorShares(t *testing.T) {
	share := func(w string, promote bool, ps ...tranche.PartyID) tranche.Share {
		return tranche.Share{Parties: ps, Weight: d(w), Promote: promote}
	}
	for _, c := range []struct {
		name   string
		shares []tranche.Share
		rate   contract.Rate
		path   string
	}{
		{"only a promote", []tranche.Share{share("0.8", false, "X"), share("0.2", true, "LP")}, annual("0.1"), "investors[0]"},
		{"only a zero weight", []tranche.Share{share("1", false, "X"), share("0", false, "LP")}, annual("0.1"), "investors[0]"},
		{"bad compounding", []tranche.Share{share("1", false, "LP")}, contract.Rate{Annual: d("0.1"), Compounding: 99}, "rate.compounding"},
		{"no shares", nil, annual("0.1"), "shares"},
		{"a share without parties", []tranche.Share{share("1", false, "LP"), share("0", false)}, annual("0.1"), "shares[1].parties"},
		{"a negative weight", []tranche.Share{share("1", false, "LP"), share("-0.01", true, "GP")}, annual("0.1"), "shares[1].weight"},
		{"weights below 1", []tranche.Share{share("0.99", false, "LP")}, annual("0.1"), "shares"},
	} {
		t.Run(c.name, func(t *testing.T) {
			err := (&tranche.Hurdle{Name: "h", Investors: ids("LP"), Rate: c.rate, Shares: c.shares}).Validate()
			require.ErrorIs(t, err, contract.ErrInvalid)
			require.Contains(t, paths(err), c.path)
			want := []string{c.path} // a negative weight is not also a bad sum
			if c.shares == nil {
				want = append(want, "investors[0]") // and no shares is not also a sum of 0
			}
			require.ElementsMatch(t, want, paths(err), "%v", err)
		})
	}
	require.NoError(t, (&tranche.Hurdle{Name: "h", Investors: ids("LP"), Rate: annual("0.1"),
		Shares: []tranche.Share{share("0.2", true, "LP"), share("0.8", false, "LP")}}).Validate(), "a co-investing sponsor holds both")
}

// TestHurdle_ClassWithoutCommitments: LP1 and LP2 share the 80% class
// with no commitments, so equally; GP has a 20% promote; a 1.5× multiple
// hurdle. LP1 put in 100 and LP2 200, so they require 150 and 300, and
// each gets 0.4 of a tier dollar: X = max(150, 300)/0.4 = 750, split
// 600/150 and 600 equally, 300 each: LP2 has exactly its 300. At 749.99
// the class gets 599.99 (599.992, the cent to the GP's larger remainder
// 0.8), split 300.00/299.99 (the tied cent to LP1, listed first): LP2 is
// short, so 750 is the least tier.
func TestHurdle_ClassWithoutCommitments(t *testing.T) {
	ps := annualPeriods(2)
	h := tranche.Must(tranche.NewHurdle(tranche.Hurdle{Name: "tier", Investors: ids("LP1", "LP2"), Multiple: d("1.5"),
		Shares: []tranche.Share{{Parties: ids("LP1", "LP2"), Weight: d("0.8")}, {Parties: ids("GP"), Weight: d("0.2"), Promote: true}}}))
	l := newDriver(t, partiesOf("LP1", "0", "LP2", "0", "GP", "0")...)
	l.advance(ps[0]).put("LP1", "100").put("LP2", "200")
	l.advance(ps[1])
	requireDec(t, "750", l.owed(h).Amount)
	lines, total := l.pay(h, "1000")
	requireDec(t, "750", total)
	requireLines(t, []paidLine{
		pp("tier", "LP1", tranche.KindProfit, "300", "300", "0"),
		pp("tier", "LP2", tranche.KindProfit, "300", "300", "0"),
		pp("tier", "GP", tranche.KindPromote, "150", "150", "0"),
	}, lines)
}

// TestHurdle_UnknownPartyInAShare: a tier whose shares name a party the
// book does not hold fails with ErrUnknownParty in Owed and in Pay, and
// posts and pays nothing, wherever the party is: in the promote class, in
// the investors' class beside an investor, or alone in a promote share,
// and whether or not the tier owes anything. In the second book the first
// party, Y, has a commitment and LP none, so a lookup that went on with
// the wrong party would find LP no part of the tier instead.
func TestHurdle_UnknownPartyInAShare(t *testing.T) {
	ps := annualPeriods(2)
	for _, c := range []struct {
		name    string
		parties []tranche.Party
		shares  []tranche.Share
		put     string // what the LP put in: zero owes nothing
	}{
		{"promote class", partiesOf("LP", "1", "GP", "0"),
			[]tranche.Share{{Parties: ids("LP"), Weight: d("0.8")}, {Parties: ids("GP", "GP2"), Weight: d("0.2"), Promote: true}}, "400"},
		{"investor class", partiesOf("Y", "100", "LP", "0", "GP", "0"),
			[]tranche.Share{{Parties: ids("LP", "X"), Weight: d("0.8")}, {Parties: ids("GP"), Weight: d("0.2"), Promote: true}}, "400"},
		// A single-party promote share: the promote plays no part in the
		// search, but the tier must fail before it posts the LP's part.
		{"single-party promote", partiesOf("LP", "1", "GP", "0"),
			[]tranche.Share{{Parties: ids("LP"), Weight: d("0.8")}, {Parties: ids("GP9"), Weight: d("0.2"), Promote: true}}, "400"},
		// Nothing is owed (the LP put nothing in), and the terms still
		// name a party the book does not hold: an error, not a tier of 0.
		{"nothing owed", partiesOf("LP", "1", "GP", "0"),
			[]tranche.Share{{Parties: ids("LP"), Weight: d("0.8")}, {Parties: ids("GP9"), Weight: d("0.2"), Promote: true}}, "0"},
	} {
		t.Run(c.name, func(t *testing.T) {
			h := tranche.Must(tranche.NewHurdle(tranche.Hurdle{Name: "tier", Investors: ids("LP"), Multiple: d("1.5"), Shares: c.shares}))
			l := newDriver(t, c.parties...)
			l.advance(ps[0]).put("LP", c.put)
			l.advance(ps[1])
			_, err := h.Owed(l.b)
			require.ErrorIs(t, err, tranche.ErrUnknownParty)
			n := l.b.Ledger().Len()
			paid, err := h.Pay(l.b, d("1000"))
			require.ErrorIs(t, err, tranche.ErrUnknownParty)
			require.True(t, paid.IsZero())
			require.Equal(t, n, l.b.Ledger().Len(), "nothing posted")
		})
	}
}

// TestHurdle_LeastBelowAFailingAmount: three shares (3% to a class of A,
// B and C with commitments 1, 1 and 7; 45% and 52% promotes) and C, the
// investor, requires 12.30 (a 1× multiple on 12.30 put in). C gets
// 0.03 × 7/9 = 7/300 of a tier dollar; at 52,715 cents (⌈1,230 ×
// 300/7⌉) the class gets 15.81 and C 12.29 by largest remainder
// (oracle.Apportion), short, while 52,714 pays: the split is not monotone.
// The tier is the least amount that pays, found here by trying every
// cent with the independent split from 50,000, below which C cannot be
// paid (its part is at most ⌈⌈0.03·x⌉·7/9⌉ = 1,167 at x = 50,000), on
// the integer path and on the decimal one (a commitment that does not
// fit int64 weights).
func TestHurdle_LeastBelowAFailingAmount(t *testing.T) {
	ps := annualPeriods(2)
	shares := []tranche.Share{{Parties: ids("A", "B", "C"), Weight: d("0.03")},
		{Parties: ids("G1"), Weight: d("0.45"), Promote: true}, {Parties: ids("G2"), Weight: d("0.52"), Promote: true}}
	h := tranche.Must(tranche.NewHurdle(tranche.Hurdle{Name: "tier", Investors: ids("C"), Multiple: d("1"), Shares: shares}))
	cOf := func(cents int64) int64 { // C's part of a tier of cents, by the oracle
		top := oracle.Apportion(cents, []*big.Rat{big.NewRat(3, 100), big.NewRat(45, 100), big.NewRat(52, 100)})
		return oracle.Apportion(top[0], []*big.Rat{big.NewRat(1, 1), big.NewRat(1, 1), big.NewRat(7, 1)})[2]
	}
	require.Less(t, cOf(52715), int64(1230), "52,715 does not pay")
	require.GreaterOrEqual(t, cOf(52714), int64(1230), "the split is not monotone")
	least := int64(50000)
	for cOf(least) < 1230 {
		least++
	}
	for _, g1 := range []string{"1", "0.0000000000000000001"} {
		l := newDriver(t, partiesOf("A", "1", "B", "1", "C", "7", "G1", g1, "G2", "0")...)
		l.advance(ps[0]).put("C", "12.30")
		l.advance(ps[1])
		x := l.owed(h).Amount
		requireDec(t, decimal.New(least, -2).String(), x, "the least amount")
		_, total := l.pay(h, "1000")
		requireDec(t, x.String(), total)
		requireDec(t, decimal.New(cOf(least), -2).String(), paid(l.b, "tier", "C"))
	}
}

// TestHurdle_SeventeenShares: a 20% investor share and sixteen 5%
// promotes, more shares than the book's int64 scratch space holds. The
// LP put in 100 and a 1.5× multiple requires 150: X = 150/0.2 = 750, the
// LP 150 and each promote 37.50. At 749.99 (74,999 cents) the LP's exact
// part is 14,999.8 cents and each promote's 3,749.95: floors 14,999 and
// 3,749 × 16, the 16 cents left go to the larger remainders (0.95 > 0.8),
// the promotes: the LP gets 149.99, short.
func TestHurdle_SeventeenShares(t *testing.T) {
	ps := annualPeriods(2)
	shares := []tranche.Share{{Parties: ids("LP"), Weight: d("0.2")}}
	parties := partiesOf("LP", "1")
	var want []paidLine
	want = append(want, pp("tier", "LP", tranche.KindProfit, "150", "150", "0"))
	for i := range 16 {
		gp := tranche.PartyID(fmt.Sprintf("GP%d", i))
		shares = append(shares, tranche.Share{Parties: ids(gp), Weight: d("0.05"), Promote: true})
		parties = append(parties, tranche.Party{ID: gp})
		want = append(want, pp("tier", gp, tranche.KindPromote, "37.50", "37.50", "0"))
	}
	h := tranche.Must(tranche.NewHurdle(tranche.Hurdle{Name: "tier", Investors: ids("LP"), Multiple: d("1.5"), Shares: shares}))
	l := newDriver(t, parties...)
	l.advance(ps[0]).put("LP", "100")
	l.advance(ps[1])
	requireDec(t, "750", l.owed(h).Amount)
	lines, total := l.pay(h, "1000")
	requireDec(t, "750", total)
	requireLines(t, want, lines)
}

// TestHurdle_InvestorWithAPromote: the LP holds the 80% investor share and
// the 20% promote too. Only its investor share counts toward its hurdle
// (1.5 × 400 = 600): X = 600/0.8 = 750, of which 600 is profit and 150
// promote; 749.99 would give it 599.992 → 599.99 of profit, short.
func TestHurdle_InvestorWithAPromote(t *testing.T) {
	ps := annualPeriods(2)
	h := tranche.Must(tranche.NewHurdle(tranche.Hurdle{Name: "tier", Investors: ids("LP"), Multiple: d("1.5"),
		Shares: []tranche.Share{{Parties: ids("LP"), Weight: d("0.8")}, {Parties: ids("LP"), Weight: d("0.2"), Promote: true}}}))
	l := newDriver(t, partiesOf("LP", "1")...)
	l.advance(ps[0]).put("LP", "400")
	l.advance(ps[1])
	requireDec(t, "750", l.owed(h).Amount)
	lines, total := l.pay(h, "1000")
	requireDec(t, "750", total)
	requireLines(t, []paidLine{
		pp("tier", "LP", tranche.KindProfit, "600", "600", "0"),
		pp("tier", "LP", tranche.KindPromote, "150", "150", "0"),
	}, lines)
}

// TestHurdle_InvestorWithAOnePercentShare: the LP holds a 1% investor
// share and the 99% promote; a 1.5× multiple on 400 requires 600 of
// profit. Its part of a tier of X cents is 0.01·X rounded by largest
// remainder against the promote's 0.99·X (remainders r and 1 − r, the tie
// to the LP, listed first), so it reaches 60,000 cents from 0.01·X ≥
// 59,999.5: X = 5,999,950 cents = 59,999.50, of which 600.00 is profit and
// 59,399.50 promote; 59,999.49 gives it 599.99. The tier must be found
// although the LP's promote share (99% of each tier dollar) does not
// count toward its hurdle.
func TestHurdle_InvestorWithAOnePercentShare(t *testing.T) {
	ps := annualPeriods(2)
	h := tranche.Must(tranche.NewHurdle(tranche.Hurdle{Name: "tier", Investors: ids("LP"), Multiple: d("1.5"),
		Shares: []tranche.Share{{Parties: ids("LP"), Weight: d("0.01")}, {Parties: ids("LP"), Weight: d("0.99"), Promote: true}}}))
	l := newDriver(t, partiesOf("LP", "1")...)
	l.advance(ps[0]).put("LP", "400")
	l.advance(ps[1])
	requireDec(t, "59999.50", l.owed(h).Amount)
	lines, total := l.pay(h, "100000")
	requireDec(t, "59999.50", total)
	requireLines(t, []paidLine{
		pp("tier", "LP", tranche.KindProfit, "600", "600", "0"),
		pp("tier", "LP", tranche.KindPromote, "59399.50", "59399.50", "0"),
	}, lines)
}

// TestHurdle_NoPartOfTheTier: an investor with no commitment in a class
// where another party has one gets nothing of any tier, so a tier that
// owes it something fails with ErrInvalid rather than search without
// end, also when it holds a promote share beside (a promote is not
// counted toward its hurdle), whatever the promote's weight, or a share
// of weight zero of its own (nothing of any tier either).
func TestHurdle_NoPartOfTheTier(t *testing.T) {
	ps := annualPeriods(2)
	for _, c := range []struct {
		w       string
		promote bool
	}{{"0.2", true}, {"0", true}, {"0", false}} {
		w := c.w
		h := tranche.Must(tranche.NewHurdle(tranche.Hurdle{Name: "tier", Investors: ids("LP1", "LP2"), Multiple: d("1"),
			Shares: []tranche.Share{{Parties: ids("LP1", "LP2"), Weight: d("1").Sub(d(w))}, {Parties: ids("LP2", "GP"), Weight: d(w), Promote: c.promote}}}))
		l := newDriver(t, partiesOf("LP1", "1", "LP2", "0", "GP", "0")...)
		l.advance(ps[0]).put("LP1", "100").put("LP2", "200")
		l.advance(ps[1])
		_, err := h.Owed(l.b)
		require.ErrorIs(t, err, contract.ErrInvalid, "promote weight %s", w)
		require.NotErrorIs(t, err, contract.ErrRange)
	}
}

// TestHurdle_NothingToPayPostsNothing: a tier that owes nothing (the LP
// has had its 1× back) pays 0 and posts nothing from any cash, and a tier
// that owes something pays 0 and posts nothing from no cash.
func TestHurdle_NothingToPayPostsNothing(t *testing.T) {
	ps := annualPeriods(2)
	h := tranche.Must(tranche.NewHurdle(tranche.Hurdle{Name: "tier", Investors: ids("LP"), Multiple: d("1"),
		Shares: []tranche.Share{{Parties: ids("LP"), Weight: d("0.8")}, {Parties: ids("GP"), Weight: d("0.2"), Promote: true}}}))
	for _, c := range []struct{ back, avail string }{{"100", "1000"}, {"0", "0"}} {
		l := newDriver(t, partiesOf("LP", "1", "GP", "0")...)
		l.advance(ps[0]).put("LP", "100")
		l.advance(ps[1]).post("LP", tranche.KindProfit, c.back)
		n := l.b.Ledger().Len()
		paid, err := h.Pay(l.b, d(c.avail))
		require.NoError(t, err)
		require.True(t, paid.IsZero())
		require.Equal(t, n, l.b.Ledger().Len(), "nothing posted: back %s, avail %s", c.back, c.avail)
	}
}
