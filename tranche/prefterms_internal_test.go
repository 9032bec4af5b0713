package tranche

import (
	"testing"

	"github.com/jvwaterfall/jvwaterfall/contract"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"
)

// TestPrefOnContributed_UnknownParty: prefOnContributed looks each party
// up itself and fails on one the book does not know. Owed and Pay look
// the parties up first (Book.indexes), so through them the lookup fails
// only when the terms change during a run, which they must not; it is
// called here directly, with the book's LP and a stranger.
func TestPrefOnContributed_UnknownParty(t *testing.T) {
	b, err := NewBook(2, []Party{{ID: "LP"}})
	require.NoError(t, err)
	require.NoError(t, b.Advance(contract.Period{End: contract.Date(2024, 1, 1)}))
	require.NoError(t, b.Contribute("LP", decimal.NewFromInt(100)))
	p := &PreferredReturn{Name: "pref", Parties: []PartyID{"LP", "STRANGER"}, Base: OnContributed,
		Rate: contract.Rate{Annual: decimal.RequireFromString("0.08"), Compounding: contract.Annual, DayCount: contract.Thirty360US}}
	out, err := p.prefOnContributed(b, false)
	require.ErrorIs(t, err, ErrUnknownParty)
	require.ErrorContains(t, err, `"STRANGER"`)
	require.Nil(t, out)
}
