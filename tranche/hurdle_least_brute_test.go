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
// more shares the split is not monotone in the amount, so a search that
// stops at an amount that pays while one cent less does not may miss it.
func TestHurdle_LeastByBruteForce(t *testing.T) {
	ps := annualPeriods(2)
	rng := rand.New(rand.NewPCG(18, 444))
	const den = 1000
	locallyLeast := 0
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
		h := tranche.Must(tranche.NewHurdle(tranche.Hurdle{Name: "tier", Investors: investors, Multiple: d("1"), Shares: shares}))
		l := newDriver(t, parties...)
		l.advance(ps[0])
		for i, r := range req {
			l.put(investors[i], decimal.New(r, -2).String())
		}
		l.advance(ps[1])
		got := l.owed(h).Amount
		model := documentedSearch(req, w, den, ok)
		require.Truef(t, decimal.New(model, -2).Equal(got), "case %d: weights %v/1000, %d investors requiring %v cents: documented search %d cents, library %s",
			c, w, nInv, req, model, got)
		require.GreaterOrEqual(t, model, want, "case %d: never below the least", c)
		require.True(t, ok(model) && !ok(model-1), "case %d: %d pays and a cent less does not", c, model)
		if model != want {
			locallyLeast++
		}
		want = model
		_, total := l.pay(h, "100000")
		require.Truef(t, decimal.New(want, -2).Equal(total), "case %d: paid %s, want %d cents", c, total, want)
		lrSplit(want, w, den, parts)
		for i, id := range investors {
			requireDec(t, decimal.New(parts[i], -2).String(), paid(l.b, "tier", id), id)
		}
	}
	// With these seeds 22 of the 300 tiers are only locally least (the
	// first: weights 408/98/494, requirements 457 and 216 cents: 2,199
	// pays, 2,200 does not, 2,201 does, and the search from 2,201 stops
	// there). A change of search that hid this would show here.
	require.Equal(t, 22, locallyLeast)
}

// documentedSearch is the search of docs/methods.md ("Hurdle tiers"),
// written from its text in exact integer cents with f_i = w_i/den: start
// at max_i ⌈R_i/f_i⌉; while the split does not pay, add the largest
// ⌈shortfall_i/f_i⌉ (at least a cent); then step down by 1, 2, 4, … cents
// while it still pays, and bisect between the last amount that failed and
// the last that paid.
func documentedSearch(req, w []int64, den int64, pays func(int64) bool) int64 {
	ceil := func(a, b int64) int64 { return (a + b - 1) / b }
	parts := make([]int64, len(w))
	var x int64
	for i, r := range req {
		x = max(x, ceil(r*den, w[i]))
	}
	for !pays(x) {
		lrSplit(x, w, den, parts)
		step := int64(1)
		for i, r := range req {
			if s := r - parts[i]; s > 0 {
				step = max(step, ceil(s*den, w[i]))
			}
		}
		x += step
	}
	hi, gap := x, int64(1)
	lo := hi - gap
	for lo > 0 && pays(lo) {
		hi, gap = lo, 2*gap
		lo = max(0, hi-gap)
	}
	for hi-lo > 1 {
		if mid := lo + (hi-lo)/2; mid > 0 && pays(mid) {
			hi = mid
		} else {
			lo = mid
		}
	}
	return hi
}
