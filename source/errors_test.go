package source_test

import (
	"testing"

	"github.com/jvwaterfall/jvwaterfall/contract"
	"github.com/jvwaterfall/jvwaterfall/source"
	"github.com/jvwaterfall/jvwaterfall/waterfall"
	"github.com/stretchr/testify/require"
)

// TestSources_InvalidTermsFail: every source with terms left at their
// zero value fails in Cash and in its report method with an error under
// its terms' path (contract.ErrInvalid), never a zero schedule.
func TestSources_InvalidTermsFail(t *testing.T) {
	periods, err := contract.Explicit(contract.Date(2024, 1, 1), contract.Date(2025, 1, 1), contract.Date(2026, 1, 1))
	require.NoError(t, err)
	energy := source.EnergyCost{Label: "energy", Scale: 2}
	opex := source.OpexCost{Label: "opex", Scale: 2}
	capex := source.CapexRefresh{Label: "capex", Scale: 2}
	top := source.TakeOrPayIncome{Label: "top", Scale: 2}
	for name, s := range map[string]waterfall.Source{"energy": energy, "opex": opex, "capex": capex, "take-or-pay": top,
		"loan funding": source.LoanFunding{Label: "draws"}} {
		t.Run(name, func(t *testing.T) {
			cash, err := s.Cash(periods)
			require.ErrorIs(t, err, contract.ErrInvalid)
			require.Nil(t, cash)
		})
	}
	_, err = energy.Bill(periods)
	require.ErrorContains(t, err, "terms")
	_, err = opex.Costs(periods)
	require.ErrorContains(t, err, "terms")
	_, err = capex.Schedule(periods)
	require.ErrorContains(t, err, "terms")
	_, err = capex.Contributions()
	require.ErrorContains(t, err, "terms")
	_, err = top.Statement(periods)
	require.ErrorContains(t, err, "terms")
}
