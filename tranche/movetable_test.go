package tranche

import (
	"math"
	"slices"
	"testing"

	"pgregory.net/rapid"
)

// denseMoves is the moves table as it was before rows were frozen: every
// row kept as moves, made up to the date asked for. It is the oracle of
// TestMoveTable_AsDense.
type denseMoves struct {
	parties int
	rows    [][]move
}

func (t *denseMoves) row(d int32) []move {
	for int(d) >= len(t.rows) {
		t.rows = append(t.rows, make([]move, t.parties))
	}
	return t.rows[d]
}

func (t *denseMoves) at(d, i int) move {
	if d >= len(t.rows) {
		return move{}
	}
	return t.rows[d][i]
}

func (t *denseMoves) clone() *denseMoves {
	c := &denseMoves{parties: t.parties}
	for _, r := range t.rows {
		c.rows = append(c.rows, slices.Clone(r))
	}
	return c
}

// TestMoveTable_AsDense writes random moves into a moveTable and into a
// table that keeps every row as moves, and requires them to read the
// same, move for move, at every date: today's writes and additions, a
// write to an earlier (frozen) row, amounts at and past the int32 bounds
// (a few in a row, and most of one), wide marks, and clones written to
// apart from their original.
func TestMoveTable_AsDense(t *testing.T) {
	rapid.Check(t, func(rt *rapid.T) {
		parties := rapid.IntRange(0, 40).Draw(rt, "parties")
		amount := rapid.OneOf(
			rapid.Int64Range(-1000, 1000),
			rapid.Int64Range(math.MinInt32-2, math.MinInt32+2),
			rapid.Int64Range(math.MaxInt32-2, math.MaxInt32+2),
			rapid.Int64(),
			rapid.Just(int64(0)),
		)
		type pair struct {
			got  *moveTable
			want *denseMoves
		}
		tabs := []pair{{&moveTable{}, &denseMoves{parties: parties}}}
		tabs[0].got.reserve(rapid.IntRange(0, 5).Draw(rt, "dates"), parties)
		today := int32(0)
		steps := rapid.IntRange(0, 60).Draw(rt, "steps")
		for range steps {
			p := tabs[rapid.IntRange(0, len(tabs)-1).Draw(rt, "table")]
			switch op := rapid.IntRange(0, 9).Draw(rt, "op"); {
			case op == 0:
				today += int32(rapid.IntRange(1, 3).Draw(rt, "advance"))
			case op == 1:
				c := p.got.clone()
				tabs = append(tabs, pair{&c, p.want.clone()})
			case parties == 0:
				p.got.row(today)
				p.want.row(today)
			default:
				d := today
				if op == 2 {
					d = int32(rapid.IntRange(0, int(today)).Draw(rt, "earlier"))
				}
				i := rapid.IntRange(0, parties-1).Draw(rt, "party")
				m := move{in: amount.Draw(rt, "in"), out: amount.Draw(rt, "out"), capital: amount.Draw(rt, "capital")}
				if op == 3 {
					m = move{capital: wideMark}
				}
				if op == 4 { // every party at once, as a tranche pays them all
					for i := range parties {
						p.got.row(d)[i] = m
						p.want.row(d)[i] = m
					}
					continue
				}
				p.got.row(d)[i] = m
				p.want.row(d)[i] = m
			}
		}
		for k, p := range tabs {
			if n := len(slices.Collect(p.got.dates())); n != len(p.want.rows) {
				rt.Fatalf("table %d: %d dates, want %d", k, n, len(p.want.rows))
			}
			for d := range len(p.want.rows) + 2 {
				for i := range parties {
					if got, want := p.got.at(d, i), p.want.at(d, i); got != want {
						rt.Fatalf("table %d: move of party %d on date %d: %+v, want %+v", k, i, d, got, want)
					}
				}
			}
		}
	})
}

// TestFits32 checks fits32 against its plain definition on the amounts
// at and around the int32 bounds, in every combination: among them the
// move whose three sums OR to exactly 2^32 ({2^31, −2^31, −2^31}).
func TestFits32(t *testing.T) {
	vals := []int64{0, 1, -1, math.MaxInt32, math.MaxInt32 + 1, math.MinInt32, math.MinInt32 - 1, math.MaxInt64, math.MinInt64, 1 << 32, -(1 << 32)}
	for _, x := range vals {
		for _, y := range vals {
			for _, z := range vals {
				m := move{x, y, z}
				want := int64(int32(x)) == x && int64(int32(y)) == y && int64(int32(z)) == z
				if got := fits32(&m); got != want {
					t.Errorf("fits32(%v) = %v, want %v", m, got, want)
				}
			}
		}
	}
}
