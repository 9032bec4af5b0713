// Package openaijv is the model and the reports of examples/openai-jv,
// the seed story of jvwaterfall: a data-center joint venture of a tech
// company (Founders), a private-equity partner (PE) and senior lenders,
// run month by month for ten years under six scenarios. The program's
// documentation, flags included, is on the command.
//
// It lives here, in the library's module, so that `go test ./...` at the
// repository root runs its tests; the command, which draws its chart with
// gonum.org/v1/plot, is a module of its own, so that the library's module
// graph holds no plotting modules.
package openaijv

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"

	"github.com/jvwaterfall/jvwaterfall/metrics"
	"github.com/jvwaterfall/jvwaterfall/report"
	study "github.com/jvwaterfall/jvwaterfall/scenario"
	"github.com/jvwaterfall/jvwaterfall/tranche"
	"github.com/jvwaterfall/jvwaterfall/waterfall"
	"github.com/shopspring/decimal"
)

// options are the command line.
type options struct {
	scenario string // "" means the default summary
	format   string
	periods  report.Aggregation
	chart    string
	inputs   string
	samples  int
	noStudy  bool
}

// usage is the program's -h text, before its flags.
const usage = `usage: openai-jv [flags]

Runs a 200 MW AI data-centre JV of the Founders (a tech company, $1.5B of
equity, buying its capacity take-or-pay for five years), PE and the
Lenders month by month for ten years: construction, a DSCR-sized loan with
a GPU tranche, a reserve, a lock-up, defaults and enforcement, the GPUs
refreshed at the end of their life, a sale priced from cash flow and GPU
age. Six scenarios: base; power price spikes; a compute market falling 20%
a year; a 12-month grid delay; stranded assets after the contract; 500 MW.

With no flags it prints a summary across the scenarios: sources and uses,
who gets what and when, the debt, capex and debt by year, the Founders'
cost per used MW-month against building and renting, two goal seeks on
the compute price, three sensitivity grids and a Monte Carlo (-no-study
leaves those two out, -samples sets the draws), and the base case's
yearly table. With -scenario it prints each chosen scenario's tables
(-format table), or its ledger by -periods: csv has one header, then a
row per period of each scenario with a column per party, and each
scenario's last row is its total, labelled "total" in the period column
(leave those rows out before summing a column); json holds each
scenario's ledger and its parties' figures. Amounts are decimal strings
with every cent; periods are labelled by their year, quarter or month.

Every input of the scenarios lives in inputs.json (embedded; -inputs FILE
replaces it), each with its source or reasoning under "notes"; an unknown
field is an error naming its path. The Monte Carlo's distributions are
printed above its results.

Flags:
`

// writeUsage writes the -h text and the flags to w.
func writeUsage(w io.Writer) {
	fs := newFlagSet(&options{}, new(string))
	fs.SetOutput(w)
	fmt.Fprint(w, usage)
	fs.PrintDefaults()
}

// newFlagSet returns the program's flags, set into o and periods.
func newFlagSet(o *options, periods *string) *flag.FlagSet {
	fs := flag.NewFlagSet("openai-jv", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.StringVar(&o.scenario, "scenario", "", "base|energy|market|delay|stranded|scale|all (default: the summary)")
	fs.IntVar(&o.samples, "samples", 0, "Monte Carlo draws (default: monte_carlo.samples of the inputs)")
	fs.BoolVar(&o.noStudy, "no-study", false, "leave the grids and the Monte Carlo out of the summary")
	fs.StringVar(&o.format, "format", "table", "table|csv|json")
	fs.StringVar(periods, "periods", "yearly", "yearly|quarterly|monthly")
	fs.StringVar(&o.chart, "chart", "", "write a chart of each party's cumulative net cash in the scenarios chosen to FILE.svg or FILE.png")
	fs.StringVar(&o.inputs, "inputs", "", "read the inputs from FILE instead of the embedded inputs.json")
	return fs
}

func parseFlags(args []string) (options, error) {
	var o options
	var periods string
	fs := newFlagSet(&o, &periods)
	if err := fs.Parse(args); err != nil {
		return o, err
	}
	if fs.NArg() > 0 {
		return o, fmt.Errorf("unexpected arguments %q", fs.Args())
	}
	var errs []error
	switch periods {
	case "yearly", "quarterly", "monthly":
		o.periods, _ = report.ParseAggregation(periods)
	default:
		errs = append(errs, fmt.Errorf("-periods %q: want yearly, quarterly or monthly", periods))
	}
	if !slices.Contains([]string{"table", "csv", "json"}, o.format) {
		errs = append(errs, fmt.Errorf("-format %q: want table, csv or json", o.format))
	}
	if o.scenario == "" && o.format != "table" {
		o.scenario = "all"
	}
	if o.chart != "" && !strings.HasSuffix(o.chart, ".svg") && !strings.HasSuffix(o.chart, ".png") {
		errs = append(errs, fmt.Errorf("-chart %q: want a file name ending in .svg or .png", o.chart))
	}
	return o, errors.Join(errs...)
}

// Run is the program: it parses args, runs the scenarios and writes the
// output to w. draw writes the chart that -chart asks for, to a file whose
// name ends in .svg or .png; Run returns an error if -chart is given and
// draw is nil.
func Run(args []string, w io.Writer, draw func(path string, c Chart) error) error {
	opt, err := parseFlags(args)
	if errors.Is(err, flag.ErrHelp) {
		writeUsage(w)
		return nil
	}
	if err != nil {
		return err
	}
	in, err := loadInputs(opt.inputs, func(p string) (io.ReadCloser, error) { return os.Open(p) })
	if err != nil {
		return err
	}
	all := scenarios(in)
	chosen := all
	if opt.scenario != "" && opt.scenario != "all" {
		i := slices.IndexFunc(all, func(s scenario) bool { return s.name == opt.scenario })
		if i < 0 {
			return fmt.Errorf("-scenario %q: want base, energy, market, delay, stranded, scale or all", opt.scenario)
		}
		chosen = all[i : i+1]
	}
	outs := make([]*outcome, len(chosen))
	for i, sc := range chosen {
		if outs[i], err = runScenario(in, sc); err != nil {
			return err
		}
	}
	switch {
	case opt.scenario == "":
		err = writeSummary(w, in, outs, opt)
	case opt.format == "csv":
		err = writeCSV(w, outs, opt.periods)
	case opt.format == "json":
		err = writeJSON(w, outs, opt.periods)
	default:
		err = writeScenarios(w, outs, opt.periods)
	}
	if err != nil {
		return err
	}
	if opt.chart != "" {
		if draw == nil {
			return errors.New("-chart: this program draws no charts")
		}
		c, err := chartOf(outs)
		if err != nil {
			return fmt.Errorf("chart: %w", err)
		}
		if err := draw(opt.chart, c); err != nil {
			return fmt.Errorf("chart: %w", err)
		}
	}
	return nil
}

// millions prints an amount in millions with one decimal: 1,234.5.
func millions(d decimal.Decimal) string {
	return report.GroupDigits(d.Shift(-6).StringFixed(1))
}

// money prints an amount with thousands separators and cents.
func money(d decimal.Decimal) string { return report.GroupDigits(d.StringFixed(scale)) }

// partyLine is one party's figures in a scenario.
type partyLine struct {
	report  report.Summary
	putIn   decimal.Decimal // equity contributed, or for the lenders the loan advanced
	net     decimal.Decimal // received − put in
	irr     string          // annual, from dated flows; "n/a" when no rate solves them
	irrVal  *float64
	payback report.Payback // when it had all it put in back
}

func (o *outcome) parties() ([]partyLine, error) {
	reps, err := report.Summaries(o.res, nil)
	if err != nil {
		return nil, err
	}
	out := make([]partyLine, len(reps))
	for i, rep := range reps {
		l := partyLine{report: rep, putIn: rep.Contributed}
		var x float64
		var err error
		l.payback = rep.Payback
		if rep.Party == lenders {
			// The cash they advanced, not report.PaybackOf's capital,
			// which counts the interest capitalised into the loan too.
			l.payback = lenderPayback(o.res)
		}
		if rep.Party == lenders && rep.Contributed.IsZero() {
			// A Result that does not book the lenders' draws as their
			// contributions: read them from the draw source.
			l.putIn = advanced(o.res)
			x, err = metrics.XIRR(lenderFlows(o.res))
		} else {
			x, err = o.res.XIRR(rep.Party)
		}
		l.irr = "n/a"
		if err == nil {
			l.irr, l.irrVal = fmt.Sprintf("%.2f%%", 100*x), &x
		}
		l.net = rep.Distributed.Sub(rep.PaidOut).Sub(l.putIn)
		out[i] = l
	}
	return out, nil
}

// paybackText prints a payback as its month and month count, or "never".
func paybackText(p report.Payback) string {
	if !p.Reached {
		return "never"
	}
	return fmt.Sprintf("%s (m%d)", p.Date.Format("2006-01"), p.Period)
}

// lenderPayback is when the lenders had received the cash they advanced:
// report.PaybackOf's rule, but with the loan's draws as the capital
// (PaybackOf takes the principal repaid when that is more, so it counts
// the interest capitalised during construction as capital too).
func lenderPayback(res *waterfall.Result) report.Payback {
	owed := advanced(res)
	got := decimal.Zero
	for _, p := range res.Payments.All() {
		if p.Party != lenders {
			continue
		}
		got = got.Add(p.Amount)
		if got.GreaterThanOrEqual(owed) {
			return report.Payback{Reached: true, Period: p.Period, Date: res.Periods[p.Period].Period.End}
		}
	}
	return report.Payback{}
}

// when prints a first payment as its month and the month count after
// closing: "2027-08 (m8)", or "never".
func when(fp report.FirstPayment) string {
	if !fp.Paid {
		return "never"
	}
	return fmt.Sprintf("%s (m%d)", fp.Date.Format("2006-01"), fp.Period)
}

// seekLine prints a goal seek's answer or why there is none.
func seekLine(s study.Seek, err error) string {
	if err != nil {
		if errors.Is(err, study.ErrUnreachable) {
			return "unreachable: " + err.Error()
		}
		return "failed: " + err.Error()
	}
	return money(s.Value) + fmt.Sprintf(" (%d runs)", s.Runs)
}

func writeScenarios(w io.Writer, outs []*outcome, agg report.Aggregation) error {
	for i, o := range outs {
		if i > 0 {
			fmt.Fprintln(w)
		}
		fmt.Fprintf(w, "Scenario %s: %s\n\n", o.scenario.name, o.scenario.title)
		lines, err := o.parties()
		if err != nil {
			return err
		}
		for _, l := range lines {
			r := l.report
			fmt.Fprintf(w, "%s: put in %s, received %s, net %s, IRR %s, payback %s\n", r.Name, money(l.putIn), money(r.Distributed), money(l.net), l.irr, paybackText(l.payback))
			for _, fp := range []struct {
				what string
				fp   report.FirstPayment
			}{{"first paid", r.First}} {
				fmt.Fprintf(w, "  %-12s %s", fp.what, when(fp.fp))
				var parts []string
				for _, b := range fp.fp.Before {
					parts = append(parts, fmt.Sprintf("%s %s", b.Party, money(b.Amount)))
				}
				fmt.Fprintf(w, "; before it: %s; breakpoint %s\n", strings.Join(parts, ", "), money(fp.fp.Breakpoint))
			}
			for _, t := range r.Tiers {
				fmt.Fprintf(w, "  %-12s %-12s %-10s %22s\n", "tier", t.Tranche, t.Kind, money(t.Amount))
			}
		}
		fmt.Fprintln(w)
		if err := writeYears(w, o); err != nil {
			return err
		}
		if len(o.res.Events) > 0 {
			fmt.Fprintln(w, "Events:")
			for _, e := range o.res.Events {
				fmt.Fprintf(w, "  %s (m%d)  %-8s %-16s %s\n", e.Date.Format("2006-01-02"), e.Period, e.Tranche, e.Kind, e.Detail)
			}
			fmt.Fprintln(w)
		}
		l, err := report.NewLedger(o.res, agg)
		if err != nil {
			return err
		}
		if err := l.WriteTable(w); err != nil {
			return err
		}
	}
	return nil
}

func writeCSV(w io.Writer, outs []*outcome, agg report.Aggregation) error {
	var header []string
	var records [][]string
	for _, o := range outs {
		l, err := report.NewLedger(o.res, agg)
		if err != nil {
			return err
		}
		header = append([]string{"scenario"}, l.Header()...)
		for _, rec := range l.Records() {
			records = append(records, append([]string{o.scenario.name}, rec...))
		}
	}
	return writeRecords(w, header, records)
}

// jsonFirst is a first payment in JSON.
type jsonFirst struct {
	Paid       bool              `json:"paid"`
	Period     *int              `json:"period"`
	Date       *string           `json:"date"`
	Before     map[string]string `json:"before"`
	Breakpoint string            `json:"breakpoint"`
}

type jsonTier struct {
	Tranche tranche.TrancheID `json:"tranche"`
	Kind    tranche.Kind      `json:"kind"`
	Amount  string            `json:"amount"`
}

type jsonParty struct {
	Party     tranche.PartyID `json:"party"`
	Role      string          `json:"role"`
	PutIn     string          `json:"put_in"`
	Received  string          `json:"received"`
	Net       string          `json:"net"`
	IRR       *float64        `json:"irr"` // a rate, not money: a JSON number, null when no rate solves the flows
	FirstPaid jsonFirst       `json:"first_paid"`
	Payback   *string         `json:"payback"`
	Tiers     []jsonTier      `json:"tiers"`
}

type jsonScenario struct {
	Scenario string         `json:"scenario"`
	Title    string         `json:"title"`
	Parties  []jsonParty    `json:"parties"`
	Ledger   *report.Ledger `json:"ledger"`
}

func toJSONFirst(fp report.FirstPayment) jsonFirst {
	f := func(d decimal.Decimal) string { return d.StringFixed(scale) }
	out := jsonFirst{Paid: fp.Paid, Before: map[string]string{}, Breakpoint: f(fp.Breakpoint)}
	if fp.Paid {
		p, d := fp.Period, fp.Date.Format("2006-01-02")
		out.Period, out.Date = &p, &d
	}
	for _, b := range fp.Before {
		out.Before[string(b.Party)] = f(b.Amount)
	}
	return out
}

func writeJSON(w io.Writer, outs []*outcome, agg report.Aggregation) error {
	f := func(d decimal.Decimal) string { return d.StringFixed(scale) }
	var all []jsonScenario
	for _, o := range outs {
		lines, err := o.parties()
		if err != nil {
			return err
		}
		l, err := report.NewLedger(o.res, agg)
		if err != nil {
			return err
		}
		js := jsonScenario{Scenario: o.scenario.name, Title: o.scenario.title, Ledger: l}
		for _, line := range lines {
			r := line.report
			jp := jsonParty{Party: r.Party, Role: r.Role.String(), PutIn: f(line.putIn), Received: f(r.Distributed), Net: f(line.net),
				FirstPaid: toJSONFirst(r.First), Tiers: []jsonTier{}}
			if line.payback.Reached {
				s := line.payback.Date.Format("2006-01-02")
				jp.Payback = &s
			}
			jp.IRR = line.irrVal
			for _, t := range r.Tiers {
				jp.Tiers = append(jp.Tiers, jsonTier{Tranche: t.Tranche, Kind: t.Kind, Amount: f(t.Amount)})
			}
			js.Parties = append(js.Parties, jp)
		}
		all = append(all, js)
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(all)
}
