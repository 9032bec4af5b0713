package tranche

import (
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/jvwaterfall/jvwaterfall/contract"
	"github.com/shopspring/decimal"
)

// EventTakeOrPayArrears is recorded when a [TakeOrPay] is offered less than
// the amount due, which then stays owed.
const EventTakeOrPayArrears EventKind = "take-or-pay arrears"

// TakeOrPay is the buyer's side of a take-or-pay contract: a senior
// obligation in the buyer's own stack that pays the seller what the buyer
// owes each period under Terms, given the quantities it takes (Usage,
// one per period of Periods). What is due in a period is the statement's
// Paid ([contract.TakeOrPay.Statement] at the book's scale): takes,
// make-up charges, shortfall and termination payments. Payments are of
// [KindTakeOrPay].
//
// What is not paid for lack of cash stays owed (arrears) and is paid
// first out of later cash; Before and After of each payment are what the
// buyer owed the seller before and after it. When a period's cash does not
// cover what is owed, an [EventTakeOrPayArrears] event is recorded.
//
// The periods must be the deal's own: the book's period i must end on
// Periods[i].End. Build it with [NewTakeOrPay], which computes the
// statement once; a TakeOrPay written as a literal computes it on every
// call.
type TakeOrPay struct {
	Name    TrancheID          // unique in the stack; the ID of its payments
	Seller  PartyID            // who is paid; a party of the deal
	Terms   contract.TakeOrPay // the contract
	Usage   []decimal.Decimal  // quantity taken in each period
	Periods []contract.Period  // the deal's schedule
	Scale   int32              // the deal's minor unit: 2 for cents
	due     []decimal.Decimal  // cumulative amount due up to each period, from NewTakeOrPay
}

// NewTakeOrPay returns the take-or-pay obligation t, validated once and
// with the contract's statement computed once: it returns the errors of
// [TakeOrPay.Validate], and a nil tranche with them.
func NewTakeOrPay(t TakeOrPay) (*TakeOrPay, error) {
	t.Usage, t.Periods = slices.Clone(t.Usage), slices.Clone(t.Periods)
	t.Terms.Minimums, t.Terms.Suspensions = slices.Clone(t.Terms.Minimums), slices.Clone(t.Terms.Suspensions)
	t.Terms.Escalation.Index = slices.Clone(t.Terms.Escalation.Index)
	t.due = nil // a copy of a built TakeOrPay must not keep its statement
	if err := t.Validate(); err != nil {
		return nil, err
	}
	due, err := t.cumulative()
	if err != nil {
		return nil, err
	}
	t.due = due
	return &t, nil
}

// ID returns the tranche's ID.
func (t *TakeOrPay) ID() TrancheID {
	if t == nil {
		return ""
	}
	return t.Name
}

// Validate reports a missing ID or seller and every problem with the
// contract, the usage path, the periods and the scale, as
// [contract.TakeOrPay.Statement] does, with paths under "terms".
func (t *TakeOrPay) Validate() error {
	if t == nil {
		return errNilTranche(t)
	}
	var errs []error
	errs = append(errs, checkID(t.Name))
	if t.Seller == "" {
		errs = append(errs, fieldErr("seller", ErrRequiredParty))
	}
	if _, err := t.cumulative(); err != nil {
		errs = append(errs, err)
	}
	return errors.Join(errs...)
}

// cumulative returns the amount due up to and including each period.
func (t *TakeOrPay) cumulative() ([]decimal.Decimal, error) {
	if t.due != nil {
		return t.due, nil
	}
	st, err := t.Terms.Statement(t.Periods, t.Usage, t.Scale)
	if err != nil {
		return nil, contract.Prefix("terms", err)
	}
	due := make([]decimal.Decimal, len(st))
	total := decimal.Zero
	for i, p := range st {
		total = total.Add(p.Paid)
		due[i] = total
	}
	return due, nil
}

// owed is what the buyer owes the seller now: everything due up to the
// current period less everything this tranche has paid.
func (t *TakeOrPay) owed(b *Book) (decimal.Decimal, error) {
	if b.Scale() != t.Scale {
		return decimal.Zero, fmt.Errorf("tranche %q: terms at scale %d, book at scale %d: %w", t.Name, t.Scale, b.Scale(), contract.ErrInvalid)
	}
	due, err := t.cumulative()
	if err != nil {
		return decimal.Zero, fmt.Errorf("tranche %q: %w", t.Name, err)
	}
	p := b.Period()
	if p.Index < 0 || p.Index >= len(due) || contract.Days(t.Periods[p.Index].End, p.End) != 0 {
		return decimal.Zero, fmt.Errorf("tranche %q: period %d ending %s is not in the contract's schedule: %w",
			t.Name, p.Index, p.End.Format(time.DateOnly), contract.ErrInvalid)
	}
	return decimal.Max(decimal.Zero, due[p.Index].Sub(b.Paid(t.Name))), nil
}

// Owed is what the buyer owes the seller now, arrears included.
func (t *TakeOrPay) Owed(b *Book) (Claim, error) {
	if t == nil {
		return Claim{}, errNilTranche(t)
	}
	owed, err := t.owed(b)
	if err != nil {
		return Claim{}, err
	}
	return Claim{Amount: owed}, nil
}

// Pay pays the seller up to avail toward what is owed.
func (t *TakeOrPay) Pay(b *Book, avail decimal.Decimal) (decimal.Decimal, error) {
	if t == nil {
		return decimal.Zero, errNilTranche(t)
	}
	if err := checkAvail(b, t.Name, avail); err != nil {
		return decimal.Zero, err
	}
	owed, err := t.owed(b)
	if err != nil {
		return decimal.Zero, err
	}
	paid, err := payOwed(b, t.Name, KindTakeOrPay, []PartyID{t.Seller}, []decimal.Decimal{owed}, avail)
	if err != nil {
		return decimal.Zero, err
	}
	if paid.LessThan(owed) {
		b.Record(Event{Tranche: t.Name, Party: t.Seller, Kind: EventTakeOrPayArrears,
			Detail: fmt.Sprintf("take-or-pay: paid %s of %s owed; %s in arrears", paid, owed, owed.Sub(paid))})
	}
	return paid, nil
}
