package waterfall_test

import (
	"fmt"

	"github.com/jvwaterfall/jvwaterfall/contract"
	"github.com/jvwaterfall/jvwaterfall/tranche"
	"github.com/jvwaterfall/jvwaterfall/waterfall"
	"github.com/shopspring/decimal"
)

// A Stepper runs a deal one period at a time, as Run does, so a caller can
// look at each period's cash account as it happens: 100 is called in the
// first year, 60 comes back in each of the next two, and capital is
// returned before the 50/50 split of profit.
func ExampleStepper() {
	d := decimal.RequireFromString
	periods, err := contract.Schedule{Start: contract.Date(2020, 12, 31), End: contract.Date(2023, 12, 31),
		Frequency: contract.EveryYear, EndOfMonth: true}.Periods()
	if err != nil {
		fmt.Println(err)
		return
	}
	roc, err := tranche.NewReturnOfCapital(tranche.ReturnOfCapital{Name: "capital", Parties: []tranche.PartyID{"LP"}})
	if err != nil {
		fmt.Println(err)
		return
	}
	split, err := tranche.NewSplit(tranche.Split{
		Name: "split",
		Shares: []tranche.Share{
			{Parties: []tranche.PartyID{"LP"}, Weight: d("0.5")},
			{Parties: []tranche.PartyID{"GP"}, Weight: d("0.5"), Promote: true},
		},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	s, err := waterfall.NewStepper(&waterfall.Deal{
		Name: "stepped", Currency: "USD", Scale: 2,
		Parties:  []waterfall.Party{{ID: "LP", Commitment: d("100")}, {ID: "GP", Role: waterfall.RoleSponsor}},
		Periods:  periods,
		Calls:    []waterfall.Call{{Date: contract.Date(2021, 12, 31), Amount: d("100")}},
		Proceeds: []contract.Flow{{Date: contract.Date(2022, 12, 31), Amount: d("60")}, {Date: contract.Date(2023, 12, 31), Amount: d("60")}},
		Stack:    tranche.Sequence(roc, split),
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	for !s.Done() {
		out, err := s.Step(waterfall.StepCash{})
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Printf("%s contributed %6s available %5s paid:", out.Summary.Period.End.Format("2006"),
			out.Summary.Contributed.StringFixed(2), out.Summary.Available.StringFixed(2))
		for _, p := range out.Payments.All() {
			fmt.Printf(" %s %s %s", p.Party, p.Kind, p.Amount.StringFixed(2))
		}
		fmt.Println()
	}
	res := s.Result()
	fmt.Println("retained", res.Retained().StringFixed(2))
	// Output:
	// 2021 contributed 100.00 available  0.00 paid:
	// 2022 contributed   0.00 available 60.00 paid: LP capital 60.00
	// 2023 contributed   0.00 available 60.00 paid: LP capital 40.00 LP profit 10.00 GP promote 10.00
	// retained 0.00
}
