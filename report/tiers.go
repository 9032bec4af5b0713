package report

import (
	"github.com/jvwaterfall/jvwaterfall/tranche"
	"github.com/jvwaterfall/jvwaterfall/waterfall"
	"github.com/shopspring/decimal"
)

// TrancheAmount is what one tranche paid a party, of one kind.
type TrancheAmount struct {
	Tranche tranche.TrancheID
	Kind    tranche.Kind
	Amount  decimal.Decimal
}

// ByTranche splits the party's receipts across the tranches (tiers) that
// paid them, by kind, in the order each first paid the party. The amounts
// add up to the party's Distributed total; transfers from other parties
// are listed under the tranche that posted them (such as the escrow or
// clawback tranche of a fund).
//
// ByTranche returns an error if res is nil ([contract.ErrRequired]), if the
// party is not in the deal ([tranche.ErrUnknownParty]), or if a payment
// names a party that is not in the result ([tranche.ErrInvariant]).
func ByTranche(res *waterfall.Result, id tranche.PartyID) ([]TrancheAmount, error) {
	idx, err := indexOf(res)
	if err != nil {
		return nil, err
	}
	return idx.byTranche(id)
}

func (idx *ledgerIndex) byTranche(id tranche.PartyID) ([]TrancheAmount, error) {
	if err := idx.has(id); err != nil {
		return nil, err
	}
	type key struct {
		tranche tranche.TrancheID
		kind    tranche.Kind
	}
	var out []TrancheAmount
	at := map[key]int{}
	for _, i := range idx.own[idx.pos[id]] {
		p := &idx.pays[i]
		if p.Party != id {
			continue
		}
		k := key{p.Tranche, p.Kind}
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
