package tranche

import (
	"github.com/shopspring/decimal"
)

// MultipleOwed is what the party must still receive to reach an equity
// multiple m: m × contributed − distributed (every kind of payment counts),
// rounded up to the minor unit, and zero once the multiple is reached. Once
// it is paid, distributed ≥ m × contributed exactly.
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
	return ceilUnits(m.Mul(a.Contributed).Sub(a.Distributed), b.scale), nil
}
