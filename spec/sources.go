package spec

import (
	"fmt"
	"strings"
	"time"

	"github.com/jvwaterfall/jvwaterfall/contract"
	"github.com/jvwaterfall/jvwaterfall/internal/jsontext"
	"github.com/jvwaterfall/jvwaterfall/source"
	"github.com/jvwaterfall/jvwaterfall/tranche"
	"github.com/jvwaterfall/jvwaterfall/waterfall"
)

// The sources of cash of package source: loan draws, take-or-pay
// income, energy, operating and capital costs. Each is written at the
// deal's scale; the decoder runs each over the deal's periods, as a run
// would, to report its problems with paths.
var sourceKinds = []sourceEntry{
	{name: "loan_funding", decode: decodeLoanFunding, encode: encodeLoanFunding},
	{name: "take_or_pay_income", decode: decodeTakeOrPayIncome, encode: encodeTakeOrPayIncome},
	{name: "energy_cost", decode: decodeEnergyCost, encode: encodeEnergyCost},
	{name: "opex_cost", decode: decodeOpexCost, encode: encodeOpexCost},
	{name: "capex_refresh", decode: decodeCapexRefresh, encode: encodeCapexRefresh},
}

var dayCounts = enumNames(func(i int) (string, bool) { return contract.DayCount(i).String(), contract.DayCount(i).Valid() })

// checkSource runs s over the deal's periods, as a run would, and reports
// its problems under the source's path.
func (d *decoder) checkSource(path string, s waterfall.Source) {
	if d.dealPeriods == nil || d.hasErrorsUnder(path) || !d.budget(path) {
		return
	}
	if _, err := s.Cash(d.dealPeriods); err != nil {
		d.addUsageErrors(path, err)
	}
}

// checkScale reports a source at another scale than the deal's: the spec
// gives sources the deal's.
func (f *Fields) checkScale(scale int32) {
	if scale != f.e.scale {
		f.fail("scale", fmt.Errorf("%d, the deal's is %d: %w", scale, f.e.scale, contract.ErrInvalid))
	}
}

// loan_funding

func decodeLoanFunding(o *Object) waterfall.Source {
	d := o.d
	label := o.name("name", true)
	id := o.name("loan", true)
	if id == "" {
		return nil
	}
	i, deal, path := d.source, d.deal, jsontext.Join(o.path, "loan")
	d.after = append(d.after, func() {
		l, ok := d.loans[tranche.TrancheID(id)]
		if ok && l == nil {
			return // the loan is wrong, and reported
		}
		if !ok {
			if !d.hasErrorsUnder("stack") {
				d.failf(path, contract.ErrInvalid, "no debt tranche %q in the stack", id)
			}
			return
		}
		if i < len(deal.Sources) {
			deal.Sources[i] = source.LoanFunding{Label: label, Plan: l.Plan}
		}
	})
	return source.LoanFunding{Label: label}
}

func encodeLoanFunding(s waterfall.Source, f *Fields) bool {
	v, ok := s.(source.LoanFunding)
	if !ok {
		return false
	}
	f.String("name", v.Label)
	var id tranche.TrancheID
	walk(f.e.stack, func(t tranche.Tranche) {
		if dt, ok := t.(*tranche.Debt); ok && dt.Plan == v.Plan && id == "" {
			id = dt.Name
		}
	})
	if id == "" {
		f.fail("loan", fmt.Errorf("the plan is not that of a debt tranche of the stack: %w", contract.ErrInvalid))
	}
	f.String("loan", string(id))
	return true
}

// walk calls f on t and every tranche below it.
func walk(t tranche.Tranche, f func(tranche.Tranche)) {
	if isNil(t) {
		return
	}
	f(t)
	if p, ok := t.(tranche.Parent); ok {
		for _, c := range p.Children() {
			walk(c, f)
		}
	}
}

// take_or_pay_income

func decodeTakeOrPayIncome(o *Object) waterfall.Source {
	s := source.TakeOrPayIncome{Label: o.name("name", true), Terms: o.takeOrPay("terms"), Usage: o.decimals("usage", true), Scale: o.d.scale}
	o.d.checkSource(o.path, s)
	return s
}

func encodeTakeOrPayIncome(s waterfall.Source, f *Fields) bool {
	v, ok := s.(source.TakeOrPayIncome)
	if !ok {
		return false
	}
	f.String("name", v.Label)
	f.Object("terms", func(tf *Fields) { tf.takeOrPay(v.Terms) })
	f.Decimals("usage", v.Usage)
	f.checkScale(v.Scale)
	return true
}

// energy_cost

func decodeEnergyCost(o *Object) waterfall.Source {
	s := source.EnergyCost{Label: o.name("name", true), Scale: o.d.scale}
	if to := o.obj("terms", true); to != nil {
		s.Terms = contract.Energy{Load: to.decimals("load", true), Price: to.decimals("price", true), PassThrough: to.decimal("pass_through", false)}
		to.done()
	}
	o.d.checkSource(o.path, s)
	return s
}

func encodeEnergyCost(s waterfall.Source, f *Fields) bool {
	v, ok := s.(source.EnergyCost)
	if !ok {
		return false
	}
	f.String("name", v.Label)
	f.Object("terms", func(tf *Fields) {
		tf.Decimals("load", v.Terms.Load)
		tf.Decimals("price", v.Terms.Price)
		tf.optDecimal("pass_through", v.Terms.PassThrough)
	})
	f.checkScale(v.Scale)
	return true
}

// opex_cost

func decodeOpexCost(o *Object) waterfall.Source {
	s := source.OpexCost{Label: o.name("name", true), Scale: o.d.scale}
	if to := o.obj("terms", true); to != nil {
		s.Terms = contract.Opex{
			Annual:     to.decimal("annual", true),
			Start:      to.date("start", true),
			End:        to.date("end", false),
			Escalation: to.escalation("escalation"),
			DayCount:   contract.DayCount(to.enum("day_count", dayCounts)),
		}
		to.done()
	}
	o.d.checkSource(o.path, s)
	return s
}

func encodeOpexCost(s waterfall.Source, f *Fields) bool {
	v, ok := s.(source.OpexCost)
	if !ok {
		return false
	}
	f.String("name", v.Label)
	f.Object("terms", func(tf *Fields) {
		tf.Money("annual", v.Terms.Annual)
		tf.Date("start", v.Terms.Start)
		tf.optDate("end", v.Terms.End)
		tf.escalation("escalation", v.Terms.Escalation)
		tf.enum("day_count", v.Terms.DayCount, contract.ACT365F)
	})
	f.checkScale(v.Scale)
	return true
}

// capex_refresh

// refreshCalls returns the contributions that the deal's capex_refresh
// sources call from their funders ([source.CapexRefresh.Contributions]),
// from its parties and dated inside its schedule: a spec books them,
// where a Go caller adds them itself. A refresh whose terms fail has none
// here; the error is the source's.
func refreshCalls(d *waterfall.Deal) []waterfall.Contribution {
	var out []waterfall.Contribution
	var known map[tranche.PartyID]bool
	for _, s := range d.Sources {
		r, ok := s.(source.CapexRefresh)
		if !ok {
			continue
		}
		if known == nil {
			known = make(map[tranche.PartyID]bool, len(d.Parties))
			for _, p := range d.Parties {
				known[p.ID] = true
			}
		}
		calls, err := r.Contributions()
		if err != nil {
			continue
		}
		for _, c := range calls {
			_, in := contract.PeriodIndex(d.Periods, c.Date)
			if in && known[c.Party] {
				out = append(out, c)
			}
		}
	}
	return out
}

// withoutRefreshCalls is contribs less one of each contribution the
// capex_refresh sources call (the last that matches), which the decoder
// adds again: a spec lists only the contributions of its own.
func withoutRefreshCalls(d *waterfall.Deal) []waterfall.Contribution {
	contribs, calls := d.Contributions, refreshCalls(d)
	if len(calls) == 0 {
		return contribs
	}
	type key struct {
		party        tranche.PartyID
		date, amount string // the instant, and the number without trailing zeros: what Equal compares
	}
	keyOf := func(c waterfall.Contribution) key {
		a := c.Amount.String()
		if strings.Contains(a, ".") {
			a = strings.TrimRight(strings.TrimRight(a, "0"), ".")
		}
		return key{c.Party, c.Date.UTC().Format(time.RFC3339Nano), a}
	}
	drop := make(map[key]int, len(calls))
	for _, c := range calls {
		drop[keyOf(c)]++
	}
	// From the end, so that the last of equal contributions go: one pass.
	keep := make([]bool, len(contribs))
	for i := len(contribs) - 1; i >= 0; i-- {
		k := keyOf(contribs[i])
		if keep[i] = drop[k] == 0; !keep[i] {
			drop[k]--
		}
	}
	out := make([]waterfall.Contribution, 0, len(contribs))
	for i, c := range contribs {
		if keep[i] {
			out = append(out, c)
		}
	}
	return out
}

func decodeCapexRefresh(o *Object) waterfall.Source {
	s := source.CapexRefresh{Label: o.name("name", true), Scale: o.d.scale}
	if to := o.obj("terms", true); to != nil {
		if ao := to.obj("asset", true); ao != nil {
			s.Terms.Asset = contract.Asset{Cost: ao.decimal("cost", true), Salvage: ao.decimal("salvage", false),
				InService: ao.date("in_service", true), Life: int(ao.integer("life", true, 0, MaxMonths))}
			ao.done()
		}
		if bo := to.obj("obsolescence", false); bo != nil {
			s.Terms.Obsolescence = contract.Obsolescence{Date: bo.date("date", false), Refresh: bo.decimal("refresh", false),
				Life: int(bo.integer("life", false, 0, MaxMonths)), Salvage: bo.decimal("salvage", false)}
			bo.done()
		}
		to.done()
	}
	if fo := o.obj("funding", false); fo != nil {
		fo.each("commitments", false, func(co *Object) {
			s.Funding.Commitments = append(s.Funding.Commitments, contract.Commitment{Party: string(co.party("party", true)), Amount: co.decimal("amount", true)})
		})
		fo.each("defaults", false, func(do *Object) {
			s.Funding.Defaults = append(s.Funding.Defaults, contract.Default{Party: string(do.party("party", true)), Funded: do.decimal("funded", false)})
		})
		s.Funding.Penalty = fo.decimal("penalty", false)
		fo.done()
	}
	o.d.checkSource(o.path, s)
	return s
}

func encodeCapexRefresh(s waterfall.Source, f *Fields) bool {
	v, ok := s.(source.CapexRefresh)
	if !ok {
		return false
	}
	f.String("name", v.Label)
	f.Object("terms", func(tf *Fields) {
		a := v.Terms.Asset
		tf.Object("asset", func(af *Fields) {
			af.Money("cost", a.Cost)
			af.optMoney("salvage", a.Salvage)
			af.Date("in_service", a.InService)
			af.Int("life", int64(a.Life))
		})
		if b := v.Terms.Obsolescence; !b.Date.IsZero() || !b.Refresh.IsZero() || b.Life != 0 || !b.Salvage.IsZero() {
			tf.Object("obsolescence", func(bf *Fields) {
				bf.optDate("date", b.Date)
				bf.optMoney("refresh", b.Refresh)
				bf.optInt("life", b.Life)
				bf.optMoney("salvage", b.Salvage)
			})
		}
	})
	if fu := v.Funding; len(fu.Commitments) > 0 || len(fu.Defaults) > 0 || !fu.Penalty.IsZero() {
		f.Object("funding", func(ff *Fields) {
			if len(fu.Commitments) > 0 {
				ff.Each("commitments", len(fu.Commitments), func(i int, cf *Fields) {
					cf.String("party", fu.Commitments[i].Party)
					cf.Money("amount", fu.Commitments[i].Amount)
				})
			}
			if len(fu.Defaults) > 0 {
				ff.Each("defaults", len(fu.Defaults), func(i int, df *Fields) {
					df.String("party", fu.Defaults[i].Party)
					df.optDecimal("funded", fu.Defaults[i].Funded)
				})
			}
			ff.optDecimal("penalty", fu.Penalty)
		})
	}
	f.checkScale(v.Scale)
	return true
}
