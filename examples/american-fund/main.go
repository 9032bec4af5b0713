// Command american-fund runs a private-equity fund deal by deal (an
// American waterfall) and prints who was paid, when and why, and how the
// final clawback trues the GP's carry up to whole-fund terms.
//
// The fund: three LPs commit 100M; a management company charges 2% of
// commitments a year through the investment period and 1.5% of invested
// capital after, less 80% of the transaction fees it earns. The fund makes
// three investments. The first wins early and pays the GP carry at once,
// 25% of it held back in escrow; the other two lose. Each deal's proceeds
// first give the LPs back fees and losses on deals realized before it,
// then that deal's capital, an 8% preferred return (compounding annually),
// a 100% GP catch-up to 20% and 80/20. At the end, a lookback reruns the
// fund's whole cash through the same terms as one European waterfall and
// the GP returns the carry it earned above that, out of escrow first, then
// itself, capped at what it received after a 35% tax rate. All inputs are
// in fund() below.
package main

import (
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/jvwaterfall/jvwaterfall/contract"
	"github.com/jvwaterfall/jvwaterfall/fund"
	"github.com/jvwaterfall/jvwaterfall/report"
	"github.com/jvwaterfall/jvwaterfall/tranche"
	"github.com/jvwaterfall/jvwaterfall/waterfall"
	"github.com/shopspring/decimal"
)

func main() {
	if err := run(os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "american-fund:", err)
		os.Exit(1)
	}
}

func usd(s string) decimal.Decimal { return decimal.RequireFromString(s) }

// The fund's terms, in one place.
var (
	prefRate  = contract.Rate{Annual: usd("0.08"), Compounding: contract.Annual, DayCount: contract.ACT365F}
	carry     = usd("0.20")
	escrow    = usd("0.25")
	taxRate   = usd("0.35")
	investors = []tranche.PartyID{"LP-A", "LP-B", "LP-C"}
	sponsor   = tranche.PartyID("GP")
)

// stack is the fund's waterfall; prefix keeps each deal's tranche IDs
// apart ("Northwind/pref") and is empty for the whole-fund lookback.
func stack(prefix string) (tranche.Tranche, error) {
	id := func(s string) tranche.TrancheID { return tranche.TrancheID(prefix + s) }
	roc, err := tranche.NewReturnOfCapital(tranche.ReturnOfCapital{Name: id("capital"), Parties: investors})
	if err != nil {
		return nil, err
	}
	pref, err := tranche.NewPreferredReturn(tranche.PreferredReturn{Name: id("pref"), Rate: prefRate, Parties: investors})
	if err != nil {
		return nil, err
	}
	catchUp, err := tranche.NewCatchUp(tranche.CatchUp{
		Name:      id("catch-up"),
		Sponsor:   sponsor,
		Target:    carry,
		Rate:      decimal.NewFromInt(1),
		Investors: investors,
	})
	if err != nil {
		return nil, err
	}
	split, err := tranche.NewSplit(tranche.Split{
		Name: id("carry"),
		Shares: []tranche.Share{
			{Parties: investors, Weight: decimal.NewFromInt(1).Sub(carry)},
			{Parties: []tranche.PartyID{sponsor}, Weight: carry, Promote: true},
		},
	})
	if err != nil {
		return nil, err
	}
	return tranche.Sequence(roc, pref, catchUp, split), nil
}

// q is the last day of quarter n (1-4) of year y.
func q(y, n int) time.Time { return contract.AddMonths(contract.Date(y, 3, 31), 3*(n-1), true) }

// fund builds the deal: quarterly periods from 2020 to 2027.
func buildFund() (*fund.Fund, error) {
	periods, err := contract.Schedule{Start: contract.Date(2019, 12, 31), End: contract.Date(2027, 12, 31),
		Frequency: contract.EveryQuarter, EndOfMonth: true}.Periods()
	if err != nil {
		return nil, err
	}
	whole, err := stack("")
	if err != nil {
		return nil, err
	}
	type deal struct {
		name     string
		calls    []waterfall.Call
		proceeds []contract.Flow
		realized time.Time
	}
	deals := []deal{
		{"Northwind", []waterfall.Call{{Date: q(2020, 1), Amount: usd("35000000")}},
			[]contract.Flow{{Date: q(2023, 3), Amount: usd("160000000")}}, q(2023, 3)},
		{"Harbor", []waterfall.Call{{Date: q(2020, 3), Amount: usd("30000000")}, {Date: q(2021, 2), Amount: usd("5000000")}},
			[]contract.Flow{{Date: q(2024, 2), Amount: usd("8000000")}}, q(2024, 2)},
		{"Cobalt", []waterfall.Call{{Date: q(2021, 1), Amount: usd("25000000")}},
			[]contract.Flow{{Date: q(2027, 2), Amount: usd("18000000")}}, q(2027, 2)},
	}
	var invs []fund.Investment
	for _, d := range deals {
		s, err := stack(d.name + "/")
		if err != nil {
			return nil, err
		}
		invs = append(invs, fund.Investment{Name: d.name, Calls: d.calls, Proceeds: d.proceeds, Realized: d.realized, Stack: s})
	}
	return &fund.Fund{
		Name:     "Example Buyout Fund II",
		Currency: "USD",
		Scale:    2,
		Parties: []waterfall.Party{
			{ID: "LP-A", Name: "Pension plan", Commitment: usd("60000000")},
			{ID: "LP-B", Name: "Endowment", Commitment: usd("30000000")},
			{ID: "LP-C", Name: "Foundation", Commitment: usd("10000000")},
			{ID: sponsor, Name: "General partner", Role: waterfall.RoleSponsor},
			{ID: "MGR", Name: "Management company", Role: waterfall.RoleOther},
			{ID: "ESCROW", Name: "Carry escrow", Role: waterfall.RoleOther},
		},
		Periods: periods,
		Stack:   whole,
		Fees: &waterfall.Fees{
			Manager: "MGR",
			Management: contract.ManagementFee{
				CommitmentRate: usd("0.02"), InvestedRate: usd("0.015"), InvestmentEnd: q(2022, 4),
				PeriodsPerYear: 4, OffsetShare: usd("0.8"), CarryOffsets: true,
			},
			Income: []contract.Flow{{Date: q(2020, 1), Amount: usd("700000")}}, // Northwind's transaction fee
		},
		Investments: invs,
		Terms: fund.Terms{
			Sponsor: sponsor, Investors: investors,
			RecoverLosses: true, RecoverFees: true,
			Escrow:   fund.Escrow{Share: escrow, Account: "ESCROW"},
			Clawback: fund.Clawback{TaxRate: taxRate},
		},
	}, nil
}

func run(w io.Writer) error {
	deal, err := buildFund()
	if err != nil {
		return err
	}
	res, err := fund.Run(deal)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "%s — American (deal-by-deal) waterfall: fees and losses back first, capital, 8%% pref,\n", res.Deal)
	fmt.Fprintf(w, "100%% catch-up to 20%%, 80/20; 25%% of carry in escrow; final whole-fund clawback, 35%% tax cap\n\n")
	printDeals(w, deal, res)
	fmt.Fprintln(w)
	printPeriods(w, res.Result)
	fmt.Fprintln(w)
	printLookbacks(w, res)
	fmt.Fprintln(w)
	return printParties(w, res.Result)
}

// printDeals prints what each investment's proceeds paid, by kind.
func printDeals(w io.Writer, deal *fund.Fund, res *fund.Result) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "deal\tcalled\tproceeds\tfees+losses back\tcapital\tpref\tGP catch-up\tLP profit\tGP promote\tinto escrow\t")
	for _, inv := range deal.Investments {
		called, proceeds := decimal.Zero, decimal.Zero
		for _, c := range inv.Calls {
			called = called.Add(c.Amount)
		}
		for _, f := range inv.Proceeds {
			proceeds = proceeds.Add(f.Amount)
		}
		var k [tranche.NumKinds]decimal.Decimal
		var gp [tranche.NumKinds]decimal.Decimal
		recovered, escrowed := decimal.Zero, decimal.Zero
		var lastCarry time.Time
		for _, p := range res.Payments.All() {
			if !strings.HasPrefix(string(p.Tranche), inv.Name+"/") {
				continue
			}
			switch {
			case p.Tranche == tranche.TrancheID(inv.Name+fund.RecoverySuffix):
				recovered = recovered.Add(p.Amount)
			case p.Party == sponsor:
				gp[p.Kind] = gp[p.Kind].Add(p.Amount)
				lastCarry = p.Date
			default:
				k[p.Kind] = k[p.Kind].Add(p.Amount)
			}
		}
		for _, p := range res.Payments.All() {
			if p.Tranche == fund.EscrowTranche && p.From == sponsor && p.Date.Equal(lastCarry) {
				escrowed = escrowed.Add(p.Amount)
			}
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t\n", inv.Name, money(called), money(proceeds), money(recovered),
			money(k[tranche.KindCapital]), money(k[tranche.KindPref]), money(gp[tranche.KindCatchUp]), money(k[tranche.KindProfit]),
			money(gp[tranche.KindPromote]), money(escrowed))
	}
	tw.Flush()
}

// printPeriods prints one row per period in which money moved.
func printPeriods(w io.Writer, res *waterfall.Result) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "period\tdate\tinvested\tfees called\tproceeds\tto LPs\tGP carry\tescrow in\tescrow out\tclawback\t")
	n := len(res.Periods)
	toLPs, gp, escIn, escOut, claw := zeros(n), zeros(n), zeros(n), zeros(n), zeros(n)
	for _, p := range res.Payments.All() {
		i := p.Period
		switch {
		case p.Kind == tranche.KindFee || p.Kind == tranche.KindExpense:
		case p.Kind == tranche.KindClawback:
			claw[i] = claw[i].Add(p.Amount)
		case p.Kind == tranche.KindEscrow && p.From == sponsor:
			escIn[i] = escIn[i].Add(p.Amount)
		case p.Kind == tranche.KindEscrow:
			escOut[i] = escOut[i].Add(p.Amount)
		case p.Party == sponsor:
			gp[i] = gp[i].Add(p.Amount)
		default:
			toLPs[i] = toLPs[i].Add(p.Amount)
		}
	}
	for i, s := range res.Periods {
		if s.Contributed.IsZero() && s.Proceeds.IsZero() && claw[i].IsZero() && escOut[i].IsZero() {
			continue
		}
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t\n", i+1, s.Period.End.Format("2006-01-02"),
			money(s.Contributed.Sub(s.Fees)), money(s.Fees), money(s.Proceeds), money(toLPs[i]), money(gp[i]),
			money(escIn[i]), money(escOut[i]), money(claw[i]))
	}
	tw.Flush()
}

func printLookbacks(w io.Writer, res *fund.Result) {
	for _, lb := range res.Lookbacks {
		fmt.Fprintf(w, "Lookback %s: carry earned deal by deal %s; under whole-fund terms %s; excess %s\n",
			lb.Date.Format("2006-01-02"), money(lb.CarryEarned), money(lb.WholeFund), money(lb.Excess))
		fmt.Fprintf(w, "  returned to LPs: %s from escrow, %s from the GP (after-tax cap %s); unpaid %s\n",
			money(lb.FromEscrow), money(lb.FromSponsor), money(lb.Cap), money(lb.Unpaid))
		fmt.Fprintf(w, "  escrow released to the GP: %s; GP carry kept: %s\n", money(lb.EscrowRelease), money(lb.CarryKept))
	}
	distributed, contributed := fundCash(res.Result)
	profit := distributed.Sub(contributed)
	fmt.Fprintf(w, "Fund profit: distributed %s − contributed %s (fees included) = %s; 20%% of it %s\n",
		money(distributed), money(contributed), money(profit), money(profit.Mul(carry)))
}

// fundCash is what the fund distributed from its investments and what
// its investors contributed, fees included.
func fundCash(res *waterfall.Result) (distributed, contributed decimal.Decimal) {
	distributed, contributed = decimal.Zero, decimal.Zero
	for _, p := range res.Payments.All() {
		if p.From == "" && p.Kind != tranche.KindFee && p.Kind != tranche.KindExpense {
			distributed = distributed.Add(p.Amount)
		}
	}
	for _, c := range res.Contributions.All() {
		contributed = contributed.Add(c.Amount)
	}
	return distributed, contributed
}

func printParties(w io.Writer, res *waterfall.Result) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "party\tname\tcontributed\treceived\tpaid out\tnet\tIRR\tmultiple\t")
	for _, p := range res.Parties() {
		irr, multiple := "", ""
		if !p.Contributed.IsZero() {
			r, err := res.XIRR(p.Party)
			if err != nil {
				return fmt.Errorf("IRR of %s: %w", p.Party, err)
			}
			m, err := res.MOIC(p.Party)
			if err != nil {
				return fmt.Errorf("multiple of %s: %w", p.Party, err)
			}
			irr, multiple = fmt.Sprintf("%.2f%%", r*100), m.StringFixed(2)+"x"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t\n", p.Party, p.Name, money(p.Contributed), money(p.Distributed),
			money(p.PaidOut), money(p.Net()), irr, multiple)
	}
	return tw.Flush()
}

func zeros(n int) []decimal.Decimal {
	out := make([]decimal.Decimal, n)
	for i := range out {
		out[i] = decimal.Zero
	}
	return out
}

// money prints an amount with thousands separators and cents.
func money(d decimal.Decimal) string { return report.GroupDigits(d.StringFixed(2)) }
