package waterfall

import (
	"fmt"

	"github.com/jvwaterfall/jvwaterfall/contract"
	"github.com/jvwaterfall/jvwaterfall/tranche"
)

// The kinds of the deal spec: one row per tranche type and per source
// type, each with the function that decodes its fields and the one that
// encodes them. DecodeDeal and EncodeDeal know nothing else about them.
//
// Adding a kind (a new tranche or source type) is one row and two small
// functions here, plus documentation:
//
//  1. Pick the kind's name: lower case with underscores, never renamed
//     once released ("irr_hurdle", "take_or_pay").
//  2. Name its JSON fields as its Validate method names them in
//     contract.FieldError paths ("rate.annual", "shares[2].weight"), so
//     that validation errors carry JSON paths unchanged. Decimals are
//     strings (o.decimal), dates "YYYY-MM-DD" (o.date), rates objects
//     (o.rate), party IDs o.party / o.parties (which check the party
//     exists), child tranches d.tranche / d.children with depth+1.
//  3. Write decode(d, o, depth): read every field once through o (a field
//     not read is reported as unknown), return the value or nil; do not
//     validate what Validate checks, the decoder calls it with the path.
//  4. Write encode(e, path, t): return (nil, false) when t is not of this
//     kind, and (nil, true) when it is but e is nil (a question only:
//     "is t of this kind?"); else the fields, without "kind", in a fixed
//     order, leaving out optional fields that hold their default, so that
//     the output is canonical. Use e.str, e.money (amounts of money),
//     e.dec (rates, weights), e.rate, e.parties, e.tranche for children.
//  5. If the tranche takes all cash it is offered (like a split), set
//     takesAll, so that pro_rata rejects it as a child.
//  6. Add a row to trancheKinds (or sourceKinds) and a section with a
//     complete example to docs/spec.md; TestSpecDoc decodes every example
//     and round-trips it, and the fuzz seeds should get one too
//     (testdata/fuzz/FuzzDecodeDeal).
//  7. Deals nest through a party's "deal", written inline
//     (spec_deal_more.go): each is decoded by its own decoder, at most
//     MaxDealDepth deep, and a currency other than the deal's is
//     ErrCurrencyMismatch. JSON written inline cannot hold itself; a Go
//     deal that does is refused by MarshalDeal, which calls checkCycles
//     with the graph of which deal holds which (an ErrCycle error). A kind
//     that refers to a deal by name must do the same.
//  8. A kind that refers to a loan names a debt tranche decoded before it
//     (o.loanRef, d.loans); a source that does resolves it in d.after,
//     once the stack is decoded.

// trancheKind is a row of the tranche table.
type trancheKind struct {
	kind     string
	decode   func(d *decoder, o *object, depth int) tranche.Tranche
	encode   func(e *encoder, path string, t tranche.Tranche) (*jnode, bool)
	takesAll func(t tranche.Tranche) bool // claim unbounded; nil means never
}

// sourceKind is a row of the source table.
type sourceKind struct {
	kind   string
	decode func(d *decoder, o *object) Source
	encode func(e *encoder, path string, s Source) (*jnode, bool)
}

// trancheKinds lists the tranche kinds of the spec; encoding tries them in
// order. It is set in init because its functions refer to it.
var trancheKinds []trancheKind

func init() {
	trancheKinds = []trancheKind{
		{kind: "return_of_capital", decode: decodeReturnOfCapital, encode: encodeReturnOfCapital},
		{kind: "preferred_return", decode: decodePreferredReturn, encode: encodePreferredReturn},
		{kind: "catch_up", decode: decodeCatchUp, encode: encodeCatchUp},
		{kind: "split", decode: decodeSplit, encode: encodeSplit, takesAll: func(tranche.Tranche) bool { return true }},
		{kind: "sequence", decode: decodeSequence, encode: encodeCombinator("sequence", "tranches"), takesAll: anyChildTakesAll},
		{kind: "pro_rata", decode: decodeProRata, encode: encodeCombinator("pro_rata", "tranches")},
		{kind: "cap", decode: decodeCap, encode: encodeCap},
	}
}

// sourceKinds lists the source kinds of the spec; spec_kinds_more.go adds
// the contract sources (loans, take-or-pay, energy, opex, capex).
var sourceKinds = []sourceKind{}

func trancheKindNamed(name string) *trancheKind {
	for i := range trancheKinds {
		if trancheKinds[i].kind == name {
			return &trancheKinds[i]
		}
	}
	return nil
}

func trancheKindNames() []string {
	names := make([]string, len(trancheKinds))
	for i, k := range trancheKinds {
		names[i] = k.kind
	}
	return names
}

func sourceKindNamed(name string) *sourceKind {
	for i := range sourceKinds {
		if sourceKinds[i].kind == name {
			return &sourceKinds[i]
		}
	}
	return nil
}

func sourceKindNames() []string {
	names := make([]string, len(sourceKinds))
	for i, k := range sourceKinds {
		names[i] = k.kind
	}
	return names
}

// takesAll reports whether t claims all cash it is offered, as far as the
// spec's kinds tell.
func takesAll(t tranche.Tranche) bool {
	for _, k := range trancheKinds {
		if _, ok := k.encode(nil, "", t); ok {
			return k.takesAll != nil && k.takesAll(t)
		}
	}
	return false
}

func anyChildTakesAll(t tranche.Tranche) bool {
	p, ok := t.(tranche.Parent)
	if !ok {
		return false
	}
	for _, c := range p.Children() {
		if takesAll(c) {
			return true
		}
	}
	return false
}

// rate reads a contract.Rate: {"annual": "0.08", "compounding":
// "annual", "day_count": "ACT/365F"}; day_count defaults to ACT/365F.
func (o *object) rate(key string, required bool) contract.Rate {
	ro := o.obj(key, required)
	if ro == nil {
		return contract.Rate{}
	}
	r := contract.Rate{Annual: ro.decimal("annual", true)}
	if n, path := ro.field("compounding", true); ro.want(n, path, jString, "a compounding string") != nil {
		c, err := contract.ParseCompounding(n.text)
		if err != nil {
			o.d.fail(path, err)
		}
		r.Compounding = c
	}
	if n, path := ro.field("day_count", false); ro.want(n, path, jString, "a day count string") != nil {
		dc, err := contract.ParseDayCount(n.text)
		if err != nil {
			o.d.fail(path, err)
		}
		r.DayCount = dc
	}
	ro.done()
	return r
}

// Tranche kinds: decoders.

func decodeReturnOfCapital(_ *decoder, o *object, _ int) tranche.Tranche {
	return &tranche.ReturnOfCapital{Name: tranche.TrancheID(o.name("id", true)), Parties: o.parties("parties", true)}
}

func decodePreferredReturn(_ *decoder, o *object, _ int) tranche.Tranche {
	t := &tranche.PreferredReturn{
		Name:    tranche.TrancheID(o.name("id", true)),
		Parties: o.parties("parties", true),
		Rate:    o.rate("rate", true),
	}
	prefOptions(o, t)
	return t
}

func decodeCatchUp(_ *decoder, o *object, _ int) tranche.Tranche {
	return &tranche.CatchUp{
		Name:      tranche.TrancheID(o.name("id", true)),
		Sponsor:   o.party("sponsor", true),
		Investors: o.parties("investors", true),
		Target:    o.decimal("target", true),
		Rate:      o.decimal("rate", true),
	}
}

func decodeSplit(d *decoder, o *object, _ int) tranche.Tranche {
	t := &tranche.Split{Name: tranche.TrancheID(o.name("id", true))}
	elems, path := o.array("shares", true, MaxParties, "MaxParties")
	for i := range elems {
		so := d.object(index(path, i), &elems[i])
		if so == nil {
			continue
		}
		t.Shares = append(t.Shares, tranche.Share{
			Parties: so.parties("parties", true),
			Weight:  so.decimal("weight", true),
			Promote: so.boolean("promote"),
		})
		so.done()
	}
	if elems != nil && len(elems) == 0 {
		d.fail(path, contract.ErrRequired)
	}
	return t
}

func decodeSequence(d *decoder, o *object, depth int) tranche.Tranche {
	ts := d.children(o, "tranches", depth)
	if ts == nil {
		return nil
	}
	return tranche.Sequence(ts...)
}

func decodeProRata(d *decoder, o *object, depth int) tranche.Tranche {
	ts := d.children(o, "tranches", depth)
	if ts == nil {
		return nil
	}
	for i, t := range ts {
		if takesAll(t) {
			d.fail(index(subPath(o.path, "tranches"), i), fmt.Errorf("%w: a pro_rata child must have a bounded claim; put a split in a cap", tranche.ErrUnbounded))
		}
	}
	return tranche.ProRata(ts...)
}

func decodeCap(d *decoder, o *object, depth int) tranche.Tranche {
	limit := o.decimal("limit", true)
	n, path := o.field("tranche", true)
	if n == nil {
		return nil
	}
	t := d.tranche(path, n, depth+1)
	if t == nil {
		return nil
	}
	return tranche.Cap(limit, t)
}

// Tranche kinds: encoders.

func encodeReturnOfCapital(e *encoder, path string, t tranche.Tranche) (*jnode, bool) {
	v, ok := t.(*tranche.ReturnOfCapital)
	if !ok || e == nil {
		return nil, ok
	}
	n := jobj()
	n.set("id", e.str(path+".id", string(v.Name)))
	n.set("parties", e.parties(path+".parties", v.Parties))
	return &n, true
}

func encodePreferredReturn(e *encoder, path string, t tranche.Tranche) (*jnode, bool) {
	v, ok := t.(*tranche.PreferredReturn)
	if !ok || e == nil {
		return nil, ok
	}
	n := jobj()
	n.set("id", e.str(path+".id", string(v.Name)))
	n.set("parties", e.parties(path+".parties", v.Parties))
	n.set("rate", e.rate(v.Rate))
	encodePrefOptions(&n, v)
	return &n, true
}

func encodeCatchUp(e *encoder, path string, t tranche.Tranche) (*jnode, bool) {
	v, ok := t.(*tranche.CatchUp)
	if !ok || e == nil {
		return nil, ok
	}
	n := jobj()
	n.set("id", e.str(path+".id", string(v.Name)))
	n.set("sponsor", e.str(path+".sponsor", string(v.Sponsor)))
	n.set("investors", e.parties(path+".investors", v.Investors))
	n.set("target", e.dec(v.Target))
	n.set("rate", e.dec(v.Rate))
	return &n, true
}

func encodeSplit(e *encoder, path string, t tranche.Tranche) (*jnode, bool) {
	v, ok := t.(*tranche.Split)
	if !ok || e == nil {
		return nil, ok
	}
	n := jobj()
	n.set("id", e.str(path+".id", string(v.Name)))
	shares := jarr()
	for i, s := range v.Shares {
		sn := jobj()
		sn.set("parties", e.parties(index(path+".shares", i)+".parties", s.Parties))
		sn.set("weight", e.dec(s.Weight))
		if s.Promote {
			sn.set("promote", jbool(true))
		}
		shares.push(sn)
	}
	n.set("shares", shares)
	return &n, true
}

// encodeCombinator encodes the combinators whose only terms are their
// children.
func encodeCombinator(name, key string) func(e *encoder, path string, t tranche.Tranche) (*jnode, bool) {
	return func(e *encoder, path string, t tranche.Tranche) (*jnode, bool) {
		c, ok := t.(tranche.Combinator)
		if !ok || c.Combinator() != name {
			return nil, false
		}
		if e == nil {
			return nil, true
		}
		n := jobj()
		kids := jarr()
		for i, child := range c.Children() {
			kids.push(e.tranche(index(path+"."+key, i), child))
		}
		n.set(key, kids)
		return &n, true
	}
}

func encodeCap(e *encoder, path string, t tranche.Tranche) (*jnode, bool) {
	c, ok := t.(tranche.Combinator)
	l, hasLimit := t.(tranche.Limiter)
	if !ok || !hasLimit || c.Combinator() != "cap" || len(c.Children()) != 1 {
		return nil, false
	}
	if e == nil {
		return nil, true
	}
	n := jobj()
	n.set("limit", e.money(l.Limit()))
	n.set("tranche", e.tranche(path+".tranche", c.Children()[0]))
	return &n, true
}

// checkCycles reports a cycle in graph, which maps each deal to the deals
// it holds, as an ErrCycle error at path naming the deals on the cycle,
// such as `fund -> jv -> fund`. Kinds that nest deals call it (see the
// checklist above); it is nil when there is no cycle.
func checkCycles(path string, graph map[string][]string) error {
	const (
		unseen = iota
		active
		finished
	)
	state := map[string]int{}
	var stack []string
	var visit func(n string) []string
	visit = func(n string) []string {
		state[n] = active
		stack = append(stack, n)
		for _, m := range graph[n] {
			switch state[m] {
			case active:
				for i, s := range stack {
					if s == m {
						return append(append([]string(nil), stack[i:]...), m)
					}
				}
			case unseen:
				if c := visit(m); c != nil {
					return c
				}
			}
		}
		stack = stack[:len(stack)-1]
		state[n] = finished
		return nil
	}
	for _, n := range sortedKeys(graph) {
		if state[n] == unseen {
			if c := visit(n); c != nil {
				msg := c[0]
				for _, s := range c[1:] {
					msg += " -> " + s
				}
				return contract.Field(path, fmt.Errorf("%w: %s", ErrCycle, msg))
			}
		}
	}
	return nil
}
