package alloc_test

import (
	"errors"
	"fmt"
	"math/big"
	"slices"
	"strconv"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/jvwaterfall/jvwaterfall/internal/alloc"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"
)

func decs(ss ...string) []decimal.Decimal {
	out := make([]decimal.Decimal, len(ss))
	for i, s := range ss {
		out[i] = decimal.RequireFromString(s)
	}
	return out
}

// oracle is a second, independent implementation of largest remainder in
// exact rationals: exact share q_i = total·w_i/Σw in minor units, floor it,
// then hand the units left over one each to the largest fractional parts,
// ties to the lower index. It shares no code with alloc.
func oracle(total decimal.Decimal, weights []decimal.Decimal, scale int32) []decimal.Decimal {
	units := new(big.Rat).SetFrac(total.Shift(scale).BigInt(), big.NewInt(1))
	sum := new(big.Rat)
	ws := make([]*big.Rat, len(weights))
	for i, w := range weights {
		ws[i], _ = new(big.Rat).SetString(w.String())
		sum.Add(sum, ws[i])
	}
	floors := make([]*big.Int, len(ws))
	fracs := make([]*big.Rat, len(ws))
	left := new(big.Int).Set(units.Num())
	for i, w := range ws {
		q := new(big.Rat).Mul(units, w)
		q.Quo(q, sum)
		floors[i] = new(big.Int).Quo(q.Num(), q.Denom()) // q ≥ 0, so Quo is floor
		fracs[i] = new(big.Rat).Sub(q, new(big.Rat).SetInt(floors[i]))
		left.Sub(left, floors[i])
	}
	order := make([]int, len(ws))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return fracs[b].Cmp(fracs[a]) })
	for _, i := range order[:left.Int64()] {
		floors[i].Add(floors[i], big.NewInt(1))
	}
	out := make([]decimal.Decimal, len(ws))
	for i, f := range floors {
		out[i] = decimal.NewFromBigInt(f, -scale)
	}
	return out
}

func TestSplit(t *testing.T) {
	cases := []struct {
		name    string
		total   string
		weights []string
		scale   int32
		want    []string
	}{
		{"thirds", "100.00", []string{"1", "1", "1"}, 2, []string{"33.34", "33.33", "33.33"}},
		// 0.05 = 5 cents; 2.5 each; one cent left, tie → the lower index.
		{"tie to lower index", "0.05", []string{"1", "1"}, 2, []string{"0.03", "0.02"}},
		{"tie among three", "0.02", []string{"1", "1", "1"}, 2, []string{"0.01", "0.01", "0.00"}},
		// 1.00 by 1:2 → 33.33… and 66.66… cents; the larger remainder (.67) wins.
		{"largest remainder wins over index", "1.00", []string{"1", "2"}, 2, []string{"0.33", "0.67"}},
		{"zero weight gets zero", "10.00", []string{"0", "1", "0"}, 2, []string{"0", "10.00", "0"}},
		{"exact fractions", "100", []string{"0.2", "0.8"}, 2, []string{"20", "80"}},
		{"yen (scale 0)", "100", []string{"1", "1", "1"}, 0, []string{"34", "33", "33"}},
		{"one unit, many parties", "0.01", []string{"1", "1", "1", "1"}, 2, []string{"0.01", "0", "0", "0"}},
		{"zero total", "0", []string{"1", "2"}, 2, []string{"0", "0"}},
		{"zero total, zero weights", "0", []string{"0", "0"}, 2, []string{"0", "0"}},
		{"single party", "12.34", []string{"7"}, 2, []string{"12.34"}},
		{"weights with different exponents", "10.00", []string{"0.25", "3", "1.75"}, 2, []string{"0.50", "6.00", "3.50"}},
		// 10^30 · 100 cents overflows int64, so the big.Int path runs:
		// 10^32 cents / 3 = 33…33 rem 1 → the extra cent to index 0.
		{"big.Int fallback", "1000000000000000000000000000000.00", []string{"1", "1", "1"}, 2,
			[]string{"333333333333333333333333333333.34", "333333333333333333333333333333.33", "333333333333333333333333333333.33"}},
		// Huge weights also force the big.Int path: shares 1/3 and 2/3 of 1.00.
		{"big.Int weights", "1.00", []string{"100000000000000000000000", "200000000000000000000000"}, 2, []string{"0.33", "0.67"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := alloc.Split(decimal.RequireFromString(c.total), decs(c.weights...), c.scale)
			require.NoError(t, err)
			if diff := cmp.Diff(decs(c.want...), got); diff != "" {
				t.Errorf("Split mismatch (-want +got):\n%s", diff)
			}
			for _, p := range got {
				require.Equal(t, -c.scale, p.Exponent(), "part %s should carry the scale", p)
			}
		})
	}
}

func TestSplit_Errors(t *testing.T) {
	cases := []struct {
		name    string
		total   string
		weights []string
		want    error
	}{
		{"no weights", "1", nil, alloc.ErrNoWeights},
		{"negative weight", "1", []string{"1", "-1"}, alloc.ErrNegativeWeight},
		{"zero weights", "1", []string{"0", "0"}, alloc.ErrZeroWeights},
		{"not whole", "1.001", []string{"1"}, alloc.ErrNotWhole},
		{"negative total", "-1", []string{"1"}, alloc.ErrNegativeTotal},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := alloc.Split(decimal.RequireFromString(c.total), decs(c.weights...), 2)
			require.Nil(t, got)
			require.Truef(t, errors.Is(err, c.want), "err = %v, want %v", err, c.want)
		})
	}
}

// checkSplit asserts the properties of a split: it matches the oracle, the
// parts sum exactly to the total, and each part is the floor or the ceiling
// of its exact share (so within one minor unit of it).
// fataler is what checkSplit needs of *testing.T and *rapid.T.
type fataler interface {
	Helper()
	Fatalf(format string, args ...any)
}

func checkSplit(t fataler, total decimal.Decimal, weights []decimal.Decimal, scale int32, parts []decimal.Decimal) {
	t.Helper()
	if len(parts) != len(weights) {
		t.Fatalf("%d parts for %d weights", len(parts), len(weights))
	}
	sum := decimal.Zero
	wsum := decimal.Zero
	for _, w := range weights {
		wsum = wsum.Add(w)
	}
	if wsum.IsZero() {
		// Nothing to share by (a zero total with zero weights): every part
		// is zero, and there is no exact share to compare with.
		for i, p := range parts {
			if !p.IsZero() {
				t.Fatalf("part %d = %s of %s with all weights zero, want 0", i, p, total)
			}
		}
		return
	}
	unit := decimal.New(1, -scale)
	for i, p := range parts {
		sum = sum.Add(p)
		if p.Sign() < 0 || !p.Equal(p.Truncate(scale)) {
			t.Fatalf("part %d = %s is negative or not whole at scale %d", i, p, scale)
		}
		// exact share = total·w/Σw; floor ≤ p ≤ ceil ⇔ |p·Σw − total·w| < unit·Σw.
		dev := p.Mul(wsum).Sub(total.Mul(weights[i])).Abs()
		if dev.GreaterThanOrEqual(unit.Mul(wsum)) {
			t.Fatalf("part %d = %s is a unit or more from its exact share %s·%s/%s", i, p, total, weights[i], wsum)
		}
	}
	if !sum.Equal(total) {
		t.Fatalf("parts %v sum to %s, want %s", parts, sum, total)
	}
	if want := oracle(total, weights, scale); !slices.EqualFunc(want, parts, decimal.Decimal.Equal) {
		t.Fatalf("Split(%s, %v, %d) = %v, oracle says %v", total, weights, scale, parts, want)
	}
}

func TestSplit_Properties(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		scale := rapid.Int32Range(0, 8).Draw(t, "scale")
		var units *big.Int
		if rapid.Bool().Draw(t, "huge") {
			units, _ = new(big.Int).SetString(rapid.StringMatching(`[1-9][0-9]{18,40}`).Draw(t, "units"), 10)
		} else {
			units = big.NewInt(rapid.Int64Range(0, 1e12).Draw(t, "units"))
		}
		total := decimal.NewFromBigInt(units, -scale)
		n := rapid.IntRange(1, 40).Draw(t, "n")
		weights := make([]decimal.Decimal, n)
		for i := range weights {
			weights[i] = decimal.New(rapid.Int64Range(0, 1e9).Draw(t, "w"), -rapid.Int32Range(0, 6).Draw(t, "exp"))
		}
		if decimal.Sum(decimal.Zero, weights...).IsZero() {
			weights[0] = decimal.NewFromInt(1)
		}
		parts, err := alloc.Split(total, weights, scale)
		if err != nil {
			t.Fatalf("Split: %v", err)
		}
		checkSplit(t, total, weights, scale, parts)
	})
}

func FuzzSplit(f *testing.F) {
	f.Add(int64(10000), int64(1), int64(1), int64(1), uint8(2))
	f.Add(int64(5), int64(1), int64(1), int64(0), uint8(2))
	f.Add(int64(1), int64(0), int64(0), int64(0), uint8(0))
	f.Add(int64(-3), int64(1), int64(-1), int64(2), uint8(9))
	f.Add(int64(1<<62), int64(1<<62), int64(3), int64(1<<61), uint8(8))
	f.Add(int64(0), int64(0), int64(0), int64(0), uint8(2)) // a zero total with all weights zero: every part zero
	f.Fuzz(func(t *testing.T, units, w1, w2, w3 int64, scale uint8) {
		s := int32(scale % 10)
		total := decimal.New(units, -s)
		weights := []decimal.Decimal{decimal.NewFromInt(w1), decimal.New(w2, -3), decimal.NewFromInt(w3)}
		parts, err := alloc.Split(total, weights, s)
		wsum := decimal.Sum(weights[0], weights[1:]...)
		switch {
		case units < 0:
			require.ErrorIs(t, err, alloc.ErrNegativeTotal)
		case w1 < 0 || w2 < 0 || w3 < 0:
			require.ErrorIs(t, err, alloc.ErrNegativeWeight)
		case units != 0 && wsum.IsZero():
			require.ErrorIs(t, err, alloc.ErrZeroWeights)
		default:
			require.NoError(t, err)
			checkSplit(t, total, weights, s, parts)
		}
	})
}

func ExampleSplit() {
	total := decimal.RequireFromString("100.00")
	weights := []decimal.Decimal{decimal.NewFromInt(1), decimal.NewFromInt(1), decimal.NewFromInt(1)}
	parts, err := alloc.Split(total, weights, 2)
	fmt.Println(parts, err)
	// Output: [33.34 33.33 33.33] <nil>
}

func BenchmarkSplit(b *testing.B) {
	for _, n := range []int{2, 100, 10000} {
		weights := make([]decimal.Decimal, n)
		for i := range weights {
			weights[i] = decimal.New(int64(1000+i*37), -2) // commitments like 10.00, 10.37, …
		}
		total := decimal.RequireFromString("123456789.01")
		b.Run(strconv.Itoa(n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := alloc.Split(total, weights, 2); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
