// Package exact gives the results of shopspring/decimal's Add, Sub,
// Mul+Round and DivRound, the very same decimals (value and exponent),
// worked out in 64- and 128-bit integers when the operands' coefficients
// are small, as money and rates in a run are, and by decimal otherwise.
// A decimal operation allocates a few big integers; these allocate the
// result's one, or none when an operand is a zero that leaves the other
// unchanged. The engine and the contracts call them on paths that run
// every period.
package exact

import (
	"math/bits"

	"github.com/shopspring/decimal"
)

// maxDigits is the most digits a coefficient may have for the integer
// paths: the sum or difference of two such is below 2^63, and so is
// their product's 128-bit quotient once scaled.
const maxDigits = 18

var pow10 = func() (p [20]uint64) {
	p[0] = 1
	for i := 1; i < len(p); i++ {
		p[i] = p[i-1] * 10
	}
	return
}()

// small returns d's coefficient when it has at most maxDigits digits.
func small(d decimal.Decimal) (int64, bool) {
	if d.NumDigits() > maxDigits {
		return 0, false
	}
	return d.CoefficientInt64(), true
}

// Add is a.Add(b).
func Add(a, b decimal.Decimal) decimal.Decimal {
	switch {
	case b.IsZero() && b.Exponent() >= a.Exponent():
		return a
	case a.IsZero() && a.Exponent() >= b.Exponent():
		return b
	case a.Exponent() == b.Exponent():
		if x, ok := small(a); ok {
			if y, ok := small(b); ok {
				return decimal.New(x+y, a.Exponent())
			}
		}
	}
	return a.Add(b)
}

// Sub is a.Sub(b).
func Sub(a, b decimal.Decimal) decimal.Decimal {
	switch {
	case b.IsZero() && b.Exponent() >= a.Exponent():
		return a
	case a.Exponent() == b.Exponent():
		if x, ok := small(a); ok {
			if y, ok := small(b); ok {
				return decimal.New(x-y, a.Exponent())
			}
		}
	}
	return a.Sub(b)
}

// abs is |x| as a uint64, and whether x is negative.
func abs(x int64) (uint64, bool) {
	if x < 0 {
		return uint64(-x), true
	}
	return uint64(x), false
}

// signed is ±q when it fits an int64.
func signed(q uint64, neg bool) (int64, bool) {
	if q >= 1<<63 {
		return 0, false
	}
	if neg {
		return -int64(q), true
	}
	return int64(q), true
}

// quoRound is (hi, lo)/den rounded half away from zero (of the magnitude),
// and whether it fits 64 bits.
func quoRound(hi, lo, den uint64) (uint64, bool) {
	if hi >= den {
		return 0, false
	}
	q, r := bits.Div64(hi, lo, den)
	if r >= den-r { // 2r ≥ den, without overflow
		q++
		if q == 0 {
			return 0, false
		}
	}
	return q, true
}

// MulRound is a.Mul(b).Round(places).
func MulRound(a, b decimal.Decimal, places int32) decimal.Decimal {
	x, okA := small(a)
	y, okB := small(b)
	if okA && okB {
		ux, negX := abs(x)
		uy, negY := abs(y)
		neg := negX != negY
		hi, lo := bits.Mul64(ux, uy)
		e := int64(a.Exponent()) + int64(b.Exponent())
		switch k := -int64(places) - e; {
		case k == 0:
			if hi == 0 {
				if c, ok := signed(lo, neg); ok {
					return decimal.New(c, -places)
				}
			}
		case k < 0 && -k < int64(len(pow10)):
			if hi == 0 {
				h, l := bits.Mul64(lo, pow10[-k])
				if h == 0 {
					if c, ok := signed(l, neg); ok {
						return decimal.New(c, -places)
					}
				}
			}
		case k > 0 && k < int64(len(pow10)):
			if q, ok := quoRound(hi, lo, pow10[k]); ok {
				if c, ok := signed(q, neg); ok {
					return decimal.New(c, -places)
				}
			}
		}
	}
	return a.Mul(b).Round(places)
}

// DivRound is a.DivRound(b, places); b must not be zero.
func DivRound(a, b decimal.Decimal, places int32) decimal.Decimal {
	x, okA := small(a)
	y, okB := small(b)
	if okA && okB && y != 0 {
		ux, negX := abs(x)
		uy, negY := abs(y)
		neg := negX != negY
		// a/b·10^places = x·10^s / y.
		s := int64(a.Exponent()) - int64(b.Exponent()) + int64(places)
		var hi, lo, den uint64
		ok := false
		switch {
		case s >= 0 && s < int64(len(pow10)):
			hi, lo = bits.Mul64(ux, pow10[s])
			den, ok = uy, true
		case s < 0 && -s < int64(len(pow10)):
			var h uint64
			h, den = bits.Mul64(uy, pow10[-s])
			lo, ok = ux, h == 0
		}
		if ok {
			if q, ok := quoRound(hi, lo, den); ok {
				if c, ok := signed(q, neg); ok {
					return decimal.New(c, -places)
				}
			}
		}
	}
	return a.DivRound(b, places)
}
