package spec_test

import (
	"strings"
	"testing"

	"github.com/jvwaterfall/jvwaterfall/spec"
	"github.com/stretchr/testify/require"
)

// lintDoc is a deal for Lint alone (Lint reads any JSON object, valid
// spec or not): parties, calls and a stack given as JSON.
func lintDoc(parties, calls, stack string) string {
	return `{"currency": "USD", "scale": 2, "parties": [` + parties + `],
		"schedule": {"start": "2024-12-31", "end": "2029-12-31", "frequency": "annual"},
		"calls": [` + calls + `], "stack": ` + stack + `}`
}

// lintCarry is a sequence of capital, a catch-up of GP to target and the
// split shares.
func lintCarry(target, shares string) string {
	return `{"kind": "sequence", "tranches": [
		{"kind": "return_of_capital", "id": "capital", "parties": ["LP"]},
		{"kind": "catch_up", "id": "catch-up", "sponsor": "GP", "investors": ["LP"], "target": "` + target + `", "rate": "1"},
		{"kind": "split", "id": "carry", "shares": [` + shares + `]}]}`
}

const (
	lintParties = `{"id": "LP", "commitment": "1000000.00"}, {"id": "GP", "role": "sponsor"}`
	lintShares  = `{"parties": ["LP"], "weight": "0.8"}, {"parties": ["GP"], "weight": "0.2", "promote": true}`
	lintCall    = `{"date": "2025-12-31", "amount": "1000000.00"}`
	lintBigCall = `{"date": "2025-12-31", "amount": "20000000.00"}`
)

// hurdles is a sequence of capital and hurdle tiers, each given by its
// rate and multiple fields (JSON members, or "" for none), then a split.
func hurdles(tiers ...string) string {
	s := `{"kind": "sequence", "tranches": [{"kind": "return_of_capital", "id": "capital", "parties": ["LP"]}`
	for i, fields := range tiers {
		if fields != "" {
			fields += ", "
		}
		s += `, {"kind": "hurdle", "id": "tier-` + string(rune('1'+i)) + `", "investors": ["LP"], ` + fields + `"shares": [` + lintShares + `]}`
	}
	return s + `, {"kind": "split", "id": "rest", "shares": [` + lintShares + `]}]}`
}

// TestLint_edges runs Lint on documents at the edges of each warning of
// docs/spec.md "Warnings", and checks every warning's path and message,
// each written from the document by hand.
func TestLint_edges(t *testing.T) {
	neverPaid := func(i int, id string) string {
		return "parties[" + string(rune('0'+i)) + `]: party "` + id + `" is never paid: no tranche, fee or fund term names it to receive cash`
	}
	catchUpWarning := func(target, got string) string {
		return `stack.tranches[1].target: the catch-up brings "GP" to ` + target + ` of the profit, but the split after it (stack.tranches[2]) gives it ` + got + ` as promote: the split never keeps the share the catch-up reached`
	}
	roc := `{"kind": "return_of_capital", "id": "capital", "parties": ["LP"]}`
	tests := []struct {
		name string
		src  string
		want []string
	}{
		// Commitments and calls.
		{"a zero commitment is no error: calls are checked",
			lintDoc(`{"id": "LP", "commitment": "1000000.00"}, {"id": "GP", "role": "sponsor", "commitment": "0.00"}`, lintBigCall, lintCarry("0.2", lintShares)),
			[]string{"calls: calls add up to 20000000.00, more than the 1000000.00 the parties called committed: a call above the commitments is rarely meant"}},
		{"a negative commitment is an error of its own: calls are not checked",
			lintDoc(`{"id": "LP", "commitment": "1000000.00"}, {"id": "GP", "role": "sponsor", "commitment": "-1.00"}`, lintBigCall, lintCarry("0.2", lintShares)),
			nil},
		{"a call finer than the minor unit is an error of its own",
			lintDoc(lintParties, `{"date": "2025-12-31", "amount": "20000000.005"}`, lintCarry("0.2", lintShares)), nil},
		{"a call of whole cents is checked",
			lintDoc(lintParties, `{"date": "2025-12-31", "amount": "20000000.05"}`, lintCarry("0.2", lintShares)),
			[]string{"calls: calls add up to 20000000.05, more than the 1000000.00 the parties called committed: a call above the commitments is rarely meant"}},

		// Capital of a pref.
		{"a pref on a party of zero commitment",
			lintDoc(`{"id": "LP", "commitment": "1000000.00"}, {"id": "GP", "commitment": "0.00"}`, lintCall,
				`{"kind": "sequence", "tranches": [`+roc+`, {"kind": "preferred_return", "id": "pref", "parties": ["GP"], "rate": {"annual": "0.08", "compounding": "annual"}}]}`),
			[]string{`stack.tranches[1].parties: preferred_return accrues on capital, and "GP" put none in (no commitment or contribution)`}},
		{"a pref on nobody is an error of its own",
			lintDoc(lintParties, lintCall, `{"kind": "sequence", "tranches": [`+roc+`, {"kind": "preferred_return", "id": "pref", "parties": [], "rate": {"annual": "0.08", "compounding": "annual"}}, {"kind": "split", "id": "carry", "shares": [`+lintShares+`]}]}`),
			nil},
		{"a pref when a commitment is wrong",
			lintDoc(`{"id": "LP", "commitment": "1000000.00"}, {"id": "GP", "commitment": "-1.00"}`, lintCall,
				`{"kind": "sequence", "tranches": [`+roc+`, {"kind": "preferred_return", "id": "pref", "parties": ["GP"], "rate": {"annual": "0.08", "compounding": "annual"}}]}`),
			nil},
		{"a pref on an unknown party is an error of its own",
			lintDoc(lintParties, lintCall,
				`{"kind": "sequence", "tranches": [`+roc+`, {"kind": "preferred_return", "id": "pref", "parties": ["GP", "XX"], "rate": {"annual": "0.08", "compounding": "annual"}}, {"kind": "split", "id": "carry", "shares": [`+lintShares+`]}]}`),
			nil},

		// Rates.
		{"a rate of exactly 1",
			lintDoc(lintParties, lintCall, `{"kind": "sequence", "tranches": [`+roc+`, {"kind": "preferred_return", "id": "pref", "parties": ["LP"], "rate": {"annual": "1", "compounding": "annual"}}, {"kind": "split", "id": "carry", "shares": [`+lintShares+`]}]}`),
			[]string{"stack.tranches[1].rate.annual: a rate of 1 is 100% a year: rates are fractions, did you mean 0.01?"}},
		{"an opex cost's annual is an amount",
			strings.Replace(lintDoc(lintParties, lintCall, lintCarry("0.2", lintShares)), `"calls"`, `"sources": [{"kind": "opex_cost", "name": "O&M", "terms": {"annual": "12.00", "start": "2024-12-31"}}], "calls"`, 1),
			nil},
		{"a floating loan's spread, floor and cap",
			lintDoc(lintParties+`, {"id": "Bank", "role": "lender"}`, lintCall, `{"kind": "sequence", "tranches": [
				{"kind": "debt", "id": "loan", "lender": "Bank", "loan": {"commitment": "100.00", "rate": {"annual": "0", "compounding": "simple"},
					"floating": {"index": [{"date": "2024-12-31", "rate": "0.05"}], "spread": "1.5", "floor": "2", "cap": "3"}}},
				`+roc+`, {"kind": "split", "id": "carry", "shares": [`+lintShares+`]}]}`),
			[]string{
				"stack.tranches[0].loan.floating.floor: a rate of 2 is 200% a year: rates are fractions, did you mean 0.02?",
				"stack.tranches[0].loan.floating.spread: a rate of 1.5 is 150% a year: rates are fractions, did you mean 0.015?",
			}},
		{"a spread outside a floating rate",
			lintDoc(lintParties, lintCall, `{"kind": "sequence", "tranches": [`+roc+`, {"kind": "fixed_fee", "id": "fee", "payee": "GP", "spread": "1.5", "floor": "2"}, {"kind": "split", "id": "carry", "shares": [`+lintShares+`]}]}`),
			nil},

		// Stacks and payees.
		{"an empty sequence: nobody's pay is judged",
			lintDoc(lintParties+`, {"id": "Bank", "role": "lender"}`, lintCall, `{"kind": "sequence", "tranches": []}`), nil},
		{"no stack: nobody's pay is judged",
			strings.Replace(lintDoc(lintParties+`, {"id": "Bank", "role": "lender"}`, lintCall, `1`), `, "stack": 1`, ``, 1), nil},
		{"a catch-up pays its sponsor, not its investors",
			lintDoc(lintParties+`, {"id": "Watcher"}`, lintCall, `{"kind": "sequence", "tranches": [`+roc+`,
				{"kind": "catch_up", "id": "catch-up", "sponsor": "GP", "investors": ["LP", "Watcher"], "target": "0.2", "rate": "1"},
				{"kind": "split", "id": "carry", "shares": [{"parties": ["LP"], "weight": "1"}]}]}`),
			[]string{
				catchUpWarning("0.2", "0"),
				neverPaid(2, "Watcher"),
			}},
		{"a kind the linter does not know may pay any party it names, but not by its kind or ID",
			lintDoc(lintParties+`, {"id": "Vendor"}, {"id": "offtake"}`, lintCall, `{"kind": "sequence", "tranches": [
				{"kind": "take_or_pay", "id": "offtake", "seller": "Vendor", "terms": {}, "usage": ["1"]}, `+roc+`,
				{"kind": "split", "id": "carry", "shares": [`+lintShares+`]}]}`),
			[]string{neverPaid(3, "offtake")}},

		// Hurdles in a sequence.
		{"a tier without a rate after one with a rate", lintDoc(lintParties, lintCall, hurdles(`"rate": {"annual": "0.2", "compounding": "annual"}`, `"multiple": "2"`)), nil},
		{"a first tier without a rate or multiple", lintDoc(lintParties, lintCall, hurdles(`"multiple": "0"`, `"rate": {"annual": "0", "compounding": "annual"}`)), nil},
		{"a tier at a zero rate after one without", lintDoc(lintParties, lintCall, hurdles(`"multiple": "2"`, `"rate": {"annual": "0", "compounding": "annual"}, "multiple": "3"`)), nil},
		{"a tier without a multiple after one with a multiple", lintDoc(lintParties, lintCall, hurdles(`"multiple": "2"`, `"rate": {"annual": "0.2", "compounding": "annual"}`)), nil},
		{"a tier at a zero multiple after one without", lintDoc(lintParties, lintCall, hurdles(`"rate": {"annual": "0.1", "compounding": "annual"}`, `"rate": {"annual": "0.2", "compounding": "annual"}, "multiple": "0"`)), nil},
		{"tiers at equal rates and multiples",
			lintDoc(lintParties, lintCall, hurdles(`"rate": {"annual": "0.2", "compounding": "annual"}, "multiple": "2"`, `"rate": {"annual": "0.2", "compounding": "annual"}, "multiple": "2"`)),
			[]string{
				"stack.tranches[2].rate.annual: hurdle rate 0.2 is not above 0.2 of the tier before it (stack.tranches[1]): this tier is met when that one is, and never pays",
				"stack.tranches[2].multiple: hurdle multiple 2 is not above 2 of the tier before it (stack.tranches[1]): this tier is met when that one is, and never pays",
			}},

		// A catch-up and the split after it.
		{"an unknown sponsor is an error of its own",
			lintDoc(lintParties, lintCall, strings.Replace(lintCarry("0.2", `{"parties": ["LP"], "weight": "0.7"}, {"parties": ["GP"], "weight": "0.3", "promote": true}`), `"sponsor": "GP"`, `"sponsor": "XX"`, 1)),
			nil},
		{"a target of 0 is an error of its own", lintDoc(lintParties, lintCall, lintCarry("0", lintShares)), nil},
		{"a target of 1 is an error of its own", lintDoc(lintParties, lintCall, lintCarry("1", lintShares)), nil},
		{"a share of zero weight",
			lintDoc(lintParties, lintCall, lintCarry("0.2", `{"parties": ["LP"], "weight": "0.7"}, {"parties": ["GP"], "weight": "0.3", "promote": true}, {"parties": ["LP"], "weight": "0"}`)),
			[]string{catchUpWarning("0.2", "0.3")}},
		{"a negative weight is an error of its own",
			lintDoc(lintParties, lintCall, lintCarry("0.2", `{"parties": ["LP"], "weight": "0.9"}, {"parties": ["GP"], "weight": "0.3", "promote": true}, {"parties": ["LP"], "weight": "-0.2"}`)),
			nil},
		{"another sponsor's promote is not the catch-up's",
			lintDoc(lintParties+`, {"id": "GP2", "role": "sponsor"}`, lintCall, lintCarry("0.2", `{"parties": ["LP"], "weight": "0.7"}, {"parties": ["GP"], "weight": "0.2", "promote": true}, {"parties": ["GP2"], "weight": "0.1", "promote": true}`)),
			nil},
		{"the sponsor's share, not as promote, is not its promote",
			lintDoc(lintParties, lintCall, lintCarry("0.2", `{"parties": ["LP", "GP"], "weight": "0.8"}, {"parties": ["GP"], "weight": "0.2", "promote": true}`)),
			nil},
		{"a split further on, its share to four places",
			lintDoc(lintParties, lintCall, `{"kind": "sequence", "tranches": [`+roc+`,
				{"kind": "catch_up", "id": "catch-up", "sponsor": "GP", "investors": ["LP"], "target": "0.2", "rate": "1"},
				{"kind": "return_of_capital", "id": "again", "parties": ["LP"]},
				{"kind": "split", "id": "carry", "shares": [{"parties": ["LP"], "weight": "0.87655"}, {"parties": ["GP"], "weight": "0.12345", "promote": true}]}]}`),
			[]string{`stack.tranches[1].target: the catch-up brings "GP" to 0.2 of the profit, but the split after it (stack.tranches[3]) gives it 0.1235 as promote: the split never keeps the share the catch-up reached`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, w := range spec.Lint([]byte(tt.src)) {
				got = append(got, w.String())
			}
			require.Equal(t, tt.want, got, "%s", tt.src)
		})
	}
}
