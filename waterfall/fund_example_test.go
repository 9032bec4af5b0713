package waterfall_test

import (
	"fmt"

	"github.com/jvwaterfall/jvwaterfall/contract"
	"github.com/jvwaterfall/jvwaterfall/tranche"
	"github.com/jvwaterfall/jvwaterfall/waterfall"
	"github.com/shopspring/decimal"
)

// exampleStack is capital, then 80/20 with the GP's 20% a promote.
func exampleStack(prefix string, investors ...tranche.PartyID) tranche.Tranche {
	roc, _ := tranche.NewReturnOfCapital(tranche.ReturnOfCapital{Name: tranche.TrancheID(prefix + "capital"), Parties: investors})
	split, _ := tranche.NewSplit(tranche.Split{
		Name: tranche.TrancheID(prefix + "carry"),
		Shares: []tranche.Share{
			{Parties: investors, Weight: decimal.RequireFromString("0.8")},
			{Parties: []tranche.PartyID{"GP"}, Weight: decimal.RequireFromString("0.2"), Promote: true},
		},
	})
	return tranche.Sequence(roc, split)
}

// A 10M fund pays 2% a year of commitments, quarterly, called from its LP
// and paid to the management company; the calls come back as capital.
func ExampleFees() {
	periods, _ := contract.Schedule{Start: contract.Date(2024, 12, 31), End: contract.Date(2025, 12, 31),
		Frequency: contract.EveryQuarter, EndOfMonth: true}.Periods()
	res, err := waterfall.Run(&waterfall.Deal{
		Name: "fees", Currency: "USD", Scale: 2,
		Parties: []waterfall.Party{
			{ID: "LP", Commitment: decimal.RequireFromString("10000000")},
			{ID: "GP", Role: waterfall.RoleSponsor},
			{ID: "MGR", Role: waterfall.RoleOther},
		},
		Periods:  periods,
		Calls:    []waterfall.Call{{Date: contract.Date(2025, 3, 31), Amount: decimal.RequireFromString("8000000")}},
		Proceeds: []contract.Flow{{Date: contract.Date(2025, 12, 31), Amount: decimal.RequireFromString("9000000")}},
		Stack:    exampleStack("", "LP"),
		Fees: &waterfall.Fees{Manager: "MGR",
			Management: contract.ManagementFee{CommitmentRate: decimal.RequireFromString("0.02"), PeriodsPerYear: 4}},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, p := range res.Payments {
		fmt.Printf("%s %-14s %-3s %-7s %10s\n", p.Date.Format("2006-01-02"), p.Tranche, p.Party, p.Kind, p.Amount.StringFixed(2))
	}
	lp, _ := res.Party("LP")
	fmt.Println("LP contributed", lp.Contributed.StringFixed(2))
	// Output:
	// 2025-03-31 management-fee MGR fee       50000.00
	// 2025-06-30 management-fee MGR fee       50000.00
	// 2025-09-30 management-fee MGR fee       50000.00
	// 2025-12-31 management-fee MGR fee       50000.00
	// 2025-12-31 capital        LP  capital 8200000.00
	// 2025-12-31 carry          LP  profit   640000.00
	// 2025-12-31 carry          GP  promote  160000.00
	// LP contributed 8200000.00
}

// A fund with two deals run deal by deal: the first earns the GP carry,
// the second loses, and the final lookback returns the excess.
func ExampleAmerican() {
	periods, _ := contract.Schedule{Start: contract.Date(2020, 12, 31), End: contract.Date(2023, 12, 31),
		Frequency: contract.EveryYear, EndOfMonth: true}.Periods()
	res, err := waterfall.Run(&waterfall.Deal{
		Name: "american", Currency: "USD", Scale: 2,
		Parties: []waterfall.Party{
			{ID: "LP", Commitment: decimal.RequireFromString("20")},
			{ID: "GP", Role: waterfall.RoleSponsor},
			{ID: "ESCROW", Role: waterfall.RoleOther},
		},
		Periods: periods,
		Stack:   exampleStack("", "LP"), // whole-fund terms of the lookback
		Investments: []waterfall.Investment{
			{Name: "A", Calls: []waterfall.Call{{Date: contract.Date(2021, 12, 31), Amount: decimal.RequireFromString("10")}},
				Proceeds: []contract.Flow{{Date: contract.Date(2022, 12, 31), Amount: decimal.RequireFromString("20")}},
				Stack:    exampleStack("A/", "LP")},
			{Name: "B", Calls: []waterfall.Call{{Date: contract.Date(2021, 12, 31), Amount: decimal.RequireFromString("10")}},
				Proceeds: []contract.Flow{{Date: contract.Date(2023, 12, 31), Amount: decimal.RequireFromString("5")}},
				Stack:    exampleStack("B/", "LP")},
		},
		American: &waterfall.American{Sponsor: "GP", Investors: []tranche.PartyID{"LP"},
			Escrow: waterfall.Escrow{Share: decimal.RequireFromString("0.5"), Account: "ESCROW"}},
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

// A JV pays a PE fund, which runs its own stack for its LP and GP in the
// same Run; the fund's result is under the fund's party ID.
func ExampleResult_NestedResult() {
	periods, _ := contract.Schedule{Start: contract.Date(2020, 12, 31), End: contract.Date(2022, 12, 31),
		Frequency: contract.EveryYear, EndOfMonth: true}.Periods()
	fund := &waterfall.Deal{
		Name: "fund", Currency: "USD", Scale: 2, Periods: periods,
		Parties: []waterfall.Party{{ID: "LP", Commitment: decimal.RequireFromString("1")}, {ID: "GP", Role: waterfall.RoleSponsor}},
		Stack:   exampleStack("fund/", "LP"),
	}
	split, _ := tranche.NewSplit(tranche.Split{
		Name: "jv/split",
		Shares: []tranche.Share{
			{Parties: []tranche.PartyID{"FUND"}, Weight: decimal.RequireFromString("0.9")},
			{Parties: []tranche.PartyID{"OPCO"}, Weight: decimal.RequireFromString("0.1"), Promote: true},
		},
	})
	res, err := waterfall.Run(&waterfall.Deal{
		Name: "jv", Currency: "USD", Scale: 2, Periods: periods,
		Parties:  []waterfall.Party{{ID: "FUND", Commitment: decimal.RequireFromString("1"), Deal: fund}, {ID: "OPCO", Role: waterfall.RoleSponsor}},
		Calls:    []waterfall.Call{{Date: contract.Date(2021, 12, 31), Amount: decimal.RequireFromString("100")}},
		Proceeds: []contract.Flow{{Date: contract.Date(2022, 12, 31), Amount: decimal.RequireFromString("200")}},
		Stack:    split,
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	nested, _ := res.NestedResult("FUND")
	for _, p := range nested.Parties {
		fmt.Println(p.Party, "in", p.Contributed.StringFixed(2), "out", p.Distributed.StringFixed(2))
	}
	// Output:
	// LP in 100.00 out 164.00
	// GP in 0.00 out 16.00
}
