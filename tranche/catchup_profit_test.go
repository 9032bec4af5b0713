package tranche

import (
	"fmt"
	"math"
	"slices"
	"testing"

	"github.com/shopspring/decimal"
	"pgregory.net/rapid"
)

// booksParties is a book of n parties P0, P1, … with no commitment, and
// their IDs.
func booksParties(rt *rapid.T, n int) (*Book, []PartyID) {
	ps := make([]Party, n)
	ids := make([]PartyID, n)
	for i := range ps {
		ids[i] = PartyID(fmt.Sprintf("P%d", i))
		ps[i] = Party{ID: ids[i]}
	}
	b, err := NewBook(2, ps)
	if err != nil {
		rt.Fatalf("%v", err)
	}
	return b, ids
}

// TestBook_CoversAll: a list and a party cover the book when, as sets,
// they are every party and the list names none twice; the answer is the
// same asked again (from the memo) and from a clone.
func TestBook_CoversAll(t *testing.T) {
	rapid.Check(t, func(rt *rapid.T) {
		n := rapid.IntRange(1, 5).Draw(rt, "parties")
		b, ids := booksParties(rt, n)
		list := rapid.SliceOfN(rapid.SampledFrom(ids), 1, n+2).Draw(rt, "list")
		also := rapid.IntRange(0, n-1).Draw(rt, "also")
		set := map[int]int{also: 0}
		twice := false
		idx := make([]int, len(list))
		for j, id := range list {
			idx[j], _ = b.lookup(id)
			set[idx[j]]++
			twice = twice || set[idx[j]] > 1
		}
		// The book refuses a list that names a party twice; coversAll,
		// given one, says it does not cover.
		if got, err := b.indexes(list); twice != (err != nil) || !twice && !slices.Equal(got, idx) {
			rt.Fatalf("indexes(%v) = %v, %v", list, got, err)
		}
		want := !twice && len(set) == n
		if got := b.coversAll(list, idx, also); got != want {
			rt.Fatalf("coversAll(%v, %d) = %v, want %v", list, also, got, want)
		}
		if got := b.coversAll(list, idx, also); got != want {
			rt.Fatalf("asked again: %v, want %v", got, want)
		}
		if got := b.Clone().coversAll(list, idx, also); got != want {
			rt.Fatalf("from a clone: %v, want %v", got, want)
		}
		if got := b.coversAll(nil, nil, also); got {
			rt.Fatalf("no list covers the book")
		}
	})
}

// TestCatchUp_ProfitAsBefore: the profit a catch-up counts is the sum it
// was, account by account in units, on accounts in int64 near its limits
// (their sum past it), wide accounts, and a sponsor among the investors
// or not.
func TestCatchUp_ProfitAsBefore(t *testing.T) {
	rapid.Check(t, func(rt *rapid.T) {
		n := rapid.IntRange(2, 6).Draw(rt, "parties")
		b, ids := booksParties(rt, n)
		amount := rapid.OneOf(rapid.Int64Range(0, 1000), rapid.Int64Range(math.MaxInt64-1000, math.MaxInt64))
		for i := range b.acc {
			a := &b.acc[i]
			a.capReturned = amount.Draw(rt, "capital")
			a.distributed = a.capReturned + rapid.Int64Range(0, math.MaxInt64-a.capReturned).Draw(rt, "profit")
			if rapid.IntRange(0, 4).Draw(rt, "wide") == 0 {
				w := b.widened(i)
				w.distributed = w.distributed.add(units{n: math.MaxInt64})
				a.wide = &w
			}
		}
		// The book's totals, as payments would have left them: what every
		// party was paid, and of it capital (P when the list is everyone).
		b.posted, b.paidKind[KindCapital] = units{}, units{}
		for i := range b.acc {
			b.posted = b.posted.add(b.acc[i].dist())
			b.paidKind[KindCapital] = b.paidKind[KindCapital].add(b.acc[i].capRet())
		}
		invs := rapid.SliceOfNDistinct(rapid.SampledFrom(ids), 1, n, func(p PartyID) PartyID { return p }).Draw(rt, "investors")
		c := &CatchUp{Name: "cu", Investors: invs, Sponsor: rapid.SampledFrom(ids).Draw(rt, "sponsor"), Target: decimal.RequireFromString("0.2"), Rate: decimal.NewFromInt(1)}
		p, g, s, err := c.profit(b)
		if err != nil {
			rt.Fatalf("%v", err)
		}
		want := units{}
		counted := false
		for _, id := range invs {
			i, _ := b.lookup(id)
			want = want.add(b.acc[i].profit())
			counted = counted || i == s
		}
		if !counted {
			want = want.add(b.acc[s].profit())
		}
		if !p.eq(want) {
			rt.Fatalf("profit %v, want %v", p, want)
		}
		if wg := b.kindU(s, KindCatchUp).add(b.kindU(s, KindPromote)); !g.eq(wg) {
			rt.Fatalf("sponsor's %v, want %v", g, wg)
		}
	})
}
