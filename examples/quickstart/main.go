// Command quickstart is the README's quick start: one LP, one GP, a
// European waterfall, one exit.
package main

import (
	"fmt"
	"io"
	"log"
	"os"

	"github.com/jvwaterfall/jvwaterfall/contract"
	"github.com/jvwaterfall/jvwaterfall/tranche"
	"github.com/jvwaterfall/jvwaterfall/waterfall"
	"github.com/shopspring/decimal"
)

func main() {
	if err := run(os.Stdout); err != nil {
		log.Fatal(err)
	}
}

func run(w io.Writer) error {
	d := decimal.RequireFromString
	pref8 := contract.Rate{Annual: d("0.08"), Compounding: contract.Annual} // 8%, ACT/365F

	// Each constructor checks its terms once and says what is wrong.
	roc, err := tranche.NewReturnOfCapital(tranche.ReturnOfCapital{
		Name: "capital", Parties: []tranche.PartyID{"LP"},
	})
	if err != nil {
		return err
	}
	pref, err := tranche.NewPreferredReturn(tranche.PreferredReturn{
		Name: "pref", Rate: pref8, Parties: []tranche.PartyID{"LP"},
	})
	if err != nil {
		return err
	}
	catchUp, err := tranche.NewCatchUp(tranche.CatchUp{
		Name: "catch-up", Sponsor: "GP", Investors: []tranche.PartyID{"LP"},
		Target: d("0.2"), // the GP's share of profit once caught up
		Rate:   d("1"),   // the GP's share of each catch-up dollar: a full catch-up
	})
	if err != nil {
		return err
	}
	carry, err := tranche.NewSplit(tranche.Split{Name: "carry", Shares: []tranche.Share{
		{Parties: []tranche.PartyID{"LP"}, Weight: d("0.8")},
		{Parties: []tranche.PartyID{"GP"}, Weight: d("0.2"), Promote: true},
	}})
	if err != nil {
		return err
	}

	periods, err := contract.Schedule{
		Start: contract.Date(2024, 12, 31), End: contract.Date(2029, 12, 31),
		Frequency: contract.EveryYear,
	}.Periods()
	if err != nil {
		return err
	}

	res, err := waterfall.Run(&waterfall.Deal{
		Name: "quick start", Currency: "USD", Scale: 2,
		Parties: []waterfall.Party{
			{ID: "LP", Commitment: d("1000000")},
			{ID: "GP", Role: waterfall.RoleSponsor},
		},
		Periods:  periods,
		Calls:    []waterfall.Call{{Date: contract.Date(2025, 12, 31), Amount: d("1000000")}},
		Proceeds: []contract.Flow{{Date: contract.Date(2029, 12, 31), Amount: d("1800000")}},
		Stack:    tranche.Sequence(roc, pref, catchUp, carry),
	})
	if err != nil {
		return err
	}
	for _, p := range res.Payments {
		fmt.Fprintf(w, "%s  %-8s %-3s %-9s %12s\n", p.Date.Format("2006-01-02"), p.Tranche, p.Party, p.Kind, p.Amount.StringFixed(2))
	}
	irr, err := res.XIRR("LP")
	if err != nil {
		return err
	}
	_, err = fmt.Fprintf(w, "LP IRR %.2f%%\n", irr*100)
	return err
}
