package waterfall_test

import (
	"context"
	"testing"

	"github.com/jvwaterfall/jvwaterfall/contract"
	"github.com/jvwaterfall/jvwaterfall/scenario"
	"github.com/jvwaterfall/jvwaterfall/tranche"
	"github.com/jvwaterfall/jvwaterfall/waterfall"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"
)

// panicky is a user's tranche with a bug: it panics when paid.
type panicky struct{}

func (panicky) ID() tranche.TrancheID { return "buggy" }
func (panicky) Owed(*tranche.Book) (tranche.Claim, error) {
	return tranche.Claim{Unbounded: true}, nil
}
func (panicky) Pay(*tranche.Book, decimal.Decimal) (decimal.Decimal, error) {
	panic("index out of range in a user's tranche")
}

// TestMisuse_ErrorsNotPanics: misuse of the engine's entry points gets an
// error the caller can handle, never a panic.
func TestMisuse_ErrorsNotPanics(t *testing.T) {
	t.Run("Run(nil)", func(t *testing.T) {
		_, err := waterfall.Run(nil)
		require.ErrorIs(t, err, contract.ErrRequired)
	})
	t.Run("Validate of a nil deal", func(t *testing.T) {
		var d *waterfall.Deal
		require.ErrorIs(t, d.Validate(), contract.ErrRequired)
	})
	t.Run("NewStepper(nil)", func(t *testing.T) {
		_, err := waterfall.NewStepper(nil)
		require.ErrorIs(t, err, contract.ErrRequired)
	})
	t.Run("Stepper past the last period", func(t *testing.T) {
		s, err := waterfall.NewStepper(validDeal(t))
		require.NoError(t, err)
		for !s.Done() {
			_, err := s.Step(waterfall.StepCash{})
			require.NoError(t, err)
		}
		_, err = s.Step(waterfall.StepCash{})
		require.ErrorIs(t, err, contract.ErrRange)
	})
	t.Run("a zero Stepper", func(t *testing.T) {
		var s waterfall.Stepper
		require.True(t, s.Done())
		_, err := s.Step(waterfall.StepCash{})
		require.ErrorIs(t, err, contract.ErrRequired)
		_, err = s.Account("LP")
		require.ErrorIs(t, err, contract.ErrRequired)
		require.Nil(t, s.Holdings())
		require.Nil(t, s.Result())
	})
	t.Run("negative extra costs", func(t *testing.T) {
		s, err := waterfall.NewStepper(validDeal(t))
		require.NoError(t, err)
		_, err = s.Step(waterfall.StepCash{Costs: dec("-1")})
		require.ErrorIs(t, err, contract.ErrNegative)
		// Bad costs change nothing: the same period steps with good ones.
		out, err := s.Step(waterfall.StepCash{})
		require.NoError(t, err)
		require.Equal(t, 0, out.Summary.Period.Index)
	})
	t.Run("RunNested(nil)", func(t *testing.T) {
		require.ErrorIs(t, waterfall.RunNested(nil, nil), contract.ErrRequired)
	})
	t.Run("Tally(nil)", func(t *testing.T) {
		_, err := waterfall.Tally(nil, nil, nil, nil, nil)
		require.ErrorIs(t, err, contract.ErrRequired)
	})
	t.Run("methods of a nil Result", func(t *testing.T) {
		var r *waterfall.Result
		_, ok := r.Party("LP")
		require.False(t, ok)
		require.True(t, r.Retained().IsZero())
		require.Nil(t, r.Flows("LP"))
		_, err := r.XIRR("LP")
		require.ErrorIs(t, err, contract.ErrRequired)
		_, err = r.MOIC("LP")
		require.ErrorIs(t, err, contract.ErrRequired)
	})
	t.Run("NewFeeRun(nil)", func(t *testing.T) {
		require.Nil(t, waterfall.NewFeeRun(nil))
	})
	t.Run("RunMany with a nil context", func(t *testing.T) {
		//lint:ignore SA1012 a nil context is the misuse under test
		_, err := scenario.RunMany(nil, []*waterfall.Deal{validDeal(t)}, scenario.RunManyOptions{}) //nolint:staticcheck
		require.ErrorIs(t, err, contract.ErrRequired)
	})
	t.Run("RunMany with a nil deal", func(t *testing.T) {
		res, err := scenario.RunMany(context.Background(), []*waterfall.Deal{validDeal(t), nil}, scenario.RunManyOptions{})
		var re *scenario.RunError
		require.ErrorAs(t, err, &re)
		require.Equal(t, 1, re.Index)
		require.ErrorIs(t, err, contract.ErrRequired)
		require.NotNil(t, res[0])
	})
	t.Run("RunMany with a tranche that panics", func(t *testing.T) {
		d := validDeal(t)
		d.Stack = panicky{}
		_, err := scenario.RunMany(context.Background(), []*waterfall.Deal{d}, scenario.RunManyOptions{})
		require.ErrorIs(t, err, tranche.ErrInvariant)
		require.ErrorContains(t, err, "index out of range in a user's tranche")
	})
}
