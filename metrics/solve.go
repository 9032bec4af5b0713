package metrics

import (
	"fmt"
	"math"
)

// solveRate returns the rate r > -1 with Σ a_i (1+r)^(−t_i) = 0 that o
// asks for, for terms sorted by t with t_0 = 0 and nonzero amounts, and
// options checked by the caller.
func solveRate(terms []rateTerm, o Options) (float64, error) {
	changes, k, err := signChanges(terms)
	if err != nil {
		return 0, err
	}
	var x float64
	if changes == 1 {
		xlo, xhi := rootBounds(terms)
		x = solveOneChange(terms, k, xlo, xhi)
		if r := math.Expm1(x); !o.inRange(r) {
			return 0, fmt.Errorf("the only rate, %.10g, is outside [%v, %v]: %w", r, o.Lo, o.Hi, ErrNoRoot)
		}
	} else {
		xs, err := searchRoots(terms, o)
		switch {
		case err != nil:
			return 0, err
		case len(xs) == 0 && (o.Lo != 0 || o.Hi != 0):
			return 0, fmt.Errorf("no rate in [%v, %v] solves the flows: %w", o.Lo, o.Hi, ErrNoRoot)
		case len(xs) == 0:
			return 0, fmt.Errorf("the amounts change sign %d times but no rate solves them: %w", changes, ErrNoRoot)
		case len(xs) > 1 && o.Choose == OnlyRoot:
			return 0, &MultipleRootsError{Roots: rootsToRates(xs)}
		}
		x = choose(xs, o)
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

// rootsOf returns every rate r > -1 in o's range with Σ a_i (1+r)^(−t_i)
// = 0, ascending, a repeated root twice; none when no rate solves them.
func rootsOf(terms []rateTerm, o Options) ([]float64, error) {
	changes, k, err := signChanges(terms)
	if err != nil {
		return nil, nil // no rate solves the flows: no roots, not an error
	}
	if changes == 1 {
		xlo, xhi := rootBounds(terms)
		if r := math.Expm1(solveOneChange(terms, k, xlo, xhi)); o.inRange(r) {
			return []float64{r}, nil
		}
		return nil, nil
	}
	xs, err := searchRoots(terms, o)
	if err != nil {
		return nil, err
	}
	return rootsToRates(xs), nil
}

// signChanges returns the number of sign changes of the amounts and the
// index of the first term after the first change, or an error wrapping
// ErrNoRoot when there are no terms or no change.
func signChanges(terms []rateTerm) (changes, k int, err error) {
	if len(terms) == 0 {
		return 0, 0, fmt.Errorf("all amounts are zero: %w", ErrNoRoot)
	}
	for i := 1; i < len(terms); i++ {
		if (terms[i].a > 0) != (terms[i-1].a > 0) {
			changes++
			if changes == 1 {
				k = i
			}
		}
	}
	if changes == 0 {
		return 0, 0, fmt.Errorf("every nonzero amount has the same sign: %w", ErrNoRoot)
	}
	return changes, k, nil
}

// choose returns the root of xs (in x = ln(1+r), ascending) that o.Choose
// picks; ties go to the lower root.
func choose(xs []float64, o Options) float64 {
	best, bestD := xs[0], math.Inf(1)
	for _, x := range xs {
		r := math.Expm1(x)
		d := math.Abs(r)
		if o.Choose == NearestGuess {
			d = math.Abs(r - o.Guess)
		}
		if d < bestD {
			best, bestD = x, d
		}
	}
	return best
}

// searchRoots returns every root x = ln(1+r) of f(x) = Σ a_i e^(−x·t_i)
// with r in o's range, ascending, a repeated root twice.
func searchRoots(terms []rateTerm, o Options) ([]float64, error) {
	xlo, xhi := rootBounds(terms)
	a, b, _ := o.xRange(true) // checked by the caller
	a, b = max(a, xlo), min(b, xhi)
	if !(a <= b) {
		return nil, nil
	}
	n := len(terms)
	budget := max(1<<10, searchWork/n)
	s := rootSearch{eps: float64(n+4) * 0x1p-52, budget: budget}
	switch tm := terms[n-1].t; {
	case b <= 0:
		s.search(terms, s.at(terms, a, tm), s.at(terms, b, tm), tm)
	case a >= 0:
		s.search(terms, s.at(terms, a, 0), s.at(terms, b, 0), 0)
	default:
		s.search(terms, s.at(terms, a, tm), s.at(terms, 0, tm), tm)
		s.search(terms, s.at(terms, 0, 0), s.at(terms, b, 0), 0)
	}
	if s.exhausted {
		return nil, fmt.Errorf("the rates that solve the flows cannot be told apart in %d evaluations of their sum "+
			"(a root of high multiplicity): %w", budget, ErrMultipleRoots)
	}
	var xs []float64
	for _, x := range s.roots {
		if o.inRange(math.Expm1(x)) {
			xs = append(xs, x)
		}
	}
	return xs, nil
}

// rootsToRates returns the rates r = e^x − 1 of roots x.
func rootsToRates(xs []float64) []float64 {
	rs := make([]float64, len(xs))
	for i, x := range xs {
		rs[i] = math.Expm1(x)
	}
	return rs
}

// rootBounds returns an interval [xlo, xhi] in x = ln(1+r) outside which
// the first (or last) term outweighs all others, so no root is outside.
func rootBounds(terms []rateTerm) (xlo, xhi float64) {
	m := len(terms) - 1
	var restHi, restLo float64
	for i := range terms {
		if i > 0 {
			restHi += math.Abs(terms[i].a)
		}
		if i < m {
			restLo += math.Abs(terms[i].a)
		}
	}
	if a0 := math.Abs(terms[0].a); restHi > a0 && m > 0 {
		xhi = math.Log(restHi/a0) / terms[1].t
	}
	if am := math.Abs(terms[m].a); restLo > am && m > 0 {
		xlo = -math.Log(restLo/am) / (terms[m].t - terms[m-1].t)
	}
	return xlo*(1+1e-9) - 1, xhi*(1+1e-9) + 1
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

// searchWork bounds the work of one root search: at most
// max(1024, searchWork/len(terms)) evaluations of the sum. A search needs
// about 60 per root and per turning point of the sum. Only a root of
// multiplicity three or more comes near the bound: around it the sum and
// its slope stay so small that ever narrower intervals are needed to tell
// their signs.
const searchWork = 1 << 22

// rootSearch finds every root of f by branch and bound.
// The terms are an argument of its methods, not a field, so that they
// do not escape to the heap with the roots.
type rootSearch struct {
	eps       float64   // relative rounding error bound of a sum of n positive terms
	roots     []float64 // ascending; a repeated root twice
	budget    int       // evaluations left
	exhausted bool      // the budget ran out
	// The last interval where f̃ is within its rounding error, and the
	// root recorded for it.
	flatStart, flatEnd, flatMid float64
}

// rootPoint holds, at x, the positive and negative parts of
// f̃(x) = Σ a_i e^(−x(t_i−τ)) and of its derivative. With τ = 0 for x >= 0
// and τ = t_last for x <= 0 no exponent is positive, and every part is
// monotone in x, so the values at the ends of an interval bound it inside.
type rootPoint struct{ x, p, n, dp, dn float64 }

func (s *rootSearch) at(terms []rateTerm, x, tau float64) rootPoint {
	s.budget--
	pt := rootPoint{x: x}
	for _, tr := range terms {
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

// search looks for roots in (lo.x, hi.x] with scaling time tau, in
// increasing order of x.
func (s *rootSearch) search(terms []rateTerm, lo, hi rootPoint, tau float64) {
	if s.exhausted {
		return
	}
	if s.budget <= 0 {
		s.exhausted = true
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
			s.record(refineRoot(terms, tau, sign, lo.x, hi.x, lo.x+(hi.x-lo.x)/2))
		}
		return
	}
	mid := lo.x + (hi.x-lo.x)/2
	if hi.x-lo.x <= 1e-12*max(1, math.Abs(mid)) || mid <= lo.x || mid >= hi.x {
		s.flat(lo.x, hi.x) // too narrow to split: a (near) repeated root
		return
	}
	m := s.at(terms, mid, tau)
	// By the mean value theorem |f̃| <= |f̃(mid)| + max|f̃'|·(hi−lo)/2 on
	// the interval; when that is within the rounding error of the sum,
	// no root in it can be told from another: a repeated root.
	slope := max(math.Abs(dpmax-dnmin), math.Abs(dnmax-dpmin))
	if math.Abs(m.p-m.n)+slope*(hi.x-lo.x)/2 <= 2*s.eps*(m.p+m.n) {
		s.flat(lo.x, hi.x)
		return
	}
	s.search(terms, lo, m, tau)
	s.search(terms, m, hi, tau)
}

// flat records that f̃ is within its rounding error on [a, b]: a repeated
// root at its middle. It merges [a, b] with the previous such interval
// when no other root lies between them and they are closer than their
// widths: around a root of multiplicity three or more such intervals
// alternate with short ones where the sign of f̃ can be told.
func (s *rootSearch) flat(a, b float64) {
	if k := len(s.roots); k >= 2 && s.roots[k-1] == s.roots[k-2] && s.roots[k-1] == s.flatMid &&
		a-s.flatEnd <= (s.flatEnd-s.flatStart)+(b-a) {
		s.flatEnd = b
	} else {
		s.flatStart, s.flatEnd = a, b
		s.roots = append(s.roots, 0, 0)
	}
	s.flatMid = s.flatStart + (s.flatEnd-s.flatStart)/2
	s.roots[len(s.roots)-1], s.roots[len(s.roots)-2] = s.flatMid, s.flatMid
}

func (s *rootSearch) record(x float64) {
	s.roots = append(s.roots, x)
}
