// Command european-fund runs a 10-year private-equity fund through a
// European (whole-fund) waterfall and prints who was paid, when and why.
//
// The fund: three LPs and a GP that commits 2%. Capital is called over the
// first four years; investments are sold in years 5 to 10. The waterfall
// returns capital, pays an 8% preferred return compounding annually, a 100%
// GP catch-up to 20% of profit, then splits 80/20. All inputs are in
// fund() below.
package main

import (
	"fmt"
	"io"
	"os"
	"text/tabwriter"

	"github.com/jvwaterfall/jvwaterfall/contract"
	"github.com/jvwaterfall/jvwaterfall/report"
	"github.com/jvwaterfall/jvwaterfall/tranche"
	"github.com/jvwaterfall/jvwaterfall/waterfall"
	"github.com/shopspring/decimal"
)

func main() {
	if err := run(os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "european-fund:", err)
		os.Exit(1)
	}
}

func usd(s string) decimal.Decimal { return decimal.RequireFromString(s) }

// The fund's terms, in one place.
var (
	prefRate  = contract.Rate{Annual: usd("0.08"), Compounding: contract.Annual, DayCount: contract.ACT365F}
	carry     = usd("0.20")
	investors = []tranche.PartyID{"LP-A", "LP-B", "LP-C", "GP"} // the GP co-invests 2%
)

// fund builds the deal: quarterly periods from 2016 to 2026.
func fund() (*waterfall.Deal, error) {
	periods, err := contract.Schedule{
		Start:      contract.Date(2016, 12, 31),
		End:        contract.Date(2026, 12, 31),
		Frequency:  contract.EveryQuarter,
		EndOfMonth: true,
	}.Periods()
	if err != nil {
		return nil, err
	}
	roc, err := tranche.NewReturnOfCapital(tranche.ReturnOfCapital{Name: "capital", Parties: investors})
	if err != nil {
		return nil, err
	}
	pref, err := tranche.NewPreferredReturn(tranche.PreferredReturn{Name: "pref", Rate: prefRate, Parties: investors})
	if err != nil {
		return nil, err
	}
	catchUp, err := tranche.NewCatchUp(tranche.CatchUp{
		Name:      "catch-up",
		Sponsor:   "GP",
		Target:    carry,
		Rate:      decimal.NewFromInt(1),
		Investors: investors,
	})
	if err != nil {
		return nil, err
	}
	split, err := tranche.NewSplit(tranche.Split{
		Name: "carry",
		Shares: []tranche.Share{
			{Parties: investors, Weight: decimal.NewFromInt(1).Sub(carry)},
			{Parties: []tranche.PartyID{"GP"}, Weight: carry, Promote: true},
		},
	})
	if err != nil {
		return nil, err
	}
	call := func(y int, m int, amount string) waterfall.Call {
		return waterfall.Call{Date: contract.AddMonths(contract.Date(y, 1, 31), m-1, true), Amount: usd(amount)}
	}
	exit := func(y, m int, amount string) contract.Flow {
		return contract.Flow{Date: contract.AddMonths(contract.Date(y, 1, 31), m-1, true), Amount: usd(amount)}
	}
	return &waterfall.Deal{
		Name:     "Example Fund I",
		Currency: "USD",
		Scale:    2,
		Parties: []waterfall.Party{
			{ID: "LP-A", Name: "Pension plan", Commitment: usd("50000000")},
			{ID: "LP-B", Name: "Endowment", Commitment: usd("30000000")},
			{ID: "LP-C", Name: "Family office", Commitment: usd("18000000")},
			{ID: "GP", Name: "General partner", Role: waterfall.RoleSponsor, Commitment: usd("2000000")},
		},
		Periods: periods,
		Calls: []waterfall.Call{
			call(2017, 3, "20000000"), call(2017, 9, "10000000"),
			call(2018, 6, "25000000"), call(2019, 3, "15000000"),
			call(2020, 6, "12000000"), call(2020, 12, "8000000.01"),
		},
		Proceeds: []contract.Flow{
			exit(2021, 9, "12500000"), exit(2022, 6, "26000000"),
			exit(2023, 3, "41750000.50"), exit(2024, 9, "35000000"),
			exit(2025, 12, "44000000"), exit(2026, 12, "38333333.33"),
		},
		Stack: tranche.Sequence(roc, pref, catchUp, split),
	}, nil
}

func run(w io.Writer) error {
	deal, err := fund()
	if err != nil {
		return err
	}
	res, err := waterfall.Run(deal)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "%s — European waterfall: capital, 8%% pref (annual compounding), 100%% catch-up to 20%%, 80/20\n\n", res.Deal)
	printPeriods(w, res)
	fmt.Fprintln(w)
	return printParties(w, res)
}

// printPeriods prints one row per period in which money moved.
func printPeriods(w io.Writer, res *waterfall.Result) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "period\tdate\tcalled\tproceeds\tcapital\tpref\tcatch-up\tLP profit\tGP promote\tretained\t")
	byPeriod := make([][tranche.NumKinds]decimal.Decimal, len(res.Periods))
	for _, p := range res.Payments.All() {
		byPeriod[p.Period][p.Kind] = byPeriod[p.Period][p.Kind].Add(p.Amount)
	}
	for i, s := range res.Periods {
		k := byPeriod[i]
		if s.Contributed.IsZero() && s.Proceeds.IsZero() {
			continue
		}
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t\n", i+1, s.Period.End.Format("2006-01-02"),
			money(s.Contributed), money(s.Proceeds), money(k[tranche.KindCapital]), money(k[tranche.KindPref]),
			money(k[tranche.KindCatchUp]), money(k[tranche.KindProfit]), money(k[tranche.KindPromote]), money(s.Retained))
	}
	tw.Flush()
}

func printParties(w io.Writer, res *waterfall.Result) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "party\tname\tcontributed\tdistributed\tnet\tpromote\tIRR\tmultiple\t")
	for _, p := range res.Parties() {
		irr, err := res.XIRR(p.Party)
		if err != nil {
			return fmt.Errorf("IRR of %s: %w", p.Party, err)
		}
		moic, err := res.MOIC(p.Party)
		if err != nil {
			return fmt.Errorf("multiple of %s: %w", p.Party, err)
		}
		promote := p.ByKind[tranche.KindCatchUp].Add(p.ByKind[tranche.KindPromote])
		if p.Party != "GP" {
			promote = decimal.Zero
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%.2f%%\t%sx\t\n", p.Party, p.Name, money(p.Contributed),
			money(p.Distributed), money(p.Net()), money(promote), irr*100, moic.StringFixed(2))
	}
	return tw.Flush()
}

// money prints an amount with thousands separators and cents.
func money(d decimal.Decimal) string { return report.GroupDigits(d.StringFixed(2)) }
