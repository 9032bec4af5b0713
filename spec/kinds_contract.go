package spec

import (
	"errors"
	"strings"

	"github.com/jvwaterfall/jvwaterfall/contract"
	"github.com/jvwaterfall/jvwaterfall/internal/jsontext"
	"github.com/jvwaterfall/jvwaterfall/tranche"
)

// The obligations of contracts: a take-or-pay contract the deal buys
// under, a claim in its stack. The same terms are read and written by the
// take_or_pay_income source (sources.go), where the deal sells.
var contractKinds = []trancheEntry{
	{name: "take_or_pay", decode: decodeTakeOrPay, encode: encodeTakeOrPay},
}

var measures = enumNames(func(i int) (string, bool) { return contract.Measure(i).String(), contract.Measure(i).Valid() })

func decodeTakeOrPay(o *Object) tranche.Tranche {
	d := o.d
	id := trancheID(o)
	seller := o.party("seller", true)
	terms := o.takeOrPay("terms")
	usage := o.decimals("usage", true)
	if d.dealPeriods == nil || !d.budget(o.path) {
		return nil
	}
	t, err := tranche.NewTakeOrPay(tranche.TakeOrPay{Name: id, Seller: seller, Terms: terms, Usage: usage, Periods: d.dealPeriods, Scale: d.scale})
	if err == nil {
		return t
	}
	d.addUsageErrors(o.path, err)
	d.broken++ // reported: the decoder does not validate it again
	return nil
}

func encodeTakeOrPay(t tranche.Tranche, f *Fields) bool {
	v, ok := t.(*tranche.TakeOrPay)
	if !ok {
		return false
	}
	f.String("id", string(v.Name))
	f.Party("seller", v.Seller)
	f.Object("terms", func(tf *Fields) { tf.takeOrPay(v.Terms) })
	f.Decimals("usage", v.Usage)
	return true
}

// addUsageErrors records the errors of a take-or-pay statement at path.
// The statement reports the usage under "terms", as the contract's
// statement does; in the spec it is the tranche's or source's own field.
func (d *decoder) addUsageErrors(path string, err error) {
	for _, e := range contract.Errors(err) {
		var fe *contract.FieldError
		if errors.As(e, &fe) && strings.HasPrefix(fe.Path, "terms.usage") {
			d.add(jsontext.Join(path, strings.TrimPrefix(fe.Path, "terms.")), fe.Err)
			continue
		}
		d.add(path, e)
	}
}

// takeOrPay reads the terms of a take-or-pay contract.
func (o *Object) takeOrPay(key string) contract.TakeOrPay {
	to := o.obj(key, true)
	if to == nil {
		return contract.TakeOrPay{}
	}
	// A ramp of minimums by contract year stands for the one minimum; an
	// empty ramp does not, and one already reported broken needs no
	// minimum beside it.
	reported := len(o.d.errs)
	minimums := to.decimals("minimums", false)
	ramp := len(minimums) > 0 || (to.Has("minimums") && (len(o.d.errs) > reported || o.d.dropped))
	t := contract.TakeOrPay{
		Buyer:          to.name("buyer", true),
		Seller:         to.name("seller", true),
		Start:          to.date("start", true),
		End:            to.date("end", true),
		Minimum:        to.decimal("minimum", !ramp),
		Minimums:       minimums,
		Measure:        contract.Measure(to.enum("measure", measures)),
		Price:          to.decimal("price", true),
		Escalation:     to.escalation("escalation"),
		ShortfallShare: to.decimal("shortfall_share", false),
	}
	if mo := to.obj("make_up", false); mo != nil {
		t.MakeUp = contract.MakeUp{Window: mo.count("window"), Years: mo.count("years"), UntilEnd: mo.boolean("until_end"),
			Cap: mo.decimal("cap", false)}
		mo.done()
	}
	if co := to.obj("carry_forward", false); co != nil {
		t.CarryForward = contract.CarryForward{Window: co.count("window")}
		co.done()
	}
	to.each("suspensions", false, func(so *Object) {
		t.Suspensions = append(t.Suspensions, contract.Suspension{From: so.date("from", true), To: so.date("to", true), Reason: so.str("reason", false)})
	})
	if xo := to.obj("termination", false); xo != nil {
		t.Termination = contract.Termination{Date: xo.date("date", true), Fixed: xo.decimal("fixed", false), Share: xo.decimal("share", false)}
		xo.done()
	}
	to.done()
	return t
}

// takeOrPay writes the terms of a take-or-pay contract.
func (f *Fields) takeOrPay(t contract.TakeOrPay) {
	f.String("buyer", t.Buyer)
	f.String("seller", t.Seller)
	f.Date("start", t.Start)
	f.Date("end", t.End)
	if len(t.Minimums) == 0 || !t.Minimum.IsZero() {
		f.Decimal("minimum", t.Minimum)
	}
	f.optDecimals("minimums", t.Minimums)
	f.enum("measure", t.Measure, contract.PerPeriod)
	f.Decimal("price", t.Price)
	f.escalation("escalation", t.Escalation)
	f.optDecimal("shortfall_share", t.ShortfallShare)
	if mu := t.MakeUp; mu.Window != 0 || mu.Years != 0 || mu.UntilEnd || !mu.Cap.IsZero() {
		f.Object("make_up", func(mf *Fields) {
			mf.optInt("window", t.MakeUp.Window)
			mf.optInt("years", t.MakeUp.Years)
			mf.optBool("until_end", t.MakeUp.UntilEnd)
			mf.optDecimal("cap", t.MakeUp.Cap)
		})
	}
	if t.CarryForward.Window != 0 {
		f.Object("carry_forward", func(cf *Fields) { cf.optInt("window", t.CarryForward.Window) })
	}
	if len(t.Suspensions) > 0 {
		f.Each("suspensions", len(t.Suspensions), func(i int, sf *Fields) {
			s := t.Suspensions[i]
			sf.Date("from", s.From)
			sf.Date("to", s.To)
			sf.optString("reason", s.Reason)
		})
	}
	if x := t.Termination; !x.Date.IsZero() || !x.Fixed.IsZero() || !x.Share.IsZero() {
		f.Object("termination", func(xf *Fields) {
			xf.Date("date", x.Date)
			xf.optMoney("fixed", x.Fixed)
			xf.optDecimal("share", x.Share)
		})
	}
}

// escalation reads an optional escalation of prices.
func (o *Object) escalation(key string) contract.Escalation {
	eo := o.obj(key, false)
	if eo == nil {
		return contract.Escalation{}
	}
	e := contract.Escalation{Rate: eo.decimal("rate", false), Index: eo.decimals("index", false)}
	eo.done()
	return e
}

// escalation writes an escalation unless it is none.
func (f *Fields) escalation(key string, x contract.Escalation) {
	if x.Rate.IsZero() && len(x.Index) == 0 {
		return
	}
	f.Object(key, func(ef *Fields) {
		ef.optDecimal("rate", x.Rate)
		ef.optDecimals("index", x.Index)
	})
}
