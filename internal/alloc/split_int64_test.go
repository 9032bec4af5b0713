package alloc

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"
)

// oracle is the largest-remainder method as the package documents it,
// written the slow way: floor every exact share, then a unit each to the
// largest remainders, found by a stable sort (ties to the lower index).
func oracle(total int64, w []int64) []int64 {
	sum := int64(0)
	for _, x := range w {
		sum += x
	}
	q := make([]int64, len(w))
	r := make([]float64, len(w)) // exact here: operands are below 2^26
	left := total
	for i, x := range w {
		q[i] = total * x / sum
		r[i] = float64(total*x%sum) / float64(sum)
		left -= q[i]
	}
	order := make([]int, len(w))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int {
		switch {
		case r[a] > r[b]:
			return -1
		case r[a] < r[b]:
			return 1
		}
		return 0
	})
	for _, i := range order[:left] {
		q[i]++
	}
	return q
}

// TestSplitInt64_Oracle checks SplitInt64 and Split against the oracle
// on random splits, many with tied remainders (few distinct weights).
func TestSplitInt64_Oracle(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 12))
	for n := range 3000 {
		k := 1 + rng.IntN(60)
		w := make([]int64, k)
		distinct := 1 + rng.IntN(4)
		for i := range w {
			w[i] = int64(rng.IntN(distinct)) * (1 + rng.Int64N(1<<10))
			if rng.IntN(8) == 0 {
				w[i] = 0
			}
		}
		w[rng.IntN(k)]++ // a positive sum
		total := rng.Int64N(1 << 14)
		want := oracle(total, w)
		got := make([]int64, k)
		require.True(t, SplitInt64(total, w, got))
		require.Equal(t, want, got, "case %d: split %d by %v", n, total, w)
		wd := make([]decimal.Decimal, k)
		for i, x := range w {
			wd[i] = decimal.New(x, -3)
		}
		parts, err := Split(decimal.New(total, -2), wd, 2)
		require.NoError(t, err)
		for i := range parts {
			require.True(t, parts[i].Equal(decimal.New(want[i], -2)), "case %d: part %d", n, i)
		}
	}
}

func TestSplitInt64_Rejects(t *testing.T) {
	for _, c := range []struct {
		name  string
		total int64
		w     []int64
	}{
		{"no weights", 5, nil},
		{"zero weights", 5, []int64{0, 0}},
		{"negative weight", 5, []int64{1, -1}},
		{"negative total", -5, []int64{1, 1}},
		{"sum overflows", 5, []int64{1 << 62, 1 << 62}},
	} {
		t.Run(c.name, func(t *testing.T) {
			require.False(t, SplitInt64(c.total, c.w, make([]int64, len(c.w))))
		})
	}
}

func TestSplitInt64_Large(t *testing.T) {
	// 128-bit products: total·weight far beyond int64.
	w := []int64{1<<62 - 1, 3, 1 << 40}
	parts := make([]int64, 3)
	require.True(t, SplitInt64(1<<62, w, parts))
	require.Equal(t, int64(1<<62), parts[0]+parts[1]+parts[2])
	wd := []decimal.Decimal{decimal.NewFromInt(w[0]), decimal.NewFromInt(w[1]), decimal.NewFromInt(w[2])}
	want, err := Split(decimal.NewFromInt(1<<62), wd, 0)
	require.NoError(t, err)
	for i := range parts {
		require.True(t, want[i].Equal(decimal.NewFromInt(parts[i])), fmt.Sprint(i))
	}
}
