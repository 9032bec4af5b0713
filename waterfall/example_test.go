package waterfall_test

import (
	"fmt"

	"github.com/jvwaterfall/jvwaterfall/contract"
	"github.com/jvwaterfall/jvwaterfall/tranche"
	"github.com/jvwaterfall/jvwaterfall/waterfall"
	"github.com/shopspring/decimal"
)

// ExampleRun runs a European waterfall: an LP puts in 1,000,000 and the
// investment is sold two years (730 days) later for 1,300,000. Capital
// comes back first, then the 8% compounding pref (1,000,000 × (1.08² − 1)
// = 166,400), then a full catch-up brings the GP to 20% of the profit so
// far (0.2 × 166,400 / 0.8 = 41,600), and the 92,000 left splits 80/20. The
// GP ends with 60,000, 20% of the 300,000 profit; the LP's XIRR is
// √(1,240,000 / 1,000,000) − 1 ≈ 11.36%.
func ExampleRun() {
	d := decimal.RequireFromString
	periods, _ := contract.Explicit(contract.Date(2020, 12, 31),
		contract.Date(2021, 1, 1), contract.Date(2022, 1, 1), contract.Date(2023, 1, 1))
	roc, _ := tranche.NewReturnOfCapital(tranche.ReturnOfCapital{Name: "capital", Parties: []tranche.PartyID{"LP"}})
	pref, _ := tranche.NewPreferredReturn(tranche.PreferredReturn{
		Name:    "pref",
		Rate:    contract.Rate{Annual: d("0.08"), Compounding: contract.Annual},
		Parties: []tranche.PartyID{"LP"},
	})
	catchUp, _ := tranche.NewCatchUp(tranche.CatchUp{
		Name:      "catch-up",
		Sponsor:   "GP",
		Target:    d("0.2"),
		Rate:      d("1"),
		Investors: []tranche.PartyID{"LP"},
	})
	carry, _ := tranche.NewSplit(tranche.Split{
		Name: "carry",
		Shares: []tranche.Share{
			{Parties: []tranche.PartyID{"LP"}, Weight: d("0.8")},
			{Parties: []tranche.PartyID{"GP"}, Weight: d("0.2"), Promote: true},
		},
	})

	res, err := waterfall.Run(&waterfall.Deal{
		Name: "two-year fund", Currency: "USD", Scale: 2,
		Parties: []waterfall.Party{
			{ID: "LP", Commitment: d("1000000")},
			{ID: "GP", Role: waterfall.RoleSponsor},
		},
		Periods:  periods,
		Calls:    []waterfall.Call{{Date: contract.Date(2021, 1, 1), Amount: d("1000000")}},
		Proceeds: []contract.Flow{{Date: contract.Date(2023, 1, 1), Amount: d("1300000")}},
		Stack:    tranche.Sequence(roc, pref, catchUp, carry),
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, p := range res.Payments.All() {
		fmt.Printf("%s %-8s %-2s %-8s %10s\n", p.Date.Format("2006-01-02"), p.Tranche, p.Party, p.Kind, p.Amount.StringFixed(2))
	}
	for _, t := range res.Parties() {
		fmt.Printf("%s in %s out %s\n", t.Party, t.Contributed.StringFixed(2), t.Distributed.StringFixed(2))
	}
	irr, _ := res.XIRR("LP")
	fmt.Printf("LP XIRR %.2f%%, retained %s\n", irr*100, res.Retained().StringFixed(2))
	// Output:
	// 2023-01-01 capital  LP capital  1000000.00
	// 2023-01-01 pref     LP pref      166400.00
	// 2023-01-01 catch-up GP catch-up   41600.00
	// 2023-01-01 carry    LP profit     73600.00
	// 2023-01-01 carry    GP promote    18400.00
	// LP in 1000000.00 out 1240000.00
	// GP in 0.00 out 60000.00
	// LP XIRR 11.36%, retained 0.00
}

// ExampleDeal_Validate shows that Validate reports every problem at once,
// each naming its field.
func ExampleDeal_Validate() {
	d := decimal.RequireFromString
	periods, _ := contract.Explicit(contract.Date(2020, 12, 31), contract.Date(2021, 12, 31))
	deal := &waterfall.Deal{
		Currency: "USD", Scale: 2,
		Parties:  []waterfall.Party{{ID: "LP", Commitment: d("100")}, {ID: "LP"}},
		Periods:  periods,
		Calls:    []waterfall.Call{{Date: contract.Date(2021, 6, 30), Amount: d("10.005")}},
		Proceeds: []contract.Flow{{Date: contract.Date(2022, 6, 30), Amount: d("50")}},
	}
	fmt.Println(deal.Validate())
	// Output:
	// parties[1].id: duplicate party "LP": invalid input
	// calls[0].amount: 10.005: amount has more digits than the deal's minor unit
	// proceeds[0].date: 2022-06-30 is outside the schedule (2020-12-31, 2021-12-31]: out of range
	// stack: required
}

// A totals-only run: every party's totals and flows, the same to the cent
// as a run with the ledger, and no ledger of payments.
func ExampleRunWith() {
	d := decimal.RequireFromString
	roc := tranche.Must(tranche.NewReturnOfCapital(tranche.ReturnOfCapital{Name: "capital", Parties: []tranche.PartyID{"LP"}}))
	carry := tranche.Must(tranche.NewSplit(tranche.Split{Name: "carry", Shares: []tranche.Share{
		{Parties: []tranche.PartyID{"LP"}, Weight: d("0.8")},
		{Parties: []tranche.PartyID{"GP"}, Weight: d("0.2"), Promote: true},
	}}))
	periods, _ := contract.Schedule{Start: contract.Date(2024, 12, 31), End: contract.Date(2027, 12, 31), Frequency: contract.EveryYear}.Periods()
	deal := &waterfall.Deal{
		Name: "exit", Currency: "USD", Scale: 2,
		Parties:  []waterfall.Party{{ID: "LP", Commitment: d("1000")}, {ID: "GP", Role: waterfall.RoleSponsor}},
		Periods:  periods,
		Calls:    []waterfall.Call{{Date: contract.Date(2025, 12, 31), Amount: d("1000")}},
		Proceeds: []contract.Flow{{Date: contract.Date(2027, 12, 31), Amount: d("1500")}},
		Stack:    tranche.Sequence(roc, carry),
	}
	res, err := waterfall.RunWith(deal, waterfall.RunOptions{TotalsOnly: true})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, p := range res.Parties() {
		fmt.Printf("%s received %s\n", p.Party, p.Distributed.StringFixed(2))
	}
	irr, _ := res.XIRR("LP")
	fmt.Printf("LP IRR %.2f%%, %d payments in the ledger\n", irr*100, res.Payments.Len())
	// Output:
	// LP received 1400.00
	// GP received 100.00
	// LP IRR 18.32%, 0 payments in the ledger
}
