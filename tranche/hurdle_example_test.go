package tranche_test

import (
	"fmt"

	"github.com/jvwaterfall/jvwaterfall/contract"
	"github.com/jvwaterfall/jvwaterfall/tranche"
	"github.com/shopspring/decimal"
)

// An LP puts in 1000 and a year later 1500 is paid through capital, an 8%
// pref, 80/20 to a 12% IRR, 70/30 to a 1.3× multiple, then 60/40.
func ExampleHurdle() {
	d := decimal.RequireFromString
	irr := func(r string) contract.Rate {
		return contract.Rate{Annual: d(r), Compounding: contract.Annual, DayCount: contract.ACT365F}
	}
	lp, gp := []tranche.PartyID{"LP"}, []tranche.PartyID{"GP"}
	roc := tranche.Must(tranche.NewReturnOfCapital(tranche.ReturnOfCapital{Name: "capital", Parties: []tranche.PartyID{"LP"}}))
	pref := tranche.Must(tranche.NewPreferredReturn(tranche.PreferredReturn{Name: "pref", Rate: irr("0.08"), Parties: []tranche.PartyID{"LP"}}))
	to12 := tranche.Must(tranche.NewHurdle(tranche.Hurdle{
		Name:      "80/20 to 12%",
		Rate:      irr("0.12"),
		Investors: lp,
		Shares: []tranche.Share{
			{Parties: lp, Weight: d("0.8")},
			{Parties: gp, Weight: d("0.2"), Promote: true},
		},
	}))
	to13x := tranche.Must(tranche.NewHurdle(tranche.Hurdle{
		Name:      "70/30 to 1.3x",
		Multiple:  d("1.3"),
		Investors: lp,
		Shares: []tranche.Share{
			{Parties: lp, Weight: d("0.7")},
			{Parties: gp, Weight: d("0.3"), Promote: true},
		},
	}))
	rest := tranche.Must(tranche.NewSplit(tranche.Split{
		Name: "60/40",
		Shares: []tranche.Share{
			{Parties: lp, Weight: d("0.6")},
			{Parties: gp, Weight: d("0.4"), Promote: true},
		},
	}))

	b, _ := tranche.NewBook(2, []tranche.Party{{ID: "LP", Commitment: d("1000")}, {ID: "GP"}})
	_ = b.Advance(contract.Period{Index: 0, Start: contract.Date(2023, 12, 31), End: contract.Date(2024, 1, 1)})
	_ = b.Contribute("LP", d("1000"))
	_ = b.Advance(contract.Period{Index: 1, Start: contract.Date(2024, 1, 1), End: contract.Date(2025, 1, 1)})
	// 2024 is a leap year: 366 days, so the hurdles grow by (1+r)^(366/365):
	// pref 1000·1.08^(366/365) − 1000 = 80.2278 → 80.23; the 12% tier owes
	// 1120.3478 − 1080.23 → 40.12 to the LP, X = 40.12/0.8 = 50.15; the
	// 1.3× tier owes 1300 − 1120.35 = 179.65 to the LP: 179.65/0.7 =
	// 256.6428…, but the least tier that pays it is 256.64, split
	// 179.648/76.992 → 179.65/76.99 by largest remainder (256.63 gives the
	// LP 179.64). Rounding policy: RoundUp, the default.
	if _, err := tranche.PayChecked(b, tranche.Sequence(roc, pref, to12, to13x, rest), d("1500")); err != nil {
		fmt.Println(err)
		return
	}
	for p := range b.Ledger().Values() {
		fmt.Printf("%-13s %-2s %-8s %8s\n", p.Tranche, p.Party, p.Kind, p.Amount.StringFixed(2))
	}
	// Output:
	// capital       LP capital   1000.00
	// pref          LP pref        80.23
	// 80/20 to 12%  LP profit      40.12
	// 80/20 to 12%  GP promote     10.03
	// 70/30 to 1.3x LP profit     179.65
	// 70/30 to 1.3x GP promote     76.99
	// 60/40         LP profit      67.79
	// 60/40         GP promote     45.19
}

// An LP that put in 1000 and has received 1120 needs 380 more for a 1.5×
// multiple.
func ExampleBook_MultipleOwed() {
	d := decimal.RequireFromString
	b, _ := tranche.NewBook(2, []tranche.Party{{ID: "LP", Commitment: d("1000")}})
	_ = b.Advance(contract.Period{Index: 0, Start: contract.Date(2024, 1, 1), End: contract.Date(2024, 12, 31)})
	_ = b.Contribute("LP", d("1000"))
	_ = b.Post(tranche.Payment{Tranche: "capital", Party: "LP", Kind: tranche.KindCapital, Amount: d("1000")})
	_ = b.Post(tranche.Payment{Tranche: "pref", Party: "LP", Kind: tranche.KindPref, Amount: d("120")})
	owed, _ := b.MultipleOwed("LP", d("1.5"))
	fmt.Println(owed)
	// Output: 380
}
