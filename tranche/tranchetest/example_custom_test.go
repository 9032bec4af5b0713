package tranchetest_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/jvwaterfall/jvwaterfall/contract"
	"github.com/jvwaterfall/jvwaterfall/tranche"
	"github.com/jvwaterfall/jvwaterfall/tranche/tranchetest"
	"github.com/jvwaterfall/jvwaterfall/waterfall"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"
)

// ManagementFee is a tranche written outside the module, the way a user
// would: a fee of Rate a year on a fixed Base (the fund's commitments),
// accruing from Start on ACT/365F. What is due on a date is the fee accrued
// to that date, rounded down to the minor unit, less what the tranche has
// paid; unpaid fees stay due. It keeps no state of its own: the accrual is
// a closed form of the date, and what it has paid is in the book.
type ManagementFee struct {
	Name  tranche.TrancheID
	Party tranche.PartyID // the manager
	Rate  decimal.Decimal // a year; 0.02 means 2%
	Base  decimal.Decimal // the amount the fee is charged on
	Start time.Time       // the fee accrues from this date
}

// ID returns the tranche's ID.
func (f *ManagementFee) ID() tranche.TrancheID { return f.Name }

// Validate reports a missing ID or party and a negative rate or base.
func (f *ManagementFee) Validate() error {
	switch {
	case f.Name == "":
		return contract.Field("id", contract.ErrRequired)
	case f.Party == "":
		return contract.Field("party", contract.ErrRequired)
	case f.Rate.Sign() < 0:
		return contract.Field("rate", contract.ErrNegative)
	case f.Base.Sign() < 0:
		return contract.Field("base", contract.ErrNegative)
	}
	return nil
}

// due is the fee accrued to the book's date less what was paid:
// floor(Base × Rate × days / 365) − paid.
func (f *ManagementFee) due(b *tranche.Book) decimal.Decimal {
	if !b.Date().After(f.Start) {
		return decimal.Zero
	}
	num, den := contract.ACT365F.Fraction(f.Start, b.Date())
	accrued, _ := f.Base.Mul(f.Rate).Mul(decimal.NewFromInt(num)).QuoRem(decimal.NewFromInt(den), b.Scale())
	return decimal.Max(decimal.Zero, accrued.Sub(b.Paid(f.Name)))
}

// Owed is the fee due now.
func (f *ManagementFee) Owed(b *tranche.Book) (tranche.Claim, error) {
	if _, err := b.Account(f.Party); err != nil {
		return tranche.Claim{}, err
	}
	return tranche.Claim{Amount: f.due(b)}, nil
}

// Pay pays the fee due, up to avail.
func (f *ManagementFee) Pay(b *tranche.Book, avail decimal.Decimal) (decimal.Decimal, error) {
	due := f.due(b)
	amount := decimal.Min(due, avail)
	if amount.Sign() <= 0 {
		return decimal.Zero, nil
	}
	err := b.Post(tranche.Payment{Tranche: f.Name, Party: f.Party, Kind: tranche.KindFee,
		Amount: amount, Before: due, After: due.Sub(amount)})
	if err != nil {
		return decimal.Zero, err
	}
	return amount, nil
}

func newFee() tranche.Tranche {
	return &ManagementFee{Name: "fee", Party: "GP", Rate: decimal.RequireFromString("0.02"),
		Base: decimal.NewFromInt(1_000_000), Start: tranchetest.DefaultStart()}
}

// TestManagementFee_Conformance: the user's tranche follows the rules,
// alone and behind a return of capital.
func TestManagementFee_Conformance(t *testing.T) {
	tranchetest.Run(t, newFee)
	roc, err := tranche.NewReturnOfCapital(tranche.ReturnOfCapital{Name: "roc", Parties: []tranche.PartyID{"LP1", "LP2"}})
	require.NoError(t, err)
	t.Run("after capital", func(t *testing.T) { tranchetest.Run(t, newFee, tranchetest.Senior(roc)) })
}

// feeDeal is a fund with a 2% fee on 1,000,000 from 2024-12-31, senior
// to a European stack, with 50,000 of proceeds at each year end.
func feeDeal() (*waterfall.Deal, error) {
	d := decimal.RequireFromString
	periods, err := contract.Schedule{Start: contract.Date(2024, 12, 31), End: contract.Date(2029, 12, 31),
		Frequency: contract.EveryYear}.Periods()
	if err != nil {
		return nil, err
	}
	fee := &ManagementFee{Name: "fee", Party: "GP", Rate: d("0.02"), Base: d("1000000"), Start: contract.Date(2024, 12, 31)}
	roc, err := tranche.NewReturnOfCapital(tranche.ReturnOfCapital{Name: "capital", Parties: []tranche.PartyID{"LP"}})
	if err != nil {
		return nil, err
	}
	carry, err := tranche.NewSplit(tranche.Split{
		Name: "carry",
		Shares: []tranche.Share{
			{Parties: []tranche.PartyID{"LP"}, Weight: d("0.8")},
			{Parties: []tranche.PartyID{"GP"}, Weight: d("0.2"), Promote: true},
		},
	})
	if err != nil {
		return nil, err
	}
	var proceeds []contract.Flow
	for _, p := range periods {
		proceeds = append(proceeds, contract.Flow{Date: p.End, Amount: d("50000")})
	}
	return &waterfall.Deal{
		Name: "fee fund", Currency: "USD", Scale: 2,
		Parties:  []waterfall.Party{{ID: "LP", Commitment: d("1000000")}, {ID: "GP", Role: waterfall.RoleSponsor}},
		Periods:  periods,
		Calls:    []waterfall.Call{{Date: contract.Date(2025, 12, 31), Amount: d("1000000")}},
		Proceeds: proceeds,
		Stack:    tranche.Sequence(fee, roc, carry),
	}, nil
}

// TestManagementFee_InEngine runs the user's tranche inside waterfall.Run.
// The fee accrued to the end of year n is floor(1,000,000 × 0.02 × days/365):
// 2025: 365 days → 20,000.00; 2026: 730 → 40,000.00; 2027: 1095 →
// 60,000.00; 2028 (leap): 1461 → 20,000 × 1461/365 = 80,054.794… →
// 80,054.79; 2029: 1826 → 100,054.794… → 100,054.79. So the fee paid each
// year is 20,000.00, 20,000.00, 20,000.00, 20,054.79 and 20,000.00, and the
// rest of each 50,000 goes to capital.
func TestManagementFee_InEngine(t *testing.T) {
	deal, err := feeDeal()
	require.NoError(t, err)
	res, err := waterfall.Run(deal)
	require.NoError(t, err)
	want := []string{"20000.00", "20000.00", "20000.00", "20054.79", "20000.00"}
	var fees, capital []string
	for _, p := range res.Payments.All() {
		switch p.Tranche {
		case "fee":
			require.Equal(t, tranche.KindFee, p.Kind)
			fees = append(fees, p.Amount.StringFixed(2))
		case "capital":
			capital = append(capital, p.Amount.StringFixed(2))
		}
	}
	require.Equal(t, want, fees)
	// 50,000 − fee to capital; 2025's proceeds meet the call in the same period.
	require.Equal(t, []string{"30000.00", "30000.00", "30000.00", "29945.21", "30000.00"}, capital)
	gp, _ := res.Party("GP")
	require.Equal(t, "100054.79", gp.ByKind[tranche.KindFee].StringFixed(2))
}

// Example_customTranche writes a fee tranche outside the module and runs it
// at the top of a stack.
func Example_customTranche() {
	deal, err := feeDeal()
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
		if p.Tranche == "fee" {
			fmt.Println(p.Date.Format(time.DateOnly), p.Party, p.Kind, p.Amount.StringFixed(2))
		}
	}
	// Output:
	// 2025-12-31 GP fee 20000.00
	// 2026-12-31 GP fee 20000.00
	// 2027-12-31 GP fee 20000.00
	// 2028-12-31 GP fee 20054.79
	// 2029-12-31 GP fee 20000.00
}
