package openaijv

import (
	"fmt"
	"io"
	"text/tabwriter"

	"github.com/jvwaterfall/jvwaterfall/waterfall"
	"github.com/shopspring/decimal"
)

// pvPlaces are the decimal places of discount factors and present values.
const pvPlaces = 16

// counterfactual is the Founders' cost of the compute they use, three
// ways: through the JV (the compute bill, any energy passed through to
// them and the equity they put in, less what the JV pays them), building the same facility outright (its
// capex, refresh, energy and opex, less what its spare capacity earns at
// market after the contract and its sale), and renting the same MW at
// the market price path. Each is a total and a present value at the
// Founders' discount rate, monthly (1 + rate/12 a month), over the
// MW-months the Founders use.
type counterfactual struct {
	Used, UsedPV          decimal.Decimal // MW-months used under the contract
	JV, Build, Rent       decimal.Decimal // net cost, undiscounted
	JVPV, BuildPV, RentPV decimal.Decimal // at the discount rate, to closing
	jvFlows, build, rent  []decimal.Decimal
	usage                 []decimal.Decimal
}

// PerMW returns cost / used MW-months in whole currency units, or zero
// when nothing was used.
func perMW(cost, used decimal.Decimal) decimal.Decimal {
	if used.Sign() <= 0 {
		return decimal.Zero
	}
	return cost.DivRound(used, 0)
}

// marketPrice is the market price per MW-month in month i, from the
// scenario's path by year after COD (the path's last year after it).
func (m *model) marketPrice(i int) decimal.Decimal {
	path := m.in.Market.PricePath
	if m.shock.MarketPath != nil {
		path = m.shock.MarketPath
	}
	k := max(0, (i-m.cod-1)/12)
	return path[min(k, len(path)-1)]
}

func (o *outcome) counterfactual() (counterfactual, error) {
	m := o.model
	n := len(m.periods)
	zeros := func() []decimal.Decimal {
		xs := make([]decimal.Decimal, n)
		for i := range xs {
			xs[i] = decimal.Zero
		}
		return xs
	}
	c := counterfactual{jvFlows: zeros(), build: zeros(), rent: zeros(), usage: zeros()}
	st, err := m.compute.Statement(m.periods)
	if err != nil {
		return c, err
	}
	for i, s := range st {
		c.jvFlows[i] = c.jvFlows[i].Add(s.Paid)
		c.usage[i] = m.compute.Usage[i]
		c.rent[i] = c.usage[i].Mul(m.marketPrice(i)).Round(scale)
	}
	for _, x := range o.res.Contributions.All() {
		if x.Party == founders {
			c.jvFlows[x.Period] = c.jvFlows[x.Period].Add(x.Amount)
		}
	}
	for _, p := range o.res.Payments.All() {
		if p.Party == founders {
			c.jvFlows[p.Period] = c.jvFlows[p.Period].Sub(p.Amount)
		}
	}
	// Building outright: the capex at closing and the refresh, energy and
	// opex, less market sales and the sale, all from the JV's own sources.
	c.build[0] = m.size.FacilityCapex.Add(m.size.GPUCapex)
	if m.refreshAt >= 0 {
		c.build[m.refreshAt] = c.build[m.refreshAt].Add(m.refresh.Terms.Obsolescence.Refresh)
	}
	// The energy the JV passes through is billed to the Founders: a cost
	// of the JV route; building, they pay all of it.
	energy, err := m.energy.Cash(m.periods)
	if err != nil {
		return c, fmt.Errorf("%s: %w", m.energy.Name(), err)
	}
	for i, x := range energy {
		c.jvFlows[i] = c.jvFlows[i].Add(x.In)
		c.build[i] = c.build[i].Add(x.Out)
	}
	srcs := []waterfall.Source{m.opex}
	if m.contract < m.horizon {
		srcs = append(srcs, m.market)
	}
	for _, s := range srcs {
		cash, err := s.Cash(m.periods)
		if err != nil {
			return c, fmt.Errorf("%s: %w", s.Name(), err)
		}
		for i, x := range cash {
			c.build[i] = c.build[i].Add(x.Out).Sub(x.In)
		}
	}
	last := n - 1
	c.build[last] = c.build[last].Sub(m.exit.Value)

	rate := decimal.NewFromInt(1).Add(m.in.Founders.DiscountRate.DivRound(decimal.NewFromInt(12), pvPlaces))
	growth := decimal.NewFromInt(1)
	for _, f := range []*decimal.Decimal{&c.Used, &c.UsedPV, &c.JV, &c.Build, &c.Rent, &c.JVPV, &c.BuildPV, &c.RentPV} {
		*f = decimal.Zero
	}
	for i := range n {
		if i > 0 {
			growth = growth.Mul(rate).Round(pvPlaces)
		}
		pv := func(x decimal.Decimal) decimal.Decimal { return x.DivRound(growth, pvPlaces) }
		c.Used = c.Used.Add(c.usage[i])
		c.JV = c.JV.Add(c.jvFlows[i])
		c.Build = c.Build.Add(c.build[i])
		c.Rent = c.Rent.Add(c.rent[i])
		c.UsedPV = c.UsedPV.Add(pv(c.usage[i]))
		c.JVPV = c.JVPV.Add(pv(c.jvFlows[i]))
		c.BuildPV = c.BuildPV.Add(pv(c.build[i]))
		c.RentPV = c.RentPV.Add(pv(c.rent[i]))
	}
	return c, nil
}

func writeCounterfactual(w io.Writer, in Inputs, outs []*outcome) error {
	fmt.Fprintln(w, "The Founders' counterfactual: cost per MW-month they use, in thousands, through the JV (compute bill")
	fmt.Fprintln(w, "+ power passed through + equity − distributions), building outright (capex + refresh + power + opex")
	fmt.Fprintln(w, "− market sales − sale),")
	fmt.Fprintf(w, "or renting at the market price path; undiscounted, and levelised at %s%% a year (monthly, rate/12):\n", pct(in.Founders.DiscountRate))
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "scenario\tMW-months used\tJV\tbuild\trent\tJV PV\tbuild PV\trent PV\tcheapest (PV)\t")
	for _, o := range outs {
		c, err := o.counterfactual()
		if err != nil {
			return err
		}
		k := func(cost, used decimal.Decimal) string { return report3(perMW(cost, used)) }
		best := "JV"
		jv, b, r := perMW(c.JVPV, c.UsedPV), perMW(c.BuildPV, c.UsedPV), perMW(c.RentPV, c.UsedPV)
		if b.LessThan(jv) && !r.LessThan(b) {
			best = "build"
		} else if r.LessThan(jv) && r.LessThan(b) {
			best = "rent"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t\n", o.scenario.name, c.Used.StringFixed(0),
			k(c.JV, c.Used), k(c.Build, c.Used), k(c.Rent, c.Used), k(c.JVPV, c.UsedPV), k(c.BuildPV, c.UsedPV), k(c.RentPV, c.UsedPV), best)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintln(w)
	return nil
}

// report3 prints an amount in thousands with one decimal.
func report3(d decimal.Decimal) string { return d.Shift(-3).StringFixed(1) }
