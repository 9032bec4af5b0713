package metrics

import (
	"fmt"
	"math"
)

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
