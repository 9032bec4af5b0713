package contract_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/jvwaterfall/jvwaterfall/contract"
	"github.com/shopspring/decimal"
)

// TestTakeOrPay_HalfCentCharges: a minimum of 100 a year at 10.01, half
// of the price paid per unit of shortfall, make-up within 2 years. Year 0
// takes 99: 99 × 10.01 = 990.99, and the shortfall of 1 costs 1 × 10.01 ×
// 0.5 = 5.005, an exact half cent, rounded half away from zero to 5.01
// (banker's rounding would give 5.00); it earns a credit of 1 prepaid at
// 5.005. Year 1 takes 101: the unit over the minimum uses the credit, so
// 100 × 10.01 = 1,001.00 is charged at the price and the made-up unit at
// 10.01 − 5.005 = 5.005 → 5.01 again.
func TestTakeOrPay_HalfCentCharges(t *testing.T) {
	c := contract.TakeOrPay{
		Buyer: "B", Seller: "S", Start: contract.Date(2020, 12, 31), End: contract.Date(2022, 12, 31),
		Minimum: decimal.NewFromInt(100), Price: dec("10.01"), ShortfallShare: dec("0.5"),
		MakeUp: contract.MakeUp{Window: 2},
	}
	st, err := c.Statement(annual(2), amounts("99", "101"), 2)
	if err != nil {
		t.Fatal(err)
	}
	type line struct{ Take, Shortfall, MakeUp, CreditsUsed string }
	want := []line{{"990.99", "5.01", "0.00", "0"}, {"1001.00", "0.00", "5.01", "1"}}
	got := make([]line, len(st))
	for i, p := range st {
		got[i] = line{p.TakeCharge.StringFixed(2), p.ShortfallPayment.StringFixed(2), p.MakeUpCharge.StringFixed(2), p.CreditsUsed.String()}
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Statement() mismatch (-want +got):\n%s", diff)
	}
}
