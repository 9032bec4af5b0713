package tranche_test

import (
	"fmt"
	"time"

	"github.com/jvwaterfall/jvwaterfall/contract"
	"github.com/jvwaterfall/jvwaterfall/tranche"
	"github.com/shopspring/decimal"
)

// driveCash runs a stack over periods the way waterfall.Run does (see
// driver.run), and prints what each tranche paid and what was held.
func driveCash(b *tranche.Book, periods []contract.Period, stack tranche.Tranche, cash []string) {
	l := driverOf(exampleTB{}, b)
	for i, p := range periods {
		avail := l.advance(p).retained.Add(d(cash[i]))
		l.run(stack, cash[i])
		line := fmt.Sprintf("%s cash %9s:", p.End.Format("2006"), avail.StringFixed(2))
		for pay := range b.Ledger().Values() {
			if pay.Period == i {
				line += fmt.Sprintf(" %s %s %s;", pay.Tranche, pay.Kind, pay.Amount.StringFixed(2))
			}
		}
		if h := b.Held(i); h.Sign() > 0 {
			line += " held " + h.StringFixed(2)
		}
		fmt.Println(line)
	}
	for _, e := range b.Events() {
		fmt.Printf("event %s %s: %s\n", e.Date.Format("2006"), e.Kind, e.Detail)
	}
}

// annualPeriods returns n yearly periods from 2024-01-01, all on January
// 1, so that 30/360 makes each exactly one year: a rate's factor is the
// rate itself.
func annualPeriods(n int) []contract.Period {
	ps, err := contract.Schedule{Start: contract.Date(2024, 1, 1), End: contract.Date(2024+n, 1, 1), Frequency: contract.EveryYear}.Periods()
	if err != nil {
		panic(err) // the schedule above is valid
	}
	return ps
}

// exampleLoan is 100,000 at 10% on 30/360, drawn at the end of 2024,
// interest only, repaid at the end of 2028.
func exampleLoan(periods []contract.Period) *tranche.Debt {
	plan, err := contract.Loan{
		Commitment:    decimal.NewFromInt(100000),
		Draws:         []contract.Flow{{Date: periods[0].End, Amount: decimal.NewFromInt(100000)}},
		Rate:          contract.Rate{Annual: d("0.10"), DayCount: contract.Thirty360US},
		DefaultMargin: d("0.02"),
	}.Plan(periods, 2)
	if err != nil {
		panic(err) // the terms above are valid
	}
	debt, err := tranche.NewDebt(tranche.Debt{Name: "senior", Lender: "bank", Plan: plan})
	if err != nil {
		panic(err)
	}
	return debt
}

func ExampleDebt() {
	periods := annualPeriods(4)
	debt := exampleLoan(periods)
	b, _ := tranche.NewBook(2, []tranche.Party{{ID: "bank"}})
	// 2026 is short by 4,000: arrears, with 2% default interest on top of
	// the 10% rate the next year.
	driveCash(b, periods, debt, []string{"0", "10000", "6000", "200000"})
	// Output:
	// 2025 cash      0.00:
	// 2026 cash  10000.00: senior interest 10000.00;
	// 2027 cash   6000.00: senior interest 6000.00;
	// 2028 cash 200000.00: senior interest 14480.00; senior principal 100000.00;
	// event 2027 payment-default: unpaid: fees 0.00, interest 4000.00, principal 0.00
	// event 2028 default-cured: arrears paid in full
}

func ExampleCovenant() {
	periods := annualPeriods(5)
	debt := exampleLoan(periods)
	common := tranche.Must(tranche.NewSplit(tranche.Split{
		Name:   "common",
		Shares: []tranche.Share{{Parties: []tranche.PartyID{"sponsor"}, Weight: decimal.NewFromInt(1)}},
	}))
	cov, err := tranche.NewCovenant(tranche.Covenant{
		Name: "dscr", Loan: debt, Junior: common,
		MinDSCR: decimal.RequireFromString("1.25"), Action: tranche.TrapCash, CurePeriods: 1,
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	b, _ := tranche.NewBook(2, []tranche.Party{{ID: "bank"}, {ID: "sponsor"}})
	// DSCR 15,000/10,000 = 1.5 passes; 11,000/10,000 = 1.1 breaches and
	// traps 1,000; the next year passes and releases it.
	driveCash(b, periods, tranche.Sequence(debt, cov), []string{"0", "15000", "11000", "15000", "110000"})
	// Output:
	// 2025 cash      0.00:
	// 2026 cash  15000.00: senior interest 10000.00; common profit 5000.00;
	// 2027 cash  11000.00: senior interest 10000.00; held 1000.00
	// 2028 cash  16000.00: senior interest 10000.00; common profit 6000.00;
	// 2029 cash 110000.00: senior interest 10000.00; senior principal 100000.00;
	// event 2027 covenant-breach: DSCR 1.10 below 1.25
	// event 2027 cash-trapped: trapped 1000.00
	// event 2028 covenant-cured: tests passed 1 period(s) in a row
}

func ExampleReserve() {
	periods := annualPeriods(4)
	debt := exampleLoan(periods)
	common := tranche.Must(tranche.NewSplit(tranche.Split{
		Name:   "common",
		Shares: []tranche.Share{{Parties: []tranche.PartyID{"sponsor"}, Weight: decimal.NewFromInt(1)}},
	}))
	// A DSRA holding the next year's debt service (10,000 of interest).
	dsra, err := tranche.NewReserve(tranche.Reserve{Name: "dsra", Loans: []tranche.Borrowing{debt}, Periods: 1, Junior: common})
	if err != nil {
		fmt.Println(err)
		return
	}
	b, _ := tranche.NewBook(2, []tranche.Party{{ID: "bank"}, {ID: "sponsor"}})
	driveCash(b, periods, tranche.Sequence(debt, dsra), []string{"0", "25000", "4000", "120000"})
	// Output:
	// 2025 cash      0.00:
	// 2026 cash  25000.00: senior interest 10000.00; common profit 5000.00; held 10000.00
	// 2027 cash  14000.00: senior interest 10000.00; held 4000.00
	// 2028 cash 124000.00: senior interest 10000.00; senior principal 100000.00; common profit 14000.00;
}

func ExamplePreferredEquity() {
	periods := annualPeriods(4)
	pe, err := tranche.NewPreferredEquity(tranche.PreferredEquity{
		Name: "pref-equity", Parties: []tranche.PartyID{"investor"},
		Coupon:     contract.Rate{Annual: decimal.RequireFromString("0.12"), DayCount: contract.Thirty360US},
		CurrentPay: decimal.RequireFromString("0.08"), // 8% paid, 4% accrues
		Redemption: periods[3].End,
		Multiple:   decimal.RequireFromString("1.4"),
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	b, _ := tranche.NewBook(2, []tranche.Party{{ID: "investor"}})
	_ = b.Advance(periods[0])
	_ = b.Contribute("investor", decimal.NewFromInt(500000))
	// 2028: current coupon 43,264, accrued 62,432, capital, and 12,704 to
	// bring the total received to 1.4 × 500,000 = 700,000.
	driveCash(b, periods, pe, []string{"0", "40000", "41600", "900000"})
	// Output:
	// 2025 cash      0.00:
	// 2026 cash  40000.00: pref-equity pref 40000.00;
	// 2027 cash  41600.00: pref-equity pref 41600.00;
	// 2028 cash 900000.00: pref-equity pref 43264.00; pref-equity pref 62432.00; pref-equity capital 500000.00; pref-equity pref 12704.00;
}

// The engine books each loan's draw as its lender's contribution, before
// the stack is paid: Drawers finds the loans of a stack, and BookDraws
// books what they draw in the book's current period. The loan of 100,000
// is drawn at the end of the first year.
func ExampleBookDraws() {
	periods := annualPeriods(3)
	equity, _ := tranche.NewReturnOfCapital(tranche.ReturnOfCapital{Name: "equity", Parties: []tranche.PartyID{"LP"}})
	stack := tranche.Sequence(exampleLoan(periods), equity)
	b, _ := tranche.NewBook(2, []tranche.Party{{ID: "bank"}, {ID: "LP"}})
	drawers := tranche.Drawers(stack)
	fmt.Println("loans:", len(drawers), drawers[0].ID())
	for _, p := range periods {
		if err := b.Advance(p); err != nil {
			fmt.Println(err)
			return
		}
		drawn, err := tranche.BookDraws(b, drawers)
		fmt.Println(p.End.Format(time.DateOnly), "drawn", drawn.StringFixed(2), err)
	}
	for c := range b.Contributions().Values() {
		fmt.Println(c.Date.Format(time.DateOnly), c.Party, "contributed", c.Amount.StringFixed(2))
	}
	// A lender's draws are its Lent: contributions, not capital invested.
	bank, _ := b.Account("bank")
	invested, _ := b.Invested([]tranche.PartyID{"bank"})
	fmt.Println("bank lent", bank.Lent.StringFixed(2), "invested", invested.StringFixed(2))
	// Output:
	// loans: 1 senior
	// 2025-01-01 drawn 100000.00 <nil>
	// 2026-01-01 drawn 0.00 <nil>
	// 2027-01-01 drawn 0.00 <nil>
	// 2025-01-01 bank contributed 100000.00
	// bank lent 100000.00 invested 0.00
}
