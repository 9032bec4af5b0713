package scenario

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/jvwaterfall/jvwaterfall/contract"
	"github.com/jvwaterfall/jvwaterfall/internal/jsontext"
	"github.com/jvwaterfall/jvwaterfall/spec"
	"github.com/jvwaterfall/jvwaterfall/tranche"
	"github.com/shopspring/decimal"
)

// Plan is a [Definition] laid over a deal: its scenarios, numbered from 0
// to Len()-1, each a list of changes to the deal. Scenario i is the same
// on any machine: a sweep's i-th point of the cartesian product (the last
// term varying fastest), or a Monte Carlo's draws from the stream seeded
// by (seed, i). A Plan is immutable; its methods may be called from many
// goroutines at once, and different processes holding the same deal and
// definition may each run a part of it (see the beam module).
type Plan struct {
	base    *Base
	def     *Definition
	terms   []boundTerm
	pairs   []pair
	n       int
	parties []tranche.PartyID
	columns []Column
}

// boundTerm is a term with its places in the deal resolved.
type boundTerm struct {
	Term
	label   string    // "terms[2]"
	places  int32     // Places, or its default
	cum     []float64 // a discrete distribution's cumulative probabilities
	targets []target
	values  []value // a sweep's values, or a discrete distribution's
}

// target is one place a term sets, and what the deal has there.
type target struct {
	ptr    []string
	text   string
	kind   valueKind
	dec    decimal.Decimal // kindDecimal, kindInteger
	date   time.Time       // kindDate
	places int32           // a kindDecimal's decimal places in the deal
}

// valueKind is what a deal holds at a place, as a term sees it.
type valueKind uint8

const (
	kindNone    valueKind = iota // nothing yet: a new member or element
	kindDecimal                  // a decimal string, "0.08"
	kindInteger                  // a whole JSON number, 4
	kindDate                     // a date string, "2027-12-31"
	kindOther                    // any other value: set only, by a value of its type
)

// value is one value of a term: JSON to set, or a number to step, scale
// or add with.
type value struct {
	json   *jsontext.Value // set as it is (nil for a number)
	num    decimal.Decimal // a number
	column string          // as the table shows it
	err    error           // a draw that is no number (an infinite lognormal)
}

// NewPlan checks def against the deal of base and returns its plan. It
// returns the errors of [Definition.Validate] and, each with the path of
// the definition's value:
//   - a path that leads nowhere in the deal ([ErrPointer]);
//   - a value of another type than the deal has there, an operation the
//     deal's value does not take (scaling a date, stepping a string) or
//     a fractional step of a whole number ([ErrType]);
//   - a value that leaves the deal invalid, the deal's own error with its
//     path wrapped ([ErrDeal]): each of a sweep's values and the median
//     of each distribution is tried on the deal alone;
//   - a party that is not in the deal ([tranche.ErrUnknownParty]);
//   - a grid whose other terms have more than one value, or whose measure
//     is not a column of the table.
func NewPlan(base *Base, def *Definition) (*Plan, error) {
	if base == nil || base.tree == nil {
		return nil, fmt.Errorf("nil base: %w", contract.ErrRequired)
	}
	if err := def.Validate(); err != nil {
		return nil, err
	}
	p := &Plan{base: base, def: def, n: def.Scenarios()}
	var errs []error
	names := map[string]int{}
	for i, t := range def.Terms {
		bt, err := base.bind(t, jsontext.Index("terms", i))
		errs = append(errs, err)
		p.terms = append(p.terms, bt)
		names[t.Name] = i
	}
	errs = append(errs, overlaps(p.terms)...)
	for _, c := range def.Correlations {
		p.pairs = append(p.pairs, pair{a: names[c.Terms[0]], b: names[c.Terms[1]], copula: c.Copula, rho: c.Rho})
	}
	p.parties = def.Parties
	if p.parties == nil {
		p.parties = partiesOf(base.doc)
	} else {
		known := map[tranche.PartyID]bool{}
		for _, party := range partiesOf(base.doc) {
			known[party] = true
		}
		for i, party := range p.parties {
			if !known[party] {
				errs = append(errs, contract.Field(jsontext.Index("parties", i), fmt.Errorf("%q: %w", party, tranche.ErrUnknownParty)))
			}
		}
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	p.columns = columnsOf(def.Terms, p.parties)
	if g := def.Grid; g != nil {
		for i, t := range p.terms {
			if t.Name != g.Rows && t.Name != g.Columns && len(t.values) != 1 {
				errs = append(errs, contract.Field("grid", fmt.Errorf("term %q (terms[%d]) has %d values; a grid shows two terms, the others fixed: %w", t.Name, i, len(t.values), contract.ErrInvalid)))
			}
		}
		if p.column(g.Measure) < 0 {
			errs = append(errs, contract.Field("grid.measure", fmt.Errorf("%q is not a column of the table, such as %q: %w", g.Measure, p.columns[len(p.columns)-2].Name, contract.ErrInvalid)))
		}
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	if err := p.tryValues(); err != nil {
		return nil, err
	}
	return p, nil
}

// partiesOf lists the parties of a document.
func partiesOf(doc spec.Document) []tranche.PartyID {
	var out []tranche.PartyID
	switch {
	case doc.Deal != nil:
		for _, p := range doc.Deal.Parties {
			out = append(out, p.ID)
		}
	case doc.Fund != nil:
		for _, p := range doc.Fund.Parties {
			out = append(out, p.ID)
		}
	}
	return out
}

// Len returns the number of scenarios.
func (p *Plan) Len() int {
	if p == nil {
		return 0
	}
	return p.n
}

// Definition returns the plan's definition. It is shared: don't change it.
func (p *Plan) Definition() *Definition {
	if p == nil {
		return nil
	}
	return p.def
}

// Parties returns the parties whose measures are columns, in order.
func (p *Plan) Parties() []tranche.PartyID {
	if p == nil {
		return nil
	}
	return append([]tranche.PartyID(nil), p.parties...)
}

// bind resolves a term's paths in the deal and reads its values.
// overlaps reports a place of the deal that two targets change, or one
// that holds another's: the later change would undo the earlier, while
// the earlier's column still showed its value. It looks each place and
// what holds it up in maps: the work is linear in the targets' segments.
func overlaps(terms []boundTerm) []error {
	whole := map[string]string{} // a target's place → the path that sets it
	above := map[string]string{} // a place holding a target → that target's path
	var errs []error
	for i, bt := range terms {
		for j, tg := range bt.targets {
			at := bt.pathAt(jsontext.Index("terms", i), j)
			keys := make([]string, len(tg.ptr)+1) // keys[k]: the place of ptr[:k], segments length-prefixed
			for k, seg := range tg.ptr {
				keys[k+1] = keys[k] + strconv.Itoa(len(seg)) + ":" + seg
			}
			other, clash := above[keys[len(tg.ptr)]]
			for _, key := range keys {
				if w, ok := whole[key]; ok {
					other, clash = w, true
				}
			}
			if clash {
				errs = append(errs, contract.Field(at, fmt.Errorf("%s: %s changes it too: %w", tg.text, other, contract.ErrInvalid)))
				continue
			}
			whole[keys[len(tg.ptr)]] = at
			for _, key := range keys[:len(tg.ptr)] {
				if _, ok := above[key]; !ok {
					above[key] = at
				}
			}
		}
	}
	return errs
}

func (b *Base) bind(t Term, label string) (boundTerm, error) {
	bt := boundTerm{Term: t, label: label}
	var errs []error
	fail := func(path string, format string, args ...any) {
		errs = append(errs, contract.Field(path, fmt.Errorf(format, args...)))
	}
	numeric := t.Range != nil || t.Dist != nil && t.Dist.Kind != Discrete || t.Op != Set
	for j, path := range t.Paths {
		at := t.pathAt(label, j)
		ptr, _ := parsePointer(path)
		tg := target{ptr: ptr, text: path}
		v, _, ok := lookup(b.tree, ptr)
		if ok {
			tg.kind, tg.dec, tg.date, tg.places = classify(v)
		} else if _, _, err := set(*b.tree, ptr, path, 0, "", jsontext.Value{}); err != nil {
			if fe := (*contract.FieldError)(nil); errors.As(err, &fe) {
				err = fe.Err // set names the pointer "path"; here it is at
			}
			errs = append(errs, contract.Field(at, err))
			continue
		}
		switch {
		case t.Op == Scale && tg.kind != kindDecimal && tg.kind != kindInteger:
			fail(at, "%s: scale needs a decimal string or a whole number there, the deal has %s: %w", path, describe(v, ok), ErrType)
		case t.Op == Add && tg.kind != kindDecimal && tg.kind != kindInteger && tg.kind != kindDate:
			fail(at, "%s: add needs a decimal string, a whole number or a date there, the deal has %s: %w", path, describe(v, ok), ErrType)
		case t.Op == Set && numeric && tg.kind != kindDecimal && tg.kind != kindInteger:
			fail(at, "%s: a range or a distribution sets a decimal string or a whole number, the deal has %s: %w", path, describe(v, ok), ErrType)
		}
		bt.targets = append(bt.targets, tg)
	}
	if len(errs) > 0 {
		return bt, errors.Join(errs...)
	}
	places := 6
	if t.Op != Set && len(bt.targets) > 0 {
		places = int(bt.targets[0].places)
	}
	if t.Places != nil {
		places = *t.Places
	}
	bt.places = int32(places)
	switch {
	case t.Values != nil:
		bt.values, errs = bt.readValues(t.Values, label+".values", errs)
	case t.Dist != nil && t.Dist.Kind == Discrete:
		bt.values, errs = bt.readValues(t.Dist.Values, label+".dist.values", errs)
		bt.cum = t.Dist.cumulative()
	case t.Range != nil:
		// A range's values have the places of its from, to and step
		// ("0.06" to "0.10" by "0.01" gives "0.10", not "0.1").
		rp := max(-t.Range.From.Exponent(), -t.Range.To.Exponent(), -t.Range.Step.Exponent(), 0)
		for _, d := range t.Range.values() {
			bt.values = append(bt.values, value{num: d, column: d.StringFixed(rp)})
		}
		for _, tg := range bt.targets {
			if tg.kind == kindInteger && t.Op != Scale && (!t.Range.From.IsInteger() || !t.Range.Step.IsInteger()) {
				fail(label+".range", "%s holds a whole number: a range over it steps by whole numbers from a whole number: %w", tg.text, ErrType)
			}
		}
	}
	return bt, errors.Join(errs...)
}

// readValues reads a sweep's or a discrete distribution's values.
func (bt *boundTerm) readValues(texts []string, path string, errs []error) ([]value, []error) {
	var out []value
	for j, s := range texts {
		at := jsontext.Index(path, j)
		v, err := parseValue(s)
		if err != nil {
			errs = append(errs, contract.Prefix(at, err))
			continue
		}
		if bt.Op == Set {
			col := v.Text
			if !v.Scalar() || v.Type == jsontext.Null {
				col = text(v)
			}
			out = append(out, value{json: v, column: col})
			continue
		}
		var d decimal.Decimal
		if v.Type == jsontext.String {
			d, err = parseDecimal(v.Text)
		} else {
			err = fmt.Errorf("%s, want a decimal string such as \"1.10\": %w", v.Type, ErrType)
		}
		if err != nil {
			errs = append(errs, contract.Field(at, err))
			continue
		}
		out = append(out, value{num: d, column: d.String()})
	}
	return out, errs
}

// classify says what a deal's value is, for a term.
func classify(v *jsontext.Value) (valueKind, decimal.Decimal, time.Time, int32) {
	switch v.Type {
	case jsontext.String:
		if t, err := time.Parse(dateLayout, v.Text); err == nil {
			return kindDate, decimal.Zero, t, 0
		}
		if d, err := parseDecimal(v.Text); err == nil {
			return kindDecimal, d, time.Time{}, max(0, -d.Exponent())
		}
	case jsontext.Number:
		text := v.Text
		if i := strings.IndexByte(text, '.'); i >= 0 && strings.Trim(text[i+1:], "0") == "" {
			text = text[:i] // "2.0" is 2, as the deal spec reads a whole number
		}
		if n, err := strconv.ParseInt(text, 10, 64); err == nil && n > -(1<<53) && n < 1<<53 {
			return kindInteger, decimal.NewFromInt(n), time.Time{}, 0
		}
	}
	return kindOther, decimal.Zero, time.Time{}, 0
}

// describe says what a deal holds at a place, for an error.
func describe(v *jsontext.Value, ok bool) string {
	if !ok {
		return "nothing"
	}
	k, _, _, _ := classify(v)
	switch k {
	case kindDate:
		return "a date"
	case kindDecimal:
		return "a decimal string"
	case kindInteger:
		return "a whole number"
	}
	return v.Type.String()
}

// tryValues tries each of a sweep's values, and each distribution's
// median and discrete values, on the deal alone, so that a bad value is
// found before any run, with its own path.
func (p *Plan) tryValues() error {
	var errs []error
	for k, t := range p.terms {
		var vals []value
		var labels []string
		var off *value // a draw a unit of the last place off the median, of a distribution that sets or adds
		switch {
		case t.Values != nil || t.Dist != nil && t.Dist.Kind == Discrete:
			vals = t.values
			field := ".values"
			if t.Dist != nil {
				field = ".dist.values"
			}
			for j := range vals {
				labels = append(labels, jsontext.Index(t.label+field, j))
			}
		case t.Range != nil:
			vals = t.values
			for _, v := range vals {
				labels = append(labels, fmt.Sprintf("%s.range (value %s)", t.label, v.column))
			}
		case t.Dist != nil:
			median := t.Dist.Quantile(0.5)
			vals = []value{p.drawn(k, median)}
			labels = []string{t.label + ".dist (its median)"}
			if t.Op != Scale {
				o := p.drawn(k, median+math.Pow10(-int(t.places)))
				off = &o
			}
		}
		before := len(errs)
		for j, v := range vals {
			if err := p.try(k, v, labels[j]); err != nil {
				errs = append(errs, err)
				if len(errs) >= spec.MaxSpecErrors {
					return errors.Join(errs...)
				}
			}
		}
		// A round median (1800000) may pass where almost every draw, with
		// the term's places, has more digits than the field takes: a draw
		// a unit of the last place off says so. Only that is an error of
		// the definition; a draw out of range is a failed row.
		if off != nil && len(errs) == before {
			if err := p.try(k, *off, t.label+".places"); errors.Is(err, tranche.ErrNotQuantized) {
				errs = append(errs, fmt.Errorf("%w (a draw has %d decimal places)", err, t.places))
			}
		}
	}
	return errors.Join(errs...)
}

// try makes the deal with term k at v and decodes it: the error the
// deal has then, under label.
func (p *Plan) try(k int, v value, label string) error {
	edits, err := p.terms[k].edits(v, label)
	if err == nil {
		var src []byte
		if src, err = p.base.patch(edits); err == nil {
			_, err = decodeChanged(src, edits)
		}
	}
	return err
}

// drawn turns a draw of a numeric distribution into term k's value.
func (p *Plan) drawn(k int, x float64) value {
	t := &p.terms[k]
	if math.IsInf(x, 0) || math.IsNaN(x) {
		// A lognormal of a large sigma overflows float64 at its tails.
		s := strconv.FormatFloat(x, 'g', -1, 64)
		return value{column: s, err: fmt.Errorf("the draw %s is not a finite number: %w", s, contract.ErrRange)} // edits says which term
	}
	if t.Op == Set {
		d := decimal.NewFromFloat(x).Round(t.places)
		return value{num: d, column: d.StringFixed(t.places)}
	}
	return value{num: decimal.NewFromFloat(x), column: strconv.FormatFloat(x, 'f', -1, 64)}
}

// edits returns the changes term t makes to the deal for the value v.
func (t *boundTerm) edits(v value, label string) ([]edit, error) {
	if v.err != nil {
		return nil, contract.Field(label, v.err)
	}
	out := make([]edit, 0, len(t.targets))
	places := t.places
	for _, tg := range t.targets {
		e := edit{label: label, ptr: tg.ptr, text: tg.text, valueAt: label}
		if v.json != nil {
			e.value = *v.json
			out = append(out, e)
			continue
		}
		x := v.num
		switch tg.kind {
		case kindDecimal, kindNone:
			d := x
			switch t.Op {
			case Scale:
				d = tg.dec.Mul(x).Round(places)
			case Add:
				d = tg.dec.Add(x).Round(places)
			}
			if t.Op == Set && t.Range != nil && t.Places == nil {
				e.value = jsontext.Str(v.column)
			} else {
				e.value = jsontext.Str(d.StringFixed(places))
			}
		case kindInteger:
			d := x
			switch t.Op {
			case Scale:
				d = tg.dec.Mul(x)
			case Add:
				d = tg.dec.Add(x)
			}
			n := d.Round(0)
			if !n.Abs().LessThan(decimal.New(1, 15)) {
				return nil, contract.Field(label, fmt.Errorf("%s: %s is too large for a whole number: %w", tg.text, n, contract.ErrRange))
			}
			e.value = jsontext.Int(n.IntPart())
		case kindDate:
			days := x.Round(0)
			if !days.Abs().LessThan(decimal.NewFromInt(1_000_000)) {
				return nil, contract.Field(label, fmt.Errorf("%s: %s days is too far: %w", tg.text, days, contract.ErrRange))
			}
			e.value = jsontext.Str(tg.date.AddDate(0, 0, int(days.IntPart())).Format(dateLayout))
		default:
			return nil, contract.Field(label, fmt.Errorf("%s: a number for %s: %w", tg.text, "a value that is not one", ErrType))
		}
		out = append(out, e)
	}
	return out, nil
}

// values returns the value of every term in scenario i.
func (p *Plan) values(i int) []value {
	out := make([]value, len(p.terms))
	if p.def.MonteCarlo != nil {
		u := uniforms(p.def.MonteCarlo.Seed, i, len(p.terms), p.pairs)
		for k, t := range p.terms {
			if t.Dist.Kind == Discrete {
				out[k] = t.values[pick(t.cum, u[k])]
			} else {
				out[k] = p.drawn(k, t.Dist.Quantile(u[k]))
			}
		}
		return out
	}
	for k := len(p.terms) - 1; k >= 0; k-- {
		n := len(p.terms[k].values)
		out[k] = p.terms[k].values[i%n]
		i /= n
	}
	return out
}

// Changes returns the changes scenario i makes to the deal, and each
// term's value as the table shows it. It returns an error for an i out of
// range, or a value too large for the deal's whole number.
func (p *Plan) Changes(i int) ([]Change, []string, error) {
	edits, cols, err := p.edits(i)
	if err != nil {
		return nil, nil, err
	}
	out := make([]Change, len(edits))
	for k, e := range edits {
		out[k] = Change{Path: e.text, Value: text(&e.value)}
	}
	return out, cols, nil
}

// edits returns the edits of scenario i and the terms' column values.
func (p *Plan) edits(i int) ([]edit, []string, error) {
	if p == nil {
		return nil, nil, fmt.Errorf("nil plan: %w", contract.ErrRequired)
	}
	if i < 0 || i >= p.n {
		return nil, nil, fmt.Errorf("scenario %d of %d: %w", i, p.n, contract.ErrRange)
	}
	vals := p.values(i)
	var out []edit
	cols := make([]string, len(vals))
	var errs []error
	for k, v := range vals {
		cols[k] = v.column
		e, err := p.terms[k].edits(v, p.terms[k].label)
		errs = append(errs, err)
		out = append(out, e...)
	}
	return out, cols, errors.Join(errs...)
}

// Document returns the deal of scenario i: the base with the scenario's
// changes made to a copy, decoded as strictly as any deal. It returns the
// errors of [Base.Apply], with the term's path ("terms[1]").
func (p *Plan) Document(i int) (spec.Document, []string, error) {
	edits, cols, err := p.edits(i)
	if err != nil {
		return spec.Document{}, cols, err
	}
	src, err := p.base.patch(edits)
	if err != nil {
		return spec.Document{}, cols, err
	}
	doc, err := decodeChanged(src, edits)
	return doc, cols, err
}

// finite reports whether x is a number: neither NaN nor infinite.
func finite(x float64) bool { return !math.IsNaN(x) && !math.IsInf(x, 0) }
