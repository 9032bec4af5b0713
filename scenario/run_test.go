package scenario_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"runtime"
	"sync"
	"testing"
	"time"

	"github.com/jvwaterfall/jvwaterfall/contract"
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

// tripwire is a tranche of the test's own, registered with
// spec.RegisterTranche as a user registers one: it pays nothing, and from
// its date "trip" on it fails, so that a deal holding it decodes and
// validates but its run fails once the date has come.
type tripwire struct {
	id   tranche.TrancheID
	trip time.Time
}

var errTripped = errors.New("the tripwire's date has come")

func (w *tripwire) ID() tranche.TrancheID { return w.id }

func (w *tripwire) check(bk *tranche.Book) error {
	if bk.Date().Before(w.trip) {
		return nil
	}
	return fmt.Errorf("%s on %s: %w", w.id, bk.Date().Format(time.DateOnly), errTripped)
}

func (w *tripwire) Owed(bk *tranche.Book) (tranche.Claim, error) {
	return tranche.Claim{Amount: decimal.Zero}, w.check(bk)
}

func (w *tripwire) Pay(bk *tranche.Book, _ decimal.Decimal) (decimal.Decimal, error) {
	return decimal.Zero, w.check(bk)
}

var registerTripwire sync.Once

// tripwireBase reads src, a deal or a fund whose stack may hold a
// "tripwire" ({"kind": "tripwire", "id": …, "trip": "YYYY-MM-DD"}).
func tripwireBase(t *testing.T, src string) *scenario.Base {
	t.Helper()
	registerTripwire.Do(func() {
		require.NoError(t, spec.RegisterTranche(spec.TrancheKind{
			Name: "tripwire",
			Decode: func(o *spec.Object) (tranche.Tranche, error) {
				return &tripwire{id: tranche.TrancheID(o.ID("id")), trip: o.Date("trip")}, nil
			},
			Encode: func(tr tranche.Tranche, f *spec.Fields) bool {
				w, ok := tr.(*tripwire)
				if ok {
					f.String("id", string(w.id))
					f.Date("trip", w.trip)
				}
				return ok
			},
		}))
	})
	base, err := scenario.NewBase([]byte(src))
	require.NoError(t, err)
	return base
}

// trippedSpec is oneYearSpec (the LP puts in 50 on 2021-01-01, the deal is
// sold on 2022-01-01; 8% simple pref, full catch-up to 20%, then 80/20)
// with a tripwire first in its stack, and an observer, a party that no
// term names. Below the trip date (2099), the tripwire pays nothing and
// the proceeds x > 55 go: 50 of capital and 4 of pref (8% of 50 for the
// year) to the LP, 1 of catch-up to the GP (c = 0.2·(4 + c)), and x − 55
// split 80/20:
//
//	x = 60: LP 54 + 4  = 58, GP 1 + 1 = 2
//	x = 70: LP 54 + 12 = 66, GP 1 + 3 = 4
//	x = 80: LP 54 + 20 = 74, GP 1 + 5 = 6
//	x = 90: LP 54 + 28 = 82, GP 1 + 7 = 8
const trippedOneYearSpec = `{
  "name": "one-year, tripwired", "currency": "USD", "scale": 2,
  "parties": [{"id": "LP", "commitment": "50"}, {"id": "GP", "role": "sponsor"}, {"id": "Observer", "role": "other"}],
  "periods": {"start": "2020-12-31", "ends": ["2021-01-01", "2022-01-01"]},
  "contributions": [{"date": "2021-01-01", "party": "LP", "amount": "50"}],
  "proceeds": [{"date": "2022-01-01", "amount": "60.00"}],
  "stack": {"kind": "sequence", "tranches": [
    {"kind": "tripwire", "id": "wire", "trip": "2099-12-31"},
    {"kind": "return_of_capital", "id": "roc", "parties": ["LP"]},
    {"kind": "preferred_return", "id": "pref", "parties": ["LP"], "rate": {"annual": "0.08", "compounding": "simple"}},
    {"kind": "catch_up", "id": "catch-up", "sponsor": "GP", "investors": ["LP"], "target": "0.2", "rate": "1"},
    {"kind": "split", "id": "carry", "shares": [{"parties": ["LP"], "weight": "0.8"}, {"parties": ["GP"], "weight": "0.2", "promote": true}]}
  ]}
}`

// byHand is what trippedOneYearSpec pays the LP and the GP for each exit
// (its comment).
var byHand = map[string][2]string{"60.00": {"58", "2"}, "70.00": {"66", "4"}, "80.00": {"74", "6"}, "90.00": {"82", "8"}}

// tripPlan is the plan of a sweep of trippedOneYearSpec by definition.
func tripPlan(t *testing.T, definition string) *scenario.Plan {
	t.Helper()
	def, err := scenario.DecodeDefinition([]byte(definition))
	require.NoError(t, err)
	p, err := scenario.NewPlan(tripwireBase(t, trippedOneYearSpec), def)
	require.NoError(t, err)
	return p
}

// assertPaidByHand checks that row ran and paid the LP and the GP what
// byHand says for its exit.
func assertPaidByHand(t *testing.T, row scenario.Row, exit string) {
	t.Helper()
	require.NoError(t, row.Err, "scenario %d", row.Scenario)
	want, ok := byHand[exit]
	require.True(t, ok, "no figures by hand for %s", exit)
	require.Len(t, row.Parties, 2, "scenario %d", row.Scenario)
	for k, id := range []tranche.PartyID{"LP", "GP"} {
		assert.Equal(t, id, row.Parties[k].Party)
		assert.True(t, dec(want[k]).Equal(row.Parties[k].Distributed), "scenario %d (exit %s): %s got %s, want %s",
			row.Scenario, exit, id, row.Parties[k].Distributed, want[k])
	}
}

// TestSweep_ARunThatFailsIsItsRowsError: scenarios whose run fails (the
// tripwire's date moved before the sale) are rows with the run's error,
// and every other scenario, before and after each failure, is its own run:
// the LP's and GP's figures worked by hand for its exit. On any number
// of workers.
func TestSweep_ARunThatFailsIsItsRowsError(t *testing.T) {
	p := tripPlan(t, `{"parties": ["LP", "GP"], "terms": [
		{"name": "exit", "path": "/proceeds/0/amount", "values": ["60.00", "70.00", "80.00"]},
		{"name": "trip", "path": "/stack/tranches/0/trip", "values": ["2099-12-31", "2021-06-30"]}]}`)
	for _, workers := range []int{1, 2, 5} {
		t.Run(fmt.Sprintf("workers=%d", workers), func(t *testing.T) {
			table, err := p.Run(context.Background(), scenario.Options{Workers: workers})
			require.NoError(t, err)
			require.Len(t, table.Rows, 6)
			// The first term varies slowest: scenario 2i+1 trips.
			for i, exit := range []string{"60.00", "70.00", "80.00"} {
				ran, tripped := table.Rows[2*i], table.Rows[2*i+1]
				assert.Equal(t, []string{exit, "2099-12-31"}, ran.Terms)
				assertPaidByHand(t, ran, exit)
				assert.Equal(t, 2*i+1, tripped.Scenario)
				assert.Equal(t, []string{exit, "2021-06-30"}, tripped.Terms)
				assert.ErrorIs(t, tripped.Err, errTripped, "scenario %d", tripped.Scenario)
				assert.Empty(t, tripped.Parties)
			}
		})
	}
}

// TestRunRange_CancelledRowsSayWhy: when ctx is done during a run, every
// row returned either ran (its figures worked by hand) or says it was
// cancelled (or why it failed before): none is a zero outcome passed off
// as a run. One worker, cancelled as the second scenario ends, so that
// the rest are never started; also after a scenario that failed first.
func TestRunRange_CancelledRowsSayWhy(t *testing.T) {
	for _, tc := range []struct {
		name  string
		trips []string // scenario i's trip date
	}{
		{"every run good", []string{"2099-12-31", "2098-12-31", "2097-12-31", "2096-12-31", "2095-12-31"}},
		{"the first run fails", []string{"2021-06-30", "2098-12-31", "2097-12-31", "2096-12-31", "2095-12-31"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			trips, err := json.Marshal(tc.trips)
			require.NoError(t, err)
			p := tripPlan(t, `{"parties": ["LP", "GP"], "terms": [{"name": "trip", "path": "/stack/tranches/0/trip", "values": `+string(trips)+`}]}`)
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			rows, err := p.RunRange(ctx, 0, p.Len(), scenario.Options{Workers: 1, Progress: func(done, total int) {
				if done == 2 {
					cancel()
				}
			}})
			// Cancelled during its last (and only) batch: the error is
			// ctx's, as Run's doc says, with the rows run so far.
			require.ErrorIs(t, err, context.Canceled)
			require.Len(t, rows, 5)
			for i, row := range rows {
				assert.Equal(t, i, row.Scenario)
				switch {
				case tc.trips[i] == "2021-06-30":
					assert.ErrorIs(t, row.Err, errTripped, "scenario %d", i)
				case i < 2:
					assertPaidByHand(t, row, "60.00")
				default:
					assert.ErrorIs(t, row.Err, context.Canceled, "scenario %d was never run", i)
					assert.Empty(t, row.Parties)
				}
			}
		})
	}
}

// TestRunRange_ProgressCountsTheRange: run from scenario 1 to 3, progress
// counts 1 to 3 of 3 (not from the plan's start), never backwards, and
// the rows are scenarios 1 to 3 with their figures by hand.
func TestRunRange_ProgressCountsTheRange(t *testing.T) {
	exits := []string{"60.00", "70.00", "80.00", "90.00"}
	p := tripPlan(t, `{"parties": ["LP", "GP"], "terms": [{"name": "exit", "path": "/proceeds/0/amount", "values": ["60.00", "70.00", "80.00", "90.00"]}]}`)
	for _, workers := range []int{1, 2} {
		t.Run(fmt.Sprintf("workers=%d", workers), func(t *testing.T) {
			var mu sync.Mutex
			var calls [][2]int
			rows, err := p.RunRange(context.Background(), 1, 4, scenario.Options{Workers: workers, Progress: func(done, total int) {
				mu.Lock()
				defer mu.Unlock()
				calls = append(calls, [2]int{done, total})
			}})
			require.NoError(t, err)
			require.Len(t, rows, 3)
			for k, row := range rows {
				assert.Equal(t, 1+k, row.Scenario)
				assertPaidByHand(t, row, exits[1+k])
			}
			require.NotEmpty(t, calls)
			last := 0
			for _, c := range calls {
				assert.Equal(t, 3, c[1], "total: the scenarios asked for")
				assert.GreaterOrEqual(t, c[0], last, "done never decreases: %v", calls)
				assert.LessOrEqual(t, c[0], 3, "done counts within the range: %v", calls)
				last = c[0]
			}
			assert.Equal(t, 3, last)
		})
	}
}

// TestRunRange_Bounds: a range inside 0 to Len() runs, an empty one runs
// nothing and reports no progress (there is nothing to count: a bar would
// divide 0 by 0), and one reaching outside is contract.ErrRange.
func TestRunRange_Bounds(t *testing.T) {
	p := tripPlan(t, `{"parties": ["LP", "GP"], "terms": [{"name": "exit", "path": "/proceeds/0/amount", "values": ["60.00", "70.00", "80.00"]}]}`)
	for _, r := range [][2]int{{0, 0}, {2, 2}, {3, 3}} {
		rows, err := p.RunRange(context.Background(), r[0], r[1], scenario.Options{Progress: func(done, total int) {
			t.Errorf("range %v: Progress(%d, %d) with nothing to run", r, done, total)
		}})
		require.NoError(t, err, "range %v", r)
		assert.Empty(t, rows, "range %v", r)
	}
	for _, r := range [][2]int{{-1, 2}, {-1, 0}, {0, 4}, {3, 4}, {2, 1}, {3, 0}} {
		rows, err := p.RunRange(context.Background(), r[0], r[1], scenario.Options{})
		assert.ErrorIs(t, err, contract.ErrRange, "range %v", r)
		assert.Nil(t, rows, "range %v", r)
	}
	rows, err := p.RunRange(context.Background(), 2, 3, scenario.Options{})
	require.NoError(t, err)
	require.Len(t, rows, 1)
	assert.Equal(t, 2, rows[0].Scenario)
	assertPaidByHand(t, rows[0], "80.00")
}

// TestSweep_AScenarioThatRenamesAMeasuredPartyFails: the table measures
// the base deal's parties; a scenario whose deal has renamed one of them
// (the observer, which no tranche names, so the deal stays valid) cannot
// be measured, and its row says so instead of showing zero figures.
func TestSweep_AScenarioThatRenamesAMeasuredPartyFails(t *testing.T) {
	p := tripPlan(t, `{"terms": [{"name": "observer", "path": "/parties/2/id", "values": ["Observer", "Auditor"]}]}`)
	assert.Equal(t, []tranche.PartyID{"LP", "GP", "Observer"}, p.Parties())
	table, err := p.Run(context.Background(), scenario.Options{})
	require.NoError(t, err)
	require.Len(t, table.Rows, 2)
	require.NoError(t, table.Rows[0].Err)
	assert.True(t, dec("58").Equal(table.Rows[0].Parties[0].Distributed)) // exit 60.00, by hand
	assert.ErrorIs(t, table.Rows[1].Err, tranche.ErrUnknownParty)
	assert.ErrorContains(t, table.Rows[1].Err, "Observer")
	s, err := table.Stats(nil)
	require.NoError(t, err)
	assert.Equal(t, 1, s.Failed)
}

// trippedFundSpec is a deal-by-deal fund: the LP, the only commitment, is
// called 100.00 for investment A on 2025-12-31, sold for 150.00 on
// 2026-12-31; A's stack (after a tripwire that pays nothing before 2099)
// returns the LP's 100.00 and splits the 50.00 left 80/20: the LP gets
// 140.00, the GP 10.00, which the whole fund's terms (capital back, then
// 80/20) give as well, so the lookback claws nothing back.
const trippedFundSpec = `{
  "name": "tripwired fund", "currency": "USD", "scale": 2,
  "parties": [{"id": "LP", "commitment": "100.00"}, {"id": "GP", "role": "sponsor"}],
  "schedule": {"start": "2024-12-31", "end": "2026-12-31", "frequency": "annual"},
  "stack": {"kind": "sequence", "tranches": [{"kind": "return_of_capital", "id": "fund-capital", "parties": ["LP"]},
    {"kind": "split", "id": "fund-carry", "shares": [{"parties": ["LP"], "weight": "0.8"}, {"parties": ["GP"], "weight": "0.2", "promote": true}]}]},
  "investments": [{"name": "A", "calls": [{"date": "2025-12-31", "amount": "100.00"}], "proceeds": [{"date": "2026-12-31", "amount": "150.00"}],
    "stack": {"kind": "sequence", "tranches": [
      {"kind": "tripwire", "id": "wire", "trip": "2099-12-31"},
      {"kind": "return_of_capital", "id": "a-capital", "parties": ["LP"]},
      {"kind": "split", "id": "a-carry", "shares": [{"parties": ["LP"], "weight": "0.8"}, {"parties": ["GP"], "weight": "0.2", "promote": true}]}]}}],
  "american": {"sponsor": "GP", "investors": ["LP"]}
}`

// TestSweep_FundRunThatFailsIsItsRowsError: a fund's scenario whose run
// fails is a row with the run's own error (not a panic's, not a zero
// outcome); the other runs, and the table's money, have the fund's two
// places and dates count from its start (2024-12-31), as the file says.
func TestSweep_FundRunThatFailsIsItsRowsError(t *testing.T) {
	def, err := scenario.DecodeDefinition([]byte(`{"terms": [
		{"name": "trip", "path": "/investments/0/stack/tranches/0/trip", "values": ["2099-12-31", "2026-06-30"]}]}`))
	require.NoError(t, err)
	p, err := scenario.NewPlan(tripwireBase(t, trippedFundSpec), def)
	require.NoError(t, err)
	table, err := p.Run(context.Background(), scenario.Options{})
	require.NoError(t, err)
	assert.Equal(t, int32(2), table.Scale)
	assert.Equal(t, mustDate("2024-12-31"), table.Start)
	require.Len(t, table.Rows, 2)

	ran, tripped := &table.Rows[0], &table.Rows[1]
	require.NoError(t, ran.Err)
	for name, want := range map[string]string{"LP.contributed": "100.00", "LP.distributed": "140.00", "GP.distributed": "10.00", "LP.net": "40.00",
		"LP.payback": "2026-12-31"} {
		assert.Equal(t, want, table.Text(ran, table.Column(name)), name)
	}
	// The payback, 2026-12-31, is 365 + 365 days after the start: the
	// statistics read it as 730/365.25 years.
	years, ok := table.Value(ran, table.Column("LP.payback"))
	assert.True(t, ok)
	assert.Equal(t, 730/365.25, years)

	assert.ErrorIs(t, tripped.Err, errTripped)
	assert.NotContains(t, tripped.Err.Error(), "panicked")
	assert.Empty(t, tripped.Parties)
}

// TestRunRange_MemoryIsTheRangesNotItsOffsets: a part at the end of a
// large plan (the last scenario of a million, as a shard on many machines
// runs it) holds room for its own rows, not for all those before it: one
// datacenter run allocates well under a megabyte, while room for two
// million rows would take hundreds.
func TestRunRange_MemoryIsTheRangesNotItsOffsets(t *testing.T) {
	def, err := scenario.DecodeDefinition([]byte(`{"montecarlo": {"seed": 1, "samples": 1000000},
		"terms": [{"name": "exit", "path": "/proceeds/0/amount", "op": "scale", "dist": {"kind": "uniform", "min": 0.9, "max": 1.1}}]}`))
	require.NoError(t, err)
	p, err := scenario.NewPlan(datacenter(t), def)
	require.NoError(t, err)
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	rows, err := p.RunRange(context.Background(), p.Len()-1, p.Len(), scenario.Options{Workers: 1})
	runtime.ReadMemStats(&after)
	require.NoError(t, err)
	require.Len(t, rows, 1)
	require.NoError(t, rows[0].Err)
	assert.Less(t, after.TotalAlloc-before.TotalAlloc, uint64(16<<20), "bytes allocated to run one scenario")
}
