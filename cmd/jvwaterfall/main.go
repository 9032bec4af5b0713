// Command jvwaterfall reads a deal, or a fund run deal by deal, written in
// the JSON deal spec (docs/spec.md), applies an optional scenario, runs it
// and prints its ledger.
//
// Usage:
//
//	go run ./cmd/jvwaterfall [-scenario FILE] [-format table|csv|json] DEAL
//
// DEAL is a file name, or "-" for standard input. The table (the default)
// lists every payment with its period, date, tranche, party, kind, amount
// and the balance before and after it, then each party's totals; csv
// prints the payments only, one per row; json prints payments, periods and
// party totals with every amount as a decimal string.
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
// replaces what is there, or becomes a new member of an object (such as
// "/costs" in a deal that has none), or, for a path ending in "/-", is
// appended to an array. Array indexes and the objects on the way must
// exist. Unknown fields are errors. The changed deal is
// checked as strictly as the original.
//
// Exit status: 0 on success; 2 on bad input (usage, a deal or scenario
// that cannot be read or is invalid), with every problem printed to
// standard error, one per line, with its path; 1 if the run itself fails.
package main

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/jvwaterfall/jvwaterfall/contract"
	"github.com/jvwaterfall/jvwaterfall/fund"
	"github.com/jvwaterfall/jvwaterfall/spec"
	"github.com/jvwaterfall/jvwaterfall/tranche"
	"github.com/jvwaterfall/jvwaterfall/waterfall"
	"github.com/shopspring/decimal"
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

// maxScenarioBytes is the largest scenario file.
const maxScenarioBytes = 1 << 20

func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("jvwaterfall", flag.ContinueOnError)
	fs.SetOutput(stderr)
	scenarioFile := fs.String("scenario", "", "apply the scenario in `FILE` before running")
	format := fs.String("format", "table", "output `format`: table, csv or json")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: jvwaterfall [-scenario FILE] [-format table|csv|json] DEAL   (DEAL may be - for stdin)")
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
	scenario := ""
	if *scenarioFile != "" {
		sc, err := readScenario(*scenarioFile)
		if err != nil {
			printErrors(stderr, *scenarioFile, err)
			return exitBadInput
		}
		changed, err := sc.apply(src)
		if err != nil {
			printErrors(stderr, *scenarioFile, err)
			return exitBadInput
		}
		if doc, err = spec.Unmarshal(changed); err != nil {
			printErrors(stderr, name+" with "+*scenarioFile, err)
			return exitBadInput
		}
		scenario = sc.Name
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
		err = writeJSON(stdout, res, scenario)
	default:
		err = writeTable(stdout, res, scenario)
	}
	if err != nil {
		fmt.Fprintf(stderr, "jvwaterfall: %v\n", err)
		return exitRun
	}
	return exitOK
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

func readDeal(name string, stdin io.Reader) ([]byte, error) {
	var r io.Reader = stdin
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
	return src, nil
}

// printErrors prints every error in err, one per line, prefixed with what
// was being read.
func printErrors(w io.Writer, what string, err error) {
	for _, e := range contract.Errors(err) {
		fmt.Fprintf(w, "%s: %v\n", what, e)
	}
}

// scenario is a named list of changes to a deal's JSON.
type scenario struct {
	Name string   `json:"name"`
	Set  []change `json:"set"`
}

type change struct {
	Path  string          `json:"path"`  // a JSON Pointer, RFC 6901
	Value json.RawMessage `json:"value"` // any JSON value
}

func readScenario(name string) (*scenario, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	src, err := io.ReadAll(io.LimitReader(f, maxScenarioBytes+1))
	if err != nil {
		return nil, err
	}
	if len(src) > maxScenarioBytes {
		return nil, fmt.Errorf("scenario is more than %d bytes", maxScenarioBytes)
	}
	dec := json.NewDecoder(bytes.NewReader(src))
	dec.DisallowUnknownFields()
	var sc scenario
	if err := dec.Decode(&sc); err != nil {
		return nil, fmt.Errorf("reading the scenario: %w", err)
	}
	if dec.More() {
		return nil, errors.New("reading the scenario: data after the scenario")
	}
	var errs []error
	for i, c := range sc.Set {
		if !strings.HasPrefix(c.Path, "/") {
			errs = append(errs, contract.Field(fmt.Sprintf("set[%d].path", i), fmt.Errorf("%q is not a JSON Pointer such as \"/proceeds/0/amount\": %w", c.Path, contract.ErrInvalid)))
		}
		if len(c.Value) == 0 {
			errs = append(errs, contract.Field(fmt.Sprintf("set[%d].value", i), contract.ErrRequired))
		}
	}
	return &sc, errors.Join(errs...)
}

// apply returns the deal's JSON with the scenario's changes made. The deal
// was decoded strictly already, so it has no duplicate keys to lose.
func (sc *scenario) apply(src []byte) ([]byte, error) {
	dec := json.NewDecoder(bytes.NewReader(src))
	dec.UseNumber()
	var doc any
	if err := dec.Decode(&doc); err != nil {
		return nil, err
	}
	var errs []error
	for i, c := range sc.Set {
		dec := json.NewDecoder(bytes.NewReader(c.Value))
		dec.UseNumber()
		var v any
		if err := dec.Decode(&v); err != nil {
			errs = append(errs, contract.Field(fmt.Sprintf("set[%d].value", i), err))
			continue
		}
		var err error
		if doc, err = setPointer(doc, c.Path, v); err != nil {
			errs = append(errs, contract.Field(fmt.Sprintf("set[%d].path", i), err))
		}
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return json.Marshal(doc)
}

// setPointer sets the value at the JSON Pointer ptr in doc: it replaces a
// value, adds a member to an object, or appends to an array for a last
// token "-".
func setPointer(doc any, ptr string, v any) (any, error) {
	tokens := strings.Split(ptr, "/")[1:]
	for i, t := range tokens {
		tokens[i] = strings.ReplaceAll(strings.ReplaceAll(t, "~1", "/"), "~0", "~")
	}
	var set func(node any, tokens []string) (any, error)
	set = func(node any, tokens []string) (any, error) {
		if len(tokens) == 0 {
			return v, nil
		}
		t := tokens[0]
		switch n := node.(type) {
		case map[string]any:
			child, ok := n[t]
			if !ok && len(tokens) == 1 {
				n[t] = v
				return n, nil
			}
			if !ok {
				return nil, fmt.Errorf("%q: no field %q: %w", ptr, t, contract.ErrInvalid)
			}
			nv, err := set(child, tokens[1:])
			if err != nil {
				return nil, err
			}
			n[t] = nv
			return n, nil
		case []any:
			if t == "-" && len(tokens) == 1 {
				return append(n, v), nil
			}
			i, err := strconv.Atoi(t)
			if err != nil || i < 0 || i >= len(n) || (len(t) > 1 && t[0] == '0') {
				return nil, fmt.Errorf("%q: no element %q in an array of %d: %w", ptr, t, len(n), contract.ErrInvalid)
			}
			nv, err := set(n[i], tokens[1:])
			if err != nil {
				return nil, err
			}
			n[i] = nv
			return n, nil
		}
		return nil, fmt.Errorf("%q: %q is inside a value that is not an object or array: %w", ptr, t, contract.ErrInvalid)
	}
	return set(doc, tokens)
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
