package alloc

import (
	"math"
	"math/big"
	"slices"
	"sort"
	"testing"

	"pgregory.net/rapid"
)

// TestDivisor_AsDivision: a divisor's quotient and remainder are the
// division instruction's, for random and edge-case dividends and
// divisors: 1, powers of two and their neighbours, the largest.
func TestDivisor_AsDivision(t *testing.T) {
	check := func(t interface{ Fatalf(string, ...any) }, n, d uint64) {
		q, r := newDivisor(d).divmod(n)
		if q != n/d || r != n%d {
			t.Fatalf("%d / %d: got %d rem %d, want %d rem %d", n, d, q, r, n/d, n%d)
		}
	}
	edges := []uint64{0, 1, 2, 3, 5, 7, 10, 100, 1 << 31, 1<<32 - 1, 1 << 32, 1<<32 + 1, 1<<62 - 1, 1 << 62, 1<<63 - 1, 1 << 63, 1<<63 + 1, math.MaxUint64 - 1, math.MaxUint64}
	for k := range 64 {
		edges = append(edges, 1<<k-1, 1<<k, 1<<k+1)
	}
	for _, d := range edges {
		if d == 0 {
			continue
		}
		for _, n := range edges {
			check(t, n, d)
		}
	}
	rapid.Check(t, func(rt *rapid.T) {
		d := rapid.OneOf(rapid.Uint64Range(1, 1000), rapid.Uint64Range(1, math.MaxUint64), rapid.Uint64Range(1<<62, math.MaxUint64)).Draw(rt, "d")
		n := rapid.OneOf(rapid.Uint64(), rapid.Uint64Range(0, 1<<40), rapid.Just(uint64(math.MaxUint64))).Draw(rt, "n")
		check(rt, n, d)
	})
}

// lrOracle is the largest-remainder split of total by w in big integers,
// ties to the lower index, written from the method's definition.
func lrOracle(total int64, w []int64) []int64 {
	sum := new(big.Int)
	for _, x := range w {
		sum.Add(sum, big.NewInt(x))
	}
	parts := make([]int64, len(w))
	rems := make([]*big.Int, len(w))
	left := total
	for i, x := range w {
		q, r := new(big.Int).QuoRem(new(big.Int).Mul(big.NewInt(total), big.NewInt(x)), sum, new(big.Int))
		parts[i], rems[i] = q.Int64(), r
		left -= parts[i]
	}
	order := make([]int, len(w))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool { return rems[order[a]].Cmp(rems[order[b]]) > 0 })
	for _, i := range order[:left] {
		parts[i]++
	}
	return parts
}

// TestSplitter_LongSplits: a Splitter used again and again, on splits
// long enough to divide with a divisor (kept from one split to the next
// when the weights' sum is the same), splits as lrOracle does.
func TestSplitter_LongSplits(t *testing.T) {
	var s Splitter
	rapid.Check(t, func(rt *rapid.T) {
		n := rapid.IntRange(1, 40).Draw(rt, "n")
		top := rapid.SampledFrom([]int64{3, 1000, 1 << 40, 1<<62/40 - 1}).Draw(rt, "max")
		w := rapid.SliceOfN(rapid.Int64Range(0, top), n, n).Draw(rt, "weights")
		w[rapid.IntRange(0, n-1).Draw(rt, "positive")] |= 1
		for range rapid.IntRange(1, 3).Draw(rt, "splits") {
			total := rapid.OneOf(rapid.Int64Range(0, 1000), rapid.Int64Range(0, math.MaxInt64)).Draw(rt, "total")
			got := make([]int64, n)
			if !s.SplitInt64(total, w, got) {
				rt.Fatalf("SplitInt64(%d, %v) refused", total, w)
			}
			if want := lrOracle(total, w); !slices.Equal(got, want) {
				rt.Fatalf("SplitInt64(%d, %v) = %v, want %v", total, w, got, want)
			}
		}
	})
}
