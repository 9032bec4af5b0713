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
