package tranche

import (
	"fmt"
	"slices"

	"github.com/jvwaterfall/jvwaterfall/contract"
	"github.com/shopspring/decimal"
)

// paidTotals is what one tranche has paid, in all and to each party.
type paidTotals struct {
	idx   int32 // the tranche's index in the ledger store
	total units
	to    []paidTo         // by party index
	wide  map[int]paidWide // by party index: the amounts of an entry marked wide
}

// paidTo is what a tranche has paid one party, in minor units: in all
// (to), and in the period of index at − 1 (now; an entry of an earlier
// period reads as zero, so that nothing is reset when the book
// advances). Both sit side by side, as a payment changes both. Once
// either does not fit an int64, the entry is marked wide and both are
// kept in paidTotals.wide instead.
type paidTo struct {
	to, now int64
	at      int32 // the period's index + 1; 0: none
	wide    bool
}

// paidWide is a wide paidTo's amounts.
type paidWide struct{ to, now units }

// toU is what pt has paid party i in all.
func (pt *paidTotals) toU(i int) units {
	if p := &pt.to[i]; !p.wide {
		return units{n: p.to}
	}
	return pt.wide[i].to
}

// nowU is what pt has paid party i in the period of index at − 1.
func (pt *paidTotals) nowU(i int, at int32) units {
	switch p := &pt.to[i]; {
	case p.at != at:
		return units{}
	case !p.wide:
		return units{n: p.now}
	}
	return pt.wide[i].now
}

// add adds u to what pt has paid party i, in all and in the period of
// index at − 1.
func (pt *paidTotals) add(i int, u units, at int32) {
	p := &pt.to[i]
	now := int64(0)
	if p.at == at {
		now = p.now
	}
	if !p.wide && u.small() {
		t, ok1 := add64(p.to, u.n)
		n, ok2 := add64(now, u.n)
		if ok1 && ok2 {
			p.to, p.now, p.at = t, n, at
			return
		}
	}
	w := paidWide{to: units{n: p.to}, now: units{n: now}}
	if p.wide {
		w = pt.wide[i]
		if p.at != at {
			w.now = units{}
		}
	}
	if pt.wide == nil {
		pt.wide = map[int]paidWide{}
	}
	pt.wide[i] = paidWide{to: w.to.add(u), now: w.now.add(u)}
	*p = paidTo{at: at, wide: true}
}

// Post records a payment at the current period and date and updates the
// party's account. p.Period and p.Date are set by the book. A zero amount
// is not recorded. When p.From names a party of the book, the payment
// counts as paid out by it ([Account].PaidOut).
//
// Post returns an error if:
//   - the party is unknown;
//   - the amount is negative or not a whole number of minor units;
//   - the kind is not valid;
//   - a return of capital exceeds the party's unreturned capital.
func (b *Book) Post(p Payment) error {
	if b == nil {
		return errNilBook
	}
	i, err := b.lookup(p.Party)
	if err != nil {
		return err
	}
	if err := b.checkAmount(p.Amount); err != nil {
		return fmt.Errorf("tranche %q: payment to %q: %w", p.Tranche, p.Party, err)
	}
	if !p.Kind.Valid() {
		return fmt.Errorf("tranche %q: payment kind %d: %w", p.Tranche, uint8(p.Kind), contract.ErrInvalid)
	}
	if p.Amount.IsZero() {
		return nil
	}
	u, _ := toUnits(p.Amount, b.scale)
	before, ok1 := toUnits(p.Before, b.scale)
	after, ok2 := toUnits(p.After, b.scale)
	from := int32(-1)
	if i, ok := b.index[p.From]; ok {
		from = int32(i) // the book's parties come first among the ledger's names, in its order
	} else if p.From != "" {
		from = b.led.name(p.From)
	}
	var w *wideRow
	if !ok1 || !ok2 || !u.small() || !before.small() || !after.small() {
		w = &wideRow{amount: p.Amount, before: p.Before, after: p.After}
	}
	return b.post(i, b.totals(p.Tranche), p.Kind, u, before.n, after.n, w, from)
}

// post records a payment of u (positive, whole) minor units to party i
// by the tranche of pt, of kind, that moves a balance from before to
// after (minor units), or with the amounts in w when they do not fit a
// row; from is the paying party's index among the ledger's names, or -1.
func (b *Book) post(i int, pt *paidTotals, kind Kind, u units, before, after int64, w *wideRow, from int32) error {
	b.saveAccount(i)
	a := &b.acc[i]
	capital := units{}
	if kind == KindCapital {
		if unreturned := a.unreturned(); u.cmp(unreturned) > 0 {
			return fmt.Errorf("tranche %q: returns %s of capital to %q, which has %s unreturned: %w",
				b.led.tranches[pt.idx], u.dec(b.scale), b.ids[i], unreturned.dec(b.scale), ErrInvariant)
		}
		capital = u
	}
	b.addOut(i, u, kind)
	b.addMove(i, units{}, u, capital)
	now := b.today()
	if !b.noRows {
		s := b.led
		r := ledgerRow{period: int32(b.period.Index), date: now, party: int32(i), from: from, tranche: pt.idx, kind: kind}
		if w == nil && u.small() {
			r.amount, r.before, r.after = u.n, before, after
		} else {
			if w == nil {
				w = &wideRow{amount: u.dec(b.scale), before: decimal.New(before, -b.scale), after: decimal.New(after, -b.scale)}
			}
			if s.wide == nil {
				s.wide = map[int]wideRow{}
			}
			r.wide = true
			s.wide[s.end()] = *w
		}
		s.appendRow(r)
	}
	b.savePaid(pt, i)
	pt.total = pt.total.add(u)
	pt.add(i, u, int32(b.period.Index)+1)
	b.addTally(u, kind)
	b.nPosted++
	if from >= 0 && int(from) < len(b.acc) {
		b.saveAccount(int(from))
		b.addPaidOut(int(from), u)
		b.outs = append(b.outs, paidOutMove{party: from, date: now, u: u})
	}
	return nil
}

// postMany posts parts[j] minor units (when not zero) to party idx[j] by
// the tranche of pt, of kind. With owed, each pays down a claim from
// owed[j] to owed[j] − parts[j]; without (nil), each adds to the party's
// receipts from the tranche, from what pt has paid it. It is post for a
// tranche's payments to many parties at once, with what post works out
// per payment worked out once; it falls back to post in a trial or for
// amounts past int64.
func (b *Book) postMany(pt *paidTotals, kind Kind, idx []int, parts []int64, owed []int64) error {
	before := func(j, i int) (int64, int64) {
		if owed != nil {
			return owed[j], owed[j] - parts[j]
		}
		to := pt.toU(i).n // 0 when wide: a payment past int64 keeps its amounts apart
		return to, to + parts[j]
	}
	if len(b.tr.serials) > 0 {
		for j, i := range idx {
			if x := parts[j]; x != 0 {
				bf, af := before(j, i)
				if err := b.post(i, pt, kind, units{n: x}, bf, af, nil, -1); err != nil {
					return err
				}
			}
		}
		return nil
	}
	now, at := b.today(), int32(b.period.Index)+1
	row := b.moves.row(now)
	s, rows := b.led, !b.noRows
	r := ledgerRow{period: int32(b.period.Index), date: now, from: -1, tranche: pt.idx, kind: kind}
	capital := kind == KindCapital
	// general posts parts[j:] one by one, after the sum and count of the
	// payments before j.
	general := func(j int, sum int64, posted int) error {
		b.nPosted += posted
		b.addPosted(pt, sum, kind)
		for k := j; k < len(idx); k++ {
			if x := parts[k]; x != 0 {
				bf, af := before(k, idx[k])
				if err := b.post(idx[k], pt, kind, units{n: x}, bf, af, nil, -1); err != nil {
					return err
				}
			}
		}
		return nil
	}
	var sum int64
	posted := 0
	acc := b.acc
	row, pts := row[:len(acc)], pt.to[:len(acc)]
	paidKind := b.kinds.col(kind, len(acc))[:len(acc)]
	for j, i := range idx {
		x := parts[j]
		if x == 0 {
			continue
		}
		if uint(i) >= uint(len(acc)) {
			return general(j, sum, posted) // not reached: the indexes are the book's
		}
		a, m, to, pk := &acc[i], &row[i], &pts[i], &paidKind[i]
		dist, byKind, capRet := a.distributed+x, *pk+x, a.capReturned
		ptTo, total, mo, mc := to.to+x, sum+x, m.out+x, m.capital
		if capital {
			capRet, mc = capRet+x, mc+x
		}
		// Amounts in [0, 2^62) add up to less than 2^63, and such a
		// capital is no wideMark: quick is true when nothing overflows.
		quick := (x|to.to|sum|m.out|m.capital|a.distributed|*pk|a.capReturned)>>62 == 0
		if !quick {
			// y + x overflows to z when z's sign is neither y's nor x's:
			// the sign bit of (y^z)&(x^z). A sum not made (mc when the
			// kind is not capital) has y = z, and a clear bit.
			over := (to.to^ptTo)&(x^ptTo) | (sum^total)&(x^total) | (m.out^mo)&(x^mo) | (m.capital^mc)&(x^mc)
			if over < 0 || m.capital == wideMark || mc == wideMark {
				return general(j, sum, posted)
			}
		}
		if a.wide != nil || to.wide {
			return general(j, sum, posted)
		}
		if capital && x > a.contributed-a.capReturned {
			b.nPosted += posted
			b.addPosted(pt, sum, kind) // what was paid before it, as post would have
			u := units{n: x}
			return fmt.Errorf("tranche %q: returns %s of capital to %q, which has %s unreturned: %w",
				s.tranches[pt.idx], u.dec(b.scale), b.ids[i], a.unreturned().dec(b.scale), ErrInvariant)
		}
		if !quick && (a.distributed^dist)&(x^dist)|(*pk^byKind)&(x^byKind)|(a.capReturned^capRet)&(x^capRet) < 0 {
			b.addOut(i, units{n: x}, kind) // the account goes wide
		} else {
			a.distributed, *pk, a.capReturned = dist, byKind, capRet
		}
		m.out, m.capital = mo, mc
		if rows {
			r.party, r.amount = int32(i), x
			r.before, r.after = before(j, i)
			s.appendRow(r)
		}
		to.to = ptTo
		if to.at == at { // part of to.to, so it fits as to.to + x does
			to.now += x
		} else {
			to.now, to.at = x, at
		}
		sum = total
		posted++
	}
	b.nPosted += posted
	b.addPosted(pt, sum, kind)
	return nil
}

// addPosted adds n minor units, paid as kind, to pt's total and to the
// book's tally.
func (b *Book) addPosted(pt *paidTotals, n int64, kind Kind) {
	u := units{n: n}
	pt.total = pt.total.add(u)
	b.addTally(u, kind)
}

// addTally adds a payment of u, of kind, to the book's running totals.
func (b *Book) addTally(u units, kind Kind) {
	b.posted = b.posted.add(u)
	b.paidKind[kind] = b.paidKind[kind].add(u)
}

// A Tally is where a book's running totals of the payments posted stood
// when [Book.Tally] took it: what [Book.PaidSince] counts from. The zero
// Tally is a new book's.
type Tally struct {
	all    units
	byKind [numKinds]units
}

// Tally returns the book's running totals of the payments posted so far,
// for [Book.PaidSince]. A trial's payments, undone, are not in them.
func (b *Book) Tally() Tally {
	if b == nil {
		return Tally{}
	}
	return Tally{all: b.posted, byKind: b.paidKind}
}

// PaidSince returns the total of the payments posted since t was taken
// ([Book.Tally]) of the given kinds (of every kind when none is given),
// as [Ledger.Sum] adds up the ledger's, but counted as each payment is
// posted: a book that keeps no ledger ([Book.KeepNoLedger]) counts them
// too.
func (b *Book) PaidSince(t Tally, kinds ...Kind) decimal.Decimal {
	if b == nil {
		return decimal.Zero
	}
	return b.dec(b.paidSince(t, kinds))
}

// PaidSinceIs reports whether the payments posted since t was taken, of
// the given kinds (of every kind when none is given), add up to want:
// PaidSince(t, kinds...).Equal(want), worked in minor units without
// making a decimal, for a check that runs every period (the engine's
// conservation of cash).
func (b *Book) PaidSinceIs(t Tally, want decimal.Decimal, kinds ...Kind) bool {
	if b == nil {
		return want.IsZero()
	}
	w, ok := toUnits(want, b.scale)
	return ok && w.eq(b.paidSince(t, kinds))
}

// paidSince is PaidSince in minor units.
func (b *Book) paidSince(t Tally, kinds []Kind) units {
	if len(kinds) == 0 {
		return b.posted.sub(t.all)
	}
	sum := units{}
	for k := range numKinds {
		if slices.Contains(kinds, k) {
			sum = sum.add(b.paidKind[k].sub(t.byKind[k]))
		}
	}
	return sum
}

// totals returns the tranche's paid totals, made if new.
func (b *Book) totals(id TrancheID) *paidTotals {
	if b.lastPT != nil && b.lastID == id {
		return b.lastPT
	}
	t, ok := b.paid[id]
	if !ok {
		b.ensure()
		t = &paidTotals{idx: b.led.tranche(id), to: make([]paidTo, len(b.acc))}
		b.paid[id] = t
	}
	b.lastID, b.lastPT = id, t
	return t
}

// paidToUnits is what tranche id has paid so far to party index i.
func (b *Book) paidToUnits(id TrancheID, i int) units {
	if t, ok := b.paid[id]; ok {
		return t.toU(i)
	}
	return units{}
}

// paidThisPeriod is what tranche id has paid party i in the current
// period, kept as it pays, so that a book that keeps no ledger knows it.
func (b *Book) paidThisPeriod(id TrancheID, i int) units {
	pt, ok := b.paid[id]
	if !ok {
		return units{}
	}
	return pt.nowU(i, int32(b.period.Index)+1)
}

// Grow makes room in the ledger for n more payments, so that a long
// ledger is not copied as it grows. It changes nothing a caller can
// observe; the engine calls it with an estimate.
func (b *Book) Grow(n int) {
	if b == nil {
		return
	}
	b.ensure()
	if s := b.led; n > 0 && cap(s.rows)-len(s.rows) < n {
		grown := make([]ledgerRow, len(s.rows), len(s.rows)+n)
		copy(grown, s.rows)
		s.rows = grown
	}
}

// Ledger returns the payments posted so far, oldest first; a book that
// keeps only the current period ([Book.KeepCurrentPeriod]) returns the
// current period's, and one that keeps no ledger ([Book.KeepNoLedger])
// none.
func (b *Book) Ledger() Ledger {
	if b == nil {
		return Ledger{}
	}
	b.ensure()
	s := b.led
	return Ledger{s: s, gen: s.gen, lo: s.base, hi: s.end()}
}

// Posted is the number of payments posted so far, including those a book
// that keeps only the current period has forgotten, or keeps no ledger
// has not written.
func (b *Book) Posted() int {
	if b == nil {
		return 0
	}
	return b.nPosted
}

// Paid is the total the tranche has paid so far, to everyone.
func (b *Book) Paid(t TrancheID) decimal.Decimal {
	if b == nil {
		return decimal.Zero
	}
	if pt, ok := b.paid[t]; ok {
		return pt.total.dec(b.scale)
	}
	return decimal.Decimal{}
}

// PaidTo is the total the tranche has paid so far to the party.
func (b *Book) PaidTo(t TrancheID, party PartyID) decimal.Decimal {
	if b == nil {
		return decimal.Zero
	}
	i, ok := b.index[party]
	pt, paid := b.paid[t]
	if !ok || !paid {
		return decimal.Decimal{}
	}
	return pt.toU(i).dec(b.scale)
}
