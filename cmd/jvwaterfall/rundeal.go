package main

import (
	"encoding/csv"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strconv"
	"text/tabwriter"

	"github.com/jvwaterfall/jvwaterfall/contract"
	"github.com/jvwaterfall/jvwaterfall/fund"
	"github.com/jvwaterfall/jvwaterfall/report"
	"github.com/jvwaterfall/jvwaterfall/scenario"
	"github.com/jvwaterfall/jvwaterfall/spec"
	"github.com/jvwaterfall/jvwaterfall/tranche"
	"github.com/jvwaterfall/jvwaterfall/waterfall"
	"github.com/shopspring/decimal"
)

// runDeal is `jvwaterfall run`: one deal, optionally changed by a
// scenario file, run and printed.
func runDeal(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("jvwaterfall run", flag.ContinueOnError)
	fs.SetOutput(stderr)
	scenarioFile := fs.String("scenario", "", "apply the scenario in `FILE` before running")
	format := fs.String("format", "table", "output `format`: table, csv or json")
	hurdles := fs.String("hurdles", "", "also write the hurdle balances of the stack's IRR tiers and prefs to `FILE` (- for standard output), as CSV, or JSON with -format json")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: jvwaterfall [run] [-scenario FILE] [-format table|csv|json] [-hurdles FILE] DEAL   (DEAL may be - for stdin)")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return exitBadInput
	}
	if fs.NArg() != 1 {
		fs.Usage()
		return exitBadInput
	}
	if *format != "table" && *format != "csv" && *format != "json" {
		fmt.Fprintf(stderr, "jvwaterfall: unknown format %q: want table, csv or json\n", *format)
		return exitBadInput
	}
	name := fs.Arg(0)
	src, err := readDeal(name, stdin)
	if err != nil {
		fmt.Fprintf(stderr, "jvwaterfall: %v\n", err)
		return exitBadInput
	}
	if name == "-" {
		name = "stdin"
	}
	doc, err := spec.Unmarshal(src)
	if err != nil {
		printErrors(stderr, name, err)
		return exitBadInput
	}
	scenarioName := ""
	if *scenarioFile != "" {
		doc, scenarioName, err = applyScenario(src, *scenarioFile)
		if err != nil {
			printErrors(stderr, *scenarioFile, err)
			return exitBadInput
		}
	}
	res, err := runDocument(doc)
	if err != nil {
		printErrors(stderr, name, err)
		return exitRun
	}
	switch *format {
	case "csv":
		err = writeCSV(stdout, res)
	case "json":
		err = writeJSON(stdout, res, scenarioName)
	default:
		err = writeTable(stdout, res, scenarioName)
	}
	if err == nil && *hurdles != "" {
		err = writeHurdles(*hurdles, stdout, doc, res, *format == "json")
	}
	if err != nil {
		fmt.Fprintf(stderr, "jvwaterfall: %v\n", err)
		return exitRun
	}
	return exitOK
}

// writeHurdles writes the hurdle balances the stack's tiers read
// (report.Hurdles; a fund's whole-fund stack) to the file name, or to
// stdout for "-".
func writeHurdles(name string, stdout io.Writer, doc spec.Document, res *waterfall.Result, asJSON bool) error {
	var stack tranche.Tranche
	if doc.Fund != nil {
		stack = doc.Fund.Stack
	} else {
		stack = doc.Deal.Stack
	}
	a, err := report.Hurdles(res, stack)
	if err != nil {
		return fmt.Errorf("hurdles: %w", err)
	}
	write := a.WriteCSV
	if asJSON {
		write = a.WriteJSON
	}
	if name == "-" {
		return write(stdout)
	}
	f, err := os.Create(name)
	if err != nil {
		return fmt.Errorf("hurdles: %w", err)
	}
	if err := write(f); err != nil {
		f.Close()
		return fmt.Errorf("hurdles: %w", err)
	}
	return f.Close()
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

// readDeal reads a deal file, or standard input for "-".
func readDeal(name string, stdin io.Reader) ([]byte, error) { return readFile(name, stdin) }

// readFile reads a file, or stdin for "-", of at most the spec's
// MaxSpecBytes.
func readFile(name string, stdin io.Reader) ([]byte, error) {
	var r io.Reader = stdin
	if name == "-" && stdin == nil {
		return nil, errors.New("standard input is not available")
	}
	if name != "-" {
		f, err := os.Open(name)
		if err != nil {
			return nil, err
		}
		defer f.Close()
		r = f
	}
	// The spec's limits apply; read one byte more to tell a file that is
	// too big.
	src, err := io.ReadAll(io.LimitReader(r, spec.MaxSpecBytes+1))
	if err != nil {
		return nil, err
	}
	if len(src) > spec.MaxSpecBytes {
		return nil, fmt.Errorf("%s: more than %d bytes (spec.MaxSpecBytes)", name, spec.MaxSpecBytes)
	}
	return src, nil
}

// printErrors prints every error in err, one per line, prefixed with what
// was being read.
func printErrors(w io.Writer, what string, err error) {
	for _, e := range contract.Errors(err) {
		fmt.Fprintf(w, "%s: %v\n", what, e)
	}
}

// applyScenario reads the scenario file name and applies it to the deal
// src: every change checked as strictly as a deal, each failing one
// reported with its path ("set[2].value").
func applyScenario(src []byte, name string) (spec.Document, string, error) {
	text, err := readFile(name, nil)
	if err != nil {
		return spec.Document{}, "", err
	}
	list, err := scenario.DecodeChangeList(text)
	if err != nil {
		return spec.Document{}, "", err
	}
	base, err := scenario.NewBase(src)
	if err != nil {
		return spec.Document{}, "", err
	}
	doc, err := list.Apply(base)
	return doc, list.Name, err
}

// amount formats an amount with the deal's decimal places.
func amount(d decimal.Decimal, scale int32) string {
	if tranche.IsWhole(d, scale) {
		return d.StringFixed(scale)
	}
	n := d.Normalize()
	return n.StringFixed(-n.Exponent())
}

const dateFormat = "2006-01-02"

func writeTable(w io.Writer, res *waterfall.Result, scenario string) error {
	title := res.Deal
	if title == "" {
		title = "deal"
	}
	if scenario != "" {
		title += " — scenario: " + scenario
	}
	fmt.Fprintf(w, "%s (%s)\n\n", title, res.Currency)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "period\tdate\ttranche\tparty\tkind\tamount\tbefore\tafter\t")
	for _, p := range res.Payments.All() {
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t\n", p.Period+1, p.Date.Format(dateFormat), p.Tranche, p.Party, p.Kind,
			amount(p.Amount, res.Scale), amount(p.Before, res.Scale), amount(p.After, res.Scale))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintln(w)
	tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "party\tname\trole\tcontributed\tdistributed\tnet\t")
	total := decimal.Zero
	for _, p := range res.Parties() {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t\n", p.Party, p.Name, p.Role, amount(p.Contributed, res.Scale),
			amount(p.Distributed, res.Scale), amount(p.Net(), res.Scale))
		total = total.Add(p.Distributed)
	}
	fmt.Fprintf(tw, "total\t\t\t\t%s\t\t\n", amount(total, res.Scale))
	if err := tw.Flush(); err != nil {
		return err
	}
	_, err := fmt.Fprintf(w, "\nretained at the end: %s\n", amount(res.Retained(), res.Scale))
	return err
}

func writeCSV(w io.Writer, res *waterfall.Result) error {
	cw := csv.NewWriter(w)
	if err := cw.Write([]string{"period", "date", "tranche", "party", "kind", "amount", "before", "after"}); err != nil {
		return err
	}
	for _, p := range res.Payments.All() {
		err := cw.Write([]string{strconv.Itoa(p.Period + 1), p.Date.Format(dateFormat), string(p.Tranche), string(p.Party), p.Kind.String(),
			amount(p.Amount, res.Scale), amount(p.Before, res.Scale), amount(p.After, res.Scale)})
		if err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// The JSON report: every amount is a decimal string.
type (
	jsonReport struct {
		Deal     string        `json:"deal"`
		Scenario string        `json:"scenario,omitempty"`
		Currency string        `json:"currency"`
		Scale    int32         `json:"scale"`
		Payments []jsonPayment `json:"payments"`
		Periods  []jsonPeriod  `json:"periods"`
		Parties  []jsonParty   `json:"parties"`
		Retained string        `json:"retained"`
	}
	jsonPayment struct {
		Period  int    `json:"period"` // 1-based, as in the table
		Date    string `json:"date"`
		Tranche string `json:"tranche"`
		Party   string `json:"party"`
		Kind    string `json:"kind"`
		Amount  string `json:"amount"`
		Before  string `json:"before"`
		After   string `json:"after"`
	}
	jsonPeriod struct {
		Period      int    `json:"period"`
		Start       string `json:"start"`
		End         string `json:"end"`
		CarriedIn   string `json:"carried_in"`
		Proceeds    string `json:"proceeds"`
		Costs       string `json:"costs"`
		Available   string `json:"available"`
		Paid        string `json:"paid"`
		Retained    string `json:"retained"`
		Contributed string `json:"contributed"`
	}
	jsonParty struct {
		Party       string `json:"party"`
		Name        string `json:"name"`
		Role        string `json:"role"`
		Contributed string `json:"contributed"`
		Distributed string `json:"distributed"`
		Net         string `json:"net"`
	}
)

func writeJSON(w io.Writer, res *waterfall.Result, scenario string) error {
	s := res.Scale
	r := jsonReport{Deal: res.Deal, Scenario: scenario, Currency: res.Currency, Scale: s,
		Payments: []jsonPayment{}, Retained: amount(res.Retained(), s)}
	for _, p := range res.Payments.All() {
		r.Payments = append(r.Payments, jsonPayment{Period: p.Period + 1, Date: p.Date.Format(dateFormat), Tranche: string(p.Tranche),
			Party: string(p.Party), Kind: p.Kind.String(), Amount: amount(p.Amount, s), Before: amount(p.Before, s), After: amount(p.After, s)})
	}
	for _, p := range res.Periods {
		r.Periods = append(r.Periods, jsonPeriod{Period: p.Period.Index + 1, Start: p.Period.Start.Format(dateFormat), End: p.Period.End.Format(dateFormat),
			CarriedIn: amount(p.CarriedIn, s), Proceeds: amount(p.Proceeds, s), Costs: amount(p.Costs, s), Available: amount(p.Available, s),
			Paid: amount(p.Paid, s), Retained: amount(p.Retained, s), Contributed: amount(p.Contributed, s)})
	}
	for _, p := range res.Parties() {
		r.Parties = append(r.Parties, jsonParty{Party: string(p.Party), Name: p.Name, Role: p.Role.String(),
			Contributed: amount(p.Contributed, s), Distributed: amount(p.Distributed, s), Net: amount(p.Net(), s)})
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(r)
}
