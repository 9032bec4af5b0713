package scenario_test

import (
	"context"
	"syscall"
	"testing"
	"time"

	"github.com/jvwaterfall/jvwaterfall/scenario"
	"github.com/stretchr/testify/require"
)

// cpuTime is the process's user and system CPU time so far.
func cpuTime(b *testing.B) time.Duration {
	var ru syscall.Rusage
	require.NoError(b, syscall.Getrusage(syscall.RUSAGE_SELF, &ru))
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// BenchmarkMonteCarlo runs b.N scenarios of the data-center deal's Monte
// Carlo (testdata/montecarlo.json: five terms, one correlated pair, three
// parties measured): each drawn, applied to a copy of the deal, decoded,
// run and measured. Run it at GOMAXPROCS 1 and 2 with
//
//	go test -run '^$' -bench MonteCarlo -cpu 1,2 ./scenario/
//
// It reports scenarios per second of wall time and CPU time per scenario
// (user + system, all goroutines: the cost of one scenario whatever the
// cores).
func BenchmarkMonteCarlo(b *testing.B) {
	def, err := scenario.DecodeDefinition(readFile(b, "testdata/montecarlo.json"))
	require.NoError(b, err)
	def.MonteCarlo.Samples = scenario.MaxScenarios
	p, err := scenario.NewPlan(datacenter(b), def)
	require.NoError(b, err)
	b.ResetTimer()
	cpu0, wall0 := cpuTime(b), time.Now()
	for done := 0; done < b.N; {
		n := min(b.N-done, p.Len())
		rows, err := p.RunRange(context.Background(), 0, n, scenario.Options{})
		require.NoError(b, err)
		for _, r := range rows {
			require.NoError(b, r.Err)
		}
		done += n
	}
	wall, cpu := time.Since(wall0), cpuTime(b)-cpu0
	b.ReportMetric(float64(b.N)/wall.Seconds(), "scenarios/s")
	b.ReportMetric(float64(cpu.Microseconds())/float64(b.N), "cpu-µs/scenario")
}
