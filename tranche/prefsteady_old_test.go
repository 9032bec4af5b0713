package tranche

// owedOld is the pass's owed as it was before the pass kept its rows,
// its factor and its unit at hand (perf-fundpref), kept as an oracle:
// party i's pref owed, in minor units, with its hurdle state
// replayed as steady does and stored; ok is false, with the state
// untouched, if the pass cannot take the party.
func (p *prefPass) owedOld(i int) (int64, bool) {
	saved := p.hs.get(i) // the state as the old layout held it
	st, a := &saved, &p.b.acc[i]
	if st.isDec || st.last[0].b != nil || st.last[1].b != nil || a.wide != nil {
		return 0, false
	}
	unreturned, ok := sub64(a.contributed, a.capReturned)
	if !ok {
		return 0, false
	}
	moves, now := p.moves, p.now
	fix, grown := st.fix, st.grown
	asOf, next, lastDate, grownTo := st.asOf, st.next, st.lastDate, st.grownTo
	lastIn, lastOut := st.last[0].n, st.last[1].n
	if lastDate >= 0 {
		// What the last move replayed took since (its row was read then,
		// and rows are never taken away).
		m := moves.at(int(lastDate), i)
		if m.wideMove() {
			return 0, false
		}
		if m.in != lastIn || m.out != lastOut {
			if fix, ok = p.addOld(fix, m, lastIn, lastOut); !ok {
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
		m := moves.at(int(d), i)
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
			if fix, ok = p.hr.growFixed(fix, asOf, d); !ok {
				return 0, false
			}
		}
		if fix, ok = p.addOld(fix, m, 0, 0); !ok {
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
			if v, ok = p.hr.growFixed(fix, asOf, now); !ok {
				return 0, false
			}
			grown, grownTo = v, now
		}
	}
	// H − unreturned, rounded by the book's policy.
	u, _ := fixedOfUnits(units{n: unreturned}, p.b.scale)
	u.neg = !u.neg && !u.mag.isZero()
	d, ok := v.add(u)
	if !ok {
		return 0, false
	}
	o, ok := p.b.roundOwedFixed(d)
	if !ok {
		return 0, false
	}
	p.b.saveHurdle(p.hr.s, i) // if a trial is open
	st.fix, st.grown = fix, grown
	st.asOf, st.next, st.lastDate, st.grownTo = asOf, next, lastDate, grownTo
	st.last[0].n, st.last[1].n = lastIn, lastOut
	p.hs.set(i, st)
	return o.n, true
}

// addOld is the pass's add as it was (see owedOld):(m, in, out, scale): f plus m's in less its out, less
// what was already added of them; ok is false if a sum does not fit.
func (p *prefPass) addOld(f fixed, m move, in, out int64) (fixed, bool) {
	dIn, ok1 := sub64(m.in, in)
	dOut, ok2 := sub64(m.out, out)
	net, ok3 := sub64(dIn, dOut)
	if !ok1 || !ok2 || !ok3 || f.mag.hi >= fixedRoom {
		return f.addMove(m, in, out, p.b.scale)
	}
	x, _ := fixedOfUnits(units{n: net}, p.b.scale)
	return f.add(x)
}
