package metrics

import (
	"cmp"
	"errors"
	"fmt"
	"slices"
	"strconv"

	"github.com/jvwaterfall/jvwaterfall/contract"
	"github.com/shopspring/decimal"
)

// ErrNoRoot is returned (wrapped, with context) by [XIRR] and [IRR] when no
// rate of return solves the flows: every amount has the same sign, all are
// zero, there are fewer than two nonzero amounts, the flows change sign
// several times and the net present value never reaches zero, or the only
// rate is too large or too close to -100% to be a float64.
var ErrNoRoot = errors.New("no rate solves the flows")

// ErrMultipleRoots is returned, wrapped, by [XIRR] and [IRR] (and by
// [XIRRWith] and [IRRWith] choosing [OnlyRoot]) when more than one rate in
// the searched range makes the net present value zero, so that "the" rate
// of return is not defined. A repeated root (a rate where the net present
// value touches zero without crossing it, within floating-point
// resolution) counts as more than one. The error is a
// [*MultipleRootsError], which lists every root.
var ErrMultipleRoots = errors.New("the flows have more than one rate of return")

// XIRR returns the annual effective rate r in (-1, +Inf) at which the net
// present value of the flows is zero, with Excel's XIRR conventions:
//
//	Σ amount_i / (1+r)^((d_i − d_1)/365) = 0
//
// where d_i − d_1 is the number of calendar days from the earliest date d_1
// to the date of flow i. Days are counted from each date's year, month and
// day, so the clock time and the time zone of a Flow never matter. The flows
// need not be sorted, and flows on the same date add up (exactly, in
// decimal). Money paid in is negative and money received positive; the
// reverse convention gives the same rate. XIRR is [XIRRWith] with the zero
// [Options]: for another day count, a search range or a choice among
// several roots, call that.
//
// Unlike Excel, XIRR takes no guess and never depends on one: it finds every
// root or proves there is none.
//
// It works in x = ln(1+r): Descartes' rule of signs bounds the number of
// roots, one sign change is solved by a safeguarded Newton iteration and
// several by a branch-and-bound search of the whole range that finds every
// root, and the rate is accurate to about 1e-15·(1+r) plus the rounding of
// the sum ([methods: XIRR]). An interval where the sum stays within its
// rounding error is a repeated root; the search stops after
// max(1024, 2^22/len(flows)) evaluations of the sum (about a tenth of a
// second), which takes a root of multiplicity three or more, and then
// returns [ErrMultipleRoots]. For 40 flows with one sign change XIRR takes
// a few microseconds and does not allocate.
//
// XIRR returns an error if:
//   - there are fewer than two nonzero same-date totals, or all have the same
//     sign, or no rate solves the flows, or the only rate is not a finite
//     float64 greater than -1 ([ErrNoRoot]);
//   - more than one rate solves the flows ([ErrMultipleRoots], as a
//     [*MultipleRootsError] that lists them);
//   - the amounts span more orders of magnitude than a float64 can hold
//     ([contract.FieldError] at "flows[i].amount" wrapping
//     [contract.ErrRange]).
//
// [methods: XIRR]: https://github.com/jvwaterfall/jvwaterfall/blob/main/docs/methods.md#xirr-and-irr-finding-every-root
func XIRR(flows []contract.Flow) (float64, error) {
	return XIRRWith(flows, Options{})
}

// XIRRWith returns the annual effective rate r at which the net present
// value of the flows is zero, with the conventions of o:
//
//	Σ amount_i / (1+r)^τ_i = 0,  τ_i = o.DayCount.Fraction(d_1, d_i)
//
// where d_1 is the earliest date, searching the rates in [o.Lo, o.Hi] and
// returning the one o.Choose picks. With the zero Options it is [XIRR],
// whose doc describes the method and accuracy.
//
// XIRRWith returns the errors of [XIRR], where "solves the flows" means
// "in the range", and an error if:
//   - o.Choose is [OnlyRoot] and more than one rate in range solves the
//     flows ([*MultipleRootsError], matching [ErrMultipleRoots]);
//   - no rate in range solves them ([ErrNoRoot]);
//   - o is invalid: an undefined DayCount or Choose, a Guess or bound that
//     is NaN or infinite (Hi may be +Inf), Lo < −1, Hi <= −1, or Lo > Hi
//     ([contract.FieldError] at "options.day_count", "options.choose",
//     "options.guess", "options.lo" or "options.hi", wrapping
//     [contract.ErrRange]).
func XIRRWith(flows []contract.Flow, o Options) (float64, error) {
	if _, _, err := o.xRange(true); err != nil {
		return 0, fmt.Errorf("xirr: %w", err)
	}
	var buf [64]rateTerm
	terms, err := xirrTerms(buf[:0], flows, o.DayCount)
	if err != nil {
		return 0, fmt.Errorf("xirr: %w", err)
	}
	r, err := solveRate(terms, o)
	if err != nil {
		return 0, fmt.Errorf("xirr: %w", err)
	}
	return r, nil
}

// XIRRRoots returns every rate in [o.Lo, o.Hi] at which the net present
// value of the flows, with the conventions of [XIRRWith], is zero, in
// increasing order; none when no rate solves them. A repeated root is
// listed twice, a root too close to −1 for a float64 as −1 and one beyond
// the float64 range as +Inf. o.Choose and o.Guess are not used.
//
// XIRRRoots returns an error for invalid options and for amounts beyond
// the float64 range, as XIRRWith does, and one wrapping [ErrMultipleRoots]
// if the roots cannot be told apart before the search stops (see [XIRR]).
func XIRRRoots(flows []contract.Flow, o Options) ([]float64, error) {
	if _, _, err := o.xRange(true); err != nil {
		return nil, fmt.Errorf("xirr: %w", err)
	}
	terms, err := xirrTerms(nil, flows, o.DayCount)
	if err != nil {
		return nil, fmt.Errorf("xirr: %w", err)
	}
	rs, err := rootsOf(terms, o)
	if err != nil {
		return nil, fmt.Errorf("xirr: %w", err)
	}
	return rs, nil
}

// IRR returns the rate per period r in (-1, +Inf) at which the net present
// value of values is zero, with Excel's IRR conventions: equal periods, the
// first value at t = 0, Σ values[i] / (1+r)^i = 0. Like [XIRR], it takes no
// guess, uses the same method and tolerance, and returns the same errors
// ([ErrNoRoot], [ErrMultipleRoots]; a [contract.FieldError] at "values[i]"
// for amounts beyond the float64 range). IRR is [IRRWith] with the zero
// [Options].
func IRR(values []decimal.Decimal) (float64, error) {
	return IRRWith(values, Options{})
}

// IRRWith returns the rate per period r at which Σ values[i] / (1+r)^i = 0,
// searching the rates in [o.Lo, o.Hi] and returning the one o.Choose
// picks, as [XIRRWith] does for dated flows. o.DayCount must be the zero
// value: periods have no dates to count. It returns the errors of
// XIRRWith, with "values[i]" for amounts.
func IRRWith(values []decimal.Decimal, o Options) (float64, error) {
	if _, _, err := o.xRange(false); err != nil {
		return 0, fmt.Errorf("irr: %w", err)
	}
	var buf [64]rateTerm
	terms, err := irrTerms(buf[:0], values)
	if err != nil {
		return 0, fmt.Errorf("irr: %w", err)
	}
	r, err := solveRate(terms, o)
	if err != nil {
		return 0, fmt.Errorf("irr: %w", err)
	}
	return r, nil
}

// IRRRoots returns every rate per period in [o.Lo, o.Hi] at which
// Σ values[i] / (1+r)^i = 0, as [XIRRRoots] does for dated flows, with
// its errors.
func IRRRoots(values []decimal.Decimal, o Options) ([]float64, error) {
	if _, _, err := o.xRange(false); err != nil {
		return nil, fmt.Errorf("irr: %w", err)
	}
	terms, err := irrTerms(nil, values)
	if err != nil {
		return nil, fmt.Errorf("irr: %w", err)
	}
	rs, err := rootsOf(terms, o)
	if err != nil {
		return nil, fmt.Errorf("irr: %w", err)
	}
	return rs, nil
}

// dayCountUnit is the common denominator of every year fraction of a day
// count: Fraction(d_1, d) is ticks/unit with an integer number of ticks.
func dayCountUnit(dc contract.DayCount) int64 {
	switch dc {
	case contract.ACT360, contract.Thirty360US, contract.Thirty360E, contract.Thirty360EISDA:
		return 360
	case contract.ACTACTISDA:
		return 365 * 366
	default: // ACT365F
		return 365
	}
}

// xirrTerms returns the nonzero same-time totals of flows in time order,
// appended to buf, with times in years under dc.
func xirrTerms(buf []rateTerm, flows []contract.Flow, dc contract.DayCount) ([]rateTerm, error) {
	terms := buf
	if len(flows) > cap(buf) {
		terms = make([]rateTerm, 0, len(flows))
	}
	unit := dayCountUnit(dc)
	var tick func(i int) int64
	switch dc {
	case contract.ACT365F, contract.ACT360:
		tick = func(i int) int64 { return daysFromCivil(flows[i].Date) }
	default:
		// Fractions count from the earliest date, which is not a day number.
		first := 0
		for i := range flows {
			if daysFromCivil(flows[i].Date) < daysFromCivil(flows[first].Date) {
				first = i
			}
		}
		tick = func(i int) int64 {
			if len(flows) == 0 {
				return 0
			}
			num, den := dc.Fraction(flows[first].Date, flows[i].Date)
			return num * (unit / den)
		}
	}
	for i := range flows {
		terms = append(terms, rateTerm{day: tick(i), idx: i})
	}
	byDay := func(a, b rateTerm) int { return cmp.Compare(a.day, b.day) }
	if !slices.IsSortedFunc(terms, byDay) {
		slices.SortFunc(terms, byDay)
	}
	amount := func(i int) decimal.Decimal { return flows[i].Amount }
	terms, ok := collectTerms(terms, float64(unit), amount)
	if !ok {
		return collectTermsScaled(terms[:0], len(flows), float64(unit), tick, amount,
			func(i int) string { return "flows[" + strconv.Itoa(i) + "].amount" })
	}
	return terms, nil
}

// irrTerms returns the nonzero values with their period indexes, appended
// to buf.
func irrTerms(buf []rateTerm, values []decimal.Decimal) ([]rateTerm, error) {
	terms := buf
	if len(values) > cap(buf) {
		terms = make([]rateTerm, 0, len(values))
	}
	for i := range values {
		terms = append(terms, rateTerm{day: int64(i), idx: i})
	}
	amount := func(i int) decimal.Decimal { return values[i] }
	terms, ok := collectTerms(terms, 1, amount)
	if !ok {
		return collectTermsScaled(terms[:0], len(values), 1,
			func(i int) int64 { return int64(i) }, amount,
			func(i int) string { return "values[" + strconv.Itoa(i) + "]" })
	}
	return terms, nil
}
