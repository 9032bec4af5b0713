package tranche

import (
	"fmt"
	"math/bits"
	"slices"

	"github.com/jvwaterfall/jvwaterfall/contract"
	"github.com/shopspring/decimal"
)

// The least tier amount (docs/methods.md, "Tiers: rounding and the least
// amount"). The split of a tier x gives share s a_s ∈ {⌊x·w_s⌋, ⌈x·w_s⌉}
// (largest remainder: at most one unit more than the floor, and only on a
// positive remainder), and a party j of the share ⌊a_s·g_j⌋ or ⌈a_s·g_j⌉,
// g_j its commitment over the share's. So investor i's part is at most
//
//	U_i(x) = Σ_s ⌈⌈x·w_s⌉·g_si⌉   (over the non-promote shares it holds)
//
// which is non-decreasing in x, and the split of x can pay i only when
// U_i(x) ≥ R_i. The investors' parts of a share are at most its amount,
// so the split can pay them all only when V(x) = Σ_s ⌈x·w_s⌉ over the
// non-promote shares that hold an investor is at least Σ_i R_i (the
// common case of requirements in proportion to commitments, where this
// bound is nearly exact). The least x that meets both tests, L, is found
// by doubling and bisection on them (both monotone); the least amount that
// pays lies at or above L, so trying L, L+1, … in turn, with the exact
// split, finds it: the first amount that pays. The scan is short: with
// f_i = Σ_s w_s·g_si and m_i the shares i holds, the part lies within
// x·f_i ± 2·m_i, so L ≥ max_i (R_i − 2m_i)/f_i while every x ≥
// max_i (R_i + 2m_i)/f_i pays, and the scan tries at most
// max_i 4·m_i/f_i + 1 amounts.

// maxTierWork bounds the work of the scan for one tier amount, in parties
// split: trials times the parties of the tier's shares. Beyond it the
// search fails with an error wrapping [contract.ErrRange] instead of
// running on: it takes an investor with a few millionths of each tier
// dollar (see [Hurdle]).
const maxTierWork = 1 << 26

// tierCheck tells, in int64 minor units and without allocating per
// amount, whether the split of a tier amount gives every investor of a
// [Hurdle] its requirement (pays), or could (upper), and finds the least
// amount that does (least).
type tierCheck struct {
	t       *Hurdle
	b       *Book
	req     []int64 // each investor's requirement, in minor units
	weights []int64 // the shares' weights, integers at a common exponent
	den     int64   // their sum
	inv     []int   // for each party of the book, its index in t.Investors, or -1
	got     []int64 // scratch: each investor's part
	terms   [][]tierTerm
	held    []int // the non-promote shares that hold an investor
	total   int64 // the sum of req
	parties int64 // the parties of the tier's shares: the cost of one split
}

// tierTerm is one investor's place in a non-promote share: the share, and
// its commitment and the share's total as integers (1 and the count of
// parties when no party of the share has a commitment).
type tierTerm struct {
	share     int
	own, over int64
}

// newTierCheck returns the check of t's tier against req, or ok false when
// the requirements or the shares' weights do not fit in int64 (or the
// commitments do not: the book has no integer weights), and the caller
// must test amounts in decimal.
func newTierCheck(t *Hurdle, b *Book, req []decimal.Decimal) (*tierCheck, bool) {
	if b.weights == nil || 2*len(t.Shares) > len(b.wbuf) {
		return nil, false
	}
	c := &tierCheck{t: t, b: b, req: make([]int64, len(req)), weights: make([]int64, len(t.Shares)),
		inv: make([]int, len(b.acc)), got: make([]int64, len(t.Investors)), terms: make([][]tierTerm, len(t.Investors))}
	for i, r := range req {
		u, ok := toUnits(r, b.scale)
		if !ok || !u.small() || u.n >= 1<<62 { // so that upper's sums stay in int64
			return nil, false
		}
		c.req[i] = u.n
		if c.total += u.n; c.total >= 1<<62 {
			return nil, false
		}
	}
	if !intWeights(t.Shares, c.weights) {
		return nil, false
	}
	for _, w := range c.weights {
		c.den += w // below 2^62 each, and they sum to one at a common exponent: 10^k, k ≤ 18
	}
	for i := range c.inv {
		c.inv[i] = -1
	}
	idx, err := b.indexes(t.Investors)
	if err != nil {
		return nil, false
	}
	for k, i := range idx {
		c.inv[i] = k
	}
	for s, sh := range t.Shares {
		c.parties += int64(len(sh.Parties))
		if sh.Promote {
			continue
		}
		idx, err := b.indexes(sh.Parties)
		if err != nil {
			return nil, false
		}
		over, equal, holds := int64(0), false, false
		for _, i := range idx {
			over += b.weights[i] // the book's weights sum below 2^62
			holds = holds || c.inv[i] >= 0
		}
		if holds {
			c.held = append(c.held, s)
		}
		if over == 0 {
			over, equal = int64(len(idx)), true
		}
		for _, i := range idx {
			if k := c.inv[i]; k >= 0 {
				own := b.weights[i]
				if equal {
					own = 1
				}
				c.terms[k] = append(c.terms[k], tierTerm{share: s, own: own, over: over})
			}
		}
	}
	return c, true
}

// pays reports whether the split of x minor units gives every investor
// its requirement; ok is false when an amount does not fit in int64.
func (c *tierCheck) pays(x int64) (pays, ok bool) {
	n := len(c.weights)
	parts := c.b.wbuf[len(c.b.wbuf)-n:]
	if !c.b.split.SplitInt64(x, c.weights, parts) {
		return false, false
	}
	clear(c.got)
	for s, sh := range c.t.Shares {
		if sh.Promote || parts[s] == 0 {
			continue
		}
		idx, err := c.b.indexes(sh.Parties)
		if err != nil {
			return false, false
		}
		each, ok := byCommitmentUnits(c.b, idx, units{n: parts[s]})
		if !ok {
			return false, false
		}
		for j, i := range idx {
			if k := c.inv[i]; k >= 0 {
				c.got[k] += each[j]
			}
		}
	}
	for k, r := range c.req {
		if c.got[k] < r {
			return false, true
		}
	}
	return true, true
}

// upper reports whether U_i(x) ≥ R_i for every investor and V(x) ≥ Σ R_i:
// false means the split of x cannot pay some investor.
func (c *tierCheck) upper(x int64) bool {
	sum := int64(0)
	for _, s := range c.held {
		if sum >= c.total {
			break // below 2^62 + x ≤ 2^62 + 2^61
		}
		sum += ceilMulDiv(x, c.weights[s], c.den)
	}
	if sum < c.total {
		return false
	}
	for k, r := range c.req {
		sum := int64(0)
		for _, tm := range c.terms[k] {
			if sum >= r {
				break // below 2^62 + x ≤ 2^62 + 2^61
			}
			a := ceilMulDiv(x, c.weights[tm.share], c.den)
			sum += ceilMulDiv(a, tm.own, tm.over)
		}
		if sum < r {
			return false
		}
	}
	return true
}

// bracket returns lo < hi with upper(hi) and not upper(lo) (or lo = 0:
// nothing pays an investor that is owed), found by steps of 1, 2, 4, …
// units from x, down while upper holds and up while it does not; hi is −1
// when an amount would pass 2^61.
func (c *tierCheck) bracket(x int64) (lo, hi int64) {
	gap := int64(1)
	if c.upper(x) {
		for hi = x; hi > 0; gap *= 2 {
			if lo = max(0, hi-gap); !c.upper(lo) {
				return lo, hi
			}
			hi = lo
		}
		return 0, 0 // not reached: upper(0) is false
	}
	for lo = x; ; gap *= 2 {
		if hi = lo + gap; hi >= 1<<61 {
			return 0, -1
		}
		if c.upper(hi) {
			return lo, hi
		}
		lo = hi
	}
}

// ceilMulDiv is ⌈x·n/d⌉ for 0 ≤ x < 2^63 and 0 ≤ n ≤ d, d > 0: at most x.
func ceilMulDiv(x, n, d int64) int64 {
	hi, lo := bits.Mul64(uint64(x), uint64(n))
	q, r := bits.Div64(hi, lo, uint64(d)) // hi < d: x·n < 2^63·d
	if r > 0 {
		q++
	}
	return int64(q)
}

// least is the least amount whose split pays every investor, in minor
// units: L by doubling and bisection on upper, then the first amount from
// L that pays. ok is false when an amount does not fit in int64 and the
// decimal search must answer; err when the scan would exceed maxTierWork.
func (c *tierCheck) least(guess int64) (x int64, ok bool, err error) {
	lo, hi := c.bracket(max(1, guess))
	if hi < 0 {
		return 0, false, nil
	}
	for hi-lo > 1 {
		mid := lo + (hi-lo)/2
		if c.upper(mid) {
			hi = mid
		} else {
			lo = mid
		}
	}
	if c.t.monotone(c.b) {
		return c.climb(hi)
	}
	for x, work := hi, int64(0); ; x++ {
		if work += c.parties; work > maxTierWork {
			return 0, true, c.t.tooMuchWork()
		}
		p, ok := c.pays(x)
		if !ok {
			return 0, false, nil
		}
		if p {
			return x, true, nil
		}
	}
}

// climb is the least amount from x that pays, for a tier whose split is
// monotone (see Hurdle.monotone) and x−1 does not pay: up by 1, 2, 4, …
// units until an amount pays, then bisection between the last that failed
// and the first that paid.
func (c *tierCheck) climb(x int64) (int64, bool, error) {
	lo, step := x-1, int64(1)
	for {
		p, ok := c.pays(x)
		if !ok || x >= 1<<61 {
			return 0, false, nil
		}
		if p {
			break
		}
		lo, x, step = x, x+step, 2*step
	}
	for x-lo > 1 {
		mid := lo + (x-lo)/2
		p, ok := c.pays(mid)
		if !ok {
			return 0, false, nil
		}
		if p {
			x = mid
		} else {
			lo = mid
		}
	}
	return x, true, nil
}

// tooMuchWork is the error of a scan beyond maxTierWork.
func (t *Hurdle) tooMuchWork() error {
	return fmt.Errorf("tranche %q: the least tier amount needs more than %d parties split (an investor with a few millionths of each tier dollar): %w",
		t.Name, maxTierWork, contract.ErrRange)
}

// least is the least amount whose split gives every investor req (one > 0):
// by the tierCheck in int64 when the amounts fit and the first estimate is
// below 2^61 units (so upper's sums cannot overflow), otherwise in decimal.
func (t *Hurdle) least(b *Book, req []decimal.Decimal) (decimal.Decimal, error) {
	guess := t.guess(b, req)
	if c, ok := newTierCheck(t, b, req); ok {
		if g, ok := toUnits(guess, b.scale); ok && g.small() && g.n < 1<<61 {
			if x, ok, err := c.least(g.n); ok || err != nil {
				return decimal.New(x, -b.scale), err
			}
		}
	}
	pos := make(map[PartyID]int, len(t.Investors))
	for k, p := range t.Investors {
		pos[p] = k
	}
	unit := decimal.New(1, -b.scale)
	upper := func(x decimal.Decimal) (bool, error) { return t.upper(b, req, pos, x) }
	lo, hi, err := bracket(upper, decimal.Max(unit, guess), unit)
	if err != nil {
		return decimal.Zero, err
	}
	two := decimal.NewFromInt(2)
	for hi.Sub(lo).GreaterThan(unit) {
		half, _ := hi.Sub(lo).QuoRem(two, b.scale)
		mid := lo.Add(half)
		ok, err := upper(mid)
		if err != nil {
			return decimal.Zero, err
		}
		if ok {
			hi = mid
		} else {
			lo = mid
		}
	}
	if t.monotone(b) {
		return t.climb(b, req, hi)
	}
	parties := int64(0)
	for _, s := range t.Shares {
		parties += int64(len(s.Parties))
	}
	for x, work := hi, int64(0); ; x = x.Add(unit) {
		if work += parties; work > maxTierWork {
			return decimal.Zero, t.tooMuchWork()
		}
		ok, err := t.pays(b, req, x)
		if err != nil || ok {
			return x, err
		}
	}
}

// bracket is tierCheck.bracket in decimal, without a bound.
func bracket(upper func(decimal.Decimal) (bool, error), x, unit decimal.Decimal) (lo, hi decimal.Decimal, err error) {
	gap := unit
	ok, err := upper(x)
	if err != nil {
		return lo, hi, err
	}
	if ok {
		for hi = x; hi.Sign() > 0; gap = gap.Add(gap) {
			lo = decimal.Max(decimal.Zero, hi.Sub(gap))
			if ok, err = upper(lo); err != nil || !ok {
				return lo, hi, err
			}
			hi = lo
		}
		return lo, hi, nil // not reached: upper(0) is false
	}
	for lo = x; ; gap = gap.Add(gap) {
		hi = lo.Add(gap)
		if ok, err = upper(hi); err != nil || ok {
			return lo, hi, err
		}
		lo = hi
	}
}

// guess is where the search for L starts: the largest over the owed
// investors and the non-promote shares they hold of R_i·C/(w·c) (weight
// w, its commitment c of the share's C, or 1 of n), where that share
// alone gives it R_i. Any start gives the same L, in about
// 2·log2 |start − L| tests of the bound.
func (t *Hurdle) guess(b *Book, req []decimal.Decimal) decimal.Decimal {
	owed := make(map[PartyID]decimal.Decimal, len(t.Investors))
	for k, p := range t.Investors {
		owed[p] = req[k]
	}
	x := decimal.Zero
	for _, s := range t.Shares {
		if s.Promote || s.Weight.Sign() <= 0 {
			continue
		}
		idx, _ := b.indexes(s.Parties) // found by owed
		over, equal := decimal.Zero, false
		for _, i := range idx {
			over = over.Add(b.commit[i])
		}
		if over.IsZero() {
			over, equal = decimal.NewFromInt(int64(len(idx))), true
		}
		for j, i := range idx {
			r, own := owed[s.Parties[j]], b.commit[i]
			if equal {
				own = decimal.NewFromInt(1)
			}
			if r.Sign() > 0 && own.Sign() > 0 {
				x = decimal.Max(x, ceilDiv(r.Mul(over), s.Weight.Mul(own), b.scale))
			}
		}
	}
	return x
}

// climb is tierCheck.climb in decimal.
func (t *Hurdle) climb(b *Book, req []decimal.Decimal, x decimal.Decimal) (decimal.Decimal, error) {
	unit := decimal.New(1, -b.scale)
	lo, step := x.Sub(unit), unit
	for {
		ok, err := t.pays(b, req, x)
		if err != nil {
			return decimal.Zero, err
		}
		if ok {
			break
		}
		lo, x, step = x, x.Add(step), step.Add(step)
	}
	two := decimal.NewFromInt(2)
	for x.Sub(lo).GreaterThan(unit) {
		half, _ := x.Sub(lo).QuoRem(two, b.scale)
		mid := lo.Add(half)
		ok, err := t.pays(b, req, mid)
		if err != nil {
			return decimal.Zero, err
		}
		if ok {
			x = mid
		} else {
			lo = mid
		}
	}
	return x, nil
}

// monotone reports whether every party's part of the tier is
// non-decreasing in the tier amount, so that the amounts that pay every
// investor are all those from the least one up: largest remainder between
// two parts is monotone (the first part is the exact one rounded half up,
// ties to it), and so is an equal split (⌊a/n⌋ plus one for the first
// a mod n parties), and a monotone split of a monotone part is monotone.
// So: at most two shares, and in each non-promote share at most two
// parties or commitments all equal.
func (t *Hurdle) monotone(b *Book) bool {
	if len(t.Shares) > 2 {
		return false
	}
	for _, s := range t.Shares {
		if s.Promote || len(s.Parties) <= 2 {
			continue
		}
		idx, _ := b.indexes(s.Parties)
		for _, i := range idx {
			if !b.commit[i].Equal(b.commit[idx[0]]) {
				return false
			}
		}
	}
	return true
}

// upper is tierCheck.upper in decimal: whether U_i(x) ≥ req_i for every
// investor, pos giving each investor's index.
func (t *Hurdle) upper(b *Book, req []decimal.Decimal, pos map[PartyID]int, x decimal.Decimal) (bool, error) {
	one := decimal.NewFromInt(1)
	u := make([]decimal.Decimal, len(t.Investors))
	v, total := decimal.Zero, decimal.Zero
	for _, r := range req {
		total = total.Add(r)
	}
	for _, s := range t.Shares {
		if s.Promote {
			continue
		}
		a := ceilDiv(x.Mul(s.Weight), one, b.scale)
		if slices.ContainsFunc(s.Parties, func(p PartyID) bool { _, ok := pos[p]; return ok }) {
			v = v.Add(a)
		}
		over, equal := decimal.Zero, false
		for _, p := range s.Parties {
			i, err := b.lookup(p)
			if err != nil {
				return false, fmt.Errorf("tranche %q: %w", t.Name, err)
			}
			over = over.Add(b.commit[i])
		}
		if over.IsZero() {
			over, equal = decimal.NewFromInt(int64(len(s.Parties))), true
		}
		for _, p := range s.Parties {
			k, ok := pos[p]
			if !ok {
				continue
			}
			own := one
			if !equal {
				i, _ := b.lookup(p)
				own = b.commit[i]
			}
			u[k] = u[k].Add(ceilDiv(a.Mul(own), over, b.scale))
		}
	}
	if v.LessThan(total) {
		return false, nil
	}
	for k, r := range req {
		if u[k].LessThan(r) {
			return false, nil
		}
	}
	return true, nil
}
