package exact

import (
	"math/rand/v2"
	"testing"

	"github.com/shopspring/decimal"
)

// same reports whether got is want: the same value and exponent.
func same(got, want decimal.Decimal) bool {
	return got.Exponent() == want.Exponent() && got.Equal(want)
}

// operand is a random decimal: zeros (decimal.Zero among them), small
// and large coefficients of either sign, ties for rounding, at exponents
// -12 to 3.
func operand(rng *rand.Rand) decimal.Decimal {
	e := int32(rng.IntN(16) - 12)
	switch rng.IntN(8) {
	case 0:
		return decimal.Zero
	case 1:
		return decimal.New(0, e)
	case 2:
		return decimal.New(rng.Int64N(1<<62)-1<<61, e) // up to 19 digits
	case 3:
		return decimal.New(5*rng.Int64N(1000)-2500, e) // ties at a place
	case 4:
		return decimal.New(999_999_999_999_999_999-rng.Int64N(3), e) // at the edge of the integer path
	}
	return decimal.New(rng.Int64N(2_000_000_001)-1_000_000_000, e)
}

// TestSameDecimals checks every function against the decimal operation it
// stands for, value and exponent, on random operands and places.
func TestSameDecimals(t *testing.T) {
	rng := rand.New(rand.NewPCG(12, 34))
	for range 300_000 {
		a, b := operand(rng), operand(rng)
		places := int32(rng.IntN(24) - 2)
		check := func(name string, got, want decimal.Decimal) {
			t.Helper()
			if !same(got, want) {
				t.Fatalf("%s(%s e%d, %s e%d, places %d) = %s e%d, want %s e%d", name, a, a.Exponent(), b, b.Exponent(),
					places, got, got.Exponent(), want, want.Exponent())
			}
		}
		check("Add", Add(a, b), a.Add(b))
		check("Sub", Sub(a, b), a.Sub(b))
		check("MulRound", MulRound(a, b, places), a.Mul(b).Round(places))
		if !b.IsZero() {
			check("DivRound", DivRound(a, b, places), a.DivRound(b, places))
		}
	}
}

// TestAllocations checks that the integer paths allocate the result's
// coefficient at most (decimal.New: a big.Int and its one word), and
// nothing for a zero that leaves the other operand as it is.
func TestAllocations(t *testing.T) {
	a, b := decimal.New(123_456, -2), decimal.New(789, -2)
	z := decimal.New(0, -2)
	for _, c := range []struct {
		name string
		max  float64
		f    func()
	}{
		{"Add zero", 0, func() { _ = Add(a, z) }},
		{"Sub zero", 0, func() { _ = Sub(a, decimal.Zero) }},
		{"Add", 2, func() { _ = Add(a, b) }},
		{"MulRound", 2, func() { _ = MulRound(a, b, 2) }},
		{"DivRound", 2, func() { _ = DivRound(a, b, 6) }},
	} {
		if n := testing.AllocsPerRun(100, c.f); n > c.max {
			t.Errorf("%s: %v allocations, want at most %v", c.name, n, c.max)
		}
	}
}
