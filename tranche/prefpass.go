package tranche

import "math/bits"

// prefFast is a pass with the period's constants at hand: the accounts,
// the book's minor unit in 10^-AccrualPlaces, whether a trial is open,
// and the move table's rows.
type prefFast struct {
	prefPass
	acc   []account
	unit  uint64
	trial bool // a trial is open: each party's state is saved before it changes
	up    bool // the book rounds owed amounts up
	rows  passRows
	// The book's last growth factor from each date (rateSlot.byFrom),
	// read again when a factor is not there: factors are never changed,
	// so an older copy holds the same factors, or fewer.
	byFrom []growthFrom
}

// passRows is the move table as the pass reads it: row curD−k in
// buf[k] for k < 2 (cur and prev, as moveTable.at finds them), the rows
// before frozen in done.
type passRows struct {
	curD int32
	buf  [2][]move
	done []moveRow
}

// newPrefFast returns the pass p with the period's constants at hand.
func newPrefFast(p prefPass) prefFast {
	b, t := p.b, p.moves
	return prefFast{prefPass: p, acc: b.acc, unit: uint64(pow10[AccrualPlaces-b.scale]),
		trial: len(b.tr.serials) > 0, up: b.rounding != HalfEven, byFrom: b.rates[p.hr.s].byFrom,
		rows: passRows{curD: int32(t.n - 1), buf: [2][]move{t.cur, t.prev}, done: t.done}}
}

// frozen is moveTable.at for a date before the buffered rows.
func (r *passRows) frozen(d int32, i int) move {
	if int(d) >= len(r.done) {
		return move{}
	}
	row := &r.done[d]
	if row.rare != nil {
		return row.at(i)
	}
	var m move
	if row.in != nil {
		m.in = int64(row.in[i])
	}
	if row.out != nil {
		m.out = int64(row.out[i])
	}
	if row.capital != nil {
		m.capital = int64(row.capital[i])
	}
	return m
}

// owed is prefPass.owed. Its common path calls nothing but fixed.grow:
// the moves of the two buffered rows, the sums and the rounding are
// written out in place (a call spills every value the loop holds).
func (p *prefFast) owed(i int) (int64, bool) {
	st, a := &p.hs.hot[i], &p.acc[i]
	if st.slow != 0 || a.wide != nil {
		return 0, false
	}
	unreturned, ok := sub64(a.contributed, a.capReturned)
	if !ok {
		return 0, false
	}
	rows, now, unit := &p.rows, p.now, p.unit
	fix, grown := fixed{st.fixNeg, st.fix}, fixed{st.grownNeg, st.grown}
	asOf, next, lastDate, grownTo := st.lastDate, st.next, st.lastDate, st.grownTo
	lastIn, lastOut := st.lastIn, st.lastOut
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
		} else if d < rows.curD {
			m = rows.frozen(d, i)
		} // else nothing has moved on d yet: no row
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
		p.b.saveHurdle(p.hr.s, i)
	}
	st.store(fix, grown, next, lastDate, grownTo, lastIn, lastOut)
	return o, true
}

// round is b.roundOwedFixed.
func (p *prefFast) round(f fixed) (int64, bool) {
	o, ok := p.b.roundOwedFixed(f)
	return o.n, ok
}
