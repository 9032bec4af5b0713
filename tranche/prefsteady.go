package tranche

import "fmt"

// The pref of the common tranche (compounding, cumulative, on unreturned
// capital) over many parties in one pass: what is the same for every
// party of a period (today, the move rows, the book's scale and rounding,
// the growth factor the parties grow by) is read once, and each party's
// hurdle balance is replayed as hurdleRun.steady replays it, in local
// variables, then rounded as owed rounds it. A party the pass cannot take
// goes the general way (owedHurdle), from the same untouched state, and
// meets the same: a balance in decimal or a wide last move, an account
// or a move beyond int64, a growth factor not in fixed point (or not
// known: the general way returns its error), a balance near the fixed
// point's limit, a sum or a rounding that does not fit.

// prefPass is the state of one pass: the period's constants; hr keeps
// the growth factors last used.
type prefPass struct {
	b     *Book
	hr    *hurdleRun
	hs    hurdleTable // the pass sets only hot parts
	moves *moveTable
	now   int32
}

// owedSteady is owed's compounding, cumulative pref on unreturned
// capital: each party's H − unreturned capital, rounded by the book's
// policy, into owed.
func (t *PreferredReturn) owedSteady(b *Book, idx []int, owed []units) error {
	hr := b.hurdleRun(b.slot(t.Rate))
	rs := &b.rates[hr.s]
	if rs.hurdles.hot == nil {
		rs.hurdles = newHurdleTable(len(b.acc))
	}
	p := newPrefFast(prefPass{b: b, hr: &hr, hs: rs.hurdles, moves: &b.moves, now: b.today()})
	for j, i := range idx {
		if n, ok := p.owed(i); ok {
			owed[j] = units{n: n}
			continue
		}
		u, err := owedHurdle(b, &hr, i)
		if err != nil {
			return fmt.Errorf("tranche %q: %w", t.Name, err)
		}
		owed[j] = u
	}
	return nil
}

// owedHurdle is party i's pref owed on its hurdle balance at hr's rate,
// the general way: H − unreturned capital, rounded by the book's policy,
// in fixed point while it fits and in decimal after.
func owedHurdle(b *Book, hr *hurdleRun, i int) (units, error) {
	unreturned := b.acc[i].unreturned()
	h, err := hr.value(i)
	if err != nil {
		return units{}, err
	}
	if !h.isDec {
		// H − unreturned, rounded up to the minor unit, in fixed point.
		if u, ok := fixedOfUnits(unreturned, b.scale); ok {
			u.neg = !u.neg && !u.mag.isZero()
			if d, ok := h.fix.add(u); ok {
				if o, ok := b.roundOwedFixed(d); ok {
					return o, nil
				}
			}
		}
		h.toDec()
	}
	o, _ := toUnits(b.roundOwed(h.dec.Sub(unreturned.dec(b.scale))), b.scale)
	return o, nil
}

// owed is party i's pref owed, in minor units, with its hurdle state
// replayed as steady does and stored; ok is false, with the state
// untouched, if the pass cannot take the party.
func (p *prefPass) owed(i int) (int64, bool) {
	q := newPrefFast(*p)
	return q.owed(i)
}

// fixedRoom bounds the balances add adds to at once: below it, a move's
// in and out (each less than 2^63 minor units, at most 10^16 units of
// 10^-AccrualPlaces each: less than 2^117) never take the sum past the
// fixed point's 2^127, so their net is added in one step.
const fixedRoom = 1 << 61 // of the high word: 2^125

// add is f.addMove(m, in, out, scale): f plus m's in less its out, less
// what was already added of them; ok is false if a sum does not fit.
func (p *prefPass) add(f fixed, m move, in, out int64) (fixed, bool) {
	dIn, ok1 := sub64(m.in, in)
	dOut, ok2 := sub64(m.out, out)
	net, ok3 := sub64(dIn, dOut)
	if !ok1 || !ok2 || !ok3 || f.mag.hi >= fixedRoom {
		return f.addMove(m, in, out, p.b.scale)
	}
	x, _ := fixedOfUnits(units{n: net}, p.b.scale)
	return f.add(x)
}
