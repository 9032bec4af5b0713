package tranche

import (
	"fmt"
	"time"

	"github.com/jvwaterfall/jvwaterfall/contract"
	"github.com/shopspring/decimal"
)

// Window returns a tranche that lets t claim cash only in periods that end
// within [from, to]; a zero to leaves the window open at the end, a zero
// from at the start. Outside the window it owes and pays nothing, and what
// t is owed keeps accruing in the book for when the window opens.
//
// It models terms that depend on when cash comes in, such as capital that
// is returned only from the proceeds of a sale (the operating cash flow
// before it is all split), a pref that starts after stabilisation, or a
// tier that ends on a date. Its ID is "window(" + t's ID + ")".
func Window(from, to time.Time, t Tranche) Tranche {
	return &window{id: compositeID("window", []Tranche{t}), from: from, to: to, t: t}
}

type window struct {
	id       TrancheID
	from, to time.Time
	t        Tranche
}

func (w *window) ID() TrancheID       { return w.id }
func (w *window) Children() []Tranche { return []Tranche{w.t} }

// Validate reports a window around nothing and one that closes before it
// opens.
func (w *window) Validate() error {
	var errs []error
	if w.t == nil {
		errs = append(errs, fmt.Errorf("%w: window around nothing", contract.ErrInvalid))
	}
	if !w.from.IsZero() && !w.to.IsZero() && w.to.Before(w.from) {
		errs = append(errs, fieldErr("to", fmt.Errorf("%w: %s is before from %s", contract.ErrOrder,
			w.to.Format(time.DateOnly), w.from.Format(time.DateOnly))))
	}
	return joinErrs(errs...)
}

// open reports whether the current period ends inside the window.
func (w *window) open(b *Book) bool {
	d := b.Date()
	return (w.from.IsZero() || !d.Before(w.from)) && (w.to.IsZero() || !d.After(w.to))
}

// Owed is t's claim inside the window, nothing outside it.
func (w *window) Owed(b *Book) (Claim, error) {
	if !w.open(b) {
		return Claim{Amount: decimal.Zero}, nil
	}
	return w.t.Owed(b)
}

func (w *window) Pay(b *Book, avail decimal.Decimal) (decimal.Decimal, error) {
	if err := checkAvail(b, w.id, avail); err != nil {
		return decimal.Zero, err
	}
	if !w.open(b) || avail.IsZero() {
		return decimal.Zero, nil
	}
	return payChecked(b, w.t, avail)
}
