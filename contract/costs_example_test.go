package contract_test

import (
	"fmt"

	"github.com/jvwaterfall/jvwaterfall/contract"
	"github.com/shopspring/decimal"
)

// 100 MW for the 720 hours of April at $50/MWh, a quarter billed on.
func ExampleEnergy() {
	april, _ := contract.Explicit(contract.Date(2025, 3, 31), contract.Date(2025, 4, 30))
	e := contract.Energy{
		Load:        contract.Const(decimal.NewFromInt(100)),
		Price:       contract.Const(decimal.NewFromInt(50)),
		PassThrough: decimal.RequireFromString("0.25"),
	}
	bill, err := e.Bill(april, 2)
	if err != nil {
		fmt.Println(err)
		return
	}
	b := bill[0]
	fmt.Println(b.Hours, b.MWh, b.Cost.StringFixed(2), b.PassThrough.StringFixed(2), b.Net.StringFixed(2))
	// Output: 720 72000 3600000.00 900000.00 2700000.00
}

func ExamplePath() {
	flat := contract.Const(decimal.NewFromInt(7))
	path := contract.Path{decimal.NewFromInt(1), decimal.NewFromInt(2)}
	for i := range 3 {
		a, okA := flat.At(i)
		b, okB := path.At(i)
		fmt.Println(i, a, okA, b, okB)
	}
	// Output:
	// 0 7 true 1 true
	// 1 7 true 2 true
	// 2 7 true 0 false
}

// $1.2M a year escalating 3% a year, charged by quarter on ACT/365F.
func ExampleOpex() {
	quarters, _ := contract.Schedule{Start: contract.Date(2025, 9, 30), End: contract.Date(2026, 6, 30), Frequency: contract.EveryQuarter, EndOfMonth: true}.Periods()
	o := contract.Opex{Annual: decimal.NewFromInt(1200000), Start: contract.Date(2024, 12, 31), Escalation: contract.Escalation{Rate: decimal.RequireFromString("0.03")}}
	costs, _ := o.Costs(quarters, 2)
	for _, c := range costs {
		fmt.Println(c.Period.End.Format("2006-01-02"), c.ContractYear, c.Factor, c.Cost.StringFixed(2))
	}
	// Output:
	// 2025-12-31 0 1 302465.75
	// 2026-03-31 1 1.03 304767.12
	// 2026-06-30 1 1.03 308153.42
}

func ExampleAsset_Depreciated() {
	a := contract.Asset{Cost: decimal.NewFromInt(1000), Salvage: decimal.NewFromInt(100), InService: contract.Date(2025, 1, 1), Life: 12}
	for _, d := range []string{"2025-01-01", "2025-07-02", "2026-01-01", "2027-01-01"} {
		t, _ := contract.ParseDate(d)
		fmt.Println(d, a.Depreciated(t, 2))
	}
	// Output:
	// 2025-01-01 0
	// 2025-07-02 448.77
	// 2026-01-01 900
	// 2027-01-01 900
}

// A $120M asset made obsolete after two years: its book value is written
// off and an $80M refresh goes into service.
func ExampleCapex() {
	years, _ := contract.Schedule{Start: contract.Date(2025, 12, 31), End: contract.Date(2028, 12, 31), Frequency: contract.EveryYear}.Periods()
	c := contract.Capex{
		Asset:        contract.Asset{Cost: decimal.NewFromInt(120000000), InService: contract.Date(2025, 12, 31), Life: 120},
		Obsolescence: contract.Obsolescence{Date: contract.Date(2027, 12, 31), Refresh: decimal.NewFromInt(80000000), Life: 60},
	}
	sched, _ := c.Schedule(years, 2)
	for _, s := range sched {
		fmt.Println(s.Period.End.Format("2006"), s.Spent, s.Depreciation, s.Impairment, s.BookValue)
	}
	// Output:
	// 2026 0 11993428.26 0 108006571.74
	// 2027 80000000 11993428.26 96013143.48 80000000
	// 2028 0 16026272.58 0 63973727.42
}

// B funds half of its call; A covers the gap and B is diluted at 1.5× its
// unfunded amount.
func ExampleCapitalCall() {
	call := contract.CapitalCall{
		Amount:      decimal.NewFromInt(10000000),
		Commitments: []contract.Commitment{{Party: "A", Amount: decimal.NewFromInt(60000000)}, {Party: "B", Amount: decimal.NewFromInt(40000000)}},
		Defaults:    []contract.Default{{Party: "B", Funded: decimal.RequireFromString("0.5")}},
		Penalty:     decimal.RequireFromString("1.5"),
	}
	res, err := call.Fund(2)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, s := range res.Shares {
		fmt.Println(s.Party, s.Called, s.Funded, s.Cover, s.Contributed, s.Commitment, "→", s.Diluted)
	}
	fmt.Println("raised", res.Raised, "uncovered", res.Uncovered)
	// Output:
	// A 6000000 6000000 2000000 8000000 60000000 → 63000000
	// B 4000000 2000000 0 2000000 40000000 → 37000000
	// raised 10000000 uncovered 0
}

// The money of the bill alone: 100 MW for the 720 hours of April and the
// 744 of May at $50/MWh, a quarter billed on.
func ExampleEnergy_Charges() {
	months, _ := contract.Explicit(contract.Date(2025, 3, 31), contract.Date(2025, 4, 30), contract.Date(2025, 5, 31))
	e := contract.Energy{
		Load:        contract.Const(decimal.NewFromInt(100)),
		Price:       contract.Const(decimal.NewFromInt(50)),
		PassThrough: decimal.RequireFromString("0.25"),
	}
	cost, pass, err := e.Charges(months, 2)
	if err != nil {
		fmt.Println(err)
		return
	}
	for i := range cost {
		fmt.Println(cost[i].StringFixed(2), pass[i].StringFixed(2))
	}
	// Output:
	// 3600000.00 900000.00
	// 3720000.00 930000.00
}

// The costs alone: $1.2M a year escalating 3% a year, by quarter on
// ACT/365F.
func ExampleOpex_Charges() {
	quarters, _ := contract.Schedule{Start: contract.Date(2025, 9, 30), End: contract.Date(2026, 6, 30), Frequency: contract.EveryQuarter, EndOfMonth: true}.Periods()
	o := contract.Opex{Annual: decimal.NewFromInt(1200000), Start: contract.Date(2024, 12, 31), Escalation: contract.Escalation{Rate: decimal.RequireFromString("0.03")}}
	costs, _ := o.Charges(quarters, 2)
	cents, _, _ := o.ChargesUnits(quarters, 2) // the same, in cents
	for i, c := range costs {
		fmt.Println(c.StringFixed(2), cents[i])
	}
	// Output:
	// 302465.75 30246575
	// 304767.12 30476712
	// 308153.42 30815342
}
