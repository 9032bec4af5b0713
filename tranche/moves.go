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
// store's dates.
type moveTable struct {
	parties int
	rows    [][]move
	spare   []move // rows reserved ahead (reserve), handed out by row
	wide    map[moveKey]wideMove
}

// maxMovesReserved caps the moves reserve sets aside at once: 96 MB of
// them (10,000 parties over 400 periods).
const maxMovesReserved = 1 << 22

// reserve sets aside room for the moves of dates rows of parties.
func (t *moveTable) reserve(dates, parties int) {
	t.parties = parties
	if n := min(dates, maxMovesReserved/max(parties, 1)); n > len(t.spare)/max(parties, 1) && parties > 0 {
		t.spare = make([]move, n*parties)
	}
}

// row returns the moves of date index d, made (zero) if new.
func (t *moveTable) row(d int32) []move {
	for int(d) >= len(t.rows) {
		var r []move
		if len(t.spare) >= t.parties {
			r, t.spare = t.spare[:t.parties:t.parties], t.spare[t.parties:]
		} else {
			r = make([]move, t.parties)
		}
		t.rows = append(t.rows, r)
	}
	return t.rows[d]
}

// at returns party i's move on date index d; the zero move past the last
// row.
func (t *moveTable) at(d, i int) move {
	if d >= len(t.rows) {
		return move{}
	}
	return t.rows[d][i]
}

// dates ranges over the date indexes that have a row.
func (t *moveTable) dates() iter.Seq[int] {
	return func(yield func(int) bool) {
		for d := range t.rows {
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

func (t *moveTable) clone() moveTable {
	c := moveTable{parties: t.parties, rows: make([][]move, len(t.rows)), wide: maps.Clone(t.wide)}
	for d, r := range t.rows {
		c.rows[d] = append([]move(nil), r...)
	}
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
