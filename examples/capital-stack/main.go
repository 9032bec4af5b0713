// Command capital-stack runs a leveraged real-asset joint venture through
// its whole capital stack, quarter by quarter, and prints who is paid, in
// what order, and what happens when a bad year trips the senior lender's
// covenant.
//
// The stack, senior first:
//
//   - senior loan: 55,000,000 at 6% fixed (30/360), two years interest
//     only, then level quarterly payments on a 30-year profile, balloon at
//     year 7; 1% upfront fee; DSCR covenant of 1.25x that traps cash until
//     it passes two quarters in a row;
//   - debt-service reserve account: the next two quarters of senior debt
//     service, funded at closing and topped up from cash flow;
//   - mezzanine loan: 15,000,000 floating (index path, 2% floor, +6.5%)
//     with 3% PIK on top, unpaid cash interest capitalised, bullet at year
//     7; 1% upfront fee;
//   - preferred equity: 10,000,000, 12% coupon of which 8% current pay,
//     redeemed at year 7 with at least 1.35x;
//   - common equity (LP 90%, GP 10%): capital, 8% preferred return, 100% GP
//     catch-up to 20%, then 80/20 — behind the covenant's cash trap.
//
// All inputs are in jv() below.
package main

import (
	"fmt"
	"io"
	"os"
	"text/tabwriter"

	"github.com/jvwaterfall/jvwaterfall/source"

	"github.com/jvwaterfall/jvwaterfall/contract"
	"github.com/jvwaterfall/jvwaterfall/report"
	"github.com/jvwaterfall/jvwaterfall/tranche"
	"github.com/jvwaterfall/jvwaterfall/waterfall"
	"github.com/shopspring/decimal"
)

func main() {
	if err := run(os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "capital-stack:", err)
		os.Exit(1)
	}
}

func usd(s string) decimal.Decimal { return decimal.RequireFromString(s) }

// The terms, in one place.
var (
	closing   = contract.Date(2024, 12, 31)
	quarters  = 28
	seniorAmt = usd("55000000")
	mezzAmt   = usd("15000000")
	peAmt     = usd("10000000")
	commonAmt = usd("21650000") // 20,000,000 of the purchase + the 1,650,000 DSRA funded at closing
	dsraAtClo = usd("1650000")  // two quarters of interest-only senior service: 2 × 825,000
	index     = []contract.IndexFixing{
		{Date: contract.Date(2024, 1, 1), Rate: usd("0.0450")},
		{Date: contract.Date(2026, 1, 1), Rate: usd("0.0350")},
		{Date: contract.Date(2027, 1, 1), Rate: usd("0.0150")}, // below the 2% floor
		{Date: contract.Date(2029, 1, 1), Rate: usd("0.0300")},
	}
	mezzFloor = usd("0.02")
	mezzSprd  = usd("0.065")
	exitValue = usd("140000000")
	lp, gp    = tranche.PartyID("LP"), tranche.PartyID("GP")
)

// noi is the asset's net operating income in quarter q (1-based): 2,000,000
// growing by 20,000 a quarter, with a bad year 3 (quarters 9 to 12) at
// 1,150,000.
func noi(q int) decimal.Decimal {
	if q >= 9 && q <= 12 {
		return usd("1150000")
	}
	return usd("2000000").Add(decimal.NewFromInt(int64(20000 * (q - 1))))
}

type stack struct {
	deal         *waterfall.Deal
	senior, mezz *contract.LoanPlan
}

func jv() (*stack, error) {
	// Period 0 is the closing quarter: loans fund and fees are paid at its
	// end; quarters 1..28 follow.
	periods, err := contract.Schedule{Start: contract.AddMonths(closing, -3, true), End: contract.AddMonths(closing, 3*quarters, true),
		Frequency: contract.EveryQuarter, EndOfMonth: true}.Periods()
	if err != nil {
		return nil, err
	}
	maturity := periods[quarters].End
	day := contract.Thirty360US
	seniorPlan, err := contract.Loan{
		Commitment:   seniorAmt,
		Draws:        []contract.Flow{{Date: closing, Amount: seniorAmt}},
		Rate:         contract.Rate{Annual: usd("0.06"), DayCount: day},
		Amortization: contract.LevelPayment,
		Frequency:    contract.EveryQuarter,
		InterestOnly: 8,
		Amortize:     120,
		Maturity:     maturity,
		UpfrontFee:   usd("0.01"),
	}.Plan(periods, 2)
	if err != nil {
		return nil, fmt.Errorf("senior loan: %w", err)
	}
	mezzPlan, err := contract.Loan{
		Commitment:     mezzAmt,
		Draws:          []contract.Flow{{Date: closing, Amount: mezzAmt}},
		Rate:           contract.Rate{DayCount: day},
		Floating:       &contract.FloatingRate{Index: index, Spread: mezzSprd, Floor: &mezzFloor},
		PIKRate:        usd("0.03"),
		PIKOnShortfall: true,
		Maturity:       maturity,
		UpfrontFee:     usd("0.01"),
	}.Plan(periods, 2)
	if err != nil {
		return nil, fmt.Errorf("mezzanine loan: %w", err)
	}
	senior, err := tranche.NewDebt(tranche.Debt{Name: "senior", Lender: "bank", Plan: seniorPlan})
	if err != nil {
		return nil, err
	}
	mezz, err := tranche.NewDebt(tranche.Debt{Name: "mezz", Lender: "mezz-fund", Plan: mezzPlan})
	if err != nil {
		return nil, err
	}
	prefEquity, err := tranche.NewPreferredEquity(tranche.PreferredEquity{
		Name: "pref-equity", Parties: []tranche.PartyID{"PE"},
		Coupon: contract.Rate{Annual: usd("0.12"), DayCount: day}, CurrentPay: usd("0.08"),
		Redemption: maturity, Multiple: usd("1.35"),
	})
	if err != nil {
		return nil, err
	}
	roc, err := tranche.NewReturnOfCapital(tranche.ReturnOfCapital{Name: "capital", Parties: []tranche.PartyID{lp, gp}})
	if err != nil {
		return nil, err
	}
	pref, err := tranche.NewPreferredReturn(tranche.PreferredReturn{
		Name:    "pref",
		Rate:    contract.Rate{Annual: usd("0.08"), Compounding: contract.Annual},
		Parties: []tranche.PartyID{lp, gp},
	})
	if err != nil {
		return nil, err
	}
	catchUp, err := tranche.NewCatchUp(tranche.CatchUp{
		Name:      "catch-up",
		Sponsor:   gp,
		Target:    usd("0.2"),
		Rate:      usd("1"),
		Investors: []tranche.PartyID{lp, gp},
	})
	if err != nil {
		return nil, err
	}
	split, err := tranche.NewSplit(tranche.Split{
		Name: "promote",
		Shares: []tranche.Share{
			{Parties: []tranche.PartyID{lp, gp}, Weight: usd("0.8")},
			{Parties: []tranche.PartyID{gp}, Weight: usd("0.2"), Promote: true},
		},
	})
	if err != nil {
		return nil, err
	}
	covenant, err := tranche.NewCovenant(tranche.Covenant{
		Name: "dscr", Loan: senior, Junior: tranche.Sequence(roc, pref, catchUp, split),
		MinDSCR: usd("1.25"), Action: tranche.TrapCash, CurePeriods: 2,
	})
	if err != nil {
		return nil, err
	}
	dsra, err := tranche.NewReserve(tranche.Reserve{
		Name: "dsra", Loans: []tranche.Borrowing{senior}, Periods: 2,
		Junior: tranche.Sequence(mezz, prefEquity, covenant),
	})
	if err != nil {
		return nil, err
	}
	proceeds := []contract.Flow{{Date: closing, Amount: dsraAtClo}}
	for q := 1; q <= quarters; q++ {
		proceeds = append(proceeds, contract.Flow{Date: periods[q].End, Amount: noi(q)})
	}
	proceeds = append(proceeds, contract.Flow{Date: maturity, Amount: exitValue})
	return &stack{
		senior: seniorPlan, mezz: mezzPlan,
		deal: &waterfall.Deal{
			Name: "Harbor Point JV", Currency: "USD", Scale: 2,
			Parties: []waterfall.Party{
				{ID: "bank", Name: "Senior lender", Role: waterfall.RoleLender},
				{ID: "mezz-fund", Name: "Mezzanine lender", Role: waterfall.RoleLender},
				{ID: "PE", Name: "Preferred equity", Role: waterfall.RoleInvestor},
				{ID: lp, Name: "Limited partner", Commitment: usd("0.9").Mul(commonAmt)},
				{ID: gp, Name: "Sponsor", Role: waterfall.RoleSponsor, Commitment: usd("0.1").Mul(commonAmt)},
			},
			Periods:       periods,
			Contributions: []waterfall.Contribution{{Date: closing, Party: "PE", Amount: peAmt}},
			Calls:         []waterfall.Call{{Date: closing, Amount: commonAmt, Parties: []tranche.PartyID{lp, gp}}},
			Proceeds:      proceeds,
			Sources: []waterfall.Source{
				source.LoanFunding{Label: "senior draw", Plan: seniorPlan},
				source.LoanFunding{Label: "mezzanine draw", Plan: mezzPlan},
			},
			Stack: tranche.Sequence(senior, dsra),
		},
	}, nil
}

func run(w io.Writer) error {
	s, err := jv()
	if err != nil {
		return err
	}
	res, err := waterfall.Run(s.deal)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "%s — senior debt, DSRA, mezzanine, preferred equity, common with a promote\n\n", res.Deal)
	printPeriods(w, res)
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Events")
	for _, e := range res.Events {
		fmt.Fprintf(w, "  %s Q%-2d %-10s %-21s %s\n", e.Date.Format("2006-01-02"), e.Period, e.Tranche, e.Kind, e.Detail)
	}
	fmt.Fprintln(w)
	return printParties(w, res)
}

// column groups the ledger into the table's columns.
func column(p tranche.Payment) int {
	switch p.Tranche {
	case "senior":
		return 0
	case "mezz":
		return 1
	case "pref-equity":
		return 2
	}
	if p.Kind == tranche.KindCatchUp || p.Kind == tranche.KindPromote {
		return 4
	}
	return 3
}

func printPeriods(w io.Writer, res *waterfall.Result) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "Q\tdate\tcash in\tsenior\tDSRA held\tmezzanine\tpref equity\tcommon\tGP promote\ttrapped\t")
	cols := make([][5]decimal.Decimal, len(res.Periods))
	for _, p := range res.Payments.All() {
		c := column(p)
		cols[p.Period][c] = cols[p.Period][c].Add(p.Amount)
	}
	held := make([][2]decimal.Decimal, len(res.Periods))
	for _, h := range res.Holdings {
		k := 0
		if h.Tranche == "dscr" {
			k = 1
		}
		held[h.Period][k] = held[h.Period][k].Add(h.Amount)
	}
	for i, s := range res.Periods {
		c := cols[i]
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t\n", i, s.Period.End.Format("2006-01-02"),
			money(s.Proceeds.Sub(s.Costs)), money(c[0]), money(held[i][0]), money(c[1]), money(c[2]), money(c[3]), money(c[4]), money(held[i][1]))
	}
	tw.Flush()
}

func printParties(w io.Writer, res *waterfall.Result) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "party\tname\tput in\treceived\tinterest+fees\tprincipal\tIRR\tmultiple\t")
	for _, p := range res.Parties() {
		// A lender's draws are its contributions in the Result, so its
		// rate of return and multiple are read like any investor's.
		debt := p.ByKind[tranche.KindInterest].Add(p.ByKind[tranche.KindFee])
		x, err := res.XIRR(p.Party)
		if err != nil {
			return fmt.Errorf("IRR of %s: %w", p.Party, err)
		}
		m, err := res.MOIC(p.Party)
		if err != nil {
			return fmt.Errorf("multiple of %s: %w", p.Party, err)
		}
		irr, mult := fmt.Sprintf("%.2f%%", x*100), m.StringFixed(2)+"x"
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t\n", p.Party, p.Name, money(p.Contributed), money(p.Distributed),
			money(debt), money(p.ByKind[tranche.KindPrincipal]), irr, mult)
	}
	return tw.Flush()
}

// money prints an amount with thousands separators and cents.
func money(d decimal.Decimal) string { return report.GroupDigits(d.StringFixed(2)) }
