package waterfall_test

// Baselines for benchmark (a), written from the fund's terms without the
// engine's tranches or book:
//
//   - runInt64, exact: the same waterfall in int64 minor units,
//     largest-remainder splits (ties to the lower index) with 128-bit
//     products, hurdle balances held as 128-bit integers of 10^-16 (the
//     engine's [tranche.AccrualPlaces]) grown by each interval's growth
//     factor (contract.Rate.Growth, 20 places, computed inside the run
//     once per distinct number of days) and rounded half away from zero.
//     With ledger it writes a full ledger (tranche, party, kind, amount,
//     before, after) like the engine's; without, it is the exact floor:
//     it keeps each party's totals (contributed, and received by kind)
//     and each period's payout, and writes no ledger.
//     TestInt64Baseline_MatchesEngine checks that it and the engine pay the
//     same, cent for cent, in both modes: it is a second, independent
//     implementation of the engine's arithmetic.
//   - runFloat64, the absolute floor: the same waterfall in float64 with
//     no rounding at all (proportional splits, math.Pow growth). Its
//     numbers are only approximately the engine's.
//
// Both handle exactly the stack of benchFund (ROC, compounding pref,
// 100% catch-up, carry split), not general stacks.

import (
	"fmt"
	"math"
	"math/big"
	"math/bits"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/jvwaterfall/jvwaterfall/tranche"
	"github.com/jvwaterfall/jvwaterfall/waterfall"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"
)

// Tranche indexes of the baselines' ledger lines.
const (
	bROC = iota
	bPref
	bCatchUp
	bCarry
)

var baseTrancheIDs = [...]tranche.TrancheID{"capital", "pref", "catch-up", "carry"}

// baseLine is one payment of a baseline's ledger; party K is the GP.
type baseLine struct {
	period  int32
	party   int32
	tranche uint8
	kind    tranche.Kind
	amount  int64
	before  int64
	after   int64
}

// u128 is an unsigned 128-bit integer.
type u128 struct{ hi, lo uint64 }

// s128 is a signed 128-bit integer in sign-magnitude form.
type s128 struct {
	neg bool
	mag u128
}

func (a u128) add(b u128) u128 {
	lo, c := bits.Add64(a.lo, b.lo, 0)
	hi, _ := bits.Add64(a.hi, b.hi, c)
	return u128{hi, lo}
}

func (a u128) sub(b u128) u128 { // a >= b
	lo, c := bits.Sub64(a.lo, b.lo, 0)
	hi, _ := bits.Sub64(a.hi, b.hi, c)
	return u128{hi, lo}
}

func (a u128) less(b u128) bool { return a.hi < b.hi || (a.hi == b.hi && a.lo < b.lo) }

func (a s128) addInt(x u128, neg bool) s128 {
	if a.neg == neg {
		return s128{neg, a.mag.add(x)}
	}
	if a.mag.less(x) {
		return s128{neg, x.sub(a.mag)}
	}
	r := a.mag.sub(x)
	return s128{a.neg && (r != u128{}), r}
}

// mul64 returns x·y for a 128-bit x, as a 128-bit value; ok is false on
// overflow.
func mul64(x u128, y uint64) (u128, bool) {
	h1, l1 := bits.Mul64(x.lo, y)
	h2, l2 := bits.Mul64(x.hi, y)
	hi, c := bits.Add64(h1, l2, 0)
	return u128{hi, l1}, h2 == 0 && c == 0
}

// fiveTo20 is 5^20; 10^20 = 5^20·2^20.
const fiveTo20 = 95_367_431_640_625

// growRound returns round(b·g / 10^20) half away from zero, for b in
// 10^-16 units and g in 10^-20 units; ok is false if it does not fit. It
// divides the 256-bit product by 5^20, skipping zero limbs, and shifts
// the quotient right by 20 bits.
func growRound(b s128, g u128) (s128, bool) {
	// 256-bit product of b.mag and g, limbs p3..p0.
	h00, p0 := bits.Mul64(b.mag.lo, g.lo)
	h01, l01 := bits.Mul64(b.mag.lo, g.hi)
	h10, l10 := bits.Mul64(b.mag.hi, g.lo)
	h11, l11 := bits.Mul64(b.mag.hi, g.hi)
	p1, c1 := bits.Add64(h00, l01, 0)
	p2, c2 := bits.Add64(h01, l11, c1)
	p3, _ := bits.Add64(h11, 0, c2)
	p1, c1 = bits.Add64(p1, l10, 0)
	p2, c2 = bits.Add64(p2, h10, c1)
	p3, _ = bits.Add64(p3, 0, c2)
	var r uint64
	if p3 != 0 {
		p3, r = bits.Div64(0, p3, fiveTo20)
	}
	if p2 != 0 || r != 0 {
		p2, r = bits.Div64(r, p2, fiveTo20)
	}
	if p1 != 0 || r != 0 {
		p1, r = bits.Div64(r, p1, fiveTo20)
	}
	p0, r = bits.Div64(r, p0, fiveTo20)
	if p3 != 0 || p2>>20 != 0 {
		return s128{}, false
	}
	q := u128{p2<<44 | p1>>20, p1<<44 | p0>>20}
	// The remainder is (p0 mod 2^20)·5^20 + r < 10^20; round up from
	// 5·10^19.
	rh, rl := bits.Mul64(p0&(1<<20-1), fiveTo20)
	rl, c := bits.Add64(rl, r, 0)
	if rem := (u128{rh + c, rl}); !rem.less(u128{2, 13_106_511_852_580_896_768}) {
		q = q.add(u128{0, 1})
	}
	return s128{b.neg && q != (u128{}), q}, true
}

// lrSplit splits total among weights by largest remainder, ties to the
// lower index, into out. rem is scratch space of len(w).
func lrSplit(total int64, w []int64, sum int64, out []int64, rem []uint64) {
	left := total
	for i, wi := range w {
		hi, lo := bits.Mul64(uint64(total), uint64(wi))
		q, r := bits.Div64(hi, lo, uint64(sum))
		out[i], rem[i] = int64(q), r
		left -= int64(q)
	}
	if left == 0 {
		return
	}
	if left == 1 {
		best := 0
		for i := 1; i < len(w); i++ {
			if rem[i] > rem[best] {
				best = i
			}
		}
		out[best]++
		return
	}
	// The left largest remainders, ties to the lower index, by a radix
	// selection on the remainders' bytes, most significant first: find
	// the remainder t such that fewer than left are above it, give a unit
	// to those above and to the first (lowest-index) ones equal to it.
	above := int64(0) // how many remainders are above the prefix found so far
	prefix, mask := uint64(0), uint64(0)
	var count [256]int64
	for shift := 56; shift >= 0; shift -= 8 {
		count = [256]int64{}
		for _, r := range rem {
			if r&mask == prefix {
				count[r>>shift&0xff]++
			}
		}
		d := 255
		for ; above+count[d] < left; d-- {
			above += count[d]
		}
		prefix |= uint64(d) << shift
		mask |= 0xff << shift
	}
	// Now above < left remainders exceed prefix, and at least left − above
	// equal it.
	for i, r := range rem {
		if r > prefix {
			out[i]++
		}
	}
	for i, r := range rem {
		if above == left {
			break
		}
		if r == prefix {
			out[i]++
			above++
		}
	}
}

// baseRun is what runInt64 gives: the ledger (nil without it), each
// party's totals and each period's payout, in cents.
type baseRun struct {
	lines       []baseLine
	contributed []int64
	byKind      [][tranche.NumKinds]int64 // received, by kind
	paid        []int64                   // by period
}

// runInt64 runs f exactly in int64 cents, with or without the ledger;
// see the file comment.
func runInt64(f *benchFund, ledger bool) (baseRun, error) {
	K := f.K
	n := K + 1 // the GP is party K
	contributed := make([]int64, n)
	capReturned := make([]int64, n)
	byKind := make([][tranche.NumKinds]int64, n)
	periodPaid := make([]int64, f.P)
	splitPaid := make([]int64, n)
	hurdle := make([]s128, K)
	asOf := make([]int32, K) // period index of each LP's last movement; -1: none
	for i := range asOf {
		asOf[i] = -1
	}
	gpPromote := int64(0)
	profit := int64(0) // everyone's distributions above returned capital
	commitSum := int64(0)
	for _, c := range f.commit {
		commitSum += c
	}
	owed := make([]int64, K)
	parts := make([]int64, K)
	rem := make([]uint64, K)
	var lines []baseLine
	if ledger {
		lines = make([]baseLine, 0, (K+1)*f.P)
	}
	// Growth factors depend only on the number of days (ACT/365F), so
	// they are computed once per distinct day count.
	growth := map[int64]u128{}
	day := make([]int64, f.P) // each period end as a day number
	for i, e := range f.ends {
		day[i] = int64(e.Sub(f.start) / (24 * time.Hour))
	}
	factor := func(from, to int32) (u128, error) {
		days := day[to] - day[from]
		if g, ok := growth[days]; ok {
			return g, nil
		}
		d, err := benchPref.Growth(f.ends[from], f.ends[to])
		if err != nil {
			return u128{}, err
		}
		s := d.Shift(20)
		if !s.IsInteger() || s.Sign() < 0 || s.BigInt().BitLen() > 128 {
			return u128{}, fmt.Errorf("growth %s is not a 128-bit multiple of 10^-20", d)
		}
		bi := s.BigInt()
		g := u128{new(big.Int).Rsh(bi, 64).Uint64(), bi.Uint64()}
		growth[days] = g
		return g, nil
	}
	// hurdleAt is LP i's hurdle balance grown to period t.
	// hurdleAt remembers the balance it grew to t (grown, grownTo), which
	// a move at t then starts from.
	grown := make([]s128, K)
	grownTo := make([]int32, K)
	hurdleAt := func(i int, t int32) (s128, error) {
		if asOf[i] < 0 || asOf[i] == t {
			return hurdle[i], nil
		}
		if grownTo[i] == t {
			return grown[i], nil
		}
		g, err := factor(asOf[i], t)
		if err != nil {
			return s128{}, err
		}
		h, ok := growRound(hurdle[i], g)
		if !ok {
			return s128{}, fmt.Errorf("hurdle of LP %d overflows 128 bits", i)
		}
		grown[i], grownTo[i] = h, t
		return h, nil
	}
	const unitsPerCent = 100_000_000_000_000 // 10^16 / 10^2
	move := func(i int, t int32, cents int64) error {
		h, err := hurdleAt(i, t)
		if err != nil {
			return err
		}
		m, _ := mul64(u128{0, uint64(max(cents, -cents))}, unitsPerCent)
		hurdle[i], asOf[i], grownTo[i] = h.addInt(m, cents < 0), t, -1
		return nil
	}
	post := func(t int32, tr uint8, kind tranche.Kind, i int, amount, before, after int64) error {
		if ledger {
			lines = append(lines, baseLine{period: t, party: int32(i), tranche: tr, kind: kind, amount: amount, before: before, after: after})
		}
		byKind[i][kind] += amount
		periodPaid[t] += amount
		if kind == tranche.KindCapital {
			capReturned[i] += amount
		} else {
			profit += amount
		}
		if i < K {
			return move(i, t, -amount)
		}
		return nil
	}
	// payOwed pays owed[i] to LP i, sharing a shortfall by what is owed.
	payOwed := func(t int32, tr uint8, kind tranche.Kind, avail int64) (int64, error) {
		total := int64(0)
		for _, o := range owed {
			total += o
		}
		if total <= 0 {
			return 0, nil
		}
		pay := owed
		if avail < total {
			lrSplit(avail, owed, total, parts, rem)
			pay, total = parts, avail
		}
		for i, a := range pay {
			if a != 0 {
				if err := post(t, tr, kind, i, a, owed[i], owed[i]-a); err != nil {
					return 0, err
				}
			}
		}
		return total, nil
	}
	carryW := []int64{benchCarryDen - benchCarryNum, benchCarryNum}
	carryParts, carryRem := make([]int64, 2), make([]uint64, 2)
	for p := range f.P {
		t := int32(p)
		if c := f.calls[p]; c > 0 {
			lrSplit(c, f.commit, commitSum, parts, rem)
			for i, a := range parts {
				if a > 0 {
					contributed[i] += a
					if err := move(i, t, a); err != nil {
						return baseRun{}, err
					}
				}
			}
		}
		left := f.proceeds[p]
		if left <= 0 {
			continue
		}
		// Return of capital.
		for i := range owed {
			owed[i] = contributed[i] - capReturned[i]
		}
		paid, err := payOwed(t, bROC, tranche.KindCapital, left)
		if err != nil {
			return baseRun{}, err
		}
		left -= paid
		// Preferred return: the hurdle balance above unreturned capital,
		// rounded up to the cent.
		if left > 0 {
			for i := range owed {
				h, err := hurdleAt(i, t)
				if err != nil {
					return baseRun{}, err
				}
				x := h.addInt(u128{0, uint64(contributed[i] - capReturned[i])}, true)
				owed[i] = 0
				if !x.neg && x.mag != (u128{}) {
					if x.mag.hi >= unitsPerCent {
						return baseRun{}, fmt.Errorf("pref of LP %d overflows", i)
					}
					q, r := bits.Div64(x.mag.hi, x.mag.lo, unitsPerCent)
					if r > 0 {
						q++
					}
					owed[i] = int64(q)
				}
			}
			if paid, err = payOwed(t, bPref, tranche.KindPref, left); err != nil {
				return baseRun{}, err
			}
			left -= paid
		}
		// Catch-up: X = (k·P − G)/(1 − k), rounded up, all to the GP.
		if left > 0 {
			num := benchCarryNum*profit - benchCarryDen*gpPromote
			den := int64(benchCarryDen - benchCarryNum)
			if num > 0 {
				x := (num + den - 1) / den
				a := min(x, left)
				gpPromote += a
				if err := post(t, bCatchUp, tranche.KindCatchUp, K, a, x, x-a); err != nil {
					return baseRun{}, err
				}
				left -= a
			}
		}
		// Carry: 80% to the LPs by commitment, 20% to the GP.
		if left > 0 {
			lrSplit(left, carryW, benchCarryDen, carryParts, carryRem)
			lrSplit(carryParts[0], f.commit, commitSum, parts, rem)
			for i, a := range parts {
				if a != 0 {
					if err := post(t, bCarry, tranche.KindProfit, i, a, splitPaid[i], splitPaid[i]+a); err != nil {
						return baseRun{}, err
					}
					splitPaid[i] += a
				}
			}
			if a := carryParts[1]; a != 0 {
				gpPromote += a
				if err := post(t, bCarry, tranche.KindPromote, K, a, splitPaid[K], splitPaid[K]+a); err != nil {
					return baseRun{}, err
				}
				splitPaid[K] += a
			}
		}
	}
	return baseRun{lines: lines, contributed: contributed, byKind: byKind, paid: periodPaid}, nil
}

// floatLine is one payment of the float64 baseline.
type floatLine struct {
	period  int32
	party   int32
	tranche uint8
	kind    tranche.Kind
	amount  float64
	before  float64
	after   float64
}

// runFloat64 runs f in float64 dollars with no rounding; see the file
// comment.
func runFloat64(f *benchFund) []floatLine {
	K := f.K
	n := K + 1
	contributed := make([]float64, n)
	capReturned := make([]float64, n)
	splitPaid := make([]float64, n)
	hurdle := make([]float64, K)
	gpPromote, profit := 0.0, 0.0
	commit := make([]float64, K)
	commitSum := 0.0
	for i, c := range f.commit {
		commit[i] = float64(c) / 100
		commitSum += commit[i]
	}
	rate := benchPref.Annual.InexactFloat64()
	owed := make([]float64, K)
	lines := make([]floatLine, 0, 2*K*f.P/3)
	post := func(t int32, tr uint8, kind tranche.Kind, i int, amount, before, after float64) {
		lines = append(lines, floatLine{period: t, party: int32(i), tranche: tr, kind: kind, amount: amount, before: before, after: after})
		if kind == tranche.KindCapital {
			capReturned[i] += amount
		} else {
			profit += amount
		}
		if i < K {
			hurdle[i] -= amount
		}
	}
	payOwed := func(t int32, tr uint8, kind tranche.Kind, avail float64) float64 {
		total := 0.0
		for _, o := range owed {
			total += o
		}
		if total <= 0 {
			return 0
		}
		scale := 1.0
		if avail < total {
			scale, total = avail/total, avail
		}
		for i, o := range owed {
			if a := o * scale; a > 0 {
				post(t, tr, kind, i, a, o, o-a)
			}
		}
		return total
	}
	prev := f.start
	for p := range f.P {
		t := int32(p)
		g := math.Pow(1+rate, f.ends[p].Sub(prev).Hours()/24/365)
		prev = f.ends[p]
		for i := range hurdle {
			hurdle[i] *= g
		}
		if c := float64(f.calls[p]) / 100; c > 0 {
			for i := range commit {
				a := c * commit[i] / commitSum
				contributed[i] += a
				hurdle[i] += a
			}
		}
		left := float64(f.proceeds[p]) / 100
		if left <= 0 {
			continue
		}
		for i := range owed {
			owed[i] = contributed[i] - capReturned[i]
		}
		left -= payOwed(t, bROC, tranche.KindCapital, left)
		if left > 0 {
			for i := range owed {
				owed[i] = max(0, hurdle[i]-(contributed[i]-capReturned[i]))
			}
			left -= payOwed(t, bPref, tranche.KindPref, left)
		}
		if left > 0 {
			k := float64(benchCarryNum) / benchCarryDen
			if x := (k*profit - gpPromote) / (1 - k); x > 0 {
				a := min(x, left)
				gpPromote += a
				post(t, bCatchUp, tranche.KindCatchUp, K, a, x, x-a)
				left -= a
			}
		}
		if left > 0 {
			k := float64(benchCarryNum) / benchCarryDen
			lp := left * (1 - k)
			for i := range commit {
				a := lp * commit[i] / commitSum
				post(t, bCarry, tranche.KindProfit, i, a, splitPaid[i], splitPaid[i]+a)
				splitPaid[i] += a
			}
			gpPromote += left * k
			post(t, bCarry, tranche.KindPromote, K, left*k, splitPaid[K], splitPaid[K]+left*k)
			splitPaid[K] += left * k
		}
	}
	return lines
}

// TestInt64Baseline_MatchesEngine runs the benchmark fund through the
// engine and through runInt64, written independently from the fund's
// terms, and requires the same ledger, cent for cent: every payment's
// period, tranche, party, kind, amount, before and after, in order. The
// no-ledger floor's totals (each party's contributions and receipts by
// kind, each period's payout) must be the engine's too, with the ledger
// and with totals only.
func TestInt64Baseline_MatchesEngine(t *testing.T) {
	for _, c := range []struct{ P, K int }{{40, 2}, {40, 100}, {120, 2}, {120, 7}, {120, 100}, {1200, 3}} {
		t.Run(fmt.Sprintf("P=%d/K=%d", c.P, c.K), func(t *testing.T) {
			f := newBenchFund(c.P, c.K)
			d, err := f.deal()
			require.NoError(t, err)
			res, err := waterfall.Run(d)
			require.NoError(t, err)
			want, err := runInt64(f, true)
			require.NoError(t, err)
			party := map[tranche.PartyID]int32{benchGP: int32(c.K)}
			for i := range c.K {
				party[f.lpID(i)] = int32(i)
			}
			trancheIdx := map[tranche.TrancheID]uint8{}
			for i, id := range baseTrancheIDs {
				trancheIdx[id] = uint8(i)
			}
			got := make([]baseLine, res.Payments.Len())
			for i, p := range res.Payments.All() {
				got[i] = baseLine{period: int32(p.Period), party: party[p.Party], tranche: trancheIdx[p.Tranche], kind: p.Kind,
					amount: inCents(t, p.Amount), before: inCents(t, p.Before), after: inCents(t, p.After)}
			}
			if diff := cmp.Diff(want.lines, got, cmp.AllowUnexported(baseLine{})); diff != "" {
				t.Fatalf("engine ledger differs from the int64 baseline (-int64 +engine):\n%s", diff)
			}
			// Every kind of tier is reached, so the comparison covers them all.
			kinds := map[tranche.Kind]bool{}
			for _, l := range want.lines {
				kinds[l.kind] = true
			}
			require.Len(t, kinds, 5, "kinds paid: %v", kinds)

			floor, err := runInt64(f, false)
			require.NoError(t, err)
			require.Nil(t, floor.lines)
			tot, err := waterfall.RunWith(d, waterfall.RunOptions{TotalsOnly: true})
			require.NoError(t, err)
			for _, r := range []*waterfall.Result{res, tot} {
				for _, p := range r.Parties() {
					j := party[p.Party]
					require.Equal(t, floor.contributed[j], inCents(t, p.Contributed), "%s contributed", p.Party)
					for k, a := range p.ByKind {
						require.Equal(t, floor.byKind[j][k], inCents(t, a), "%s received as %s", p.Party, tranche.Kind(k))
					}
				}
				for i, s := range r.Periods {
					require.Equal(t, floor.paid[i], inCents(t, s.Paid), "period %d paid", i)
				}
			}
		})
	}
}

// inCents is d in whole cents.
func inCents(t testing.TB, d decimal.Decimal) int64 {
	t.Helper()
	require.True(t, d.Shift(2).IsInteger(), "%s is not whole cents", d)
	return d.Shift(2).IntPart()
}

// TestFloat64Baseline_Close checks the float64 baseline against the exact
// one: each party's total receipts agree to within a cent per payment.
func TestFloat64Baseline_Close(t *testing.T) {
	f := newBenchFund(120, 13)
	exact, err := runInt64(f, true)
	require.NoError(t, err)
	approx := runFloat64(f)
	got := make([]float64, f.K+1)
	want := make([]float64, f.K+1)
	for _, l := range approx {
		got[l.party] += l.amount
	}
	for _, l := range exact.lines {
		want[l.party] += float64(l.amount) / 100
	}
	for i := range want {
		require.InDelta(t, want[i], got[i], 0.01*float64(f.P), "party %d", i)
	}
}
