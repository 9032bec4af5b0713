package tranche_test

import (
	"fmt"
	"math/big"
	"math/rand/v2"
	"testing"

	"github.com/jvwaterfall/jvwaterfall/internal/oracle"
	"github.com/jvwaterfall/jvwaterfall/tranche"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"
)

// lrSplit splits x minor units by integer weights summing to den by
// largest remainder, the ties to the first-listed share: written here
// from the rule, independently of the library (and checked against
// oracle.Apportion on a sample).
func lrSplit(x int64, w []int64, den int64, out []int64) {
	left := x
	for i, wi := range w {
		out[i] = x * wi / den
		left -= out[i]
	}
	extra := make([]bool, len(w)) // each share gets at most one unit more
	for ; left > 0; left-- {
		best, bestRem := -1, int64(0)
		for i, wi := range w {
			if r := x * wi % den; !extra[i] && r > 0 && (best < 0 || r > bestRem) {
				best, bestRem = i, r
			}
		}
		extra[best] = true
		out[best]++
	}
}

// TestHurdle_LeastByBruteForce: for many random 1× multiple tiers of 3
// to 5 single-party shares (weights k/1000, k ≥ 50, at least two
// investors and a promote), each investor requiring what it put in (a
// few cents to a few dollars), the tier is the LEAST whole number of
// cents whose largest-remainder split gives every investor its
// requirement, found here by trying every cent from 0 up. With three or
// more shares the split is not monotone in the amount (the first of
// these tiers, weights 408/98/494 owing 457 and 216 cents: 2,199 pays,
// 2,200 does not, 2,201 does), so a search that stops where one cent
// less fails could miss it; the library must not.
//
// Each tier runs twice: as is (the int64 search), and with a bystander
// in the book whose commitment does not fit in int64, so that the book
// has no integer weights and the same search runs in decimal
// (Hurdle.least's fallback): both must find the brute force's least.
func TestHurdle_LeastByBruteForce(t *testing.T) {
	for _, path := range []string{"int64", "decimal"} {
		t.Run(path, func(t *testing.T) { leastByBruteForce(t, path == "decimal") })
	}
}

// bystander is a party of no tier whose commitment, 10^19, does not fit
// in int64: a book holding it splits in decimal.
var bystander = tranche.Party{ID: "BYSTANDER", Commitment: decimal.New(1, 19)}

func leastByBruteForce(t *testing.T, inDecimal bool) {
	ps := annualPeriods(2)
	rng := rand.New(rand.NewPCG(18, 444))
	const den = 1000
	nonMonotone := 0
	for c := range 300 {
		n := 3 + rng.IntN(3)
		w := make([]int64, n)
		left := int64(den)
		for i := range n - 1 {
			hi := left - int64(n-1-i)*50
			w[i] = 50 + rng.Int64N(hi-50+1)
			if w[i] > 600 {
				w[i] = 50 + rng.Int64N(551)
			}
			left -= w[i]
		}
		w[n-1] = left
		require.GreaterOrEqual(t, w[n-1], int64(50))
		nInv := 2 + rng.IntN(n-1) // 2..n investors; the rest are promotes
		if nInv == n {
			nInv = n - 1
		}
		req := make([]int64, nInv)
		var shares []tranche.Share
		var parties []tranche.Party
		var investors []tranche.PartyID
		rats := make([]*big.Rat, n)
		for i := range n {
			rats[i] = big.NewRat(w[i], den)
			id := tranche.PartyID(fmt.Sprintf("P%d", i))
			wd := decimal.New(w[i], -3)
			if i < nInv {
				req[i] = 1 + rng.Int64N(500)
				investors = append(investors, id)
				parties = append(parties, tranche.Party{ID: id, Commitment: decimal.NewFromInt(1)})
				shares = append(shares, tranche.Share{Parties: ids(id), Weight: wd})
			} else {
				parties = append(parties, tranche.Party{ID: id})
				shares = append(shares, tranche.Share{Parties: ids(id), Weight: wd, Promote: true})
			}
		}
		parts := make([]int64, n)
		ok := func(x int64) bool {
			lrSplit(x, w, den, parts)
			for i, r := range req {
				if parts[i] < r {
					return false
				}
			}
			return true
		}
		if c < 20 { // the split written here is the oracle's
			for x := int64(0); x < 3000; x += 7 {
				lrSplit(x, w, den, parts)
				require.Equal(t, oracle.Apportion(x, rats), parts, "split of %d by %v", x, w)
			}
		}
		want := int64(0)
		for !ok(want) {
			want++
		}
		for x := want + 1; x < want+200; x++ {
			if !ok(x) {
				nonMonotone++ // an amount above the least that does not pay
				break
			}
		}
		h := tranche.Must(tranche.NewHurdle(tranche.Hurdle{Name: "tier", Investors: investors, Multiple: d("1"), Shares: shares}))
		if inDecimal {
			parties = append(parties, bystander)
		}
		l := newDriver(t, parties...)
		l.advance(ps[0])
		for i, r := range req {
			l.put(investors[i], decimal.New(r, -2).String())
		}
		l.advance(ps[1])
		got := l.owed(h).Amount
		require.Truef(t, decimal.New(want, -2).Equal(got), "case %d: weights %v/1000, %d investors requiring %v cents: least %d cents, library %s",
			c, w, nInv, req, want, got)
		_, total := l.pay(h, "100000")
		require.Truef(t, decimal.New(want, -2).Equal(total), "case %d: paid %s, want %d cents", c, total, want)
		lrSplit(want, w, den, parts)
		for i, id := range investors {
			requireDec(t, decimal.New(parts[i], -2).String(), paid(l.b, "tier", id), id)
		}
	}
	// The brute force meets non-monotone tiers: the old search, stepping
	// down while the split paid, stopped above the least in 22 of them.
	require.Greater(t, nonMonotone, 20)
}

// TestHurdle_LeastByBruteForce_classes: random tiers of 2 to 4 shares,
// some of them classes of 2 or 3 parties split by commitments (1, 2, 3, 7
// or 11: fractions such as 1/7, 3/11 and 7/10 that repeat), with
// investors inside the classes and in single-party shares and a
// single-party promote. The least tier amount is found by trying every
// cent from 0 with the two-level largest-remainder split written here
// (shares by weight, then each share's parties by commitment, each
// checked against oracle.Apportion on a sample), and the library must
// pay exactly it, and the parts of that split.
//
// Each tier runs in int64 and in decimal, as in TestHurdle_LeastByBruteForce.
func TestHurdle_LeastByBruteForce_classes(t *testing.T) {
	for _, path := range []string{"int64", "decimal"} {
		t.Run(path, func(t *testing.T) { leastByBruteForceClasses(t, path == "decimal") })
	}
}

func leastByBruteForceClasses(t *testing.T, inDecimal bool) {
	ps := annualPeriods(2)
	rng := rand.New(rand.NewPCG(7, 311))
	const den = 1000
	commits := []int64{1, 1, 2, 3, 7, 11}
	kinds := map[string]int{}
	for c := range 200 {
		n := 2 + rng.IntN(3) // shares; the last is the promote
		w := make([]int64, n)
		left := int64(den)
		for i := range n - 1 {
			w[i] = 150 + rng.Int64N(left-int64(n-i)*150+1)
			left -= w[i]
		}
		w[n-1] = left
		var shares []tranche.Share
		var parties []tranche.Party
		var investors []tranche.PartyID
		members := make([][]int, n) // each share's parties: indexes into parties
		cw := [][]int64{}           // each share's commitments
		var req []int64
		where := map[int]int{} // investor index → party index
		for s := range n {
			size := 1
			if s < n-1 {
				size = 1 + rng.IntN(3)
			}
			var pids []tranche.PartyID
			var ws []int64
			for range size {
				k := len(parties)
				id := tranche.PartyID(fmt.Sprintf("P%d", k))
				cm := commits[rng.IntN(len(commits))]
				if s == n-1 {
					cm = 0
				}
				parties = append(parties, tranche.Party{ID: id, Commitment: decimal.NewFromInt(cm)})
				pids = append(pids, id)
				ws = append(ws, cm)
				members[s] = append(members[s], k)
				if s < n-1 && (rng.IntN(3) > 0 || len(investors) == 0) {
					where[len(investors)] = k
					investors = append(investors, id)
					req = append(req, 1+rng.Int64N(300))
				}
			}
			cw = append(cw, ws)
			shares = append(shares, tranche.Share{Parties: pids, Weight: decimal.New(w[s], -3), Promote: s == n-1})
		}
		top := make([]int64, n)
		each := make([]int64, len(parties))
		split := func(x int64) {
			lrSplit(x, w, den, top)
			for s, ks := range members {
				sum := int64(0)
				for _, v := range cw[s] {
					sum += v
				}
				out := make([]int64, len(ks))
				if sum == 0 {
					ones := make([]int64, len(ks))
					for j := range ones {
						ones[j] = 1
					}
					lrSplit(top[s], ones, int64(len(ks)), out)
				} else {
					lrSplit(top[s], cw[s], sum, out)
				}
				for j, k := range ks {
					each[k] = out[j]
				}
			}
		}
		ok := func(x int64) bool {
			split(x)
			for i, r := range req {
				if each[where[i]] < r {
					return false
				}
			}
			return true
		}
		if c < 20 {
			for s, ks := range members {
				if len(ks) < 2 {
					continue
				}
				rats := make([]*big.Rat, len(ks))
				sum := int64(0)
				for _, v := range cw[s] {
					sum += v
				}
				for j, v := range cw[s] {
					rats[j] = big.NewRat(v, max(sum, 1))
				}
				out := make([]int64, len(ks))
				for a := int64(0); a < 500 && sum > 0; a += 3 {
					lrSplit(a, cw[s], sum, out)
					require.Equal(t, oracle.Apportion(a, rats), out, "split of %d by %v", a, cw[s])
				}
			}
		}
		want := int64(0)
		for !ok(want) {
			want++
		}
		for x := want + 1; x < want+500; x++ {
			if !ok(x) {
				kinds["non-monotone"]++
				break
			}
		}
		h := tranche.Must(tranche.NewHurdle(tranche.Hurdle{Name: "tier", Investors: investors, Multiple: d("1"), Shares: shares}))
		if inDecimal {
			parties = append(parties, bystander)
		}
		l := newDriver(t, parties...)
		l.advance(ps[0])
		for i, r := range req {
			l.put(investors[i], decimal.New(r, -2).String())
		}
		l.advance(ps[1])
		got := l.owed(h).Amount
		require.Truef(t, decimal.New(want, -2).Equal(got), "case %d: weights %v/1000, classes %v, investors %v requiring %v cents: least %d cents, library %s",
			c, w, cw, investors, req, want, got)
		_, total := l.pay(h, "100000")
		require.Truef(t, decimal.New(want, -2).Equal(total), "case %d: paid %s, want %d cents", c, total, want)
		split(want)
		for k, p := range parties {
			if p.ID == bystander.ID {
				continue
			}
			requireDec(t, decimal.New(each[k], -2).String(), paid(l.b, "tier", p.ID), p.ID)
		}
		if n == 2 {
			kinds["two shares"]++
		}
	}
	t.Logf("%v", kinds)
	require.Greater(t, kinds["non-monotone"], 5)
	require.Greater(t, kinds["two shares"], 20)
}
