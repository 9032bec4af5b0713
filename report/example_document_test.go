package report_test

import (
	"fmt"
	"os"

	"github.com/jvwaterfall/jvwaterfall/report"
	"github.com/jvwaterfall/jvwaterfall/spec"
	"github.com/jvwaterfall/jvwaterfall/waterfall"
)

// A service's whole job: a deal as JSON in, the run's figures as JSON
// out. The LP puts in 1,000.00 at the end of 2025 and 1,200.00 comes in
// at the end of 2026: capital back first, then 80/20, so the LP gets
// 1,000 + 160 = 1,160.00 (a 16% XIRR over 365 days: 1160/1000 − 1) and
// the GP 40.00 of promote. Periods are numbered from 0: period 1 ends
// 2026-12-31.
func ExampleDocument_MarshalJSON() {
	in := []byte(`{
	  "name": "service demo", "currency": "USD", "scale": 2,
	  "parties": [
	    {"id": "LP", "commitment": "1000.00"},
	    {"id": "GP", "role": "sponsor"}
	  ],
	  "periods": {"start": "2024-12-31", "ends": ["2025-12-31", "2026-12-31"]},
	  "calls": [{"date": "2025-12-31", "amount": "1000.00"}],
	  "proceeds": [{"date": "2026-12-31", "amount": "1200.00"}],
	  "stack": {"kind": "sequence", "tranches": [
	    {"kind": "return_of_capital", "id": "capital", "parties": ["LP"]},
	    {"kind": "split", "id": "carry", "shares": [
	      {"parties": ["LP"], "weight": "0.8"},
	      {"parties": ["GP"], "weight": "0.2", "promote": true}]}
	  ]}
	}`)
	deal, err := spec.UnmarshalDeal(in)
	if err != nil {
		fmt.Println(err) // every problem, each with its path
		return
	}
	res, err := waterfall.Run(deal)
	if err != nil {
		fmt.Println(err)
		return
	}
	doc, err := report.NewDocument(res, report.ByPeriod, nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	if err := doc.WriteJSON(os.Stdout); err != nil {
		fmt.Println(err)
	}
	// Output:
	// {
	//   "deal": "service demo",
	//   "currency": "USD",
	//   "scale": 2,
	//   "retained": "0.00",
	//   "parties": [
	//     {
	//       "party": "LP",
	//       "name": "LP",
	//       "role": "investor",
	//       "contributed": "1000.00",
	//       "distributed": "1160.00",
	//       "paid_out": "0.00",
	//       "net": "160.00",
	//       "nav": "0.00",
	//       "profit": "160.00",
	//       "promote": "0.00",
	//       "promote_share": "0",
	//       "invested": true,
	//       "dpi": "1.16",
	//       "rvpi": "0",
	//       "tvpi": "1.16",
	//       "xirr": 0.16000000000000006,
	//       "periodic_irr": 0.16000000000000006,
	//       "first_payment": {
	//         "reached": true,
	//         "period": 1,
	//         "date": "2026-12-31",
	//         "before": [
	//           {
	//             "party": "GP",
	//             "amount": "0.00"
	//           }
	//         ],
	//         "breakpoint": "0.00"
	//       },
	//       "first_profit": {
	//         "reached": true,
	//         "period": 1,
	//         "date": "2026-12-31",
	//         "before": [
	//           {
	//             "party": "GP",
	//             "amount": "0.00"
	//           }
	//         ],
	//         "breakpoint": "1000.00"
	//       },
	//       "payback": {
	//         "reached": true,
	//         "period": 1,
	//         "date": "2026-12-31"
	//       },
	//       "tiers": [
	//         {
	//           "tranche": "capital",
	//           "kind": "capital",
	//           "amount": "1000.00"
	//         },
	//         {
	//           "tranche": "carry",
	//           "kind": "profit",
	//           "amount": "160.00"
	//         }
	//       ]
	//     },
	//     {
	//       "party": "GP",
	//       "name": "GP",
	//       "role": "sponsor",
	//       "contributed": "0.00",
	//       "distributed": "40.00",
	//       "paid_out": "0.00",
	//       "net": "40.00",
	//       "nav": "0.00",
	//       "profit": "40.00",
	//       "promote": "40.00",
	//       "promote_share": "0.2",
	//       "invested": false,
	//       "dpi": null,
	//       "rvpi": null,
	//       "tvpi": null,
	//       "xirr": null,
	//       "periodic_irr": null,
	//       "rate_error": "the party contributed no capital",
	//       "first_payment": {
	//         "reached": true,
	//         "period": 1,
	//         "date": "2026-12-31",
	//         "before": [
	//           {
	//             "party": "LP",
	//             "amount": "1160.00"
	//           }
	//         ],
	//         "breakpoint": "1160.00"
	//       },
	//       "first_profit": {
	//         "reached": true,
	//         "period": 1,
	//         "date": "2026-12-31",
	//         "before": [
	//           {
	//             "party": "LP",
	//             "amount": "1160.00"
	//           }
	//         ],
	//         "breakpoint": "1160.00"
	//       },
	//       "payback": {
	//         "reached": false,
	//         "period": null,
	//         "date": null
	//       },
	//       "tiers": [
	//         {
	//           "tranche": "carry",
	//           "kind": "promote",
	//           "amount": "40.00"
	//         }
	//       ]
	//     }
	//   ],
	//   "ledger": {
	//     "deal": "service demo",
	//     "currency": "USD",
	//     "scale": 2,
	//     "aggregation": "period",
	//     "parties": [
	//       {
	//         "id": "LP",
	//         "name": "LP",
	//         "role": "investor"
	//       },
	//       {
	//         "id": "GP",
	//         "name": "GP",
	//         "role": "sponsor"
	//       }
	//     ],
	//     "rows": [
	//       {
	//         "period": "0",
	//         "start": "2024-12-31",
	//         "end": "2025-12-31",
	//         "proceeds": "0.00",
	//         "costs": "0.00",
	//         "contributed": "1000.00",
	//         "drawn": "0.00",
	//         "paid": "0.00",
	//         "fees": "0.00",
	//         "transfers": "0.00",
	//         "retained": "0.00",
	//         "held": "0.00",
	//         "received": {
	//           "GP": "0.00",
	//           "LP": "0.00"
	//         }
	//       },
	//       {
	//         "period": "1",
	//         "start": "2025-12-31",
	//         "end": "2026-12-31",
	//         "proceeds": "1200.00",
	//         "costs": "0.00",
	//         "contributed": "0.00",
	//         "drawn": "0.00",
	//         "paid": "1200.00",
	//         "fees": "0.00",
	//         "transfers": "0.00",
	//         "retained": "0.00",
	//         "held": "0.00",
	//         "received": {
	//           "GP": "40.00",
	//           "LP": "1160.00"
	//         }
	//       }
	//     ],
	//     "total": {
	//       "period": "total",
	//       "start": "2024-12-31",
	//       "end": "2026-12-31",
	//       "proceeds": "1200.00",
	//       "costs": "0.00",
	//       "contributed": "1000.00",
	//       "drawn": "0.00",
	//       "paid": "1200.00",
	//       "fees": "0.00",
	//       "transfers": "0.00",
	//       "retained": "0.00",
	//       "held": "0.00",
	//       "received": {
	//         "GP": "40.00",
	//         "LP": "1160.00"
	//       }
	//     }
	//   },
	//   "payments": [
	//     {
	//       "period": 1,
	//       "date": "2026-12-31",
	//       "tranche": "capital",
	//       "party": "LP",
	//       "kind": "capital",
	//       "amount": "1000.00",
	//       "before": "1000.00",
	//       "after": "0.00"
	//     },
	//     {
	//       "period": 1,
	//       "date": "2026-12-31",
	//       "tranche": "carry",
	//       "party": "LP",
	//       "kind": "profit",
	//       "amount": "160.00",
	//       "before": "0.00",
	//       "after": "160.00"
	//     },
	//     {
	//       "period": 1,
	//       "date": "2026-12-31",
	//       "tranche": "carry",
	//       "party": "GP",
	//       "kind": "promote",
	//       "amount": "40.00",
	//       "before": "0.00",
	//       "after": "40.00"
	//     }
	//   ],
	//   "contributions": [
	//     {
	//       "period": 0,
	//       "date": "2025-12-31",
	//       "party": "LP",
	//       "amount": "1000.00"
	//     }
	//   ],
	//   "events": []
	// }
}

// NewDocument answers every question of this package at once: the
// example fund's summaries, its ledger by year and the run itself.
func ExampleNewDocument() {
	doc, err := report.NewDocument(exampleFund(), report.Yearly, nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, s := range doc.Summaries {
		fmt.Println(s.Party, s.Distributed.StringFixed(2))
	}
	fmt.Println(len(doc.Ledger.Rows), "years,", doc.Result.Payments.Len(), "payments")
	// Output:
	// LP 1160.00
	// GP 40.00
	// 2 years, 5 payments
}
