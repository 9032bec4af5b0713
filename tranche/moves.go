package tranche

import (
	"iter"
	"maps"
	"math"
	"slices"
	"time"

	"github.com/jvwaterfall/jvwaterfall/contract"
)

// A book keeps what moved each party's account on each date (its
// contributions, the payments to it and, of those, return of capital) in
// a table of one row a date and one move a party, all parties' moves of a
// date side by side: the engine reads and writes them a period at a
// time, party after party. Movements of one party on one date are added
// into one move, which leaves every balance replayed from the moves as it
// was (additions are exact, and time does not pass between them). A move
// whose amounts do not fit an int64 keeps them in the table's wide map.
//
// Only the last date's row is written to (time moves forward), so only
// it and the row before it (which the engine reads as it pays: a party's
// hurdle balance looks back to its last move) are kept as moves, in two
// buffers reused from date to date; a row two dates back is frozen
// (moveRow): in int32, half the memory, when every amount fits, and as
// nothing when all are zero.

// move is what moved one party's account on one date, in minor units; the
// zero move is nothing. capital == wideMark: the amounts are in
// moveTable.wide.
type move struct {
	in, out, capital int64
}

// wideMark in capital marks a wide move: return of capital is never
// negative, so it cannot be a real amount.
const wideMark = math.MinInt64

func (m move) zero() bool { return m == move{} }

func (m move) wideMove() bool { return m.capital == wideMark }

// moveKey finds a wide move: the party's index and the date's.
type moveKey struct{ party, date int32 }

// wideMove is a move's amounts when one does not fit an int64.
type wideMove struct{ in, out, capital units }

// moveTable is the book's moves, a row per date index of the ledger
// store's dates: row n−1 in cur, row n−2 in prev, and the rows before
// frozen in done.
type moveTable struct {
	parties int
	n       int       // the number of rows
	cur     []move    // row n−1, by party
	prev    []move    // row n−2, by party
	dirty   [2]bool   // cur, prev may hold a move that is not zero
	done    []moveRow // rows 0 to n−3
	wide    map[moveKey]wideMove
}

// moveRow is a frozen row: its moves in m32 when most amounts fit an
// int32, with the moves that do not in big (marked in m32 by a capital
// of bigMark), else in m64; all zero when both are nil.
type moveRow struct {
	m32 []move32
	big []bigMove // by party index, ascending
	m64 []move
}

// move32 is a move whose amounts fit an int32.
type move32 struct{ in, out, capital int32 }

// bigMove is party i's move in a row held in int32 that does not fit one.
type bigMove struct {
	i int
	m move
}

// bigMark in a move32's capital marks a move held in moveRow.big: return
// of capital is never negative.
const bigMark = math.MinInt32

func (r *moveRow) at(i int) move {
	if r.m32 != nil {
		m := &r.m32[i]
		if m.capital == bigMark {
			k, _ := slices.BinarySearchFunc(r.big, i, func(b bigMove, i int) int { return b.i - i })
			return r.big[k].m
		}
		return move{in: int64(m.in), out: int64(m.out), capital: int64(m.capital)}
	}
	if r.m64 != nil {
		return r.m64[i]
	}
	return move{}
}

// reserve sets aside room for the rows of dates dates of parties.
func (t *moveTable) reserve(dates, parties int) {
	t.parties = parties
	if n := min(dates, 1<<12); n > cap(t.done) {
		t.done = slices.Grow(t.done, n)
	}
}

// row returns the moves of date index d, to change, made (zero) if new.
func (t *moveTable) row(d int32) []move {
	if int(d) == t.n-1 {
		t.dirty[0] = true
		return t.cur
	}
	for int(d) >= t.n {
		t.next()
	}
	switch int(d) {
	case t.n - 1:
		t.dirty[0] = true
		return t.cur
	case t.n - 2:
		t.dirty[1] = true
		return t.prev
	}
	r := &t.done[d] // not reached in a run: the book writes only today's moves
	if r.m64 == nil {
		m := make([]move, t.parties)
		for i := range m {
			m[i] = r.at(i)
		}
		*r = moveRow{m64: m}
	}
	return r.m64
}

// next adds a row of zero moves.
func (t *moveTable) next() {
	switch t.n {
	case 0:
		t.cur = make([]move, t.parties)
	case 1:
		t.prev = make([]move, t.parties)
		t.cur, t.prev = t.prev, t.cur
		t.dirty = [2]bool{false, t.dirty[0]}
	default:
		r := t.freeze()
		t.done = append(t.done, r)
		t.cur, t.prev = t.prev, t.cur
		t.dirty = [2]bool{false, t.dirty[0]}
	}
	t.n++
}

// freeze returns prev as a frozen row and leaves prev zero, to be reused:
// in int32 with a few big moves aside, else prev itself, replaced.
func (t *moveTable) freeze() moveRow {
	if !t.dirty[1] {
		return moveRow{}
	}
	row := t.prev
	r := moveRow{m32: make([]move32, len(row))}
	for i := range row {
		m := &row[i]
		x, y, z := int32(m.in), int32(m.out), int32(m.capital)
		if int64(x) == m.in && int64(y) == m.out && int64(z) == m.capital && z != bigMark {
			r.m32[i] = move32{x, y, z}
			continue
		}
		if len(r.big) >= len(row)/8 {
			t.prev = make([]move, len(row))
			return moveRow{m64: row}
		}
		r.m32[i].capital = bigMark
		r.big = append(r.big, bigMove{i, *m})
	}
	clear(row)
	return r
}

// at returns party i's move on date index d; the zero move past the last
// row.
func (t *moveTable) at(d, i int) move {
	if d == t.n-1 {
		return t.cur[i]
	}
	return t.older(d, i)
}

func (t *moveTable) older(d, i int) move {
	if d == t.n-2 {
		return t.prev[i]
	}
	if d < len(t.done) {
		return t.done[d].at(i)
	}
	return move{}
}

// dates ranges over the date indexes that have a row.
func (t *moveTable) dates() iter.Seq[int] {
	return func(yield func(int) bool) {
		for d := range t.n {
			if !yield(d) {
				return
			}
		}
	}
}

// setWide stores w as party i's move on date index d.
func (t *moveTable) setWide(d int32, i int, w wideMove) {
	if t.wide == nil {
		t.wide = map[moveKey]wideMove{}
	}
	t.row(d)[i] = move{capital: wideMark}
	t.wide[moveKey{int32(i), d}] = w
}

// clone returns a copy of t that shares its rows frozen in int32, which
// are never changed.
func (t *moveTable) clone() moveTable {
	c := *t
	c.cur, c.prev = slices.Clone(t.cur), slices.Clone(t.prev)
	c.done = slices.Clone(t.done)
	for d := range c.done {
		if r := &c.done[d]; r.m64 != nil {
			r.m64 = slices.Clone(r.m64) // may be written to (row)
		}
	}
	c.wide = maps.Clone(t.wide)
	return c
}

// amounts returns party i's move on date index d.
func (b *Book) amounts(i int, d int32) (in, out, capital units) {
	m := b.moves.at(int(d), i)
	if m.wideMove() {
		w := b.moves.wide[moveKey{int32(i), d}]
		return w.in, w.out, w.capital
	}
	return units{n: m.in}, units{n: m.out}, units{n: m.capital}
}

// paidOutMove is a payment From a party: money it paid to another.
type paidOutMove struct {
	party int32
	date  int32
	u     units
}

// Movements returns a copy of the party's dated movements, oldest first:
// one per date on which its account moved.
func (b *Book) Movements(id PartyID) ([]Movement, error) {
	if b == nil {
		return nil, errNilBook
	}
	i, err := b.lookup(id)
	if err != nil {
		return nil, err
	}
	var out []Movement
	for d := range b.moves.dates() {
		if m := b.moves.at(d, i); !m.zero() {
			in, paid, capital := b.amounts(i, int32(d))
			out = append(out, Movement{Date: b.led.dates[d], In: b.dec(in), Out: b.dec(paid), Capital: b.dec(capital), PaidOut: b.zero})
		}
	}
	for _, o := range b.outs {
		if int(o.party) != i {
			continue
		}
		date := b.led.dates[o.date]
		k, found := slices.BinarySearchFunc(out, date, func(m Movement, t time.Time) int { return m.Date.Compare(t) })
		if !found {
			out = slices.Insert(out, k, Movement{Date: date, In: b.zero, Out: b.zero, Capital: b.zero, PaidOut: b.zero})
		}
		out[k].PaidOut = out[k].PaidOut.Add(o.u.dec(b.scale))
	}
	return out, nil
}

// Flows returns the party's dated cash flows from its own side, one per
// date, oldest first: contributions negative, payments received
// positive, payments it made to others (From it) negative; a date on
// which they net to zero has a zero flow. They are the input of an XIRR.
func (b *Book) Flows(id PartyID) ([]contract.Flow, error) {
	if b == nil {
		return nil, errNilBook
	}
	moves, err := b.Movements(id)
	if err != nil {
		return nil, err
	}
	flows := make([]contract.Flow, len(moves))
	for j, m := range moves {
		flows[j] = contract.Flow{Date: m.Date, Amount: m.Out.Sub(m.In).Sub(m.PaidOut)}
	}
	return flows, nil
}

// addMove adds in, out and capital (of out) to party i's move of today.
func (b *Book) addMove(i int, in, out, capital units) {
	now := b.today()
	m := b.moves.row(now)[i:]
	if len(m) == 0 {
		return // not reached: a row has every party
	}
	if !m[0].wideMove() && in.small() && out.small() && capital.small() {
		x, ok1 := add64(m[0].in, in.n)
		y, ok2 := add64(m[0].out, out.n)
		z, ok3 := add64(m[0].capital, capital.n)
		if ok1 && ok2 && ok3 && z != wideMark {
			m[0] = move{in: x, out: y, capital: z}
			return
		}
	}
	pi, po, pc := b.amounts(i, now)
	b.moves.setWide(now, i, wideMove{pi.add(in), po.add(out), pc.add(capital)})
}

// add64 returns x + y; ok is false on overflow.
func add64(x, y int64) (int64, bool) {
	s := x + y
	return s, (x >= 0) != (y >= 0) || (s >= 0) == (x >= 0)
}
