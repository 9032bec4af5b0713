package tranche

import (
	"iter"
	"maps"
	"math"
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
