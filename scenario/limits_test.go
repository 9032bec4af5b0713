package scenario_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/jvwaterfall/jvwaterfall/contract"
	"github.com/jvwaterfall/jvwaterfall/scenario"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// intRange is a sweep's term of the whole numbers 1 to n.
func intRange(name, path string, n int) scenario.Term {
	return scenario.Term{Name: name, Paths: []string{path},
		Range: &scenario.Range{From: dec("1"), To: dec(fmt.Sprint(n)), Step: dec("1")}}
}

// TestLimits_AtTheBound: each limit of docs/scenarios.md ("Limits:
// 1,000,000 scenarios, 64 terms, 100,000 values per term, 1,000 paths per
// term, a definition of 4 MiB", and a change's value of 1 MiB) is
// reached, and one past it is refused with ErrLimit at the path of what
// is too large.
func TestLimits_AtTheBound(t *testing.T) {
	t.Run("terms", func(t *testing.T) {
		terms := func(n int) []scenario.Term {
			var out []scenario.Term
			for i := range n {
				out = append(out, rateTerm(fmt.Sprintf("t%d", i)))
			}
			return out
		}
		require.NoError(t, (&scenario.Definition{Terms: terms(scenario.MaxTerms)}).Validate())
		requireErrorAt(t, (&scenario.Definition{Terms: terms(scenario.MaxTerms + 1)}).Validate(), "terms", scenario.ErrLimit)
	})
	t.Run("paths", func(t *testing.T) {
		paths := func(n int) []string {
			var out []string
			for i := range n {
				out = append(out, fmt.Sprintf("/x/%d", i))
			}
			return out
		}
		term := rateTerm("r")
		term.Paths = paths(scenario.MaxPaths)
		require.NoError(t, (&scenario.Definition{Terms: []scenario.Term{term}}).Validate())
		term.Paths = paths(scenario.MaxPaths + 1)
		requireErrorAt(t, (&scenario.Definition{Terms: []scenario.Term{term}}).Validate(), "terms[0].paths", scenario.ErrLimit)
	})
	t.Run("values", func(t *testing.T) {
		d := &scenario.Definition{Terms: []scenario.Term{intRange("n", "/scale", scenario.MaxValues)}}
		require.NoError(t, d.Validate())
		assert.Equal(t, scenario.MaxValues, d.Scenarios())
		d = &scenario.Definition{Terms: []scenario.Term{intRange("n", "/scale", scenario.MaxValues+1)}}
		requireErrorAt(t, d.Validate(), "terms[0]", scenario.ErrLimit)

		listed := rateTerm("r")
		listed.Values = make([]string, scenario.MaxValues)
		for i := range listed.Values {
			listed.Values[i] = `"0.08"`
		}
		require.NoError(t, (&scenario.Definition{Terms: []scenario.Term{listed}}).Validate())
		listed.Values = append(listed.Values, `"0.08"`)
		requireErrorAt(t, (&scenario.Definition{Terms: []scenario.Term{listed}}).Validate(), "terms[0]", scenario.ErrLimit)
	})
	t.Run("scenarios", func(t *testing.T) {
		// 1000 × 1000 is the limit itself; 1000 × 1001 is past it,
		// though each term is well within MaxValues.
		d := &scenario.Definition{Terms: []scenario.Term{intRange("a", "/scale", 1000), intRange("b", "/calls/0/amount", 1000)}}
		require.NoError(t, d.Validate())
		assert.Equal(t, scenario.MaxScenarios, d.Scenarios())
		d.Terms[1] = intRange("b", "/calls/0/amount", 1001)
		e := requireErrorAt(t, d.Validate(), "terms", scenario.ErrLimit)
		assert.Contains(t, e.Error(), "a sweep of 1001000 scenarios")
	})
	t.Run("definition bytes", func(t *testing.T) {
		src := `{"terms": [{"name": "r", "path": "/stack/tranches/2/rate/annual", "values": ["0.08"]}]}`
		padded := src + strings.Repeat(" ", scenario.MaxDefinitionBytes-len(src))
		require.Len(t, padded, scenario.MaxDefinitionBytes)
		def, err := scenario.DecodeDefinition([]byte(padded))
		require.NoError(t, err)
		assert.Equal(t, "r", def.Terms[0].Name)
		_, err = scenario.DecodeDefinition([]byte(padded + " "))
		requireErrorAt(t, err, "", scenario.ErrLimit)
	})
	t.Run("change bytes", func(t *testing.T) {
		value := `"renamed"` + strings.Repeat(" ", scenario.MaxChangeBytes-len(`"renamed"`))
		require.Len(t, value, scenario.MaxChangeBytes)
		doc, err := datacenter(t).Apply(scenario.Change{Path: "/name", Value: value})
		require.NoError(t, err)
		assert.Equal(t, "renamed", doc.Deal.Name)
		_, err = datacenter(t).Apply(scenario.Change{Path: "/name", Value: value + " "})
		requireErrorAt(t, err, "changes[0].value", scenario.ErrLimit)
		assert.NotErrorIs(t, err, contract.ErrRequired)
	})
}
