// Command vc-exit shows who is paid, and how much, when a venture-backed
// company is sold: the liquidation preferences of its preferred series
// come first, and the founders' common sees nothing until they are paid.
//
// The company: founders' common stock, an option pool with a strike, and
// three preferred series — Series B, 1x non-participating and senior;
// Series A, 1x participating capped at 3x; Seed, 1x non-participating,
// pari passu with Series A. It prints the cap table, the payouts at
// several exit values by class and by holder, the breakpoints (the exact
// exit values at which each class starts to receive and each series
// converts), the exit the founders need before they see their first
// dollar, and the ledger of one exit run through the engine. All inputs
// are in capTable below.
package main

import (
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"

	"github.com/jvwaterfall/jvwaterfall/contract"
	"github.com/jvwaterfall/jvwaterfall/report"
	"github.com/jvwaterfall/jvwaterfall/tranche"
	"github.com/jvwaterfall/jvwaterfall/waterfall"
	"github.com/shopspring/decimal"
)

func main() {
	if err := run(os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "vc-exit:", err)
		os.Exit(1)
	}
}

func usd(s string) decimal.Decimal { return decimal.RequireFromString(s) }

// exits are the exit values (equity proceeds) the tables show.
var exits = []string{"5000000", "12000000", "15000000", "20000000", "25000000", "35250000",
	"50000000", "61750000", "71750000", "100000000", "250000000"}

// ledgerExit is the exit value run through the engine, payment by payment.
const ledgerExit = "50000000"

// parties, in the order the tables show them.
var parties = []waterfall.Party{
	{ID: "alice", Name: "Alice (founder)", Role: waterfall.RoleSponsor},
	{ID: "bob", Name: "Bob (founder)", Role: waterfall.RoleSponsor},
	{ID: "employees", Name: "Employees (options)", Role: waterfall.RoleOther},
	{ID: "seed-fund", Name: "Seed fund", Role: waterfall.RoleInvestor},
	{ID: "a-lead", Name: "Series A lead", Role: waterfall.RoleInvestor},
	{ID: "b-fund", Name: "Series B fund", Role: waterfall.RoleInvestor},
}

// capTable is the company's equity at the exit.
func capTable() (*tranche.CapTable, error) {
	return tranche.NewCapTable(tranche.CapTable{
		Name: "exit",
		Preferred: []tranche.Series{
			{Name: "Series B", Seniority: 2, Multiple: usd("1"), Holders: []tranche.Stake{
				{Party: "b-fund", Shares: usd("2000000"), Invested: usd("10000000")}}}, // $5.00 a share
			{Name: "Series A", Seniority: 1, Multiple: usd("1"), Participating: true, Cap: usd("3"), Holders: []tranche.Stake{
				{Party: "a-lead", Shares: usd("1750000"), Invested: usd("3500000")}, // $2.00 a share
				{Party: "seed-fund", Shares: usd("250000"), Invested: usd("500000")}}},
			{Name: "Seed", Seniority: 1, Multiple: usd("1"), Holders: []tranche.Stake{
				{Party: "seed-fund", Shares: usd("1000000"), Invested: usd("1000000")}}}, // $1.00 a share
		},
		Common: []tranche.CommonClass{
			{Name: "Founders", Holders: []tranche.Stake{
				{Party: "alice", Shares: usd("4000000")}, {Party: "bob", Shares: usd("3000000")}}},
			{Name: "Options", Strike: usd("0.75"), Holders: []tranche.Stake{
				{Party: "employees", Shares: usd("1000000")}}},
		},
	})
}

// deal is the company's life as a deal: the investors' money goes in at
// the rounds, the exit proceeds come out at the sale, and the cap table is
// the stack, which is offered cash only at the sale.
func deal(ct *tranche.CapTable, exit decimal.Decimal) (*waterfall.Deal, error) {
	// A period ends at each round and at the sale, so that the
	// investors' money is dated when it went in (for their IRR).
	periods, err := contract.Explicit(contract.Date(2019, 12, 31),
		contract.Date(2020, 3, 1), contract.Date(2021, 9, 1), contract.Date(2023, 5, 1), contract.Date(2026, 6, 30))
	if err != nil {
		return nil, err
	}
	return &waterfall.Deal{
		Name: "Example Robotics, Inc. — sale", Currency: "USD", Scale: 2,
		Parties: parties,
		Periods: periods,
		Contributions: []waterfall.Contribution{
			{Date: contract.Date(2020, 3, 1), Party: "seed-fund", Amount: usd("1000000")},
			{Date: contract.Date(2021, 9, 1), Party: "a-lead", Amount: usd("3500000")},
			{Date: contract.Date(2021, 9, 1), Party: "seed-fund", Amount: usd("500000")},
			{Date: contract.Date(2023, 5, 1), Party: "b-fund", Amount: usd("10000000")},
		},
		Proceeds: []contract.Flow{{Date: contract.Date(2026, 6, 30), Amount: exit}},
		Stack:    ct,
	}, nil
}

func run(w io.Writer) error {
	ct, err := capTable()
	if err != nil {
		return err
	}
	fmt.Fprintln(w, "Example Robotics, Inc. — who is paid at a sale, and when the founders see a dollar")
	fmt.Fprintln(w)
	if err := printCapTable(w, ct); err != nil {
		return err
	}
	xs := make([]decimal.Decimal, len(exits))
	for i, x := range exits {
		xs[i] = usd(x)
	}
	rows, err := ct.PayoutTable(xs, 2)
	if err != nil {
		return err
	}
	fmt.Fprintln(w, "\nPayouts by class")
	printByClass(w, ct, rows)
	fmt.Fprintln(w, "\nPayouts by holder")
	printByHolder(w, rows)
	fmt.Fprintln(w, "\nBreakpoints (exact exit values; every payout is linear between them)")
	if err := printBreakpoints(w, ct); err != nil {
		return err
	}
	first, err := ct.ExitFor("Founders", usd("1"), 2)
	if err != nil {
		return err
	}
	bs, err := ct.Breakpoints()
	if err != nil {
		return err
	}
	for _, b := range bs {
		if b.Class == "Founders" && b.Kind == tranche.BreakStart {
			fmt.Fprintf(w, "\nUp to an exit of $%s every cent goes to the preferred series' preferences.\n", money(b.Exit))
		}
	}
	fmt.Fprintf(w, "The founders see their first dollar at an exit of $%s.\n", money(first))
	return printLedger(w, ct)
}

func printCapTable(w io.Writer, ct *tranche.CapTable) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "class\tholder\tshares\tinvested\tterms")
	for _, s := range ct.Preferred {
		terms := fmt.Sprintf("%sx non-participating", s.Multiple)
		if s.Participating {
			terms = fmt.Sprintf("%sx participating", s.Multiple)
			if s.Cap.Sign() > 0 {
				terms += fmt.Sprintf(", capped at %sx", s.Cap)
			}
		}
		terms += fmt.Sprintf(", seniority %d", s.Seniority)
		for i, h := range s.Holders {
			name, t := s.Name, terms
			if i > 0 {
				name, t = "", ""
			}
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", name, h.Party, count(h.Shares), money(h.Invested), t)
		}
	}
	for _, c := range ct.Common {
		terms := "common stock"
		if c.Strike.Sign() > 0 {
			terms = "options, strike $" + c.Strike.StringFixed(2)
		}
		for i, h := range c.Holders {
			name, t := c.Name, terms
			if i > 0 {
				name, t = "", ""
			}
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", name, h.Party, count(h.Shares), "", t)
		}
	}
	return tw.Flush()
}

// printByClass prints one row per exit value: what each class receives,
// marked * when a series converted and ^ when it is held at its cap.
func printByClass(w io.Writer, ct *tranche.CapTable, rows []tranche.Distribution) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	head := []string{"exit"}
	for _, c := range rows[0].Classes {
		head = append(head, c.Class)
	}
	head = append(head, "price/share")
	fmt.Fprintln(tw, strings.Join(head, "\t")+"\t")
	for _, r := range rows {
		cells := []string{money(r.Exit)}
		for _, c := range r.Classes {
			mark := " "
			switch {
			case c.Converted:
				mark = "*"
			case c.Capped:
				mark = "^"
			case c.Exercised:
				mark = "+"
			}
			cells = append(cells, money(c.Total)+mark)
		}
		cells = append(cells, r.Price.StringFixed(4))
		fmt.Fprintln(tw, strings.Join(cells, "\t")+"\t")
	}
	tw.Flush()
	fmt.Fprintln(w, "* converted to common   ^ held at its cap   + options exercised")
}

func printByHolder(w io.Writer, rows []tranche.Distribution) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	head := []string{"exit"}
	for _, p := range parties {
		head = append(head, string(p.ID))
	}
	fmt.Fprintln(tw, strings.Join(head, "\t")+"\t")
	for _, r := range rows {
		cells := []string{money(r.Exit)}
		for _, p := range parties {
			cells = append(cells, money(r.Party(p.ID)))
		}
		fmt.Fprintln(tw, strings.Join(cells, "\t")+"\t")
	}
	tw.Flush()
}

func printBreakpoints(w io.Writer, ct *tranche.CapTable) error {
	bs, err := ct.Breakpoints()
	if err != nil {
		return err
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "exit value\tprice/share\tclass\tevent")
	for _, b := range bs {
		x := money(b.Exit)
		if !b.Exact {
			x += " (rounded)"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", x, b.Price.StringFixed(4), b.Class, b.Kind)
	}
	return tw.Flush()
}

// printLedger runs one exit through the engine and prints its payments.
func printLedger(w io.Writer, ct *tranche.CapTable) error {
	d, err := deal(ct, usd(ledgerExit))
	if err != nil {
		return err
	}
	res, err := waterfall.Run(d)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "\nLedger of a $%s sale run through the engine (%s)\n", money(usd(ledgerExit)), res.Deal)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "date\tparty\tkind\tamount\tbefore\tafter\t")
	for _, p := range res.Payments.All() {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t\n", p.Date.Format("2006-01-02"), p.Party, p.Kind,
			money(p.Amount), money(p.Before), money(p.After))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	for _, e := range res.Events {
		fmt.Fprintf(w, "%s  %s: %s\n", e.Date.Format("2006-01-02"), e.Kind, e.Detail)
	}
	tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(w)
	fmt.Fprintln(tw, "party\tname\tinvested\treceived\tmultiple\tIRR\t")
	for _, p := range res.Parties() {
		multiple, irr := "-", "-"
		if p.Contributed.Sign() > 0 {
			m, err := res.MOIC(p.Party)
			if err != nil {
				return err
			}
			r, err := res.XIRR(p.Party)
			if err != nil {
				return err
			}
			multiple, irr = m.StringFixed(2)+"x", fmt.Sprintf("%.2f%%", r*100)
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t\n", p.Party, p.Name, money(p.Contributed), money(p.Distributed), multiple, irr)
	}
	return tw.Flush()
}

// count prints a share count with thousands separators.
func count(d decimal.Decimal) string { return group(d.StringFixed(0)) }

// money prints an amount with thousands separators and cents.
func money(d decimal.Decimal) string {
	s := d.StringFixed(2)
	return group(s[:len(s)-3]) + s[len(s)-3:]
}

func group(intPart string) string { return report.GroupDigits(intPart) }
