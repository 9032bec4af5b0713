package spec_test

import (
	"fmt"

	"github.com/jvwaterfall/jvwaterfall/spec"
)

// A valid deal with two likely mistakes: a pref of "8" (800% a year) and
// a lender no tranche pays. Unmarshal accepts it; Lint says what looks
// wrong.
func ExampleLint() {
	src := []byte(`{
	  "currency": "USD", "scale": 2,
	  "parties": [{"id": "LP", "commitment": "1000.00"}, {"id": "Bank", "role": "lender"}],
	  "schedule": {"start": "2024-12-31", "end": "2026-12-31", "frequency": "annual"},
	  "calls": [{"date": "2025-12-31", "amount": "1000.00"}],
	  "proceeds": [{"date": "2026-12-31", "amount": "1200.00"}],
	  "stack": {"kind": "sequence", "tranches": [
	    {"kind": "return_of_capital", "id": "capital", "parties": ["LP"]},
	    {"kind": "preferred_return", "id": "pref", "parties": ["LP"], "rate": {"annual": "8", "compounding": "annual"}}
	  ]}
	}`)
	if _, err := spec.Unmarshal(src); err != nil {
		fmt.Println(err)
		return
	}
	for _, w := range spec.Lint(src) {
		fmt.Println(w)
	}
	// Output:
	// stack.tranches[1].rate.annual: a rate of 8 is 800% a year: rates are fractions, did you mean 0.08?
	// parties[1]: party "Bank" is never paid: no tranche, fee or fund term names it to receive cash
}

func ExampleWarning() {
	w := spec.Warning{Path: "calls", Message: "calls add up to more than the commitments"}
	fmt.Println(w)
	// Output: calls: calls add up to more than the commitments
}
