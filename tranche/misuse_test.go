package tranche_test

import (
	"testing"

	"github.com/jvwaterfall/jvwaterfall/contract"
	"github.com/jvwaterfall/jvwaterfall/tranche"
	"github.com/shopspring/decimal"
)

// TestZeroValues_ErrorsNotPanics: every tranche type written as an empty
// literal and used without Validate, and every entry point given a nil
// book, returns an error instead of panicking.
func TestZeroValues_ErrorsNotPanics(t *testing.T) {
	periods, err := contract.Schedule{Start: contract.Date(2024, 1, 1), End: contract.Date(2026, 1, 1), Frequency: contract.EveryYear}.Periods()
	if err != nil {
		t.Fatal(err)
	}
	b, err := tranche.NewBook(2, []tranche.Party{{ID: "A"}})
	if err != nil {
		t.Fatal(err)
	}
	if err := b.Advance(periods[0]); err != nil {
		t.Fatal(err)
	}
	one := decimal.NewFromInt(1)
	try := func(name string, f func()) {
		t.Helper()
		defer func() {
			if p := recover(); p != nil {
				t.Errorf("%s panicked: %v", name, p)
			}
		}()
		f()
	}
	for name, tr := range map[string]tranche.Tranche{
		"Debt": &tranche.Debt{}, "Covenant": &tranche.Covenant{}, "Reserve": &tranche.Reserve{},
		"Windowed": &tranche.Windowed{}, "Capped": &tranche.Capped{}, "Sequential": &tranche.Sequential{},
		"PariPassu": &tranche.PariPassu{}, "Split": &tranche.Split{}, "CatchUp": &tranche.CatchUp{},
		"Hurdle": &tranche.Hurdle{}, "PreferredReturn": &tranche.PreferredReturn{}, "ReturnOfCapital": &tranche.ReturnOfCapital{},
		"PreferredEquity": &tranche.PreferredEquity{}, "TakeOrPay": &tranche.TakeOrPay{}, "CapTable": &tranche.CapTable{},
	} {
		try(name+".ID", func() { tr.ID() })
		try(name+".Validate", func() {
			if tranche.Validate(tr) == nil && name != "Split" && name != "Sequential" && name != "PariPassu" {
				t.Logf("%s: an empty literal is valid", name)
			}
		})
		try(name+".Owed", func() { _, _ = tr.Owed(b) })
		try(name+".Pay", func() { _, _ = tr.Pay(b, one) })
		try(name+".ClosePeriod", func() { _ = tranche.ClosePeriod(b, tr) })
		try(name+" with a nil book", func() {
			if _, err := tranche.PayChecked(nil, tr, one); err == nil {
				t.Errorf("%s: PayChecked with a nil book gave no error", name)
			}
			if _, ok := tr.(tranche.PeriodCloser); ok {
				if err := tranche.ClosePeriod(nil, tr); err == nil {
					t.Errorf("%s: ClosePeriod with a nil book gave no error", name)
				}
			}
		})
	}
	try("PayChecked of a nil tranche", func() {
		if _, err := tranche.PayChecked(b, nil, one); err == nil {
			t.Error("PayChecked of a nil tranche gave no error")
		}
	})
}

// TestLedger_OutOfRange: indexes and bounds out of range give the zero
// Payment or Contribution and empty slices, as the Ledger's doc says,
// instead of panicking as they did (issue 17).
func TestLedger_OutOfRange(t *testing.T) {
	l := tranche.LedgerOf([]tranche.Payment{{Party: "A", Amount: decimal.NewFromInt(1)}})
	for _, i := range []int{-1, 1, 1 << 40} {
		if p := l.At(i); p.Party != "" || !p.Amount.IsZero() {
			t.Errorf("At(%d) = %+v, want the zero Payment", i, p)
		}
	}
	for _, b := range [][2]int{{-1, 1}, {1, 0}, {0, 2}} {
		if n := l.Slice(b[0], b[1]).Len(); n != 0 {
			t.Errorf("Slice(%d, %d) has %d payments, want 0", b[0], b[1], n)
		}
	}
	if got := l.Slice(0, 1).At(0).Party; got != "A" {
		t.Errorf("Slice(0, 1).At(0) is %q's, want A's", got)
	}
	var c tranche.Contributions
	if e := c.At(0); e.Party != "" {
		t.Errorf("Contributions{}.At(0) = %+v, want the zero Contribution", e)
	}
	if n := c.Slice(0, 1).Len(); n != 0 {
		t.Errorf("Contributions{}.Slice(0, 1) has %d, want 0", n)
	}
}

// TestBook_ZeroAndNil: a Book not made by NewBook works as a book with no
// parties (a tranche naming a party gets an unknown-party error), and a
// nil Book gives errors and zero values (issue 17: a zero Book in
// PreferredReturn.Owed panicked on a nil map).
func TestBook_ZeroAndNil(t *testing.T) {
	pref, err := tranche.NewPreferredReturn(tranche.PreferredReturn{Name: "pref", Parties: []tranche.PartyID{"A"},
		Rate: contract.Rate{Annual: decimal.RequireFromString("0.08"), Compounding: contract.Annual}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := pref.Owed(&tranche.Book{}); err == nil {
		t.Error("Owed on a zero Book: no error for the unknown party A")
	}
	if _, err := pref.Pay(&tranche.Book{}, decimal.NewFromInt(1)); err == nil {
		t.Error("Pay on a zero Book: no error for the unknown party A")
	}
	var nb *tranche.Book
	if _, err := nb.Account("A"); err == nil {
		t.Error("Account on a nil Book: no error")
	}
	if err := nb.Contribute("A", decimal.NewFromInt(1)); err == nil {
		t.Error("Contribute on a nil Book: no error")
	}
	if nb.Ledger().Len() != 0 || nb.Scale() != 0 {
		t.Error("a nil Book's ledger or scale is not empty")
	}
}
