package metrics

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/jvwaterfall/jvwaterfall/contract"
)

// Options are the conventions of a rate of return: how time is counted,
// which rates are searched, and which one is returned when several solve
// the flows. The zero value is [XIRR]'s and [IRR]'s: ACT/365F, every rate
// above −100%, and an error unless exactly one rate solves the flows.
//
// The search never depends on Guess: every root in [Lo, Hi] is found (or
// shown not to exist) first, and Choose then picks one. Excel's XIRR and
// IRR instead run Newton's method from the guess and return whichever
// root it reaches, usually, not always, the one nearest the guess.
type Options struct {
	// DayCount turns the dates of [XIRRWith] and [XIRRRoots] into years:
	// the exponent of flow i is the year fraction from the earliest date
	// to its date, DayCount.Fraction(d_1, d_i). The zero value is ACT/365F,
	// Excel's XIRR. Flows whose dates count as the same time (30/360 counts
	// March 31 and April 1 as the same day) add up. [IRRWith] and
	// [IRRRoots] have no dates and take only the zero value.
	DayCount contract.DayCount
	// Lo and Hi bound the rates searched: a rate r is a candidate when
	// Lo <= r <= Hi. Both zero (the zero value) searches every rate above
	// −1. Lo = −1 leaves the range open below, Hi = +Inf above. A range that
	// excludes a root is how a caller rules out rates it does not mean,
	// such as those just above −100% that a clawback can create.
	Lo, Hi float64
	// Choose says which rate to return when more than one is in [Lo, Hi].
	// The zero value, [OnlyRoot], returns an error that lists them all.
	Choose RootChoice
	// Guess is the rate [NearestGuess] measures from; other choices ignore
	// it. Excel's default guess is 0.1. The zero value is 0, which makes
	// NearestGuess pick what [SmallestMagnitude] picks.
	Guess float64
}

// RootChoice says which rate [XIRRWith] and [IRRWith] return when several
// rates in the searched range solve the flows. The zero value is
// [OnlyRoot]. New choices are only ever added at the end.
type RootChoice uint8

// The root choices.
const (
	// OnlyRoot returns the rate only when it is the one root in range;
	// with several it returns a [*MultipleRootsError] listing them.
	OnlyRoot RootChoice = iota
	// NearestGuess returns the root nearest Options.Guess, the lower of
	// two at the same distance: what Excel's XIRR and IRR aim at.
	NearestGuess
	// SmallestMagnitude returns the root of smallest |r|, the lower of two
	// of the same size: numpy-financial's irr.
	SmallestMagnitude
)

var rootChoiceNames = [...]string{
	OnlyRoot:          "only root",
	NearestGuess:      "nearest guess",
	SmallestMagnitude: "smallest magnitude",
}

// String returns the name of the choice, such as "nearest guess"; an
// undefined value prints as "RootChoice(7)".
func (c RootChoice) String() string {
	if int(c) < len(rootChoiceNames) {
		return rootChoiceNames[c]
	}
	return fmt.Sprintf("RootChoice(%d)", uint8(c))
}

// MultipleRootsError is the error [XIRRWith] and [IRRWith] return, wrapped
// with context, when Options.Choose is [OnlyRoot] and more than one rate in
// the searched range solves the flows. [errors.Is] matches it with
// [ErrMultipleRoots]; [errors.As] gives the rates.
type MultipleRootsError struct {
	// Roots are every rate in range at which the net present value is
	// zero, in increasing order. A repeated root, where the value touches
	// zero without crossing it (or two roots closer than the rounding of
	// the sum can separate), is listed twice. A root too close to −1 for
	// a float64 is listed as −1, one beyond the float64 range as +Inf.
	Roots []float64
}

// Error lists the rates, such as "rates 0.1, 0.2 and 0.3 solve the flows:
// " followed by the text of [ErrMultipleRoots].
func (e *MultipleRootsError) Error() string {
	if e == nil {
		return "<nil>"
	}
	var b strings.Builder
	b.WriteString("rates ")
	for i := 0; i < len(e.Roots); i++ {
		switch {
		case i == 0:
		case i == len(e.Roots)-1:
			b.WriteString(" and ")
		default:
			b.WriteString(", ")
		}
		b.WriteString(strconv.FormatFloat(e.Roots[i], 'g', 10, 64))
		if i+1 < len(e.Roots) && e.Roots[i+1] == e.Roots[i] {
			b.WriteString(" (repeated)")
			i++
		}
	}
	b.WriteString(" solve the flows: ")
	b.WriteString(ErrMultipleRoots.Error())
	return b.String()
}

// Unwrap returns [ErrMultipleRoots].
func (e *MultipleRootsError) Unwrap() error { return ErrMultipleRoots }

// xRange returns the bounds of the search in x = ln(1+r), widened by a
// few ulps so that a root on a bound is found, and checks the options.
// dates says whether DayCount applies.
func (o Options) xRange(dates bool) (lo, hi float64, err error) {
	switch {
	case !o.DayCount.Valid():
		return 0, 0, contract.Field("options.day_count",
			fmt.Errorf("unknown day count %d: %w", uint8(o.DayCount), contract.ErrRange))
	case !dates && o.DayCount != contract.ACT365F:
		return 0, 0, contract.Field("options.day_count",
			fmt.Errorf("%v: periodic values have no dates to count: %w", o.DayCount, contract.ErrRange))
	case int(o.Choose) >= len(rootChoiceNames):
		return 0, 0, contract.Field("options.choose",
			fmt.Errorf("unknown root choice %d: %w", uint8(o.Choose), contract.ErrRange))
	case math.IsNaN(o.Guess) || math.IsInf(o.Guess, 0):
		return 0, 0, contract.Field("options.guess",
			fmt.Errorf("must be a finite number, got %v: %w", o.Guess, contract.ErrRange))
	case math.IsNaN(o.Lo) || o.Lo < -1 || math.IsInf(o.Lo, 1):
		return 0, 0, contract.Field("options.lo",
			fmt.Errorf("must be at least -1 and finite, got %v: %w", o.Lo, contract.ErrRange))
	case math.IsNaN(o.Hi) || o.Hi <= -1:
		return 0, 0, contract.Field("options.hi",
			fmt.Errorf("must be above -1, got %v: %w", o.Hi, contract.ErrRange))
	case o.Lo > o.Hi && (o.Lo != 0 || o.Hi != 0):
		return 0, 0, contract.Field("options.hi",
			fmt.Errorf("must be at least lo = %v, got %v: %w", o.Lo, o.Hi, contract.ErrRange))
	}
	if o.Lo == 0 && o.Hi == 0 {
		return math.Inf(-1), math.Inf(1), nil
	}
	lo, hi = math.Log1p(o.Lo), math.Log1p(o.Hi)
	widen := func(x float64, d float64) float64 { return x + d*(0x1p-40*max(1, math.Abs(x))) }
	return widen(lo, -1), widen(hi, 1), nil
}

// inRange reports whether the rate r is in the range of the options.
func (o Options) inRange(r float64) bool {
	if o.Lo == 0 && o.Hi == 0 {
		return true
	}
	return r >= o.Lo && r <= o.Hi
}
