package exact

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/shopspring/decimal"
)

// TestSum_sameAsDecimal checks a Sum against the decimals it stands for:
// random runs of Add and Sub, with zeros of every exponent and terms at
// the edge of an int64 (so that the sum outgrows it, by scaling to a
// smaller exponent or by adding), folded by decimal's Add and Sub; after
// each term the Sum's decimal, its sign, its IsZero and its Cmp with a
// random operand must be decimal's, value and exponent.
func TestSum_sameAsDecimal(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 11))
	edge := func() decimal.Decimal { // a term near ±2^63 at some exponent
		c := int64(math.MaxInt64 - rng.Int64N(1000))
		if rng.IntN(2) == 0 {
			c = -c
		}
		return decimal.New(c, int32(rng.IntN(6)-4))
	}
	for range 50_000 {
		first := operand(rng)
		if rng.IntN(10) == 0 {
			first = edge()
		}
		s, want := SumOf(first), first
		for k := range rng.IntN(6) + 1 {
			b := operand(rng)
			if rng.IntN(12) == 0 {
				b = edge()
			}
			if rng.IntN(2) == 0 {
				s.Add(b)
				want = want.Add(b)
			} else {
				s.Sub(b)
				want = want.Sub(b)
			}
			c := operand(rng)
			if k%2 == 0 { // Cmp before Dec, and after
				if got, w := s.Cmp(c), want.Cmp(c); got != w {
					t.Fatalf("Cmp(%s e%d) after %s: %d, want %d", c, c.Exponent(), want, got, w)
				}
			}
			if s.IsZero() != want.IsZero() {
				t.Fatalf("IsZero of %s e%d: %v", want, want.Exponent(), s.IsZero())
			}
			if got := s.Dec(); !same(got, want) {
				t.Fatalf("sum %s e%d, want %s e%d", got, got.Exponent(), want, want.Exponent())
			}
			if got, w := s.Cmp(c), want.Cmp(c); got != w {
				t.Fatalf("Cmp(%s e%d) after %s: %d, want %d", c, c.Exponent(), want, got, w)
			}
		}
	}
}

// TestCmp_sameAsDecimal checks Cmp against decimal's Cmp on random
// operands, near ±2^63 among them.
func TestCmp_sameAsDecimal(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 5))
	for range 200_000 {
		a, b := operand(rng), operand(rng)
		if rng.IntN(8) == 0 {
			b = decimal.New(a.CoefficientInt64()+rng.Int64N(3)-1, a.Exponent()+int32(rng.IntN(3)-1))
		}
		if got, want := Cmp(a, b), a.Cmp(b); got != want {
			t.Fatalf("Cmp(%s e%d, %s e%d) = %d, want %d", a, a.Exponent(), b, b.Exponent(), got, want)
		}
	}
	huge := decimal.RequireFromString("123456789012345678901234567890")
	if Cmp(huge, decimal.New(1, 0)) != 1 || Cmp(decimal.New(1, 0), huge) != -1 {
		t.Fatal("Cmp with a coefficient beyond an int64")
	}
}

// TestSum_examples checks sums worked by hand: the exponent is the
// smallest of the terms', a zero term of a smaller exponent counts, and a
// sum that is one of its terms is that very decimal.
func TestSum_examples(t *testing.T) {
	d := decimal.RequireFromString
	s := SumOf(d("5000000"))
	s.Add(d("900000.00"))
	s.Sub(d("3600000"))
	s.Sub(d("98630.14"))
	if got := s.Dec(); got.String() != "2201369.86" || got.Exponent() != -2 {
		t.Fatalf("5,000,000 + 900,000.00 − 3,600,000 − 98,630.14 = %s e%d, want 2201369.86 e-2", got, got.Exponent())
	}
	z := SumOf(decimal.Zero)
	z.Add(d("0.000"))
	if got := z.Dec(); !got.IsZero() || got.Exponent() != -3 {
		t.Fatalf("0 + 0.000 = %s e%d, want 0 e-3", got, got.Exponent())
	}
	b := d("12.5")
	one := SumOf(decimal.New(0, 3))
	one.Add(b)
	one.Add(decimal.New(0, 1))
	if got := one.Dec(); got != b { // the very decimal: the same *big.Int
		t.Fatalf("0e3 + 12.5 + 0e1 = %v, want b itself", got)
	}
	if got := one.Dec(); got != b {
		t.Fatal("Dec made a new decimal the second time")
	}
	neg := SumOf(decimal.Zero)
	neg.Sub(b)
	if got := neg.Dec(); got.String() != "-12.5" || got.Exponent() != -1 {
		t.Fatalf("0 − 12.5 = %s e%d", got, got.Exponent())
	}
	// Past an int64: 9,223,372,036,854,775,807 + 1, then − 2.
	m := SumOf(decimal.New(math.MaxInt64, 0))
	m.Add(decimal.New(1, 0))
	if got := m.Dec(); got.String() != "9223372036854775808" {
		t.Fatalf("MaxInt64 + 1 = %s", got)
	}
	m.Sub(decimal.New(2, 0))
	if got := m.Dec(); got.String() != "9223372036854775806" || m.IsZero() || m.Cmp(decimal.New(math.MaxInt64, 0)) != -1 {
		t.Fatalf("MaxInt64 + 1 − 2 = %s", got)
	}
}

// TestSum_allocations checks that a sum of small terms makes one decimal
// (a big.Int and its word), and none when it is its first term.
func TestSum_allocations(t *testing.T) {
	a, b, c, z := decimal.New(123_456, -2), decimal.New(789, 0), decimal.New(-5, -1), decimal.New(0, -1)
	if n := testing.AllocsPerRun(100, func() {
		s := SumOf(a)
		s.Add(b)
		s.Sub(c)
		s.Add(decimal.Zero)
		_ = s.Cmp(b)
		_ = s.Dec()
	}); n > 2 {
		t.Errorf("a sum of three terms: %v allocations, want at most 2", n)
	}
	if n := testing.AllocsPerRun(100, func() {
		s := SumOf(a)
		s.Add(z)
		_ = s.Dec()
		_ = Cmp(a, b)
	}); n != 0 {
		t.Errorf("a sum that is its first term: %v allocations, want none", n)
	}
}

// TestScaledAndAdd64 checks the integer steps of a Sum at their edges:
// zero scaled by any power (0·10^40 is 0), a power past the table, and
// sums that reach zero or pass ±(2^63 − 1).
func TestScaledAndAdd64(t *testing.T) {
	for _, c := range []struct {
		x    int64
		k    int32
		want int64
		ok   bool
	}{
		{0, 40, 0, true}, {7, 0, 7, true}, {-3, 2, -300, true}, {9, 18, 9_000_000_000_000_000_000, true},
		{1, 19, 0, false}, {1, 20, 0, false}, {-1, 25, 0, false}, {922_337_203_685_477_581, 1, 0, false},
	} {
		if got, ok := scaled(c.x, c.k); got != c.want || ok != c.ok {
			t.Errorf("scaled(%d, %d) = %d, %v; want %d, %v", c.x, c.k, got, ok, c.want, c.ok)
		}
	}
	for _, c := range []struct {
		x, y, want int64
		ok         bool
	}{
		{0, 0, 0, true}, {0, 5, 5, true}, {0, -5, -5, true}, {5, 0, 5, true}, {-5, 0, -5, true}, {5, -5, 0, true},
		{math.MaxInt64, -1, math.MaxInt64 - 1, true}, {math.MinInt64, 1, math.MinInt64 + 1, true},
		{math.MaxInt64, 1, 0, false}, {math.MinInt64, -1, 0, false}, {-1, math.MinInt64, 0, false},
		{math.MaxInt64, math.MinInt64, -1, true},
	} {
		if got, ok := add64(c.x, c.y); got != c.want || ok != c.ok {
			t.Errorf("add64(%d, %d) = %d, %v; want %d, %v", c.x, c.y, got, ok, c.want, c.ok)
		}
	}
}

// TestSum_sameExponentZeros checks that a zero added at the sum's own
// exponent, and a term added to a zero of its own exponent, leave a
// decimal the sum already has: no new one is made.
func TestSum_sameExponentZeros(t *testing.T) {
	a, z, b := decimal.New(123_456, -2), decimal.New(0, -2), decimal.New(789, -2)
	if n := testing.AllocsPerRun(100, func() {
		s := SumOf(a)
		s.Add(z)
		s.Sub(z)
		if s.Dec() != a {
			t.Fatal("a + 0.00 − 0.00 is not a itself")
		}
		zero := SumOf(z)
		zero.Add(b)
		if zero.Dec() != b {
			t.Fatal("0.00 + b is not b itself")
		}
	}); n != 0 {
		t.Errorf("%v allocations, want none", n)
	}
}

// TestSum_AddCoefSameAsDecimal checks AddCoef against decimal's Add of
// decimal.New(c, e): random runs of terms (zeros of every exponent, and
// coefficients near ±2^63 so that the sum outgrows an int64) must give
// the decimal fold's value and exponent after each term.
func TestSum_AddCoefSameAsDecimal(t *testing.T) {
	rng := rand.New(rand.NewPCG(21, 34))
	for range 50_000 {
		first := operand(rng)
		s, want := SumOf(first), first
		for range rng.IntN(6) + 1 {
			c, e := rng.Int64N(2_000_000_001)-1_000_000_000, int32(rng.IntN(16)-12)
			switch rng.IntN(6) {
			case 0:
				c = 0
			case 1:
				c = math.MaxInt64 - rng.Int64N(1000)
			case 2:
				c = math.MinInt64 + rng.Int64N(1000)
			}
			s.AddCoef(c, e)
			want = want.Add(decimal.New(c, e))
			if got := s.Dec(); !same(got, want) {
				t.Fatalf("AddCoef(%d, %d): %s e%d, want %s e%d", c, e, got, got.Exponent(), want, want.Exponent())
			}
		}
	}
}

// TestUnits checks Units against decimal: d·10^scale when it is a whole
// number below 2^63 in magnitude, over random decimals and scales, and
// worked examples at the edges.
func TestUnits(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 8))
	for range 200_000 {
		d, scale := operand(rng), int32(rng.IntN(9))
		u, ok := Units(d, scale)
		x := d.Shift(scale)
		want := x.IsInteger() && x.BigInt().IsInt64() && d.NumDigits() <= maxDigits
		if ok != want || ok && !decimal.NewFromInt(u).Equal(x) {
			t.Fatalf("Units(%s e%d, %d) = %d, %v; want %s, %v", d, d.Exponent(), scale, u, ok, x, want)
		}
	}
	for _, c := range []struct {
		d     string
		scale int32
		u     int64
		ok    bool
	}{
		{"12.34", 2, 1234, true},
		{"12.340", 2, 1234, true},
		{"12.345", 2, 0, false},
		{"1200", 2, 120000, true},
		{"0.000", 2, 0, true},
		{"-5", 0, -5, true},
		{"92233720368547758.07", 2, 0, false}, // 19 digits: beyond the integer path
		{"99999999999999999.9", 2, 0, false},  // 9,999,999,999,999,999,990 cents: past 2^63
		{"9999999999999999.99", 2, 999_999_999_999_999_999, true},
	} {
		u, ok := Units(decimal.RequireFromString(c.d), c.scale)
		if u != c.u || ok != c.ok {
			t.Errorf("Units(%s, %d) = %d, %v; want %d, %v", c.d, c.scale, u, ok, c.u, c.ok)
		}
	}
}

// TestSum_AddCoefZeroKeepsDecimal checks that AddCoef of a zero at the
// sum's own exponent leaves the decimal the sum already has, as Add of
// decimal.New(0, e) does (TestSum_sameExponentZeros): a + 0.00 is a
// itself, the same decimal, with no new one made.
func TestSum_AddCoefZeroKeepsDecimal(t *testing.T) {
	a := decimal.New(123_456, -2)
	if n := testing.AllocsPerRun(100, func() {
		s := SumOf(a)
		s.AddCoef(0, -2)
		if s.Dec() != a {
			t.Fatal("a + 0·10^-2 is not a itself")
		}
	}); n != 0 {
		t.Errorf("%v allocations, want none", n)
	}
}

// TestUnits_edges checks Units where the shift k = exponent + scale
// meets the ends of the integer path. A zero of any exponent is 0 minor
// units: 0·10^k is 0, a whole number, however small 10^k. A coefficient
// that is not zero, shifted down 20 places or more (past 10^19, the
// largest power of ten in an int64), is not whole: 0 < |c| < 2^63 < 10^20.
func TestUnits_edges(t *testing.T) {
	for _, c := range []struct {
		d     decimal.Decimal
		scale int32
		u     int64
		ok    bool
	}{
		{decimal.New(0, -30), 2, 0, true},  // k = -28
		{decimal.New(0, -22), 2, 0, true},  // k = -20
		{decimal.New(0, 30), 2, 0, true},   // k = 32
		{decimal.New(1, -22), 2, 0, false}, // 10^-20 cents
		{decimal.New(-7, -22), 2, 0, false},
		{decimal.New(1, -21), 2, 0, false},                       // k = -19: 10^-19 cents
		{decimal.New(999_999_999_999_999_999, -21), 2, 0, false}, // (10^18 − 1)·10^-19 < 1 cent
		{decimal.New(500_000_000_000_000_000, -19), 2, 5, true},  // k = -17: 5·10^17·10^-17 = 5 cents (0.05)
		{decimal.New(100_000_000_000_000_000, -20), 2, 0, false}, // k = -18: 10^17·10^-18 = 0.1 cent
		{decimal.New(123_000, -5), 2, 123, true},                 // 1.23000 = 123 cents
		{decimal.New(-4, 3), 2, -400_000, true},                  // −4000 = −400,000 cents
		{decimal.New(9, 18), 0, 9_000_000_000_000_000_000, true}, // 9·10^18 < 2^63 ≈ 9.22·10^18
		{decimal.New(1, 19), 0, 0, false},                        // 10^19 > 2^63
	} {
		u, ok := Units(c.d, c.scale)
		if u != c.u || ok != c.ok {
			t.Errorf("Units(%s e%d, %d) = %d, %v; want %d, %v", c.d, c.d.Exponent(), c.scale, u, ok, c.u, c.ok)
		}
	}
}

// TestCoefUnits: a coefficient of any int64 at an exponent, in minor
// units, by hand. At 19 places to drop the only multiple of 10^19 below
// 2^63 is 0: −8,446,744,073,709,551,616 (10^19 − 2^64, which 10^19
// becomes as an int64) is not one, though it divides itself.
func TestCoefUnits(t *testing.T) {
	for _, c := range []struct {
		c     int64
		e     int32
		scale int32
		u     int64
		ok    bool
	}{
		{1234, -2, 2, 1234, true},
		{12340, -3, 2, 1234, true},
		{12345, -3, 2, 0, false},
		{12, 3, 2, 1_200_000, true},
		{0, -40, 2, 0, true},
		{-8_446_744_073_709_551_616, -21, 2, 0, false},
		{9_000_000_000_000_000_000, -20, 2, 9, true}, // 18 places dropped, all zeros
		{math.MaxInt64, 0, 2, 0, false},              // ×100 is past 2^63
	} {
		if u, ok := CoefUnits(c.c, c.e, c.scale); u != c.u || ok != c.ok {
			t.Errorf("CoefUnits(%d, %d, %d) = %d, %v; want %d, %v", c.c, c.e, c.scale, u, ok, c.u, c.ok)
		}
	}
}
