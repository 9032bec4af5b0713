package tranche

import (
	"fmt"
	"math/bits"
	"slices"
)

// The hurdle states as they were kept before hurdleTable (perf-hurdlehot):
// a []hurdleState per rate, read and written in place by steady and the
// pref pass, saved whole by a trial and cloned whole by Book.Clone. Kept
// as the oracle of the split layout (TestHurdleTable_AsOldLayout): the
// code below is the old code, reading o.hs where it read the rate's
// states.

// oldHurdles is one rate's states in the old layout, with the trial's
// saves of them.
type oldHurdles struct {
	s     int // the rate's slot
	hs    []hurdleState
	saves []hurdleSave
}

func newOldHurdles(s, n int) *oldHurdles {
	o := &oldHurdles{s: s, hs: make([]hurdleState, n)}
	for j := range o.hs {
		o.hs[j].asOf, o.hs[j].lastDate = -1, -1
	}
	return o
}

// save is the old saveHurdle.
func (o *oldHurdles) save(b *Book, i int) {
	if len(b.tr.serials) > 0 {
		o.saves = append(o.saves, hurdleSave{s: o.s, i: i, st: o.hs[i]})
	}
}

// undo is the old undo of the saves since mark m.
func (o *oldHurdles) undo(m int) {
	for k := len(o.saves) - 1; k >= m; k-- {
		s := o.saves[k]
		h := &o.hs[s.i]
		grown := *h // the trial's growth of the balance it started from still holds
		*h = s.st
		if grown.grownTo != 0 && grown.fix == h.fix && grown.asOf == h.asOf && !h.isDec && !grown.isDec {
			h.grown, h.grownTo = grown.grown, grown.grownTo
		}
	}
	clear(o.saves[m:])
	o.saves = o.saves[:m]
}

// clone is the old Book.Clone of the states (a new book has no trial).
func (o *oldHurdles) clone() *oldHurdles {
	return &oldHurdles{s: o.s, hs: slices.Clone(o.hs)}
}

// value is the old hurdleRun.value.
func (o *oldHurdles) value(h *hurdleRun, i int) (hurdleValue, error) {
	o.save(h.b, i)
	st := &o.hs[i]
	now := h.b.today()
	if v, ok := h.steadyOldLayout(st, i, now); ok {
		return hurdleValue{fix: v}, nil
	}
	return h.replay(st, i, now)
}

// owedSteady is the old PreferredReturn.owedSteady.
func (o *oldHurdles) owedSteady(t *PreferredReturn, b *Book, idx []int, owed []units) error {
	hr := b.hurdleRun(b.slot(t.Rate))
	p := newPrefFast(prefPass{b: b, hr: &hr, moves: &b.moves, now: b.today()})
	for j, i := range idx {
		if n, ok := p.owedOldLayout(o, i); ok {
			owed[j] = units{n: n}
			continue
		}
		u, err := o.owedHurdle(b, &hr, i)
		if err != nil {
			return fmt.Errorf("tranche %q: %w", t.Name, err)
		}
		owed[j] = u
	}
	return nil
}

// owedHurdle is the old owedHurdle.
func (o *oldHurdles) owedHurdle(b *Book, hr *hurdleRun, i int) (units, error) {
	unreturned := b.acc[i].unreturned()
	h, err := o.value(hr, i)
	if err != nil {
		return units{}, err
	}
	if !h.isDec {
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
	u, _ := toUnits(b.roundOwed(h.dec.Sub(unreturned.dec(b.scale))), b.scale)
	return u, nil
}

// steadyOldLayout is the old hurdleRun.steady.
func (h *hurdleRun) steadyOldLayout(st *hurdleState, i int, now int32) (fixed, bool) {
	if st.isDec || !st.last[0].small() || !st.last[1].small() {
		return fixed{}, false
	}
	moves, scale := &h.b.moves, h.b.scale
	fix, grown := st.fix, st.grown
	asOf, next, lastDate, grownTo := st.asOf, st.next, st.lastDate, st.grownTo
	lastIn, lastOut := st.last[0].n, st.last[1].n
	var ok bool
	at := func(d int32) move { return moves.at(int(d), i) }
	if lastDate >= 0 {
		// What the last move replayed took since.
		m := at(lastDate)
		if m.wideMove() {
			return fixed{}, false
		}
		if m.in != lastIn || m.out != lastOut {
			if fix, ok = fix.addMove(m, lastIn, lastOut, scale); !ok {
				return fixed{}, false
			}
			lastIn, lastOut, grownTo = m.in, m.out, 0
		}
	}
	for ; next <= now; next++ {
		d := next
		if d == lastDate {
			continue
		}
		m := at(d)
		if m.zero() {
			if d == now {
				break // today may still move: look again next time
			}
			continue
		}
		if m.wideMove() {
			return fixed{}, false
		}
		switch {
		case asOf < 0:
		case grownTo == d && d > asOf:
			fix = grown // grown by the last query
		default:
			if fix, ok = h.growFixed(fix, asOf, d); !ok {
				return fixed{}, false
			}
		}
		if fix, ok = fix.addMove(m, 0, 0, scale); !ok {
			return fixed{}, false
		}
		asOf, lastDate, grownTo = d, d, 0
		lastIn, lastOut = m.in, m.out
		if d == now {
			break
		}
	}
	v := fix
	if asOf >= 0 && now != asOf {
		if grownTo == now && now > asOf {
			v = grown
		} else {
			if v, ok = h.growFixed(fix, asOf, now); !ok {
				return fixed{}, false
			}
			grown, grownTo = v, now
		}
	}
	st.fix, st.grown = fix, grown
	st.asOf, st.next, st.lastDate, st.grownTo = asOf, next, lastDate, grownTo
	st.last[0].n, st.last[1].n = lastIn, lastOut
	return v, true
}

// owedOldLayout is the old prefFast.owed.
func (p *prefFast) owedOldLayout(old *oldHurdles, i int) (int64, bool) {
	st, a := &old.hs[i], &p.acc[i]
	if st.isDec || st.last[0].b != nil || st.last[1].b != nil || a.wide != nil {
		return 0, false
	}
	unreturned, ok := sub64(a.contributed, a.capReturned)
	if !ok {
		return 0, false
	}
	rows, now, unit := &p.rows, p.now, p.unit
	fix, grown := st.fix, st.grown
	asOf, next, lastDate, grownTo := st.asOf, st.next, st.lastDate, st.grownTo
	lastIn, lastOut := st.last[0].n, st.last[1].n
	if lastDate >= 0 {
		// What the last move replayed took since (its row was read then,
		// and rows are never taken away).
		var m move
		if k := uint32(rows.curD - lastDate); k < 2 {
			m = rows.buf[k][i]
		} else {
			m = rows.frozen(lastDate, i)
		}
		if m.wideMove() {
			return 0, false
		}
		if m.in != lastIn || m.out != lastOut {
			dIn, ok1 := sub64(m.in, lastIn)
			dOut, ok2 := sub64(m.out, lastOut)
			net, ok3 := sub64(dIn, dOut)
			if ok1 && ok2 && ok3 && fix.mag.hi < fixedRoom {
				var c uint64
				neg := net < 0
				hi, lo := bits.Mul64(uint64(max(net, -net)), unit)
				switch x := (u128{hi, lo}); {
				case fix.neg == neg:
					fix.mag.lo, c = bits.Add64(fix.mag.lo, lo, 0)
					fix.mag.hi += hi + c
					fix.neg = neg && fix.mag.hi|fix.mag.lo != 0
				case fix.mag.less(x):
					fix = fixed{neg, x.minus(fix.mag)}
				default:
					fix.mag = fix.mag.minus(x)
					fix.neg = fix.neg && !fix.mag.isZero()
				}
			} else if fix, ok = fix.addMove(m, lastIn, lastOut, p.b.scale); !ok {
				return 0, false
			}
			lastIn, lastOut, grownTo = m.in, m.out, 0
		}
	}
	for ; next <= now; next++ {
		d := next
		if d == lastDate {
			continue
		}
		var m move
		if k := uint32(rows.curD - d); k < 2 {
			m = rows.buf[k][i]
		} else {
			m = rows.frozen(d, i)
		}
		if m.zero() {
			if d == now {
				break // today may still move: look again next time
			}
			continue
		}
		if m.wideMove() {
			return 0, false
		}
		switch {
		case asOf < 0:
		case grownTo == d && d > asOf:
			fix = grown // grown by the last query
		default:
			if f := p.byFrom; int(asOf) < len(f) && f[asOf].to == d && f[asOf].g.fixOK {
				fix, ok = fix.grow(f[asOf].g.fix)
			} else {
				fix, ok = p.hr.growFixed(fix, asOf, d)
				p.byFrom = p.b.rates[p.hr.s].byFrom
			}
			if !ok {
				return 0, false
			}
		}
		net, ok := sub64(m.in, m.out)
		if ok && fix.mag.hi < fixedRoom {
			var c uint64
			neg := net < 0
			hi, lo := bits.Mul64(uint64(max(net, -net)), unit)
			switch x := (u128{hi, lo}); {
			case fix.neg == neg:
				fix.mag.lo, c = bits.Add64(fix.mag.lo, lo, 0)
				fix.mag.hi += hi + c
				fix.neg = neg && fix.mag.hi|fix.mag.lo != 0
			case fix.mag.less(x):
				fix = fixed{neg, x.minus(fix.mag)}
			default:
				fix.mag = fix.mag.minus(x)
				fix.neg = fix.neg && !fix.mag.isZero()
			}
		} else if fix, ok = fix.addMove(m, 0, 0, p.b.scale); !ok {
			return 0, false
		}
		asOf, lastDate, grownTo = d, d, 0
		lastIn, lastOut = m.in, m.out
		if d == now {
			break
		}
	}
	v := fix
	if asOf >= 0 && now != asOf {
		if grownTo == now && now > asOf {
			v = grown
		} else {
			if f := p.byFrom; int(asOf) < len(f) && f[asOf].to == now && f[asOf].g.fixOK {
				v, ok = fix.grow(f[asOf].g.fix)
			} else {
				v, ok = p.hr.growFixed(fix, asOf, now)
				p.byFrom = p.b.rates[p.hr.s].byFrom
			}
			if !ok {
				return 0, false
			}
			grown, grownTo = v, now
		}
	}
	// H − unreturned, rounded by the book's policy: up, in place.
	hi, lo := bits.Mul64(uint64(max(unreturned, -unreturned)), unit)
	d, ok := v.add(fixed{unreturned > 0, u128{hi, lo}})
	if !ok {
		return 0, false
	}
	var o int64
	switch {
	case !p.up:
		if o, ok = p.round(d); !ok {
			return 0, false
		}
	case d.neg || d.mag.isZero():
	case d.mag.hi >= unit:
		return 0, false
	default:
		q, r := bits.Div64(d.mag.hi, d.mag.lo, unit)
		if r > 0 {
			q++
		}
		if q >= 1<<63 {
			return 0, false
		}
		o = int64(q)
	}
	if p.trial {
		old.save(p.b, i)
	}
	st.fix, st.grown = fix, grown
	st.asOf, st.next, st.lastDate, st.grownTo = asOf, next, lastDate, grownTo
	st.last[0].n, st.last[1].n = lastIn, lastOut
	return o, true
}
