package waterfall_test

import (
	"testing"

	"github.com/jvwaterfall/jvwaterfall/contract"
	"github.com/jvwaterfall/jvwaterfall/tranche"
	"github.com/jvwaterfall/jvwaterfall/waterfall"
	"github.com/stretchr/testify/require"
)

// TestRun_venture_exit_gust runs the reference case vc-gust-participating-1x
// through the engine as a one-period deal: $2M for 30% with a 1x fully
// participating preference, exit $10M. Published: the investor receives
// pref $2M + 30% × $8M = $4.4M.
// https://docs.equity.gust.com/article/42-participating-preferred
func TestRun_venture_exit_gust(t *testing.T) {
	ct, err := tranche.NewCapTable(tranche.CapTable{
		Name: "exit",
		Preferred: []tranche.Series{{Name: "Series A", Multiple: dec("1"), Participating: true,
			Holders: []tranche.Stake{{Party: "investor", Shares: dec("30"), Invested: dec("2000000")}}}},
		Common: []tranche.CommonClass{{Name: "Common", Holders: []tranche.Stake{{Party: "founders", Shares: dec("70")}}}},
	})
	require.NoError(t, err)
	periods, err := contract.Explicit(contract.Date(2020, 1, 1), contract.Date(2025, 6, 30))
	require.NoError(t, err)
	res, err := waterfall.Run(&waterfall.Deal{
		Name: "gust", Currency: "USD", Scale: 2,
		Parties: []waterfall.Party{
			{ID: "investor", Role: waterfall.RoleInvestor},
			{ID: "founders", Role: waterfall.RoleSponsor},
		},
		Periods:       periods,
		Contributions: []waterfall.Contribution{{Date: contract.Date(2020, 1, 2), Party: "investor", Amount: dec("2000000")}},
		Proceeds:      []contract.Flow{{Date: contract.Date(2025, 6, 30), Amount: dec("10000000")}},
		Stack:         ct,
	})
	require.NoError(t, err)
	inv, _ := res.Party("investor")
	require.Equal(t, "2000000.00", inv.ByKind[tranche.KindPref].StringFixed(2))
	require.Equal(t, "2400000.00", inv.ByKind[tranche.KindProfit].StringFixed(2))
	require.Equal(t, "4400000.00", inv.Distributed.StringFixed(2))
	f, _ := res.Party("founders")
	require.Equal(t, "5600000.00", f.Distributed.StringFixed(2))
	require.True(t, res.Retained().IsZero())
	moic, err := res.MOIC("investor")
	require.NoError(t, err)
	require.Equal(t, "2.2", moic.String())
}

// TestRun_venture_exit_after_debt puts a cap table behind a senior claim:
// a $1M loan repaid at the exit (as return of capital) comes first, and
// the cap table shares what is left.
func TestRun_venture_exit_after_debt(t *testing.T) {
	ct, err := tranche.NewCapTable(tranche.CapTable{
		Name: "equity",
		Preferred: []tranche.Series{{Name: "A", Multiple: dec("1"),
			Holders: []tranche.Stake{{Party: "fund", Shares: dec("1000000"), Invested: dec("3000000")}}}},
		Common: []tranche.CommonClass{{Name: "Common", Holders: []tranche.Stake{{Party: "founders", Shares: dec("1000000")}}}},
	})
	require.NoError(t, err)
	loan, err := tranche.NewReturnOfCapital(tranche.ReturnOfCapital{Name: "loan", Parties: []tranche.PartyID{"lender"}})
	require.NoError(t, err)
	periods, err := contract.Explicit(contract.Date(2024, 12, 31), contract.Date(2025, 12, 31))
	require.NoError(t, err)
	res, err := waterfall.Run(&waterfall.Deal{
		Name: "exit after debt", Currency: "USD", Scale: 2,
		Parties:       []waterfall.Party{{ID: "lender", Role: waterfall.RoleLender}, {ID: "fund"}, {ID: "founders", Role: waterfall.RoleSponsor}},
		Periods:       periods,
		Contributions: []waterfall.Contribution{{Date: contract.Date(2025, 1, 31), Party: "lender", Amount: dec("1000000")}},
		Proceeds:      []contract.Flow{{Date: contract.Date(2025, 12, 31), Amount: dec("5000000")}},
		Stack:         tranche.Sequence(loan, ct),
	})
	require.NoError(t, err)
	// $4M of equity: A's $3M preference beats half of $4M; founders $1M.
	for id, want := range map[string]string{"lender": "1000000.00", "fund": "3000000.00", "founders": "1000000.00"} {
		p, _ := res.Party(tranche.PartyID(id))
		require.Equal(t, want, p.Distributed.StringFixed(2), id)
	}
}
