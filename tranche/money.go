package tranche

import (
	"math/big"
	"math/bits"
	"strconv"

	"github.com/jvwaterfall/jvwaterfall/contract"
	"github.com/shopspring/decimal"
)

// money is a decimal held as an int64 coefficient c and an exponent e —
// the value c × 10^e, written with that very exponent — or, when the
// coefficient does not fit, as the decimal *d itself. Its operations give
// the value and the exponent of the decimal operations they stand for
// (Add and Sub: the smaller exponent; Min and Max: the operand chosen),
// so that a decimal made from the result is the one those operations
// make; on the integer path they allocate nothing. The debt and covenant
// tranches carry their position in it and make decimals only where their
// API returns them.
type money struct {
	c int64
	e int32
	d *decimal.Decimal // the value, when its coefficient does not fit c
}

// maxCoeffDigits is the most digits a decimal's coefficient may have to be
// held as an int64 (every 18-digit number fits).
const maxCoeffDigits = 18

// moneyOf is d as money, the same value and exponent.
func moneyOf(d decimal.Decimal) money {
	if d == decimal.Zero { // decimal.Zero itself: no need to read its coefficient
		return money{}
	}
	if d.NumDigits() > maxCoeffDigits {
		big := new(decimal.Decimal) // not &d, which would move every d to the heap
		*big = d
		return money{d: big}
	}
	return money{c: d.CoefficientInt64(), e: d.Exponent()}
}

// unitsMoney is n minor units at scale: the decimal units.dec makes.
func unitsMoney(u units, scale int32) money {
	if u.b != nil {
		return moneyOf(u.dec(scale))
	}
	return money{c: u.n, e: -scale}
}

// dec is m as a decimal, the same value and exponent; a zero of exponent
// 0 is decimal.Zero.
func (m money) dec() decimal.Decimal {
	switch {
	case m.d != nil:
		return *m.d
	case m.c == 0 && m.e == 0:
		return decimal.Zero
	}
	return decimal.New(m.c, m.e)
}

// scaled is c × 10^k (k ≥ 0), if it fits an int64.
func scaled(c int64, k int32) (int64, bool) {
	if c == 0 || k == 0 {
		return c, true
	}
	if k >= int32(len(pow10)) {
		return 0, false
	}
	u, neg := absU(c)
	hi, lo := bits.Mul64(u, uint64(pow10[k]))
	if hi != 0 || lo >= 1<<63 {
		return 0, false
	}
	if neg {
		return -int64(lo), true
	}
	return int64(lo), true
}

// absU is |c| and whether c is negative.
func absU(c int64) (uint64, bool) {
	if c < 0 {
		return uint64(-c), true // -MinInt64 wraps to 1<<63, its magnitude
	}
	return uint64(c), false
}

// aligned is a's and b's coefficients at their smaller exponent, e, when
// both fit an int64.
func aligned(a, b money) (x, y int64, e int32, ok bool) {
	switch {
	case a.d != nil || b.d != nil:
		return 0, 0, 0, false
	case a.e == b.e: // the loan's amounts mostly are, at the book's scale
		return a.c, b.c, a.e, true
	}
	e = min(a.e, b.e)
	x, okA := scaled(a.c, a.e-e)
	y, okB := scaled(b.c, b.e-e)
	return x, y, e, okA && okB
}

// add is a + b, as decimal Add.
func (a money) add(b money) money {
	if x, y, e, ok := aligned(a, b); ok {
		if s, ok := add64(x, y); ok {
			return money{c: s, e: e}
		}
	}
	return moneyOf(a.dec().Add(b.dec()))
}

// sub is a − b, as decimal Sub.
func (a money) sub(b money) money {
	if x, y, e, ok := aligned(a, b); ok {
		if y != -1<<63 {
			if s, ok := add64(x, -y); ok {
				return money{c: s, e: e}
			}
		}
	}
	return moneyOf(a.dec().Sub(b.dec()))
}

// cmp is −1, 0 or 1 as a is below, equal to or above b.
func (a money) cmp(b money) int {
	if x, y, _, ok := aligned(a, b); ok {
		switch {
		case x < y:
			return -1
		case x > y:
			return 1
		}
		return 0
	}
	if a.sign() != b.sign() { // no need to rescale
		return cmpInt(a.sign(), b.sign())
	}
	return a.dec().Cmp(b.dec())
}

func cmpInt(a, b int) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// sign is −1, 0 or 1.
func (m money) sign() int {
	if m.d != nil {
		return m.d.Sign()
	}
	switch {
	case m.c > 0:
		return 1
	case m.c < 0:
		return -1
	}
	return 0
}

// minMoney is decimal.Min(a, b): b only when it is below a.
func minMoney(a, b money) money {
	if b.cmp(a) < 0 {
		return b
	}
	return a
}

// maxMoney is decimal.Max(a, b): b only when it is above a.
func maxMoney(a, b money) money {
	if b.cmp(a) > 0 {
		return b
	}
	return a
}

// units is m in minor units at scale, when it is a whole number of them
// that fits an int64.
func (m money) units(scale int32) (int64, bool) {
	if m.d != nil {
		u, ok := toUnits(*m.d, scale)
		return u.n, ok && u.small()
	}
	switch k := m.e + scale; {
	case k >= 0:
		return scaled(m.c, k)
	case -k < int32(len(pow10)):
		p := pow10[-k]
		if m.c%p != 0 {
			return 0, false
		}
		return m.c / p, true
	}
	return 0, m.c == 0
}

// ceil is m.dec().RoundCeil(places): m rounded up to places decimal
// places, written at exponent −places.
func (m money) ceil(places int32) money {
	if m.d == nil {
		if k := m.e + places; k >= 0 {
			if c, ok := scaled(m.c, k); ok {
				return money{c: c, e: -places}
			}
		} else if -k < int32(len(pow10)) {
			p := pow10[-k]
			q := m.c / p
			if m.c%p > 0 {
				q++
			}
			return money{c: q, e: -places}
		}
	}
	return moneyOf(m.dec().RoundCeil(places))
}

// quo is a/b rounded half away from zero to places decimal places, as
// a.DivRound(b, places); b must not be zero. The quotient is worked out
// from the coefficients in 128 bits: a/b × 10^places = x × 10^s / y.
func quo(a, b money, places int32) money {
	if a.d == nil && b.d == nil && b.c != 0 {
		ux, negX := absU(a.c)
		uy, negY := absU(b.c)
		var hi, lo, den uint64
		ok := false
		switch s := int64(a.e) - int64(b.e) + int64(places); {
		case s >= 0 && s < int64(len(pow10)):
			hi, lo = bits.Mul64(ux, uint64(pow10[s]))
			den, ok = uy, true
		case s < 0 && -s < int64(len(pow10)):
			var h uint64
			h, den = bits.Mul64(uy, uint64(pow10[-s]))
			lo, ok = ux, h == 0
		}
		if ok && hi < den {
			q, r := bits.Div64(hi, lo, den)
			if r >= den-r { // 2r ≥ den: half away from zero
				q++ // wraps to 0 only from 2^64 − 1, which fails the test below
				ok = q != 0
			}
			if ok && q < 1<<63 {
				c := int64(q)
				if negX != negY {
					c = -c
				}
				return money{c: c, e: -places}
			}
		}
	}
	return moneyOf(a.dec().DivRound(b.dec(), places))
}

// fixed is m.dec().StringFixed(places), without a decimal when m is a
// whole number of 10^−places written at that exponent, as a period's
// amounts are.
func (m money) fixed(places int32) string {
	var buf [24]byte
	return string(m.appendFixed(buf[:0], places))
}

// appendFixed appends m.fixed(places) to dst, so that a message of
// several amounts is made in one buffer.
func (m money) appendFixed(dst []byte, places int32) []byte {
	if m.d != nil || m.e != -places || places < 0 || places >= int32(len(pow10)) {
		return append(dst, m.dec().StringFixed(places)...)
	}
	u, neg := absU(m.c)
	if neg {
		dst = append(dst, '-')
	}
	var buf [24]byte
	digits := strconv.AppendUint(buf[:0], u, 10)
	k := len(digits) - int(places) // digits before the point
	if k <= 0 {
		dst = append(dst, '0')
	} else {
		dst = append(dst, digits[:k]...)
	}
	if places > 0 {
		dst = append(dst, '.')
		for range -min(k, 0) {
			dst = append(dst, '0')
		}
		dst = append(dst, digits[max(k, 0):]...)
	}
	return dst
}

// growthOne is 1 in the fixed point of growth factors: 10^GrowthPlaces.
var growthOne, _ = u128Of(new(big.Int).Exp(big.NewInt(10), big.NewInt(contract.GrowthPlaces), nil))

// growthInterest is a × (g − 1) rounded half away from zero to places
// decimal places, as exact.MulRound(a.dec(), g.dec.Sub(1), places), worked
// from g's fixed point in 128 bits. It is not ok when g has no fixed
// point, a or g − 1 do not fit 64 bits, or the result 18 digits.
func growthInterest(a money, g growthFactor, places int32) (money, bool) {
	if a.d != nil || !g.fixOK {
		return money{}, false
	}
	d, neg := g.fix, false
	if d.less(growthOne) {
		d, neg = growthOne.minus(d), true
	} else {
		d = d.minus(growthOne)
	}
	if d.hi != 0 {
		return money{}, false
	}
	ua, negA := absU(a.c)
	hi, lo := bits.Mul64(ua, d.lo)
	q, ok := roundDiv(hi, lo, int64(contract.GrowthPlaces)-int64(places)-int64(a.e))
	if !ok || q >= uint64(pow10[18]) {
		return money{}, false
	}
	c := int64(q)
	if neg != negA {
		c = -c
	}
	return money{c: c, e: -places}, true
}

// roundDiv is hi·2^64 + lo divided by 10^k, rounded half away from zero,
// when k is 0 to 36 and the quotient fits 64 bits. Past 10^18 it divides
// by 10^(k−18) first, rounding down: the rounding of the second division
// by 10^18 is the whole one's, as the first remainder is below 10^(k−18).
func roundDiv(hi, lo uint64, k int64) (uint64, bool) {
	if k < 0 || k > 36 {
		return 0, false
	}
	if k > 18 {
		p := uint64(pow10[k-18])
		ql, _ := bits.Div64(hi%p, lo, p)
		hi, lo, k = hi/p, ql, 18
	}
	if k == 0 {
		return lo, hi == 0
	}
	den := uint64(pow10[k])
	if hi >= den {
		return 0, false
	}
	q, r := bits.Div64(hi, lo, den)
	if r >= den-r { // 2r ≥ den: half away from zero
		if q == ^uint64(0) {
			return 0, false
		}
		q++
	}
	return q, true
}

// decMoney is a tranche's term, a decimal, with its money worked out once
// (by the tranche's New function): of(d) is moneyOf(d), read from it while
// d is still the very decimal it was made from (a decimal never changes).
type decMoney struct {
	d  decimal.Decimal
	m  money
	ok bool
}

// newDecMoney is d with its money.
func newDecMoney(d decimal.Decimal) decMoney { return decMoney{d: d, m: moneyOf(d), ok: true} }

// of is moneyOf(d).
func (x *decMoney) of(d decimal.Decimal) money {
	if x.ok && x.d == d {
		return x.m
	}
	return moneyOf(d)
}

// isMoney is sameMoney(moneyOf(d), m), without counting d's digits unless
// its exponent and the low 64 bits of its coefficient are m's.
func isMoney(d decimal.Decimal, m money) bool {
	switch {
	case m.d != nil:
		return false
	case d == decimal.Zero:
		return m.c == 0 && m.e == 0
	}
	return d.Exponent() == m.e && d.CoefficientInt64() == m.c && d.NumDigits() <= maxCoeffDigits
}
