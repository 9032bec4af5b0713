package contract

import (
	"sync"

	"github.com/shopspring/decimal"
)

// A fixed rate's escalation factors are a pure function of the rate, and
// every run of a deal (and of a sweep) asks for the same ones again: a
// take-or-pay price and an opex cost escalated at 2.5% a year ask for
// the factors of years 0 to 10 on every run, a few big integers each. The
// factors worked out are kept, process-wide, as the growth factors are
// (see growthMemo): a decimal never changes once made, so one slice of
// them may be read by any number of escalators and goroutines.

// escalationMemoMax bounds the rates whose factors are kept, and
// escalationMemoFactors the factors kept in all (a few MB); past them an
// escalator works its factors out itself, as before the memo.
const (
	escalationMemoMax     = 1 << 10
	escalationMemoFactors = 1 << 16
)

// escalationKey names a rate: its coefficient and exponent as written.
type escalationKey struct {
	coef int64
	exp  int32
}

var escalationMemo struct {
	sync.RWMutex
	m map[escalationKey][]decimal.Decimal
	n int // the factors kept in m
}

// escalationKeyOf returns rate's key; ok is false when its coefficient
// does not fit an int64 (such factors are not kept).
func escalationKeyOf(rate decimal.Decimal) (escalationKey, bool) {
	if rate.NumDigits() > 18 {
		return escalationKey{}, false
	}
	return escalationKey{rate.CoefficientInt64(), rate.Exponent()}, true
}

// memoFactors returns the factors kept for k, years 0 to len-1: a slice
// no one may write to (its capacity is its length).
func memoFactors(k escalationKey) []decimal.Decimal {
	escalationMemo.RLock()
	f := escalationMemo.m[k]
	escalationMemo.RUnlock()
	return f
}

// keepFactors keeps f as k's factors when it holds more years than those
// kept, unless the memo is full. f's first len(f) entries must never be
// written again; it is kept with its capacity cut to its length, so that
// no reader's append writes into its array.
func keepFactors(k escalationKey, f []decimal.Decimal) {
	escalationMemo.Lock()
	if escalationMemo.m == nil {
		escalationMemo.m = make(map[escalationKey][]decimal.Decimal)
	}
	old, ok := escalationMemo.m[k]
	more := len(f) - len(old)
	if more > 0 && escalationMemo.n+more <= escalationMemoFactors && (ok || len(escalationMemo.m) < escalationMemoMax) {
		escalationMemo.m[k], escalationMemo.n = f[:len(f):len(f)], escalationMemo.n+more
	}
	escalationMemo.Unlock()
}

// An index path's factor of year k, Index[k] / Index[0] rounded, is a pure
// function of the two levels; the factors worked out are kept as well,
// by the two levels' keys.
type indexKey struct{ level, base escalationKey }

var indexMemo = sharedMemo[indexKey, decimal.Decimal]{max: indexMemoMax}

// indexFactor returns [Escalation.Factor](k) of e, which has an index
// path: kept when its levels have keys, else worked out.
func indexFactor(e Escalation, k int) (decimal.Decimal, error) {
	if k < 0 || k >= len(e.Index) || k > maxEscalationYears || e.Index[0].Sign() <= 0 {
		return e.Factor(k) // its errors
	}
	level, okL := escalationKeyOf(e.Index[k])
	base, okB := escalationKeyOf(e.Index[0])
	if !okL || !okB {
		return e.Factor(k)
	}
	key := indexKey{level, base}
	if f, ok := indexMemo.get(key); ok {
		return f, nil
	}
	f, _ := e.Factor(k) // no error: year k has a level, and the base is positive
	indexMemo.keep(key, f)
	return f, nil
}

// indexMemoMax bounds the index factors kept.
const indexMemoMax = 1 << 14
