package fund

import (
	"testing"

	"github.com/jvwaterfall/jvwaterfall/contract"
	"github.com/jvwaterfall/jvwaterfall/waterfall"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"
)

// TestNewRun_StepperErrorNamesTheInvestment: newRun reports an
// investment's stepper that cannot be made, at the investment's path. Run
// validates first, so no valid fund gets here (Validate reports the
// missing stack itself); newRun is called directly, on a fund whose
// investment has no stack.
func TestNewRun_StepperErrorNamesTheInvestment(t *testing.T) {
	periods, err := contract.Schedule{Start: contract.Date(2024, 1, 1), End: contract.Date(2025, 1, 1),
		Frequency: contract.EveryYear}.Periods()
	require.NoError(t, err)
	f := &Fund{Name: "f", Currency: "USD", Scale: 2, Periods: periods,
		Parties:     []waterfall.Party{{ID: "LP", Commitment: decimal.NewFromInt(100)}},
		Investments: []Investment{{Name: "a", Stack: nil}}}
	r, err := newRun(f)
	require.Nil(t, r)
	require.ErrorIs(t, err, contract.ErrRequired)
	require.EqualError(t, err, "investments[0].stack: "+contract.ErrRequired.Error())
}
