package waterfall_test

import (
	"strings"
	"testing"

	"github.com/jvwaterfall/jvwaterfall/contract"
	"github.com/jvwaterfall/jvwaterfall/tranche"
	"github.com/jvwaterfall/jvwaterfall/waterfall"
	"github.com/stretchr/testify/require"
)

// yearsFrom2024 is n yearly periods from 2024-01-01; on 30/360 every year
// is exactly 1, so 10% on 100,000 is 10,000 a year.
func yearsFrom2024(t *testing.T, n int) []contract.Period {
	t.Helper()
	ps, err := contract.Schedule{Start: contract.Date(2024, 1, 1), End: contract.Date(2024+n, 1, 1), Frequency: contract.EveryYear}.Periods()
	require.NoError(t, err)
	return ps
}

// TestRun_TrappedCashReleasedWhenLoanRepaid: a covenant that trapped cash
// must let it go once the loan it protects is repaid, not keep it to the
// end of the deal.
//
// A 100,000 loan at 10% (interest only, repaid at maturity in the last
// period) is drawn at the end of 2024. 2025-2027 bring 11,000 a year:
// DSCR = 11,000 / 10,000 = 1.10 < 1.20, so the covenant breaches and
// traps the 1,000 left after interest each year (the trapped cash is
// offered again, but it is not cash for debt service, so the DSCR stays
// 1.10). 2028 brings 120,000: the loan takes 110,000 (interest and
// principal) and is repaid, so the 3,000 trapped and the 10,000 left
// reach the equity: 13,000, and nothing is retained. Before the fix the
// covenant, still two passing periods short of its cure, trapped all
// 13,000 to the end.
func TestRun_TrappedCashReleasedWhenLoanRepaid(t *testing.T) {
	periods := yearsFrom2024(t, 5)
	plan, err := contract.Loan{
		Commitment: dec("100000"),
		Draws:      []contract.Flow{{Date: periods[0].End, Amount: dec("100000")}},
		Rate:       contract.Rate{Annual: dec("0.10"), DayCount: contract.Thirty360US},
	}.Plan(periods, 2)
	require.NoError(t, err)
	debt, err := tranche.NewDebt(tranche.Debt{Name: "senior", Lender: "BANK", Plan: plan})
	require.NoError(t, err)
	equity, err := tranche.NewSplit(tranche.Split{
		Name:   "equity",
		Shares: []tranche.Share{{Parties: []tranche.PartyID{"EQ"}, Weight: dec("1")}},
	})
	require.NoError(t, err)
	cov, err := tranche.NewCovenant(tranche.Covenant{Name: "dscr", Loan: debt, Junior: equity, MinDSCR: dec("1.20"), CurePeriods: 2})
	require.NoError(t, err)
	var proceeds []contract.Flow
	for i, a := range []string{"11000", "11000", "11000", "120000"} {
		proceeds = append(proceeds, contract.Flow{Date: periods[i+1].End, Amount: dec(a)})
	}
	res, err := waterfall.Run(&waterfall.Deal{Name: "trap", Currency: "USD", Scale: 2,
		Parties: []waterfall.Party{{ID: "EQ"}, {ID: "BANK", Role: waterfall.RoleLender}},
		Periods: periods, Proceeds: proceeds, Stack: tranche.Sequence(debt, cov)})
	require.NoError(t, err)

	bank, _ := res.Party("BANK")
	eq, _ := res.Party("EQ")
	require.Equal(t, "140000.00", bank.Distributed.StringFixed(2), "interest 3 × 10,000 + 110,000 at maturity")
	require.Equal(t, "13000.00", eq.Distributed.StringFixed(2), "3,000 trapped + 10,000 left in 2028")
	require.True(t, res.Retained().IsZero(), "retained at the end: %s", res.Retained())
	for i, want := range []string{"1000", "2000", "3000"} {
		require.Equal(t, want, res.Periods[i+1].Held.String(), "held at the end of period %d", i+1)
	}
	require.True(t, res.Periods[4].Held.IsZero())
	var cured bool
	for _, e := range res.Events {
		if e.Kind == tranche.EventCovenantCured {
			require.Equal(t, 4, e.Period)
			require.True(t, strings.Contains(e.Detail, "repaid"), e.Detail)
			cured = true
		}
	}
	require.True(t, cured, "no cure event: %v", res.Events)
}

// TestRun_ReserveReleasedAtTheEnd: a reserve keeps nothing back in the
// deal's last period. A fixed 5,000 reserve holds the 3,000 of 2025;
// in 2026, the last period, it holds nothing, so the equity gets the
// 3,000 held and the 4,000 of 2026: 7,000. Before the fix 5,000 was
// held, and so never paid, at the end.
func TestRun_ReserveReleasedAtTheEnd(t *testing.T) {
	periods := yearsFrom2024(t, 3)
	equity, err := tranche.NewSplit(tranche.Split{
		Name:   "equity",
		Shares: []tranche.Share{{Parties: []tranche.PartyID{"EQ"}, Weight: dec("1")}},
	})
	require.NoError(t, err)
	reserve, err := tranche.NewReserve(tranche.Reserve{Name: "reserve", Amount: dec("5000"), Junior: equity})
	require.NoError(t, err)
	res, err := waterfall.Run(&waterfall.Deal{Name: "reserve", Currency: "USD", Scale: 2,
		Parties: []waterfall.Party{{ID: "EQ"}}, Periods: periods,
		Proceeds: []contract.Flow{{Date: periods[1].End, Amount: dec("3000")}, {Date: periods[2].End, Amount: dec("4000")}},
		Stack:    reserve})
	require.NoError(t, err)
	eq, _ := res.Party("EQ")
	require.Equal(t, "7000.00", eq.Distributed.StringFixed(2))
	require.Equal(t, "3000", res.Periods[1].Held.String())
	require.True(t, res.Retained().IsZero(), "retained at the end: %s", res.Retained())
}
