package waterfall

import (
	"fmt"

	"github.com/jvwaterfall/jvwaterfall/contract"
)

// MaxDealDepth is the deepest nesting of deals in a spec: a deal whose
// parties hold no deal has depth 1, a fund investing in a JV depth 2.
const MaxDealDepth = 8

// The deal's fund terms in the spec: "fees", "investments" and
// "american", and deals nested in parties ("deal").

// dealExtras reads the deal's fund terms.
func (d *decoder) dealExtras(o *object, deal *Deal) {
	if fo := o.obj("fees", false); fo != nil {
		deal.Fees = d.fees(fo)
		fo.done()
	}
}

func (d *decoder) fees(fo *object) *Fees {
	f := &Fees{Manager: fo.party("manager", false)}
	if mo := fo.obj("management", false); mo != nil {
		f.Management = contract.ManagementFee{
			CommitmentRate: mo.decimal("commitment_rate", false),
			InvestedRate:   mo.decimal("invested_rate", false),
			InvestmentEnd:  mo.date("investment_end", false),
			PeriodsPerYear: int(mo.integer("periods_per_year", false, 0, 366)),
			DayCount:       contract.DayCount(mo.enum("day_count", dayCountCount, func(i int) string { return contract.DayCount(i).String() })),
			OffsetShare:    mo.decimal("offset_share", false),
			CarryOffsets:   mo.boolean("carry_offsets"),
		}
		mo.done()
	}
	f.Income = fo.flowList("income")
	fo.each("expenses", false, func(eo *object) {
		f.Expenses = append(f.Expenses, Expense{Date: eo.date("date", true), Amount: eo.decimal("amount", true),
			Payee: eo.party("payee", true), Memo: eo.str("memo", false)})
	})
	f.Parties = fo.parties("parties", false)
	return f
}

// nestedDeal decodes the deal a party holds, with its own parties and
// stack, reporting its problems under path. Its currency must be the
// deal's.
func (d *decoder) nestedDeal(path string, n *jnode) *Deal {
	if d.nesting+1 >= MaxDealDepth {
		d.failf(path, ErrLimit, "deals nested more than %d deep (MaxDealDepth)", MaxDealDepth)
		return nil
	}
	c := newDecoder(d.nesting + 1)
	sub := c.dealNode(n)
	if sub != nil && d.currency != "" && sub.Currency != d.currency {
		c.failf("currency", ErrCurrencyMismatch, "%q, the deal is in %q", sub.Currency, d.currency)
	}
	if len(c.errs) > 0 || c.dropped {
		d.add(path, c.err())
		return nil
	}
	return sub
}

// encodeExtras writes the deal's fund terms.
func (e *encoder) encodeExtras(root *jnode, d *Deal) {
	if f := d.Fees; f != nil {
		n := jobj()
		if f.Manager != "" {
			n.set("manager", e.str("fees.manager", string(f.Manager)))
		}
		m := f.Management
		mn := jobj()
		e.optDec(&mn, "commitment_rate", m.CommitmentRate)
		e.optDec(&mn, "invested_rate", m.InvestedRate)
		optDate(&mn, "investment_end", m.InvestmentEnd)
		optInt(&mn, "periods_per_year", m.PeriodsPerYear)
		if m.DayCount != contract.ACT365F {
			mn.set("day_count", jstr(m.DayCount.String()))
		}
		e.optDec(&mn, "offset_share", m.OffsetShare)
		optBool(&mn, "carry_offsets", m.CarryOffsets)
		if len(mn.kids) > 0 {
			n.set("management", mn)
		}
		if len(f.Income) > 0 {
			n.set("income", e.flowList(f.Income))
		}
		if len(f.Expenses) > 0 {
			xs := jarr()
			for i, x := range f.Expenses {
				xn := jobj()
				xn.set("date", date(x.Date))
				xn.set("amount", e.money(x.Amount))
				xn.set("payee", e.str(index("fees.expenses", i)+".payee", string(x.Payee)))
				if x.Memo != "" {
					xn.set("memo", e.str(index("fees.expenses", i)+".memo", x.Memo))
				}
				xs.push(xn)
			}
			n.set("expenses", xs)
		}
		if len(f.Parties) > 0 {
			n.set("parties", e.parties("fees.parties", f.Parties))
		}
		root.set("fees", n)
	}
}

// calls encodes a list of capital calls.
func (e *encoder) calls(path string, cs []Call) jnode {
	list := jarr()
	for i, c := range cs {
		n := jobj()
		n.set("date", date(c.Date))
		n.set("amount", e.money(c.Amount))
		if len(c.Parties) > 0 {
			n.set("parties", e.parties(index(path, i)+".parties", c.Parties))
		}
		list.push(n)
	}
	return list
}

// nestedGraph is the graph of nested deals below d, by name, for
// checkCycles: a Go deal may hold itself through a party, which the spec,
// writing nested deals inline, cannot express.
func nestedGraph(d *Deal) (map[string][]string, bool) {
	graph := map[string][]string{}
	seen := map[*Deal]string{}
	var visit func(x *Deal, name string)
	cyclic := false
	visit = func(x *Deal, name string) {
		seen[x] = name
		for i, p := range x.Parties {
			if p.Deal == nil {
				continue
			}
			child := fmt.Sprintf("%s.parties[%d].deal", name, i)
			if prev, ok := seen[p.Deal]; ok {
				graph[name] = append(graph[name], prev)
				cyclic = true
				continue
			}
			graph[name] = append(graph[name], child)
			visit(p.Deal, child)
		}
	}
	visit(d, "deal")
	return graph, cyclic
}

// checkNesting reports a deal that holds itself, through parties, as an
// ErrCycle naming the path of deals, and nesting deeper than MaxDealDepth.
func checkNesting(d *Deal) error {
	graph, maybe := nestedGraph(d)
	if maybe {
		if err := checkCycles("parties", graph); err != nil {
			return err
		}
	}
	if depth := dealDepth(d, 0); depth > MaxDealDepth {
		return contract.Field("parties", fmt.Errorf("%w: deals nested %d deep, more than %d (MaxDealDepth)", ErrLimit, depth, MaxDealDepth))
	}
	return nil
}

// dealDepth is the nesting depth of d, counting d; it stops past
// MaxDealDepth.
func dealDepth(d *Deal, above int) int {
	if above > MaxDealDepth {
		return above
	}
	depth := above + 1
	for _, p := range d.Parties {
		if p.Deal != nil {
			depth = max(depth, dealDepth(p.Deal, above+1))
		}
	}
	return depth
}

// partyDeal reads a party's nested deal, if it has one.
func (d *decoder) partyDeal(po *object) *Deal {
	n, path := po.field("deal", false)
	if n == nil {
		return nil
	}
	return d.nestedDeal(path, n)
}
