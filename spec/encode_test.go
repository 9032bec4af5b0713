package spec_test

import (
	"errors"
	"testing"

	"github.com/jvwaterfall/jvwaterfall/source"

	"github.com/jvwaterfall/jvwaterfall/contract"
	"github.com/jvwaterfall/jvwaterfall/fund"
	"github.com/jvwaterfall/jvwaterfall/spec"
	"github.com/jvwaterfall/jvwaterfall/tranche"
	"github.com/jvwaterfall/jvwaterfall/waterfall"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"
)

// TestMarshal_nils checks that nil and typed-nil values given to the
// encoder are errors naming the field, never a panic.
func TestMarshal_nils(t *testing.T) {
	base := func(t *testing.T) *waterfall.Deal {
		d, err := spec.UnmarshalDeal([]byte(`{"currency": "USD", "scale": 2,
		  "parties": [{"id": "LP", "commitment": "1.00"}, {"id": "Bank", "role": "lender"}],
		  "schedule": {"start": "2024-12-31", "end": "2026-12-31", "frequency": "annual"},
		  "stack": {"kind": "sequence", "tranches": [
		    {"kind": "debt", "id": "loan", "lender": "Bank", "loan": {"commitment": "10.00",
		      "draws": [{"date": "2025-06-30", "amount": "10.00"}], "rate": {"annual": "0.05", "compounding": "annual"}}},
		    {"kind": "return_of_capital", "id": "capital", "parties": ["LP"]}]}}`))
		require.NoError(t, err)
		return d
	}
	var nilSplit *tranche.Split
	var nilDebt *tranche.Debt
	var nilOpex *source.OpexCost
	tests := []struct {
		name string
		edit func(d *waterfall.Deal)
		path string
		want error
	}{
		{"no stack", func(d *waterfall.Deal) { d.Stack = nil }, "stack", contract.ErrRequired},
		{"typed-nil stack", func(d *waterfall.Deal) { d.Stack = nilSplit }, "stack", contract.ErrRequired},
		{"nil tranche in a sequence", func(d *waterfall.Deal) { d.Stack = tranche.Sequence(d.Stack, nil) }, "stack.tranches[1]", contract.ErrRequired},
		{"typed-nil tranche in a cap", func(d *waterfall.Deal) {
			d.Stack = tranche.Sequence(d.Stack, tranche.Cap(decimal.NewFromInt(1), nilSplit))
		}, "stack.tranches[1].tranche", contract.ErrRequired},
		{"typed-nil loan of a covenant", func(d *waterfall.Deal) {
			d.Stack = &tranche.Covenant{Name: "dscr", Loan: nilDebt, MinDSCR: decimal.NewFromInt(1), Junior: d.Stack}
		}, "stack.loan", contract.ErrRequired},
		{"typed-nil source", func(d *waterfall.Deal) { d.Sources = []waterfall.Source{nilOpex} }, "sources[0]", contract.ErrRequired},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := base(t)
			tt.edit(d)
			_, err := spec.MarshalDeal(d)
			require.ErrorIs(t, err, tt.want)
			var fe *contract.FieldError
			require.True(t, errors.As(err, &fe), "%v", err)
			require.Equal(t, tt.path, fe.Path, "%v", err)
		})
	}
	t.Run("nil deal", func(t *testing.T) {
		_, err := spec.MarshalDeal(nil)
		require.ErrorIs(t, err, contract.ErrRequired)
	})
	t.Run("nil fund", func(t *testing.T) {
		_, err := spec.MarshalFund(nil)
		require.ErrorIs(t, err, contract.ErrRequired)
	})
	t.Run("typed-nil stack of an investment", func(t *testing.T) {
		f := &fund.Fund{Currency: "USD", Scale: 2, Investments: []fund.Investment{{Name: "A", Stack: nilSplit}}}
		_, err := spec.MarshalFund(f)
		require.ErrorIs(t, err, contract.ErrRequired)
		var fe *contract.FieldError
		require.True(t, errors.As(err, &fe))
		require.Equal(t, "investments[0].stack", fe.Path)
	})
	t.Run("nil reader", func(t *testing.T) {
		_, err := spec.DecodeDeal(nil)
		require.ErrorIs(t, err, contract.ErrRequired)
	})
}

// TestEncode_nilWriter: a nil writer is an error, not a panic.
func TestEncode_nilWriter(t *testing.T) {
	d, err := spec.UnmarshalDeal([]byte(`{"currency": "USD", "scale": 2, "parties": [{"id": "LP"}],
  "schedule": {"start": "2024-12-31", "end": "2025-12-31", "frequency": "annual"},
  "stack": {"kind": "return_of_capital", "id": "c", "parties": ["LP"]}}`))
	require.NoError(t, err)
	require.ErrorIs(t, spec.EncodeDeal(nil, d), contract.ErrRequired)
	require.ErrorIs(t, spec.Encode(nil, spec.Document{Deal: d}), contract.ErrRequired)
}
