// Package oracle holds the test oracles of the module: second methods for
// figures the library computes, written once and independently of the code
// they check, so that a test compares two ways of getting one number.
//
// The library's metrics.XIRR and metrics.IRR find a rate by safeguarded
// Newton steps on an exponential sum, with a branch-and-bound search when
// the flows change sign more than once. [XIRR] and [IRR] here use plain
// bisection on the sign of the net present value, which needs nothing but
// the flows changing sign exactly once, and [XIRRBasis] does the same with
// day counts of its own ([YearFraction]); [XNPV] evaluates a present value
// in 200-bit big.Float arithmetic with its own series for exp and ln.
// They share no code with the library: even the days between dates are
// counted here from the Unix times of UTC midnights.
//
// The package is for tests; nothing outside _test.go files imports it.
package oracle

import (
	"math"
	"math/big"
	"slices"
	"time"

	"github.com/shopspring/decimal"
)

// XIRR returns the annual effective rate r > -1 at which
//
//	Σ amounts[i] · (1+r)^(−(d_i − d_0)/365) = 0
//
// where d_i − d_0 is the number of calendar days from the earliest of
// dates to dates[i] (each date's year, month and day; clock and zone do
// not count). Amounts on the same date add up.
//
// It finds the rate by bisection on x = ln(1+r), evaluating the net
// present value in float64 with compensated summation, until the bracket
// is as narrow as float64 allows (about 1e-15 relative in 1+r). ok is false
// unless the nonzero same-date totals, in date order, change sign exactly
// once (then exactly one rate exists), or when that rate is beyond
// e^±700 in 1+r. dates and amounts must have the same length.
func XIRR(dates []time.Time, amounts []decimal.Decimal) (rate float64, ok bool) {
	if len(dates) != len(amounts) || len(dates) == 0 {
		return 0, false
	}
	days := make([]int64, len(dates))
	for i, d := range dates {
		y, m, dd := d.Date()
		days[i] = time.Date(y, m, dd, 0, 0, 0, 0, time.UTC).Unix() / 86400
	}
	first := slices.Min(days)
	ts := make([]float64, len(days))
	for i, d := range days {
		ts[i] = float64(d-first) / 365
	}
	return solve(days, ts, amounts)
}

// Basis is a day count convention of the oracle's own, written from the
// 2006 ISDA Definitions, Section 4.16, without looking at package
// contract: ACT/ACT ISDA counts the days one at a time, each 1/366 in a
// leap year and 1/365 otherwise, where contract splits the period at year
// ends.
type Basis int

// The bases.
const (
	Actual365Fixed   Basis = iota // days/365
	Actual360                     // days/360
	Thirty360US                   // 30/360 US (SIA), with its February end-of-month rules
	Thirty360E                    // 30E/360: a day 31 becomes 30 at either end
	ActualActualISDA              // days in leap years/366 + days in other years/365
)

// YearFraction returns the years from from to to (from <= to) under b, as
// an exact rational, and a key that is equal for two dates exactly when
// their fractions from the same from are equal.
func YearFraction(b Basis, from, to time.Time) (years *big.Rat, key int64) {
	civil := func(t time.Time) time.Time {
		y, m, d := t.Date()
		return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
	}
	from, to = civil(from), civil(to)
	days := (to.Unix() - from.Unix()) / 86400
	switch b {
	case Actual360:
		return big.NewRat(days, 360), days
	case Thirty360US, Thirty360E:
		n := thirty360(b, from, to)
		return big.NewRat(n, 360), n
	case ActualActualISDA:
		var inLeap, inOther int64
		for d := from; d.Before(to); d = d.Add(24 * time.Hour) {
			if y := d.Year(); y%4 == 0 && (y%100 != 0 || y%400 == 0) {
				inLeap++
			} else {
				inOther++
			}
		}
		return new(big.Rat).Add(big.NewRat(inLeap, 366), big.NewRat(inOther, 365)), days
	default:
		return big.NewRat(days, 365), days
	}
}

// thirty360 returns the 30/360 day count from from to to.
func thirty360(b Basis, from, to time.Time) int64 {
	y1, m1, d1 := from.Date()
	y2, m2, d2 := to.Date()
	if b == Thirty360E {
		d1, d2 = min(d1, 30), min(d2, 30)
	} else {
		lastFeb := func(t time.Time) bool { return t.Month() == time.February && t.AddDate(0, 0, 1).Month() == time.March }
		if lastFeb(from) && lastFeb(to) {
			d2 = 30
		}
		if lastFeb(from) {
			d1 = 30
		}
		if d2 == 31 && d1 >= 30 {
			d2 = 30
		}
		if d1 == 31 {
			d1 = 30
		}
	}
	return 360*int64(y2-y1) + 30*int64(m2-m1) + int64(d2-d1)
}

// XIRRBasis returns the annual effective rate r > -1 at which
//
//	Σ amounts[i] · (1+r)^(−YearFraction(b, d_0, d_i)) = 0
//
// where d_0 is the earliest date, by the bisection of [XIRR] and with its
// conditions on ok. Amounts whose dates have the same year fraction add
// up.
func XIRRBasis(b Basis, dates []time.Time, amounts []decimal.Decimal) (rate float64, ok bool) {
	if len(dates) != len(amounts) || len(dates) == 0 {
		return 0, false
	}
	first := dates[0]
	for _, d := range dates {
		if d.Before(first) {
			first = d
		}
	}
	keys := make([]int64, len(dates))
	ts := make([]float64, len(dates))
	for i, d := range dates {
		years, key := YearFraction(b, first, d)
		keys[i] = key
		ts[i], _ = years.Float64()
	}
	return solve(keys, ts, amounts)
}

// IRR returns the rate per period r > -1 at which
//
//	Σ values[i] · (1+r)^(−i) = 0
//
// by the bisection of [XIRR], with the same conditions on ok.
func IRR(values []decimal.Decimal) (rate float64, ok bool) {
	if len(values) == 0 {
		return 0, false
	}
	keys := make([]int64, len(values))
	ts := make([]float64, len(values))
	for i := range values {
		keys[i], ts[i] = int64(i), float64(i)
	}
	return solve(keys, ts, values)
}

// solve bisects for the root of Σ a_i e^(−x t_i) for terms keyed by
// date (or period) key, with times t in years (or periods).
func solve(keys []int64, ts []float64, amounts []decimal.Decimal) (float64, bool) {
	// Exact same-key totals, to count sign changes.
	totals := map[int64]decimal.Decimal{}
	for i, k := range keys {
		totals[k] = totals[k].Add(amounts[i])
	}
	sorted := make([]int64, 0, len(totals))
	for k := range totals {
		sorted = append(sorted, k)
	}
	slices.Sort(sorted)
	var signs []int
	for _, k := range sorted {
		if s := totals[k].Sign(); s != 0 {
			signs = append(signs, s)
		}
	}
	changes := 0
	for i := 1; i < len(signs); i++ {
		if signs[i] != signs[i-1] {
			changes++
		}
	}
	if changes != 1 {
		return 0, false
	}
	as := make([]float64, len(amounts))
	for i, a := range amounts {
		as[i] = a.InexactFloat64()
	}
	// As x → +∞ the earliest total decides the sign; as x → −∞ the latest.
	early, late := signs[0], signs[len(signs)-1]
	npvSign := func(x float64) int {
		top := math.Inf(-1)
		for _, t := range ts {
			top = max(top, -x*t)
		}
		var sum, c float64 // Neumaier's compensated sum
		for i, t := range ts {
			v := as[i] * math.Exp(-x*t-top)
			s := sum + v
			if math.Abs(sum) >= math.Abs(v) {
				c += (sum - s) + v
			} else {
				c += (v - s) + sum
			}
			sum = s
		}
		switch sum += c; {
		case sum > 0:
			return 1
		case sum < 0:
			return -1
		}
		return 0
	}
	const limit = 700.0
	lo, hi := -1.0, 1.0
	for npvSign(lo) != late {
		if lo *= 2; lo < -limit {
			return 0, false
		}
	}
	for npvSign(hi) != early {
		if hi *= 2; hi > limit {
			return 0, false
		}
	}
	for range 4000 {
		mid := lo + (hi-lo)/2
		if mid <= lo || mid >= hi {
			break
		}
		switch npvSign(mid) {
		case 0:
			return math.Expm1(mid), true
		case late:
			lo = mid
		default:
			hi = mid
		}
	}
	return math.Expm1(lo + (hi-lo)/2), true
}

// prec is the precision, in bits, of [XNPV].
const prec = 200

// XNPV returns Σ amounts[i]·(1+rate)^(−(d_i − d_0)/365) in 200-bit
// big.Float arithmetic, with days counted as in [XIRR]: the exact net
// present value at a float64 rate, to check the sign of a library's value
// on either side of a root. It computes ln(1+rate) and each power by
// series of its own (atanh for ln, Taylor with squaring for exp). rate
// must be greater than -1; dates and amounts must have the same length.
func XNPV(rate float64, dates []time.Time, amounts []decimal.Decimal) *big.Float {
	days := make([]int64, len(dates))
	for i, d := range dates {
		y, m, dd := d.Date()
		days[i] = time.Date(y, m, dd, 0, 0, 0, 0, time.UTC).Unix() / 86400
	}
	first := int64(0)
	if len(days) > 0 {
		first = slices.Min(days)
	}
	lg := bigLn(new(big.Float).SetPrec(prec).Add(big.NewFloat(1).SetPrec(prec), big.NewFloat(rate)))
	sum := new(big.Float).SetPrec(prec)
	for i, d := range days {
		a, _, err := big.ParseFloat(amounts[i].String(), 10, prec, big.ToNearestEven)
		if err != nil { // unreachable: a decimal's String is a valid number
			panic(err)
		}
		e := new(big.Float).SetPrec(prec).Mul(lg, new(big.Float).SetPrec(prec).SetInt64(-(d - first)))
		e.Quo(e, new(big.Float).SetPrec(prec).SetInt64(365))
		sum.Add(sum, a.Mul(a, bigExp(e)))
	}
	return sum
}

// bigLn returns ln(y) for y > 0 at y's precision: y = m·2^k with m in
// [0.5, 1), ln m = 2·atanh((m-1)/(m+1)).
func bigLn(y *big.Float) *big.Float {
	p := y.Prec()
	m := new(big.Float).SetPrec(p)
	k := y.MantExp(m)
	res := bigAtanh2(m, p)
	ln2 := bigAtanh2(new(big.Float).SetPrec(p).SetInt64(2), p)
	return res.Add(res, ln2.Mul(ln2, new(big.Float).SetPrec(p).SetInt64(int64(k))))
}

// bigAtanh2 returns ln(m) = 2·atanh(z), z = (m-1)/(m+1), by its series.
func bigAtanh2(m *big.Float, p uint) *big.Float {
	one := new(big.Float).SetPrec(p).SetInt64(1)
	z := new(big.Float).SetPrec(p).Sub(m, one)
	z.Quo(z, new(big.Float).SetPrec(p).Add(m, one))
	z2 := new(big.Float).SetPrec(p).Mul(z, z)
	sum := new(big.Float).SetPrec(p).Set(z)
	pow := new(big.Float).SetPrec(p).Set(z)
	eps := new(big.Float).SetMantExp(one, -int(p)-8)
	for j := int64(3); ; j += 2 {
		pow.Mul(pow, z2)
		term := new(big.Float).SetPrec(p).Quo(pow, new(big.Float).SetInt64(j))
		sum.Add(sum, term)
		if new(big.Float).Abs(term).Cmp(eps) < 0 {
			break
		}
	}
	return sum.Mul(sum, new(big.Float).SetInt64(2))
}

// bigExp returns e^z: z = k·ln2 + w, e^w by Taylor on w/2^10, squared ten
// times.
func bigExp(z *big.Float) *big.Float {
	p := z.Prec()
	ln2 := bigAtanh2(new(big.Float).SetPrec(p).SetInt64(2), p)
	kf, _ := new(big.Float).Quo(z, ln2).Float64()
	k := int64(math.Round(kf))
	w := new(big.Float).SetPrec(p).Sub(z, new(big.Float).SetPrec(p).Mul(ln2, new(big.Float).SetInt64(k)))
	w.SetMantExp(w, -10)
	one := new(big.Float).SetPrec(p).SetInt64(1)
	sum := new(big.Float).SetPrec(p).Set(one)
	term := new(big.Float).SetPrec(p).Set(one)
	eps := new(big.Float).SetMantExp(one, -int(p)-8)
	for j := int64(1); ; j++ {
		term.Mul(term, w)
		term.Quo(term, new(big.Float).SetInt64(j))
		sum.Add(sum, term)
		if new(big.Float).Abs(term).Cmp(eps) < 0 {
			break
		}
	}
	for range 10 {
		sum.Mul(sum, sum)
	}
	return sum.SetMantExp(sum, int(k))
}
