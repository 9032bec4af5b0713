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

// rent is a UnitSource: the same rent in every period, which it can give
// in cents as well as in decimals.
type rent struct{ cents int64 }

func (r rent) Name() string { return "rent" }

func (r rent) Cash(periods []contract.Period) ([]waterfall.SourceCash, error) {
	cash := make([]waterfall.SourceCash, len(periods))
	for i := range cash {
		cash[i].In = decimal.New(r.cents, -2)
	}
	return cash, nil
}

func (r rent) CashUnits(periods []contract.Period, scale int32) (in, out []int64, ok bool, err error) {
	if scale != 2 {
		return nil, nil, false, nil // the run reads Cash
	}
	in = make([]int64, len(periods))
	for i := range in {
		in[i] = r.cents
	}
	return in, nil, true, nil // out nil: nothing paid out
}

// A source that can give its cash in minor units saves the run making a
// decimal of each amount: the lines are made when read, of the deal's
// scale, and say the same as Cash would.
func ExampleUnitSource() {
	split, _ := tranche.NewSplit(tranche.Split{Name: "owners", Shares: []tranche.Share{{Parties: []tranche.PartyID{"A"}, Weight: decimal.NewFromInt(1)}}})
	periods, _ := contract.Schedule{Start: contract.Date(2024, 12, 31), End: contract.Date(2026, 12, 31), Frequency: contract.EveryYear}.Periods()
	d := &waterfall.Deal{Name: "units", Currency: "USD", Scale: 2, Periods: periods, Stack: split,
		Parties: []waterfall.Party{{ID: "A"}},
		Sources: []waterfall.Source{rent{cents: 1_250_050}},
	}
	res, err := waterfall.Run(d)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, p := range res.Periods {
		l := p.Sources.At(0)
		fmt.Printf("%s %s in %s, out %s; paid %s\n", p.Period.End.Format("2006"), l.Source, l.In, l.Out, p.Paid.StringFixed(2))
	}
	// Output:
	// 2025 rent in 12500.5, out 0; paid 12500.50
	// 2026 rent in 12500.5, out 0; paid 12500.50
}
