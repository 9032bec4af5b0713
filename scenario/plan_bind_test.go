package scenario_test

import (
	"strings"
	"testing"

	"github.com/jvwaterfall/jvwaterfall/scenario"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// newPlan decodes definition and lays it over base.
func newPlan(t *testing.T, base *scenario.Base, definition string) (*scenario.Plan, error) {
	t.Helper()
	def, err := scenario.DecodeDefinition([]byte(definition))
	require.NoError(t, err)
	return scenario.NewPlan(base, def)
}

// TestNewPlan_NumbersSetOnlyNumbers: a range, or a distribution that is
// not discrete, sets a decimal string or a whole number; on a date (the
// exit's, "2029-12-31") it is refused at the term's path with ErrType
// (docs/scenarios.md: a range steps decimals, a draw is a number; go doc
// NewPlan: "stepping a string" is ErrType). A discrete distribution's
// values are "as in a sweep", so dates set a date, and the change is the
// value given.
func TestNewPlan_NumbersSetOnlyNumbers(t *testing.T) {
	base := datacenter(t)
	for name, def := range map[string]string{
		"a range":    `{"terms": [{"name": "d", "path": "/proceeds/0/date", "range": {"from": "1", "to": "2", "step": "1"}}]}`,
		"a normal":   `{"montecarlo": {"samples": 2}, "terms": [{"name": "d", "path": "/proceeds/0/date", "dist": {"kind": "normal", "mean": 1, "sd": 0}}]}`,
		"a uniform":  `{"montecarlo": {"samples": 2}, "terms": [{"name": "d", "path": "/proceeds/0/date", "dist": {"kind": "uniform", "min": 1, "max": 2}}]}`,
		"on a name":  `{"terms": [{"name": "f", "path": "/schedule/frequency", "range": {"from": "1", "to": "2", "step": "1"}}]}`,
		"in a paths": `{"montecarlo": {"samples": 2}, "terms": [{"name": "d", "paths": ["/proceeds/0/amount", "/proceeds/0/date"], "places": 2, "dist": {"kind": "normal", "mean": 5, "sd": 0}}]}`,
	} {
		_, err := newPlan(t, base, def)
		path := "terms[0].path"
		if strings.Contains(def, `"paths"`) {
			path = "terms[0].paths[1]"
		}
		e := requireErrorAt(t, err, path, scenario.ErrType)
		assert.Contains(t, e.Error(), "a range or a distribution sets a decimal string or a whole number", name)
		assert.Len(t, fieldErrors(t, err), 1, name)
	}

	p, err := newPlan(t, base, `{"montecarlo": {"samples": 4}, "terms": [{"name": "d", "path": "/proceeds/0/date",
		"dist": {"kind": "discrete", "values": ["2029-12-31", "2029-12-31"]}}]}`)
	require.NoError(t, err)
	for i := range p.Len() {
		changes, cols, err := p.Changes(i)
		require.NoError(t, err)
		assert.Equal(t, []scenario.Change{{Path: "/proceeds/0/date", Value: `"2029-12-31"`}}, changes)
		assert.Equal(t, []string{"2029-12-31"}, cols)
	}
}

// TestNewPlan_ScaleAndAddTakeDecimalStrings: the values of a term that
// scales or adds are decimal strings (docs/scenarios.md, "values" and
// "discrete": "decimal strings for scale and add"); a JSON number, a
// word or a date is refused at its own path with ErrType, a sweep's
// and a discrete distribution's alike, while the good values beside it
// are not.
func TestNewPlan_ScaleAndAddTakeDecimalStrings(t *testing.T) {
	base := datacenter(t)
	for _, tc := range []struct{ def, path string }{
		{`{"terms": [{"name": "e", "path": "/proceeds/0/amount", "op": "scale", "values": ["1.1", 2]}]}`, "terms[0].values[1]"},
		{`{"terms": [{"name": "e", "path": "/proceeds/0/amount", "op": "scale", "values": ["two"]}]}`, "terms[0].values[0]"},
		{`{"terms": [{"name": "e", "path": "/proceeds/0/amount", "op": "add", "values": [true]}]}`, "terms[0].values[0]"},
		{`{"terms": [{"name": "d", "path": "/proceeds/0/date", "op": "add", "values": ["2029-12-31"]}]}`, "terms[0].values[0]"},
		{`{"montecarlo": {"samples": 2}, "terms": [{"name": "e", "path": "/proceeds/0/amount", "op": "scale",
			"dist": {"kind": "discrete", "values": ["1.1", 1.2]}}]}`, "terms[0].dist.values[1]"},
		{`{"montecarlo": {"samples": 2}, "terms": [{"name": "e", "path": "/proceeds/0/amount", "op": "add",
			"dist": {"kind": "discrete", "values": ["x"]}}]}`, "terms[0].dist.values[0]"},
	} {
		_, err := newPlan(t, base, tc.def)
		requireErrorAt(t, err, tc.path, scenario.ErrType)
		assert.Len(t, fieldErrors(t, err), 1, tc.def)
	}
}

// TestNewPlan_WholeNumberWithAZeroFraction: the deal spec reads a whole
// number written with a zero fraction, "scale": 2.0, as 2 (spec/object.go,
// integer), so a plan does too: scaling it by 1.5 or adding 1 changes it
// to 3, by hand. (It was refused as "a number", not a whole one.)
func TestNewPlan_WholeNumberWithAZeroFraction(t *testing.T) {
	src := strings.Replace(string(readFile(t, "testdata/datacenter.json")), `"scale": 2,`, `"scale": 2.0,`, 1)
	require.Contains(t, src, `"scale": 2.0,`)
	base, err := scenario.NewBase([]byte(src))
	require.NoError(t, err)
	require.EqualValues(t, 2, base.Document().Deal.Scale)

	for _, op := range []string{"scale", "add"} {
		value, want := "1.5", "3"
		if op == "add" {
			value = "1" // 2 + 1 = 3
		}
		p, err := newPlan(t, base, `{"terms": [{"name": "s", "path": "/scale", "op": "`+op+`", "values": ["`+value+`"]}]}`)
		require.NoError(t, err, op)
		changes, _, err := p.Changes(0)
		require.NoError(t, err)
		assert.Equal(t, []scenario.Change{{Path: "/scale", Value: want}}, changes, op)
	}
}
