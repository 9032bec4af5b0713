package spec

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/jvwaterfall/jvwaterfall/contract"
	"github.com/jvwaterfall/jvwaterfall/internal/jsontext"
	"github.com/jvwaterfall/jvwaterfall/tranche"
	"github.com/shopspring/decimal"
)

// Object is a JSON object of a document being decoded: the fields of a
// tranche or a source, or an object inside them. A [TrancheKind]'s Decode
// reads its fields through it.
//
// Each method reads one field, by key, checks its JSON type and value
// and returns it. A field is required unless said otherwise: when it is
// absent, or of the wrong type, or out of range, the method records an
// error with the field's JSON path and returns the zero value, and
// decoding goes on so that every problem is reported; the document is
// refused at the end. To read an optional field, ask [Object.Has] first.
// A field of the object that nobody reads is reported as
// [ErrUnknownField]. Decimals are strings ("0.08"), dates "YYYY-MM-DD".
//
// An Object is valid only during the Decode call that received it. A nil
// Object, or one not made by the decoder, reads nothing: its methods
// return zero values.
type Object struct {
	d      *decoder
	path   string
	v      *jsontext.Value
	used   []bool
	depth  int       // depth in the stack of the tranche the object belongs to
	kids   []*Object // objects read below this one, checked by done
	asked  []string  // the keys read, for a did-you-mean on an unknown one
	isDone bool
}

// Path returns the JSON path of the object in the document, such as
// "stack.tranches[2]".
func (o *Object) Path() string {
	if o == nil || o.d == nil {
		return ""
	}
	return o.path
}

// Has reports whether the object has the field key.
func (o *Object) Has(key string) bool {
	if o == nil || o.d == nil {
		return false
	}
	for i := range o.v.Kids {
		if o.v.Kids[i].Key == key {
			return true
		}
	}
	return false
}

// String reads a string.
func (o *Object) String(key string) string {
	if o == nil || o.d == nil {
		return ""
	}
	return o.str(key, true)
}

// ID reads a string that must not be empty, such as a tranche's ID.
func (o *Object) ID(key string) string {
	if o == nil || o.d == nil {
		return ""
	}
	return o.name(key, true)
}

// Bool reads true or false; an absent field is false.
func (o *Object) Bool(key string) bool {
	if o == nil || o.d == nil {
		return false
	}
	return o.boolean(key)
}

// Int reads a whole number (a JSON number, not a string) from lo to hi.
func (o *Object) Int(key string, lo, hi int64) int64 {
	if o == nil || o.d == nil {
		return 0
	}
	return o.integer(key, true, lo, hi)
}

// Decimal reads a decimal string, such as "0.08" or "1250000.00", within
// the limits of the spec ([MaxDecimalBytes] and the others).
func (o *Object) Decimal(key string) decimal.Decimal {
	if o == nil || o.d == nil {
		return decimal.Zero
	}
	return o.decimal(key, true)
}

// Decimals reads an array of decimal strings; an empty array is nil.
func (o *Object) Decimals(key string) []decimal.Decimal {
	if o == nil || o.d == nil {
		return nil
	}
	return o.decimals(key, true)
}

// Date reads a date string "YYYY-MM-DD", at midnight UTC.
func (o *Object) Date(key string) time.Time {
	if o == nil || o.d == nil {
		return time.Time{}
	}
	return o.date(key, true)
}

// Party reads the ID of a party, which must be a party of the deal.
func (o *Object) Party(key string) tranche.PartyID {
	if o == nil || o.d == nil {
		return ""
	}
	return o.party(key, true)
}

// Parties reads an array of party IDs, each a party of the deal; an empty
// array is nil.
func (o *Object) Parties(key string) []tranche.PartyID {
	if o == nil || o.d == nil {
		return nil
	}
	return o.parties(key, true)
}

// Rate reads an interest rate: {"annual": "0.08", "compounding":
// "annual", "day_count": "ACT/365F"}; day_count may be left out for
// ACT/365F.
func (o *Object) Rate(key string) contract.Rate {
	if o == nil || o.d == nil {
		return contract.Rate{}
	}
	return o.rate(key, true)
}

// Tranche reads a tranche of any registered kind, one level deeper in the
// stack: the child of a wrapper. It returns nil if the tranche is wrong
// (the error is recorded).
func (o *Object) Tranche(key string) tranche.Tranche {
	if o == nil || o.d == nil {
		return nil
	}
	return o.child(key)
}

// Tranches reads a non-empty array of tranches, one level deeper in the
// stack: the children of a combinator. It returns nil if any is wrong
// (the errors are recorded).
func (o *Object) Tranches(key string) []tranche.Tranche {
	if o == nil || o.d == nil {
		return nil
	}
	return o.d.children(o, key)
}

// Object reads a nested object; nil when it is absent or not an object
// (the error is recorded). Its unknown fields are reported with the
// object's own.
func (o *Object) Object(key string) *Object {
	if o == nil || o.d == nil {
		return nil
	}
	return o.obj(key, true)
}

// Each calls f with each object of a non-empty array of objects, in order.
func (o *Object) Each(key string, f func(o *Object)) {
	if o == nil || o.d == nil {
		return
	}
	elems, path := o.array(key, true, MaxFlows, "MaxFlows")
	if elems != nil && len(elems) == 0 {
		o.d.fail(path, contract.ErrRequired)
	}
	o.eachOf(elems, path, f)
}

// Scale returns the deal's scale: the decimal places of its currency's
// minor unit.
func (o *Object) Scale() int32 {
	if o == nil || o.d == nil {
		return 0
	}
	return o.d.scale
}

// Periods returns a copy of the deal's periods; nil if the schedule could
// not be read (the error is recorded).
func (o *Object) Periods() []contract.Period {
	if o == nil || o.d == nil {
		return nil
	}
	return slices.Clone(o.d.dealPeriods)
}

// Fail records an error about the field key of the object (the object
// itself when key is ""): a value that reads well but that the kind
// cannot take. It reports nothing if an error was recorded there already.
func (o *Object) Fail(key string, err error) {
	if o == nil || o.d == nil {
		return
	}
	path := o.path
	if key != "" {
		path = jsontext.Key(o.path, key)
	}
	o.d.broken++
	o.d.add(path, err)
}

// The readers behind the methods above, with the field required or not.

// field returns the member key and its path; nil if it is absent, after
// recording an error if it is required.
func (o *Object) field(key string, required bool) (*jsontext.Value, string) {
	path := jsontext.Join(o.path, key)
	if len(o.asked) < 64 {
		o.asked = append(o.asked, key)
	}
	for i := range o.v.Kids {
		if o.v.Kids[i].Key == key {
			o.used[i] = true
			return &o.v.Kids[i], path
		}
	}
	if required {
		o.d.broken++
		o.d.fail(path, contract.ErrRequired)
	}
	return nil, path
}

// done records an error for every field of o, and of the objects read
// below it, that was not read. It does so once.
func (o *Object) done() {
	if o.isDone {
		return
	}
	o.isDone = true
	for _, k := range o.kids {
		k.done()
	}
	for i, used := range o.used {
		if !used {
			key := o.v.Kids[i].Key
			// "currncy" for "currency" is one mistake: one error, at the
			// missing field, naming the misspelt one.
			if meant := suggest(key, o.asked); meant != "" && o.d.refail(jsontext.Join(o.path, meant), contract.ErrRequired,
				fmt.Errorf("missing, and %q is not a field (did you mean %q?): %w", key, meant, contract.ErrRequired)) {
				continue
			}
			o.d.fail(jsontext.Key(o.path, key), fmt.Errorf("%w %q%s", ErrUnknownField, key, didYouMean(key, o.asked)))
		}
	}
}

// want returns v if it is of type t, else nil after recording an error.
func (o *Object) want(v *jsontext.Value, path string, t jsontext.Type, what string) *jsontext.Value {
	if v != nil && v.Type != t {
		o.d.broken++
		o.d.failf(path, ErrType, "got %v, want %s", v.Type, what)
		return nil
	}
	return v
}

func (o *Object) str(key string, required bool) string {
	v, path := o.field(key, required)
	if v = o.want(v, path, jsontext.String, "a string"); v == nil {
		return ""
	}
	return v.Text
}

// name reads a non-empty string: an ID.
func (o *Object) name(key string, required bool) string {
	v, path := o.field(key, required)
	if v = o.want(v, path, jsontext.String, "a string"); v == nil {
		return ""
	}
	if v.Text == "" {
		o.d.fail(path, contract.ErrRequired)
	}
	return v.Text
}

// boolean reads true or false; false when absent.
func (o *Object) boolean(key string) bool {
	v, path := o.field(key, false)
	if v = o.want(v, path, jsontext.Bool, "true or false"); v == nil {
		return false
	}
	return v.Text == "true"
}

// integer reads a JSON number that is a whole number in [lo, hi].
func (o *Object) integer(key string, required bool, lo, hi int64) int64 {
	v, path := o.field(key, required)
	if v = o.want(v, path, jsontext.Number, "a whole number"); v == nil {
		return 0
	}
	// A whole number written with a zero fraction ("2.0") is that number;
	// an exponent is not read, so that "1e999999999" costs nothing.
	n, err := strconv.ParseInt(wholeText(v.Text), 10, 64)
	if err != nil || n < lo || n > hi {
		o.d.broken++
		o.d.failf(path, contract.ErrRange, "%s, want a whole number from %d to %d", v.Text, lo, hi)
		return 0
	}
	return n
}

// wholeText drops a fraction of zeros from a JSON number's text: "2.00"
// is "2"; any other text is returned as it is.
func wholeText(s string) string {
	i := strings.IndexByte(s, '.')
	if i < 0 || strings.Trim(s[i+1:], "0") != "" {
		return s
	}
	return s[:i]
}

// count reads an optional whole number from 0 to MaxSpecPeriods: a number
// of periods.
func (o *Object) count(key string) int { return int(o.integer(key, false, 0, MaxSpecPeriods)) }

// decimal reads a decimal string; zero when absent.
func (o *Object) decimal(key string, required bool) decimal.Decimal {
	v, path := o.field(key, required)
	if v = o.want(v, path, jsontext.String, `a decimal string such as "0.08"`); v == nil {
		return decimal.Zero
	}
	x, err := parseDecimal(v.Text)
	if err != nil {
		o.d.broken++
		o.d.fail(path, err)
		return decimal.Zero
	}
	return x
}

// decimals reads an array of decimal strings.
func (o *Object) decimals(key string, required bool) []decimal.Decimal {
	elems, path := o.array(key, required, MaxFlows, "MaxFlows")
	if len(elems) == 0 {
		return nil // an empty list is no list: it encodes as none
	}
	out := make([]decimal.Decimal, len(elems))
	for i := range elems {
		p := jsontext.Index(path, i)
		if elems[i].Type != jsontext.String {
			o.d.broken++
			o.d.failf(p, ErrType, `got %v, want a decimal string such as "0.08"`, elems[i].Type)
			continue
		}
		x, err := parseDecimal(elems[i].Text)
		if err != nil {
			o.d.broken++
			o.d.fail(p, err)
			continue
		}
		out[i] = x
	}
	return out
}

// date reads a "YYYY-MM-DD" string.
func (o *Object) date(key string, required bool) time.Time {
	v, path := o.field(key, required)
	if v = o.want(v, path, jsontext.String, `a date string such as "2024-12-31"`); v == nil {
		return time.Time{}
	}
	return o.d.date(path, v)
}

// array reads an array of at most max elements; nil when absent.
func (o *Object) array(key string, required bool, max int, limitName string) ([]jsontext.Value, string) {
	v, path := o.field(key, required)
	if v = o.want(v, path, jsontext.Array, "an array"); v == nil {
		return nil, path
	}
	if len(v.Kids) > max {
		o.d.failf(path, ErrLimit, "%d entries, more than %d (%s)", len(v.Kids), max, limitName)
		return nil, path
	}
	return v.Kids, path
}

// obj reads a nested object; nil when absent or not an object.
func (o *Object) obj(key string, required bool) *Object {
	v, path := o.field(key, required)
	if v == nil {
		return nil
	}
	sub := o.d.object(path, v, o.depth)
	if sub != nil {
		o.kids = append(o.kids, sub)
	}
	return sub
}

// each calls f on every object of the array key, then checks it for
// unknown fields.
func (o *Object) each(key string, required bool, f func(eo *Object)) {
	elems, path := o.array(key, required, MaxFlows, "MaxFlows")
	o.eachOf(elems, path, f)
}

func (o *Object) eachOf(elems []jsontext.Value, path string, f func(eo *Object)) {
	for i := range elems {
		if eo := o.d.object(jsontext.Index(path, i), &elems[i], o.depth); eo != nil {
			f(eo)
			eo.done()
		}
	}
}

// parties reads a list of party IDs, each of which must be a party of the
// deal.
func (o *Object) parties(key string, required bool) []tranche.PartyID {
	elems, path := o.array(key, required, MaxParties, "MaxParties")
	if len(elems) == 0 {
		return nil // an empty list is no list: it encodes as none
	}
	ids := make([]tranche.PartyID, 0, len(elems))
	for i := range elems {
		ids = append(ids, o.d.partyRef(jsontext.Index(path, i), &elems[i]))
	}
	return ids
}

// party reads one party ID, which must be a party of the deal.
func (o *Object) party(key string, required bool) tranche.PartyID {
	v, path := o.field(key, required)
	if v == nil {
		return ""
	}
	return o.d.partyRef(path, v)
}

// currency checks an optional "currency" field against the deal's.
func (o *Object) currency() {
	v, path := o.field("currency", false)
	if v = o.want(v, path, jsontext.String, "a currency code string"); v == nil {
		return
	}
	if v.Text != o.d.currency {
		o.d.failf(path, ErrCurrencyMismatch, "%q where the deal is in %q", v.Text, o.d.currency)
	}
}

// compoundings names the compounding conventions, for an error.
var compoundings = enumNames(func(i int) (string, bool) {
	return contract.Compounding(i).String(), contract.Compounding(i).Valid()
})

// rate reads a contract.Rate: {"annual": "0.08", "compounding":
// "annual", "day_count": "ACT/365F"}; day_count defaults to ACT/365F.
func (o *Object) rate(key string, required bool) contract.Rate {
	ro := o.obj(key, required)
	if ro == nil {
		return contract.Rate{}
	}
	r := contract.Rate{Annual: ro.decimal("annual", true)}
	if v, path := ro.field("compounding", false); v == nil {
		o.d.broken++
		o.d.fail(path, fmt.Errorf("want one of %q: %w", compoundings, contract.ErrRequired))
	} else if ro.want(v, path, jsontext.String, "a compounding string") != nil {
		c, err := contract.ParseCompounding(v.Text)
		if err != nil {
			o.d.fail(path, fmt.Errorf("%w%s", err, didYouMean(v.Text, compoundings)))
		}
		r.Compounding = c
	}
	if v, path := ro.field("day_count", false); ro.want(v, path, jsontext.String, "a day count string") != nil {
		dc, err := contract.ParseDayCount(v.Text)
		if err != nil {
			o.d.fail(path, fmt.Errorf("%w%s", err, didYouMean(v.Text, dayCounts)))
		}
		r.DayCount = dc
	}
	ro.done()
	return r
}

// enum reads an optional string naming one of the values of an
// enumeration, whose names are given in order; 0 when absent.
func (o *Object) enum(key string, names []string) int {
	v, path := o.field(key, false)
	if v = o.want(v, path, jsontext.String, "a string"); v == nil {
		return 0
	}
	for i, name := range names {
		if name == v.Text {
			return i
		}
	}
	o.d.broken++
	o.d.failf(path, contract.ErrInvalid, "unknown %s %q%s, want one of %q", key, v.Text, didYouMean(v.Text, names), names)
	return 0
}

// enumNames lists the names of an enumeration's values 0, 1, ... for as
// long as name says the value is valid.
func enumNames(name func(i int) (string, bool)) []string {
	var names []string
	for i := 0; ; i++ {
		n, ok := name(i)
		if !ok {
			return names
		}
		names = append(names, n)
	}
}

// flowList reads an optional array of {"date", "amount"} objects.
func (o *Object) flowList(key string) []contract.Flow {
	var out []contract.Flow
	o.each(key, false, func(fo *Object) {
		out = append(out, contract.Flow{Date: fo.date("date", true), Amount: fo.decimal("amount", true)})
	})
	return out
}

// child decodes the required tranche under key, one level deeper.
func (o *Object) child(key string) tranche.Tranche {
	v, path := o.field(key, true)
	if v == nil {
		return nil
	}
	return o.d.tranche(path, v, o.depth+1)
}
