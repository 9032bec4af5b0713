package spec_test

import (
	"fmt"
	"os"
	"strings"

	"github.com/jvwaterfall/jvwaterfall/fund"
	"github.com/jvwaterfall/jvwaterfall/spec"
)

// fundDoc is a fund run deal by deal: one investment that doubles its
// 500.00, 30% of carry held in escrow, and whole-fund terms to look back
// on.
const fundDoc = `{
  "name": "Fund I", "currency": "USD", "scale": 2,
  "parties": [{"id": "LP", "commitment": "1000.00"}, {"id": "GP", "role": "sponsor"}, {"id": "Escrow", "role": "other"}],
  "schedule": {"start": "2024-12-31", "end": "2027-12-31", "frequency": "annual"},
  "stack": {"kind": "sequence", "tranches": [
    {"kind": "return_of_capital", "id": "fund-capital", "parties": ["LP"]},
    {"kind": "split", "id": "fund-carry", "shares": [{"parties": ["LP"], "weight": "0.8"}, {"parties": ["GP"], "weight": "0.2", "promote": true}]}]},
  "investments": [{"name": "A",
    "calls": [{"date": "2025-12-31", "amount": "500.00"}],
    "proceeds": [{"date": "2026-12-31", "amount": "1000.00"}],
    "stack": {"kind": "sequence", "tranches": [
      {"kind": "return_of_capital", "id": "a-capital", "parties": ["LP"]},
      {"kind": "split", "id": "a-carry", "shares": [{"parties": ["LP"], "weight": "0.8"}, {"parties": ["GP"], "weight": "0.2", "promote": true}]}]}}],
  "american": {"sponsor": "GP", "investors": ["LP"], "escrow": {"share": "0.3", "account": "Escrow"}}
}`

func ExampleDecodeFund() {
	f, err := spec.DecodeFund(strings.NewReader(fundDoc))
	if err != nil {
		fmt.Println(err)
		return
	}
	res, err := fund.Run(f)
	if err != nil {
		fmt.Println(err)
		return
	}
	// The escrow moves carry from the sponsor and back: not the fund's cash.
	for _, p := range res.Payments.All() {
		from := "fund"
		if p.From != "" {
			from = string(p.From)
		}
		fmt.Println(p.Date.Format("2006-01-02"), p.Tranche, from, "->", p.Party, p.Kind, p.Amount.StringFixed(2))
	}
	// Output:
	// 2026-12-31 a-capital fund -> LP capital 500.00
	// 2026-12-31 a-carry fund -> LP profit 400.00
	// 2026-12-31 a-carry fund -> GP promote 100.00
	// 2026-12-31 escrow GP -> Escrow escrow 30.00
	// 2027-12-31 escrow Escrow -> GP escrow 30.00
}

func ExampleUnmarshalFund() {
	f, err := spec.UnmarshalFund([]byte(fundDoc))
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(f.Name, len(f.Investments), "investment(s); sponsor", f.Terms.Sponsor, "escrow", f.Terms.Escrow.Share)
	// Output:
	// Fund I 1 investment(s); sponsor GP escrow 0.3
}

func ExampleEncodeFund() {
	f, err := spec.UnmarshalFund([]byte(fundDoc))
	if err != nil {
		fmt.Println(err)
		return
	}
	if err := spec.EncodeFund(os.Stdout, f); err != nil {
		fmt.Println(err)
	}
	// Output:
	// {
	//   "name": "Fund I",
	//   "currency": "USD",
	//   "scale": 2,
	//   "parties": [
	//     {"id": "LP", "commitment": "1000.00"},
	//     {"id": "GP", "role": "sponsor"},
	//     {"id": "Escrow", "role": "other"}
	//   ],
	//   "schedule": {"start": "2024-12-31", "end": "2027-12-31", "frequency": "annual"},
	//   "stack": {
	//     "kind": "sequence",
	//     "tranches": [
	//       {
	//         "kind": "return_of_capital",
	//         "id": "fund-capital",
	//         "parties": ["LP"]
	//       },
	//       {
	//         "kind": "split",
	//         "id": "fund-carry",
	//         "shares": [
	//           {
	//             "parties": ["LP"],
	//             "weight": "0.8"
	//           },
	//           {
	//             "parties": ["GP"],
	//             "weight": "0.2",
	//             "promote": true
	//           }
	//         ]
	//       }
	//     ]
	//   },
	//   "investments": [
	//     {
	//       "name": "A",
	//       "calls": [
	//         {"date": "2025-12-31", "amount": "500.00"}
	//       ],
	//       "proceeds": [
	//         {"date": "2026-12-31", "amount": "1000.00"}
	//       ],
	//       "stack": {
	//         "kind": "sequence",
	//         "tranches": [
	//           {
	//             "kind": "return_of_capital",
	//             "id": "a-capital",
	//             "parties": ["LP"]
	//           },
	//           {
	//             "kind": "split",
	//             "id": "a-carry",
	//             "shares": [
	//               {
	//                 "parties": ["LP"],
	//                 "weight": "0.8"
	//               },
	//               {
	//                 "parties": ["GP"],
	//                 "weight": "0.2",
	//                 "promote": true
	//               }
	//             ]
	//           }
	//         ]
	//       }
	//     }
	//   ],
	//   "american": {
	//     "sponsor": "GP",
	//     "investors": ["LP"],
	//     "escrow": {"share": "0.3", "account": "Escrow"}
	//   }
	// }
}

func ExampleMarshalFund() {
	f, err := spec.UnmarshalFund([]byte(fundDoc))
	if err != nil {
		fmt.Println(err)
		return
	}
	f.Terms.Escrow.Share = f.Terms.Escrow.Share.Neg()
	_, err = spec.MarshalFund(f)
	// The fund is checked before it is written.
	fmt.Println(err)
	// Output:
	// american.escrow.share: -0.3, want 0 to 1: out of range
}
