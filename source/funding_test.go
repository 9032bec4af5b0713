package source_test

import (
	"errors"
	"testing"

	"github.com/jvwaterfall/jvwaterfall/contract"
	"github.com/jvwaterfall/jvwaterfall/source"
	"github.com/stretchr/testify/require"
)

// TestLoanFunding_Cash checks the draw and its spending against the
// loan's terms, and that a plan laid over other periods is refused even
// when only one date of one period differs.
func TestLoanFunding_Cash(t *testing.T) {
	start := contract.Date(2024, 1, 1)
	ends := []int{2025, 2026, 2027}
	periods, err := contract.Explicit(start, contract.Date(ends[0], 1, 1), contract.Date(ends[1], 1, 1), contract.Date(ends[2], 1, 1))
	require.NoError(t, err)
	plan, err := contract.Loan{
		Commitment: dec("1000000.01"),
		Draws:      []contract.Flow{{Date: periods[0].End, Amount: dec("1000000.01")}},
		Rate:       contract.Rate{Annual: dec("0.07"), DayCount: contract.Thirty360US},
		UpfrontFee: dec("0.01"),
	}.Plan(periods, 2)
	require.NoError(t, err)
	f := source.LoanFunding{Label: "draws", Plan: plan}
	cash, err := f.Cash(periods)
	require.NoError(t, err)
	// The upfront fee: 1% of 1,000,000.01 = 10,000.0001 → 10,000.00,
	// kept out of the spending: 1,000,000.01 − 10,000.00 = 990,000.01.
	var got [][2]string
	for _, c := range cash {
		got = append(got, [2]string{c.In.String(), c.Out.String()})
	}
	require.Equal(t, [][2]string{{"1000000.01", "990000.01"}, {"0", "0"}, {"0", "0"}}, got)

	other := map[string][]contract.Period{}
	// The same ends, but the first period starts a day earlier.
	other["first start"], err = contract.Explicit(start.AddDate(0, 0, -1), periods[0].End, periods[1].End, periods[2].End)
	require.NoError(t, err)
	// The same first start and last end; the middle end a day later.
	other["middle end"], err = contract.Explicit(start, periods[0].End, periods[1].End.AddDate(0, 0, 1), periods[2].End)
	require.NoError(t, err)
	// One period fewer.
	other["count"] = periods[:2]
	for name, ps := range other {
		t.Run(name, func(t *testing.T) {
			cash, err := f.Cash(ps)
			require.ErrorIs(t, err, contract.ErrInvalid)
			require.Nil(t, cash)
			var fe *contract.FieldError
			require.True(t, errors.As(err, &fe))
			require.Equal(t, "plan", fe.Path)
		})
	}
}
