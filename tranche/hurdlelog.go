package tranche

import (
	"fmt"
	"time"

	"github.com/jvwaterfall/jvwaterfall/contract"
	"github.com/shopspring/decimal"
)

// HurdleBalance is a party's hurdle balance at one rate on one date on
// which its account moved ([HurdleHistory]), for audit: Before is the
// balance grown to Date from the party's previous movement, After =
// Before + In − Out. An IRR tier ([Hurdle]) or compounding pref
// ([PreferredReturn]) that pays on Date reads the balance as it is when
// it pays: Before, plus In, less what earlier tranches paid the party on
// Date. So After ≤ 0 exactly when the party's IRR hurdle is met once the
// date's payments are made. See docs/methods.md, "Hurdle balances for
// audit".
type HurdleBalance struct {
	Date   time.Time
	Before decimal.Decimal // grown to Date, before the date's movements
	In     decimal.Decimal // contributed on Date
	Out    decimal.Decimal // received on Date, of any kind
	After  decimal.Decimal // Before + In − Out
}

// HurdleHistory replays a party's hurdle balance at r ([Book.Hurdle])
// from its movements (as [Book.Movements] gives them, oldest first, one a
// date) by the book's own rule: from one movement to the next the balance
// is multiplied by r's growth factor and rounded to [AccrualPlaces]
// places, then the date's In is added and its Out subtracted (PaidOut
// does not count, and a date with only PaidOut is not one on which the
// balance moves). It returns one [HurdleBalance] a movement: the
// balances the book's tranches read, for an auditor to check every tier
// against. The work is linear in the number of movements.
//
// HurdleHistory returns an error for an invalid rate, movements out of
// date order, or a growth factor out of range ([contract.Rate.Growth]).
func HurdleHistory(moves []Movement, r contract.Rate) ([]HurdleBalance, error) {
	if err := r.Validate(); err != nil {
		return nil, err
	}
	out := make([]HurdleBalance, 0, len(moves))
	balance := decimal.Zero
	for k, m := range moves {
		if k > 0 && !m.Date.After(moves[k-1].Date) {
			return nil, fmt.Errorf("movement %d on %s is not after %s: %w", k, m.Date.Format(time.DateOnly), moves[k-1].Date.Format(time.DateOnly), contract.ErrOrder)
		}
		if m.In.IsZero() && m.Out.IsZero() {
			continue // only paid out: the balance does not move
		}
		if n := len(out); n > 0 {
			g, err := r.Growth(out[n-1].Date, m.Date)
			if err != nil {
				return nil, err
			}
			balance = balance.Mul(g).Round(AccrualPlaces)
		}
		h := HurdleBalance{Date: m.Date, Before: balance, In: m.In, Out: m.Out}
		balance = balance.Add(m.In).Sub(m.Out)
		h.After = balance
		out = append(out, h)
	}
	return out, nil
}
