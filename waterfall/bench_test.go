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
// workload (a) (see benchFund). After the timed loop it times the two
// baselines of baseline_test.go on the same fund, in the same process,
// and reports:
//
//	int64-ns/op    the exact int64 baseline's time per run
//	float64-ns/op  the float64 baseline's time per run
//	x-int64        the engine's time / the int64 baseline's
//	x-float64      the engine's time / the float64 baseline's
//
// Run it with
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
			b.ReportAllocs()
			for b.Loop() {
				if _, err := waterfall.Run(d); err != nil {
					b.Fatal(err)
				}
			}
			engine := float64(b.Elapsed().Nanoseconds()) / float64(b.N)
			budget := min(b.Elapsed(), time.Second)
			i64 := timePerRun(budget, func() {
				if _, err := runInt64(f); err != nil {
					b.Fatal(err)
				}
			})
			f64 := timePerRun(budget, func() { runFloat64(f) })
			b.ReportMetric(i64, "int64-ns/op")
			b.ReportMetric(f64, "float64-ns/op")
			b.ReportMetric(engine/i64, "x-int64")
			b.ReportMetric(engine/f64, "x-float64")
		})
	}
}

// timePerRun calls run at least 3 times and until budget has passed, and
// returns the mean time per call in nanoseconds.
func timePerRun(budget time.Duration, run func()) float64 {
	run() // warm up
	start := time.Now()
	n := 0
	for n < 3 || time.Since(start) < budget {
		run()
		n++
	}
	return float64(time.Since(start).Nanoseconds()) / float64(n)
}
