package waterfall_test

import (
	"context"
	"fmt"
	"runtime"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/jvwaterfall/jvwaterfall/contract"
	"github.com/jvwaterfall/jvwaterfall/internal/runview"
	"github.com/jvwaterfall/jvwaterfall/tranche"
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

func TestRunMany_Order(t *testing.T) {
	deals := scenarios(t, 9, 40, 5)
	want := make([]*waterfall.Result, len(deals))
	for i, d := range deals {
		var err error
		want[i], err = waterfall.Run(d)
		require.NoError(t, err)
	}
	for _, workers := range []int{0, 1, 2, 3, 16} {
		t.Run(fmt.Sprintf("workers=%d", workers), func(t *testing.T) {
			var calls []int
			var inside atomic.Int32
			got, err := waterfall.RunMany(context.Background(), deals, waterfall.RunManyOptions{
				Workers: workers,
				Progress: func(done, total int) {
					require.Equal(t, int32(1), inside.Add(1), "Progress calls overlap")
					defer inside.Add(-1)
					require.Equal(t, len(deals), total)
					calls = append(calls, done)
				},
			})
			require.NoError(t, err)
			require.Len(t, got, len(deals))
			for i := range deals {
				require.Equal(t, deals[i].Name, got[i].Deal)
				if diff := cmp.Diff(runview.Of(want[i]), runview.Of(got[i]), cmpResults); diff != "" {
					t.Fatalf("deal %d differs from Run (-Run +RunMany):\n%s", i, diff)
				}
			}
			wantCalls := make([]int, len(deals))
			for i := range wantCalls {
				wantCalls[i] = i + 1
			}
			require.Equal(t, wantCalls, calls)
		})
	}
}

func TestRunMany_Error(t *testing.T) {
	deals := scenarios(t, 12, 40, 3)
	bad := *deals[4]
	bad.Currency = ""
	deals[4] = &bad
	deals[9] = nil
	for _, workers := range []int{1, 2, 5} {
		t.Run(fmt.Sprintf("workers=%d", workers), func(t *testing.T) {
			res, err := waterfall.RunMany(context.Background(), deals, waterfall.RunManyOptions{Workers: workers})
			var re *waterfall.RunError
			require.ErrorAs(t, err, &re)
			require.Equal(t, 4, re.Index, "the lowest failing index, as a loop would meet it")
			require.ErrorIs(t, err, contract.ErrInvalid)
			require.Len(t, res, len(deals))
			for i := range 4 {
				require.NotNil(t, res[i], "deal %d, before the failure, ran", i)
			}
			require.Nil(t, res[4])
		})
	}
	t.Run("nil deal", func(t *testing.T) {
		_, err := waterfall.RunMany(context.Background(), []*waterfall.Deal{nil}, waterfall.RunManyOptions{})
		var re *waterfall.RunError
		require.ErrorAs(t, err, &re)
		require.Equal(t, 0, re.Index)
		require.ErrorIs(t, err, contract.ErrRequired)
	})
}

func TestRunMany_Cancel(t *testing.T) {
	deals := scenarios(t, 10, 40, 3)
	t.Run("before", func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		res, err := waterfall.RunMany(ctx, deals, waterfall.RunManyOptions{})
		require.ErrorIs(t, err, context.Canceled)
		for i, r := range res {
			require.Nil(t, r, "deal %d", i)
		}
	})
	t.Run("during", func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		res, err := waterfall.RunMany(ctx, deals, waterfall.RunManyOptions{
			Workers: 1,
			Progress: func(done, _ int) {
				if done == 3 {
					cancel()
				}
			},
		})
		require.ErrorIs(t, err, context.Canceled)
		for i, r := range res {
			if i < 3 {
				require.NotNil(t, r, "deal %d ran before the cancel", i)
			} else {
				require.Nil(t, r, "deal %d started after the cancel", i)
			}
		}
	})
	t.Run("deadline after the end", func(t *testing.T) {
		ctx, cancel := context.WithTimeout(context.Background(), time.Hour)
		defer cancel()
		res, err := waterfall.RunMany(ctx, deals[:2], waterfall.RunManyOptions{})
		require.NoError(t, err)
		require.Len(t, res, 2)
	})
	t.Run("empty", func(t *testing.T) {
		res, err := waterfall.RunMany(context.Background(), nil, waterfall.RunManyOptions{})
		require.NoError(t, err)
		require.Empty(t, res)
	})
}

// BenchmarkRunMany times a batch of 16 scenarios of workload (a) (P = 120,
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
		opts := waterfall.RunManyOptions{RunOptions: waterfall.RunOptions{TotalsOnly: mode == "totals"}}
		b.Run("mode="+mode, func(b *testing.B) {
			var wall, cpu [2]time.Duration
			b.ReportAllocs()
			for b.Loop() {
				for i, procs := range []int{1, 2} {
					runtime.GOMAXPROCS(procs)
					start := time.Now()
					c0, _ := processCPU()
					if _, err := waterfall.RunMany(context.Background(), deals, opts); err != nil {
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

func ExampleRunMany() {
	d := decimal.RequireFromString
	roc, _ := tranche.NewReturnOfCapital(tranche.ReturnOfCapital{Name: "capital", Parties: []tranche.PartyID{"LP"}})
	carry, _ := tranche.NewSplit(tranche.Split{
		Name: "carry",
		Shares: []tranche.Share{
			{Parties: []tranche.PartyID{"LP"}, Weight: d("0.8")},
			{Parties: []tranche.PartyID{"GP"}, Weight: d("0.2"), Promote: true},
		},
	})
	periods, _ := contract.Schedule{Start: contract.Date(2024, 12, 31), End: contract.Date(2027, 12, 31), Frequency: contract.EveryYear}.Periods()
	base := waterfall.Deal{
		Name: "base", Currency: "USD", Scale: 2,
		Parties: []waterfall.Party{{ID: "LP", Commitment: d("1000")}, {ID: "GP", Role: waterfall.RoleSponsor}},
		Periods: periods,
		Calls:   []waterfall.Call{{Date: contract.Date(2025, 12, 31), Amount: d("1000")}},
		Stack:   tranche.Sequence(roc, carry),
	}
	// Three exit values: each scenario is the base deal with its own proceeds.
	var deals []*waterfall.Deal
	for _, exit := range []string{"900", "1500", "2500"} {
		s := base
		s.Name = "exit " + exit
		s.Proceeds = []contract.Flow{{Date: contract.Date(2027, 12, 31), Amount: d(exit)}}
		deals = append(deals, &s)
	}
	results, err := waterfall.RunMany(context.Background(), deals, waterfall.RunManyOptions{})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, r := range results {
		gp, _ := r.Party("GP")
		fmt.Printf("%-9s GP promote %s\n", r.Deal, gp.Distributed.StringFixed(2))
	}
	// Output:
	// exit 900  GP promote 0.00
	// exit 1500 GP promote 100.00
	// exit 2500 GP promote 300.00
}
