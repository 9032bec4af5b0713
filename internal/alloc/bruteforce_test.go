package alloc_test

import (
	"math/big"
	"math/rand/v2"
	"testing"

	"github.com/jvwaterfall/jvwaterfall/internal/alloc"
	"github.com/shopspring/decimal"
)

// bruteSplit is the split found by search rather than by construction: of
// every way to write total as a sum of len(w) whole numbers that are not
// negative, the one closest to the exact shares total·w_i/Σw in the sum of
// distances, and of those equally close, the lexicographically greatest
// (a unit goes to the earlier of two parts with equal remainders). Closest
// in that sense is largest remainder: every part is its share's floor or
// ceiling, and the ceilings go to the largest fractional parts. Distances
// are compared exactly, multiplied by Σw. A zero-weight part gets zero
// because any unit given to it moves away from its share.
func bruteSplit(total int64, w []int64) []int64 {
	var sum int64
	for _, x := range w {
		sum += x
	}
	n := len(w)
	q := make([]int64, n)
	best := make([]int64, n)
	bestDist := int64(-1)
	var walk func(i int, left int64)
	walk = func(i int, left int64) {
		if i == n-1 {
			q[i] = left
			var dist int64
			for j := range q {
				d := q[j]*sum - total*w[j]
				if d < 0 {
					d = -d
				}
				dist += d
			}
			if bestDist < 0 || dist < bestDist || dist == bestDist && lexGreater(q, best) {
				bestDist = dist
				copy(best, q)
			}
			return
		}
		for x := int64(0); x <= left; x++ {
			q[i] = x
			walk(i+1, left-x)
		}
	}
	walk(0, total)
	return best
}

func lexGreater(a, b []int64) bool {
	for i := range a {
		if a[i] != b[i] {
			return a[i] > b[i]
		}
	}
	return false
}

// TestSplit_BruteForce compares Split, SplitInt64 and a Splitter with the
// brute-force search on every weight vector of one to four weights in
// 0..3 (zeros included, at least one positive) and every total from 0 to
// 13 minor units: more than every remainder of a weight sum up to 12. Each
// split is also made with the weights scaled by 10^18+1 (19 digits, too
// many for int64 weights: Split's int64 path for a small total and weight
// sum, its big-integer path otherwise) and by 10^30+1 (the big-integer
// path): the same proportions, so the same parts.
func TestSplit_BruteForce(t *testing.T) {
	scaled := func(e int64) decimal.Decimal {
		return decimal.NewFromBigInt(new(big.Int).Add(new(big.Int).Exp(big.NewInt(10), big.NewInt(e), nil), big.NewInt(1)), 0)
	}
	big18, big30 := scaled(18), scaled(30)
	var s alloc.Splitter
	cases := 0
	for n := 1; n <= 4; n++ {
		w := make([]int64, n)
		var vec func(i int)
		vec = func(i int) {
			if i < n {
				for x := int64(0); x <= 3; x++ {
					w[i] = x
					vec(i + 1)
				}
				return
			}
			var sum int64
			for _, x := range w {
				sum += x
			}
			if sum == 0 {
				return
			}
			ws := make([]decimal.Decimal, n)
			ws18 := make([]decimal.Decimal, n)
			wsBig := make([]decimal.Decimal, n)
			for j, x := range w {
				ws[j] = decimal.NewFromInt(x)
				ws18[j] = ws[j].Mul(big18)
				wsBig[j] = ws[j].Mul(big30)
			}
			for total := int64(0); total <= 13; total++ {
				want := bruteSplit(total, w)
				got := make([]int64, n)
				if !alloc.SplitInt64(total, w, got) || !equal64(got, want) {
					t.Fatalf("SplitInt64(%d, %v) = %v, want %v", total, w, got, want)
				}
				if !s.SplitInt64(total, w, got) || !equal64(got, want) {
					t.Fatalf("Splitter.SplitInt64(%d, %v) = %v, want %v", total, w, got, want)
				}
				for _, weights := range [][]decimal.Decimal{ws, ws18, wsBig} {
					parts, err := alloc.Split(decimal.New(total, -2), weights, 2)
					if err != nil {
						t.Fatalf("Split(%d cents, %v): %v", total, weights, err)
					}
					for j := range parts {
						if !parts[j].Equal(decimal.New(want[j], -2)) || parts[j].Exponent() != -2 {
							t.Fatalf("Split(%d cents, %v) = %v, want %v cents", total, weights, parts, want)
						}
					}
				}
				cases++
			}
		}
		vec(0)
	}
	t.Logf("%d splits match the brute-force search", cases)
}

func equal64(a, b []int64) bool {
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return len(a) == len(b)
}

// TestSplit_CentToTheFirst: one cent among equal weights goes to the first
// listed party, past a zero weight; worked by hand: shares are 1/3 cent
// each (the zero-weight part 0), floors are all 0, one cent is left, and
// the remainders 1/3, 1/3, 0, 1/3 tie between parties 0, 1 and 3: the
// first of them, party 0, gets it.
func TestSplit_CentToTheFirst(t *testing.T) {
	for _, tc := range []struct {
		total   string
		weights []string
		want    []string
	}{
		{"0.01", []string{"1", "1", "0", "1"}, []string{"0.01", "0", "0", "0"}},
		{"0.01", []string{"0", "1", "1"}, []string{"0", "0.01", "0"}},
		// 0.02 by 1:1:0:1: two cents to the first two of the tied parties.
		{"0.02", []string{"1", "1", "0", "1"}, []string{"0.01", "0.01", "0", "0"}},
		// 0.05 by 1:2:2: exactly 1, 2 and 2 cents, nothing left over.
		{"0.05", []string{"1", "2", "2"}, []string{"0.01", "0.02", "0.02"}},
		// 0.07 by 1:2:2: 1.4, 2.8, 2.8 cents; floors 1,2,2; two cents to the
		// remainders .8 and .8: 1, 3, 3.
		{"0.07", []string{"1", "2", "2"}, []string{"0.01", "0.03", "0.03"}},
		// 0.01 by 3:0:1: 0.75 and 0.25 cents: the larger remainder wins.
		{"0.01", []string{"3", "0", "1"}, []string{"0.01", "0", "0"}},
		// 0.01 by 1:0:3: the larger remainder is last.
		{"0.01", []string{"1", "0", "3"}, []string{"0", "0", "0.01"}},
	} {
		parts, err := alloc.Split(decimal.RequireFromString(tc.total), decs(tc.weights...), 2)
		if err != nil {
			t.Fatal(err)
		}
		for i := range parts {
			if !parts[i].Equal(decimal.RequireFromString(tc.want[i])) {
				t.Errorf("Split(%s, %v) = %v, want %v", tc.total, tc.weights, parts, tc.want)
				break
			}
		}
	}
}

// TestSplit_ExtremeWeights: weights whose common exponent makes them
// overflow int64 (18 digits shifted by 18 places, or by 2 places just past
// 2^64), or sit right at its edge, take the big-integer path; the parts
// must be the exact oracle's.
func TestSplit_ExtremeWeights(t *testing.T) {
	for _, ws := range [][]string{
		{"999999999999999999", "0.000000000000000001"},
		{"0.000000000000000001", "999999999999999999", "1"},
		{"9223372036854775807", "1"},
		{"9223372036854775806", "1"},
		{"4611686018427387904", "4611686018427387904"},
		{"922337203685477580.7", "0.1"},
		{"123456789012345678", "0.5", "0"},
		{"1", "0.0000000000000000001"},
		// 184467440737095517 × 10^2 = 2^64 + 84: overflows by a little, so
		// its low 64 bits (84) look like a small weight.
		{"184467440737095517", "0.01"},
	} {
		for _, total := range []string{"0.01", "1.00", "12345.67", "99999999999.99", "92233720368547758.07"} {
			parts, err := alloc.Split(decimal.RequireFromString(total), decs(ws...), 2)
			if err != nil {
				t.Fatalf("Split(%s, %v): %v", total, ws, err)
			}
			want := oracle(decimal.RequireFromString(total), decs(ws...), 2)
			for i := range want {
				if !parts[i].Equal(want[i]) {
					t.Fatalf("Split(%s, %v) = %v, want %v", total, ws, parts, want)
				}
			}
		}
	}
}

// TestSplitInt64_Edges: weights summing to exactly the largest int64 are
// split (2^62 and 2^62 − 1: 3 units split 1.5 and 1.4999…: floors 1 and
// 1, the unit left to the larger remainder, the first: 2 and 1); parts of
// another length than the weights, a negative total and no weights are
// refused.
func TestSplitInt64_Edges(t *testing.T) {
	parts := make([]int64, 2)
	if !alloc.SplitInt64(3, []int64{1 << 62, 1<<62 - 1}, parts) || parts[0] != 2 || parts[1] != 1 {
		t.Errorf("SplitInt64(3, [2^62, 2^62−1]) = %v, want [2 1]", parts)
	}
	if alloc.SplitInt64(3, []int64{1 << 62, 1 << 62}, parts) {
		t.Error("SplitInt64 accepted weights summing past the largest int64")
	}
	for name, ok := range map[string]bool{
		"longer parts":   alloc.SplitInt64(5, []int64{1, 1}, make([]int64, 3)),
		"shorter parts":  alloc.SplitInt64(5, []int64{1, 1}, make([]int64, 1)),
		"negative total": alloc.SplitInt64(-1, []int64{1, 1}, parts),
		"no weights":     alloc.SplitInt64(5, nil, nil),
		"negative":       alloc.SplitInt64(5, []int64{2, -1}, parts),
		"zero weights":   alloc.SplitInt64(5, []int64{0, 0}, parts),
	} {
		if ok {
			t.Errorf("%s: SplitInt64 accepted it", name)
		}
	}
}

// TestSplit_ManyTies: many parts with few distinct weights (0..3), so that
// many remainders tie, or with weights up to a million, so that they
// differ, and many units left over, which exercises the selection of the
// largest remainders; every path (int64 weights, 19 digits, big integers)
// against the exact oracle.
func TestSplit_ManyTies(t *testing.T) {
	rng := rand.New(rand.NewPCG(18, 18))
	scaled := func(e int64) decimal.Decimal {
		return decimal.NewFromBigInt(new(big.Int).Add(new(big.Int).Exp(big.NewInt(10), big.NewInt(e), nil), big.NewInt(1)), 0)
	}
	for k := range 800 {
		n := 5 + rng.IntN(60)
		ws := make([]decimal.Decimal, n)
		sum := int64(0)
		most := int64(4) // few distinct weights: ties
		if k%2 == 1 {
			most = 1_000_000 // distinct remainders: a deeper selection
		}
		for i := range ws {
			x := rng.Int64N(most)
			ws[i] = decimal.NewFromInt(x)
			sum += x
		}
		if sum == 0 {
			continue
		}
		total := decimal.New(rng.Int64N(min(5*sum, 1_000_000_000)+1), -2)
		want := oracle(total, ws, 2)
		for _, f := range []decimal.Decimal{decimal.NewFromInt(1), scaled(18), scaled(30)} {
			w := make([]decimal.Decimal, n)
			for i := range w {
				w[i] = ws[i].Mul(f)
			}
			parts, err := alloc.Split(total, w, 2)
			if err != nil {
				t.Fatal(err)
			}
			for i := range want {
				if !parts[i].Equal(want[i]) {
					t.Fatalf("Split(%s, %v × %s) = %v, want %v", total, ws, f, parts, want)
				}
			}
		}
	}
}
