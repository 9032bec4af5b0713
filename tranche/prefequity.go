package tranche

import (
	"fmt"
	"slices"
	"time"

	"github.com/jvwaterfall/jvwaterfall/contract"
	"github.com/shopspring/decimal"
)

// PreferredEquity is a preferred equity investment between the debt and
// the common equity: a fixed coupon, part paid in cash each period and the
// rest accrued (PIK) and compounding, redeemed from a date with at least a
// multiple of the capital.
//
// The holders' capital is what they have contributed in the book and not
// had returned, so give preferred equity its own parties. Each period, on
// each holder's base B (its unreturned capital plus accrued coupon at the
// end of the previous period):
//   - the current coupon B × (growth at CurrentPay − 1), rounded to the
//     minor unit, is due ([KindPref]); if unpaid at the end of the period
//     it is added to the accrued coupon;
//   - the accrued coupon grows by B × (growth at Coupon − growth at
//     CurrentPay), kept to [AccrualPlaces] decimals.
//
// From the period containing Redemption on, the tranche also pays, in this
// order, the accrued coupon ([KindPref]), the capital ([KindCapital]) and,
// when what the holder has received from the tranche would still be less
// than Multiple × its contributions, the difference ([KindPref]). When
// cash is short, each step is shared by what each holder is owed.
//
// Its state is a [PrefEquityState] in the book.
type PreferredEquity struct {
	Name       TrancheID       // unique in the stack; the ID of its payments
	Parties    []PartyID       // the holders
	Coupon     contract.Rate   // the whole coupon: annual rate, compounding of each period's accrual, day count
	CurrentPay decimal.Decimal // annual part of the coupon paid in cash; at most Coupon.Annual; 0.08 means 8%
	Redemption time.Time       // from the period containing it, accrued coupon and capital are due
	Multiple   decimal.Decimal // minimum total received at redemption per unit of capital; 1.5 means 1.5x; 0: none
}

// NewPreferredEquity returns the terms t, validated once: it returns the
// errors of [PreferredEquity.Validate], and a nil tranche with them.
func NewPreferredEquity(t PreferredEquity) (*PreferredEquity, error) {
	t.Parties = slices.Clone(t.Parties)
	if err := t.Validate(); err != nil {
		return nil, err
	}
	return &t, nil
}

// PrefEquityState is a [PreferredEquity]'s position in a book. Slices are
// per holder, in the order of Parties, and are replaced, never changed in
// place.
type PrefEquityState struct {
	Period  int               // the current period; -1 before the first
	Closed  bool              // whether the period has been closed
	Base    []decimal.Decimal // the base of the current period's coupon
	Current []decimal.Decimal // current coupon due and unpaid
	Accrued []decimal.Decimal // accrued coupon not yet paid
}

// ID returns the tranche's ID.
func (t *PreferredEquity) ID() TrancheID {
	if t == nil {
		return ""
	}
	return t.Name
}

// Validate reports a missing ID or redemption date, bad parties, a bad or
// negative coupon, a current-pay rate outside 0..coupon and a negative
// multiple.
func (t *PreferredEquity) Validate() error {
	if t == nil {
		return errNilTranche(t)
	}
	errs := []error{checkID(t.Name), checkParties("parties", t.Parties), contract.Prefix("coupon", t.Coupon.Validate())}
	if t.Coupon.Annual.Sign() < 0 {
		errs = append(errs, fieldErr("coupon.annual", contract.ErrNegative))
	}
	if t.CurrentPay.Sign() < 0 || t.CurrentPay.GreaterThan(t.Coupon.Annual) {
		errs = append(errs, fieldErr("current_pay", fmt.Errorf("%s, want 0 to the coupon %s: %w", t.CurrentPay, t.Coupon.Annual, contract.ErrRange)))
	}
	if t.Redemption.IsZero() {
		errs = append(errs, fieldErr("redemption", contract.ErrRequired))
	}
	if t.Multiple.Sign() < 0 {
		errs = append(errs, fieldErr("multiple", contract.ErrNegative))
	}
	return joinErrs(errs...)
}

func (t *PreferredEquity) zeros() []decimal.Decimal {
	z := make([]decimal.Decimal, len(t.Parties))
	for i := range z {
		z[i] = decimal.Zero
	}
	return z
}

// State returns the position brought up to the book's period, without
// recording it.
func (t *PreferredEquity) State(b *Book) (PrefEquityState, error) {
	if t == nil {
		return PrefEquityState{}, errNilTranche(t)
	}
	st, ok := b.State(t.Name).(PrefEquityState)
	if !ok {
		st = PrefEquityState{Period: -1, Closed: true, Base: t.zeros(), Current: t.zeros(), Accrued: t.zeros()}
	}
	for st.Period < b.Period().Index {
		if !st.Closed {
			var err error
			if st, err = t.close(b, st); err != nil {
				return st, err
			}
		}
		st.Period, st.Closed = st.Period+1, false
		if st.Period == b.Period().Index {
			var err error
			if st, err = t.accrue(b, st, b.Period()); err != nil {
				return st, err
			}
		}
	}
	return st, nil
}

// accrue adds period p's coupon. Periods the book skipped (a book driven
// without the engine) accrue nothing.
func (t *PreferredEquity) accrue(b *Book, st PrefEquityState, p contract.Period) (PrefEquityState, error) {
	one := decimal.NewFromInt(1)
	cur := contract.Rate{Annual: t.CurrentPay, Compounding: t.Coupon.Compounding, DayCount: t.Coupon.DayCount}
	gAll, err := b.Growth(t.Coupon, p.Start, p.End)
	if err != nil {
		return st, fmt.Errorf("tranche %q: %w", t.Name, err)
	}
	gCur, err := b.Growth(cur, p.Start, p.End)
	if err != nil {
		return st, fmt.Errorf("tranche %q: %w", t.Name, err)
	}
	st.Current, st.Accrued = slices.Clone(st.Current), slices.Clone(st.Accrued)
	for i, base := range st.Base {
		st.Current[i] = st.Current[i].Add(base.Mul(gCur.Sub(one)).Round(b.scale))
		st.Accrued[i] = st.Accrued[i].Add(base.Mul(gAll.Sub(gCur)).Round(AccrualPlaces))
	}
	return st, nil
}

// close moves unpaid current coupon into the accrued coupon and sets the
// next period's base.
func (t *PreferredEquity) close(b *Book, st PrefEquityState) (PrefEquityState, error) {
	st.Closed = true
	st.Accrued, st.Base = slices.Clone(st.Accrued), make([]decimal.Decimal, len(t.Parties))
	for i, p := range t.Parties {
		st.Accrued[i] = st.Accrued[i].Add(st.Current[i])
		a, err := b.Account(p)
		if err != nil {
			return st, fmt.Errorf("tranche %q: %w", t.Name, err)
		}
		st.Base[i] = a.Unreturned().Add(st.Accrued[i])
	}
	st.Current = t.zeros()
	return st, nil
}

// ClosePeriod closes the current period (see [PreferredEquity]).
func (t *PreferredEquity) ClosePeriod(b *Book) error {
	if t == nil {
		return errNilTranche(t)
	}
	st, err := t.State(b)
	if err != nil {
		return err
	}
	if st, err = t.close(b, st); err != nil {
		return err
	}
	b.SetState(t.Name, st)
	return nil
}

// owed returns what each holder is owed at each step: current coupon,
// accrued coupon, capital and the multiple's top-up.
func (t *PreferredEquity) owed(b *Book, st PrefEquityState) ([4][]decimal.Decimal, error) {
	var o [4][]decimal.Decimal
	for k := range o {
		o[k] = t.zeros()
	}
	if st.Closed {
		return o, nil
	}
	redeem := !b.Date().Before(t.Redemption)
	for i, p := range t.Parties {
		o[0][i] = ceilUnits(st.Current[i], b.scale)
		if !redeem {
			continue
		}
		a, err := b.Account(p)
		if err != nil {
			return o, fmt.Errorf("tranche %q: %w", t.Name, err)
		}
		o[1][i] = ceilUnits(st.Accrued[i], b.scale)
		o[2][i] = a.Unreturned()
		floor := a.Contributed.Mul(t.Multiple)
		o[3][i] = ceilUnits(floor.Sub(b.PaidTo(t.Name, p)).Sub(o[0][i]).Sub(o[1][i]).Sub(o[2][i]), b.scale)
	}
	return o, nil
}

// Owed is the coupon due, and from redemption the accrued coupon, capital
// and top-up.
func (t *PreferredEquity) Owed(b *Book) (Claim, error) {
	if t == nil {
		return Claim{}, errNilTranche(t)
	}
	st, err := t.State(b)
	if err != nil {
		return Claim{}, err
	}
	o, err := t.owed(b, st)
	if err != nil {
		return Claim{}, err
	}
	return Claim{Amount: sum(o[0]).Add(sum(o[1])).Add(sum(o[2])).Add(sum(o[3]))}, nil
}

// paidTo is what the tranche has paid each of its parties so far.
func (t *PreferredEquity) paidTo(b *Book) []units {
	u := make([]units, len(t.Parties))
	for k, p := range t.Parties {
		if i, ok := b.index[p]; ok {
			u[k] = b.paidToUnits(t.Name, i)
		}
	}
	return u
}

// Pay pays current coupon, then from redemption accrued coupon, capital
// and the top-up, up to avail.
func (t *PreferredEquity) Pay(b *Book, avail decimal.Decimal) (decimal.Decimal, error) {
	if t == nil {
		return decimal.Zero, errNilTranche(t)
	}
	if t == nil {
		return decimal.Zero, errNilTranche(t)
	}
	if err := checkAvail(b, t.Name, avail); err != nil {
		return decimal.Zero, err
	}
	st, err := t.State(b)
	if err != nil {
		return decimal.Zero, err
	}
	kinds := [4]Kind{KindPref, KindPref, KindCapital, KindPref}
	left := avail
	for step := range kinds {
		o, err := t.owed(b, st)
		if err != nil {
			return decimal.Zero, err
		}
		before := t.paidTo(b)
		paid, err := payOwed(b, t.Name, kinds[step], t.Parties, o[step], left)
		if err != nil {
			return decimal.Zero, err
		}
		left = left.Sub(paid)
		if step > 1 {
			continue
		}
		xs := slices.Clone(st.Current)
		if step == 1 {
			xs = slices.Clone(st.Accrued)
		}
		for i, u := range t.paidTo(b) {
			got := decimal.Decimal{} // what the step paid the party: a book that keeps no ledger knows it too
			if g := u.sub(before[i]); g.sign() != 0 {
				got = g.dec(b.scale)
			}
			xs[i] = decimal.Max(decimal.Zero, xs[i].Sub(got))
		}
		if step == 0 {
			st.Current = xs
		} else {
			st.Accrued = xs
		}
	}
	b.SetState(t.Name, st)
	return avail.Sub(left), nil
}
