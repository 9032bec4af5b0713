package tranche

import (
	"github.com/shopspring/decimal"
)

// ReturnOfCapital pays each party its unreturned capital (contributed less
// capital already returned). When cash is short it is shared in proportion
// to what each party is owed. Payments are of [KindCapital].
type ReturnOfCapital struct {
	Name    TrancheID // unique in the stack; the ID of its payments
	Parties []PartyID // the investors whose capital is returned
}

// NewReturnOfCapital returns validated return-of-capital terms.
func NewReturnOfCapital(id TrancheID, parties ...PartyID) (*ReturnOfCapital, error) {
	t := &ReturnOfCapital{Name: id, Parties: parties}
	if err := t.Validate(); err != nil {
		return nil, err
	}
	return t, nil
}

// ID returns the tranche's ID.
func (t *ReturnOfCapital) ID() TrancheID { return t.Name }

// Validate reports a missing ID and an empty or repeated party list.
func (t *ReturnOfCapital) Validate() error {
	return joinErrs(checkID(t.Name), checkParties("parties", t.Parties))
}

func (t *ReturnOfCapital) owed(b *Book) ([]decimal.Decimal, error) {
	owed := make([]decimal.Decimal, len(t.Parties))
	for i, p := range t.Parties {
		a, err := b.Account(p)
		if err != nil {
			return nil, err
		}
		owed[i] = a.Unreturned()
	}
	return owed, nil
}

// Owed is the parties' unreturned capital.
func (t *ReturnOfCapital) Owed(b *Book) (Claim, error) {
	owed, err := t.owed(b)
	if err != nil {
		return Claim{}, err
	}
	return Claim{Amount: sum(owed)}, nil
}

// Pay returns capital, up to avail.
func (t *ReturnOfCapital) Pay(b *Book, avail decimal.Decimal) (decimal.Decimal, error) {
	owed, err := t.owed(b)
	if err != nil {
		return decimal.Zero, err
	}
	return payOwed(b, t.Name, KindCapital, t.Parties, owed, avail)
}
