package contract_test

import (
	"testing"

	"github.com/jvwaterfall/jvwaterfall/contract"
	"github.com/stretchr/testify/require"
)

// TestEnergy_BillLimits checks the limits of the terms and of the scale
// exactly at the limit and one unit beyond it.
func TestEnergy_BillLimits(t *testing.T) {
	// One day: 24 hours.
	ps, err := contract.Explicit(contract.Date(2025, 3, 31), contract.Date(2025, 4, 1))
	require.NoError(t, err)
	t.Run("zero load and price", func(t *testing.T) {
		e := contract.Energy{Load: contract.Const(dec("0")), Price: contract.Const(dec("0"))}
		require.NoError(t, e.Validate())
		bill, err := e.Bill(ps, 2)
		require.NoError(t, err)
		require.True(t, bill[0].Cost.IsZero())
	})
	t.Run("scale 0 rounds half away from zero", func(t *testing.T) {
		// 0.4375 MW × 24 h = 10.5 MWh × 1 = 10.5 → 11; half passed
		// through: 5.5 → 6; net 11 − 6 = 5.
		e := contract.Energy{Load: contract.Const(dec("0.4375")), Price: contract.Const(dec("1")), PassThrough: dec("0.5")}
		bill, err := e.Bill(ps, 0)
		require.NoError(t, err)
		b := bill[0]
		require.Equal(t, []string{"10.5", "11", "6", "5"}, []string{b.MWh.String(), b.Cost.String(), b.PassThrough.String(), b.Net.String()})
	})
	t.Run("scale 8", func(t *testing.T) {
		// 10.5 MWh × 0.123456789 = 1.2962962845 → 1.29629628 (8 places).
		e := contract.Energy{Load: contract.Const(dec("0.4375")), Price: contract.Const(dec("0.123456789"))}
		bill, err := e.Bill(ps, 8)
		require.NoError(t, err)
		require.Equal(t, "1.29629628", bill[0].Cost.String())
	})
	for _, scale := range []int32{-1, 9} {
		e := contract.Energy{Load: contract.Const(dec("1")), Price: contract.Const(dec("1"))}
		_, err := e.Bill(ps, scale)
		requireFields(t, err, map[string]error{"scale": contract.ErrRange})
	}
	t.Run("pass-through at 0 and 1 and just outside", func(t *testing.T) {
		for _, s := range []string{"0", "1"} {
			require.NoError(t, contract.Energy{Load: contract.Const(dec("1")), Price: contract.Const(dec("1")), PassThrough: dec(s)}.Validate())
		}
		for _, s := range []string{"-0.0001", "1.0001"} {
			err := contract.Energy{Load: contract.Const(dec("1")), Price: contract.Const(dec("1")), PassThrough: dec(s)}.Validate()
			requireFields(t, err, map[string]error{"pass_through": contract.ErrRange})
		}
	})
}

// TestOpex_ValidateLimits checks each limit of the operating cost's terms
// exactly at the limit and one unit beyond it.
func TestOpex_ValidateLimits(t *testing.T) {
	start := contract.Date(2025, 1, 31)
	valid := []contract.Opex{
		{Annual: dec("0"), Start: start},
		{Annual: dec("1"), Start: start, End: start.AddDate(0, 0, 1)},
		{Annual: dec("1"), Start: start, Escalation: contract.Escalation{Rate: dec("-0.9999")}},
		{Annual: dec("1"), Start: start, DayCount: contract.Thirty360EISDA},
	}
	for i, o := range valid {
		require.NoError(t, o.Validate(), "valid[%d]", i)
	}
	invalid := []struct {
		o    contract.Opex
		want map[string]error
	}{
		{contract.Opex{Annual: dec("-0.01"), Start: start}, map[string]error{"annual": contract.ErrNegative}},
		{contract.Opex{Annual: dec("1"), Start: start, End: start}, map[string]error{"end": contract.ErrOrder}},
		{contract.Opex{Annual: dec("1"), Start: start, End: start.AddDate(0, 0, -1)}, map[string]error{"end": contract.ErrOrder}},
		{contract.Opex{Annual: dec("1"), Start: start, Escalation: contract.Escalation{Rate: dec("-1")}}, map[string]error{"escalation.rate": contract.ErrRange}},
		{contract.Opex{Annual: dec("1"), Start: start, DayCount: contract.Thirty360EISDA + 1}, map[string]error{"day_count": contract.ErrRange}},
	}
	for i, tc := range invalid {
		requireFields(t, tc.o.Validate(), tc.want)
		ps, err := contract.Explicit(start, start.AddDate(0, 1, 0))
		require.NoError(t, err)
		_, err = tc.o.Costs(ps, 2)
		require.Error(t, err, "invalid[%d]", i)
	}
}

// TestOpex_CostsClippedToNothing checks periods that the cost's span
// clips to no days at all: one that ends on Start and one that starts on
// End are outside the span (contract year -1, no cost), while the period
// between them is charged in full.
func TestOpex_CostsClippedToNothing(t *testing.T) {
	ps, err := contract.Explicit(contract.Date(2024, 12, 31), contract.Date(2025, 1, 31), contract.Date(2025, 2, 28), contract.Date(2025, 3, 31))
	require.NoError(t, err)
	o := contract.Opex{Annual: dec("365"), Start: contract.Date(2025, 1, 31), End: contract.Date(2025, 2, 28)}
	costs, err := o.Costs(ps, 2)
	require.NoError(t, err)
	// February: 365 × 28/365 = 28, contract year 0, factor 1.
	type line struct {
		Year         int
		Factor, Cost string
	}
	var got []line
	for _, c := range costs {
		got = append(got, line{c.ContractYear, c.Factor.String(), c.Cost.String()})
	}
	require.Equal(t, []line{{-1, "0", "0"}, {0, "1", "28"}, {-1, "0", "0"}}, got)
}

// TestOpex_CostsIndexTooShort checks that an index path without a level
// for a contract year the periods reach is an error naming the period.
func TestOpex_CostsIndexTooShort(t *testing.T) {
	start := contract.Date(2025, 1, 31)
	ps, err := contract.Explicit(start, contract.Date(2026, 1, 31), contract.Date(2027, 1, 31), contract.Date(2028, 1, 31))
	require.NoError(t, err)
	o := contract.Opex{Annual: dec("365"), Start: start, Escalation: contract.Escalation{Index: decs("100", "110")}}
	costs, err := o.Costs(ps[:2], 2)
	require.NoError(t, err)
	// Year 0: 365; year 1: 365 × 110/100 = 401.5.
	require.Equal(t, []string{"365", "401.5"}, []string{costs[0].Cost.String(), costs[1].Cost.String()})
	_, err = o.Costs(ps, 2)
	requireFields(t, err, map[string]error{"escalation (period 2).index": contract.ErrRange})
}
