package source_test

import (
	"fmt"
	"testing"

	"github.com/jvwaterfall/jvwaterfall/source"

	"github.com/jvwaterfall/jvwaterfall/contract"
	"github.com/jvwaterfall/jvwaterfall/tranche"
	"github.com/jvwaterfall/jvwaterfall/waterfall"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"
)

// topDeals builds the two sides of one take-or-pay contract over quarterly
// periods: the seller's deal, whose income is the contract and whose owners
// split the cash 60/40, and the buyer's deal, whose cash (proceeds) pays
// the seller first and its owners after.
func topDeals(terms contract.TakeOrPay, ps []contract.Period, usage, buyerCash []decimal.Decimal) (seller, buyer *waterfall.Deal, err error) {
	split, err := tranche.NewSplit(tranche.Split{
		Name: "owners",
		Shares: []tranche.Share{
			{Parties: []tranche.PartyID{"A"}, Weight: dec("0.6")},
			{Parties: []tranche.PartyID{"B"}, Weight: dec("0.4")},
		},
	})
	if err != nil {
		return nil, nil, err
	}
	seller = &waterfall.Deal{
		Name: "seller", Currency: "USD", Scale: 2,
		Parties: []waterfall.Party{{ID: "A"}, {ID: "B"}},
		Periods: ps,
		Sources: []waterfall.Source{source.TakeOrPayIncome{Label: "offtake", Terms: terms, Usage: usage, Scale: 2}},
		Stack:   split,
	}
	top, err := tranche.NewTakeOrPay(tranche.TakeOrPay{Name: "offtake", Seller: "utility", Terms: terms, Usage: usage, Periods: ps, Scale: 2})
	if err != nil {
		return nil, nil, err
	}
	equity, err := tranche.NewSplit(tranche.Split{
		Name:   "equity",
		Shares: []tranche.Share{{Parties: []tranche.PartyID{"founder"}, Weight: dec("1")}},
	})
	if err != nil {
		return nil, nil, err
	}
	buyer = &waterfall.Deal{
		Name: "buyer", Currency: "USD", Scale: 2,
		Parties: []waterfall.Party{{ID: "utility", Role: waterfall.RoleOther}, {ID: "founder", Role: waterfall.RoleSponsor}},
		Periods: ps,
		Stack:   tranche.Sequence(top, equity),
	}
	for i, c := range buyerCash {
		if c.Sign() > 0 {
			buyer.Proceeds = append(buyer.Proceeds, contract.Flow{Date: ps[i].End, Amount: c})
		}
	}
	return seller, buyer, nil
}

// TestTakeOrPayIncome_Run_Properties runs random usage paths through both
// deals and checks:
//   - the seller's deal conserves cash every period (paid + retained =
//     available, the engine's own check, repeated here) and its sources
//     line is the statement's Paid;
//   - everything the seller's deal distributed is what the buyer was billed
//     in all, to the cent (the 60/40 split retains nothing);
//   - the buyer's deal paid the seller what was due, less what is still
//     owed, and its founder received nothing in any period in which the
//     seller was left owed.
func TestTakeOrPayIncome_Run_Properties(t *testing.T) {
	ps, err := contract.Schedule{Start: contract.Date(2020, 12, 31), End: contract.Date(2025, 12, 31), Frequency: contract.EveryQuarter, EndOfMonth: true}.Periods()
	require.NoError(t, err)
	rapid.Check(t, func(t *rapid.T) {
		terms := contract.TakeOrPay{
			Buyer: "JV", Seller: "utility", Start: contract.Date(2020, 12, 31), End: contract.Date(2025, 12, 31),
			Minimum:        decimal.NewFromInt(400),
			Measure:        rapid.SampledFrom([]contract.Measure{contract.PerPeriod, contract.PerContractYear}).Draw(t, "measure"),
			Price:          decimal.New(rapid.Int64Range(1, 100000).Draw(t, "price"), -3),
			Escalation:     contract.Escalation{Rate: decimal.New(rapid.Int64Range(0, 100).Draw(t, "esc"), -3)},
			ShortfallShare: decimal.New(rapid.Int64Range(0, 100).Draw(t, "share"), -2),
			MakeUp:         contract.MakeUp{Window: rapid.IntRange(0, 8).Draw(t, "window")},
			CarryForward:   contract.CarryForward{Window: rapid.IntRange(0, 4).Draw(t, "cf")},
		}
		if rapid.Bool().Draw(t, "ramp") { // a ramp by contract year, and credits of another life
			terms.Minimum, terms.Minimums = decimal.Zero, []decimal.Decimal{decimal.NewFromInt(200), decimal.NewFromInt(300), decimal.NewFromInt(400)}
			terms.MakeUp = contract.MakeUp{Years: rapid.IntRange(0, 2).Draw(t, "years")}
			terms.MakeUp.UntilEnd = terms.MakeUp.Years == 0
		}
		usage := make([]decimal.Decimal, len(ps))
		cash := make([]decimal.Decimal, len(ps))
		for i := range ps {
			usage[i] = decimal.New(rapid.Int64Range(0, 1000).Draw(t, fmt.Sprintf("use%d", i)), 0)
			cash[i] = decimal.New(rapid.Int64Range(0, 3000000).Draw(t, fmt.Sprintf("cash%d", i)), -2)
		}
		seller, buyer, err := topDeals(terms, ps, usage, cash)
		if err != nil {
			t.Fatal(err)
		}
		st, err := terms.Statement(ps, usage, 2)
		if err != nil {
			t.Fatal(err)
		}
		res, err := waterfall.Run(seller)
		if err != nil {
			t.Fatal(err)
		}
		billed := decimal.Zero
		for i, p := range res.Periods {
			billed = billed.Add(st[i].Paid)
			if !p.Paid.Add(p.Retained).Equal(p.Available) {
				t.Fatalf("period %d: paid %s + retained %s != available %s", i, p.Paid, p.Retained, p.Available)
			}
			if p.Sources.Len() != 1 || !p.Sources.At(0).In.Equal(st[i].Paid) || !p.Sources.At(0).Out.IsZero() {
				t.Fatalf("period %d: source line %+v, statement paid %s", i, p.Sources.At(0), st[i].Paid)
			}
		}
		a, _ := res.Party("A")
		b, _ := res.Party("B")
		if got := a.Distributed.Add(b.Distributed).Add(res.Retained()); !got.Equal(billed) {
			t.Fatalf("seller distributed %s + retained %s, billed %s", a.Distributed.Add(b.Distributed), res.Retained(), billed)
		}

		bres, err := waterfall.Run(buyer)
		if err != nil {
			t.Fatal(err)
		}
		due, paid := decimal.Zero, decimal.Zero
		for i := range ps {
			due = due.Add(st[i].Paid)
			founder := decimal.Zero
			for _, p := range bres.Payments.All() {
				if p.Period != i {
					continue
				}
				switch p.Party {
				case "utility":
					paid = paid.Add(p.Amount)
				case "founder":
					founder = founder.Add(p.Amount)
				}
			}
			if paid.GreaterThan(due) {
				t.Fatalf("period %d: paid the seller %s, more than the %s due", i, paid, due)
			}
			if paid.LessThan(due) && founder.Sign() > 0 {
				t.Fatalf("period %d: founder paid %s while the seller is owed %s", i, founder, due.Sub(paid))
			}
		}
	})
}

// The seller's deal: the buyer's payments under the contract are its
// income, split 60/40 between its owners.
func ExampleTakeOrPayIncome() {
	ps, _ := contract.Schedule{Start: contract.Date(2020, 12, 31), End: contract.Date(2022, 12, 31), Frequency: contract.EveryYear}.Periods()
	terms := contract.TakeOrPay{
		Buyer: "JV", Seller: "utility", Start: contract.Date(2020, 12, 31), End: contract.Date(2022, 12, 31),
		Minimum: decimal.NewFromInt(20000000), Price: decimal.NewFromInt(1), ShortfallShare: decimal.RequireFromString("0.75"),
	}
	usage := []decimal.Decimal{decimal.NewFromInt(18000000), decimal.NewFromInt(21000000)}
	seller, _, _ := topDeals(terms, ps, usage, nil)
	res, err := waterfall.Run(seller)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, p := range res.Periods {
		fmt.Println(p.Period.End.Format("2006"), p.Sources.At(0).Source, p.Sources.At(0).In.StringFixed(2), p.Paid.StringFixed(2))
	}
	// Output:
	// 2021 offtake 19500000.00 19500000.00
	// 2022 offtake 21000000.00 21000000.00
}
