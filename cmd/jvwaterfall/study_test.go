package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/jvwaterfall/jvwaterfall/scenario"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// library runs a definition over a deal with package scenario, as a
// program would: the tool must print the same bytes.
func library(t *testing.T, deal, def string) (*scenario.Table, *scenario.Definition) {
	t.Helper()
	src, err := os.ReadFile(deal)
	require.NoError(t, err)
	base, err := scenario.NewBase(src)
	require.NoError(t, err)
	defSrc, err := os.ReadFile(def)
	require.NoError(t, err)
	d, err := scenario.DecodeDefinition(defSrc)
	require.NoError(t, err)
	p, err := scenario.NewPlan(base, d)
	require.NoError(t, err)
	table, err := p.Run(context.Background(), scenario.Options{})
	require.NoError(t, err)
	return table, d
}

func TestSweep(t *testing.T) {
	const deal, def = "testdata/datacenter.json", "testdata/datacenter.sweep.json"
	table, d := library(t, deal, def)
	var wantTable, wantGrid, wantJSON bytes.Buffer
	require.NoError(t, table.WriteCSV(&wantTable))
	require.NoError(t, table.WriteJSON(&wantJSON))
	grid, err := table.Grid(d.Grid.Rows, d.Grid.Columns, d.Grid.Measure)
	require.NoError(t, err)
	require.NoError(t, grid.WriteCSV(&wantGrid))

	// The definition has a grid: it is what standard output gets.
	var out, errOut bytes.Buffer
	require.Equal(t, exitOK, run([]string{"sweep", deal, def}, nil, &out, &errOut), errOut.String())
	assert.Equal(t, wantGrid.String(), out.String())
	assert.Empty(t, errOut.String())

	tableFile := filepath.Join(t.TempDir(), "table.csv")
	out.Reset()
	require.Equal(t, exitOK, run([]string{"sweep", "-table", tableFile, "-workers", "1", deal, def}, nil, &out, &errOut), errOut.String())
	got, err := os.ReadFile(tableFile)
	require.NoError(t, err)
	assert.Equal(t, wantTable.String(), string(got))
	assert.Equal(t, wantGrid.String(), out.String())

	out.Reset()
	require.Equal(t, exitOK, run([]string{"sweep", "-format", "json", "-table", "-", deal, def}, nil, &out, &errOut), errOut.String())
	assert.Equal(t, wantJSON.String(), out.String())

	// Either file, not both, may be standard input.
	for _, args := range [][]string{{deal, "-"}, {"-", def}} {
		in := readTestFile(t, def)
		if args[0] == "-" {
			in = readTestFile(t, deal)
		}
		out.Reset()
		errOut.Reset()
		require.Equal(t, exitOK, run(append([]string{"sweep"}, args...), bytes.NewReader(in), &out, &errOut), errOut.String())
		assert.Equal(t, wantGrid.String(), out.String(), "%v", args)
	}
	errOut.Reset()
	require.Equal(t, exitUsage, run([]string{"sweep", "-", "-"}, bytes.NewReader(nil), &out, &errOut))
	assert.Contains(t, errOut.String(), "cannot both be standard input")
}

func readTestFile(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(name)
	require.NoError(t, err)
	return b
}

func TestMonteCarlo(t *testing.T) {
	const deal, def = "testdata/datacenter.json", "testdata/datacenter.montecarlo.json"
	table, d := library(t, deal, def)
	stats, err := table.Stats(d.MonteCarlo.Percentiles)
	require.NoError(t, err)
	var want bytes.Buffer
	require.NoError(t, stats.WriteJSON(&want))
	for _, workers := range []string{"1", "2", "5"} {
		var out, errOut bytes.Buffer
		require.Equal(t, exitOK, run([]string{"montecarlo", "-format", "json", "-workers", workers, deal, def}, nil, &out, &errOut), errOut.String())
		assert.Equal(t, want.String(), out.String(), "workers %s", workers)
	}
}

// TestProgress: with -progress on, a run past progressAfter draws a bar
// on standard error that ends at 100%; standard output is unchanged.
func TestProgress(t *testing.T) {
	defer func(d time.Duration) { progressAfter = d }(progressAfter)
	progressAfter = 0
	const deal, def = "testdata/datacenter.json", "testdata/datacenter.sweep.json"
	var quiet, out, errOut bytes.Buffer
	require.Equal(t, exitOK, run([]string{"sweep", "-progress", "off", deal, def}, nil, &quiet, &errOut))
	assert.Empty(t, errOut.String())
	require.Equal(t, exitOK, run([]string{"sweep", "-progress", "on", deal, def}, nil, &out, &errOut))
	assert.Equal(t, quiet.String(), out.String())
	assert.Contains(t, errOut.String(), "scenarios 100%")
	assert.Contains(t, errOut.String(), "(9/9")
	// auto draws nothing on what is not a terminal.
	errOut.Reset()
	require.Equal(t, exitOK, run([]string{"sweep", deal, def}, nil, &out, &errOut))
	assert.Empty(t, errOut.String())
}

// TestStudyBadInput: bad definitions and usage exit with status 2 and say
// what is wrong, with the definition's path.
func TestStudyBadInput(t *testing.T) {
	const deal = "testdata/datacenter.json"
	def := func(name string) string { return filepath.Join("testdata", "definitions", name+".json") }
	tests := []struct {
		name string
		args []string
		want []string // lines of standard error, each contained in one
	}{
		{"unknown path", []string{"sweep", deal, def("unknown-path")},
			[]string{`testdata/definitions/unknown-path.json: terms[0].path: /stack/tranches/7/rate/annual: no element "7" in the array of 4 at "/stack/tranches": no such place in the deal`}},
		{"wrong type", []string{"sweep", deal, def("wrong-type")},
			[]string{`testdata/definitions/wrong-type.json: terms[0].values[1]: a number where the deal has a string at /proceeds/0/amount: wrong type`}},
		{"negative standard deviation", []string{"montecarlo", deal, def("negative-sd")},
			[]string{`testdata/definitions/negative-sd.json: terms[0].dist.sd: standard deviation -0.01: must not be negative`}},
		{"empty range", []string{"sweep", deal, def("empty-range")},
			[]string{`testdata/definitions/empty-range.json: terms[0].range: from 0.1 to 0.06 holds no value: empty`}},
		{"duplicate key", []string{"sweep", deal, def("duplicate-key")},
			[]string{`testdata/definitions/duplicate-key.json: terms[0].values: "values": duplicate key`}},
		{"grid beyond MaxScenarios", []string{"sweep", deal, def("huge-grid")},
			[]string{`testdata/definitions/huge-grid.json: terms: a sweep of 3001000 scenarios, more than 1000000 (MaxScenarios): beyond a limit of the definition format`}},
		{"a Monte Carlo given to sweep", []string{"sweep", deal, "testdata/datacenter.montecarlo.json"},
			[]string{`the definition is a Monte Carlo ("montecarlo"): run jvwaterfall montecarlo`}},
		{"a sweep given to montecarlo", []string{"montecarlo", deal, "testdata/datacenter.sweep.json"},
			[]string{`the definition is a sweep (no "montecarlo"): run jvwaterfall sweep`}},
		{"bad deal", []string{"sweep", "testdata/bad.json", "testdata/datacenter.sweep.json"},
			[]string{"testdata/bad.json: parties[0].commitment:"}},
		{"missing definition", []string{"sweep", deal, "testdata/nope.json"}, []string{"no such file"}},
		{"one argument", []string{"sweep", deal}, []string{"usage: jvwaterfall sweep"}},
		{"bad format", []string{"montecarlo", "-format", "xml", deal, def("negative-sd")}, []string{`unknown format "xml"`}},
		{"bad progress", []string{"montecarlo", "-progress", "always", deal, def("negative-sd")}, []string{`unknown progress mode "always"`}},
		{"negative workers", []string{"sweep", "-workers", "-3", deal, "testdata/datacenter.sweep.json"}, []string{`-workers -3: want 0 (one per core) or more`}},
		{"grid without one", []string{"sweep", "-grid", "-", deal, def("no-grid")}, []string{`testdata/definitions/no-grid.json: -grid: the definition has no "grid"`}},
		{"grid of a monte carlo", []string{"montecarlo", "-grid", "-", deal, "testdata/datacenter.montecarlo.json"}, []string{"flag provided but not defined: -grid"}},
		{"one failing change among several", []string{"run", "-scenario", "testdata/multi.scenario.json", "testdata/european-fund.json"},
			[]string{"testdata/multi.scenario.json: set[0].path: /proceeds/7/amount: no element \"7\"", "testdata/multi.scenario.json: set[2].value: a number where the deal has a string"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out, errOut bytes.Buffer
			code := run(tt.args, nil, &out, &errOut)
			want := exitBadInput
			switch tt.name {
			case "missing definition":
				want = exitIO
			case "one argument", "bad format", "bad progress", "negative workers", "grid of a monte carlo":
				want = exitUsage
			}
			assert.Equal(t, want, code)
			assert.Empty(t, out.String())
			lines := strings.Split(strings.TrimSpace(errOut.String()), "\n")
			for _, w := range tt.want {
				found := false
				for _, l := range lines {
					found = found || strings.Contains(l, w)
				}
				assert.True(t, found, "no line with %q in:\n%s", w, errOut.String())
			}
			if strings.HasPrefix(tt.name, "one failing") {
				assert.Len(t, lines, len(tt.want), errOut.String())
			}
		})
	}
}

func TestHelp(t *testing.T) {
	var out, errOut bytes.Buffer
	require.Equal(t, exitOK, run([]string{"help"}, nil, &out, &errOut))
	assert.Contains(t, out.String(), "jvwaterfall montecarlo [flags] DEAL DEF")
}
