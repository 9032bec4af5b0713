// Package openaijv is the model and the reports of examples/openai-jv,
// the seed story of jvwaterfall: a data-center joint venture of a tech
// company (Founders), a private-equity partner (PE) and senior lenders,
// run month by month for ten years under five scenarios. The program's
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
	"text/tabwriter"

	"github.com/jvwaterfall/jvwaterfall/contract"
	"github.com/jvwaterfall/jvwaterfall/metrics"
	"github.com/jvwaterfall/jvwaterfall/report"
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
}

// usage is the program's -h text, before its flags.
const usage = `usage: openai-jv [flags]

Runs the data-center JV of the Founders, PE and the Lenders month by month
for ten years under five scenarios (base; energy +50% from year 2;
utilisation down to 60% under the take-or-pay minimum; GPUs obsolete 24
months after COD with a refresh called from the partners; all three), and
answers who is paid before the Founders' first dollar, when they first see
profit, and their all-in position once the compute bill is counted.

With no flags it prints a summary across the scenarios, two goal seeks on
the compute price, and the base case's yearly table. With -scenario it
prints each chosen scenario's tables (-format table), or its ledger by
-periods: csv has one header, then a row per period of each scenario with
a column per party, and each scenario's last row is its total, labelled
"total" in the period column (leave those rows out before summing a
column); json holds each scenario's ledger and its parties' figures.
Amounts are decimal strings with every cent; periods are labelled by
their year, quarter or month.

Every input is illustrative and lives in inputs.json (embedded; -inputs
FILE replaces it); an unknown field is an error naming its path.

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
	fs.StringVar(&o.scenario, "scenario", "", "base|energy|utilisation|obsolescence|combined|all (default: the summary)")
	fs.StringVar(&o.format, "format", "table", "table|csv|json")
	fs.StringVar(periods, "periods", "yearly", "yearly|quarterly|monthly")
	fs.StringVar(&o.chart, "chart", "", "write a chart of cumulative distributions in the first scenario chosen to FILE.svg or FILE.png")
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
			return fmt.Errorf("-scenario %q: want base, energy, utilisation, obsolescence, combined or all", opt.scenario)
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
		err = writeSummary(w, in, outs, opt.periods)
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
		c, err := chartOf(outs[0])
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
	report report.Summary
	putIn  decimal.Decimal // equity contributed, or for the lenders the loan advanced
	net    decimal.Decimal // received − put in
	irr    string          // annual, from dated flows; "n/a" when no rate solves them
	irrVal *float64
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
		if rep.Party == lenders {
			l.putIn = l.putIn.Add(advanced(o.res))
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

// when prints a first payment as its month and the month count after
// closing: "2027-08 (m8)", or "never".
func when(fp report.FirstPayment) string {
	if !fp.Paid {
		return "never"
	}
	return fmt.Sprintf("%s (m%d)", fp.Date.Format("2006-01"), fp.Period)
}

func before(fp report.FirstPayment, id tranche.PartyID) decimal.Decimal {
	for _, b := range fp.Before {
		if b.Party == id {
			return b.Amount
		}
	}
	return decimal.Zero
}

func writeSummary(w io.Writer, in Inputs, outs []*outcome, agg report.Aggregation) error {
	fmt.Fprintf(w, "%s: Founders %s and PE %s of equity, Lenders %s of senior debt at %s%%;\n", in.Deal,
		millions(in.Founders.Equity)+"M", millions(in.PE.Equity)+"M", millions(in.Debt.Amount)+"M", pct(in.Debt.Rate))
	fmt.Fprintf(w, "%s MW sold to the Founders take-or-pay at %s per MW-month (+%s%% a year), minimum %s%%.\n",
		in.Facility.CapacityMW, money(in.Compute.PricePerMWMonth), pct(in.Compute.Escalation), pct(in.Compute.MinimumShare))
	fmt.Fprintf(w, "Waterfall: energy and opex, senior debt (DSCR %sx trap), PE %s%% pref, capital pro rata,\n", in.Debt.MinDSCR.StringFixed(2), pct(in.PE.PrefRate))
	fmt.Fprintf(w, "PE catch-up to %s%%, then %s/%s with PE's promote. Amounts in %s millions.\n\n",
		pct(in.PE.CatchUpTarget), pct(decimal.NewFromInt(1).Sub(in.PE.Promote)), pct(in.PE.Promote), in.Currency)

	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "scenario\tparty\tput in\treceived\tnet\tIRR\tfirst paid\tfirst profit\t")
	lines := make([][]partyLine, len(outs))
	for i, o := range outs {
		ls, err := o.parties()
		if err != nil {
			return err
		}
		lines[i] = ls
		for j, l := range ls {
			name := ""
			if j == 0 {
				name = o.scenario.name
			}
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t\n", name, l.report.Name, millions(l.putIn), millions(l.report.Distributed),
				millions(l.net), l.irr, when(l.report.First), when(l.report.FirstProfit))
		}
	}
	if err := tw.Flush(); err != nil {
		return err
	}

	fmt.Fprintln(w, "\nPaid before the Founders' first dollar, and before their first profit")
	tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "scenario\tfirst dollar\tLenders\tPE\tbreakpoint\tfirst profit\tLenders\tPE\tbreakpoint\t")
	for i, o := range outs {
		f := lines[i][2].report
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t\n", o.scenario.name,
			when(f.First), millions(before(f.First, lenders)), millions(before(f.First, pe)), millions(f.First.Breakpoint),
			when(f.FirstProfit), millions(before(f.FirstProfit, lenders)), millions(before(f.FirstProfit, pe)), millions(f.FirstProfit.Breakpoint))
	}
	if err := tw.Flush(); err != nil {
		return err
	}

	fmt.Fprintln(w, "\nFounders all-in: JV distributions − compute bill − equity")
	tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "scenario\tequity\tcompute bill\tof which unused\tdistributions\tnet\t")
	for _, o := range outs {
		p := o.position
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t\n", o.scenario.name, millions(p.Equity), millions(p.TakeOrPay),
			millions(p.Unused), millions(p.Distributions), millions(p.Net))
	}
	if err := tw.Flush(); err != nil {
		return err
	}

	fmt.Fprintf(w, "\nGoal seek on the compute price per MW-month, %s to %s:\n", money(in.GoalSeek.PriceLo), money(in.GoalSeek.PriceHi))
	irrSeek, err := seekIRR(in)
	fmt.Fprintf(w, "  Founders' equity IRR at least %s%% (base):  %s\n", pct(in.GoalSeek.TargetIRR), seekLine(irrSeek, err))
	paidSeek, err := seekPaidBy(in)
	fmt.Fprintf(w, "  Founders paid by the end of year %d (combined):  %s\n", in.GoalSeek.PaidByYear, seekLine(paidSeek, err))

	for _, o := range outs {
		if o.scenario.name == "base" {
			fmt.Fprintf(w, "\nBase case, %s, %s (Lenders, PE, Founders: what each received):\n", agg, in.Currency)
			l, err := report.NewLedger(o.res, agg)
			if err != nil {
				return err
			}
			return l.WriteTable(w)
		}
	}
	return nil
}

// seekLine prints a goal seek's answer or why there is none.
func seekLine(s waterfall.Seek, err error) string {
	if err != nil {
		if errors.Is(err, waterfall.ErrUnreachable) {
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
			fmt.Fprintf(w, "%s (%s): put in %s, received %s, net %s, IRR %s\n", r.Name, r.Role, money(l.putIn), money(r.Distributed), money(l.net), l.irr)
			for _, fp := range []struct {
				what string
				fp   report.FirstPayment
			}{{"first paid", r.First}, {"first profit", r.FirstProfit}} {
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
		p := o.position
		fmt.Fprintf(w, "Founders all-in: distributions %s − compute bill %s (of which unused capacity %s) − equity %s = %s\n\n",
			money(p.Distributions), money(p.TakeOrPay), money(p.Unused), money(p.Equity), money(p.Net))
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
	Party       tranche.PartyID `json:"party"`
	Role        string          `json:"role"`
	PutIn       string          `json:"put_in"`
	Received    string          `json:"received"`
	Net         string          `json:"net"`
	IRR         *string         `json:"irr"`
	FirstPaid   jsonFirst       `json:"first_paid"`
	FirstProfit jsonFirst       `json:"first_profit"`
	Tiers       []jsonTier      `json:"tiers"`
}

type jsonPosition struct {
	Equity        string `json:"equity"`
	Distributions string `json:"distributions"`
	ComputeBill   string `json:"compute_bill"`
	Unused        string `json:"unused_capacity"`
	Net           string `json:"net"`
}

type jsonScenario struct {
	Scenario string         `json:"scenario"`
	Title    string         `json:"title"`
	Parties  []jsonParty    `json:"parties"`
	Founders jsonPosition   `json:"founders_all_in"`
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
		p := o.position
		js := jsonScenario{Scenario: o.scenario.name, Title: o.scenario.title, Ledger: l,
			Founders: jsonPosition{Equity: f(p.Equity), Distributions: f(p.Distributions), ComputeBill: f(p.TakeOrPay), Unused: f(p.Unused), Net: f(p.Net)}}
		for _, line := range lines {
			r := line.report
			jp := jsonParty{Party: r.Party, Role: r.Role.String(), PutIn: f(line.putIn), Received: f(r.Distributed), Net: f(line.net),
				FirstPaid: toJSONFirst(r.First), FirstProfit: toJSONFirst(r.FirstProfit), Tiers: []jsonTier{}}
			if line.irrVal != nil {
				s := fmt.Sprintf("%.6f", *line.irrVal)
				jp.IRR = &s
			}
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

// paidBy is the end of year n after closing.
func (in Inputs) paidBy() contract.Period {
	end := in.month(12 * in.GoalSeek.PaidByYear)
	return contract.Period{Start: in.Closing.Time, End: end}
}
