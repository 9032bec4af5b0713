package tranche

import (
	"fmt"
	"slices"
	"time"

	"github.com/shopspring/decimal"
)

// Holding is cash that a tranche keeps back in the deal at the end of a
// period instead of paying it out: a reserve account's balance, or cash
// trapped by a breached covenant. It is not a payment: the engine carries
// it forward as retained cash and offers it to the stack again next
// period, so the deal's cash account still balances exactly (payments +
// retained = available, and the period's holdings are part of retained).
type Holding struct {
	Period  int             // set by the book
	Date    time.Time       // set by the book: the current date (the period's end, or a flow's own date)
	Tranche TrancheID       // the tranche that holds the cash
	Amount  decimal.Decimal // held at the end of the period, whole minor units
	Target  decimal.Decimal // what the tranche wanted to hold (a reserve's target); Amount when it has none
}

// Hold records cash kept back by a tranche in the current period. The
// amount must be a whole number of minor units and not negative; a zero
// amount with a zero target is not recorded. A tranche paid on several
// dates of a period (flows on their own dates) holds on each; its last
// holding of the period is what it holds at the period's end.
func (b *Book) Hold(h Holding) error {
	if b == nil {
		return errNilBook
	}
	if err := b.checkAmount(h.Amount); err != nil {
		return fmt.Errorf("tranche %q: holding: %w", h.Tranche, err)
	}
	if h.Amount.IsZero() && h.Target.Sign() <= 0 {
		return nil
	}
	h.Period, h.Date = b.period.Index, b.date
	if b.held == nil && b.periods > 0 {
		b.held = make([]Holding, 0, b.periods) // a holding a period, as a reserve's
	}
	b.held = append(b.held, h)
	return nil
}

// Holdings returns the cash held back so far, oldest first. The slice is
// the book's own: read it, do not change it.
func (b *Book) Holdings() []Holding {
	if b == nil {
		return nil
	}
	return b.held
}

// Held is the total held back by every tranche at the end of period i:
// the sum of each tranche's last holding of the period.
func (b *Book) Held(i int) decimal.Decimal {
	if b == nil {
		return decimal.Zero
	}
	total := b.heldAt(i)
	// A holding that is the sum, value and exponent, is returned itself:
	// a period in which one tranche holds makes no decimal.
	for j := len(b.held) - 1; j >= 0 && b.held[j].Period >= i; j-- {
		if h := &b.held[j]; h.Period == i && isMoney(h.Amount, total) {
			return h.Amount
		}
	}
	return total.dec()
}

// heldLookBack is how many of the latest holdings heldDec looks through.
const heldLookBack = 8

// heldDec is m as a decimal, the same value and exponent: the Amount or
// Target of one of the latest holdings of tranche id when one is m, so
// that a tranche that holds the same amount period after period (a
// reserve at its target) makes its decimal once.
func (b *Book) heldDec(id TrancheID, m money) decimal.Decimal {
	for j := len(b.held) - 1; j >= max(0, len(b.held)-heldLookBack); j-- {
		if h := &b.held[j]; h.Tranche == id {
			switch {
			case isMoney(h.Target, m):
				return h.Target
			case isMoney(h.Amount, m):
				return h.Amount
			}
		}
	}
	return m.dec()
}

// sameMoney reports whether a and b have the same int64 coefficient and
// exponent: a decimal made of one is the other's, value and exponent.
func sameMoney(a, b money) bool {
	return a.d == nil && b.d == nil && a.c == b.c && a.e == b.e
}

// heldAt is Held as money: the same sum, value and exponent, added without
// decimals.
func (b *Book) heldAt(i int) money {
	total := money{}
	var buf [4]TrancheID
	counted := buf[:0]
	for j := len(b.held) - 1; j >= 0 && b.held[j].Period >= i; j-- {
		if h := &b.held[j]; h.Period == i && !slices.Contains(counted, h.Tranche) {
			counted = append(counted, h.Tranche)
			total = total.add(moneyOf(h.Amount))
		}
	}
	return total
}
