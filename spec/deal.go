package spec

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/jvwaterfall/jvwaterfall/contract"
	"github.com/jvwaterfall/jvwaterfall/internal/jsontext"
	"github.com/jvwaterfall/jvwaterfall/tranche"
	"github.com/jvwaterfall/jvwaterfall/waterfall"
)

// The deal's own fields: name, currency, scale, parties, schedule,
// contributions, calls, proceeds, costs, sources and stack.

// roles are the names of the parties' roles.
var roles = enumNames(func(i int) (string, bool) {
	r := waterfall.Role(i)
	return r.String(), r.String() != fmt.Sprintf("Role(%d)", i)
})

// dealNode builds the deal of root, recording its problems; nil if root
// is not an object. The document's fund terms, if any, are read by
// fundTerms.
func (d *decoder) dealNode(root *jsontext.Value) *waterfall.Deal {
	o := d.object("", root, 0)
	if o == nil {
		return nil
	}
	deal := &waterfall.Deal{}
	d.deal = deal
	deal.Name = o.str("name", false)
	deal.Currency = o.str("currency", true)
	if c := deal.Currency; o.Has("currency") && !isCurrencyCode(c) {
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
	if v, path := o.field("stack", true); v != nil {
		deal.Stack = d.tranche(path, v, 1)
	}
	for _, f := range d.after {
		f()
	}
	d.fundTerms(o, deal)
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

func (d *decoder) parties(o *Object) []waterfall.Party {
	elems, path := o.array("parties", true, MaxParties, "MaxParties")
	if elems == nil {
		return nil
	}
	if len(elems) == 0 {
		d.fail(path, contract.ErrRequired)
		return nil // and no party is unknown
	}
	d.known = make(map[tranche.PartyID]bool, len(elems))
	out := make([]waterfall.Party, 0, len(elems))
	for i := range elems {
		po := d.object(jsontext.Index(path, i), &elems[i], 0)
		if po == nil {
			continue
		}
		p := waterfall.Party{
			ID:         tranche.PartyID(po.name("id", true)),
			Name:       po.str("name", false),
			Role:       waterfall.Role(po.role()),
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
func (o *Object) role() int {
	v, path := o.field("role", false)
	if v == nil {
		return int(waterfall.RoleInvestor)
	}
	if v = o.want(v, path, jsontext.String, "a string"); v == nil {
		return 0
	}
	for i, name := range roles {
		if name == v.Text {
			return i
		}
	}
	o.d.failf(path, contract.ErrInvalid, "unknown role %q, want one of %q", v.Text, roles)
	return 0
}

// periods reads "schedule" (regular periods) or "periods" (a start and
// the end of every period).
func (d *decoder) periods(o *Object) []contract.Period {
	switch hasS, hasP := o.Has("schedule"), o.Has("periods"); {
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

func (d *decoder) schedule(so *Object) []contract.Period {
	if so == nil {
		return nil
	}
	s := contract.Schedule{Start: so.date("start", true), End: so.date("end", true), EndOfMonth: so.boolean("end_of_month")}
	if v, path := so.field("frequency", true); so.want(v, path, jsontext.String, "a frequency string") != nil {
		f, err := contract.ParseFrequency(v.Text)
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

func (d *decoder) explicitPeriods(po *Object) []contract.Period {
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
		ends[i] = d.date(jsontext.Index(path, i), &elems[i])
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

func (d *decoder) contributions(o *Object) []waterfall.Contribution {
	var out []waterfall.Contribution
	o.each("contributions", false, func(co *Object) {
		out = append(out, waterfall.Contribution{Date: co.date("date", true), Party: co.party("party", true), Amount: co.decimal("amount", true)})
		co.currency()
	})
	return out
}

func (d *decoder) calls(o *Object) []waterfall.Call {
	var out []waterfall.Call
	o.each("calls", false, func(co *Object) {
		out = append(out, waterfall.Call{Date: co.date("date", true), Amount: co.decimal("amount", true), Parties: co.parties("parties", false)})
		co.currency()
	})
	return out
}

func (d *decoder) flows(o *Object, key string) []contract.Flow {
	var out []contract.Flow
	o.each(key, false, func(fo *Object) {
		out = append(out, contract.Flow{Date: fo.date("date", true), Amount: fo.decimal("amount", true)})
		fo.currency()
	})
	return out
}

func (d *decoder) sources(o *Object) []waterfall.Source {
	elems, path := o.array("sources", false, MaxFlows, "MaxFlows")
	var out []waterfall.Source
	for i := range elems {
		d.source = len(out)
		if s := d.sourceAt(jsontext.Index(path, i), &elems[i]); s != nil {
			out = append(out, s)
		}
	}
	return out
}

// encodeDeal builds the canonical spec of d, a valid deal.
func encodeDeal(kinds *registry, d *waterfall.Deal) (*jsontext.Value, error) {
	e := &encoder{kinds: kinds, scale: d.Scale, stack: d.Stack}
	f := e.root()
	f.optString("name", d.Name)
	f.String("currency", d.Currency)
	f.Int("scale", int64(d.Scale))
	f.Each("parties", len(d.Parties), func(i int, pf *Fields) {
		p := d.Parties[i]
		pf.String("id", string(p.ID))
		pf.optString("name", p.Name)
		pf.enum("role", p.Role, waterfall.RoleInvestor)
		pf.optMoney("commitment", p.Commitment)
		if p.Deal != nil {
			sub, err := encodeDeal(kinds, p.Deal)
			if err != nil {
				e.errs = append(e.errs, contract.Prefix(pf.key("deal"), err))
			} else {
				pf.v.Set("deal", *sub)
			}
		}
	})
	if s, ok := regularSchedule(d.Periods); ok {
		f.Object("schedule", func(sf *Fields) {
			sf.Date("start", s.Start)
			sf.Date("end", s.End)
			sf.v.Set("frequency", jsontext.Str(s.Frequency.String()))
			sf.optBool("end_of_month", s.EndOfMonth)
		})
	} else {
		f.Object("periods", func(pf *Fields) {
			pf.Date("start", d.Periods[0].Start)
			ends := jsontext.Arr()
			for _, p := range d.Periods {
				ends.Push(date(p.End))
			}
			pf.v.Set("ends", ends)
		})
	}
	if len(d.Contributions) > 0 {
		f.Each("contributions", len(d.Contributions), func(i int, cf *Fields) {
			c := d.Contributions[i]
			cf.Date("date", c.Date)
			cf.Party("party", c.Party)
			cf.Money("amount", c.Amount)
		})
	}
	f.calls("calls", d.Calls)
	f.optFlowList("proceeds", d.Proceeds)
	f.optFlowList("costs", d.Costs)
	if len(d.Sources) > 0 {
		path := f.key("sources")
		list := jsontext.Arr()
		for i, s := range d.Sources {
			list.Push(e.source(jsontext.Index(path, i), s))
		}
		f.v.Set("sources", list)
	}
	f.Tranche("stack", d.Stack)
	f.encodeFundTerms(d)
	if len(e.errs) > 0 {
		return nil, errors.Join(e.errs...)
	}
	return &f.v, nil
}

// calls writes a list of capital calls, unless it is empty.
func (f *Fields) calls(key string, cs []waterfall.Call) {
	if len(cs) == 0 {
		return
	}
	f.Each(key, len(cs), func(i int, cf *Fields) {
		cf.Date("date", cs[i].Date)
		cf.Money("amount", cs[i].Amount)
		cf.optParties("parties", cs[i].Parties)
	})
}

// regularSchedule returns the schedule whose periods are ps, if there is
// one: the first frequency, end-of-month rule off before on, that gives
// exactly these periods.
func regularSchedule(ps []contract.Period) (contract.Schedule, bool) {
	if len(ps) == 0 {
		return contract.Schedule{}, false
	}
	start, end := ps[0].Start, ps[len(ps)-1].End
	for f := contract.EveryMonth; f.Valid(); f++ {
		for _, eom := range []bool{false, true} {
			first := contract.AddMonths(start, f.Months(), eom)
			if contract.Days(first, ps[0].End) != 0 && len(ps) > 1 {
				continue
			}
			s := contract.Schedule{Start: start, End: end, Frequency: f, EndOfMonth: eom}
			got, err := s.Periods()
			if err != nil || len(got) != len(ps) {
				continue
			}
			same := true
			for i := range got {
				same = same && sameDay(got[i].Start, ps[i].Start) && sameDay(got[i].End, ps[i].End)
			}
			if same {
				return s, true
			}
		}
	}
	return contract.Schedule{}, false
}

func sameDay(a, b time.Time) bool { return contract.Days(a, b) == 0 }
