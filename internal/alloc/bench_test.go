package alloc

import (
	"fmt"
	"testing"

	"github.com/shopspring/decimal"
)

// splitWeights returns n commitments like benchmark (a)'s: $1,000,000 to
// $9,900,000.
func splitWeights(n int) ([]decimal.Decimal, []int64) {
	d := make([]decimal.Decimal, n)
	w := make([]int64, n)
	for i := range d {
		w[i] = (1_000_000 + int64((i*7919)%90)*100_000) * 100
		d[i] = decimal.New(w[i], -2)
	}
	return d, w
}

// BenchmarkSplitParties is benchmark (d): splitting an amount (a
// distribution of $12,345,678.91, which leaves units over) among 2, 100
// and 10,000 parties by commitment, through Split (decimal in and out, as
// callers outside the engine use it) and SplitInt64 (the engine's path).
func BenchmarkSplitParties(b *testing.B) {
	total := decimal.RequireFromString("12345678.91")
	for _, n := range []int{2, 100, 10_000} {
		d, w := splitWeights(n)
		b.Run(fmt.Sprintf("Split/parties=%d", n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := Split(total, d, 2); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run(fmt.Sprintf("SplitInt64/parties=%d", n), func(b *testing.B) {
			parts := make([]int64, n)
			b.ReportAllocs()
			for b.Loop() {
				if !SplitInt64(1234567891, w, parts) {
					b.Fatal("rejected")
				}
			}
		})
	}
}
