package scenario

import (
	"fmt"
	"math"
	"time"

	"github.com/jvwaterfall/jvwaterfall/contract"
	"github.com/jvwaterfall/jvwaterfall/metrics"
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
	// LenderLoss is the principal the loans of the stack lent and were
	// not repaid by the end of the run: each loan's outstanding principal
	// ([tranche.DebtState.Outstanding]: its draws and capitalised interest
	// less the principal repaid), summed over the loans. Interest and
	// fees in arrears are not in it.
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
// are read from its Result alone: d is nil). parties lists the parties
// whose measures are wanted; nil means every party of the result.
//
// Measure reads only what a totals-only run keeps ([waterfall.RunOptions]):
// each party's totals, its dated movements and flows, the period
// summaries, the events and the loans' positions at the end. The measures
// are those of [report.Summary] (which reads the ledger) for the same
// run: a sweep runs totals-only and gives the figures a full run reports.
//
// It returns an error wrapping [contract.ErrRequired] for a nil result
// and [tranche.ErrUnknownParty] for a party not in the result.
func Measure(res *waterfall.Result, d *waterfall.Deal, parties []tranche.PartyID) (Outcome, error) {
	if res == nil {
		return Outcome{}, fmt.Errorf("nil result: %w", contract.ErrRequired)
	}
	out := Outcome{MinDSCR: math.NaN(), Retained: res.Retained(), LenderLoss: decimal.Zero}
	for _, e := range res.Events {
		out.Breach = out.Breach || e.Kind == tranche.EventCovenantBreach
		out.Default = out.Default || e.Kind == tranche.EventPaymentDefault
	}
	if d != nil {
		if err := tranche.CheckShape(d.Stack); err != nil {
			return Outcome{}, contract.Field("stack", err)
		}
		debts := loans(d.Stack)
		var err error
		if out.MinDSCR, err = minDSCR(res, debts); err != nil {
			return Outcome{}, err
		}
		if out.LenderLoss, err = lenderLoss(res, debts); err != nil {
			return Outcome{}, err
		}
	}
	if parties == nil {
		for _, t := range res.Parties() {
			parties = append(parties, t.Party)
		}
	}
	for _, id := range parties {
		po, err := measureParty(res, id)
		if err != nil {
			return Outcome{}, err
		}
		out.Parties = append(out.Parties, po)
	}
	return out, nil
}

// measureParty is one party's measures, from its totals and movements.
func measureParty(res *waterfall.Result, id tranche.PartyID) (PartyOutcome, error) {
	t, ok := res.Party(id)
	if !ok {
		return PartyOutcome{}, fmt.Errorf("party %q: %w", id, tranche.ErrUnknownParty)
	}
	kept := t.Distributed.Sub(t.PaidOut)
	po := PartyOutcome{Party: id, Contributed: t.Contributed, Distributed: t.Distributed,
		Net: kept.Sub(t.Contributed), XIRR: math.NaN(), IRR: math.NaN(), MOIC: decimal.Zero}
	moves := res.Movements(id)
	// What the party put at stake: its contributions or, when more, what
	// came back to it as capital or principal (a lender whose draws are
	// not contributions), as report.PaybackOf counts it.
	stake := decimal.Max(t.Contributed, t.ByKind[tranche.KindCapital].Add(t.ByKind[tranche.KindPrincipal]))
	got := decimal.Zero
	values := make([]decimal.Decimal, len(res.Periods))
	for i := range values {
		values[i] = decimal.Zero
	}
	k := 0 // the period of the movement at hand: movements are in date order
	for j, m := range moves {
		for k < len(res.Periods)-1 && m.Date.After(res.Periods[k].Period.End) {
			k++
		}
		if k < len(values) {
			values[k] = values[k].Add(m.Out).Sub(m.PaidOut).Sub(m.In)
		}
		if po.First.IsZero() && m.Out.Sign() > 0 {
			po.First = m.Date
		}
		got = got.Add(m.Out).Sub(m.PaidOut)
		// Payback is read at a period's end, once its movements are all in.
		last := j == len(moves)-1 || k >= len(res.Periods)-1 || moves[j+1].Date.After(res.Periods[k].Period.End)
		if po.Payback.IsZero() && stake.Sign() > 0 && last && got.GreaterThanOrEqual(stake) {
			po.Payback = periodEnd(res, k, m.Date)
		}
	}
	if t.Contributed.Sign() <= 0 {
		return po, nil
	}
	m, err := metrics.PaidInMultiples(t.Contributed, kept, decimal.Zero)
	if err != nil {
		return PartyOutcome{}, fmt.Errorf("party %q: %w", id, err)
	}
	po.MOIC = m.DPI
	// The party's dated flows, as Result.Flows makes them, from the
	// movements at hand.
	flows := make([]contract.Flow, len(moves))
	for j, m := range moves {
		flows[j] = contract.Flow{Date: m.Date, Amount: m.Out.Sub(m.In).Sub(m.PaidOut)}
	}
	x, errX := metrics.XIRR(flows)
	irr, errI := metrics.IRR(values)
	if errX == nil && errI == nil {
		po.XIRR, po.IRR = x, irr
	}
	return po, nil
}

// periodEnd is the end of period k, or date when the run has no such
// period.
func periodEnd(res *waterfall.Result, k int, date time.Time) time.Time {
	if k < len(res.Periods) {
		return res.Periods[k].Period.End
	}
	return date
}

// loans returns the debt tranches of a stack, each once, in stack order.
// The stack's shape is checked ([tranche.CheckShape]): the walk ends.
func loans(t tranche.Tranche) []*tranche.Debt {
	var out []*tranche.Debt
	seen := map[tranche.TrancheID]bool{}
	var walk func(t tranche.Tranche)
	walk = func(t tranche.Tranche) {
		if d, ok := t.(*tranche.Debt); ok && d != nil && d.Plan != nil && !seen[d.Name] {
			seen[d.Name] = true
			out = append(out, d)
		}
		if p, ok := t.(tranche.Parent); ok {
			for _, c := range p.Children() {
				walk(c)
			}
		}
	}
	walk(t)
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

// lenderLoss is Outcome.LenderLoss: each loan's outstanding principal at
// the end of the run, capitalised interest included.
func lenderLoss(res *waterfall.Result, debts []*tranche.Debt) (decimal.Decimal, error) {
	loss := decimal.Zero
	for _, d := range debts {
		st, err := res.Loan(d)
		if err != nil {
			return decimal.Zero, err
		}
		if o := st.Outstanding(); o.Sign() > 0 {
			loss = loss.Add(o)
		}
	}
	return loss, nil
}
