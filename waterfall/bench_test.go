package waterfall_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/jvwaterfall/jvwaterfall/waterfall"
)

// benchGrid is workload (a)'s grid of periods and investors. P = 1,200
// with K = 10,000 is left out: its ledger alone (about 10 million
// payments) needs over a gigabyte.
var benchGrid = []struct{ P, K int }{
	{40, 2}, {40, 100}, {40, 10_000},
	{120, 2}, {120, 100}, {120, 10_000},
	{1200, 2}, {1200, 100},
}

// BenchmarkEuropeanFund times waterfall.Run, full ledger included, on
// workload (a) (see benchFund). In every iteration it also runs the two
// baselines of baseline_test.go on the same fund, with the benchmark's
// timer stopped, so that the engine and the baselines are timed
// alternately under the same conditions, and reports:
//
//	int64-ns/op    the exact int64 baseline's time per run
//	float64-ns/op  the float64 baseline's time per run
//	x-int64        the engine's time / the int64 baseline's
//	x-float64      the engine's time / the float64 baseline's
//
// ns/op, B/op and allocs/op are the engine's alone. Run it with
//
//	go test ./waterfall -run '^$' -bench EuropeanFund -count 5
//
// and take the median of each metric over the counts (benchstat does).
func BenchmarkEuropeanFund(b *testing.B) {
	for _, g := range benchGrid {
		b.Run(fmt.Sprintf("P=%d/K=%d", g.P, g.K), func(b *testing.B) {
			f := newBenchFund(g.P, g.K)
			d, err := f.deal()
			if err != nil {
				b.Fatal(err)
			}
			var engine, i64, f64 time.Duration
			b.ReportAllocs()
			for b.Loop() {
				start := time.Now()
				if _, err := waterfall.Run(d); err != nil {
					b.Fatal(err)
				}
				engine += time.Since(start)
				b.StopTimer()
				start = time.Now()
				if _, err := runInt64(f); err != nil {
					b.Fatal(err)
				}
				i64 += time.Since(start)
				start = time.Now()
				runFloat64(f)
				f64 += time.Since(start)
				b.StartTimer()
			}
			n := float64(b.N)
			b.ReportMetric(float64(i64.Nanoseconds())/n, "int64-ns/op")
			b.ReportMetric(float64(f64.Nanoseconds())/n, "float64-ns/op")
			b.ReportMetric(float64(engine)/float64(i64), "x-int64")
			b.ReportMetric(float64(engine)/float64(f64), "x-float64")
		})
	}
}
