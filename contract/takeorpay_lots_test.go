package contract

import (
	"math/rand/v2"
	"testing"

	"github.com/shopspring/decimal"
)

// TestLotsBalance_SameDecimal checks lotsBalance against the sum it stands
// for, decimal.Zero plus each lot, value and exponent, on lots of one
// exponent, of mixed exponents, and of coefficients too large for its
// int64 path.
func TestLotsBalance_SameDecimal(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 8))
	for k := range 2000 {
		lots := make([]topLot, rng.IntN(6))
		exp := -int32(rng.IntN(4))
		for i := range lots {
			e := exp
			if k%3 == 0 {
				e = -int32(rng.IntN(4))
			}
			c := rng.Int64N(1_000_000_000) - 100
			if k%7 == 0 {
				c = rng.Int64N(1 << 62)
			}
			lots[i].qty = decimal.New(c, e)
		}
		want := decimal.Zero
		for _, l := range lots {
			want = want.Add(l.qty)
		}
		got := lotsBalance(lots)
		if !got.Equal(want) || got.Exponent() != want.Exponent() {
			t.Fatalf("lots %v: %s (exponent %d), want %s (exponent %d)", lots, got, got.Exponent(), want, want.Exponent())
		}
	}
}

// TestKeepLot_InPlace checks that lots filtered in place with keepLot,
// as expireLots filters them, are the lots a filter into a new slice
// keeps, in order.
func TestKeepLot_InPlace(t *testing.T) {
	rng := rand.New(rand.NewPCG(6, 1))
	for range 2000 {
		lots := make([]topLot, rng.IntN(8))
		for i := range lots {
			lots[i] = topLot{qty: decimal.New(1+rng.Int64N(1000), -2), last: rng.IntN(6)}
		}
		m := rng.IntN(6)
		var want, got []topLot
		for _, l := range lots {
			if l.last > m {
				want = append(want, l)
			}
		}
		for _, l := range lots {
			if l.last > m {
				got = keepLot(got, lots, l)
			}
		}
		if len(got) != len(want) {
			t.Fatalf("%d kept, want %d", len(got), len(want))
		}
		for i := range want {
			if !got[i].qty.Equal(want[i].qty) || got[i].last != want[i].last {
				t.Fatalf("kept lot %d: %+v, want %+v", i, got[i], want[i])
			}
		}
	}
}
