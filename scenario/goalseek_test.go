package scenario_test

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
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

// TestGoalSeek_FindsTheBoundary: with a goal whose boundary is known (the
// term's value itself against a threshold), GoalSeek returns the smallest
// value at Places that reaches a rising goal (the threshold rounded up)
// and the largest that reaches a falling one (rounded down), for ranges
// and thresholds of either sign and places 0 to 18; the Result it returns
// is the run at that value, and it takes no more runs than bisection
// needs: the two ends and ⌈log2 of the units in the range⌉.
func TestGoalSeek_FindsTheBoundary(t *testing.T) {
	deal := oneYearDeal(t, "60")
	rng := rand.New(rand.NewPCG(12, 2026))
	for n := range 300 {
		places := int32(rng.IntN(19))
		lo := decimal.New(rng.Int64N(2_000_001)-1_000_000, -int32(rng.IntN(4)))
		hi := lo.Add(decimal.New(rng.Int64N(1_000_000)+1, -int32(rng.IntN(4))))
		lo, hi = lo.Round(places), hi.Round(places)
		if !lo.LessThan(hi) {
			continue
		}
		// A threshold inside the range with a digit more than places.
		span := hi.Sub(lo)
		thr := lo.Add(span.Mul(decimal.NewFromFloat(rng.Float64()))).Truncate(places + 1)
		if !thr.GreaterThan(lo) || !thr.LessThan(hi) {
			continue
		}
		rising := n%2 == 0
		var at decimal.Decimal // the term of the run at hand
		runs := map[*waterfall.Result]decimal.Decimal{}
		g := scenario.Goal{
			Build: func(x decimal.Decimal) (*waterfall.Deal, error) { at = x; return deal, nil },
			Reached: func(r *waterfall.Result) (bool, error) {
				runs[r] = at
				if rising {
					return at.GreaterThanOrEqual(thr), nil
				}
				return at.LessThanOrEqual(thr), nil
			},
			Lo: lo, Hi: hi, Places: places,
		}
		got, err := scenario.GoalSeek(context.Background(), g)
		require.NoError(t, err, "[%s, %s] at %d places, threshold %s", lo, hi, places, thr)
		want := thr.RoundCeil(places)
		if !rising {
			want = thr.RoundFloor(places)
		}
		require.Truef(t, want.Equal(got.Value), "[%s, %s] at %d places, threshold %s rising %v: found %s, want %s", lo, hi, places, thr, rising, got.Value, want)
		require.Truef(t, runs[got.Result].Equal(got.Value), "the result is the run at %s, not at %s", runs[got.Result], got.Value)
		units := span.Shift(places).BigInt()
		most := 2 + units.BitLen() // ⌈log2 units⌉ ≤ bit length
		require.LessOrEqual(t, got.Runs, most, "[%s, %s] at %d places", lo, hi, places)
		require.Len(t, runs, got.Runs, "Runs counts the runs")
	}
}

// TestGoalSeek_Bounds: Places from 0 to 18; the range is rounded to
// Places before it is checked and searched (rounding half away from
// zero); a search that needs more than MaxGoalRuns runs ends with
// ErrUnreachable after MaxGoalRuns.
func TestGoalSeek_Bounds(t *testing.T) {
	deal := oneYearDeal(t, "60")
	var tried []decimal.Decimal
	goal := func(lo, hi string, places int32, thr string) scenario.Goal {
		tried = nil
		var at decimal.Decimal
		return scenario.Goal{
			Build:   func(x decimal.Decimal) (*waterfall.Deal, error) { at = x; tried = append(tried, x); return deal, nil },
			Reached: func(*waterfall.Result) (bool, error) { return at.GreaterThanOrEqual(dec(thr)), nil },
			Lo:      dec(lo), Hi: dec(hi), Places: places,
		}
	}
	for _, places := range []int32{0, 18} {
		_, err := scenario.GoalSeek(context.Background(), goal("0", "10", places, "3"))
		require.NoError(t, err, "places %d", places)
	}
	for _, places := range []int32{-1, 19} {
		_, err := scenario.GoalSeek(context.Background(), goal("0", "10", places, "3"))
		require.ErrorIs(t, err, contract.ErrRange, "places %d", places)
		require.ErrorContains(t, err, "places", "places %d", places)
	}
	g := goal("0", "10", 2, "3")
	g.Reached = nil
	_, err := scenario.GoalSeek(context.Background(), g)
	require.ErrorIs(t, err, contract.ErrRequired)
	require.ErrorContains(t, err, "reached")

	// 0.005 and 0.025 round to 0.01 and 0.03 at 2 places (half away from
	// zero; banker's rounding would give 0.00 and 0.02): the ends run,
	// then the midpoint 0.02, which does not reach 0.025.
	got, err := scenario.GoalSeek(context.Background(), goal("0.005", "0.025", 2, "0.025"))
	require.NoError(t, err)
	require.Equal(t, []string{"0.01", "0.03", "0.02"}, texts(tried))
	require.Equal(t, "0.03", got.Value.String())
	// 0.004 and 0.0049 are both 0.00: an empty range.
	_, err = scenario.GoalSeek(context.Background(), goal("0.004", "0.0049", 2, "0"))
	require.ErrorIs(t, err, contract.ErrRange)
	require.ErrorContains(t, err, "hi")
	// Lo equal to Hi is empty too.
	_, err = scenario.GoalSeek(context.Background(), goal("1", "1", 2, "1"))
	require.ErrorIs(t, err, contract.ErrRange)

	// From -10^60 to 10^60 at 18 places are 2·10^78 units, about 2^261:
	// more runs than MaxGoalRuns.
	got, err = scenario.GoalSeek(context.Background(), goal("-1e60", "1e60", 18, "0.5"))
	require.ErrorIs(t, err, scenario.ErrUnreachable)
	require.ErrorContains(t, err, fmt.Sprintf("within %d runs", scenario.MaxGoalRuns))
	require.Equal(t, scenario.MaxGoalRuns, got.Runs)
	require.Len(t, tried, scenario.MaxGoalRuns)
}

// TestGoalSeek_Errors: an error from Build, from the run or from Reached,
// at either end of the range or in the search, ends the search with that
// error, saying at which value.
func TestGoalSeek_Errors(t *testing.T) {
	errBuild := errors.New("no such deal")
	errReached := errors.New("cannot tell")
	bad := oneYearDeal(t, "60")
	bad.Periods = nil                             // the run refuses it
	for _, at := range []string{"0", "10", "5"} { // lo, hi, the first midpoint
		for _, fail := range []string{"build", "run", "reached"} {
			t.Run(fail+" at "+at, func(t *testing.T) {
				var x decimal.Decimal
				g := scenario.Goal{
					Build: func(v decimal.Decimal) (*waterfall.Deal, error) {
						x = v
						if v.Equal(dec(at)) {
							switch fail {
							case "build":
								return nil, errBuild
							case "run":
								return bad, nil
							}
						}
						return oneYearDeal(t, "60"), nil
					},
					Reached: func(*waterfall.Result) (bool, error) {
						if fail == "reached" && x.Equal(dec(at)) {
							return false, errReached
						}
						return x.GreaterThanOrEqual(dec("3")), nil
					},
					Lo: dec("0"), Hi: dec("10"), Places: 0,
				}
				_, err := scenario.GoalSeek(context.Background(), g)
				require.Error(t, err)
				require.ErrorContains(t, err, "goal seek at "+at+":")
				switch fail {
				case "build":
					require.ErrorIs(t, err, errBuild)
				case "run":
					require.ErrorIs(t, err, contract.ErrInvalid)
				case "reached":
					require.ErrorIs(t, err, errReached)
				}
			})
		}
	}
}

func texts(ds []decimal.Decimal) []string {
	out := make([]string, len(ds))
	for i, d := range ds {
		out[i] = d.String()
	}
	return out
}
