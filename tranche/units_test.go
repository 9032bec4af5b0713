package tranche

import (
	"fmt"
	"math"
	"math/big"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/jvwaterfall/jvwaterfall/contract"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"
)

// randBig returns a random integer with up to bits bits, either sign.
func randBig(rng *rand.Rand, bits int) *big.Int {
	x := new(big.Int)
	limbs := (bits + 63) / 64
	for range limbs {
		x.Lsh(x, 64).Or(x, new(big.Int).SetUint64(rng.Uint64()))
	}
	x.Rsh(x, uint(64*limbs-bits+rng.IntN(bits+1)))
	if rng.IntN(2) == 0 {
		x.Neg(x)
	}
	return x
}

// TestFixed_Grow checks the 256-bit growth step against decimal's own
// Mul and Round, the rule it replaces, on random balances and factors and
// on exact ties.
func TestFixed_Grow(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	check := func(b *big.Int, g *big.Int) {
		bd := decimal.NewFromBigInt(b, -AccrualPlaces)
		gd := decimal.NewFromBigInt(g, -contract.GrowthPlaces)
		want := bd.Mul(gd).Round(AccrualPlaces)
		f, ok := fixedOfDec(bd)
		require.True(t, ok, "fixedOfDec(%s)", bd)
		gu, ok := u128Of(g)
		require.True(t, ok)
		got, ok := f.grow(gu)
		if !ok {
			// Only when the result needs more than 127 bits.
			require.Greater(t, want.Shift(AccrualPlaces).BigInt().BitLen(), 120, "%s·%s", bd, gd)
			return
		}
		require.True(t, want.Equal(got.dec()), "%s·%s = %s, got %s", bd, gd, want, got.dec())
	}
	for range 20000 {
		check(randBig(rng, 100), new(big.Int).Abs(randBig(rng, 70)))
	}
	for range 2000 { // near and past 127 bits
		check(randBig(rng, 126), new(big.Int).Abs(randBig(rng, 70)))
	}
	// Ties: b·g ends in exactly 5·10^19 (half a unit), either sign.
	half := new(big.Int).Exp(big.NewInt(10), big.NewInt(19), nil)
	half.Mul(half, big.NewInt(5))
	for _, b := range []int64{1, -1, 3, -3, 12345, -12345} {
		check(big.NewInt(b), half)
		check(big.NewInt(b), new(big.Int).Mul(half, big.NewInt(3)))
	}
}

func TestUnits_Arithmetic(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	mk := func() units {
		switch rng.IntN(3) {
		case 0:
			return units{n: rng.Int64() - rng.Int64()/2}
		case 1:
			return fromBig(randBig(rng, 64))
		}
		return fromBig(randBig(rng, 90))
	}
	for range 20000 {
		a, b := mk(), mk()
		ab, bb := a.bigInt(), b.bigInt()
		require.Zero(t, a.add(b).bigInt().Cmp(new(big.Int).Add(ab, bb)))
		require.Zero(t, a.sub(b).bigInt().Cmp(new(big.Int).Sub(ab, bb)))
		require.Equal(t, ab.Cmp(bb), a.cmp(b))
		require.Equal(t, ab.Sign(), a.sign())
		require.Equal(t, a.add(b).small(), new(big.Int).Add(ab, bb).IsInt64())
	}
}

func TestToUnits(t *testing.T) {
	for _, c := range []struct {
		in    string
		scale int32
		want  string
		ok    bool
	}{
		{"12.34", 2, "1234", true},
		{"12.3", 2, "1230", true},
		{"1200", 2, "120000", true},
		{"12.340", 2, "1234", true},
		{"12.345", 2, "", false},
		{"-5", 0, "-5", true},
		{"92233720368547758.07", 2, "9223372036854775807", true},
		{"92233720368547758.08", 2, "9223372036854775808", true},
		{"1e30", 2, "100000000000000000000000000000000", true},
		{"0", 8, "0", true},
	} {
		t.Run(fmt.Sprintf("%s@%d", c.in, c.scale), func(t *testing.T) {
			u, ok := toUnits(dec(c.in), c.scale)
			require.Equal(t, c.ok, ok)
			if ok {
				require.Equal(t, c.want, u.bigInt().String())
			}
		})
	}
}

func TestCeilUnitsFixed(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	for range 20000 {
		x := randBig(rng, 100)
		d := decimal.NewFromBigInt(x, -AccrualPlaces)
		f, _ := fixedOfDec(d)
		scale := int32(rng.IntN(9))
		got, ok := ceilUnitsFixed(f, scale)
		want := ceilUnits(d, scale)
		if !ok {
			require.Greater(t, want.Shift(scale).BigInt().BitLen(), 62)
			continue
		}
		require.True(t, want.Equal(got.dec(scale)), "ceil(%s) at %d: want %s, got %s", d, scale, want, got.dec(scale))
	}
}

// TestBook_HurdleMatchesDecimal replays random movements, some large
// enough to overflow the fixed-point balance, through the book and
// through the decimal rule written out here: each step grows the balance
// by Rate.Growth, rounds it to AccrualPlaces, then adds contributions and
// subtracts payments.
func TestBook_HurdleMatchesDecimal(t *testing.T) {
	rates := []contract.Rate{
		{Annual: dec("0.08"), Compounding: contract.Annual},
		{Annual: dec("0.125"), Compounding: contract.Monthly, DayCount: contract.ACT360},
		{Annual: dec("-0.03"), Compounding: contract.Continuous},
	}
	for seed := range uint64(30) {
		t.Run(fmt.Sprint(seed), func(t *testing.T) {
			rng := rand.New(rand.NewPCG(seed, 9))
			big := seed%3 == 0 // amounts up to 10^28: past 128 bits of 10^-16
			b, err := NewBook(2, []Party{{ID: "A", Commitment: decimal.NewFromInt(1)}, {ID: "B"}})
			require.NoError(t, err)
			r := rates[seed%uint64(len(rates))]
			type mv struct {
				date    time.Time
				in, out decimal.Decimal
			}
			var moves []mv
			day := time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)
			for p := range 60 {
				day = day.AddDate(0, 0, 1+rng.IntN(90))
				require.NoError(t, b.Advance(contract.Period{Index: p, End: day}))
				for range rng.IntN(3) {
					amt := decimal.New(1+rng.Int64N(1e9), -2)
					if big {
						amt = amt.Shift(int32(rng.IntN(20)))
					}
					if rng.IntN(2) == 0 {
						require.NoError(t, b.Contribute("A", amt))
						moves = append(moves, mv{day, amt, decimal.Zero})
					} else {
						require.NoError(t, b.Post(Payment{Tranche: "t", Party: "A", Kind: KindProfit, Amount: amt}))
						moves = append(moves, mv{day, decimal.Zero, amt})
					}
				}
				if rng.IntN(3) > 0 {
					continue
				}
				got, err := b.Hurdle("A", r)
				require.NoError(t, err)
				want := decimal.Zero
				if len(moves) > 0 {
					asOf := moves[0].date
					for _, m := range moves {
						g, err := r.Growth(asOf, m.date)
						require.NoError(t, err)
						want = want.Mul(g).Round(AccrualPlaces).Add(m.in).Sub(m.out)
						asOf = m.date
					}
					g, err := r.Growth(asOf, day)
					require.NoError(t, err)
					want = want.Mul(g).Round(AccrualPlaces)
				}
				require.True(t, want.Equal(got), "period %d: want %s, got %s", p, want, got)
			}
		})
	}
}

// TestPayOwed_MatchesDecimal checks payOwed's int64 path against its
// decimal one (payOwedDec, the engine's rule before int64) on random
// claims, short and full, including amounts beyond int64.
func TestPayOwed_MatchesDecimal(t *testing.T) {
	rng := rand.New(rand.NewPCG(21, 22))
	ids := []PartyID{"A", "B", "C", "D", "E"}
	for n := range 500 {
		var parties []Party
		for _, id := range ids {
			parties = append(parties, Party{ID: id, Commitment: decimal.NewFromInt(1)})
		}
		b, err := NewBook(2, parties)
		require.NoError(t, err)
		require.NoError(t, b.Advance(contract.Period{End: time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)}))
		k := 1 + rng.IntN(len(ids))
		owed := make([]decimal.Decimal, k)
		total := decimal.Zero
		for i := range owed {
			owed[i] = decimal.New(rng.Int64N(1_000_000), -2)
			if n%5 == 0 {
				owed[i] = owed[i].Shift(int32(rng.IntN(20)))
			}
			total = total.Add(owed[i])
		}
		avail := total
		if rng.IntN(2) == 0 {
			avail = total.Mul(decimal.New(rng.Int64N(1000), -3)).RoundFloor(2)
		}
		fast, slow := b.Clone(), b.Clone()
		got, err := payOwed(fast, "t", KindPref, ids[:k], owed, avail)
		require.NoError(t, err)
		want, err := payOwedDec(slow, "t", KindPref, ids[:k], owed, avail)
		require.NoError(t, err)
		require.True(t, want.Equal(got), "case %d: paid %s, want %s", n, got, want)
		require.Equal(t, slow.Ledger().Len(), fast.Ledger().Len())
		for i, p := range slow.Ledger().All() {
			q := fast.Ledger().At(i)
			require.Equal(t, p.Party, q.Party)
			for _, pair := range [][2]decimal.Decimal{{p.Amount, q.Amount}, {p.Before, q.Before}, {p.After, q.After}} {
				require.True(t, pair[0].Equal(pair[1]), "case %d payment %d: %v vs %v", n, i, p, q)
			}
		}
	}
}

// TestUnits_Int64Edges: sums and differences at the ends of int64 are
// exact: −2^63 + −2^63 = −2^64 (the int64 sum wraps to 0), 0 − (−2^63) =
// 2^63 (it wraps to −2^63), and the largest that still fit stay int64.
func TestUnits_Int64Edges(t *testing.T) {
	lo, hi := units{n: math.MinInt64}, units{n: math.MaxInt64}
	for _, c := range []struct {
		got   units
		want  string
		small bool
	}{
		{lo.add(lo), "-18446744073709551616", false},
		{hi.add(hi), "18446744073709551614", false},
		{lo.add(hi), "-1", true},
		{units{}.sub(lo), "9223372036854775808", false},
		{units{n: -1}.sub(hi), "-9223372036854775808", true},
		{units{}.sub(hi), "-9223372036854775807", true},
		{hi.sub(lo), "18446744073709551615", false},
		{lo.sub(units{n: 1}), "-9223372036854775809", false},
	} {
		require.Equal(t, c.want, c.got.bigInt().String())
		require.Equal(t, c.small, c.got.small(), c.want)
	}
}

// TestToUnits_ShiftBounds: shifts of 18 and 19 places either way, at the
// end of the powers of ten the fast path has.
func TestToUnits_ShiftBounds(t *testing.T) {
	for _, c := range []struct {
		in    string
		scale int32
		want  string
		ok    bool
	}{
		{"1e-18", 0, "", false},
		{"1e-19", 0, "", false},
		{"0e-19", 0, "0", true},
		{"9e18", 0, "9000000000000000000", true},
		{"1e19", 0, "10000000000000000000", true},
		{"1e17", 2, "10000000000000000000", true},
		{"-9e18", 0, "-9000000000000000000", true},
		{"-1e19", 0, "-10000000000000000000", true},
	} {
		u, ok := toUnits(dec(c.in), c.scale)
		require.Equal(t, c.ok, ok, c.in)
		if ok {
			require.Equal(t, c.want, u.bigInt().String(), c.in)
		}
	}
}

// TestFixed_Edges: the fixed point's bounds and signs, checked against
// big.Int: a magnitude of exactly 2^64 (hi 1, lo 0) is not zero and keeps
// its sign; a sum reaching 2^127 does not fit; a negative number of minor
// units is negative; zero is never negative; a decimal of 2^127 units of
// 10^-16 does not fit and one less does.
func TestFixed_Edges(t *testing.T) {
	two64 := u128{1, 0}
	require.False(t, two64.isZero())
	neg, ok := fixed{neg: true, mag: two64}.add(fixed{})
	require.True(t, ok)
	require.Equal(t, fixed{neg: true, mag: two64}, neg)
	got, ok := ceilUnitsFixed(fixed{mag: two64}, 8) // ⌈2^64 / 10^8⌉ = ⌈184,467,440,737.09551616⌉
	require.True(t, ok)
	require.Equal(t, int64(184467440738), got.n)

	half := fixed{mag: u128{1 << 62, 0}} // 2^126
	_, ok = half.add(half)
	require.False(t, ok, "2^126 + 2^126 = 2^127 does not fit")
	_, ok = half.add(fixed{mag: u128{1<<62 - 1, ^uint64(0)}})
	require.True(t, ok, "2^127 − 1 fits")

	f, ok := fixedOfUnits(units{n: -5}, 2) // −0.05 = −5·10^14 units of 10^-16
	require.True(t, ok)
	require.Equal(t, fixed{neg: true, mag: u128{0, 5e14}}, f)
	f, _ = fixedOfUnits(units{}, 2)
	require.Equal(t, fixed{}, f)

	f, ok = fixedOfDec(decimal.Zero)
	require.True(t, ok)
	require.Equal(t, fixed{}, f)
	p127 := new(big.Int).Lsh(big.NewInt(1), 127)
	_, ok = fixedOfDec(decimal.NewFromBigInt(p127, -AccrualPlaces))
	require.False(t, ok, "2^127 units do not fit")
	f, ok = fixedOfDec(decimal.NewFromBigInt(new(big.Int).Sub(p127, big.NewInt(1)), -AccrualPlaces).Neg())
	require.True(t, ok, "−(2^127 − 1) units fit")
	require.Equal(t, fixed{neg: true, mag: u128{1<<63 - 1, ^uint64(0)}}, f)
	_, ok = u128Of(new(big.Int).Lsh(big.NewInt(1), 128))
	require.False(t, ok, "2^128 is not a u128")
}

// TestBook_HurdleGrowthBeyondFixedPoint: a growth factor too large for
// 128 bits in units of 10^-20 (above about 3.4·10^18) grows the balance in
// decimals. 900% compounding annually on 30/360 grows 20 years by exactly
// 10^20: 1 becomes 10^20.
func TestBook_HurdleGrowthBeyondFixedPoint(t *testing.T) {
	r := contract.Rate{Annual: dec("9"), Compounding: contract.Annual, DayCount: contract.Thirty360US}
	b, err := NewBook(0, []Party{{ID: "LP"}})
	require.NoError(t, err)
	require.NoError(t, b.Advance(contract.Period{End: time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)}))
	require.NoError(t, b.Contribute("LP", dec("1")))
	require.NoError(t, b.Advance(contract.Period{Index: 1, Start: time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC), End: time.Date(2044, 1, 1, 0, 0, 0, 0, time.UTC)}))
	h, err := b.Hurdle("LP", r)
	require.NoError(t, err)
	require.Equal(t, "100000000000000000000", h.String())
}

// TestFixed_GrowAndCeilBounds: products and quotients exactly at the
// bounds. 2^126 grown by 2 (2·10^20 units of 10^-20) is 2^127, one past
// the largest balance; grown by 4, 2^128, past 128 bits. ⌈x / 10^8⌉ at
// scale 8 does not fit an int64 when it is exactly 2^63, nor when x's high
// word reaches the divisor (the quotient would not fit 64 bits).
func TestFixed_GrowAndCeilBounds(t *testing.T) {
	e20 := new(big.Int).Exp(big.NewInt(10), big.NewInt(20), nil)
	factor := func(k int64) u128 {
		g, ok := u128Of(new(big.Int).Mul(big.NewInt(k), e20))
		require.True(t, ok)
		return g
	}
	f := fixed{mag: u128{1 << 62, 0}} // 2^126
	_, ok := f.grow(factor(2))
	require.False(t, ok, "2^127 does not fit")
	_, ok = f.grow(factor(4))
	require.False(t, ok, "2^128 does not fit")
	g, ok := fixed{mag: u128{1 << 61, 0}}.grow(factor(2))
	require.True(t, ok)
	require.Equal(t, fixed{mag: u128{1 << 62, 0}}, g, "2^125 × 2 = 2^126")

	x, ok := u128Of(new(big.Int).Mul(new(big.Int).Lsh(big.NewInt(1), 63), big.NewInt(1e8)))
	require.True(t, ok)
	_, ok = ceilUnitsFixed(fixed{mag: x}, 8)
	require.False(t, ok, "2^63 minor units")
	x, _ = u128Of(new(big.Int).Sub(new(big.Int).Mul(new(big.Int).Lsh(big.NewInt(1), 63), big.NewInt(1e8)), big.NewInt(1e8)))
	u, ok := ceilUnitsFixed(fixed{mag: x}, 8)
	require.True(t, ok)
	require.Equal(t, int64(math.MaxInt64), u.n)
	_, ok = ceilUnitsFixed(fixed{mag: u128{1e8, 0}}, 8)
	require.False(t, ok, "high word equal to the divisor")
}

// TestFixed_GrowCarries: the two carries of grow's 256-bit arithmetic
// when it divided by 5^20 (growByFive20), on operands built to produce
// them, against big.Int; they stay as edge cases of the product's top
// limb and of rounding half a unit up from below one.
//
//   - The top limb's carry: (2^66 − 1)·(2^128 − 1) has a.lo·b.hi and
//     a.hi·b.lo both with high words near 2^64, whose sum carries into the
//     top limb; the product is about 2^194, so the result, about 2^127.56,
//     does not fit and grow must say so (a top limb short by the carry
//     would give a value that fits).
//   - The remainder's carry: a = 580,285·5^20 − 1 =
//     55,340,290,069,580,078,124 units grown by the smallest factor,
//     10^-20, is a/10^20 = 0.5534… and rounds half away from zero to 1. In
//     grow, a/5^20 = 580,284 (its low 20 bits, the quotient being below
//     2^20) with remainder 5^20 − 1, and 580,284·5^20 =
//     2·2^64 + (2^64 − 37,518,980,217,348): adding 5^20 − 1 =
//     95,367,431,640,624 carries into the remainder's high word, which
//     then reaches 3 (5.53·10^19 ≥ 5·10^19, round up).
func TestFixed_GrowCarries(t *testing.T) {
	one := big.NewInt(1)
	e20 := new(big.Int).Exp(big.NewInt(10), big.NewInt(20), nil)
	a := new(big.Int).Sub(new(big.Int).Lsh(one, 66), one)
	g := new(big.Int).Sub(new(big.Int).Lsh(one, 128), one)
	exact := new(big.Int).Quo(new(big.Int).Mul(a, g), e20)
	require.Equal(t, 128, exact.BitLen(), "the exact result needs 128 bits")
	fa, ok := u128Of(a)
	require.True(t, ok)
	gu, ok := u128Of(g)
	require.True(t, ok)
	_, ok = fixed{mag: fa}.grow(gu)
	require.False(t, ok, "(2^66 − 1)·(2^128 − 1)/10^20 does not fit")

	five20 := new(big.Int).Exp(big.NewInt(5), big.NewInt(20), nil)
	a = new(big.Int).Sub(new(big.Int).Mul(big.NewInt(580285), five20), one)
	require.Equal(t, "55340290069580078124", a.String())
	fa, ok = u128Of(a)
	require.True(t, ok)
	for _, neg := range []bool{false, true} {
		got, ok := fixed{neg: neg, mag: fa}.grow(u128{0, 1})
		require.True(t, ok)
		require.Equal(t, fixed{neg: neg, mag: u128{0, 1}}, got, "±0.5534 units round to ±1")
	}
}

// TestBook_RoundOwedFixedHalfEvenBounds: half-even rounding of a fixed
// balance to minor units at scale 8 (10^8 units of 10^-16 a minor unit)
// at the edges of int64, against big.Int: the quotient 2^64 (high word
// equal to the divisor) and 2^63 do not fit; (2^63 − 1) + ½ is a tie
// that rounds to the even 2^63, which does not fit; (2^63 − 2) + ½ rounds
// to the even 2^63 − 2, which does; (2^63 − 2) + ½ + 10^-16 rounds up.
func TestBook_RoundOwedFixedHalfEvenBounds(t *testing.T) {
	b, err := NewBook(8, []Party{{ID: "LP"}})
	require.NoError(t, err)
	b.SetRounding(HalfEven)
	e8 := big.NewInt(1e8)
	at := func(q *big.Int, extra int64) fixed {
		x := new(big.Int).Mul(q, e8)
		x.Add(x, big.NewInt(extra))
		m, ok := u128Of(x)
		require.True(t, ok)
		return fixed{mag: m}
	}
	two63 := new(big.Int).Lsh(big.NewInt(1), 63)
	two64 := new(big.Int).Lsh(big.NewInt(1), 64)
	minus := func(x *big.Int, k int64) *big.Int { return new(big.Int).Sub(x, big.NewInt(k)) }
	for _, tt := range []struct {
		f    fixed
		want int64 // −1: does not fit
	}{
		{at(two64, 0), -1},
		{at(two63, 0), -1},
		{at(minus(two63, 1), 5e7), -1},
		{at(minus(two63, 1), 5e7-1), math.MaxInt64},
		{at(minus(two63, 2), 5e7), math.MaxInt64 - 1},
		{at(minus(two63, 2), 5e7+1), math.MaxInt64},
	} {
		u, ok := b.roundOwedFixed(tt.f)
		if tt.want < 0 {
			require.False(t, ok, "%s", tt.f.dec())
			continue
		}
		require.True(t, ok, "%s", tt.f.dec())
		require.Equal(t, tt.want, u.n, "%s", tt.f.dec())
	}
}
