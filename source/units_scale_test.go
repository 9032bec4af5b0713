package source_test

import (
	"testing"

	"github.com/jvwaterfall/jvwaterfall/contract"
	"github.com/jvwaterfall/jvwaterfall/source"
	"github.com/jvwaterfall/jvwaterfall/waterfall"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"
)

// TestCashUnits_ErrorsAtAnotherScale: asked at a scale other than the
// source's own (4 for a source of cents), CashUnits works from Cash's
// decimals, and still fails as Cash does, with the same error and
// nothing else.
func TestCashUnits_ErrorsAtAnotherScale(t *testing.T) {
	periods, err := contract.Explicit(contract.Date(2024, 1, 1), contract.Date(2025, 1, 1), contract.Date(2026, 1, 1))
	require.NoError(t, err)
	for _, s := range []waterfall.UnitSource{
		source.EnergyCost{Label: "energy", Scale: 2}, source.OpexCost{Label: "opex", Scale: 2},
		source.CapexRefresh{Label: "capex", Scale: 2}, source.TakeOrPayIncome{Label: "top", Scale: 2},
	} {
		_, want := s.Cash(periods)
		require.Error(t, want, s.Name())
		for _, scale := range []int32{0, 4} {
			in, out, ok, err := s.CashUnits(periods, scale)
			require.EqualError(t, err, want.Error(), "%s at scale %d", s.Name(), scale)
			require.True(t, in == nil && out == nil && !ok, "%s at scale %d", s.Name(), scale)
		}
	}
}

// TestTakeOrPayIncome_CashUnitsPastInt64Arithmetic: usage written with 21
// digits (12.0000000000000000000) is past the contract's int64
// arithmetic, so its PaidUnits declines; CashUnits must not, as the
// amount is whole cents: 12 units above the minimum of 10 at 2.50, no
// make-up, is 30.00 received, 3,000 cents (300,000 at scale 4).
func TestTakeOrPayIncome_CashUnitsPastInt64Arithmetic(t *testing.T) {
	periods, err := contract.Explicit(contract.Date(2025, 1, 1), contract.Date(2026, 1, 1))
	require.NoError(t, err)
	s := source.TakeOrPayIncome{
		Label: "offtake",
		Terms: contract.TakeOrPay{Buyer: "B", Seller: "S", Start: contract.Date(2025, 1, 1), End: contract.Date(2026, 1, 1),
			Minimum: decimal.NewFromInt(10), Price: dec("2.5")},
		Usage: []decimal.Decimal{dec("12.0000000000000000000")},
		Scale: 2,
	}
	for _, c := range []struct {
		scale int32
		want  int64
	}{{2, 3000}, {4, 300_000}} {
		in, out, ok, err := s.CashUnits(periods, c.scale)
		require.NoError(t, err)
		require.True(t, ok, "scale %d", c.scale)
		require.Equal(t, []int64{c.want}, in, "scale %d", c.scale)
		require.Nil(t, out, "scale %d", c.scale)
	}
}

// TestCashUnits_NoDecimalPerPeriod: at the source's own scale, energy,
// opex and take-or-pay income hand over the minor units their contracts
// work in (ChargesUnits, PaidUnits), making no decimal for each period:
// CashUnits allocates as much for 48 monthly periods as for 12, though
// every period has its own load, usage and so amounts (Cash's decimals,
// which CashUnits at another scale reads, grow with the periods).
func TestCashUnits_NoDecimalPerPeriod(t *testing.T) {
	allocs := func(n int) [3]float64 {
		ps := monthly(t, n)
		var load contract.Path
		usage := make([]decimal.Decimal, n)
		for i := range n {
			load = append(load, decimal.NewFromInt(int64(100+i)))
			usage[i] = decimal.NewFromInt(int64(5 + i))
		}
		sources := []waterfall.UnitSource{
			source.EnergyCost{Label: "energy", Terms: contract.Energy{Load: load, Price: contract.Const(dec("50")), PassThrough: dec("0.25")}, Scale: 2},
			source.OpexCost{Label: "opex", Terms: contract.Opex{Annual: dec("1200000"), Start: ps[0].Start, Escalation: contract.Escalation{Rate: dec("0.03")}}, Scale: 2},
			source.TakeOrPayIncome{Label: "offtake", Terms: contract.TakeOrPay{Buyer: "B", Seller: "S", Start: ps[0].Start, End: ps[n-1].End,
				Minimum: dec("10"), Price: dec("2.5")}, Usage: usage, Scale: 2},
		}
		var out [3]float64
		for k, s := range sources {
			requireUnitsAreCash(t, s, ps, 2)
			out[k] = testing.AllocsPerRun(10, func() {
				if _, _, ok, err := s.CashUnits(ps, 2); err != nil || !ok {
					t.Fatalf("%s: %v, %v", s.Name(), ok, err)
				}
			})
		}
		return out
	}
	few, many := allocs(12), allocs(48)
	for k, name := range []string{"energy", "opex", "offtake"} {
		require.Equal(t, few[k], many[k], "%s: allocations for 12 and 48 periods", name)
	}
}
