package tranche

import (
	"errors"
	"fmt"
	"reflect"
	"testing"

	"github.com/jvwaterfall/jvwaterfall/contract"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"
)

// closePeriodOld is ClosePeriod before its type switch, kept as the
// oracle of TestClosePeriod_AsWalk: every tranche asked isNil,
// PeriodCloser, junior and children.
func closePeriodOld(b *Book, t Tranche) error {
	if isNil(t) {
		return nil
	}
	if b == nil {
		return fmt.Errorf("tranche %q: nil book: %w", t.ID(), contract.ErrRequired)
	}
	if c, ok := t.(PeriodCloser); ok {
		n := b.nPosted
		if err := c.ClosePeriod(b); err != nil {
			return fmt.Errorf("tranche %q: %w", t.ID(), err)
		}
		if b.nPosted != n {
			return fmt.Errorf("tranche %q: posted payments while closing the period: %w", t.ID(), ErrInvariant)
		}
	}
	if j, ok := junior(t); ok {
		return closePeriodOld(b, j)
	}
	for _, c := range children(t) {
		if err := closePeriodOld(b, c); err != nil {
			return err
		}
	}
	return nil
}

// closeRecorder is a PeriodCloser that notes its ID when closed, and
// fails or posts when told to.
type closeRecorder struct {
	id         TrancheID
	log        *[]TrancheID
	fail, post bool
}

func (r *closeRecorder) ID() TrancheID             { return r.id }
func (r *closeRecorder) Owed(*Book) (Claim, error) { return Claim{}, nil }
func (r *closeRecorder) Pay(*Book, decimal.Decimal) (decimal.Decimal, error) {
	return decimal.Zero, nil
}
func (r *closeRecorder) ClosePeriod(b *Book) error {
	*r.log = append(*r.log, r.id)
	if r.post {
		b.nPosted++
	}
	if r.fail {
		return errors.New("failed")
	}
	return nil
}

// TestClosePeriod_AsWalk: ClosePeriod's type switch closes the same
// tranches in the same order, and returns the same errors, as the walk
// it goes before, over random trees of the package's combinators,
// covenants and reserves around recorders, leaves that close nothing,
// typed nils, recorders that fail or post, and a nil book.
func TestClosePeriod_AsWalk(t *testing.T) {
	rapid.Check(t, func(rt *rapid.T) {
		var log []TrancheID
		n := 0
		var tree func(depth int) Tranche
		tree = func(depth int) Tranche {
			n++
			id := TrancheID(fmt.Sprint("t", n))
			k := rapid.IntRange(0, 10).Draw(rt, "kind")
			if depth == 0 { // the top: mostly a combinator, a reserve or a covenant
				k = rapid.SampledFrom([]int{1, 2, 4, 5, 6, 7, 8, 9, 10}).Draw(rt, "top")
			}
			if depth > 3 {
				k = rapid.IntRange(0, 3).Draw(rt, "leaf")
			}
			switch k {
			case 0:
				return &closeRecorder{id: id, log: &log, fail: rapid.IntRange(0, 9).Draw(rt, "fail") == 0, post: rapid.IntRange(0, 9).Draw(rt, "post") == 0}
			case 1:
				return rapid.SampledFrom([]Tranche{&PreferredReturn{Name: id}, &ReturnOfCapital{Name: id}, &CatchUp{Name: id}, &Split{Name: id}}).Draw(rt, "leaf")
			case 2:
				return rapid.SampledFrom([]Tranche{(*Sequential)(nil), (*Reserve)(nil), (*Covenant)(nil), (*Debt)(nil), (*PreferredReturn)(nil), (*Split)(nil), (*Capped)(nil), nil}).Draw(rt, "nil")
			case 3:
				return &closeRecorder{id: id, log: &log}
			case 4, 5:
				s := &Sequential{id: id}
				for range rapid.IntRange(0, 3).Draw(rt, "children") {
					s.Tranches = append(s.Tranches, tree(depth+1))
				}
				return s
			case 6:
				return &Reserve{Name: id, Junior: tree(depth + 1)}
			case 7:
				p := &PariPassu{id: id}
				for range rapid.IntRange(0, 3).Draw(rt, "classes") {
					p.Tranches = append(p.Tranches, tree(depth+1))
				}
				return p
			case 8:
				return &Capped{id: id, Tranche: tree(depth + 1)}
			case 9: // a covenant with no loan: its close fails, before its junior's
				return &Covenant{Name: id, Junior: tree(depth + 1)}
			default:
				return &Windowed{id: id, Tranche: tree(depth + 1)}
			}
		}
		top := tree(0)
		var b *Book
		if rapid.IntRange(0, 2).Draw(rt, "book") > 0 {
			var err error
			b, err = NewBook(2, []Party{{ID: "LP"}})
			require.NoError(rt, err)
		}
		errOld := closePeriodOld(b, top)
		logOld := log
		log = nil
		var posted int
		if b != nil {
			posted, b.nPosted = b.nPosted, 0
		}
		errNew := ClosePeriod(b, top)
		require.Equal(rt, logOld, log, "the tranches closed, in order")
		require.Equal(rt, fmt.Sprint(errOld), fmt.Sprint(errNew))
		require.Equal(rt, errors.Is(errOld, ErrInvariant), errors.Is(errNew, ErrInvariant))
		require.Equal(rt, errors.Is(errOld, contract.ErrRequired), errors.Is(errNew, contract.ErrRequired))
		if b != nil {
			require.Equal(rt, posted, b.nPosted)
		}
	})
}

// TestClosePeriod_LeavesCloseNothing: the leaves ClosePeriod's type
// switch passes over are neither period closers nor parents: a
// ClosePeriod or Children added to one must be added to the switch.
func TestClosePeriod_LeavesCloseNothing(t *testing.T) {
	closer, parent := reflect.TypeFor[PeriodCloser](), reflect.TypeFor[Parent]()
	for _, leaf := range []Tranche{&PreferredReturn{}, &ReturnOfCapital{}, &CatchUp{}, &Split{}} {
		typ := reflect.TypeOf(leaf)
		require.False(t, typ.Implements(closer), "%s closes a period", typ)
		require.False(t, typ.Implements(parent), "%s has children", typ)
	}
	// And the inner tranches it walks have no other children than those it
	// reads, and close as it says: a Reserve does not close.
	require.False(t, reflect.TypeFor[*Reserve]().Implements(closer))
	require.False(t, reflect.TypeFor[*Sequential]().Implements(closer))
	require.True(t, reflect.TypeFor[*Covenant]().Implements(closer))
	require.True(t, reflect.TypeFor[*Debt]().Implements(closer))
	require.False(t, reflect.TypeFor[*Debt]().Implements(parent))
}
