package tranche

import (
	"testing"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"
)

// TestBook_RecordCapacity: a book's first event makes room for
// firstEvents, so a run that records one most periods does not copy its
// events at 1, 2, 4, 8 and 16; a trial that undoes every event keeps the
// room, and the book still reads as one that recorded none (nil), as a
// clone of it does.
func TestBook_RecordCapacity(t *testing.T) {
	b, err := NewBook(2, []Party{{ID: "LP", Commitment: decimal.NewFromInt(1000)}})
	require.NoError(t, err)
	require.Nil(t, b.Events())
	m := b.begin()
	b.Record(Event{Tranche: "loan", Kind: "default"})
	require.Len(t, b.Events(), 1)
	require.Equal(t, firstEvents, cap(b.events))
	b.undo(m)
	require.Nil(t, b.Events(), "undone")
	require.Equal(t, firstEvents, cap(b.events), "undone")
	require.Nil(t, b.Clone().Events(), "clone")
	for i := range firstEvents + 1 {
		b.Record(Event{Tranche: "loan", Kind: "default", Detail: string(rune('a' + i))})
	}
	require.Len(t, b.Events(), firstEvents+1)
	for i, e := range b.Events() {
		require.Equal(t, string(rune('a'+i)), e.Detail)
	}
}
