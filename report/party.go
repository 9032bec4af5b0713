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

// ledgerIndex is the position of each party in a result's Parties.
type ledgerIndex map[tranche.PartyID]int

// indexOf checks res and returns the position of each of its parties.
// It returns an error for a nil result and, wrapping
// [tranche.ErrInvariant], for a payment or contribution to or from a
// party that is not in the result.
func indexOf(res *waterfall.Result) (ledgerIndex, error) {
	if res == nil {
		return nil, errNilResult
	}
	idx := make(ledgerIndex, len(res.Parties))
	for i, t := range res.Parties {
		idx[t.Party] = i
	}
	for i, p := range res.Payments {
		if _, ok := idx[p.Party]; !ok {
			return nil, fmt.Errorf("payments[%d] to %q, not a party of the result: %w", i, p.Party, tranche.ErrInvariant)
		}
		if _, ok := idx[p.From]; !ok && p.From != "" {
			return nil, fmt.Errorf("payments[%d] from %q, not a party of the result: %w", i, p.From, tranche.ErrInvariant)
		}
	}
	for i, c := range res.Contributions {
		if _, ok := idx[c.Party]; !ok {
			return nil, fmt.Errorf("contributions[%d] by %q, not a party of the result: %w", i, c.Party, tranche.ErrInvariant)
		}
	}
	return idx, nil
}

// has returns an error wrapping [tranche.ErrUnknownParty] unless id is a
// party of the result.
func (idx ledgerIndex) has(id tranche.PartyID) error {
	if _, ok := idx[id]; !ok {
		return fmt.Errorf("%w %q", tranche.ErrUnknownParty, id)
	}
	return nil
}
