package contract_test

import (
	"fmt"
	"testing"

	"github.com/jvwaterfall/jvwaterfall/contract"
	"github.com/shopspring/decimal"
)

// benchLoans are loans of several kinds over n monthly periods: a fixed
// simple rate on 30/360, monthly compounding on ACT/365F (growth factors
// that need a logarithm), and a floating rate with a fixing every period.
func benchLoans(b testing.TB, n int) ([]contract.Period, map[string]contract.Loan) {
	b.Helper()
	start := contract.Date(2024, 12, 1)
	ps, err := contract.Schedule{Start: start, End: contract.AddMonths(start, n, false)}.Periods()
	if err != nil {
		b.Fatal(err)
	}
	amount := decimal.NewFromInt(1000000)
	base := contract.Loan{Commitment: amount, Draws: []contract.Flow{{Date: ps[0].End, Amount: amount}},
		Amortization: contract.LevelPayment, CommitmentFee: decimal.RequireFromString("0.005")}
	fixed := base
	fixed.Rate = contract.Rate{Annual: decimal.RequireFromString("0.06"), DayCount: contract.Thirty360US}
	monthly := base
	monthly.Rate = contract.Rate{Annual: decimal.RequireFromString("0.06"), Compounding: contract.Monthly}
	floating := base
	floating.Floating = &contract.FloatingRate{Spread: decimal.RequireFromString("0.02")}
	for i, p := range ps {
		floating.Floating.Index = append(floating.Floating.Index,
			contract.IndexFixing{Date: p.Start, Rate: decimal.New(int64(300+i%50), -4)})
	}
	return ps, map[string]contract.Loan{"fixed-30360": fixed, "monthly-act365": monthly, "floating": floating}
}

// BenchmarkLoan_PlanSchedule lays a loan over n periods and builds its
// schedule: the work per loan the engine and the spec decoder do. The
// per-period cost is reported as ns/period and B/period.
func BenchmarkLoan_PlanSchedule(b *testing.B) {
	for _, n := range []int{1000, 10000} {
		ps, loans := benchLoans(b, n)
		for _, name := range []string{"fixed-30360", "monthly-act365", "floating"} {
			l := loans[name]
			b.Run(fmt.Sprintf("%s/n=%d", name, n), func(b *testing.B) {
				b.ReportAllocs()
				for b.Loop() {
					p, err := l.Plan(ps, 2)
					if err != nil {
						b.Fatal(err)
					}
					if _, err := p.Schedule(); err != nil {
						b.Fatal(err)
					}
				}
				b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n), "ns/period")
			})
		}
	}
}

// TestLoanPlan_allocsPerPeriod bounds the work per loan-period of laying a
// loan over its periods and building its schedule, counted in
// allocations (deterministic, unlike time). Computing three growth
// factors per period took 65 allocations a period on 30/360 and 226 with
// monthly compounding on ACT/365F, where each factor needs a logarithm;
// with the factors computed once per rate and period length it is 12 and
// 11.
func TestLoanPlan_allocsPerPeriod(t *testing.T) {
	const n = 1200 // a century of months
	ps, loans := benchLoans(t, n)
	for _, name := range []string{"fixed-30360", "monthly-act365"} {
		l := loans[name]
		allocs := testing.AllocsPerRun(2, func() {
			p, err := l.Plan(ps, 2)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := p.Schedule(); err != nil {
				t.Fatal(err)
			}
		})
		per := allocs / n
		t.Logf("%s: %.1f allocations per period", name, per)
		if per > 20 {
			t.Errorf("%s: %.1f allocations per period, want at most 20", name, per)
		}
	}
}
