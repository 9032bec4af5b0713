package tranche

import (
	"math/big"
	"math/bits"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/require"
)

// growByFive20 is fixed.grow as it was before it divided by 10^20/8: the
// product divided by 5^20 limb by limb, shifted right by 20 bits, and
// rounded by the remainder (the 20 bits shifted out)·5^20 + the
// division's remainder against 5·10^19. Kept word for word as the second
// method grow is checked against.
func growByFive20(f fixed, g u128) (fixed, bool) {
	const five20 = 95_367_431_640_625
	halfE20 := u128{2, 13_106_511_852_580_896_768}
	a, b := f.mag, g
	h00, p0 := bits.Mul64(a.lo, b.lo)
	h01, l01 := bits.Mul64(a.lo, b.hi)
	h10, l10 := bits.Mul64(a.hi, b.lo)
	h11, l11 := bits.Mul64(a.hi, b.hi)
	var c uint64
	p1, c1 := bits.Add64(h00, l01, 0)
	p1, c2 := bits.Add64(p1, l10, 0)
	p2, c := bits.Add64(h01, h10, c1)
	p3 := h11 + c
	p2, c = bits.Add64(p2, l11, c2)
	p3 += c
	var r uint64
	if p3 != 0 {
		p3, r = bits.Div64(0, p3, five20)
	}
	if r|p2 != 0 {
		p2, r = bits.Div64(r, p2, five20)
	}
	if r|p1 != 0 {
		p1, r = bits.Div64(r, p1, five20)
	}
	p0, r = bits.Div64(r, p0, five20)
	if p3 != 0 || p2>>20 != 0 {
		return fixed{}, false
	}
	q := u128{p2<<44 | p1>>20, p1<<44 | p0>>20}
	rh, rl := bits.Mul64(p0&(1<<20-1), five20)
	rl, c = bits.Add64(rl, r, 0)
	if !(u128{rh + c, rl}).less(halfE20) {
		var ok bool
		if q, ok = q.plus(u128{0, 1}); !ok {
			return fixed{}, false
		}
	}
	return fixed{f.neg && !q.isZero(), q}, q.hi < 1<<63
}

// growBig is grow by math/big: |f|·g/10^20 rounded half away from zero,
// with f's sign, ok when it is below 2^127.
func growBig(f fixed, g u128) (fixed, bool) {
	e20 := new(big.Int).Exp(big.NewInt(10), big.NewInt(20), nil)
	p := new(big.Int).Mul(f.mag.big(), g.big())
	q, r := new(big.Int).QuoRem(p, e20, new(big.Int))
	if r.Lsh(r, 1).Cmp(e20) >= 0 {
		q.Add(q, big.NewInt(1))
	}
	if q.BitLen() > 127 {
		return fixed{}, false
	}
	m, _ := u128Of(q)
	return fixed{f.neg && !m.isZero(), m}, true
}

// TestFixed_GrowIsBigAndFive20: grow against math/big and against the
// division by 5^20 it replaced, value, sign and ok, over random balances
// and factors of every limb length (products from one limb to past 2^194,
// so every skipped and every taken division), and over products built at
// the edges of the quotient's low three bits (Q mod 8 = 3 and 4 around
// each multiple of 10^20/8: just below, at and just past a half) and of
// the bounds (a top limb just below and at 10^20/8, a result at and past
// 2^127 and 2^128).
func TestFixed_GrowIsBigAndFive20(t *testing.T) {
	rng := rand.New(rand.NewPCG(12, 20))
	check := func(f fixed, g u128) {
		t.Helper()
		want, wantOK := growBig(f, g)
		got, ok := f.grow(g)
		old, oldOK := growByFive20(f, g)
		require.Equal(t, wantOK, ok, "%v·%v ok", f, g)
		require.Equal(t, oldOK, ok, "%v·%v ok (5^20)", f, g)
		if ok {
			require.Equal(t, want, got, "%v·%v", f, g)
			require.Equal(t, old, got, "%v·%v (5^20)", f, g)
		}
	}
	limb := func() uint64 { return rng.Uint64() >> rng.IntN(65) }
	for range 200_000 {
		f := fixed{mag: u128{limb() >> 1, limb()}}
		f.neg = rng.IntN(2) == 0 && !f.mag.isZero()
		check(f, u128{limb(), limb()})
	}
	// Products P = k·10^20/8 + δ for a factor of one unit (P = f) and of
	// 10^20/8·j + 1 (P near a multiple): the rounding's edges.
	e20o8 := new(big.Int).SetUint64(e20over8)
	for range 20_000 {
		k := new(big.Int).SetUint64(rng.Uint64() >> rng.IntN(64))
		k.Lsh(k, uint(rng.IntN(62))).Add(k, big.NewInt(int64(rng.IntN(8))))
		p := new(big.Int).Mul(k, e20o8)
		p.Add(p, big.NewInt(int64(rng.IntN(5))-2))
		if p.Sign() < 0 || p.BitLen() > 127 {
			continue
		}
		m, _ := u128Of(p)
		for _, neg := range []bool{false, true} {
			check(fixed{neg: neg && !m.isZero(), mag: m}, u128{0, 1})
		}
	}
	// The bounds, on operands grow accepts whatever their size (a balance
	// of the book stays below 2^127, but grow does not rely on it).
	e20 := new(big.Int).Exp(big.NewInt(10), big.NewInt(20), nil)
	pow2 := func(n uint) *big.Int { return new(big.Int).Lsh(big.NewInt(1), n) }
	add := func(x *big.Int, k int64) *big.Int { return new(big.Int).Add(x, big.NewInt(k)) }
	mul := func(x *big.Int, k int64) *big.Int { return new(big.Int).Mul(x, big.NewInt(k)) }
	limbOf := func(f, g *big.Int, k uint) uint64 { // P's limb k
		return new(big.Int).Rsh(new(big.Int).Mul(f, g), 64*k).Uint64()
	}
	qTop := func(f, g *big.Int) uint64 { // Q's limb 2
		q := new(big.Int).Quo(new(big.Int).Mul(f, g), new(big.Int).SetUint64(e20over8))
		return q.Rsh(q, 128).Uint64()
	}
	for _, s := range []struct {
		name string
		f, g *big.Int
		ok   bool
	}{
		{"2^126·2 = 2^127", pow2(126), mul(e20, 2), false},
		{"(2^126 − 1)·2 = 2^127 − 2", add(pow2(126), -1), mul(e20, 2), true},
		// ⌊P/10^20⌋ = 2^128 − 2: Q's top limb 7; and 2^128 + …: 8.
		{"Q's top limb 7", add(pow2(127), -1), mul(e20, 2), false},
		{"Q's top limb 8", add(pow2(127), -1), add(mul(e20, 2), 4), false},
		// P/10^20 = 2^128 − 0.400…: rounds up to 2^128, past 128 bits.
		{"rounds up past 2^128", new(big.Int).Sub(pow2(128), big.NewInt(3_402_823_669_209_384_635)), add(e20, 1), false},
		// P's top limb at and below 10^20/8 (a first Div64 by it would
		// panic at it).
		{"top limb 10^20/8", new(big.Int).Lsh(new(big.Int).SetUint64(e20over8+1), 64), add(pow2(128), -1), false},
		{"top limb 10^20/8 − 1", new(big.Int).Lsh(new(big.Int).SetUint64(e20over8), 64), add(pow2(128), -1), false},
		// A zero high limb with the next one at and below 10^20/8.
		{"p2 = 10^20/8", new(big.Int).Lsh(new(big.Int).SetUint64(e20over8), 64), pow2(64), true},
		{"p2 = 10^20/8 − 1", new(big.Int).Lsh(new(big.Int).SetUint64(e20over8-1), 64), pow2(64), true},
	} {
		fm, ok := u128Of(s.f)
		require.True(t, ok, s.name)
		gm, ok := u128Of(s.g)
		require.True(t, ok, s.name)
		_, gotOK := fixed{mag: fm}.grow(gm)
		require.Equal(t, s.ok, gotOK, s.name)
		check(fixed{mag: fm}, gm)
		check(fixed{neg: true, mag: fm}, gm)
		switch s.name {
		case "Q's top limb 7":
			require.Equal(t, uint64(7), qTop(s.f, s.g), s.name)
		case "Q's top limb 8":
			require.Equal(t, uint64(8), qTop(s.f, s.g), s.name)
		case "top limb 10^20/8":
			require.Equal(t, uint64(e20over8), limbOf(s.f, s.g, 3), s.name)
		case "top limb 10^20/8 − 1":
			require.Equal(t, uint64(e20over8-1), limbOf(s.f, s.g, 3), s.name)
		case "p2 = 10^20/8":
			require.Equal(t, uint64(e20over8), limbOf(s.f, s.g, 2), s.name)
		case "p2 = 10^20/8 − 1":
			require.Equal(t, uint64(e20over8-1), limbOf(s.f, s.g, 2), s.name)
		}
	}
}

// BenchmarkFixed_Grow: one growth step of a balance of about $10^6 (2^73
// units of 10^-16) by a month's factor, by grow and by the division by
// 5^20 it replaced.
func BenchmarkFixed_Grow(b *testing.B) {
	rng := rand.New(rand.NewPCG(5, 6))
	fs, gs := make([]fixed, 1024), make([]u128, 1024)
	for i := range fs {
		fs[i] = fixed{mag: u128{rng.Uint64() >> 55, rng.Uint64()}}
		gs[i] = u128{5, 7_766_279_631_452_241_920 + rng.Uint64()>>8}
	}
	var sink fixed
	b.Run("e20over8", func(b *testing.B) {
		for i := 0; b.Loop(); i++ {
			sink, _ = fs[i&1023].grow(gs[i&1023])
		}
	})
	b.Run("five20", func(b *testing.B) {
		for i := 0; b.Loop(); i++ {
			sink, _ = growByFive20(fs[i&1023], gs[i&1023])
		}
	})
	_ = sink
}
