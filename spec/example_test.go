package spec_test

import (
	"errors"
	"fmt"
	"os"
	"strings"

	"github.com/jvwaterfall/jvwaterfall/contract"
	"github.com/jvwaterfall/jvwaterfall/spec"
	"github.com/jvwaterfall/jvwaterfall/waterfall"
)

func ExampleDecodeDeal() {
	doc := `{
	  "currency": "USD", "scale": 2,
	  "parties": [{"id": "LP", "commitment": "1000.00"}, {"id": "GP", "role": "sponsor"}],
	  "schedule": {"start": "2024-12-31", "end": "2026-12-31", "frequency": "annual"},
	  "calls": [{"date": "2025-12-31", "amount": "1000.00"}],
	  "proceeds": [{"date": "2026-12-31", "amount": "1500.00"}],
	  "stack": {"kind": "sequence", "tranches": [
	    {"kind": "return_of_capital", "id": "capital", "parties": ["LP"]},
	    {"kind": "split", "id": "carry", "shares": [
	      {"parties": ["LP"], "weight": "0.8"}, {"parties": ["GP"], "weight": "0.2", "promote": true}]}
	  ]}
	}`
	deal, err := spec.DecodeDeal(strings.NewReader(doc))
	if err != nil {
		fmt.Println(err)
		return
	}
	res, err := waterfall.Run(deal)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, p := range res.Payments.All() {
		fmt.Println(p.Date.Format("2006-01-02"), p.Tranche, p.Party, p.Kind, p.Amount.StringFixed(2))
	}
	// Output:
	// 2026-12-31 capital LP capital 1000.00
	// 2026-12-31 carry LP profit 400.00
	// 2026-12-31 carry GP promote 100.00
}

func ExampleDecodeDeal_errors() {
	doc := `{
	  "currency": "USD", "scale": 2,
	  "parties": [{"id": "LP", "commitment": 1000}],
	  "schedule": {"start": "2024-12-31", "end": "2026-12-31", "frequency": "annual"},
	  "proceeds": [{"date": "2026-12-31", "amount": "1e999999999"}],
	  "stack": {"kind": "split", "id": "all", "shares": [{"parties": ["LP", "GP"], "weight": "0.9"}]}
	}`
	_, err := spec.DecodeDeal(strings.NewReader(doc))
	fmt.Println(errors.Is(err, contract.ErrInvalid), errors.Is(err, spec.ErrLimit))
	fmt.Println(err)
	// Output:
	// true true
	// parties[0].commitment: got a number, want a decimal string such as "0.08": wrong JSON type
	// proceeds[0].amount: exponent of "1e999999999" beyond ±40 (MaxDecimalExponent): beyond a limit of the spec
	// stack.shares[0].parties[1]: unknown party "GP"
	// stack.shares: weights sum to 0.9, want 1: invalid input
}

func ExampleEncodeDeal() {
	deal, err := spec.DecodeDeal(strings.NewReader(`{
	  "scale": 2, "currency": "EUR",
	  "parties": [{"id": "A", "commitment": "100"}],
	  "periods": {"start": "2025-01-31", "ends": ["2025-02-28", "2025-03-31"]},
	  "stack": {"kind": "cap", "limit": "5e1", "tranche": {"kind": "return_of_capital", "id": "c", "parties": ["A"]}}
	}`))
	if err != nil {
		fmt.Println(err)
		return
	}
	// Canonical form: fixed field order, amounts with the deal's decimal
	// places, a regular schedule written as one.
	if err := spec.EncodeDeal(os.Stdout, deal); err != nil {
		fmt.Println(err)
	}
	// Output:
	// {
	//   "currency": "EUR",
	//   "scale": 2,
	//   "parties": [
	//     {"id": "A", "commitment": "100.00"}
	//   ],
	//   "schedule": {"start": "2025-01-31", "end": "2025-03-31", "frequency": "monthly"},
	//   "stack": {
	//     "kind": "cap",
	//     "limit": "50.00",
	//     "tranche": {
	//       "kind": "return_of_capital",
	//       "id": "c",
	//       "parties": ["A"]
	//     }
	//   }
	// }
}

func ExampleUnmarshalDeal() {
	deal, err := spec.UnmarshalDeal([]byte(`{
	  "name": "JV", "currency": "USD", "scale": 2,
	  "parties": [{"id": "PE", "commitment": "700.00"}, {"id": "Founders", "role": "sponsor", "commitment": "300.00"}],
	  "schedule": {"start": "2024-12-31", "end": "2025-12-31", "frequency": "annual"},
	  "calls": [{"date": "2025-12-31", "amount": "1000.00"}],
	  "stack": {"kind": "return_of_capital", "id": "capital", "parties": ["PE", "Founders"]}
	}`))
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(deal.Name, deal.Currency, len(deal.Periods), "period(s)")
	for _, c := range deal.Calls {
		fmt.Println("call", c.Date.Format("2006-01-02"), c.Amount.StringFixed(2))
	}
	// Output:
	// JV USD 1 period(s)
	// call 2025-12-31 1000.00
}

func ExampleMarshalDeal() {
	deal, err := spec.UnmarshalDeal([]byte(`{"scale": 0, "currency": "JPY",
	  "parties": [{"id": "A", "commitment": "1e6"}],
	  "periods": {"start": "2025-01-01", "ends": ["2025-03-31", "2025-12-31"]},
	  "stack": {"kind": "return_of_capital", "id": "c", "parties": ["A"]}}`))
	if err != nil {
		fmt.Println(err)
		return
	}
	b, err := spec.MarshalDeal(deal)
	if err != nil {
		fmt.Println(err)
		return
	}
	// Irregular periods are written as "periods", amounts with the
	// deal's decimal places (none for yen), fields in a fixed order.
	fmt.Print(string(b))
	// Output:
	// {
	//   "currency": "JPY",
	//   "scale": 0,
	//   "parties": [
	//     {"id": "A", "commitment": "1000000"}
	//   ],
	//   "periods": {
	//     "start": "2025-01-01",
	//     "ends": ["2025-03-31", "2025-12-31"]
	//   },
	//   "stack": {
	//     "kind": "return_of_capital",
	//     "id": "c",
	//     "parties": ["A"]
	//   }
	// }
}

// Decode reads a document without knowing whether it holds a deal or a
// fund; a tool then runs whichever it got.
func ExampleDecode() {
	for _, doc := range []string{
		`{"currency": "USD", "scale": 2, "parties": [{"id": "LP"}],
		  "schedule": {"start": "2024-12-31", "end": "2025-12-31", "frequency": "annual"},
		  "stack": {"kind": "return_of_capital", "id": "c", "parties": ["LP"]}}`,
		fundDoc,
	} {
		d, err := spec.Decode(strings.NewReader(doc))
		switch {
		case err != nil:
			fmt.Println(err)
		case d.Fund != nil:
			fmt.Println("a fund of", len(d.Fund.Investments), "investment(s)")
		default:
			fmt.Println("a deal with stack", d.Deal.Stack.ID())
		}
	}
	// Output:
	// a deal with stack c
	// a fund of 1 investment(s)
}

func ExampleUnmarshal() {
	_, err := spec.Unmarshal([]byte(`{"currency": "USD", "scale": 2, "parties": [{"id": "LP"}],
	  "schedule": {"start": "2024-12-31", "end": "2025-12-31", "frequency": "annual"},
	  "investments": [], "stack": {"kind": "return_of_capital", "id": "c", "parties": ["LP"]}}`))
	// A document with "investments" is a fund, and a fund needs them and
	// its terms.
	fmt.Println(err)
	// Output:
	// investments: required
	// american: required
}

// Encode writes whichever a document holds, such as one Decode read, in
// canonical form.
func ExampleEncode() {
	doc, err := spec.Decode(strings.NewReader(`{"scale": 2, "currency": "USD", "parties": [{"id": "LP"}],
	  "stack": {"kind": "return_of_capital", "parties": ["LP"], "id": "c"},
	  "schedule": {"frequency": "annual", "start": "2024-12-31", "end": "2025-12-31"}}`))
	if err != nil {
		fmt.Println(err)
		return
	}
	if err := spec.Encode(os.Stdout, doc); err != nil {
		fmt.Println(err)
	}
	fmt.Println(spec.Encode(os.Stdout, spec.Document{}))
	// Output:
	// {
	//   "currency": "USD",
	//   "scale": 2,
	//   "parties": [
	//     {"id": "LP"}
	//   ],
	//   "schedule": {"start": "2024-12-31", "end": "2025-12-31", "frequency": "annual"},
	//   "stack": {
	//     "kind": "return_of_capital",
	//     "id": "c",
	//     "parties": ["LP"]
	//   }
	// }
	// empty document: required
}

func ExampleMarshal() {
	doc, err := spec.Unmarshal([]byte(fundDoc))
	if err != nil {
		fmt.Println(err)
		return
	}
	b, err := spec.Marshal(doc)
	if err != nil {
		fmt.Println(err)
		return
	}
	again, err := spec.Unmarshal(b)
	fmt.Println(again.Fund != nil, err)
	// Output:
	// true <nil>
}
