package waterfall

import (
	"errors"
	"fmt"
	"slices"
	"time"
	"unicode/utf8"

	"github.com/jvwaterfall/jvwaterfall/contract"
	"github.com/jvwaterfall/jvwaterfall/tranche"
	"github.com/shopspring/decimal"
)

// encoder builds the canonical spec of a deal, collecting errors.
type encoder struct {
	scale int32
	errs  []error
	stack tranche.Tranche // the deal's stack, for references to its loans
}

func (e *encoder) fail(path string, err error) {
	e.errs = append(e.errs, contract.Field(path, err))
}

// str is a string node; a string that is not valid UTF-8 cannot be
// written faithfully and is an error.
func (e *encoder) str(path, s string) jnode {
	if !utf8.ValidString(s) {
		e.fail(path, fmt.Errorf("%w: %q is not valid UTF-8", contract.ErrInvalid, s))
	}
	return jstr(s)
}

// dec writes a decimal plainly, without trailing zeros or exponent:
// "0.08", "1", "-2.5".
func (e *encoder) dec(d decimal.Decimal) jnode { return jstr(plainDecimal(d)) }

// money writes an amount with the deal's decimal places, "1000.00", or
// plainly if it has more.
func (e *encoder) money(d decimal.Decimal) jnode {
	if tranche.IsWhole(d, e.scale) {
		return jstr(d.StringFixed(e.scale))
	}
	return e.dec(d)
}

func plainDecimal(d decimal.Decimal) string {
	n := d.Normalize()
	return n.StringFixed(max(0, -n.Exponent()))
}

func date(t time.Time) jnode { return jstr(t.Format(time.DateOnly)) }

func (e *encoder) parties(path string, ids []tranche.PartyID) jnode {
	n := jarr()
	for i, id := range ids {
		n.push(e.str(index(path, i), string(id)))
	}
	return n
}

func (e *encoder) rate(r contract.Rate) jnode {
	n := jobj()
	n.set("annual", e.dec(r.Annual))
	n.set("compounding", jstr(r.Compounding.String()))
	n.set("day_count", jstr(r.DayCount.String()))
	return n
}

// tranche encodes t with the first kind that claims it.
func (e *encoder) tranche(path string, t tranche.Tranche) jnode {
	if t == nil {
		e.fail(path, contract.ErrRequired)
		return jobj()
	}
	for _, k := range trancheKinds {
		if fields, ok := k.encode(e, path, t); ok {
			n := jobj()
			n.set("kind", jstr(k.kind))
			n.kids = append(n.kids, fields.kids...)
			return n
		}
	}
	e.fail(path, fmt.Errorf("%w: tranche %q of type %T has no kind in the spec", ErrUnknownKind, t.ID(), t))
	return jobj()
}

func (e *encoder) source(path string, s Source) jnode {
	if s == nil {
		e.fail(path, contract.ErrRequired)
		return jobj()
	}
	for _, k := range sourceKinds {
		if fields, ok := k.encode(e, path, s); ok {
			n := jobj()
			n.set("kind", jstr(k.kind))
			n.kids = append(n.kids, fields.kids...)
			return n
		}
	}
	e.fail(path, fmt.Errorf("%w: source %q of type %T has no kind in the spec", ErrUnknownKind, s.Name(), s))
	return jobj()
}

// encodeDeal builds the canonical spec of d, a valid deal.
func encodeDeal(d *Deal) (*jnode, error) {
	e := &encoder{scale: d.Scale, stack: d.Stack}
	root := jobj()
	if d.Name != "" {
		root.set("name", e.str("name", d.Name))
	}
	root.set("currency", e.str("currency", d.Currency))
	root.set("scale", jnum(fmt.Sprint(d.Scale)))

	parties := jarr()
	for i, p := range d.Parties {
		path := index("parties", i)
		n := jobj()
		n.set("id", e.str(path+".id", string(p.ID)))
		if p.Name != "" {
			n.set("name", e.str(path+".name", p.Name))
		}
		if p.Role != RoleInvestor {
			n.set("role", jstr(p.Role.String()))
		}
		if !p.Commitment.IsZero() {
			n.set("commitment", e.money(p.Commitment))
		}
		if p.Deal != nil {
			sub, err := encodeDeal(p.Deal)
			if err != nil {
				e.errs = append(e.errs, contract.Prefix(path+".deal", err))
			} else {
				n.set("deal", *sub)
			}
		}
		parties.push(n)
	}
	root.set("parties", parties)

	if s, ok := regularSchedule(d.Periods); ok {
		n := jobj()
		n.set("start", date(s.Start))
		n.set("end", date(s.End))
		n.set("frequency", jstr(s.Frequency.String()))
		if s.EndOfMonth {
			n.set("end_of_month", jbool(true))
		}
		root.set("schedule", n)
	} else {
		n := jobj()
		n.set("start", date(d.Periods[0].Start))
		ends := jarr()
		for _, p := range d.Periods {
			ends.push(date(p.End))
		}
		n.set("ends", ends)
		root.set("periods", n)
	}

	if len(d.Contributions) > 0 {
		list := jarr()
		for i, c := range d.Contributions {
			n := jobj()
			n.set("date", date(c.Date))
			n.set("party", e.str(index("contributions", i)+".party", string(c.Party)))
			n.set("amount", e.money(c.Amount))
			list.push(n)
		}
		root.set("contributions", list)
	}
	if len(d.Calls) > 0 {
		list := jarr()
		for i, c := range d.Calls {
			n := jobj()
			n.set("date", date(c.Date))
			n.set("amount", e.money(c.Amount))
			if len(c.Parties) > 0 {
				n.set("parties", e.parties(index("calls", i)+".parties", c.Parties))
			}
			list.push(n)
		}
		root.set("calls", list)
	}
	for _, fl := range []struct {
		key   string
		flows []contract.Flow
	}{{"proceeds", d.Proceeds}, {"costs", d.Costs}} {
		if len(fl.flows) == 0 {
			continue
		}
		list := jarr()
		for _, f := range fl.flows {
			n := jobj()
			n.set("date", date(f.Date))
			n.set("amount", e.money(f.Amount))
			list.push(n)
		}
		root.set(fl.key, list)
	}
	if len(d.Sources) > 0 {
		list := jarr()
		for i, s := range d.Sources {
			list.push(e.source(index("sources", i), s))
		}
		root.set("sources", list)
	}
	root.set("stack", e.tranche("stack", d.Stack))
	e.encodeExtras(&root, d)
	if len(e.errs) > 0 {
		return nil, errors.Join(e.errs...)
	}
	return &root, nil
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

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
