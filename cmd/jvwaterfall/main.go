// Command jvwaterfall runs deals and funds written in the JSON deal spec
// (docs/spec.md), and sweeps and Monte Carlo simulations of them
// (docs/scenarios.md).
//
// Usage:
//
//	jvwaterfall [run] [-scenario FILE] [-format table|csv|json] DEAL
//	jvwaterfall sweep [flags] DEAL DEFINITION
//	jvwaterfall montecarlo [flags] DEAL DEFINITION
//
// # run
//
// run (the default when no subcommand is named) runs one deal and prints
// its ledger. DEAL is a file name, or "-" for standard input. The table
// (the default) lists every payment with its period, date, tranche,
// party, kind, amount and the balance before and after it, then each
// party's totals; csv prints the payments only, one per row; json prints
// payments, periods and party totals with every amount as a decimal
// string.
//
// A scenario file changes the deal before it runs, without editing it:
//
//	{
//	  "name": "exit a year later",
//	  "set": [
//	    {"path": "/proceeds/5/date", "value": "2027-12-31"},
//	    {"path": "/stack/tranches/1/rate/annual", "value": "0.10"},
//	    {"path": "/costs/-", "value": {"date": "2026-12-31", "amount": "500000.00"}}
//	  ]
//	}
//
// Each path is a JSON Pointer (RFC 6901) into the deal's JSON; the value
// replaces what is there (and must be of the same JSON type), or becomes a
// new member of an object (such as "/costs" in a deal that has none), or,
// for a path ending in "/-", is appended to an array. The file is read as
// strictly as a deal (unknown fields and keys given twice are errors);
// every failing change is reported with its own path, and the changed
// deal is checked as strictly as the original (scenario.ChangeList).
//
// # sweep and montecarlo
//
// sweep runs every combination of the values of the terms a definition
// varies; montecarlo runs a seeded number of random draws of them. Both
// print a tidy table, one row per scenario and one column per term and
// per measure (rates of return, multiples, payback, first payment, minimum
// DSCR, covenant breach, payment default, lender loss, each party's
// totals), and montecarlo the statistics of every measure. See
// docs/scenarios.md for the definition format. Flags:
//
//	-format csv|json   the format of what is written (csv)
//	-table FILE        write the per-scenario table to FILE ("-": standard output)
//	-stats FILE        write the statistics to FILE ("-": standard output)
//	-grid FILE         write the definition's 2-D grid to FILE ("-": standard output)
//	-workers N         scenarios run at once (0: one per core)
//	-progress MODE     a progress bar on standard error: auto (when it is a
//	                   terminal and the run takes over a second), on, off
//
// Unless a flag sends it elsewhere, standard output gets the table of a
// sweep (its grid, when the definition has one) and the statistics of a
// Monte Carlo. Scenarios whose changed deal is not valid, or whose run
// fails, are rows with an error column; their count goes to standard
// error.
//
// Exit status: 0 on success; 2 on bad input (usage, a deal, scenario or
// definition that cannot be read or is invalid), with every problem
// printed to standard error, one per line, with its path; 1 if a run or
// writing the output fails.
package main

import (
	"fmt"
	"io"
	"os"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

// Exit statuses.
const (
	exitOK       = 0
	exitRun      = 1
	exitBadInput = 2
)

// usage is the tool's summary of its subcommands.
const usage = `usage:
  jvwaterfall [run] [-scenario FILE] [-format table|csv|json] DEAL
  jvwaterfall sweep [flags] DEAL DEFINITION
  jvwaterfall montecarlo [flags] DEAL DEFINITION
Run "jvwaterfall SUBCOMMAND -h" for a subcommand's flags.
`

// run runs the subcommand of args; a first argument that names none is
// run's (today's behaviour: jvwaterfall DEAL).
func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) > 0 {
		switch args[0] {
		case "run":
			return runDeal(args[1:], stdin, stdout, stderr)
		case "sweep", "montecarlo":
			return runStudy(args[0], args[1:], stdin, stdout, stderr)
		case "help", "-h", "-help", "--help":
			fmt.Fprint(stdout, usage)
			return exitOK
		}
	}
	return runDeal(args, stdin, stdout, stderr)
}
