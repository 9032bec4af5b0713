package tranche

// The book's hurdle balances and accruals: each party's balance H(r) at a
// rate, grown by the rate's growth factor between movement dates, and
// simple accruals, replayed from the party's movements. Growth factors are
// computed once per rate and pair of dates.

import (
	"sync"
	"time"

	"github.com/jvwaterfall/jvwaterfall/contract"
	"github.com/shopspring/decimal"
)

type accrualKey struct {
	party int
	rate  string
}

// accrualState is a balance replayed from a party's movements up to (not
// including) moves[next], as of date asOf.
type accrualState struct {
	balance    decimal.Decimal
	unreturned decimal.Decimal // for simple accruals: the base they accrue on
	asOf       time.Time
	started    bool
	next       int32    // the first date index not yet looked at (but lastDate)
	lastDate   int32    // the date of the last move replayed; -1: none
	last       [2]units // its in and capital as replayed: the current date's move may take more
}

// hurdleState is a party's hurdle balance at one rate, replayed from its
// moves on the dates before date index next (and lastDate's), as of date
// index asOf (-1 before the first move). It is held in fixed point (fix)
// while it fits, and in decimal (dec) after. last holds the in and out of
// lastDate's move as replayed: the current date's move takes later
// movements of the date, which the next replay adds (with no growth
// between, the sum is the same). asOf is always lastDate (they are set
// together): hurdleTable keeps one of them.
type hurdleState struct {
	hurdleValue
	asOf     int32
	next     int32
	lastDate int32
	last     [2]units
	// The last query's growth: the balance grown from date index asOf to
	// grownTo (0: none) is grown; any change of the balance drops it. A
	// replay that grows the balance to that date reuses it.
	grown   fixed
	grownTo int32
}

// memo returns the remembered growth of st to date index to, if it is
// st's.
func (st *hurdleState) memo(to int32) (fixed, bool) {
	return st.grown, st.grownTo == to && to > st.asOf && !st.isDec
}

// hurdleValue is a hurdle balance: fix while it fits, dec after (isDec).
type hurdleValue struct {
	fix   fixed
	dec   decimal.Decimal
	isDec bool
}

// rateSlot is a rate the book has seen, with its key and whether it is
// valid.
type rateSlot struct {
	r       contract.Rate
	key     string
	err     error
	hurdles hurdleTable // by party index
	// byFrom[d] is the last growth factor looked up from date index d,
	// to date index byFrom[d].to: replays grow from one movement to the
	// next, over the same dates for every party.
	byFrom []growthFrom
}

type growthFrom struct {
	to int32 // 0: none (a factor to the first date is never needed)
	g  growthFactor
}

type growthKey struct {
	rate     string
	num, den int64 // the day count's year fraction
}

// growthFactor is a growth factor, and the same in units of 10^-20 when
// fixOK.
type growthFactor struct {
	dec   decimal.Decimal
	fix   u128
	fixOK bool
}

// slot returns the index of r in b.rates, added if new.
func (b *Book) slot(r contract.Rate) int {
	for i := range b.rates {
		if b.rates[i].r == r {
			return i
		}
	}
	key := r.Key()
	if i, ok := b.rateIdx[key]; ok {
		b.rates[i].r = r
		return i
	}
	b.ensure()
	b.rates = append(b.rates, rateSlot{r: r, key: key, err: r.Validate()})
	b.rateIdx[key] = len(b.rates) - 1
	return len(b.rates) - 1
}

// Growth is r's growth factor between two dates (see [contract.Rate.Growth]),
// remembered by the book so that it is computed once per rate and period.
func (b *Book) Growth(r contract.Rate, from, to time.Time) (decimal.Decimal, error) {
	if to.Equal(from) {
		return decimal.NewFromInt(1), nil
	}
	g, err := b.growthOf(b.slot(r), from, to)
	return g.dec, err
}

// growthOf is the growth factor of rate slot s from from to to (not
// equal). The factor depends on the dates only through the day count's
// year fraction, so it is remembered by that.
func (b *Book) growthOf(s int, from, to time.Time) (growthFactor, error) {
	rs := &b.rates[s]
	if rs.err != nil {
		_, err := rs.r.Growth(from, to)
		return growthFactor{}, err
	}
	num, den := rs.r.DayCount.Fraction(from, to)
	k := growthKey{rs.key, num, den}
	if g, ok := b.growth[k]; ok {
		return g, nil
	}
	g, ok := memoGrowth(k)
	if !ok {
		d, err := rs.r.Growth(from, to)
		if err != nil {
			return growthFactor{}, err
		}
		g = growthFactor{dec: d}
		if x := d.Shift(contract.GrowthPlaces); x.IsInteger() {
			g.fix, g.fixOK = u128Of(x.BigInt())
		}
		keepGrowth(k, g)
	}
	b.ensure()
	b.growth[k] = g
	return g, nil
}

// Growth factors with their fixed-point form are kept process-wide, as
// contract keeps the decimals (a factor is a pure function of the rate's
// key and the year fraction, and its decimal is never changed once made),
// so that a run, and every run of a sweep after the first, turns none of
// them into fixed point again.
var growthMemo struct {
	sync.RWMutex
	m map[growthKey]growthFactor
}

// growthMemoMax bounds the factors kept; past it they are converted per
// run, as before the memo.
const growthMemoMax = 1 << 14

func memoGrowth(k growthKey) (growthFactor, bool) {
	growthMemo.RLock()
	g, ok := growthMemo.m[k]
	growthMemo.RUnlock()
	return g, ok
}

func keepGrowth(k growthKey, g growthFactor) {
	growthMemo.Lock()
	if growthMemo.m == nil {
		growthMemo.m = make(map[growthKey]growthFactor)
	}
	if len(growthMemo.m) < growthMemoMax {
		growthMemo.m[k] = g
	}
	growthMemo.Unlock()
}

// growthIdx is growthOf between two dates given by index in the ledger
// store's dates, with the last one remembered: in a run every party grows
// over the same dates.
func (b *Book) growthIdx(s int, from, to int32) (growthFactor, error) {
	rs := &b.rates[s]
	if int(from) < len(rs.byFrom) && rs.byFrom[from].to == to {
		return rs.byFrom[from].g, nil
	}
	g, err := b.growthOf(s, b.led.dates[from], b.led.dates[to])
	if err != nil {
		return g, err
	}
	rs = &b.rates[s]
	if int(from) >= len(rs.byFrom) {
		rs.byFrom = append(rs.byFrom, make([]growthFrom, len(b.led.dates)-len(rs.byFrom))...)
	}
	rs.byFrom[from] = growthFrom{to, g}
	return g, nil
}

// Hurdle returns the party's hurdle balance at rate r on the current date:
// contributions grown at r, less distributions of any kind grown at r. With
// annual compounding on ACT/365F it is zero or below exactly when the
// party's XIRR is at least r. It is kept to [AccrualPlaces] decimals.
func (b *Book) Hurdle(id PartyID, r contract.Rate) (decimal.Decimal, error) {
	if b == nil {
		return decimal.Zero, errNilBook
	}
	i, err := b.lookup(id)
	if err != nil {
		return decimal.Decimal{}, err
	}
	h, err := b.hurdle(i, b.slot(r))
	if err != nil {
		return decimal.Decimal{}, err
	}
	if h.isDec {
		return h.dec, nil
	}
	return h.fix.dec(), nil
}

// hurdle is party i's hurdle balance at rate slot s on the current date,
// in fixed point unless isDec. Each step is the decimal rule
// balance·g rounded to AccrualPlaces, then plus In, minus Out. The book
// keeps the balance replayed so far, and the growth of the last query.
func (b *Book) hurdle(i, s int) (hurdleValue, error) {
	h := b.hurdleRun(s)
	return h.value(i)
}

// A hurdleRun reads the hurdle balances of many parties at one rate on
// the current date, with the growth factor last used at hand: the
// parties of a tranche grow over the same dates.
type hurdleRun struct {
	b        *Book
	s        int
	from, to int32 // the dates of g; to 0: none (no factor ends on the first date)
	g        growthFactor
	// The last two factors steady grew by, in fixed point: a party read
	// after a date it moved on but was not read on grows over two pairs
	// of dates, the loop's and the last, and so does the next party.
	fix [2]fixedFactor
}

// fixedFactor is a growth factor in fixed point between two date
// indexes; to 0: none.
type fixedFactor struct {
	from, to int32
	g        u128
	ok       bool // the factor is known in fixed point
}

func (b *Book) hurdleRun(s int) hurdleRun { return hurdleRun{b: b, s: s} }

// growth is the growth factor of the run's rate between two date indexes.
func (h *hurdleRun) growth(from, to int32) (growthFactor, error) {
	if h.to == to && h.from == from {
		return h.g, nil
	}
	g, err := h.b.growthIdx(h.s, from, to)
	if err == nil {
		h.from, h.to, h.g = from, to, g
	}
	return g, err
}

// value is party i's hurdle balance: see Book.hurdle.
func (h *hurdleRun) value(i int) (hurdleValue, error) {
	b, s := h.b, h.s
	t := &b.rates[s].hurdles
	if t.hot == nil {
		*t = newHurdleTable(len(b.acc))
	}
	b.saveHurdle(s, i)
	now := b.today()
	if v, ok := h.steady(t, i, now); ok {
		return hurdleValue{fix: v}, nil
	}
	return h.replayStored(t, i, now)
}

// replayStored is replay on party i's state in t, stored back.
func (h *hurdleRun) replayStored(t *hurdleTable, i int, now int32) (hurdleValue, error) {
	st := t.get(i)
	v, err := h.replay(&st, i, now)
	t.set(i, &st)
	return v, err
}

// replay is value's general case: st's balance replayed from party i's
// moves in fixed point while it fits and in decimal after, with amounts
// of any size.
func (h *hurdleRun) replay(st *hurdleState, i int, now int32) (hurdleValue, error) {
	b := h.b
	if d := st.lastDate; d >= 0 {
		// What the last move replayed took since.
		in, out, _ := b.amounts(i, d)
		if !in.eq(st.last[0]) || !out.eq(st.last[1]) {
			b.addHurdle(&st.hurdleValue, in.sub(st.last[0]), false)
			b.addHurdle(&st.hurdleValue, out.sub(st.last[1]), true)
			st.last, st.grownTo = [2]units{in, out}, 0
		}
	}
	// The dates before today are final; today's move, once replayed, is
	// lastDate's.
	for ; st.next <= now; st.next++ {
		d := st.next
		if d == st.lastDate {
			continue
		}
		m := b.moves.at(int(d), i)
		if m.zero() {
			if d == now {
				break // today may still move: look again next time
			}
			continue
		}
		switch {
		case st.asOf < 0:
		case st.grownTo == d && d > st.asOf && !st.isDec:
			st.fix = st.grown // grown by the last query
		default:
			if err := h.grow(&st.hurdleValue, st.asOf, d); err != nil {
				return hurdleValue{}, err
			}
		}
		st.asOf = d
		st.last, st.lastDate, st.grownTo = b.addMoveHurdle(&st.hurdleValue, i, d, m), d, 0
		if d == now {
			break
		}
	}
	if st.asOf < 0 {
		return hurdleValue{}, nil // no move yet
	}
	v := st.hurdleValue
	if now != st.asOf {
		if f, ok := st.memo(now); ok {
			v.fix = f
		} else {
			if err := h.grow(&v, st.asOf, now); err != nil {
				return hurdleValue{}, err
			}
			if !v.isDec && !st.isDec {
				// Remember the growth: the next replay grows this state
				// to this date again when the party moves today.
				st.grown, st.grownTo = v.fix, now
			}
		}
	}
	return v, nil
}

// steady is value in fixed point and int64 amounts, the common case of a
// run: it replays party i's moves as value does, in local variables that
// it stores in t when done (one line of t.hot). ok is false, with t
// untouched, if the balance is in decimal, a move is wide, or a growth
// factor or a sum does not fit in fixed point: value then replays, and
// meets the same.
func (h *hurdleRun) steady(t *hurdleTable, i int, now int32) (fixed, bool) {
	st := &t.hot[i]
	if st.slow != 0 {
		return fixed{}, false
	}
	moves, scale := &h.b.moves, h.b.scale
	fix, grown := fixed{st.fixNeg, st.fix}, fixed{st.grownNeg, st.grown}
	asOf, next, lastDate, grownTo := st.lastDate, st.next, st.lastDate, st.grownTo
	lastIn, lastOut := st.lastIn, st.lastOut
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
	st.store(fix, grown, next, lastDate, grownTo, lastIn, lastOut)
	return v, true
}

// addMove returns f plus m's in less its out, less what was already
// added of them (in, out); ok is false if a sum does not fit.
func (f fixed) addMove(m move, in, out int64, scale int32) (fixed, bool) {
	in, ok1 := sub64(m.in, in)
	out, ok2 := sub64(m.out, out)
	if !ok1 || !ok2 {
		return fixed{}, false
	}
	x, ok := f.addUnits(in, false, scale)
	if !ok {
		return fixed{}, false
	}
	return x.addUnits(out, true, scale)
}

// growFixed returns f grown from date index from to date index to in
// fixed point; ok is false if the factor is not known in fixed point or
// the result does not fit.
func (h *hurdleRun) growFixed(f fixed, from, to int32) (fixed, bool) {
	g, ok := h.factor(from, to)
	if !ok {
		return fixed{}, false
	}
	return f.grow(g)
}

// factor is the growth factor between two date indexes in fixed point;
// ok is false if it is not known in fixed point.
// A replay grows one party over many dates, the next party over the
// same: the factor is read where the book keeps it by date, and kept in
// h for the next party.
func (h *hurdleRun) factor(from, to int32) (u128, bool) {
	x := &h.fix[0]
	if x.to != to || x.from != from {
		if y := &h.fix[1]; y.to == to && y.from == from {
			h.fix[0], h.fix[1] = *y, *x
		} else {
			rs := &h.b.rates[h.s]
			var g *growthFactor
			if int(from) < len(rs.byFrom) && rs.byFrom[from].to == to {
				g = &rs.byFrom[from].g
			} else if gf, err := h.growth(from, to); err == nil {
				g = &gf
			} else {
				return u128{}, false
			}
			h.fix[1], h.fix[0] = *x, fixedFactor{from, to, g.fix, g.fixOK}
		}
	}
	return x.g, x.ok
}

// addMoveHurdle adds party i's move m of date index d to v: its in, less
// its out; it returns them.
func (b *Book) addMoveHurdle(v *hurdleValue, i int, d int32, m move) [2]units {
	if !m.wideMove() && !v.isDec {
		if x, ok := v.fix.addUnits(m.in, false, b.scale); ok {
			if y, ok := x.addUnits(m.out, true, b.scale); ok {
				v.fix = y
				return [2]units{{n: m.in}, {n: m.out}}
			}
		}
	}
	in, out, _ := b.amounts(i, d)
	b.addHurdle(v, in, false)
	b.addHurdle(v, out, true)
	return [2]units{in, out}
}

// grow grows v from date index from to date index to.
func (h *hurdleRun) grow(v *hurdleValue, from, to int32) error {
	if from == to {
		return nil
	}
	g, err := h.growth(from, to)
	if err != nil {
		return err
	}
	if !v.isDec && g.fixOK {
		if f, ok := v.fix.grow(g.fix); ok {
			v.fix = f
			return nil
		}
	}
	v.toDec()
	v.dec = v.dec.Mul(g.dec).Round(AccrualPlaces)
	return nil
}

// addHurdle adds u (subtracts it if neg) to st.
func (b *Book) addHurdle(st *hurdleValue, u units, neg bool) {
	if u.sign() == 0 {
		return
	}
	if !st.isDec {
		if x, ok := fixedOfUnits(u, b.scale); ok {
			x.neg = x.neg != neg && !x.mag.isZero()
			if f, ok := st.fix.add(x); ok {
				st.fix = f
				return
			}
		}
	}
	st.toDec()
	if neg {
		st.dec = st.dec.Sub(u.dec(b.scale))
	} else {
		st.dec = st.dec.Add(u.dec(b.scale))
	}
}

// toDec moves st to decimal arithmetic, for good.
func (st *hurdleValue) toDec() {
	if !st.isDec {
		st.dec, st.isDec = st.fix.dec(), true
	}
}

// SimpleAccrued returns the simple (non-compounding) return accrued on the
// party's unreturned capital at rate r up to the current date: the sum over
// time of unreturned capital × r × year fraction, kept to [AccrualPlaces]
// decimals. r.Compounding is ignored; r.DayCount sets the year fractions.
func (b *Book) SimpleAccrued(id PartyID, r contract.Rate) (decimal.Decimal, error) {
	if b == nil {
		return decimal.Zero, errNilBook
	}
	i, err := b.lookup(id)
	if err != nil {
		return decimal.Decimal{}, err
	}
	r.Compounding = contract.Simple
	s := b.slot(r)
	k := accrualKey{i, b.rates[s].key}
	st, ok := b.simple[k]
	if !ok {
		st = accrualState{balance: decimal.Zero, unreturned: decimal.Zero, lastDate: -1}
	}
	one := decimal.NewFromInt(1)
	now := b.today()
	changed := false
	if d := st.lastDate; d >= 0 {
		// What the last move replayed took since: on its date, with no
		// time to accrue over.
		in, _, capital := b.amounts(i, d)
		if !in.eq(st.last[0]) || !capital.eq(st.last[1]) {
			st.unreturned = st.unreturned.Add(in.sub(st.last[0]).dec(b.scale)).Sub(capital.sub(st.last[1]).dec(b.scale))
			st.last, changed = [2]units{in, capital}, true
		}
	}
	for ; st.next <= now; st.next++ {
		d := st.next
		if d == st.lastDate {
			continue
		}
		if b.moves.at(int(d), i).zero() {
			if d == now {
				break
			}
			continue
		}
		date := b.led.dates[d]
		if !st.started {
			st.asOf, st.started = date, true
		}
		g, err := b.Growth(r, st.asOf, date)
		if err != nil {
			return decimal.Decimal{}, err
		}
		in, _, capital := b.amounts(i, d)
		st.balance = st.balance.Add(st.unreturned.Mul(g.Sub(one))).Round(AccrualPlaces)
		st.unreturned = st.unreturned.Add(in.dec(b.scale)).Sub(capital.dec(b.scale))
		st.asOf, st.last, st.lastDate, changed = date, [2]units{in, capital}, d, true
		if d == now {
			break
		}
	}
	if !st.started {
		return decimal.Zero, nil
	}
	if changed {
		b.saveSimple(k)
		b.ensure()
		b.simple[k] = st
	}
	g, err := b.Growth(r, st.asOf, b.date)
	if err != nil {
		return decimal.Decimal{}, err
	}
	return st.balance.Add(st.unreturned.Mul(g.Sub(one))).Round(AccrualPlaces), nil
}
