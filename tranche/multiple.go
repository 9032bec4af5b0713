package tranche

import (
	"github.com/shopspring/decimal"
)

// MultipleOwed is what the party must still receive to reach an equity
// multiple m: m × contributed − distributed (every kind of payment counts),
// rounded to the minor unit by the book's [Rounding] policy, and zero once
// the multiple is reached. Under [RoundUp], the default, once it is paid
// distributed ≥ m × contributed exactly; under [HalfEven], to within half
// a minor unit.
func (b *Book) MultipleOwed(id PartyID, m decimal.Decimal) (decimal.Decimal, error) {
	if b == nil {
		return decimal.Zero, errNilBook
	}
	return multipleOwed(b, id, m)
}

func multipleOwed(b *Book, id PartyID, m decimal.Decimal) (decimal.Decimal, error) {
	a, err := b.Account(id)
	if err != nil {
		return decimal.Zero, err
	}
	return b.roundOwed(m.Mul(a.Contributed).Sub(a.Distributed)), nil
}
