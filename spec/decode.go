package spec

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/jvwaterfall/jvwaterfall/contract"
	"github.com/jvwaterfall/jvwaterfall/internal/jsontext"
	"github.com/jvwaterfall/jvwaterfall/tranche"
	"github.com/jvwaterfall/jvwaterfall/waterfall"
	"github.com/shopspring/decimal"
)

// decoder turns a parsed document into a deal, collecting every problem
// with its JSON path. It reports at most one error per path (the first)
// and at most MaxSpecErrors in all. Nested deals get decoders of their
// own.
type decoder struct {
	kinds       *registry // the kinds, as registered when decoding began
	errs        []error
	failed      map[string]bool
	dropped     bool
	currency    string
	known       map[tranche.PartyID]bool // the deal's parties
	ids         map[tranche.TrancheID]bool
	tranches    int                                 // tranches decoded so far, for MaxTranches
	broken      int                                 // values that could not be read: missing, wrong type, unparsable
	dealPeriods []contract.Period                   // the deal's periods, once decoded; nil if they are wrong
	scale       int32                               // the deal's scale
	loans       map[tranche.TrancheID]*tranche.Debt // debt tranches decoded so far, for references
	after       []func()                            // work that needs the stack: references from sources
	nesting     int                                 // depth of this deal among nested deals: 0 for the top
	deal        *waterfall.Deal                     // the deal being decoded
	source      int                                 // index in the deal's sources of the source being decoded
	work        int                                 // contract periods laid over the schedule so far, for MaxContractPeriods
}

// newDecoder returns a decoder for a deal nested nesting deep.
func newDecoder(kinds *registry, nesting int) *decoder {
	return &decoder{kinds: kinds, failed: map[string]bool{}, ids: map[tranche.TrancheID]bool{},
		loans: map[tranche.TrancheID]*tranche.Debt{}, nesting: nesting}
}

// fail records that the value at path is wrong.
func (d *decoder) fail(path string, err error) {
	if d.failed[path] {
		return
	}
	if len(d.errs) >= MaxSpecErrors {
		d.dropped = true
		return
	}
	d.failed[path] = true
	d.errs = append(d.errs, &contract.FieldError{Path: path, Err: err})
}

// refail replaces the error recorded at path, if it wraps sentinel, with
// err, a better account of the same mistake; it reports whether it did.
func (d *decoder) refail(path string, sentinel, err error) bool {
	for _, e := range d.errs {
		if fe, ok := e.(*contract.FieldError); ok && fe.Path == path && errors.Is(fe.Err, sentinel) {
			fe.Err = err
			return true
		}
	}
	return false
}

// failf records a formatted error wrapping sentinel.
func (d *decoder) failf(path string, sentinel error, format string, args ...any) {
	d.fail(path, fmt.Errorf(format+": %w", append(append([]any(nil), args...), sentinel)...))
}

// add records err, which may be joined and may hold FieldErrors with
// paths relative to prefix.
func (d *decoder) add(prefix string, err error) {
	if err == nil {
		return
	}
	if joined, ok := err.(interface{ Unwrap() []error }); ok {
		for _, e := range joined.Unwrap() {
			d.add(prefix, e)
		}
		return
	}
	if fe, ok := err.(*contract.FieldError); ok {
		d.add(jsontext.Join(prefix, fe.Path), fe.Err)
		return
	}
	d.fail(prefix, err)
}

// addParseErrors records the errors of the JSON reader with the spec's
// sentinels.
func (d *decoder) addParseErrors(errs []*jsontext.Error) {
	for _, e := range errs {
		var err error
		switch e.Kind {
		case jsontext.Syntax:
			err = fmt.Errorf("%s: %w", e.Msg, ErrSyntax)
		case jsontext.DuplicateKey:
			err = fmt.Errorf("%w %s", ErrDuplicateKey, e.Msg)
		case jsontext.TooManyValues:
			err = fmt.Errorf("%s (MaxSpecValues): %w", e.Msg, ErrLimit)
		case jsontext.TooDeep:
			err = fmt.Errorf("%s (MaxSpecDepth): %w", e.Msg, ErrLimit)
		case jsontext.StringTooLong:
			err = fmt.Errorf("%s (MaxStringBytes): %w", e.Msg, ErrLimit)
		case jsontext.NumberTooLong:
			err = fmt.Errorf("%s (MaxDecimalBytes): %w", e.Msg, ErrLimit)
		default: // a kind the reader added and this list does not know yet
			err = fmt.Errorf("%s: %w", e.Msg, ErrSyntax)
		}
		d.fail(e.Path, err)
	}
}

// hasErrorsUnder reports whether an error was recorded at path or below.
func (d *decoder) hasErrorsUnder(path string) bool {
	for p := range d.failed {
		if p == path || strings.HasPrefix(p, path+".") || strings.HasPrefix(p, path+"[") {
			return true
		}
	}
	return false
}

// hasErrorsAbove reports whether an error was recorded at path or at a
// path that holds it.
func (d *decoder) hasErrorsAbove(path string) bool {
	for p := range d.failed {
		if p == path || strings.HasPrefix(path, p+".") || strings.HasPrefix(path, p+"[") {
			return true
		}
	}
	return false
}

// err returns the errors recorded, joined; nil if there are none.
func (d *decoder) err() error {
	errs := d.errs
	if d.dropped {
		errs = append(errs, contract.Field("", fmt.Errorf("more than %d errors (MaxSpecErrors); the rest are not shown: %w", MaxSpecErrors, ErrLimit)))
	}
	return errors.Join(errs...)
}

// object returns v as an object at path, or nil after recording an error.
func (d *decoder) object(path string, v *jsontext.Value, depth int) *Object {
	if v.Type != jsontext.Object {
		d.broken++
		d.failf(path, ErrType, "got %v, want an object", v.Type)
		return nil
	}
	return &Object{d: d, path: path, v: v, used: make([]bool, len(v.Kids)), depth: depth}
}

// shaped reports whether s has the form of a date, NNNN-NN-NN.
func shaped(s string) bool {
	if len(s) != len(time.DateOnly) || s[4] != '-' || s[7] != '-' {
		return false
	}
	for i, c := range s {
		if i != 4 && i != 7 && (c < '0' || c > '9') {
			return false
		}
	}
	return true
}

// date reads a "YYYY-MM-DD" string.
func (d *decoder) date(path string, v *jsontext.Value) time.Time {
	if v.Type != jsontext.String {
		d.broken++
		d.failf(path, ErrType, `got %v, want a date string such as "2024-12-31"`, v.Type)
		return time.Time{}
	}
	t, err := contract.ParseDate(v.Text)
	if err != nil || len(v.Text) != len(time.DateOnly) {
		d.broken++
		if shaped(v.Text) {
			// "2017-09-31": the form is right, the day is not.
			d.failf(path, contract.ErrInvalid, "%q is not a calendar date (month 01–12, a day the month has)", v.Text)
			return time.Time{}
		}
		d.failf(path, contract.ErrInvalid, "%q, want a date YYYY-MM-DD", v.Text)
		return time.Time{}
	}
	return t
}

// partyNames lists the deal's party IDs, sorted, for a did-you-mean.
func (d *decoder) partyNames() []string {
	names := make([]string, 0, len(d.known))
	for id := range d.known {
		names = append(names, string(id))
	}
	slices.Sort(names)
	return names
}

// partyRef reads a party ID, which must be a party of the deal.
func (d *decoder) partyRef(path string, v *jsontext.Value) tranche.PartyID {
	if v.Type != jsontext.String {
		d.broken++
		d.failf(path, ErrType, "got %v, want a party ID string", v.Type)
		return ""
	}
	id := tranche.PartyID(v.Text)
	if d.known != nil && !d.known[id] && id != "" {
		d.fail(path, fmt.Errorf("%w %q%s", tranche.ErrUnknownParty, id, didYouMean(string(id), d.partyNames())))
	}
	return id
}

// budget charges one contract's work over the deal's periods; false,
// after recording an ErrLimit error at path, when it is spent.
func (d *decoder) budget(path string) bool {
	d.work += len(d.dealPeriods)
	if d.work > MaxContractPeriods {
		d.failf(path, ErrLimit, "contracts over more than %d periods in all (MaxContractPeriods)", MaxContractPeriods)
		return false
	}
	return true
}

// parseDecimal parses a decimal string within the limits of the spec. The
// text is checked before the decimal library sees it: length, grammar
// (JSON's number grammar, with no leading zeros), exponent; then the
// value: digits before the point and significant places after it.
func parseDecimal(s string) (decimal.Decimal, error) {
	if len(s) > MaxDecimalBytes {
		return decimal.Zero, fmt.Errorf("decimal of %d characters, more than %d (MaxDecimalBytes): %w", len(s), MaxDecimalBytes, ErrLimit)
	}
	bad := func() (decimal.Decimal, error) {
		return decimal.Zero, fmt.Errorf("%q is not a decimal such as \"-1234.56\" or \"1.5e-3\": %w", s, contract.ErrInvalid)
	}
	i := 0
	if i < len(s) && s[i] == '-' {
		i++
	}
	digits := func() int {
		j := i
		for i < len(s) && '0' <= s[i] && s[i] <= '9' {
			i++
		}
		return i - j
	}
	start := i
	if n := digits(); n == 0 || n > 1 && s[start] == '0' {
		return bad()
	}
	if i < len(s) && s[i] == '.' {
		i++
		if digits() == 0 {
			return bad()
		}
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		i++
		if i < len(s) && (s[i] == '+' || s[i] == '-') {
			i++
		}
		es := i
		if digits() == 0 {
			return bad()
		}
		exp := strings.TrimLeft(s[es:i], "0")
		if len(exp) > 3 {
			return decimal.Zero, fmt.Errorf("exponent of %q beyond ±%d (MaxDecimalExponent): %w", s, MaxDecimalExponent, ErrLimit)
		}
		if e, _ := strconv.Atoi(exp); e > MaxDecimalExponent {
			return decimal.Zero, fmt.Errorf("exponent of %q beyond ±%d (MaxDecimalExponent): %w", s, MaxDecimalExponent, ErrLimit)
		}
	}
	if i != len(s) {
		return bad()
	}
	v, err := decimal.NewFromString(s)
	if err != nil {
		return bad()
	}
	v = v.Normalize()
	if intDigits := int(v.NumDigits()) + int(v.Exponent()); intDigits > MaxIntegerDigits {
		return decimal.Zero, fmt.Errorf("%q has %d digits before the point, more than %d (MaxIntegerDigits): %w", s, intDigits, MaxIntegerDigits, ErrLimit)
	}
	if places := -int(v.Exponent()); places > MaxDecimalPlaces {
		return decimal.Zero, fmt.Errorf("%q has %d decimal places, more than %d (MaxDecimalPlaces): %w", s, places, MaxDecimalPlaces, ErrLimit)
	}
	return v, nil
}

// tranche decodes the tranche at path, its kind's fields and, for
// combinators, the tranches below it; depth is its depth in the stack. It
// returns nil after recording an error if the tranche is wrong.
func (d *decoder) tranche(path string, v *jsontext.Value, depth int) tranche.Tranche {
	if depth > MaxStackDepth {
		d.failf(path, ErrLimit, "tranches nested more than %d deep (MaxStackDepth)", MaxStackDepth)
		return nil
	}
	if d.tranches++; d.tranches > MaxTranches {
		d.failf(path, ErrLimit, "more than %d tranches (MaxTranches)", MaxTranches)
		return nil
	}
	o := d.object(path, v, depth)
	if o == nil {
		return nil
	}
	kind := o.name("kind", true)
	k := d.kinds.tranche(kind)
	if k == nil {
		if kind != "" {
			d.failf(jsontext.Join(path, "kind"), ErrUnknownKind, "%q%s, want one of %q", kind, didYouMean(kind, d.kinds.trancheNames()), d.kinds.trancheNames())
		}
		return nil
	}
	broken := d.broken
	t := k.decode(o)
	o.done()
	if isNil(t) {
		return nil
	}
	// Check the terms unless a value could not be read: then Validate
	// would only report what follows from the first error. Unknown
	// parties do not stop it.
	if v, ok := t.(tranche.Validator); ok && d.broken == broken {
		d.add(path, v.Validate())
	}
	idPath := path
	if _, ok := t.(tranche.Parent); !ok {
		idPath = jsontext.Join(path, "id")
	}
	if id := t.ID(); d.ids[id] {
		d.fail(idPath, fmt.Errorf("%w %q", tranche.ErrDuplicateID, id))
	} else {
		d.ids[id] = true
	}
	if d.hasErrorsUnder(path) {
		return nil
	}
	return t
}

// children decodes the tranches of a combinator, from the array key of o.
func (d *decoder) children(o *Object, key string) []tranche.Tranche {
	elems, path := o.array(key, true, MaxTranches, "MaxTranches")
	if elems == nil {
		return nil
	}
	if len(elems) == 0 {
		d.fail(path, contract.ErrRequired)
		return nil
	}
	ts := make([]tranche.Tranche, len(elems))
	ok := true
	for i := range elems {
		ts[i] = d.tranche(jsontext.Index(path, i), &elems[i], o.depth+1)
		ok = ok && ts[i] != nil
	}
	if !ok {
		return nil
	}
	return ts
}

// source decodes the source at path; nil after recording an error if it
// is wrong.
func (d *decoder) sourceAt(path string, v *jsontext.Value) waterfall.Source {
	so := d.object(path, v, 0)
	if so == nil {
		return nil
	}
	kind := so.name("kind", true)
	k := d.kinds.source(kind)
	if k == nil {
		if kind != "" {
			d.failf(jsontext.Join(so.path, "kind"), ErrUnknownKind, "%q%s, want one of %q", kind, didYouMean(kind, d.kinds.sourceNames()), d.kinds.sourceNames())
		}
		return nil
	}
	s := k.decode(so)
	so.currency()
	so.done()
	if isNil(s) {
		return nil
	}
	if v, ok := s.(interface{ Validate() error }); ok {
		d.add(so.path, v.Validate())
	}
	return s
}
