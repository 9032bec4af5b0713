package tranche

import (
	"github.com/shopspring/decimal"
)

// tierCheck tells, in int64 minor units and without allocating per
// amount, whether the split of a tier amount gives every investor of a
// [Hurdle] its requirement: the test that [Hurdle.least] makes at each
// step of its search.
type tierCheck struct {
	t       *Hurdle
	b       *Book
	req     []int64 // each investor's requirement, in minor units
	weights []int64 // the shares' weights, integers at a common exponent
	inv     []int   // for each party of the book, its index in t.Investors, or -1
	got     []int64 // scratch: each investor's part
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
		inv: make([]int, len(b.acc)), got: make([]int64, len(t.Investors))}
	for i, r := range req {
		u, ok := toUnits(r, b.scale)
		if !ok || !u.small() {
			return nil, false
		}
		c.req[i] = u.n
	}
	if !intWeights(t.Shares, c.weights) {
		return nil, false
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
	return c, true
}

// pays reports whether the split of x minor units gives every investor
// its requirement; ok is false when an amount does not fit in int64.
func (c *tierCheck) pays(x int64) (pays, ok bool) {
	if x <= 0 {
		return false, true // some investor is owed: nothing does not pay it
	}
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

// least is Hurdle.least in int64 minor units; ok is false when an amount
// does not fit, and the decimal search must answer.
func (c *tierCheck) least(hi int64) (int64, bool) {
	gap := int64(1)
	lo := hi - gap
	for {
		p, ok := c.pays(lo)
		if !ok {
			return 0, false
		}
		if !p {
			break
		}
		hi, gap = lo, 2*gap
		lo = max(0, hi-gap)
	}
	for hi-lo > 1 {
		mid := lo + (hi-lo)/2
		p, ok := c.pays(mid)
		if !ok {
			return 0, false
		}
		if p {
			hi = mid
		} else {
			lo = mid
		}
	}
	return hi, true
}
