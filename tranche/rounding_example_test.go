package tranche_test

import (
	"fmt"

	"github.com/jvwaterfall/jvwaterfall/contract"
	"github.com/jvwaterfall/jvwaterfall/tranche"
	"github.com/shopspring/decimal"
)

// An LP puts in 1,000,002.59 on 2020-01-01 and, 366 days later, has its
// capital back and an 80/20 tier to a 10% IRR: it needs 100,287.5334…
// more. Rounded up, the LP needs 100,287.54 and the least tier that pays
// it is 125,359.42 (its split 100,287.536/25,071.884 gives the LP the
// leftover cent); half-even, it needs 100,287.53 and the tier is
// 125,359.41.
func ExampleRounding() {
	d := decimal.RequireFromString
	lp, gp := []tranche.PartyID{"LP"}, []tranche.PartyID{"GP"}
	tier := tranche.Must(tranche.NewHurdle(tranche.Hurdle{
		Name:      "80/20 to 10%",
		Rate:      contract.Rate{Annual: d("0.1"), Compounding: contract.Annual, DayCount: contract.ACT365F},
		Investors: lp,
		Shares:    []tranche.Share{{Parties: lp, Weight: d("0.8")}, {Parties: gp, Weight: d("0.2"), Promote: true}},
	}))
	for _, policy := range []tranche.Rounding{tranche.RoundUp, tranche.HalfEven} {
		b, _ := tranche.NewBook(2, []tranche.Party{{ID: "LP", Commitment: d("1000002.59")}, {ID: "GP"}})
		b.SetRounding(policy)
		_ = b.Advance(contract.Period{Index: 0, Start: contract.Date(2019, 12, 31), End: contract.Date(2020, 1, 1)})
		_ = b.Contribute("LP", d("1000002.59"))
		_ = b.Advance(contract.Period{Index: 1, Start: contract.Date(2020, 1, 1), End: contract.Date(2021, 1, 1)})
		_ = b.Post(tranche.Payment{Tranche: "capital", Party: "LP", Kind: tranche.KindCapital, Amount: d("1000002.59")})
		owed, _ := tier.Owed(b)
		_, _ = tier.Pay(b, d("300000"))
		fmt.Printf("%-9s tier %s:", policy, owed.Amount)
		for p := range b.Ledger().Values() {
			if p.Tranche == tier.Name {
				fmt.Printf(" %s %s", p.Party, p.Amount)
			}
		}
		fmt.Println()
	}
	// Output:
	// up        tier 125359.42: LP 100287.54 GP 25071.88
	// half-even tier 125359.41: LP 100287.53 GP 25071.88
}
