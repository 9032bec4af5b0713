package spec

import (
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// docTemplate is a deal into which TestSpecDoc puts each fragment of
// docs/spec.md, in place of @@.
var docTemplate = map[string]string{
	"party": `{"currency": "USD", "scale": 2, "parties": [{"id": "LP", "commitment": "1.00"}, {"id": "GP"}, @@],
		"schedule": {"start": "2024-12-31", "end": "2029-12-31", "frequency": "annual"},
		"stack": {"kind": "return_of_capital", "id": "c", "parties": ["LP", "LP-2"]}}`,
	"schedule": `{"currency": "USD", "scale": 2, "parties": [{"id": "LP"}], "schedule": @@,
		"stack": {"kind": "return_of_capital", "id": "c", "parties": ["LP"]}}`,
	"periods": `{"currency": "USD", "scale": 2, "parties": [{"id": "LP"}], "periods": @@,
		"stack": {"kind": "return_of_capital", "id": "c", "parties": ["LP"]}}`,
	"rate": `{"currency": "USD", "scale": 2, "parties": [{"id": "LP"}],
		"schedule": {"start": "2024-12-31", "end": "2029-12-31", "frequency": "annual"},
		"stack": {"kind": "preferred_return", "id": "p", "parties": ["LP"], "rate": @@}}`,
	"flow": `{"currency": "USD", "scale": 2, "parties": [{"id": "LP"}],
		"schedule": {"start": "2024-12-31", "end": "2029-12-31", "frequency": "annual"},
		"proceeds": [@@], "costs": [@@],
		"stack": {"kind": "return_of_capital", "id": "c", "parties": ["LP"]}}`,
	"contribution": `{"currency": "USD", "scale": 2, "parties": [{"id": "LP"}],
		"schedule": {"start": "2024-12-31", "end": "2029-12-31", "frequency": "annual"},
		"contributions": [@@],
		"stack": {"kind": "return_of_capital", "id": "c", "parties": ["LP"]}}`,
	"call": `{"currency": "USD", "scale": 2, "parties": [{"id": "LP", "commitment": "1.00"}, {"id": "LP-2", "commitment": "3.00"}],
		"schedule": {"start": "2024-12-31", "end": "2029-12-31", "frequency": "annual"},
		"calls": [@@],
		"stack": {"kind": "return_of_capital", "id": "c", "parties": ["LP"]}}`,
	"tranche": `{"currency": "USD", "scale": 2,
		"parties": [{"id": "LP", "commitment": "3.00"}, {"id": "LP-2", "commitment": "1.00"}, {"id": "GP", "role": "sponsor"},
			{"id": "Bank", "role": "lender"}, {"id": "Vendor", "role": "other"}],
		"schedule": {"start": "2024-12-31", "end": "2029-12-31", "frequency": "annual"},
		"stack": @@}`,
	"source": `{"currency": "USD", "scale": 2,
		"parties": [{"id": "LP", "commitment": "3.00"}, {"id": "LP-2", "commitment": "1.00"}, {"id": "Bank", "role": "lender"}],
		"schedule": {"start": "2024-12-31", "end": "2029-12-31", "frequency": "annual"},
		"sources": [@@],
		"stack": {"kind": "sequence", "tranches": [
			{"kind": "debt", "id": "senior", "lender": "Bank", "loan": {"commitment": "1000.00",
				"draws": [{"date": "2025-06-30", "amount": "1000.00"}], "rate": {"annual": "0.06", "compounding": "annual"}}},
			{"kind": "return_of_capital", "id": "c", "parties": ["LP", "LP-2"]}]}}`,
	"deal": `@@`,
}

// TestSpecDoc decodes every example of docs/spec.md, runs it, and checks
// that it round-trips: decode, encode, decode gives an equal deal, and
// encoding again gives the same bytes.
func TestSpecDoc(t *testing.T) {
	doc, err := os.ReadFile("../docs/spec.md")
	require.NoError(t, err)
	blocks := regexp.MustCompile("(?s)```json ([a-z]+)\n(.*?)```").FindAllSubmatch(doc, -1)
	kinds, sources := map[string]bool{}, map[string]bool{}
	for i, b := range blocks {
		what, text := string(b[1]), string(b[2])
		tmpl, ok := docTemplate[what]
		require.True(t, ok, "block %d: unknown block type %q", i, what)
		for _, m := range regexp.MustCompile(`"kind": "([a-z_]+)"`).FindAllStringSubmatch(text, -1) {
			if what == "source" {
				sources[m[1]] = true
			} else {
				kinds[m[1]] = true
			}
		}
		t.Run(what+"_"+string(rune('a'+i)), func(t *testing.T) {
			src := strings.ReplaceAll(tmpl, "@@", text)
			roundTrip(t, []byte(src), true)
		})
	}
	for _, family := range [][]trancheEntry{equityKinds, combinatorKinds, debtKinds, contractKinds, ventureKinds} {
		for _, k := range family {
			require.True(t, kinds[k.name], "docs/spec.md has no example of tranche kind %q", k.name)
		}
	}
	for _, k := range sourceKinds {
		require.True(t, sources[k.name], "docs/spec.md has no example of source kind %q", k.name)
	}
}
