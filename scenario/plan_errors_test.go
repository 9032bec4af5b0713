package scenario_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/jvwaterfall/jvwaterfall/scenario"
	"github.com/jvwaterfall/jvwaterfall/spec"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestNewPlan_GridOfABrokenTermSaysOnlyWhatIsBroken: a grid's third
// term, fixed at one value in the definition, whose path leads nowhere
// (the stack has four tranches) is refused at its path, and that is the
// only error: the grid is not also said to have a term of no values (it
// has one: "0.01").
func TestNewPlan_GridOfABrokenTermSaysOnlyWhatIsBroken(t *testing.T) {
	_, err := newPlan(t, datacenter(t), `{"terms": [
		{"name": "exit", "path": "/proceeds/0/amount", "values": ["2000000.00", "3000000.00"]},
		{"name": "pref", "path": "/stack/tranches/2/rate/annual", "values": ["0.06", "0.08"]},
		{"name": "fee", "path": "/stack/tranches/9/loan/upfront_fee", "values": ["0.01"]}],
		"grid": {"rows": "exit", "columns": "pref", "measure": "LP.xirr"}}`)
	requireErrorAt(t, err, "terms[2].path", scenario.ErrPointer)
	errs := fieldErrors(t, err)
	assert.Len(t, errs, 1)
	assert.NotContains(t, errs, "grid")
}

// TestNewPlan_GridOfTheScenarioNumber: a grid's measure is any column of
// the table (docs/scenarios.md), the first, "scenario", too, as
// Table.Grid takes it: the plan is made, and its grid holds scenario
// 2i + j where exit takes its i-th value and pref its j-th (a sweep's
// first term varies slowest).
func TestNewPlan_GridOfTheScenarioNumber(t *testing.T) {
	p, err := newPlan(t, datacenter(t), `{"terms": [
		{"name": "exit", "path": "/proceeds/0/amount", "values": ["2000000.00", "3000000.00"]},
		{"name": "pref", "path": "/stack/tranches/2/rate/annual", "values": ["0.06", "0.08"]}],
		"grid": {"rows": "exit", "columns": "pref", "measure": "scenario"}}`)
	require.NoError(t, err)
	g, err := p.Table(termRows(t, p)).Grid("exit", "pref", "scenario")
	require.NoError(t, err)
	assert.Equal(t, [][]string{{"0", "1"}, {"2", "3"}}, g.Cells)
}

// TestNewPlan_ValueErrorsStopAtMaxSpecErrors: each of a sweep's values
// is tried on the deal, and a bad one is reported at its own path, but
// no more than spec.MaxSpecErrors of them, the bound of a deal's
// decoder (spec/limits.go): of 150 negative exits (the deal refuses a
// negative amount), values[0] to values[99] are reported, and no other.
func TestNewPlan_ValueErrorsStopAtMaxSpecErrors(t *testing.T) {
	const n = 150
	values := make([]string, n)
	for j := range values {
		values[j] = fmt.Sprintf(`"-%d.00"`, j+1)
	}
	_, err := newPlan(t, datacenter(t), `{"terms": [{"name": "e", "path": "/proceeds/0/amount", "values": [`+strings.Join(values, ", ")+`]}]}`)
	require.ErrorIs(t, err, scenario.ErrDeal)
	errs := fieldErrors(t, err)
	require.Len(t, errs, spec.MaxSpecErrors)
	for j := range spec.MaxSpecErrors {
		requireErrorAt(t, err, fmt.Sprintf("terms[0].values[%d]", j), scenario.ErrDeal)
	}
}
