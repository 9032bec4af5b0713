package scenario_test

import (
	"errors"
	"math"
	"testing"

	"github.com/jvwaterfall/jvwaterfall/contract"
	"github.com/jvwaterfall/jvwaterfall/scenario"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// rateTerm is a sweep's term on the pref rate, as a Definition built in Go
// would have it.
func rateTerm(name string) scenario.Term {
	return scenario.Term{Name: name, Paths: []string{"/stack/tranches/2/rate/annual"}, Values: []string{`"0.08"`}}
}

// uniformTerm is a Monte Carlo's term on the pref rate.
func uniformTerm(name string) scenario.Term {
	return scenario.Term{Name: name, Paths: []string{"/stack/tranches/2/rate/annual"}, Dist: &scenario.Dist{Kind: scenario.Uniform, Min: 0.05, Max: 0.1}}
}

// requireErrorAt asserts that err holds a *contract.FieldError at path
// that is sentinel (and contract.ErrInvalid, as every error of a
// definition is), and returns it.
func requireErrorAt(t *testing.T, err error, path string, sentinel error) error {
	t.Helper()
	require.Error(t, err)
	for _, e := range contract.Errors(err) {
		var fe *contract.FieldError
		if errors.As(e, &fe) && fe.Path == path && errors.Is(e, sentinel) {
			assert.ErrorIs(t, e, contract.ErrInvalid)
			return e
		}
	}
	require.Failf(t, "no such error", "no error at %q matching %v in:\n%v", path, sentinel, err)
	return nil
}

// TestDefinition_Validate_TermNames: a term's name is letters, digits,
// '_' and '-' (docs/scenarios.md), every one of them at the ends of its
// range, and not the name of the scenario, error or a deal measure's
// column; any other character is refused, at the name's path.
func TestDefinition_Validate_TermNames(t *testing.T) {
	for _, name := range []string{"a", "z", "A", "Z", "0", "9", "_", "-", "exit_2-b", "aAzZ09_-", "LP"} {
		d := &scenario.Definition{Terms: []scenario.Term{rateTerm(name)}}
		assert.NoError(t, d.Validate(), "%q", name)
	}
	// The characters next to each accepted range in ASCII: '/' and ':'
	// around the digits, '@' and '[' around the capitals, '`' and '{'
	// around the small letters; and the other punctuation a name might
	// try ('.' is how a party's measure is named).
	for _, name := range []string{"/", ":", "@", "[", "`", "{", "a.b", "a b", "LP.xirr", "x+y", "é",
		// The columns that are not a party's: a term of one of these
		// names would make two columns of one name.
		"scenario", "error", "min_dscr", "breach", "default", "lender_loss", "retained"} {
		d := &scenario.Definition{Terms: []scenario.Term{rateTerm(name)}}
		requireErrorAt(t, d.Validate(), "terms[0].name", contract.ErrInvalid)
	}
}

// TestOp_String: the operations' names are those a definition writes; an
// operation beyond Add has no name, and a definition holding one is
// refused at its op.
func TestOp_String(t *testing.T) {
	assert.Equal(t, "set", scenario.Set.String())
	assert.Equal(t, "scale", scenario.Scale.String())
	assert.Equal(t, "add", scenario.Add.String())
	assert.Equal(t, "Op(3)", scenario.Op(3).String())
	assert.Equal(t, "Op(255)", scenario.Op(255).String())

	term := rateTerm("r")
	term.Op = 3
	e := requireErrorAt(t, (&scenario.Definition{Terms: []scenario.Term{term}}).Validate(), "terms[0].op", contract.ErrInvalid)
	assert.Contains(t, e.Error(), "Op(3)")
}

// TestDefinition_Validate_Pointers: Validate refuses, with no deal, a
// path that is not a JSON Pointer (ErrPointer): at the term's path when
// it has one, at paths[j] when it has several.
func TestDefinition_Validate_Pointers(t *testing.T) {
	one := rateTerm("r")
	one.Paths = []string{"stack/tranches/2/rate/annual"} // no leading '/'
	err := (&scenario.Definition{Terms: []scenario.Term{one}}).Validate()
	requireErrorAt(t, err, "terms[0].path", scenario.ErrPointer)
	assert.Len(t, contract.Errors(err), 1, "%v", err)

	several := rateTerm("r")
	several.Paths = []string{"/stack/tranches/2/rate/annual", "/proceeds/0/amount", "/a~2"}
	err = (&scenario.Definition{Terms: []scenario.Term{several}}).Validate()
	requireErrorAt(t, err, "terms[0].paths[2]", scenario.ErrPointer)
	assert.Len(t, contract.Errors(err), 1, "%v", err)

	empty := rateTerm("r")
	empty.Paths = []string{""}
	requireErrorAt(t, (&scenario.Definition{Terms: []scenario.Term{empty}}).Validate(), "terms[0].path", scenario.ErrPointer)
}

// TestDefinition_Validate_Values: a sweep's values made in Go are JSON
// text, read as strictly as a decoded definition's: text that is not
// JSON, or a key given twice, is refused at the value (and inside it).
func TestDefinition_Validate_Values(t *testing.T) {
	term := scenario.Term{Name: "p", Paths: []string{"/proceeds/0"},
		Values: []string{`{"date": "2029-12-31", "amount": "1.00"}`, `"0.1`, `{"date": "2029-12-31", "date": "2030-12-31"}`}}
	err := (&scenario.Definition{Terms: []scenario.Term{term}}).Validate()
	requireErrorAt(t, err, "terms[0].values[1]", scenario.ErrSyntax)
	requireErrorAt(t, err, "terms[0].values[2].date", scenario.ErrDuplicateKey)
	assert.Len(t, contract.Errors(err), 2, "%v", err)
}

// TestDefinition_Validate_MonteCarloTerm: a Monte Carlo's term takes a
// distribution and nothing else: values or a range beside it is refused
// at the term, each on its own.
func TestDefinition_Validate_MonteCarloTerm(t *testing.T) {
	withValues := uniformTerm("r")
	withValues.Values = []string{`"0.08"`}
	withRange := uniformTerm("r")
	withRange.Range = &scenario.Range{From: dec("0.05"), To: dec("0.1"), Step: dec("0.01")}
	for _, term := range []scenario.Term{withValues, withRange} {
		d := &scenario.Definition{MonteCarlo: &scenario.MonteCarlo{Samples: 10}, Terms: []scenario.Term{term}}
		requireErrorAt(t, d.Validate(), "terms[0]", contract.ErrInvalid)
	}
	d := &scenario.Definition{MonteCarlo: &scenario.MonteCarlo{Samples: 10}, Terms: []scenario.Term{uniformTerm("r")}}
	require.NoError(t, d.Validate())
}

// TestDefinition_Validate_Samples: a Monte Carlo made in Go draws 1 to
// MaxScenarios samples: fewer is a range error, more a limit.
func TestDefinition_Validate_Samples(t *testing.T) {
	for _, tc := range []struct {
		samples   int
		want, not error // want nil: accepted
	}{
		{1, nil, nil},
		{scenario.MaxScenarios, nil, nil},
		{0, contract.ErrRange, scenario.ErrLimit},
		{-1, contract.ErrRange, scenario.ErrLimit},
		{scenario.MaxScenarios + 1, scenario.ErrLimit, nil}, // ErrLimit is a range error too
	} {
		d := &scenario.Definition{MonteCarlo: &scenario.MonteCarlo{Samples: tc.samples}, Terms: []scenario.Term{uniformTerm("r")}}
		err := d.Validate()
		if tc.want == nil {
			assert.NoError(t, err, "%d", tc.samples)
			continue
		}
		e := requireErrorAt(t, err, "montecarlo.samples", tc.want)
		if tc.not != nil {
			assert.NotErrorIs(t, e, tc.not, "%d", tc.samples)
		}
	}
}

// TestDefinition_Validate_Rho: a correlation's rho is from -1 to 1, both
// ends included (docs/scenarios.md); anything past them, or NaN, is a
// range error at its rho.
func TestDefinition_Validate_Rho(t *testing.T) {
	def := func(rho float64) *scenario.Definition {
		return &scenario.Definition{
			MonteCarlo:   &scenario.MonteCarlo{Samples: 10},
			Terms:        []scenario.Term{uniformTerm("a"), uniformTerm("b")},
			Correlations: []scenario.Correlation{{Terms: [2]string{"a", "b"}, Copula: scenario.Rank, Rho: rho}},
		}
	}
	for _, rho := range []float64{-1, -0.5, 0, 1} {
		assert.NoError(t, def(rho).Validate(), "%v", rho)
	}
	for _, rho := range []float64{math.Nextafter(-1, -2), math.Nextafter(1, 2), 2, math.NaN(), math.Inf(1)} {
		requireErrorAt(t, def(rho).Validate(), "correlations[0].rho", contract.ErrRange)
	}
}

// TestDefinition_Validate_GridOfOneTerm: a grid's rows and columns are two
// different terms; one term on both is refused at the columns.
func TestDefinition_Validate_GridOfOneTerm(t *testing.T) {
	d := &scenario.Definition{Terms: []scenario.Term{rateTerm("r"), rateTerm("s")},
		Grid: &scenario.Grid{Rows: "r", Columns: "r", Measure: "LP.irr"}}
	requireErrorAt(t, d.Validate(), "grid.columns", contract.ErrInvalid)
	d.Grid.Columns = "s"
	require.NoError(t, d.Validate())
}

// TestDefinition_RangeFields: a range needs its from, to and step, each
// missing one reported at its own path; a range that is not an object is
// one type error, at the range, and not three missing fields.
func TestDefinition_RangeFields(t *testing.T) {
	_, err := scenario.DecodeDefinition([]byte(`{"terms": [{"name": "r", "path": "/stack/tranches/2/rate/annual", "range": {"from": "0.06", "to": "0.10"}}]}`))
	requireErrorAt(t, err, "terms[0].range.step", contract.ErrRequired)
	_, err = scenario.DecodeDefinition([]byte(`{"terms": [{"name": "r", "path": "/stack/tranches/2/rate/annual", "range": {"step": "0.01"}}]}`))
	requireErrorAt(t, err, "terms[0].range.from", contract.ErrRequired)
	requireErrorAt(t, err, "terms[0].range.to", contract.ErrRequired)

	_, err = scenario.DecodeDefinition([]byte(`{"terms": [{"name": "r", "path": "/stack/tranches/2/rate/annual", "range": "0.06 to 0.10"}]}`))
	requireErrorAt(t, err, "terms[0].range", scenario.ErrType)
	assert.Len(t, contract.Errors(err), 1, "%v", err)
}

// TestDefinition_DistParameters: a distribution takes its kind's
// parameters only (docs/scenarios.md's table): "weights" belongs to a
// discrete distribution, and a discrete distribution takes no min.
func TestDefinition_DistParameters(t *testing.T) {
	mc := func(dist string) []byte {
		return []byte(`{"montecarlo": {"samples": 10}, "terms": [{"name": "r", "path": "/stack/tranches/2/rate/annual", "dist": {` + dist + `}}]}`)
	}
	_, err := scenario.DecodeDefinition(mc(`"kind": "discrete", "values": ["0.07", "0.08"], "min": 0.07`))
	requireErrorAt(t, err, "terms[0].dist.min", scenario.ErrUnknownField)
	_, err = scenario.DecodeDefinition(mc(`"kind": "normal", "mean": 0.08, "sd": 0.01, "weights": [1]`))
	requireErrorAt(t, err, "terms[0].dist.weights", scenario.ErrUnknownField)
	def, err := scenario.DecodeDefinition(mc(`"kind": "discrete", "values": ["0.07", "0.08"], "weights": [1, 3]`))
	require.NoError(t, err)
	assert.Equal(t, []float64{1, 3}, def.Terms[0].Dist.Weights)
	assert.Equal(t, []string{`"0.07"`, `"0.08"`}, def.Terms[0].Dist.Values)
}

// TestDefinition_PathsOfOne: a term that lists its pointers under
// "paths", even one, has its errors at paths[j]; one given as "path" at
// path. Both when the definition is read and when a plan binds it to a
// deal.
func TestDefinition_PathsOfOne(t *testing.T) {
	_, err := scenario.DecodeDefinition([]byte(`{"terms": [{"name": "r", "paths": ["stack/x"], "values": ["0.1"]}]}`))
	requireErrorAt(t, err, "terms[0].paths[0]", scenario.ErrPointer)
	_, err = scenario.DecodeDefinition([]byte(`{"terms": [{"name": "r", "path": "stack/x", "values": ["0.1"]}]}`))
	requireErrorAt(t, err, "terms[0].path", scenario.ErrPointer)

	for _, tc := range []struct{ term, at string }{
		{`"paths": ["/proceeds/9/amount"]`, "terms[0].paths[0]"},
		{`"path": "/proceeds/9/amount"`, "terms[0].path"},
	} {
		def, err := scenario.DecodeDefinition([]byte(`{"terms": [{"name": "r", ` + tc.term + `, "values": ["0.1"]}]}`))
		require.NoError(t, err)
		_, err = scenario.NewPlan(datacenter(t), def)
		requireErrorAt(t, err, tc.at, scenario.ErrPointer)
	}
	// Two terms on one place: the later is named as it was given.
	def, err := scenario.DecodeDefinition([]byte(`{"terms": [
		{"name": "a", "path": "/proceeds/0/amount", "values": ["1.00"]},
		{"name": "b", "paths": ["/proceeds/0/amount"], "values": ["2.00"]}]}`))
	require.NoError(t, err)
	_, err = scenario.NewPlan(datacenter(t), def)
	require.Error(t, err)
	require.Contains(t, err.Error(), "terms[1].paths[0]: ")
}

// TestDefinition_UnknownDistKind: an unknown kind of distribution is the
// one error of its dist, first: its parameters cannot be judged without
// a kind, so "k" is not called an unknown field.
func TestDefinition_UnknownDistKind(t *testing.T) {
	_, err := scenario.DecodeDefinition([]byte(`{"terms": [{"name": "x", "path": "/proceeds/0/amount",
		"dist": {"kind": "gamma", "k": 1}}], "montecarlo": {"seed": 1, "samples": 10}}`))
	e := requireErrorAt(t, err, "terms[0].dist.kind", contract.ErrInvalid)
	require.Contains(t, e.Error(), `"gamma", want uniform, normal, lognormal, triangular, discrete`)
	for _, x := range contract.Errors(err) {
		require.NotContains(t, x.Error(), "dist.k:", "%v", err)
	}
	// A known kind still has its stray parameters named.
	_, err = scenario.DecodeDefinition([]byte(`{"terms": [{"name": "x", "path": "/proceeds/0/amount",
		"dist": {"kind": "normal", "mean": 1, "sd": 1, "k": 1}}], "montecarlo": {"seed": 1, "samples": 10}}`))
	requireErrorAt(t, err, "terms[0].dist.k", scenario.ErrUnknownField)
}
