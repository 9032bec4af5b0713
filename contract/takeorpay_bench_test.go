package contract_test

import (
	"testing"

	"github.com/jvwaterfall/jvwaterfall/contract"
	"github.com/shopspring/decimal"
)

// BenchmarkTakeOrPay_Statement is a 10-year monthly contract measured per
// contract year, with make-up and carry-forward.
func BenchmarkTakeOrPay_Statement(b *testing.B) {
	ps, err := contract.Schedule{Start: contract.Date(2025, 12, 31), End: contract.Date(2035, 12, 31), EndOfMonth: true}.Periods()
	if err != nil {
		b.Fatal(err)
	}
	c := contract.TakeOrPay{
		Buyer: "B", Seller: "S", Start: contract.Date(2025, 12, 31), End: contract.Date(2035, 12, 31),
		Minimum: decimal.NewFromInt(1200), Measure: contract.PerContractYear, Price: decimal.NewFromInt(120000),
		Escalation: contract.Escalation{Rate: decimal.RequireFromString("0.025")}, ShortfallShare: decimal.RequireFromString("0.8"),
		MakeUp: contract.MakeUp{Window: 3, Cap: decimal.NewFromInt(300)}, CarryForward: contract.CarryForward{Window: 1},
	}
	usage := make([]decimal.Decimal, len(ps))
	for i := range usage {
		usage[i] = decimal.NewFromInt(int64(60 + (i*7)%90))
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := c.Statement(ps, usage, 2); err != nil {
			b.Fatal(err)
		}
	}
}
