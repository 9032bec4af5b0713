package waterfall

import (
	"cmp"
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
	"time"

	"github.com/jvwaterfall/jvwaterfall/contract"
	"github.com/shopspring/decimal"
)

// RatioPlaces is the number of decimal places of the ratios this package
// computes, such as [MOIC]. Ratios are rounded half away from zero.
const RatioPlaces = 10

// ErrNoRoot is returned (wrapped, with context) by [XIRR] and [IRR] when no
// rate of return solves the flows: every amount has the same sign, all are
// zero, there are fewer than two nonzero amounts, the flows change sign
// several times and the net present value never reaches zero, or the only
// rate is too large or too close to -100% to be a float64.
var ErrNoRoot = errors.New("waterfall: no rate solves the flows")

// ErrMultipleRoots is returned (wrapped, with the rates found) by [XIRR] and
// [IRR] when more than one rate in (-1, +Inf) makes the net present value
// zero, so that "the" rate of return is not defined. A repeated root (a rate
// where the net present value touches zero without crossing it, within
// floating-point resolution) counts as more than one.
var ErrMultipleRoots = errors.New("waterfall: the flows have more than one rate of return")

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
// reverse convention gives the same rate.
//
// Unlike Excel, XIRR takes no guess and never depends on one: it finds every
// root or proves there is none.
//
// # Method
//
// XIRR works in x = ln(1+r), where the net present value is the exponential
// sum f(x) = Σ a_i·e^(−x·t_i), with t_i in years. By Descartes' rule of
// signs (which holds for exponential sums), f has at most as many real roots
// as its amounts, in date order, have sign changes.
//
//   - One sign change: there is exactly one root. It is found by a
//     safeguarded Newton iteration (Newton steps kept inside a bracket,
//     bisection when a step leaves it or converges too slowly) on
//     e^(x·c)·f(x), where c is the time of the sign change, which makes the
//     function strictly monotone.
//   - Several sign changes: the whole range where roots can lie (bounded
//     from the amounts) is searched by branch and bound. On each interval the
//     positive and negative parts of f and of its derivative are monotone, so
//     their values at the ends bound them inside; an interval is dropped
//     when f cannot vanish in it, and refined as above when f is certainly
//     monotone in it. Otherwise it is halved. The search stops at the second
//     root.
//
// The root is refined until a step is below about 1e-15 in x, so the rate is
// accurate to about 1e-15·(1+r), plus the effect of rounding in the sum
// itself (relative error about len(flows)·2^-53 of the largest discounted
// amount, divided by the slope). The amounts are converted to float64 after
// same-date sums; a rate is a ratio, not money. For 40 flows with one sign
// change XIRR takes a few microseconds and does not allocate; with more than
// 64 flows it allocates once (more only for amounts beyond the float64
// range, or for same-date sums beyond int64).
//
// XIRR returns an error if:
//   - there are fewer than two nonzero same-date totals, or all have the same
//     sign, or no rate solves the flows, or the only rate is not a finite
//     float64 greater than -1 ([ErrNoRoot]);
//   - more than one rate solves the flows ([ErrMultipleRoots]);
//   - the amounts span more orders of magnitude than a float64 can hold
//     ([contract.FieldError] at "flows[i].amount" wrapping
//     [contract.ErrRange]).
func XIRR(flows []contract.Flow) (float64, error) {
	var buf [64]rateTerm
	terms := buf[:0]
	if len(flows) > len(buf) {
		terms = make([]rateTerm, 0, len(flows))
	}
	for i := range flows {
		terms = append(terms, rateTerm{day: daysFromCivil(flows[i].Date), idx: i})
	}
	byDay := func(a, b rateTerm) int { return cmp.Compare(a.day, b.day) }
	if !slices.IsSortedFunc(terms, byDay) {
		slices.SortFunc(terms, byDay)
	}
	amount := func(i int) decimal.Decimal { return flows[i].Amount }
	terms, ok := collectTerms(terms, 365, amount)
	if !ok {
		var err error
		terms, err = collectTermsScaled(terms[:0], len(flows), 365,
			func(i int) int64 { return daysFromCivil(flows[i].Date) }, amount,
			func(i int) string { return "flows[" + strconv.Itoa(i) + "].amount" })
		if err != nil {
			return 0, fmt.Errorf("xirr: %w", err)
		}
	}
	r, err := solveRate(terms)
	if err != nil {
		return 0, fmt.Errorf("xirr: %w", err)
	}
	return r, nil
}

// IRR returns the rate per period r in (-1, +Inf) at which the net present
// value of values is zero, with Excel's IRR conventions: equal periods, the
// first value at t = 0, Σ values[i] / (1+r)^i = 0. Like [XIRR], it takes no
// guess, uses the same method and tolerance, and returns the same errors
// ([ErrNoRoot], [ErrMultipleRoots]; a [contract.FieldError] at "values[i]"
// for amounts beyond the float64 range).
func IRR(values []decimal.Decimal) (float64, error) {
	var buf [64]rateTerm
	terms := buf[:0]
	if len(values) > len(buf) {
		terms = make([]rateTerm, 0, len(values))
	}
	for i := range values {
		terms = append(terms, rateTerm{day: int64(i), idx: i})
	}
	amount := func(i int) decimal.Decimal { return values[i] }
	terms, ok := collectTerms(terms, 1, amount)
	if !ok {
		var err error
		terms, err = collectTermsScaled(terms[:0], len(values), 1,
			func(i int) int64 { return int64(i) }, amount,
			func(i int) string { return "values[" + strconv.Itoa(i) + "]" })
		if err != nil {
			return 0, fmt.Errorf("irr: %w", err)
		}
	}
	r, err := solveRate(terms)
	if err != nil {
		return 0, fmt.Errorf("irr: %w", err)
	}
	return r, nil
}

// xnpvGuard is the number of extra decimal digits XNPV carries beyond what
// the amounts, the number of flows and places require.
const xnpvGuard = 12

// XNPV returns the net present value of the flows at the annual effective
// rate, with the conventions of [XIRR]:
//
//	Σ amount_i / (1+rate)^((d_i − d_1)/365)
//
// where d_1 is the earliest date, rounded half away from zero to places
// decimal places. It is computed in decimal as amount_i·exp(−ln(1+rate)·
// days_i/365), carrying enough guard digits that the error before rounding
// is below 10^−(places+10); only a value within that distance of a rounding
// tie can round the other way. Flows on d_1 are not discounted. No flows
// give zero.
//
// XNPV returns an error if rate <= -1, or if the rate is so close to -1
// that a discount factor exceeds 10^(2^20) ([contract.FieldError] at "rate"
// wrapping [contract.ErrRange]).
func XNPV(rate decimal.Decimal, flows []contract.Flow, places int32) (decimal.Decimal, error) {
	one := decimal.New(1, 0)
	growth := rate.Add(one)
	if growth.Sign() <= 0 {
		return decimal.Decimal{}, contract.Field("rate",
			fmt.Errorf("must be greater than -1, got %s: %w", rate, contract.ErrRange))
	}
	if len(flows) == 0 {
		return decimal.Zero, nil
	}
	days := make([]int64, len(flows))
	first, last := int64(math.MaxInt64), int64(math.MinInt64)
	amag := int64(0) // 10^amag bounds every |amount|
	for i, f := range flows {
		days[i] = daysFromCivil(f.Date)
		first = min(first, days[i])
		last = max(last, days[i])
		if !f.Amount.IsZero() {
			amag = max(amag, int64(f.Amount.NumDigits())+int64(f.Amount.Exponent()))
		}
	}
	span := last - first
	// 10^vmag bounds every discount factor: 1 unless the rate is negative.
	vmag := 0.0
	if lg := math.Log1p(rate.InexactFloat64()); lg < 0 && span > 0 {
		vmag = math.Ceil(-lg*float64(span)/365/math.Ln10) + 1
	}
	const maxDigits = 1 << 20
	if vmag > maxDigits {
		return decimal.Decimal{}, contract.Field("rate",
			fmt.Errorf("%s grows the flows by more than 10^%d: %w", rate, maxDigits, contract.ErrRange))
	}
	work := int64(places) + xnpvGuard + int64(len(strconv.Itoa(len(flows)))) + amag + int64(vmag)
	work = max(work, xnpvGuard)
	lnPlaces := work + int64(len(strconv.FormatInt(span, 10))) + 2
	lnGrowth, err := growth.Ln(int32(lnPlaces))
	if err != nil { // unreachable: growth > 0
		return decimal.Decimal{}, contract.Field("rate", fmt.Errorf("%w: %w", err, contract.ErrRange))
	}
	// A discount exponent above cutoff makes |amount·factor| < 10^−work.
	cutoff := float64(work+amag+2) * math.Ln10
	yearDays := decimal.New(365, 0)
	sum := decimal.Zero
	for i, f := range flows {
		d := days[i] - first
		if d == 0 || f.Amount.IsZero() {
			sum = sum.Add(f.Amount)
			continue
		}
		expo := lnGrowth.Mul(decimal.New(d, 0)).DivRound(yearDays, int32(work)+2)
		if expo.InexactFloat64() > cutoff {
			continue
		}
		factor, err := expo.Neg().ExpTaylor(int32(work))
		if err != nil { // unreachable: ExpTaylor never fails
			return decimal.Decimal{}, fmt.Errorf("xnpv: discounting flows[%d]: %w", i, err)
		}
		sum = sum.Add(f.Amount.Mul(factor))
	}
	return sum.Round(places), nil
}

// MOIC returns the multiple on invested capital, received / paidIn, rounded
// half away from zero to [RatioPlaces] decimal places.
//
// MOIC returns an error if paidIn <= 0 ([contract.FieldError] at "paid_in"
// wrapping [contract.ErrRange]).
func MOIC(paidIn, received decimal.Decimal) (decimal.Decimal, error) {
	if paidIn.Sign() <= 0 {
		return decimal.Decimal{}, contract.Field("paid_in",
			fmt.Errorf("must be positive, got %s: %w", paidIn, contract.ErrRange))
	}
	return received.DivRound(paidIn, RatioPlaces), nil
}

// rateTerm is one nonzero same-date total of a cash-flow vector.
type rateTerm struct {
	t   float64 // time since the first nonzero total, in years or periods
	a   float64 // amount, between 1e-290 and 1e290 in magnitude
	day int64   // day number or period index
	idx int     // index of the (first) input
}

// daysFromCivil returns the number of days from 1970-01-01 to t's calendar
// date (year, month, day in t's location), by H. Hinnant's days_from_civil.
func daysFromCivil(t time.Time) int64 {
	y, m, d := t.Date()
	yy := int64(y)
	if m <= time.February {
		yy--
	}
	era := yy / 400
	if yy < 0 && yy%400 != 0 {
		era--
	}
	yoe := yy - era*400                    // [0, 399]
	mp := (int64(m) + 9) % 12              // March = 0
	doy := (153*mp+2)/5 + int64(d) - 1     // [0, 365]
	doe := yoe*365 + yoe/4 - yoe/100 + doy // [0, 146096]
	return era*146097 + doe - 719468
}

// pow10f holds the powers of ten that float64 represents exactly.
var pow10f = [...]float64{1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10,
	1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22}

// decimalFloat returns d as a float64 without allocating in the common case.
func decimalFloat(d decimal.Decimal) float64 {
	if e := d.Exponent(); e >= -22 && e <= 22 && d.NumDigits() <= 15 {
		c := float64(d.CoefficientInt64()) // exact: |c| < 2^53
		if e < 0 {
			return c / pow10f[-e] // one correctly rounded operation
		}
		return c * pow10f[e]
	}
	return d.InexactFloat64()
}

// exactSum adds the amounts of group exactly in int64 when it can.
func exactSum(group []rateTerm, amount func(int) decimal.Decimal) (float64, int, bool) {
	emin := int32(math.MaxInt32)
	for _, g := range group {
		d := amount(g.idx)
		if d.NumDigits() > 18 {
			return 0, 0, false
		}
		if !d.IsZero() {
			emin = min(emin, d.Exponent())
		}
	}
	if emin == math.MaxInt32 {
		return 0, 0, true
	}
	var sum int64
	for _, g := range group {
		d := amount(g.idx)
		if d.IsZero() {
			continue
		}
		c := d.CoefficientInt64()
		k := d.Exponent() - emin
		if k > 18 {
			return 0, 0, false
		}
		p := int64(pow10f[k])
		if c > math.MaxInt64/p || c < math.MinInt64/p {
			return 0, 0, false
		}
		c *= p
		s := sum + c
		if (c > 0 && s < sum) || (c < 0 && s > sum) {
			return 0, 0, false
		}
		sum = s
	}
	if sum == 0 {
		return 0, 0, true
	}
	sign := 1
	if sum < 0 {
		sign = -1
	}
	f := float64(sum)
	switch {
	case emin >= 0 && emin <= 308:
		f *= math.Pow10(int(emin))
	case emin < 0 && emin >= -308:
		f /= math.Pow10(int(-emin))
	default:
		f = decimal.New(sum, emin).InexactFloat64()
	}
	return f, sign, true
}

// collectTerms turns terms sorted by day into their nonzero same-day totals
// as float64, in place. It reports false when an amount is outside the range
// it handles in float64; collectTermsScaled then takes over.
func collectTerms(terms []rateTerm, unit float64, amount func(int) decimal.Decimal) ([]rateTerm, bool) {
	w := 0
	for r := 0; r < len(terms); {
		e := r + 1
		for e < len(terms) && terms[e].day == terms[r].day {
			e++
		}
		var f float64
		var sign int
		if e == r+1 {
			d := amount(terms[r].idx)
			f, sign = decimalFloat(d), d.Sign()
		} else {
			var ok bool
			if f, sign, ok = exactSum(terms[r:e], amount); !ok {
				s := decimal.Zero
				for _, g := range terms[r:e] {
					s = s.Add(amount(g.idx))
				}
				f, sign = s.InexactFloat64(), s.Sign()
			}
		}
		if sign != 0 {
			if a := math.Abs(f); !(a >= 1e-290 && a <= 1e290) {
				return terms, false
			}
			terms[w] = rateTerm{day: terms[r].day, a: f, idx: terms[r].idx}
			w++
		}
		r = e
	}
	terms = terms[:w]
	for i := range terms {
		terms[i].t = float64(terms[i].day-terms[0].day) / unit
	}
	return terms, true
}

// collectTermsScaled is the slow path of collectTerms for amounts beyond the
// float64 range: it sums in decimal and scales all totals by a power of ten
// so that the largest is near 1, which does not change the rate.
func collectTermsScaled(terms []rateTerm, n int, unit float64, day func(int) int64,
	amount func(int) decimal.Decimal, path func(int) string) ([]rateTerm, error) {
	order := make([]int, n)
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(i, j int) int { return cmp.Compare(day(i), day(j)) })
	type total struct {
		day   int64
		first int
		sum   decimal.Decimal
	}
	var totals []total
	for _, i := range order {
		if k := len(totals) - 1; k >= 0 && totals[k].day == day(i) {
			totals[k].sum = totals[k].sum.Add(amount(i))
			continue
		}
		totals = append(totals, total{day: day(i), first: i, sum: amount(i)})
	}
	mag := int64(math.MinInt64)
	for _, tt := range totals {
		if !tt.sum.IsZero() {
			mag = max(mag, int64(tt.sum.NumDigits())+int64(tt.sum.Exponent()))
		}
	}
	for _, tt := range totals {
		if tt.sum.IsZero() {
			continue
		}
		shift := int64(tt.sum.Exponent()) - mag
		f := tt.sum.InexactFloat64() // fallback when the shift cannot be represented
		if shift >= math.MinInt32 && shift <= math.MaxInt32 {
			f = decimal.NewFromBigInt(tt.sum.Coefficient(), int32(shift)).InexactFloat64()
		}
		if a := math.Abs(f); !(a >= 1e-290 && a <= 1e290) {
			return nil, contract.Field(path(tt.first),
				fmt.Errorf("%s is too small next to the largest amount to solve for a rate: %w",
					tt.sum, contract.ErrRange))
		}
		terms = append(terms, rateTerm{day: tt.day, a: f, idx: tt.first})
	}
	for i := range terms {
		terms[i].t = float64(terms[i].day-terms[0].day) / unit
	}
	return terms, nil
}

// solveRate returns the only rate r > -1 with Σ a_i (1+r)^(−t_i) = 0, for
// terms sorted by t with t_0 = 0 and nonzero amounts.
func solveRate(terms []rateTerm) (float64, error) {
	n := len(terms)
	if n == 0 {
		return 0, fmt.Errorf("all amounts are zero: %w", ErrNoRoot)
	}
	changes, k := 0, 0
	for i := 1; i < n; i++ {
		if (terms[i].a > 0) != (terms[i-1].a > 0) {
			changes++
			if changes == 1 {
				k = i
			}
		}
	}
	if changes == 0 {
		return 0, fmt.Errorf("every nonzero amount has the same sign: %w", ErrNoRoot)
	}
	// Beyond [xlo, xhi] the first (or last) term outweighs all others.
	m := n - 1
	var restHi, restLo float64
	for i := range terms {
		if i > 0 {
			restHi += math.Abs(terms[i].a)
		}
		if i < m {
			restLo += math.Abs(terms[i].a)
		}
	}
	xhi, xlo := 0.0, 0.0
	if a0 := math.Abs(terms[0].a); restHi > a0 {
		xhi = math.Log(restHi/a0) / terms[1].t
	}
	if am := math.Abs(terms[m].a); restLo > am {
		xlo = -math.Log(restLo/am) / (terms[m].t - terms[m-1].t)
	}
	xhi = xhi*(1+1e-9) + 1
	xlo = xlo*(1+1e-9) - 1

	var x float64
	if changes == 1 {
		x = solveOneChange(terms, k, xlo, xhi)
	} else {
		s := rootSearch{terms: terms, eps: float64(n+4) * 0x1p-52}
		s.search(s.at(xlo, terms[m].t), s.at(0, terms[m].t), terms[m].t)
		if s.found < 2 && !s.repeated {
			s.search(s.at(0, 0), s.at(xhi, 0), 0)
		}
		if s.found >= 2 && math.Abs(s.roots[1]-s.roots[0]) <= 1e-6*max(1, math.Abs(s.roots[0])) {
			s.repeated = true // two crossings in the rounding noise of one touching root
		}
		switch {
		case s.repeated:
			return 0, fmt.Errorf("rate %.10g is a repeated root, or rates are too close to separate: %w",
				math.Expm1(s.roots[0]), ErrMultipleRoots)
		case s.found >= 2:
			return 0, fmt.Errorf("rates %.10g and %.10g both solve the flows: %w",
				math.Expm1(s.roots[0]), math.Expm1(s.roots[1]), ErrMultipleRoots)
		case s.found == 0:
			return 0, fmt.Errorf("the amounts change sign %d times but no rate solves them: %w",
				changes, ErrNoRoot)
		}
		x = s.roots[0]
	}
	r := math.Expm1(x)
	if math.IsInf(r, 1) {
		return 0, fmt.Errorf("the rate e^%.6g−1 exceeds the float64 range: %w", x, ErrNoRoot)
	}
	if r <= -1 {
		return 0, fmt.Errorf("the rate e^%.6g−1 is too close to -1 for a float64: %w", x, ErrNoRoot)
	}
	return r, nil
}

// solveOneChange returns the only root x of f when the amounts change sign
// once, at index k. g(x) = e^(x·c)·f(x) with c = t_k is strictly monotone,
// with the sign of a_0: the terms before c grow with x, the others shrink.
func solveOneChange(terms []rateTerm, k int, xlo, xhi float64) float64 {
	var f0, pos, neg, tpos, tneg float64
	for _, tr := range terms {
		f0 += tr.a
		if tr.a > 0 {
			pos += tr.a
			tpos += tr.a * tr.t
		} else {
			neg -= tr.a
			tneg -= tr.a * tr.t
		}
	}
	s := 1.0
	if terms[0].a < 0 {
		s = -1
	}
	if f0 == 0 {
		return 0
	}
	lo, hi := 0.0, xhi
	if (f0 > 0) == (s > 0) {
		lo, hi = xlo, 0
	}
	// Guess from two lumps: pos·e^(−x·tpos) = neg·e^(−x·tneg).
	x := math.Log(pos/neg) / (tpos/pos - tneg/neg)
	if !(x > lo && x < hi) {
		x = max(lo, -1) + (min(hi, 1)-max(lo, -1))/2
	}
	return refineRoot(terms, terms[k].t, s, lo, hi, x)
}

// rateEval returns g(x) = Σ a_i·e^(x·(c−t_i) − M) and its derivative, for a
// positive scale e^(−M) chosen so that no exponent is positive.
func rateEval(terms []rateTerm, x, c float64) (g, dg float64) {
	last := terms[len(terms)-1].t
	scale := max(x*c, x*(c-last)) // the largest exponent: t is in [0, last]
	for _, tr := range terms {
		d := c - tr.t
		e := math.Exp(x*d - scale)
		g += tr.a * e
		dg += tr.a * d * e
	}
	return g, dg
}

// refineRoot returns the root of g(x) = e^(x·c)·f(x) in (lo, hi) where s·g
// is increasing, s·g(lo) < 0 < s·g(hi), starting at x: Newton steps that
// stay inside the bracket and shrink fast enough, bisection otherwise
// (Numerical Recipes' rtsafe). It stops when a step is below 2^−50·max(1,|x|),
// or when two Newton steps in a row show that the error left is below that.
func refineRoot(terms []rateTerm, c, s, lo, hi, x float64) float64 {
	dx := hi - lo
	newton := false // whether the last step was a Newton step
	for range 400 {
		g, dg := rateEval(terms, x, c)
		g, dg = s*g, s*dg
		if g == 0 {
			return x
		}
		if g < 0 {
			lo = x
		} else {
			hi = x
		}
		dxOld := dx
		next := x - g/dg
		wasNewton := newton
		newton = next > lo && next < hi && math.Abs(2*g) <= math.Abs(dxOld*dg)
		if !newton {
			next = lo + (hi-lo)/2
		}
		dx = next - x
		x = next
		tol := 0x1p-50 * max(1, math.Abs(x))
		if math.Abs(dx) <= tol || hi-lo <= tol {
			return x
		}
		// Two Newton steps in a row estimate the quadratic convergence
		// constant K = |dx|/|dxOld|²; the error left after this step is
		// about K·dx², so stop when that is far below tol.
		if wasNewton && newton && math.Abs(dx) < 1e-4*math.Abs(dxOld) &&
			math.Abs(dx)*dx*dx <= tol/16*dxOld*dxOld {
			return x
		}
	}
	return x
}

// rootSearch finds the roots of f by branch and bound, stopping at two.
type rootSearch struct {
	terms    []rateTerm
	eps      float64 // relative rounding error bound of a sum of n positive terms
	found    int
	roots    [2]float64
	repeated bool // an interval could not be resolved: a (near) double root
}

// rootPoint holds, at x, the positive and negative parts of
// f̃(x) = Σ a_i e^(−x(t_i−τ)) and of its derivative. With τ = 0 for x >= 0
// and τ = t_last for x <= 0 no exponent is positive, and every part is
// monotone in x, so the values at the ends of an interval bound it inside.
type rootPoint struct{ x, p, n, dp, dn float64 }

func (s *rootSearch) at(x, tau float64) rootPoint {
	pt := rootPoint{x: x}
	for _, tr := range s.terms {
		d := tau - tr.t
		e := math.Exp(x * d)
		if v := tr.a * e; v > 0 {
			pt.p += v
		} else {
			pt.n -= v
		}
		if v := tr.a * d * e; v > 0 {
			pt.dp += v
		} else {
			pt.dn -= v
		}
	}
	return pt
}

// search looks for roots in (lo.x, hi.x] with scaling time tau.
func (s *rootSearch) search(lo, hi rootPoint, tau float64) {
	if s.found >= 2 || s.repeated {
		return
	}
	pmin, pmax := min(lo.p, hi.p), max(lo.p, hi.p)
	nmin, nmax := min(lo.n, hi.n), max(lo.n, hi.n)
	margin := s.eps * (pmax + nmax)
	if pmin-nmax > margin || nmin-pmax > margin {
		return // f̃ keeps one sign
	}
	dpmin, dpmax := min(lo.dp, hi.dp), max(lo.dp, hi.dp)
	dnmin, dnmax := min(lo.dn, hi.dn), max(lo.dn, hi.dn)
	dmargin := s.eps * (dpmax + dnmax)
	if up := dpmin-dnmax > dmargin; up || dnmin-dpmax > dmargin {
		// f̃ is strictly monotone: at most one root.
		ga, gb := lo.p-lo.n, hi.p-hi.n
		switch {
		case gb == 0:
			s.record(hi.x)
		case ga != 0 && (ga > 0) != (gb > 0):
			sign := 1.0
			if !up {
				sign = -1
			}
			s.record(refineRoot(s.terms, tau, sign, lo.x, hi.x, lo.x+(hi.x-lo.x)/2))
		}
		return
	}
	mid := lo.x + (hi.x-lo.x)/2
	if hi.x-lo.x <= 1e-12*max(1, math.Abs(mid)) || mid <= lo.x || mid >= hi.x {
		s.repeated = true
		s.roots[0] = mid
		return
	}
	m := s.at(mid, tau)
	s.search(lo, m, tau)
	s.search(m, hi, tau)
}

func (s *rootSearch) record(x float64) {
	if s.found < len(s.roots) {
		s.roots[s.found] = x
	}
	s.found++
}
