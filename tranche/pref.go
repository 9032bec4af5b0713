package tranche

import (
	"fmt"
	"slices"

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
// The amount owed is rounded to the minor unit by the book's [Rounding]
// policy. Under [RoundUp], the default, it is the smallest payment that
// meets the hurdle, so that once it is paid the party's XIRR is at least
// the rate (for annual compounding on ACT/365F); under [HalfEven] it is
// the nearest whole amount.
//
// Base and Accrual choose other conventions; their zero values are the
// above (cumulative, on unreturned capital):
//
//   - [OnContributed], cumulative: the pref accrues on all capital
//     contributed, returned or not. With a simple rate it owes
//     Σ contributed × r × year fraction − pref paid; with a compounding
//     rate it owes B − contributed, where B starts at zero, grows by the
//     rate's growth factor between dates, rises by each contribution and
//     falls by each payment of this tranche (so unpaid pref compounds, and
//     returning capital or paying other tiers does not reduce it).
//   - [NonCumulative] (current pay): each period owes only its own
//     accrual, base × (growth factor over the period − 1), where the base
//     is the unreturned (or, [OnContributed], contributed) capital at the
//     period's start; what that period's cash does not pay is forfeited,
//     never carried to a later period, and never compounds.
//
// Capital-then-pref and pref-then-capital are orderings of a stack, not
// terms of the pref: Sequence(roc, pref, …) or Sequence(pref, roc, …).
type PreferredReturn struct {
	Name    TrancheID     // unique in the stack; the ID of its payments
	Parties []PartyID     // the investors earning the pref
	Rate    contract.Rate // annual rate, compounding and day count; 0.08 means 8%
	Base    PrefBase      // what the pref accrues on; zero value OnUnreturned
	Accrual PrefAccrual   // whether unpaid pref carries forward; zero value Cumulative
}

// NewPreferredReturn returns the terms t, validated once: it returns the
// errors of [PreferredReturn.Validate], and a nil tranche with them.
func NewPreferredReturn(t PreferredReturn) (*PreferredReturn, error) {
	t.Parties = slices.Clone(t.Parties)
	if err := t.Validate(); err != nil {
		return nil, err
	}
	return &t, nil
}

// ID returns the tranche's ID.
func (t *PreferredReturn) ID() TrancheID {
	if t == nil {
		return ""
	}
	return t.Name
}

// Validate reports a missing ID, bad parties, a bad or negative rate and
// an unknown base or accrual convention.
func (t *PreferredReturn) Validate() error {
	if t == nil {
		return errNilTranche(t)
	}
	errs := []error{checkID(t.Name), checkParties("parties", t.Parties), contract.Prefix("rate", t.Rate.Validate())}
	if t.Rate.Annual.Sign() < 0 {
		errs = append(errs, fieldErr("rate.annual", contract.ErrNegative))
	}
	if !t.Base.Valid() {
		errs = append(errs, fieldErr("base", fmt.Errorf("%s: %w", t.Base, contract.ErrRange)))
	}
	if !t.Accrual.Valid() {
		errs = append(errs, fieldErr("accrual", fmt.Errorf("%s: %w", t.Accrual, contract.ErrRange)))
	}
	return joinErrs(errs...)
}

// owed is the pref each party is owed, in minor units. With record, the
// accrual on contributed capital is stored in the book, as Pay does; Owed
// does not.
func (t *PreferredReturn) owed(b *Book, record bool) ([]int, []units, error) {
	idx, err := b.indexes(t.Parties)
	if err != nil {
		return nil, nil, fmt.Errorf("tranche %q: %w", t.Name, err)
	}
	var onContributed []decimal.Decimal
	if t.Accrual == Cumulative && t.Base == OnContributed {
		if onContributed, err = t.prefOnContributed(b, record); err != nil {
			return nil, nil, fmt.Errorf("tranche %q: %w", t.Name, err)
		}
	}
	owed := b.unitsBuf(len(idx))
	if t.Accrual != NonCumulative && t.Base != OnContributed && t.Rate.Compounding != contract.Simple {
		// The hurdle balance above unreturned capital.
		if err := t.owedSteady(b, idx, owed); err != nil {
			return nil, nil, err
		}
		return idx, owed, nil
	}
	for j, i := range idx {
		var x decimal.Decimal
		switch {
		case t.Accrual == NonCumulative:
			if x, err = t.prefThisPeriod(b, t.Parties[j]); err != nil {
				return nil, nil, fmt.Errorf("tranche %q: %w", t.Name, err)
			}
		case t.Base == OnContributed:
			x = onContributed[j]
		default: // a simple rate
			acc, err := b.SimpleAccrued(t.Parties[j], t.Rate)
			if err != nil {
				return nil, nil, fmt.Errorf("tranche %q: %w", t.Name, err)
			}
			x = acc.Sub(b.paidToUnits(t.Name, i).dec(b.scale))
		}
		owed[j], _ = toUnits(b.roundOwed(x), b.scale)
	}
	return idx, owed, nil
}

// Owed is the pref accrued and unpaid, over all parties.
func (t *PreferredReturn) Owed(b *Book) (Claim, error) {
	if t == nil {
		return Claim{}, errNilTranche(t)
	}
	_, owed, err := t.owed(b, false)
	if err != nil {
		return Claim{}, err
	}
	total := units{}
	for _, o := range owed {
		total = total.add(o)
	}
	return Claim{Amount: total.dec(b.scale)}, nil
}

// Pay pays the pref owed, up to avail, shared by what each party is owed.
func (t *PreferredReturn) Pay(b *Book, avail decimal.Decimal) (decimal.Decimal, error) {
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

func (t *PreferredReturn) payUnits(b *Book, avail units) (units, error) {
	if t == nil {
		return units{}, errNilTranche(t)
	}
	idx, owed, err := t.owed(b, true)
	if err != nil {
		return units{}, err
	}
	return payOwedUnits(b, t.Name, KindPref, t.Parties, idx, owed, avail)
}
