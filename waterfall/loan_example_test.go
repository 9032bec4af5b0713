package waterfall_test

import (
	"fmt"

	"github.com/jvwaterfall/jvwaterfall/contract"
	"github.com/jvwaterfall/jvwaterfall/tranche"
	"github.com/jvwaterfall/jvwaterfall/waterfall"
	"github.com/shopspring/decimal"
)

// shortfall is a deal that owes a bank 1,000 at 10% (30/360, so 100 a
// year on January 1 dates), drawn at the start of 2024 and due at the
// start of 2026, and whose project earns 100 in 2025 and 600 in 2026:
// the bank gets its interest, then 500 of its principal, and 500 is
// lost. The LP holds the equity behind it.
func shortfall() (*waterfall.Deal, *tranche.Debt, error) {
	periods, err := contract.Explicit(contract.Date(2023, 12, 31), contract.Date(2024, 1, 1), contract.Date(2025, 1, 1), contract.Date(2026, 1, 1))
	if err != nil {
		return nil, nil, err
	}
	plan, err := contract.Loan{
		Commitment: decimal.NewFromInt(1000),
		Draws:      []contract.Flow{{Date: contract.Date(2024, 1, 1), Amount: decimal.NewFromInt(1000)}},
		Rate:       contract.Rate{Annual: decimal.RequireFromString("0.10"), DayCount: contract.Thirty360US},
	}.Plan(periods, 2)
	if err != nil {
		return nil, nil, err
	}
	debt, err := tranche.NewDebt(tranche.Debt{Name: "senior", Lender: "Bank", Plan: plan})
	if err != nil {
		return nil, nil, err
	}
	equity, err := tranche.NewReturnOfCapital(tranche.ReturnOfCapital{Name: "equity", Parties: []tranche.PartyID{"LP"}})
	if err != nil {
		return nil, nil, err
	}
	return &waterfall.Deal{
		Name: "shortfall", Currency: "USD", Scale: 2,
		Parties: []waterfall.Party{{ID: "Bank", Role: waterfall.RoleLender}, {ID: "LP", Commitment: decimal.NewFromInt(10)}},
		Periods: periods,
		Calls:   []waterfall.Call{{Date: contract.Date(2024, 1, 1), Amount: decimal.NewFromInt(10)}},
		Proceeds: []contract.Flow{
			{Date: contract.Date(2025, 1, 1), Amount: decimal.NewFromInt(100)},
			{Date: contract.Date(2026, 1, 1), Amount: decimal.NewFromInt(600)},
		},
		Stack: tranche.Sequence(debt, equity),
	}, debt, nil
}

// Loan reads a loan's position at the end of a run, totals-only runs
// included: here 500 of the 1,000 lent is never repaid, and the loan
// ends in default.
func ExampleResult_Loan() {
	deal, debt, err := shortfall()
	if err != nil {
		fmt.Println(err)
		return
	}
	res, err := waterfall.RunWith(deal, waterfall.RunOptions{TotalsOnly: true})
	if err != nil {
		fmt.Println(err)
		return
	}
	st, err := res.Loan(debt)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("outstanding", st.Outstanding().StringFixed(2), "in default", st.Default)
	// Output:
	// outstanding 500.00 in default true
}

// Movements lists what moved a party's account on each date, totals-only
// runs included: the LP puts in 10 at the start, and gets nothing back
// while the bank is owed.
func ExampleResult_Movements() {
	deal, _, err := shortfall()
	if err != nil {
		fmt.Println(err)
		return
	}
	res, err := waterfall.RunWith(deal, waterfall.RunOptions{TotalsOnly: true})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, m := range res.Movements("LP") {
		fmt.Println(m.Date.Format("2006-01-02"), "in", m.In.StringFixed(2), "out", m.Out.StringFixed(2))
	}
	// Output:
	// 2024-01-01 in 10.00 out 0.00
}
