package fund_test

import (
	"fmt"

	"github.com/jvwaterfall/jvwaterfall/contract"
	"github.com/jvwaterfall/jvwaterfall/fund"
	"github.com/jvwaterfall/jvwaterfall/tranche"
	"github.com/jvwaterfall/jvwaterfall/waterfall"
	"github.com/shopspring/decimal"
)

// exampleStack is capital, then 80/20 with the GP's 20% a promote.
func exampleStack(prefix string, investors ...tranche.PartyID) tranche.Tranche {
	roc, err := tranche.NewReturnOfCapital(tranche.ReturnOfCapital{Name: tranche.TrancheID(prefix + "capital"), Parties: investors})
	if err != nil {
		panic(err)
	}
	split, err := tranche.NewSplit(tranche.Split{
		Name: tranche.TrancheID(prefix + "carry"),
		Shares: []tranche.Share{
			{Parties: investors, Weight: decimal.RequireFromString("0.8")},
			{Parties: []tranche.PartyID{"GP"}, Weight: decimal.RequireFromString("0.2"), Promote: true},
		},
	})
	if err != nil {
		panic(err)
	}
	return tranche.Sequence(roc, split)
}

// A fund with two deals run deal by deal: the first earns the GP carry,
// the second loses, and the final lookback returns the excess.
func ExampleRun() {
	periods, _ := contract.Schedule{Start: contract.Date(2020, 12, 31), End: contract.Date(2023, 12, 31),
		Frequency: contract.EveryYear, EndOfMonth: true}.Periods()
	res, err := fund.Run(&fund.Fund{
		Name: "american", Currency: "USD", Scale: 2,
		Parties: []waterfall.Party{
			{ID: "LP", Commitment: decimal.RequireFromString("20")},
			{ID: "GP", Role: waterfall.RoleSponsor},
			{ID: "ESCROW", Role: waterfall.RoleOther},
		},
		Periods: periods,
		Stack:   exampleStack("", "LP"), // whole-fund terms of the lookback
		Investments: []fund.Investment{
			{Name: "A", Calls: []waterfall.Call{{Date: contract.Date(2021, 12, 31), Amount: decimal.RequireFromString("10")}},
				Proceeds: []contract.Flow{{Date: contract.Date(2022, 12, 31), Amount: decimal.RequireFromString("20")}},
				Stack:    exampleStack("A/", "LP")},
			{Name: "B", Calls: []waterfall.Call{{Date: contract.Date(2021, 12, 31), Amount: decimal.RequireFromString("10")}},
				Proceeds: []contract.Flow{{Date: contract.Date(2023, 12, 31), Amount: decimal.RequireFromString("5")}},
				Stack:    exampleStack("B/", "LP")},
		},
		Terms: fund.Terms{Sponsor: "GP", Investors: []tranche.PartyID{"LP"},
			Escrow: fund.Escrow{Share: decimal.RequireFromString("0.5"), Account: "ESCROW"}},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, p := range res.Payments {
		fmt.Printf("%s %-8s %-6s -> %-6s %-8s %5s\n", p.Date.Format("2006-01-02"), p.Tranche, p.From, p.Party, p.Kind, p.Amount.StringFixed(2))
	}
	lb := res.Lookbacks[0]
	fmt.Println("carry earned", lb.CarryEarned.StringFixed(2), "whole fund", lb.WholeFund.StringFixed(2), "kept", lb.CarryKept.StringFixed(2))
	// Output:
	// 2022-12-31 A/capital        -> LP     capital  10.00
	// 2022-12-31 A/carry         -> LP     profit    8.00
	// 2022-12-31 A/carry         -> GP     promote   2.00
	// 2022-12-31 escrow   GP     -> ESCROW escrow    1.00
	// 2023-12-31 B/capital        -> LP     capital   5.00
	// 2023-12-31 clawback ESCROW -> LP     clawback  1.00
	// carry earned 2.00 whole fund 1.00 kept 1.00
}

// Validate reports every problem of a fund at once, each at the path the
// JSON spec uses.
func ExampleFund_Validate() {
	periods, err := contract.Schedule{Start: contract.Date(2020, 12, 31), End: contract.Date(2022, 12, 31),
		Frequency: contract.EveryYear, EndOfMonth: true}.Periods()
	if err != nil {
		fmt.Println(err)
		return
	}
	f := &fund.Fund{Name: "f", Currency: "USD", Scale: 2, Periods: periods,
		Parties: []waterfall.Party{{ID: "LP", Commitment: decimal.RequireFromString("10")}, {ID: "GP", Role: waterfall.RoleSponsor}},
		Stack:   exampleStack("", "LP"),
		Investments: []fund.Investment{{Name: "A", Stack: exampleStack("A/", "LP"),
			Calls: []waterfall.Call{{Date: contract.Date(2030, 12, 31), Amount: decimal.RequireFromString("10")}}}},
		Terms: fund.Terms{Sponsor: "GP", Investors: []tranche.PartyID{"LP", "GP"}},
	}
	fmt.Println(f.Validate())
	// Output:
	// investments[0].calls[0].date: 2030-12-31 is outside the schedule (2020-12-31, 2022-12-31]: out of range
	// american.investors[1]: the sponsor "GP" cannot receive its own clawback: invalid input
}
