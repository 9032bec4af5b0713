package scenario

import (
	"context"
	"errors"
	"fmt"

	"github.com/jvwaterfall/jvwaterfall/internal/errs"
	"github.com/jvwaterfall/jvwaterfall/waterfall"

	"github.com/jvwaterfall/jvwaterfall/contract"
	"github.com/shopspring/decimal"
)

// ErrUnreachable reports a goal that no value in the search range reaches,
// or that every value reaches.
var ErrUnreachable = errs.New("no value in the range reaches the goal", contract.ErrRange)

// Goal describes a search for the value of one deal term (a pref rate, a
// take-or-pay price, an equity share, the exit proceeds) at which a party
// reaches a target: an IRR, a multiple, being paid by a given period.
//
// Reached must be monotone in the term over [Lo, Hi]: false on one side of
// the answer and true on the other. [GoalSeek] checks the ends of the range
// and bisects between them.
type Goal struct {
	// Build returns the deal with the term set to x.
	Build func(x decimal.Decimal) (*waterfall.Deal, error)
	// Reached reports whether the run meets the target.
	Reached func(r *waterfall.Result) (bool, error)
	// Lo and Hi bound the term; Lo < Hi.
	Lo, Hi decimal.Decimal
	// Places is the number of decimal places of the answer: 2 for a price
	// in cents, 6 for a rate to a ten-thousandth of a percent.
	Places int32
}

// MaxGoalRuns bounds the runs one [GoalSeek] may make.
const MaxGoalRuns = 200

// Seek is the answer of [GoalSeek].
type Seek struct {
	Value  decimal.Decimal   // the term at which the goal is reached, at Places
	Result *waterfall.Result // the run at Value, which reaches the goal
	Runs   int               // how many runs the search made
}

// GoalSeek finds, to g.Places decimals, the value of the term closest to
// the boundary at which g.Reached turns true: the smallest such value when
// Reached is false at Lo, the largest when it is false at Hi. It runs the
// deal at both ends of the range, then bisects.
//
// GoalSeek returns an error if:
//   - ctx is nil, Build or Reached is missing, Lo is not below Hi, or
//     Places is outside 0..18;
//   - Reached is the same at both ends, or the search needs more than
//     [MaxGoalRuns] runs (a range too wide for its Places) ([ErrUnreachable]);
//   - a run fails, or ctx is done.
func GoalSeek(ctx context.Context, g Goal) (Seek, error) {
	var errs []error
	if ctx == nil {
		errs = append(errs, fmt.Errorf("nil context; use context.Background(): %w", contract.ErrRequired))
	}
	if g.Build == nil {
		errs = append(errs, contract.Field("build", contract.ErrRequired))
	}
	if g.Reached == nil {
		errs = append(errs, contract.Field("reached", contract.ErrRequired))
	}
	if g.Places < 0 || g.Places > 18 {
		errs = append(errs, contract.Field("places", fmt.Errorf("%d, want 0 to 18: %w", g.Places, contract.ErrRange)))
	}
	lo, hi := g.Lo.Round(g.Places), g.Hi.Round(g.Places)
	if !lo.LessThan(hi) {
		errs = append(errs, contract.Field("hi", fmt.Errorf("range [%s, %s] is empty at %d places: %w", g.Lo, g.Hi, g.Places, contract.ErrRange)))
	}
	if err := errors.Join(errs...); err != nil {
		return Seek{}, err
	}
	s := Seek{}
	try := func(x decimal.Decimal) (bool, *waterfall.Result, error) {
		if err := ctx.Err(); err != nil {
			return false, nil, err
		}
		s.Runs++
		d, err := g.Build(x)
		if err == nil && d == nil {
			err = fmt.Errorf("no deal and no error from Build: %w", contract.ErrRequired)
		}
		if err != nil {
			return false, nil, fmt.Errorf("goal seek at %s: %w", x, err)
		}
		r, err := waterfall.Run(d)
		if err != nil {
			return false, nil, fmt.Errorf("goal seek at %s: %w", x, err)
		}
		ok, err := g.Reached(r)
		if err != nil {
			return false, nil, fmt.Errorf("goal seek at %s: %w", x, err)
		}
		return ok, r, nil
	}
	okLo, resLo, err := try(lo)
	if err != nil {
		return s, err
	}
	okHi, resHi, err := try(hi)
	if err != nil {
		return s, err
	}
	if okLo == okHi {
		return s, fmt.Errorf("reached=%v at both %s and %s: %w", okLo, lo, hi, ErrUnreachable)
	}
	// Keep the invariant: reached at `yes`, not reached at `no`.
	yes, no, best := hi, lo, resHi
	if okLo {
		yes, no, best = lo, hi, resLo
	}
	unit := decimal.New(1, -g.Places)
	two := decimal.NewFromInt(2)
	for yes.Sub(no).Abs().GreaterThan(unit) {
		if s.Runs >= MaxGoalRuns {
			return s, fmt.Errorf("no answer within %d runs: %w", MaxGoalRuns, ErrUnreachable)
		}
		// yes and no are whole units apart, at least two: the midpoint,
		// rounded to a unit, lies strictly between them.
		mid := yes.Add(no).DivRound(two, g.Places+1).Round(g.Places)
		ok, r, err := try(mid)
		if err != nil {
			return s, err
		}
		if ok {
			yes, best = mid, r
		} else {
			no = mid
		}
	}
	s.Value, s.Result = yes, best
	return s, nil
}
