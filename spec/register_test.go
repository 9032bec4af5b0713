package spec_test

import (
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/jvwaterfall/jvwaterfall/contract"
	"github.com/jvwaterfall/jvwaterfall/spec"
	"github.com/jvwaterfall/jvwaterfall/tranche"
	"github.com/jvwaterfall/jvwaterfall/tranche/tranchetest"
	"github.com/jvwaterfall/jvwaterfall/waterfall"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"
)

// FixedFee is a user's tranche, written outside the module: a fee of
// Amount a period, paid to Payee, at most Total in all when Total is set;
// what is not paid stays due. It keeps no state: what it paid is in the
// book.
type FixedFee struct {
	Name   tranche.TrancheID
	Payee  tranche.PartyID
	Amount decimal.Decimal // a period
	Total  decimal.Decimal // the most paid in all; zero: no limit
}

// ID returns the tranche's ID.
func (f *FixedFee) ID() tranche.TrancheID { return f.Name }

// Validate reports a missing ID or payee and a negative amount or total.
func (f *FixedFee) Validate() error {
	var errs []error
	if f.Name == "" {
		errs = append(errs, contract.Field("id", contract.ErrRequired))
	}
	if f.Payee == "" {
		errs = append(errs, contract.Field("payee", contract.ErrRequired))
	}
	if f.Amount.Sign() < 0 {
		errs = append(errs, contract.Field("amount", contract.ErrNegative))
	}
	if f.Total.Sign() < 0 {
		errs = append(errs, contract.Field("total", contract.ErrNegative))
	}
	return errors.Join(errs...)
}

// due is the fee of the periods to date, within Total, less what was
// paid.
func (f *FixedFee) due(b *tranche.Book) decimal.Decimal {
	accrued := f.Amount.Mul(decimal.NewFromInt(int64(b.Period().Index + 1)))
	if !f.Total.IsZero() {
		accrued = decimal.Min(accrued, f.Total)
	}
	return decimal.Max(decimal.Zero, accrued.Sub(b.Paid(f.Name)))
}

// Owed is the fee due now.
func (f *FixedFee) Owed(b *tranche.Book) (tranche.Claim, error) {
	return tranche.Claim{Amount: f.due(b)}, nil
}

// Pay pays the fee due, up to avail.
func (f *FixedFee) Pay(b *tranche.Book, avail decimal.Decimal) (decimal.Decimal, error) {
	due := f.due(b)
	amount := decimal.Min(due, avail)
	if amount.Sign() <= 0 {
		return decimal.Zero, nil
	}
	err := b.Post(tranche.Payment{Tranche: f.Name, Party: f.Payee, Kind: tranche.KindFee, Amount: amount, Before: due, After: due.Sub(amount)})
	if err != nil {
		return decimal.Zero, err
	}
	return amount, nil
}

// fixedFee is the spec's kind for FixedFee: "fixed_fee", with "id",
// "payee", "amount" and an optional "total".
var fixedFee = spec.TrancheKind{
	Name: "fixed_fee",
	Decode: func(o *spec.Object) (tranche.Tranche, error) {
		f := &FixedFee{Name: tranche.TrancheID(o.ID("id")), Payee: o.Party("payee"), Amount: o.Decimal("amount")}
		if o.Has("total") {
			f.Total = o.Decimal("total")
		}
		return f, nil
	},
	Encode: func(t tranche.Tranche, f *spec.Fields) bool {
		v, ok := t.(*FixedFee)
		if !ok {
			return false
		}
		f.String("id", string(v.Name))
		f.Party("payee", v.Payee)
		f.Money("amount", v.Amount)
		if !v.Total.IsZero() {
			f.Money("total", v.Total)
		}
		return true
	},
}

var registerOnce = sync.OnceValue(func() error { return spec.RegisterTranche(fixedFee) })

// registerFixedFee registers the kind once for the test binary.
func registerFixedFee(t *testing.T) {
	t.Helper()
	require.NoError(t, registerOnce())
}

// feeDoc is a deal whose stack holds a fixed_fee, in canonical form: a
// fee of 100.00 a year, 250.00 in all, senior to capital and an 80/20
// split.
const feeDoc = `{
  "name": "Fee deal",
  "currency": "USD",
  "scale": 2,
  "parties": [
    {"id": "LP", "commitment": "1000.00"},
    {"id": "GP", "role": "sponsor"},
    {"id": "Manager", "role": "other"}
  ],
  "schedule": {"start": "2024-12-31", "end": "2027-12-31", "frequency": "annual"},
  "calls": [
    {"date": "2025-12-31", "amount": "1000.00"}
  ],
  "proceeds": [
    {"date": "2025-12-31", "amount": "150.00"},
    {"date": "2026-12-31", "amount": "50.00"},
    {"date": "2027-12-31", "amount": "1500.00"}
  ],
  "stack": {
    "kind": "sequence",
    "tranches": [
      {
        "kind": "fixed_fee",
        "id": "fee",
        "payee": "Manager",
        "amount": "100.00",
        "total": "250.00"
      },
      {
        "kind": "return_of_capital",
        "id": "capital",
        "parties": ["LP"]
      },
      {
        "kind": "split",
        "id": "carry",
        "shares": [
          {
            "parties": ["LP"],
            "weight": "0.8"
          },
          {
            "parties": ["GP"],
            "weight": "0.2",
            "promote": true
          }
        ]
      }
    ]
  }
}
`

// TestRegisterTranche_roundTrip registers a user's tranche kind, decodes a
// deal that uses it, runs it, and encodes it back to the same bytes.
//
// The fee is 100.00 a year, 250.00 in all. 2025: 100.00 due of 150.00,
// capital gets 50.00. 2026: 200.00 accrued less 100.00 paid is due, but
// only 50.00 comes in. 2027: min(300, 250) accrued less 150.00 paid:
// 100.00; capital gets its 950.00 and the 450.00 left is split 360/90.
func TestRegisterTranche_roundTrip(t *testing.T) {
	registerFixedFee(t)
	d, err := spec.UnmarshalDeal([]byte(feeDoc))
	require.NoError(t, err)
	res, err := waterfall.Run(d)
	require.NoError(t, err)
	var got []string
	for _, p := range res.Payments.All() {
		got = append(got, fmt.Sprintf("%d %s %s %s", p.Period+1, p.Tranche, p.Party, p.Amount.StringFixed(2)))
	}
	require.Equal(t, []string{
		"1 fee Manager 100.00", "1 capital LP 50.00",
		"2 fee Manager 50.00",
		"3 fee Manager 100.00", "3 capital LP 950.00", "3 carry LP 360.00", "3 carry GP 90.00",
	}, got)

	b, err := spec.MarshalDeal(d)
	require.NoError(t, err)
	require.Equal(t, feeDoc, string(b), "the deal does not encode to the document it was read from")
}

// TestRegisterTranche_conformance checks the user's tranche against the
// rules every tranche follows.
func TestRegisterTranche_conformance(t *testing.T) {
	tranchetest.Run(t, func() tranche.Tranche {
		return &FixedFee{Name: "fee", Payee: "GP", Amount: decimal.RequireFromString("1000"), Total: decimal.RequireFromString("2500")}
	})
}

// TestRegisterTranche_errors checks the errors of a user's kind with
// their paths: its fields as the decoder reads them, its Validate, its
// Decode, and an encoder that meets a tranche no kind claims.
func TestRegisterTranche_errors(t *testing.T) {
	registerFixedFee(t)
	fee := `"kind": "fixed_fee",
        "id": "fee",
        "payee": "Manager",
        "amount": "100.00",
        "total": "250.00"`
	tests := []struct {
		name, old, new string
		path           string
		want           error
	}{
		{"amount as a number", `"amount": "100.00"`, `"amount": 100`, "stack.tranches[0].amount", spec.ErrType},
		{"no payee", "\"payee\": \"Manager\",\n        ", ``, "stack.tranches[0].payee", contract.ErrRequired},
		{"unknown payee", `"payee": "Manager"`, `"payee": "Mgr"`, "stack.tranches[0].payee", tranche.ErrUnknownParty},
		{"unknown field", `"total": "250.00"`, `"totl": "250.00"`, "stack.tranches[0].totl", spec.ErrUnknownField},
		{"negative total (Validate)", `"total": "250.00"`, `"total": "-250.00"`, "stack.tranches[0].total", contract.ErrNegative},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			require.Equal(t, 1, strings.Count(feeDoc, fee))
			src := strings.Replace(feeDoc, fee, strings.Replace(fee, tt.old, tt.new, 1), 1)
			_, err := spec.UnmarshalDeal([]byte(src))
			require.ErrorIs(t, err, tt.want)
			var fe *contract.FieldError
			require.True(t, errors.As(err, &fe))
			require.Equal(t, tt.path, fe.Path, "%v", err)
		})
	}
	t.Run("Decode's error", func(t *testing.T) {
		require.NoError(t, spec.RegisterTranche(spec.TrancheKind{
			Name:   "always_wrong",
			Decode: func(*spec.Object) (tranche.Tranche, error) { return nil, contract.Field("terms", contract.ErrInvalid) },
			Encode: func(tranche.Tranche, *spec.Fields) bool { return false },
		}))
		src := strings.Replace(feeDoc, fee, `"kind": "always_wrong"`, 1)
		_, err := spec.UnmarshalDeal([]byte(src))
		var fe *contract.FieldError
		require.True(t, errors.As(err, &fe))
		require.Equal(t, "stack.tranches[0].terms", fe.Path)
	})
}

// TestEncodeDeal_unregistered checks that a tranche of a type no kind
// claims is an error that says how to register one.
func TestEncodeDeal_unregistered(t *testing.T) {
	registerFixedFee(t)
	d, err := spec.UnmarshalDeal([]byte(feeDoc))
	require.NoError(t, err)
	d.Stack = tranche.Sequence(d.Stack.(*tranche.Sequential).Tranches[1:]...)
	d.Stack = tranche.Sequence(&unregistered{FixedFee{Name: "other", Payee: "Manager", Amount: decimal.RequireFromString("1")}}, d.Stack)
	_, err = spec.MarshalDeal(d)
	require.ErrorIs(t, err, spec.ErrUnknownKind)
	require.ErrorContains(t, err, `stack.tranches[0]: tranche "other" of type *spec_test.unregistered has no kind in the spec; register one with spec.RegisterTranche: unknown kind`)
}

// unregistered is a tranche type no kind claims.
type unregistered struct{ FixedFee }

// TestRegisterTranche_refused checks what RegisterTranche refuses.
func TestRegisterTranche_refused(t *testing.T) {
	registerFixedFee(t)
	ok := func(*spec.Object) (tranche.Tranche, error) { return nil, nil }
	enc := func(tranche.Tranche, *spec.Fields) bool { return false }
	for name, k := range map[string]spec.TrancheKind{
		"taken by a user's kind":     {Name: "fixed_fee", Decode: ok, Encode: enc},
		"taken by a built-in kind":   {Name: "split", Decode: ok, Encode: enc},
		"taken by a built-in source": {Name: "opex_cost", Decode: ok, Encode: enc},
		"empty name":                 {Name: "", Decode: ok, Encode: enc},
		"upper case":                 {Name: "Fixed", Decode: ok, Encode: enc},
		"starts with a digit":        {Name: "2x", Decode: ok, Encode: enc},
		"no Decode":                  {Name: "no_decode", Encode: enc},
		"no Encode":                  {Name: "no_encode", Decode: ok},
	} {
		t.Run(name, func(t *testing.T) {
			require.ErrorIs(t, spec.RegisterTranche(k), contract.ErrInvalid)
		})
	}
	require.ErrorIs(t, spec.RegisterSource(spec.SourceKind{Name: "fixed_fee",
		Decode: func(*spec.Object) (waterfall.Source, error) { return nil, nil },
		Encode: func(waterfall.Source, *spec.Fields) bool { return false }}), contract.ErrInvalid)
}

// TestRegisterTranche_concurrent registers kinds while other goroutines
// decode and encode (run it with -race): a decoder sees the kinds of
// when it began, and registering is safe at any time.
func TestRegisterTranche_concurrent(t *testing.T) {
	registerFixedFee(t)
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Go(func() {
			name := fmt.Sprintf("concurrent_%d", i)
			if err := spec.RegisterTranche(spec.TrancheKind{Name: name, Decode: fixedFee.Decode, Encode: func(tranche.Tranche, *spec.Fields) bool { return false }}); err != nil {
				t.Error(err)
			}
		})
		wg.Go(func() {
			d, err := spec.UnmarshalDeal([]byte(feeDoc))
			if err != nil {
				t.Error(err)
				return
			}
			if b, err := spec.MarshalDeal(d); err != nil || string(b) != feeDoc {
				t.Errorf("encoding differs (%v)", err)
			}
		})
	}
	wg.Wait()
	src := strings.Replace(feeDoc, `"kind": "fixed_fee"`, `"kind": "concurrent_7"`, 1)
	_, err := spec.UnmarshalDeal([]byte(src))
	require.NoError(t, err, "a kind registered is read")
}
