package contract

import (
	"testing"

	"github.com/shopspring/decimal"
)

// TestTakeOrPay_PaidCreditLapsesAtYearEnd: a make-up credit that lives one
// contract year, earned in year 0, lapses at the close of year 1, the
// last year it may be used in: the excess taken in year 2 is billed in
// full (2,000), as the reference statement bills it, not set against the
// lapsed credit (1,000).
func TestTakeOrPay_PaidCreditLapsesAtYearEnd(t *testing.T) {
	start := Date(2020, 12, 31)
	ps, err := Schedule{Start: start, End: Date(2023, 12, 31), Frequency: EveryMonth, EndOfMonth: true}.Periods()
	if err != nil {
		t.Fatal(err)
	}
	c := TakeOrPay{Buyer: "B", Seller: "S", Start: start, End: Date(2023, 12, 31), Minimum: decimal.NewFromInt(10),
		Price: decimal.NewFromInt(100), ShortfallShare: decimal.NewFromInt(1), MakeUp: MakeUp{Years: 1}}
	usage := make([]decimal.Decimal, len(ps))
	for i := range usage {
		usage[i] = decimal.NewFromInt(10)
	}
	usage[0], usage[24] = decimal.Zero, decimal.NewFromInt(20) // a shortfall in year 0; an excess in year 2
	paid, err := c.Paid(ps, usage, 2)
	if err != nil {
		t.Fatal(err)
	}
	want, err := c.refStatement(ps, usage, 2)
	if err != nil {
		t.Fatal(err)
	}
	for i := range want {
		requireSame(t, "Paid", paid[i], want[i].Paid)
	}
	requireSame(t, "year 2's excess", paid[24], decimal.New(200000, -2))
}
