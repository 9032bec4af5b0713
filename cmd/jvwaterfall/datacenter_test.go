package main

import (
	"github.com/jvwaterfall/jvwaterfall/internal/runview"
	"os"
	"reflect"
	"testing"

	"github.com/jvwaterfall/jvwaterfall/source"

	"github.com/google/go-cmp/cmp"
	"github.com/jvwaterfall/jvwaterfall/contract"
	"github.com/jvwaterfall/jvwaterfall/spec"
	"github.com/jvwaterfall/jvwaterfall/tranche"
	"github.com/jvwaterfall/jvwaterfall/waterfall"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"
)

func usd(s string) decimal.Decimal { return decimal.RequireFromString(s) }

// dataCenter is the deal of testdata/datacenter.json built in Go: a JV
// whose senior loan funds the build, whose income is a take-or-pay
// capacity contract with a lab, and which pays for the energy it draws.
func dataCenter() (*waterfall.Deal, error) {
	periods, err := contract.Schedule{Start: contract.Date(2024, 12, 31), End: contract.Date(2029, 12, 31), Frequency: contract.EveryYear}.Periods()
	if err != nil {
		return nil, err
	}
	plan, err := contract.Loan{
		Commitment:   usd("2000000"),
		Draws:        []contract.Flow{{Date: contract.Date(2025, 6, 30), Amount: usd("2000000")}},
		Rate:         contract.Rate{Annual: usd("0.06"), Compounding: contract.Simple, DayCount: contract.Thirty360US},
		Amortization: contract.StraightLine,
		UpfrontFee:   usd("0.01"),
	}.Plan(periods, 2)
	if err != nil {
		return nil, err
	}
	senior, err := tranche.NewDebt(tranche.Debt{Name: "senior", Lender: "Bank", Plan: plan})
	if err != nil {
		return nil, err
	}
	lpgp := []tranche.PartyID{"LP", "GP"}
	roc, err := tranche.NewReturnOfCapital(tranche.ReturnOfCapital{Name: "capital", Parties: lpgp})
	if err != nil {
		return nil, err
	}
	pref, err := tranche.NewPreferredReturn(tranche.PreferredReturn{
		Name:    "pref",
		Rate:    contract.Rate{Annual: usd("0.08"), Compounding: contract.Annual},
		Parties: lpgp,
	})
	if err != nil {
		return nil, err
	}
	split, err := tranche.NewSplit(tranche.Split{
		Name: "promote",
		Shares: []tranche.Share{
			{Parties: lpgp, Weight: usd("0.8")},
			{Parties: []tranche.PartyID{"GP"}, Weight: usd("0.2"), Promote: true},
		},
	})
	if err != nil {
		return nil, err
	}
	capacity := contract.TakeOrPay{
		Buyer: "Lab", Seller: "JV", Start: contract.Date(2024, 12, 31), End: contract.Date(2029, 12, 31),
		Minimum: usd("2000"), Price: usd("500"), Escalation: contract.Escalation{Rate: usd("0.02")}, ShortfallShare: usd("0.8"),
	}
	return &waterfall.Deal{
		Name: "Data-center JV", Currency: "USD", Scale: 2,
		Parties: []waterfall.Party{
			{ID: "Bank", Name: "Senior lender", Role: waterfall.RoleLender},
			{ID: "LP", Name: "Limited partner", Commitment: usd("900000")},
			{ID: "GP", Name: "Sponsor", Role: waterfall.RoleSponsor, Commitment: usd("100000")},
		},
		Periods:  periods,
		Calls:    []waterfall.Call{{Date: contract.Date(2025, 12, 31), Amount: usd("1000000")}},
		Proceeds: []contract.Flow{{Date: contract.Date(2029, 12, 31), Amount: usd("3000000")}},
		Sources: []waterfall.Source{
			source.LoanFunding{Label: "senior draw", Plan: plan},
			source.TakeOrPayIncome{Label: "capacity", Terms: capacity, Usage: []decimal.Decimal{usd("0"), usd("2000"), usd("1600"), usd("2400"), usd("2000")}, Scale: 2},
			source.EnergyCost{Label: "power", Terms: contract.Energy{Load: contract.Const(usd("0.1")),
				Price: contract.Path{usd("50"), usd("55"), usd("60"), usd("60"), usd("65")}, PassThrough: usd("0.25")}, Scale: 2},
		},
		Stack: tranche.Sequence(senior, roc, pref, split),
	}, nil
}

func decodeFile(t *testing.T, name string) *waterfall.Deal {
	t.Helper()
	f, err := os.Open(name)
	require.NoError(t, err)
	defer f.Close()
	d, err := spec.DecodeDeal(f)
	require.NoError(t, err)
	return d
}

// TestDataCenter checks that testdata/datacenter.json is the deal built in
// Go: decoding and running it gives exactly the Go deal's Result.
func TestDataCenter(t *testing.T) {
	goDeal, err := dataCenter()
	require.NoError(t, err)
	want, err := waterfall.Run(goDeal)
	require.NoError(t, err)
	got, err := waterfall.Run(decodeFile(t, "testdata/datacenter.json"))
	require.NoError(t, err)
	if diff := cmp.Diff(runview.Of(want), runview.Of(got), cmp.Exporter(func(reflect.Type) bool { return true })); diff != "" {
		t.Fatalf("Result of the JSON deal differs from the Go deal's (-go +json):\n%s", diff)
	}
	require.Equal(t, want.Payments.Len(), got.Payments.Len())
}

// TestDataCenterFigures proves the figures of the data-center goldens
// from the contract terms, by hand:
//   - senior: 2,000,000 drawn in 2025 with a 1% upfront fee (20,000), then
//     straight-line over the four payment years, 500,000 a year, and simple
//     6% on 30/360 over whole years on the opening balance: 120,000,
//     90,000, 60,000, 30,000;
//   - capacity: 2,000 a year at 500 escalating 2% a contract year (500,
//     510, 520.2, 530.604, 541.21608); 2025 takes nothing and pays the
//     shortfall 2,000 × 0.8 × 500 = 800,000; 2026 pays 2,000 × 510 =
//     1,020,000; 2027 takes 1,600 (832,320) and pays the shortfall of 400
//     at 0.8 × 520.2 (166,464); 2028 takes 2,400 × 530.604 = 1,273,449.60;
//     2029 2,000 × 541.21608 = 1,082,432.16;
//   - power: 0.1 MW × 24 h × 365 days (366 in 2028) × the year's price,
//     25% passed through;
//   - the equity gets all the rest: conservation of cash.
func TestDataCenterFigures(t *testing.T) {
	res, err := waterfall.Run(decodeFile(t, "testdata/datacenter.json"))
	require.NoError(t, err)
	bank := map[tranche.Kind][]string{}
	for _, p := range res.Payments.All() {
		if p.Party == "Bank" {
			bank[p.Kind] = append(bank[p.Kind], p.Amount.StringFixed(2))
		}
	}
	require.Equal(t, []string{"20000.00"}, bank[tranche.KindFee])
	require.Equal(t, []string{"120000.00", "90000.00", "60000.00", "30000.00"}, bank[tranche.KindInterest])
	require.Equal(t, []string{"500000.00", "500000.00", "500000.00", "500000.00"}, bank[tranche.KindPrincipal])

	income := []string{"800000", "1020000", "998784", "1273449.60", "1082432.16"}
	mwh := []string{"876", "876", "876", "878.4", "876"}
	price := []string{"50", "55", "60", "60", "65"}
	draw := []string{"2000000", "0", "0", "0", "0"}
	spent := []string{"1980000", "0", "0", "0", "0"}
	equity := decimal.Zero
	for i := range 5 {
		cost := usd(mwh[i]).Mul(usd(price[i]))
		pass := cost.Mul(usd("0.25")).Round(2)
		cash := usd(income[i]).Add(pass).Sub(cost).Add(usd(draw[i])).Sub(usd(spent[i]))
		if i == 4 {
			cash = cash.Add(usd("3000000"))
		}
		equity = equity.Add(cash)
	}
	// Less what the bank was paid: 20,000 + 300,000 + 2,000,000.
	equity = equity.Sub(usd("2320000"))
	lp, ok := res.Party("LP")
	require.True(t, ok)
	gp, ok := res.Party("GP")
	require.True(t, ok)
	require.Equal(t, equity.StringFixed(2), lp.Distributed.Add(gp.Distributed).StringFixed(2))
	require.True(t, res.Retained().IsZero())
}
