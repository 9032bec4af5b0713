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

// TestUnitsOf: a small decimal in minor units, worked by hand: at the
// scale's exponent, the coefficient; above it, scaled up while it fits;
// below it, whole only when the dropped places are zeros (and zero is
// whole at any exponent).
func TestUnitsOf(t *testing.T) {
	for _, c := range []struct {
		x     small
		scale int32
		u     int64
		ok    bool
	}{
		{small{1234, -2}, 2, 1234, true},                    // 12.34 = 1,234 cents
		{small{12340, -3}, 2, 1234, true},                   // 12.340
		{small{12345, -3}, 2, 0, false},                     // 12.345: a tenth of a cent
		{small{12, 3}, 2, 1_200_000, true},                  // 12,000 = 1,200,000 cents
		{small{0, -25}, 2, 0, true},                         // zero at any exponent
		{small{5, -21}, 2, 0, false},                        // 5·10^-19 cents
		{small{-700, -4}, 2, -7, true},                      // −0.0700
		{small{1 << 62, 0}, 2, 0, false},                    // 2^62 × 100 is past 2^63
		{small{9_000_000_000_000_000_000, -20}, 2, 9, true}, // 9·10^18·10^-20 = 0.09: 18 places dropped, all zeros
		{small{9_000_000_000_000_000_001, -20}, 2, 0, false},
	} {
		u, ok := unitsOf(c.x, c.scale)
		if u != c.u || ok != c.ok {
			t.Errorf("unitsOf(%d e%d, %d) = %d, %v; want %d, %v", c.x.c, c.x.e, c.scale, u, ok, c.u, c.ok)
		}
	}
}
