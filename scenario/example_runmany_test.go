package scenario_test

import (
	"context"
	"fmt"

	"github.com/jvwaterfall/jvwaterfall/contract"
	"github.com/jvwaterfall/jvwaterfall/scenario"
	"github.com/jvwaterfall/jvwaterfall/tranche"
	"github.com/jvwaterfall/jvwaterfall/waterfall"
	"github.com/shopspring/decimal"
)

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
	results, err := scenario.RunMany(context.Background(), deals, scenario.RunManyOptions{})
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
