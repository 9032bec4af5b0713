package tranche

import (
	"math/big"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"
)

// TestLqModel_exitAtBetweenPoints checks E(p) at prices on the points
// and between them, below the first threshold and above the last, against
// the closed form worked by hand for vc:
//
//	E(p) = 7M·p + 1M·max(0, p−0.75) + max(1M, 1M·p)
//	     + max(min(4M + 2M·p, 12M), 2M·p) + max(10M, 2M·p)
//
// (Breakpoints asks E only at its points; Distribute and ExitFor solve E
// the other way round, so this is the one place E is read between them.)
func TestLqModel_exitAtBetweenPoints(t *testing.T) {
	m, err := vc(t).model()
	require.NoError(t, err)
	mil := func(x int64) *big.Rat { return big.NewRat(x*1_000_000, 1) }
	closed := func(p *big.Rat) *big.Rat {
		e := ratMul(mil(7), p)
		e = ratAdd(e, ratMul(mil(1), ratMax(new(big.Rat), ratSub(p, rat("3/4")))))
		e = ratAdd(e, ratMax(mil(1), ratMul(mil(1), p)))
		e = ratAdd(e, ratMax(ratMin(ratAdd(mil(4), ratMul(mil(2), p)), mil(12)), ratMul(mil(2), p)))
		return ratAdd(e, ratMax(mil(10), ratMul(mil(2), p)))
	}
	for _, p := range []string{"0", "3/10", "3/4", "9/10", "1", "5/2", "4", "9/2", "5", "11/2", "6", "31/4", "100"} {
		want, got := closed(rat(p)), m.exitAt(rat(p))
		require.Zero(t, want.Cmp(got), "E(%s) = %s, want %s", p, got.RatString(), want.RatString())
	}
}

// TestRoundRatsKnown_notSummingToTotal: roundRatsKnown declines (ok
// false) amounts that do not sum to the total, at the edges of what it
// can tell: with total $1.00 and amounts 0.49 + 0.49, 98 cents are
// floored and 2 left, as many as there are amounts, which no rounding of
// amounts summing to the total leaves; with 2 + 0 more than the total is
// floored. 0.49 + 0.50 leaves 1 cent, which goes to the tied remainders'
// first amount.
func TestRoundRatsKnown_notSummingToTotal(t *testing.T) {
	total := decimal.RequireFromString("1.00")
	for _, xs := range [][]*big.Rat{{rat("0.49"), rat("0.49")}, {rat("2"), rat("0")}} {
		_, ok := roundRatsKnown(total, xs, 2)
		require.False(t, ok, "%v", xs)
	}
	parts, ok := roundRatsKnown(total, []*big.Rat{rat("0.49"), rat("0.50")}, 2)
	require.True(t, ok)
	if diff := cmp.Diff([]decimal.Decimal{decimal.RequireFromString("0.50"), decimal.RequireFromString("0.50")}, parts); diff != "" {
		t.Errorf("parts (-want +got):\n%s", diff)
	}
}
