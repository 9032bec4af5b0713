package waterfall_test

import (
	"slices"
	"testing"

	"github.com/jvwaterfall/jvwaterfall/contract"
	"github.com/jvwaterfall/jvwaterfall/tranche"
	"github.com/jvwaterfall/jvwaterfall/waterfall"
	"github.com/stretchr/testify/require"
)

// TestFees_PayersLeaveTheDealAlone: working out the payers drops the
// parties named in Fees.Parties without a commitment, but from a list of
// its own: the deal's Fees.Parties is the same after NewFeeRun and after
// Run ("Run does not change the Deal"), and a slice Payers returned,
// changed by its caller, changes nothing the FeeRun holds.
//
// The GP is named first, with no commitment, so that dropping it in place
// would shift the LP into its slot and leave a zero ID behind. The LP
// (1,000,000 committed) is called 500,000 at the end of 2025 and pays 1%
// of invested capital a year (InvestmentEnd 2024-12-31): 2025's fee is 0,
// 2026's 1% × 500,000 = 5,000.00.
func TestFees_PayersLeaveTheDealAlone(t *testing.T) {
	periods, err := contract.Schedule{Start: contract.Date(2024, 12, 31), End: contract.Date(2026, 12, 31), Frequency: contract.EveryYear}.Periods()
	require.NoError(t, err)
	roc, err := tranche.NewReturnOfCapital(tranche.ReturnOfCapital{Name: "capital", Parties: []tranche.PartyID{"LP", "GP"}})
	require.NoError(t, err)
	named := []tranche.PartyID{"GP", "LP"}
	d := &waterfall.Deal{Name: "named", Currency: "USD", Scale: 2,
		Parties: []waterfall.Party{{ID: "LP", Commitment: dec("1000000")}, {ID: "GP", Role: waterfall.RoleSponsor}, {ID: "MGR", Role: waterfall.RoleOther}},
		Periods: periods, Stack: roc,
		Calls: []waterfall.Call{{Date: contract.Date(2025, 12, 31), Amount: dec("500000")}},
		Fees: &waterfall.Fees{Manager: "MGR", Parties: slices.Clone(named),
			Management: contract.ManagementFee{InvestedRate: dec("0.01"), InvestmentEnd: contract.Date(2024, 12, 31), PeriodsPerYear: 1}},
	}

	r := waterfall.NewFeeRun(d)
	require.Equal(t, named, d.Fees.Parties, "NewFeeRun changed the deal's fee parties")
	p := r.Payers()
	require.Equal(t, []tranche.PartyID{"LP"}, p)
	p[0] = "GP"
	require.Equal(t, []tranche.PartyID{"LP"}, r.Payers(), "a caller's change to Payers reached the FeeRun")

	res, err := waterfall.Run(d)
	require.NoError(t, err)
	require.Equal(t, named, d.Fees.Parties, "Run changed the deal's fee parties")
	require.Equal(t, []string{"0.00", "5000.00"}, []string{res.Fees[0].Net.StringFixed(2), res.Fees[1].Net.StringFixed(2)})
}
