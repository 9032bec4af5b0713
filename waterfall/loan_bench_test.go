package waterfall_test

import (
	"fmt"
	"testing"

	"github.com/jvwaterfall/jvwaterfall/contract"
	"github.com/jvwaterfall/jvwaterfall/source"
	"github.com/jvwaterfall/jvwaterfall/tranche"
	"github.com/jvwaterfall/jvwaterfall/waterfall"
	"github.com/shopspring/decimal"
)

// BenchmarkRun_Loans runs a deal of four level-payment loans (monthly
// compounding on ACT/365F, a commitment fee) over n monthly periods with
// one cash event, building the plans in each iteration as a decoder
// does: the contract-period amplification. It reports the cost
// per loan-period.
func BenchmarkRun_Loans(b *testing.B) {
	const loans = 4
	for _, n := range []int{1000, 10000} {
		start := contract.Date(2024, 12, 1)
		periods, err := contract.Schedule{Start: start, End: contract.AddMonths(start, n, false)}.Periods()
		if err != nil {
			b.Fatal(err)
		}
		amount := decimal.NewFromInt(1_000_000)
		terms := contract.Loan{Commitment: amount, Draws: []contract.Flow{{Date: periods[0].End, Amount: amount}},
			Rate:         contract.Rate{Annual: decimal.RequireFromString("0.06"), Compounding: contract.Monthly},
			Amortization: contract.LevelPayment, CommitmentFee: decimal.RequireFromString("0.005")}
		parties := []waterfall.Party{{ID: "LP", Commitment: decimal.NewFromInt(1)}}
		build := func() *waterfall.Deal {
			var stack []tranche.Tranche
			var sources []waterfall.Source
			for k := range loans {
				plan, err := terms.Plan(periods, 2)
				if err != nil {
					b.Fatal(err)
				}
				lender := tranche.PartyID(fmt.Sprintf("bank%d", k))
				if len(parties) <= k+1 {
					parties = append(parties, waterfall.Party{ID: lender, Role: waterfall.RoleLender})
				}
				stack = append(stack, tranche.Must(tranche.NewDebt(tranche.Debt{Name: tranche.TrancheID(lender), Lender: lender, Plan: plan})))
				sources = append(sources, source.LoanFunding{Label: string(lender), Plan: plan})
			}
			stack = append(stack, tranche.Must(tranche.NewSplit(tranche.Split{Name: "rest", Shares: []tranche.Share{{Parties: []tranche.PartyID{"LP"}, Weight: decimal.NewFromInt(1)}}})))
			return &waterfall.Deal{Currency: "USD", Scale: 2, Parties: parties, Periods: periods, Sources: sources,
				Proceeds: []contract.Flow{{Date: periods[n/2].End, Amount: decimal.NewFromInt(1_000_000_000)}},
				Stack:    tranche.Sequence(stack...)}
		}
		build() // the parties
		b.Run(fmt.Sprintf("loans=%d/periods=%d", loans, n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := waterfall.Run(build()); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(loans*n), "ns/loan-period")
		})
	}
}

// BenchmarkRun_DefaultedLoan runs one level-payment loan with a default
// margin that never receives a cent: in default from its first payment
// to the end, over n monthly periods. The cost per period must not grow
// with n (issue 17: the engine's per-period cost for long defaulted
// loans); compare ns/period at n = 120 and n = 1,200 in the same run.
func BenchmarkRun_DefaultedLoan(b *testing.B) {
	for _, n := range []int{120, 1200} {
		start := contract.Date(2024, 12, 1)
		periods, err := contract.Schedule{Start: start, End: contract.AddMonths(start, n, false)}.Periods()
		if err != nil {
			b.Fatal(err)
		}
		amount := decimal.NewFromInt(1_000_000)
		terms := contract.Loan{Commitment: amount, Draws: []contract.Flow{{Date: periods[0].End, Amount: amount}},
			Rate:         contract.Rate{Annual: decimal.RequireFromString("0.06"), Compounding: contract.Monthly},
			Amortization: contract.LevelPayment, DefaultMargin: decimal.RequireFromString("0.02")}
		plan, err := terms.Plan(periods, 2)
		if err != nil {
			b.Fatal(err)
		}
		d := &waterfall.Deal{Currency: "USD", Scale: 2, Periods: periods,
			Parties: []waterfall.Party{{ID: "LP", Commitment: decimal.NewFromInt(1)}, {ID: "bank", Role: waterfall.RoleLender}},
			Stack: tranche.Sequence(tranche.Must(tranche.NewDebt(tranche.Debt{Name: "loan", Lender: "bank", Plan: plan})),
				tranche.Must(tranche.NewSplit(tranche.Split{Name: "rest", Shares: []tranche.Share{{Parties: []tranche.PartyID{"LP"}, Weight: decimal.NewFromInt(1)}}})))}
		b.Run(fmt.Sprintf("periods=%d", n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := waterfall.Run(d); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n), "ns/period")
		})
	}
}
