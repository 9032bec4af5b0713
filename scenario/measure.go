package scenario

import (
	"fmt"
	"math"
	"time"

	"github.com/jvwaterfall/jvwaterfall/contract"
	"github.com/jvwaterfall/jvwaterfall/report"
	"github.com/jvwaterfall/jvwaterfall/tranche"
	"github.com/jvwaterfall/jvwaterfall/waterfall"
	"github.com/shopspring/decimal"
)

// Outcome is what one scenario's run answers: the deal's measures and
// each asked-for party's.
type Outcome struct {
	// MinDSCR is the lowest debt service coverage ratio of the run's
	// periods with scheduled debt service: the period's cash available to
	// the stack, less what the deal held back the period before, over the
	// scheduled service (fees, interest and principal, not the balloon) of
	// every loan of the stack, as a covenant tests it. NaN when no loan has
	// scheduled service, or in a fund.
	MinDSCR float64
	// Breach says a covenant was breached in some period
	// ([tranche.EventCovenantBreach]); Default that a loan payment was
	// missed ([tranche.EventPaymentDefault]).
	Breach, Default bool
	// LenderLoss is the principal the loans of the stack drew and did not
	// repay by the end of the run (the balance of the loans' draws less
	// their principal payments), summed over the loans.
	LenderLoss decimal.Decimal
	// Retained is the cash the deal kept at the end ([waterfall.Result.Retained]).
	Retained decimal.Decimal
	// Parties holds the measures of the parties asked for, in that order.
	Parties []PartyOutcome
}

// PartyOutcome is one party's measures in a scenario, read from its
// [report.Summary].
type PartyOutcome struct {
	Party       tranche.PartyID
	Contributed decimal.Decimal // capital put in
	Distributed decimal.Decimal // everything received
	Net         decimal.Decimal // Distributed − PaidOut − Contributed
	XIRR        float64         // annual rate of return of its dated flows; NaN when not defined
	IRR         float64         // rate of return per period of the schedule; NaN when not defined
	MOIC        decimal.Decimal // distributions over paid-in (DPI, equal to TVPI with no residual value); zero when it invested nothing
	Payback     time.Time       // when it had all its capital back; zero if never
	First       time.Time       // its first payment of any kind; zero if never paid
}

// Measure returns the outcome of a run of deal d (the measures of a fund
// are read from its Result alone: fund is nil). parties lists the parties
// whose measures are wanted; nil means every party of the result. It
// returns the errors of [report.Summaries] for a bad result or party.
func Measure(res *waterfall.Result, d *waterfall.Deal, parties []tranche.PartyID) (Outcome, error) {
	if res == nil {
		return Outcome{}, fmt.Errorf("nil result: %w", contract.ErrRequired)
	}
	sums, err := report.Summaries(res, nil)
	if err != nil {
		return Outcome{}, err
	}
	out := Outcome{MinDSCR: math.NaN(), Retained: res.Retained(), LenderLoss: decimal.Zero}
	for _, e := range res.Events {
		out.Breach = out.Breach || e.Kind == tranche.EventCovenantBreach
		out.Default = out.Default || e.Kind == tranche.EventPaymentDefault
	}
	if d != nil {
		debts := loans(d.Stack)
		out.MinDSCR, err = minDSCR(res, debts)
		if err != nil {
			return Outcome{}, err
		}
		out.LenderLoss = lenderLoss(res, debts)
	}
	if parties == nil {
		for _, s := range sums {
			parties = append(parties, s.Party)
		}
	}
	for _, id := range parties {
		i := -1
		for j := range sums {
			if sums[j].Party == id {
				i = j
				break
			}
		}
		if i < 0 {
			return Outcome{}, fmt.Errorf("party %q: %w", id, tranche.ErrUnknownParty)
		}
		s := sums[i]
		po := PartyOutcome{Party: id, Contributed: s.Contributed, Distributed: s.Distributed, Net: s.Net,
			XIRR: math.NaN(), IRR: math.NaN(), MOIC: s.DPI}
		if s.RateErr == nil {
			po.XIRR, po.IRR = s.XIRR, s.PeriodicIRR
		}
		if s.Payback.Reached {
			po.Payback = s.Payback.Date
		}
		if s.First.Paid {
			po.First = s.First.Date
		}
		out.Parties = append(out.Parties, po)
	}
	return out, nil
}

// loans returns the debt tranches of a stack, each once, in stack order.
func loans(t tranche.Tranche) []*tranche.Debt {
	var out []*tranche.Debt
	seen := map[tranche.TrancheID]bool{}
	var walk func(t tranche.Tranche, depth int)
	walk = func(t tranche.Tranche, depth int) {
		if t == nil || depth > 64 {
			return
		}
		if d, ok := t.(*tranche.Debt); ok && d != nil && d.Plan != nil && !seen[d.Name] {
			seen[d.Name] = true
			out = append(out, d)
		}
		if p, ok := t.(tranche.Parent); ok {
			for _, c := range p.Children() {
				walk(c, depth+1)
			}
		}
	}
	walk(t, 0)
	return out
}

// minDSCR is Outcome.MinDSCR.
func minDSCR(res *waterfall.Result, debts []*tranche.Debt) (float64, error) {
	if len(debts) == 0 {
		return math.NaN(), nil
	}
	sched := make([]decimal.Decimal, len(res.Periods))
	for _, d := range debts {
		rows, err := d.Plan.Schedule()
		if err != nil {
			return 0, fmt.Errorf("loan %q: %w", d.Name, err)
		}
		for i, r := range rows {
			if i >= len(sched) {
				break
			}
			s := r.CommitmentFee.Add(r.Interest)
			if i != d.Plan.Maturity() {
				s = s.Add(r.Principal)
			}
			sched[i] = sched[i].Add(s)
		}
	}
	lowest := math.NaN()
	held := decimal.Zero
	for i, p := range res.Periods {
		if sched[i].Sign() > 0 {
			cfads := decimal.Max(decimal.Zero, p.Available.Sub(held))
			r, _ := cfads.DivRound(sched[i], tranche.CovenantRatioPlaces).Float64()
			if math.IsNaN(lowest) || r < lowest {
				lowest = r
			}
		}
		held = p.Held
	}
	return lowest, nil
}

// lenderLoss is Outcome.LenderLoss.
func lenderLoss(res *waterfall.Result, debts []*tranche.Debt) decimal.Decimal {
	loss := decimal.Zero
	for _, d := range debts {
		owed := decimal.Zero
		for i := range d.Plan.NumPeriods() {
			owed = owed.Add(d.Plan.Draw(i))
		}
		for _, p := range res.Payments.All() {
			if p.Tranche == d.Name && p.Kind == tranche.KindPrincipal && p.From == "" {
				owed = owed.Sub(p.Amount)
			}
		}
		if owed.Sign() > 0 {
			loss = loss.Add(owed)
		}
	}
	return loss
}
