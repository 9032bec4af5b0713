package exact

import "github.com/shopspring/decimal"

// cacheSlots is the number of decimals a [Cache] remembers: a power of
// two, so that a slot is a hash's low bits.
const cacheSlots = 64

// A Cache remembers the decimals it made lately, by coefficient and
// exponent, so that an amount made again (a period's costs that repeat
// month after month, cash retained that stays at a reserve's target) is
// the decimal made before instead of a new one: the same value and
// exponent. Decimals never change, so sharing one is safe. The zero Cache
// is empty and ready; a Cache is for one goroutine.
type Cache struct {
	slot [cacheSlots]cached
}

type cached struct {
	c  int64
	e  int32
	ok bool // d is c·10^e
	d  decimal.Decimal
}

// Dec returns c·10^e: decimal.New(c, e), or the decimal the cache made for
// it before. A nil Cache makes a new one every time.
func (k *Cache) Dec(c int64, e int32) decimal.Decimal {
	if k == nil {
		return decimal.New(c, e)
	}
	s := &k.slot[slotOf(c, e)]
	if s.ok && s.c == c && s.e == e {
		return s.d
	}
	d := decimal.New(c, e)
	*s = cached{c: c, e: e, ok: true, d: d}
	return d
}

// DecIn is [Sum.Dec], made by k when the sum makes a new decimal.
func (s *Sum) DecIn(k *Cache) decimal.Decimal {
	if !s.has {
		s.d, s.has = k.Dec(s.c, s.e), true
	}
	return s.d
}

// DecLike is [Sum.DecIn], or d itself when d is the sum, the same value
// and exponent, of at most 18 digits, and the sum has not made its own:
// a decimal the caller has that the sum often equals.
func (s *Sum) DecLike(d decimal.Decimal, k *Cache) decimal.Decimal {
	if !s.has && !s.big && d.Exponent() == s.e {
		if x, ok := small(d); ok && x == s.c {
			s.d, s.has = d, true
		}
	}
	return s.DecIn(k)
}

// slotOf is the slot of c·10^e: the top bits of a Fibonacci hash of the
// coefficient and exponent, so that round amounts, whose low bits are
// zeros, spread over the slots too.
func slotOf(c int64, e int32) int {
	return int((uint64(c) ^ uint64(uint32(e))<<32) * 0x9e3779b97f4a7c15 >> (64 - 6)) // cacheSlots = 1<<6
}
