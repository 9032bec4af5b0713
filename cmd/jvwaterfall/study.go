package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/jvwaterfall/jvwaterfall/scenario"
)

// studyUsage is the -h text of sweep and montecarlo, before the flags.
const studyUsage = `usage: jvwaterfall %s [flags] DEAL DEFINITION

%s
DEAL is a deal file; DEFINITION a JSON file that names the terms to vary
by JSON Pointer into the deal and their values (docs/scenarios.md has the
format). Either, not both, may be - for standard input.

Output (-format csv or json): a tidy table, one row per scenario and one
column per term and per measure: rates of return, multiples, payback, first
payment, minimum DSCR, covenant breach, payment default, lender loss, each
party's totals. Scenarios whose changed deal is not valid, or whose run
fails, are rows with an error column; their count goes to standard error.
Unless a flag sends it elsewhere, standard output gets the table of a
sweep (its grid, when the definition has one) and the statistics of a
Monte Carlo.

Exit status: 0 ok, 1 some scenarios failed (all output is written; their
rows say why), 2 invalid deal or definition, 3 usage, 4 a file could not
be read or written.

Flags:
`

// studyWhat says what each study runs.
var studyWhat = map[string]string{
	"sweep":      "Runs the deal once for every combination of the values of the terms the\ndefinition varies.\n",
	"montecarlo": "Runs the deal for a seeded number of random draws of the terms the\ndefinition varies, and writes the statistics of every measure (mean,\nstandard deviation, percentiles).\n",
}

// runStudy is `jvwaterfall sweep` and `jvwaterfall montecarlo`.
func runStudy(mode string, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("jvwaterfall "+mode, flag.ContinueOnError)
	fs.SetOutput(stderr)
	format := fs.String("format", "csv", "output `format`: csv or json")
	tableFile := fs.String("table", "", "write the per-scenario table to `FILE` (- for standard output)")
	statsFile := fs.String("stats", "", "write the statistics to `FILE` (- for standard output)")
	gridFile := new(string)
	if mode == "sweep" { // a grid is a sweep's (docs/scenarios.md)
		fs.StringVar(gridFile, "grid", "", "write the definition's grid to `FILE` (- for standard output)")
	}
	workers := fs.Int("workers", 0, "scenarios run at once; 0 for one per core")
	progressMode := fs.String("progress", "auto", "progress bar on standard error: `auto`, on or off")
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), studyUsage, mode, studyWhat[mode])
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return parseStatus(err)
	}
	if fs.NArg() != 2 {
		fs.Usage()
		return exitUsage
	}
	switch {
	case *format != "csv" && *format != "json":
		fmt.Fprintf(stderr, "jvwaterfall %s: unknown format %q: want csv or json\n", mode, *format)
		return exitUsage
	case *progressMode != "auto" && *progressMode != "on" && *progressMode != "off":
		fmt.Fprintf(stderr, "jvwaterfall %s: unknown progress mode %q: want auto, on or off\n", mode, *progressMode)
		return exitUsage
	case *workers < 0:
		fmt.Fprintf(stderr, "jvwaterfall %s: -workers %d: want 0 (one per core) or more\n", mode, *workers)
		return exitUsage
	}
	dealName, defName := fs.Arg(0), fs.Arg(1)
	defIn := stdin // standard input is the definition's, unless the deal's
	if dealName == "-" {
		if defName == "-" {
			fmt.Fprintln(stderr, "jvwaterfall "+mode+": the deal and the definition cannot both be standard input (-)")
			return exitUsage
		}
		defIn = nil
	}
	src, err := readDeal(dealName, stdin)
	if err != nil {
		fmt.Fprintf(stderr, "jvwaterfall %s: %v\n", mode, err)
		return exitIO
	}
	if dealName == "-" {
		dealName = "stdin"
	}
	base, err := scenario.NewBase(src)
	if err != nil {
		printErrors(stderr, dealName, err)
		return exitBadInput
	}
	defSrc, err := readFile(defName, defIn)
	if err != nil {
		fmt.Fprintf(stderr, "jvwaterfall %s: %v\n", mode, err)
		return exitIO
	}
	def, err := scenario.DecodeDefinition(defSrc)
	if err == nil {
		switch {
		case mode == "sweep" && def.MonteCarlo != nil:
			err = errors.New(`the definition is a Monte Carlo ("montecarlo"): run jvwaterfall montecarlo`)
		case mode == "montecarlo" && def.MonteCarlo == nil:
			err = errors.New(`the definition is a sweep (no "montecarlo"): run jvwaterfall sweep`)
		case *gridFile != "" && def.Grid == nil:
			err = errors.New(`-grid: the definition has no "grid"`)
		}
	}
	if err != nil {
		printErrors(stderr, defName, err)
		return exitBadInput
	}
	plan, err := scenario.NewPlan(base, def)
	if err != nil {
		printErrors(stderr, defName, err)
		return exitBadInput
	}

	// What goes where: standard output gets the table of a sweep (its
	// grid, when the definition has one) or the statistics of a Monte
	// Carlo, unless a flag already sends something there.
	toStdout := *tableFile == "-" || *statsFile == "-" || *gridFile == "-"
	switch {
	case toStdout:
	case mode == "montecarlo" && *statsFile == "":
		*statsFile = "-"
	case mode == "sweep" && def.Grid != nil && *gridFile == "":
		*gridFile = "-"
	case mode == "sweep" && def.Grid == nil && *tableFile == "":
		*tableFile = "-"
	}
	bar := newProgress(*progressMode, stderr, plan.Len())
	table, err := plan.Run(context.Background(), scenario.Options{Workers: *workers, Progress: bar.update})
	bar.finish()
	if err != nil {
		fmt.Fprintf(stderr, "jvwaterfall %s: %v\n", mode, err)
		return exitRun
	}
	failed := 0
	for i := range table.Rows {
		if table.Rows[i].Err != nil {
			failed++
		}
	}
	if failed > 0 {
		why := "the table's error column says why"
		if *tableFile == "" {
			why = "write the table (-table FILE): its error column says why"
		}
		fmt.Fprintf(stderr, "jvwaterfall %s: %d of %d scenarios failed; %s\n", mode, failed, len(table.Rows), why)
	}
	write := func(name string, csv, json func(io.Writer) error) error {
		if name == "" {
			return nil
		}
		w := stdout
		if name != "-" {
			f, err := os.Create(name)
			if err != nil {
				return err
			}
			defer f.Close()
			w = f
		}
		if *format == "json" {
			return json(w)
		}
		return csv(w)
	}
	err = write(*tableFile, table.WriteCSV, table.WriteJSON)
	if err == nil && *statsFile != "" {
		var pct []float64
		if def.MonteCarlo != nil {
			pct = def.MonteCarlo.Percentiles
		}
		var stats *scenario.Stats
		if stats, err = table.Stats(pct); err == nil {
			err = write(*statsFile, stats.WriteCSV, stats.WriteJSON)
		}
	}
	if err == nil && *gridFile != "" {
		var grid *scenario.GridTable
		if grid, err = table.Grid(def.Grid.Rows, def.Grid.Columns, def.Grid.Measure); err == nil {
			err = write(*gridFile, grid.WriteCSV, grid.WriteJSON)
		}
	}
	if err != nil {
		fmt.Fprintf(stderr, "jvwaterfall %s: %v\n", mode, err)
		return exitIO
	}
	if failed > 0 {
		return exitRun
	}
	return exitOK
}
