package tranche

import (
	"fmt"
	"math"
	"slices"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/jvwaterfall/jvwaterfall/contract"
	"github.com/jvwaterfall/jvwaterfall/internal/alloc"
	"github.com/shopspring/decimal"
	"pgregory.net/rapid"
)

// callOld is Book.Call's int64 path as it was before contributeMany, word
// for word: the oracle of TestCall_ContributeManyAsBefore.
func callOld(b *Book, amount decimal.Decimal, parties []PartyID) error {
	idx, err := b.indexes(parties)
	if err != nil {
		return err
	}
	if amount.IsZero() {
		return nil
	}
	u, ok := toUnits(amount, b.scale)
	if !ok || !u.small() || b.weights == nil {
		return fmt.Errorf("not the int64 path")
	}
	n := len(idx)
	b.buf2 = slices.Grow(b.buf2[:0], 2*n)[:2*n]
	w, parts := b.buf2[:n], b.buf2[n:]
	for j, i := range idx {
		w[j] = b.weights[i]
	}
	if !b.split.SplitInt64(u.n, w, parts) {
		return alloc.ErrZeroWeights
	}
	for j, i := range idx {
		if parts[j] > 0 {
			b.contribute(i, units{n: parts[j]}, decimal.Decimal{})
		}
	}
	return nil
}

// bookView is what a caller can read of a book's contributions: every
// account, every party's movements, and the contributions.
func bookView(t interface{ Fatalf(string, ...any) }, b *Book) []any {
	var v []any
	for _, id := range b.Parties() {
		a, err := b.Account(id)
		if err != nil {
			t.Fatalf("%v", err)
		}
		m, err := b.Movements(id)
		if err != nil {
			t.Fatalf("%v", err)
		}
		v = append(v, a, m)
	}
	return append(v, slices.Collect(b.Contributions().Values()))
}

// TestCall_ContributeManyAsBefore: a capital call books what it booked
// before contributeMany, on books whose parties have taken contributions
// near and past an int64 of minor units (some accounts wide, some moves
// about to overflow), on the date of those contributions or a later one,
// in a trial and out of one, in any order of the parties, and a trial's
// call undone leaves the book as it was.
func TestCall_ContributeManyAsBefore(t *testing.T) {
	jan := time.Date(2021, 1, 31, 0, 0, 0, 0, time.UTC)
	rapid.Check(t, func(rt *rapid.T) {
		n := rapid.IntRange(1, 10).Draw(rt, "parties")
		ps := make([]Party, n)
		ids := make([]PartyID, n)
		for i := range ps {
			ids[i] = PartyID(fmt.Sprintf("P%d", i))
			ps[i] = Party{ID: ids[i], Commitment: decimal.NewFromInt(rapid.Int64Range(0, 5).Draw(rt, "commitment"))}
		}
		ps[rapid.IntRange(0, n-1).Draw(rt, "committed")].Commitment = decimal.NewFromInt(1)
		b, err := NewBook(2, ps)
		if err != nil {
			rt.Fatalf("%v", err)
		}
		if err := b.Advance(contract.Period{Index: 0, Start: jan.AddDate(0, -1, 0), End: jan}); err != nil {
			rt.Fatalf("%v", err)
		}
		for i := range n {
			switch rapid.IntRange(0, 3).Draw(rt, "before") {
			case 1: // an account and a move near the int64 limit
				if err := b.Contribute(ids[i], decimal.New(math.MaxInt64-rapid.Int64Range(0, 100).Draw(rt, "gap"), -2)); err != nil {
					rt.Fatalf("%v", err)
				}
			case 2: // a wide account
				if err := b.Contribute(ids[i], decimal.New(math.MaxInt64, -2).Mul(decimal.NewFromInt(3))); err != nil {
					rt.Fatalf("%v", err)
				}
			case 3:
				if err := b.Contribute(ids[i], decimal.New(rapid.Int64Range(1, 1000).Draw(rt, "small"), -2)); err != nil {
					rt.Fatalf("%v", err)
				}
			}
		}
		if rapid.Bool().Draw(rt, "next period") { // today's moves zero, the accounts as they were
			if err := b.Advance(contract.Period{Index: 1, Start: jan, End: jan.AddDate(0, 1, 0)}); err != nil {
				rt.Fatalf("%v", err)
			}
		}
		order := rapid.Permutation(ids).Draw(rt, "order")
		order = order[:rapid.IntRange(1, n).Draw(rt, "called")]
		amount := decimal.New(rapid.OneOf(rapid.Int64Range(0, 1000), rapid.Int64Range(0, math.MaxInt64/2)).Draw(rt, "amount"), -2)
		trial := rapid.Bool().Draw(rt, "trial")
		got, want := b.Clone(), b.Clone()
		before := bookView(rt, b)
		var mg, mw trialMark
		if trial {
			mg, mw = got.begin(), want.begin()
		}
		errGot, errWant := got.Call(amount, order), callOld(want, amount, order)
		if (errGot == nil) != (errWant == nil) {
			rt.Fatalf("Call: %v, before: %v", errGot, errWant)
		}
		if diff := cmp.Diff(bookView(rt, want), bookView(rt, got)); diff != "" {
			rt.Fatalf("Call books differently (-before +now):\n%s", diff)
		}
		if trial {
			got.undo(mg)
			want.undo(mw)
			if diff := cmp.Diff(before, bookView(rt, got)); diff != "" {
				rt.Fatalf("an undone call leaves (-before +after):\n%s", diff)
			}
		}
	})
}
