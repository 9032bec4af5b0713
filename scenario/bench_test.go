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

// BenchmarkMonteCarlo runs b.N scenarios of a Monte Carlo: each drawn,
// applied to a copy of the deal, decoded, run and measured, on
// GOMAXPROCS goroutines. Run it at GOMAXPROCS 1 and 2 with
//
//	go test -run '^$' -bench MonteCarlo -benchtime 2000x -cpu 1,2 ./scenario/
//
// It reports scenarios per second of wall time and CPU time per scenario
// (user + system of all goroutines: what a scenario costs whatever the
// cores). The deals:
//   - seed: the seed story's JV (examples/openai-jv's base case, 121
//     monthly periods, debt with a reserve and a DSCR covenant,
//     take-or-pay and market income, energy, opex and a GPU refresh; ../examples/internal/openaijv/
//     testdata/seed-deal.json), five terms varied (exit value, compute
//     price, opex, loan rate, pref rate), one correlated pair;
//   - datacenter: the small annual deal of testdata/datacenter.json,
//     testdata/montecarlo.json's five terms.
func BenchmarkMonteCarlo(b *testing.B) {
	for _, bc := range []struct{ name, deal, def string }{
		{"seed", "../examples/internal/openaijv/testdata/seed-deal.json", "testdata/seed.montecarlo.json"},
		{"datacenter", "testdata/datacenter.json", "testdata/montecarlo.json"},
	} {
		b.Run(bc.name, func(b *testing.B) {
			base, err := scenario.NewBase(readFile(b, bc.deal))
			require.NoError(b, err)
			def, err := scenario.DecodeDefinition(readFile(b, bc.def))
			require.NoError(b, err)
			def.MonteCarlo.Samples = scenario.MaxScenarios
			p, err := scenario.NewPlan(base, def)
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
		})
	}
}
