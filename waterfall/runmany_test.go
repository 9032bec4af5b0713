package waterfall_test

import (
	"context"
	"fmt"
	"runtime"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/jvwaterfall/jvwaterfall/contract"
	"github.com/jvwaterfall/jvwaterfall/scenario"
	"github.com/jvwaterfall/jvwaterfall/waterfall"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"
)

// scenarios returns n scenarios of the benchmark fund: the same deal with
// its proceeds scaled by 1.0, 1.1, 1.2, …, so each has its own ledger.
func scenarios(t testing.TB, n, P, K int) []*waterfall.Deal {
	t.Helper()
	f := newBenchFund(P, K)
	base, err := f.deal()
	require.NoError(t, err)
	deals := make([]*waterfall.Deal, n)
	for i := range deals {
		d := *base
		d.Name = fmt.Sprintf("scenario %d", i)
		factor := decimal.New(int64(10+i), -1)
		d.Proceeds = make([]contract.Flow, len(base.Proceeds))
		for j, p := range base.Proceeds {
			d.Proceeds[j] = contract.Flow{Date: p.Date, Amount: p.Amount.Mul(factor).RoundFloor(2)}
		}
		deals[i] = &d
	}
	return deals
}

// cmpResults compares what results show (runview.Of); decimals by value.
var cmpResults = cmp.Options{cmp.Comparer(func(a, b decimal.Decimal) bool { return a.Equal(b) })}

// BenchmarkRunMany times scenario.RunMany on the engine's benchmark fund
// (it stays here, beside the other benchmarks of workload (a)): a batch
// of 16 scenarios of workload (a) (P = 120,
// K = 100) through RunMany at GOMAXPROCS 1 and at GOMAXPROCS 2, with the
// full ledger and with totals only, alternating the two settings within
// each iteration so that both see the same load, and reports per
// scenario:
//
//	procs1-ns/scenario      wall time at GOMAXPROCS 1
//	procs2-ns/scenario      wall time at GOMAXPROCS 2
//	speedup                 procs1 / procs2: the throughput gained by a second core
//	procs1-cpu-ns/scenario  the CPU time the process used, at GOMAXPROCS 1
//	procs2-cpu-ns/scenario  the same at GOMAXPROCS 2
//	cpu-ratio               procs2-cpu / procs1-cpu: the extra work of running in parallel
//
// The speed-up needs a second core that is free: on a shared machine it
// falls as other work takes the second core (check /proc/loadavg). The
// CPU times do not depend on that: equal CPU per scenario at 1 and 2
// (cpu-ratio near 1) means the scenarios run in parallel without extra
// work, so that on idle cores the wall time halves.
func BenchmarkRunMany(b *testing.B) {
	deals := scenarios(b, 16, 120, 100)
	prev := runtime.GOMAXPROCS(0)
	defer runtime.GOMAXPROCS(prev)
	for _, mode := range []string{"ledger", "totals"} {
		opts := scenario.RunManyOptions{RunOptions: waterfall.RunOptions{TotalsOnly: mode == "totals"}}
		b.Run("mode="+mode, func(b *testing.B) {
			var wall, cpu [2]time.Duration
			b.ReportAllocs()
			for b.Loop() {
				for i, procs := range []int{1, 2} {
					runtime.GOMAXPROCS(procs)
					start := time.Now()
					c0, _ := processCPU()
					if _, err := scenario.RunMany(context.Background(), deals, opts); err != nil {
						b.Fatal(err)
					}
					c1, _ := processCPU()
					wall[i] += time.Since(start)
					cpu[i] += c1 - c0
				}
			}
			runtime.GOMAXPROCS(prev)
			n := float64(b.N * len(deals))
			b.ReportMetric(float64(wall[0].Nanoseconds())/n, "procs1-ns/scenario")
			b.ReportMetric(float64(wall[1].Nanoseconds())/n, "procs2-ns/scenario")
			b.ReportMetric(float64(wall[0])/float64(wall[1]), "speedup")
			if _, ok := processCPU(); ok {
				b.ReportMetric(float64(cpu[0].Nanoseconds())/n, "procs1-cpu-ns/scenario")
				b.ReportMetric(float64(cpu[1].Nanoseconds())/n, "procs2-cpu-ns/scenario")
				b.ReportMetric(float64(cpu[1])/float64(cpu[0]), "cpu-ratio")
			}
		})
	}
}
