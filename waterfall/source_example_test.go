package waterfall_test

import (
	"fmt"

	"github.com/jvwaterfall/jvwaterfall/contract"
	"github.com/jvwaterfall/jvwaterfall/tranche"
	"github.com/jvwaterfall/jvwaterfall/waterfall"
	"github.com/shopspring/decimal"
)

// flat is a Source: the same cash in and out every period.
type flat struct {
	name    string
	in, out int64
}

func (f flat) Name() string { return f.name }

func (f flat) Cash(periods []contract.Period) ([]waterfall.SourceCash, error) {
	cash := make([]waterfall.SourceCash, len(periods))
	for i := range cash {
		cash[i] = waterfall.SourceCash{In: decimal.NewFromInt(f.in), Out: decimal.NewFromInt(f.out)}
	}
	return cash, nil
}

// A period's source lines say what each source brought in and paid out;
// they are in the period's Proceeds and Costs.
func ExampleSourceLines() {
	roc, _ := tranche.NewReturnOfCapital(tranche.ReturnOfCapital{Name: "capital", Parties: []tranche.PartyID{"LP"}})
	periods, _ := contract.Schedule{Start: contract.Date(2024, 12, 31), End: contract.Date(2026, 12, 31), Frequency: contract.EveryYear}.Periods()
	d := &waterfall.Deal{Name: "sources", Currency: "USD", Scale: 2, Periods: periods, Stack: roc,
		Parties:       []waterfall.Party{{ID: "LP", Commitment: decimal.NewFromInt(1000)}},
		Contributions: []waterfall.Contribution{{Date: periods[0].End, Party: "LP", Amount: decimal.NewFromInt(1000)}},
		Sources:       []waterfall.Source{flat{name: "rent", in: 600}, flat{name: "opex", out: 100}},
	}
	res, err := waterfall.Run(d)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, p := range res.Periods {
		fmt.Printf("%s proceeds %s, costs %s:", p.Period.End.Format("2006"), p.Proceeds.StringFixed(2), p.Costs.StringFixed(2))
		for l := range p.Sources.Values() {
			fmt.Printf(" %s +%s -%s;", l.Source, l.In.StringFixed(2), l.Out.StringFixed(2))
		}
		fmt.Println()
	}
	// Output:
	// 2025 proceeds 600.00, costs 100.00: rent +600.00 -0.00; opex +0.00 -100.00;
	// 2026 proceeds 600.00, costs 100.00: rent +600.00 -0.00; opex +0.00 -100.00;
}
