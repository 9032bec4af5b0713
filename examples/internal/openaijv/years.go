package openaijv

import (
	"fmt"
	"io"
	"math"
	"strings"
	"text/tabwriter"

	"github.com/jvwaterfall/jvwaterfall/tranche"
	"github.com/shopspring/decimal"
)

// yearRow is one year of the JV's capex and debt, read from the run.
type yearRow struct {
	Year         int
	Capex        decimal.Decimal // paid in the year: the build at closing, the GPU refresh
	Drawn        decimal.Decimal // loan advanced
	Capitalised  decimal.Decimal // interest added to the loan before COD
	Depreciation decimal.Decimal // of the GPUs, straight-line over their life from the planned COD
	WriteDown    decimal.Decimal // GPU book value written off when refreshed before the end of their life
	GPUBook      decimal.Decimal // the GPUs' book value at the year's end
	Interest     decimal.Decimal // interest paid, default interest included
	Principal    decimal.Decimal // principal paid
	Balance      decimal.Decimal // principal owed at the year's end: drawn + capitalised − paid
	DSRA         decimal.Decimal // held in the reserve at the year's end
	Trapped      decimal.Decimal // held by the lock-up at the year's end
	MinDSCR      float64         // lowest DSCR of the year's months with scheduled service; NaN if none
	Events       map[tranche.EventKind]int
}

// monthlyDSCR is each month's DSCR as the covenant tests it: the cash
// offered to the loan less what was held back the month before, over the
// month's scheduled interest and principal (not the balloon); NaN in a
// month with nothing scheduled.
func (o *outcome) monthlyDSCR() ([]float64, error) {
	rows, err := o.model.loan.Schedule()
	if err != nil {
		return nil, err
	}
	out := make([]float64, len(o.res.Periods))
	held := decimal.Zero
	for i, p := range o.res.Periods {
		out[i] = math.NaN()
		svc := rows[i].CommitmentFee.Add(rows[i].Interest)
		if i != o.model.loan.Maturity() {
			svc = svc.Add(rows[i].Principal)
		}
		if svc.Sign() > 0 {
			out[i], _ = decimal.Max(decimal.Zero, p.Available.Sub(held)).DivRound(svc, tranche.CovenantRatioPlaces).Float64()
		}
		held = p.Held
	}
	return out, nil
}

// years is the run by calendar year.
func (o *outcome) years() ([]yearRow, error) {
	m, res := o.model, o.res
	rows, err := m.loan.Schedule()
	if err != nil {
		return nil, err
	}
	dscr, err := o.monthlyDSCR()
	if err != nil {
		return nil, err
	}
	var out []yearRow
	at := map[int]int{}
	row := func(i int) *yearRow {
		y := res.Periods[i].Period.End.Year()
		k, ok := at[y]
		if !ok {
			z := decimal.Zero
			out = append(out, yearRow{Year: y, Capex: z, Drawn: z, Capitalised: z, Depreciation: z, WriteDown: z, GPUBook: z, Interest: z, Principal: z, Balance: z,
				DSRA: z, Trapped: z, MinDSCR: math.NaN(), Events: map[tranche.EventKind]int{}})
			k = len(out) - 1
			at[y] = k
		}
		return &out[k]
	}
	gpus, err := m.refresh.Schedule(m.periods)
	if err != nil {
		return nil, err
	}
	for i := range res.Periods {
		r := row(i)
		r.Depreciation = r.Depreciation.Add(gpus[i].Depreciation)
		r.WriteDown = r.WriteDown.Add(gpus[i].Impairment)
		r.GPUBook = gpus[i].BookValue
		r.Drawn = r.Drawn.Add(m.loan.Draw(i))
		r.Capitalised = r.Capitalised.Add(rows[i].PIK)
		if i == 0 {
			r.Capex = r.Capex.Add(m.size.FacilityCapex).Add(m.size.GPUCapex)
		}
		if i == m.refreshAt {
			r.Capex = r.Capex.Add(m.refresh.Terms.Obsolescence.Refresh)
		}
		if !math.IsNaN(dscr[i]) && (math.IsNaN(r.MinDSCR) || dscr[i] < r.MinDSCR) {
			r.MinDSCR = dscr[i]
		}
	}
	for _, p := range res.Payments.All() {
		if p.Party != lenders {
			continue
		}
		r := row(p.Period)
		switch p.Kind {
		case tranche.KindInterest:
			r.Interest = r.Interest.Add(p.Amount)
		case tranche.KindPrincipal:
			r.Principal = r.Principal.Add(p.Amount)
		}
	}
	for _, h := range res.Holdings {
		r := row(h.Period)
		if res.Periods[h.Period].Period.End.Month() != 12 && h.Period != len(res.Periods)-1 {
			continue
		}
		switch h.Tranche {
		case dsraID:
			r.DSRA = h.Amount
		case dscrID:
			r.Trapped = h.Amount
		}
	}
	for _, e := range res.Events {
		row(e.Period).Events[e.Kind]++
	}
	owed := decimal.Zero
	for i := range out {
		owed = owed.Add(out[i].Drawn).Add(out[i].Capitalised).Sub(out[i].Principal)
		out[i].Balance = owed
	}
	return out, nil
}

// eventText prints a year's events: "trap 2, breach 1".
func eventText(ev map[tranche.EventKind]int) string {
	var parts []string
	for _, k := range []struct {
		kind tranche.EventKind
		name string
	}{{tranche.EventCovenantBreach, "breach"}, {tranche.EventCashTrapped, "trapped"}, {tranche.EventCovenantCured, "cured"},
		{tranche.EventCashReleased, "released"}, {tranche.EventPaymentDefault, "payment default"}, {tranche.EventDefaultCured, "default cured"}} {
		if n := ev[k.kind]; n > 0 {
			parts = append(parts, fmt.Sprintf("%s %d", k.name, n))
		}
	}
	if len(parts) == 0 {
		return "-"
	}
	return strings.Join(parts, ", ")
}

// writeYears prints the capex and the debt of an outcome by year.
func writeYears(w io.Writer, o *outcome) error {
	ys, err := o.years()
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "Capex and debt by year, %s (millions; balance and reserves at the year's end; DSCR the year's lowest):\n", o.scenario.name)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "year\tcapex\tGPU depr.\twrite-down\tGPU book\tdrawn\tcapitalised\tinterest\tprincipal\tbalance\tDSRA\ttrapped\tmin DSCR\tevents (months)\t")
	for _, y := range ys {
		d := "-"
		if !math.IsNaN(y.MinDSCR) {
			d = ratio(y.MinDSCR)
		}
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t\n", y.Year, millions(y.Capex),
			millions(y.Depreciation), millions(y.WriteDown), millions(y.GPUBook), millions(y.Drawn), millions(y.Capitalised),
			millions(y.Interest), millions(y.Principal), millions(y.Balance), millions(y.DSRA), millions(y.Trapped), d, eventText(y.Events))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintln(w)
	return nil
}
