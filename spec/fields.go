package spec

import (
	"fmt"
	"time"
	"unicode/utf8"

	"github.com/jvwaterfall/jvwaterfall/contract"
	"github.com/jvwaterfall/jvwaterfall/internal/jsontext"
	"github.com/jvwaterfall/jvwaterfall/tranche"
	"github.com/jvwaterfall/jvwaterfall/waterfall"
	"github.com/shopspring/decimal"
)

// Fields is a JSON object of a document being encoded: the fields of a
// tranche or a source, or an object inside them. A [TrancheKind]'s Encode
// writes the fields through it, without "kind", which the encoder writes
// first.
//
// The fields are written in the order of the calls, so an Encode that
// always makes the same calls writes the canonical form; leave out an
// optional field that holds its default, so that what Decode reads back
// encodes the same. Every string must be valid UTF-8; one that is not is
// an error with the field's path.
//
// A Fields is valid only during the Encode call that received it. A nil
// Fields, or one not made by the encoder, writes nothing.
type Fields struct {
	e    *encoder
	path string
	v    jsontext.Value
}

// Path returns the JSON path of the object in the document, such as
// "stack.tranches[2]".
func (f *Fields) Path() string {
	if f == nil || f.e == nil {
		return ""
	}
	return f.path
}

// Scale returns the deal's scale: the decimal places of its currency's
// minor unit.
func (f *Fields) Scale() int32 {
	if f == nil || f.e == nil {
		return 0
	}
	return f.e.scale
}

// String writes a string.
func (f *Fields) String(key, s string) {
	if f == nil || f.e == nil {
		return
	}
	f.v.Set(key, f.e.str(f.key(key), s))
}

// Bool writes true or false.
func (f *Fields) Bool(key string, b bool) {
	if f == nil || f.e == nil {
		return
	}
	f.v.Set(key, jsontext.Boolean(b))
}

// Int writes a whole number.
func (f *Fields) Int(key string, n int64) {
	if f == nil || f.e == nil {
		return
	}
	f.v.Set(key, jsontext.Int(n))
}

// Decimal writes a decimal plainly, without trailing zeros or exponent:
// "0.08", "1", "-2.5". Use it for rates, weights and multiples.
func (f *Fields) Decimal(key string, d decimal.Decimal) {
	if f == nil || f.e == nil {
		return
	}
	f.v.Set(key, jsontext.Str(plainDecimal(d)))
}

// Money writes an amount of money with the deal's decimal places,
// "1000.00", or plainly if it has more.
func (f *Fields) Money(key string, d decimal.Decimal) {
	if f == nil || f.e == nil {
		return
	}
	f.v.Set(key, f.e.money(d))
}

// Decimals writes an array of decimals, each as [Fields.Decimal] does.
func (f *Fields) Decimals(key string, ds []decimal.Decimal) {
	if f == nil || f.e == nil {
		return
	}
	a := jsontext.Arr()
	for _, d := range ds {
		a.Push(jsontext.Str(plainDecimal(d)))
	}
	f.v.Set(key, a)
}

// Date writes a date, "YYYY-MM-DD", as the calendar date of t in its own
// location.
func (f *Fields) Date(key string, t time.Time) {
	if f == nil || f.e == nil {
		return
	}
	f.v.Set(key, date(t))
}

// Party writes the ID of a party.
func (f *Fields) Party(key string, id tranche.PartyID) {
	if f == nil || f.e == nil {
		return
	}
	f.String(key, string(id))
}

// Parties writes an array of party IDs.
func (f *Fields) Parties(key string, ids []tranche.PartyID) {
	if f == nil || f.e == nil {
		return
	}
	f.v.Set(key, f.e.parties(f.key(key), ids))
}

// Rate writes an interest rate as [Object.Rate] reads it.
func (f *Fields) Rate(key string, r contract.Rate) {
	if f == nil || f.e == nil {
		return
	}
	f.Object(key, func(rf *Fields) {
		rf.Decimal("annual", r.Annual)
		rf.v.Set("compounding", jsontext.Str(r.Compounding.String()))
		rf.v.Set("day_count", jsontext.Str(r.DayCount.String()))
	})
}

// Tranche writes a tranche of any registered kind: the child of a
// wrapper.
func (f *Fields) Tranche(key string, t tranche.Tranche) {
	if f == nil || f.e == nil {
		return
	}
	f.v.Set(key, f.e.tranche(f.key(key), t))
}

// Tranches writes an array of tranches: the children of a combinator.
func (f *Fields) Tranches(key string, ts []tranche.Tranche) {
	if f == nil || f.e == nil {
		return
	}
	path := f.key(key)
	a := jsontext.Arr()
	for i, t := range ts {
		a.Push(f.e.tranche(jsontext.Index(path, i), t))
	}
	f.v.Set(key, a)
}

// Object writes a nested object whose fields fill writes.
func (f *Fields) Object(key string, fill func(f *Fields)) {
	if f == nil || f.e == nil {
		return
	}
	sub := f.sub(f.key(key))
	fill(sub)
	f.v.Set(key, sub.v)
}

// Each writes an array of n objects; fill writes the fields of the i-th.
func (f *Fields) Each(key string, n int, fill func(i int, f *Fields)) {
	if f == nil || f.e == nil {
		return
	}
	path := f.key(key)
	a := jsontext.Arr()
	for i := range n {
		sub := f.sub(jsontext.Index(path, i))
		fill(i, sub)
		a.Push(sub.v)
	}
	f.v.Set(key, a)
}

// Helpers of the built-in kinds.

func (f *Fields) key(key string) string { return jsontext.Key(f.path, key) }

// sub returns empty fields at path.
func (f *Fields) sub(path string) *Fields { return &Fields{e: f.e, path: path, v: jsontext.Obj()} }

// fail records an error about the field key ("" for the object itself).
func (f *Fields) fail(key string, err error) {
	path := f.path
	if key != "" {
		path = f.key(key)
	}
	f.e.fail(path, err)
}

// objectIfAny writes a nested object whose fields fill writes, unless it
// writes none.
func (f *Fields) objectIfAny(key string, fill func(f *Fields)) {
	sub := f.sub(f.key(key))
	fill(sub)
	if len(sub.v.Kids) > 0 {
		f.v.Set(key, sub.v)
	}
}

// enum writes the name of an enumeration's value unless it is the
// default.
func (f *Fields) enum(key string, v, def fmt.Stringer) {
	if v != def {
		f.v.Set(key, jsontext.Str(v.String()))
	}
}

func (f *Fields) optString(key, s string) {
	if s != "" {
		f.String(key, s)
	}
}

func (f *Fields) optDecimal(key string, d decimal.Decimal) {
	if !d.IsZero() {
		f.Decimal(key, d)
	}
}

func (f *Fields) optMoney(key string, d decimal.Decimal) {
	if !d.IsZero() {
		f.Money(key, d)
	}
}

func (f *Fields) optDate(key string, t time.Time) {
	if !t.IsZero() {
		f.Date(key, t)
	}
}

func (f *Fields) optInt(key string, n int) {
	if n != 0 {
		f.Int(key, int64(n))
	}
}

func (f *Fields) optBool(key string, b bool) {
	if b {
		f.Bool(key, true)
	}
}

func (f *Fields) optDecimals(key string, ds []decimal.Decimal) {
	if len(ds) > 0 {
		f.Decimals(key, ds)
	}
}

func (f *Fields) optParties(key string, ids []tranche.PartyID) {
	if len(ids) > 0 {
		f.Parties(key, ids)
	}
}

// flowList writes an array of {"date", "amount"} objects.
func (f *Fields) flowList(key string, fs []contract.Flow) {
	f.Each(key, len(fs), func(i int, ff *Fields) {
		ff.Date("date", fs[i].Date)
		ff.Money("amount", fs[i].Amount)
	})
}

func (f *Fields) optFlowList(key string, fs []contract.Flow) {
	if len(fs) > 0 {
		f.flowList(key, fs)
	}
}

// The encoder: what every Fields of one deal shares.

// encoder builds the canonical spec of a deal, collecting errors.
type encoder struct {
	kinds *registry
	scale int32
	errs  []error
	stack tranche.Tranche // the deal's stack, for references to its loans
}

func (e *encoder) fail(path string, err error) {
	e.errs = append(e.errs, contract.Field(path, err))
}

// root returns the empty fields of the document.
func (e *encoder) root() *Fields { return &Fields{e: e, v: jsontext.Obj()} }

// str is a string value; a string that is not valid UTF-8 cannot be
// written faithfully and is an error.
func (e *encoder) str(path, s string) jsontext.Value {
	if !utf8.ValidString(s) {
		e.fail(path, fmt.Errorf("%q is not valid UTF-8: %w", s, contract.ErrInvalid))
	}
	return jsontext.Str(s)
}

// money writes an amount with the deal's decimal places, "1000.00", or
// plainly if it has more.
func (e *encoder) money(d decimal.Decimal) jsontext.Value {
	if tranche.IsWhole(d, e.scale) {
		return jsontext.Str(d.StringFixed(e.scale))
	}
	return jsontext.Str(plainDecimal(d))
}

func plainDecimal(d decimal.Decimal) string {
	n := d.Normalize()
	return n.StringFixed(max(0, -n.Exponent()))
}

func date(t time.Time) jsontext.Value { return jsontext.Str(t.Format(time.DateOnly)) }

func (e *encoder) parties(path string, ids []tranche.PartyID) jsontext.Value {
	a := jsontext.Arr()
	for i, id := range ids {
		a.Push(e.str(jsontext.Index(path, i), string(id)))
	}
	return a
}

// tranche encodes t with the first kind that claims it.
func (e *encoder) tranche(path string, t tranche.Tranche) jsontext.Value {
	if isNil(t) {
		e.fail(path, fmt.Errorf("nil tranche: %w", contract.ErrRequired))
		return jsontext.Obj()
	}
	f := &Fields{e: e, path: path}
	for _, k := range e.kinds.tranches {
		f.v = jsontext.Value{Type: jsontext.Object, Kids: f.v.Kids[:0]}
		f.v.Set("kind", jsontext.Str(k.name))
		if k.encode(t, f) {
			return f.v
		}
	}
	e.fail(path, fmt.Errorf("tranche %q of type %T has no kind in the spec; register one with spec.RegisterTranche: %w", t.ID(), t, ErrUnknownKind))
	return jsontext.Obj()
}

// source encodes s with the first kind that claims it.
func (e *encoder) source(path string, s waterfall.Source) jsontext.Value {
	if isNil(s) {
		e.fail(path, fmt.Errorf("nil source: %w", contract.ErrRequired))
		return jsontext.Obj()
	}
	f := &Fields{e: e, path: path}
	for _, k := range e.kinds.sources {
		f.v = jsontext.Value{Type: jsontext.Object, Kids: f.v.Kids[:0]}
		f.v.Set("kind", jsontext.Str(k.name))
		if k.encode(s, f) {
			return f.v
		}
	}
	e.fail(path, fmt.Errorf("source %q of type %T has no kind in the spec; register one with spec.RegisterSource: %w", s.Name(), s, ErrUnknownKind))
	return jsontext.Obj()
}
