package report

import (
	"fmt"

	"github.com/jvwaterfall/jvwaterfall/contract"
	"github.com/jvwaterfall/jvwaterfall/tranche"
	"github.com/jvwaterfall/jvwaterfall/waterfall"
	"github.com/shopspring/decimal"
)

// PartyAmount is an amount attributed to a party.
type PartyAmount struct {
	Party  tranche.PartyID
	Amount decimal.Decimal
}

// errNilResult is returned for a nil *waterfall.Result.
var errNilResult = fmt.Errorf("nil result: %w", contract.ErrRequired)

// ledgerIndex is a result's ledger read once for the questions of this
// package: the position of each party in its Parties, the payments in
// order, and, by party, the payments to or from it and its contributions.
// So the summaries of every party read the ledger a few times in all,
// not a few times a party: their work grows with the payments plus the
// square of the parties (each summary lists what every other party had
// received before it was first paid), not with their product.
type ledgerIndex struct {
	pos      map[tranche.PartyID]int
	parties  []waterfall.PartyTotal
	pays     []tranche.Payment        // Result.Payments, in order
	own      [][]int                  // by position: the indexes in pays of the payments to or from the party
	contribs [][]tranche.Contribution // by position: the party's contributions, in order
}

// indexOf checks res and reads its ledger into an index.
// Every question of this package reads the ledger, so a totals-only
// result is an error ([waterfall.ErrNoLedger]).
// It returns an error for a nil result and, wrapping
// [tranche.ErrInvariant], for a payment or contribution to or from a
// party that is not in the result.
func indexOf(res *waterfall.Result) (*ledgerIndex, error) {
	if res == nil {
		return nil, errNilResult
	}
	if res.TotalsOnly {
		return nil, fmt.Errorf("result %q: %w", res.Deal, waterfall.ErrNoLedger)
	}
	parties := res.Parties()
	idx := &ledgerIndex{pos: make(map[tranche.PartyID]int, len(parties)), parties: parties,
		pays: make([]tranche.Payment, 0, res.Payments.Len()),
		own:  make([][]int, len(parties)), contribs: make([][]tranche.Contribution, len(parties))}
	for i, t := range parties {
		idx.pos[t.Party] = i
	}
	for i, p := range res.Payments.All() {
		j, ok := idx.pos[p.Party]
		if !ok {
			return nil, fmt.Errorf("payments[%d] to %q, not a party of the result: %w", i, p.Party, tranche.ErrInvariant)
		}
		idx.own[j] = append(idx.own[j], i)
		if p.From != "" {
			f, ok := idx.pos[p.From]
			if !ok {
				return nil, fmt.Errorf("payments[%d] from %q, not a party of the result: %w", i, p.From, tranche.ErrInvariant)
			}
			if f != j {
				idx.own[f] = append(idx.own[f], i)
			}
		}
		idx.pays = append(idx.pays, p)
	}
	for i, c := range res.Contributions.All() {
		j, ok := idx.pos[c.Party]
		if !ok {
			return nil, fmt.Errorf("contributions[%d] by %q, not a party of the result: %w", i, c.Party, tranche.ErrInvariant)
		}
		idx.contribs[j] = append(idx.contribs[j], c)
	}
	return idx, nil
}

// has returns an error wrapping [tranche.ErrUnknownParty] unless id is a
// party of the result.
func (idx *ledgerIndex) has(id tranche.PartyID) error {
	if _, ok := idx.pos[id]; !ok {
		return fmt.Errorf("%w %q", tranche.ErrUnknownParty, id)
	}
	return nil
}
