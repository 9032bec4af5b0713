package spec

import (
	"encoding/json"
	"fmt"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// alwaysWritten are the fields the canonical form writes even when the
// input leaves them out for their default: a rate's day count
// (docs/spec.md, "Rates": day_count may be left out for ACT/365F).
var alwaysWritten = []string{"day_count"}

// addedFields lists the paths of the object fields of out that in lacks,
// walking both JSON values in step: what the encoder wrote that the
// input did not say.
func addedFields(path string, in, out any) []string {
	var added []string
	switch o := out.(type) {
	case map[string]any:
		i, _ := in.(map[string]any)
		for k, v := range o {
			p := jsontextKey(path, k)
			iv, ok := i[k]
			if !ok {
				if !slices.Contains(alwaysWritten, k) {
					added = append(added, p)
				}
				continue
			}
			added = append(added, addedFields(p, iv, v)...)
		}
	case []any:
		i, _ := in.([]any)
		for n, v := range o {
			var iv any
			if n < len(i) {
				iv = i[n]
			}
			added = append(added, addedFields(fmt.Sprintf("%s[%d]", path, n), iv, v)...)
		}
	}
	slices.Sort(added)
	return added
}

func jsontextKey(path, k string) string {
	if path == "" {
		return k
	}
	return path + "." + k
}

// TestSpecDoc_noFieldAdded: the canonical form leaves out the optional
// fields that hold their default (docs/spec.md, "Conventions"), so
// encoding an example of docs/spec.md, decoded, writes no field the
// example does not have (but a rate's day count): no empty list or
// object, no zero, for what the example left out.
func TestSpecDoc_noFieldAdded(t *testing.T) {
	doc, err := os.ReadFile("../docs/spec.md")
	require.NoError(t, err)
	blocks := regexp.MustCompile("(?s)```json ([a-z]+)\n(.*?)```").FindAllSubmatch(doc, -1)
	require.NotEmpty(t, blocks)
	for i, b := range blocks {
		what, text := string(b[1]), string(b[2])
		t.Run(what+"_"+string(rune('a'+i)), func(t *testing.T) {
			src := strings.ReplaceAll(docTemplate[what], "@@", text)
			d, err := Unmarshal([]byte(src))
			require.NoError(t, err)
			out, err := Marshal(d)
			require.NoError(t, err)
			var in, got any
			require.NoError(t, json.Unmarshal([]byte(src), &in))
			require.NoError(t, json.Unmarshal(out, &got))
			require.Empty(t, addedFields("", in, got), "fields written that the example leaves out:\n%s", out)
		})
	}
}

// fundDoc is the fund of docs/spec.md's American example with its own
// "american" terms and, when fees is not "", "fees".
func fundDoc(american, fees string) string {
	if fees != "" {
		fees = `"fees": ` + fees + `, `
	}
	return `{"currency": "USD", "scale": 2,
  "parties": [{"id": "LP", "commitment": "900.00"}, {"id": "GP", "role": "sponsor", "commitment": "100.00"}, {"id": "Escrow", "role": "other"}],
  "schedule": {"start": "2024-12-31", "end": "2029-12-31", "frequency": "annual"},
  "stack": {"kind": "sequence", "tranches": [
    {"kind": "return_of_capital", "id": "fund-capital", "parties": ["LP", "GP"]},
    {"kind": "split", "id": "fund-carry", "shares": [{"parties": ["LP", "GP"], "weight": "0.8"}, {"parties": ["GP"], "weight": "0.2", "promote": true}]}]},
  ` + fees + `"investments": [{"name": "A", "calls": [{"date": "2025-12-31", "amount": "500.00"}], "proceeds": [{"date": "2026-12-31", "amount": "900.00"}],
    "stack": {"kind": "return_of_capital", "id": "a-capital", "parties": ["LP", "GP"]}}],
  "american": ` + american + `}`
}

// TestCanonical_optionalLeftOut: documents that leave out, or give only
// one of, the optional parts the encoder writes only when set encode
// with exactly the fields they have (a rate's day count aside), and
// round-trip.
func TestCanonical_optionalLeftOut(t *testing.T) {
	tr := func(stack string) string { return strings.ReplaceAll(docTemplate["tranche"], "@@", stack) }
	src := func(s string) string { return strings.ReplaceAll(docTemplate["source"], "@@", s) }
	roc := `{"kind": "return_of_capital", "id": "equity", "parties": ["LP", "LP-2"]}`
	shares := `"shares": [{"parties": ["LP"], "weight": "0.8"}, {"parties": ["GP"], "weight": "0.2", "promote": true}]`
	top := func(terms string) string {
		return tr(`{"kind": "sequence", "tranches": [{"kind": "take_or_pay", "id": "offtake", "seller": "Vendor", "terms": {"buyer": "JV", "seller": "Vendor",
			"start": "2024-12-31", "end": "2029-12-31", "price": "2.5", ` + terms + `}, "usage": ["90", "120", "60", "100", "0"]}, ` + roc + `]}`)
	}
	for name, doc := range map[string]string{
		"american terms alone":         fundDoc(`{"sponsor": "GP", "investors": ["LP"]}`, ""),
		"clawback without interim":     fundDoc(`{"sponsor": "GP", "investors": ["LP"], "clawback": {"tax_rate": "0.4"}}`, ""),
		"fees without expenses":        fundDoc(`{"sponsor": "GP", "investors": ["LP"]}`, `{"manager": "GP", "management": {"commitment_rate": "0.02"}}`),
		"hurdle on a multiple alone":   tr(`{"kind": "sequence", "tranches": [` + roc + `, {"kind": "hurdle", "id": "h", "investors": ["LP"], "multiple": "1.5", ` + shares + `}]}`),
		"hurdle at a simple rate":      tr(`{"kind": "sequence", "tranches": [` + roc + `, {"kind": "hurdle", "id": "h", "investors": ["LP"], "rate": {"annual": "0.1", "compounding": "simple"}, ` + shares + `}]}`),
		"cap table of common alone":    tr(`{"kind": "cap_table", "id": "exit", "common": [{"name": "Common", "holders": [{"party": "GP", "shares": "4000000"}]}]}`),
		"cap table of preferred alone": tr(`{"kind": "cap_table", "id": "exit", "preferred": [{"name": "Seed", "multiple": "1", "holders": [{"party": "LP", "shares": "500000", "invested": "500000.00"}]}]}`),
		"reserve of an amount alone":   tr(`{"kind": "reserve", "id": "dsra", "amount": "10.00", "junior": ` + roc + `}`),
		"take-or-pay ramp":             top(`"minimums": ["50", "100"]`),
		"take-or-pay make-up years":    top(`"minimum": "100", "make_up": {"years": 1}`),
		"take-or-pay termination date": top(`"minimum": "100", "termination": {"date": "2028-12-31"}`),
		"capex without obsolescence":   src(`{"kind": "capex_refresh", "name": "GPU", "terms": {"asset": {"cost": "1000.00", "in_service": "2024-12-31", "life": 60}}}`),
		"capex obsolescence date":      src(`{"kind": "capex_refresh", "name": "GPU", "terms": {"asset": {"cost": "1000.00", "in_service": "2024-12-31", "life": 60}, "obsolescence": {"date": "2027-12-31"}}}`),
		"capex life alone":             src(`{"kind": "capex_refresh", "name": "GPU", "terms": {"asset": {"cost": "1000.00", "in_service": "2024-12-31", "life": 60}, "obsolescence": {"life": 36}}}`),
		"capex commitments alone": src(`{"kind": "capex_refresh", "name": "GPU", "terms": {"asset": {"cost": "1000.00", "in_service": "2024-12-31", "life": 60},
			"obsolescence": {"date": "2027-12-31", "refresh": "600.00", "life": 36}}, "funding": {"commitments": [{"party": "LP", "amount": "3.00"}]}}`),
		"capex penalty alone": src(`{"kind": "capex_refresh", "name": "GPU", "terms": {"asset": {"cost": "1000.00", "in_service": "2024-12-31", "life": 60}}, "funding": {"penalty": "1.5"}}`),
	} {
		t.Run(name, func(t *testing.T) {
			d, err := Unmarshal([]byte(doc))
			require.NoError(t, err)
			out, err := Marshal(d)
			require.NoError(t, err)
			var in, got any
			require.NoError(t, json.Unmarshal([]byte(doc), &in))
			require.NoError(t, json.Unmarshal(out, &got))
			require.Empty(t, addedFields("", in, got), "fields written that the document leaves out:\n%s", out)
			require.Empty(t, addedFields("", got, in), "fields of the document not written:\n%s", out)
			roundTrip(t, []byte(doc), false)
		})
	}
}
