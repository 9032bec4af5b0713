package tranche

import (
	"sync"
	"testing"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"
)

// TestStateMemo_AsMap: a book's State, read through its memo, is always
// what its map of states holds, over random writes, reads, nested trials
// undone and clones (each written after; a clone copies a *CovenantState), with IDs that share memo slots.
func TestStateMemo_AsMap(t *testing.T) {
	ids := []TrancheID{"", "a", "e", "senior", "dscr", "dsra", "pref", "ab", "ba", "loan-1", "loan-5"}
	rapid.Check(t, func(rt *rapid.T) {
		b, err := NewBook(2, []Party{{ID: "LP", Commitment: decimal.NewFromInt(100)}})
		require.NoError(rt, err)
		books := []*Book{b}
		var marks []trialMark // open trials of books[0]
		for step := range rapid.IntRange(1, 60).Draw(rt, "steps") {
			k := rapid.IntRange(0, len(books)-1).Draw(rt, "book")
			bk := books[k]
			id := rapid.SampledFrom(ids).Draw(rt, "id")
			switch rapid.IntRange(0, 5).Draw(rt, "op") {
			case 0:
				bk.SetState(id, step)
			case 1: // a state a clone copies
				bk.SetState(id, &CovenantState{})
			case 2:
				if k == 0 {
					marks = append(marks, bk.begin())
				}
			case 3:
				if k == 0 && len(marks) > 0 {
					bk.undo(marks[len(marks)-1])
					marks = marks[:len(marks)-1]
				}
			case 4:
				if len(marks) == 0 { // a book is cloned outside trials
					books = append(books, bk.Clone())
				}
			}
			for _, x := range books { // every ID, read twice: from the map, then from the memo
				for _, id := range ids {
					for range 2 {
						require.True(rt, x.states[id] == x.State(id), "%q after step %d", id, step) // the same value, or the same pointer
					}
				}
			}
		}
	})
}

// TestStateMemo_ReadsWriteNothing: reading states writes nothing to the
// book, so a finished run's book may be read from many goroutines at once
// (Result.Loan does), even for IDs that share a memo slot ("A" and "E")
// and for IDs the memo does not hold (run with -race).
func TestStateMemo_ReadsWriteNothing(t *testing.T) {
	b, err := NewBook(2, []Party{{ID: "LP"}})
	require.NoError(t, err)
	require.Equal(t, memoSlot("A"), memoSlot("E"))
	a, e := &CovenantState{}, &CovenantState{}
	b.SetState("A", a)
	b.SetState("E", e) // replaces A in the slot
	b.memo = stateMemo{}
	before := b.memo
	var wg sync.WaitGroup
	for _, want := range []struct {
		id TrancheID
		v  any
	}{{"A", a}, {"E", e}, {"A", a}, {"E", e}} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 1000 {
				if b.State(want.id) != want.v {
					t.Errorf("State(%q) is not its state", want.id)
					return
				}
			}
		}()
	}
	wg.Wait()
	require.Equal(t, before, b.memo, "a read filled the memo")
}
