package tranche_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/jvwaterfall/jvwaterfall/contract"
	"github.com/jvwaterfall/jvwaterfall/tranche"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"
)

// ExampleSequential walks a stack, as a tool that writes stacks out does:
// the combinators are exported structs whose fields say what they are.
func ExampleSequential() {
	roc, err := tranche.NewReturnOfCapital(tranche.ReturnOfCapital{Name: "capital", Parties: []tranche.PartyID{"LP"}})
	if err != nil {
		fmt.Println(err)
		return
	}
	split, err := tranche.NewSplit(tranche.Split{
		Name:   "rest",
		Shares: []tranche.Share{tranche.Share{Parties: []tranche.PartyID{"LP"}, Weight: decimal.NewFromInt(1)}},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	stack := tranche.Sequence(
		tranche.ProRata(tranche.Cap(decimal.RequireFromString("500.00"), roc)),
		tranche.Window(contract.Date(2027, 12, 31), time.Time{}, split))

	var walk func(t tranche.Tranche, indent string)
	walk = func(t tranche.Tranche, indent string) {
		switch v := t.(type) {
		case *tranche.Sequential:
			fmt.Println(indent + "sequence")
			for _, c := range v.Tranches {
				walk(c, indent+"  ")
			}
		case *tranche.PariPassu:
			fmt.Println(indent + "pari passu")
			for _, c := range v.Tranches {
				walk(c, indent+"  ")
			}
		case *tranche.Capped:
			fmt.Println(indent+"cap", v.Limit.StringFixed(2))
			walk(v.Tranche, indent+"  ")
		case *tranche.Windowed:
			fmt.Println(indent+"window from", v.From.Format(time.DateOnly), "open at the end:", v.To.IsZero())
			walk(v.Tranche, indent+"  ")
		default:
			fmt.Println(indent + string(t.ID()))
		}
	}
	walk(stack, "")
	fmt.Println(stack.ID())
	// Output:
	// sequence
	//   pari passu
	//     cap 500.00
	//       capital
	//   window from 2027-12-31 open at the end: true
	//     rest
	// seq(prorata(cap(capital)),window(rest))
}

// TestCombinator_literal checks that a combinator written as a struct
// literal has the ID its constructor gives and pays the same.
func TestCombinator_literal(t *testing.T) {
	limit := d("150")
	from := contract.Date(2022, 1, 1)
	build := func(literal bool) tranche.Tranche {
		roc, split := mustROC(t, "LP"), mustSplit(t, "rest", "0.8")
		if literal {
			return &tranche.Sequential{Tranches: []tranche.Tranche{
				&tranche.PariPassu{Tranches: []tranche.Tranche{&tranche.Capped{Limit: limit, Tranche: roc}}},
				&tranche.Windowed{From: from, Tranche: split},
			}}
		}
		return tranche.Sequence(tranche.ProRata(tranche.Cap(limit, roc)), tranche.Window(from, time.Time{}, split))
	}
	byConstructor, byLiteral := build(false), build(true)
	require.Equal(t, byConstructor.ID(), byLiteral.ID())
	require.Equal(t, tranche.TrancheID("seq(prorata(cap(roc)),window(rest))"), byLiteral.ID())
	require.NoError(t, tranche.Validate(byLiteral))

	want := drive(t, lpGP, contract.Date(2020, 12, 31), byConstructor, lpSteps("100", "120", "300"), nil)
	got := drive(t, lpGP, contract.Date(2020, 12, 31), byLiteral, lpSteps("100", "120", "300"), nil)
	if diff := cmp.Diff(slices.Collect(want.Ledger().Values()), slices.Collect(got.Ledger().Values())); diff != "" {
		t.Fatalf("ledger of the literal differs (-constructor +literal):\n%s", diff)
	}
	require.NotZero(t, got.Ledger().Len())
}

// TestCombinator_copies checks that the constructors keep a copy of the
// tranches they are given, and that Children returns one.
func TestCombinator_copies(t *testing.T) {
	a, b := mustROC(t, "LP"), mustSplit(t, "rest", "0.8")
	ts := []tranche.Tranche{a, b}
	s := tranche.Sequence(ts...).(*tranche.Sequential)
	p := tranche.ProRata(ts...).(*tranche.PariPassu)
	ts[0] = b
	require.Equal(t, a, s.Tranches[0])
	require.Equal(t, a, p.Tranches[0])
	s.Children()[0] = b
	require.Equal(t, a, s.Tranches[0])
}

// TestCombinator_Validate checks the combinators' own rules, for struct
// literals as for constructed ones.
func TestCombinator_Validate(t *testing.T) {
	tests := []struct {
		name string
		t    tranche.Tranche
		want error
	}{
		{"empty sequence", &tranche.Sequential{}, contract.ErrInvalid},
		{"empty pari passu", &tranche.PariPassu{}, contract.ErrInvalid},
		{"cap of nothing", &tranche.Capped{Limit: d("1")}, contract.ErrInvalid},
		{"negative cap", &tranche.Capped{Limit: d("-1"), Tranche: mustROC(t, "LP")}, contract.ErrNegative},
		{"window of nothing", &tranche.Windowed{}, contract.ErrInvalid},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tranche.Validate(tt.t)
			require.ErrorIs(t, err, tt.want)
			require.True(t, strings.Contains(err.Error(), string(tt.t.ID())), "%v", err)
		})
	}
}

// TestCombinator_typedNil checks that a combinator around a typed-nil
// tranche can be built, and that its own Validate reports it.
func TestCombinator_typedNil(t *testing.T) {
	var nilROC *tranche.ReturnOfCapital
	c := tranche.Cap(d("1"), nilROC)
	require.Equal(t, tranche.TrancheID("cap()"), c.ID())
	require.ErrorIs(t, c.(*tranche.Capped).Validate(), contract.ErrInvalid)
	w := tranche.Window(time.Time{}, time.Time{}, nilROC)
	require.ErrorIs(t, w.(*tranche.Windowed).Validate(), contract.ErrInvalid)
	require.Equal(t, tranche.TrancheID("seq(,window())"), tranche.Sequence(nilROC, w).ID())
}
