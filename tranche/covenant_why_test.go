package tranche

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"
)

// oldWhy is Covenant.why as it was before it wrote the detail in one
// buffer: the oracle of TestCovenant_WhyAsBefore.
func oldWhy(c *Covenant, st CovenantState, lowDSCR, highLTV bool) string {
	var why []string
	if lowDSCR {
		why = append(why, fmt.Sprintf("DSCR %s below %s", st.dscr.fixed(2), c.MinDSCR.StringFixed(2)))
	}
	if highLTV {
		why = append(why, fmt.Sprintf("LTV %s above %s", st.ltv.fixed(4), c.MaxLTV.StringFixed(4)))
	}
	return strings.Join(why, "; ")
}

// TestCovenant_WhyAsBefore: a breach's detail is the one the old code
// wrote, for random ratios and limits of every exponent (and limits beyond
// int64), made by NewCovenant or not, both tests or one.
func TestCovenant_WhyAsBefore(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 14))
	ratio := func() money {
		if rng.IntN(5) == 0 {
			return moneyOf(decimal.New(rng.Int64N(1e6), int32(rng.IntN(9))-6))
		}
		return money{c: rng.Int64N(3e6) - 1e5, e: -CovenantRatioPlaces}
	}
	limit := func() decimal.Decimal {
		if rng.IntN(8) == 0 {
			return decimal.RequireFromString("123456789012345678901234.5678")
		}
		return decimal.New(rng.Int64N(1e5), -int32(rng.IntN(7)))
	}
	for i := range 20000 {
		c := &Covenant{Name: "dscr", MinDSCR: limit(), MaxLTV: limit()}
		if rng.IntN(2) == 0 {
			c.minDSCR, c.maxLTV = newDecMoney(c.MinDSCR), newDecMoney(c.MaxLTV)
		}
		st := CovenantState{dscr: ratio(), ltv: ratio()}
		low, high := rng.IntN(2) == 0, rng.IntN(2) == 0
		require.Equal(t, oldWhy(c, st, low, high), c.why(st, low, high), "case %d", i)
	}
}
