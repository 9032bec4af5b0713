// Package alloc splits money into parts that are whole minor units and add
// up exactly to the whole. It is the only place in the module where an
// amount is divided among parties.
//
// # Method
//
// [Split] uses the largest-remainder method: each part starts at the floor of
// its exact share, and the minor units left over go one each to the parts
// with the largest remainders. Ties go to the earlier part (lower index), so
// the result depends only on the inputs and their order.
package alloc

import (
	"fmt"
	"math/big"
	"math/bits"

	"github.com/jvwaterfall/jvwaterfall/internal/errs"
	"github.com/shopspring/decimal"
)

// Errors returned by [Split]; match them with [errors.Is].
var (
	// ErrNoWeights reports an empty weight list.
	ErrNoWeights = errs.New("no weights", nil)
	// ErrNegativeWeight reports a weight below zero.
	ErrNegativeWeight = errs.New("negative weight", nil)
	// ErrZeroWeights reports weights that add up to zero while money is to be split.
	ErrZeroWeights = errs.New("weights sum to zero", nil)
	// ErrNotWhole reports a total that is not a whole number of minor units.
	ErrNotWhole = errs.New("amount is not a whole number of minor units", nil)
	// ErrNegativeTotal reports a total below zero.
	ErrNegativeTotal = errs.New("negative amount", nil)
)

// Split divides total among len(weights) parts in proportion to weights.
// Each part is a whole number of minor units at scale (2 means cents), the
// parts add up exactly to total, and no part exceeds the ceiling of its exact
// share. A part with zero weight gets zero.
//
// Split returns an error if:
//   - weights is empty;
//   - a weight is negative;
//   - total is not zero and the weights sum to zero;
//   - total is negative or has more decimal places than scale.
func Split(total decimal.Decimal, weights []decimal.Decimal, scale int32) ([]decimal.Decimal, error) {
	if len(weights) == 0 {
		return nil, ErrNoWeights
	}
	if total.Sign() < 0 {
		return nil, fmt.Errorf("%s: %w", total, ErrNegativeTotal)
	}
	if !total.Equal(total.Truncate(scale)) {
		return nil, fmt.Errorf("%s at scale %d: %w", total, scale, ErrNotWhole)
	}
	minExp := int32(0)
	for i, w := range weights {
		if w.Sign() < 0 {
			return nil, fmt.Errorf("weights[%d] = %s: %w", i, w, ErrNegativeWeight)
		}
		minExp = min(minExp, w.Exponent())
	}
	parts := make([]decimal.Decimal, len(weights))
	if total.IsZero() {
		for i := range parts {
			parts[i] = decimal.New(0, -scale)
		}
		return parts, nil
	}
	// Weights as integers with a common exponent, and the total in minor units.
	units := total.Shift(scale).BigInt()
	if ws, ok := int64Weights(weights, minExp); ok && units.IsInt64() {
		q := make([]int64, len(weights))
		if SplitInt64(units.Int64(), ws, q) {
			for i := range parts {
				parts[i] = decimal.New(q[i], -scale)
			}
			return parts, nil
		}
	}
	ws := make([]*big.Int, len(weights))
	sum := new(big.Int)
	for i, w := range weights {
		ws[i] = w.Shift(-minExp).BigInt()
		sum.Add(sum, ws[i])
	}
	if sum.Sign() == 0 {
		return nil, ErrZeroWeights
	}
	if units.IsInt64() && sum.IsInt64() && fitsProduct(units.Int64(), sum.Int64()) {
		return splitInt64(units.Int64(), ws, sum.Int64(), scale, parts), nil
	}
	return splitBig(units, ws, sum, scale, parts), nil
}

var pow10 = [...]uint64{1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18}

// int64Weights returns the weights (not negative) as int64 integers at
// exponent minExp, if they fit.
func int64Weights(weights []decimal.Decimal, minExp int32) ([]int64, bool) {
	ws := make([]int64, len(weights))
	for i, w := range weights {
		shift := int64(w.Exponent()) - int64(minExp)
		if w.NumDigits() > 18 || shift >= int64(len(pow10)) {
			return nil, false
		}
		hi, lo := bits.Mul64(uint64(w.CoefficientInt64()), pow10[shift])
		if hi != 0 || lo >= 1<<63 {
			return nil, false
		}
		ws[i] = int64(lo)
	}
	return ws, true
}

// fitsProduct reports whether a*b (both non-negative) fits in an int64.
func fitsProduct(a, b int64) bool {
	return a == 0 || b <= (1<<63-1)/a
}

func splitInt64(units int64, ws []*big.Int, sum int64, scale int32, parts []decimal.Decimal) []decimal.Decimal {
	q := make([]int64, len(ws))
	rem := make([]int64, len(ws))
	left := units
	for i, w := range ws {
		// w <= sum, so units*w fits when units*sum fits.
		p := units * w.Int64()
		q[i], rem[i] = p/sum, p%sum
		left -= q[i]
	}
	giveLeftover(left, func(i, j int) int { return cmpInt64(rem[i], rem[j]) }, len(ws), func(i int) { q[i]++ })
	for i := range parts {
		parts[i] = decimal.New(q[i], -scale)
	}
	return parts
}

func splitBig(units *big.Int, ws []*big.Int, sum *big.Int, scale int32, parts []decimal.Decimal) []decimal.Decimal {
	q := make([]*big.Int, len(ws))
	rem := make([]*big.Int, len(ws))
	left := new(big.Int).Set(units)
	for i, w := range ws {
		p := new(big.Int).Mul(units, w)
		q[i], rem[i] = new(big.Int), new(big.Int)
		q[i].QuoRem(p, sum, rem[i])
		left.Sub(left, q[i])
	}
	// left < len(ws), so it fits in an int64.
	giveLeftover(left.Int64(), func(i, j int) int { return rem[i].Cmp(rem[j]) }, len(ws), func(i int) { q[i].Add(q[i], big.NewInt(1)) })
	for i := range parts {
		parts[i] = decimal.NewFromBigInt(q[i], -scale)
	}
	return parts
}

// giveLeftover adds one unit to each of the left parts with the largest
// remainders, ties to the lower index. left is below n.
func giveLeftover(left int64, cmp func(i, j int) int, n int, give func(i int)) {
	if left <= 0 {
		return
	}
	if left == 1 {
		best := 0
		for i := 1; i < n; i++ {
			if cmp(i, best) > 0 {
				best = i
			}
		}
		give(best)
		return
	}
	// The left largest remainders, ties to the lower index: the first
	// left of a stable sort by remainder, descending.
	for _, i := range largest(n, int(left), cmp) {
		give(i)
	}
}

func cmpInt64(a, b int64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// SplitInt64 is [Split] for integers: total minor units divided among
// weights that are integers (weights at a common exponent give the same
// parts), written to parts, which must have len(weights). It does no
// big-integer arithmetic and allocates only when a remainder is left.
// total and the weights must be non-negative and the weights must sum to a
// positive int64; otherwise SplitInt64 returns false and leaves parts
// unspecified. A [Splitter] does the same without allocating.
func SplitInt64(total int64, weights []int64, parts []int64) bool {
	var s Splitter
	return s.SplitInt64(total, weights, parts)
}

// A Splitter splits as [SplitInt64] does and keeps its scratch space from
// one split to the next, so that splits allocate only while the space
// grows. The zero value is ready to use; a Splitter is used by one
// goroutine.
type Splitter struct {
	rem []uint64
	idx []int
	div divisor // the last split's sum of weights, as a divisor; d = 0: none
}

// SplitInt64 is [SplitInt64] with s's scratch space.
func (s *Splitter) SplitInt64(total int64, weights []int64, parts []int64) bool {
	if total < 0 || len(weights) == 0 || len(parts) != len(weights) {
		return false
	}
	sum := int64(0)
	for _, w := range weights {
		if w < 0 || sum > 1<<63-1-w {
			return false
		}
		sum += w
	}
	if sum == 0 {
		return false
	}
	left := total
	var rem []uint64
	// A long split divides by the sum without the division instruction;
	// the divisor is kept for the next split by the same weights.
	if s.div.d != uint64(sum) && len(weights) >= 8 {
		s.div = newDivisor(uint64(sum))
	}
	div := s.div.d == uint64(sum)
	for i, w := range weights {
		// total·w < sum·2^64, so the quotient fits in 64 bits.
		hi, lo := bits.Mul64(uint64(total), uint64(w))
		var q, r uint64
		switch {
		case hi == 0 && div:
			q, r = s.div.divmod(lo)
		case hi == 0:
			q, r = lo/uint64(sum), lo%uint64(sum)
		default:
			q, r = bits.Div64(hi, lo, uint64(sum))
		}
		parts[i] = int64(q)
		left -= int64(q)
		if r != 0 && rem == nil {
			rem = s.remainders(len(weights), i)
		}
		if rem != nil {
			rem[i] = r
		}
	}
	switch {
	case left == 1:
		best := 0
		for i, r := range rem {
			if r > rem[best] {
				best = i
			}
		}
		parts[best]++
	case left > 1:
		for _, i := range s.largest(rem, int(left)) {
			parts[i]++
		}
	}
	return true
}

// remainders returns s's room for n remainders, the first upto zeroed.
func (s *Splitter) remainders(n, upto int) []uint64 {
	if cap(s.rem) < n {
		s.rem = make([]uint64, n)
	}
	rem := s.rem[:n]
	clear(rem[:upto])
	return rem
}

// largest returns the indexes of the k largest remainders, ties to the
// lower index, in no particular order: largest with the comparison of
// remainders written out, and s's room for the indexes.
func (s *Splitter) largest(rem []uint64, k int) []int {
	n := len(rem)
	if cap(s.idx) < n {
		s.idx = make([]int, n)
	}
	idx := s.idx[:n]
	for i := range idx {
		idx[i] = i
	}
	before := func(a, b int) bool { return rem[a] > rem[b] || rem[a] == rem[b] && a < b }
	lo, hi := 0, n
	for hi-lo > 1 {
		mid := lo + (hi-lo)/2
		a, b, c := lo, mid, hi-1
		if before(idx[b], idx[a]) {
			a, b = b, a
		}
		if before(idx[c], idx[b]) {
			b = c
			if before(idx[b], idx[a]) {
				b = a
			}
		}
		idx[b], idx[hi-1] = idx[hi-1], idx[b]
		p := idx[hi-1]
		m := lo
		for i := lo; i < hi-1; i++ {
			if before(idx[i], p) {
				idx[i], idx[m] = idx[m], idx[i]
				m++
			}
		}
		idx[m], idx[hi-1] = idx[hi-1], idx[m]
		switch {
		case m == k || m+1 == k:
			return idx[:k]
		case m > k:
			hi = m
		default:
			lo = m + 1
		}
	}
	return idx[:k]
}

// largest returns the indexes of the k largest of n items in the order
// cmp (ties to the lower index), in no particular order. It selects in
// expected linear time, rather than sorting.
func largest(n, k int, cmp func(i, j int) int) []int {
	idx := make([]int, n)
	for i := range idx {
		idx[i] = i
	}
	// before reports whether item a comes before item b: a larger
	// remainder, or an equal one at a lower index.
	before := func(a, b int) bool {
		c := cmp(a, b)
		return c > 0 || c == 0 && a < b
	}
	lo, hi := 0, n // find the k first items of idx[lo:hi]
	for hi-lo > 1 {
		mid := lo + (hi-lo)/2
		// Median of three as the pivot, moved to hi-1.
		a, b, c := lo, mid, hi-1
		if before(idx[b], idx[a]) {
			a, b = b, a
		}
		if before(idx[c], idx[b]) {
			b = c
			if before(idx[b], idx[a]) {
				b = a
			}
		}
		idx[b], idx[hi-1] = idx[hi-1], idx[b]
		p := idx[hi-1]
		s := lo
		for i := lo; i < hi-1; i++ {
			if before(idx[i], p) {
				idx[i], idx[s] = idx[s], idx[i]
				s++
			}
		}
		idx[s], idx[hi-1] = idx[hi-1], idx[s]
		switch {
		case s == k || s+1 == k:
			return idx[:k]
		case s > k:
			hi = s
		default:
			lo = s + 1
		}
	}
	return idx[:k]
}
