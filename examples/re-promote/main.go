// Command re-promote runs a real-estate joint venture through a promote
// waterfall with IRR hurdles and prints who was paid, when and why.
//
// The JV: an investor puts in 90% of the equity and the sponsor (the
// operator) 10%, pari passu. The property is bought on 2020-06-30 with
// $20M of equity, throws off annual cash flow for six years and is sold on
// 2026-06-30. Distributions go
//
//  1. 8% preferred return (cumulative, compounding annually), pro rata;
//  2. return of capital, pro rata;
//  3. 80/20 until the investor's IRR is 12%: 80% to the partners pro rata
//     (investor 72%, sponsor 8%), 20% promote to the sponsor;
//  4. 70/30 until the investor's IRR is 15%;
//  5. 60/40 after that.
//
// All inputs are in jv() below.
package main

import (
	"fmt"
	"io"
	"os"
	"text/tabwriter"
	"time"

	"github.com/jvwaterfall/jvwaterfall/contract"
	"github.com/jvwaterfall/jvwaterfall/report"
	"github.com/jvwaterfall/jvwaterfall/tranche"
	"github.com/jvwaterfall/jvwaterfall/waterfall"
	"github.com/shopspring/decimal"
)

func main() {
	if err := run(os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "re-promote:", err)
		os.Exit(1)
	}
}

func usd(s string) decimal.Decimal { return decimal.RequireFromString(s) }

func irr(r string) contract.Rate {
	return contract.Rate{Annual: usd(r), Compounding: contract.Annual, DayCount: contract.ACT365F}
}

// The JV's terms, in one place.
var (
	investor, sponsor = tranche.PartyID("INV"), tranche.PartyID("SPON")
	partners          = []tranche.PartyID{investor, sponsor}
	closing           = contract.Date(2020, 6, 30)
	equity            = usd("20000000")
	pref              = irr("0.08")
	// Tiers: the hurdle (zero for the last), the partners' share, the promote.
	tiers = []struct {
		id      tranche.TrancheID
		hurdle  contract.Rate
		promote decimal.Decimal
	}{
		{"80/20 to 12%", irr("0.12"), usd("0.20")},
		{"70/30 to 15%", irr("0.15"), usd("0.30")},
		{"60/40", contract.Rate{}, usd("0.40")},
	}
	// Net operating cash flow distributed at each anniversary, years 1-6.
	cashFlow = []string{"1100000", "1250000", "1400000", "1500000", "1550000", "1600000"}
	// Net sale proceeds after debt repayment and costs, on 2026-06-30.
	saleProceeds = usd("40000000")
)

// jv builds the deal with the given net sale proceeds.
func jv(sale decimal.Decimal) (*waterfall.Deal, error) {
	// Period 0 is the quarter that ends at closing; then one period a year.
	var ends []time.Time
	for y := 2020; y <= 2026; y++ {
		ends = append(ends, contract.Date(y, 6, 30))
	}
	periods, err := contract.Explicit(contract.Date(2020, 3, 31), ends...)
	if err != nil {
		return nil, err
	}
	prefT, err := tranche.NewPreferredReturn(tranche.PreferredReturn{Name: "8% pref", Rate: pref, Parties: partners})
	if err != nil {
		return nil, err
	}
	roc, err := tranche.NewReturnOfCapital(tranche.ReturnOfCapital{Name: "capital", Parties: partners})
	if err != nil {
		return nil, err
	}
	stack := []tranche.Tranche{prefT, roc}
	for _, tr := range tiers {
		shares := []tranche.Share{
			{Parties: partners, Weight: decimal.NewFromInt(1).Sub(tr.promote)},
			{Parties: []tranche.PartyID{sponsor}, Weight: tr.promote, Promote: true},
		}
		var t tranche.Tranche
		if tr.hurdle.Annual.IsZero() {
			t, err = tranche.NewSplit(tranche.Split{Name: tr.id, Shares: shares})
		} else {
			t, err = tranche.NewHurdle(tranche.Hurdle{Name: tr.id, Rate: tr.hurdle, Investors: []tranche.PartyID{investor}, Shares: shares})
		}
		if err != nil {
			return nil, err
		}
		stack = append(stack, t)
	}
	var proceeds []contract.Flow
	for i, c := range cashFlow {
		proceeds = append(proceeds, contract.Flow{Date: contract.Date(2021+i, 6, 30), Amount: usd(c)})
	}
	proceeds = append(proceeds, contract.Flow{Date: contract.Date(2026, 6, 30), Amount: sale})
	return &waterfall.Deal{
		Name:     "Harbor Point apartments JV",
		Currency: "USD",
		Scale:    2,
		Parties: []waterfall.Party{
			{ID: investor, Name: "Investor (90%)", Commitment: usd("18000000")},
			{ID: sponsor, Name: "Sponsor (10%)", Role: waterfall.RoleSponsor, Commitment: usd("2000000")},
		},
		Periods:  periods,
		Calls:    []waterfall.Call{{Date: closing, Amount: equity}},
		Proceeds: proceeds,
		Stack:    tranche.Sequence(stack...),
	}, nil
}

func run(w io.Writer) error {
	deal, err := jv(saleProceeds)
	if err != nil {
		return err
	}
	res, err := waterfall.Run(deal)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "%s — 90/10 co-invest, 8%% pref, 80/20 to a 12%% IRR, 70/30 to 15%%, 60/40 after\n\n", res.Deal)
	printPeriods(w, res)
	fmt.Fprintln(w)
	return printParties(w, res)
}

// printPeriods prints one row per period: the cash in and what each
// tranche paid, and of that the sponsor's promote.
func printPeriods(w io.Writer, res *waterfall.Result) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	cols := []tranche.TrancheID{"8% pref", "capital"}
	for _, t := range tiers {
		cols = append(cols, t.id)
	}
	fmt.Fprint(tw, "year\tdate\tcontributed\tcash in\t")
	for _, c := range cols {
		fmt.Fprintf(tw, "%s\t", c)
	}
	fmt.Fprintln(tw, "promote\tretained\t")
	n := len(res.Periods)
	paid := make([]map[tranche.TrancheID]decimal.Decimal, n+1) // the last row is the total
	promote := make([]decimal.Decimal, n+1)
	for i := range paid {
		paid[i] = map[tranche.TrancheID]decimal.Decimal{}
	}
	for _, p := range res.Payments.All() {
		for _, i := range []int{p.Period, n} {
			paid[i][p.Tranche] = paid[i][p.Tranche].Add(p.Amount)
			if p.Kind == tranche.KindPromote || p.Kind == tranche.KindCatchUp {
				promote[i] = promote[i].Add(p.Amount)
			}
		}
	}
	contributed, in := decimal.Zero, decimal.Zero
	row := func(i int, label, date string, c, cash, retained decimal.Decimal) {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t", label, date, money(c), money(cash))
		for _, col := range cols {
			fmt.Fprintf(tw, "%s\t", money(paid[i][col]))
		}
		fmt.Fprintf(tw, "%s\t%s\t\n", money(promote[i]), money(retained))
	}
	for i, s := range res.Periods {
		contributed, in = contributed.Add(s.Contributed), in.Add(s.Proceeds)
		row(i, fmt.Sprint(i), s.Period.End.Format("2006-01-02"), s.Contributed, s.Proceeds, s.Retained)
	}
	row(n, "total", "", contributed, in, res.Retained())
	tw.Flush()
}

// printParties prints each party's totals, returns and promote.
func printParties(w io.Writer, res *waterfall.Result) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "party\tname\tcontributed\tdistributed\tpref\tcapital\tprofit\tpromote\tXIRR\tmultiple\tpromote/profit\t")
	for _, p := range res.Parties() {
		m, err := report.SummaryOf(res, p.Party, decimal.Zero)
		if err != nil {
			return err
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%.2f%%\t%sx\t%s%%\t\n", p.Party, p.Name,
			money(p.Contributed), money(p.Distributed), money(p.ByKind[tranche.KindPref]),
			money(p.ByKind[tranche.KindCapital]), money(p.ByKind[tranche.KindProfit]), money(m.Promote),
			m.XIRR*100, m.TVPI.StringFixed(2), m.PromoteShare.Shift(2).StringFixed(2))
	}
	return tw.Flush()
}

// money prints an amount with thousands separators and cents.
func money(d decimal.Decimal) string { return report.GroupDigits(d.StringFixed(2)) }
