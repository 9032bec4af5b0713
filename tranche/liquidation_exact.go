package tranche

import (
	"fmt"
	"math/big"
	"slices"
	"sort"

	"github.com/jvwaterfall/jvwaterfall/contract"
	"github.com/shopspring/decimal"
)

// This file holds the exact (rational) solution of a cap table at an exit
// value, and the breakpoints derived from it. See [CapTable] for the
// method.

// lqKind is how a class's payout depends on the value per common share p,
// once every preference is paid.
type lqKind uint8

const (
	lqCommon  lqKind = iota // common stock or options: n·max(0, p − strike)
	lqNonPart               // non-participating: max(pref, n·p)
	lqPart                  // participating: pref + n·p
	lqCapped                // capped participating: max(min(pref + n·p, cap), n·p)
)

type lqHolder struct {
	party  PartyID
	shares *big.Rat // as converted
	pref   *big.Rat // Multiple × Invested + Accrued
}

type lqClass struct {
	name      string
	series    bool
	kind      lqKind
	rank      int
	n         *big.Rat // as-converted shares
	pref      *big.Rat // preference
	cap       *big.Rat // capped: the cap, Cap × invested
	strike    *big.Rat // options: the strike
	strikeDec decimal.Decimal
	sharesDec decimal.Decimal
	holders   []lqHolder
}

// lqModel is a validated cap table in exact arithmetic.
type lqModel struct {
	classes []lqClass
	ranks   [][]int    // indexes of the series, most senior rank first
	e0      *big.Rat   // all the preferences: E(0)
	points  []*big.Rat // 0 and every threshold of p, ascending, distinct
	values  []*big.Rat // E at each point
	shares  *big.Rat   // every class's as-converted shares: E's slope above the last point
}

func (t *CapTable) model() (*lqModel, error) {
	if err := t.Validate(); err != nil {
		return nil, err
	}
	m := &lqModel{e0: new(big.Rat), shares: new(big.Rat)}
	for _, s := range t.Preferred {
		ratio := ratOf(s.ConversionRatio)
		if ratio.Sign() == 0 {
			ratio.SetInt64(1)
		}
		mult := ratOf(s.Multiple)
		cl := lqClass{name: s.Name, series: true, rank: s.Seniority, n: new(big.Rat), pref: new(big.Rat), cap: new(big.Rat), strike: new(big.Rat)}
		switch {
		case !s.Participating:
			cl.kind = lqNonPart
		case s.Cap.Sign() > 0:
			cl.kind = lqCapped
		default:
			cl.kind = lqPart
		}
		invested := new(big.Rat)
		for _, h := range s.Holders {
			lh := lqHolder{party: h.Party, shares: ratMul(ratOf(h.Shares), ratio), pref: ratAdd(ratMul(mult, ratOf(h.Invested)), ratOf(h.Accrued))}
			cl.n = ratAdd(cl.n, lh.shares)
			cl.pref = ratAdd(cl.pref, lh.pref)
			invested = ratAdd(invested, ratOf(h.Invested))
			cl.holders = append(cl.holders, lh)
		}
		cl.cap = ratMul(ratOf(s.Cap), invested)
		m.classes = append(m.classes, cl)
	}
	for _, c := range t.Common {
		cl := lqClass{name: c.Name, kind: lqCommon, n: new(big.Rat), pref: new(big.Rat), cap: new(big.Rat),
			strike: ratOf(c.Strike), strikeDec: c.Strike, sharesDec: decimal.Zero}
		for _, h := range c.Holders {
			lh := lqHolder{party: h.Party, shares: ratOf(h.Shares), pref: new(big.Rat)}
			cl.n = ratAdd(cl.n, lh.shares)
			cl.sharesDec = cl.sharesDec.Add(h.Shares)
			cl.holders = append(cl.holders, lh)
		}
		m.classes = append(m.classes, cl)
	}
	// Seniority ranks, most senior first; series keep their order within one.
	var seniorities []int
	for _, cl := range m.classes {
		if cl.series && !slices.Contains(seniorities, cl.rank) {
			seniorities = append(seniorities, cl.rank)
		}
	}
	slices.Sort(seniorities)
	slices.Reverse(seniorities)
	for _, r := range seniorities {
		var group []int
		for i, cl := range m.classes {
			if cl.series && cl.rank == r {
				group = append(group, i)
			}
		}
		m.ranks = append(m.ranks, group)
	}
	points := []*big.Rat{new(big.Rat)}
	for _, cl := range m.classes {
		m.e0 = ratAdd(m.e0, cl.pref)
		m.shares = ratAdd(m.shares, cl.n)
		points = append(points, cl.thresholds()...)
	}
	slices.SortFunc(points, func(a, b *big.Rat) int { return a.Cmp(b) })
	points = slices.CompactFunc(points, func(a, b *big.Rat) bool { return a.Cmp(b) == 0 })
	m.points = points
	for _, p := range points {
		m.values = append(m.values, m.exitAt(p))
	}
	return m, nil
}

// thresholds are the values of p at which the class's payout changes
// slope.
func (cl *lqClass) thresholds() []*big.Rat {
	switch cl.kind {
	case lqCommon:
		return []*big.Rat{cl.strike}
	case lqNonPart:
		return []*big.Rat{ratQuo(cl.pref, cl.n)}
	case lqCapped:
		return []*big.Rat{ratQuo(ratSub(cl.cap, cl.pref), cl.n), ratQuo(cl.cap, cl.n)}
	}
	return nil
}

// value is the class's payout at price p once every preference is paid.
func (cl *lqClass) value(p *big.Rat) *big.Rat {
	np := ratMul(cl.n, p)
	switch cl.kind {
	case lqCommon:
		if p.Cmp(cl.strike) <= 0 {
			return new(big.Rat)
		}
		return ratMul(cl.n, ratSub(p, cl.strike))
	case lqNonPart:
		return ratMax(cl.pref, np)
	case lqPart:
		return ratAdd(cl.pref, np)
	default: // lqCapped
		return ratMax(ratMin(ratAdd(cl.pref, np), cl.cap), np)
	}
}

// exitAt is E(p): the exit value at which the value per common share is p.
func (m *lqModel) exitAt(p *big.Rat) *big.Rat {
	e := new(big.Rat)
	for i := range m.classes {
		e = ratAdd(e, m.classes[i].value(p))
	}
	return e
}

// priceAt is the least p with E(p) = x, and whether x is above E(0)
// (otherwise p is 0 and preferences are not all paid).
func (m *lqModel) priceAt(x *big.Rat) (*big.Rat, bool) {
	if x.Cmp(m.e0) <= 0 {
		return new(big.Rat), false
	}
	// values[0] = E(0) < x, so k >= 0: the last point with E below x.
	k := sort.Search(len(m.values), func(i int) bool { return m.values[i].Cmp(x) >= 0 }) - 1
	over := ratSub(x, m.values[k])
	if k == len(m.points)-1 {
		return ratAdd(m.points[k], ratQuo(over, m.shares)), true
	}
	// E is linear on [points[k], points[k+1]] and rises there, since
	// values[k] < x <= values[k+1].
	slope := ratQuo(ratSub(m.values[k+1], m.values[k]), ratSub(m.points[k+1], m.points[k]))
	return ratAdd(m.points[k], ratQuo(over, slope)), true
}

type lqResult struct {
	pref, part                   *big.Rat
	converted, exercised, capped bool
}

type lqSolution struct {
	exit, p *big.Rat
	priced  bool
	classes []lqResult
}

// solve finds every class's exact payout at exit value x.
func (m *lqModel) solve(x *big.Rat) lqSolution {
	s := lqSolution{exit: x, classes: make([]lqResult, len(m.classes))}
	for i := range s.classes {
		s.classes[i] = lqResult{pref: new(big.Rat), part: new(big.Rat)}
	}
	s.p, s.priced = m.priceAt(x)
	if !s.priced {
		// Preferences by seniority; pari passu within a rank.
		left := new(big.Rat).Set(x)
		for _, group := range m.ranks {
			total := new(big.Rat)
			for _, i := range group {
				total = ratAdd(total, m.classes[i].pref)
			}
			pay := ratMin(left, total)
			if pay.Sign() > 0 {
				for _, i := range group {
					s.classes[i].pref = ratQuo(ratMul(pay, m.classes[i].pref), total)
				}
			}
			left = ratSub(left, pay)
		}
		return s
	}
	p := s.p
	for i := range m.classes {
		cl, r := &m.classes[i], &s.classes[i]
		np := ratMul(cl.n, p)
		switch cl.kind {
		case lqCommon:
			if p.Cmp(cl.strike) > 0 {
				r.part = ratMul(cl.n, ratSub(p, cl.strike))
				r.exercised = cl.strike.Sign() > 0
			}
		case lqNonPart:
			if np.Cmp(cl.pref) > 0 {
				r.converted, r.part = true, np
			} else {
				r.pref = cl.pref
			}
		case lqPart:
			r.pref, r.part = cl.pref, np
		case lqCapped:
			if np.Cmp(cl.cap) > 0 {
				r.converted, r.part = true, np
				break
			}
			r.pref = cl.pref
			head := ratSub(cl.cap, cl.pref)
			r.part = ratMin(np, head)
			r.capped = np.Cmp(head) >= 0
		}
	}
	return s
}

// lqLine is one holder's preference or participation: one payment.
type lqLine struct {
	group  int // one per holding: a holder's lines in one class
	party  PartyID
	kind   Kind
	amount *big.Rat // exact
	owed   *big.Rat // preference lines: the holder's preference
}

// lines splits each class's payout among its holders: preference by what
// they are owed, the rest by shares. Series have two lines per holder
// (preference, participation), common classes one.
func (m *lqModel) lines(s lqSolution) []lqLine {
	var out []lqLine
	g := 0
	for i := range m.classes {
		cl, r := &m.classes[i], s.classes[i]
		for _, h := range cl.holders {
			if cl.series {
				amount := new(big.Rat)
				if cl.pref.Sign() > 0 {
					amount = ratQuo(ratMul(r.pref, h.pref), cl.pref)
				}
				out = append(out, lqLine{group: g, party: h.party, kind: KindPref, amount: amount, owed: h.pref})
			}
			out = append(out, lqLine{group: g, party: h.party, kind: KindProfit, amount: ratQuo(ratMul(r.part, h.shares), cl.n)})
			g++
		}
	}
	return out
}

// allot pays total (whole minor units) among the lines, given what each
// has been paid already (nothing, for a single exit payment): each
// holding gets a share of total in proportion to what it is still short
// of its exact amount, rounded by largest remainder (roundRats); within
// the holding the preference line takes what it is short, rounded down,
// and the participation line the rest. When the exact amounts add up to
// what has been paid plus total, each holding ends within one minor unit
// of its exact amount.
func allot(total decimal.Decimal, lines []lqLine, paid []decimal.Decimal, scale int32) ([]decimal.Decimal, error) {
	if len(lines) == 0 {
		return roundRats(total, nil, scale)
	}
	groups := lines[len(lines)-1].group + 1
	short := make([]*big.Rat, groups)
	for i := range short {
		short[i] = new(big.Rat)
	}
	for i, l := range lines {
		short[l.group] = ratAdd(short[l.group], ratSub(l.amount, ratOf(paid[i])))
	}
	left, err := roundRats(total, short, scale)
	if err != nil {
		return nil, err
	}
	out := make([]decimal.Decimal, len(lines))
	for i, l := range lines {
		if l.kind != KindPref {
			out[i] = left[l.group]
			continue
		}
		owe := ratSub(l.amount, ratOf(paid[i]))
		y := decimal.Zero
		if owe.Sign() > 0 {
			y = decimal.Min(ratFloor(owe, scale), left[l.group])
		}
		out[i] = y
		left[l.group] = left[l.group].Sub(y)
	}
	return out, nil
}

// BreakpointKind says what happens to a class at a [Breakpoint]. New
// kinds are only ever added at the end.
type BreakpointKind uint8

// The kinds of breakpoint.
const (
	BreakStart          BreakpointKind = iota // the class starts to receive
	BreakPreferencePaid                       // the series' preference is paid in full
	BreakParticipates                         // a participating series starts to share with common
	BreakCapReached                           // a capped series reaches its cap
	BreakConverts                             // the series converts to common
)

var breakNames = []string{"starts to receive", "preference paid", "participates", "cap reached", "converts"}

// String describes the kind, e.g. "converts".
func (k BreakpointKind) String() string {
	if int(k) < len(breakNames) {
		return breakNames[k]
	}
	return fmt.Sprintf("BreakpointKind(%d)", uint8(k))
}

// MarshalText encodes the kind as its name, e.g. "cap reached".
func (k BreakpointKind) MarshalText() ([]byte, error) {
	if int(k) >= len(breakNames) {
		return nil, fmt.Errorf("breakpoint kind %d: %w", uint8(k), contract.ErrInvalid)
	}
	return []byte(breakNames[k]), nil
}

// UnmarshalText decodes a kind from its name, as printed by
// [BreakpointKind.String].
func (k *BreakpointKind) UnmarshalText(b []byte) error {
	for i, n := range breakNames {
		if n == string(b) {
			*k = BreakpointKind(i)
			return nil
		}
	}
	return fmt.Errorf("unknown breakpoint kind %q: %w", b, contract.ErrInvalid)
}

// Breakpoint is an exit value at which a class's payout changes course:
// for every exit value above Exit the class is in its new state (paid,
// converted, capped), at and below it is not. Between breakpoints every
// payout is linear in the exit value.
type Breakpoint struct {
	Exit  decimal.Decimal // the exit value; exact when Exact, else rounded half up to LiquidationPlaces
	Exact bool            // Exit is the exact breakpoint
	Price decimal.Decimal // the value per common share at which it happens (rounded to LiquidationPlaces); zero for preferences
	Class string
	Kind  BreakpointKind
}

// Breakpoints returns the exit values at which each class starts to
// receive, each preference is paid in full, each participating series
// starts to participate or reaches its cap, and each series converts,
// ascending by exit value (ties in class order). They are exact: E(p) is
// evaluated in rational arithmetic at each threshold of p, and the
// preference stack at its cumulative sums.
//
// Breakpoints returns an error if the terms are invalid.
func (t *CapTable) Breakpoints() ([]Breakpoint, error) {
	m, err := t.model()
	if err != nil {
		return nil, err
	}
	bs := m.breakpoints()
	out := make([]Breakpoint, len(bs))
	for i, b := range bs {
		x, exact := ratDecimal(b.exit, LiquidationPlaces)
		p, _ := ratDecimal(b.p, LiquidationPlaces)
		out[i] = Breakpoint{Exit: x, Exact: exact, Price: p, Class: m.classes[b.class].name, Kind: b.kind}
	}
	return out, nil
}

// lqBreak is a breakpoint in exact arithmetic.
type lqBreak struct {
	exit, p *big.Rat
	class   int
	kind    BreakpointKind
}

func (m *lqModel) breakpoints() []lqBreak {
	var bs []lqBreak
	note := func(x, p *big.Rat, class int, k BreakpointKind) { bs = append(bs, lqBreak{x, p, class, k}) }
	zero := new(big.Rat)
	stack := new(big.Rat)
	for _, group := range m.ranks {
		total := new(big.Rat)
		for _, i := range group {
			total = ratAdd(total, m.classes[i].pref)
		}
		for _, i := range group {
			if m.classes[i].pref.Sign() > 0 {
				note(stack, zero, i, BreakStart)
				note(ratAdd(stack, total), zero, i, BreakPreferencePaid)
			}
		}
		stack = ratAdd(stack, total)
	}
	for i := range m.classes {
		cl := &m.classes[i]
		th := cl.thresholds()
		if cl.series && cl.pref.Sign() == 0 {
			note(m.e0, zero, i, BreakStart)
		}
		switch cl.kind {
		case lqCommon:
			note(m.exitAt(cl.strike), cl.strike, i, BreakStart)
		case lqNonPart:
			note(m.exitAt(th[0]), th[0], i, BreakConverts)
		case lqPart:
			note(m.e0, zero, i, BreakParticipates)
		case lqCapped:
			if cl.cap.Cmp(cl.pref) > 0 { // no room to participate when the cap is the preference
				note(m.e0, zero, i, BreakParticipates)
			}
			note(m.exitAt(th[0]), th[0], i, BreakCapReached)
			note(m.exitAt(th[1]), th[1], i, BreakConverts)
		}
	}
	slices.SortStableFunc(bs, func(a, b lqBreak) int {
		if c := a.exit.Cmp(b.exit); c != 0 {
			return c
		}
		return a.class - b.class
	})
	return bs
}

// ExitFor returns the least exit value, in whole minor units at scale, at
// which the class named class receives at least amount (exactly, before
// rounding to minor units): for founders' common and amount 1, the exit
// the founders need before they see their first dollar. It is found
// exactly: a class's payout is continuous and linear in the exit value
// between the breakpoints, so it is solved on the right segment.
//
// ExitFor returns an error if the terms are invalid, no class is named
// class, amount is negative or scale is outside 0..8.
func (t *CapTable) ExitFor(class string, amount decimal.Decimal, scale int32) (decimal.Decimal, error) {
	m, err := t.model()
	if err != nil {
		return decimal.Zero, err
	}
	if scale < 0 || scale > 8 {
		return decimal.Zero, fieldErr("scale", fmt.Errorf("%d, want 0 to 8: %w", scale, contract.ErrRange))
	}
	if amount.Sign() < 0 {
		return decimal.Zero, fieldErr("amount", contract.ErrNegative)
	}
	if amount.Exponent() < -maxDigitsExp || amount.Exponent() > maxDigitsExp {
		return decimal.Zero, fieldErr("amount", fmt.Errorf("%s has too many digits: %w", amount, contract.ErrRange))
	}
	ci := -1
	for i := range m.classes {
		if m.classes[i].name == class {
			ci = i
		}
	}
	if ci < 0 {
		return decimal.Zero, fieldErr("class", fmt.Errorf("no class %q: %w", class, contract.ErrInvalid))
	}
	want := ratOf(amount)
	if want.Sign() == 0 {
		return decimal.New(0, -scale), nil
	}
	// Knots: every exit value at which some payout changes slope.
	knots := []*big.Rat{new(big.Rat)}
	stack := new(big.Rat)
	for _, group := range m.ranks {
		for _, i := range group {
			stack = ratAdd(stack, m.classes[i].pref)
		}
		knots = append(knots, stack)
	}
	knots = append(knots, m.values...)
	slices.SortFunc(knots, func(a, b *big.Rat) int { return a.Cmp(b) })
	knots = slices.CompactFunc(knots, func(a, b *big.Rat) bool { return a.Cmp(b) == 0 })
	got := func(x *big.Rat) *big.Rat {
		r := m.solve(x).classes[ci]
		return ratAdd(r.pref, r.part)
	}
	prevX, prevV := knots[0], got(knots[0])
	for _, x := range knots[1:] {
		v := got(x)
		if v.Cmp(want) >= 0 {
			// prevV < want <= v: linear in between.
			at := ratAdd(prevX, ratQuo(ratMul(ratSub(want, prevV), ratSub(x, prevX)), ratSub(v, prevV)))
			return ratCeil(at, scale), nil
		}
		prevX, prevV = x, v
	}
	// Above the last knot every class is as converted: the class gains
	// n/N of each further unit of exit value.
	at := ratAdd(prevX, ratQuo(ratMul(ratSub(want, prevV), m.shares), m.classes[ci].n))
	return ratCeil(at, scale), nil
}

// Exact arithmetic helpers. Each returns a new value.

func ratAdd(a, b *big.Rat) *big.Rat { return new(big.Rat).Add(a, b) }
func ratSub(a, b *big.Rat) *big.Rat { return new(big.Rat).Sub(a, b) }
func ratMul(a, b *big.Rat) *big.Rat { return new(big.Rat).Mul(a, b) }

// ratQuo is a/b; callers guarantee b is not zero (shares are positive, and
// segments of E that are divided by rise).
func ratQuo(a, b *big.Rat) *big.Rat { return new(big.Rat).Quo(a, b) }

func ratMin(a, b *big.Rat) *big.Rat {
	if a.Cmp(b) <= 0 {
		return a
	}
	return b
}

func ratMax(a, b *big.Rat) *big.Rat {
	if a.Cmp(b) >= 0 {
		return a
	}
	return b
}

func ratPow10(n int32) *big.Int { return new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(n)), nil) }

// ratOf is d as an exact rational.
func ratOf(d decimal.Decimal) *big.Rat {
	r := new(big.Rat).SetInt(d.Coefficient())
	switch e := d.Exponent(); {
	case e > 0:
		r.Mul(r, new(big.Rat).SetInt(ratPow10(e)))
	case e < 0:
		r.Quo(r, new(big.Rat).SetInt(ratPow10(-e)))
	}
	return r
}

// ratDecimal is r rounded half away from zero to places decimals, and
// whether that is exact.
func ratDecimal(r *big.Rat, places int32) (decimal.Decimal, bool) {
	num := new(big.Int).Mul(r.Num(), ratPow10(places))
	q, rem := new(big.Int).QuoRem(num, r.Denom(), new(big.Int))
	if rem.Sign() == 0 {
		return decimal.NewFromBigInt(q, -places), true
	}
	twice := new(big.Int).Mul(new(big.Int).Abs(rem), big.NewInt(2))
	if twice.Cmp(r.Denom()) >= 0 {
		q.Add(q, big.NewInt(int64(r.Sign())))
	}
	return decimal.NewFromBigInt(q, -places), false
}

// ratFloor is r (not negative) rounded down to places decimals.
func ratFloor(r *big.Rat, places int32) decimal.Decimal {
	num := new(big.Int).Mul(r.Num(), ratPow10(places))
	return decimal.NewFromBigInt(num.Quo(num, r.Denom()), -places)
}

// ratCeil is r rounded up to places decimals.
func ratCeil(r *big.Rat, places int32) decimal.Decimal {
	num := new(big.Int).Mul(r.Num(), ratPow10(places))
	q, rem := new(big.Int).QuoRem(num, r.Denom(), new(big.Int))
	if rem.Sign() > 0 {
		q.Add(q, big.NewInt(1))
	}
	return decimal.NewFromBigInt(q, -places)
}
