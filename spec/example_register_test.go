package spec_test

import (
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/jvwaterfall/jvwaterfall/contract"
	"github.com/jvwaterfall/jvwaterfall/spec"
	"github.com/jvwaterfall/jvwaterfall/tranche"
	"github.com/jvwaterfall/jvwaterfall/waterfall"
	"github.com/shopspring/decimal"
)

// Bonus is a user's tranche: Amount paid to Party once Date has passed,
// owed until it is paid.
type Bonus struct {
	Name   tranche.TrancheID
	Party  tranche.PartyID
	Amount decimal.Decimal
	Date   time.Time
}

// ID returns the tranche's ID.
func (b *Bonus) ID() tranche.TrancheID { return b.Name }

// Owed is the bonus not yet paid, from Date on.
func (b *Bonus) Owed(bk *tranche.Book) (tranche.Claim, error) {
	if bk.Date().Before(b.Date) {
		return tranche.Claim{Amount: decimal.Zero}, nil
	}
	return tranche.Claim{Amount: b.Amount.Sub(bk.Paid(b.Name))}, nil
}

// Pay pays what is owed, up to avail.
func (b *Bonus) Pay(bk *tranche.Book, avail decimal.Decimal) (decimal.Decimal, error) {
	c, err := b.Owed(bk)
	if err != nil {
		return decimal.Zero, err
	}
	amount := decimal.Min(c.Amount, avail)
	if amount.Sign() <= 0 {
		return decimal.Zero, nil
	}
	if err := bk.Post(tranche.Payment{Tranche: b.Name, Party: b.Party, Kind: tranche.KindPromote, Amount: amount,
		Before: c.Amount, After: c.Amount.Sub(amount)}); err != nil {
		return decimal.Zero, err
	}
	return amount, nil
}

// A tranche type of your own decodes, runs and encodes once its kind is
// registered.
func ExampleRegisterTranche() {
	err := spec.RegisterTranche(spec.TrancheKind{
		Name: "bonus",
		Decode: func(o *spec.Object) (tranche.Tranche, error) {
			return &Bonus{Name: tranche.TrancheID(o.ID("id")), Party: o.Party("party"),
				Amount: o.Decimal("amount"), Date: o.Date("date")}, nil
		},
		Encode: func(t tranche.Tranche, f *spec.Fields) bool {
			b, ok := t.(*Bonus)
			if !ok {
				return false
			}
			f.String("id", string(b.Name))
			f.Party("party", b.Party)
			f.Money("amount", b.Amount)
			f.Date("date", b.Date)
			return true
		},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	// The bonus is due from 2026-06-30: nothing is paid in 2025, and in
	// 2026 it takes 150.00 of the 200.00 the deal has by then.
	deal, err := spec.UnmarshalDeal([]byte(`{
	  "currency": "USD", "scale": 2,
	  "parties": [{"id": "GP", "role": "sponsor"}],
	  "schedule": {"start": "2024-12-31", "end": "2026-12-31", "frequency": "annual"},
	  "proceeds": [{"date": "2025-12-31", "amount": "100.00"}, {"date": "2026-12-31", "amount": "100.00"}],
	  "stack": {"kind": "bonus", "id": "bonus", "party": "GP", "amount": "150", "date": "2026-06-30"}
	}`))
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
		fmt.Println(p.Date.Format(time.DateOnly), p.Tranche, p.Party, p.Amount.StringFixed(2))
	}
	if err := spec.EncodeDeal(os.Stdout, deal); err != nil {
		fmt.Println(err)
	}
	// Output:
	// 2026-12-31 bonus GP 150.00
	// {
	//   "currency": "USD",
	//   "scale": 2,
	//   "parties": [
	//     {"id": "GP", "role": "sponsor"}
	//   ],
	//   "schedule": {"start": "2024-12-31", "end": "2026-12-31", "frequency": "annual"},
	//   "proceeds": [
	//     {"date": "2025-12-31", "amount": "100.00"},
	//     {"date": "2026-12-31", "amount": "100.00"}
	//   ],
	//   "stack": {
	//     "kind": "bonus",
	//     "id": "bonus",
	//     "party": "GP",
	//     "amount": "150.00",
	//     "date": "2026-06-30"
	//   }
	// }
}

// Grant is a user's source of cash: Amount received on Date.
type Grant struct {
	Label  string
	Amount decimal.Decimal
	Date   time.Time
}

// Name returns the grant's label.
func (g Grant) Name() string { return g.Label }

// Cash is Amount in the period that holds Date.
func (g Grant) Cash(periods []contract.Period) ([]waterfall.SourceCash, error) {
	cash := make([]waterfall.SourceCash, len(periods))
	for i := range cash {
		cash[i] = waterfall.SourceCash{In: decimal.Zero, Out: decimal.Zero}
	}
	if i, ok := contract.PeriodIndex(periods, g.Date); ok {
		cash[i].In = g.Amount
	}
	return cash, nil
}

// A source of cash of your own is registered as a tranche kind is.
func ExampleRegisterSource() {
	err := spec.RegisterSource(spec.SourceKind{
		Name: "grant",
		Decode: func(o *spec.Object) (waterfall.Source, error) {
			return Grant{Label: o.ID("name"), Amount: o.Decimal("amount"), Date: o.Date("date")}, nil
		},
		Encode: func(s waterfall.Source, f *spec.Fields) bool {
			g, ok := s.(Grant)
			if !ok {
				return false
			}
			f.String("name", g.Label)
			f.Money("amount", g.Amount)
			f.Date("date", g.Date)
			return true
		},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	deal, err := spec.UnmarshalDeal([]byte(`{
	  "currency": "EUR", "scale": 2,
	  "parties": [{"id": "City"}],
	  "schedule": {"start": "2024-12-31", "end": "2025-12-31", "frequency": "annual"},
	  "sources": [{"kind": "grant", "name": "EU grant", "amount": "5000", "date": "2025-09-30"}],
	  "stack": {"kind": "split", "id": "all", "shares": [{"parties": ["City"], "weight": "1"}]}
	}`))
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
		fmt.Println(p.Date.Format(time.DateOnly), p.Tranche, p.Party, p.Amount.StringFixed(2))
	}
	b, err := spec.MarshalDeal(deal)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(strings.Contains(string(b), `{"kind": "grant", "name": "EU grant", "amount": "5000.00", "date": "2025-09-30"}`))
	// Output:
	// 2025-12-31 all City 5000.00
	// true
}
