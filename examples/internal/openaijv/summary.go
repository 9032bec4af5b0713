package openaijv

import (
	"fmt"
	"io"
	"text/tabwriter"

	"github.com/jvwaterfall/jvwaterfall/report"
	study "github.com/jvwaterfall/jvwaterfall/scenario"
	"github.com/jvwaterfall/jvwaterfall/tranche"
	"github.com/shopspring/decimal"
)

// debtView is a scenario's debt in figures: what the summary's debt
// table prints.
type debtView struct {
	Loan         decimal.Decimal // drawn at closing
	Capitalised  decimal.Decimal // interest capitalised before COD
	MinDSCR      float64         // scenario.Measure's: the lowest DSCR of a month with scheduled service
	Trapped      int             // months in which the covenant trapped cash
	PeakDSRA     decimal.Decimal // the most the reserve held
	FirstDefault int             // month of the first payment default; -1 when none
	EventDefault int             // month of the event of default; -1 when none
	Exit         exitValue       // the sale
	LenderLoss   decimal.Decimal // principal owed after the sale, capitalised interest included (scenario.Measure's)
}

func (o *outcome) debt() (debtView, error) {
	v := debtView{Loan: o.model.size.Debt, Capitalised: decimal.Zero, PeakDSRA: decimal.Zero, FirstDefault: -1,
		EventDefault: o.eod, Exit: o.model.exit}
	rows, err := o.model.loan.Schedule()
	if err != nil {
		return v, err
	}
	for _, r := range rows {
		v.Capitalised = v.Capitalised.Add(r.PIK)
	}
	m, err := study.Measure(o.res, o.model.deal, nil)
	if err != nil {
		return v, err
	}
	v.MinDSCR, v.LenderLoss = m.MinDSCR, m.LenderLoss
	for _, e := range o.res.Events {
		switch {
		case e.Kind == tranche.EventCashTrapped:
			v.Trapped++
		case e.Kind == tranche.EventPaymentDefault && v.FirstDefault < 0:
			v.FirstDefault = e.Period
		}
	}
	for _, h := range o.res.Holdings {
		if h.Tranche == dsraID && h.Amount.GreaterThan(v.PeakDSRA) {
			v.PeakDSRA = h.Amount
		}
	}
	return v, nil
}

// catchUp is what the catch-up tier paid.
func (o *outcome) catchUp() decimal.Decimal {
	amt := decimal.Zero
	for _, p := range o.res.Payments.All() {
		if p.Tranche == catchUpID {
			amt = amt.Add(p.Amount)
		}
	}
	return amt
}

// monthText prints a month count, or "-" for -1.
func monthText(m int) string {
	if m < 0 {
		return "-"
	}
	return fmt.Sprintf("m%d", m)
}

// ratio prints a DSCR.
func ratio(x float64) string { return fmt.Sprintf("%.2fx", x) }

func writeSummary(w io.Writer, in Inputs, outs []*outcome, opt options) error {
	base := outs[0].model
	sz := base.size
	fmt.Fprintf(w, "%s: a %s MW AI data centre, closing %s, COD after %d months, sold after %d years.\n", in.Deal,
		sz.Capacity, in.Closing.Format("2006-01-02"), in.ConstructionMonths, in.Years)
	fmt.Fprintf(w, "The Founders buy %s%% of its capacity take-or-pay for %d months at %s per MW-month (+%s%% a year),\n",
		pct(in.Compute.Utilisation), in.Compute.ContractMonths, money(in.Compute.PricePerMWMonth), pct(in.Compute.Escalation))
	fmt.Fprintf(w, "minimum %s%%; then the JV sells %s%% at the market price. GPUs refreshed after %d months in every scenario.\n",
		pct(in.Compute.MinimumShare), pct(in.Market.Utilisation), in.GPUs.LifeMonths)
	fmt.Fprintf(w, "Waterfall: energy and opex; senior loan; DSRA (%d × the first amortising month's service); DSCR lock-up below %sx;\n",
		in.Debt.DSRAMonths, in.Debt.MinDSCR.StringFixed(2))
	fmt.Fprintf(w, "PE's %s%% pref; both partners' capital pro rata; catch-up: PE takes 100%% of profit until its catch-up is %s%% of all\n",
		pct(in.PE.PrefRate), pct(in.PE.CatchUpTarget))
	fmt.Fprintf(w, "profit paid; then %s/%s: %s%% to both partners by capital, %s%% promote to PE. Amounts in %s millions.\n\n",
		pct(decimal.NewFromInt(1).Sub(in.PE.Promote)), pct(in.PE.Promote), pct(decimal.NewFromInt(1).Sub(in.PE.Promote)), pct(in.PE.Promote), in.Currency)

	if err := writeSourcesUses(w, in, outs); err != nil {
		return err
	}
	if err := writeParties(w, outs); err != nil {
		return err
	}
	if err := writeDebt(w, outs); err != nil {
		return err
	}
	for _, o := range outs {
		if o.scenario.name == "base" || o.scenario.name == "energy" || o.scenario.name == "stranded" {
			if err := writeYears(w, o); err != nil {
				return err
			}
		}
	}
	if err := writeCounterfactual(w, in, outs); err != nil {
		return err
	}
	if err := writeSeeks(w, in); err != nil {
		return err
	}
	if !opt.noStudy {
		if err := writeStudy(w, in, opt.samples); err != nil {
			return err
		}
	}
	fmt.Fprintf(w, "\nBase case, %s, %s:\n", opt.periods, in.Currency)
	l, err := report.NewLedger(outs[0].res, opt.periods)
	if err != nil {
		return err
	}
	return l.WriteTable(w)
}

func writeSourcesUses(w io.Writer, in Inputs, outs []*outcome) error {
	fmt.Fprintln(w, "Sources and uses at closing (the loan sized so the contracted minimum cash flow covers its first")
	fmt.Fprintf(w, "amortising month %sx; PE's equity is the rest):\n", in.Debt.TargetDSCR.StringFixed(2))
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprint(tw, "\t")
	var sizes []sizing
	for _, o := range outs {
		if o.scenario.name == "base" || o.scenario.name == "scale" {
			fmt.Fprintf(tw, "%s MW\t", o.model.size.Capacity)
			sizes = append(sizes, o.model.size)
		}
	}
	fmt.Fprintln(tw)
	row := func(label string, f func(s sizing) decimal.Decimal) {
		fmt.Fprintf(tw, "%s\t", label)
		for _, s := range sizes {
			fmt.Fprintf(tw, "%s\t", millions(f(s)))
		}
		fmt.Fprintln(tw)
	}
	row("uses: facility capex", func(s sizing) decimal.Decimal { return s.FacilityCapex })
	row("GPU capex", func(s sizing) decimal.Decimal { return s.GPUCapex })
	row("loan arrangement fee", func(s sizing) decimal.Decimal { return s.UpfrontFee })
	row("total uses", sizing.Uses)
	row("sources: senior loan", func(s sizing) decimal.Decimal { return s.Debt })
	row("of which GPU tranche", func(s sizing) decimal.Decimal { return s.GPUDebt })
	row("of which facility tranche", func(s sizing) decimal.Decimal { return s.FacilityDebt })
	row("Founders' equity", func(s sizing) decimal.Decimal { return s.Founders })
	row("PE's equity", func(s sizing) decimal.Decimal { return s.PE })
	row("total sources", func(s sizing) decimal.Decimal { return s.Debt.Add(s.Founders).Add(s.PE) })
	row("memo: minimum cash flow a month", func(s sizing) decimal.Decimal { return s.CFADS })
	row("memo: service it supports", func(s sizing) decimal.Decimal { return s.Budget })
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintln(w)
	return nil
}

func writeParties(w io.Writer, outs []*outcome) error {
	fmt.Fprintln(w, "Who gets what (IRR from dated flows; payback: the month a party has received all it put in):")
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "scenario\tparty\tput in\treceived\tnet\tIRR\tfirst paid\tpayback\t")
	for _, o := range outs {
		ls, err := o.parties()
		if err != nil {
			return err
		}
		for j, l := range ls {
			name := ""
			if j == 0 {
				name = o.scenario.name
			}
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t\n", name, l.report.Name, millions(l.putIn), millions(l.report.Distributed),
				millions(l.net), l.irr, when(l.report.First), paybackText(l.payback))
		}
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintln(w, "\nPE's catch-up: after its pref, PE takes 100% of the next profit, until its catch-up is 20% of all")
	fmt.Fprintln(w, "profit paid (pref + catch-up): a quarter of its pref. What PE took at 100%:")
	for _, o := range outs {
		fmt.Fprintf(w, "  %-9s %sM\n", o.scenario.name, millions(o.catchUp()))
	}
	fmt.Fprintln(w)
	return nil
}

func writeDebt(w io.Writer, outs []*outcome) error {
	fmt.Fprintln(w, "The debt: lowest DSCR, months of cash trapped by the lock-up, the reserve, defaults and the sale")
	fmt.Fprintln(w, "(event of default: a payment default uncured for the grace months; the lenders then accelerate and")
	fmt.Fprintln(w, "sell at the fire-sale discount; exit value = last quarter's net operating cash × 4, power at its path's")
	fmt.Fprintln(w, "yearly average, / cap rate, cap rate rising with the GPUs' age, never below the salvage floor (then")
	fmt.Fprintln(w, "less the discount); min DSCR 0.00x: a month whose cash after costs was negative; lender loss: the")
	fmt.Fprintln(w, "principal still owed after the sale, the interest capitalised during construction included):")
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "scenario\tloan\tIDC\tmin DSCR\ttrapped\tpeak DSRA\t1st default\tEoD\tsale\tNOI\tcap rate\tGPU age\tsale price\tlender loss\t")
	for _, o := range outs {
		v, err := o.debt()
		if err != nil {
			return err
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%d mo\t%s\t%s\t%s\tm%d\t%s\t%s%%\t%d mo\t%s\t%s\t\n", o.scenario.name,
			millions(v.Loan), millions(v.Capitalised), ratio(v.MinDSCR), v.Trapped, millions(v.PeakDSRA),
			monthText(v.FirstDefault), monthText(v.EventDefault), o.model.horizon, millions(v.Exit.NOI),
			v.Exit.CapRate.Shift(2).StringFixed(2), v.Exit.GPUAge, millions(v.Exit.Value), millions(v.LenderLoss))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintln(w)
	return nil
}

// writeSeeks prints the two goal seeks on the compute price.
func writeSeeks(w io.Writer, in Inputs) error {
	fmt.Fprintf(w, "Goal seeks on the compute price per MW-month (base case, %s to %s):\n", money(in.GoalSeek.PriceLo), money(in.GoalSeek.PriceHi))
	s, err := seekPEIRR(in)
	fmt.Fprintf(w, "  PE's IRR reaches %s%% (loan re-sized at each price):      %s\n", pct(in.GoalSeek.TargetIRR), seekLine(s, err))
	s, err = seekDSCR(in)
	fmt.Fprintf(w, "  lowest DSCR reaches %sx (the base case's loan):        %s\n", in.GoalSeek.MinDSCR.StringFixed(2), seekLine(s, err))
	fmt.Fprintln(w)
	return nil
}
