package tranche

import (
	"fmt"

	"github.com/jvwaterfall/jvwaterfall/contract"
	"github.com/shopspring/decimal"
)

// PreferredReturn pays each party the return it is owed at Rate on its
// capital, before anything junior to it. Payments are of [KindPref].
//
// With a compounding Rate (any [contract.Compounding] but Simple) the pref
// owed is max(0, H − unreturned capital), where H is the party's hurdle
// balance at Rate ([Book.Hurdle]): contributions grown at the rate, less
// everything the party has received. A stack may put the pref before or
// after [ReturnOfCapital]; both read the same H. With Simple, the pref owed
// is the simple return accrued on unreturned capital ([Book.SimpleAccrued])
// less pref already paid by this tranche.
//
// The amount owed is rounded up to the minor unit: the smallest payment
// that meets the hurdle, so that once it is paid the party's XIRR is at
// least the rate (for annual compounding on ACT/365F).
type PreferredReturn struct {
	Name    TrancheID     // unique in the stack; the ID of its payments
	Parties []PartyID     // the investors earning the pref
	Rate    contract.Rate // annual rate, compounding and day count; 0.08 means 8%
}

// NewPreferredReturn returns validated preferred-return terms.
func NewPreferredReturn(id TrancheID, rate contract.Rate, parties ...PartyID) (*PreferredReturn, error) {
	t := &PreferredReturn{Name: id, Parties: parties, Rate: rate}
	if err := t.Validate(); err != nil {
		return nil, err
	}
	return t, nil
}

// ID returns the tranche's ID.
func (t *PreferredReturn) ID() TrancheID { return t.Name }

// Validate reports a missing ID, bad parties and a bad or negative rate.
func (t *PreferredReturn) Validate() error {
	errs := []error{checkID(t.Name), checkParties("parties", t.Parties), contract.Prefix("rate", t.Rate.Validate())}
	if t.Rate.Annual.Sign() < 0 {
		errs = append(errs, fieldErr("rate.annual", contract.ErrNegative))
	}
	return joinErrs(errs...)
}

func (t *PreferredReturn) owed(b *Book) ([]decimal.Decimal, error) {
	owed := make([]decimal.Decimal, len(t.Parties))
	for i, p := range t.Parties {
		var x decimal.Decimal
		if t.Rate.Compounding == contract.Simple {
			acc, err := b.SimpleAccrued(p, t.Rate)
			if err != nil {
				return nil, fmt.Errorf("tranche %q: %w", t.Name, err)
			}
			x = acc.Sub(b.PaidTo(t.Name, p))
		} else {
			h, err := b.Hurdle(p, t.Rate)
			if err != nil {
				return nil, fmt.Errorf("tranche %q: %w", t.Name, err)
			}
			a, _ := b.Account(p)
			x = h.Sub(a.Unreturned())
		}
		owed[i] = ceilUnits(x, b.scale)
	}
	return owed, nil
}

// Owed is the pref accrued and unpaid, over all parties.
func (t *PreferredReturn) Owed(b *Book) (Claim, error) {
	owed, err := t.owed(b)
	if err != nil {
		return Claim{}, err
	}
	return Claim{Amount: sum(owed)}, nil
}

// Pay pays the pref owed, up to avail, shared by what each party is owed.
func (t *PreferredReturn) Pay(b *Book, avail decimal.Decimal) (decimal.Decimal, error) {
	owed, err := t.owed(b)
	if err != nil {
		return decimal.Zero, err
	}
	return payOwed(b, t.Name, KindPref, t.Parties, owed, avail)
}
