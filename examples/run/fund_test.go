package main

// europeanFund is the deal of examples/european-fund, built in Go exactly
// as that program builds it (copied from its fund function), so that the
// tests can check that testdata/european-fund.json is the same deal.

import (
	"github.com/jvwaterfall/jvwaterfall/contract"
	"github.com/jvwaterfall/jvwaterfall/tranche"
	"github.com/jvwaterfall/jvwaterfall/waterfall"
	"github.com/shopspring/decimal"
)

func usd(s string) decimal.Decimal { return decimal.RequireFromString(s) }

// The fund's terms, in one place.
var (
	prefRate  = contract.Rate{Annual: usd("0.08"), Compounding: contract.Annual, DayCount: contract.ACT365F}
	carry     = usd("0.20")
	investors = []tranche.PartyID{"LP-A", "LP-B", "LP-C", "GP"} // the GP co-invests 2%
)

// fund builds the deal: quarterly periods from 2016 to 2026.
func europeanFund() (*waterfall.Deal, error) {
	periods, err := contract.Schedule{
		Start:      contract.Date(2016, 12, 31),
		End:        contract.Date(2026, 12, 31),
		Frequency:  contract.EveryQuarter,
		EndOfMonth: true,
	}.Periods()
	if err != nil {
		return nil, err
	}
	roc, err := tranche.NewReturnOfCapital("capital", investors...)
	if err != nil {
		return nil, err
	}
	pref, err := tranche.NewPreferredReturn("pref", prefRate, investors...)
	if err != nil {
		return nil, err
	}
	catchUp, err := tranche.NewCatchUp("catch-up", "GP", carry, decimal.NewFromInt(1), investors...)
	if err != nil {
		return nil, err
	}
	split, err := tranche.NewSplit("carry",
		tranche.Share{Parties: investors, Weight: decimal.NewFromInt(1).Sub(carry)},
		tranche.Share{Parties: []tranche.PartyID{"GP"}, Weight: carry, Promote: true})
	if err != nil {
		return nil, err
	}
	call := func(y int, m int, amount string) waterfall.Call {
		return waterfall.Call{Date: contract.AddMonths(contract.Date(y, 1, 31), m-1, true), Amount: usd(amount)}
	}
	exit := func(y, m int, amount string) contract.Flow {
		return contract.Flow{Date: contract.AddMonths(contract.Date(y, 1, 31), m-1, true), Amount: usd(amount)}
	}
	return &waterfall.Deal{
		Name:     "Example Fund I",
		Currency: "USD",
		Scale:    2,
		Parties: []waterfall.Party{
			{ID: "LP-A", Name: "Pension plan", Commitment: usd("50000000")},
			{ID: "LP-B", Name: "Endowment", Commitment: usd("30000000")},
			{ID: "LP-C", Name: "Family office", Commitment: usd("18000000")},
			{ID: "GP", Name: "General partner", Role: waterfall.RoleSponsor, Commitment: usd("2000000")},
		},
		Periods: periods,
		Calls: []waterfall.Call{
			call(2017, 3, "20000000"), call(2017, 9, "10000000"),
			call(2018, 6, "25000000"), call(2019, 3, "15000000"),
			call(2020, 6, "12000000"), call(2020, 12, "8000000.01"),
		},
		Proceeds: []contract.Flow{
			exit(2021, 9, "12500000"), exit(2022, 6, "26000000"),
			exit(2023, 3, "41750000.50"), exit(2024, 9, "35000000"),
			exit(2025, 12, "44000000"), exit(2026, 12, "38333333.33"),
		},
		Stack: tranche.Sequence(roc, pref, catchUp, split),
	}, nil
}
