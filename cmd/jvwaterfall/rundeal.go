package main

import (
	"encoding/csv"
	"errors"
	"flag"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/jvwaterfall/jvwaterfall/fund"
	"github.com/jvwaterfall/jvwaterfall/report"
	"github.com/jvwaterfall/jvwaterfall/scenario"
	"github.com/jvwaterfall/jvwaterfall/spec"
	"github.com/jvwaterfall/jvwaterfall/tranche"
	"github.com/jvwaterfall/jvwaterfall/waterfall"
)

// The sections run can show.
var sections = []string{"summary", "ledger", "payments", "events", "sources"}

// runUsage is run's -h text, before its flags.
const runUsage = `usage: jvwaterfall [run] [flags] DEAL

Runs the deal or fund in DEAL (a file, or - for standard input) and writes
what it paid:

  summary   one row per party: contributed, distributed, paid out, net,
            promote, DPI and TVPI, XIRR (annual, from the dated flows) and
            the periodic IRR (per period of the schedule), the payback
  ledger    one row per period, month, quarter or year (-ledger): cash in,
            cash out, equity contributed, loans drawn (the lenders'
            contributions in the summary), paid, and what each party
            received, summed over the row; retained and held, balances at
            the row's end; a last row "total", whose balances are the
            run's end
  payments  every payment in the order it was made: period, date, tranche,
            party, who paid it when not the deal ("from"), kind, amount,
            and the balance before and after it. For a claim that is paid
            down (capital, pref, catch-up, hurdle, debt) before and after
            are what the party was owed; for a split, which has no balance,
            its cumulative receipts from the split.
  events    what happened besides payments, in order: payment defaults,
            covenant breaches and cures, cash trapped, clawbacks: period,
            date, tranche, party, kind and a sentence. The table writes it
            when the run has any
  sources   what each source (a contract's income, energy, opex, capex, a
            loan's funding) brought in and paid out, period by period (not
            grouped by -ledger): period, date, source, in, out; the part
            of the ledger's proceeds and costs that came from sources. The
            table writes it when a source moved cash

Periods are numbered from 0: period 0 is the first period of the schedule.

Formats (-format):
  table  aligned text with thousands separators (the default)
  csv    one section (-show, default ledger): one header row, then the
         rows; the ledger's last row is its total, labelled "total"
  json   the report.Document: every section, amounts as decimal strings
         with every minor unit, periods numbered from 0
  xlsx   a workbook with the sheets Summary, Ledger, Payments, Events,
         Sources and Inputs, amounts as numbers with the currency's
         format; needs -o FILE

A scenario file (-scenario) changes the deal before it runs, without
editing it:

  {"name": "exit a year later",
   "set": [{"path": "/proceeds/5/date", "value": "2027-12-31"},
           {"path": "/stack/tranches/1/rate/annual", "value": "0.10"},
           {"path": "/costs/-", "value": {"date": "2026-12-31", "amount": "500000.00"}}]}

Each path is a JSON Pointer (RFC 6901) into the deal's JSON; the value
replaces what is there (of the same JSON type), becomes a new member of an
object, or, for a path ending in "/-", is appended to an array. The run's
name then says it is the scenario's: "Fund I (scenario: exit a year
later)", in the table, the JSON and the workbook.

Hurdle balances (-hurdles FILE, - for standard output): every investor's
hurdle balance at the rate of each IRR tier and compounding pref of the
stack, on each date its account moved (report.Hurdles), for an auditor to
check each tier against: as CSV, or JSON with -format json.

Warnings (likely mistakes in a valid deal) go to standard error and do
not stop the run. Exit status: 0 ok, 1 the run failed, 2 invalid deal or
scenario, 3 usage, 4 a file could not be read or written.

Flags:
`

// runDeal is `jvwaterfall run`: one deal, optionally changed by a
// scenario file, run and written.
func runDeal(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("jvwaterfall run", flag.ContinueOnError)
	fs.SetOutput(stderr)
	scenarioFile := fs.String("scenario", "", "apply the scenario in `FILE` before running")
	format := fs.String("format", "table", "output `format`: table, csv, json or xlsx")
	show := fs.String("show", "", "the `sections` to write, comma-separated: summary, ledger, payments, events, sources\n(default: all; ledger for csv, which writes one)")
	ledger := fs.String("ledger", "period", "the ledger's rows: `period`, monthly, quarterly or yearly")
	outFile := fs.String("o", "", "write to `FILE` instead of standard output (required for xlsx)")
	hurdles := fs.String("hurdles", "", "also write the stack's hurdle balances to `FILE` (- for standard output): CSV, or JSON with -format json")
	fs.Usage = func() {
		fmt.Fprint(fs.Output(), runUsage)
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return parseStatus(err)
	}
	if fs.NArg() != 1 {
		fmt.Fprintln(stderr, "jvwaterfall run: want one DEAL file; run jvwaterfall run -h for help")
		return exitUsage
	}
	if !slices.Contains([]string{"table", "csv", "json", "xlsx"}, *format) {
		fmt.Fprintf(stderr, "jvwaterfall run: -format: unknown format %q, want table, csv, json or xlsx\n", *format)
		return exitUsage
	}
	agg, err := report.ParseAggregation(*ledger)
	if err != nil {
		fmt.Fprintf(stderr, "jvwaterfall run: -ledger: unknown ledger %q, want period, monthly, quarterly or yearly\n", *ledger)
		return exitUsage
	}
	want, err := parseSections(*show, *format)
	if err != nil {
		fmt.Fprintf(stderr, "jvwaterfall run: -show: %v\n", err)
		return exitUsage
	}
	if *format == "xlsx" && (*outFile == "" || *outFile == "-") {
		fmt.Fprintln(stderr, "jvwaterfall run: -format xlsx writes a workbook: name it with -o FILE.xlsx")
		return exitUsage
	}
	name := fs.Arg(0)
	src, doc, code := load(name, stdin, stderr)
	if code != exitOK {
		return code
	}
	if *scenarioFile != "" {
		var status int
		if doc, src, status = applyScenario(src, *scenarioFile, stderr); status != exitOK {
			return status
		}
	}
	printWarnings(stderr, displayName(name), src)
	res, err := runDocument(doc)
	if err != nil {
		printErrors(stderr, displayName(name), err)
		return exitRun
	}
	printDeficit(stderr, displayName(name), res)
	rep, err := report.NewDocument(res, agg, nil)
	if err != nil {
		fmt.Fprintf(stderr, "jvwaterfall: %v\n", err)
		return exitRun
	}
	w, closeOut, err := create(*outFile, stdout)
	if err != nil {
		fmt.Fprintf(stderr, "jvwaterfall: %v\n", err)
		return exitIO
	}
	switch *format {
	case "csv":
		err = writeCSV(w, rep, want[0])
	case "json":
		err = rep.WriteJSON(w)
	case "xlsx":
		err = writeWorkbook(w, rep, doc, src)
	default:
		err = writeTable(w, rep, want)
	}
	if cerr := closeOut(); err == nil {
		err = cerr
	}
	if err == nil && *hurdles != "" {
		err = writeHurdles(*hurdles, stdout, doc, res, *format == "json")
	}
	if err != nil {
		fmt.Fprintf(stderr, "jvwaterfall: %v\n", err)
		return exitIO
	}
	return exitOK
}

// writeHurdles writes the hurdle balances the stack's tiers read
// (report.Hurdles; a fund's whole-fund stack) to the file name, or to
// stdout for "-".
func writeHurdles(name string, stdout io.Writer, doc spec.Document, res *waterfall.Result, asJSON bool) error {
	var stack tranche.Tranche
	switch {
	case doc.Fund != nil:
		stack = doc.Fund.Stack // the whole-fund stack, the lookback's
	case doc.Deal != nil:
		stack = doc.Deal.Stack
	}
	a, err := report.Hurdles(res, stack)
	if err != nil {
		return fmt.Errorf("hurdles: %w", err)
	}
	w, closeOut, err := create(name, stdout)
	if err != nil {
		return fmt.Errorf("hurdles: %w", err)
	}
	if asJSON {
		err = a.WriteJSON(w)
	} else {
		err = a.WriteCSV(w)
	}
	if cerr := closeOut(); err == nil {
		err = cerr
	}
	return err
}

// parseStatus is the exit status of a flag.Parse error: -h is no error.
func parseStatus(err error) int {
	if err == flag.ErrHelp {
		return exitOK
	}
	return exitUsage
}

// parseSections reads -show: the sections to write, all when empty (the
// ledger alone for csv, which writes one table).
func parseSections(show, format string) ([]string, error) {
	if show == "" {
		if format == "csv" {
			return []string{"ledger"}, nil
		}
		return sections, nil
	}
	var out []string
	for _, s := range strings.Split(show, ",") {
		s = strings.TrimSpace(s)
		if !slices.Contains(sections, s) {
			return nil, fmt.Errorf("unknown section %q, want summary, ledger, payments, events or sources", s)
		}
		out = append(out, s)
	}
	if format == "csv" && len(out) != 1 {
		return nil, fmt.Errorf("csv writes one table: name one of summary, ledger, payments, events or sources")
	}
	return out, nil
}

// runDocument runs the deal or the fund of doc.
func runDocument(doc spec.Document) (*waterfall.Result, error) {
	if doc.Fund != nil {
		res, err := fund.Run(doc.Fund)
		if err != nil {
			return nil, err
		}
		return res.Result, nil
	}
	return waterfall.Run(doc.Deal)
}

// printDeficit warns, once, when a period's costs exceeded the deal's
// cash: its retained cash is negative, a deficit that later cash repays
// before the stack. Contributions and calls are invested capital, not
// cash for costs, so a deficit is often a cost meant to be paid with
// equity.
func printDeficit(w io.Writer, what string, res *waterfall.Result) {
	for _, p := range res.Periods {
		if p.Retained.Sign() >= 0 {
			continue
		}
		fmt.Fprintf(w, "%s: warning: period %d: costs exceeded the deal's cash by %s, a deficit that later cash repays before the stack",
			what, p.Period.Index, p.Retained.Neg().StringFixed(res.Scale))
		if end := res.Periods[len(res.Periods)-1].Retained; end.Sign() < 0 {
			fmt.Fprintf(w, "; %s of it is never repaid", end.Neg().StringFixed(res.Scale))
		}
		fmt.Fprintln(w, " (contributions and calls are invested capital, not cash for costs: docs/spec.md, costs)")
		return
	}
}

// printWarnings prints the warnings of spec.Lint, one per line.
func printWarnings(w io.Writer, what string, src []byte) int {
	ws := spec.Lint(src)
	for _, x := range ws {
		fmt.Fprintf(w, "%s: warning: %s\n", what, x)
	}
	return len(ws)
}

// applyScenario reads the scenario file name and applies it to the deal
// src: every change checked as strictly as a deal, each failing one
// reported with its path ("set[2].value"). It returns the changed deal,
// decoded and as JSON.
func applyScenario(src []byte, name string, stderr io.Writer) (spec.Document, []byte, int) {
	text, err := readFile(name, nil)
	if err != nil {
		fmt.Fprintf(stderr, "jvwaterfall: %v\n", err)
		return spec.Document{}, nil, exitIO
	}
	list, err := scenario.DecodeChangeList(text)
	if err != nil {
		printErrors(stderr, name, err)
		return spec.Document{}, nil, exitBadInput
	}
	base, err := scenario.NewBase(src)
	if err != nil {
		printErrors(stderr, name, err)
		return spec.Document{}, nil, exitBadInput
	}
	doc, err := list.Apply(base)
	if err != nil {
		printErrors(stderr, name, err)
		return spec.Document{}, nil, exitBadInput
	}
	// The run is a what-if: its name says which (the table, JSON, workbook).
	if what := list.Name; what != "" {
		if doc.Deal != nil {
			doc.Deal.Name = strings.TrimSpace(doc.Deal.Name + " (scenario: " + what + ")")
		} else if doc.Fund != nil {
			doc.Fund.Name = strings.TrimSpace(doc.Fund.Name + " (scenario: " + what + ")")
		}
	}
	changed, err := spec.Marshal(doc)
	if err != nil {
		changed = src // lint the original rather than nothing
	}
	return doc, changed, exitOK
}

// writeTable writes the sections of want as aligned text tables, with the
// report package's writers.
func writeTable(w io.Writer, rep *report.Document, want []string) error {
	res := rep.Result
	title := res.Deal
	if title == "" {
		title = "deal"
	}
	fmt.Fprintf(w, "%s (%s)\n", title, res.Currency)
	for _, s := range want {
		var err error
		switch s {
		case "summary":
			fmt.Fprintln(w, "\nSummary")
			if err = report.WriteSummaryTable(w, rep.Summaries); err == nil {
				err = writeRateNotes(w, rep.Summaries)
			}
		case "ledger":
			fmt.Fprintf(w, "\nLedger by %s\n", strings.TrimSuffix(rep.Ledger.Aggregation.String(), "ly"))
			err = rep.Ledger.WriteTable(w)
		case "payments":
			fmt.Fprintln(w, "\nPayments")
			err = report.WritePaymentsTable(w, res)
		case "events":
			if len(res.Events) > 0 || len(want) == 1 {
				fmt.Fprintln(w, "\nEvents")
				err = writeEventsTable(w, res)
			}
		case "sources":
			if recs, _ := report.SourceRecords(res); len(recs) > 0 || len(want) == 1 {
				fmt.Fprintln(w, "\nSources")
				err = report.WriteSourcesTable(w, res)
			}
		}
		if err != nil {
			return err
		}
	}
	_, err := fmt.Fprintf(w, "\nretained at the end: %s\n", report.GroupDigits(res.Retained().StringFixed(res.Scale)))
	return err
}

// writeRateNotes says why a party that put in capital has no XIRR or
// IRR in the summary ("-"): flows with more than one rate of return, or
// none yet.
func writeRateNotes(w io.Writer, sums []report.Summary) error {
	for _, s := range sums {
		if s.RateErr != nil && !errors.Is(s.RateErr, report.ErrNotInvested) {
			if _, err := fmt.Fprintf(w, "  no XIRR or IRR (-): %v\n", s.RateErr); err != nil {
				return err
			}
		}
	}
	return nil
}

// writeCSV writes one section as CSV.
func writeCSV(w io.Writer, rep *report.Document, section string) error {
	switch section {
	case "summary":
		return report.WriteSummaryCSV(w, rep.Summaries)
	case "payments":
		return report.WritePaymentsCSV(w, rep.Result)
	case "sources":
		return report.WriteSourcesCSV(w, rep.Result)
	case "events":
		cw := csv.NewWriter(w)
		if err := cw.Write(eventsHeader); err != nil {
			return err
		}
		return cw.WriteAll(eventRecords(rep.Result))
	}
	return rep.Ledger.WriteCSV(w)
}

// eventsHeader names the columns of eventRecords.
var eventsHeader = []string{"period", "date", "tranche", "party", "kind", "detail"}

// eventRecords are the run's events as text, one record each.
func eventRecords(res *waterfall.Result) [][]string {
	out := make([][]string, 0, len(res.Events))
	for _, e := range res.Events {
		out = append(out, []string{strconv.Itoa(e.Period), e.Date.Format(time.DateOnly), string(e.Tranche), string(e.Party), string(e.Kind), e.Detail})
	}
	return out
}

// writeEventsTable writes the run's events as an aligned table, or
// "none".
func writeEventsTable(w io.Writer, res *waterfall.Result) error {
	if len(res.Events) == 0 {
		_, err := fmt.Fprintln(w, "  none")
		return err
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "  "+strings.Join(eventsHeader, "\t"))
	for _, r := range eventRecords(res) {
		fmt.Fprintln(tw, "  "+strings.Join(r, "\t"))
	}
	return tw.Flush()
}
