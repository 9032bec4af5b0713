package alloc

import (
	"cmp"
	"slices"
	"testing"
)

// topK is the selection done by sorting: the indexes of the k largest of
// rem, ties to the lower index (a stable sort by remainder, descending),
// as a sorted set.
func topK(rem []uint64, k int) []int {
	idx := make([]int, len(rem))
	for i := range idx {
		idx[i] = i
	}
	slices.SortStableFunc(idx, func(a, b int) int { return cmp.Compare(rem[b], rem[a]) })
	out := slices.Clone(idx[:k])
	slices.Sort(out)
	return out
}

// eachRemainders calls f with every vector of n remainders that is a
// permutation of 0..n-1 (all orders of distinct remainders), and every
// vector of n remainders in 0..2 (ties), for n up to max.
func eachRemainders(max int, f func(rem []uint64)) {
	for n := 1; n <= max; n++ {
		rem := make([]uint64, n)
		var perm func(i int, used uint)
		perm = func(i int, used uint) {
			if i == n {
				f(rem)
				return
			}
			for v := range n {
				if used&(1<<v) == 0 {
					rem[i] = uint64(v)
					perm(i+1, used|1<<v)
				}
			}
		}
		perm(0, 0)
		var ties func(i int)
		ties = func(i int) {
			if i == n {
				f(rem)
				return
			}
			for v := range uint64(3) {
				rem[i] = v
				ties(i + 1)
			}
		}
		ties(0)
	}
}

// TestLargest_AllOrders checks both quickselects (Splitter.largest and
// largest) against a stable sort, for every order of up to 7 distinct
// remainders and every vector of up to 7 remainders in 0..2, and every k
// from 1 to n: the selected set must be the sort's first k, whatever the
// order the quickselect leaves them in. (The split asks for k < n only; at
// k = n a window of two can end with its better item as pivot, which is
// where moving the window's left end back instead of on would fall off
// the front.)
func TestLargest_AllOrders(t *testing.T) {
	var s Splitter
	cases := 0
	eachRemainders(7, func(rem []uint64) {
		for k := 1; k <= len(rem); k++ {
			want := topK(rem, k)
			got := slices.Clone(s.largest(rem, k))
			slices.Sort(got)
			if !slices.Equal(got, want) {
				t.Fatalf("Splitter.largest(%v, %d) = %v, want %v", rem, k, got, want)
			}
			got = largest(len(rem), k, func(i, j int) int { return cmp.Compare(rem[i], rem[j]) })
			slices.Sort(got)
			if !slices.Equal(got, want) {
				t.Fatalf("largest(%v, %d) = %v, want %v", rem, k, got, want)
			}
			cases++
		}
	})
	if cases < 40000 {
		t.Fatalf("only %d cases", cases)
	}
}
