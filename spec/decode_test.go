package spec

import (
	"bytes"
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/jvwaterfall/jvwaterfall/waterfall"

	"github.com/google/go-cmp/cmp"
	"github.com/jvwaterfall/jvwaterfall/contract"
	"github.com/jvwaterfall/jvwaterfall/fund"
	"github.com/jvwaterfall/jvwaterfall/tranche"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"
)

// specBase is a valid deal that uses every kind of the spec.
const specBase = `{
  "name": "Test JV",
  "currency": "USD",
  "scale": 2,
  "parties": [
    {"id": "LP", "name": "Limited partner", "commitment": "900000.00"},
    {"id": "GP", "role": "sponsor", "commitment": "100000.00"}
  ],
  "schedule": {"start": "2024-12-31", "end": "2029-12-31", "frequency": "annual"},
  "contributions": [{"date": "2025-12-31", "party": "LP", "amount": "100.00"}],
  "calls": [{"date": "2025-12-31", "amount": "1000000.00"}],
  "proceeds": [{"date": "2029-12-31", "amount": "1800000.00"}],
  "costs": [{"date": "2029-12-31", "amount": "10000.00"}],
  "stack": {
    "kind": "sequence",
    "tranches": [
      {"kind": "return_of_capital", "id": "capital", "parties": ["LP", "GP"]},
      {"kind": "pro_rata", "tranches": [
        {"kind": "preferred_return", "id": "pref", "parties": ["LP"], "rate": {"annual": "0.08", "compounding": "annual", "day_count": "ACT/365F"}},
        {"kind": "cap", "limit": "5000.00", "tranche": {"kind": "preferred_return", "id": "pref-gp", "parties": ["GP"], "rate": {"annual": "0.08", "compounding": "simple"}}}
      ]},
      {"kind": "catch_up", "id": "catch-up", "sponsor": "GP", "investors": ["LP", "GP"], "target": "0.2", "rate": "1"},
      {"kind": "split", "id": "carry", "shares": [{"parties": ["LP", "GP"], "weight": "0.8"}, {"parties": ["GP"], "weight": "0.2", "promote": true}]}
    ]
  }
}`

// dealOpts compares deals field by field, unexported fields of tranche
// combinators included; decimals and times compare with their Equal
// methods, so 1.0 equals 1.00. A loan plan's memo of its schedule, which
// a run fills, is not part of the terms.
var dealOpts = cmp.Options{
	cmp.Exporter(func(reflect.Type) bool { return true }),
	cmp.FilterPath(func(p cmp.Path) bool { return p.Last().Type().String() == "contract.loanMemo" }, cmp.Ignore()),
}

// roundTrip decodes src, a deal or a fund, runs it if run is set, and
// checks that it round-trips: decode, encode, decode gives an equal deal
// or fund, and encoding again gives the same bytes.
func roundTrip(t *testing.T, src []byte, run bool) {
	t.Helper()
	doc1, err := Unmarshal(src)
	require.NoError(t, err, "%s", src)
	if run {
		require.NoError(t, runDocument(doc1))
	}
	b1, err := Marshal(doc1)
	require.NoError(t, err)
	doc2, err := Unmarshal(b1)
	require.NoError(t, err)
	if diff := cmp.Diff(doc1, doc2, dealOpts); diff != "" {
		t.Fatalf("round trip (-first +second):\n%s", diff)
	}
	b2, err := Marshal(doc2)
	require.NoError(t, err)
	require.Equal(t, string(b1), string(b2), "encoding is not canonical")
}

// runDocument runs the deal or the fund of doc.
func runDocument(doc Document) error {
	if doc.Fund != nil {
		_, err := fund.Run(doc.Fund)
		return err
	}
	_, err := waterfall.Run(doc.Deal)
	return err
}

// edit returns specBase with old replaced by new, which must occur once.
func edit(t *testing.T, pairs ...string) string {
	t.Helper()
	s := specBase
	for i := 0; i+1 < len(pairs); i += 2 {
		require.Equal(t, 1, strings.Count(s, pairs[i]), "%q must occur once in specBase", pairs[i])
		s = strings.Replace(s, pairs[i], pairs[i+1], 1)
	}
	return s
}

// fieldErrors flattens err into its FieldErrors, failing on any other.
func fieldErrors(t *testing.T, err error) []*contract.FieldError {
	t.Helper()
	var out []*contract.FieldError
	for _, e := range contract.Errors(err) {
		var fe *contract.FieldError
		require.True(t, errors.As(e, &fe), "error without a path: %v", e)
		out = append(out, fe)
	}
	return out
}

func TestDecodeDeal_base(t *testing.T) {
	d, err := DecodeDeal(strings.NewReader(specBase))
	require.NoError(t, err)
	require.Equal(t, "Test JV", d.Name)
	require.Len(t, d.Periods, 5)
	require.Len(t, d.Parties, 2)
	require.Equal(t, waterfall.RoleSponsor, d.Parties[1].Role)
	res, err := waterfall.Run(d)
	require.NoError(t, err)
	require.True(t, res.Retained().IsZero())
}

// TestDecodeDeal_bad feeds bad specs, each with the one error it must
// give: its exact JSON path and its sentinel.
func TestDecodeDeal_bad(t *testing.T) {
	deepStack := `{"kind": "return_of_capital", "id": "capital", "parties": ["LP", "GP"]}`
	for range MaxStackDepth {
		deepStack = `{"kind": "sequence", "tranches": [` + deepStack + `]}`
	}
	deepPath := "stack" + strings.Repeat(".tranches[0]", MaxStackDepth)
	tests := []struct {
		name string
		in   string
		path string
		want error
		also []string // paths of errors that follow from the first
	}{
		{"number for a decimal", edit(t, `"amount": "1800000.00"`, `"amount": 1800000`), "proceeds[0].amount", ErrType, nil},
		{"number for a rate", edit(t, `"rate": "1"`, `"rate": 1`), "stack.tranches[2].rate", ErrType, nil},
		{"unknown field", edit(t, `"scale": 2,`, `"scale": 2, "extra": true,`), "extra", ErrUnknownField, nil},
		{"unknown field in a tranche", edit(t, `"weight": "0.8"}`, `"weight": "0.8", "wieght": "0.8"}`), "stack.tranches[3].shares[0].wieght", ErrUnknownField, nil},
		{"duplicate key", edit(t, `"currency": "USD",`, `"currency": "USD", "currency": "EUR",`), "currency", ErrDuplicateKey, nil},
		{"duplicate key deep", edit(t, `"target": "0.2",`, `"target": "0.2", "target": "0.2",`), "stack.tranches[2].target", ErrDuplicateKey, nil},
		{"unknown party in a tranche", edit(t, `"id": "capital", "parties": ["LP", "GP"]`, `"id": "capital", "parties": ["LP", "XP"]`), "stack.tranches[0].parties[1]", tranche.ErrUnknownParty, nil},
		{"unknown sponsor", edit(t, `"sponsor": "GP"`, `"sponsor": "G"`), "stack.tranches[2].sponsor", tranche.ErrUnknownParty, nil},
		{"unknown party of a contribution", edit(t, `"party": "LP"`, `"party": "L"`), "contributions[0].party", tranche.ErrUnknownParty, nil},
		{"unknown party of a call", edit(t, `"amount": "1000000.00"}`, `"amount": "1000000.00", "parties": ["LP", "ZZ"]}`), "calls[0].parties[1]", tranche.ErrUnknownParty, nil},
		{"split weights do not sum to 1", edit(t, `"weight": "0.8"`, `"weight": "0.75"`), "stack.tranches[3].shares", contract.ErrInvalid, nil},
		{"negative weight", edit(t, `"weight": "0.8"`, `"weight": "-0.8"`, `"weight": "0.2"`, `"weight": "1.8"`), "stack.tranches[3].shares[0].weight", contract.ErrNegative, nil},
		{"negative amount", edit(t, `"amount": "1800000.00"`, `"amount": "-1800000.00"`), "proceeds[0].amount", contract.ErrNegative, nil},
		{"negative commitment", edit(t, `"commitment": "900000.00"`, `"commitment": "-900000.00"`), "parties[0].commitment", contract.ErrNegative, nil},
		{"negative rate", edit(t, `"annual": "0.08", "compounding": "annual"`, `"annual": "-0.08", "compounding": "annual"`), "stack.tranches[1].tranches[0].rate.annual", contract.ErrNegative, nil},
		{"negative cap", edit(t, `"limit": "5000.00"`, `"limit": "-5000.00"`), "stack.tranches[1].tranches[1].limit", contract.ErrNegative, nil},
		{"schedule out of order", edit(t, `"end": "2029-12-31"`, `"end": "2023-12-31"`), "schedule.end", contract.ErrOrder, nil},
		{"period ends out of order", edit(t, `"schedule": {"start": "2024-12-31", "end": "2029-12-31", "frequency": "annual"}`,
			`"periods": {"start": "2024-12-31", "ends": ["2025-12-31", "2025-06-30", "2029-12-31"]}`), "periods.ends[1]", contract.ErrOrder, nil},
		{"empty schedule", edit(t, `"schedule": {"start": "2024-12-31", "end": "2029-12-31", "frequency": "annual"}`,
			`"periods": {"start": "2024-12-31", "ends": []}`), "periods.ends", contract.ErrRequired, nil},
		{"schedule and periods", edit(t, `"schedule":`, `"periods": {"start": "2024-12-31", "ends": ["2029-12-31"]}, "schedule":`), "periods", contract.ErrInvalid, nil},
		{"no schedule", edit(t, `"schedule": {"start": "2024-12-31", "end": "2029-12-31", "frequency": "annual"},`, ``), "schedule", contract.ErrRequired, nil},
		{"unknown frequency", edit(t, `"frequency": "annual"`, `"frequency": "weekly"`), "schedule.frequency", contract.ErrInvalid, nil},
		{"catch-up rate not above the carry share", edit(t, `"rate": "1"`, `"rate": "0.2"`), "stack.tranches[2].rate", contract.ErrRange, nil},
		{"catch-up target out of range", edit(t, `"target": "0.2"`, `"target": "0"`), "stack.tranches[2].target", contract.ErrRange, nil},
		{"currency mismatch", edit(t, `"amount": "1800000.00"}`, `"amount": "1800000.00", "currency": "EUR"}`), "proceeds[0].currency", ErrCurrencyMismatch, nil},
		{"huge exponent", edit(t, `"amount": "1800000.00"`, `"amount": "1e999999999"`), "proceeds[0].amount", ErrLimit, nil},
		{"huge exponent as a number", edit(t, `"scale": 2`, `"scale": 1e999999999`), "scale", contract.ErrRange, nil},
		{"10,000-digit decimal", edit(t, `"amount": "1800000.00"`, `"amount": "1`+strings.Repeat("0", 10000)+`"`), "proceeds[0].amount", ErrLimit, nil},
		{"10,000-digit number", edit(t, `"amount": "1800000.00"`, `"amount": 1`+strings.Repeat("0", 10000)), "proceeds[0].amount", ErrLimit, nil},
		{"too many places", edit(t, `"annual": "0.08", "compounding": "annual"`, `"annual": "0.080000000000000000000000000001", "compounding": "annual"`), "stack.tranches[1].tranches[0].rate.annual", ErrLimit, nil},
		{"leading zero", edit(t, `"target": "0.2"`, `"target": "00.2"`), "stack.tranches[2].target", contract.ErrInvalid, nil},
		{"not whole cents", edit(t, `"amount": "1800000.00"`, `"amount": "1800000.001"`), "proceeds[0].amount", tranche.ErrNotQuantized, nil},
		{"unknown tranche kind", edit(t, `"kind": "return_of_capital"`, `"kind": "return_of_kapital"`), "stack.tranches[0].kind", ErrUnknownKind, nil},
		{"unknown source kind", edit(t, `"stack": {`, `"sources": [{"kind": "gold_mine"}], "stack": {`), "sources[0].kind", ErrUnknownKind, nil},
		{"tranche is not an object", edit(t, `{"kind": "return_of_capital", "id": "capital", "parties": ["LP", "GP"]}`, `"capital"`), "stack.tranches[0]", ErrType, nil},
		{"empty sequence", edit(t, `{"kind": "return_of_capital", "id": "capital", "parties": ["LP", "GP"]}`, `{"kind": "sequence", "tranches": []}`), "stack.tranches[0].tranches", contract.ErrRequired, nil},
		{"split inside pro rata", edit(t, `{"kind": "preferred_return", "id": "pref", "parties": ["LP"], "rate": {"annual": "0.08", "compounding": "annual", "day_count": "ACT/365F"}}`,
			`{"kind": "split", "id": "s2", "shares": [{"parties": ["LP"], "weight": "1"}]}`), "stack.tranches[1].tranches[0]", tranche.ErrUnbounded, nil},
		{"duplicate tranche id", edit(t, `"id": "carry"`, `"id": "capital"`), "stack.tranches[3].id", tranche.ErrDuplicateID, nil},
		{"stack too deep", specBase[:strings.Index(specBase, `"stack": {`)] + `"stack": ` + deepStack + "}", deepPath, ErrLimit, nil},
		{"own_dates not a boolean", edit(t, `"scale": 2,`, `"scale": 2, "own_dates": "yes",`), "own_dates", ErrType, nil},
		{"unknown compounding", edit(t, `"compounding": "simple"`, `"compounding": "yearly"`), "stack.tranches[1].tranches[1].tranche.rate.compounding", contract.ErrInvalid, nil},
		{"unknown day count", edit(t, `"day_count": "ACT/365F"`, `"day_count": "ACT/365"`), "stack.tranches[1].tranches[0].rate.day_count", contract.ErrInvalid, nil},
		{"missing currency", edit(t, `"currency": "USD",`, ``), "currency", contract.ErrRequired, nil},
		{"bad currency code", edit(t, `"currency": "USD"`, `"currency": "usd"`), "currency", contract.ErrInvalid, nil},
		{"scale out of range", edit(t, `"scale": 2`, `"scale": 9`), "scale", contract.ErrRange, nil},
		{"scale as a string", edit(t, `"scale": 2`, `"scale": "2"`), "scale", ErrType, nil},
		{"unknown rounding", edit(t, `"scale": 2,`, `"scale": 2, "rounding": "nearest",`), "rounding", contract.ErrInvalid, nil},
		{"rounding as a number", edit(t, `"scale": 2,`, `"scale": 2, "rounding": 1,`), "rounding", ErrType, nil},
		{"null name", edit(t, `"name": "Test JV"`, `"name": null`), "name", ErrType, nil},
		{"bad date", edit(t, `"date": "2025-12-31", "amount"`, `"date": "2025-13-01", "amount"`), "calls[0].date", contract.ErrInvalid, nil},
		{"date with a time", edit(t, `"date": "2025-12-31", "amount"`, `"date": "2025-12-31T00:00:00Z", "amount"`), "calls[0].date", contract.ErrInvalid, nil},
		{"date outside the schedule", edit(t, `"date": "2025-12-31", "amount"`, `"date": "2031-01-01", "amount"`), "calls[0].date", contract.ErrRange, nil},
		{"duplicate party", edit(t, `{"id": "GP", "role"`, `{"id": "LP"}, {"id": "GP", "role"`), "parties[1].id", contract.ErrInvalid, nil},
		{"no parties", edit(t, `"parties": [
    {"id": "LP", "name": "Limited partner", "commitment": "900000.00"},
    {"id": "GP", "role": "sponsor", "commitment": "100000.00"}
  ]`, `"parties": []`), "parties", contract.ErrRequired, []string{"contributions[0].party"}},
		{"unknown role", edit(t, `"role": "sponsor"`, `"role": "boss"`), "parties[1].role", contract.ErrInvalid, nil},
		{"empty party id", edit(t, `{"id": "GP", "role"`, `{"id": ""}, {"id": "GP", "role"`), "parties[1].id", contract.ErrRequired, nil},
		{"string too long", edit(t, `"name": "Test JV"`, `"name": "`+strings.Repeat("x", MaxStringBytes+1)+`"`), "name", ErrLimit, nil},
		{"JSON nested too deep", edit(t, `"name": "Test JV"`, `"name": `+strings.Repeat("[", 100)+strings.Repeat("]", 100)),
			"name" + strings.Repeat("[0]", MaxSpecDepth-1), ErrLimit, nil},
		{"not an object", `["a deal"]`, "", ErrType, nil},
		{"trailing comma", strings.Replace(specBase, `"scale": 2,`, `"scale": 2,,`, 1), "", ErrSyntax, nil},
		{"data after the deal", specBase + ` {}`, "", ErrSyntax, nil},
		{"truncated", specBase[:100], "", ErrSyntax, nil},
		{"empty input", ``, "", ErrSyntax, nil},
	}
	require.GreaterOrEqual(t, len(tests), 30)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, err := DecodeDeal(strings.NewReader(tt.in))
			require.Error(t, err)
			require.Nil(t, d)
			require.ErrorIs(t, err, contract.ErrInvalid)
			fes := fieldErrors(t, err)
			var paths []string
			for _, fe := range fes {
				paths = append(paths, fe.Path)
			}
			require.Equal(t, append([]string{tt.path}, tt.also...), paths, "errors: %v", err)
			require.ErrorIs(t, fes[0], tt.want)
		})
	}
}

// TestDecodeDeal_everyProblem checks that one spec with several problems
// gets them all, each with its path.
func TestDecodeDeal_everyProblem(t *testing.T) {
	in := edit(t,
		`"amount": "1800000.00"`, `"amount": 1800000`,
		`"scale": 2,`, `"scale": 2, "extra": 1,`,
		`"weight": "0.8"`, `"weight": "0.7"`,
		`"sponsor": "GP"`, `"sponsor": "XX"`,
		`"end": "2029-12-31"`, `"end": "2029-12-31", "end": "2030-12-31"`,
	)
	_, err := DecodeDeal(strings.NewReader(in))
	var paths []string
	for _, fe := range fieldErrors(t, err) {
		paths = append(paths, fe.Path)
	}
	require.ElementsMatch(t, []string{"schedule.end", "extra", "proceeds[0].amount", "stack.tranches[2].sponsor", "stack.tranches[3].shares"}, paths, "%v", err)
}

func TestDecodeDeal_tooManyErrors(t *testing.T) {
	var b strings.Builder
	b.WriteString(`{"currency": "USD", "scale": 2, "parties": [{"id": "A"}], "schedule": {"start": "2024-12-31", "end": "2025-12-31", "frequency": "annual"}, "stack": {"kind": "return_of_capital", "id": "c", "parties": ["A"]}`)
	for i := range 500 {
		b.WriteString(`, "x` + strings.Repeat("y", i) + `": 1`)
	}
	b.WriteString("}")
	_, err := DecodeDeal(strings.NewReader(b.String()))
	errs := fieldErrors(t, err)
	require.Len(t, errs, MaxSpecErrors+1)
	require.ErrorIs(t, errs[MaxSpecErrors], ErrLimit)
}

func TestEncodeDeal_roundTrip(t *testing.T) {
	d1, err := UnmarshalDeal([]byte(specBase))
	require.NoError(t, err)
	var b1 bytes.Buffer
	require.NoError(t, EncodeDeal(&b1, d1))
	d2, err := DecodeDeal(bytes.NewReader(b1.Bytes()))
	require.NoError(t, err)
	if diff := cmp.Diff(d1, d2, dealOpts); diff != "" {
		t.Fatalf("decode(encode(d)) differs (-want +got):\n%s", diff)
	}
	b2, err := MarshalDeal(d2)
	require.NoError(t, err)
	require.Equal(t, b1.String(), string(b2), "encoding is not canonical")
	// The order of fields and the spelling of decimals do not matter.
	d3, err := UnmarshalDeal([]byte(strings.Replace(specBase, `"target": "0.2"`, `"target": "2.000e-1"`, 1)))
	require.NoError(t, err)
	b3, err := MarshalDeal(d3)
	require.NoError(t, err)
	require.Equal(t, b1.String(), string(b3))
}

func TestEncodeDeal_errors(t *testing.T) {
	d, err := UnmarshalDeal([]byte(specBase))
	require.NoError(t, err)

	t.Run("invalid deal", func(t *testing.T) {
		bad := *d
		bad.Currency = ""
		var buf bytes.Buffer
		require.ErrorIs(t, EncodeDeal(&buf, &bad), contract.ErrInvalid)
		require.Zero(t, buf.Len())
	})
	t.Run("tranche without a kind", func(t *testing.T) {
		bad := *d
		bad.Stack = tranche.Sequence(d.Stack, foreignTranche{})
		_, err := MarshalDeal(&bad)
		require.ErrorIs(t, err, ErrUnknownKind)
		fes := fieldErrors(t, err)
		require.Equal(t, "stack.tranches[1]", fes[0].Path)
	})
	t.Run("invalid UTF-8", func(t *testing.T) {
		bad := *d
		bad.Name = "bad \xff"
		_, err := MarshalDeal(&bad)
		require.ErrorIs(t, err, contract.ErrInvalid)
	})
	t.Run("tranche names an unknown party", func(t *testing.T) {
		bad := *d
		roc, err := tranche.NewReturnOfCapital(tranche.ReturnOfCapital{Name: "capital", Parties: []tranche.PartyID{"nobody"}})
		require.NoError(t, err)
		bad.Stack = roc
		_, err = MarshalDeal(&bad)
		require.ErrorIs(t, err, tranche.ErrUnknownParty)
	})
	t.Run("nil", func(t *testing.T) {
		_, err := MarshalDeal(nil)
		require.ErrorIs(t, err, contract.ErrRequired)
	})
}

// foreignTranche is a user's tranche type, which the spec cannot write.
type foreignTranche struct{}

func (foreignTranche) ID() tranche.TrancheID { return "foreign" }
func (foreignTranche) Owed(*tranche.Book) (tranche.Claim, error) {
	return tranche.Claim{}, nil
}
func (foreignTranche) Pay(*tranche.Book, decimalT) (decimalT, error) { return decimalT{}, nil }

func TestCheckCycles(t *testing.T) {
	require.NoError(t, checkCycles("deals", map[string][]string{"fund": {"jv"}, "jv": {"opco"}, "opco": nil}))
	err := checkCycles("deals", map[string][]string{"fund": {"jv"}, "jv": {"opco"}, "opco": {"jv"}})
	require.ErrorIs(t, err, ErrCycle)
	require.EqualError(t, err, "deals: jv -> opco -> jv: cycle of nested deals")
	require.ErrorIs(t, checkCycles("deals", map[string][]string{"self": {"self"}}), ErrCycle)
}

type decimalT = decimal.Decimal
