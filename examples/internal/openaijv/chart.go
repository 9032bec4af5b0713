package openaijv

import (
	"fmt"
	"time"

	"github.com/jvwaterfall/jvwaterfall/report"
	"github.com/shopspring/decimal"
)

// Chart is what -chart draws: the cumulative distributions of each party
// over the first scenario chosen, in millions, each party's first payment
// and first profit marked. The numbers are float64 because they only place
// points on a picture; the figures printed are exact.
type Chart struct {
	Title  string // "<deal> — <scenario>: cumulative distributions"
	YLabel string // "<currency> millions"
	Lines  []Line // one per party, in the deal's party order
}

// Line is one party's cumulative distributions.
type Line struct {
	Label       string      // the party's name with its first-paid and first-profit months
	Dates       []time.Time // the end of each period
	Millions    []float64   // distributions up to and including each period, in millions
	FirstPaid   int         // index into Dates of the first payment; -1 if never paid
	FirstProfit int         // index into Dates of the first profit; -1 if never
}

// chartOf is the chart of an outcome.
func chartOf(outs []*outcome) (Chart, error) {
	o := outs[0]
	c := Chart{
		Title:  fmt.Sprintf("%s — %s: cumulative distributions", o.res.Deal, o.scenario.title),
		YLabel: o.res.Currency + " millions",
	}
	for _, party := range o.res.Parties() {
		l := Line{
			Dates:    make([]time.Time, len(o.res.Periods)),
			Millions: make([]float64, len(o.res.Periods)),
		}
		cum := make([]float64, len(o.res.Periods))
		for _, pay := range o.res.Payments.All() {
			if pay.Party == party.Party {
				f, _ := pay.Amount.Shift(-6).Float64()
				cum[pay.Period] += f
			}
		}
		total := 0.0
		for i, s := range o.res.Periods {
			total += cum[i]
			l.Dates[i], l.Millions[i] = s.Period.End, total
		}
		rep, err := report.SummaryOf(o.res, party.Party, decimal.Zero)
		if err != nil {
			return Chart{}, err
		}
		l.Label = fmt.Sprintf("%s: first paid %s, first profit %s", party.Name, month(rep.First), month(rep.FirstProfit))
		l.FirstPaid, l.FirstProfit = index(rep.First), index(rep.FirstProfit)
		c.Lines = append(c.Lines, l)
	}
	return c, nil
}

// index is a first payment's period, or -1 if never paid.
func index(fp report.FirstPayment) int {
	if !fp.Paid {
		return -1
	}
	return fp.Period
}

// month prints a first payment's month, or "never".
func month(fp report.FirstPayment) string {
	if !fp.Paid {
		return "never"
	}
	return fp.Date.Format("2006-01")
}
