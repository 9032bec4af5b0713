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
	for _, p := range res.Payments.All() {
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

// A JV pays a PE fund, which runs its own stack for its LP and GP in the
// same Run; the fund's result is under the fund's party ID.
func ExampleParty_nested() {
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
	nested := res.Nested["FUND"]
	for _, p := range nested.Parties() {
		fmt.Println(p.Party, "in", p.Contributed.StringFixed(2), "out", p.Distributed.StringFixed(2))
	}
	// Output:
	// LP in 100.00 out 164.00
	// GP in 0.00 out 16.00
}
