package scenario_test

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"math"
	"strconv"
	"testing"

	"github.com/jvwaterfall/jvwaterfall/contract"
	"github.com/jvwaterfall/jvwaterfall/scenario"
	"github.com/jvwaterfall/jvwaterfall/tranche"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestPercentile_Type7ByHand: Percentile interpolates between the order
// statistics at (n−1)·p/100 (its doc). For 1, 2, 4, 8 (n − 1 = 3):
// p25 → h 0.75: 1 + 0.75·(2−1) = 1.75; p50 → h 1.5: 2 + 0.5·(4−2) = 3;
// p90 → h 2.7: 4 + 0.7·(8−4) = 6.8; p0 and p100 are the extremes.
// No values, or p NaN, give NaN.
func TestPercentile_Type7ByHand(t *testing.T) {
	xs := []float64{1, 2, 4, 8}
	for _, tc := range []struct{ p, want float64 }{
		{0, 1}, {25, 1.75}, {50, 3}, {90, 6.8}, {100, 8},
	} {
		assert.InDelta(t, tc.want, scenario.Percentile(xs, tc.p), 1e-12, "p%v", tc.p)
	}
	assert.Equal(t, 5.0, scenario.Percentile([]float64{5}, 100))
	assert.Equal(t, 5.0, scenario.Percentile([]float64{5}, 0))
	assert.True(t, math.IsNaN(scenario.Percentile(nil, 50)))
	assert.True(t, math.IsNaN(scenario.Percentile([]float64{}, 0)))
	assert.True(t, math.IsNaN(scenario.Percentile(xs, math.NaN())))
}

// handTable returns a table with the sweep's columns (terms exit and pref;
// parties LP and GP) and four rows made by hand:
//
//	row  exit  min_dscr  breach default  lender_loss  retained  LP (contributed, net, xirr, payback)  GP (contributed, net)
//	0    1     1.5       yes    no       0            10        100, +50, 0.2, 730 days after start   0, 0
//	1    2     0.9       no     yes      5            20        100, −40, —,   never                  10, −10
//	2    3     failed: every event happened, every party lost
//	3    4     —         yes    no       0            30        no parties in the row (as a row read back from JSON may be)
func handTable(t *testing.T) *scenario.Table {
	t.Helper()
	p := plan(t, "testdata/sweep.json")
	start := p.Table(nil).Start
	require.False(t, start.IsZero())
	dec := decimal.RequireFromString
	nan := math.NaN()
	party := func(id tranche.PartyID, contributed, distributed, net string) scenario.PartyOutcome {
		return scenario.PartyOutcome{Party: id, Contributed: dec(contributed), Distributed: dec(distributed), Net: dec(net), XIRR: nan, IRR: nan}
	}
	lp0 := party("LP", "100", "150", "50")
	lp0.XIRR, lp0.MOIC, lp0.Payback, lp0.First = 0.2, dec("1.5"), start.AddDate(0, 0, 730), start.AddDate(0, 0, 365)
	lp1 := party("LP", "100", "60", "-40")
	lp1.MOIC = dec("0.6")
	rows := []scenario.Row{
		{Scenario: 0, Terms: []string{"1", "0.06"}, Outcome: scenario.Outcome{MinDSCR: 1.5, Breach: true, LenderLoss: dec("0"), Retained: dec("10"),
			Parties: []scenario.PartyOutcome{lp0, party("GP", "0", "0", "0")}}},
		{Scenario: 1, Terms: []string{"2", "0.08"}, Outcome: scenario.Outcome{MinDSCR: 0.9, Default: true, LenderLoss: dec("5"), Retained: dec("20"),
			Parties: []scenario.PartyOutcome{lp1, party("GP", "10", "0", "-10")}}},
		{Scenario: 2, Terms: []string{"3", "0.10"}, Err: errors.New("the changed deal is not valid"), Outcome: scenario.Outcome{MinDSCR: 0.5, Breach: true, Default: true,
			LenderLoss: dec("7"), Retained: dec("999"), Parties: []scenario.PartyOutcome{party("LP", "100", "0", "-100"), party("GP", "10", "0", "-10")}}},
		{Scenario: 3, Terms: []string{"4", "0.06"}, Outcome: scenario.Outcome{MinDSCR: nan, Breach: true, LenderLoss: dec("0"), Retained: dec("30")}},
	}
	return p.Table(rows)
}

func measureNamed(t *testing.T, s *scenario.Stats, name string) scenario.MeasureStats {
	t.Helper()
	for _, m := range s.Measures {
		if m.Name == name {
			return m
		}
	}
	require.Failf(t, "no measure", "%q", name)
	return scenario.MeasureStats{}
}

// TestStats_ByHand: the statistics of handTable, worked by hand from its
// rows (percentiles 0, 25, 50 and 100, type 7 as in
// TestPercentile_Type7ByHand).
func TestStats_ByHand(t *testing.T) {
	table := handTable(t)
	s, err := table.Stats([]float64{0, 25, 50, 100})
	require.NoError(t, err)
	assert.Equal(t, 4, s.Scenarios)
	assert.Equal(t, 1, s.Failed)

	for _, tc := range []struct {
		name               string
		n                  int
		mean, sd, min, max float64
		p0, p25, p50, p100 float64
	}{
		// A term is defined in every row, the failed one too: 1, 2, 3, 4.
		// Mean 2.5; SD √((1.5² + 0.5² + 0.5² + 1.5²)/3) = √(5/3); p25 at
		// h = 0.75: 1.75; p50 at h = 1.5: 2.5.
		{"exit", 4, 2.5, math.Sqrt(5.0 / 3), 1, 4, 1, 1.75, 2.5, 4},
		// 1.5 and 0.9 (row 2 failed, row 3 has none): mean 1.2, SD
		// √((0.3² + 0.3²)/1) = 0.3·√2; p25 at h = 0.25: 0.9 + 0.25·0.6.
		{"min_dscr", 2, 1.2, 0.3 * math.Sqrt2, 0.9, 1.5, 0.9, 1.05, 1.2, 1.5},
		// 10, 20, 30: mean 20, SD √((100 + 0 + 100)/2) = 10; p25 at h = 0.5: 15.
		{"retained", 3, 20, 10, 10, 30, 10, 15, 20, 30},
		// 0, 5, 0: mean 5/3, SD √(((5/3)² + (10/3)² + (5/3)²)/2) = 5/√3.
		{"lender_loss", 3, 5.0 / 3, 5 / math.Sqrt(3), 0, 5, 0, 0, 0, 5},
		// One value: it is every statistic, and the SD is 0 (MeasureStats' doc).
		{"LP.xirr", 1, 0.2, 0, 0.2, 0.2, 0.2, 0.2, 0.2, 0.2},
		{"LP.payback_years", 1, 730 / 365.25, 0, 730 / 365.25, 730 / 365.25, 730 / 365.25, 730 / 365.25, 730 / 365.25, 730 / 365.25},
		// GP's MOIC is defined only where it invested: row 1's 0.
		{"GP.moic", 1, 0, 0, 0, 0, 0, 0, 0, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m := measureNamed(t, s, tc.name)
			assert.Equal(t, tc.n, m.N)
			assert.InDelta(t, tc.mean, m.Mean, 1e-12, "mean")
			assert.InDelta(t, tc.sd, m.SD, 1e-12, "sd")
			assert.InDelta(t, tc.min, m.Min, 1e-12, "min")
			assert.InDelta(t, tc.max, m.Max, 1e-12, "max")
			require.Len(t, m.Percentiles, 4)
			for i, want := range []float64{tc.p0, tc.p25, tc.p50, tc.p100} {
				assert.InDelta(t, want, m.Percentiles[i], 1e-12, "p%v", s.Percentiles[i])
			}
		})
	}

	// Events over the 3 rows that ran (row 2 failed and counts in none):
	// breach in rows 0 and 3; default, a lender loss, LP's loss (net −40)
	// and LP never paid back in row 1 only (row 0 was paid back; row 3
	// has no parties); GP's loss and no payback in row 1 only (in row 0
	// its net is 0, which is no loss, and it put nothing in).
	want := map[string]int{"breach": 2, "default": 1, "lender_loss": 1,
		"LP.loss": 1, "LP.no_payback": 1, "GP.loss": 1, "GP.no_payback": 1}
	got := map[string]int{}
	for _, e := range s.Events {
		got[e.Name] = e.Count
		assert.InDelta(t, float64(want[e.Name])/3, e.Probability, 1e-15, e.Name)
	}
	assert.Equal(t, want, got)

	// The CSV's failed row: 1 of 4 scenarios.
	var b bytes.Buffer
	require.NoError(t, s.WriteCSV(&b))
	r := csv.NewReader(&b)
	r.FieldsPerRecord = -1
	records, err := r.ReadAll()
	require.NoError(t, err)
	var failed []string
	for _, rec := range records {
		if rec[0] == "failed" {
			failed = rec
		}
	}
	assert.Equal(t, []string{"failed", "1", "0.25"}, failed)
}

// TestStats_NoRowRan: with every row failed, no event has a probability
// (NaN, written empty and null), and a measure with no value has N 0 and
// NaN statistics.
func TestStats_NoRowRan(t *testing.T) {
	table := handTable(t)
	for i := range table.Rows {
		table.Rows[i].Err = errors.New("failed")
	}
	s, err := table.Stats([]float64{50})
	require.NoError(t, err)
	assert.Equal(t, 4, s.Failed)
	for _, e := range s.Events {
		assert.Zero(t, e.Count, e.Name)
		assert.True(t, math.IsNaN(e.Probability), e.Name)
	}
	m := measureNamed(t, s, "retained")
	assert.Zero(t, m.N)
	for _, x := range []float64{m.Mean, m.SD, m.Min, m.Max, m.Percentiles[0]} {
		assert.True(t, math.IsNaN(x))
	}
	var b bytes.Buffer
	require.NoError(t, s.WriteJSON(&b))
	assert.True(t, json.Valid(b.Bytes()), b.String())
	assert.Contains(t, b.String(), `{"name": "retained", "n": 0, "mean": null, "sd": null, "min": null, "max": null, "percentiles": {"p50": null}}`)
	assert.Contains(t, b.String(), `{"name": "breach", "count": 0, "probability": null}`)
}

// TestStats_Percentiles: percentiles are accepted from 0 to 100, both
// ends included, and refused outside, at their index.
func TestStats_Percentiles(t *testing.T) {
	table := handTable(t)
	s, err := table.Stats([]float64{0, 100})
	require.NoError(t, err)
	assert.Equal(t, []float64{0, 100}, s.Percentiles)
	for _, tc := range []struct {
		ps   []float64
		path string
	}{
		{[]float64{math.Nextafter(0, -1)}, "percentiles[0]"},
		{[]float64{50, math.Nextafter(100, 101)}, "percentiles[1]"},
		{[]float64{50, 60, math.NaN()}, "percentiles[2]"},
	} {
		_, err := table.Stats(tc.ps)
		require.ErrorIs(t, err, contract.ErrRange)
		assert.Contains(t, fieldErrors(t, err), tc.path)
	}
	// A percentile listed twice would be a column, and a JSON key, twice.
	_, err = table.Stats([]float64{50, 5, 50})
	require.ErrorIs(t, err, contract.ErrInvalid)
	require.NotErrorIs(t, err, contract.ErrRange)
	assert.Contains(t, fieldErrors(t, err), "percentiles[2]")
}

// TestStats_WritesOnlyNumbers: a statistic that overflows float64 — the
// squared deviations of amounts of 1e200 and 3e200, (1e200)² = 1e400 — is
// never written as "+Inf", which neither JSON nor a reader of the CSV's
// numbers takes: every cell is a finite number or empty, and the JSON is
// valid.
func TestStats_WritesOnlyNumbers(t *testing.T) {
	table := handTable(t)
	table.Rows = table.Rows[:2]
	table.Rows[0].Retained = decimal.RequireFromString("1e200")
	table.Rows[1].Retained = decimal.RequireFromString("3e200")
	s, err := table.Stats(nil)
	require.NoError(t, err)
	m := measureNamed(t, s, "retained")
	assert.InEpsilon(t, 2e200, m.Mean, 1e-12)

	var j, c bytes.Buffer
	require.NoError(t, s.WriteJSON(&j))
	assert.True(t, json.Valid(j.Bytes()), j.String())
	require.NoError(t, s.WriteCSV(&c))
	r := csv.NewReader(&c)
	r.FieldsPerRecord = -1
	records, err := r.ReadAll()
	require.NoError(t, err)
	for _, rec := range records {
		if rec[0] == "measure" || rec[0] == "event" { // the headers
			continue
		}
		for _, cell := range rec[1:] {
			if cell == "" {
				continue
			}
			x, err := strconv.ParseFloat(cell, 64)
			assert.NoError(t, err, "%s: %q", rec[0], cell)
			assert.False(t, math.IsInf(x, 0) || math.IsNaN(x), "%s: %q", rec[0], cell)
		}
	}
}
