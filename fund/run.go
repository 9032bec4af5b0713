package fund

import (
	"cmp"
	"errors"
	"fmt"
	"slices"

	"github.com/jvwaterfall/jvwaterfall/contract"
	"github.com/jvwaterfall/jvwaterfall/internal/alloc"
	"github.com/jvwaterfall/jvwaterfall/tranche"
	"github.com/jvwaterfall/jvwaterfall/waterfall"
	"github.com/shopspring/decimal"
)

// Run runs the fund deal by deal and returns its ledger. Each period:
//
//  1. the fund's fees and expenses are worked out on invested capital (the
//     capital the fee's payers put into investments not realized before
//     the period, less what each has returned to them), called from the
//     investors and paid;
//  2. each investment in turn takes one step of the engine
//     ([waterfall.Stepper]): its calls are booked on its own book, its
//     proceeds (with the cash it retained) first recover realized losses
//     and fees when [Terms] say so, then are offered to its stack; the
//     period is closed and checked as in a plain deal;
//  3. carry paid to the sponsor is held back into escrow by the escrow
//     share, payment by payment;
//  4. at a checkpoint the lookback runs (see [Terms]).
//
// Each party that is itself a deal is then run over what it received, as
// [waterfall.Run] does.
//
// Run returns an error if the fund is invalid (every problem, see
// [Fund.Validate]) or a rule breaks during the run ([tranche.ErrInvariant],
// wrapped with the period). It never changes f, so many goroutines may run
// one Fund.
func Run(f *Fund) (*Result, error) {
	if err := f.Validate(); err != nil {
		return nil, err
	}
	r, err := newRun(f)
	if err != nil {
		return nil, err
	}
	checkpoints := map[int]bool{len(f.Periods) - 1: true}
	for _, t := range f.Terms.Clawback.Interim {
		i, _ := contract.PeriodIndex(f.Periods, t)
		checkpoints[i] = true
	}
	for i, p := range f.Periods {
		if err := r.period(i, p); err != nil {
			return nil, fmt.Errorf("period %d (%s): %w", i, day(p.End), err)
		}
		if checkpoints[i] {
			if err := r.lookback(i, p, i == len(f.Periods)-1); err != nil {
				return nil, fmt.Errorf("period %d (%s): lookback: %w", i, day(p.End), err)
			}
		}
	}
	res, err := waterfall.Tally(r.whole, r.periods, r.contributions, r.ledger, r.events)
	if err != nil {
		return nil, err
	}
	res.Fees = r.feeLines
	for _, ir := range r.invs {
		res.Holdings = append(res.Holdings, ir.step.Holdings()...)
	}
	slices.SortStableFunc(res.Holdings, func(a, b tranche.Holding) int { return cmp.Compare(a.Period, b.Period) })
	if err := waterfall.RunNested(res, f.Parties); err != nil {
		return nil, err
	}
	return &Result{Result: res, Lookbacks: r.lookbacks}, nil
}

// investmentRun is one investment's state in a deal-by-deal run.
type investmentRun struct {
	inv      *Investment
	step     *waterfall.Stepper
	realized int // period index of Realized, or -1
}

// run is the state of a deal-by-deal run.
type run struct {
	f             *Fund
	a             *Terms
	whole         *waterfall.Deal // the fund as one deal: parties, schedule, fees, whole-fund stack
	invs          []*investmentRun
	fees          *waterfall.FeeRun
	payers        []tranche.PartyID // who pays the fees: whose capital is their base
	periods       []waterfall.PeriodSummary
	contributions []tranche.Contribution
	ledger        []tranche.Payment
	events        []tranche.Event
	feeLines      []contract.FeeLine
	lookbacks     []Lookback
	escrow        decimal.Decimal                     // balance held
	held          decimal.Decimal                     // carry ever held back
	carry         decimal.Decimal                     // carry earned from the investments' stacks
	clawed        decimal.Decimal                     // clawed back in all, from escrow and sponsor
	fromGP        decimal.Decimal                     // clawed back from the sponsor
	clawTo        map[tranche.PartyID]decimal.Decimal // clawbacks each investor holds, net of any given back
	owedRec       map[tranche.PartyID]decimal.Decimal // losses and fees recoverable, not yet recovered
	lossBy        []bool                              // whether an investment's loss has been added to owedRec
	dists         []decimal.Decimal                   // per period: cash the fund distributed (the lookback's proceeds)
}

func newRun(f *Fund) (*run, error) {
	r := &run{f: f, a: &f.Terms, whole: f.deal(), escrow: decimal.Zero, held: decimal.Zero,
		carry: decimal.Zero, clawed: decimal.Zero, fromGP: decimal.Zero, clawTo: map[tranche.PartyID]decimal.Decimal{},
		owedRec: map[tranche.PartyID]decimal.Decimal{}, lossBy: make([]bool, len(f.Investments)),
		dists: make([]decimal.Decimal, len(f.Periods))}
	r.fees = waterfall.NewFeeRun(r.whole)
	r.payers = r.fees.Payers()
	// Nested deals are run once, at the fund's level, over what their
	// party received from every investment.
	parties := make([]waterfall.Party, len(f.Parties))
	for i, p := range f.Parties {
		p.Deal = nil
		parties[i] = p
	}
	for k := range f.Investments {
		inv := &f.Investments[k]
		s, err := waterfall.NewStepper(&waterfall.Deal{Name: inv.Name, Currency: f.Currency, Scale: f.Scale, Rounding: f.Rounding,
			Parties: parties, Periods: f.Periods, Calls: inv.Calls, Proceeds: inv.Proceeds, Stack: inv.Stack})
		if err != nil {
			return nil, contract.Prefix(fmt.Sprintf("investments[%d]", k), err)
		}
		ir := &investmentRun{inv: inv, step: s, realized: -1}
		if !inv.Realized.IsZero() {
			ir.realized, _ = contract.PeriodIndex(f.Periods, inv.Realized)
		}
		r.invs = append(r.invs, ir)
	}
	return r, nil
}

func (r *run) post(p contract.Period, pay tranche.Payment) {
	pay.Period, pay.Date = p.Index, p.End
	r.ledger = append(r.ledger, pay)
}

func (r *run) contribute(c tranche.Contribution) {
	r.contributions = append(r.contributions, c)
}

// period runs one period: fees, then each investment in turn.
func (r *run) period(i int, p contract.Period) error {
	sum := waterfall.PeriodSummary{Period: p, CarriedIn: decimal.Zero, Proceeds: decimal.Zero, Costs: decimal.Zero,
		Paid: decimal.Zero, Retained: decimal.Zero, Contributed: decimal.Zero, Drawn: decimal.Zero, Fees: decimal.Zero, Held: decimal.Zero}
	if r.fees != nil {
		// The fee's base: the payers' capital in investments not realized
		// before this period, less what each has returned to them, as of
		// the period's start. A loan's draws are its lender's
		// contributions, not capital invested.
		invested := decimal.Zero
		for _, ir := range r.invs {
			if ir.realized >= 0 && ir.realized < i {
				continue
			}
			in := decimal.Zero
			for _, id := range r.payers {
				a, err := ir.step.Account(id)
				if err != nil {
					return err
				}
				in = in.Add(a.Contributed).Sub(a.Lent).Sub(a.CapitalReturned)
			}
			invested = invested.Add(decimal.Max(decimal.Zero, in))
		}
		fp, err := r.fees.Period(p, invested)
		if err != nil {
			return err
		}
		r.feeLines = append(r.feeLines, fp.Line)
		for _, c := range fp.Contributions {
			r.contribute(tranche.Contribution{Period: p.Index, Date: p.End, Party: c.Party, Amount: c.Amount})
			if r.a.RecoverFees && slices.Contains(r.a.Investors, c.Party) {
				r.owedRec[c.Party] = r.owedRec[c.Party].Add(c.Amount)
			}
		}
		for _, pay := range fp.Payments {
			r.post(p, pay)
		}
		sum.Fees = fp.Total
		sum.Contributed = sum.Contributed.Add(fp.Total)
	}
	var events []tranche.Event
	for k, ir := range r.invs {
		carried, proceeds := ir.step.Carried(), ir.step.Proceeds()
		avail := carried.Add(proceeds)
		rec := decimal.Zero
		if avail.Sign() > 0 {
			var err error
			if rec, err = r.recover(p, ir, avail); err != nil {
				return err
			}
		}
		out, err := ir.step.Step(waterfall.StepCash{Costs: rec})
		if err != nil {
			// The step names the period; Run names it once, for all.
			var pe *waterfall.PeriodError
			if errors.As(err, &pe) {
				err = pe.Err
			}
			return fmt.Errorf("investment %q: %w", ir.inv.Name, err)
		}
		for c := range out.Contributions.Values() {
			r.contribute(c)
		}
		if !out.Summary.Drawn.IsZero() {
			sum.Drawn = sum.Drawn.Add(out.Summary.Drawn)
		}
		for pay := range out.Payments.Values() {
			r.ledger = append(r.ledger, pay)
			if pay.Party == r.a.Sponsor && (pay.Kind == tranche.KindCatchUp || pay.Kind == tranche.KindPromote) {
				r.carry = r.carry.Add(pay.Amount)
				r.holdBack(p, pay.Amount)
			}
		}
		events = append(events, out.Events...)
		s := out.Summary
		sum.Contributed = sum.Contributed.Add(s.Contributed)
		sum.CarriedIn = sum.CarriedIn.Add(carried)
		sum.Proceeds = sum.Proceeds.Add(proceeds)
		sum.Paid = sum.Paid.Add(rec).Add(s.Paid)
		sum.Retained = sum.Retained.Add(s.Retained)
		sum.Held = sum.Held.Add(s.Held)
		// A realized investment's unreturned capital becomes a loss that
		// later investments return first.
		if r.a.RecoverLosses && ir.realized == i && !r.lossBy[k] {
			r.lossBy[k] = true
			for _, id := range r.a.Investors {
				a, err := ir.step.Account(id)
				if err != nil {
					return err
				}
				r.owedRec[id] = r.owedRec[id].Add(a.Unreturned())
			}
		}
	}
	r.events = append(r.events, events...)
	sum.Available = sum.CarriedIn.Add(sum.Proceeds)
	if !sum.Paid.Add(sum.Retained).Equal(sum.Available) {
		return fmt.Errorf("paid %s + retained %s != available %s: %w", sum.Paid, sum.Retained, sum.Available, tranche.ErrInvariant)
	}
	r.dists[i] = sum.Paid
	r.periods = append(r.periods, sum)
	return nil
}

// recover pays the investors, out of an investment's cash, the realized
// losses and fees they are owed, before the investment's own stack.
func (r *run) recover(p contract.Period, ir *investmentRun, avail decimal.Decimal) (decimal.Decimal, error) {
	if !r.a.RecoverLosses && !r.a.RecoverFees {
		return decimal.Zero, nil
	}
	owed := make([]decimal.Decimal, len(r.a.Investors))
	total := decimal.Zero
	for j, id := range r.a.Investors {
		owed[j] = r.owedRec[id]
		total = total.Add(owed[j])
	}
	if total.Sign() <= 0 {
		return decimal.Zero, nil
	}
	parts := owed
	amount := total
	if avail.LessThan(total) {
		var err error
		amount = avail
		if parts, err = alloc.Split(avail, owed, r.f.Scale); err != nil {
			return decimal.Zero, err
		}
	}
	id := tranche.TrancheID(ir.inv.Name + RecoverySuffix)
	for j, party := range r.a.Investors {
		if parts[j].IsZero() {
			continue
		}
		r.post(p, tranche.Payment{Tranche: id, Party: party, Kind: tranche.KindCapital, Amount: parts[j],
			Before: owed[j], After: owed[j].Sub(parts[j])})
		r.owedRec[party] = owed[j].Sub(parts[j])
	}
	return amount, nil
}

// holdBack moves the escrow's share of a carry payment into escrow.
func (r *run) holdBack(p contract.Period, carry decimal.Decimal) {
	h := r.a.Escrow.Share.Mul(carry).RoundFloor(r.f.Scale)
	if h.Sign() <= 0 {
		return
	}
	r.post(p, tranche.Payment{Tranche: EscrowTranche, Party: r.a.Escrow.Account, From: r.a.Sponsor, Kind: tranche.KindEscrow,
		Amount: h, Before: r.escrow, After: r.escrow.Add(h)})
	r.escrow = r.escrow.Add(h)
	r.held = r.held.Add(h)
}
