package spec

import (
	"github.com/jvwaterfall/jvwaterfall/contract"
	"github.com/jvwaterfall/jvwaterfall/internal/jsontext"
	"github.com/jvwaterfall/jvwaterfall/waterfall"
)

// The fund terms of a document: "fees", "investments" and "american".

// fundTerms reads the deal's fund terms.
func (d *decoder) fundTerms(o *Object, deal *waterfall.Deal) {
	if fo := o.obj("fees", false); fo != nil {
		deal.Fees = d.fees(fo)
		fo.done()
	}
	o.each("investments", false, func(io *Object) {
		inv := waterfall.Investment{
			Name:     io.name("name", true),
			Calls:    d.calls(io),
			Proceeds: d.flows(io, "proceeds"),
			Realized: io.date("realized", false),
		}
		if v, path := io.field("stack", true); v != nil {
			inv.Stack = d.tranche(path, v, 1)
		}
		deal.Investments = append(deal.Investments, inv)
	})
	if ao := o.obj("american", false); ao != nil {
		a := &waterfall.American{
			Sponsor:       ao.party("sponsor", true),
			Investors:     ao.parties("investors", true),
			RecoverLosses: ao.boolean("recover_losses"),
			RecoverFees:   ao.boolean("recover_fees"),
		}
		if eo := ao.obj("escrow", false); eo != nil {
			a.Escrow = waterfall.Escrow{Share: eo.decimal("share", true), Account: eo.party("account", false)}
			eo.done()
		}
		if co := ao.obj("clawback", false); co != nil {
			elems, path := co.array("interim", false, MaxSpecPeriods, "MaxSpecPeriods")
			for i := range elems {
				a.Clawback.Interim = append(a.Clawback.Interim, d.date(jsontext.Index(path, i), &elems[i]))
			}
			a.Clawback.TaxRate = co.decimal("tax_rate", false)
			a.Clawback.NetOfTax = co.boolean("net_of_tax")
			co.done()
		}
		ao.done()
		deal.American = a
	}
}

func (d *decoder) fees(fo *Object) *waterfall.Fees {
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
	return f
}

// encodeFundTerms writes the deal's fund terms.
func (f *Fields) encodeFundTerms(d *waterfall.Deal) {
	if fees := d.Fees; fees != nil {
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
	if len(d.Investments) > 0 {
		f.Each("investments", len(d.Investments), func(i int, nf *Fields) {
			inv := d.Investments[i]
			nf.String("name", inv.Name)
			nf.calls("calls", inv.Calls)
			nf.optFlowList("proceeds", inv.Proceeds)
			nf.optDate("realized", inv.Realized)
			nf.Tranche("stack", inv.Stack)
		})
	}
	if a := d.American; a != nil {
		f.Object("american", func(af *Fields) {
			af.Party("sponsor", a.Sponsor)
			af.Parties("investors", a.Investors)
			af.optBool("recover_losses", a.RecoverLosses)
			af.optBool("recover_fees", a.RecoverFees)
			if !a.Escrow.Share.IsZero() || a.Escrow.Account != "" {
				af.Object("escrow", func(ef *Fields) {
					ef.Decimal("share", a.Escrow.Share)
					if a.Escrow.Account != "" {
						ef.Party("account", a.Escrow.Account)
					}
				})
			}
			if c := a.Clawback; len(c.Interim) > 0 || !c.TaxRate.IsZero() || c.NetOfTax {
				af.Object("clawback", func(cf *Fields) {
					if len(c.Interim) > 0 {
						is := jsontext.Arr()
						for _, t := range c.Interim {
							is.Push(date(t))
						}
						cf.v.Set("interim", is)
					}
					cf.optDecimal("tax_rate", c.TaxRate)
					cf.optBool("net_of_tax", c.NetOfTax)
				})
			}
		})
	}
}
