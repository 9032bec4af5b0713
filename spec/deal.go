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
// contributions, calls, proceeds, costs, own_dates, sources and stack.

// roles are the names of the parties' roles.
var roles = enumNames(func(i int) (string, bool) {
	r := waterfall.Role(i)
	return r.String(), r.String() != fmt.Sprintf("Role(%d)", i)
})

// header holds the fields deals and funds share.
type header struct {
	name     string
	currency string
	scale    int32
	rounding tranche.Rounding
	parties  []waterfall.Party
	periods  []contract.Period
}

// roundings are the names of the rounding policies.
var roundings = enumNames(func(i int) (string, bool) { r := tranche.Rounding(i); return r.String(), r.Valid() })

// header reads the fields deals and funds share: name, currency, scale,
// rounding, parties and schedule.
func (d *decoder) header(o *Object) header {
	var h header
	h.name = o.str("name", false)
	h.currency = o.str("currency", true)
	if err := contract.CheckCurrency(h.currency); o.Has("currency") && err != nil {
		d.fail("currency", err)
	}
	d.currency = h.currency
	h.scale = int32(o.integer("scale", true, 0, 8))
	if d.hasErrorsUnder("scale") {
		// The scale is wrong or missing, and that error says so: check the
		// amounts at the finest scale the spec allows, so that each does
		// not report the same mistake again as digits beyond the minor unit.
		h.scale = 8
	}
	if o.Has("rounding") {
		h.rounding = tranche.Rounding(o.enum("rounding", roundings))
	}
	h.parties = d.parties(o)
	h.periods = d.periods(o)
	d.dealPeriods, d.scale = h.periods, h.scale
	return h
}

// dealNode builds the deal of root, recording its problems; nil if root
// is not an object.
func (d *decoder) dealNode(root *jsontext.Value) *waterfall.Deal {
	o := d.object("", root, 0)
	if o == nil {
		return nil
	}
	h := d.header(o)
	deal := &waterfall.Deal{Name: h.name, Currency: h.currency, Scale: h.scale, Rounding: h.rounding, Parties: h.parties, Periods: h.periods}
	d.deal = deal
	deal.Contributions = d.contributions(o)
	deal.Calls = d.calls(o)
	deal.Proceeds = d.flows(o, "proceeds")
	deal.Costs = d.flows(o, "costs")
	deal.OwnDates = o.boolean("own_dates")
	deal.Sources = d.sources(o)
	deal.Contributions = append(deal.Contributions, refreshCalls(deal)...)
	if v, path := o.field("stack", true); v != nil {
		deal.Stack = d.tranche(path, v, 1)
	}
	for _, f := range d.after {
		f()
	}
	deal.Fees = d.fees(o)
	for _, key := range []string{"investments", "american"} {
		if o.Has(key) {
			o.field(key, false)
			d.fail(key, fmt.Errorf("%w %q: a deal has none; the document is a fund: decode it with DecodeFund or Decode", ErrUnknownField, key))
		}
	}
	o.done()
	d.addValidation(deal.Validate(), map[string]bool{"stack": deal.Stack != nil})
	return deal
}

// addValidation records the errors of a Validate method that the decoder
// has not reported already: not those about the periods (the decoder
// reads them as a whole), not those at or below a path where it recorded
// an error, and not those about a stack it could not decode or found
// errors in. stacks maps the path of each stack to whether it was
// decoded.
func (d *decoder) addValidation(err error, stacks map[string]bool) {
	if err == nil {
		return
	}
	var keep []error
	for _, e := range contract.Errors(err) {
		var fe *contract.FieldError
		if errors.As(e, &fe) {
			decoded, isStack := stacks[fe.Path]
			if fe.Path == "periods" || strings.HasPrefix(fe.Path, "periods[") ||
				isStack && (!decoded || d.hasErrorsUnder(fe.Path)) || d.hasErrorsAbove(fe.Path) {
				continue
			}
		}
		keep = append(keep, e)
	}
	d.add("", errors.Join(keep...))
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
			d.fail(path, fmt.Errorf("%w%s", err, didYouMean(v.Text, frequencies)))
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
	f.header(header{name: d.Name, currency: d.Currency, scale: d.Scale, rounding: d.Rounding, parties: d.Parties, periods: d.Periods})
	if contribs := withoutRefreshCalls(d); len(contribs) > 0 {
		f.Each("contributions", len(contribs), func(i int, cf *Fields) {
			c := contribs[i]
			cf.Date("date", c.Date)
			cf.Party("party", c.Party)
			cf.Money("amount", c.Amount)
		})
	}
	f.calls("calls", d.Calls)
	f.optFlowList("proceeds", d.Proceeds)
	f.optFlowList("costs", d.Costs)
	f.optBool("own_dates", d.OwnDates)
	if len(d.Sources) > 0 {
		path := f.key("sources")
		list := jsontext.Arr()
		for i, s := range d.Sources {
			list.Push(e.source(jsontext.Index(path, i), s))
		}
		f.v.Set("sources", list)
	}
	f.Tranche("stack", d.Stack)
	f.fees(d.Fees)
	if len(e.errs) > 0 {
		return nil, errors.Join(e.errs...)
	}
	return &f.v, nil
}

// header writes the fields deals and funds share.
func (f *Fields) header(h header) {
	f.optString("name", h.name)
	f.String("currency", h.currency)
	f.Int("scale", int64(h.scale))
	f.enum("rounding", h.rounding, tranche.RoundUp)
	f.Each("parties", len(h.parties), func(i int, pf *Fields) {
		p := h.parties[i]
		pf.String("id", string(p.ID))
		pf.optString("name", p.Name)
		pf.enum("role", p.Role, waterfall.RoleInvestor)
		pf.optMoney("commitment", p.Commitment)
		if p.Deal != nil {
			sub, err := encodeDeal(f.e.kinds, p.Deal)
			if err != nil {
				f.e.errs = append(f.e.errs, contract.Prefix(pf.key("deal"), err))
			} else {
				pf.v.Set("deal", *sub)
			}
		}
	})
	if s, ok := regularSchedule(h.periods); ok {
		f.Object("schedule", func(sf *Fields) {
			sf.Date("start", s.Start)
			sf.Date("end", s.End)
			sf.v.Set("frequency", jsontext.Str(s.Frequency.String()))
			sf.optBool("end_of_month", s.EndOfMonth)
		})
	} else {
		f.Object("periods", func(pf *Fields) {
			pf.Date("start", h.periods[0].Start)
			ends := jsontext.Arr()
			for _, p := range h.periods {
				ends.Push(date(p.End))
			}
			pf.v.Set("ends", ends)
		})
	}
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
