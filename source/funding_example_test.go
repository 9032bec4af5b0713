package source_test

import (
	"fmt"

	"github.com/jvwaterfall/jvwaterfall/source"

	"github.com/jvwaterfall/jvwaterfall/contract"
	"github.com/jvwaterfall/jvwaterfall/tranche"
	"github.com/jvwaterfall/jvwaterfall/waterfall"
	"github.com/shopspring/decimal"
)

// A loan's draw funds the purchase; its 1% upfront fee is paid to the
// lender out of the draw, and the loan is then served from the asset's
// income ahead of the owner. The lender's IRR solves 990,000 =
// 70,000·v + 1,070,000·v², v = 1/(1+r), the years being 365 days:
// v = (−70,000 + √(70,000² + 4·1,070,000·990,000)) / 2,140,000, r = 7.55737%.
func ExampleLoanFunding() {
	d := decimal.RequireFromString
	periods, _ := contract.Schedule{Start: contract.Date(2024, 1, 1), End: contract.Date(2027, 1, 1), Frequency: contract.EveryYear}.Periods()
	plan, err := contract.Loan{
		Commitment: d("1000000"),
		Draws:      []contract.Flow{{Date: periods[0].End, Amount: d("1000000")}},
		Rate:       contract.Rate{Annual: d("0.07"), DayCount: contract.Thirty360US},
		UpfrontFee: d("0.01"),
	}.Plan(periods, 2)
	if err != nil {
		fmt.Println(err)
		return
	}
	loan, _ := tranche.NewDebt(tranche.Debt{Name: "loan", Lender: "bank", Plan: plan})
	owner, _ := tranche.NewSplit(tranche.Split{
		Name:   "owner",
		Shares: []tranche.Share{{Parties: []tranche.PartyID{"owner"}, Weight: d("1")}},
	})
	res, err := waterfall.Run(&waterfall.Deal{
		Name: "funded by a loan", Currency: "USD", Scale: 2,
		Parties:  []waterfall.Party{{ID: "bank", Role: waterfall.RoleLender}, {ID: "owner", Role: waterfall.RoleSponsor}},
		Periods:  periods,
		Proceeds: []contract.Flow{{Date: periods[1].End, Amount: d("90000")}, {Date: periods[2].End, Amount: d("1100000")}},
		Sources:  []waterfall.Source{source.LoanFunding{Label: "draw", Plan: plan}},
		Stack:    tranche.Sequence(loan, owner),
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, s := range res.Periods {
		fmt.Printf("%s draw in %s, spent %s, available %s\n", s.Period.End.Format("2006"), s.Sources.At(0).In.StringFixed(2), s.Sources.At(0).Out.StringFixed(2), s.Available.StringFixed(2))
	}
	for _, p := range res.Payments.All() {
		fmt.Printf("%s %-5s %-9s %s\n", p.Date.Format("2006"), p.Party, p.Kind, p.Amount.StringFixed(2))
	}
	// The draw is the bank's contribution, so its return comes from the
	// Result: 990,000 net of the fee, then 70,000 and 1,070,000 a year
	// and two years later; 1,150,000 back on 1,000,000 lent.
	irr, _ := res.XIRR("bank")
	moic, _ := res.MOIC("bank")
	fmt.Printf("bank: IRR %.4f%%, multiple %s\n", 100*irr, moic)
	// Output:
	// 2025 draw in 1000000.00, spent 990000.00, available 10000.00
	// 2026 draw in 0.00, spent 0.00, available 90000.00
	// 2027 draw in 0.00, spent 0.00, available 1100000.00
	// 2025 bank  fee       10000.00
	// 2026 bank  interest  70000.00
	// 2026 owner profit    20000.00
	// 2027 bank  interest  70000.00
	// 2027 bank  principal 1000000.00
	// 2027 owner profit    30000.00
	// bank: IRR 7.5574%, multiple 1.15
}
