package contract

import (
	"testing"

	"github.com/shopspring/decimal"
)

// TestEnergyChargesUnits_PastInt64: ChargesUnits declines (ok false,
// nothing else) when one period's cost does not fit an int64 of minor
// units, though its pass-through does and the other period's amounts
// do; Charges still has the decimals. By hand, at 1,000,000 MW and a
// pass-through of 5%:
//
//	January 2025, 744 h at 10,000,000/MWh: cost 7.44·10^15, 7.44·10^17
//	cents; pass-through 3.72·10^14, 3.72·10^16 cents.
//	February 2025, 672 h at 200,000,000/MWh: cost 1.344·10^17, 1.344·10^19
//	cents, past 2^63 − 1 ≈ 9.223·10^18; pass-through 6.72·10^15,
//	6.72·10^17 cents, which fits.
//
// January alone fits; a period that does not fit is not forgotten at the
// next, in either order.
func TestEnergyChargesUnits_PastInt64(t *testing.T) {
	ps, err := Explicit(Date(2025, 1, 1), Date(2025, 2, 1), Date(2025, 3, 1))
	if err != nil {
		t.Fatal(err)
	}
	e := Energy{
		Load:        Const(decimal.NewFromInt(1_000_000)),
		Price:       Path{decimal.NewFromInt(10_000_000), decimal.NewFromInt(200_000_000)},
		PassThrough: decimal.RequireFromString("0.05"),
	}
	cost, pass, ok, err := e.ChargesUnits(ps, 2)
	if err != nil || ok || cost != nil || pass != nil {
		t.Fatalf("ChargesUnits = %v, %v, %v, %v; want nil, nil, false, nil (February's cost is 1.344e19 cents)", cost, pass, ok, err)
	}
	costD, passD, err := e.Charges(ps, 2)
	if err != nil {
		t.Fatal(err)
	}
	for i, want := range [][2]string{{"7440000000000000", "372000000000000"}, {"134400000000000000", "6720000000000000"}} {
		if !costD[i].Equal(decimal.RequireFromString(want[0])) || !passD[i].Equal(decimal.RequireFromString(want[1])) {
			t.Errorf("Charges period %d: %s and %s, want %s and %s", i, costD[i], passD[i], want[0], want[1])
		}
	}
	cost, pass, ok, err = e.ChargesUnits(ps[:1], 2)
	if err != nil || !ok || len(cost) != 1 || len(pass) != 1 || cost[0] != 744_000_000_000_000_000 || pass[0] != 37_200_000_000_000_000 {
		t.Fatalf("January alone: ChargesUnits = %v, %v, %v, %v; want [744000000000000000], [37200000000000000], true", cost, pass, ok, err)
	}
	// February first.
	e.Price = Path{decimal.NewFromInt(200_000_000), decimal.NewFromInt(10_000_000)}
	ps2, err := Explicit(Date(2025, 2, 1), Date(2025, 3, 1), Date(2025, 4, 1)) // 672 h, then 744 h
	if err != nil {
		t.Fatal(err)
	}
	if cost, pass, ok, err := e.ChargesUnits(ps2, 2); err != nil || ok || cost != nil || pass != nil {
		t.Fatalf("February first: ChargesUnits = %v, %v, %v, %v; want nil, nil, false, nil", cost, pass, ok, err)
	}
}

// TestOpexChargesUnits_PastInt64: ChargesUnits declines when a cost does
// not fit an int64 of minor units. By hand, ACT/365F in contract year 0
// (no escalation) of an Annual of 365,000,000,000,000,000: the day after
// Start costs 1/365 of it, 10^15, 10^17 cents, which fits; the rest of
// the year, 364 days, 3.64·10^17, 3.64·10^19 cents, past 2^63 − 1 ≈
// 9.223·10^18.
func TestOpexChargesUnits_PastInt64(t *testing.T) {
	ps, err := Explicit(Date(2025, 1, 1), Date(2025, 1, 2), Date(2026, 1, 1))
	if err != nil {
		t.Fatal(err)
	}
	o := Opex{Annual: decimal.New(365, 15), Start: Date(2025, 1, 1)}
	units, ok, err := o.ChargesUnits(ps, 2)
	if err != nil || ok || units != nil {
		t.Fatalf("ChargesUnits = %v, %v, %v; want nil, false, nil (period 1 is 3.64e19 cents)", units, ok, err)
	}
	costs, err := o.Charges(ps, 2)
	if err != nil {
		t.Fatal(err)
	}
	for i, want := range []decimal.Decimal{decimal.New(1, 15), decimal.New(364, 15)} {
		if !costs[i].Equal(want) {
			t.Errorf("Charges period %d: %s, want %s", i, costs[i], want)
		}
	}
	units, ok, err = o.ChargesUnits(ps[:1], 2)
	if err != nil || !ok || len(units) != 1 || units[0] != 100_000_000_000_000_000 {
		t.Fatalf("the first day alone: ChargesUnits = %v, %v, %v; want [100000000000000000], true", units, ok, err)
	}
}

// TestTakeOrPayPaidUnits_DeclinesPastInt64Arithmetic: usage written with
// 21 digits (12.0000000000000000000, a coefficient past an int64) is
// beyond the int64 arithmetic, so PaidUnits declines (ok false, nothing
// else) while Paid works it out in decimals: 12 units above the minimum
// of 10 at 2.50, no make-up, 30.00.
func TestTakeOrPayPaidUnits_DeclinesPastInt64Arithmetic(t *testing.T) {
	ps, err := Explicit(Date(2025, 1, 1), Date(2026, 1, 1))
	if err != nil {
		t.Fatal(err)
	}
	c := TakeOrPay{Buyer: "B", Seller: "S", Start: Date(2025, 1, 1), End: Date(2026, 1, 1),
		Minimum: decimal.NewFromInt(10), Price: decimal.RequireFromString("2.5")}
	usage := []decimal.Decimal{decimal.RequireFromString("12.0000000000000000000")}
	units, ok, err := c.PaidUnits(ps, usage, 2)
	if err != nil || ok || units != nil {
		t.Fatalf("PaidUnits = %v, %v, %v; want nil, false, nil", units, ok, err)
	}
	paid, err := c.Paid(ps, usage, 2)
	if err != nil || len(paid) != 1 || !paid[0].Equal(decimal.NewFromInt(30)) {
		t.Fatalf("Paid = %v, %v; want [30]", paid, err)
	}
	units, ok, err = c.PaidUnits(ps, []decimal.Decimal{decimal.NewFromInt(12)}, 2)
	if err != nil || !ok || len(units) != 1 || units[0] != 3000 {
		t.Fatalf("usage 12: PaidUnits = %v, %v, %v; want [3000], true", units, ok, err)
	}
}
