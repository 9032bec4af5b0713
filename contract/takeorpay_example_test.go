package contract_test

import (
	"fmt"

	"github.com/jvwaterfall/jvwaterfall/contract"
	"github.com/shopspring/decimal"
)

// annual returns n yearly periods from the end of 2020.
func annual(n int) []contract.Period {
	ps, _ := contract.Schedule{Start: contract.Date(2020, 12, 31), End: contract.Date(2020+n, 12, 31), Frequency: contract.EveryYear}.Periods()
	return ps
}

func amounts(ss ...string) []decimal.Decimal {
	out := make([]decimal.Decimal, len(ss))
	for i, s := range ss {
		out[i] = decimal.RequireFromString(s)
	}
	return out
}

// A buyer commits to 100 MWh a year at $50, paying 100% of the price on a
// shortfall, with two years to make it up.
func ExampleTakeOrPay() {
	c := contract.TakeOrPay{
		Buyer: "data-center", Seller: "utility",
		Start: contract.Date(2020, 12, 31), End: contract.Date(2024, 12, 31),
		Minimum: decimal.NewFromInt(100), Price: decimal.NewFromInt(50),
		ShortfallShare: decimal.NewFromInt(1),
		MakeUp:         contract.MakeUp{Window: 2},
	}
	st, err := c.Statement(annual(4), amounts("70", "100", "120", "100"), 2)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("year taken shortfall   paid  earned used expired balance")
	for _, p := range st {
		fmt.Printf("%4d %5s %9s %6s %7s %4s %7s %7s\n", p.ContractYear, p.Taken, p.Shortfall, p.Paid,
			p.CreditsEarned, p.CreditsUsed, p.CreditsExpired, p.CreditsBalance)
	}
	// Output:
	// year taken shortfall   paid  earned used expired balance
	//    0    70        30   5000      30    0       0      30
	//    1   100         0   5000       0    0       0      30
	//    2   120         0   5000       0   20      10       0
	//    3   100         0   5000       0    0       0       0
}

// The make-up cap limits the credits used in one measurement period.
func ExampleMakeUp() {
	c := contract.TakeOrPay{
		Buyer: "B", Seller: "S", Start: contract.Date(2020, 12, 31), End: contract.Date(2023, 12, 31),
		Minimum: decimal.NewFromInt(100), Price: decimal.NewFromInt(1), ShortfallShare: decimal.NewFromInt(1),
		MakeUp: contract.MakeUp{Window: 2, Cap: decimal.NewFromInt(10)},
	}
	st, _ := c.Statement(annual(3), amounts("70", "150", "150"), 2)
	for _, p := range st {
		fmt.Println(p.CreditsUsed, p.CreditsExpired, p.Paid)
	}
	// Output:
	// 0 0 100
	// 10 0 140
	// 10 10 140
}

// A minimum that ramps from 50 to 100 a year, and credits usable until
// the end of the term: the year-0 shortfall of 20 makes up 10 units in
// year 2 (already paid for in full), and the other 10 lapse when the term
// ends.
func ExampleMakeUp_untilEnd() {
	c := contract.TakeOrPay{
		Buyer: "B", Seller: "S", Start: contract.Date(2020, 12, 31), End: contract.Date(2024, 12, 31),
		Minimums: amounts("50", "100"), Price: decimal.NewFromInt(1), ShortfallShare: decimal.NewFromInt(1),
		Measure: contract.PerContractYear, MakeUp: contract.MakeUp{UntilEnd: true},
	}
	st, _ := c.Statement(annual(4), amounts("30", "100", "110", "100"), 2)
	fmt.Println("minimum used expired paid")
	for _, p := range st {
		fmt.Println(p.Minimum, p.CreditsUsed, p.CreditsExpired, p.Paid)
	}
	// Output:
	// minimum used expired paid
	// 50 0 0 50
	// 100 0 0 100
	// 100 10 0 100
	// 100 0 10 100
}

// Excess takes in year 0 cover the shortfall of year 1.
func ExampleCarryForward() {
	c := contract.TakeOrPay{
		Buyer: "B", Seller: "S", Start: contract.Date(2020, 12, 31), End: contract.Date(2022, 12, 31),
		Minimum: decimal.NewFromInt(100), Price: decimal.NewFromInt(1), ShortfallShare: decimal.NewFromInt(1),
		CarryForward: contract.CarryForward{Window: 1},
	}
	st, _ := c.Statement(annual(2), amounts("130", "80"), 2)
	for _, p := range st {
		fmt.Println(p.CarriedEarned, p.CarriedUsed, p.Shortfall, p.Paid)
	}
	// Output:
	// 30 0 0 130
	// 0 20 0 80
}

// A suspension of 73 days in a 365-day year cuts the minimum to 292/365.
func ExampleSuspension() {
	c := contract.TakeOrPay{
		Buyer: "B", Seller: "S", Start: contract.Date(2020, 12, 31), End: contract.Date(2021, 12, 31),
		Minimum: decimal.NewFromInt(365), Price: decimal.NewFromInt(1), ShortfallShare: decimal.NewFromInt(1),
		Suspensions: []contract.Suspension{{From: contract.Date(2021, 3, 31), To: contract.Date(2021, 6, 12), Reason: "force majeure"}},
	}
	st, _ := c.Statement(annual(1), amounts("0"), 2)
	fmt.Println(st[0].Minimum, st[0].Shortfall, st[0].Paid)
	// Output: 292 292 292
}

// Ending a five-year contract after two years: a fixed sum plus half the
// value of the three released years' minimum.
func ExampleTermination() {
	c := contract.TakeOrPay{
		Buyer: "B", Seller: "S", Start: contract.Date(2020, 12, 31), End: contract.Date(2025, 12, 31),
		Minimum: decimal.NewFromInt(100), Price: decimal.NewFromInt(10), ShortfallShare: decimal.NewFromInt(1),
		Termination: contract.Termination{Date: contract.Date(2022, 12, 31), Fixed: decimal.NewFromInt(500), Share: decimal.RequireFromString("0.5")},
	}
	st, _ := c.Statement(annual(5), amounts("100", "100", "0", "0", "0"), 2)
	for _, p := range st {
		fmt.Println(p.InTerm, p.TerminationPayment, p.Paid)
	}
	// Output:
	// true 0 1000
	// true 2000 3000
	// false 0 0
	// false 0 0
	// false 0 0
}

func ExampleEscalation() {
	fixed := contract.Escalation{Rate: decimal.RequireFromString("0.03")}
	index := contract.Escalation{Index: amounts("250", "255", "263.5")}
	for k := range 3 {
		f, _ := fixed.Factor(k)
		g, _ := index.Factor(k)
		fmt.Println(k, f, g)
	}
	// Output:
	// 0 1 1
	// 1 1.03 1.02
	// 2 1.0609 1.054
}

// PerContractYear adds up a year's takes before measuring the minimum.
func ExampleMeasure() {
	quarters, _ := contract.Schedule{Start: contract.Date(2020, 12, 31), End: contract.Date(2021, 12, 31), Frequency: contract.EveryQuarter, EndOfMonth: true}.Periods()
	for _, m := range []contract.Measure{contract.PerPeriod, contract.PerContractYear} {
		c := contract.TakeOrPay{
			Buyer: "B", Seller: "S", Start: contract.Date(2020, 12, 31), End: contract.Date(2021, 12, 31),
			Minimum: decimal.NewFromInt(100), Measure: m, Price: decimal.NewFromInt(1), ShortfallShare: decimal.NewFromInt(1),
		}
		if m == contract.PerContractYear {
			c.Minimum = decimal.NewFromInt(400)
		}
		st, _ := c.Statement(quarters, amounts("50", "150", "100", "100"), 2)
		total := decimal.Zero
		for _, p := range st {
			total = total.Add(p.ShortfallPayment)
		}
		fmt.Println(m, total)
	}
	// Output:
	// period 50
	// contract-year 0
}

func ExampleContractYear() {
	start := contract.Date(2020, 2, 29)
	for _, d := range []string{"2021-02-28", "2021-03-01", "2024-02-29"} {
		t, _ := contract.ParseDate(d)
		fmt.Println(d, contract.ContractYear(start, t))
	}
	// Output:
	// 2021-02-28 0
	// 2021-03-01 1
	// 2024-02-29 3
}

// The buyer commits to 100 units a year at 10.00, and pays half the price
// for each unit short: taking 120 it pays 120 × 10 = 1,200; taking 80,
// 800 + 20 × 5 = 900; taking nothing, 100 × 5 = 500. Paid gives these
// payments alone, as a source of cash needs them, and PaidUnits the same
// in cents.
func ExampleTakeOrPay_Paid() {
	c := contract.TakeOrPay{
		Buyer: "buyer", Seller: "seller", Start: contract.Date(2020, 12, 31), End: contract.Date(2023, 12, 31),
		Minimum: decimal.NewFromInt(100), Price: decimal.RequireFromString("10.00"), ShortfallShare: decimal.RequireFromString("0.5"),
	}
	paid, err := c.Paid(annual(3), []decimal.Decimal{decimal.NewFromInt(120), decimal.NewFromInt(80), decimal.Zero}, 2)
	if err != nil {
		fmt.Println(err)
		return
	}
	cents, _, _ := c.PaidUnits(annual(3), []decimal.Decimal{decimal.NewFromInt(120), decimal.NewFromInt(80), decimal.Zero}, 2)
	for i, p := range paid {
		fmt.Println(p.StringFixed(2), cents[i])
	}
	// Output:
	// 1200.00 120000
	// 900.00 90000
	// 500.00 50000
}
