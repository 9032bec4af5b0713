// Command jvwaterfall runs deals and funds written in the JSON deal spec
// (docs/spec.md): it checks them, runs them, explains who was paid what
// and why, writes starter specs, and runs sweeps and Monte Carlo
// simulations of them (docs/scenarios.md).
//
// Install it from a clone of the repository, whose go.work builds it
// against the library beside it:
//
//	git clone https://github.com/jvwaterfall/jvwaterfall
//	cd jvwaterfall && go install ./cmd/jvwaterfall
//
// (go install ...@latest refuses a module with a replace directive, which
// this one has until the library is tagged; see the README.)
//
// Usage:
//
//	jvwaterfall init TEMPLATE [FILE]
//	jvwaterfall validate DEAL
//	jvwaterfall [run] [-format table|csv|json|xlsx] [-show ...] [-ledger ...] [-o FILE] [-scenario FILE] DEAL
//	jvwaterfall explain -period N | -party ID DEAL
//	jvwaterfall sweep [flags] DEAL DEFINITION
//	jvwaterfall montecarlo [flags] DEAL DEFINITION
//
// DEAL is a file name, or "-" for standard input. Run "jvwaterfall
// SUBCOMMAND -h" for a subcommand's flags and formats.
//
// # Periods
//
// Periods are numbered from 0, in every format and in the library: period
// 0 is the first period of the deal's schedule, the one that ends first.
//
// # Warnings
//
// validate and run print warnings (spec.Lint) to standard error for terms
// that are legal but likely mistakes: a rate of 8 where 8% was meant,
// calls above the commitments, hurdles out of order, a party who is never
// paid. Warnings never stop a run and never change the exit status.
//
// # Exit status
//
//	0  success (warnings included)
//	1  the run failed: the deal is valid but running it was not possible,
//	   or some scenarios of a sweep or Monte Carlo failed (their rows say
//	   why; the output is written)
//	2  invalid input: a deal, scenario or definition with errors, every
//	   one printed to standard error on a line of its own with its path
//	3  usage: an unknown subcommand, flag, format or template, or the
//	   wrong number of arguments
//	4  input or output: a file that cannot be read or written
package main

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"slices"
	"strings"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

// Exit statuses (see the package comment).
const (
	exitOK       = 0
	exitRun      = 1
	exitBadInput = 2
	exitUsage    = 3
	exitIO       = 4
)

// usage is the tool's summary of its subcommands.
const usage = `jvwaterfall runs distribution waterfalls written as JSON deal specs.

usage:
  jvwaterfall init TEMPLATE [FILE]      write a starter deal (templates: jvwaterfall init -h)
  jvwaterfall validate DEAL             list every error and warning, with its path
  jvwaterfall [run] [flags] DEAL        run a deal: summary, ledger and payments
  jvwaterfall explain [flags] DEAL      who was paid what and why, for a period or a party
  jvwaterfall sweep [flags] DEAL DEF    run every combination of the terms DEF varies
  jvwaterfall montecarlo [flags] DEAL DEF
                                        run seeded random draws of the terms DEF varies

DEAL is a file, or - for standard input. Periods are numbered from 0.
Run "jvwaterfall SUBCOMMAND -h" for a subcommand's flags and formats.

exit status: 0 ok, 1 the run (or some scenarios) failed, 2 invalid deal,
scenario or definition, 3 usage, 4 a file could not be read or written.
`

// subcommands are the tool's subcommands, as typed.
var subcommands = []string{"init", "validate", "run", "explain", "sweep", "montecarlo"}

// run runs the subcommand of args; a first argument that names none is
// run's (jvwaterfall DEAL).
func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) > 0 {
		switch args[0] {
		case "run":
			return runDeal(args[1:], stdin, stdout, stderr)
		case "validate":
			return runValidate(args[1:], stdin, stdout, stderr)
		case "explain":
			return runExplain(args[1:], stdin, stdout, stderr)
		case "init":
			return runInit(args[1:], stdout, stderr)
		case "sweep", "montecarlo":
			return runStudy(args[0], args[1:], stdin, stdout, stderr)
		case "help", "-h", "-help", "--help":
			if len(args) > 1 && slices.Contains(subcommands, args[1]) {
				return run([]string{args[1], "-h"}, stdin, stdout, stderr) // help run: run's help
			}
			fmt.Fprint(stdout, usage)
			return exitOK
		}
	}
	if len(args) == 0 {
		// Nothing asked: say what is wanted, and what the tool does.
		fmt.Fprint(stderr, "jvwaterfall: want one DEAL file or a subcommand\n\n"+usage)
		return exitUsage
	}
	if misspelt(args[0]) {
		hint := ""
		if near := nearest(args[0], subcommands); near != "" && editDistance(args[0], near) <= 2 {
			hint = fmt.Sprintf(" (did you mean %q?)", near)
		}
		fmt.Fprintf(stderr, "jvwaterfall: unknown subcommand %q%s, and no such file; subcommands: %s\n",
			args[0], hint, strings.Join(subcommands, ", "))
		return exitUsage
	}
	return runDeal(args, stdin, stdout, stderr)
}

// misspelt reports whether arg, first on the command line and not a
// subcommand, is a word meant as one: not a flag, not standard input, no
// file of that name, and no dot or slash a file name would have.
func misspelt(arg string) bool {
	if arg == "" || arg[0] == '-' || strings.ContainsAny(arg, `./\`) {
		return false
	}
	_, err := os.Stat(arg)
	return errors.Is(err, fs.ErrNotExist)
}
