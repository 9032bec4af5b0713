package tranche

import (
	"fmt"
	"time"

	"github.com/jvwaterfall/jvwaterfall/contract"
	"github.com/jvwaterfall/jvwaterfall/internal/exact"
	"github.com/shopspring/decimal"
)

// This file keeps the debt tranche as it was before its amounts were
// carried as money (commit 47762fc of tranche/debt.go, the Debt's methods
// and state, renamed): every amount a decimal, every operation a decimal
// operation. TestDebt_MatchesDecimalReference runs random loans through
// both and requires the same payments, events, states and answers, value
// and exponent.

// refDebt is the decimal Debt.
type refDebt struct {
	Name   TrancheID
	Lender PartyID
	Plan   *contract.LoanPlan
}

func (t *refDebt) ID() TrancheID { return t.Name }

// refState is a [Debt]'s position in a book, stored by its ID. It is a
// value: the tranche replaces it, never changes it in place.
type refState struct {
	Period      int                // the current period's index; -1 before the first
	Closed      bool               // whether the period has been closed
	Loan        contract.LoanState // principal not yet due, drawn amount and instalment
	Row         contract.LoanRow   // the current period's contractual row
	FeesDue     decimal.Decimal    // fees due and unpaid, arrears included
	InterestDue decimal.Decimal    // interest due and unpaid, arrears and default interest included
	Principal   decimal.Decimal    // principal due and unpaid, arrears included
	Prepayment  decimal.Decimal    // voluntary prepayment asked for this period and not yet made
	Arrears     decimal.Decimal    // what was overdue when the period opened
	Default     bool               // in arrears since an earlier period and not yet cured
	Offered     decimal.Decimal    // cash offered in the current period
	Paid        decimal.Decimal    // paid in the current period
}

// Due is everything payable now except a voluntary prepayment.
func (s refState) Due() decimal.Decimal {
	return exact.Add(exact.Add(s.FeesDue, s.InterestDue), s.Principal)
}

// Outstanding is the principal owed: not yet due plus due and unpaid.
func (s refState) Outstanding() decimal.Decimal { return exact.Add(s.Loan.Balance, s.Principal) }

func newRefState() refState {
	z := decimal.Zero
	return refState{Period: -1, Closed: true, Loan: contract.LoanState{Balance: z, Drawn: z, Instalment: z, InstalmentRate: z},
		FeesDue: z, InterestDue: z, Principal: z, Prepayment: z, Arrears: z, Offered: z, Paid: z}
}

// State returns the loan's position in b, brought up to the book's current
// period without recording anything.
func (t *refDebt) State(b *Book) (refState, error) {
	if t == nil {
		return refState{}, errNilTranche(t)
	}
	return t.advance(b, false)
}

// advance brings the stored state to the book's period: closing the
// periods passed, opening the ones reached. With record, it records the
// events of closing; without, the book is not touched.
func (t *refDebt) advance(b *Book, record bool) (refState, error) {
	if t.Plan == nil {
		return refState{}, fmt.Errorf("tranche %q: no loan plan: %w", t.Name, contract.ErrRequired)
	}
	st, ok := b.State(t.Name).(refState)
	if !ok {
		st = newRefState()
	}
	if t.Plan.Scale() != b.scale {
		return st, fmt.Errorf("tranche %q: loan plan at scale %d, book at scale %d: %w", t.Name, t.Plan.Scale(), b.scale, contract.ErrInvalid)
	}
	cur := b.Period().Index
	p, ok := t.Plan.Period(cur)
	if !ok {
		return st, fmt.Errorf("tranche %q: period %d is outside the loan's %d periods: %w", t.Name, cur, t.Plan.NumPeriods(), contract.ErrInvalid)
	}
	if !p.End.Equal(b.Period().End) {
		return st, fmt.Errorf("tranche %q: period %d ends %s in the book, %s in the loan plan: %w",
			t.Name, cur, b.Period().End.Format(time.DateOnly), p.End.Format(time.DateOnly), contract.ErrInvalid)
	}
	var err error
	for st.Period < cur {
		if !st.Closed {
			st = t.close(b, st, record)
		}
		if st, err = t.open(b, st, st.Period+1); err != nil {
			return st, err
		}
	}
	return st, nil
}

// open starts period i: default interest on arrears, then the period's
// contractual row.
func (t *refDebt) open(b *Book, st refState, i int) (refState, error) {
	per, _ := t.Plan.Period(i)
	loan := t.Plan.Loan()
	st.Period, st.Closed = i, false
	st.Offered, st.Paid = decimal.Zero, decimal.Zero
	st.Arrears = st.Due()
	if st.Arrears.Sign() > 0 {
		r := contract.Rate{Annual: t.Plan.CashRate(i).Add(loan.DefaultMargin), Compounding: loan.Rate.Compounding, DayCount: loan.Rate.DayCount}
		g, err := b.Growth(r, per.Start, per.End)
		if err != nil {
			return st, fmt.Errorf("tranche %q: default interest: %w", t.Name, err)
		}
		st.InterestDue = st.InterestDue.Add(st.Arrears.Mul(g.Sub(decimal.NewFromInt(1))).Round(b.scale))
	}
	row, next, err := t.Plan.Row(i, st.Loan)
	if err != nil {
		return st, fmt.Errorf("tranche %q: %w", t.Name, err)
	}
	st.Row = row
	st.Loan = next
	// The prepayment stays in the balance until it is made.
	st.Loan.Balance = exact.Add(st.Loan.Balance, row.Prepayment)
	st.Prepayment = row.Prepayment
	st.FeesDue = exact.Add(exact.Add(st.FeesDue, row.UpfrontFee), row.CommitmentFee)
	st.InterestDue = exact.Add(st.InterestDue, row.Interest)
	st.Principal = exact.Add(st.Principal, row.Principal)
	return st, nil
}

// close ends the current period: an unmade prepayment lapses, unpaid
// interest is capitalised when the terms say so, and anything else unpaid
// is in arrears.
func (t *refDebt) close(b *Book, st refState, record bool) refState {
	st.Closed = true
	st.Prepayment = decimal.Zero
	when := ""
	if st.Period != b.Period().Index {
		when = fmt.Sprintf(" (period %d)", st.Period)
	}
	if t.Plan.Loan().PIKOnShortfall && st.InterestDue.Sign() > 0 {
		if record {
			b.Record(Event{Tranche: t.Name, Party: t.Lender, Kind: EventInterestCapitalised,
				Detail: fmt.Sprintf("unpaid interest %s added to the balance%s", st.InterestDue.StringFixed(b.scale), when)})
		}
		st.Loan.Balance = st.Loan.Balance.Add(st.InterestDue)
		st.InterestDue = decimal.Zero
	}
	if st.Due().Sign() > 0 {
		if record {
			b.Record(Event{Tranche: t.Name, Party: t.Lender, Kind: EventPaymentDefault,
				Detail: fmt.Sprintf("unpaid: fees %s, interest %s, principal %s%s", st.FeesDue.StringFixed(b.scale),
					st.InterestDue.StringFixed(b.scale), st.Principal.StringFixed(b.scale), when)})
		}
		st.Default = true
	}
	return st
}

// ClosePeriod closes the current period (see [Debt]).
func (t *refDebt) ClosePeriod(b *Book) error {
	if t == nil {
		return errNilTranche(t)
	}
	st, err := t.advance(b, true)
	if err != nil {
		return err
	}
	if !st.Closed {
		st = t.close(b, st, true)
	}
	b.SetState(t.Name, st)
	return nil
}

// Owed is everything due now plus the voluntary prepayment and its fee.
func (t *refDebt) Owed(b *Book) (Claim, error) {
	if t == nil {
		return Claim{}, errNilTranche(t)
	}
	st, err := t.advance(b, false)
	if err != nil {
		return Claim{}, err
	}
	if st.Closed {
		return Claim{Amount: decimal.Zero}, nil
	}
	fee := st.Prepayment.Mul(t.Plan.Loan().PrepaymentFee).Round(b.scale)
	return Claim{Amount: st.Due().Add(st.Prepayment).Add(fee)}, nil
}

// Pay pays fees, interest, principal, then the voluntary prepayment with
// its fee, up to avail.
func (t *refDebt) Pay(b *Book, avail decimal.Decimal) (decimal.Decimal, error) {
	if t == nil {
		return decimal.Zero, errNilTranche(t)
	}
	if err := checkAvail(b, t.Name, avail); err != nil {
		return decimal.Zero, err
	}
	st, err := t.advance(b, true)
	if err != nil {
		return decimal.Zero, err
	}
	if st.Closed { // paid again after the period was closed: nothing is due
		b.SetState(t.Name, st)
		return decimal.Zero, nil
	}
	st.Offered = exact.Add(st.Offered, avail)
	left := avail
	pay := func(kind Kind, due *decimal.Decimal, balance func() decimal.Decimal) error {
		x := decimal.Min(left, *due)
		if x.Sign() <= 0 {
			return nil
		}
		before := balance()
		*due = exact.Sub(*due, x)
		left = exact.Sub(left, x)
		return b.Post(Payment{Tranche: t.Name, Party: t.Lender, Kind: kind, Amount: x, Before: before, After: exact.Sub(before, x)})
	}
	fees := func() decimal.Decimal { return st.FeesDue }
	interest := func() decimal.Decimal { return st.InterestDue }
	outstanding := func() decimal.Decimal { return st.Outstanding() }
	if err := pay(KindFee, &st.FeesDue, fees); err != nil {
		return decimal.Zero, err
	}
	if err := pay(KindInterest, &st.InterestDue, interest); err != nil {
		return decimal.Zero, err
	}
	if err := pay(KindPrincipal, &st.Principal, outstanding); err != nil {
		return decimal.Zero, err
	}
	if st.Default && st.Due().IsZero() {
		st.Default = false
		b.Record(Event{Tranche: t.Name, Party: t.Lender, Kind: EventDefaultCured, Detail: "arrears paid in full"})
	}
	if st.Prepayment.Sign() > 0 && left.Sign() > 0 {
		cash := decimal.Min(left, st.Prepayment.Add(t.prepaymentFee(b, st.Prepayment)))
		var principal, total decimal.Decimal
		if st, principal, total, err = t.prepay(b, st, cash); err != nil {
			return decimal.Zero, err
		}
		st.Prepayment = decimal.Max(decimal.Zero, st.Prepayment.Sub(principal))
		left = left.Sub(total)
	}
	paid := exact.Sub(avail, left)
	st.Paid = exact.Add(st.Paid, paid)
	b.SetState(t.Name, st)
	return paid, nil
}

func (t *refDebt) prepaymentFee(b *Book, principal decimal.Decimal) decimal.Decimal {
	return principal.Mul(t.Plan.Loan().PrepaymentFee).Round(b.scale)
}

// prepay repays up to the principal not yet due with at most cash,
// principal plus its fee, and posts both. It returns the new state, the
// principal repaid and the total posted.
//
// The principal is the largest x, at most the balance, with x + fee(x) ≤
// cash, where fee(x) is x × PrepaymentFee rounded to the minor unit. As
// the fee is rounded, x may be above cash/(1+fee) rounded down, so the
// search starts there and steps both ways. Because fee(x) is rounded, x +
// fee(x) skips a value wherever the fee steps up by a unit; cash equal to
// such a value is used up to one minor unit.
func (t *refDebt) prepay(b *Book, st refState, cash decimal.Decimal) (refState, decimal.Decimal, decimal.Decimal, error) {
	zero := decimal.Zero
	f := t.Plan.Loan().PrepaymentFee
	x := decimal.Min(st.Loan.Balance, cash.DivRound(f.Add(decimal.NewFromInt(1)), prepayStartPlaces).RoundFloor(b.scale))
	unit := decimal.New(1, -b.scale)
	fee := t.prepaymentFee(b, x)
	for x.Sign() > 0 && x.Add(fee).GreaterThan(cash) {
		x = x.Sub(unit)
		fee = t.prepaymentFee(b, x)
	}
	// Step up while one more unit of principal, with its fee, still fits.
	// As fee(x) ≥ x × f − half a unit, the largest x is at most (cash +
	// half a unit)/(1 + f): one unit above the start, at most.
	for x.LessThan(st.Loan.Balance) {
		next := x.Add(unit)
		nextFee := t.prepaymentFee(b, next)
		if next.Add(nextFee).GreaterThan(cash) {
			break
		}
		x, fee = next, nextFee
	}
	if x.Sign() <= 0 {
		return st, zero, zero, nil
	}
	before := st.Outstanding()
	st.Loan.Balance = st.Loan.Balance.Sub(x)
	if err := b.Post(Payment{Tranche: t.Name, Party: t.Lender, Kind: KindPrincipal, Amount: x, Before: before, After: before.Sub(x)}); err != nil {
		return st, zero, zero, err
	}
	if err := b.Post(Payment{Tranche: t.Name, Party: t.Lender, Kind: KindFee, Amount: fee, Before: fee, After: zero}); err != nil {
		return st, zero, zero, err
	}
	return st, x, x.Add(fee), nil
}

// Prepay applies up to avail to principal not yet due, with the loan's
// prepayment fee: a cash sweep. It returns what it posted.
func (t *refDebt) Prepay(b *Book, avail decimal.Decimal) (decimal.Decimal, error) {
	if t == nil {
		return decimal.Zero, errNilTranche(t)
	}
	if err := checkAvail(b, t.Name, avail); err != nil {
		return decimal.Zero, err
	}
	st, err := t.advance(b, true)
	if err != nil {
		return decimal.Zero, err
	}
	st, _, total, err := t.prepay(b, st, avail)
	if err != nil {
		return decimal.Zero, err
	}
	st.Offered = st.Offered.Add(avail)
	st.Paid = st.Paid.Add(total)
	b.SetState(t.Name, st)
	return total, nil
}

// Repaid reports whether every planned draw has been made and nothing is
// owed: no principal outstanding, no fees or interest due.
func (t *refDebt) Repaid(b *Book) (bool, error) {
	if t == nil {
		return false, errNilTranche(t)
	}
	st, err := t.advance(b, false)
	if err != nil {
		return false, err
	}
	if st.Outstanding().Sign() > 0 || st.Due().Sign() > 0 {
		return false, nil
	}
	planned := decimal.Zero
	for _, d := range t.Plan.Loan().Draws {
		planned = exact.Add(planned, d.Amount)
	}
	return st.Loan.Drawn.GreaterThanOrEqual(planned), nil
}

// Outstanding is the principal owed now (see [DebtState.Outstanding]).
func (t *refDebt) Outstanding(b *Book) (decimal.Decimal, error) {
	if t == nil {
		return decimal.Zero, errNilTranche(t)
	}
	st, err := t.advance(b, false)
	if err != nil {
		return decimal.Zero, err
	}
	return st.Outstanding(), nil
}

// Service reports the current period's scheduled service, the cash the
// loan was offered and what it paid.
func (t *refDebt) Service(b *Book) (DebtService, error) {
	if t == nil {
		return DebtService{}, errNilTranche(t)
	}
	st, err := t.advance(b, false)
	if err != nil {
		return DebtService{}, err
	}
	r := st.Row
	// The upfront fee is a cost of closing, paid out of the first draw,
	// not debt service the project's cash must cover.
	sched := exact.Add(r.CommitmentFee, r.Interest)
	if st.Period != t.Plan.Maturity() {
		sched = exact.Add(sched, r.Principal)
	}
	if st.Period != b.Period().Index {
		sched = decimal.Zero
	}
	return DebtService{Scheduled: sched, Offered: st.Offered, Paid: st.Paid}, nil
}

// Projected is the contractual service of the next n periods after the
// current one, from the loan's current position, assuming each is paid
// when due, without the principal due at maturity.
func (t *refDebt) Projected(b *Book, n int) (decimal.Decimal, error) {
	if t == nil {
		return decimal.Zero, errNilTranche(t)
	}
	st, err := t.advance(b, false)
	if err != nil {
		return decimal.Zero, err
	}
	total := decimal.Zero
	ls := st.Loan
	last := t.Plan.NumPeriods() - 1
	for i := st.Period + 1; i <= min(st.Period+n, last); i++ {
		var row contract.LoanRow
		if row, ls, err = t.Plan.Row(i, ls); err != nil {
			return decimal.Zero, err
		}
		total = total.Add(row.UpfrontFee).Add(row.CommitmentFee).Add(row.Interest)
		if i != t.Plan.Maturity() {
			total = total.Add(row.Principal)
		}
	}
	return total, nil
}
