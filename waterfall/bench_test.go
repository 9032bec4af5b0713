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

// BenchmarkEuropeanFund times waterfall.RunWith on workload (a) (see
// benchFund), with the full ledger (mode=ledger) and with totals only
// (mode=totals). In every iteration it also runs, with the benchmark's
// timer stopped, the exact int64 floor (runInt64 without a ledger) and,
// in mode=ledger, the int64 baseline with its ledger and the float64
// baseline, so that the engine and the baselines are timed alternately
// under the same conditions, and reports:
//
//	floor-ns/op    the exact int64 floor's time per run (no ledger)
//	x-floor        the engine's time / the floor's
//	cpu-ns/op      the engine's CPU time per run (user and system, the
//	               collector's included; where the OS reports it)
//	cpu-x-floor    the engine's CPU time / the floor's: on a shared
//	               machine, steadier than x-floor, which counts the time
//	               either spends waiting for a core
//	payments/op    the payments of a run (mode=ledger; the ledger's length)
//	int64-ns/op    the int64 baseline with its ledger (mode=ledger)
//	x-int64        the engine's time / that baseline's
//	float64-ns/op  the float64 baseline's time per run (mode=ledger)
//	x-float64      the engine's time / the float64 baseline's
//
// ns/op, B/op and allocs/op are the engine's alone. Run it with
//
//	go test ./waterfall -run '^$' -bench EuropeanFund -count 5
//
// and take the median of each metric over the counts (benchstat does).
func BenchmarkEuropeanFund(b *testing.B) {
	for _, mode := range []string{"ledger", "totals"} {
		opts := waterfall.RunOptions{TotalsOnly: mode == "totals"}
		for _, g := range benchGrid {
			b.Run(fmt.Sprintf("mode=%s/P=%d/K=%d", mode, g.P, g.K), func(b *testing.B) {
				f := newBenchFund(g.P, g.K)
				d, err := f.deal()
				if err != nil {
					b.Fatal(err)
				}
				var engine, floor, i64, f64 time.Duration
				var engineCPU, floorCPU time.Duration
				cpuOK := true
				cpu := func() time.Duration {
					t, ok := processCPU()
					cpuOK = cpuOK && ok
					return t
				}
				payments := 0
				b.ReportAllocs()
				for b.Loop() {
					c0 := cpu()
					start := time.Now()
					res, err := waterfall.RunWith(d, opts)
					if err != nil {
						b.Fatal(err)
					}
					engine += time.Since(start)
					engineCPU += cpu() - c0
					b.StopTimer()
					payments = res.Payments.Len()
					c0 = cpu()
					start = time.Now()
					if _, err := runInt64(f, false); err != nil {
						b.Fatal(err)
					}
					floor += time.Since(start)
					floorCPU += cpu() - c0
					if !opts.TotalsOnly {
						start = time.Now()
						if _, err := runInt64(f, true); err != nil {
							b.Fatal(err)
						}
						i64 += time.Since(start)
						start = time.Now()
						runFloat64(f)
						f64 += time.Since(start)
					}
					b.StartTimer()
				}
				n := float64(b.N)
				b.ReportMetric(float64(floor.Nanoseconds())/n, "floor-ns/op")
				b.ReportMetric(float64(engine)/float64(floor), "x-floor")
				if cpuOK && floorCPU > 0 {
					b.ReportMetric(float64(engineCPU.Nanoseconds())/n, "cpu-ns/op")
					b.ReportMetric(float64(engineCPU)/float64(floorCPU), "cpu-x-floor")
				}
				if !opts.TotalsOnly {
					b.ReportMetric(float64(payments), "payments/op")
					b.ReportMetric(float64(i64.Nanoseconds())/n, "int64-ns/op")
					b.ReportMetric(float64(f64.Nanoseconds())/n, "float64-ns/op")
					b.ReportMetric(float64(engine)/float64(i64), "x-int64")
					b.ReportMetric(float64(engine)/float64(f64), "x-float64")
				}
			})
		}
	}
}
