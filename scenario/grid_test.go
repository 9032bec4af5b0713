package scenario_test

import (
	"context"
	"strconv"
	"testing"

	"github.com/jvwaterfall/jvwaterfall/contract"
	"github.com/jvwaterfall/jvwaterfall/scenario"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// columns returns the table's columns of those names, in that order: a
// caller's choice of what to show.
func columns(t *testing.T, table *scenario.Table, names ...string) []scenario.Column {
	t.Helper()
	var out []scenario.Column
	for _, name := range names {
		k := table.Column(name)
		require.GreaterOrEqual(t, k, 0, "no column %q", name)
		out = append(out, table.Columns[k])
	}
	return out
}

// scenarioCells is the grid of scenario numbers of a sweep whose row term
// has rows values and whose column term has cols, the row term varying
// slower (first in the definition) when slow, else faster.
func scenarioCells(rows, cols int, slow bool) [][]string {
	cells := make([][]string, rows)
	for i := range cells {
		cells[i] = make([]string, cols)
		for j := range cells[i] {
			n := i*cols + j
			if !slow {
				n = j*rows + i
			}
			cells[i][j] = strconv.Itoa(n)
		}
	}
	return cells
}

// TestGrid_CellsAreTheScenariosOfTheirTerms: in testdata/sweep.json's
// table (exit × pref, the first term varying slowest), the grid of the
// scenario number has the scenario 3i + j at exit i and pref j, and its
// transpose 3j + i at pref i and exit j, the values in the definition's
// order. A table cut to the columns a caller wants, in any order (here
// the terms first, the scenario last), makes the same grids.
func TestGrid_CellsAreTheScenariosOfTheirTerms(t *testing.T) {
	table, err := plan(t, "testdata/sweep.json").Run(context.Background(), scenario.Options{})
	require.NoError(t, err)
	exits := []string{"2000000.00", "3000000.00", "4000000.00"}
	prefs := []string{"0.06", "0.08", "0.10"}
	cut := *table
	cut.Columns = columns(t, table, "exit", "pref", "scenario")
	for name, tab := range map[string]*scenario.Table{"whole": table, "cut": &cut} {
		g, err := tab.Grid("exit", "pref", "scenario")
		require.NoError(t, err, name)
		assert.Equal(t, scenario.GridTable{Rows: "exit", Columns: "pref", Measure: "scenario",
			RowValues: exits, ColumnValues: prefs, Cells: scenarioCells(3, 3, true)}, *g, name)

		g, err = tab.Grid("pref", "exit", "scenario")
		require.NoError(t, err, name)
		assert.Equal(t, scenario.GridTable{Rows: "pref", Columns: "exit", Measure: "scenario",
			RowValues: prefs, ColumnValues: exits, Cells: scenarioCells(3, 3, false)}, *g, name)
	}
}

// termRows are the rows of every scenario of p with its terms' values
// and nothing run: all a grid of the scenario number needs.
func termRows(t *testing.T, p *scenario.Plan) []scenario.Row {
	t.Helper()
	rows := make([]scenario.Row, p.Len())
	for i := range rows {
		_, cols, err := p.Changes(i)
		require.NoError(t, err)
		rows[i] = scenario.Row{Scenario: i, Terms: cols}
	}
	return rows
}

// TestGrid_OtherTermsMustBeFixed: a grid shows two terms; a third that
// takes one value throughout is fine, one that takes several is an error
// naming it and counting its distinct values.
func TestGrid_OtherTermsMustBeFixed(t *testing.T) {
	sweep := func(fees string) *scenario.Table {
		def, err := scenario.DecodeDefinition([]byte(`{"terms": [
			{"name": "exit", "path": "/proceeds/0/amount", "values": ["2000000.00", "3000000.00"]},
			{"name": "pref", "path": "/stack/tranches/2/rate/annual", "values": ["0.06", "0.08"]},
			{"name": "fee", "path": "/stack/tranches/0/loan/upfront_fee", "values": ` + fees + `}]}`))
		require.NoError(t, err)
		p, err := scenario.NewPlan(datacenter(t), def)
		require.NoError(t, err)
		return p.Table(termRows(t, p))
	}

	// exit i, pref j, the one fee: scenario 2i + j.
	g, err := sweep(`["0.01"]`).Grid("exit", "pref", "scenario")
	require.NoError(t, err)
	assert.Equal(t, scenarioCells(2, 2, true), g.Cells)

	// Each of 3 fees for each exit and pref: 12 rows, in which the fee
	// takes 3 values, the pref 2 and the exit 2.
	table := sweep(`["0.01", "0.02", "0.03"]`)
	require.Len(t, table.Rows, 12)
	for _, tc := range []struct{ rows, cols, want string }{
		{"exit", "pref", `term "fee" takes 3 values`},
		{"fee", "exit", `term "pref" takes 2 values`},
		{"pref", "fee", `term "exit" takes 2 values`},
	} {
		g, err := table.Grid(tc.rows, tc.cols, "scenario")
		assert.Nil(t, g)
		require.ErrorIs(t, err, contract.ErrInvalid)
		assert.Contains(t, fieldErrors(t, err), "grid")
		assert.ErrorContains(t, err, tc.want)
	}
}

// TestGrid_Errors: a grid's rows and columns must be two different terms
// of the table and its measure a column; each mistake is reported at its
// own path.
func TestGrid_Errors(t *testing.T) {
	table, err := plan(t, "testdata/sweep.json").Run(context.Background(), scenario.Options{})
	require.NoError(t, err)
	for _, tc := range []struct {
		rows, columns, measure string
		path                   string
	}{
		{"nope", "pref", "LP.xirr", "grid.rows"},
		{"LP.xirr", "pref", "LP.xirr", "grid.rows"},
		{"scenario", "pref", "LP.xirr", "grid.rows"},
		{"exit", "nope", "LP.xirr", "grid.columns"},
		{"exit", "LP.xirr", "LP.xirr", "grid.columns"},
		{"exit", "scenario", "LP.xirr", "grid.columns"},
		{"exit", "exit", "LP.xirr", "grid.columns"},
		{"exit", "pref", "nope", "grid.measure"},
		{"exit", "pref", "", "grid.measure"},
	} {
		g, err := table.Grid(tc.rows, tc.columns, tc.measure)
		assert.Nil(t, g, "%+v", tc)
		require.ErrorIs(t, err, contract.ErrInvalid, "%+v", tc)
		errs := fieldErrors(t, err)
		assert.Len(t, errs, 1, "%+v", tc)
		assert.Contains(t, errs, tc.path, "%+v", tc)
	}
}
