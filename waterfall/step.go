package waterfall

import (
	"fmt"
	"time"

	"github.com/jvwaterfall/jvwaterfall/contract"
	"github.com/jvwaterfall/jvwaterfall/internal/exact"
	"github.com/jvwaterfall/jvwaterfall/tranche"
	"github.com/shopspring/decimal"
)

// A Stepper runs one stack over one book a period at a time: the engine's
// single period step, which [Run] takes through a deal's schedule and
// package fund for each investment of a fund run deal by deal.
//
// Each [Stepper.Step]:
//
//  1. advances time to the period's end (hurdles and accruals grow);
//  2. books the period's contributions and capital calls, then what each
//     loan in the stack draws as its lender's contribution
//     ([tranche.Drawer]), and, for a deal with [Fees], calls and pays the
//     period's fees and expenses;
//  3. makes the cash available: cash retained so far + proceeds − costs,
//     where proceeds and costs include every [Source]'s cash in and out and
//     the extra costs the caller passes;
//  4. offers that cash to the stack, which pays in priority order;
//  5. closes the period (debt falls into arrears, covenants test, reserves
//     hold cash: [tranche.ClosePeriod]);
//  6. checks that the cash held back is not more than the cash retained,
//     and that payments + retained = available exactly.
//
// What the stack does not take is retained and carried into the next step.
// A Stepper is used by one goroutine; its Deal is not changed.
type Stepper struct {
	d       *Deal
	opts    RunOptions
	book    *tranche.Book
	drawers []tranche.Drawer // the stack's loans, whose draws are their lenders' contributions
	flows   periodFlows
	lines   *sourceTable
	fees    *FeeRun
	res     *Result
	carried decimal.Decimal
	next    int         // index of the next period to step
	made    exact.Cache // the period sums made lately: an amount that repeats is made once
	broken  error       // what stopped a step half done: every later step returns it
}

// StepCash is what the caller adds to a period's own cash before the
// stack is paid.
type StepCash struct {
	// Costs is paid out of the period's cash before the stack, like the
	// deal's Costs: a fund's recovery of realized losses and fees that it
	// pays ahead of an investment's own waterfall. Zero or positive,
	// whole minor units.
	Costs decimal.Decimal
}

// StepResult is what one step did.
type StepResult struct {
	Summary       PeriodSummary         // the period's cash account
	Payments      tranche.Ledger        // made in the period, in order: fees first (with OwnDates, after the earlier dates' payments); none in a totals-only run
	Events        []tranche.Event       // recorded in the period; the Stepper's own: read, do not change
	Contributions tranche.Contributions // booked in the period, fee calls and loan draws included
}

// NewStepper returns a Stepper at the deal's first period. The deal must be
// valid ([Deal.Validate]); NewStepper checks only what it needs to run:
// the stack ([tranche.Validate]: no nil tranche, no stack that holds
// itself) and the sources. Its sources are run over the whole schedule
// now, so an error of a source is returned here.
func NewStepper(d *Deal) (*Stepper, error) {
	if d != nil && d.Stack != nil {
		// A nil tranche in the stack would panic when paid, and one that
		// holds itself would be walked without end: the stack is checked
		// as Run checks it.
		if err := tranche.Validate(d.Stack); err != nil {
			return nil, contract.Field("stack", err)
		}
	}
	return newStepper(d, RunOptions{})
}

func newStepper(d *Deal, opts RunOptions) (*Stepper, error) {
	if d == nil {
		return nil, fmt.Errorf("nil deal: %w", contract.ErrRequired)
	}
	if d.Stack == nil {
		return nil, contract.Field("stack", contract.ErrRequired)
	}
	parties := make([]tranche.Party, len(d.Parties))
	for i, p := range d.Parties {
		parties[i] = tranche.Party{ID: p.ID, Commitment: p.Commitment}
	}
	book, err := tranche.NewBook(d.Scale, parties)
	if err != nil {
		return nil, err
	}
	book.SetRounding(d.Rounding)
	flows, err := bucket(d)
	if err != nil {
		return nil, err
	}
	lines, err := sourceCash(d)
	if err != nil {
		return nil, err
	}
	if opts.TotalsOnly {
		book.KeepNoLedger()
	} else {
		book.Grow(ledgerEstimate(d, flows, lines))
	}
	book.SetSchedule(len(d.Periods))
	res := newResult(d)
	if n := len(d.Periods); n > 0 {
		res.Periods = make([]PeriodSummary, 0, n) // one a step: room for all, made once
	}
	return &Stepper{d: d, opts: opts, book: book, drawers: tranche.Drawers(d.Stack), flows: flows, lines: lines, fees: NewFeeRun(d),
		res: res, carried: decimal.Zero}, nil
}

// Done reports whether every period of the schedule has been stepped.
func (s *Stepper) Done() bool { return s == nil || s.d == nil || s.next >= len(s.d.Periods) }

// Carried is the cash retained by the steps so far and offered to the next
// one (negative: a deficit of costs over cash, covered first).
func (s *Stepper) Carried() decimal.Decimal {
	if s == nil {
		return decimal.Zero
	}
	return s.carried
}

// Proceeds is the distributable cash of the next period, before costs and
// without the cash carried in: the deal's Proceeds in the period and its
// sources' cash in. Zero when every period has been stepped.
func (s *Stepper) Proceeds() decimal.Decimal {
	if s.Done() { // a nil Stepper too
		return decimal.Zero
	}
	in, lines := s.flows.of(s.next, s.d.Periods[s.next].End).proceeds, SourceLines{s.lines, s.next}
	for l := range lines.Values() {
		in = in.Add(l.In)
	}
	return in
}

// Account returns a party's account in the Stepper's book as of the last
// step: contributions, capital returned, distributions by kind.
func (s *Stepper) Account(id tranche.PartyID) (tranche.Account, error) {
	if s == nil {
		return tranche.Account{}, errNilStepper
	}
	if s.book == nil {
		return tranche.Account{}, fmt.Errorf("a Stepper not made by NewStepper: %w", contract.ErrRequired)
	}
	return s.book.Account(id)
}

// Holdings returns the cash the stack has held back so far, period by
// period (reserves, trapped cash), oldest first.
func (s *Stepper) Holdings() []tranche.Holding {
	if s == nil || s.book == nil {
		return nil
	}
	return append([]tranche.Holding(nil), s.book.Holdings()...)
}

// Step runs the next period of the schedule: see [Stepper].
//
// Step returns an error when every period has been stepped, when extra has
// negative or fractional costs, or when a rule breaks ([tranche.ErrInvariant]
// or a tranche's error), wrapped with the period. Bad costs change nothing;
// after any other error every later Step returns that error.
func (s *Stepper) Step(extra StepCash) (StepResult, error) {
	var m marks
	sum, err := s.step(extra, &m)
	if err != nil {
		return StepResult{}, err
	}
	contributions, ledger, events := s.book.Contributions(), s.book.Ledger(), s.book.Events()
	return StepResult{
		Summary:       *sum,
		Payments:      ledger.Slice(m.pay, ledger.Len()),
		Events:        events[m.event:len(events):len(events)],
		Contributions: contributions.Slice(m.contribution, contributions.Len()),
	}, nil
}

// marks is where the book's ledger, events and contributions stood when
// a step began: what it added is after them.
type marks struct{ pay, event, contribution int }

// step is Step, for [Run] without the StepResult: it marks where the
// step began in m only when m is not nil.
func (s *Stepper) step(extra StepCash, m *marks) (*PeriodSummary, error) {
	if s == nil {
		return nil, errNilStepper
	}
	if s.d == nil {
		return nil, fmt.Errorf("a Stepper not made by NewStepper: %w", contract.ErrRequired)
	}
	if s.broken != nil {
		return nil, s.broken
	} else if s.Done() {
		return nil, fmt.Errorf("every period of the schedule has been run: %w", contract.ErrRange)
	}
	i := s.next
	p := s.d.Periods[i]
	wrap := func(err error) error { return &PeriodError{Period: i, Date: p.End, Err: err} }
	switch c := extra.Costs; {
	case c.Sign() < 0:
		return nil, wrap(contract.Field("costs", contract.ErrNegative))
	case !tranche.IsWhole(c, s.d.Scale):
		return nil, wrap(contract.Field("costs", fmt.Errorf("%s: %w", c, tranche.ErrNotQuantized)))
	}
	wrap = func(err error) error { s.broken = &PeriodError{Period: i, Date: p.End, Err: err}; return s.broken } // from here the book moves
	book, in, res := s.book, s.flows.of(i, p.End), s.res
	if err := book.Advance(p); err != nil {
		return nil, wrap(err)
	}
	if m != nil {
		m.pay, m.event, m.contribution = book.Ledger().Len(), len(book.Events()), book.Contributions().Len()
	}
	tally := book.Tally()
	contributed, paid, cash := in.contributed, decimal.Zero, s.carried
	for _, e := range in.early { // OwnDates: each date's flows on it, and its cash paid out on it
		if err := s.bookOn(e); err != nil {
			return nil, wrap(err)
		}
		if cash = exact.Add(cash, e.cash); cash.Sign() > 0 {
			x, err := tranche.PayChecked(book, s.d.Stack, cash)
			if err != nil {
				return nil, wrap(err)
			}
			paid, cash = exact.Add(paid, x), exact.Sub(cash, x)
		}
	}
	if err := s.bookOn(in.end); err != nil {
		return nil, wrap(err)
	}
	drawn, err := tranche.BookDraws(book, s.drawers)
	if err != nil {
		return nil, wrap(err)
	}
	feesPaid := decimal.Zero
	if s.fees != nil {
		var err error
		if feesPaid, err = s.fees.book(book, res, p); err != nil {
			return nil, wrap(err)
		}
	}
	sum := PeriodSummary{Period: p, CarriedIn: s.carried, Contributed: contributed, Drawn: drawn, Sources: SourceLines{s.lines, i}, Fees: feesPaid}
	if !feesPaid.IsZero() {
		sum.Contributed = exact.Add(sum.Contributed, feesPaid)
	}
	// The sums are worked out in integers, each made a decimal once (or
	// not at all when it is one of its terms), with the terms a decimal
	// Add would have: a zero carried or cost is not a term.
	proceeds, costs := exact.SumOf(in.proceeds), exact.SumOf(in.costs)
	if !extra.Costs.IsZero() {
		costs.Add(extra.Costs)
	}
	if t := s.lines; t.sums != nil { // the sources in minor units
		proceeds.AddCoef(t.sums[i][0], t.exp(t.sums[i][0]))
		costs.AddCoef(t.sums[i][1], t.exp(t.sums[i][1]))
	}
	for _, c := range s.lines.cash {
		if c != nil {
			proceeds.Add(c[i].In)
			costs.Add(c[i].Out)
		}
	}
	sum.Proceeds, sum.Costs = proceeds.DecIn(&s.made), costs.DecIn(&s.made)
	available := proceeds
	if !s.carried.IsZero() {
		available.Add(s.carried)
	}
	if !costs.IsZero() {
		available.Sub(sum.Costs)
	}
	sum.Available = available.DecIn(&s.made)
	avail := sum.Available
	if !paid.IsZero() { // paid on the period's earlier dates (OwnDates)
		avail = exact.Sub(avail, paid)
	}
	if avail.Sign() > 0 {
		x, err := tranche.PayChecked(book, s.d.Stack, avail)
		if err != nil {
			return nil, wrap(err)
		}
		if paid.IsZero() {
			paid = x
		} else {
			paid = exact.Add(paid, x)
		}
	}
	if err := tranche.ClosePeriod(book, s.d.Stack); err != nil {
		return nil, wrap(err)
	}
	sum.Paid, sum.Held, sum.Retained = paid, book.Held(i), decimal.Zero
	if available.Cmp(paid) != 0 { // what is retained is often what a reserve holds: that decimal, when it is the sum
		retained := available
		retained.Sub(paid)
		sum.Retained = retained.DecLike(sum.Held, &s.made)
	}
	if sum.Held.Sign() > 0 && (sum.Retained.Sign() <= 0 || exact.Cmp(sum.Held, sum.Retained) > 0) {
		return nil, wrap(fmt.Errorf("held %s is more than retained %s: %w", sum.Held, sum.Retained, tranche.ErrInvariant))
	}
	// Conservation: what the book counted posted (the stack's and fees'
	// payments) plus what is retained is what was available, exactly.
	// Counted in minor units: no decimal is made unless the check fails.
	if !book.PaidSinceIs(tally, exact.Add(paid, feesPaid)) {
		return nil, wrap(fmt.Errorf("paid %s (fees %s) + retained %s != available %s: %w", book.PaidSince(tally), feesPaid, sum.Retained, sum.Available, tranche.ErrInvariant))
	}
	if s.fees != nil {
		if err := s.fees.close(book, feesPaid); err != nil {
			return nil, wrap(err)
		}
	}
	res.Periods = append(res.Periods, sum)
	s.carried = sum.Retained
	s.next++
	return &res.Periods[len(res.Periods)-1], nil // the summary kept, not a copy
}

// bookOn books e's contributions and calls on e's date.
func (s *Stepper) bookOn(e dated) error {
	if err := s.book.SetDate(e.date); err != nil {
		return err
	}
	for _, c := range e.contributions {
		if err := s.book.Contribute(c.Party, c.Amount); err != nil {
			return fmt.Errorf("contribution of %q: %w", c.Party, err)
		}
	}
	for _, c := range e.calls {
		if err := s.book.Call(c.Amount, c.Parties); err != nil {
			return fmt.Errorf("capital call: %w", err)
		}
	}
	return nil
}

// Result returns the run so far: every step's period summary, payments
// (unless the Stepper keeps totals only), contributions, events and
// holdings, and each party's totals. The Stepper's book is handed over,
// so the Stepper must not step again after Result. A Stepper not made by
// [NewStepper] has no Result: nil.
func (s *Stepper) Result() *Result {
	if s == nil || s.d == nil {
		return nil
	}
	s.res.finish(s.book, s.opts.TotalsOnly)
	s.next = len(s.d.Periods)
	return s.res
}

// PeriodError is an error of one period of a run: [Stepper.Step] returns
// one when a rule breaks or a tranche fails, and [Run] passes it on. It
// reads "period 3 (2026-12-31): " and the error.
type PeriodError struct {
	Period int       // index of the period in the schedule
	Date   time.Time // the period's end
	Err    error     // what went wrong
}

// Error returns "period N (date): " and the error.
func (e *PeriodError) Error() string {
	if e == nil {
		return "<nil>"
	}
	return fmt.Sprintf("period %d (%s): %v", e.Period, day(e.Date), e.Err)
}

// Unwrap returns Err, so that errors.Is sees its sentinel.
func (e *PeriodError) Unwrap() error {
	if e == nil {
		return nil
	}
	return e.Err
}

// errNilStepper reports a method called on a nil *Stepper.
var errNilStepper = fmt.Errorf("nil Stepper: %w", contract.ErrRequired)
