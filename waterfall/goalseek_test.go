package waterfall_test

import (
	"context"
	"errors"
	"testing"

	"github.com/jvwaterfall/jvwaterfall/contract"
	"github.com/jvwaterfall/jvwaterfall/waterfall"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"
)

// The CAIA reference deal (LP puts in 50 for a year, 8% pref, full
// catch-up to 20%, then 80/20) with the sale proceeds as the term searched.
// The answers follow from the terms by hand:
//   - the GP sees its first cent at proceeds of 54.01 (capital 50 + pref 4);
//   - the LP earns 10% (55) when 54 + 0.8·(x − 55) = 55, i.e. x = 56.25,
//     since between 54 and 55 the catch-up takes every dollar;
//   - the GP's 1 of catch-up plus 20% of (x − 55) reaches 5 at x = 75
//     exactly, but cents are split by largest remainder: at x = 74.98 the
//     GP's exact share 3.996 of 19.98 rounds to 4.00 (its remainder .6 of
//     a cent beats the LP's .4), so the first cent amount reaching 5 is 74.98.
func TestGoalSeek(t *testing.T) {
	build := func(t *testing.T) func(x decimal.Decimal) (*waterfall.Deal, error) {
		return func(x decimal.Decimal) (*waterfall.Deal, error) {
			return oneYearDeal(t, "50", x.String(), "0.08", "0.2", true), nil
		}
	}
	gpPaid := func(r *waterfall.Result) (bool, error) {
		gp, _ := r.Party("GP")
		return gp.Distributed.Sign() > 0, nil
	}
	lpIRR := func(r *waterfall.Result) (bool, error) {
		irr, err := r.XIRR("LP")
		return irr >= 0.10-1e-12, err
	}
	gpFive := func(r *waterfall.Result) (bool, error) {
		gp, _ := r.Party("GP")
		return gp.Distributed.GreaterThanOrEqual(dec("5")), nil
	}
	cases := []struct {
		name    string
		reached func(*waterfall.Result) (bool, error)
		want    string
	}{
		{"GP first cent", gpPaid, "54.01"},
		{"LP IRR 10%", lpIRR, "56.25"},
		{"GP receives 5", gpFive, "74.98"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := waterfall.GoalSeek(context.Background(), waterfall.Goal{
				Build: build(t), Reached: c.reached, Lo: dec("50"), Hi: dec("200"), Places: 2,
			})
			require.NoError(t, err)
			require.Truef(t, got.Value.Equal(dec(c.want)), "found %s, want %s", got.Value, c.want)
			// Check by running the deal at the value found and one cent below.
			at, err := waterfall.Run(oneYearDeal(t, "50", got.Value.String(), "0.08", "0.2", true))
			require.NoError(t, err)
			ok, err := c.reached(at)
			require.NoError(t, err)
			require.True(t, ok, "goal not reached at the value found")
			below, err := waterfall.Run(oneYearDeal(t, "50", got.Value.Sub(dec("0.01")).String(), "0.08", "0.2", true))
			require.NoError(t, err)
			ok, err = c.reached(below)
			require.NoError(t, err)
			require.False(t, ok, "goal already reached one cent below")
		})
	}
	t.Run("unreachable", func(t *testing.T) {
		_, err := waterfall.GoalSeek(context.Background(), waterfall.Goal{
			Build: build(t), Reached: gpPaid, Lo: dec("10"), Hi: dec("50"), Places: 2,
		})
		require.True(t, errors.Is(err, waterfall.ErrUnreachable), "%v", err)
	})
	t.Run("bad goal", func(t *testing.T) {
		_, err := waterfall.GoalSeek(context.Background(), waterfall.Goal{Lo: dec("2"), Hi: dec("1")})
		var fe *contract.FieldError
		require.True(t, errors.As(err, &fe))
		require.True(t, errors.Is(err, contract.ErrInvalid))
		require.Contains(t, err.Error(), "build")
		require.Contains(t, err.Error(), "hi")
	})
	t.Run("cancelled", func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		_, err := waterfall.GoalSeek(ctx, waterfall.Goal{Build: build(t), Reached: gpPaid, Lo: dec("50"), Hi: dec("200"), Places: 2})
		require.True(t, errors.Is(err, context.Canceled))
	})
}
