package scenario_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"testing"

	"github.com/jvwaterfall/jvwaterfall/contract"
	"github.com/jvwaterfall/jvwaterfall/scenario"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// termsPlan is a plan over the data-center deal with a term of each kind
// of value: a decimal, a date, a string and an object.
func termsPlan(t *testing.T) *scenario.Plan {
	t.Helper()
	def, err := scenario.DecodeDefinition([]byte(`{"terms": [
		{"name": "pref", "path": "/stack/tranches/2/rate/annual", "values": ["0.08"]},
		{"name": "exit_date", "path": "/proceeds/0/date", "values": ["2029-12-31"]},
		{"name": "frequency", "path": "/schedule/frequency", "values": ["annual"]},
		{"name": "call", "path": "/calls/0", "values": [{"date": "2025-12-31", "amount": "1000000.00"}]}]}`))
	require.NoError(t, err)
	p, err := scenario.NewPlan(datacenter(t), def)
	require.NoError(t, err)
	return p
}

// TestTable_ValueOfTerms: a term's cell is a number when its text is a
// decimal (as it reads) or a date (years after the schedule's start,
// days / 365.25): the data-center deal starts on 2024-12-31, and
// 2029-12-31 is 5 × 365 + 1 (2028-02-29) = 1826 days later. A string or
// an object is not a number, whatever the column's kind says.
func TestTable_ValueOfTerms(t *testing.T) {
	p := termsPlan(t)
	_, cols, err := p.Changes(0)
	require.NoError(t, err)
	require.Equal(t, []string{"0.08", "2029-12-31", "annual", `{"date": "2025-12-31", "amount": "1000000.00"}`}, cols)
	table := p.Table([]scenario.Row{{Scenario: 0, Terms: cols}})
	assert.Equal(t, mustDate("2024-12-31"), table.Start)
	row := &table.Rows[0]

	x, ok := table.Value(row, table.Column("pref"))
	assert.True(t, ok)
	assert.Equal(t, 0.08, x)
	x, ok = table.Value(row, table.Column("exit_date"))
	assert.True(t, ok)
	assert.Equal(t, 1826/365.25, x)
	for _, name := range []string{"frequency", "call", "error"} {
		c := table.Column(name)
		require.GreaterOrEqual(t, c, 0, name)
		x, ok = table.Value(row, c)
		assert.False(t, ok, "%s: %v", name, x)
	}
	// A table is data: a reader may relabel a column. A cell that is no
	// number is still not one.
	for _, kind := range []scenario.ColumnKind{scenario.ColumnAmount, scenario.ColumnRate, scenario.ColumnMultiple} {
		table.Columns[table.Column("frequency")].Kind = kind
		x, ok = table.Value(row, table.Column("frequency"))
		assert.False(t, ok, "%v: %v", kind, x)
	}
}

// TestTable_CellsOutOfBounds: a cell asked of no row, of a column before
// the first or after the last, or of a term a row does not hold (a row
// made by hand, or read back from elsewhere), is empty and not a number,
// never a panic.
func TestTable_CellsOutOfBounds(t *testing.T) {
	p := termsPlan(t)
	_, cols, err := p.Changes(0)
	require.NoError(t, err)
	table := p.Table([]scenario.Row{{Scenario: 0, Terms: cols}})
	row := &table.Rows[0]
	for _, c := range []int{-1, len(table.Columns), len(table.Columns) + 1} {
		assert.Equal(t, "", table.Text(row, c), "%d", c)
		_, ok := table.Value(row, c)
		assert.False(t, ok, "%d", c)
	}
	for c := range table.Columns {
		assert.Equal(t, "", table.Text(nil, c), "%d", c)
		_, ok := table.Value(nil, c)
		assert.False(t, ok, "%d", c)
	}
	// The last column is the error; the one before it a party's.
	assert.Equal(t, "error", table.Columns[len(table.Columns)-1].Name)

	short := &scenario.Row{Scenario: 7, Terms: cols[:2]} // no frequency, no call
	for _, name := range []string{"frequency", "call"} {
		c := table.Column(name)
		assert.Equal(t, "", table.Text(short, c), name)
		_, ok := table.Value(short, c)
		assert.False(t, ok, name)
	}
	assert.Equal(t, "2029-12-31", table.Text(short, table.Column("exit_date")))
	// The first column, the scenario's number, is in bounds.
	require.Equal(t, 0, table.Column("scenario"))
	assert.Equal(t, "7", table.Text(short, 0))
	x, ok := table.Value(short, 0)
	assert.True(t, ok)
	assert.Equal(t, 7.0, x)
}

// TestTable_WriteJSON_NoRows: a table of no rows is still JSON, its rows
// an empty array on one line.
func TestTable_WriteJSON_NoRows(t *testing.T) {
	table := &scenario.Table{Name: "empty", Columns: []scenario.Column{{Name: "scenario", Kind: scenario.ColumnIndex}, {Name: "error", Kind: scenario.ColumnError}}}
	var buf bytes.Buffer
	require.NoError(t, table.WriteJSON(&buf))
	assert.Equal(t, "{\n  \"name\": \"empty\",\n  \"columns\": [\"scenario\", \"error\"],\n  \"rows\": []\n}\n", buf.String())
	var back struct {
		Name    string
		Columns []string
		Rows    []map[string]any
	}
	require.NoError(t, json.Unmarshal(buf.Bytes(), &back))
	assert.Equal(t, []string{"scenario", "error"}, back.Columns)
	assert.NotNil(t, back.Rows)
	assert.Empty(t, back.Rows)
}

// TestTable_GridNamesSomeColumns: a grid of a measure the table does not
// have is refused at grid.measure, its message naming the first eight
// columns that are neither the scenario nor the error, in the table's
// order (docs/scenarios.md: terms, then the deal's measures, then each
// party's), and "…" only when there are more.
func TestTable_GridNamesSomeColumns(t *testing.T) {
	table := plan(t, "testdata/sweep.json").Table(nil)
	_, err := table.Grid("exit", "pref", "LP.irrr")
	e := requireErrorAt(t, err, "grid.measure", contract.ErrInvalid)
	assert.Contains(t, e.Error(), `"LP.irrr" is not a column, such as exit, pref, min_dscr, breach, default, lender_loss, retained, LP.contributed, …:`)

	// Three terms, the deal's five measures and no party: eight names,
	// all of them.
	def, err := scenario.DecodeDefinition([]byte(`{"parties": [], "terms": [
		{"name": "exit", "path": "/proceeds/0/amount", "values": ["2000000.00", "3000000.00"]},
		{"name": "pref", "path": "/stack/tranches/2/rate/annual", "values": ["0.06", "0.08"]},
		{"name": "fee", "path": "/stack/tranches/0/loan/upfront_fee", "values": ["0.01"]}]}`))
	require.NoError(t, err)
	p, err := scenario.NewPlan(datacenter(t), def)
	require.NoError(t, err)
	table = p.Table(nil)
	require.Len(t, table.Columns, 10)
	_, err = table.Grid("exit", "pref", "LP.irr")
	e = requireErrorAt(t, err, "grid.measure", contract.ErrInvalid)
	var fe *contract.FieldError
	require.True(t, errors.As(e, &fe))
	assert.Equal(t, `"LP.irr" is not a column, such as exit, pref, fee, min_dscr, breach, default, lender_loss, retained: invalid input`, fe.Err.Error())
}
