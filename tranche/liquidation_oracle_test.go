package tranche

import (
	"fmt"
	"math/big"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"
)

// This file keeps the first, quadratic implementation of the cap table's
// model, breakpoints and ExitFor, as an oracle for the O(n log n) one: it
// evaluates E(p) at every point by summing every class's payout, scans
// the seniorities once per rank, and solves the whole table at every knot.

// quadraticModel is lqModel built as it first was.
func (t *CapTable) quadraticModel() (*lqModel, error) {
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
		m.values = append(m.values, m.sumAt(p))
	}
	return m, nil
}

// sumAt is E(p) as the sum of every class's payout at p.
func (m *lqModel) sumAt(p *big.Rat) *big.Rat {
	e := new(big.Rat)
	for i := range m.classes {
		e = ratAdd(e, m.classes[i].value(p))
	}
	return e
}

// quadraticBreakpoints is breakpoints with E evaluated by sumAt.
func (m *lqModel) quadraticBreakpoints() []lqBreak {
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
			note(m.sumAt(cl.strike), cl.strike, i, BreakStart)
		case lqNonPart:
			note(m.sumAt(th[0]), th[0], i, BreakConverts)
		case lqPart:
			note(m.e0, zero, i, BreakParticipates)
		case lqCapped:
			if cl.cap.Cmp(cl.pref) > 0 {
				note(m.e0, zero, i, BreakParticipates)
			}
			note(m.sumAt(th[0]), th[0], i, BreakCapReached)
			note(m.sumAt(th[1]), th[1], i, BreakConverts)
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

// quadraticExitFor is ExitFor's search, solving the table at every knot
// in turn, for class ci and a positive amount.
func (m *lqModel) quadraticExitFor(ci int, amount decimal.Decimal, scale int32) decimal.Decimal {
	want := ratOf(amount)
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
			at := ratAdd(prevX, ratQuo(ratMul(ratSub(want, prevV), ratSub(x, prevX)), ratSub(v, prevV)))
			return ratCeil(at, scale)
		}
		prevX, prevV = x, v
	}
	at := ratAdd(prevX, ratQuo(ratMul(ratSub(want, prevV), m.shares), m.classes[ci].n))
	return ratCeil(at, scale)
}

// sameModel reports how two models differ, or "" when they are the same.
func sameModel(old, m *lqModel) string {
	switch {
	case old.e0.Cmp(m.e0) != 0:
		return fmt.Sprintf("E(0) %s, want %s", m.e0, old.e0)
	case old.shares.Cmp(m.shares) != 0:
		return fmt.Sprintf("shares %s, want %s", m.shares, old.shares)
	case !slices.EqualFunc(old.ranks, m.ranks, slices.Equal[[]int]):
		return fmt.Sprintf("ranks %v, want %v", m.ranks, old.ranks)
	case len(old.points) != len(m.points) || len(old.values) != len(m.values):
		return fmt.Sprintf("%d points, want %d", len(m.points), len(old.points))
	}
	for i := range old.points {
		if old.points[i].Cmp(m.points[i]) != 0 || old.values[i].Cmp(m.values[i]) != 0 {
			return fmt.Sprintf("point %d: E(%s) = %s, want E(%s) = %s", i, m.points[i], m.values[i], old.points[i], old.values[i])
		}
	}
	for i := range old.classes {
		o, c := &old.classes[i], &m.classes[i]
		if o.name != c.name || o.kind != c.kind || o.rank != c.rank || o.n.Cmp(c.n) != 0 || o.pref.Cmp(c.pref) != 0 ||
			o.cap.Cmp(c.cap) != 0 || o.strike.Cmp(c.strike) != 0 || !o.sharesDec.Equal(c.sharesDec) || len(o.holders) != len(c.holders) {
			return fmt.Sprintf("class %d: %+v, want %+v", i, c, o)
		}
		for j := range o.holders {
			if o.holders[j].party != c.holders[j].party || o.holders[j].shares.Cmp(c.holders[j].shares) != 0 || o.holders[j].pref.Cmp(c.holders[j].pref) != 0 {
				return fmt.Sprintf("class %d holder %d: %+v, want %+v", i, j, c.holders[j], o.holders[j])
			}
		}
	}
	return ""
}

// checkAgainstOracle compares the cap table's model, breakpoints, ExitFor
// for every class and the distributions at exits with those of the
// quadratic implementation.
func checkAgainstOracle(t require.TestingT, ct *CapTable, exits []decimal.Decimal, amounts []decimal.Decimal) {
	old, err := ct.quadraticModel()
	require.NoError(t, err)
	m, err := ct.model()
	require.NoError(t, err)
	if diff := sameModel(old, m); diff != "" {
		require.Fail(t, "model differs from the quadratic one", diff)
	}
	ob, nb := old.quadraticBreakpoints(), m.breakpoints()
	require.Len(t, nb, len(ob))
	for i := range ob {
		require.True(t, ob[i].exit.Cmp(nb[i].exit) == 0 && ob[i].p.Cmp(nb[i].p) == 0 && ob[i].class == nb[i].class && ob[i].kind == nb[i].kind,
			"breakpoint %d: %v, want %v", i, nb[i], ob[i])
	}
	for ci, cl := range old.classes {
		for _, a := range amounts {
			got, err := ct.ExitFor(cl.name, a, 2)
			require.NoError(t, err)
			want := old.quadraticExitFor(ci, a, 2)
			require.True(t, got.Equal(want), "ExitFor(%s, %s) = %s, want %s", cl.name, a, got, want)
		}
	}
	for _, x := range exits {
		want, err := old.distribute(x, 2)
		require.NoError(t, err)
		got, err := ct.Distribute(x, 2)
		require.NoError(t, err)
		if diff := cmp.Diff(want, got); diff != "" {
			require.Fail(t, "Distribute differs from the quadratic model's", "exit %s (-old +new):\n%s", x, diff)
		}
	}
}

// TestCapTable_quadraticOracle checks that the O(n log n) model gives what
// the quadratic one gave, on the random cap tables of the property tests
// and on large ones with many seniorities.
func TestCapTable_quadraticOracle(t *testing.T) {
	amounts := []decimal.Decimal{decimal.New(1, -2), decimal.NewFromInt(1), decimal.NewFromInt(250_000), decimal.NewFromInt(40_000_000)}
	rapid.Check(t, func(rt *rapid.T) {
		ct := genCapTable(rt)
		m, err := ct.model()
		require.NoError(rt, err)
		checkAgainstOracle(rt, ct, genExits(rt, m, 6), amounts)
	})
	for seed := range uint64(8) {
		n := []int{1, 5, 40, 150}[seed%4]
		ct := bigCapTable(t, n, seed)
		m, err := ct.model()
		require.NoError(t, err)
		var exits []decimal.Decimal
		for _, k := range []int{0, len(m.values) / 3, len(m.values) / 2, len(m.values) - 1} {
			x, _ := ratDecimal(ratMul(m.values[k], big.NewRat(101, 100)), 2)
			exits = append(exits, x, x.Add(decimal.New(1, -2)))
		}
		exits = append(exits, decimal.New(1, -2), ratFloorHalf(m.e0))
		checkAgainstOracle(t, ct, exits, amounts[:2])
	}
}

// ratFloorHalf is half of r, rounded down to the cent: an exit inside the
// preference stack.
func ratFloorHalf(r *big.Rat) decimal.Decimal { return ratFloor(ratMul(r, big.NewRat(1, 2)), 2) }

// TestRoundRats_known checks that splitting amounts known to sum to the
// total, without a common denominator, gives the parts of alloc.Split over
// the common denominator, negative amounts and ties included.
func TestRoundRats_known(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		n := rapid.IntRange(1, 12).Draw(t, "n")
		total := decimal.New(rapid.Int64Range(1, 1_000_000).Draw(t, "cents"), -2)
		xs := make([]*big.Rat, n)
		sum := new(big.Rat)
		for i := range n - 1 {
			if i > 0 && rapid.Bool().Draw(t, "tie") {
				xs[i] = new(big.Rat).Set(xs[i-1]) // an equal remainder
			} else {
				num := rapid.Int64Range(-20_000, 2_000_000).Draw(t, "num")
				den := rapid.SampledFrom([]int64{1, 3, 7, 100, 300, 9973, 1_000_003}).Draw(t, "den")
				xs[i] = big.NewRat(num, den)
			}
			sum.Add(sum, xs[i])
		}
		xs[n-1] = ratSub(ratOf(total), sum)
		want, wantErr := roundRats(total, xs, nil, 2)
		got, ok := roundRatsKnown(total, xs, 2)
		if wantErr != nil {
			t.Fatalf("xs %v: %v", xs, wantErr)
		}
		require.True(t, ok)
		if diff := cmp.Diff(want, got); diff != "" {
			t.Fatalf("xs %v: (-common denominator +known sum):\n%s", xs, diff)
		}
	})
}
