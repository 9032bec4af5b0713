package spec

import (
	"github.com/jvwaterfall/jvwaterfall/contract"
	"github.com/jvwaterfall/jvwaterfall/tranche"
)

// The equity claims: return of capital, preferred return, catch-up,
// split, IRR and multiple hurdles, preferred equity.
//
// Adding a built-in kind is a row here (or in the file of its family) and
// two small functions, plus documentation:
//
//  1. Pick the kind's name: lower case with underscores, never renamed
//     once released ("irr_hurdle", "take_or_pay").
//  2. Name its JSON fields as its Validate method names them in
//     contract.FieldError paths ("rate.annual", "shares[2].weight"), so
//     that validation errors carry JSON paths unchanged.
//  3. Write decode(o): read every field once through o (a field not read
//     is reported as unknown) and return the tranche, or nil when it
//     cannot be built; do not check what Validate checks: the decoder
//     calls it with the path. Child tranches are o.child / o.Tranches.
//  4. Write encode(t, f): return false when t is not of this kind; else
//     write the fields, without "kind", in a fixed order, leaving out
//     optional fields that hold their default, so that the output is
//     canonical.
//  5. If the tranche takes all cash it is offered (like a split), add it
//     to takesAll (kinds_combinator.go), so that pro_rata refuses it as a
//     child.
//  6. Add a section with a complete example to docs/spec.md; TestSpecDoc
//     decodes every example and round-trips it, and checks that every
//     built-in kind has one. Give the fuzz seeds one too
//     (testdata/fuzz/FuzzDecodeDeal).
//  7. A kind that refers to a loan names a debt tranche decoded before it
//     (o.loanRef, decoder.loans); a source that does resolves it in
//     decoder.after, once the stack is decoded (sources.go).
var equityKinds = []trancheEntry{
	{name: "return_of_capital", decode: decodeReturnOfCapital, encode: encodeReturnOfCapital},
	{name: "preferred_return", decode: decodePreferredReturn, encode: encodePreferredReturn},
	{name: "catch_up", decode: decodeCatchUp, encode: encodeCatchUp},
	{name: "split", decode: decodeSplit, encode: encodeSplit},
	{name: "hurdle", decode: decodeHurdle, encode: encodeHurdle},
	{name: "preferred_equity", decode: decodePreferredEquity, encode: encodePreferredEquity},
}

func trancheID(o *Object) tranche.TrancheID { return tranche.TrancheID(o.name("id", true)) }

// return_of_capital

func decodeReturnOfCapital(o *Object) tranche.Tranche {
	return &tranche.ReturnOfCapital{Name: trancheID(o), Parties: o.parties("parties", true)}
}

func encodeReturnOfCapital(t tranche.Tranche, f *Fields) bool {
	v, ok := t.(*tranche.ReturnOfCapital)
	if !ok {
		return false
	}
	f.String("id", string(v.Name))
	f.Parties("parties", v.Parties)
	return true
}

// preferred_return

var (
	prefBases    = enumNames(func(i int) (string, bool) { return tranche.PrefBase(i).String(), i < 2 })
	prefAccruals = enumNames(func(i int) (string, bool) { return tranche.PrefAccrual(i).String(), i < 2 })
)

func decodePreferredReturn(o *Object) tranche.Tranche {
	return &tranche.PreferredReturn{
		Name:    trancheID(o),
		Parties: o.parties("parties", true),
		Rate:    o.rate("rate", true),
		Base:    tranche.PrefBase(o.enum("base", prefBases)),
		Accrual: tranche.PrefAccrual(o.enum("accrual", prefAccruals)),
	}
}

func encodePreferredReturn(t tranche.Tranche, f *Fields) bool {
	v, ok := t.(*tranche.PreferredReturn)
	if !ok {
		return false
	}
	f.String("id", string(v.Name))
	f.Parties("parties", v.Parties)
	f.Rate("rate", v.Rate)
	f.enum("base", v.Base, tranche.OnUnreturned)
	f.enum("accrual", v.Accrual, tranche.Cumulative)
	return true
}

// catch_up

func decodeCatchUp(o *Object) tranche.Tranche {
	return &tranche.CatchUp{
		Name:      trancheID(o),
		Sponsor:   o.party("sponsor", true),
		Investors: o.parties("investors", true),
		Target:    o.decimal("target", true),
		Rate:      o.decimal("rate", true),
	}
}

func encodeCatchUp(t tranche.Tranche, f *Fields) bool {
	v, ok := t.(*tranche.CatchUp)
	if !ok {
		return false
	}
	f.String("id", string(v.Name))
	f.Party("sponsor", v.Sponsor)
	f.Parties("investors", v.Investors)
	f.Decimal("target", v.Target)
	f.Decimal("rate", v.Rate)
	return true
}

// split

func decodeSplit(o *Object) tranche.Tranche {
	t := &tranche.Split{Name: trancheID(o)}
	elems, path := o.array("shares", true, MaxParties, "MaxParties")
	o.eachOf(elems, path, func(so *Object) { t.Shares = append(t.Shares, decodeShare(so)) })
	if elems != nil && len(elems) == 0 {
		o.d.fail(path, contract.ErrRequired)
	}
	return t
}

func encodeSplit(t tranche.Tranche, f *Fields) bool {
	v, ok := t.(*tranche.Split)
	if !ok {
		return false
	}
	f.String("id", string(v.Name))
	f.shares("shares", v.Shares)
	return true
}

func decodeShare(o *Object) tranche.Share {
	return tranche.Share{Parties: o.parties("parties", true), Weight: o.decimal("weight", true), Promote: o.boolean("promote")}
}

func (f *Fields) shares(key string, ss []tranche.Share) {
	f.Each(key, len(ss), func(i int, sf *Fields) {
		sf.Parties("parties", ss[i].Parties)
		sf.Decimal("weight", ss[i].Weight)
		sf.optBool("promote", ss[i].Promote)
	})
}

// hurdle

func decodeHurdle(o *Object) tranche.Tranche {
	t := &tranche.Hurdle{
		Name:      trancheID(o),
		Investors: o.parties("investors", true),
		Rate:      o.rate("rate", false),
		Multiple:  o.decimal("multiple", false),
	}
	o.each("shares", true, func(so *Object) { t.Shares = append(t.Shares, decodeShare(so)) })
	return t
}

func encodeHurdle(t tranche.Tranche, f *Fields) bool {
	v, ok := t.(*tranche.Hurdle)
	if !ok {
		return false
	}
	f.String("id", string(v.Name))
	f.Parties("investors", v.Investors)
	if r := v.Rate; !r.Annual.IsZero() || r.Compounding != 0 || r.DayCount != 0 {
		f.Rate("rate", v.Rate)
	}
	f.optDecimal("multiple", v.Multiple)
	f.shares("shares", v.Shares)
	return true
}

// preferred_equity

func decodePreferredEquity(o *Object) tranche.Tranche {
	return &tranche.PreferredEquity{
		Name:       trancheID(o),
		Parties:    o.parties("parties", true),
		Coupon:     o.rate("coupon", true),
		CurrentPay: o.decimal("current_pay", false),
		Redemption: o.date("redemption", true),
		Multiple:   o.decimal("multiple", false),
	}
}

func encodePreferredEquity(t tranche.Tranche, f *Fields) bool {
	v, ok := t.(*tranche.PreferredEquity)
	if !ok {
		return false
	}
	f.String("id", string(v.Name))
	f.Parties("parties", v.Parties)
	f.Rate("coupon", v.Coupon)
	f.optDecimal("current_pay", v.CurrentPay)
	f.Date("redemption", v.Redemption)
	f.optDecimal("multiple", v.Multiple)
	return true
}
