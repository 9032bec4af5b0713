package source_test

import (
	"testing"
	"time"

	"github.com/jvwaterfall/jvwaterfall/contract"
	"github.com/jvwaterfall/jvwaterfall/source"
	"github.com/stretchr/testify/require"
)

// TestLoanFunding_SameInstantsElsewhere: the deal's periods may be the
// plan's instants written in another location (not == to the plan's
// times, but Equal): the cash is the same as over the plan's own periods.
func TestLoanFunding_SameInstantsElsewhere(t *testing.T) {
	periods, err := contract.Explicit(contract.Date(2024, 1, 1), contract.Date(2025, 1, 1), contract.Date(2026, 1, 1))
	require.NoError(t, err)
	plan, err := contract.Loan{
		Commitment: dec("500000"), Draws: []contract.Flow{{Date: periods[0].End, Amount: dec("500000")}},
		Rate: contract.Rate{Annual: dec("0.05"), DayCount: contract.ACT365F}, UpfrontFee: dec("0.02"),
	}.Plan(periods, 2)
	require.NoError(t, err)
	f := source.LoanFunding{Label: "draws", Plan: plan}
	want, err := f.Cash(periods)
	require.NoError(t, err)
	zone := time.FixedZone("UTC+2", 2*60*60)
	elsewhere := make([]contract.Period, len(periods))
	for i, p := range periods {
		elsewhere[i] = contract.Period{Index: p.Index, Start: p.Start.In(zone), End: p.End.In(zone)}
		require.NotEqual(t, p, elsewhere[i])
	}
	got, err := f.Cash(elsewhere)
	require.NoError(t, err)
	require.Equal(t, want, got)
}
