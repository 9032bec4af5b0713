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
