package tranche

import (
	"fmt"
	"time"

	"github.com/jvwaterfall/jvwaterfall/contract"
	"github.com/jvwaterfall/jvwaterfall/internal/exact"
	"github.com/shopspring/decimal"
)

// Kinds of event recorded by the debt, covenant and reserve tranches.
const (
	// EventPaymentDefault: a loan's fees, interest or principal due in the
	// period were not paid in full; the unpaid amount is in arrears.
	EventPaymentDefault EventKind = "payment-default"
	// EventDefaultCured: every amount in arrears has been paid.
	EventDefaultCured EventKind = "default-cured"
	// EventInterestCapitalised: unpaid cash interest was added to the loan
	// balance (PIK on shortfall) instead of falling into arrears.
	EventInterestCapitalised EventKind = "interest-capitalised"
	// EventCovenantBreach: a covenant test failed and its action (cash trap
	// or sweep) took effect.
	EventCovenantBreach EventKind = "covenant-breach"
	// EventCovenantCured: a breached covenant passed its test for the
	// required number of periods in a row; trapped cash is released.
	EventCovenantCured EventKind = "covenant-cured"
	// EventCashTrapped: cash kept back from junior tranches by a breached
	// covenant in the period.
	EventCashTrapped EventKind = "cash-trapped"
	// EventCashSwept: cash applied to prepay a loan by a breached covenant.
	EventCashSwept EventKind = "cash-swept"
	// EventCashReleased: a breached covenant let the cash reaching it,
	// what it trapped before included, pass to the junior tranches,
	// because the period is the deal's last.
	EventCashReleased EventKind = "cash-released"
)

// Borrowing is a debt claim that covenants and reserves can read and
// prepay. [Debt] implements it.
type Borrowing interface {
	Tranche
	// Outstanding is the principal owed now: not yet due, plus due and
	// unpaid.
	Outstanding(b *Book) (decimal.Decimal, error)
	// Service reports the current period's debt service.
	Service(b *Book) (DebtService, error)
	// Projected is the contractual debt service (fees, interest,
	// principal) of the next n periods, from the loan's current position,
	// without the principal due at maturity (the balloon), which reserves
	// are not sized to cover.
	Projected(b *Book, n int) (decimal.Decimal, error)
	// Prepay applies up to avail to repaying principal not yet due, with
	// any prepayment fee, and returns what it posted.
	Prepay(b *Book, avail decimal.Decimal) (decimal.Decimal, error)
	// Repaid reports whether the loan is over: every planned draw made,
	// and nothing owed, principal, interest or fees. A covenant that
	// protects a repaid loan releases the cash it trapped.
	Repaid(b *Book) (bool, error)
}

// DebtService is a loan's debt service in one period.
type DebtService struct {
	Scheduled decimal.Decimal // commitment fee, interest and principal of the period's contractual row: no upfront fee (paid at closing from the draw), no arrears, no voluntary prepayment, no principal due at maturity (the balloon)
	Offered   decimal.Decimal // cash offered to the loan in the period
	Paid      decimal.Decimal // paid by the loan in the period, arrears and prepayments included
}

// Debt is a loan as a claim: each period it pays its lender, in order,
// fees ([KindFee]), interest ([KindInterest]), then principal
// ([KindPrincipal]) as scheduled by its [contract.LoanPlan], then any
// voluntary prepayment with its fee. Senior and mezzanine debt are two
// Debts in sequence.
//
// When cash is short, what is unpaid at the end of the period is in
// arrears: it stays due, ahead of the next period's amounts, and accrues
// default interest at the period's cash rate plus the loan's
// DefaultMargin; an [EventPaymentDefault] is recorded, and
// [EventDefaultCured] once the arrears are paid. With PIKOnShortfall,
// unpaid interest is capitalised into the balance instead
// ([EventInterestCapitalised]). Principal in arrears accrues default
// interest, not the contract rate. An unpaid voluntary prepayment simply
// does not happen.
//
// The loan's position — balance, amounts due, arrears — is the tranche's
// state in the book ([DebtState]). The plan must be laid over the deal's
// own periods. Draws increase the balance at the end of their period; the
// cash drawn funds the deal's uses (see source.LoanFunding) and is not
// distributable. Each draw is the lender's contribution, booked by the
// engine on the period's end ([Debt.Advance], [Drawer]), so the lender's
// flows, rate of return and multiple are the loan's.
//
// Before and After of its payments are the amounts of that kind due (for
// principal: the principal outstanding) before and after the payment.
//
// Offered less than its claim, it pays all the cash, with one exception
// its terms impose: a prepayment is whole minor units of principal plus
// its fee, that principal times PrepaymentFee rounded to the minor unit,
// so the total skips a value wherever the fee steps up by a unit (about
// once every 1/PrepaymentFee units of principal). Cash for the prepayment
// equal to a skipped value pays one minor unit less; the unit is not paid.
type Debt struct {
	Name   TrancheID          // unique in the stack; the ID of its payments
	Lender PartyID            // who is paid
	Plan   *contract.LoanPlan // the loan's terms over the deal's periods

	span *debtSpan // what ValidateEnv reads from Plan over all its periods, made by NewDebt
}

// prepayStartPlaces is the number of decimal places of cash/(1 + fee), the
// start of the search for a prepayment's principal, before it is rounded
// down to the minor unit; the search then steps to the exact answer.
const prepayStartPlaces = 16

// NewDebt returns the debt tranche t, validated once: it returns the
// errors of [Debt.Validate], and a nil tranche with them.
func NewDebt(t Debt) (*Debt, error) {
	if err := t.Validate(); err != nil {
		return nil, err
	}
	t.span = newDebtSpan(t.Plan)
	return &t, nil
}

// ID returns the tranche's ID.
func (t *Debt) ID() TrancheID {
	if t == nil {
		return ""
	}
	return t.Name
}

// Validate reports a missing ID, lender or plan.
func (t *Debt) Validate() error {
	if t == nil {
		return errNilTranche(t)
	}
	errs := []error{checkID(t.Name)}
	if t.Lender == "" {
		errs = append(errs, fieldErr("lender", ErrRequiredParty))
	}
	if t.Plan == nil {
		errs = append(errs, fieldErr("plan", contract.ErrRequired))
	}
	return joinErrs(errs...)
}

// DebtState is a [Debt]'s position in a book, stored by its ID. It is a
// value: the tranche replaces it, never changes it in place.
type DebtState struct {
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
	// m holds the amounts above while the tranche works (own is set);
	// the decimals are made from them when the state is read.
	m   debtMoney
	own bool
	// dfltCash is the cash rate whose default rate is the book's rate
	// slot dfltSlot − 1 (none while dfltSlot is 0).
	dfltCash decimal.Decimal
	dfltSlot int
	// on is the span whose start[Period+1] Loan is, nil when not known to
	// be one; rowOf, when set, is the span whose rows[Period] is Row (left
	// unset while the tranche works); lender is the lender's index in the
	// book plus one, a guess checked before it is used (lenderIndex).
	on, rowOf *debtSpan
	lender    int
}

// debtMoney is a [DebtState]'s amounts as money, so that a period's
// work adds and compares them without making decimals.
type debtMoney struct {
	fees, interest, principal, prepayment, arrears, offered, paid money
	// sched is the scheduled service of the period's row (see
	// Debt.scheduled), worked out when the period opens.
	sched money
	// bal is balD as money: the loan's balance while Loan.Balance is
	// balD itself (the same coefficient pointer and exponent), set when
	// the period opens.
	bal  money
	balD decimal.Decimal
}

// due is DebtState.Due.
func (m debtMoney) due() money { return m.fees.add(m.interest).add(m.principal) }

// Due is everything payable now except a voluntary prepayment.
func (s DebtState) Due() decimal.Decimal {
	return exact.Add(exact.Add(s.FeesDue, s.InterestDue), s.Principal)
}

// Outstanding is the principal owed: not yet due plus due and unpaid.
func (s DebtState) Outstanding() decimal.Decimal { return exact.Add(s.Loan.Balance, s.Principal) }

// outstanding is Outstanding of the working state.
func (s *DebtState) outstanding() money { return s.balance().add(s.m.principal) }

// balance is Loan.Balance as money: the money kept with it when it is
// the decimal the period opened with (a decimal never changes once made),
// else worked out.
func (s *DebtState) balance() money {
	if s.m.balD == s.Loan.Balance {
		return s.m.bal
	}
	return moneyOf(s.Loan.Balance)
}

// view is the state as its readers see it: the amounts as decimals, the
// working copy dropped.
func (s DebtState) view() DebtState {
	if !s.own {
		return s
	}
	m := s.m
	s.FeesDue, s.InterestDue, s.Principal, s.Prepayment = m.fees.dec(), m.interest.dec(), m.principal.dec(), m.prepayment.dec()
	s.Arrears, s.Offered, s.Paid = m.arrears.dec(), m.offered.dec(), m.paid.dec()
	if s.rowOf != nil {
		s.Row = s.rowOf.rows[s.Period].row
	}
	s.m, s.own, s.dfltCash, s.dfltSlot = debtMoney{}, false, decimal.Decimal{}, 0
	s.on, s.rowOf, s.lender = nil, nil, 0
	return s
}

func newDebtState() DebtState {
	z := decimal.Zero
	return DebtState{Period: -1, Closed: true, Loan: contract.LoanState{Balance: z, Drawn: z, Instalment: z, InstalmentRate: z}, own: true}
}

// State returns the loan's position in b, brought up to the book's current
// period without recording anything.
func (t *Debt) State(b *Book) (DebtState, error) {
	if t == nil {
		return DebtState{}, errNilTranche(t)
	}
	var tmp DebtState
	st, err := t.at(b, &tmp)
	return st.view(), err
}

// The book keeps a loan's state as a *DebtState in working form (own
// set): readers use the stored state in place when it is at the book's
// period, and writers copy it, change the copy and write it back
// (saveInPlace).

// check reports a plan that cannot serve the book's current period.
func (t *Debt) check(b *Book) error {
	if t.checked(b) {
		return nil
	}
	if t.Plan == nil {
		return fmt.Errorf("tranche %q: no loan plan: %w", t.Name, contract.ErrRequired)
	}
	if t.Plan.Scale() != b.scale {
		return fmt.Errorf("tranche %q: loan plan at scale %d, book at scale %d: %w", t.Name, t.Plan.Scale(), b.scale, contract.ErrInvalid)
	}
	cur := b.Period().Index
	p, ok := t.Plan.Period(cur)
	if !ok {
		return fmt.Errorf("tranche %q: period %d is outside the loan's %d periods: %w", t.Name, cur, t.Plan.NumPeriods(), contract.ErrInvalid)
	}
	if !p.End.Equal(b.Period().End) {
		return fmt.Errorf("tranche %q: period %d ends %s in the book, %s in the loan plan: %w",
			t.Name, cur, b.Period().End.Format(time.DateOnly), p.End.Format(time.DateOnly), contract.ErrInvalid)
	}
	return nil
}

// stored is the state the book keeps, or nil before the loan's first
// period.
func (t *Debt) stored(b *Book) *DebtState {
	p, _ := b.State(t.Name).(*DebtState)
	return p
}

// at is the state at the book's period, for reading: the stored state
// itself when it is there already — not to be changed — or tmp, a copy
// brought there without recording anything.
func (t *Debt) at(b *Book, tmp *DebtState) (*DebtState, error) {
	if err := t.check(b); err != nil {
		return tmp, err
	}
	p := t.stored(b)
	if p != nil && p.Period >= b.Period().Index {
		return p, nil
	}
	t.load(b, tmp)
	return tmp, t.forward(b, tmp, false)
}

// edit sets st to the state at the book's period, for changing and
// [Debt.save]: closing the periods passed and recording their events.
func (t *Debt) edit(b *Book, st *DebtState) error {
	if err := t.check(b); err != nil {
		return err
	}
	t.load(b, st)
	return t.forward(b, st, true)
}

// working is the state to change, at the book's period, as edit gives it:
// outside a trial, the stored state itself, brought forward and changed
// in place (inPlace set: no save, and no copy in or out); in a trial, or
// before the loan's first period, tmp, a copy for [Debt.save].
func (t *Debt) working(b *Book, tmp *DebtState) (st *DebtState, inPlace bool, err error) {
	if err := t.check(b); err != nil {
		return tmp, false, err
	}
	if p := t.stored(b); p != nil && len(b.tr.serials) == 0 {
		return p, true, t.forward(b, p, true)
	}
	t.load(b, tmp)
	return tmp, false, t.forward(b, tmp, true)
}

// load sets st to the stored state, or to the state before the first
// period.
func (t *Debt) load(b *Book, st *DebtState) {
	if p := t.stored(b); p != nil {
		*st = *p
		return
	}
	*st = newDebtState()
	st.on = t.span // start[0] is newDebtState's loan
}

// save stores st as the loan's state (see saveInPlace).
func (t *Debt) save(b *Book, st *DebtState) { saveInPlace(b, t.Name, st) }

// forward brings st to the book's period: closing the periods passed,
// opening the ones reached. With record, it records the events of
// closing; without, the book is not touched.
func (t *Debt) forward(b *Book, st *DebtState, record bool) error {
	for cur := b.Period().Index; st.Period < cur; {
		if !st.Closed {
			t.close(b, st, record)
		}
		if err := t.open(b, st, st.Period+1); err != nil {
			return err
		}
	}
	return nil
}

// decOne is 1, for the growth factor's interest.
var decOne = decimal.NewFromInt(1)

// open starts period i: default interest on arrears, then the period's
// contractual row.
func (t *Debt) open(b *Book, st *DebtState, i int) error {
	st.Period, st.Closed = i, false
	st.m.offered, st.m.paid = money{}, money{}
	st.m.arrears = st.m.due()
	if st.m.arrears.sign() > 0 {
		per, _ := t.Plan.Period(i)
		x, err := t.defaultInterest(b, st, i, per)
		if err != nil {
			return fmt.Errorf("tranche %q: default interest: %w", t.Name, err)
		}
		st.m.interest = st.m.interest.add(x)
	}
	if s := t.onPlan(st); s != nil {
		st.openPlanned(s, i)
		return nil
	}
	st.on, st.rowOf = nil, nil
	row, next, err := t.Plan.Row(i, st.Loan)
	if err != nil {
		return fmt.Errorf("tranche %q: %w", t.Name, err)
	}
	st.Row = row
	st.Loan = next
	// The prepayment stays in the balance until it is made.
	st.Loan.Balance = exact.Add(st.Loan.Balance, row.Prepayment)
	st.m.balD, st.m.bal = st.Loan.Balance, moneyOf(st.Loan.Balance)
	st.m.prepayment = moneyOf(row.Prepayment)
	fee, interest, principal := moneyOf(row.CommitmentFee), moneyOf(row.Interest), moneyOf(row.Principal)
	st.m.fees = st.m.fees.add(moneyOf(row.UpfrontFee)).add(fee)
	st.m.interest = st.m.interest.add(interest)
	st.m.principal = st.m.principal.add(principal)
	// The upfront fee is a cost of closing, paid out of the first draw,
	// not debt service the project's cash must cover.
	st.m.sched = fee.add(interest)
	if i != t.Plan.Maturity() {
		st.m.sched = st.m.sched.add(principal)
	}
	return nil
}

// defaultInterest is period i's default interest on st's arrears: the
// arrears × (g − 1) rounded to the minor unit, g the growth factor over
// per at the cash rate plus the default margin. The rate's slot in the
// book is kept in st while the cash rate keeps its value, and the product
// is worked in 128 bits when it fits.
func (t *Debt) defaultInterest(b *Book, st *DebtState, i int, per contract.Period) (money, error) {
	if per.End.Equal(per.Start) { // a growth factor of 1
		return moneyOf(exact.MulRound(st.m.arrears.dec(), decimal.Zero, b.scale)), nil
	}
	cash := t.Plan.CashRate(i)
	if st.dfltSlot == 0 || !cash.Equal(st.dfltCash) { // a rate's slot is by its value (Rate.Key)
		loan := t.Plan.Loan()
		r := contract.Rate{Annual: cash.Add(loan.DefaultMargin), Compounding: loan.Rate.Compounding, DayCount: loan.Rate.DayCount}
		st.dfltCash, st.dfltSlot = cash, b.slot(r)+1
	}
	g, err := b.growthOf(st.dfltSlot-1, per.Start, per.End)
	if err != nil {
		return money{}, err
	}
	if x, ok := growthInterest(st.m.arrears, g, b.scale); ok {
		return x, nil
	}
	return moneyOf(exact.MulRound(st.m.arrears.dec(), g.dec.Sub(decOne), b.scale)), nil
}

// close ends the current period: an unmade prepayment lapses, unpaid
// interest is capitalised when the terms say so, and anything else unpaid
// is in arrears.
func (t *Debt) close(b *Book, st *DebtState, record bool) {
	st.Closed = true
	if st.m.prepayment != (money{}) {
		st.m.prepayment = money{}
	}
	when := ""
	if st.Period != b.Period().Index {
		when = fmt.Sprintf(" (period %d)", st.Period)
	}
	if t.pikOnShortfall() && st.m.interest.sign() > 0 {
		interest := st.m.interest.dec()
		if record {
			var buf [96]byte
			d := st.m.interest.appendFixed(append(buf[:0], "unpaid interest "...), b.scale)
			b.Record(Event{Tranche: t.Name, Party: t.Lender, Kind: EventInterestCapitalised,
				Detail: string(append(append(d, " added to the balance"...), when...))})
		}
		st.Loan.Balance = st.Loan.Balance.Add(interest)
		st.on = nil
		st.m.interest = money{}
	}
	if st.m.due().sign() > 0 {
		if record {
			var buf [128]byte
			d := st.m.fees.appendFixed(append(buf[:0], "unpaid: fees "...), b.scale)
			d = st.m.interest.appendFixed(append(d, ", interest "...), b.scale)
			d = st.m.principal.appendFixed(append(d, ", principal "...), b.scale)
			b.Record(Event{Tranche: t.Name, Party: t.Lender, Kind: EventPaymentDefault, Detail: string(append(d, when...))})
		}
		st.Default = true
	}
}

// ClosePeriod closes the current period (see [Debt]).
func (t *Debt) ClosePeriod(b *Book) error {
	if t == nil {
		return errNilTranche(t)
	}
	st, err := t.inPlace(b)
	inPlace := true
	if st == nil { // inPlace returns a state with every error
		var tmp DebtState
		st, inPlace, err = t.working(b, &tmp)
	}
	if err != nil {
		return err
	}
	if !st.Closed {
		t.close(b, st, true)
	}
	if !inPlace {
		t.save(b, st)
	}
	return nil
}

// Owed is everything due now plus the voluntary prepayment and its fee.
func (t *Debt) Owed(b *Book) (Claim, error) {
	if t == nil {
		return Claim{}, errNilTranche(t)
	}
	var tmp DebtState
	st, err := t.at(b, &tmp)
	if err != nil {
		return Claim{}, err
	}
	if st.Closed {
		return Claim{Amount: decimal.Zero}, nil
	}
	return Claim{Amount: st.m.due().add(st.m.prepayment).add(t.prepaymentFee(b, st.m.prepayment)).dec()}, nil
}

// Pay pays fees, interest, principal, then the voluntary prepayment with
// its fee, up to avail.
func (t *Debt) Pay(b *Book, avail decimal.Decimal) (decimal.Decimal, error) {
	if t == nil {
		return decimal.Zero, errNilTranche(t)
	}
	if err := checkAvail(b, t.Name, avail); err != nil {
		return decimal.Zero, err
	}
	paid, err := t.pay(b, moneyOf(avail))
	if err != nil {
		return decimal.Zero, err
	}
	return paid.dec(), nil
}

// payUnits is Pay in minor units, for the combinators ([unitPayer]): the
// same payments, without the decimals of the cash offered and paid.
func (t *Debt) payUnits(b *Book, avail units) (units, error) {
	if t == nil {
		return units{}, errNilTranche(t)
	}
	paid, err := t.pay(b, unitsMoney(avail, b.scale))
	if err != nil {
		return units{}, err
	}
	if u, ok := paid.units(b.scale); ok {
		return units{n: u}, nil
	}
	u, _ := toUnits(paid.dec(), b.scale)
	return u, nil
}

// pay is Pay of avail, whole and not negative.
func (t *Debt) pay(b *Book, avail money) (money, error) {
	st, err := t.inPlace(b)
	inPlace := true
	if st == nil { // inPlace returns a state with every error
		var tmp DebtState
		st, inPlace, err = t.working(b, &tmp)
	}
	if err != nil {
		return money{}, err
	}
	if st.Closed { // paid again after the period was closed: nothing is due
		if !inPlace {
			t.save(b, st)
		}
		return money{}, nil
	}
	st.m.offered = st.m.offered.add(avail)
	left := avail
	if err := t.payDue(b, st, KindFee, &st.m.fees, &left, st.m.fees); err != nil {
		return money{}, err
	}
	if err := t.payDue(b, st, KindInterest, &st.m.interest, &left, st.m.interest); err != nil {
		return money{}, err
	}
	if err := t.payDue(b, st, KindPrincipal, &st.m.principal, &left, st.outstanding()); err != nil {
		return money{}, err
	}
	if st.Default && st.m.due().sign() == 0 {
		st.Default = false
		b.Record(Event{Tranche: t.Name, Party: t.Lender, Kind: EventDefaultCured, Detail: "arrears paid in full"})
	}
	if st.m.prepayment.sign() > 0 && left.sign() > 0 {
		cash := minMoney(left, st.m.prepayment.add(t.prepaymentFee(b, st.m.prepayment)))
		principal, total, err := t.prepay(b, st, cash)
		if err != nil {
			return money{}, err
		}
		st.m.prepayment = maxMoney(money{}, st.m.prepayment.sub(principal))
		left = left.sub(total)
	}
	paid := avail.sub(left)
	st.m.paid = st.m.paid.add(paid)
	if !inPlace {
		t.save(b, st)
	}
	return paid, nil
}

// payDue pays what it can of *due out of *left, taking both down, and
// posts it as a payment of kind that takes before down by as much.
func (t *Debt) payDue(b *Book, st *DebtState, kind Kind, due, left *money, before money) error {
	if due.sign() <= 0 || left.sign() <= 0 { // nothing due or no cash: nothing to pay
		return nil
	}
	x := minMoney(*left, *due) // positive
	*due = due.sub(x)
	*left = left.sub(x)
	return t.post(b, st, kind, x, before, before.sub(x))
}

// post posts a payment of x to the lender, in minor units when x, before
// and after are whole numbers of them, and by [Book.Post] otherwise, with
// its checks and errors.
func (t *Debt) post(b *Book, st *DebtState, kind Kind, x, before, after money) error {
	u, okX := x.units(b.scale)
	bu, okB := before.units(b.scale)
	au, okA := after.units(b.scale)
	if !okX || !okB || !okA || u <= 0 {
		return b.Post(Payment{Tranche: t.Name, Party: t.Lender, Kind: kind, Amount: x.dec(), Before: before.dec(), After: after.dec()})
	}
	i, err := t.lenderIndex(b, st)
	if err != nil {
		return err
	}
	return b.post(i, b.totals(t.Name), kind, units{n: u}, bu, au, nil, -1)
}

// prepaymentFee is principal × PrepaymentFee rounded to the minor unit.
func (t *Debt) prepaymentFee(b *Book, principal money) money {
	if principal.d == nil && principal.c == 0 {
		return money{e: -b.scale} // a zero rounded to the minor unit
	}
	return moneyOf(exact.MulRound(principal.dec(), t.Plan.Loan().PrepaymentFee, b.scale))
}

func (t *Debt) prepaymentFeeDec(b *Book, principal decimal.Decimal) decimal.Decimal {
	return exact.MulRound(principal, t.Plan.Loan().PrepaymentFee, b.scale)
}

// prepay repays up to the principal not yet due with at most cash,
// principal plus its fee, and posts both, taking st's balance down. It
// returns the principal repaid and the total posted.
//
// The principal is the largest x, at most the balance, with x + fee(x) ≤
// cash, where fee(x) is x × PrepaymentFee rounded to the minor unit. As
// the fee is rounded, x may be above cash/(1+fee) rounded down, so the
// search starts there and steps both ways. Because fee(x) is rounded, x +
// fee(x) skips a value wherever the fee steps up by a unit; cash equal to
// such a value is used up to one minor unit.
func (t *Debt) prepay(b *Book, st *DebtState, cashM money) (money, money, error) {
	cash := cashM.dec()
	f := t.Plan.Loan().PrepaymentFee
	x := decimal.Min(st.Loan.Balance, cash.DivRound(f.Add(decOne), prepayStartPlaces).RoundFloor(b.scale))
	unit := decimal.New(1, -b.scale)
	fee := t.prepaymentFeeDec(b, x)
	for x.Sign() > 0 && x.Add(fee).GreaterThan(cash) {
		x = x.Sub(unit)
		fee = t.prepaymentFeeDec(b, x)
	}
	// Step up while one more unit of principal, with its fee, still fits.
	// As fee(x) ≥ x × f − half a unit, the largest x is at most (cash +
	// half a unit)/(1 + f): one unit above the start, at most.
	for x.LessThan(st.Loan.Balance) {
		next := x.Add(unit)
		nextFee := t.prepaymentFeeDec(b, next)
		if next.Add(nextFee).GreaterThan(cash) {
			break
		}
		x, fee = next, nextFee
	}
	if x.Sign() <= 0 {
		return money{}, money{}, nil
	}
	before := st.outstanding().dec()
	st.Loan.Balance = st.Loan.Balance.Sub(x)
	st.on = nil
	if err := b.Post(Payment{Tranche: t.Name, Party: t.Lender, Kind: KindPrincipal, Amount: x, Before: before, After: before.Sub(x)}); err != nil {
		return money{}, money{}, err
	}
	if err := b.Post(Payment{Tranche: t.Name, Party: t.Lender, Kind: KindFee, Amount: fee, Before: fee, After: decimal.Zero}); err != nil {
		return money{}, money{}, err
	}
	return moneyOf(x), moneyOf(x.Add(fee)), nil
}

// Prepay applies up to avail to principal not yet due, with the loan's
// prepayment fee: a cash sweep. It returns what it posted.
func (t *Debt) Prepay(b *Book, avail decimal.Decimal) (decimal.Decimal, error) {
	if t == nil {
		return decimal.Zero, errNilTranche(t)
	}
	if err := checkAvail(b, t.Name, avail); err != nil {
		return decimal.Zero, err
	}
	var st DebtState
	if err := t.edit(b, &st); err != nil {
		return decimal.Zero, err
	}
	_, total, err := t.prepay(b, &st, moneyOf(avail))
	if err != nil {
		return decimal.Zero, err
	}
	st.m.offered = st.m.offered.add(moneyOf(avail))
	st.m.paid = st.m.paid.add(total)
	t.save(b, &st)
	return total.dec(), nil
}

// Repaid reports whether every planned draw has been made and nothing is
// owed: no principal outstanding, no fees or interest due.
func (t *Debt) Repaid(b *Book) (bool, error) {
	if t == nil {
		return false, errNilTranche(t)
	}
	var tmp DebtState
	st, err := t.at(b, &tmp)
	if err != nil {
		return false, err
	}
	return t.repaid(st), nil
}

// repaid is Repaid at st.
func (t *Debt) repaid(st *DebtState) bool {
	if st.outstanding().sign() > 0 || st.m.due().sign() > 0 {
		return false
	}
	return moneyOf(st.Loan.Drawn).cmp(t.planned()) >= 0
}

// Outstanding is the principal owed now (see [DebtState.Outstanding]).
func (t *Debt) Outstanding(b *Book) (decimal.Decimal, error) {
	if t == nil {
		return decimal.Zero, errNilTranche(t)
	}
	var tmp DebtState
	st, err := t.at(b, &tmp)
	if err != nil {
		return decimal.Zero, err
	}
	return st.outstanding().dec(), nil
}
