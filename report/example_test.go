package report_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"time"

	"github.com/jvwaterfall/jvwaterfall/contract"
	"github.com/jvwaterfall/jvwaterfall/report"
	"github.com/jvwaterfall/jvwaterfall/tranche"
	"github.com/shopspring/decimal"
)

// The GP of the example fund (1,000 in, 1,200 back, capital then 80/20)
// is first paid when the split pays, after the LP's 1,160.
func ExampleFirstPaymentOf() {
	fp, err := report.FirstPaymentOf(exampleFund(), "GP")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("GP first paid in period %d (%s); breakpoint %s\n", fp.Period, fp.Date.Format(time.DateOnly), fp.Breakpoint.StringFixed(2))
	// Output: GP first paid in period 5 (2026-06-30); breakpoint 1160.00
}

// The LP's first payment of a profit kind, as opposed to its first
// payment: the deal pays back its 1,000 of capital first. (Here that is
// also its first profit, [FirstProfitOf]; for a lender paid interest from
// the start it is not.)
func ExampleFirstPaymentOf_profit() {
	res := exampleFund()
	first, _ := report.FirstPaymentOf(res, "LP")
	profit, _ := report.FirstPaymentOf(res, "LP", report.ProfitKinds()...)
	fmt.Println("first paid:", first.Date.Format(time.DateOnly), "breakpoint", first.Breakpoint.StringFixed(2))
	fmt.Println("first profit:", profit.Date.Format(time.DateOnly), "breakpoint", profit.Breakpoint.StringFixed(2))
	// Output:
	// first paid: 2025-09-30 breakpoint 0.00
	// first profit: 2026-06-30 breakpoint 1000.00
}

// A lender puts in 6,000, is paid 100 of interest in each of periods 1
// to 4 and its principal in period 4: its first interest is no profit,
// which begins only when the principal takes its receipts past 6,000.
// Before that cent the deal has paid 6,050: the interest, 50 to the
// sponsor, and 5,600 of the principal.
func ExampleFirstProfitOf() {
	res := lenderResult()
	interest, _ := report.FirstPaymentOf(res, "Lender", report.ProfitKinds()...)
	profit, err := report.FirstProfitOf(res, "Lender")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("first interest: period", interest.Period)
	fmt.Println("first profit: period", profit.Period, "breakpoint", profit.Breakpoint.StringFixed(2))
	// Output:
	// first interest: period 1
	// first profit: period 4 breakpoint 6050.00
}

// Before lists what every other party had received, in the deal's order.
func ExampleFirstPayment() {
	fp, _ := report.FirstPaymentOf(exampleFund(), "GP")
	for _, b := range fp.Before {
		fmt.Println(b.Party, b.Amount.StringFixed(2))
	}
	fmt.Println("paid:", fp.Paid, "ledger index:", fp.Index)
	// Output:
	// LP 1160.00
	// paid: true ledger index: 4
}

func ExamplePartyAmount() {
	a := report.PartyAmount{Party: "LP", Amount: decimal.RequireFromString("1160.00")}
	fmt.Println(a.Party, report.GroupDigits(a.Amount.StringFixed(2)))
	// Output: LP 1,160.00
}

func ExampleProfitKinds() {
	fmt.Println(report.ProfitKinds())
	// Output: [pref catch-up profit promote interest]
}

// The LP put in 1,000 and has 300 back in 2025-Q3, 600 in Q4 and 1,160
// in 2026-Q2: it is paid back in period 5.
func ExamplePaybackOf() {
	res := exampleFund()
	lp, _ := report.PaybackOf(res, "LP")
	gp, _ := report.PaybackOf(res, "GP")
	fmt.Println("LP:", lp.Reached, lp.Period, lp.Date.Format(time.DateOnly))
	fmt.Println("GP:", gp.Reached) // it put in nothing
	// Output:
	// LP: true 5 2026-06-30
	// GP: false
}

// The zero Payback is "not reached".
func ExamplePayback() {
	var p report.Payback
	fmt.Println(p.Reached, p.Date.IsZero())
	// Output: false true
}

func ExampleByTranche() {
	tiers, _ := report.ByTranche(exampleFund(), "LP")
	for _, x := range tiers {
		fmt.Printf("%-8s %-8s %8s\n", x.Tranche, x.Kind, x.Amount.StringFixed(2))
	}
	// Output:
	// capital  capital   1000.00
	// carry    profit     160.00
}

func ExampleTrancheAmount() {
	x := report.TrancheAmount{Tranche: "carry", Kind: tranche.KindPromote, Amount: decimal.RequireFromString("40")}
	fmt.Printf("%s paid %s of %s\n", x.Tranche, x.Amount.StringFixed(2), x.Kind)
	// Output: carry paid 40.00 of promote
}

// An LP puts in 1000 and gets 1200 back two years later, 200 of it from an
// 80/20 split; it still holds an interest valued at 100. Its XIRR is
// √1.3 − 1 = 0.1402 (1300 of value 730 days after 1000 went in).
func ExampleSummaryOf() {
	d := decimal.RequireFromString
	res, err := runDeal([]time.Time{date(2020, 12, 31), date(2021, 1, 1), date(2023, 1, 1)}, "",
		flows(date(2021, 1, 1), "1000"), flows(date(2023, 1, 1), "1250"))
	if err != nil {
		fmt.Println(err)
		return
	}
	lp, _ := report.SummaryOf(res, "LP", d("100"))
	gp, _ := report.SummaryOf(res, "GP", decimal.Zero)
	fmt.Printf("LP: XIRR %.4f DPI %s RVPI %s TVPI %s\n", lp.XIRR, lp.DPI, lp.RVPI, lp.TVPI)
	fmt.Printf("GP: promote %s, %s of the profit; rate: %v\n", gp.Promote, gp.PromoteShare, gp.RateErr)
	// Output:
	// LP: XIRR 0.1402 DPI 1.2 RVPI 0.1 TVPI 1.3
	// GP: promote 50, 0.2 of the profit; rate: the party contributed no capital
}

func ExampleSummaries() {
	sums, err := report.Summaries(exampleFund(), nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, s := range sums {
		fmt.Printf("%-7s %-8s in %8s out %8s net %7s first paid %s\n", s.Name, s.Role,
			s.Contributed.StringFixed(2), s.Distributed.StringFixed(2), s.Net.StringFixed(2), s.First.Date.Format(time.DateOnly))
	}
	// Output:
	// LP      investor in  1000.00 out  1160.00 net  160.00 first paid 2025-09-30
	// Sponsor sponsor  in     0.00 out    40.00 net   40.00 first paid 2026-06-30
}

// A summary's JSON form: decimals as strings, names in snake_case, and a
// null rate with its reason when the rate is not defined.
func ExampleSummary() {
	gp, _ := report.SummaryOf(exampleFund(), "GP", decimal.Zero)
	b, _ := json.MarshalIndent(gp, "", "  ")
	fmt.Println(string(b))
	// Output:
	// {
	//   "party": "GP",
	//   "name": "Sponsor",
	//   "role": "sponsor",
	//   "contributed": "0.00",
	//   "distributed": "40.00",
	//   "paid_out": "0.00",
	//   "net": "40.00",
	//   "nav": "0.00",
	//   "profit": "40.00",
	//   "promote": "40.00",
	//   "promote_share": "0.2",
	//   "invested": false,
	//   "dpi": null,
	//   "rvpi": null,
	//   "tvpi": null,
	//   "xirr": null,
	//   "periodic_irr": null,
	//   "rate_error": "the party contributed no capital",
	//   "first_payment": {
	//     "reached": true,
	//     "period": 5,
	//     "date": "2026-06-30",
	//     "before": [
	//       {
	//         "party": "LP",
	//         "amount": "1160.00"
	//       }
	//     ],
	//     "breakpoint": "1160.00"
	//   },
	//   "first_profit": {
	//     "reached": true,
	//     "period": 5,
	//     "date": "2026-06-30",
	//     "before": [
	//       {
	//         "party": "LP",
	//         "amount": "1160.00"
	//       }
	//     ],
	//     "breakpoint": "1160.00"
	//   },
	//   "payback": {
	//     "reached": false,
	//     "period": null,
	//     "date": null
	//   },
	//   "tiers": [
	//     {
	//       "tranche": "carry",
	//       "kind": "promote",
	//       "amount": "40.00"
	//     }
	//   ]
	// }
}

func ExampleNewLedger() {
	l, err := report.NewLedger(exampleFund(), report.Quarterly)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, row := range l.Rows {
		if !row.Paid.IsZero() {
			fmt.Println(row.Label, row.Paid.StringFixed(2), row.Received)
		}
	}
	// Output:
	// 2025-Q3 300.00 [300 0]
	// 2025-Q4 300.00 [300 0]
	// 2026-Q2 600.00 [560 40]
}

func ExampleLedger() {
	l, _ := report.NewLedger(exampleFund(), report.Yearly)
	fmt.Println(l.Deal, l.Currency, l.Aggregation, len(l.Rows), "rows; total paid", l.Total.Paid.StringFixed(l.Scale))
	// Output: report fund USD yearly 2 rows; total paid 1200.00
}

func ExampleLedgerParty() {
	l, _ := report.NewLedger(exampleFund(), report.Yearly)
	for j, p := range l.Parties {
		fmt.Println(p.ID, p.Name, p.Role, l.Total.Received[j].StringFixed(2))
	}
	// Output:
	// LP LP investor 1160.00
	// GP Sponsor sponsor 40.00
}

func ExampleLedgerRow() {
	l, _ := report.NewLedger(exampleFund(), report.Yearly)
	for _, row := range l.Rows {
		fmt.Printf("%s: periods %d-%d, %s to %s, proceeds %s\n", row.Label, row.First, row.Last,
			row.Start.Format(time.DateOnly), row.End.Format(time.DateOnly), row.Proceeds.StringFixed(2))
	}
	// Output:
	// 2025: periods 0-3, 2024-12-31 to 2025-12-31, proceeds 600.00
	// 2026: periods 4-7, 2025-12-31 to 2026-12-31, proceeds 600.00
}

func ExampleLedger_WriteTable() {
	l, err := report.NewLedger(exampleFund(), report.Yearly)
	if err != nil {
		fmt.Println(err)
		return
	}
	if err := l.WriteTable(os.Stdout); err != nil {
		fmt.Println(err)
	}
	// Output:
	// period         end  proceeds  costs  contributed      paid  retained        LP  Sponsor
	//     2025  2025-12-31    600.00   0.00     1,000.00    600.00      0.00    600.00     0.00
	//     2026  2026-12-31    600.00   0.00         0.00    600.00      0.00    560.00    40.00
	//    total              1,200.00   0.00     1,000.00  1,200.00      0.00  1,160.00    40.00
}

func ExampleLedger_WriteCSV() {
	l, err := report.NewLedger(exampleFund(), report.Yearly)
	if err != nil {
		fmt.Println(err)
		return
	}
	if err := l.WriteCSV(os.Stdout); err != nil {
		fmt.Println(err)
	}
	// Output:
	// period,start,end,proceeds,costs,contributed,drawn,paid,fees,transfers,retained,held,LP,GP
	// 2025,2024-12-31,2025-12-31,600.00,0.00,1000.00,0.00,600.00,0.00,0.00,0.00,0.00,600.00,0.00
	// 2026,2025-12-31,2026-12-31,600.00,0.00,0.00,0.00,600.00,0.00,0.00,0.00,0.00,560.00,40.00
	// total,2024-12-31,2026-12-31,1200.00,0.00,1000.00,0.00,1200.00,0.00,0.00,0.00,0.00,1160.00,40.00
}

func ExampleLedger_WriteJSON() {
	l, err := report.NewLedger(exampleFund(), report.Yearly)
	if err != nil {
		fmt.Println(err)
		return
	}
	l.Rows = l.Rows[1:] // keep the example short
	if err := l.WriteJSON(os.Stdout); err != nil {
		fmt.Println(err)
	}
	// Output:
	// {
	//   "deal": "report fund",
	//   "currency": "USD",
	//   "scale": 2,
	//   "aggregation": "yearly",
	//   "parties": [
	//     {
	//       "id": "LP",
	//       "name": "LP",
	//       "role": "investor"
	//     },
	//     {
	//       "id": "GP",
	//       "name": "Sponsor",
	//       "role": "sponsor"
	//     }
	//   ],
	//   "rows": [
	//     {
	//       "period": "2026",
	//       "start": "2025-12-31",
	//       "end": "2026-12-31",
	//       "proceeds": "600.00",
	//       "costs": "0.00",
	//       "contributed": "0.00",
	//       "drawn": "0.00",
	//       "paid": "600.00",
	//       "fees": "0.00",
	//       "transfers": "0.00",
	//       "retained": "0.00",
	//       "held": "0.00",
	//       "received": {
	//         "GP": "40.00",
	//         "LP": "560.00"
	//       }
	//     }
	//   ],
	//   "total": {
	//     "period": "total",
	//     "start": "2024-12-31",
	//     "end": "2026-12-31",
	//     "proceeds": "1200.00",
	//     "costs": "0.00",
	//     "contributed": "1000.00",
	//     "drawn": "0.00",
	//     "paid": "1200.00",
	//     "fees": "0.00",
	//     "transfers": "0.00",
	//     "retained": "0.00",
	//     "held": "0.00",
	//     "received": {
	//       "GP": "40.00",
	//       "LP": "1160.00"
	//     }
	//   }
	// }
}

// Records are the CSV's cells, for programs that add columns of their own.
func ExampleLedger_Records() {
	l, _ := report.NewLedger(exampleFund(), report.Yearly)
	header := append([]string{"scenario"}, l.Header()...)
	fmt.Println(header[:4])
	for _, rec := range l.Records() {
		fmt.Println(append([]string{"base"}, rec...)[:4])
	}
	// Output:
	// [scenario period start end]
	// [base 2025 2024-12-31 2025-12-31]
	// [base 2026 2025-12-31 2026-12-31]
	// [base total 2024-12-31 2026-12-31]
}

func ExampleAggregation() {
	for _, a := range []report.Aggregation{report.ByPeriod, report.Monthly, report.Quarterly, report.Yearly} {
		fmt.Print(a, " ")
	}
	fmt.Println()
	// Output: period monthly quarterly yearly
}

func ExampleParseAggregation() {
	a, err := report.ParseAggregation("quarterly")
	fmt.Println(a, err)
	_, err = report.ParseAggregation("weekly")
	fmt.Println(errors.Is(err, contract.ErrInvalid))
	// Output:
	// quarterly <nil>
	// true
}

func ExampleGroupDigits() {
	fmt.Println(report.GroupDigits("-1234567.50"), report.GroupDigits("999"), report.GroupDigits("n/a"))
	// Output: -1,234,567.50 999 n/a
}
