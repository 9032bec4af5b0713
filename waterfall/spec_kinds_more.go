package waterfall

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/jvwaterfall/jvwaterfall/contract"
	"github.com/jvwaterfall/jvwaterfall/tranche"
	"github.com/shopspring/decimal"
)

// The kinds added after the core ones: the tranche types of the debt,
// take-or-pay, hurdle, venture and reserve branches, and the contract
// sources. Each follows the checklist of spec_kinds.go.

func init() {
	trancheKinds = append(trancheKinds,
		trancheKind{kind: "hurdle", decode: decodeHurdle, encode: encodeHurdle},
		trancheKind{kind: "window", decode: decodeWindow, encode: encodeWindow, takesAll: anyChildTakesAll},
		trancheKind{kind: "debt", decode: decodeDebt, encode: encodeDebt},
		trancheKind{kind: "covenant", decode: decodeCovenant, encode: encodeCovenant, takesAll: anyChildTakesAll},
		trancheKind{kind: "reserve", decode: decodeReserve, encode: encodeReserve, takesAll: anyChildTakesAll},
		trancheKind{kind: "preferred_equity", decode: decodePreferredEquity, encode: encodePreferredEquity},
		trancheKind{kind: "take_or_pay", decode: decodeTakeOrPay, encode: encodeTakeOrPay},
		trancheKind{kind: "cap_table", decode: decodeCapTable, encode: encodeCapTable, takesAll: func(tranche.Tranche) bool { return true }},
	)
	sourceKinds = append(sourceKinds,
		sourceKind{kind: "loan_funding", decode: decodeLoanFunding, encode: encodeLoanFunding},
		sourceKind{kind: "take_or_pay_income", decode: decodeTakeOrPayIncome, encode: encodeTakeOrPayIncome},
		sourceKind{kind: "energy_cost", decode: decodeEnergyCost, encode: encodeEnergyCost},
		sourceKind{kind: "opex_cost", decode: decodeOpexCost, encode: encodeOpexCost},
		sourceKind{kind: "capex_refresh", decode: decodeCapexRefresh, encode: encodeCapexRefresh},
	)
}

// MaxMonths is the largest count of months (an asset's useful life) the
// spec reads.
const MaxMonths = 12_000

// MaxContractPeriods bounds the work of laying contracts over the
// schedule while decoding: each debt tranche, take-or-pay tranche and
// source costs the number of the deal's periods, and their sum may be at
// most 4,000,000 (40 contracts over 100,000 periods, or 3,000 over a
// century of months).
const MaxContractPeriods = 4_000_000

// budget charges one contract's work over the deal's periods; false,
// after recording an ErrLimit error at path, when it is spent.
func (d *decoder) budget(path string) bool {
	d.work += len(d.dealPeriods)
	if d.work > MaxContractPeriods {
		d.failf(path, ErrLimit, "contracts over more than %d periods in all (MaxContractPeriods)", MaxContractPeriods)
		return false
	}
	return true
}

// Decoding helpers.

// count reads an optional whole number from 0 to MaxSpecPeriods: a number
// of periods.
func (o *object) count(key string) int { return int(o.integer(key, false, 0, MaxSpecPeriods)) }

// enum reads an optional string naming one of the values 0..n-1 of an
// enumeration whose names name(i) gives; 0 when absent.
func (o *object) enum(key string, n int, name func(int) string) int {
	nd, path := o.field(key, false)
	if nd = o.want(nd, path, jString, "a string"); nd == nil {
		return 0
	}
	names := make([]string, n)
	for i := range n {
		names[i] = name(i)
		if names[i] == nd.text {
			return i
		}
	}
	o.d.broken++
	o.d.failf(path, contract.ErrInvalid, "unknown %s %q, want one of %q", key, nd.text, names)
	return 0
}

// decimals reads an array of decimal strings.
func (o *object) decimals(key string, required bool) []decimal.Decimal {
	elems, path := o.array(key, required, MaxFlows, "MaxFlows")
	if len(elems) == 0 {
		return nil // an empty list is no list: it encodes as none
	}
	out := make([]decimal.Decimal, len(elems))
	for i := range elems {
		p := index(path, i)
		if elems[i].kind != jString {
			o.d.broken++
			o.d.failf(p, ErrType, `got %v, want a decimal string such as "0.08"`, elems[i].kind)
			continue
		}
		v, err := parseDecimal(elems[i].text)
		if err != nil {
			o.d.broken++
			o.d.fail(p, err)
			continue
		}
		out[i] = v
	}
	return out
}

// flowList reads an array of {"date", "amount"} objects.
func (o *object) flowList(key string) []contract.Flow {
	elems, path := o.array(key, false, MaxFlows, "MaxFlows")
	var out []contract.Flow
	for i := range elems {
		fo := o.d.object(index(path, i), &elems[i])
		if fo == nil {
			continue
		}
		out = append(out, contract.Flow{Date: fo.date("date", true), Amount: fo.decimal("amount", true)})
		fo.done()
	}
	return out
}

// each calls f on every object of the array key.
func (o *object) each(key string, required bool, f func(eo *object)) {
	elems, path := o.array(key, required, MaxFlows, "MaxFlows")
	for i := range elems {
		if eo := o.d.object(index(path, i), &elems[i]); eo != nil {
			f(eo)
			eo.done()
		}
	}
}

// child decodes the required tranche under key.
func (o *object) child(key string, depth int) tranche.Tranche {
	n, path := o.field(key, true)
	if n == nil {
		return nil
	}
	return o.d.tranche(path, n, depth+1)
}

// loanRef reads the ID of a debt tranche decoded before this point.
func (o *object) loanRef(key string, required bool) *tranche.Debt {
	id := o.name(key, required)
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
		o.d.failf(subPath(o.path, key), contract.ErrInvalid, "no debt tranche %q before this point of the stack", id)
		return nil
	}
	return l
}

// Encoding helpers.

func rateIsZero(r contract.Rate) bool {
	return r.Annual.IsZero() && r.Compounding == 0 && r.DayCount == 0
}

func (e *encoder) decs(ds []decimal.Decimal) jnode {
	n := jarr()
	for _, d := range ds {
		n.push(e.dec(d))
	}
	return n
}

func (e *encoder) flowList(fs []contract.Flow) jnode {
	n := jarr()
	for _, f := range fs {
		fn := jobj()
		fn.set("date", date(f.Date))
		fn.set("amount", e.money(f.Amount))
		n.push(fn)
	}
	return n
}

// optDec sets key to d when it is not zero.
func (e *encoder) optDec(n *jnode, key string, d decimal.Decimal) {
	if !d.IsZero() {
		n.set(key, e.dec(d))
	}
}

func (e *encoder) optMoney(n *jnode, key string, d decimal.Decimal) {
	if !d.IsZero() {
		n.set(key, e.money(d))
	}
}

func optDate(n *jnode, key string, t time.Time) {
	if !t.IsZero() {
		n.set(key, date(t))
	}
}

func optInt(n *jnode, key string, v int) {
	if v != 0 {
		n.set(key, jnum(fmt.Sprint(v)))
	}
}

func optBool(n *jnode, key string, v bool) {
	if v {
		n.set(key, jbool(true))
	}
}

func (e *encoder) shares(path string, ss []tranche.Share) jnode {
	shares := jarr()
	for i, s := range ss {
		sn := jobj()
		sn.set("parties", e.parties(index(path, i)+".parties", s.Parties))
		sn.set("weight", e.dec(s.Weight))
		optBool(&sn, "promote", s.Promote)
		shares.push(sn)
	}
	return shares
}

func decodeShares(o *object) []tranche.Share {
	var out []tranche.Share
	o.each("shares", true, func(so *object) {
		out = append(out, tranche.Share{Parties: so.parties("parties", true), Weight: so.decimal("weight", true), Promote: so.boolean("promote")})
	})
	return out
}

// Preferred return options (base, accrual): read by decodePreferredReturn.

func prefOptions(o *object, t *tranche.PreferredReturn) {
	t.Base = tranche.PrefBase(o.enum("base", 2, func(i int) string { return tranche.PrefBase(i).String() }))
	t.Accrual = tranche.PrefAccrual(o.enum("accrual", 2, func(i int) string { return tranche.PrefAccrual(i).String() }))
}

func encodePrefOptions(n *jnode, t *tranche.PreferredReturn) {
	if t.Base != tranche.OnUnreturned {
		n.set("base", jstr(t.Base.String()))
	}
	if t.Accrual != tranche.Cumulative {
		n.set("accrual", jstr(t.Accrual.String()))
	}
}

// hurdle

func decodeHurdle(_ *decoder, o *object, _ int) tranche.Tranche {
	return &tranche.Hurdle{
		Name:      tranche.TrancheID(o.name("id", true)),
		Investors: o.parties("investors", true),
		Rate:      o.rate("rate", false),
		Multiple:  o.decimal("multiple", false),
		Shares:    decodeShares(o),
	}
}

func encodeHurdle(e *encoder, path string, t tranche.Tranche) (*jnode, bool) {
	v, ok := t.(*tranche.Hurdle)
	if !ok || e == nil {
		return nil, ok
	}
	n := jobj()
	n.set("id", e.str(path+".id", string(v.Name)))
	n.set("investors", e.parties(path+".investors", v.Investors))
	if !rateIsZero(v.Rate) {
		n.set("rate", e.rate(v.Rate))
	}
	e.optDec(&n, "multiple", v.Multiple)
	n.set("shares", e.shares(path+".shares", v.Shares))
	return &n, true
}

// window

func decodeWindow(_ *decoder, o *object, depth int) tranche.Tranche {
	from, to := o.date("from", false), o.date("to", false)
	t := o.child("tranche", depth)
	if t == nil {
		return nil
	}
	return tranche.Window(from, to, t)
}

func encodeWindow(e *encoder, path string, t tranche.Tranche) (*jnode, bool) {
	w, ok := t.(tranche.Windowed)
	if !ok || len(w.Children()) != 1 {
		return nil, false
	}
	if e == nil {
		return nil, true
	}
	from, to := w.Bounds()
	n := jobj()
	optDate(&n, "from", from)
	optDate(&n, "to", to)
	n.set("tranche", e.tranche(path+".tranche", w.Children()[0]))
	return &n, true
}

// debt

var amortizationCount = func() int {
	n := 0
	for contract.Amortization(n).Valid() {
		n++
	}
	return n
}()

var frequencyCount = func() int {
	n := 0
	for contract.Frequency(n).Valid() {
		n++
	}
	return n
}()

// loan reads a contract.Loan.
func (o *object) loan(key string) (contract.Loan, bool) {
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
		fo.each("index", true, func(io *object) {
			f.Index = append(f.Index, contract.IndexFixing{Date: io.date("date", true), Rate: io.decimal("rate", true)})
		})
		f.Spread = fo.decimal("spread", false)
		if fo.has("floor") {
			v := fo.decimal("floor", true)
			f.Floor = &v
		}
		if fo.has("cap") {
			v := fo.decimal("cap", true)
			f.Cap = &v
		}
		fo.done()
		l.Floating = f
	}
	l.Amortization = contract.Amortization(lo.enum("amortization", amortizationCount, func(i int) string { return contract.Amortization(i).String() }))
	l.Frequency = contract.Frequency(lo.enum("frequency", frequencyCount, func(i int) string { return contract.Frequency(i).String() }))
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

func (e *encoder) loan(l contract.Loan) jnode {
	n := jobj()
	n.set("commitment", e.money(l.Commitment))
	n.set("draws", e.flowList(l.Draws))
	n.set("rate", e.rate(l.Rate))
	if f := l.Floating; f != nil {
		fn := jobj()
		idx := jarr()
		for _, x := range f.Index {
			xn := jobj()
			xn.set("date", date(x.Date))
			xn.set("rate", e.dec(x.Rate))
			idx.push(xn)
		}
		fn.set("index", idx)
		e.optDec(&fn, "spread", f.Spread)
		if f.Floor != nil {
			fn.set("floor", e.dec(*f.Floor))
		}
		if f.Cap != nil {
			fn.set("cap", e.dec(*f.Cap))
		}
		n.set("floating", fn)
	}
	if l.Amortization != contract.Bullet {
		n.set("amortization", jstr(l.Amortization.String()))
	}
	if l.Frequency != 0 {
		n.set("frequency", jstr(l.Frequency.String()))
	}
	optInt(&n, "interest_only", l.InterestOnly)
	optInt(&n, "amortize", l.Amortize)
	optDate(&n, "maturity", l.Maturity)
	if len(l.Custom) > 0 {
		n.set("custom", e.flowList(l.Custom))
	}
	e.optDec(&n, "pik_rate", l.PIKRate)
	optInt(&n, "pik_periods", l.PIKPeriods)
	optBool(&n, "pik_on_shortfall", l.PIKOnShortfall)
	e.optDec(&n, "upfront_fee", l.UpfrontFee)
	e.optDec(&n, "commitment_fee", l.CommitmentFee)
	if len(l.Prepayments) > 0 {
		n.set("prepayments", e.flowList(l.Prepayments))
	}
	e.optDec(&n, "prepayment_fee", l.PrepaymentFee)
	e.optDec(&n, "default_margin", l.DefaultMargin)
	return n
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

func decodeDebt(d *decoder, o *object, _ int) tranche.Tranche {
	id := tranche.TrancheID(o.name("id", true))
	lender := o.party("lender", true)
	l, ok := o.loan("loan")
	var plan *contract.LoanPlan
	if ok {
		plan = d.plan(subPath(o.path, "loan"), l)
	}
	if plan == nil {
		if _, seen := d.loans[id]; !seen && id != "" {
			d.loans[id] = nil // references to it are not reported again
		}
		return nil
	}
	t := &tranche.Debt{Name: id, Lender: lender, Plan: plan}
	if _, dup := d.loans[id]; !dup && id != "" {
		d.loans[id] = t
	}
	return t
}

func encodeDebt(e *encoder, path string, t tranche.Tranche) (*jnode, bool) {
	v, ok := t.(*tranche.Debt)
	if !ok || e == nil {
		return nil, ok
	}
	n := jobj()
	n.set("id", e.str(path+".id", string(v.Name)))
	n.set("lender", e.str(path+".lender", string(v.Lender)))
	if v.Plan == nil {
		e.fail(path+".loan", contract.ErrRequired)
		return &n, true
	}
	n.set("loan", e.loan(v.Plan.Loan()))
	return &n, true
}

// covenant

var covenantActions = []string{tranche.TrapCash.String(), tranche.SweepCash.String()}

func decodeCovenant(_ *decoder, o *object, depth int) tranche.Tranche {
	c := &tranche.Covenant{Name: tranche.TrancheID(o.name("id", true))}
	if l := o.loanRef("loan", true); l != nil {
		c.Loan = l
	}
	c.MinDSCR = o.decimal("min_dscr", false)
	c.MaxLTV = o.decimal("max_ltv", false)
	c.Values = o.flowList("values")
	c.Action = tranche.CovenantAction(o.enum("action", len(covenantActions), func(i int) string { return covenantActions[i] }))
	c.CurePeriods = o.count("cure_periods")
	c.Junior = o.child("junior", depth)
	if c.Loan == nil || c.Junior == nil {
		return nil
	}
	return c
}

func encodeCovenant(e *encoder, path string, t tranche.Tranche) (*jnode, bool) {
	v, ok := t.(*tranche.Covenant)
	if !ok || e == nil {
		return nil, ok
	}
	n := jobj()
	n.set("id", e.str(path+".id", string(v.Name)))
	if v.Loan != nil {
		n.set("loan", e.str(path+".loan", string(v.Loan.ID())))
	}
	e.optDec(&n, "min_dscr", v.MinDSCR)
	e.optDec(&n, "max_ltv", v.MaxLTV)
	if len(v.Values) > 0 {
		n.set("values", e.flowList(v.Values))
	}
	if v.Action != tranche.TrapCash {
		n.set("action", jstr(v.Action.String()))
	}
	optInt(&n, "cure_periods", v.CurePeriods)
	n.set("junior", e.tranche(path+".junior", v.Junior))
	return &n, true
}

// reserve

func decodeReserve(d *decoder, o *object, depth int) tranche.Tranche {
	r := &tranche.Reserve{Name: tranche.TrancheID(o.name("id", true))}
	elems, path := o.array("loans", false, MaxTranches, "MaxTranches")
	ok := true
	for i := range elems {
		p := index(path, i)
		if elems[i].kind != jString {
			d.broken++
			d.failf(p, ErrType, "got %v, want the ID of a debt tranche", elems[i].kind)
			ok = false
			continue
		}
		l, found := d.loans[tranche.TrancheID(elems[i].text)]
		if found && l == nil {
			d.broken++ // the loan is wrong, and reported
			ok = false
			continue
		}
		if !found {
			d.broken++
			d.failf(p, contract.ErrInvalid, "no debt tranche %q before this point of the stack", elems[i].text)
			ok = false
			continue
		}
		r.Loans = append(r.Loans, l)
	}
	r.Periods = o.count("periods")
	r.Amount = o.decimal("amount", false)
	r.Junior = o.child("junior", depth)
	if !ok || r.Junior == nil {
		return nil
	}
	return r
}

func encodeReserve(e *encoder, path string, t tranche.Tranche) (*jnode, bool) {
	v, ok := t.(*tranche.Reserve)
	if !ok || e == nil {
		return nil, ok
	}
	n := jobj()
	n.set("id", e.str(path+".id", string(v.Name)))
	if len(v.Loans) > 0 {
		ls := jarr()
		for i, l := range v.Loans {
			if l == nil {
				e.fail(index(path+".loans", i), contract.ErrRequired)
				continue
			}
			ls.push(e.str(index(path+".loans", i), string(l.ID())))
		}
		n.set("loans", ls)
	}
	optInt(&n, "periods", v.Periods)
	e.optMoney(&n, "amount", v.Amount)
	n.set("junior", e.tranche(path+".junior", v.Junior))
	return &n, true
}

// preferred_equity

func decodePreferredEquity(_ *decoder, o *object, _ int) tranche.Tranche {
	return &tranche.PreferredEquity{
		Name:       tranche.TrancheID(o.name("id", true)),
		Parties:    o.parties("parties", true),
		Coupon:     o.rate("coupon", true),
		CurrentPay: o.decimal("current_pay", false),
		Redemption: o.date("redemption", true),
		Multiple:   o.decimal("multiple", false),
	}
}

func encodePreferredEquity(e *encoder, path string, t tranche.Tranche) (*jnode, bool) {
	v, ok := t.(*tranche.PreferredEquity)
	if !ok || e == nil {
		return nil, ok
	}
	n := jobj()
	n.set("id", e.str(path+".id", string(v.Name)))
	n.set("parties", e.parties(path+".parties", v.Parties))
	n.set("coupon", e.rate(v.Coupon))
	e.optDec(&n, "current_pay", v.CurrentPay)
	n.set("redemption", date(v.Redemption))
	e.optDec(&n, "multiple", v.Multiple)
	return &n, true
}

// take_or_pay: the contract terms, shared with the take_or_pay_income
// source.

var measureCount = func() int {
	n := 0
	for contract.Measure(n).Valid() {
		n++
	}
	return n
}()

func (o *object) escalation(key string) contract.Escalation {
	eo := o.obj(key, false)
	if eo == nil {
		return contract.Escalation{}
	}
	e := contract.Escalation{Rate: eo.decimal("rate", false), Index: eo.decimals("index", false)}
	eo.done()
	return e
}

func (e *encoder) escalation(n *jnode, key string, x contract.Escalation) {
	if x.Rate.IsZero() && len(x.Index) == 0 {
		return
	}
	en := jobj()
	e.optDec(&en, "rate", x.Rate)
	if len(x.Index) > 0 {
		en.set("index", e.decs(x.Index))
	}
	n.set(key, en)
}

func (o *object) takeOrPay(key string) contract.TakeOrPay {
	to := o.obj(key, true)
	if to == nil {
		return contract.TakeOrPay{}
	}
	t := contract.TakeOrPay{
		Buyer:          to.name("buyer", true),
		Seller:         to.name("seller", true),
		Start:          to.date("start", true),
		End:            to.date("end", true),
		Minimum:        to.decimal("minimum", true),
		Measure:        contract.Measure(to.enum("measure", measureCount, func(i int) string { return contract.Measure(i).String() })),
		Price:          to.decimal("price", true),
		Escalation:     to.escalation("escalation"),
		ShortfallShare: to.decimal("shortfall_share", false),
	}
	if mo := to.obj("make_up", false); mo != nil {
		t.MakeUp = contract.MakeUp{Window: mo.count("window"), Cap: mo.decimal("cap", false)}
		mo.done()
	}
	if co := to.obj("carry_forward", false); co != nil {
		t.CarryForward = contract.CarryForward{Window: co.count("window")}
		co.done()
	}
	to.each("suspensions", false, func(so *object) {
		t.Suspensions = append(t.Suspensions, contract.Suspension{From: so.date("from", true), To: so.date("to", true), Reason: so.str("reason", false)})
	})
	if xo := to.obj("termination", false); xo != nil {
		t.Termination = contract.Termination{Date: xo.date("date", true), Fixed: xo.decimal("fixed", false), Share: xo.decimal("share", false)}
		xo.done()
	}
	to.done()
	return t
}

func (e *encoder) takeOrPay(path string, t contract.TakeOrPay) jnode {
	n := jobj()
	n.set("buyer", e.str(path+".buyer", t.Buyer))
	n.set("seller", e.str(path+".seller", t.Seller))
	n.set("start", date(t.Start))
	n.set("end", date(t.End))
	n.set("minimum", e.dec(t.Minimum))
	if t.Measure != contract.PerPeriod {
		n.set("measure", jstr(t.Measure.String()))
	}
	n.set("price", e.dec(t.Price))
	e.escalation(&n, "escalation", t.Escalation)
	e.optDec(&n, "shortfall_share", t.ShortfallShare)
	if t.MakeUp.Window != 0 || !t.MakeUp.Cap.IsZero() {
		mn := jobj()
		optInt(&mn, "window", t.MakeUp.Window)
		e.optDec(&mn, "cap", t.MakeUp.Cap)
		n.set("make_up", mn)
	}
	if t.CarryForward.Window != 0 {
		cn := jobj()
		optInt(&cn, "window", t.CarryForward.Window)
		n.set("carry_forward", cn)
	}
	if len(t.Suspensions) > 0 {
		ss := jarr()
		for i, s := range t.Suspensions {
			sn := jobj()
			sn.set("from", date(s.From))
			sn.set("to", date(s.To))
			if s.Reason != "" {
				sn.set("reason", e.str(index(path+".suspensions", i)+".reason", s.Reason))
			}
			ss.push(sn)
		}
		n.set("suspensions", ss)
	}
	if x := t.Termination; !x.Date.IsZero() || !x.Fixed.IsZero() || !x.Share.IsZero() {
		xn := jobj()
		xn.set("date", date(x.Date))
		e.optMoney(&xn, "fixed", x.Fixed)
		e.optDec(&xn, "share", x.Share)
		n.set("termination", xn)
	}
	return n
}

func decodeTakeOrPay(d *decoder, o *object, _ int) tranche.Tranche {
	id := tranche.TrancheID(o.name("id", true))
	seller := o.party("seller", true)
	terms := o.takeOrPay("terms")
	usage := o.decimals("usage", true)
	if d.dealPeriods == nil || !d.budget(o.path) {
		return nil
	}
	t, err := tranche.NewTakeOrPay(tranche.TakeOrPay{
		Name:    id,
		Seller:  seller,
		Terms:   terms,
		Usage:   usage,
		Periods: d.dealPeriods,
		Scale:   d.scale,
	})
	if err == nil {
		return t
	}
	// The tranche reports the usage path under "terms", as the contract's
	// statement does; in the spec it is the tranche's own field.
	for _, e := range contract.Errors(err) {
		var fe *contract.FieldError
		if errors.As(e, &fe) && strings.HasPrefix(fe.Path, "terms.usage") {
			d.add(subPath(o.path, strings.TrimPrefix(fe.Path, "terms.")), fe.Err)
			continue
		}
		d.add(o.path, e)
	}
	d.broken++ // reported: the decoder does not validate it again
	return nil
}

func encodeTakeOrPay(e *encoder, path string, t tranche.Tranche) (*jnode, bool) {
	v, ok := t.(*tranche.TakeOrPay)
	if !ok || e == nil {
		return nil, ok
	}
	n := jobj()
	n.set("id", e.str(path+".id", string(v.Name)))
	n.set("seller", e.str(path+".seller", string(v.Seller)))
	n.set("terms", e.takeOrPay(path+".terms", v.Terms))
	n.set("usage", e.decs(v.Usage))
	return &n, true
}

// cap_table

func decodeStakes(o *object, preferred bool) []tranche.Stake {
	var out []tranche.Stake
	o.each("holders", true, func(ho *object) {
		s := tranche.Stake{Party: ho.party("party", true), Shares: ho.decimal("shares", true)}
		if preferred {
			s.Invested = ho.decimal("invested", false)
			s.Accrued = ho.decimal("accrued", false)
		}
		out = append(out, s)
	})
	return out
}

func (e *encoder) stakes(path string, ss []tranche.Stake, preferred bool) jnode {
	n := jarr()
	for i, s := range ss {
		sn := jobj()
		sn.set("party", e.str(index(path, i)+".party", string(s.Party)))
		sn.set("shares", e.dec(s.Shares))
		if preferred {
			e.optMoney(&sn, "invested", s.Invested)
			e.optMoney(&sn, "accrued", s.Accrued)
		} else if !s.Invested.IsZero() || !s.Accrued.IsZero() {
			e.fail(index(path, i), fmt.Errorf("%w: invested or accrued in a common class", contract.ErrInvalid))
		}
		n.push(sn)
	}
	return n
}

func decodeCapTable(_ *decoder, o *object, _ int) tranche.Tranche {
	t := &tranche.CapTable{Name: tranche.TrancheID(o.name("id", true))}
	o.each("preferred", false, func(so *object) {
		t.Preferred = append(t.Preferred, tranche.Series{
			Name:            so.name("name", true),
			Seniority:       int(so.integer("seniority", false, -1_000_000, 1_000_000)),
			Multiple:        so.decimal("multiple", false),
			Participating:   so.boolean("participating"),
			Cap:             so.decimal("cap", false),
			ConversionRatio: so.decimal("conversion_ratio", false),
			Holders:         decodeStakes(so, true),
		})
	})
	o.each("common", false, func(co *object) {
		t.Common = append(t.Common, tranche.CommonClass{
			Name:    co.name("name", true),
			Strike:  co.decimal("strike", false),
			Holders: decodeStakes(co, false),
		})
	})
	return t
}

func encodeCapTable(e *encoder, path string, t tranche.Tranche) (*jnode, bool) {
	v, ok := t.(*tranche.CapTable)
	if !ok || e == nil {
		return nil, ok
	}
	n := jobj()
	n.set("id", e.str(path+".id", string(v.Name)))
	if len(v.Preferred) > 0 {
		ps := jarr()
		for i, s := range v.Preferred {
			p := index(path+".preferred", i)
			sn := jobj()
			sn.set("name", e.str(p+".name", s.Name))
			optInt(&sn, "seniority", s.Seniority)
			e.optDec(&sn, "multiple", s.Multiple)
			optBool(&sn, "participating", s.Participating)
			e.optDec(&sn, "cap", s.Cap)
			e.optDec(&sn, "conversion_ratio", s.ConversionRatio)
			sn.set("holders", e.stakes(p+".holders", s.Holders, true))
			ps.push(sn)
		}
		n.set("preferred", ps)
	}
	if len(v.Common) > 0 {
		cs := jarr()
		for i, c := range v.Common {
			p := index(path+".common", i)
			cn := jobj()
			cn.set("name", e.str(p+".name", c.Name))
			e.optDec(&cn, "strike", c.Strike)
			cn.set("holders", e.stakes(p+".holders", c.Holders, false))
			cs.push(cn)
		}
		n.set("common", cs)
	}
	return &n, true
}

// Sources.

// checkSource runs s over the deal's periods, as a run would, and reports
// its problems under the source's path.
func (d *decoder) checkSource(path string, s Source) {
	if d.dealPeriods == nil || d.hasErrorsUnder(path) || !d.budget(path) {
		return
	}
	if _, err := s.Cash(d.dealPeriods); err != nil {
		// A take-or-pay statement reports the usage path under "terms";
		// in the spec it is the source's own field.
		for _, e := range contract.Errors(err) {
			var fe *contract.FieldError
			if errors.As(e, &fe) && strings.HasPrefix(fe.Path, "terms.usage") {
				d.add(subPath(path, strings.TrimPrefix(fe.Path, "terms.")), fe.Err)
				continue
			}
			d.add(path, e)
		}
	}
}

// loan_funding

func decodeLoanFunding(d *decoder, o *object) Source {
	label := o.name("name", true)
	id := o.name("loan", true)
	if id == "" {
		return nil
	}
	i, deal, path := d.source, d.deal, subPath(o.path, "loan")
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
			deal.Sources[i] = LoanFunding{Label: label, Plan: l.Plan}
		}
	})
	return LoanFunding{Label: label}
}

func encodeLoanFunding(e *encoder, path string, s Source) (*jnode, bool) {
	v, ok := s.(LoanFunding)
	if !ok || e == nil {
		return nil, ok
	}
	n := jobj()
	n.set("name", e.str(path+".name", v.Label))
	var id tranche.TrancheID
	walk(e.stack, func(t tranche.Tranche) {
		if dt, ok := t.(*tranche.Debt); ok && dt.Plan == v.Plan && id == "" {
			id = dt.Name
		}
	})
	if id == "" {
		e.fail(path+".loan", fmt.Errorf("%w: the plan is not that of a debt tranche of the stack", contract.ErrInvalid))
	}
	n.set("loan", e.str(path+".loan", string(id)))
	return &n, true
}

// walk calls f on t and every tranche below it.
func walk(t tranche.Tranche, f func(tranche.Tranche)) {
	if t == nil {
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

func decodeTakeOrPayIncome(d *decoder, o *object) Source {
	s := TakeOrPayIncome{Label: o.name("name", true), Terms: o.takeOrPay("terms"), Usage: o.decimals("usage", true), Scale: d.scale}
	d.checkSource(o.path, s)
	return s
}

func encodeTakeOrPayIncome(e *encoder, path string, s Source) (*jnode, bool) {
	v, ok := s.(TakeOrPayIncome)
	if !ok || e == nil {
		return nil, ok
	}
	n := jobj()
	n.set("name", e.str(path+".name", v.Label))
	n.set("terms", e.takeOrPay(path+".terms", v.Terms))
	n.set("usage", e.decs(v.Usage))
	e.checkScale(path, v.Scale)
	return &n, true
}

// checkScale reports a source at another scale than the deal's: the spec
// gives sources the deal's.
func (e *encoder) checkScale(path string, scale int32) {
	if scale != e.scale {
		e.fail(path+".scale", fmt.Errorf("%w: %d, the deal's is %d", contract.ErrInvalid, scale, e.scale))
	}
}

// energy_cost

func decodeEnergyCost(d *decoder, o *object) Source {
	s := EnergyCost{Label: o.name("name", true), Scale: d.scale}
	if to := o.obj("terms", true); to != nil {
		s.Terms = contract.Energy{Load: to.decimals("load", true), Price: to.decimals("price", true), PassThrough: to.decimal("pass_through", false)}
		to.done()
	}
	d.checkSource(o.path, s)
	return s
}

func encodeEnergyCost(e *encoder, path string, s Source) (*jnode, bool) {
	v, ok := s.(EnergyCost)
	if !ok || e == nil {
		return nil, ok
	}
	n := jobj()
	n.set("name", e.str(path+".name", v.Label))
	tn := jobj()
	tn.set("load", e.decs(v.Terms.Load))
	tn.set("price", e.decs(v.Terms.Price))
	e.optDec(&tn, "pass_through", v.Terms.PassThrough)
	n.set("terms", tn)
	e.checkScale(path, v.Scale)
	return &n, true
}

// opex_cost

var dayCountCount = func() int {
	n := 0
	for contract.DayCount(n).Valid() {
		n++
	}
	return n
}()

func decodeOpexCost(d *decoder, o *object) Source {
	s := OpexCost{Label: o.name("name", true), Scale: d.scale}
	if to := o.obj("terms", true); to != nil {
		s.Terms = contract.Opex{
			Annual:     to.decimal("annual", true),
			Start:      to.date("start", true),
			End:        to.date("end", false),
			Escalation: to.escalation("escalation"),
			DayCount:   contract.DayCount(to.enum("day_count", dayCountCount, func(i int) string { return contract.DayCount(i).String() })),
		}
		to.done()
	}
	d.checkSource(o.path, s)
	return s
}

func encodeOpexCost(e *encoder, path string, s Source) (*jnode, bool) {
	v, ok := s.(OpexCost)
	if !ok || e == nil {
		return nil, ok
	}
	n := jobj()
	n.set("name", e.str(path+".name", v.Label))
	tn := jobj()
	tn.set("annual", e.money(v.Terms.Annual))
	tn.set("start", date(v.Terms.Start))
	optDate(&tn, "end", v.Terms.End)
	e.escalation(&tn, "escalation", v.Terms.Escalation)
	if v.Terms.DayCount != contract.ACT365F {
		tn.set("day_count", jstr(v.Terms.DayCount.String()))
	}
	n.set("terms", tn)
	e.checkScale(path, v.Scale)
	return &n, true
}

// capex_refresh

func decodeCapexRefresh(d *decoder, o *object) Source {
	s := CapexRefresh{Label: o.name("name", true), Scale: d.scale}
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
		fo.each("commitments", false, func(co *object) {
			s.Funding.Commitments = append(s.Funding.Commitments, contract.Commitment{Party: string(co.party("party", true)), Amount: co.decimal("amount", true)})
		})
		fo.each("defaults", false, func(do *object) {
			s.Funding.Defaults = append(s.Funding.Defaults, contract.Default{Party: string(do.party("party", true)), Funded: do.decimal("funded", false)})
		})
		s.Funding.Penalty = fo.decimal("penalty", false)
		fo.done()
	}
	d.checkSource(o.path, s)
	return s
}

func encodeCapexRefresh(e *encoder, path string, s Source) (*jnode, bool) {
	v, ok := s.(CapexRefresh)
	if !ok || e == nil {
		return nil, ok
	}
	n := jobj()
	n.set("name", e.str(path+".name", v.Label))
	tn := jobj()
	a := v.Terms.Asset
	an := jobj()
	an.set("cost", e.money(a.Cost))
	e.optMoney(&an, "salvage", a.Salvage)
	an.set("in_service", date(a.InService))
	an.set("life", jnum(fmt.Sprint(a.Life)))
	tn.set("asset", an)
	if b := v.Terms.Obsolescence; !b.Date.IsZero() || !b.Refresh.IsZero() || b.Life != 0 || !b.Salvage.IsZero() {
		bn := jobj()
		optDate(&bn, "date", b.Date)
		e.optMoney(&bn, "refresh", b.Refresh)
		optInt(&bn, "life", b.Life)
		e.optMoney(&bn, "salvage", b.Salvage)
		tn.set("obsolescence", bn)
	}
	n.set("terms", tn)
	if f := v.Funding; len(f.Commitments) > 0 || len(f.Defaults) > 0 || !f.Penalty.IsZero() {
		fn := jobj()
		if len(f.Commitments) > 0 {
			cs := jarr()
			for i, c := range f.Commitments {
				cn := jobj()
				cn.set("party", e.str(index(path+".funding.commitments", i)+".party", c.Party))
				cn.set("amount", e.money(c.Amount))
				cs.push(cn)
			}
			fn.set("commitments", cs)
		}
		if len(f.Defaults) > 0 {
			ds := jarr()
			for i, dft := range f.Defaults {
				dn := jobj()
				dn.set("party", e.str(index(path+".funding.defaults", i)+".party", dft.Party))
				e.optDec(&dn, "funded", dft.Funded)
				ds.push(dn)
			}
			fn.set("defaults", ds)
		}
		e.optDec(&fn, "penalty", f.Penalty)
		n.set("funding", fn)
	}
	e.checkScale(path, v.Scale)
	return &n, true
}
