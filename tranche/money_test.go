package tranche

import (
	"math"
	"math/big"
	"math/rand/v2"
	"testing"

	"github.com/jvwaterfall/jvwaterfall/contract"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"
)

// randDec is a random decimal: a coefficient of 0 to 25 digits, some at
// the edges of int64, either sign, and an exponent from −10 to 5; or
// decimal.Zero.
func randDec(rng *rand.Rand) decimal.Decimal {
	var c *big.Int
	switch rng.IntN(8) {
	case 0:
		return decimal.Zero
	case 1: // at the edges of int64
		c = big.NewInt(math.MaxInt64 - rng.Int64N(3))
	case 2:
		c = big.NewInt(math.MinInt64 + rng.Int64N(3))
	case 3: // beyond int64
		c = new(big.Int).Mul(big.NewInt(rng.Int64()), big.NewInt(rng.Int64N(1_000_000)+2))
	default:
		c = big.NewInt(rng.Int64N(pow10[rng.IntN(18)+1]))
	}
	if rng.IntN(2) == 0 {
		c.Neg(c)
	}
	return decimal.NewFromBigInt(c, int32(rng.IntN(31))-20)
}

// rescaled is d written with k more places: the same value, another
// exponent.
func rescaled(d decimal.Decimal, k int32) decimal.Decimal {
	c := new(big.Int).Mul(d.Coefficient(), new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(k)), nil))
	return decimal.NewFromBigInt(c, d.Exponent()-k)
}

// TestMoney_MatchesDecimal: money's operations give the decimal
// operations' results, value and exponent, on 200,000 random pairs, at
// and beyond the edges of int64.
func TestMoney_MatchesDecimal(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 12))
	for range 200_000 {
		a, b := randDec(rng), randDec(rng)
		if rng.IntN(4) == 0 { // the same value at another exponent: Min and Max pick by position
			b = rescaled(a, int32(rng.IntN(3)))
			if rng.IntN(2) == 0 {
				a, b = b, a
			}
		}
		ma, mb := moneyOf(a), moneyOf(b)
		sameDec(t, a, ma.dec(), "dec")
		sameDec(t, a.Add(b), ma.add(mb).dec(), a.String()+" + "+b.String())
		sameDec(t, a.Sub(b), ma.sub(mb).dec(), a.String()+" − "+b.String())
		require.Equal(t, a.Cmp(b), ma.cmp(mb), "%s cmp %s", a, b)
		require.Equal(t, a.Sign(), ma.sign(), "sign %s", a)
		sameDec(t, decimal.Min(a, b), minMoney(ma, mb).dec(), "min")
		sameDec(t, decimal.Max(a, b), maxMoney(ma, mb).dec(), "max")
		if !b.IsZero() {
			sameDec(t, a.DivRound(b, CovenantRatioPlaces), quo(ma, mb, CovenantRatioPlaces).dec(), a.String()+" / "+b.String())
		}
		places := int32(rng.IntN(10))
		require.Equal(t, a.StringFixed(places), ma.fixed(places), "%s fixed to %d places", a, places)
		if x := moneyOf(decimal.New(ma.c, -places)); ma.d == nil {
			require.Equal(t, x.dec().StringFixed(places), x.fixed(places), "%d fixed to %d places", ma.c, places)
		}
		scale := int32(rng.IntN(9))
		u, ok := toUnits(a, scale)
		n, okM := ma.units(scale)
		require.Equal(t, ok && u.small(), okM, "%s units at %d", a, scale)
		if okM {
			require.Equal(t, u.n, n, "%s units at %d", a, scale)
		}
	}
}

// TestMoney_Edges: the integer paths' limits, each where the int64 path
// must give way to the decimal one: a quotient of exactly 2^63 (2^62 ×
// 10 / 5, which fits no int64), a half that rounds it up there, a rescale
// by 10^19 (beyond pow10), a product of exactly 2^63, MinInt64, and a
// quotient of 2^64 − 1 rounded up (which wraps a uint64 to 0).
func TestMoney_Edges(t *testing.T) {
	two62 := decimal.New(1<<62, -5)
	cases := []struct{ a, b decimal.Decimal }{
		{two62, decimal.New(5, 0)},                           // quo: 2^62·10/5 = 2^63
		{decimal.New(math.MaxInt64, -6), decimal.New(1, 0)},  // quo: MaxInt64 exactly
		{decimal.New(math.MaxInt64, -5), decimal.New(10, 0)}, // quo: MaxInt64·10/10
		{decimal.New(-1<<63, -6), decimal.New(1, 0)},         // MinInt64
		{decimal.New(-1<<63, 0), decimal.New(-1, 0)},         // MinInt64 / −1
		{decimal.New(1, 19), decimal.New(1, 0)},              // rescale by 10^19
		{decimal.New(1, 18), decimal.New(1, 0)},              // by 10^18
		{decimal.New(922337203685477581, 1), decimal.New(0, 0)},
		{decimal.New(1<<62, 0), decimal.New(1<<62, 0)}, // sum 2^63
		{decimal.New(-1<<62, 0), decimal.New(1<<62, 0)},
		{decimal.New(3, -25), decimal.New(7, 0)},
		{decimal.New(3504881374004814807, -4), decimal.New(19, 0)}, // quo at 6 places: x·100/19 = 2^64 − 1 + 15/19, whose rounding wraps 64 bits
		{decimal.New(422430439287948732, -2), decimal.New(229, 0)}, // the same with an 18-digit x, held in c: x·10^4/229 = 2^64 − 1 + 165/229
		{decimal.New(239807672958224171, -3), decimal.New(26, 0)},  // quo at 6 places: x·10^3/26 rounds to 2^63, which fits no int64
		{decimal.New(15, -7), decimal.New(10, 0)},                  // a tie at the 6th place
		{decimal.New(-15, -7), decimal.New(10, 0)},
	}
	for _, c := range cases {
		for _, p := range [][2]decimal.Decimal{{c.a, c.b}, {c.b, c.a}} {
			a, b := p[0], p[1]
			ma, mb := moneyOf(a), moneyOf(b)
			sameDec(t, a.Add(b), ma.add(mb).dec(), a.String()+" + "+b.String())
			sameDec(t, a.Sub(b), ma.sub(mb).dec(), a.String()+" − "+b.String())
			require.Equal(t, a.Cmp(b), ma.cmp(mb), "%s cmp %s", a, b)
			if !b.IsZero() {
				for places := int32(0); places <= 7; places++ {
					sameDec(t, a.DivRound(b, places), quo(ma, mb, places).dec(), a.String()+" / "+b.String())
				}
			}
			for scale := int32(0); scale <= 8; scale++ {
				u, ok := toUnits(a, scale)
				n, okM := ma.units(scale)
				require.Equal(t, ok && u.small(), okM, "%s units at %d", a, scale)
				if okM {
					require.Equal(t, u.n, n)
				}
			}
		}
	}
}

// TestMoney_MinInt64: a sum can make the coefficient −2^63 (moneyOf
// never does: it has 19 digits), whose negation overflows; subtracting it
// takes the decimal way.
func TestMoney_MinInt64(t *testing.T) {
	a, b := decimal.New(-922337203685477580, 1), decimal.New(-8, 0)
	m := moneyOf(a).add(moneyOf(b))
	require.Nil(t, m.d)
	require.Equal(t, int64(-1<<63), m.c)
	for _, x := range []decimal.Decimal{decimal.New(1, 0), decimal.New(0, 0), decimal.New(-1, 0), decimal.New(5, -3)} {
		sameDec(t, x.Sub(a.Add(b)), moneyOf(x).sub(m).dec(), x.String()+" − MinInt64")
		sameDec(t, a.Add(b).Sub(x), m.sub(moneyOf(x)).dec(), "MinInt64 − "+x.String())
		require.Equal(t, x.Cmp(a.Add(b)), moneyOf(x).cmp(m))
	}
}

// TestMoney_ZeroFee: a zero principal's prepayment fee, worked out with
// no decimal, is the decimal formula's (principal × fee rounded to the
// scale), and so is a non-zero one's: zero at exponent −scale, whatever
// the exponents of the principal and the fee.
func TestMoney_ZeroFee(t *testing.T) {
	ps := quarters(4)
	for _, f := range []string{"0", "0.02", "0.0125", "1"} {
		for scale := int32(0); scale <= 8; scale++ {
			l := contract.Loan{Commitment: decimal.New(100, 0), Draws: []contract.Flow{{Date: ps[0].End, Amount: decimal.New(100, 0)}},
				Rate: contract.Rate{Annual: decimal.New(5, -2)}, PrepaymentFee: decimal.RequireFromString(f)}
			plan, err := l.Plan(ps, scale)
			require.NoError(t, err)
			debt, b := &Debt{Plan: plan}, &Book{scale: scale}
			for _, x := range []decimal.Decimal{decimal.Zero, decimal.New(0, -2), decimal.New(0, -9), decimal.New(0, 3), decimal.New(12345, -2), decimal.New(7, 1)} {
				want := x.Mul(l.PrepaymentFee).Round(scale)
				sameDec(t, want, debt.prepaymentFee(b, moneyOf(x)).dec(), "fee of "+x.String())
			}
		}
	}
}

// TestCovenant_RatioBoundary: the covenant's tests in integers — the
// ratio rounded to CovenantRatioPlaces by quo, compared by cmp — decide
// as the decimal definition (DivRound, then LessThan the minimum DSCR or
// GreaterThan the maximum LTV) at the boundary and one minor unit either
// side: for random service or asset values and limits of 1 to 8 places,
// the smallest cash whose rounded ratio reaches the limit, the largest
// whose ratio does not pass it, and their neighbours.
func TestCovenant_RatioBoundary(t *testing.T) {
	rng := rand.New(rand.NewPCG(6, 5))
	half := decimal.New(5, -CovenantRatioPlaces-1)
	at := 0
	for range 20_000 {
		den := decimal.New(rng.Int64N(1_000_000_000_000)+1, -2)
		limit := decimal.New(rng.Int64N(300_000_000)+1, -int32(rng.IntN(8)+1))
		// The ratio rounds to at least limit from (limit − half) × den on,
		// and to at most limit up to (limit + half) × den.
		lo := limit.Sub(half).Mul(den).RoundCeil(2)
		hi := limit.Add(half).Mul(den).RoundFloor(2)
		for _, base := range []decimal.Decimal{lo, hi, limit.Mul(den).Round(2)} {
			for k := int64(-1); k <= 1; k++ {
				num := base.Add(decimal.New(k, -2))
				if num.Sign() < 0 {
					continue
				}
				r := num.DivRound(den, CovenantRatioPlaces)
				if r.Equal(limit) {
					at++
				}
				q := quo(moneyOf(num), moneyOf(den), CovenantRatioPlaces)
				sameDec(t, r, q.dec(), num.String()+" / "+den.String())
				require.Equal(t, r.LessThan(limit), q.cmp(moneyOf(limit)) < 0, "DSCR %s / %s against %s", num, den, limit)
				require.Equal(t, r.GreaterThan(limit), q.cmp(moneyOf(limit)) > 0, "LTV %s / %s against %s", num, den, limit)
			}
		}
	}
	require.Greater(t, at, 10_000, "ratios exactly at the limit")
}
