package waterfall

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/jvwaterfall/jvwaterfall/contract"
	"github.com/jvwaterfall/jvwaterfall/tranche"
	"github.com/shopspring/decimal"
)

// decoder turns a parsed spec into a Deal, collecting every problem with
// its JSON path. It reports at most one error per path (the first) and at
// most MaxSpecErrors in all.
type decoder struct {
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
	deal        *Deal                               // the deal being decoded
	source      int                                 // index in the deal's sources of the source being decoded
	work        int                                 // contract periods laid over the schedule so far, for MaxContractPeriods
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

// failf records a formatted error wrapping sentinel.
func (d *decoder) failf(path string, sentinel error, format string, args ...any) {
	d.fail(path, fmt.Errorf("%w: "+format, append([]any{sentinel}, args...)...))
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
		d.add(subPath(prefix, fe.Path), fe.Err)
		return
	}
	d.fail(prefix, err)
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

func (d *decoder) err() error {
	errs := d.errs
	if d.dropped {
		errs = append(errs, contract.Field("", fmt.Errorf("%w: more than %d errors (MaxSpecErrors); the rest are not shown", ErrLimit, MaxSpecErrors)))
	}
	return errors.Join(errs...)
}

// object is a JSON object being decoded: each field is read once, and done
// reports the fields nobody read.
type object struct {
	d    *decoder
	path string
	n    *jnode
	used []bool
}

// object returns n as an object, or nil after recording an error.
func (d *decoder) object(path string, n *jnode) *object {
	if n.kind != jObject {
		d.broken++
		d.failf(path, ErrType, "got %v, want an object", n.kind)
		return nil
	}
	return &object{d: d, path: path, n: n, used: make([]bool, len(n.kids))}
}

// field returns the member key and its path; nil if it is absent, after
// recording an error if it is required.
func (o *object) field(key string, required bool) (*jnode, string) {
	path := subPath(o.path, key)
	for i := range o.n.kids {
		if o.n.kids[i].key == key {
			o.used[i] = true
			return &o.n.kids[i], path
		}
	}
	if required {
		o.d.broken++
		o.d.fail(path, contract.ErrRequired)
	}
	return nil, path
}

// has reports whether the object has the key.
func (o *object) has(key string) bool {
	for i := range o.n.kids {
		if o.n.kids[i].key == key {
			return true
		}
	}
	return false
}

// done records an error for every field that was not read.
func (o *object) done() {
	for i, used := range o.used {
		if !used {
			o.d.fail(subPath(o.path, pathKey(o.n.kids[i].key)), fmt.Errorf("%w %q", ErrUnknownField, o.n.kids[i].key))
		}
	}
}

// want returns n if it is of kind k, else nil after recording an error.
func (o *object) want(n *jnode, path string, k jkind, what string) *jnode {
	if n != nil && n.kind != k {
		o.d.broken++
		o.d.failf(path, ErrType, "got %v, want %s", n.kind, what)
		return nil
	}
	return n
}

// str reads a string.
func (o *object) str(key string, required bool) string {
	n, path := o.field(key, required)
	if n = o.want(n, path, jString, "a string"); n == nil {
		return ""
	}
	return n.text
}

// name reads a non-empty string: an ID.
func (o *object) name(key string, required bool) string {
	n, path := o.field(key, required)
	if n = o.want(n, path, jString, "a string"); n == nil {
		return ""
	}
	if n.text == "" {
		o.d.fail(path, contract.ErrRequired)
	}
	return n.text
}

// boolean reads true or false; false when absent.
func (o *object) boolean(key string) bool {
	n, path := o.field(key, false)
	if n = o.want(n, path, jBool, "true or false"); n == nil {
		return false
	}
	return n.text == "true"
}

// integer reads a JSON number that is a whole number in [lo, hi].
func (o *object) integer(key string, required bool, lo, hi int64) int64 {
	n, path := o.field(key, required)
	if n = o.want(n, path, jNumber, "a whole number"); n == nil {
		return 0
	}
	v, err := strconv.ParseInt(n.text, 10, 64)
	if err != nil || v < lo || v > hi {
		o.d.broken++
		o.d.failf(path, contract.ErrRange, "%s, want a whole number from %d to %d", n.text, lo, hi)
		return 0
	}
	return v
}

// decimal reads a decimal string; zero when absent.
func (o *object) decimal(key string, required bool) decimal.Decimal {
	n, path := o.field(key, required)
	if n = o.want(n, path, jString, `a decimal string such as "0.08"`); n == nil {
		return decimal.Zero
	}
	v, err := parseDecimal(n.text)
	if err != nil {
		o.d.broken++
		o.d.fail(path, err)
		return decimal.Zero
	}
	return v
}

// date reads a "YYYY-MM-DD" string.
func (o *object) date(key string, required bool) time.Time {
	n, path := o.field(key, required)
	if n = o.want(n, path, jString, `a date string such as "2024-12-31"`); n == nil {
		return time.Time{}
	}
	return o.d.date(path, n)
}

func (d *decoder) date(path string, n *jnode) time.Time {
	if n.kind != jString {
		d.broken++
		d.failf(path, ErrType, `got %v, want a date string such as "2024-12-31"`, n.kind)
		return time.Time{}
	}
	t, err := contract.ParseDate(n.text)
	if err != nil || len(n.text) != len(time.DateOnly) {
		d.broken++
		d.failf(path, contract.ErrInvalid, "%q, want a date YYYY-MM-DD", n.text)
		return time.Time{}
	}
	return t
}

// array reads an array of at most max elements; nil when absent.
func (o *object) array(key string, required bool, max int, limitName string) ([]jnode, string) {
	n, path := o.field(key, required)
	if n = o.want(n, path, jArray, "an array"); n == nil {
		return nil, path
	}
	if len(n.kids) > max {
		o.d.failf(path, ErrLimit, "%d entries, more than %d (%s)", len(n.kids), max, limitName)
		return nil, path
	}
	return n.kids, path
}

// obj reads a nested object; nil when absent or not an object.
func (o *object) obj(key string, required bool) *object {
	n, path := o.field(key, required)
	if n == nil {
		return nil
	}
	return o.d.object(path, n)
}

// parties reads a list of party IDs, each of which must be a party of the
// deal.
func (o *object) parties(key string, required bool) []tranche.PartyID {
	elems, path := o.array(key, required, MaxParties, "MaxParties")
	if len(elems) == 0 {
		return nil // an empty list is no list: it encodes as none
	}
	ids := make([]tranche.PartyID, 0, len(elems))
	for i := range elems {
		ids = append(ids, o.d.partyRef(index(path, i), &elems[i]))
	}
	return ids
}

// party reads one party ID, which must be a party of the deal.
func (o *object) party(key string, required bool) tranche.PartyID {
	n, path := o.field(key, required)
	if n == nil {
		return ""
	}
	return o.d.partyRef(path, n)
}

func (d *decoder) partyRef(path string, n *jnode) tranche.PartyID {
	if n.kind != jString {
		d.broken++
		d.failf(path, ErrType, "got %v, want a party ID string", n.kind)
		return ""
	}
	id := tranche.PartyID(n.text)
	if d.known != nil && !d.known[id] && id != "" {
		d.fail(path, fmt.Errorf("%w %q", tranche.ErrUnknownParty, id))
	}
	return id
}

// currency checks an optional "currency" field against the deal's.
func (o *object) currency() {
	n, path := o.field("currency", false)
	if n = o.want(n, path, jString, "a currency code string"); n == nil {
		return
	}
	if n.text != o.d.currency {
		o.d.failf(path, ErrCurrencyMismatch, "%q, the deal is in %q", n.text, o.d.currency)
	}
}

// parseDecimal parses a decimal string within the limits of the spec. The
// text is checked before the decimal library sees it: length, grammar
// (JSON's number grammar, with no leading zeros), exponent; then the value:
// digits before the point and significant places after it.
func parseDecimal(s string) (decimal.Decimal, error) {
	if len(s) > MaxDecimalBytes {
		return decimal.Zero, fmt.Errorf("%w: decimal of %d characters, more than %d (MaxDecimalBytes)", ErrLimit, len(s), MaxDecimalBytes)
	}
	bad := func() (decimal.Decimal, error) {
		return decimal.Zero, fmt.Errorf("%w: %q is not a decimal such as \"-1234.56\" or \"1.5e-3\"", contract.ErrInvalid, s)
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
			return decimal.Zero, fmt.Errorf("%w: exponent of %q beyond ±%d (MaxDecimalExponent)", ErrLimit, s, MaxDecimalExponent)
		}
		if e, _ := strconv.Atoi(exp); e > MaxDecimalExponent {
			return decimal.Zero, fmt.Errorf("%w: exponent of %q beyond ±%d (MaxDecimalExponent)", ErrLimit, s, MaxDecimalExponent)
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
		return decimal.Zero, fmt.Errorf("%w: %q has %d digits before the point, more than %d (MaxIntegerDigits)", ErrLimit, s, intDigits, MaxIntegerDigits)
	}
	if places := -int(v.Exponent()); places > MaxDecimalPlaces {
		return decimal.Zero, fmt.Errorf("%w: %q has %d decimal places, more than %d (MaxDecimalPlaces)", ErrLimit, s, places, MaxDecimalPlaces)
	}
	return v, nil
}

// decodeDeal builds a deal from its parsed spec; errs are problems already
// found by the parser.
func decodeDeal(root *jnode, errs []error) (*Deal, error) {
	d := newDecoder(0)
	for _, err := range errs {
		d.add("", err)
	}
	deal := d.dealNode(root)
	if deal == nil || len(d.errs) > 0 || d.dropped {
		return nil, d.err()
	}
	return deal, nil
}

// newDecoder returns a decoder for a deal nested nesting deep.
func newDecoder(nesting int) *decoder {
	return &decoder{failed: map[string]bool{}, ids: map[tranche.TrancheID]bool{}, loans: map[tranche.TrancheID]*tranche.Debt{}, nesting: nesting}
}

// dealNode builds the deal of root, recording its problems; nil if root
// is not an object.
func (d *decoder) dealNode(root *jnode) *Deal {
	o := d.object("", root)
	if o == nil {
		return nil
	}
	deal := &Deal{}
	d.deal = deal
	deal.Name = o.str("name", false)
	deal.Currency = o.str("currency", true)
	if c := deal.Currency; o.has("currency") && !isCurrencyCode(c) {
		d.failf("currency", contract.ErrInvalid, "%q, want a 3-letter ISO 4217 code such as \"USD\"", c)
	}
	d.currency = deal.Currency
	deal.Scale = int32(o.integer("scale", true, 0, 8))

	deal.Parties = d.parties(o)
	deal.Periods = d.periods(o)
	d.dealPeriods, d.scale = deal.Periods, deal.Scale
	deal.Contributions = d.contributions(o)
	deal.Calls = d.calls(o)
	deal.Proceeds = d.flows(o, "proceeds")
	deal.Costs = d.flows(o, "costs")
	deal.Sources = d.sources(o)
	if n, path := o.field("stack", true); n != nil {
		deal.Stack = d.tranche(path, n, 1)
	}
	for _, f := range d.after {
		f()
	}
	d.dealExtras(o, deal)
	o.done()

	// The deal as a whole: amounts at the deal's scale, dates inside the
	// schedule, parties of contributions and calls, and the stack's rules.
	// Problems the decoder already reported (periods, stack) are not
	// repeated.
	if err := deal.Validate(); err != nil {
		stackFailed := d.hasErrorsUnder("stack")
		var keep []error
		for _, e := range contract.Errors(err) {
			var fe *contract.FieldError
			if errors.As(e, &fe) && (fe.Path == "periods" || strings.HasPrefix(fe.Path, "periods[") ||
				fe.Path == "stack" && (stackFailed || deal.Stack == nil)) {
				continue
			}
			keep = append(keep, e)
		}
		d.add("", errors.Join(keep...))
	}
	return deal
}

func isCurrencyCode(s string) bool {
	if len(s) != 3 {
		return false
	}
	for i := range 3 {
		if s[i] < 'A' || s[i] > 'Z' {
			return false
		}
	}
	return true
}

func (d *decoder) parties(o *object) []Party {
	elems, path := o.array("parties", true, MaxParties, "MaxParties")
	if elems == nil {
		return nil
	}
	if len(elems) == 0 {
		d.fail(path, contract.ErrRequired)
		return nil // and no party is unknown
	}
	d.known = make(map[tranche.PartyID]bool, len(elems))
	out := make([]Party, 0, len(elems))
	for i := range elems {
		po := d.object(index(path, i), &elems[i])
		if po == nil {
			continue
		}
		p := Party{
			ID:         tranche.PartyID(po.name("id", true)),
			Name:       po.str("name", false),
			Role:       po.role(),
			Commitment: po.decimal("commitment", false),
			Deal:       d.partyDeal(po),
		}
		po.done()
		d.known[p.ID] = true
		out = append(out, p)
	}
	return out
}

// role reads a party's role; investor when absent.
func (o *object) role() Role {
	s := o.str("role", false)
	if s == "" && !o.has("role") {
		return RoleInvestor
	}
	for r := range Role(len(roleNames)) {
		if r.String() == s {
			return r
		}
	}
	o.d.failf(subPath(o.path, "role"), contract.ErrInvalid, "unknown role %q, want one of %q", s, roleNames)
	return RoleInvestor
}

// periods reads "schedule" (regular periods) or "periods" (a start and
// the end of every period).
func (d *decoder) periods(o *object) []contract.Period {
	switch hasS, hasP := o.has("schedule"), o.has("periods"); {
	case hasS && hasP:
		o.field("periods", false)
		d.failf("periods", contract.ErrInvalid, `give "schedule" or "periods", not both`)
		o.field("schedule", false)
		return nil
	case hasP:
		return d.explicitPeriods(o.obj("periods", true))
	default:
		return d.schedule(o.obj("schedule", true))
	}
}

func (d *decoder) schedule(so *object) []contract.Period {
	if so == nil {
		return nil
	}
	s := contract.Schedule{Start: so.date("start", true), End: so.date("end", true), EndOfMonth: so.boolean("end_of_month")}
	if n, path := so.field("frequency", true); so.want(n, path, jString, "a frequency string") != nil {
		f, err := contract.ParseFrequency(n.text)
		if err != nil {
			d.fail(path, err)
			return nil
		}
		s.Frequency = f
	}
	so.done()
	if d.hasErrorsUnder(so.path) {
		return nil
	}
	ps, err := s.Periods()
	if err != nil {
		d.add(so.path, err)
		return nil
	}
	return ps
}

func (d *decoder) explicitPeriods(po *object) []contract.Period {
	if po == nil {
		return nil
	}
	start := po.date("start", true)
	elems, path := po.array("ends", true, MaxSpecPeriods, "MaxSpecPeriods")
	po.done()
	if elems == nil {
		return nil
	}
	if len(elems) == 0 {
		d.fail(path, contract.ErrRequired)
		return nil
	}
	ends := make([]time.Time, len(elems))
	for i := range elems {
		ends[i] = d.date(index(path, i), &elems[i])
	}
	if d.hasErrorsUnder(po.path) {
		return nil
	}
	ps, err := contract.Explicit(start, ends...)
	if err != nil {
		d.add(po.path, err)
		return nil
	}
	return ps
}

func (d *decoder) contributions(o *object) []Contribution {
	elems, path := o.array("contributions", false, MaxFlows, "MaxFlows")
	var out []Contribution
	for i := range elems {
		co := d.object(index(path, i), &elems[i])
		if co == nil {
			continue
		}
		c := Contribution{Date: co.date("date", true), Party: co.party("party", true), Amount: co.decimal("amount", true)}
		co.currency()
		co.done()
		out = append(out, c)
	}
	return out
}

func (d *decoder) calls(o *object) []Call {
	elems, path := o.array("calls", false, MaxFlows, "MaxFlows")
	var out []Call
	for i := range elems {
		co := d.object(index(path, i), &elems[i])
		if co == nil {
			continue
		}
		c := Call{Date: co.date("date", true), Amount: co.decimal("amount", true), Parties: co.parties("parties", false)}
		co.currency()
		co.done()
		out = append(out, c)
	}
	return out
}

func (d *decoder) flows(o *object, key string) []contract.Flow {
	elems, path := o.array(key, false, MaxFlows, "MaxFlows")
	var out []contract.Flow
	for i := range elems {
		fo := d.object(index(path, i), &elems[i])
		if fo == nil {
			continue
		}
		f := contract.Flow{Date: fo.date("date", true), Amount: fo.decimal("amount", true)}
		fo.currency()
		fo.done()
		out = append(out, f)
	}
	return out
}

func (d *decoder) sources(o *object) []Source {
	elems, path := o.array("sources", false, MaxFlows, "MaxFlows")
	var out []Source
	for i := range elems {
		so := d.object(index(path, i), &elems[i])
		if so == nil {
			continue
		}
		kind := so.name("kind", true)
		k := sourceKindNamed(kind)
		if k == nil {
			if kind != "" {
				d.failf(subPath(so.path, "kind"), ErrUnknownKind, "%q, want one of %q", kind, sourceKindNames())
			}
			continue
		}
		d.source = len(out)
		s := k.decode(d, so)
		so.currency()
		so.done()
		if s == nil {
			continue
		}
		if v, ok := s.(interface{ Validate() error }); ok {
			d.add(so.path, v.Validate())
		}
		out = append(out, s)
	}
	return out
}

// tranche decodes the tranche at path, its kind's fields and, for
// combinators, the tranches below it; depth is its depth in the stack. It
// returns nil after recording an error if the tranche is wrong.
func (d *decoder) tranche(path string, n *jnode, depth int) tranche.Tranche {
	if depth > MaxStackDepth {
		d.failf(path, ErrLimit, "tranches nested more than %d deep (MaxStackDepth)", MaxStackDepth)
		return nil
	}
	if d.tranches++; d.tranches > MaxTranches {
		d.failf(path, ErrLimit, "more than %d tranches (MaxTranches)", MaxTranches)
		return nil
	}
	o := d.object(path, n)
	if o == nil {
		return nil
	}
	kind := o.name("kind", true)
	k := trancheKindNamed(kind)
	if k == nil {
		if kind != "" {
			d.failf(subPath(path, "kind"), ErrUnknownKind, "%q, want one of %q", kind, trancheKindNames())
		}
		return nil
	}
	broken := d.broken
	t := k.decode(d, o, depth)
	o.done()
	if t == nil {
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
		idPath = subPath(path, "id")
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

// children decodes the tranches of a combinator, from the array key.
func (d *decoder) children(o *object, key string, depth int) []tranche.Tranche {
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
		ts[i] = d.tranche(index(path, i), &elems[i], depth+1)
		ok = ok && ts[i] != nil
	}
	if !ok {
		return nil
	}
	return ts
}
