package fund_test

import (
	"testing"

	"github.com/jvwaterfall/jvwaterfall/contract"
	"github.com/jvwaterfall/jvwaterfall/fund"
	"github.com/jvwaterfall/jvwaterfall/tranche"
	"github.com/jvwaterfall/jvwaterfall/waterfall"
	"github.com/stretchr/testify/require"
)

// TestRun_FeeBaseLeavesOutAPayersLoan: the fee's payer is also the lender
// of an investment's loan, so its draws are its contributions in that
// investment's book but not capital invested (tranche.Account.Lent).
//
// Schedule: 2025 and 2026 (annual, from 2024-12-31). The LP alone commits
// (1,000,000), so it alone pays the fee: 1% of invested capital a year,
// the investment period over before 2025 (InvestmentEnd 2024-12-31), so
// the basis is invested capital from the first period on.
//
// At the end of 2025 the investment calls 500,000 (all from the LP, the
// only party with a commitment) and the LP's loan draws 200,000. Nothing
// is returned (no proceeds). By hand:
//   - 2025: nothing invested at the period's start: basis 0, fee 0.00;
//   - 2026: the LP contributed 500,000 + 200,000 = 700,000 in the
//     investment, of which 200,000 lent: basis 700,000 − 200,000 − 0
//     returned = 500,000, fee 1% × 500,000 = 5,000.00, called from the
//     LP. (Adding the draw instead of taking it off would give 900,000 and
//     9,000.00; ignoring it, 700,000 and 7,000.00.)
func TestRun_FeeBaseLeavesOutAPayersLoan(t *testing.T) {
	periods, err := contract.Schedule{Start: contract.Date(2024, 12, 31), End: contract.Date(2026, 12, 31),
		Frequency: contract.EveryYear}.Periods()
	require.NoError(t, err)
	plan, err := contract.Loan{
		Commitment: dec("200000"),
		Draws:      []contract.Flow{{Date: contract.Date(2025, 12, 31), Amount: dec("200000")}},
		Rate:       contract.Rate{Annual: dec("0.10"), DayCount: contract.Thirty360US},
	}.Plan(periods, 2)
	require.NoError(t, err)
	debt, err := tranche.NewDebt(tranche.Debt{Name: "lp-loan", Lender: "LP", Plan: plan})
	require.NoError(t, err)
	roc, err := tranche.NewReturnOfCapital(tranche.ReturnOfCapital{Name: "capital", Parties: []tranche.PartyID{"LP"}})
	require.NoError(t, err)
	whole, err := tranche.NewReturnOfCapital(tranche.ReturnOfCapital{Name: "fund/capital", Parties: []tranche.PartyID{"LP"}})
	require.NoError(t, err)
	res, err := fund.Run(&fund.Fund{Name: "lending LP", Currency: "USD", Scale: 2,
		Parties: []waterfall.Party{
			{ID: "LP", Commitment: dec("1000000")},
			{ID: "GP", Role: waterfall.RoleSponsor},
			{ID: "MGR", Role: waterfall.RoleOther},
		},
		Periods: periods,
		Investments: []fund.Investment{{Name: "levered",
			Calls: []waterfall.Call{{Date: contract.Date(2025, 12, 31), Amount: dec("500000")}},
			Stack: tranche.Sequence(debt, roc)}},
		Stack: whole,
		Fees: &waterfall.Fees{Manager: "MGR", Management: contract.ManagementFee{
			InvestedRate: dec("0.01"), InvestmentEnd: contract.Date(2024, 12, 31), PeriodsPerYear: 1}},
		Terms: fund.Terms{Sponsor: "GP", Investors: []tranche.PartyID{"LP"}}})
	require.NoError(t, err)

	require.Len(t, res.Fees, 2)
	require.Equal(t, "0.00", res.Fees[0].Basis.StringFixed(2), "2025's basis")
	require.Equal(t, "0.00", res.Fees[0].Net.StringFixed(2), "2025's fee")
	require.Equal(t, "500000.00", res.Fees[1].Basis.StringFixed(2), "2026's basis: the call, not the LP's loan")
	require.Equal(t, "5000.00", res.Fees[1].Net.StringFixed(2), "2026's fee")
	// The LP's draw is in the run: it did lend, as its contribution.
	lp, ok := res.Party("LP")
	require.True(t, ok)
	// 500,000 called + 200,000 drawn + the 5,000.00 fee call.
	require.Equal(t, "705000.00", lp.Contributed.StringFixed(2))
}
