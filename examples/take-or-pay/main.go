// Command take-or-pay runs a 10-year data-center capacity contract with
// make-up rights through its statement, contract year by contract year,
// and then through the seller's own deal.
//
// The contract: a lab (the buyer) commits to 1,200 MW-months of capacity a
// contract year — 100 MW all year — from a data-center JV (the seller), at
// $120,000 per MW-month escalating with an index path. It measures the
// minimum per contract year and pays 80% of the price on a shortfall. Paid
// shortfall becomes make-up credits usable for three years, at most 300
// MW-months a year; excess takes carry forward one year against a later
// shortfall. A grid outage in 2031 is force majeure. The lab ramps up
// slowly: below the minimum for three years, above it after, with a dip in
// year 8. All inputs are in contract() and usage() below.
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
		fmt.Fprintln(os.Stderr, "take-or-pay:", err)
		os.Exit(1)
	}
}

func d(s string) decimal.Decimal { return decimal.RequireFromString(s) }

// The schedule: quarterly periods over the 10-year term.
var (
	start = contract.Date(2026, 12, 31)
	end   = contract.Date(2036, 12, 31)
)

// capacity returns the capacity contract's terms.
func capacity() contract.TakeOrPay {
	return contract.TakeOrPay{
		Buyer:   "lab",
		Seller:  "dc-jv",
		Start:   start,
		End:     end,
		Minimum: d("1200"), // MW-months a contract year: 100 MW × 12 months
		Measure: contract.PerContractYear,
		Price:   d("120000"), // $ per MW-month in the first contract year
		Escalation: contract.Escalation{Index: []decimal.Decimal{ // a price index, one level a contract year
			d("100.0"), d("102.0"), d("104.5"), d("106.8"), d("109.0"),
			d("111.5"), d("114.0"), d("116.2"), d("118.9"), d("121.5"),
		}},
		ShortfallShare: d("0.8"),
		MakeUp:         contract.MakeUp{Window: 3, Cap: d("300")},
		CarryForward:   contract.CarryForward{Window: 1},
		Suspensions: []contract.Suspension{
			{From: contract.Date(2031, 7, 31), To: contract.Date(2031, 9, 30), Reason: "grid outage (force majeure)"},
		},
	}
}

// load is the lab's average load in MW in each contract year; in the
// outage quarter of 2031 it draws 80 MW.
var load = []int64{60, 75, 90, 110, 120, 125, 130, 95, 135, 140}

// usage returns the MW-months taken in each quarter: average MW × 3.
func usage(periods []contract.Period) []decimal.Decimal {
	out := make([]decimal.Decimal, len(periods))
	for i := range periods {
		mw := load[i/4]
		if periods[i].End.Equal(contract.Date(2031, 9, 30)) {
			mw = 80
		}
		out[i] = decimal.NewFromInt(mw * 3)
	}
	return out
}

func schedule() ([]contract.Period, error) {
	return contract.Schedule{Start: start, End: end, Frequency: contract.EveryQuarter, EndOfMonth: true}.Periods()
}

// yearRow is a contract year of the statement: quarters added up, balances
// at the year's end.
type yearRow struct {
	year                                       int
	end                                        string
	price, minimum, taken                      decimal.Decimal
	billed, shortfall, shortfallPay, paid      decimal.Decimal
	earned, used, expired, balance             decimal.Decimal
	carriedEarned, carriedUsed, carriedExpired decimal.Decimal
}

// byYear adds the statement up by contract year.
func byYear(st []contract.TakeOrPayPeriod) []yearRow {
	var rows []yearRow
	for _, p := range st {
		if !p.InTerm {
			continue
		}
		if len(rows) == 0 || rows[len(rows)-1].year != p.ContractYear {
			z := decimal.Zero
			rows = append(rows, yearRow{year: p.ContractYear, minimum: z, taken: z, billed: z, shortfall: z, shortfallPay: z, paid: z,
				earned: z, used: z, expired: z, carriedEarned: z, carriedUsed: z, carriedExpired: z})
		}
		r := &rows[len(rows)-1]
		r.end, r.price = p.Period.End.Format("2006-01-02"), p.Price
		r.minimum = r.minimum.Add(p.Minimum)
		r.taken = r.taken.Add(p.Taken)
		r.billed = r.billed.Add(p.Billed)
		r.shortfall = r.shortfall.Add(p.Shortfall)
		r.shortfallPay = r.shortfallPay.Add(p.ShortfallPayment)
		r.paid = r.paid.Add(p.Paid)
		r.earned, r.used, r.expired = r.earned.Add(p.CreditsEarned), r.used.Add(p.CreditsUsed), r.expired.Add(p.CreditsExpired)
		r.balance = p.CreditsBalance
		r.carriedEarned, r.carriedUsed, r.carriedExpired = r.carriedEarned.Add(p.CarriedEarned), r.carriedUsed.Add(p.CarriedUsed), r.carriedExpired.Add(p.CarriedExpired)
	}
	return rows
}

// sellerDeal is the data-center JV's own deal: the contract is its income,
// split 70/30 between a PE fund and the founding company.
func sellerDeal(periods []contract.Period, terms contract.TakeOrPay) (*waterfall.Deal, error) {
	split, err := tranche.NewSplit(tranche.Split{
		Name: "owners",
		Shares: []tranche.Share{
			{Parties: []tranche.PartyID{"pe-fund"}, Weight: d("0.7")},
			{Parties: []tranche.PartyID{"founder"}, Weight: d("0.3")},
		},
	})
	if err != nil {
		return nil, err
	}
	return &waterfall.Deal{
		Name: "dc-jv", Currency: "USD", Scale: 2,
		Parties: []waterfall.Party{{ID: "pe-fund", Name: "PE fund"}, {ID: "founder", Name: "Founding company", Role: waterfall.RoleSponsor}},
		Periods: periods,
		Sources: []waterfall.Source{source.TakeOrPayIncome{Label: "capacity", Terms: terms, Usage: usage(periods), Scale: 2}},
		Stack:   split,
	}, nil
}

func run(w io.Writer) error {
	periods, err := schedule()
	if err != nil {
		return err
	}
	terms := capacity()
	st, err := terms.Statement(periods, usage(periods), 2)
	if err != nil {
		return err
	}
	fmt.Fprintln(w, "Capacity contract, lab → dc-jv: 1,200 MW-months a contract year, $120,000/MW-month indexed,")
	fmt.Fprintln(w, "shortfall at 80%, make-up 3 years (cap 300 a year), carry-forward 1 year, force majeure Aug-Sep 2031")
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Quantities in MW-months, money in USD. Credits: make-up credits; carried: carry-forward.")
	rows := byYear(st)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "year\tends\tprice\tminimum\ttaken\tbilled\tshortfall\tshortfall paid\tearned\tused\texpired\tbalance\tcarried\tcarry used\tcarry expired\ttotal paid\t")
	for _, r := range rows {
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t\n", r.year+1, r.end,
			money(r.price), qty(r.minimum), qty(r.taken), money(r.billed), qty(r.shortfall), money(r.shortfallPay),
			qty(r.earned), qty(r.used), qty(r.expired), qty(r.balance),
			qty(r.carriedEarned), qty(r.carriedUsed), qty(r.carriedExpired), money(r.paid))
	}
	tot := yearRow{minimum: decimal.Zero, taken: decimal.Zero, billed: decimal.Zero, shortfall: decimal.Zero, shortfallPay: decimal.Zero, paid: decimal.Zero,
		earned: decimal.Zero, used: decimal.Zero, expired: decimal.Zero, carriedEarned: decimal.Zero, carriedUsed: decimal.Zero, carriedExpired: decimal.Zero}
	for _, r := range rows {
		tot.minimum, tot.taken = tot.minimum.Add(r.minimum), tot.taken.Add(r.taken)
		tot.billed, tot.shortfall, tot.shortfallPay = tot.billed.Add(r.billed), tot.shortfall.Add(r.shortfall), tot.shortfallPay.Add(r.shortfallPay)
		tot.earned, tot.used, tot.expired = tot.earned.Add(r.earned), tot.used.Add(r.used), tot.expired.Add(r.expired)
		tot.carriedEarned, tot.carriedUsed, tot.carriedExpired = tot.carriedEarned.Add(r.carriedEarned), tot.carriedUsed.Add(r.carriedUsed), tot.carriedExpired.Add(r.carriedExpired)
		tot.paid = tot.paid.Add(r.paid)
	}
	fmt.Fprintf(tw, "total\t\t\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t\t%s\t%s\t%s\t%s\t\n", qty(tot.minimum), qty(tot.taken), money(tot.billed),
		qty(tot.shortfall), money(tot.shortfallPay), qty(tot.earned), qty(tot.used), qty(tot.expired),
		qty(tot.carriedEarned), qty(tot.carriedUsed), qty(tot.carriedExpired), money(tot.paid))
	if err := tw.Flush(); err != nil {
		return err
	}
	effective := tot.paid.DivRound(tot.taken, 2)
	fmt.Fprintf(w, "\nThe lab paid %s for %s MW-months taken: %s per MW-month all in.\n", money(tot.paid), qty(tot.taken), money(effective))

	deal, err := sellerDeal(periods, terms)
	if err != nil {
		return err
	}
	res, err := waterfall.Run(deal)
	if err != nil {
		return err
	}
	income := decimal.Zero
	for _, p := range res.Periods {
		income = income.Add(p.Proceeds)
	}
	fmt.Fprintf(w, "\nThe seller's deal (dc-jv) received %s from the contract and split it 70/30:\n", money(income))
	for _, p := range res.Parties() {
		fmt.Fprintf(w, "  %-16s %18s\n", p.Name, money(p.Distributed))
	}
	fmt.Fprintf(w, "  %-16s %18s\n", "retained", money(res.Retained()))
	return nil
}

// qty prints a quantity with two decimals.
func qty(q decimal.Decimal) string { return group(q.StringFixed(2)) }

// money prints an amount with thousands separators and cents.
func money(m decimal.Decimal) string { return group(m.StringFixed(2)) }

func group(s string) string { return report.GroupDigits(s) }
