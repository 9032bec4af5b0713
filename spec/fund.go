package spec

import (
	"errors"

	"github.com/jvwaterfall/jvwaterfall/contract"
	"github.com/jvwaterfall/jvwaterfall/fund"
	"github.com/jvwaterfall/jvwaterfall/internal/jsontext"
	"github.com/jvwaterfall/jvwaterfall/waterfall"
)

// A fund run deal by deal is a document with "investments" and
// "american" (the fund's terms): it has the header of a deal (name,
// currency, scale, parties, schedule), a whole-fund "stack" and "fees",
// but no money of its own: calls and proceeds belong to its investments.

// isFund reports whether the document root is a fund's.
func isFund(root *jsontext.Value) bool {
	if root.Type != jsontext.Object {
		return false
	}
	for i := range root.Kids {
		if k := root.Kids[i].Key; k == "investments" || k == "american" {
			return true
		}
	}
	return false
}

// fundNode builds the fund of root, recording its problems; nil if root
// is not an object.
func (d *decoder) fundNode(root *jsontext.Value) *fund.Fund {
	o := d.object("", root, 0)
	if o == nil {
		return nil
	}
	h := d.header(o)
	f := &fund.Fund{Name: h.name, Currency: h.currency, Scale: h.scale, Rounding: h.rounding, Parties: h.parties, Periods: h.periods}
	stacks := map[string]bool{}
	if v, path := o.field("stack", true); v != nil {
		f.Stack = d.tranche(path, v, 1)
	}
	stacks["stack"] = f.Stack != nil
	// The whole-fund stack runs on the lookback's book, and its payments
	// are in no ledger: its IDs need only be unique within it. The
	// investments' label payments in the fund's one ledger.
	clear(d.ids)
	f.Fees = d.fees(o)
	elems, path := o.array("investments", true, MaxFlows, "MaxFlows")
	if elems != nil && len(elems) == 0 {
		d.fail(path, contract.ErrRequired)
	}
	o.eachOf(elems, path, func(io *Object) {
		inv := fund.Investment{
			Name:     io.name("name", true),
			Calls:    d.calls(io),
			Proceeds: d.flows(io, "proceeds"),
			Realized: io.date("realized", false),
		}
		if v, path := io.field("stack", true); v != nil {
			inv.Stack = d.tranche(path, v, 1)
		}
		stacks[jsontext.Join(io.path, "stack")] = inv.Stack != nil
		f.Investments = append(f.Investments, inv)
	})
	if ao := o.obj("american", true); ao != nil {
		f.Terms = d.terms(ao)
		ao.done()
	}
	o.done()
	d.addValidation(f.Validate(), stacks)
	return f
}

// terms reads the fund's terms, "american".
func (d *decoder) terms(ao *Object) fund.Terms {
	t := fund.Terms{
		Sponsor:       ao.party("sponsor", true),
		Investors:     ao.parties("investors", true),
		RecoverLosses: ao.boolean("recover_losses"),
		RecoverFees:   ao.boolean("recover_fees"),
	}
	if eo := ao.obj("escrow", false); eo != nil {
		t.Escrow = fund.Escrow{Share: eo.decimal("share", true), Account: eo.party("account", false)}
		eo.done()
	}
	if co := ao.obj("clawback", false); co != nil {
		elems, path := co.array("interim", false, MaxSpecPeriods, "MaxSpecPeriods")
		for i := range elems {
			t.Clawback.Interim = append(t.Clawback.Interim, d.date(jsontext.Index(path, i), &elems[i]))
		}
		t.Clawback.TaxRate = co.decimal("tax_rate", false)
		t.Clawback.NetOfTax = co.boolean("net_of_tax")
		co.done()
	}
	return t
}

// encodeFund builds the canonical spec of f, a valid fund.
func encodeFund(kinds *registry, f *fund.Fund) (*jsontext.Value, error) {
	e := &encoder{kinds: kinds, scale: f.Scale, stack: f.Stack}
	ff := e.root()
	ff.header(header{name: f.Name, currency: f.Currency, scale: f.Scale, rounding: f.Rounding, parties: f.Parties, periods: f.Periods})
	ff.Tranche("stack", f.Stack)
	ff.fees(f.Fees)
	ff.Each("investments", len(f.Investments), func(i int, nf *Fields) {
		inv := f.Investments[i]
		nf.String("name", inv.Name)
		nf.calls("calls", inv.Calls)
		nf.optFlowList("proceeds", inv.Proceeds)
		nf.optDate("realized", inv.Realized)
		nf.Tranche("stack", inv.Stack)
	})
	t := f.Terms
	ff.Object("american", func(af *Fields) {
		af.Party("sponsor", t.Sponsor)
		af.Parties("investors", t.Investors)
		af.optBool("recover_losses", t.RecoverLosses)
		af.optBool("recover_fees", t.RecoverFees)
		if !t.Escrow.Share.IsZero() || t.Escrow.Account != "" {
			af.Object("escrow", func(ef *Fields) {
				ef.Decimal("share", t.Escrow.Share)
				if t.Escrow.Account != "" {
					ef.Party("account", t.Escrow.Account)
				}
			})
		}
		if c := t.Clawback; len(c.Interim) > 0 || !c.TaxRate.IsZero() || c.NetOfTax {
			af.Object("clawback", func(cf *Fields) {
				if len(c.Interim) > 0 {
					is := jsontext.Arr()
					for _, d := range c.Interim {
						is.Push(date(d))
					}
					cf.v.Set("interim", is)
				}
				cf.optDecimal("tax_rate", c.TaxRate)
				cf.optBool("net_of_tax", c.NetOfTax)
			})
		}
	})
	if len(e.errs) > 0 {
		return nil, errors.Join(e.errs...)
	}
	return &ff.v, nil
}

// fees reads the optional "fees" of a deal or a fund.
func (d *decoder) fees(o *Object) *waterfall.Fees {
	fo := o.obj("fees", false)
	if fo == nil {
		return nil
	}
	f := &waterfall.Fees{Manager: fo.party("manager", false)}
	if mo := fo.obj("management", false); mo != nil {
		f.Management = contract.ManagementFee{
			CommitmentRate: mo.decimal("commitment_rate", false),
			InvestedRate:   mo.decimal("invested_rate", false),
			InvestmentEnd:  mo.date("investment_end", false),
			PeriodsPerYear: int(mo.integer("periods_per_year", false, 0, 366)),
			DayCount:       contract.DayCount(mo.enum("day_count", dayCounts)),
			OffsetShare:    mo.decimal("offset_share", false),
			CarryOffsets:   mo.boolean("carry_offsets"),
		}
		mo.done()
	}
	f.Income = fo.flowList("income")
	fo.each("expenses", false, func(eo *Object) {
		f.Expenses = append(f.Expenses, waterfall.Expense{Date: eo.date("date", true), Amount: eo.decimal("amount", true),
			Payee: eo.party("payee", true), Memo: eo.str("memo", false)})
	})
	f.Parties = fo.parties("parties", false)
	fo.done()
	return f
}

// fees writes the fees of a deal or a fund, if any.
func (f *Fields) fees(fees *waterfall.Fees) {
	if fees == nil {
		return
	}
	f.Object("fees", func(ff *Fields) {
		if fees.Manager != "" {
			ff.Party("manager", fees.Manager)
		}
		m := fees.Management
		ff.objectIfAny("management", func(mf *Fields) {
			mf.optDecimal("commitment_rate", m.CommitmentRate)
			mf.optDecimal("invested_rate", m.InvestedRate)
			mf.optDate("investment_end", m.InvestmentEnd)
			mf.optInt("periods_per_year", m.PeriodsPerYear)
			mf.enum("day_count", m.DayCount, contract.ACT365F)
			mf.optDecimal("offset_share", m.OffsetShare)
			mf.optBool("carry_offsets", m.CarryOffsets)
		})
		ff.optFlowList("income", fees.Income)
		if len(fees.Expenses) > 0 {
			ff.Each("expenses", len(fees.Expenses), func(i int, xf *Fields) {
				x := fees.Expenses[i]
				xf.Date("date", x.Date)
				xf.Money("amount", x.Amount)
				xf.Party("payee", x.Payee)
				xf.optString("memo", x.Memo)
			})
		}
		ff.optParties("parties", fees.Parties)
	})
}
