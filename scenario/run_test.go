package scenario_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"math"
	"math/rand/v2"
	"runtime"
	"testing"

	"github.com/jvwaterfall/jvwaterfall/fund"
	"github.com/jvwaterfall/jvwaterfall/report"
	"github.com/jvwaterfall/jvwaterfall/scenario"
	"github.com/jvwaterfall/jvwaterfall/spec"
	"github.com/jvwaterfall/jvwaterfall/tranche"
	"github.com/jvwaterfall/jvwaterfall/waterfall"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func plan(t testing.TB, defFile string) *scenario.Plan {
	t.Helper()
	def, err := scenario.DecodeDefinition(readFile(t, defFile))
	require.NoError(t, err)
	p, err := scenario.NewPlan(datacenter(t), def)
	require.NoError(t, err)
	return p
}

// setJSON sets the value at the keys of a decoded JSON document, the way
// a person editing the file would: independent of package scenario.
func setJSON(t *testing.T, doc any, value any, keys ...any) {
	t.Helper()
	for i, k := range keys {
		last := i == len(keys)-1
		switch k := k.(type) {
		case string:
			m := doc.(map[string]any)
			if last {
				m[k] = value
				return
			}
			doc = m[k]
		case int:
			a := doc.([]any)
			if last {
				a[k] = value
				return
			}
			doc = a[k]
		}
	}
}

// TestSweep_RowsAreRunsOfThePatchedDeals: every row of the sweep is what
// running the deal edited by hand gives.
func TestSweep_RowsAreRunsOfThePatchedDeals(t *testing.T) {
	p := plan(t, "testdata/sweep.json")
	table, err := p.Run(context.Background(), scenario.Options{})
	require.NoError(t, err)
	exits := []string{"2000000.00", "3000000.00", "4000000.00"}
	prefs := []string{"0.06", "0.08", "0.10"}
	require.Len(t, table.Rows, len(exits)*len(prefs))
	i := 0
	for _, exit := range exits {
		for _, pref := range prefs {
			row := table.Rows[i]
			require.NoError(t, row.Err)
			assert.Equal(t, i, row.Scenario)
			assert.Equal(t, []string{exit, pref}, row.Terms)

			var doc any
			dec := json.NewDecoder(bytes.NewReader(readFile(t, "testdata/datacenter.json")))
			dec.UseNumber()
			require.NoError(t, dec.Decode(&doc))
			setJSON(t, doc, exit, "proceeds", 0, "amount")
			setJSON(t, doc, pref, "stack", "tranches", 2, "rate", "annual")
			src, err := json.Marshal(doc)
			require.NoError(t, err)
			deal, err := spec.UnmarshalDeal(src)
			require.NoError(t, err)
			res, err := waterfall.Run(deal)
			require.NoError(t, err)

			for k, id := range []tranche.PartyID{"LP", "GP"} {
				s, err := report.SummaryOf(res, id, decimal.Zero)
				require.NoError(t, err)
				got := row.Parties[k]
				assert.Equal(t, id, got.Party)
				assert.True(t, s.Distributed.Equal(got.Distributed), "%s %s: %s != %s", exit, pref, s.Distributed, got.Distributed)
				assert.True(t, s.Net.Equal(got.Net))
				assert.True(t, s.DPI.Equal(got.MOIC))
				assert.Equal(t, s.XIRR, got.XIRR)
				assert.Equal(t, s.PeriodicIRR, got.IRR)
				assert.Equal(t, s.Payback.Date, got.Payback)
				assert.Equal(t, s.First.Date, got.First)
				x, err := res.XIRR(id)
				require.NoError(t, err)
				assert.Equal(t, x, got.XIRR)
			}
			assert.True(t, res.Retained().Equal(row.Retained))
			i++
		}
	}
	// And the measures of each row are those of Measure on Plan.Document.
	for _, row := range table.Rows {
		doc, cols, err := p.Document(row.Scenario)
		require.NoError(t, err)
		assert.Equal(t, row.Terms, cols)
		res, err := waterfall.Run(doc.Deal)
		require.NoError(t, err)
		out, err := scenario.Measure(res, doc.Deal, p.Parties())
		require.NoError(t, err)
		assert.Equal(t, fmt.Sprint(out), fmt.Sprint(row.Outcome))
	}
}

func tableBytes(t testing.TB, table *scenario.Table, percentiles []float64) (string, string) {
	t.Helper()
	var rows, stats bytes.Buffer
	require.NoError(t, table.WriteCSV(&rows))
	s, err := table.Stats(percentiles)
	require.NoError(t, err)
	require.NoError(t, s.WriteJSON(&stats))
	return rows.String(), stats.String()
}

// TestMonteCarlo_SameOnAnyNumberOfCores: a fixed seed gives the same
// rows and statistics, byte for byte, at GOMAXPROCS 1 and 2, with any
// number of workers, and run in shuffled parts.
func TestMonteCarlo_SameOnAnyNumberOfCores(t *testing.T) {
	p := plan(t, "testdata/montecarlo.json")
	pct := p.Definition().MonteCarlo.Percentiles
	var want [2]string
	for _, procs := range []int{1, 2} {
		t.Run(fmt.Sprintf("GOMAXPROCS=%d", procs), func(t *testing.T) {
			defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(procs))
			table, err := p.Run(context.Background(), scenario.Options{})
			require.NoError(t, err)
			rows, stats := tableBytes(t, table, pct)
			if want[0] == "" {
				want = [2]string{rows, stats}
				return
			}
			assert.Equal(t, want[0], rows)
			assert.Equal(t, want[1], stats)
		})
	}
	// In parts, out of order, with 3 workers each.
	bounds := []int{0, 137, 300, 301, 450, p.Len()}
	order := rand.New(rand.NewPCG(1, 2)).Perm(len(bounds) - 1)
	var rows []scenario.Row
	for _, k := range order {
		part, err := p.RunRange(context.Background(), bounds[k], bounds[k+1], scenario.Options{Workers: 3})
		require.NoError(t, err)
		rows = append(rows, part...)
	}
	gotRows, gotStats := tableBytes(t, p.Table(rows), pct)
	assert.Equal(t, want[0], gotRows)
	assert.Equal(t, want[1], gotStats)
}

// TestMonteCarlo_Progress: progress counts up to the scenarios asked for.
func TestMonteCarlo_Progress(t *testing.T) {
	p := plan(t, "testdata/montecarlo.json")
	last, calls := 0, 0
	_, err := p.RunRange(context.Background(), 0, 300, scenario.Options{Workers: 2, Progress: func(done, total int) {
		assert.GreaterOrEqual(t, done, last)
		assert.Equal(t, 300, total)
		last = done
		calls++
	}})
	require.NoError(t, err)
	assert.Equal(t, 300, last)
	assert.Greater(t, calls, 1)

	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err = p.RunRange(ctx, 0, 10, scenario.Options{})
	assert.ErrorIs(t, err, context.Canceled)
	_, err = p.RunRange(context.Background(), 5, 2, scenario.Options{})
	assert.Error(t, err)
}

// TestMonteCarlo_FailedScenarios: a draw that makes the deal invalid is a
// row with its error, counted as failed, and does not stop the others.
func TestMonteCarlo_FailedScenarios(t *testing.T) {
	def, err := scenario.DecodeDefinition([]byte(`{"montecarlo": {"seed": 3, "samples": 200},
		"terms": [{"name": "exit", "path": "/proceeds/0/amount", "op": "add", "dist": {"kind": "normal", "mean": 0, "sd": 3000000}}]}`))
	require.NoError(t, err)
	p, err := scenario.NewPlan(datacenter(t), def)
	require.NoError(t, err)
	table, err := p.Run(context.Background(), scenario.Options{})
	require.NoError(t, err)
	s, err := table.Stats(nil)
	require.NoError(t, err)
	assert.Greater(t, s.Failed, 20)
	assert.Less(t, s.Failed, 100)
	for _, r := range table.Rows {
		if r.Err != nil {
			assert.ErrorIs(t, r.Err, scenario.ErrDeal)
			assert.Contains(t, r.Err.Error(), "terms[0]: proceeds[0].amount")
		}
	}
	assert.Equal(t, 200, s.Scenarios)
	assert.Equal(t, 200-s.Failed, s.Measures[0].N-s.Failed) // the term's column is defined in every row
	assert.False(t, math.IsNaN(s.Measures[1].Mean))
}

// TestRow_JSON: rows shipped as JSON make the same table and statistics.
func TestRow_JSON(t *testing.T) {
	p := plan(t, "testdata/montecarlo.json")
	rows, err := p.RunRange(context.Background(), 0, 120, scenario.Options{})
	require.NoError(t, err)
	rows[7].Err = fmt.Errorf("a failure: %w", scenario.ErrDeal)
	var back []scenario.Row
	for _, r := range rows {
		b, err := json.Marshal(r)
		require.NoError(t, err)
		var got scenario.Row
		require.NoError(t, json.Unmarshal(b, &got))
		back = append(back, got)
	}
	wantRows, wantStats := tableBytes(t, p.Table(rows), nil)
	gotRows, gotStats := tableBytes(t, p.Table(back), nil)
	assert.Equal(t, wantRows, gotRows)
	assert.Equal(t, wantStats, gotStats)
	var r scenario.Row
	assert.Error(t, json.Unmarshal([]byte(`{"lender_loss": "x"}`), &r))
}

// TestNil: nil plans, tables, statistics, grids and distributions give
// errors or empty answers, never a panic.
func TestNil(t *testing.T) {
	var p *scenario.Plan
	assert.Zero(t, p.Len())
	assert.Nil(t, p.Definition())
	assert.Nil(t, p.Parties())
	_, err := p.Run(context.Background(), scenario.Options{})
	assert.Error(t, err)
	_, err = p.RunRange(context.Background(), 0, 1, scenario.Options{})
	assert.Error(t, err)
	_, _, err = p.Changes(0)
	assert.Error(t, err)
	_, _, err = p.Document(0)
	assert.Error(t, err)
	assert.NotNil(t, p.Table(nil))

	var table *scenario.Table
	var buf bytes.Buffer
	assert.Error(t, table.WriteCSV(&buf))
	assert.Error(t, table.WriteJSON(&buf))
	_, err = table.Stats(nil)
	assert.Error(t, err)
	_, err = table.Grid("a", "b", "c")
	assert.Error(t, err)
	assert.Equal(t, -1, table.Column("x"))
	assert.Equal(t, "", table.Text(nil, 3))
	var stats *scenario.Stats
	assert.Error(t, stats.WriteCSV(&buf))
	assert.Error(t, stats.WriteJSON(&buf))
	var grid *scenario.GridTable
	assert.Error(t, grid.WriteCSV(&buf))
	assert.Error(t, grid.WriteJSON(&buf))
	var d *scenario.Dist
	assert.True(t, math.IsNaN(d.Quantile(0.5)))
	assert.True(t, math.IsNaN(d.CDF(0.5)))
	assert.Nil(t, d.Sample(1, 3))
	assert.Error(t, d.Validate())
	_, err = scenario.Measure(nil, nil, nil)
	assert.Error(t, err)

	real := plan(t, "testdata/sweep.json")
	tab, err := real.Run(context.Background(), scenario.Options{})
	require.NoError(t, err)
	assert.Equal(t, "", tab.Text(&tab.Rows[0], 999))
	_, ok := tab.Value(&tab.Rows[0], -1)
	assert.False(t, ok)
	_, err = tab.Stats([]float64{101})
	assert.Error(t, err)
	_, err = tab.Grid("exit", "exit", "LP.xirr")
	assert.Error(t, err)
	_, _, err = real.Changes(real.Len())
	assert.Error(t, err)
}

// TestSweep_Fund: a fund run deal by deal is varied and measured like a
// deal (fund.Run instead of RunMany), its rows equal to runs of the
// changed documents.
func TestSweep_Fund(t *testing.T) {
	base, err := scenario.NewBase(readFile(t, "testdata/fund.json"))
	require.NoError(t, err)
	def, err := scenario.DecodeDefinition([]byte(`{"parties": ["LP", "GP"], "terms": [
		{"name": "exit", "path": "/investments/0/proceeds/0/amount", "values": ["400.00", "900.00", "1500.00"]}]}`))
	require.NoError(t, err)
	p, err := scenario.NewPlan(base, def)
	require.NoError(t, err)
	table, err := p.Run(context.Background(), scenario.Options{})
	require.NoError(t, err)
	for i, exit := range []string{"400.00", "900.00", "1500.00"} {
		row := table.Rows[i]
		require.NoError(t, row.Err)
		doc, err := base.Apply(scenario.Change{Path: "/investments/0/proceeds/0/amount", Value: `"` + exit + `"`})
		require.NoError(t, err)
		res, err := fund.Run(doc.Fund)
		require.NoError(t, err)
		gp, _ := res.Party("GP")
		assert.True(t, gp.Distributed.Equal(row.Parties[1].Distributed), "%s: %s != %s", exit, gp.Distributed, row.Parties[1].Distributed)
		assert.True(t, math.IsNaN(row.MinDSCR))
	}
	s, err := table.Stats(nil)
	require.NoError(t, err)
	assert.Equal(t, 0, s.Failed)
}
