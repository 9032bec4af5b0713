package scenario_test

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/jvwaterfall/jvwaterfall/contract"
	"github.com/jvwaterfall/jvwaterfall/scenario"
	"github.com/jvwaterfall/jvwaterfall/spec"
	"github.com/jvwaterfall/jvwaterfall/waterfall"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"
)

// oneYearSpec is the CAIA reference deal as a spec: the LP puts in 50 on
// 2021-01-01 and the deal is sold a year later for %s; 8% simple pref,
// full catch-up to 20%, then 80/20.
const oneYearSpec = `{
  "name": "one-year", "currency": "USD", "scale": 2,
  "parties": [{"id": "LP", "commitment": "50"}, {"id": "GP", "role": "sponsor"}],
  "periods": {"start": "2020-12-31", "ends": ["2021-01-01", "2022-01-01"]},
  "contributions": [{"date": "2021-01-01", "party": "LP", "amount": "50"}],
  "proceeds": [{"date": "2022-01-01", "amount": "%s"}],
  "stack": {"kind": "sequence", "tranches": [
    {"kind": "return_of_capital", "id": "roc", "parties": ["LP"]},
    {"kind": "preferred_return", "id": "pref", "parties": ["LP"], "rate": {"annual": "0.08", "compounding": "simple"}},
    {"kind": "catch_up", "id": "catch-up", "sponsor": "GP", "investors": ["LP"], "target": "0.2", "rate": "1"},
    {"kind": "split", "id": "carry", "shares": [{"parties": ["LP"], "weight": "0.8"}, {"parties": ["GP"], "weight": "0.2", "promote": true}]}
  ]}
}`

// oneYearDeal decodes oneYearSpec with the proceeds given.
func oneYearDeal(t testing.TB, proceeds string) *waterfall.Deal {
	t.Helper()
	d, err := spec.UnmarshalDeal([]byte(fmt.Sprintf(oneYearSpec, proceeds)))
	require.NoError(t, err)
	return d
}

func dec(s string) decimal.Decimal { return decimal.RequireFromString(s) }

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
			return oneYearDeal(t, x.String()), nil
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
			got, err := scenario.GoalSeek(context.Background(), scenario.Goal{
				Build: build(t), Reached: c.reached, Lo: dec("50"), Hi: dec("200"), Places: 2,
			})
			require.NoError(t, err)
			require.Truef(t, got.Value.Equal(dec(c.want)), "found %s, want %s", got.Value, c.want)
			// Check by running the deal at the value found and one cent below.
			at, err := waterfall.Run(oneYearDeal(t, got.Value.String()))
			require.NoError(t, err)
			ok, err := c.reached(at)
			require.NoError(t, err)
			require.True(t, ok, "goal not reached at the value found")
			below, err := waterfall.Run(oneYearDeal(t, got.Value.Sub(dec("0.01")).String()))
			require.NoError(t, err)
			ok, err = c.reached(below)
			require.NoError(t, err)
			require.False(t, ok, "goal already reached one cent below")
		})
	}
	t.Run("unreachable", func(t *testing.T) {
		_, err := scenario.GoalSeek(context.Background(), scenario.Goal{
			Build: build(t), Reached: gpPaid, Lo: dec("10"), Hi: dec("50"), Places: 2,
		})
		require.True(t, errors.Is(err, scenario.ErrUnreachable), "%v", err)
	})
	t.Run("bad goal", func(t *testing.T) {
		_, err := scenario.GoalSeek(context.Background(), scenario.Goal{Lo: dec("2"), Hi: dec("1")})
		var fe *contract.FieldError
		require.True(t, errors.As(err, &fe))
		require.True(t, errors.Is(err, contract.ErrInvalid))
		require.Contains(t, err.Error(), "build")
		require.Contains(t, err.Error(), "hi")
	})
	t.Run("cancelled", func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		_, err := scenario.GoalSeek(ctx, scenario.Goal{Build: build(t), Reached: gpPaid, Lo: dec("50"), Hi: dec("200"), Places: 2})
		require.True(t, errors.Is(err, context.Canceled))
	})
}

// TestGoalSeek_Misuse: a nil context, or a Build that returns no deal, is
// an error, never a panic or a search.
func TestGoalSeek_Misuse(t *testing.T) {
	yes := func(*waterfall.Result) (bool, error) { return true, nil }
	//lint:ignore SA1012 a nil context is the misuse under test
	_, err := scenario.GoalSeek(nil, scenario.Goal{ //nolint:staticcheck
		Build:   func(decimal.Decimal) (*waterfall.Deal, error) { return oneYearDeal(t, "60"), nil },
		Reached: yes, Lo: dec("0"), Hi: dec("1"), Places: 2})
	require.ErrorIs(t, err, contract.ErrRequired)

	_, err = scenario.GoalSeek(context.Background(), scenario.Goal{
		Build:   func(decimal.Decimal) (*waterfall.Deal, error) { return nil, nil },
		Reached: yes, Lo: dec("0"), Hi: dec("1"), Places: 2})
	require.ErrorIs(t, err, contract.ErrRequired)
	require.False(t, errors.Is(err, scenario.ErrUnreachable))
}
