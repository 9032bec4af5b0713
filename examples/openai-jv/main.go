// Command openai-jv runs the seed story of jvwaterfall as a project
// finance model: a tech company (Founders) commits $1.5B of equity to a
// joint venture with a private-equity partner (PE) that builds and runs a
// 200 MW AI data centre, financed by a senior loan (Lenders). The
// Founders buy its capacity take-or-pay for five years; after that the
// JV sells at the market price.
//
// The model, month by month for ten years: 18 months of construction
// (interest capitalised); capex split between the facility and the GPUs,
// the GPUs refreshed at the end of their five-year life, called from the
// partners; opex per MW; a loan sized so the contracted minimum cash
// flow covers its first amortising month 1.35 times, with a GPU tranche
// amortising within the hardware's life and a facility tranche with a
// balloon, monthly interest balance × rate/12; a debt-service reserve; a
// DSCR lock-up below 1.20x; payment defaults, and on an event of default
// (three months uncured) enforcement: the facility sold at a fire-sale
// discount and the lenders paid first; PE's 8% pref, both partners'
// capital, a full catch-up to 20% and an 80/20 split; the facility sold
// at the end for its last quarter's net operating cash capitalised at a
// yield that rises with the GPUs' age.
//
// Six scenarios: base; power price spikes; the compute market falling
// 20% a year; a 12-month grid interconnection delay; stranded assets
// after the contract; the article's 500 MW. The summary shows the sources
// and uses at closing, each party's money, IRR, first payment and
// payback, PE's catch-up, the debt (DSCR, trapped cash, reserve,
// defaults, sale, lender loss), capex and debt by year, the Founders'
// cost per used MW-month through the JV against building outright and
// renting at market, two goal seeks on the compute price, three
// sensitivity grids and a Monte Carlo (through the library's scenario
// package), and the base case's yearly ledger.
//
// Every input is in examples/internal/openaijv/inputs.json (embedded;
// -inputs FILE replaces it), each with its source or reasoning under
// "notes"; the meaning and unit of each field is documented on the Inputs
// type. Every field is required, decimals are JSON strings, and an
// unknown field is an error naming its path. Flags:
//
//	-scenario base|energy|market|delay|stranded|scale|all  one scenario's detail instead of the summary
//	-format   table|csv|json
//	-periods  yearly|quarterly|monthly
//	-chart    FILE.svg|FILE.png  a panel per party of cumulative net cash, a line per scenario
//	-samples  N                  Monte Carlo draws (default: the inputs' 200)
//	-no-study                    leave the grids and the Monte Carlo out of the summary
//	-inputs   FILE.json
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
