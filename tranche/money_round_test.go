package tranche

import (
	"math/big"
	"math/rand/v2"
	"testing"

	"github.com/jvwaterfall/jvwaterfall/contract"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"
)

// randFactor is a random growth factor with its fixed point: a real one
// of a random rate and span (some below 1, from negative rates), or one
// of up to 20 places from 0 to 3, some an exact power of ten apart from 1.
func randFactor(t *testing.T, rng *rand.Rand) growthFactor {
	t.Helper()
	var g decimal.Decimal
	switch rng.IntN(4) {
	case 0, 1:
		r := contract.Rate{Annual: decimal.New(rng.Int64N(6000)-1000, -4), Compounding: contract.Compounding(rng.IntN(3)), DayCount: contract.DayCount(rng.IntN(3))}
		from := contract.Date(2025, 1, 1)
		to := from.AddDate(0, 0, 1+rng.IntN(800))
		var err error
		g, err = r.Growth(from, to)
		require.NoError(t, err)
	case 2:
		g = decimal.New(rng.Int64N(3_000_000_000_000_000_000>>1)*2, -int32(rng.IntN(21)))
	default:
		g = decimal.New(1, 0).Add(decimal.New(1, -int32(rng.IntN(21))).Mul(decimal.NewFromInt(rng.Int64N(3) - 1)))
	}
	x := g.Shift(contract.GrowthPlaces)
	f := growthFactor{dec: g}
	if x.IsInteger() {
		f.fix, f.fixOK = u128Of(x.BigInt())
	}
	return f
}

// TestGrowthInterest_MatchesDecimal: for random amounts (either sign, from
// minor units to past int64) and factors, growthInterest gives the
// decimal a × (g − 1) rounded to the scale — value and exponent — when
// it is ok, and is ok for a third of them at least.
func TestGrowthInterest_MatchesDecimal(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 14))
	fast := 0
	const n = 20000
	for range n {
		var a decimal.Decimal
		switch rng.IntN(3) {
		case 0:
			a = randDec(rng)
		default:
			a = decimal.New(rng.Int64N(1<<(1+rng.IntN(62)))-(1<<20), -int32(rng.IntN(4)))
		}
		g := randFactor(t, rng)
		places := int32(rng.IntN(5))
		want := a.Mul(g.dec.Sub(decimal.NewFromInt(1))).Round(places)
		got, ok := growthInterest(moneyOf(a), g, places)
		if !ok {
			continue
		}
		fast++
		require.Equal(t, want.String(), got.dec().String(), "%s × (%s − 1) at %d places", a, g.dec, places)
		require.Equal(t, want.Exponent(), got.dec().Exponent(), "%s × (%s − 1) at %d places", a, g.dec, places)
	}
	require.Greater(t, fast, n/3, "the integer path was taken %d times of %d", fast, n)
}

// TestRoundDiv: roundDiv divides a 128-bit number by 10^k and rounds half
// away from zero as big.Int arithmetic does, for every k it takes, and
// refuses the rest.
func TestRoundDiv(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 9))
	ten := big.NewInt(10)
	for range 50000 {
		hi, lo := rng.Uint64()>>rng.IntN(65), rng.Uint64()
		if rng.IntN(4) == 0 {
			hi = 0
		}
		k := int64(rng.IntN(40)) - 1
		got, ok := roundDiv(hi, lo, k)
		if k < 0 || k > 36 {
			require.False(t, ok, "k = %d", k)
			continue
		}
		n := new(big.Int).Lsh(new(big.Int).SetUint64(hi), 64)
		n.Or(n, new(big.Int).SetUint64(lo))
		den := new(big.Int).Exp(ten, big.NewInt(k), nil)
		q, r := new(big.Int).QuoRem(n, den, new(big.Int))
		if r.Lsh(r, 1).Cmp(den) >= 0 {
			q.Add(q, big.NewInt(1))
		}
		if !q.IsUint64() {
			require.False(t, ok, "%d·2^64 + %d / 10^%d", hi, lo, k)
			continue
		}
		if ok {
			require.Equal(t, q.Uint64(), got, "%d·2^64 + %d / 10^%d", hi, lo, k)
		}
	}
	// Exact halves round up; a quotient of 2^64 − 1 rounded up does not fit.
	q, ok := roundDiv(0, 15, 1)
	require.True(t, ok)
	require.Equal(t, uint64(2), q)
	q, ok = roundDiv(0, 14, 1)
	require.True(t, ok)
	require.Equal(t, uint64(1), q)
	_, ok = roundDiv(9, ^uint64(0), 1)
	require.False(t, ok)
	// hi = 10^k exactly (k = 19: 10^19 < 2^64, and 10^18 after the first
	// division by 10): the quotient is 2^64 or more, refused before
	// bits.Div64, which would panic.
	for _, k := range []int64{1, 5, 18, 19} {
		hi := uint64(1)
		for range k {
			hi *= 10
		}
		_, ok = roundDiv(hi, 0, k)
		require.False(t, ok, "10^%d·2^64 / 10^%d", k, k)
		_, ok = roundDiv(hi-1, 0, k) // just below: (10^k − 1)·2^64 / 10^k fits
		require.True(t, ok, "(10^%d − 1)·2^64 / 10^%d", k, k)
	}
}

// TestMoney_CeilMatchesDecimal: ceil gives decimal's RoundCeil, value and
// exponent, for random decimals (past int64 too) at 0 to 6 places.
func TestMoney_CeilMatchesDecimal(t *testing.T) {
	rng := rand.New(rand.NewPCG(8, 4))
	for range 20000 {
		a := randDec(rng)
		places := int32(rng.IntN(7))
		want := a.RoundCeil(places)
		got := moneyOf(a).ceil(places).dec()
		require.Equal(t, want.String(), got.String(), "%s at %d places", a, places)
		require.Equal(t, want.Exponent(), got.Exponent(), "%s at %d places", a, places)
	}
}
