package tranche_test

import (
	"fmt"

	"github.com/jvwaterfall/jvwaterfall/contract"
	"github.com/jvwaterfall/jvwaterfall/tranche"
	"github.com/shopspring/decimal"
)

// prefYears runs an LP's 1000 through pref then capital, one payment a
// year, and prints the pref paid each year.
func prefYears(pref *tranche.PreferredReturn, cash ...string) {
	roc := tranche.Must(tranche.NewReturnOfCapital(tranche.ReturnOfCapital{Name: "capital", Parties: []tranche.PartyID{"LP"}}))
	b, _ := tranche.NewBook(2, []tranche.Party{{ID: "LP", Commitment: decimal.NewFromInt(1000)}})
	_ = b.Advance(contract.Period{Index: 0, Start: contract.Date(2020, 12, 31), End: contract.Date(2021, 1, 1)})
	_ = b.Contribute("LP", decimal.NewFromInt(1000))
	for i, c := range cash {
		_ = b.Advance(contract.Period{Index: i + 1, Start: contract.Date(2021+i, 1, 1), End: contract.Date(2022+i, 1, 1)})
		before := b.Paid(pref.Name)
		if _, err := tranche.PayChecked(b, tranche.Sequence(pref, roc), d(c)); err != nil {
			fmt.Println(err)
			return
		}
		fmt.Printf("year %d: cash %5s, pref %s\n", i+1, c, b.Paid(pref.Name).Sub(before).StringFixed(2))
	}
}

// A current-pay pref owes each year's 8% only: the 30 unpaid in year 1 is
// forfeited, not paid in year 2.
func ExamplePrefAccrual() {
	pref := tranche.Must(tranche.NewPreferredReturn(tranche.PreferredReturn{
		Name:    "pref",
		Rate:    contract.Rate{Annual: decimal.RequireFromString("0.08")},
		Parties: []tranche.PartyID{"LP"},
	}))
	pref.Accrual = tranche.NonCumulative
	prefYears(pref, "50", "200")
	// Output:
	// year 1: cash    50, pref 50.00
	// year 2: cash   200, pref 80.00
}

// A pref on contributed capital keeps accruing on the full 1000 after the
// capital is returned in year 1; on unreturned capital it would stop.
func ExamplePrefBase() {
	pref := tranche.Must(tranche.NewPreferredReturn(tranche.PreferredReturn{
		Name:    "pref",
		Rate:    contract.Rate{Annual: decimal.RequireFromString("0.08")},
		Parties: []tranche.PartyID{"LP"},
	}))
	pref.Base = tranche.OnContributed
	prefYears(pref, "1080", "200")
	// Output:
	// year 1: cash  1080, pref 80.00
	// year 2: cash   200, pref 80.00
}
