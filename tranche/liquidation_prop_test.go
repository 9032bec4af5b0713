package tranche

import (
	"fmt"
	"math/big"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"
)

// genCapTable draws a random cap table: one to four preferred series of
// every kind and seniority, common stock and up to two option classes.
func genCapTable(t *rapid.T) *CapTable {
	cents := func(label string, lo, hi int64) decimal.Decimal {
		return decimal.New(rapid.Int64Range(lo, hi).Draw(t, label), -2)
	}
	holders := func(prefix string, preferred bool) []Stake {
		n := rapid.IntRange(1, 3).Draw(t, prefix+"holders")
		var hs []Stake
		for i := range n {
			// Parties may hold several classes: the ids repeat across classes.
			h := Stake{Party: PartyID(fmt.Sprintf("p%d", rapid.IntRange(0, 5).Draw(t, prefix+"party")+10*i)),
				Shares: decimal.NewFromInt(rapid.Int64Range(1, 5_000_000).Draw(t, prefix+"shares"))}
			if preferred {
				h.Invested = h.Shares.Mul(cents(prefix+"price", 1, 2000)) // $0.01 to $20 a share
				if rapid.Bool().Draw(t, prefix+"dividends") {
					// Up to 30% of the investment accrued as dividends.
					h.Accrued = h.Invested.Mul(decimal.New(rapid.Int64Range(0, 30).Draw(t, prefix+"accrued"), -2)).RoundFloor(2)
				}
			}
			hs = append(hs, h)
		}
		return hs
	}
	var series []Series
	for i := range rapid.IntRange(0, 4).Draw(t, "series") {
		p := fmt.Sprintf("s%d.", i)
		s := Series{
			Name:          fmt.Sprintf("S%d", i),
			Seniority:     rapid.IntRange(0, 2).Draw(t, p+"seniority"),
			Multiple:      rapid.SampledFrom([]decimal.Decimal{dec("0"), dec("0.5"), dec("1"), dec("1.5"), dec("2")}).Draw(t, p+"multiple"),
			Participating: rapid.Bool().Draw(t, p+"participating"),
			ConversionRatio: rapid.SampledFrom([]decimal.Decimal{decimal.Zero, dec("1"), dec("2"),
				dec("0.5"), dec("1.25")}).Draw(t, p+"ratio"),
			Holders: holders(p, true),
		}
		if s.Participating && rapid.Bool().Draw(t, p+"capped") {
			// At least the multiple plus 0.3, so the cap covers accrued dividends.
			s.Cap = s.Multiple.Add(rapid.SampledFrom([]decimal.Decimal{dec("0.3"), dec("0.5"), dec("1"), dec("2")}).Draw(t, p+"cap"))
		}
		series = append(series, s)
	}
	common := []CommonClass{{Name: "Common", Holders: holders("c.", false)}}
	for i := range rapid.IntRange(0, 2).Draw(t, "options") {
		p := fmt.Sprintf("o%d.", i)
		common = append(common, CommonClass{Name: fmt.Sprintf("O%d", i), Strike: cents(p+"strike", 1, 1500), Holders: holders(p, false)})
	}
	ct, err := NewCapTable(CapTable{Name: "exit", Preferred: series, Common: common})
	if err != nil {
		t.Fatalf("generated terms invalid: %v", err)
	}
	return ct
}

// genExits draws exit values in cents from a seeded generator, uniform
// rather than biased to small values: half anywhere up to twice the last
// breakpoint, so that every segment is visited, half within 20% of a
// breakpoint, where choices change. They are returned in increasing order.
func genExits(t *rapid.T, m *lqModel, n int) []decimal.Decimal {
	rng := rand.New(rand.NewPCG(rapid.Uint64().Draw(t, "seed"), 1))
	top, _ := ratDecimal(ratMul(m.values[len(m.values)-1], rat("2")), 2)
	topCents := top.Shift(2).IntPart() + 100
	var out []decimal.Decimal
	for range n {
		if rng.IntN(2) == 0 {
			out = append(out, decimal.New(rng.Int64N(topCents), -2))
			continue
		}
		k := rng.IntN(len(m.values))
		x, _ := ratDecimal(ratMul(m.values[k], big.NewRat(800+rng.Int64N(401), 1000)), 2)
		out = append(out, x)
	}
	slices.SortFunc(out, decimal.Decimal.Cmp)
	return out
}

// oracle divides exit among the classes for fixed choices (which series
// convert, which options are exercised), read straight from the terms: the
// preferences of the series that do not convert by seniority, pari passu
// by preference within a rank; then the rest plus the strikes paid in,
// shared by as-converted shares among common, exercised options,
// converted series and participating series, each capped series held at
// its cap by water-filling. It returns each class's total and the value
// per common share. It does not use lqModel.
func oracle(ct *CapTable, exit *big.Rat, convert, exercise []bool) ([]*big.Rat, *big.Rat) {
	nSeries := len(ct.Preferred)
	total := make([]*big.Rat, nSeries+len(ct.Common))
	for i := range total {
		total[i] = new(big.Rat)
	}
	shares := func(hs []Stake) *big.Rat {
		s := new(big.Rat)
		for _, h := range hs {
			s.Add(s, ratOf(h.Shares))
		}
		return s
	}
	invested := func(hs []Stake) *big.Rat {
		s := new(big.Rat)
		for _, h := range hs {
			s.Add(s, ratOf(h.Invested))
		}
		return s
	}
	accrued := func(hs []Stake) *big.Rat {
		s := new(big.Rat)
		for _, h := range hs {
			s.Add(s, ratOf(h.Accrued))
		}
		return s
	}
	pref := make([]*big.Rat, nSeries)
	for i, s := range ct.Preferred {
		pref[i] = new(big.Rat)
		if !convert[i] {
			pref[i].Mul(ratOf(s.Multiple), invested(s.Holders))
			pref[i].Add(pref[i], accrued(s.Holders))
		}
	}
	// Seniority, highest first.
	left := new(big.Rat).Set(exit)
	for rank := 1 << 30; ; {
		next := -1 << 31
		for _, s := range ct.Preferred {
			if s.Seniority < rank && s.Seniority > next {
				next = s.Seniority
			}
		}
		if next == -1<<31 {
			break
		}
		rank = next
		group := new(big.Rat)
		for i, s := range ct.Preferred {
			if s.Seniority == rank {
				group.Add(group, pref[i])
			}
		}
		pay := new(big.Rat).Set(group)
		if left.Cmp(group) < 0 {
			pay.Set(left)
		}
		for i, s := range ct.Preferred {
			if s.Seniority == rank && group.Sign() > 0 {
				total[i].Mul(pay, pref[i]).Quo(total[i], group)
			}
		}
		left.Sub(left, pay)
	}
	// The residual pool, with the strikes paid in.
	pool := new(big.Rat).Set(left)
	type member struct {
		class    int
		n, head  *big.Rat // head: room under the cap; nil for none
		strikeOf *big.Rat
	}
	var members []member
	for i, s := range ct.Preferred {
		ratio := ratOf(s.ConversionRatio)
		if ratio.Sign() == 0 {
			ratio.SetInt64(1)
		}
		n := new(big.Rat).Mul(shares(s.Holders), ratio)
		switch {
		case convert[i]:
			members = append(members, member{class: i, n: n})
		case s.Participating:
			m := member{class: i, n: n}
			if s.Cap.Sign() > 0 {
				m.head = new(big.Rat).Mul(ratOf(s.Cap), invested(s.Holders))
				m.head.Sub(m.head, pref[i])
			}
			members = append(members, m)
		}
	}
	for j, c := range ct.Common {
		if c.Strike.Sign() > 0 && !exercise[j] {
			continue
		}
		n := shares(c.Holders)
		k := ratOf(c.Strike)
		pool.Add(pool, new(big.Rat).Mul(k, n))
		members = append(members, member{class: nSeries + j, n: n, strikeOf: k})
	}
	// Water-filling: price the pool over the uncapped members; hold at
	// their cap those it would push over; repeat.
	held := make([]bool, len(members))
	price := new(big.Rat)
	for {
		rest, n := new(big.Rat).Set(pool), new(big.Rat)
		for i, m := range members {
			if held[i] {
				rest.Sub(rest, m.head)
			} else {
				n.Add(n, m.n)
			}
		}
		if n.Sign() == 0 {
			break
		}
		price.Quo(rest, n)
		changed := false
		for i, m := range members {
			if !held[i] && m.head != nil && new(big.Rat).Mul(price, m.n).Cmp(m.head) > 0 {
				held[i], changed = true, true
			}
		}
		if !changed {
			break
		}
	}
	for i, m := range members {
		got := new(big.Rat).Mul(price, m.n)
		if held[i] {
			got.Set(m.head)
		}
		if m.strikeOf != nil {
			got.Sub(got, new(big.Rat).Mul(m.strikeOf, m.n))
		}
		total[m.class].Add(total[m.class], got)
	}
	return total, price
}

// chooser is a class with a choice: a non-participating or capped series
// (convert) or options with a strike (exercise).
type chooser struct {
	class  int  // index among all classes
	series bool // index into convert (else exercise)
	at     int
	price  *big.Rat // its conversion price or strike
}

func choosers(ct *CapTable) []chooser {
	var cs []chooser
	for i, s := range ct.Preferred {
		if s.Participating && s.Cap.IsZero() {
			continue
		}
		ratio := ratOf(s.ConversionRatio)
		if ratio.Sign() == 0 {
			ratio.SetInt64(1)
		}
		inv, acc, n := new(big.Rat), new(big.Rat), new(big.Rat)
		for _, h := range s.Holders {
			inv.Add(inv, ratOf(h.Invested))
			acc.Add(acc, ratOf(h.Accrued))
			n.Add(n, ratOf(h.Shares))
		}
		n.Mul(n, ratio)
		// What it gives up by converting: its preference, or its cap.
		give := new(big.Rat).Mul(ratOf(s.Multiple), inv)
		give.Add(give, acc)
		if s.Cap.Sign() > 0 {
			give.Mul(ratOf(s.Cap), inv)
		}
		cs = append(cs, chooser{class: i, series: true, at: i, price: new(big.Rat).Quo(give, n)})
	}
	for j, c := range ct.Common {
		if c.Strike.Sign() > 0 {
			cs = append(cs, chooser{class: len(ct.Preferred) + j, at: j, price: ratOf(c.Strike)})
		}
	}
	return cs
}

func flip(c chooser, convert, exercise []bool) {
	if c.series {
		convert[c.at] = !convert[c.at]
	} else {
		exercise[c.at] = !exercise[c.at]
	}
}

// iterate is the textbook method: start with every series taking its
// preference and no option exercised; while some class gains by switching
// its choice alone, switch the one with the lowest conversion price (or
// strike) among them and recompute. It returns the class totals and the
// number of switches.
func iterate(ct *CapTable, exit *big.Rat) ([]*big.Rat, int, []bool) {
	convert, exercise := make([]bool, len(ct.Preferred)), make([]bool, len(ct.Common))
	cs := choosers(ct)
	switches := 0
	var unswitched []bool
	for range 4 * (len(cs) + 1) {
		cur, _ := oracle(ct, exit, convert, exercise)
		best := -1
		for k, c := range cs {
			flip(c, convert, exercise)
			alt, _ := oracle(ct, exit, convert, exercise)
			flip(c, convert, exercise)
			if alt[c.class].Cmp(cur[c.class]) > 0 && (best < 0 || c.price.Cmp(cs[best].price) < 0) {
				best = k
			}
		}
		if best < 0 {
			return cur, switches, unswitched
		}
		c := cs[best]
		wasOn := (c.series && convert[c.at]) || (!c.series && exercise[c.at])
		unswitched = append(unswitched, wasOn)
		flip(c, convert, exercise)
		switches++
	}
	return nil, switches, unswitched
}

func classTotalsExact(s lqSolution) []*big.Rat {
	out := make([]*big.Rat, len(s.classes))
	for i, r := range s.classes {
		out[i] = ratAdd(r.pref, r.part)
	}
	return out
}

// TestCapTable_properties checks, over random cap tables and exit values:
//   - the payments add up to the exit value to the cent (and the exact
//     amounts to the exit value exactly), each holding within a cent of
//     its exact amount;
//   - the exact solution is the fixed point of the textbook iteration,
//     which ends after at most one switch per class and never switches a
//     class back;
//   - at the solution no series or option class gains by switching alone
//     (each non-participating series gets the greater of its preference
//     and its as-converted share);
//   - every class's payout is non-decreasing in the exit value (exactly;
//     rounded to within two cents per holding).
func TestCapTable_properties(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		ct := genCapTable(t)
		m, err := ct.model()
		require.NoError(t, err)
		exits := genExits(t, m, 6)
		for _, exit := range exits {

			// Sum to the cent; each line within a cent of exact.
			d, err := ct.Distribute(exit, 2)
			require.NoError(t, err)
			sum := decimal.Zero
			for _, c := range d.Classes {
				sum = sum.Add(c.Total)
			}
			require.True(t, sum.Equal(exit), "payouts %s, exit %s", sum, exit)
			s := m.solve(ratOf(exit))
			lines := m.lines(s)
			exactSum := new(big.Rat)
			for _, l := range lines {
				exactSum.Add(exactSum, l.amount)
			}
			require.Zero(t, exactSum.Cmp(ratOf(exit)), "exact payouts sum to %s, exit %s", exactSum.FloatString(6), exit)
			// Each holding within a cent of exact; its preference within a
			// cent below exact, never above; its participation within two.
			i := 0
			cent := rat("1/100")
			within := func(got decimal.Decimal, want *big.Rat, lo, hi *big.Rat, what string) {
				d := ratSub(ratOf(got), want)
				require.True(t, d.Cmp(ratSub(new(big.Rat), lo)) > 0 && d.Cmp(hi) < 0 || d.Sign() == 0,
					"%s: %s vs exact %s", what, got, want.FloatString(6))
			}
			for _, c := range d.Classes {
				for _, h := range c.Holders {
					total := new(big.Rat)
					if c.Preferred {
						within(h.Preference, lines[i].amount, cent, rat("1/1000000000"), "preference")
						total = ratAdd(total, lines[i].amount)
						i++
					}
					within(h.Participation, lines[i].amount, rat("2/100"), rat("2/100"), "participation")
					total = ratAdd(total, lines[i].amount)
					within(h.Total, total, cent, cent, "holding")
					i++
				}
			}

			// The iteration ends at the same payouts.
			exact := classTotalsExact(s)
			want, switches, back := iterate(ct, ratOf(exit))
			require.NotNil(t, want, "iteration did not settle")
			require.LessOrEqual(t, switches, len(choosers(ct)))
			for _, b := range back {
				require.False(t, b, "the iteration switched a class back")
			}
			for c := range exact {
				require.Zero(t, exact[c].Cmp(want[c]), "class %d: price search %s, iteration %s", c, exact[c].FloatString(6), want[c].FloatString(6))
			}

			// Equilibrium: the oracle agrees with the solution's own choices,
			// and no chooser gains by switching alone.
			convert, exercise := make([]bool, len(ct.Preferred)), make([]bool, len(ct.Common))
			for c := range ct.Preferred {
				convert[c] = s.classes[c].converted
			}
			for j := range ct.Common {
				exercise[j] = s.classes[len(ct.Preferred)+j].exercised
			}
			at, _ := oracle(ct, ratOf(exit), convert, exercise)
			for c := range exact {
				require.Zero(t, exact[c].Cmp(at[c]), "class %d", c)
			}
			for _, c := range choosers(ct) {
				flip(c, convert, exercise)
				alt, _ := oracle(ct, ratOf(exit), convert, exercise)
				flip(c, convert, exercise)
				require.LessOrEqual(t, alt[c.class].Cmp(exact[c.class]), 0,
					"class %d gains by switching: %s > %s", c.class, alt[c.class].FloatString(4), exact[c.class].FloatString(4))
				// Rounded: the greater of the two, within a cent per holder.
				got := d.Classes[c.class].Total
				tol := ratOf(decimal.New(int64(len(d.Classes[c.class].Holders)), -2))
				require.True(t, ratAdd(ratOf(got), tol).Cmp(alt[c.class]) >= 0)
			}
		}

		// Monotone in the exit value, between consecutive draws.
		for k := 1; k < len(exits); k++ {
			lo, hi := classTotalsExact(m.solve(ratOf(exits[k-1]))), classTotalsExact(m.solve(ratOf(exits[k])))
			dlo, err := m.distribute(exits[k-1], 2)
			require.NoError(t, err)
			dhi, err := m.distribute(exits[k], 2)
			require.NoError(t, err)
			for c := range lo {
				require.LessOrEqual(t, lo[c].Cmp(hi[c]), 0, "class %d falls from %s to %s", c, lo[c].FloatString(4), hi[c].FloatString(4))
				slack := decimal.New(2*int64(len(dlo.Classes[c].Holders)), -2)
				require.True(t, dlo.Classes[c].Total.LessThanOrEqual(dhi.Classes[c].Total.Add(slack)),
					"class %d rounded: %s at %s, %s at %s", c, dlo.Classes[c].Total, exits[k-1], dhi.Classes[c].Total, exits[k])
			}
		}
	})
}

// TestCapTable_breakpointsTwoWays checks each breakpoint by evaluating the
// exact payouts at it and a hair either side: a millionth, or half the
// distance to the nearest other breakpoint if that is less, so that the
// hair does not cross another class's (or the same class's next) change.
// Breakpoints can be closer than a millionth: a series whose preference is
// only 0.01 of accrued dividends, on 10,001 of 10,002 shares, is paid it
// in full at an exit of 0.01 and converts at 0.0100009999….
func TestCapTable_breakpointsTwoWays(t *testing.T) {
	eps := rat("1/1000000")
	half := rat("1/2")
	rapid.Check(t, func(t *rapid.T) {
		ct := genCapTable(t)
		m, err := ct.model()
		require.NoError(t, err)
		bps := m.breakpoints()
		// hair is the step from x towards the nearest other breakpoint on
		// the side sign (+1 above, -1 below).
		hair := func(x *big.Rat, sign int) *big.Rat {
			h := eps
			for _, o := range bps {
				gap := ratSub(o.exit, x)
				if gap.Sign() == sign {
					h = ratMin(h, ratMul(new(big.Rat).Abs(gap), half))
				}
			}
			return h
		}
		for _, b := range bps {
			cl := &m.classes[b.class]
			at := m.solve(b.exit).classes[b.class]
			above := m.solve(ratAdd(b.exit, hair(b.exit, 1))).classes[b.class]
			below := at
			if b.exit.Sign() > 0 {
				below = m.solve(ratSub(b.exit, hair(b.exit, -1))).classes[b.class]
			}
			tot := func(r lqResult) *big.Rat { return ratAdd(r.pref, r.part) }
			name := fmt.Sprintf("%s %s at %s", cl.name, b.kind, b.exit.FloatString(4))
			switch b.kind {
			case BreakStart:
				require.Zero(t, tot(at).Sign(), name)
				require.Positive(t, tot(above).Sign(), name)
			case BreakPreferencePaid:
				require.Zero(t, at.pref.Cmp(cl.pref), name)
				require.Negative(t, below.pref.Cmp(cl.pref), name)
				require.Zero(t, above.pref.Cmp(cl.pref), name)
			case BreakParticipates:
				require.Zero(t, at.part.Sign(), name)
				require.Positive(t, above.part.Sign(), name)
			case BreakCapReached:
				if above.converted {
					break // the cap and conversion coincide (no room under the cap, flat E)
				}
				require.True(t, above.capped, name)
				require.Zero(t, tot(above).Cmp(cl.cap), name)
				if b.exit.Cmp(m.e0) > 0 {
					require.False(t, below.capped, name)
				}
			case BreakConverts:
				require.False(t, at.converted, name)
				require.True(t, above.converted, name)
			}
		}
	})
}
