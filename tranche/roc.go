package tranche

import (
	"slices"

	"github.com/shopspring/decimal"
)

// ReturnOfCapital pays each party its unreturned capital (contributed less
// capital already returned). When cash is short it is shared in proportion
// to what each party is owed. Payments are of [KindCapital].
type ReturnOfCapital struct {
	Name    TrancheID // unique in the stack; the ID of its payments
	Parties []PartyID // the investors whose capital is returned
}

// NewReturnOfCapital returns the terms t, validated once: it returns the
// errors of [ReturnOfCapital.Validate], and a nil tranche with them.
func NewReturnOfCapital(t ReturnOfCapital) (*ReturnOfCapital, error) {
	t.Parties = slices.Clone(t.Parties)
	if err := t.Validate(); err != nil {
		return nil, err
	}
	return &t, nil
}

// ID returns the tranche's ID.
func (t *ReturnOfCapital) ID() TrancheID {
	if t == nil {
		return ""
	}
	return t.Name
}

// Validate reports a missing ID and an empty or repeated party list.
func (t *ReturnOfCapital) Validate() error {
	if t == nil {
		return errNilTranche(t)
	}
	return joinErrs(checkID(t.Name), checkParties("parties", t.Parties))
}

// owed is each party's unreturned capital, in minor units.
func (t *ReturnOfCapital) owed(b *Book) ([]int, []units, error) {
	idx, err := b.indexes(t.Parties)
	if err != nil {
		return nil, nil, err
	}
	owed := b.unitsBuf(len(idx))
	for j, i := range idx {
		a := &b.acc[i]
		owed[j] = a.unreturned()
	}
	return idx, owed, nil
}

// Owed is the parties' unreturned capital.
func (t *ReturnOfCapital) Owed(b *Book) (Claim, error) {
	if t == nil {
		return Claim{}, errNilTranche(t)
	}
	_, owed, err := t.owed(b)
	if err != nil {
		return Claim{}, err
	}
	total := units{}
	for _, o := range owed {
		total = total.add(o)
	}
	return Claim{Amount: total.dec(b.scale)}, nil
}

// Pay returns capital, up to avail.
func (t *ReturnOfCapital) Pay(b *Book, avail decimal.Decimal) (decimal.Decimal, error) {
	if t == nil {
		return decimal.Zero, errNilTranche(t)
	}
	if err := checkAvail(b, t.Name, avail); err != nil {
		return decimal.Zero, err
	}
	u, _ := toUnits(avail, b.scale)
	paid, err := t.payUnits(b, u)
	if err != nil {
		return decimal.Zero, err
	}
	return decOf(paid, u, avail, b.scale), nil
}

func (t *ReturnOfCapital) payUnits(b *Book, avail units) (units, error) {
	if t == nil {
		return units{}, errNilTranche(t)
	}
	if b.led.in.eq(b.paidKind[KindCapital]) {
		// Every party's capital is returned: each party's unreturned
		// capital is at least zero (a return of capital is checked
		// against it), and all of them add up to the book's
		// contributions less its returns of capital.
		_, err := b.indexes(t.Parties)
		return units{}, err
	}
	idx, owed, err := t.owed(b)
	if err != nil {
		return units{}, err
	}
	return payOwedUnits(b, t.Name, KindCapital, t.Parties, idx, owed, avail)
}
