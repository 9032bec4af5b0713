package contract_test

import (
	"strings"
	"testing"

	"github.com/jvwaterfall/jvwaterfall/contract"
	"github.com/stretchr/testify/require"
)

// TestCapex_ValidateBoundaries checks each of the asset's and the
// obsolescence's limits exactly at the limit (valid) and one unit outside
// it (invalid).
func TestCapex_ValidateBoundaries(t *testing.T) {
	in := contract.Date(2025, 6, 30)
	asset := func(cost, salvage string, life int) contract.Asset {
		return contract.Asset{Cost: dec(cost), Salvage: dec(salvage), InService: in, Life: life}
	}
	valid := []struct {
		name string
		c    contract.Capex
	}{
		{"zero cost", contract.Capex{Asset: asset("0", "0", 12)}},
		{"salvage equal to the cost", contract.Capex{Asset: asset("100.01", "100.01", 12)}},
		{"salvage zero", contract.Capex{Asset: asset("100.01", "0", 12)}},
		{"life of one month", contract.Capex{Asset: asset("100", "0", 1)}},
		{"life of 12,000 months", contract.Capex{Asset: asset("100", "0", 12000)}},
		{"obsolescence the day after service, no refresh", contract.Capex{Asset: asset("100", "0", 12),
			Obsolescence: contract.Obsolescence{Date: in.AddDate(0, 0, 1)}}},
		{"refresh of zero with a life", contract.Capex{Asset: asset("100", "0", 12),
			Obsolescence: contract.Obsolescence{Date: in.AddDate(0, 0, 1), Life: 60}}},
	}
	for _, tc := range valid {
		t.Run(tc.name, func(t *testing.T) {
			require.NoError(t, tc.c.Validate())
		})
	}
	invalid := []struct {
		name string
		c    contract.Capex
		want map[string]error
	}{
		{"cost one cent below zero", contract.Capex{Asset: asset("-0.01", "-0.01", 12)},
			map[string]error{"asset.cost": contract.ErrNegative, "asset.salvage": contract.ErrRange}},
		{"salvage one cent above the cost", contract.Capex{Asset: asset("100.00", "100.01", 12)},
			map[string]error{"asset.salvage": contract.ErrRange}},
		{"salvage one cent below zero", contract.Capex{Asset: asset("100", "-0.01", 12)},
			map[string]error{"asset.salvage": contract.ErrRange}},
		{"life of zero months", contract.Capex{Asset: asset("100", "0", 0)},
			map[string]error{"asset.life": contract.ErrRange}},
		{"life of 12,001 months", contract.Capex{Asset: asset("100", "0", 12001)},
			map[string]error{"asset.life": contract.ErrRange}},
		{"obsolescence on the in-service date", contract.Capex{Asset: asset("100", "0", 12),
			Obsolescence: contract.Obsolescence{Date: in}},
			map[string]error{"obsolescence.date": contract.ErrOrder}},
		{"obsolescence the day before service", contract.Capex{Asset: asset("100", "0", 12),
			Obsolescence: contract.Obsolescence{Date: in.AddDate(0, 0, -1)}},
			map[string]error{"obsolescence.date": contract.ErrOrder}},
		{"refresh without a life", contract.Capex{Asset: asset("100", "0", 12),
			Obsolescence: contract.Obsolescence{Date: in.AddDate(0, 0, 1), Refresh: dec("0.01")}},
			map[string]error{"obsolescence.life": contract.ErrRange}},
		{"zero refresh with a life and a salvage", contract.Capex{Asset: asset("100", "0", 12),
			Obsolescence: contract.Obsolescence{Date: in.AddDate(0, 0, 1), Life: 60, Salvage: dec("0.01")}},
			map[string]error{"obsolescence.salvage": contract.ErrRange}},
		{"refresh without a date", contract.Capex{Asset: asset("100", "0", 12),
			Obsolescence: contract.Obsolescence{Refresh: dec("0.01")}},
			map[string]error{"obsolescence.date": contract.ErrRequired}},
	}
	for _, tc := range invalid {
		t.Run(tc.name, func(t *testing.T) {
			requireFields(t, tc.c.Validate(), tc.want)
		})
	}
	t.Run("the life's range in the message", func(t *testing.T) {
		err := contract.Capex{Asset: asset("100", "0", 0)}.Validate()
		require.ErrorContains(t, err, "0 months, want 1 to 12000")
	})
}

// TestAsset_DepreciatedInvalidLife checks that an asset whose life is not
// positive depreciates nothing, whatever the date: Depreciated does not
// validate, and must not divide by a negative number of days.
func TestAsset_DepreciatedInvalidLife(t *testing.T) {
	in := contract.Date(2025, 1, 1)
	for _, life := range []int{0, -12} {
		a := contract.Asset{Cost: dec("1200"), InService: in, Life: life}
		for _, d := range []int{-400, 0, 1, 200, 400} {
			got := a.Depreciated(in.AddDate(0, 0, d), 2)
			require.True(t, got.IsZero(), "life %d, day %d: %s", life, d, got)
		}
	}
}

// TestCapex_ScheduleInServiceOnPeriodEnd puts the asset in service on the
// last day of a period: that period spends the cost and ends with the whole
// cost on the books, undepreciated.
func TestCapex_ScheduleInServiceOnPeriodEnd(t *testing.T) {
	ps, err := contract.Explicit(contract.Date(2024, 12, 31), contract.Date(2025, 6, 30), contract.Date(2025, 12, 31))
	require.NoError(t, err)
	c := contract.Capex{Asset: contract.Asset{Cost: dec("1200"), InService: contract.Date(2025, 6, 30), Life: 12}}
	sched, err := c.Schedule(ps, 2)
	require.NoError(t, err)
	// Life 2025-06-30 → 2026-06-30: 365 days. To 2025-12-31: 184 days, so
	// 1200 × 184 / 365 = 220,800 / 365 = 604.9315… → 604.93, and the book
	// value 1200 − 604.93 = 595.07.
	var got []string
	for _, s := range sched {
		got = append(got, strings.Join([]string{s.Spent.String(), s.Depreciation.String(), s.BookValue.String()}, " "))
	}
	require.Equal(t, []string{"1200 0 1200", "0 604.93 595.07"}, got)
}
