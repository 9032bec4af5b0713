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
// (moveRow): by column, in int32, when most amounts fit, a column of
// zeros as nothing (a date of calls moves no money out, a date of
// distributions none in, and return of capital ends), the columns of
// many rows cut from one slab; and as nothing when all are zero.

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
	parties  int
	n        int       // the number of rows
	cur      []move    // row n−1, by party
	prev     []move    // row n−2, by party
	dirty    [2]bool   // cur, prev may hold a move that is not zero
	done     []moveRow // rows 0 to n−3
	wide     map[moveKey]wideMove
	slab     []int32 // room for the columns of rows still to freeze
	slabLen  int     // the length of the last slab made
	expect   int     // the rows the table is expected to have (reserve); 0: not known
	whole    []move  // room for the rows still to freeze whole (rare.m64)
	wholeLen int     // the length of the last slab of moves made
	rares    []rareRow
}

// moveRow is a frozen row: its amounts by column (in, out, capital) in
// int32, a column nil when all its amounts are zero, with the moves that
// do not fit an int32 in rare.big (and zero in the columns); or, when
// many do not, in rare.m64. All moves are zero when every column and
// rare are nil.
type moveRow struct {
	in, out, capital []int32
	rare             *rareRow
}

// rareRow is what a frozen row holds beside its columns, rarely.
type rareRow struct {
	big []bigMove // by party index, ascending
	m64 []move
}

// bigMove is party i's move in a row held by column that does not fit
// an int32.
type bigMove struct {
	i int
	m move
}

func (r *moveRow) at(i int) move {
	var m move
	if r.in != nil {
		m.in = int64(r.in[i])
	}
	if r.out != nil {
		m.out = int64(r.out[i])
	}
	if r.capital != nil {
		m.capital = int64(r.capital[i])
	}
	if r.rare != nil && m.zero() {
		if r.rare.m64 != nil {
			return r.rare.m64[i]
		}
		if k, ok := slices.BinarySearchFunc(r.rare.big, i, func(b bigMove, i int) int { return b.i - i }); ok {
			return r.rare.big[k].m
		}
	}
	return m
}

// reserve sets aside room for the rows of dates dates of parties.
func (t *moveTable) reserve(dates, parties int) {
	t.parties, t.expect = parties, dates
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
	if r.rare == nil || r.rare.m64 == nil {
		m := make([]move, t.parties)
		for i := range m {
			m[i] = r.at(i)
		}
		*r = moveRow{rare: &rareRow{m64: m}}
	}
	return r.rare.m64
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
// by column in int32 with a few big moves aside, else prev itself,
// replaced.
func (t *moveTable) freeze() moveRow {
	if !t.dirty[1] {
		return moveRow{}
	}
	row := t.prev
	var in, out, capital int64 // the bits of each column's amounts
	nBig := 0
	for i := range row {
		m := &row[i]
		in, out, capital = in|m.in, out|m.out, capital|m.capital
		if !fits32(m) {
			nBig++
		}
	}
	if nBig > len(row)/8 {
		r := t.rare()
		r.m64 = t.moves(len(row))
		copy(r.m64, row)
		clear(row)
		return moveRow{rare: r}
	}
	var r moveRow
	cols := 0
	for _, c := range [3]int64{in, out, capital} {
		if c != 0 {
			cols++
		}
	}
	if in != 0 {
		r.in = t.column(len(row), cols)
		for i := range row {
			r.in[i] = int32(row[i].in)
		}
	}
	if out != 0 {
		r.out = t.column(len(row), cols)
		for i := range row {
			r.out[i] = int32(row[i].out)
		}
	}
	if capital != 0 {
		r.capital = t.column(len(row), cols)
		for i := range row {
			r.capital[i] = int32(row[i].capital)
		}
	}
	if nBig > 0 {
		// The big moves aside, and zero in the columns.
		r.rare = t.rare()
		r.rare.big = make([]bigMove, 0, nBig)
		for i := range row {
			if m := &row[i]; !fits32(m) {
				r.rare.big = append(r.rare.big, bigMove{i, *m})
				for _, c := range [][]int32{r.in, r.out, r.capital} {
					if c != nil {
						c[i] = 0
					}
				}
			}
		}
	}
	clear(row)
	return r
}

// fits32 reports whether m's amounts each fit an int32.
func fits32(m *move) bool {
	const half = 1 << 31 // x fits an int32 when x + 2^31, as a uint64, is below 2^32
	return (uint64(m.in)+half)|(uint64(m.out)+half)|(uint64(m.capital)+half) < 1<<32
}

// slabMax is the most int32s a slab of columns is made with (256 KiB),
// unless a column is longer.
const slabMax = 1 << 16

// column returns n zero int32s cut from the slab, for a frozen row's
// column of cols; a new slab is made when the slab has too little room
// left: with room for the rows still to freeze, as many columns as this
// one, when the number of dates is known (reserve), else twice the last
// one; at most slabMax, unless a column is longer.
func (t *moveTable) column(n, cols int) []int32 {
	if len(t.slab) < n {
		size := max(2*t.slabLen, 256)
		if t.expect > 0 {
			size = cols * n * max(t.expect-t.n, 1)
		}
		t.slabLen = min(size, slabMax)
		t.slab = make([]int32, max(n, t.slabLen))
	}
	c := t.slab[:n:n]
	t.slab = t.slab[n:]
	return c
}

// moves returns n zero moves cut from a slab, for a row frozen whole: as
// column does for int32s, with slabs of at most slabMax/4 moves.
func (t *moveTable) moves(n int) []move {
	if len(t.whole) < n {
		t.wholeLen = min(max(2*t.wholeLen, 64), slabMax/4)
		t.whole = make([]move, max(n, t.wholeLen))
	}
	m := t.whole[:n:n]
	t.whole = t.whole[n:]
	return m
}

// rare returns a zero rareRow cut from a slab of them, made 16 at a time.
func (t *moveTable) rare() *rareRow {
	if len(t.rares) == 0 {
		t.rares = make([]rareRow, 16)
	}
	r := &t.rares[0]
	t.rares = t.rares[1:]
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

// clone returns a copy of t that shares its rows frozen by column,
// which are never changed.
func (t *moveTable) clone() moveTable {
	c := *t
	c.cur, c.prev = slices.Clone(t.cur), slices.Clone(t.prev)
	c.done = slices.Clone(t.done)
	for d := range c.done {
		if r := &c.done[d]; r.rare != nil && r.rare.m64 != nil {
			r.rare = &rareRow{m64: slices.Clone(r.rare.m64)} // may be written to (row)
		}
	}
	c.slab, c.whole, c.rares = nil, nil, nil // their room is t's to cut
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
