package tranche

// A trial tries payments out on the book itself and then undoes them:
// what a combinator's Owed does to learn what its children would pay. A
// trial saves what it is about to change, the first time it changes it:
// an account, a tranche's paid totals, a tranche's state; it never copies
// the ledger, which it only truncates. Trials nest. Paid totals a trial
// makes for a tranche stay, at zero, for the next trial.
//
// Caches replayed from movements (hurdle balances, simple accruals) are
// saved too when a trial writes them.

// trialLog is the book's record of open trials.
type trialLog struct {
	serials []uint32 // the open trials, innermost last
	next    uint32   // the serial of the next trial
	accs    []accSave
	paid    []paidSave
	states  []stateSave
	hurdles []hurdleSave
	simple  []simpleSave
}

type hurdleSave struct {
	s, i int
	st   hurdleState
}

type simpleSave struct {
	k   accrualKey
	st  accrualState
	had bool
}

// trialMark is where a trial began.
type trialMark struct {
	rows, contribs, events, held, outs int
	posted                             units
	paidKind                           [numKinds]units
	nPosted                            int
	accs, paid, states                 int
	hurdles, simple                    int
}

type accSave struct {
	i     int
	a     account
	kinds [NumKinds]int64 // what the party was paid of each kind
	date  int32           // the current date's index, whose move a trial may add to
	today move            // the party's move of that date
	wide  []wideMove
}

type paidSave struct {
	pt    *paidTotals
	i     int
	to    paidTo   // what pt paid party i, in all and in the current period
	wide  paidWide // its amounts when to is wide
	total units
}

type stateSave struct {
	id  TrancheID
	v   any
	had bool
}

// begin opens a trial: undo(mark) puts the book back as it is now.
func (b *Book) begin() trialMark {
	t := &b.tr
	t.next++
	t.serials = append(t.serials, t.next)
	return trialMark{rows: b.led.end(), contribs: b.led.contribs.n, events: len(b.events), held: len(b.held),
		outs: len(b.outs), posted: b.posted, paidKind: b.paidKind, nPosted: b.nPosted,
		accs: len(t.accs), paid: len(t.paid), states: len(t.states),
		hurdles: len(t.hurdles), simple: len(t.simple)}
}

// undo closes the innermost trial, begun at m, and undoes its changes.
func (b *Book) undo(m trialMark) {
	t := &b.tr
	for k := len(t.accs) - 1; k >= m.accs; k-- {
		s := &t.accs[k]
		b.acc[s.i] = s.a
		b.kinds.setRow(s.i, &s.kinds)
		b.moves.row(s.date)[s.i] = s.today
		if s.today.wideMove() {
			b.moves.wide[moveKey{int32(s.i), s.date}] = s.wide[0]
		} else {
			delete(b.moves.wide, moveKey{int32(s.i), s.date})
		}
		s.a = account{}
	}
	t.accs = t.accs[:m.accs]
	for k := len(t.paid) - 1; k >= m.paid; k-- {
		s := t.paid[k]
		s.pt.to[s.i], s.pt.total = s.to, s.total
		if s.to.wide {
			s.pt.wide[s.i] = s.wide
		} else {
			delete(s.pt.wide, s.i)
		}
	}
	clear(t.paid[m.paid:])
	t.paid = t.paid[:m.paid]
	for k := len(t.states) - 1; k >= m.states; k-- {
		s := t.states[k]
		if s.had {
			b.states[s.id] = s.v
		} else {
			delete(b.states, s.id)
		}
	}
	if len(t.states) > m.states {
		b.memo = stateMemo{} // a state undone may be remembered
	}
	clear(t.states[m.states:])
	t.states = t.states[:m.states]
	for k := len(t.hurdles) - 1; k >= m.hurdles; k-- {
		s := t.hurdles[k]
		ht := &b.rates[s.s].hurdles
		grown, h := ht.get(s.i), s.st // the trial's growth of the balance it started from still holds
		if grown.grownTo != 0 && grown.fix == h.fix && grown.asOf == h.asOf && !h.isDec && !grown.isDec {
			h.grown, h.grownTo = grown.grown, grown.grownTo
		}
		ht.set(s.i, &h)
	}
	clear(t.hurdles[m.hurdles:])
	t.hurdles = t.hurdles[:m.hurdles]
	for k := len(t.simple) - 1; k >= m.simple; k-- {
		s := t.simple[k]
		if s.had {
			b.simple[s.k] = s.st
		} else {
			delete(b.simple, s.k)
		}
	}
	clear(t.simple[m.simple:])
	t.simple = t.simple[:m.simple]
	b.lastID, b.lastPT = "", nil
	b.led.truncate(m.rows)
	b.led.truncateContribs(m.contribs)
	clear(b.events[m.events:])
	b.events = b.events[:m.events] // its capacity kept: Events reads none as nil
	clear(b.held[m.held:])
	b.held = b.held[:m.held]
	if m.held == 0 {
		b.held = nil
	}
	b.outs = b.outs[:m.outs]
	b.posted, b.paidKind, b.nPosted = m.posted, m.paidKind, m.nPosted
	t.serials = t.serials[:len(t.serials)-1]
}

// try runs f in a trial and undoes what it did.
func (b *Book) try(f func() error) error {
	m := b.begin()
	defer b.undo(m)
	return f()
}

// saveAccount saves party i's account before the open trial changes it,
// once per trial.
func (b *Book) saveAccount(i int) {
	t := &b.tr
	if len(t.serials) == 0 {
		return
	}
	a := &b.acc[i]
	serial := t.serials[len(t.serials)-1]
	if a.saved == serial {
		return
	}
	s := accSave{i: i, a: *a, kinds: b.kinds.row(i), date: b.today()}
	s.today = b.moves.row(s.date)[i]
	if s.today.wideMove() {
		s.wide = []wideMove{b.moves.wide[moveKey{int32(i), s.date}]}
	}
	t.accs = append(t.accs, s)
	a.saved = serial
}

// savePaid saves what pt has paid, in all and to party i, before the open
// trial changes it.
func (b *Book) savePaid(pt *paidTotals, i int) {
	if len(b.tr.serials) == 0 {
		return
	}
	s := paidSave{pt: pt, i: i, to: pt.to[i], total: pt.total}
	if s.to.wide {
		s.wide = pt.wide[i]
	}
	b.tr.paid = append(b.tr.paid, s)
}

// saveState saves the tranche's state before the open trial replaces it.
func (b *Book) saveState(id TrancheID) {
	if len(b.tr.serials) == 0 {
		return
	}
	v, had := b.states[id]
	b.tr.states = append(b.tr.states, stateSave{id: id, v: v, had: had})
}

// saveHurdle saves party i's cached hurdle balance at rate slot s before
// the open trial replaces it.
func (b *Book) saveHurdle(s, i int) {
	if ht := &b.rates[s].hurdles; len(b.tr.serials) > 0 && ht.hot != nil {
		b.tr.hurdles = append(b.tr.hurdles, hurdleSave{s: s, i: i, st: ht.get(i)})
	}
}

// saveSimple saves a cached simple accrual before the open trial replaces
// it.
func (b *Book) saveSimple(k accrualKey) {
	if len(b.tr.serials) > 0 {
		st, had := b.simple[k]
		b.tr.simple = append(b.tr.simple, simpleSave{k: k, st: st, had: had})
	}
}
