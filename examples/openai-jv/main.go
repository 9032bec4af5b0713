// Command openai-jv runs the seed story of jvwaterfall: a tech company
// (Founders) commits $1.5B of equity to a joint venture with a
// private-equity partner (PE), which puts in $2.5B and arranges $6B of
// senior debt (Lenders), to build and run a 200 MW data center. The
// Founders buy its capacity under a take-or-pay compute contract.
//
// The JV's cash, month by month for ten years: the compute contract's
// payments come in; energy and opex go out before anything else; then the
// waterfall pays the senior debt (fees, interest, principal; a DSCR
// covenant traps cash below 1.20x), PE's 8% preferred return on its
// capital, both partners' capital pro rata, a catch-up to PE until it
// holds 20% of all profit, and an 80/20 split (the partners' 80% by
// commitment, PE's 20% promote). The facility is sold at the end.
//
// The critics' questions, answered from the ledger under five scenarios
// (base; energy +50% from year 2; utilisation down to 60% while the
// take-or-pay still bills the minimum; GPUs obsolete 24 months after COD,
// the refresh called from the partners; all three together): how much do
// the Lenders and PE receive before the Founders' first dollar, when do
// the Founders first see profit, and what is their all-in position once
// the compute bill is counted?
//
// Every input is illustrative and lives in
// examples/internal/openaijv/inputs.json (embedded; -inputs FILE replaces
// it); the meaning and unit of each field is documented on the Inputs
// type. Every field is required, decimals are JSON strings,
// and an unknown field is an error naming its path. Flags:
//
//	-scenario base|energy|utilisation|obsolescence|combined|all
//	-format   table|csv|json
//	-periods  yearly|quarterly|monthly
//	-chart    FILE.svg|FILE.png  cumulative distributions per party in the first scenario chosen, first payments marked
//	-inputs   FILE.json
//
// With no flags it prints a summary across the scenarios, two goal seeks
// on the compute price, and the base case's yearly table.
//
// The Founders' compute bill is a statement beside the waterfall, not a
// nested deal: the company pays it from its own operating budget, not from
// what the JV distributes to it, so it is no claim in a stack of the
// Founders. It is read from the same contract statement that is the JV's
// income, so what one side pays the other receives, to the cent.
//
// The model and its reports are the package
// github.com/jvwaterfall/jvwaterfall/examples/internal/openaijv, in the
// library's module; this command adds the chart, drawn with
// gonum.org/v1/plot, and is a module of its own so that the library's
// module graph holds no plotting modules.
package main

import (
	"fmt"
	"os"

	"github.com/jvwaterfall/jvwaterfall/examples/internal/openaijv"
)

func main() {
	if err := openaijv.Run(os.Args[1:], os.Stdout, writeChart); err != nil {
		fmt.Fprintln(os.Stderr, "openai-jv:", err)
		os.Exit(1)
	}
}
