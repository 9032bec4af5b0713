package exact

import (
	"math/rand/v2"
	"testing"

	"github.com/shopspring/decimal"
)

// TestCache_sameDecimals: what a Cache returns is decimal.New's value and
// exponent, whether it made it now or before, and colliding amounts
// replace each other without mixing.
func TestCache_sameDecimals(t *testing.T) {
	var k Cache
	rng := rand.New(rand.NewPCG(5, 6))
	for range 50_000 {
		c := rng.Int64N(400) - 200 // few amounts, so that many come back and many collide
		if rng.IntN(4) == 0 {
			c = rng.Int64() - 1<<62
		}
		e := int32(rng.IntN(5) - 3)
		if got, want := k.Dec(c, e), decimal.New(c, e); !same(got, want) {
			t.Fatalf("Dec(%d, %d) = %s e%d, want %s e%d", c, e, got, got.Exponent(), want, want.Exponent())
		}
	}
	var nilCache *Cache
	if got := nilCache.Dec(-7, -2); !same(got, decimal.New(-7, -2)) {
		t.Errorf("a nil Cache: %s e%d, want -0.07", got, got.Exponent())
	}
}

// TestCache_remembers: an amount made again is the decimal made before,
// with no allocation, for as many amounts as there are slots when they
// fall in different slots; a sum made through a cache is its decimal.
func TestCache_remembers(t *testing.T) {
	var k Cache
	var cs []int64
	var es []int32
	used := map[int]bool{}
	for c := int64(0); c < 100_000 && len(cs) < cacheSlots; c += 101 {
		e := int32(-2 - c%3)
		if s := slotOf(c, e); s >= 0 && s < cacheSlots && !used[s] {
			used[s] = true
			cs, es = append(cs, c), append(es, e)
		}
	}
	if len(cs) != cacheSlots {
		t.Fatalf("found %d amounts in different slots, want %d: the hash does not spread", len(cs), cacheSlots)
	}
	first := make([]decimal.Decimal, len(cs))
	for i := range cs {
		first[i] = k.Dec(cs[i], es[i])
	}
	if n := testing.AllocsPerRun(10, func() {
		for i := range cs {
			if d := k.Dec(cs[i], es[i]); d != first[i] {
				t.Fatalf("Dec(%d, %d) made anew", cs[i], es[i])
			}
		}
	}); n != 0 {
		t.Errorf("%v allocations for amounts the cache holds, want none", n)
	}
	// Same coefficient, another exponent: another decimal.
	if d := k.Dec(cs[1], es[1]-1); !same(d, decimal.New(cs[1], es[1]-1)) {
		t.Errorf("Dec(%d, %d) = %s e%d", cs[1], es[1]-1, d, d.Exponent())
	}
	a, b := decimal.New(12_345, -2), decimal.New(-345, -2)
	s := SumOf(a)
	s.Add(b)
	got := s.DecIn(&k)
	if !same(got, decimal.New(12_000, -2)) || got != s.DecIn(nil) {
		t.Errorf("DecIn = %s e%d, want 120.00 made once", got, got.Exponent())
	}
	s2 := SumOf(b)
	s2.Add(a)
	if again := s2.DecIn(&k); again != got {
		t.Error("the same sum made twice through a cache: two decimals")
	}
	if n := SumOf(a); n.DecIn(&k) != a {
		t.Error("a sum that is its first term: not that decimal")
	}
}

// TestSum_DecLike: DecLike gives the sum's decimal, the same value and
// exponent as Dec, and is the caller's decimal itself exactly when that is
// the sum, value and exponent, of at most 18 digits, and the sum had made
// no decimal of its own;
// sums past int64 and decimals that equal the sum at another exponent
// included.
func TestSum_DecLike(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	amount := func() decimal.Decimal {
		c := rng.Int64N(2_000) - 1_000
		if rng.IntN(6) == 0 {
			c = rng.Int64() // sums of these outgrow an int64
		}
		return decimal.New(c, int32(rng.IntN(3)-3))
	}
	var k Cache
	for range 20_000 {
		s := SumOf(amount())
		for range rng.IntN(3) {
			if rng.IntN(2) == 0 {
				s.Add(amount())
			} else {
				s.Sub(amount())
			}
		}
		plain := s // a copy, made the usual way
		want := plain.Dec()
		var d decimal.Decimal
		switch rng.IntN(4) {
		case 0: // the sum itself, made apart
			d = decimal.New(want.CoefficientInt64(), want.Exponent())
			if want.NumDigits() > 18 {
				d = want.Add(decimal.Zero)
			}
		case 1: // the sum's value at another exponent
			d = amount()
			if want.NumDigits() <= 17 {
				d = decimal.New(want.CoefficientInt64()*10, want.Exponent()-1)
			}
		default:
			d = amount()
		}
		had := s.has
		got := s.DecLike(d, &k)
		if !same(got, want) {
			t.Fatalf("DecLike(%s e%d) = %s e%d, want %s e%d", d, d.Exponent(), got, got.Exponent(), want, want.Exponent())
		}
		if isD := got == d; isD != (!had && same(d, want) && !s.big && d.NumDigits() <= maxDigits) {
			t.Fatalf("DecLike(%s e%d) of %s e%d: returned the caller's decimal %v (the sum had a decimal: %v)", d, d.Exponent(), want, want.Exponent(), isD, had)
		}
	}
}
