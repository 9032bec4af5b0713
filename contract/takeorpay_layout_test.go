package contract

import (
	"fmt"
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"pgregory.net/rapid"
)

// sameStatement fails unless Statement and Paid of c give the reference
// statement, every figure's coefficient and exponent, or its error.
func sameStatement(t interface{ Fatalf(string, ...any) }, c TakeOrPay, ps []Period, usage []decimal.Decimal, scale int32) {
	want, wantErr := c.refStatement(ps, usage, scale)
	got, err := c.Statement(ps, usage, scale)
	paid, paidErr := c.Paid(ps, usage, scale)
	if wantErr != nil || err != nil || paidErr != nil {
		if wantErr == nil || err == nil || paidErr == nil || err.Error() != wantErr.Error() || paidErr.Error() != wantErr.Error() {
			t.Fatalf("errors: Statement %v, Paid %v; reference %v", err, paidErr, wantErr)
		}
		return
	}
	if len(got) != len(want) || len(paid) != len(want) {
		t.Fatalf("%d rows and %d payments, want %d", len(got), len(paid), len(want))
	}
	for i := range want {
		g, w := got[i], want[i]
		if g.Period != w.Period || g.InTerm != w.InTerm || g.ContractYear != w.ContractYear || g.Closes != w.Closes {
			t.Fatalf("period %d: %+v, want %+v", i, g, w)
		}
		gf := decimalFields(g)
		for name, wd := range decimalFields(w) {
			requireSame(t, fmt.Sprintf("period %d %s", i, name), gf[name], wd)
		}
		requireSame(t, fmt.Sprintf("Paid, period %d", i), paid[i], w.Paid)
	}
}

// TestTakeOrPay_LongPeriodsMatchReference: periods of one to four years,
// so that a contract year (a measurement key under PerContractYear) can
// be past the number of periods and a year can have no period ending in
// it, give the reference statement, in Statement and in Paid.
func TestTakeOrPay_LongPeriodsMatchReference(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		start := Date(2020, time.Month(rapid.IntRange(1, 12).Draw(t, "month")), rapid.IntRange(1, 28).Draw(t, "day"))
		n := rapid.IntRange(1, 4).Draw(t, "periods")
		ps := make([]Period, n)
		end := start.AddDate(0, 0, -rapid.IntRange(0, 400).Draw(t, "before"))
		for i := range ps {
			s := end
			end = s.AddDate(rapid.IntRange(1, 4).Draw(t, fmt.Sprintf("years%d", i)), 0, rapid.IntRange(-40, 40).Draw(t, fmt.Sprintf("days%d", i)))
			ps[i] = Period{Index: i, Start: s, End: end}
		}
		c := TakeOrPay{Buyer: "B", Seller: "S", Start: start, End: end.AddDate(0, 0, -rapid.IntRange(0, 300).Draw(t, "short")),
			Minimum: decimal.NewFromInt(rapid.Int64Range(0, 500).Draw(t, "min")), Price: decimal.New(rapid.Int64Range(1, 1e6).Draw(t, "price"), -2),
			Escalation: Escalation{Rate: decimal.New(rapid.Int64Range(0, 90).Draw(t, "rate"), -3)}, ShortfallShare: decimal.New(rapid.Int64Range(0, 100).Draw(t, "share"), -2),
			MakeUp: MakeUp{Years: rapid.IntRange(0, 2).Draw(t, "makeup")}}
		if rapid.Bool().Draw(t, "yearly") {
			c.Measure = PerContractYear
		}
		if c.End.After(start) == false {
			c.End = start.AddDate(0, 0, 1)
		}
		usage := make([]decimal.Decimal, n)
		for i := range usage {
			usage[i] = decimal.Zero
			if ps[i].End.After(start) && !ps[i].Start.After(c.End) {
				usage[i] = decimal.NewFromInt(rapid.Int64Range(0, 900).Draw(t, fmt.Sprintf("use%d", i)))
			}
		}
		sameStatement(t, c, ps, usage, 2)
	})
}

// TestTakeOrPay_NoPeriodInTerm: a schedule that ends before the term
// starts pays nothing in every period, in Statement and in Paid.
func TestTakeOrPay_NoPeriodInTerm(t *testing.T) {
	ps, err := Schedule{Start: Date(2024, 1, 31), End: Date(2024, 12, 31), Frequency: EveryMonth, EndOfMonth: true}.Periods()
	if err != nil {
		t.Fatal(err)
	}
	usage := make([]decimal.Decimal, len(ps))
	for i := range usage {
		usage[i] = decimal.Zero
	}
	c := TakeOrPay{Buyer: "B", Seller: "S", Start: Date(2025, 6, 30), End: Date(2030, 6, 30), Minimum: decimal.NewFromInt(10),
		Price: decimal.NewFromInt(7), Escalation: Escalation{Rate: decimal.RequireFromString("0.02")}, ShortfallShare: decimal.RequireFromString("0.5")}
	sameStatement(t, c, ps, usage, 2)
	paid, err := c.Paid(ps, usage, 2)
	if err != nil {
		t.Fatal(err)
	}
	for i, p := range paid {
		requireSame(t, fmt.Sprintf("period %d", i), p, decimal.Zero)
	}
}
