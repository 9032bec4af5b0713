package spec

import (
	"github.com/jvwaterfall/jvwaterfall/contract"
	"github.com/jvwaterfall/jvwaterfall/internal/jsontext"
	"github.com/jvwaterfall/jvwaterfall/tranche"
)

// The capital stack's debt: loans, their covenants and reserves. A
// covenant or reserve names a debt tranche decoded before it; the
// decoder keeps them in decoder.loans.
var debtKinds = []trancheEntry{
	{name: "debt", decode: decodeDebt, encode: encodeDebt},
	{name: "covenant", decode: decodeCovenant, encode: encodeCovenant},
	{name: "reserve", decode: decodeReserve, encode: encodeReserve},
}

var (
	amortizations = enumNames(func(i int) (string, bool) { return contract.Amortization(i).String(), contract.Amortization(i).Valid() })
	frequencies   = enumNames(func(i int) (string, bool) { return contract.Frequency(i).String(), contract.Frequency(i).Valid() })
)

// debt

func decodeDebt(o *Object) tranche.Tranche {
	id := trancheID(o)
	lender := o.party("lender", true)
	l, ok := o.loan("loan")
	var plan *contract.LoanPlan
	if ok {
		plan = o.d.plan(jsontext.Join(o.path, "loan"), l)
	}
	if plan == nil {
		if _, seen := o.d.loans[id]; !seen && id != "" {
			o.d.loans[id] = nil // references to it are not reported again
		}
		return nil
	}
	t := &tranche.Debt{Name: id, Lender: lender, Plan: plan}
	if _, dup := o.d.loans[id]; !dup && id != "" {
		o.d.loans[id] = t
	}
	return t
}

func encodeDebt(t tranche.Tranche, f *Fields) bool {
	v, ok := t.(*tranche.Debt)
	if !ok {
		return false
	}
	f.String("id", string(v.Name))
	f.Party("lender", v.Lender)
	if v.Plan == nil {
		f.fail("loan", contract.ErrRequired)
		return true
	}
	f.Object("loan", func(lf *Fields) { lf.loan(v.Plan.Loan()) })
	return true
}

// plan lays a loan over the deal's periods, reporting its problems under
// path; nil if it cannot.
func (d *decoder) plan(path string, l contract.Loan) *contract.LoanPlan {
	if d.dealPeriods == nil || !d.budget(path) {
		return nil // the schedule is wrong, or the work too much, and reported
	}
	p, err := l.Plan(d.dealPeriods, d.scale)
	if err != nil {
		d.add(path, err)
		return nil
	}
	return p
}

// loan reads a contract.Loan; false if any of it is wrong.
func (o *Object) loan(key string) (contract.Loan, bool) {
	lo := o.obj(key, true)
	if lo == nil {
		return contract.Loan{}, false
	}
	l := contract.Loan{
		Commitment: lo.decimal("commitment", true),
		Draws:      lo.flowList("draws"),
		Rate:       lo.rate("rate", true),
	}
	if fo := lo.obj("floating", false); fo != nil {
		f := &contract.FloatingRate{}
		fo.each("index", true, func(io *Object) {
			f.Index = append(f.Index, contract.IndexFixing{Date: io.date("date", true), Rate: io.decimal("rate", true)})
		})
		f.Spread = fo.decimal("spread", false)
		if fo.Has("floor") {
			v := fo.decimal("floor", true)
			f.Floor = &v
		}
		if fo.Has("cap") {
			v := fo.decimal("cap", true)
			f.Cap = &v
		}
		fo.done()
		l.Floating = f
	}
	l.Amortization = contract.Amortization(lo.enum("amortization", amortizations))
	l.Frequency = contract.Frequency(lo.enum("frequency", frequencies))
	l.InterestOnly = lo.count("interest_only")
	l.Amortize = lo.count("amortize")
	l.Maturity = lo.date("maturity", false)
	l.Custom = lo.flowList("custom")
	l.PIKRate = lo.decimal("pik_rate", false)
	l.PIKPeriods = lo.count("pik_periods")
	l.PIKOnShortfall = lo.boolean("pik_on_shortfall")
	l.UpfrontFee = lo.decimal("upfront_fee", false)
	l.CommitmentFee = lo.decimal("commitment_fee", false)
	l.Prepayments = lo.flowList("prepayments")
	l.PrepaymentFee = lo.decimal("prepayment_fee", false)
	l.DefaultMargin = lo.decimal("default_margin", false)
	lo.done()
	return l, !o.d.hasErrorsUnder(lo.path)
}

// loan writes the terms of a loan.
func (f *Fields) loan(l contract.Loan) {
	f.Money("commitment", l.Commitment)
	f.flowList("draws", l.Draws)
	f.Rate("rate", l.Rate)
	if fl := l.Floating; fl != nil {
		f.Object("floating", func(ff *Fields) {
			ff.Each("index", len(fl.Index), func(i int, xf *Fields) {
				xf.Date("date", fl.Index[i].Date)
				xf.Decimal("rate", fl.Index[i].Rate)
			})
			ff.optDecimal("spread", fl.Spread)
			if fl.Floor != nil {
				ff.Decimal("floor", *fl.Floor)
			}
			if fl.Cap != nil {
				ff.Decimal("cap", *fl.Cap)
			}
		})
	}
	f.enum("amortization", l.Amortization, contract.Bullet)
	f.enum("frequency", l.Frequency, contract.Frequency(0))
	f.optInt("interest_only", l.InterestOnly)
	f.optInt("amortize", l.Amortize)
	f.optDate("maturity", l.Maturity)
	f.optFlowList("custom", l.Custom)
	f.optDecimal("pik_rate", l.PIKRate)
	f.optInt("pik_periods", l.PIKPeriods)
	f.optBool("pik_on_shortfall", l.PIKOnShortfall)
	f.optDecimal("upfront_fee", l.UpfrontFee)
	f.optDecimal("commitment_fee", l.CommitmentFee)
	f.optFlowList("prepayments", l.Prepayments)
	f.optDecimal("prepayment_fee", l.PrepaymentFee)
	f.optDecimal("default_margin", l.DefaultMargin)
}

// loanRef reads the ID of a debt tranche decoded before this point.
func (o *Object) loanRef(key string) *tranche.Debt {
	id := o.name(key, true)
	if id == "" {
		return nil
	}
	l, ok := o.d.loans[tranche.TrancheID(id)]
	if ok && l == nil {
		o.d.broken++ // the loan is wrong, and reported
		return nil
	}
	if !ok {
		o.d.broken++
		o.d.failf(jsontext.Join(o.path, key), contract.ErrInvalid, "no debt tranche %q before this point of the stack", id)
		return nil
	}
	return l
}

// covenant

var covenantActions = enumNames(func(i int) (string, bool) {
	return tranche.CovenantAction(i).String(), i <= int(tranche.SweepCash)
})

func decodeCovenant(o *Object) tranche.Tranche {
	c := &tranche.Covenant{Name: trancheID(o)}
	if l := o.loanRef("loan"); l != nil {
		c.Loan = l
	}
	c.MinDSCR = o.decimal("min_dscr", false)
	c.MaxLTV = o.decimal("max_ltv", false)
	c.Values = o.flowList("values")
	c.Action = tranche.CovenantAction(o.enum("action", covenantActions))
	c.CurePeriods = o.count("cure_periods")
	c.Junior = o.child("junior")
	if c.Loan == nil || c.Junior == nil {
		return nil
	}
	return c
}

func encodeCovenant(t tranche.Tranche, f *Fields) bool {
	v, ok := t.(*tranche.Covenant)
	if !ok {
		return false
	}
	f.String("id", string(v.Name))
	if !isNil(v.Loan) {
		f.String("loan", string(v.Loan.ID()))
	}
	f.optDecimal("min_dscr", v.MinDSCR)
	f.optDecimal("max_ltv", v.MaxLTV)
	f.optFlowList("values", v.Values)
	f.enum("action", v.Action, tranche.TrapCash)
	f.optInt("cure_periods", v.CurePeriods)
	f.Tranche("junior", v.Junior)
	return true
}

// reserve

func decodeReserve(o *Object) tranche.Tranche {
	d := o.d
	r := &tranche.Reserve{Name: trancheID(o)}
	elems, path := o.array("loans", false, MaxTranches, "MaxTranches")
	ok := true
	for i := range elems {
		p := jsontext.Index(path, i)
		if elems[i].Type != jsontext.String {
			d.broken++
			d.failf(p, ErrType, "got %v, want the ID of a debt tranche", elems[i].Type)
			ok = false
			continue
		}
		l, found := d.loans[tranche.TrancheID(elems[i].Text)]
		if found && l == nil {
			d.broken++ // the loan is wrong, and reported
			ok = false
			continue
		}
		if !found {
			d.broken++
			d.failf(p, contract.ErrInvalid, "no debt tranche %q before this point of the stack", elems[i].Text)
			ok = false
			continue
		}
		r.Loans = append(r.Loans, l)
	}
	r.Periods = o.count("periods")
	r.Amount = o.decimal("amount", false)
	r.Junior = o.child("junior")
	if !ok || r.Junior == nil {
		return nil
	}
	return r
}

func encodeReserve(t tranche.Tranche, f *Fields) bool {
	v, ok := t.(*tranche.Reserve)
	if !ok {
		return false
	}
	f.String("id", string(v.Name))
	if len(v.Loans) > 0 {
		path := f.key("loans")
		ls := jsontext.Arr()
		for i, l := range v.Loans {
			if isNil(l) {
				f.e.fail(jsontext.Index(path, i), contract.ErrRequired)
				continue
			}
			ls.Push(f.e.str(jsontext.Index(path, i), string(l.ID())))
		}
		f.v.Set("loans", ls)
	}
	f.optInt("periods", v.Periods)
	f.optMoney("amount", v.Amount)
	f.Tranche("junior", v.Junior)
	return true
}
