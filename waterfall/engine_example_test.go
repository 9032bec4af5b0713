package waterfall_test

import (
	"fmt"

	"github.com/jvwaterfall/jvwaterfall/contract"
	"github.com/jvwaterfall/jvwaterfall/tranche"
	"github.com/jvwaterfall/jvwaterfall/waterfall"
	"github.com/shopspring/decimal"
)

// oneYear is an LP putting in 100 at the start of 2025 and an exit at its
// end, paid by capital, then 80/20 with the GP.
func oneYear(exit decimal.Decimal) (*waterfall.Deal, error) {
	d := decimal.RequireFromString
	periods, err := contract.Explicit(contract.Date(2024, 12, 30), contract.Date(2024, 12, 31), contract.Date(2025, 12, 31))
	if err != nil {
		return nil, err
	}
	roc, err := tranche.NewReturnOfCapital(tranche.ReturnOfCapital{Name: "capital", Parties: []tranche.PartyID{"LP"}})
	if err != nil {
		return nil, err
	}
	split, err := tranche.NewSplit(tranche.Split{Name: "carry", Shares: []tranche.Share{
		{Parties: []tranche.PartyID{"LP"}, Weight: d("0.8")},
		{Parties: []tranche.PartyID{"GP"}, Weight: d("0.2"), Promote: true},
	}})
	if err != nil {
		return nil, err
	}
	return &waterfall.Deal{
		Name: "one year", Currency: "USD", Scale: 2,
		Parties:  []waterfall.Party{{ID: "LP", Commitment: d("100")}, {ID: "GP", Role: waterfall.RoleSponsor}},
		Periods:  periods,
		Calls:    []waterfall.Call{{Date: contract.Date(2024, 12, 31), Amount: d("100")}},
		Proceeds: []contract.Flow{{Date: contract.Date(2025, 12, 31), Amount: exit}},
		Stack:    tranche.Sequence(roc, split),
	}, nil
}

// Flows, XIRR and MOIC read a party's side of the run: the LP puts in 100
// and receives 100 + 0.8 × 50 = 140 a year later.
func ExampleResult_Flows() {
	deal, err := oneYear(decimal.NewFromInt(150))
	if err != nil {
		fmt.Println(err)
		return
	}
	res, err := waterfall.Run(deal)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, f := range res.Flows("LP") {
		fmt.Println(f.Date.Format("2006-01-02"), f.Amount.StringFixed(2))
	}
	irr, err := res.XIRR("LP")
	if err != nil {
		fmt.Println(err)
		return
	}
	moic, err := res.MOIC("LP")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("XIRR %.2f%%, MOIC %s\n", irr*100, moic.StringFixed(2))
	// Output:
	// 2024-12-31 -100.00
	// 2025-12-31 140.00
	// XIRR 40.00%, MOIC 1.40
}

// Tally makes a Result out of a run assembled by hand, as package fund
// does from several stacks: each party's totals are added up from the
// contributions and payments given.
func ExampleTally() {
	d := decimal.RequireFromString
	deal := &waterfall.Deal{Name: "by hand", Currency: "USD", Scale: 2,
		Parties: []waterfall.Party{{ID: "LP"}, {ID: "GP", Role: waterfall.RoleSponsor}}}
	end := contract.Date(2025, 12, 31)
	res, err := waterfall.Tally(deal, nil,
		[]tranche.Contribution{{Period: 0, Date: end, Party: "LP", Amount: d("100")}},
		[]tranche.Payment{
			{Period: 0, Date: end, Tranche: "carry", Party: "LP", Kind: tranche.KindProfit, Amount: d("80")},
			{Period: 0, Date: end, Tranche: "carry", Party: "GP", Kind: tranche.KindPromote, Amount: d("20")},
		}, nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, t := range res.Parties() {
		fmt.Println(t.Party, "in", t.Contributed.StringFixed(2), "out", t.Distributed.StringFixed(2), "promote", t.ByKind[tranche.KindPromote].StringFixed(2))
	}
	// Output:
	// LP in 100.00 out 80.00 promote 0.00
	// GP in 0.00 out 20.00 promote 20.00
}

// NewFeeRun works out a fund's fees period by period: 2% a year of a 1,000
// commitment, charged yearly, is 20 a year, called from the LP and paid to
// the manager.
func ExampleNewFeeRun() {
	d := decimal.RequireFromString
	periods, err := contract.Schedule{Start: contract.Date(2024, 12, 31), End: contract.Date(2026, 12, 31),
		Frequency: contract.EveryYear, EndOfMonth: true}.Periods()
	if err != nil {
		fmt.Println(err)
		return
	}
	fees := waterfall.NewFeeRun(&waterfall.Deal{Currency: "USD", Scale: 2, Periods: periods,
		Parties: []waterfall.Party{{ID: "LP", Commitment: d("1000")}, {ID: "MGR", Role: waterfall.RoleOther}},
		Fees: &waterfall.Fees{Manager: "MGR", Management: contract.ManagementFee{CommitmentRate: d("0.02"),
			InvestmentEnd: contract.Date(2026, 12, 31), PeriodsPerYear: 1}}})
	for _, p := range periods {
		fp, err := fees.Period(p, decimal.Zero)
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Println(p.End.Format("2006"), "fee", fp.Line.Net.StringFixed(2), "called from", fp.Contributions[0].Party, "paid to", fp.Payments[0].Party)
	}
	// Output:
	// 2025 fee 20.00 called from LP paid to MGR
	// 2026 fee 20.00 called from LP paid to MGR
}
