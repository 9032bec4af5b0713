package exact

import (
	"math/bits"

	"github.com/shopspring/decimal"
)

// A Sum is a running sum of decimals: [Sum.Add] and [Sum.Sub] give what
// decimal's Add and Sub give, value and exponent (the smallest exponent of
// the terms), but the sum is kept in an int64 coefficient while it fits,
// so that its terms make no decimal in between; [Sum.Dec] makes the one
// decimal at the end, or none when the sum is a decimal it was given (its
// first term, or a term added to a zero it equals). Once the sum outgrows
// an int64 it is worked out by decimal, so the result is the same.
//
// A Sum is a value: a copy goes on from where the original stood.
type Sum struct {
	c   int64
	e   int32
	d   decimal.Decimal // the sum, when known is set
	has bool            // d is the sum
	big bool            // the sum outgrew c: d is the sum, worked out by decimal
}

// SumOf starts a sum at a.
func SumOf(a decimal.Decimal) Sum {
	if x, ok := small(a); ok {
		return Sum{c: x, e: a.Exponent(), d: a, has: true}
	}
	return Sum{d: a, has: true, big: true}
}

// Add adds b to the sum: s = s.Add(b).
func (s *Sum) Add(b decimal.Decimal) { s.add(b, false) }

// Sub takes b from the sum: s = s.Sub(b).
func (s *Sum) Sub(b decimal.Decimal) { s.add(b, true) }

func (s *Sum) add(b decimal.Decimal, neg bool) {
	if s.big {
		if neg {
			s.d = Sub(s.d, b)
		} else {
			s.d = Add(s.d, b)
		}
		return
	}
	be := b.Exponent()
	if b.IsZero() && be >= s.e { // nothing changes, not even the exponent
		return
	}
	if y, ok := small(b); ok {
		m := min(s.e, be)
		x, okX := scaled(s.c, s.e-m)
		y, okY := scaled(y, be-m)
		if neg {
			y = -y // |y| < 2^63: no overflow
		}
		if r, ok := add64(x, y); ok && okX && okY {
			if s.c == 0 && s.e >= be && !neg { // 0 + b, at b's exponent: b itself
				s.c, s.e, s.d, s.has = r, m, b, true
				return
			}
			s.c, s.e, s.has = r, m, false
			return
		}
	}
	a := s.Dec()
	if neg {
		s.d = Sub(a, b)
	} else {
		s.d = Add(a, b)
	}
	s.has, s.big = true, true
}

// AddCoef adds c·10^e: s.Add(decimal.New(c, e)), the same value and
// exponent, without making that decimal unless the sum outgrows an int64.
func (s *Sum) AddCoef(c int64, e int32) {
	if !s.big {
		if c == 0 && e >= s.e { // nothing changes, not even the exponent
			return
		}
		if e == s.e { // amounts of one minor unit, mostly
			if r, ok := add64(s.c, c); ok {
				s.c, s.has = r, false
				return
			}
		}
		m := min(s.e, e)
		x, okX := scaled(s.c, s.e-m)
		y, okY := scaled(c, e-m)
		if r, ok := add64(x, y); ok && okX && okY {
			s.c, s.e, s.has = r, m, false
			return
		}
	}
	s.add(decimal.New(c, e), false)
}

// Units returns d·10^scale, d in minor units of scale (cents at 2), when
// that is a whole number that fits an int64 and d's coefficient has at
// most 18 digits (a longer one is declined, as the integer paths do).
func Units(d decimal.Decimal, scale int32) (int64, bool) {
	c, ok := small(d)
	if !ok {
		return 0, false
	}
	return CoefUnits(c, d.Exponent(), scale)
}

// CoefUnits returns c·10^e in minor units of scale, c·10^(e+scale), when
// that is a whole number that fits an int64.
func CoefUnits(c int64, e, scale int32) (int64, bool) {
	switch k := int64(e) + int64(scale); {
	case k == 0 || c == 0:
		return c, true
	case k > 0:
		return scaled(c, int32(min(k, int64(len(pow10)))))
	case k > -maxDigits-1 && c%int64(pow10[-k]) == 0: // |c| < 10^19: past 10^18, a multiple only if 0
		return c / int64(pow10[-k]), true
	}
	return 0, false
}

// Dec returns the sum as a decimal, made once.
func (s *Sum) Dec() decimal.Decimal {
	if !s.has {
		s.d, s.has = decimal.New(s.c, s.e), true
	}
	return s.d
}

// IsZero reports whether the sum is zero.
func (s *Sum) IsZero() bool {
	if s.big {
		return s.d.IsZero()
	}
	return s.c == 0
}

// Cmp compares the sum with b as s.Dec().Cmp(b) does: -1, 0 or +1.
func (s *Sum) Cmp(b decimal.Decimal) int {
	if s.big {
		return Cmp(s.d, b)
	}
	if y, ok := small(b); ok {
		if c, ok := cmp64(s.c, s.e, y, b.Exponent()); ok {
			return c
		}
	}
	return Cmp(s.Dec(), b)
}

// Cmp is a.Cmp(b): -1, 0 or +1.
func Cmp(a, b decimal.Decimal) int {
	if x, ok := small(a); ok {
		if y, ok := small(b); ok {
			if c, ok := cmp64(x, a.Exponent(), y, b.Exponent()); ok {
				return c
			}
		}
	}
	return a.Cmp(b)
}

// cmp64 compares x·10^ex with y·10^ey, when both fit an int64 at the
// smaller exponent.
func cmp64(x int64, ex int32, y int64, ey int32) (int, bool) {
	m := min(ex, ey)
	x, okX := scaled(x, ex-m)
	y, okY := scaled(y, ey-m)
	switch {
	case !okX || !okY:
		return 0, false
	case x < y:
		return -1, true
	case x > y:
		return 1, true
	}
	return 0, true
}

// scaled is x·10^k for k ≥ 0, when it fits an int64.
func scaled(x int64, k int32) (int64, bool) {
	switch {
	case x == 0 || k == 0:
		return x, true
	case k >= int32(len(pow10)):
		return 0, false
	}
	u, neg := abs(x)
	hi, lo := bits.Mul64(u, pow10[k])
	if hi != 0 {
		return 0, false
	}
	return signed(lo, neg)
}

// add64 is x + y, when it fits an int64.
func add64(x, y int64) (int64, bool) {
	r := x + y
	// Overflow iff both have the same sign and the sum's differs.
	if (x >= 0) == (y >= 0) && (r >= 0) != (x >= 0) {
		return 0, false
	}
	return r, true
}
