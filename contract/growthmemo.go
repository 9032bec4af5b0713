package contract

import (
	"sync"

	"github.com/shopspring/decimal"
)

// Growth factors are a pure function of a rate's terms and a year
// fraction num/den, and a schedule meets the same few fractions over and
// over (a month of 30 or 31 days, a quarter, a year): a run of a deal, and
// every run of a sweep or a Monte Carlo, asks for them again. The 20-digit
// exp/ln behind a factor allocates tens of big integers, so the factors
// computed are kept, process-wide, and shared: a decimal.Decimal is never
// changed once made, so one value may be handed to any number of callers
// and goroutines.

// growthMemoKey names a factor: the rate's annual coefficient and exponent
// exactly as written (0.08 and 0.080 are two keys with the same factor),
// its compounding, and the year fraction num/den (signed), and whether the
// factor is inverted (a discount).
type growthMemoKey struct {
	coef     int64
	exp      int32
	comp     Compounding
	invert   bool
	num, den int64
}

// growthMemoMax bounds the factors kept; past it new factors are computed
// every time, as they were before the memo. A deal of monthly periods
// over a century meets a few thousand.
const growthMemoMax = 1 << 14

var growthMemo = sharedMemo[growthMemoKey, decimal.Decimal]{max: growthMemoMax}

// memoKey returns the key of r's factor for num/den; ok is false when the
// rate's coefficient does not fit an int64 (such a factor is not kept).
func (r Rate) memoKey(num, den int64, invert bool) (growthMemoKey, bool) {
	if r.Annual.NumDigits() > 18 {
		return growthMemoKey{}, false
	}
	return growthMemoKey{coef: r.Annual.CoefficientInt64(), exp: r.Annual.Exponent(), comp: r.Compounding,
		invert: invert, num: num, den: den}, true
}

// memoFactor returns the factor kept under k, if any.
func memoFactor(k growthMemoKey) (decimal.Decimal, bool) { return growthMemo.get(k) }

// keepFactor keeps g under k, unless the memo is full.
func keepFactor(k growthMemoKey, g decimal.Decimal) { growthMemo.keep(k, g) }

// A sharedMemo is a map of values that are a pure function of their key,
// computed once and shared by every goroutine, and bounded: past max
// entries a value is not kept, and its caller computes it every time.
type sharedMemo[K comparable, V any] struct {
	sync.RWMutex
	m   map[K]V
	max int
}

// get returns the value kept under k, if any.
func (s *sharedMemo[K, V]) get(k K) (V, bool) {
	s.RLock()
	v, ok := s.m[k]
	s.RUnlock()
	return v, ok
}

// keep keeps v under k, unless the memo is full.
func (s *sharedMemo[K, V]) keep(k K, v V) {
	s.Lock()
	if s.m == nil {
		s.m = make(map[K]V)
	}
	if len(s.m) < s.max {
		s.m[k] = v
	}
	s.Unlock()
}
