package tranche

import (
	"math/big"
	"slices"

	"github.com/shopspring/decimal"
)

// hurdleTable is every party's hurdleState at one rate, split by how
// often it is read. A fund's pass reads each party's state once a period,
// and a hundred parties' states of two cache lines each, with the
// accounts and the move rows, do not stay in the first-level cache from
// one period to the next: the fixed-point balances, dates, int64 last
// move and flags (hot, one 64-byte line a party) are all the common path
// reads; the decimal balance and the wide last move are kept apart (cold,
// made when a state first needs them).
//
// A state's asOf is always its lastDate (the replays set them together,
// and both start at -1), so the table keeps lastDate alone.
type hurdleTable struct {
	hot  []hurdleHot
	cold []hurdleCold // nil: every party's is zero
}

// hurdleHot is a hurdleState's fixed-point part: fix and grown are the
// magnitudes of the balances, fixNeg and grownNeg their signs, lastIn and
// lastOut the int64 amounts of last; slow is the state's flags.
type hurdleHot struct {
	fix, grown              u128
	next, lastDate, grownTo int32
	slow                    uint8
	fixNeg, grownNeg        bool
	lastIn, lastOut         int64
}

// store writes a state back field by field: a composite literal is
// built on the stack and copied 16 bytes at a time, and each copy waits
// for the narrower writes under it, a stall of several cycles per copy
// on the fast paths' every call.
func (st *hurdleHot) store(fix, grown fixed, next, lastDate, grownTo int32, lastIn, lastOut int64) {
	st.fix, st.grown = fix.mag, grown.mag
	st.next, st.lastDate, st.grownTo = next, lastDate, grownTo
	st.slow, st.fixNeg, st.grownNeg = 0, fix.neg, grown.neg
	st.lastIn, st.lastOut = lastIn, lastOut
}

// hurdleCold is a hurdleState's decimal balance and wide last move.
type hurdleCold struct {
	dec  decimal.Decimal
	last [2]*big.Int
}

// A state's flags (hurdleHot.slow): the fast paths take a state with
// none.
const (
	hurdleDec  uint8 = 1 << iota // isDec
	hurdleWide                   // last holds a wide amount (in cold)
)

// newHurdleTable returns the hurdle states of n parties, none replayed.
func newHurdleTable(n int) hurdleTable {
	t := hurdleTable{hot: make([]hurdleHot, n)}
	for j := range t.hot {
		t.hot[j].lastDate = -1
	}
	return t
}

// get returns party i's state.
func (t *hurdleTable) get(i int) hurdleState {
	h := &t.hot[i]
	st := hurdleState{
		hurdleValue: hurdleValue{fix: fixed{h.fixNeg, h.fix}, isDec: h.slow&hurdleDec != 0},
		asOf:        h.lastDate, next: h.next, lastDate: h.lastDate,
		last:  [2]units{{n: h.lastIn}, {n: h.lastOut}},
		grown: fixed{h.grownNeg, h.grown}, grownTo: h.grownTo,
	}
	if t.cold != nil {
		c := &t.cold[i]
		st.dec, st.last[0].b, st.last[1].b = c.dec, c.last[0], c.last[1]
	}
	return st
}

// set stores st (whose asOf is its lastDate) as party i's state.
func (t *hurdleTable) set(i int, st *hurdleState) {
	var f uint8
	if st.isDec {
		f |= hurdleDec
	}
	if st.last[0].b != nil || st.last[1].b != nil {
		f |= hurdleWide
	}
	t.hot[i] = hurdleHot{fix: st.fix.mag, grown: st.grown.mag, next: st.next, lastDate: st.lastDate,
		grownTo: st.grownTo, slow: f, fixNeg: st.fix.neg, grownNeg: st.grown.neg, lastIn: st.last[0].n, lastOut: st.last[1].n}
	c := hurdleCold{st.dec, [2]*big.Int{st.last[0].b, st.last[1].b}}
	if t.cold == nil && c != (hurdleCold{}) {
		t.cold = make([]hurdleCold, len(t.hot))
	}
	if t.cold != nil {
		t.cold[i] = c
	}
}

// clone returns a copy of t that shares nothing that changes.
func (t *hurdleTable) clone() hurdleTable {
	return hurdleTable{hot: slices.Clone(t.hot), cold: slices.Clone(t.cold)}
}
