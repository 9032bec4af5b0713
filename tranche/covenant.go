package tranche

import (
	"fmt"
	"slices"
	"time"

	"github.com/jvwaterfall/jvwaterfall/contract"
	"github.com/shopspring/decimal"
)

// CovenantRatioPlaces is the number of decimal places to which a
// [Covenant]'s ratios, DSCR and LTV, are rounded, half away from zero,
// before they are compared with their limits (so a DSCR of 1.1999996 meets
// a minimum of 1.20). [CovenantState] reports them at this precision.
const CovenantRatioPlaces = 6

// CovenantAction says what a breached [Covenant] does with the cash it
// would otherwise pass to junior tranches. The zero value is [TrapCash].
type CovenantAction uint8

// The covenant actions.
const (
	// TrapCash keeps the cash in the deal (a cash trap): it is held, carried
	// forward and released to the junior tranches once the breach is cured.
	TrapCash CovenantAction = iota
	// SweepCash applies the cash to prepaying the loan; what the loan does
	// not take is held as under TrapCash.
	SweepCash
)

var covenantActionNames = [...]string{TrapCash: "trap", SweepCash: "sweep"}

// String returns "trap" or "sweep".
func (a CovenantAction) String() string {
	if int(a) < len(covenantActionNames) {
		return covenantActionNames[a]
	}
	return fmt.Sprintf("CovenantAction(%d)", uint8(a))
}

// Covenant gates the tranches junior to a loan on the loan's financial
// tests. Each period it tests
//
//   - DSCR = cash available for debt service / scheduled debt service,
//     where cash available for debt service is the cash offered to the
//     loan in the period less the cash held back at the end of the previous
//     period (reserves and trapped cash, [Book.Held]), and scheduled debt
//     service is the commitment fee, interest and principal of the loan's
//     contractual row for the period, without the upfront fee (a cost of
//     closing, paid from the draw) and the balloon at maturity
//     ([DebtService]); not tested when nothing is scheduled;
//   - LTV = principal outstanding after the period's payments / the asset
//     value (the latest of Values dated on or before the period's end); not
//     tested before the first value.
//
// A failed test is a breach ([EventCovenantBreach]), from that period on:
// the junior tranches are offered nothing, and the cash that reaches the
// covenant is trapped — held in the deal ([Book.Hold], [EventCashTrapped])
// — or swept to prepay the loan ([EventCashSwept]). The breach is cured
// ([EventCovenantCured]) once the tests pass in CurePeriods periods in a
// row, counted from the first passing period; in the period of the cure the
// junior tranches are offered all the cash reaching the covenant,
// previously trapped cash included. Trapped cash is released as well when
// the loan is repaid ([Borrowing.Repaid]: the breach ends, as a cure, and
// the covenant no longer tests) and in the deal's last period
// ([Book.Final], [EventCashReleased]), so it is never held back for
// nobody.
//
// The covenant must come after its loan in the stack (the loan records the
// cash it is offered). Its Owed is the junior claim, or while in breach
// what it would sweep (nothing under TrapCash); while in breach it pays
// less than it is offered, as its terms say, but never less than its Owed
// when offered that much. A stack that holds both the loan and a
// DSCR-tested covenant is another matter: the test reads the cash the
// stack offers the loan, so the stack's Owed (what unlimited cash would
// pay, which passes the test) may be more than it pays when offered just
// that, if that cash fails the test. The covenant's state is a
// [CovenantState] in the book.
type Covenant struct {
	Name        TrancheID       // unique in the stack
	Loan        Borrowing       // the loan tested; a reference, paid where it stands in the stack
	Junior      Tranche         // the tranches gated
	MinDSCR     decimal.Decimal // breach below it; 1.20 means 1.20x; 0: not tested
	MaxLTV      decimal.Decimal // breach above it; 0.65 means 65%; 0: not tested
	Values      []contract.Flow // asset values for LTV, in date order; each applies from its date
	Action      CovenantAction  // zero value = TrapCash
	CurePeriods int             // passing periods in a row that cure a breach; 0 means 1

	minDSCR, maxLTV decMoney // MinDSCR and MaxLTV with their money, made by NewCovenant
}

// NewCovenant returns the covenant c, validated once: it returns the
// errors of [Covenant.Validate], and a nil tranche with them.
func NewCovenant(c Covenant) (*Covenant, error) {
	c.Values = slices.Clone(c.Values)
	if err := c.Validate(); err != nil {
		return nil, err
	}
	c.minDSCR, c.maxLTV = newDecMoney(c.MinDSCR), newDecMoney(c.MaxLTV)
	return &c, nil
}

// CovenantState is a [Covenant]'s position in a book.
type CovenantState struct {
	Period   int             // the last period tested; -1 before the first
	Breached bool            // in breach after the last test
	Passes   int             // passing periods in a row while in breach
	Pass     bool            // whether the last test passed
	DSCR     decimal.Decimal // the last DSCR; zero when not tested
	LTV      decimal.Decimal // the last LTV; zero when not tested
	// dscr and ltv hold the ratios while the covenant works (own is
	// set); the decimals are made from them when the state is read.
	dscr, ltv money
	own       bool
}

// view is the state as its readers see it: the ratios as decimals, the
// working copy dropped.
func (s CovenantState) view() CovenantState {
	if s.own {
		s.DSCR, s.LTV = s.dscr.dec(), s.ltv.dec()
		s.dscr, s.ltv, s.own = money{}, money{}, false
	}
	return s
}

// ID returns the covenant's ID.
func (c *Covenant) ID() TrancheID {
	if c == nil {
		return ""
	}
	return c.Name
}

// Children returns the junior tranches.
func (c *Covenant) Children() []Tranche {
	if c == nil {
		return nil
	}
	return []Tranche{c.Junior}
}

// Validate reports a missing ID, loan or junior tranche, no test, negative
// limits, values that are not positive or out of order, an unknown action
// and a negative cure count.
func (c *Covenant) Validate() error {
	if c == nil {
		return errNilTranche(c)
	}
	errs := []error{checkID(c.Name)}
	if isNil(c.Loan) {
		errs = append(errs, fieldErr("loan", contract.ErrRequired))
	}
	if isNil(c.Junior) {
		errs = append(errs, fieldErr("junior", contract.ErrRequired))
	}
	if c.MinDSCR.Sign() < 0 {
		errs = append(errs, fieldErr("min_dscr", contract.ErrNegative))
	}
	if c.MaxLTV.Sign() < 0 {
		errs = append(errs, fieldErr("max_ltv", contract.ErrNegative))
	}
	if c.MinDSCR.IsZero() && c.MaxLTV.IsZero() {
		errs = append(errs, fieldErr("min_dscr", fmt.Errorf("no test: set min_dscr or max_ltv: %w", contract.ErrRequired)))
	}
	for i, v := range c.Values {
		if v.Amount.Sign() <= 0 {
			errs = append(errs, fieldErr(fmt.Sprintf("values[%d].amount", i), fmt.Errorf("%s must be positive: %w", v.Amount, contract.ErrRange)))
		}
		if i > 0 && !v.Date.After(c.Values[i-1].Date) {
			errs = append(errs, fieldErr(fmt.Sprintf("values[%d].date", i), fmt.Errorf("%s is not after the previous value: %w", v.Date.Format(time.DateOnly), contract.ErrOrder)))
		}
	}
	if c.MaxLTV.Sign() > 0 && len(c.Values) == 0 {
		errs = append(errs, fieldErr("values", contract.ErrRequired))
	}
	if int(c.Action) >= len(covenantActionNames) {
		errs = append(errs, fieldErr("action", fmt.Errorf("unknown action %d: %w", uint8(c.Action), contract.ErrRange)))
	}
	if c.CurePeriods < 0 {
		errs = append(errs, fieldErr("cure_periods", contract.ErrNegative))
	}
	return joinErrs(errs...)
}

// State returns the covenant's position after testing the current period,
// without recording anything.
func (c *Covenant) State(b *Book) (CovenantState, error) {
	if c == nil {
		return CovenantState{}, errNilTranche(c)
	}
	st, err := c.test(b, false)
	return st.view(), err
}

// test tests the current period once; with record it stores the state
// and records the events.
func (c *Covenant) test(b *Book, record bool) (CovenantState, error) {
	if isNil(c.Loan) || isNil(c.Junior) {
		return CovenantState{}, fmt.Errorf("covenant %q: no loan or no junior tranche: %w", c.Name, contract.ErrRequired)
	}
	p, _ := b.State(c.Name).(*CovenantState)
	cur := b.Period().Index
	if p != nil && p.Period == cur { // tested already: no copy to make first
		return *p, nil
	}
	st := CovenantState{Period: -1, own: true}
	if p != nil {
		st = *p
	}
	if st.Period == cur {
		return st, nil
	}
	sched, offered, out, repaid, err := c.figures(b)
	if err != nil {
		return st, err
	}
	st.Period, st.Pass, st.DSCR, st.LTV, st.dscr, st.ltv, st.own = cur, true, decimal.Decimal{}, decimal.Decimal{}, money{}, money{}, true
	var lowDSCR, highLTV bool
	if c.MinDSCR.Sign() > 0 && sched.sign() > 0 {
		cfads := maxMoney(money{}, offered.sub(b.heldAt(cur-1)))
		st.dscr = quo(cfads, sched, CovenantRatioPlaces)
		lowDSCR = st.dscr.cmp(c.minDSCR.of(c.MinDSCR)) < 0
	}
	if c.MaxLTV.Sign() > 0 {
		if v, ok := c.value(b.Date()); ok {
			st.ltv = quo(out, moneyOf(v), CovenantRatioPlaces)
			highLTV = st.ltv.cmp(c.maxLTV.of(c.MaxLTV)) > 0
		}
	}
	st.Pass = !lowDSCR && !highLTV
	cure := max(c.CurePeriods, 1)
	var ev *Event
	switch {
	case repaid:
		// Nothing left to protect: the covenant no longer tests, and a
		// breach ends with the loan, releasing what it trapped.
		st.Pass, st.Passes = true, 0
		if st.Breached {
			st.Breached = false
			ev = &Event{Tranche: c.Name, Kind: EventCovenantCured, Detail: "loan " + string(c.Loan.ID()) + " repaid"}
		}
	case !st.Pass && !st.Breached:
		st.Breached, st.Passes = true, 0
		ev = &Event{Tranche: c.Name, Kind: EventCovenantBreach, Detail: c.why(st, lowDSCR, highLTV)}
	case !st.Pass:
		st.Passes = 0
	case st.Breached:
		st.Passes++
		if st.Passes >= cure {
			st.Breached, st.Passes = false, 0
			ev = &Event{Tranche: c.Name, Kind: EventCovenantCured, Detail: fmt.Sprintf("tests passed %d period(s) in a row", cure)}
		}
	}
	if record {
		if ev != nil {
			b.Record(*ev)
		}
		if p != nil && len(b.tr.serials) == 0 {
			*p = st // as saveInPlace, without looking the state up again
		} else {
			saveInPlace(b, c.Name, &st)
		}
	}
	return st, nil
}

// why is the breach's detail: the failed tests, with the ratios.
func (c *Covenant) why(st CovenantState, lowDSCR, highLTV bool) string {
	var buf [96]byte
	d := buf[:0]
	if lowDSCR {
		d = st.dscr.appendFixed(append(d, "DSCR "...), 2)
		d = c.minDSCR.of(c.MinDSCR).appendFixed(append(d, " below "...), 2)
	}
	if highLTV {
		if lowDSCR {
			d = append(d, "; "...)
		}
		d = st.ltv.appendFixed(append(d, "LTV "...), 4)
		d = c.maxLTV.of(c.MaxLTV).appendFixed(append(d, " above "...), 4)
	}
	return string(d)
}

// figures are what the tests read of the loan: the period's scheduled
// service, the cash it was offered, the principal outstanding and whether
// it is repaid; from a [Debt]'s state at once, without decimals.
func (c *Covenant) figures(b *Book) (sched, offered, out money, repaid bool, err error) {
	if d, ok := c.Loan.(*Debt); ok && d != nil {
		st := d.here(b)
		if st == nil {
			var tmp DebtState
			var err error
			if st, err = d.at(b, &tmp); err != nil {
				return money{}, money{}, money{}, false, err
			}
		}
		return d.scheduled(b, st), st.m.offered, st.outstanding(), d.repaid(st), nil
	}
	svc, err := c.Loan.Service(b)
	if err != nil {
		return money{}, money{}, money{}, false, err
	}
	o, err := c.Loan.Outstanding(b)
	if err != nil {
		return money{}, money{}, money{}, false, err
	}
	if repaid, err = c.Loan.Repaid(b); err != nil {
		return money{}, money{}, money{}, false, err
	}
	return moneyOf(svc.Scheduled), moneyOf(svc.Offered), moneyOf(o), repaid, nil
}

// value is the asset value on date d, if one is known.
func (c *Covenant) value(d time.Time) (decimal.Decimal, bool) {
	v, ok := decimal.Zero, false
	for _, x := range c.Values {
		if x.Date.After(d) {
			break
		}
		v, ok = x.Amount, true
	}
	return v, ok
}

// Owed is the junior claim; while in breach, what the sweep would prepay
// with unlimited cash (the principal not yet due with its prepayment fee),
// or nothing under [TrapCash].
func (c *Covenant) Owed(b *Book) (Claim, error) {
	if c == nil {
		return Claim{}, errNilTranche(c)
	}
	st, err := c.test(b, false)
	if err != nil {
		return Claim{}, err
	}
	if !st.Breached {
		return c.Junior.Owed(b)
	}
	if c.Action != SweepCash {
		return Claim{Amount: decimal.Zero}, nil
	}
	x, err := c.sweepClaim(b)
	if err != nil {
		return Claim{}, fmt.Errorf("tranche %q: %w", c.Name, err)
	}
	return Claim{Amount: x}, nil
}

// maxSweepTrials bounds the doublings of the cash offered in sweepClaim.
const maxSweepTrials = 64

// sweepClaim is what the loan's Prepay takes with unlimited cash, found by
// offering it, in a trial on the book, twice the principal outstanding (and
// a unit), doubled until it leaves some unused: a loan whose prepayment fee
// is at most 100%, as a [Debt]'s is, needs one trial.
func (c *Covenant) sweepClaim(b *Book) (decimal.Decimal, error) {
	out, err := c.Loan.Outstanding(b)
	if err != nil {
		return decimal.Zero, err
	}
	offer := out.Add(out).Add(decimal.New(1, -b.scale))
	for range maxSweepTrials {
		var paid decimal.Decimal
		err := b.try(func() error {
			var err error
			paid, err = payChecked(b, sweep{c.Loan}, offer)
			return err
		})
		if err != nil {
			return decimal.Zero, err
		}
		if paid.LessThan(offer) {
			return paid, nil
		}
		offer = offer.Add(offer)
	}
	return decimal.Zero, fmt.Errorf("loan %q took all of %s offered for a prepayment: %w", c.Loan.ID(), offer, ErrInvariant)
}

// Pay tests the period, then passes avail to the junior tranches, or traps
// or sweeps it while in breach.
func (c *Covenant) Pay(b *Book, avail decimal.Decimal) (decimal.Decimal, error) {
	if c == nil {
		return decimal.Zero, errNilTranche(c)
	}
	if err := checkAvail(b, c.Name, avail); err != nil {
		return decimal.Zero, err
	}
	st, err := c.test(b, true)
	if err != nil {
		return decimal.Zero, err
	}
	if !st.Breached {
		return payChecked(b, c.Junior, avail)
	}
	if b.Final() {
		// Cash trapped in the deal's last period would never reach
		// anyone: the loan senior to the covenant has taken all it is
		// owed, so what reaches the covenant goes to the juniors.
		if avail.Sign() > 0 {
			b.Record(Event{Tranche: c.Name, Kind: EventCashReleased, Detail: "released " + avail.StringFixed(b.scale) + " at the deal's end"})
		}
		return payChecked(b, c.Junior, avail)
	}
	paid := decimal.Zero
	if c.Action == SweepCash && avail.Sign() > 0 {
		if paid, err = payChecked(b, sweep{c.Loan}, avail); err != nil {
			return decimal.Zero, err
		}
		if paid.Sign() > 0 {
			b.Record(Event{Tranche: c.Name, Kind: EventCashSwept, Detail: "swept " + paid.StringFixed(b.scale) + " to prepay " + string(c.Loan.ID())})
		}
	}
	held := avail.Sub(paid)
	if held.Sign() > 0 {
		b.Record(Event{Tranche: c.Name, Kind: EventCashTrapped, Detail: "trapped " + held.StringFixed(b.scale)})
	}
	return paid, b.Hold(Holding{Tranche: c.Name, Amount: held, Target: held})
}

// payUnits is Pay in minor units, for the combinators ([unitPayer]): the
// same test, events, holding (value and exponent) and payments, without
// the decimals of the cash offered, swept and passed on.
func (c *Covenant) payUnits(b *Book, avail units) (units, error) {
	if c == nil {
		return units{}, errNilTranche(c)
	}
	st, err := c.test(b, true)
	if err != nil {
		return units{}, err
	}
	if !st.Breached {
		return payCheckedUnits(b, c.Junior, avail)
	}
	if b.Final() {
		if avail.sign() > 0 {
			b.Record(Event{Tranche: c.Name, Kind: EventCashReleased, Detail: b.detail("released ", avail, " at the deal's end")})
		}
		return payCheckedUnits(b, c.Junior, avail)
	}
	paid := units{}
	if c.Action == SweepCash && avail.sign() > 0 {
		if paid, err = payCheckedUnits(b, sweep{c.Loan}, avail); err != nil {
			return units{}, err
		}
		if paid.sign() > 0 {
			b.Record(Event{Tranche: c.Name, Kind: EventCashSwept, Detail: b.detail("swept ", paid, " to prepay "+string(c.Loan.ID()))})
		}
	}
	held := avail.sub(paid)
	h := Holding{Tranche: c.Name, Amount: decimal.Zero, Target: decimal.Zero} // not recorded
	if held.sign() > 0 {
		b.Record(Event{Tranche: c.Name, Kind: EventCashTrapped, Detail: b.detail("trapped ", held, "")})
		h.Amount = held.dec(b.scale)
		h.Target = h.Amount
	}
	return paid, b.Hold(h)
}

// detail is before + u at the book's scale, as StringFixed writes it, +
// after, made in one buffer.
func (b *Book) detail(before string, u units, after string) string {
	var buf [64]byte
	d := append(buf[:0], before...)
	if u.small() {
		d = money{c: u.n, e: -b.scale}.appendFixed(d, b.scale)
	} else {
		d = append(d, u.dec(b.scale).StringFixed(b.scale)...)
	}
	return string(append(d, after...))
}

// ClosePeriod tests a period in which the covenant was offered no cash.
func (c *Covenant) ClosePeriod(b *Book) error {
	if c == nil {
		return errNilTranche(c)
	}
	_, err := c.test(b, true)
	return err
}

// sweep offers cash to a loan's Prepay, so that payChecked can check it.
type sweep struct{ loan Borrowing }

func (s sweep) ID() TrancheID { return s.loan.ID() }
func (s sweep) Owed(b *Book) (Claim, error) {
	out, err := s.loan.Outstanding(b)
	return Claim{Amount: out}, err
}
func (s sweep) Pay(b *Book, avail decimal.Decimal) (decimal.Decimal, error) {
	return s.loan.Prepay(b, avail)
}
