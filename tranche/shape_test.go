package tranche_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/jvwaterfall/jvwaterfall/contract"
	"github.com/jvwaterfall/jvwaterfall/tranche"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"
)

// cyclic returns stacks that hold themselves, built as a user could in
// Go: a sequence literal among its own tranches (whose ID has no end), a
// sequence made by Sequence and then changed to hold itself, and a cycle
// through two combinators, a cap around itself, and a cycle through a
// window, a covenant and a reserve.
func cyclic() map[string]tranche.Tranche {
	lit := &tranche.Sequential{}
	lit.Tranches = []tranche.Tranche{lit}

	roc := &tranche.ReturnOfCapital{Name: "roc", Parties: []tranche.PartyID{"LP"}}
	made := tranche.Sequence(roc, roc).(*tranche.Sequential)
	made.Tranches[1] = made

	inner := &tranche.Sequential{Tranches: []tranche.Tranche{roc}}
	outer := tranche.ProRata(inner).(*tranche.PariPassu)
	inner.Tranches = append(inner.Tranches, outer)
	capped := &tranche.Capped{}
	capped.Tranche = capped
	window := &tranche.Windowed{}
	cov := &tranche.Covenant{Name: "dscr", Junior: window}
	res := &tranche.Reserve{Name: "dsra", Junior: cov}
	window.Tranche = res
	return map[string]tranche.Tranche{"literal": lit, "made": made, "two": outer, "capped": capped, "window-covenant-reserve": window}
}

// TestValidate_Shape: a stack that holds itself, one nested deeper than
// MaxDepth, or one that lists more than MaxTranches tranches (here by
// sharing one sequence of two at every level, 2^20 leaves) is an error
// matching contract.ErrRange, not a crash or an endless walk; a stack at
// MaxDepth is valid.
func TestValidate_Shape(t *testing.T) {
	for name, s := range cyclic() {
		err := tranche.Validate(s)
		require.ErrorIs(t, err, contract.ErrRange, name)
		require.ErrorContains(t, err, "hold itself", name)
	}

	deep := func(n int) tranche.Tranche {
		var s tranche.Tranche = &tranche.ReturnOfCapital{Name: "roc", Parties: []tranche.PartyID{"LP"}}
		for range n - 1 {
			s = &tranche.Sequential{Tranches: []tranche.Tranche{s}}
		}
		return s
	}
	require.NoError(t, tranche.Validate(deep(tranche.MaxDepth)))
	require.ErrorIs(t, tranche.Validate(deep(tranche.MaxDepth+1)), contract.ErrRange)

	var wide tranche.Tranche = &tranche.ReturnOfCapital{Name: "roc", Parties: []tranche.PartyID{"LP"}}
	for range 20 {
		wide = &tranche.Sequential{Tranches: []tranche.Tranche{wide, wide}}
	}
	err := tranche.Validate(wide)
	require.ErrorIs(t, err, contract.ErrRange)
	require.ErrorContains(t, err, "MaxTranches")
}

// A sequence changed, after it was made, to hold itself: CheckShape
// reports it without reading an ID, as Validate does first.
func ExampleCheckShape() {
	roc := &tranche.ReturnOfCapital{Name: "capital", Parties: []tranche.PartyID{"LP"}}
	s := tranche.Sequence(roc).(*tranche.Sequential)
	fmt.Println(tranche.CheckShape(s))
	s.Tranches = append(s.Tranches, s)
	fmt.Println(tranche.CheckShape(s))
	// Output:
	// <nil>
	// nested more than 64 deep (MaxDepth); does a combinator hold itself?: out of range
}

// TestCombinators_WrapSelfHolding: a combinator made by Sequence, ProRata,
// Cap or Window around a literal that holds itself is made (the child is
// named "..."), and Validate then refuses it; neither ends the process
// while the combinator names its children.
func TestCombinators_WrapSelfHolding(t *testing.T) {
	roc := &tranche.ReturnOfCapital{Name: "roc", Parties: []tranche.PartyID{"LP"}}
	self := &tranche.Capped{Limit: decimal.NewFromInt(10)}
	self.Tranche = self
	for name, made := range map[string]tranche.Tranche{
		"Sequence": tranche.Sequence(roc, self),
		"ProRata":  tranche.ProRata(roc, self),
		"Cap":      tranche.Cap(decimal.NewFromInt(5), self),
		"Window":   tranche.Window(time.Time{}, time.Time{}, self),
	} {
		require.Contains(t, string(made.ID()), "...", name)
		require.ErrorIs(t, tranche.Validate(made), contract.ErrRange, name)
	}
	require.Equal(t, tranche.TrancheID("cap(...)"), self.ID())
}
