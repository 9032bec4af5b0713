package tranche

import (
	"fmt"
	"time"

	"github.com/jvwaterfall/jvwaterfall/contract"
	"github.com/shopspring/decimal"
)

// Window returns a [*Windowed] that lets t claim cash only in periods
// that end within [from, to]; a zero to leaves the window open at the end,
// a zero from at the start. Outside the window it owes and pays nothing,
// and what t is owed keeps accruing in the book for when the window opens.
//
// It models terms that depend on when cash comes in, such as capital that
// is returned only from the proceeds of a sale (the operating cash flow
// before it is all split), a pref that starts after stabilisation, or a
// tier that ends on a date.
func Window(from, to time.Time, t Tranche) Tranche {
	return &Windowed{From: from, To: to, Tranche: t, id: compositeID("window", []Tranche{t})}
}

// Windowed lets its Tranche claim cash only in periods that end within
// [From, To]. Its ID is "window(" + the Tranche's ID + ")". [Window]
// returns one.
//
// The fields say what the tranche is, for tools that walk a stack; treat
// them as read-only once the tranche is in use. A Windowed written as a
// literal works as one from Window, which also computes the ID once.
type Windowed struct {
	From    time.Time // first date a period may end on; zero: open at the start
	To      time.Time // last date a period may end on; zero: open at the end
	Tranche Tranche   // the claim inside the window
	id      TrancheID // set by Window
}

// ID returns "window(" + the Tranche's ID + ")".
func (w *Windowed) ID() TrancheID {
	if w == nil {
		return ""
	}
	if w.id != "" {
		return w.id
	}
	return compositeID("window", []Tranche{w.Tranche})
}

// Children returns the Tranche.
func (w *Windowed) Children() []Tranche {
	if w == nil {
		return nil
	}
	return []Tranche{w.Tranche}
}

// Validate reports a window around nothing and one that closes before it
// opens.
func (w *Windowed) Validate() error {
	if w == nil {
		return errNilTranche(w)
	}
	var errs []error
	if isNil(w.Tranche) {
		errs = append(errs, fmt.Errorf("window around nothing: %w", contract.ErrInvalid))
	}
	if !w.From.IsZero() && !w.To.IsZero() && w.To.Before(w.From) {
		errs = append(errs, fieldErr("to", fmt.Errorf("%s is before from %s: %w", w.To.Format(time.DateOnly), w.From.Format(time.DateOnly), contract.ErrOrder)))
	}
	return joinErrs(errs...)
}

// open reports whether the current period ends inside the window.
func (w *Windowed) open(b *Book) bool {
	d := b.Period().End
	return (w.From.IsZero() || !d.Before(w.From)) && (w.To.IsZero() || !d.After(w.To))
}

// Owed is the Tranche's claim inside the window, nothing outside it.
func (w *Windowed) Owed(b *Book) (Claim, error) {
	if w == nil {
		return Claim{}, errNilTranche(w)
	}
	if isNil(w.Tranche) {
		return Claim{}, errNothingInside("window")
	}
	if !w.open(b) {
		return Claim{Amount: decimal.Zero}, nil
	}
	return w.Tranche.Owed(b)
}

// Pay offers avail to the Tranche inside the window; outside it pays
// nothing.
func (w *Windowed) Pay(b *Book, avail decimal.Decimal) (decimal.Decimal, error) {
	if w == nil {
		return decimal.Zero, errNilTranche(w)
	}
	if isNil(w.Tranche) {
		return decimal.Zero, errNothingInside("window")
	}
	if err := checkAvail(b, w.ID(), avail); err != nil {
		return decimal.Zero, err
	}
	if !w.open(b) || avail.IsZero() {
		return decimal.Zero, nil
	}
	return payChecked(b, w.Tranche, avail)
}
