package source_test

import (
	"testing"

	"github.com/jvwaterfall/jvwaterfall/contract"
	"github.com/jvwaterfall/jvwaterfall/source"
	"github.com/jvwaterfall/jvwaterfall/waterfall"
	"github.com/shopspring/decimal"
)

// BenchmarkSources is each source's Cash over ten years of monthly
// periods, as a deal's run asks for it once: a take-or-pay contract
// escalated at 2.5% a year with make-up rights, another escalated by an
// index path, an energy bill, an escalating opex and a loan's draws.
func BenchmarkSources(b *testing.B) {
	start := contract.Date(2025, 12, 31)
	ps, err := contract.Schedule{Start: start, End: contract.AddMonths(start, 121, true), EndOfMonth: true}.Periods()
	if err != nil {
		b.Fatal(err)
	}
	d := decimal.RequireFromString
	usage, load, price := make([]decimal.Decimal, len(ps)), make(contract.Path, len(ps)), make(contract.Path, len(ps))
	for i := range ps {
		usage[i] = decimal.NewFromInt(int64(60 + (i*7)%90))
		load[i] = d("92.5").Add(decimal.NewFromInt(int64(i % 3)))
		price[i] = d("71.25").Add(decimal.New(int64(i%5), -1))
	}
	index := make([]decimal.Decimal, 12)
	for k := range index {
		index[k] = d("100").Add(decimal.New(int64(17*k), -1))
	}
	plan, err := contract.Loan{
		Commitment: d("150000000"), Draws: []contract.Flow{{Date: ps[0].End, Amount: d("150000000")}},
		Rate: contract.Rate{Annual: d("0.075"), DayCount: contract.Thirty360EISDA}, Amortization: contract.StraightLine,
		UpfrontFee: d("0.015"),
	}.Plan(ps, 2)
	if err != nil {
		b.Fatal(err)
	}
	sources := []waterfall.Source{
		source.TakeOrPayIncome{Label: "compute", Scale: 2, Usage: usage, Terms: contract.TakeOrPay{
			Buyer: "B", Seller: "S", Start: start, End: ps[len(ps)-1].End, Minimum: decimal.NewFromInt(100),
			Price: d("120000"), Escalation: contract.Escalation{Rate: d("0.025")}, ShortfallShare: d("0.8"),
			MakeUp: contract.MakeUp{Window: 3},
		}},
		source.TakeOrPayIncome{Label: "market", Scale: 2, Usage: usage, Terms: contract.TakeOrPay{
			Buyer: "M", Seller: "S", Start: start, End: ps[len(ps)-1].End, Minimum: decimal.Zero,
			Price: d("95000"), Escalation: contract.Escalation{Index: index},
		}},
		source.EnergyCost{Label: "energy", Scale: 2, Terms: contract.Energy{Load: load, Price: price, PassThrough: d("0.35")}},
		source.OpexCost{Label: "opex", Scale: 2, Terms: contract.Opex{Annual: d("18500000"), Start: start,
			Escalation: contract.Escalation{Rate: d("0.03")}}},
		source.LoanFunding{Label: "draws", Plan: plan},
	}
	for _, s := range sources {
		b.Run(s.Name(), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := s.Cash(ps); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
