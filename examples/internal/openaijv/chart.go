package openaijv

import (
	"fmt"
	"time"

	"github.com/jvwaterfall/jvwaterfall/report"
	"github.com/jvwaterfall/jvwaterfall/tranche"
	"github.com/jvwaterfall/jvwaterfall/waterfall"
	"github.com/shopspring/decimal"
)

// Chart is what -chart draws: for each party, its cumulative net cash
// (everything received less everything put in, the loan for the
// Lenders) in every scenario chosen, side by side, in millions. The
// numbers are float64 because they only place points on a picture; the
// figures printed are exact.
type Chart struct {
	Title  string  // "<deal>: cumulative net cash by party"
	YLabel string  // "<currency> millions"
	Panels []Panel // one per party, in the deal's party order
}

// Panel is one party's lines, one per scenario.
type Panel struct {
	Party string
	Lines []Line
}

// Line is one party's cumulative net cash in one scenario.
type Line struct {
	Label     string      // the scenario's name and the party's payback month
	Dates     []time.Time // the end of each period
	Millions  []float64   // net cash up to and including each period, in millions
	FirstPaid int         // index into Dates of the first payment; -1 if never paid
	Payback   int         // index into Dates of the payback: by then it had received all it ever puts in; -1 if never
}

// netCash returns a party's net cash in each period of an outcome:
// payments to it less its contributions (for the Lenders, the loan
// advanced).
func netCash(o *outcome, party string) []decimal.Decimal {
	net := make([]decimal.Decimal, len(o.res.Periods))
	for i := range net {
		net[i] = decimal.Zero
	}
	for _, p := range o.res.Payments.All() {
		if string(p.Party) == party {
			net[p.Period] = net[p.Period].Add(p.Amount)
		}
	}
	for _, c := range o.res.Contributions.All() {
		if string(c.Party) == party {
			net[c.Period] = net[c.Period].Sub(c.Amount)
		}
	}
	if party == string(lenders) && !booked(o.res, lenders) {
		for i, s := range o.res.Periods {
			for l := range s.Sources.Values() {
				if l.Source == drawSource {
					net[i] = net[i].Sub(l.In)
				}
			}
		}
	}
	return net
}

// booked reports whether the Result booked contributions of the party
// (the lenders' draws, in a Result that counts them).
func booked(res *waterfall.Result, id tranche.PartyID) bool {
	for _, c := range res.Contributions.All() {
		if c.Party == id {
			return true
		}
	}
	return false
}

// chartOf is the chart of the outcomes.
func chartOf(outs []*outcome) (Chart, error) {
	o := outs[0]
	c := Chart{Title: o.res.Deal + ": cumulative net cash by party", YLabel: o.res.Currency + " millions"}
	for _, party := range o.res.Parties() {
		p := Panel{Party: party.Name}
		for _, o := range outs {
			ls, err := o.parties()
			if err != nil {
				return Chart{}, err
			}
			var line partyLine
			for _, l := range ls {
				if l.report.Party == party.Party {
					line = l
				}
			}
			l := Line{Dates: make([]time.Time, len(o.res.Periods)), Millions: make([]float64, len(o.res.Periods)), FirstPaid: -1, Payback: -1}
			if line.report.First.Paid {
				l.FirstPaid = line.report.First.Period
			}
			if line.payback.Reached {
				l.Payback = line.payback.Period
			}
			cum := decimal.Zero
			for i, x := range netCash(o, string(party.Party)) {
				cum = cum.Add(x)
				l.Dates[i] = o.res.Periods[i].Period.End
				l.Millions[i], _ = cum.Shift(-6).Float64()
			}
			l.Label = fmt.Sprintf("%s: payback %s", o.scenario.name, month(line.payback))
			p.Lines = append(p.Lines, l)
		}
		c.Panels = append(c.Panels, p)
	}
	return c, nil
}

// month prints a payback's month, or "never".
func month(p report.Payback) string {
	if !p.Reached {
		return "never"
	}
	return p.Date.Format("2006-01")
}
