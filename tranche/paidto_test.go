package tranche

import (
	"math"
	"math/big"
	"testing"

	"pgregory.net/rapid"
)

// TestPaidTotals_AsUnits adds random amounts, some past int64 and some
// negative, to what a tranche paid random parties over random periods,
// and checks paidTotals against a plain record in units (in all, and the
// period's with its period) after every step; half of the steps run in
// a trial, which undo must take back exactly.
func TestPaidTotals_AsUnits(t *testing.T) {
	huge := new(big.Int).Lsh(big.NewInt(1), 70)
	rapid.Check(t, func(rt *rapid.T) {
		n := rapid.IntRange(1, 4).Draw(rt, "parties")
		ps := make([]Party, n)
		for i := range ps {
			ps[i] = Party{ID: PartyID(rune('A' + i))}
		}
		b, err := NewBook(2, ps)
		if err != nil {
			rt.Fatalf("%v", err)
		}
		pt := b.totals("t")
		type rec struct {
			to, now units
			at      int32
		}
		want := make([]rec, n)
		at := int32(1)
		check := func() {
			for i, w := range want {
				if got := pt.toU(i); got.cmp(w.to) != 0 || !got.small() && w.to.small() {
					rt.Fatalf("party %d paid %v in all, want %v", i, got, w.to)
				}
				wantNow := units{}
				if w.at == at {
					wantNow = w.now
				}
				if got := pt.nowU(i, at); got.cmp(wantNow) != 0 {
					rt.Fatalf("party %d paid %v in period %d, want %v", i, got, at, wantNow)
				}
			}
		}
		amount := rapid.Custom(func(rt *rapid.T) units {
			switch rapid.IntRange(0, 4).Draw(rt, "size") {
			case 0:
				return units{n: math.MaxInt64 - rapid.Int64Range(0, 3).Draw(rt, "below max")}
			case 1:
				return units{b: new(big.Int).Neg(huge)}
			case 2:
				return units{b: huge}
			}
			return units{n: rapid.Int64Range(-100, 100).Draw(rt, "small")}
		})
		for range rapid.IntRange(1, 30).Draw(rt, "steps") {
			if rapid.Bool().Draw(rt, "next period") {
				at++
			}
			trial := rapid.Bool().Draw(rt, "trial")
			var m trialMark
			saved := append([]rec(nil), want...)
			if trial {
				m = b.begin()
			}
			for range rapid.IntRange(1, 3).Draw(rt, "payments") {
				i := rapid.IntRange(0, n-1).Draw(rt, "party")
				u := amount.Draw(rt, "amount")
				b.savePaid(pt, i)
				pt.add(i, u, at)
				w := &want[i]
				if w.at != at {
					w.now, w.at = units{}, at
				}
				w.to, w.now = w.to.add(u), w.now.add(u)
				check()
			}
			if trial {
				b.undo(m)
				copy(want, saved)
				check()
			}
		}
	})
}
