package tranche_test

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/jvwaterfall/jvwaterfall/contract"
	"github.com/jvwaterfall/jvwaterfall/tranche"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"
)

// promoteOf is the sponsor's promote: catch-up and promote receipts.
func promoteOf(a tranche.Account) decimal.Decimal {
	return a.ByKind[tranche.KindCatchUp].Add(a.ByKind[tranche.KindPromote])
}

// TestCatchUp_Variants checks full and partial catch-ups against the closed
// form X = (k·P − G)/(c − k), under the default policy (RoundUp). The LP puts in 1000; a year later 1500 pays
// capital, an 8% simple pref (P = 80, G = 0), the catch-up to k = 20%, and
// 80/20. Total profit is 500, so once caught up the GP has 100 in all.
func TestCatchUp_Variants(t *testing.T) {
	cases := []struct {
		name     string
		c        string
		gp, lp   string // catch-up tier
		restLP   string // 80/20 split
		restGP   string
		gpShare  string // after the catch-up: G / P, to 4 places
		gpFinal  string
		lpProfit string
	}{
		// X = 16/0.8 = 20, all to the GP; rest 400 → 320/80.
		{"full", "1", "20", "0", "320", "80", "0.2000", "100", "400"},
		// X = 16/0.6 = 26.67 (rounded up), GP 21.336 → 21.34, LP 5.33; rest 393.33 → 314.664/78.666 → 314.66/78.67.
		{"80%", "0.8", "21.34", "5.33", "314.66", "78.67", "0.2000", "100.01", "399.99"},
		// X = 16/0.3 = 53.333…: split half each by largest remainder, ties to
		// the LP (listed first), 53.33 gives the GP 26.66 < 0.2 × 133.33 =
		// 26.666, and less gives it less; 53.34 gives 26.67 ≥ 26.668, so LP
		// 26.67; rest 366.66 → 293.328/73.332 → 293.33/73.33.
		{"50%", "0.5", "26.67", "26.67", "293.33", "73.33", "0.2000", "100", "400"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			cu, err := tranche.NewCatchUp(tranche.CatchUp{
				Name:      "cu",
				Sponsor:   "GP",
				Target:    d("0.2"),
				Rate:      d(c.c),
				Investors: []tranche.PartyID{"LP"},
			})
			require.NoError(t, err)
			stack := tranche.Sequence(mustROC(t, "LP"), mustPref(t, contract.Rate{Annual: d("0.08")}, "LP"), cu, mustSplit(t, "rest", "0.8"))
			b := drive(t, lpGP, contract.Date(2020, 12, 31), stack, lpSteps("1500"), nil)
			requireDec(t, c.gp, paid(b, "cu", "GP"))
			requireDec(t, c.lp, paid(b, "cu", "LP"))
			requireDec(t, c.restLP, paid(b, "rest", "LP"))
			requireDec(t, c.restGP, paid(b, "rest", "GP"))
			gp, _ := b.Account("GP")
			lp, _ := b.Account("LP")
			requireDec(t, c.gpFinal, promoteOf(gp))
			requireDec(t, c.lpProfit, lp.Profit())
			// After the catch-up alone, the GP held k of profit to within a cent.
			p := d("80").Add(paid(b, "cu", "GP")).Add(paid(b, "cu", "LP"))
			require.True(t, paid(b, "cu", "GP").Sub(p.Mul(d("0.2"))).Abs().LessThanOrEqual(d("0.01")))
		})
	}
}

// TestCatchUp_ToPromoteTier composes a catch-up with a hurdle tier: 8% pref,
// 80/20 to a 12% IRR, a full catch-up to 30%, then 70/30. The LP puts in
// 1000 and a year later 1500 comes in: capital 1000, pref 80, the 12% tier
// X = 40/0.8 = 50 (LP 40, GP 10), so P = 130 and G = 10 when the catch-up
// starts: X = (0.3·130 − 10)/(1 − 0.3) = 41.428… → 41.43, and the GP holds
// 51.43 of 171.43 (30.0%). The rest, 328.57, splits 70/30: 229.999 →
// 230.00 and 98.57. In all the GP gets 150 = 30% of the profit of 500.
func TestCatchUp_ToPromoteTier(t *testing.T) {
	cu, err := tranche.NewCatchUp(tranche.CatchUp{
		Name:      "cu",
		Sponsor:   "GP",
		Target:    d("0.3"),
		Rate:      d("1"),
		Investors: []tranche.PartyID{"LP"},
	})
	require.NoError(t, err)
	stack := tranche.Sequence(mustROC(t, "LP"), mustPref(t, annual("0.08"), "LP"),
		tier(t, "t12", annual("0.12"), "0", "0.8"), cu, mustSplit(t, "rest", "0.7"))
	b := drive(t, lpGP, contract.Date(2020, 12, 31), stack, lpSteps("1500"), nil)
	requireDec(t, "10", paid(b, "t12", "GP"))
	requireDec(t, "41.43", paid(b, "cu", "GP"))
	requireDec(t, "230", paid(b, "rest", "LP"))
	requireDec(t, "98.57", paid(b, "rest", "GP"))
	gp, _ := b.Account("GP")
	requireDec(t, "150", promoteOf(gp))
}

// TestCatchUp_CoInvest checks a 50% catch-up with a sponsor that co-invests
// 10% and is listed among the investors: its investor part of the tier is
// profit, not promote, so it does not count in G. LP 900, GP 100, 8% simple
// pref (LP 72, GP 8): P = 80, X = 16/0.3 = 53.333…; halves by largest
// remainder, ties to the investors (listed first): 53.33 gives the GP
// 26.66 < 0.2 × 133.33, 53.34 gives it 26.67 ≥ 26.668, so X = 53.34: GP
// catch-up 26.67, investors 26.67 by commitment: LP 24.003 → 24.00, GP
// 2.667 → 2.66 + the leftover cent (larger remainder) → 2.67.
// Then G = 26.67 of P = 133.34: 20% to within a cent. (Cash 1200 leaves
// 66.66 after the catch-up, with no tier to take it.) Rounding policy:
// RoundUp, the default.
func TestCatchUp_CoInvest(t *testing.T) {
	parties := []tranche.Party{{ID: "LP", Commitment: d("900")}, {ID: "GP", Commitment: d("100")}}
	cu, err := tranche.NewCatchUp(tranche.CatchUp{
		Name:      "cu",
		Sponsor:   "GP",
		Target:    d("0.2"),
		Rate:      d("0.5"),
		Investors: []tranche.PartyID{"LP", "GP"},
	})
	require.NoError(t, err)
	stack := tranche.Sequence(mustROC(t, "LP", "GP"), mustPref(t, contract.Rate{Annual: d("0.08")}, "LP", "GP"), cu)
	steps := []step{{end: contract.Date(2021, 1, 1), contribs: map[tranche.PartyID]string{"LP": "900", "GP": "100"}},
		{end: contract.Date(2022, 1, 1), cash: "1200"}}
	b := drive(t, parties, contract.Date(2020, 12, 31), stack, steps, nil)
	gp, _ := b.Account("GP")
	requireDec(t, "26.67", gp.ByKind[tranche.KindCatchUp])
	requireDec(t, "2.67", gp.ByKind[tranche.KindProfit])
	requireDec(t, "24.00", paid(b, "cu", "LP"))
	claim, err := cu.Owed(b)
	require.NoError(t, err)
	requireDec(t, "0", claim.Amount) // caught up
}

// TestCoInvest proves that a co-investing sponsor is paid pari passu with
// the LP on the investor side and earns its promote on top. LP 900 and GP
// 100 (10%) put in 1000; a year later 1500 pays capital (900/100), an 8%
// annual pref (72/8), a full catch-up to 20% (P = 80: X = 16/0.8 = 20 to
// the GP), then 80% to the partners by commitment (400·0.8 = 320: 288/32)
// and 20% promote (80). Closed forms: the promote is 20% of the profit of
// 500 = 100; the rest, 1400, is shared 90/10: LP 1260, GP 140.
func TestCoInvest(t *testing.T) {
	parties := []tranche.Party{{ID: "LP", Commitment: d("900")}, {ID: "GP", Commitment: d("100")}}
	partners := ids("LP", "GP")
	cu, err := tranche.NewCatchUp(tranche.CatchUp{Name: "cu", Sponsor: "GP", Target: d("0.2"), Rate: d("1"), Investors: partners})
	require.NoError(t, err)
	split, err := tranche.NewSplit(tranche.Split{
		Name: "carry",
		Shares: []tranche.Share{
			{Parties: partners, Weight: d("0.8")},
			{Parties: ids("GP"), Weight: d("0.2"), Promote: true},
		},
	})
	require.NoError(t, err)
	stack := tranche.Sequence(mustROC(t, partners...), mustPref(t, annual("0.08"), partners...), cu, split)
	steps := []step{{end: contract.Date(2021, 1, 1), contribs: map[tranche.PartyID]string{"LP": "900", "GP": "100"}},
		{end: contract.Date(2022, 1, 1), cash: "1500"}}
	b := drive(t, parties, contract.Date(2020, 12, 31), stack, steps, nil)
	lp, _ := b.Account("LP")
	gp, _ := b.Account("GP")
	investorSide := func(a tranche.Account) decimal.Decimal {
		return a.ByKind[tranche.KindCapital].Add(a.ByKind[tranche.KindPref]).Add(a.ByKind[tranche.KindProfit])
	}
	requireDec(t, "1260", investorSide(lp))
	requireDec(t, "140", investorSide(gp))
	requireDec(t, "100", promoteOf(gp))
	requireDec(t, "8", gp.ByKind[tranche.KindPref])
	requireDec(t, "72", lp.ByKind[tranche.KindPref])
	// Pro rata: GP/LP investor-side receipts = 100/900 exactly.
	require.True(t, investorSide(gp).Mul(d("9")).Equal(investorSide(lp)))
}

// TestCatchUp_AfterTiersTruth is the catch-up truth as a property over
// random deals: capital, an 8% pref, 1 to 3 IRR tiers whose promote shares
// are at most k, a catch-up to k (full or partial), then a split with
// promote k. Once the catch-up owes nothing, the sponsor's promote G is k
// of the cumulative profit P of all partners, to a cent when the catch-up
// has just completed, and to a cent per later split payment after that.
func TestCatchUp_AfterTiersTruth(t *testing.T) {
	checked := 0
	for seed := range 100 {
		t.Run(fmt.Sprint(seed), func(t *testing.T) {
			rng := rand.New(rand.NewPCG(uint64(seed), 11))
			deal := newRandomDeal(rng)
			k := decimal.New(int64(20+rng.IntN(21)), -2)
			c := []decimal.Decimal{d("1"), d("0.8"), d("0.5")}[rng.IntN(3)]
			ts := []tranche.Tranche{mustROC(t, deal.partners...), mustPref(t, annual("0.08"), deal.partners...)}
			for j := range 1 + rng.IntN(3) {
				promote := decimal.New(int64(5+rng.IntN(int(k.Shift(2).IntPart())-4)), -2)
				h, err := tranche.NewHurdle(tranche.Hurdle{
					Name:      tranche.TrancheID(fmt.Sprintf("tier%d", j)),
					Rate:      annual(fmt.Sprintf("0.%02d", 10+3*j)),
					Investors: ids("A", "B"),
					Shares: []tranche.Share{
						{Parties: deal.partners, Weight: decimal.NewFromInt(1).Sub(promote)},
						{Parties: ids("GP"), Weight: promote, Promote: true},
					},
				})
				require.NoError(t, err)
				ts = append(ts, h)
			}
			cu, err := tranche.NewCatchUp(tranche.CatchUp{Name: "cu", Sponsor: "GP", Target: k, Rate: c, Investors: deal.partners})
			require.NoError(t, err)
			rest, err := tranche.NewSplit(tranche.Split{
				Name: "rest",
				Shares: []tranche.Share{
					{Parties: deal.partners, Weight: decimal.NewFromInt(1).Sub(k)},
					{Parties: ids("GP"), Weight: k, Promote: true},
				},
			})
			require.NoError(t, err)
			splitPeriods := 0
			drive(t, deal.parties, deal.start, tranche.Sequence(append(ts, cu, rest)...), deal.steps, func(b *tranche.Book, step int) {
				if paid(b, "rest", "GP").Sign() > 0 || paid(b, "rest", "A").Sign() > 0 {
					splitPeriods++
				}
				claim, err := cu.Owed(b)
				require.NoError(t, err)
				if !claim.Amount.IsZero() || paid(b, "cu", "GP").IsZero() {
					return
				}
				p := decimal.Zero
				for _, id := range ids("A", "B", "GP") {
					a, _ := b.Account(id)
					p = p.Add(a.Profit())
				}
				gp, _ := b.Account("GP")
				gap := promoteOf(gp).Sub(k.Mul(p)).Abs()
				tol := decimal.New(int64(1+splitPeriods), -2)
				require.Truef(t, gap.LessThanOrEqual(tol), "step %d: G %s, k·P %s", step, promoteOf(gp), k.Mul(p))
				checked++
			})
		})
	}
	require.Greater(t, checked, 50)
}
