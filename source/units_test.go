package source_test

import (
	"fmt"
	"testing"

	"github.com/jvwaterfall/jvwaterfall/contract"
	"github.com/jvwaterfall/jvwaterfall/source"
	"github.com/jvwaterfall/jvwaterfall/waterfall"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"
)

// requireUnitsAreCash checks s's CashUnits at scale against its Cash: ok
// exactly when every amount is whole at scale; then each amount is its
// count of minor units, and a side is nil only when zero in every period.
func requireUnitsAreCash(t require.TestingT, s waterfall.UnitSource, periods []contract.Period, scale int32) {
	cash, err := s.Cash(periods)
	require.NoError(t, err)
	in, out, ok, err := s.CashUnits(periods, scale)
	require.NoError(t, err)
	whole := true
	for _, c := range cash {
		for _, v := range []decimal.Decimal{c.In, c.Out} {
			whole = whole && v.Shift(scale).IsInteger()
		}
	}
	require.Equal(t, whole, ok, "%s at scale %d", s.Name(), scale)
	if !ok {
		return
	}
	for j, u := range [2][]int64{in, out} {
		zero := true
		for i, c := range cash {
			want := [2]decimal.Decimal{c.In, c.Out}[j]
			got := decimal.Zero
			if u != nil {
				got = decimal.New(u[i], -scale)
			}
			require.True(t, got.Equal(want), "%s period %d side %d: %s units, Cash %s", s.Name(), i, j, got, want)
			zero = zero && want.IsZero()
		}
		require.True(t, u != nil || zero, "%s side %d: nil only when zero throughout", s.Name(), j)
	}
}

// TestCashUnits_IsCash: every source of the package gives, in CashUnits,
// Cash's amounts in minor units, over random terms: energy and opex
// costs, a refresh funded with a default, the seller's take-or-pay income
// with make-up and carry-forward, and a loan's draws with an upfront fee;
// at scale 2 (cents, as Cash rounds), 4 (hundredths of a cent) and 0
// (whole dollars, which most amounts are not: the run then reads Cash).
func TestCashUnits_IsCash(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		ps := monthly(t, rapid.IntRange(7, 30).Draw(t, "months")) // the refresh is in the seventh
		n := len(ps)
		load := contract.Const(decimal.New(rapid.Int64Range(0, 200_000).Draw(t, "load"), -3))
		price := contract.Const(decimal.New(rapid.Int64Range(0, 90_000).Draw(t, "price"), -3))
		deal := facility(t, ps, load, price, nil)
		terms := contract.TakeOrPay{
			Buyer: "JV", Seller: "utility", Start: ps[0].Start, End: ps[n-1].End,
			Minimum:        decimal.New(rapid.Int64Range(1, 5000).Draw(t, "min"), 0),
			Escalation:     contract.Escalation{Rate: decimal.New(rapid.Int64Range(0, 100).Draw(t, "esc"), -3)},
			Measure:        rapid.SampledFrom([]contract.Measure{contract.PerPeriod, contract.PerContractYear}).Draw(t, "measure"),
			Price:          decimal.New(rapid.Int64Range(1, 100000).Draw(t, "top price"), -3),
			ShortfallShare: decimal.New(rapid.Int64Range(0, 100).Draw(t, "share"), -2),
			MakeUp:         contract.MakeUp{Window: rapid.IntRange(0, 8).Draw(t, "window")},
			CarryForward:   contract.CarryForward{Window: rapid.IntRange(0, 4).Draw(t, "cf")},
		}
		usage := make([]decimal.Decimal, n)
		for i := range usage {
			usage[i] = decimal.New(rapid.Int64Range(0, 1000).Draw(t, fmt.Sprintf("use%d", i)), 0)
		}
		at := rapid.IntRange(0, n-2).Draw(t, "draw at")
		plan, err := contract.Loan{
			Commitment: dec("1000000"),
			Draws:      []contract.Flow{{Date: ps[at].End, Amount: decimal.New(rapid.Int64Range(1, 100_000_000).Draw(t, "draw"), -2)}},
			Rate:       contract.Rate{Annual: dec("0.05")},
			UpfrontFee: decimal.New(rapid.Int64Range(0, 500).Draw(t, "fee"), -4),
		}.Plan(ps, 2)
		require.NoError(t, err)
		sources := []waterfall.UnitSource{
			source.TakeOrPayIncome{Label: "offtake", Terms: terms, Usage: usage, Scale: 2},
			source.LoanFunding{Label: "draws", Plan: plan},
		}
		for _, s := range deal.Sources {
			sources = append(sources, s.(waterfall.UnitSource))
		}
		for _, s := range sources {
			for _, scale := range []int32{2, 4, 0} {
				requireUnitsAreCash(t, s, ps, scale)
			}
		}
	})
}

// TestCashUnits_Errors: CashUnits fails as Cash does, with the same
// error and nothing else.
func TestCashUnits_Errors(t *testing.T) {
	periods, err := contract.Explicit(contract.Date(2024, 1, 1), contract.Date(2025, 1, 1), contract.Date(2026, 1, 1))
	require.NoError(t, err)
	for _, s := range []waterfall.UnitSource{
		source.EnergyCost{Label: "energy", Scale: 2}, source.OpexCost{Label: "opex", Scale: 2},
		source.CapexRefresh{Label: "capex", Scale: 2}, source.TakeOrPayIncome{Label: "top", Scale: 2},
		source.LoanFunding{Label: "draws"},
	} {
		_, want := s.Cash(periods)
		require.Error(t, want, s.Name())
		in, out, ok, err := s.CashUnits(periods, 2)
		require.EqualError(t, err, want.Error(), s.Name())
		require.True(t, in == nil && out == nil && !ok, s.Name())
	}
}

// TestCapexRefresh_FirstPeriod: a refresh dated in the first period
// ((Start, End] of period 0 holds its End) is that period's cash, in
// Cash and CashUnits alike. A alone is committed (1,000, more than the
// refresh), so the call raises the whole refresh: 100.01 in and 100.01
// out in period 0, 10,001 cents each way, and nothing after.
func TestCapexRefresh_FirstPeriod(t *testing.T) {
	ps := monthly(t, 3)
	s := source.CapexRefresh{
		Label: "refresh",
		Terms: contract.Capex{
			Asset:        contract.Asset{Cost: dec("1000"), InService: ps[0].Start, Life: 12},
			Obsolescence: contract.Obsolescence{Date: ps[0].End, Refresh: dec("100.01"), Life: 12},
		},
		Funding: contract.CapitalCall{Commitments: []contract.Commitment{{Party: "A", Amount: dec("1000")}}},
		Scale:   2,
	}
	cash, err := s.Cash(ps)
	require.NoError(t, err)
	require.Len(t, cash, 3)
	for i, want := range []string{"100.01", "0", "0"} {
		require.True(t, cash[i].In.Equal(dec(want)) && cash[i].Out.Equal(dec(want)), "period %d: in %s out %s, want %s", i, cash[i].In, cash[i].Out, want)
	}
	in, out, ok, err := s.CashUnits(ps, 2)
	require.NoError(t, err)
	require.True(t, ok)
	require.Equal(t, []int64{10_001, 0, 0}, in)
	require.Equal(t, []int64{10_001, 0, 0}, out)
}
