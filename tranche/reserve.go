package tranche

import (
	"fmt"
	"slices"

	"github.com/jvwaterfall/jvwaterfall/contract"
	"github.com/shopspring/decimal"
)

// Reserve is a reserve account, such as a debt-service reserve account
// (DSRA), in front of the tranches junior to it. Each period it keeps back
// up to its target out of the cash that reaches it and offers the junior
// tranches the rest.
//
// The target is Amount plus the loans' contractual debt service over the
// next Periods periods ([Borrowing.Projected]); it falls to zero once the
// loans are repaid and nothing more is scheduled, and in the deal's last
// period ([Book.Final]), which releases the reserve to the junior
// tranches.
//
// The reserve's cash stays in the deal: it is recorded with [Book.Hold]
// (Target is the target, Amount what was held), carried forward by the
// engine as retained cash and offered to the whole stack again next
// period — so a loan senior to the reserve is paid out of it when the
// period's income falls short, and the reserve refills from later income.
// Funding the reserve is not a payment, so while it is below target the
// reserve pays less than it is offered, as its terms say; its Owed is the
// junior claim, and offered just that it pays less, never more
// (tranchetest.MayPayLess).
type Reserve struct {
	Name    TrancheID       // unique in the stack; names the reserve account
	Loans   []Borrowing     // the loans whose service the reserve covers; references, paid where they stand
	Periods int             // periods of scheduled debt service in the target
	Amount  decimal.Decimal // a fixed part of the target, held while any loan has principal outstanding
	Junior  Tranche         // the tranches behind the reserve

	amount decMoney // Amount with its money, made by NewReserve
}

// NewReserve returns the reserve r, validated once: it returns the errors
// of [Reserve.Validate], and a nil tranche with them.
func NewReserve(r Reserve) (*Reserve, error) {
	r.Loans = slices.Clone(r.Loans)
	if err := r.Validate(); err != nil {
		return nil, err
	}
	r.amount = newDecMoney(r.Amount)
	return &r, nil
}

// ID returns the reserve's ID.
func (r *Reserve) ID() TrancheID {
	if r == nil {
		return ""
	}
	return r.Name
}

// Children returns the junior tranches.
func (r *Reserve) Children() []Tranche {
	if r == nil {
		return nil
	}
	return []Tranche{r.Junior}
}

// Validate reports a missing ID or junior tranche, a nil loan, a negative
// period count or amount, and a reserve with no target at all.
func (r *Reserve) Validate() error {
	if r == nil {
		return errNilTranche(r)
	}
	errs := []error{checkID(r.Name)}
	if isNil(r.Junior) {
		errs = append(errs, fieldErr("junior", contract.ErrRequired))
	}
	for i, l := range r.Loans {
		if isNil(l) {
			errs = append(errs, fieldErr(fmt.Sprintf("loans[%d]", i), contract.ErrRequired))
		}
	}
	if r.Periods < 0 {
		errs = append(errs, fieldErr("periods", contract.ErrNegative))
	}
	if r.Amount.Sign() < 0 {
		errs = append(errs, fieldErr("amount", contract.ErrNegative))
	}
	if r.Amount.IsZero() && (r.Periods == 0 || len(r.Loans) == 0) {
		errs = append(errs, fieldErr("periods", fmt.Errorf("no target: set loans and periods, or an amount: %w", contract.ErrRequired)))
	}
	return joinErrs(errs...)
}

// Target is what the reserve should hold in the current period: nothing in
// the deal's last period ([Book.Final]), when a reserve would hold cash
// that nobody is ever paid.
func (r *Reserve) Target(b *Book) (decimal.Decimal, error) {
	if r == nil {
		return decimal.Zero, errNilTranche(r)
	}
	t, err := r.target(b)
	return t.dec(), err
}

// target is Target as money: the same sum, value and exponent, with a
// [Debt]'s projection and principal read from its state at once.
func (r *Reserve) target(b *Book) (money, error) {
	if b.Final() {
		return money{}, nil
	}
	total := money{}
	outstanding := false
	for _, l := range r.Loans {
		p, out, err := r.loan(b, l)
		if err != nil {
			return money{}, err
		}
		outstanding = outstanding || out.sign() > 0
		total = total.add(p)
	}
	if outstanding || len(r.Loans) == 0 {
		total = total.add(r.amount.of(r.Amount))
	}
	return total.ceil(b.scale), nil
}

// loan is what the target reads of a loan: its projected service and its
// principal outstanding.
func (r *Reserve) loan(b *Book, l Borrowing) (projected, outstanding money, err error) {
	if isNil(l) {
		return money{}, money{}, fmt.Errorf("reserve %q: a nil loan: %w", r.Name, contract.ErrRequired)
	}
	if d, ok := l.(*Debt); ok {
		st := d.here(b)
		if st == nil {
			var tmp DebtState
			var err error
			if st, err = d.at(b, &tmp); err != nil {
				return money{}, money{}, err
			}
		}
		p, err := d.projected(st, r.Periods)
		return p, st.outstanding(), err
	}
	p, err := l.Projected(b, r.Periods)
	if err != nil {
		return money{}, money{}, err
	}
	out, err := l.Outstanding(b)
	if err != nil {
		return money{}, money{}, err
	}
	return moneyOf(p), moneyOf(out), nil
}

// Owed is the junior claim.
func (r *Reserve) Owed(b *Book) (Claim, error) {
	if r == nil {
		return Claim{}, errNilTranche(r)
	}
	if isNil(r.Junior) {
		return Claim{}, errNothingInside("reserve")
	}
	return r.Junior.Owed(b)
}

// Pay holds up to the target and offers the rest to the junior tranches.
func (r *Reserve) Pay(b *Book, avail decimal.Decimal) (decimal.Decimal, error) {
	if r == nil {
		return decimal.Zero, errNilTranche(r)
	}
	if isNil(r.Junior) {
		return decimal.Zero, errNothingInside("reserve")
	}
	if err := checkAvail(b, r.Name, avail); err != nil {
		return decimal.Zero, err
	}
	tm, err := r.target(b)
	if err != nil {
		return decimal.Zero, fmt.Errorf("tranche %q: %w", r.Name, err)
	}
	target := tm.dec()
	hold := decimal.Min(avail, target)
	if err := b.Hold(Holding{Tranche: r.Name, Amount: hold, Target: target}); err != nil {
		return decimal.Zero, err
	}
	if avail.Equal(hold) {
		return decimal.Zero, nil
	}
	return payChecked(b, r.Junior, avail.Sub(hold))
}

// payUnits is Pay in minor units, for the combinators ([unitPayer]): the
// same holding, value and exponent, and the same offer to the junior
// tranches, without the decimals of the cash offered and left. A target
// that is not a whole number of minor units fitting an int64 takes the
// decimal route.
func (r *Reserve) payUnits(b *Book, avail units) (units, error) {
	if r == nil {
		return units{}, errNilTranche(r)
	}
	if isNil(r.Junior) {
		return units{}, errNothingInside("reserve")
	}
	tm, err := r.target(b)
	if err != nil {
		return units{}, fmt.Errorf("tranche %q: %w", r.Name, err)
	}
	tu, ok := tm.units(b.scale)
	if !ok || !avail.small() {
		d, err := r.Pay(b, avail.dec(b.scale))
		if err != nil {
			return units{}, err
		}
		u, _ := toUnits(d, b.scale) // whole: what payChecked returns
		return u, nil
	}
	// As decimal.Min(avail, target): avail, at the book's scale, unless
	// the target is below it.
	target := b.heldDec(r.Name, tm)
	hold, amount := avail.n, target
	if avail.n <= tu {
		amount = b.heldDec(r.Name, money{c: avail.n, e: -b.scale})
	} else {
		hold = tu
	}
	if err := b.Hold(Holding{Tranche: r.Name, Amount: amount, Target: target}); err != nil {
		return units{}, err
	}
	if hold == avail.n {
		return units{}, nil
	}
	return payCheckedUnits(b, r.Junior, units{n: avail.n - hold})
}
