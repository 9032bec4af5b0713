package waterfall_test

import (
	"testing"

	"github.com/jvwaterfall/jvwaterfall/contract"
	"github.com/jvwaterfall/jvwaterfall/tranche"
	"github.com/jvwaterfall/jvwaterfall/waterfall"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"
)

// twoYearDeal: an LP puts in 1,000,000 on 2021-01-01 and one sale on
// 2023-01-01 (730 days later, no leap day between) brings in proceeds;
// capital, an 8% pref compounding annually on ACT/365F, a catch-up to 20%
// at rate c, then 80/20.
func twoYearDeal(t *testing.T, proceeds, c string) *waterfall.Result {
	t.Helper()
	periods, err := contract.Explicit(contract.Date(2020, 12, 31),
		contract.Date(2021, 1, 1), contract.Date(2022, 1, 1), contract.Date(2023, 1, 1))
	require.NoError(t, err)
	roc, err := tranche.NewReturnOfCapital(tranche.ReturnOfCapital{Name: "capital", Parties: []tranche.PartyID{"LP"}})
	require.NoError(t, err)
	pref, err := tranche.NewPreferredReturn(tranche.PreferredReturn{
		Name:    "pref",
		Rate:    contract.Rate{Annual: dec("0.08"), Compounding: contract.Annual},
		Parties: []tranche.PartyID{"LP"},
	})
	require.NoError(t, err)
	cu, err := tranche.NewCatchUp(tranche.CatchUp{
		Name:      "catch-up",
		Sponsor:   "GP",
		Target:    dec("0.2"),
		Rate:      dec(c),
		Investors: []tranche.PartyID{"LP"},
	})
	require.NoError(t, err)
	carry, err := tranche.NewSplit(tranche.Split{
		Name: "carry",
		Shares: []tranche.Share{
			{Parties: []tranche.PartyID{"LP"}, Weight: dec("0.8")},
			{Parties: []tranche.PartyID{"GP"}, Weight: dec("0.2"), Promote: true},
		},
	})
	require.NoError(t, err)
	res, err := waterfall.Run(&waterfall.Deal{
		Name: "crossing", Currency: "USD", Scale: 2,
		Parties:       []waterfall.Party{{ID: "LP", Commitment: dec("1000000")}, {ID: "GP", Role: waterfall.RoleSponsor}},
		Periods:       periods,
		Contributions: []waterfall.Contribution{{Date: contract.Date(2021, 1, 1), Party: "LP", Amount: dec("1000000")}},
		Proceeds:      []contract.Flow{{Date: contract.Date(2023, 1, 1), Amount: dec(proceeds)}},
		Stack:         tranche.Sequence(roc, pref, cu, carry),
	})
	require.NoError(t, err)
	return res
}

// TestRun_HurdleCrossedInPeriod: one period's proceeds return the capital,
// pay the whole pref and go on into the catch-up. The catch-up must count
// the pref paid in this same period in its profit P; a peer library did
// not, and so paid the sponsor half its promote with all its tests green.
//
// By hand: pref = 1,000,000 × (1.08² − 1) = 166,400.00.
//   - Proceeds 1,200,000, full catch-up: 200,000 − 166,400 = 33,600 is left
//     and the catch-up owes X = 0.2 × 166,400 / 0.8 = 41,600, so all 33,600
//     goes to the GP and nothing to the split. (Without this period's pref
//     in P the catch-up would owe 0 and the GP get 20% of 33,600 = 6,720.)
//   - Proceeds 1,300,000, full catch-up: the catch-up pays 41,600, the
//     92,000 left splits 73,600 / 18,400; the GP has 60,000 = 20% of the
//     300,000 profit.
//   - Proceeds 1,300,000, 50% catch-up: X = 0.2 × 166,400 / 0.3 =
//     110,933.333…; a tier is split half each by largest remainder, ties to
//     the LP (listed first), so 110,933.33 gives the GP 55,466.66 <
//     0.2 × 277,333.33 = 55,466.666 and does not complete it, nor does
//     less; 110,933.34 gives it 55,466.67 ≥ 55,466.668. So the GP and the
//     LP get 55,466.67 each; the 22,666.66 left splits 18,133.328 /
//     4,533.332 → 18,133.33 / 4,533.33 (the cent to the larger remainder);
//     the GP again has 55,466.67 + 4,533.33 = 60,000.00.
//
// Rounding policy: RoundUp, the default.
func TestRun_HurdleCrossedInPeriod(t *testing.T) {
	cases := []struct {
		name, proceeds, rate string
		want                 map[string]string // "tranche/party" → amount
		gp                   string
	}{
		{"part of the catch-up", "1200000", "1", map[string]string{
			"capital/LP": "1000000", "pref/LP": "166400", "catch-up/GP": "33600", "catch-up/LP": "0",
			"carry/LP": "0", "carry/GP": "0"}, "33600"},
		{"whole catch-up", "1300000", "1", map[string]string{
			"capital/LP": "1000000", "pref/LP": "166400", "catch-up/GP": "41600", "catch-up/LP": "0",
			"carry/LP": "73600", "carry/GP": "18400"}, "60000"},
		{"50% catch-up", "1300000", "0.5", map[string]string{
			"capital/LP": "1000000", "pref/LP": "166400", "catch-up/GP": "55466.67", "catch-up/LP": "55466.67",
			"carry/LP": "18133.33", "carry/GP": "4533.33"}, "60000"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			res := twoYearDeal(t, c.proceeds, c.rate)
			got := map[string]decimal.Decimal{}
			for _, p := range res.Payments.All() {
				require.Equal(t, 2, p.Period, "everything moves in the last period")
				k := string(p.Tranche) + "/" + string(p.Party)
				got[k] = got[k].Add(p.Amount)
			}
			for k, w := range c.want {
				require.Truef(t, got[k].Equal(dec(w)), "%s: got %s, want %s", k, got[k], w)
			}
			gp, _ := res.Party("GP")
			require.Truef(t, gp.Distributed.Equal(dec(c.gp)), "GP got %s, want %s", gp.Distributed, c.gp)
			require.True(t, res.Retained().IsZero())
		})
	}
}
