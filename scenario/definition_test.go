package scenario_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/jvwaterfall/jvwaterfall/contract"
	"github.com/jvwaterfall/jvwaterfall/scenario"
	"github.com/jvwaterfall/jvwaterfall/tranche"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// badDefinitions are definitions that DecodeDefinition or NewPlan (over
// the data-center deal) refuse, with the path and the sentinel of the
// error each must give. cmd/jvwaterfall's tests run the same files
// through the tool for exit status 2.
var badDefinitions = []struct {
	name, def, path string
	want            error
}{
	{"unknown path", `{"terms": [{"name": "x", "path": "/stack/tranches/7/rate/annual", "values": ["0.1"]}]}`,
		"terms[0].path", scenario.ErrPointer},
	// The second would undo the first while the first's column showed
	// its values.
	{"two terms on one place", `{"terms": [{"name": "a", "path": "/stack/tranches/2/rate/annual", "values": ["0.08", "0.09"]},
		{"name": "b", "path": "/stack/tranches/2/rate/annual", "values": ["0.1"]}]}`, "terms[1].path", contract.ErrInvalid},
	{"a term on what holds another's place", `{"terms": [{"name": "a", "path": "/proceeds/0/amount", "values": ["1.00"]},
		{"name": "b", "path": "/proceeds/0", "values": [{"date": "2029-12-31", "amount": "2.00"}]}]}`, "terms[1].path", contract.ErrInvalid},
	{"a term on a place another's holds", `{"terms": [{"name": "a", "path": "/proceeds/0", "values": [{"date": "2029-12-31", "amount": "2.00"}]},
		{"name": "b", "path": "/proceeds/0/amount", "values": ["1.00"]}]}`, "terms[1].path", contract.ErrInvalid},
	{"one place twice in a term", `{"terms": [{"name": "a", "paths": ["/proceeds/0/amount", "/proceeds/0/amount"], "op": "scale", "values": ["1.1"]}]}`,
		"terms[0].paths[1]", contract.ErrInvalid},
	{"unknown member on the way", `{"terms": [{"name": "x", "path": "/proceeds/0/when/day", "values": ["0.1"]}]}`,
		"terms[0].path", scenario.ErrPointer},
	{"wrong type of value", `{"terms": [{"name": "exit", "path": "/proceeds/0/amount", "values": ["1.00", 2000000]}]}`,
		"terms[0].values[1]", scenario.ErrType},
	{"scale a date", `{"terms": [{"name": "exit", "path": "/proceeds/0/date", "op": "scale", "values": ["1.1"]}]}`,
		"terms[0].path", scenario.ErrType},
	{"a value the deal refuses", `{"terms": [{"name": "exit", "path": "/proceeds/0/amount", "values": ["1.00", "-1.00"]}]}`,
		"terms[0].values[1]", scenario.ErrDeal},
	{"negative standard deviation", `{"montecarlo": {"seed": 1, "samples": 10}, "terms": [{"name": "r", "path": "/stack/tranches/2/rate/annual", "dist": {"kind": "normal", "mean": 0.08, "sd": -0.01}}]}`,
		"terms[0].dist.sd", contract.ErrNegative},
	{"empty range", `{"terms": [{"name": "r", "path": "/stack/tranches/2/rate/annual", "range": {"from": "0.10", "to": "0.06", "step": "0.01"}}]}`,
		"terms[0].range", scenario.ErrEmpty},
	{"zero step", `{"terms": [{"name": "r", "path": "/stack/tranches/2/rate/annual", "range": {"from": "0.06", "to": "0.10", "step": "0"}}]}`,
		"terms[0].range.step", contract.ErrRange},
	{"empty values", `{"terms": [{"name": "r", "path": "/stack/tranches/2/rate/annual", "values": []}]}`,
		"terms[0].values", scenario.ErrEmpty},
	{"duplicate key", `{"terms": [{"name": "r", "name": "s", "path": "/stack/tranches/2/rate/annual", "values": ["0.1"]}]}`,
		"terms[0].name", scenario.ErrDuplicateKey},
	{"duplicate key inside a value", `{"terms": [{"name": "p", "path": "/proceeds/0", "values": [{"date": "2029-12-31", "amount": "1.00", "date": "2030-12-31"}]}]}`,
		"terms[0].values[0].date", scenario.ErrDuplicateKey},
	{"grid beyond MaxScenarios", `{"terms": [
		{"name": "a", "path": "/proceeds/0/amount", "range": {"from": "1.00", "to": "1000.00", "step": "0.01"}},
		{"name": "b", "path": "/stack/tranches/2/rate/annual", "range": {"from": "0.0001", "to": "0.1", "step": "0.0001"}}]}`,
		"terms", scenario.ErrLimit},
	{"term beyond MaxValues", `{"terms": [{"name": "a", "path": "/proceeds/0/amount", "range": {"from": "1", "to": "100000000", "step": "1"}}]}`,
		"terms[0]", scenario.ErrLimit},
	{"too many samples", `{"montecarlo": {"seed": 1, "samples": 1000001}, "terms": [{"name": "r", "path": "/stack/tranches/2/rate/annual", "dist": {"kind": "uniform", "min": 0, "max": 1}}]}`,
		"montecarlo.samples", scenario.ErrLimit},
	{"unknown field", `{"terms": [{"name": "r", "path": "/stack/tranches/2/rate/annual", "valeus": ["0.1"]}]}`,
		"terms[0].valeus", scenario.ErrUnknownField},
	{"unknown distribution parameter", `{"montecarlo": {"samples": 10}, "terms": [{"name": "r", "path": "/stack/tranches/2/rate/annual", "dist": {"kind": "normal", "mean": 0.08, "sigma": 0.01}}]}`,
		"terms[0].dist.sigma", scenario.ErrUnknownField},
	{"number for a decimal string", `{"terms": [{"name": "r", "path": "/stack/tranches/2/rate/annual", "range": {"from": 0.06, "to": "0.10", "step": "0.01"}}]}`,
		"terms[0].range.from", scenario.ErrType},
	{"not JSON", `{"terms": [`, "", scenario.ErrSyntax},
	{"uniform upside down", `{"montecarlo": {"samples": 10}, "terms": [{"name": "r", "path": "/stack/tranches/2/rate/annual", "dist": {"kind": "uniform", "min": 0.1, "max": 0.05}}]}`,
		"terms[0].dist.max", contract.ErrRange},
	{"correlation of an unknown term", `{"montecarlo": {"samples": 10}, "terms": [{"name": "r", "path": "/stack/tranches/2/rate/annual", "dist": {"kind": "uniform", "min": 0.05, "max": 0.1}}],
		"correlations": [{"terms": ["r", "q"], "copula": "gaussian", "rho": 0.5}]}`, "correlations[0].terms[1]", contract.ErrInvalid},
	{"rho beyond 1", `{"montecarlo": {"samples": 10}, "terms": [{"name": "r", "path": "/stack/tranches/2/rate/annual", "dist": {"kind": "uniform", "min": 0.05, "max": 0.1}},
		{"name": "e", "path": "/proceeds/0/amount", "op": "scale", "dist": {"kind": "uniform", "min": 0.5, "max": 1.5}}],
		"correlations": [{"terms": ["r", "e"], "copula": "rank", "rho": 1.5}]}`, "correlations[0].rho", contract.ErrRange},
	{"a distribution in a sweep", `{"terms": [{"name": "r", "path": "/stack/tranches/2/rate/annual", "dist": {"kind": "uniform", "min": 0.05, "max": 0.1}}]}`,
		"terms[0].dist", contract.ErrInvalid},
	{"two terms of one name", `{"terms": [{"name": "r", "path": "/stack/tranches/2/rate/annual", "values": ["0.1"]}, {"name": "r", "path": "/proceeds/0/amount", "values": ["1.00"]}]}`,
		"terms[1].name", contract.ErrInvalid},
	{"unknown party", `{"parties": ["LP", "Nobody"], "terms": [{"name": "r", "path": "/stack/tranches/2/rate/annual", "values": ["0.1"]}]}`,
		"parties[1]", tranche.ErrUnknownParty},
	{"grid of an unknown measure", `{"terms": [{"name": "r", "path": "/stack/tranches/2/rate/annual", "values": ["0.1"]}, {"name": "e", "path": "/proceeds/0/amount", "values": ["1.00"]}],
		"grid": {"rows": "r", "columns": "e", "measure": "LP.irrr"}}`, "grid.measure", contract.ErrInvalid},
	{"amount with more places than the deal", `{"montecarlo": {"samples": 10}, "terms": [{"name": "e", "path": "/proceeds/0/amount", "dist": {"kind": "uniform", "min": 1000000.001, "max": 2000000}}]}`,
		"terms[0].dist (its median)", scenario.ErrDeal},
	// The median, 1800000, is whole; a draw, with 6 places by default,
	// is not, and the amount takes 2.
	{"draws with more places than the deal, round median", `{"montecarlo": {"samples": 10}, "terms": [{"name": "e", "path": "/proceeds/0/amount", "dist": {"kind": "normal", "mean": 1800000, "sd": 1000}}]}`,
		"terms[0].places", tranche.ErrNotQuantized},
	{"grid with a third term that varies", `{"terms": [{"name": "r", "path": "/stack/tranches/2/rate/annual", "values": ["0.1", "0.12"]},
		{"name": "e", "path": "/proceeds/0/amount", "values": ["1.00", "2.00"]}, {"name": "s", "path": "/scale", "values": [2, 3]}],
		"grid": {"rows": "r", "columns": "e", "measure": "LP.irr"}}`, "grid", contract.ErrInvalid},
	{"add to a name", `{"terms": [{"name": "f", "path": "/schedule/frequency", "op": "add", "values": ["1"]}]}`,
		"terms[0].path", scenario.ErrType},
	{"whole number stepped by halves", `{"terms": [{"name": "u", "path": "/schedule/frequency", "values": ["annual", "quarterly"]}, {"name": "n", "path": "/scale", "range": {"from": "0", "to": "2", "step": "0.5"}}]}`,
		"terms[1].range", scenario.ErrType},
}

func TestDefinition_Bad(t *testing.T) {
	base := datacenter(t)
	for _, tc := range badDefinitions {
		t.Run(tc.name, func(t *testing.T) {
			def, err := scenario.DecodeDefinition([]byte(tc.def))
			if err == nil {
				_, err = scenario.NewPlan(base, def)
			}
			require.Error(t, err)
			assert.ErrorIs(t, err, tc.want)
			assert.ErrorIs(t, err, contract.ErrInvalid)
			found := false
			for _, e := range contract.Errors(err) {
				var fe *contract.FieldError
				if errors.As(e, &fe) && fe.Path == tc.path && errors.Is(e, tc.want) {
					found = true
				}
			}
			assert.True(t, found, "no error at %q matching %v in:\n%v", tc.path, tc.want, err)
		})
	}
}

func TestDefinition_Good(t *testing.T) {
	for _, name := range []string{"testdata/sweep.json", "testdata/montecarlo.json"} {
		def, err := scenario.DecodeDefinition(readFile(t, name))
		require.NoError(t, err, name)
		_, err = scenario.NewPlan(datacenter(t), def)
		require.NoError(t, err, name)
	}
}

// TestDefinition_ValueBounds: a whole number reaches 10^15, or a date
// moves a million days, at the limit itself: refused by the plan, before
// the deal could say anything of it.
func TestDefinition_ValueBounds(t *testing.T) {
	for def, want := range map[string]string{
		`{"terms": [{"name": "s", "path": "/scale", "op": "scale", "values": ["500000000000000"]}]}`:  "1000000000000000 is too large for a whole number",
		`{"terms": [{"name": "d", "path": "/proceeds/0/date", "op": "add", "values": ["1000000"]}]}`:  "1000000 days is too far",
		`{"terms": [{"name": "d", "path": "/proceeds/0/date", "op": "add", "values": ["-1000000"]}]}`: "-1000000 days is too far",
	} {
		d, err := scenario.DecodeDefinition([]byte(def))
		require.NoError(t, err, def)
		_, err = scenario.NewPlan(datacenter(t), d)
		require.ErrorIs(t, err, contract.ErrRange, def)
		require.ErrorContains(t, err, want, def)
	}
}

// TestDefinition_DrawPlaces: draws that fit the field are not refused,
// nor is a distribution some of whose draws the deal refuses (they are
// failed rows): only places the field cannot take.
func TestDefinition_DrawPlaces(t *testing.T) {
	for _, def := range []string{
		`{"montecarlo": {"samples": 10}, "terms": [{"name": "e", "path": "/proceeds/0/amount", "places": 2, "dist": {"kind": "normal", "mean": 1800000, "sd": 1000}}]}`,
		`{"montecarlo": {"samples": 10}, "terms": [{"name": "e", "path": "/proceeds/0/amount", "op": "add", "dist": {"kind": "normal", "mean": 0, "sd": 1000}}]}`,
		`{"montecarlo": {"samples": 10}, "terms": [{"name": "e", "path": "/proceeds/0/amount", "op": "scale", "dist": {"kind": "normal", "mean": 1, "sd": 0.1}}]}`,
		`{"montecarlo": {"samples": 10}, "terms": [{"name": "e", "path": "/proceeds/0/amount", "places": 2, "dist": {"kind": "normal", "mean": 10, "sd": 1000}}]}`,
		`{"montecarlo": {"samples": 10}, "terms": [{"name": "r", "path": "/stack/tranches/2/rate/annual", "dist": {"kind": "normal", "mean": 0.08, "sd": 0.01}}]}`,
		// A discrete distribution's values are the draws: each is tried
		// as it is, none a unit off.
		`{"montecarlo": {"samples": 10}, "terms": [{"name": "e", "path": "/proceeds/0/amount", "dist": {"kind": "discrete", "values": ["1800000.00", "1900000.00"]}}]}`,
	} {
		d, err := scenario.DecodeDefinition([]byte(def))
		require.NoError(t, err, def)
		_, err = scenario.NewPlan(datacenter(t), d)
		require.NoError(t, err, def)
	}
}

// TestNewPlan_Validates: a Definition made in Go, not decoded, is checked
// by NewPlan as DecodeDefinition checks one.
func TestNewPlan_Validates(t *testing.T) {
	_, err := scenario.NewPlan(datacenter(t), &scenario.Definition{})
	require.ErrorIs(t, err, scenario.ErrEmpty)
	require.Contains(t, fieldErrors(t, err), "terms")
}

func TestDefinition_Validate_Nil(t *testing.T) {
	var d *scenario.Definition
	assert.ErrorIs(t, d.Validate(), contract.ErrRequired)
	_, err := scenario.NewPlan(nil, &scenario.Definition{})
	assert.ErrorIs(t, err, contract.ErrRequired)
	_, err = scenario.DecodeDefinition([]byte(strings.Repeat(" ", scenario.MaxDefinitionBytes+1)))
	assert.ErrorIs(t, err, scenario.ErrLimit)
}

// TestDefinition_Numbers: the numbers of a definition are read as their
// fields say, at their bounds: whole numbers within their range (a count
// above MaxScenarios is a limit, any other out of range is a range
// error), finite floats, and decimal strings in the deal spec's form.
func TestDefinition_Numbers(t *testing.T) {
	mc := func(montecarlo, dist string) string {
		return `{"montecarlo": {` + montecarlo + `}, "terms": [{"name": "r", "path": "/stack/tranches/2/rate/annual", "dist": {` + dist + `}}]}`
	}
	uniform := `"kind": "uniform", "min": 0.05, "max": 0.1`
	rng := func(from string) string {
		return `{"terms": [{"name": "r", "path": "/stack/tranches/2/rate/annual", "range": {"from": ` + from + `, "to": "0.10", "step": "0.01"}}]}`
	}
	places := func(n string) string {
		return `{"terms": [{"name": "r", "path": "/stack/tranches/2/rate/annual", "places": ` + n + `, "values": ["0.1"]}]}`
	}
	long := `"` + strings.Repeat("0", 60) + `0.05"` // 64 characters, the most a decimal string may have: 0.05
	for _, tc := range []struct {
		name, def, path string
		want, not       error // want nil: accepted
	}{
		{"samples 1", mc(`"samples": 1`, uniform), "", nil, nil},
		{"a percentile twice", mc(`"samples": 2, "percentiles": [50, 5, 50]`, uniform), "montecarlo.percentiles[2]", contract.ErrInvalid, contract.ErrRange},
		{"samples at the limit", mc(`"samples": 1000000`, uniform), "", nil, nil},
		{"samples 0", mc(`"samples": 0`, uniform), "montecarlo.samples", contract.ErrRange, scenario.ErrLimit},
		{"samples above the limit", mc(`"samples": 1000001`, uniform), "montecarlo.samples", scenario.ErrLimit, nil},
		{"samples not whole", mc(`"samples": 2.5`, uniform), "montecarlo.samples", contract.ErrRange, scenario.ErrLimit},
		{"seed 0", mc(`"samples": 2, "seed": 0`, uniform), "", nil, nil},
		{"seed not whole", mc(`"samples": 2, "seed": 1.5`, uniform), "montecarlo.seed", contract.ErrRange, nil},
		{"seed negative", mc(`"samples": 2, "seed": -1`, uniform), "montecarlo.seed", contract.ErrRange, nil},
		{"seed a string", mc(`"samples": 2, "seed": "1"`, uniform), "montecarlo.seed", scenario.ErrType, nil},
		{"places 0", places("0"), "", nil, nil},
		{"places at MaxPlaces", places("16"), "", nil, nil},
		{"places above MaxPlaces", places("17"), "terms[0].places", contract.ErrRange, scenario.ErrLimit},
		{"an infinite float", mc(`"samples": 2`, `"kind": "uniform", "min": 0.05, "max": 1e999`), "terms[0].dist.max", contract.ErrRange, nil},
		{"an infinite mean", mc(`"samples": 2`, `"kind": "normal", "mean": -1e999, "sd": 1`), "terms[0].dist.mean", contract.ErrRange, nil},
		{"an infinite percentile", mc(`"samples": 2, "percentiles": [5, 1e999]`, uniform), "montecarlo.percentiles[1]", contract.ErrRange, nil},
		{"an infinite rho", `{"montecarlo": {"samples": 10}, "terms": [{"name": "r", "path": "/stack/tranches/2/rate/annual", "dist": {"kind": "uniform", "min": 0.05, "max": 0.1}},
			{"name": "e", "path": "/proceeds/0/amount", "op": "scale", "dist": {"kind": "uniform", "min": 0.5, "max": 1.5}}],
			"correlations": [{"terms": ["r", "e"], "copula": "rank", "rho": 1e999}]}`, "correlations[0].rho", contract.ErrRange, nil},
		{"a float as a string", mc(`"samples": 2`, `"kind": "uniform", "min": 0.05, "max": "0.1"`), "terms[0].dist.max", scenario.ErrType, nil},
		{"decimal forms", rng(`"+0.05e0"`), "", nil, nil},
		{"a nine", rng(`"0.09"`), "", nil, nil},
		{"a capital E", rng(`"5E-2"`), "", nil, nil},
		{"exponent at the bounds", `{"terms": [{"name": "r", "path": "/stack/tranches/2/rate/annual", "range": {"from": "1e-40", "to": "1e40", "step": "1e40"}}]}`, "", nil, nil},
		{"64 characters", rng(long), "", nil, nil},
		{"65 characters", rng(`"` + strings.Repeat("0", 61) + `0.05"`), "terms[0].range.from", scenario.ErrType, nil},
		{"empty", rng(`""`), "terms[0].range.from", scenario.ErrType, nil},
		{"not a decimal", rng(`"six"`), "terms[0].range.from", scenario.ErrType, nil},
		{"a space", rng(`" 0.05"`), "terms[0].range.from", scenario.ErrType, nil},
		{"an exponent with no digits", rng(`"1e"`), "terms[0].range.from", scenario.ErrType, nil},
		{"two points", rng(`"1.2.3"`), "terms[0].range.from", scenario.ErrType, nil},
		{"exponent below -40", rng(`"1e-41"`), "terms[0].range.from", scenario.ErrType, nil},
		{"exponent above 40", rng(`"1e41"`), "terms[0].range.from", scenario.ErrType, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := scenario.DecodeDefinition([]byte(tc.def))
			if tc.want == nil {
				require.NoError(t, err)
				return
			}
			require.ErrorIs(t, err, tc.want)
			if tc.not != nil {
				require.NotErrorIs(t, err, tc.not)
			}
			found := false
			for _, e := range contract.Errors(err) {
				var fe *contract.FieldError
				found = found || errors.As(e, &fe) && fe.Path == tc.path
			}
			require.True(t, found, "no error at %q in:\n%v", tc.path, err)
		})
	}
}

// TestDefinition_SiblingPlaces: terms on places side by side, or whose
// pointers share a beginning but not a segment (/proceeds/0 and
// /proceeds/0/amount overlap; /proceeds/0/amount and /proceeds/0/date do
// not), are accepted.
func TestDefinition_SiblingPlaces(t *testing.T) {
	def, err := scenario.DecodeDefinition([]byte(`{"terms": [
		{"name": "a", "path": "/proceeds/0/amount", "values": ["1.00", "2.00"]},
		{"name": "d", "path": "/proceeds/0/date", "values": ["2029-12-31"]},
		{"name": "r", "paths": ["/stack/tranches/2/rate/annual", "/stack/tranches/0/loan/rate/annual"], "values": ["0.07"]}]}`))
	require.NoError(t, err)
	_, err = scenario.NewPlan(datacenter(t), def)
	require.NoError(t, err)
}
