package tranche

import (
	"math/rand/v2"
	"testing"

	"github.com/shopspring/decimal"
)

// TestDecAdd_SameDecimal checks decAdd and decSub against decimal's Add
// and Sub, value and exponent, on zeros and non-zeros of several
// exponents, decimal.Zero among them.
func TestDecAdd_SameDecimal(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 14))
	pick := func() decimal.Decimal {
		switch rng.IntN(4) {
		case 0:
			return decimal.Zero
		case 1:
			return decimal.New(0, int32(rng.IntN(5)-3))
		}
		return decimal.New(rng.Int64N(2_000_001)-1_000_000, int32(rng.IntN(5)-3))
	}
	for range 20_000 {
		a, b := pick(), pick()
		for _, c := range []struct {
			name      string
			got, want decimal.Decimal
		}{{"add", decAdd(a, b), a.Add(b)}, {"sub", decSub(a, b), a.Sub(b)}} {
			if !c.got.Equal(c.want) || c.got.Exponent() != c.want.Exponent() {
				t.Fatalf("%s(%s e%d, %s e%d) = %s e%d, want %s e%d", c.name, a, a.Exponent(), b, b.Exponent(),
					c.got, c.got.Exponent(), c.want, c.want.Exponent())
			}
		}
	}
}

// TestRatioRound_SameDecimal checks ratioRound against DivRound to
// CovenantRatioPlaces, value and exponent, on ratios of amounts of several
// exponents, ties among them, and coefficients too large for its integer
// path.
func TestRatioRound_SameDecimal(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 2))
	for k := range 50_000 {
		num := decimal.New(rng.Int64N(1_000_000_000_000), int32(rng.IntN(7)-4))
		den := decimal.New(1+rng.Int64N(1_000_000_000), int32(rng.IntN(7)-4))
		switch k % 5 {
		case 0: // a tie: num/den = q + ½ at the last place
			den = decimal.New(2*(1+rng.Int64N(1000)), -2)
			num = den.Mul(decimal.New(2*rng.Int64N(1_000_000)+1, -CovenantRatioPlaces-1))
		case 1:
			num = decimal.Zero
		case 2:
			num = decimal.New(rng.Int64N(1<<62), int32(rng.IntN(30)-4))
		}
		got, want := ratioRound(num, den), num.DivRound(den, CovenantRatioPlaces)
		if !got.Equal(want) || got.Exponent() != want.Exponent() {
			t.Fatalf("%s/%s = %s e%d, want %s e%d", num, den, got, got.Exponent(), want, want.Exponent())
		}
	}
}
