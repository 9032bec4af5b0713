package tranche_test

import (
	"fmt"

	"github.com/jvwaterfall/jvwaterfall/tranche"
	"github.com/shopspring/decimal"
)

// ExampleCombinator walks a stack and prints each combinator's name, a
// cap's limit, and each leaf's ID.
func ExampleCombinator() {
	roc, _ := tranche.NewReturnOfCapital(tranche.ReturnOfCapital{Name: "capital", Parties: []tranche.PartyID{"LP"}})
	split, _ := tranche.NewSplit(tranche.Split{
		Name:   "rest",
		Shares: []tranche.Share{{Parties: []tranche.PartyID{"LP"}, Weight: decimal.NewFromInt(1)}},
	})
	stack := tranche.Sequence(tranche.ProRata(tranche.Cap(decimal.RequireFromString("500.00"), roc)), split)

	var walk func(t tranche.Tranche, indent string)
	walk = func(t tranche.Tranche, indent string) {
		c, ok := t.(tranche.Combinator)
		if !ok {
			fmt.Println(indent + string(t.ID()))
			return
		}
		line := indent + c.Combinator()
		if l, ok := t.(tranche.Limiter); ok {
			line += " " + l.Limit().StringFixed(2)
		}
		fmt.Println(line)
		for _, child := range c.Children() {
			walk(child, indent+"  ")
		}
	}
	walk(stack, "")
	// Output:
	// sequence
	//   pro_rata
	//     cap 500.00
	//       capital
	//   rest
}
