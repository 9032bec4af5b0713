package tranche

import (
	"time"

	"github.com/jvwaterfall/jvwaterfall/contract"
	"github.com/shopspring/decimal"
)

// HurdleBalance is a party's hurdle balance at one rate on one date on
// which its account moved, for audit: Before is the balance grown to Date
// from the party's previous movement, After = Before + In − Out. An IRR
// tier ([Hurdle]) or compounding pref ([PreferredReturn]) that pays on
// Date reads the balance as it is when it pays: Before, plus In, less
// what earlier tranches paid the party on Date. So After ≤ 0 exactly when
// the party's hurdle is met once the date's payments are made.
type HurdleBalance struct {
	Date   time.Time
	Before decimal.Decimal // grown to Date, before the date's movements
	In     decimal.Decimal // contributed on Date
	Out    decimal.Decimal // received on Date, of any kind
	After  decimal.Decimal // Before + In − Out
}

// HurdleHistory returns the party's hurdle balance at r ([Book.Hurdle])
// on each date on which its account moved, oldest first: the balances the
// book's tranches read, replayed by the same rule (each growth
// balance·factor rounded to [AccrualPlaces] places, then + In − Out), so
// an auditor can check every tier against them. It only reads the book,
// so a book no longer changed may be read from many goroutines; each
// call replays the party's movements, in time linear in their number.
//
// HurdleHistory returns an error for an unknown party, an invalid rate,
// or a growth factor out of range ([contract.Rate.Growth]).
func (b *Book) HurdleHistory(id PartyID, r contract.Rate) ([]HurdleBalance, error) {
	i, err := b.lookup(id)
	if err != nil {
		return nil, err
	}
	if err := r.Validate(); err != nil {
		return nil, err
	}
	var out []HurdleBalance
	balance := decimal.Zero
	for d := range b.moves.dates() {
		if b.moves.at(d, i).zero() {
			continue
		}
		date := b.led.dates[d]
		if n := len(out); n > 0 {
			g, err := r.Growth(out[n-1].Date, date)
			if err != nil {
				return nil, err
			}
			balance = balance.Mul(g).Round(AccrualPlaces)
		}
		in, paid, _ := b.amounts(i, int32(d))
		h := HurdleBalance{Date: date, Before: balance, In: b.dec(in), Out: b.dec(paid)}
		balance = balance.Add(h.In).Sub(h.Out)
		h.After = balance
		out = append(out, h)
	}
	return out, nil
}
