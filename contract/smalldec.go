package contract

import (
	"math"
	"math/bits"

	"github.com/shopspring/decimal"
)

// numArith is the arithmetic a take-or-pay statement is worked out in:
// shopspring/decimal's own operations ([decArith]), or the same
// operations on int64 coefficients ([smallArith]), which give the very
// same decimals, value and exponent, while the numbers are small, and
// report when one was not.
type numArith[N any] interface {
	from(d decimal.Decimal) N // d itself
	dec(x N) decimal.Decimal  // x as a decimal
	add(a, b N) N             // a.Add(b)
	sub(a, b N) N             // a.Sub(b)
	// mulValue is a.Mul(b) in value, its exponent free: for products
	// that are never read but rounded or compared.
	mulValue(a, b N) N
	mulRound(a, b N, places int32) N // a.Mul(b).Round(places)
	// creditCharge is the make-up charge of credits used at price,
	// Σ used.qty × max(0, price − used.prepaid), rounded to places: a
	// sum that may need more digits than its parts.
	creditCharge(used []lot[N], price N, places int32) N
	// ratio is a.DivRound(b, places), b not zero, as a decimal: worked
	// out in decimals when it does not fit, without failing.
	ratio(a, b N, places int32) decimal.Decimal
	cmp(a, b N) int
	sign(a N) int
	failed() bool // an operation's result did not fit: every result since is meaningless
}

// maxOf is decimal.Max(a, b): b only when it is greater.
func maxOf[N any](ar numArith[N], a, b N) N {
	if ar.cmp(b, a) > 0 {
		return b
	}
	return a
}

// minOf is decimal.Min(a, b): b only when it is less.
func minOf[N any](ar numArith[N], a, b N) N {
	if ar.cmp(b, a) < 0 {
		return b
	}
	return a
}

// decArith is numArith in decimals; it never fails.
type decArith struct{}

func (decArith) from(d decimal.Decimal) decimal.Decimal   { return d }
func (decArith) dec(x decimal.Decimal) decimal.Decimal    { return x }
func (decArith) add(a, b decimal.Decimal) decimal.Decimal { return a.Add(b) }
func (decArith) sub(a, b decimal.Decimal) decimal.Decimal { return a.Sub(b) }
func (decArith) mulValue(a, b decimal.Decimal) decimal.Decimal {
	return a.Mul(b)
}
func (decArith) mulRound(a, b decimal.Decimal, places int32) decimal.Decimal {
	return a.Mul(b).Round(places)
}
func (decArith) creditCharge(used []topLot, price decimal.Decimal, places int32) decimal.Decimal {
	charge := decimal.Zero
	for _, u := range used {
		charge = charge.Add(u.qty.Mul(decimal.Max(decimal.Zero, price.Sub(u.prepaid))))
	}
	return charge.Round(places)
}

func (decArith) ratio(a, b decimal.Decimal, places int32) decimal.Decimal {
	return a.DivRound(b, places)
}
func (decArith) cmp(a, b decimal.Decimal) int { return a.Cmp(b) }
func (decArith) sign(a decimal.Decimal) int   { return a.Sign() }
func (decArith) failed() bool                 { return false }

// small is the decimal c × 10^e.
type small struct {
	c int64
	e int32
}

// smallArith is numArith on small decimals. An operation whose result
// does not fit sets over and returns zero.
type smallArith struct {
	over bool
	// made are the last decimals dec made, which it hands out again for
	// the same number: a statement repeats its figures from period to
	// period (a decimal is never changed once made).
	made [8]struct {
		x small
		d decimal.Decimal
	}
	next int // the entry of made to replace next
}

var pow10s = func() (p [20]uint64) {
	p[0] = 1
	for i := 1; i < len(p); i++ {
		p[i] = p[i-1] * 10
	}
	return
}()

func (s *smallArith) fail() small {
	s.over = true
	return small{}
}

func (s *smallArith) failed() bool { return s.over }

// from is d when its coefficient fits an int64: at most 18 digits, or 19
// that fit.
func (s *smallArith) from(d decimal.Decimal) small {
	if n := d.NumDigits(); n > 19 || (n == 19 && !d.Coefficient().IsInt64()) {
		return s.fail()
	}
	return small{d.CoefficientInt64(), d.Exponent()}
}

func (s *smallArith) dec(x small) decimal.Decimal {
	if x.c == 0 && x.e == 0 {
		return decimal.Zero
	}
	for _, m := range s.made {
		if m.x == x { // an empty entry is zero, returned above
			return m.d
		}
	}
	d := decimal.New(x.c, x.e)
	s.made[s.next].x, s.made[s.next].d = x, d
	s.next = (s.next + 1) % len(s.made)
	return d
}

// magnitude is |x| and whether x is negative.
func magnitude(x int64) (uint64, bool) {
	if x < 0 {
		return -uint64(x), true
	}
	return uint64(x), false
}

// signedOf is ±u when it fits an int64: u < 2^63, or u = 2^63 negated.
func signedOf(u uint64, neg bool) (int64, bool) {
	switch {
	case neg && u <= 1<<63:
		return int64(-u), true // -2^63 wraps to itself
	case !neg && u < 1<<63:
		return int64(u), true
	}
	return 0, false
}

// rescale is x's coefficient at exponent e ≤ x.e, and whether it fits.
func rescale(x small, e int32) (int64, bool) {
	k := int64(x.e) - int64(e)
	if k == 0 || x.c == 0 {
		return x.c, true
	}
	if k >= int64(len(pow10s)) {
		return 0, false
	}
	u, neg := magnitude(x.c)
	hi, lo := bits.Mul64(u, pow10s[k])
	c, ok := signedOf(lo, neg)
	return c, ok && hi == 0
}

// add is a + b; when an operand does not fit at the common exponent or
// the sum overflows, it is worked out in decimals. Operands of one
// exponent add without rescaling (a call small enough to be inlined).
func (s *smallArith) add(a, b small) small {
	if c := a.c + b.c; a.e == b.e && (c^a.c)&(c^b.c) >= 0 { // no overflow: c has a's sign or b's
		return small{c, a.e}
	}
	return s.addScaled(a, b)
}

// addScaled is add at the operands' common exponent. A zero of an
// exponent no lower than the other operand's leaves it as it is, as
// decimal's Add does (the sum takes the lower exponent).
func (s *smallArith) addScaled(a, b small) small {
	switch {
	case b.c == 0 && b.e >= a.e:
		return a
	case a.c == 0 && a.e >= b.e:
		return b
	}
	e := min(a.e, b.e)
	x, okX := rescale(a, e)
	y, okY := rescale(b, e)
	if okX && okY {
		c := x + y // wraps on overflow: the signs tell
		if (x >= 0) != (y >= 0) || (c >= 0) == (x >= 0) {
			return small{c, e}
		}
	}
	return s.from(s.dec(a).Add(s.dec(b)))
}

// sub is a − b, as add.
func (s *smallArith) sub(a, b small) small {
	if c := a.c - b.c; a.e == b.e && (a.c^b.c)&(a.c^c) >= 0 { // no overflow: the signs agree, or c has a's
		return small{c, a.e}
	}
	return s.subScaled(a, b)
}

// subScaled is sub at the operands' common exponent.
func (s *smallArith) subScaled(a, b small) small {
	if b.c == math.MinInt64 {
		return s.from(s.dec(a).Sub(s.dec(b)))
	}
	return s.add(a, small{-b.c, b.e})
}

// mulValue is a × b with the product's trailing zeros dropped until its
// coefficient fits; it fails when it does not fit without them.
func (s *smallArith) mulValue(a, b small) small {
	ua, na := magnitude(a.c)
	ub, nb := magnitude(b.c)
	hi, lo := bits.Mul64(ua, ub)
	e := int64(a.e) + int64(b.e)
	for hi != 0 || lo > math.MaxInt64 {
		qhi, r := hi/10, hi%10
		qlo, r := bits.Div64(r, lo, 10)
		if r != 0 {
			return s.fail()
		}
		hi, lo, e = qhi, qlo, e+1
	}
	c, _ := signedOf(lo, na != nb)
	if e != int64(int32(e)) {
		return s.fail()
	}
	return small{c, int32(e)}
}

func (s *smallArith) round(a small, places int32) small {
	if a.e == -places {
		return a
	}
	return s.mulRound(a, small{1, 0}, places)
}

// mulRound rounds the 128-bit product half away from zero, as
// decimal.Round does.
func (s *smallArith) mulRound(a, b small, places int32) small {
	ua, na := magnitude(a.c)
	ub, nb := magnitude(b.c)
	neg := na != nb
	hi, lo := bits.Mul64(ua, ub)
	e := int64(a.e) + int64(b.e)
	var u uint64
	switch k := -int64(places) - e; {
	case k == 0 && hi == 0:
		u = lo
	case k < 0 && -k < int64(len(pow10s)) && hi == 0:
		h, l := bits.Mul64(lo, pow10s[-k])
		if h != 0 {
			return s.fail()
		}
		u = l
	case k > 0 && k < int64(len(pow10s)) && hi < pow10s[k]:
		q, r := bits.Div64(hi, lo, pow10s[k])
		if q >= 1<<63 { // too large, or -2^63: q+1 would not wrap
			return s.from(s.dec(a).Mul(s.dec(b)).Round(places))
		}
		if r >= pow10s[k]-r {
			q++
		}
		u = q
	case k >= int64(len(pow10s)) && hi == 0:
		u = 0 // |product| < 2^64, less than half of 10^k
	default:
		return s.from(s.dec(a).Mul(s.dec(b)).Round(places))
	}
	c, ok := signedOf(u, neg)
	if !ok {
		return s.fail()
	}
	return small{c, -places}
}

// divRound is a/b to places decimals, half away from zero, as
// decimal.DivRound.
func (s *smallArith) divRound(a, b small, places int32) small {
	ua, na := magnitude(a.c)
	ub, nb := magnitude(b.c)
	if ub == 0 {
		return s.fail()
	}
	// a/b·10^places = ua·10^k / ub.
	var hi, lo, den uint64
	switch k := int64(a.e) - int64(b.e) + int64(places); {
	case k >= 0 && k < int64(len(pow10s)):
		hi, lo = bits.Mul64(ua, pow10s[k])
		den = ub
	case k < 0 && -k < int64(len(pow10s)):
		var h uint64
		h, den = bits.Mul64(ub, pow10s[-k])
		if h != 0 {
			return s.from(s.dec(a).DivRound(s.dec(b), places))
		}
		lo = ua
	default:
		return s.from(s.dec(a).DivRound(s.dec(b), places))
	}
	if hi >= den {
		return s.from(s.dec(a).DivRound(s.dec(b), places))
	}
	q, r := bits.Div64(hi, lo, den)
	if q >= 1<<63 { // too large, or -2^63: q+1 would not wrap
		return s.from(s.dec(a).DivRound(s.dec(b), places))
	}
	if r >= den-r {
		q++
	}
	c, ok := signedOf(q, na != nb)
	if !ok {
		return s.fail()
	}
	return small{c, -places}
}

func (s *smallArith) creditCharge(used []lot[small], price small, places int32) small {
	var q smallArith
	charge := small{}
	for _, u := range used {
		// max(0, price − prepaid), as maxOf: zero unless the difference
		// is above it (a direct call keeps q off the heap).
		d := q.sub(price, u.prepaid)
		if q.sign(d) <= 0 {
			d = small{}
		}
		charge = q.add(charge, q.mulValue(u.qty, d))
	}
	if charge = q.round(charge, places); !q.over {
		return charge
	}
	lines := make([]topLot, len(used))
	for i, u := range used {
		lines[i] = topLot{qty: s.dec(u.qty), prepaid: s.dec(u.prepaid)}
	}
	return s.from(decArith{}.creditCharge(lines, s.dec(price), places))
}

func (s *smallArith) ratio(a, b small, places int32) decimal.Decimal {
	var q smallArith
	if r := q.divRound(a, b, places); !q.over {
		return s.dec(r)
	}
	return s.dec(a).DivRound(s.dec(b), places)
}

func (s *smallArith) cmp(a, b small) int {
	e := min(a.e, b.e)
	x, okX := rescale(a, e)
	y, okY := rescale(b, e)
	if !okX || !okY {
		return s.dec(a).Cmp(s.dec(b))
	}
	switch {
	case x < y:
		return -1
	case x > y:
		return 1
	}
	return 0
}

func (s *smallArith) sign(a small) int {
	switch {
	case a.c < 0:
		return -1
	case a.c > 0:
		return 1
	}
	return 0
}

// mulDivRound is a·b·num/den rounded half away from zero to places:
// a.Mul(b).Mul(decimal.NewFromInt(num)).DivRound(decimal.NewFromInt(den),
// places), the same decimal, worked out in integers when nothing is
// negative, den is positive, a and b have at most 18 digits and a·b·num
// fits 128 bits; in decimals otherwise. A cost per year pro-rated by a
// day count is one.
func mulDivRound(a, b decimal.Decimal, num, den int64, places int32) decimal.Decimal {
	if q, ok := mulDivRoundInt(a, b, num, den, places); ok {
		return decimal.New(q, -places)
	}
	return a.Mul(b).Mul(decimal.NewFromInt(num)).DivRound(decimal.NewFromInt(den), places)
}

// mulDivRoundInt is mulDivRound's coefficient, and whether the integers
// could work it out.
func mulDivRoundInt(a, b decimal.Decimal, num, den int64, places int32) (int64, bool) {
	if a.Sign() < 0 || b.Sign() < 0 || num < 0 || den <= 0 || a.NumDigits() > 18 || b.NumDigits() > 18 {
		return 0, false
	}
	// n = a·b·num in 128 bits (hi, lo).
	h, l := bits.Mul64(uint64(a.CoefficientInt64()), uint64(b.CoefficientInt64()))
	h1, lo := bits.Mul64(l, uint64(num))
	h2, l2 := bits.Mul64(h, uint64(num))
	hi, carry := bits.Add64(l2, h1, 0)
	if h2 != 0 || carry != 0 {
		return 0, false
	}
	// The quotient is n·10^k/den.
	d := uint64(den)
	switch k := int64(a.Exponent()) + int64(b.Exponent()) + int64(places); {
	case k >= int64(len(pow10s)) || -k >= int64(len(pow10s)):
		return 0, false
	case k >= 0:
		p := pow10s[k]
		ph, pl := bits.Mul64(lo, p)
		qh, ql := bits.Mul64(hi, p)
		sum, carry := bits.Add64(ql, ph, 0)
		if qh != 0 || carry != 0 {
			return 0, false
		}
		hi, lo = sum, pl
	default:
		var dh uint64
		if dh, d = bits.Mul64(d, pow10s[-k]); dh != 0 {
			return 0, false
		}
	}
	if hi >= d {
		return 0, false
	}
	q, r := bits.Div64(hi, lo, d)
	if q >= 1<<63 { // too large, and q+1 must not wrap
		return 0, false
	}
	if r >= d-r { // 2r ≥ d: half away from zero
		q++
	}
	return signedOf(q, false)
}

// mulInt is d.Mul(decimal.NewFromInt(n)), the same decimal (d's exponent),
// made from an int64 product when d has at most 18 digits and the product
// fits.
func mulInt(d decimal.Decimal, n int64) decimal.Decimal {
	if c, ok := mulIntCoef(d, n); ok {
		return decimal.New(c, d.Exponent())
	}
	return d.Mul(decimal.NewFromInt(n))
}

// mulIntCoef is mulInt's coefficient, and whether an int64 holds it.
func mulIntCoef(d decimal.Decimal, n int64) (int64, bool) {
	if d.NumDigits() > 18 {
		return 0, false
	}
	ua, na := magnitude(d.CoefficientInt64())
	ub, nb := magnitude(n)
	hi, lo := bits.Mul64(ua, ub)
	if hi != 0 {
		return 0, false
	}
	return signedOf(lo, na != nb)
}
