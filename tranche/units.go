package tranche

import (
	"math/big"
	"math/bits"

	"github.com/shopspring/decimal"
)

// The book holds amounts as integers of minor units (units) and hurdle
// balances as 128-bit integers of 10^-AccrualPlaces (fixed), so that the
// per-party work of a run neither allocates nor does big-integer
// arithmetic. Every operation is exact: a units value that would overflow
// an int64 is held as a *big.Int, and a hurdle balance that would overflow
// 128 bits falls back to decimal arithmetic with the same rounding. The
// API speaks decimal.Decimal; values are converted at its edges.

// units is an exact amount in minor units: n when b is nil, otherwise b.
// The *big.Int is never changed once made, so units values may be copied
// and shared freely.
type units struct {
	n int64
	b *big.Int
}

func (u units) small() bool { return u.b == nil }

func (u units) bigInt() *big.Int {
	if u.b != nil {
		return u.b
	}
	return big.NewInt(u.n)
}

func fromBig(x *big.Int) units {
	if x.IsInt64() {
		return units{n: x.Int64()}
	}
	return units{b: x}
}

func (u units) add(v units) units {
	if u.b == nil && v.b == nil {
		s := u.n + v.n
		// Overflow iff both operands have the same sign and the sum's differs.
		if (u.n >= 0) != (v.n >= 0) || (s >= 0) == (u.n >= 0) {
			return units{n: s}
		}
	}
	return fromBig(new(big.Int).Add(u.bigInt(), v.bigInt()))
}

func (u units) sub(v units) units {
	if u.b == nil && v.b == nil {
		s := u.n - v.n
		if (u.n >= 0) == (v.n >= 0) || (s >= 0) == (u.n >= 0) {
			return units{n: s}
		}
	}
	return fromBig(new(big.Int).Sub(u.bigInt(), v.bigInt()))
}

func (u units) sign() int {
	if u.b != nil {
		return u.b.Sign()
	}
	switch {
	case u.n > 0:
		return 1
	case u.n < 0:
		return -1
	}
	return 0
}

func (u units) cmp(v units) int {
	switch {
	case u.b == nil && v.b == nil:
		switch {
		case u.n < v.n:
			return -1
		case u.n > v.n:
			return 1
		}
		return 0
	case u.b == nil:
		return -v.b.Sign() // v is beyond int64, so it is further from zero than u
	case v.b == nil:
		return u.b.Sign()
	}
	return u.b.Cmp(v.b)
}

func (u units) eq(v units) bool { return u.cmp(v) == 0 }

// dec returns u as a decimal of exponent -scale.
func (u units) dec(scale int32) decimal.Decimal {
	if u.b == nil {
		return decimal.New(u.n, -scale)
	}
	return decimal.NewFromBigInt(u.b, -scale)
}

var pow10 = func() (p [19]int64) {
	p[0] = 1
	for i := 1; i < len(p); i++ {
		p[i] = p[i-1] * 10
	}
	return
}()

// toUnits returns d in minor units at scale. d must be a whole number of
// minor units (see IsWhole); ok is false otherwise.
func toUnits(d decimal.Decimal, scale int32) (units, bool) {
	shift := int64(d.Exponent()) + int64(scale)
	if d.NumDigits() <= 18 {
		c := d.CoefficientInt64()
		switch {
		case shift == 0:
			return units{n: c}, true
		case shift < 0 && shift > -19:
			if c%pow10[-shift] != 0 {
				return units{}, false
			}
			return units{n: c / pow10[-shift]}, true
		case shift > 0 && shift < 19:
			hi, lo := bits.Mul64(uint64(max(c, -c)), uint64(pow10[shift]))
			if hi == 0 && lo < 1<<63 {
				if c < 0 {
					return units{n: -int64(lo)}, true
				}
				return units{n: int64(lo)}, true
			}
		}
	}
	if !IsWhole(d, scale) {
		return units{}, false
	}
	return fromBig(d.Shift(scale).BigInt()), true
}

// u128 is an unsigned 128-bit integer.
type u128 struct{ hi, lo uint64 }

func (a u128) isZero() bool { return a.hi == 0 && a.lo == 0 }

func (a u128) less(b u128) bool { return a.hi < b.hi || (a.hi == b.hi && a.lo < b.lo) }

func (a u128) plus(b u128) (u128, bool) {
	lo, c := bits.Add64(a.lo, b.lo, 0)
	hi, c := bits.Add64(a.hi, b.hi, c)
	return u128{hi, lo}, c == 0
}

func (a u128) minus(b u128) u128 { // a >= b
	lo, c := bits.Sub64(a.lo, b.lo, 0)
	hi, _ := bits.Sub64(a.hi, b.hi, c)
	return u128{hi, lo}
}

func (a u128) big() *big.Int {
	x := new(big.Int).SetUint64(a.hi)
	x.Lsh(x, 64)
	return x.Or(x, new(big.Int).SetUint64(a.lo))
}

// u128Of returns x as a u128; ok is false if x is negative or too large.
func u128Of(x *big.Int) (u128, bool) {
	if x.Sign() < 0 || x.BitLen() > 128 {
		return u128{}, false
	}
	lo := new(big.Int).And(x, new(big.Int).SetUint64(^uint64(0)))
	return u128{new(big.Int).Rsh(x, 64).Uint64(), lo.Uint64()}, true
}

// fixed is a hurdle balance: a signed 128-bit integer of
// 10^-AccrualPlaces, in sign and magnitude; neg is false for zero.
type fixed struct {
	neg bool
	mag u128
}

// add returns f + x; ok is false on overflow.
func (f fixed) add(x fixed) (fixed, bool) {
	if f.neg == x.neg {
		m, ok := f.mag.plus(x.mag)
		return fixed{f.neg && !m.isZero(), m}, ok && m.hi < 1<<63
	}
	if f.mag.less(x.mag) {
		return fixed{x.neg, x.mag.minus(f.mag)}, true
	}
	m := f.mag.minus(x.mag)
	return fixed{f.neg && !m.isZero(), m}, true
}

func (f fixed) dec() decimal.Decimal {
	x := f.mag.big()
	if f.neg {
		x.Neg(x)
	}
	return decimal.NewFromBigInt(x, -AccrualPlaces)
}

// fixedOfUnits returns u minor units at scale as a fixed balance.
func fixedOfUnits(u units, scale int32) (fixed, bool) {
	if u.b != nil {
		return fixed{}, false
	}
	m := uint64(u.n)
	if u.n < 0 {
		m = -m
	}
	hi, lo := bits.Mul64(m, uint64(pow10[AccrualPlaces-scale]))
	return fixed{u.n < 0 && (hi|lo) != 0, u128{hi, lo}}, true
}

// addUnits returns f plus n minor units at scale (minus, with neg); ok is
// false if the sum does not fit.
func (f fixed) addUnits(n int64, neg bool, scale int32) (fixed, bool) {
	if n == 0 {
		return f, true
	}
	x, _ := fixedOfUnits(units{n: n}, scale)
	x.neg = x.neg != neg
	return f.add(x)
}

// fixedOfDec returns d as a fixed balance if it has at most AccrualPlaces
// decimals and fits.
func fixedOfDec(d decimal.Decimal) (fixed, bool) {
	s := d.Shift(AccrualPlaces)
	if !s.IsInteger() {
		return fixed{}, false
	}
	x := s.BigInt()
	neg := x.Sign() < 0
	m, ok := u128Of(x.Abs(x))
	return fixed{neg, m}, ok && m.hi < 1<<63
}

// e20over8 is 10^20/8 = 5^20·2^17, 1.25·10^19: it has the top bit of a
// 64-bit word set, so bits.Div64 by it takes a whole limb a step.
const e20over8 = 12_500_000_000_000_000_000

// grow returns f·g rounded half away from zero to AccrualPlaces, where g
// is a growth factor in units of 10^-20 (contract.GrowthPlaces); ok is
// false if the result does not fit. It is decimal's
// f.Mul(g).Round(AccrualPlaces), done in 256-bit integers: the product P
// is divided by 10^20/8 limb by limb from the top, giving Q and a
// remainder R < 10^20/8. Then P = ⌊Q/8⌋·10^20 + (Q mod 8)·10^20/8 + R,
// so ⌊P/10^20⌋ = ⌊Q/8⌋, and P's remainder is at least half of 10^20,
// 4·10^20/8, exactly when Q mod 8 ≥ 4 (R adds less than one 10^20/8).
// A high limb that is zero and stays below the divisor is not divided.
func (f fixed) grow(g u128) (fixed, bool) {
	a, b := f.mag, g
	// 256-bit product, limbs p3 p2 p1 p0.
	h00, p0 := bits.Mul64(a.lo, b.lo)
	h01, l01 := bits.Mul64(a.lo, b.hi)
	h10, l10 := bits.Mul64(a.hi, b.lo)
	h11, l11 := bits.Mul64(a.hi, b.hi)
	var c uint64
	p1, c1 := bits.Add64(h00, l01, 0)
	p1, c2 := bits.Add64(p1, l10, 0)
	p2, c := bits.Add64(h01, h10, c1)
	p3 := h11 + c
	p2, c = bits.Add64(p2, l11, c2)
	p3 += c
	if p3 >= e20over8 {
		return fixed{}, false // Q ≥ 2^192
	}
	r, q2 := p3, uint64(0)
	if r != 0 || p2 >= e20over8 {
		q2, r = bits.Div64(r, p2, e20over8)
	} else {
		r = p2
	}
	q1, r := bits.Div64(r, p1, e20over8)
	q0, _ := bits.Div64(r, p0, e20over8)
	if q2 >= 8 {
		return fixed{}, false // ⌊Q/8⌋ ≥ 2^128
	}
	q := u128{q2<<61 | q1>>3, q1<<61 | q0>>3}
	if q0&4 != 0 {
		var ok bool
		if q, ok = q.plus(u128{0, 1}); !ok {
			return fixed{}, false
		}
	}
	return fixed{f.neg && !q.isZero(), q}, q.hi < 1<<63
}

// ceilUnitsFixed returns the smallest whole number of minor units at scale
// that is at least f, or zero if f is not positive; ok is false if it
// does not fit in an int64.
func ceilUnitsFixed(f fixed, scale int32) (units, bool) {
	if f.neg || f.mag.isZero() {
		return units{}, true
	}
	d := uint64(pow10[AccrualPlaces-scale])
	if f.mag.hi >= d {
		return units{}, false
	}
	q, r := bits.Div64(f.mag.hi, f.mag.lo, d)
	if r > 0 {
		q++
	}
	if q >= 1<<63 {
		return units{}, false
	}
	return units{n: int64(q)}, true
}
