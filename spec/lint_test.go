package spec_test

import (
	"strings"
	"testing"

	"github.com/jvwaterfall/jvwaterfall/spec"
	"github.com/stretchr/testify/require"
)

// lintBase is a valid deal with no warnings: capital, an 8% pref, a full
// catch-up to 20% and 80/20.
const lintBase = `{
  "name": "lint", "currency": "USD", "scale": 2,
  "parties": [{"id": "LP", "commitment": "1000000.00"}, {"id": "GP", "role": "sponsor"}],
  "schedule": {"start": "2024-12-31", "end": "2029-12-31", "frequency": "annual"},
  "calls": [{"date": "2025-12-31", "amount": "1000000.00"}],
  "proceeds": [{"date": "2029-12-31", "amount": "1800000.00"}],
  "stack": {"kind": "sequence", "tranches": [
    {"kind": "return_of_capital", "id": "capital", "parties": ["LP"]},
    {"kind": "preferred_return", "id": "pref", "parties": ["LP"], "rate": {"annual": "0.08", "compounding": "annual"}},
    {"kind": "catch_up", "id": "catch-up", "sponsor": "GP", "investors": ["LP"], "target": "0.2", "rate": "1"},
    {"kind": "split", "id": "carry", "shares": [{"parties": ["LP"], "weight": "0.8"}, {"parties": ["GP"], "weight": "0.2", "promote": true}]}
  ]}
}`

const lintHurdles = `{"kind": "sequence", "tranches": [
    {"kind": "return_of_capital", "id": "capital", "parties": ["LP"]},
    {"kind": "hurdle", "id": "tier-1", "investors": ["LP"], "rate": {"annual": "0.2", "compounding": "annual"}, "multiple": "2",
     "shares": [{"parties": ["LP"], "weight": "0.8"}, {"parties": ["GP"], "weight": "0.2", "promote": true}]},
    {"kind": "hurdle", "id": "tier-2", "investors": ["LP"], "rate": {"annual": "0.12", "compounding": "annual"}, "multiple": "1.5",
     "shares": [{"parties": ["LP"], "weight": "0.7"}, {"parties": ["GP"], "weight": "0.3", "promote": true}]},
    {"kind": "split", "id": "rest", "shares": [{"parties": ["LP"], "weight": "0.6"}, {"parties": ["GP"], "weight": "0.4", "promote": true}]}
  ]}`

// TestLint runs Lint on valid specs, each a change of lintBase, and
// checks every warning's path and message.
func TestLint(t *testing.T) {
	tests := []struct {
		name string
		old  string // replaced by new in lintBase
		new  string
		want []string // "path: message" of each warning, in order
	}{
		{"clean", "", "", nil},
		{"pref of 8 (800%)", `"annual": "0.08"`, `"annual": "8"`,
			[]string{"stack.tranches[1].rate.annual: a rate of 8 is 800% a year: rates are fractions, did you mean 0.08?"}},
		{"call above the commitment", `"calls": [{"date": "2025-12-31", "amount": "1000000.00"}]`,
			`"calls": [{"date": "2025-12-31", "amount": "20000000.00"}]`,
			[]string{"calls: calls add up to 20000000.00, more than the 1000000.00 the parties called committed: a call above the commitments is rarely meant"}},
		{"hurdles descending", `{"kind": "sequence", "tranches": [
    {"kind": "return_of_capital", "id": "capital", "parties": ["LP"]},
    {"kind": "preferred_return", "id": "pref", "parties": ["LP"], "rate": {"annual": "0.08", "compounding": "annual"}},
    {"kind": "catch_up", "id": "catch-up", "sponsor": "GP", "investors": ["LP"], "target": "0.2", "rate": "1"},
    {"kind": "split", "id": "carry", "shares": [{"parties": ["LP"], "weight": "0.8"}, {"parties": ["GP"], "weight": "0.2", "promote": true}]}
  ]}`, lintHurdles,
			[]string{
				"stack.tranches[2].rate.annual: hurdle rate 0.12 is not above 0.2 of the tier before it (stack.tranches[1]): this tier is met when that one is, and never pays",
				"stack.tranches[2].multiple: hurdle multiple 1.5 is not above 2 of the tier before it (stack.tranches[1]): this tier is met when that one is, and never pays",
			}},
		{"a split before the end", `{"kind": "return_of_capital", "id": "capital", "parties": ["LP"]},`,
			`{"kind": "split", "id": "first", "shares": [{"parties": ["LP"], "weight": "1"}]}, {"kind": "return_of_capital", "id": "capital", "parties": ["LP"]},`,
			[]string{"stack.tranches[1]: never paid: the split before it (stack.tranches[0]) takes all the cash it is offered; a split ends a sequence"}},
		{"catch-up to a split that never binds", `{"parties": ["LP"], "weight": "0.8"}, {"parties": ["GP"], "weight": "0.2", "promote": true}`,
			`{"parties": ["LP"], "weight": "0.7"}, {"parties": ["GP"], "weight": "0.3", "promote": true}`,
			[]string{`stack.tranches[2].target: the catch-up brings "GP" to 0.2 of the profit, but the split after it (stack.tranches[3]) gives it 0.3 as promote: the split never keeps the share the catch-up reached`}},
		{"a party never paid", `{"id": "GP", "role": "sponsor"}`, `{"id": "GP", "role": "sponsor"}, {"id": "Bank", "role": "lender"}`,
			[]string{`parties[2]: party "Bank" is never paid: no tranche, fee or fund term names it to receive cash`}},
		{"a lender with equity", `{"kind": "return_of_capital", "id": "capital", "parties": ["LP"]},`,
			`{"kind": "debt", "id": "senior", "lender": "LP", "loan": {"commitment": "500000.00", "draws": [{"date": "2025-12-31", "amount": "500000.00"}],
      "rate": {"annual": "0.06", "compounding": "simple", "day_count": "30/360 US"}, "amortization": "bullet", "frequency": "annual"}},
    {"kind": "return_of_capital", "id": "capital", "parties": ["LP"]},`,
			[]string{`stack.tranches[0].lender: party "LP" lends this loan and holds equity in the same stack (stack.tranches[1]): its draws are its contributions, which return of capital, prefs and hurdles count as its capital; give the lender a party of its own`}},
		{"a lender in no equity tier (a promote and a catch-up's sponsor are not capital)", `{"kind": "return_of_capital", "id": "capital", "parties": ["LP"]},`,
			`{"kind": "debt", "id": "senior", "lender": "GP", "loan": {"commitment": "500000.00", "draws": [{"date": "2025-12-31", "amount": "500000.00"}],
      "rate": {"annual": "0.06", "compounding": "simple", "day_count": "30/360 US"}, "amortization": "bullet", "frequency": "annual"}},
    {"kind": "return_of_capital", "id": "capital", "parties": ["LP"]},`,
			nil},
		{"a pref with no capital", `{"kind": "preferred_return", "id": "pref", "parties": ["LP"]`, `{"kind": "preferred_return", "id": "pref", "parties": ["GP"]`,
			[]string{`stack.tranches[1].parties: preferred_return accrues on capital, and "GP" put none in (no commitment or contribution)`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := lintBase
			if tt.old != "" {
				require.Contains(t, src, tt.old)
				src = strings.Replace(src, tt.old, tt.new, 1)
			}
			_, err := spec.Unmarshal([]byte(src))
			require.NoError(t, err, "a warning is for a valid spec")
			var got []string
			for _, w := range spec.Lint([]byte(src)) {
				got = append(got, w.String())
			}
			require.Equal(t, tt.want, got)
		})
	}
}

func TestLintNotJSON(t *testing.T) {
	require.Empty(t, spec.Lint([]byte("not json")))
	require.Empty(t, spec.Lint(nil))
	require.Empty(t, spec.Lint([]byte(`[1, 2]`)))
	require.Empty(t, spec.Lint([]byte(`{"stack": 1, "parties": "x", "calls": [1, null], "investments": {}}`)))
}

// FuzzLint: Lint never panics, whatever it is given.
func FuzzLint(f *testing.F) {
	f.Add([]byte(lintBase))
	f.Add([]byte(strings.Replace(lintBase, `"stack": {"kind": "sequence", "tranches": [`, `"stack": {"kind": "sequence", "tranches": [null, 1, {"kind": 2},`, 1)))
	f.Add([]byte(lintHurdles))
	f.Fuzz(func(t *testing.T, src []byte) {
		for _, w := range spec.Lint(src) {
			_ = w.String()
		}
	})
}
