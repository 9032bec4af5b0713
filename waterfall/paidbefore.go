package waterfall

import (
	"fmt"
	"time"

	"github.com/jvwaterfall/jvwaterfall/tranche"
	"github.com/shopspring/decimal"
)

// PartyAmount is an amount attributed to a party.
type PartyAmount struct {
	Party  tranche.PartyID
	Amount decimal.Decimal
}

// FirstPayment answers "who is paid before this party": when the party
// first receives money, and what everyone else had received by then.
//
// "Before" follows the ledger, which is in time order and, within a
// period, in priority order: it counts every payment in earlier periods and
// every payment made ahead of the party's first one in the same period.
type FirstPayment struct {
	Party  tranche.PartyID
	Paid   bool      // false when the party is never paid; then Before covers the whole run
	Period int       // the period of the first payment (when Paid)
	Date   time.Time // its date (when Paid)
	Index  int       // its position in Result.Payments (when Paid; len(Payments) otherwise)
	// Before is what each other party had received by then, in the deal's
	// party order; parties that received nothing are listed with zero.
	Before []PartyAmount
	// Breakpoint is the cumulative cash the stack had paid out, to
	// everyone, before the party's first payment: the distributable cash
	// the deal must produce before the party sees its first minor unit.
	Breakpoint decimal.Decimal
}

// FirstPayment reports when the party is first paid and what every other
// party received before then. It returns an error wrapping
// [tranche.ErrUnknownParty] for a party not in the deal.
func (r *Result) FirstPayment(id tranche.PartyID) (FirstPayment, error) {
	if _, ok := r.index[id]; !ok {
		return FirstPayment{}, fmt.Errorf("%w %q", tranche.ErrUnknownParty, id)
	}
	fp := FirstPayment{Party: id, Index: len(r.Payments), Breakpoint: decimal.Zero}
	for i, p := range r.Payments {
		if p.Party == id && p.Amount.Sign() > 0 {
			fp.Paid, fp.Period, fp.Date, fp.Index = true, p.Period, p.Date, i
			break
		}
	}
	before := make([]decimal.Decimal, len(r.Parties))
	for _, p := range r.Payments[:fp.Index] {
		before[r.index[p.Party]] = before[r.index[p.Party]].Add(p.Amount)
		fp.Breakpoint = fp.Breakpoint.Add(p.Amount)
	}
	for i, t := range r.Parties {
		if t.Party != id {
			fp.Before = append(fp.Before, PartyAmount{Party: t.Party, Amount: before[i]})
		}
	}
	return fp, nil
}

// TrancheAmount is what one tranche paid a party, by kind.
type TrancheAmount struct {
	Tranche tranche.TrancheID
	Kind    tranche.Kind
	Amount  decimal.Decimal
}

// ByTranche splits the party's receipts across the tranches (tiers) that
// paid them, in the order each tranche first paid the party. The amounts
// add up to the party's Distributed total.
func (r *Result) ByTranche(id tranche.PartyID) ([]TrancheAmount, error) {
	if _, ok := r.index[id]; !ok {
		return nil, fmt.Errorf("%w %q", tranche.ErrUnknownParty, id)
	}
	var out []TrancheAmount
	at := map[[2]string]int{}
	for _, p := range r.Payments {
		if p.Party != id {
			continue
		}
		k := [2]string{string(p.Tranche), p.Kind.String()}
		i, ok := at[k]
		if !ok {
			i = len(out)
			at[k] = i
			out = append(out, TrancheAmount{Tranche: p.Tranche, Kind: p.Kind, Amount: decimal.Zero})
		}
		out[i].Amount = out[i].Amount.Add(p.Amount)
	}
	return out, nil
}
