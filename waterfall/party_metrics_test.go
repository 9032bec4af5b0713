package waterfall_test

import (
	"math"
	"testing"

	"github.com/jvwaterfall/jvwaterfall/contract"
	"github.com/jvwaterfall/jvwaterfall/tranche"
	"github.com/jvwaterfall/jvwaterfall/waterfall"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"
)

// metricsDeal: the LP puts in 1000 on 2021-01-01; 500 comes in on
// 2022-01-01 and 1000 on 2023-01-01 (365 days apart), paid through capital
// then 80/20. The LP gets 500, then 500 + 400; the GP 100 of promote.
func metricsDeal(t *testing.T) *waterfall.Result {
	t.Helper()
	periods, err := contract.Explicit(contract.Date(2020, 12, 31), contract.Date(2021, 1, 1), contract.Date(2022, 1, 1), contract.Date(2023, 1, 1))
	require.NoError(t, err)
	roc, err := tranche.NewReturnOfCapital(tranche.ReturnOfCapital{Name: "roc", Parties: []tranche.PartyID{"LP"}})
	require.NoError(t, err)
	split, err := tranche.NewSplit(tranche.Split{
		Name: "carry",
		Shares: []tranche.Share{
			{Parties: []tranche.PartyID{"LP"}, Weight: dec("0.8")},
			{Parties: []tranche.PartyID{"GP"}, Weight: dec("0.2"), Promote: true},
		},
	})
	require.NoError(t, err)
	res, err := waterfall.Run(&waterfall.Deal{
		Name: "two years", Currency: "USD", Scale: 2,
		Parties:       []waterfall.Party{{ID: "LP", Commitment: dec("1000")}, {ID: "GP", Role: waterfall.RoleSponsor}},
		Periods:       periods,
		Contributions: []waterfall.Contribution{{Date: contract.Date(2021, 1, 1), Party: "LP", Amount: dec("1000")}},
		Proceeds: []contract.Flow{{Date: contract.Date(2022, 1, 1), Amount: dec("500")},
			{Date: contract.Date(2023, 1, 1), Amount: dec("1000")}},
		Stack: tranche.Sequence(roc, split),
	})
	require.NoError(t, err)
	return res
}

// quadRate solves −c + a/x + b/x² = 0 for the rate x − 1: c·x² − a·x − b = 0.
func quadRate(c, a, b float64) float64 {
	return (a+math.Sqrt(a*a+4*c*b))/(2*c) - 1
}

// TestResult_Metrics checks the metrics against closed forms. The LP's
// flows are −1000, +500, +900 a year apart (plus NAV at the end), so its
// IRR solves a quadratic; with 365-day years XIRR equals it. The deal
// distributed 500 of profit (LP 400, GP 100), so the GP's promote share is
// 0.2.
func TestResult_Metrics(t *testing.T) {
	res := metricsDeal(t)
	cases := []struct {
		name            string
		party           tranche.PartyID
		nav             string
		invested        bool
		rate            float64
		dpi, rvpi, tvpi string
		promote, pshare string
		profit          string
	}{
		{"LP, no NAV", "LP", "0", true, quadRate(1000, 500, 900), "1.4", "0", "1.4", "0", "0", "400"},
		{"LP, NAV 250", "LP", "250", true, quadRate(1000, 500, 1150), "1.4", "0.25", "1.65", "0", "0", "650"},
		{"GP", "GP", "0", false, 0, "0", "0", "0", "100", "0.2", "100"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			m, err := res.Metrics(c.party, dec(c.nav))
			require.NoError(t, err)
			require.Equal(t, c.invested, m.Invested)
			require.InDelta(t, c.rate, m.IRR, 1e-12)
			require.InDelta(t, c.rate, m.XIRR, 1e-12)
			for _, x := range []struct {
				name string
				want string
				got  decimal.Decimal
			}{{"dpi", c.dpi, m.DPI}, {"rvpi", c.rvpi, m.RVPI}, {"tvpi", c.tvpi, m.TVPI}, {"moic", c.tvpi, m.MOIC},
				{"promote", c.promote, m.Promote}, {"promote share", c.pshare, m.PromoteShare}, {"profit", c.profit, m.Profit}} {
				require.Truef(t, dec(x.want).Equal(x.got), "%s: got %s, want %s", x.name, x.got, x.want)
			}
		})
	}
	t.Run("quarterly periods give a quarterly IRR", func(t *testing.T) {
		periods, err := contract.Schedule{Start: contract.Date(2020, 12, 31), End: contract.Date(2021, 12, 31), Frequency: contract.EveryQuarter, EndOfMonth: true}.Periods()
		require.NoError(t, err)
		split, err := tranche.NewSplit(tranche.Split{
			Name:   "all",
			Shares: []tranche.Share{{Parties: []tranche.PartyID{"LP"}, Weight: dec("1")}},
		})
		require.NoError(t, err)
		res, err := waterfall.Run(&waterfall.Deal{
			Currency: "USD", Scale: 2, Parties: []waterfall.Party{{ID: "LP", Commitment: dec("1000")}}, Periods: periods,
			Contributions: []waterfall.Contribution{{Date: contract.Date(2021, 3, 31), Party: "LP", Amount: dec("1000")}},
			Proceeds:      []contract.Flow{{Date: contract.Date(2021, 9, 30), Amount: dec("1102.5")}},
			Stack:         split,
		})
		require.NoError(t, err)
		m, err := res.Metrics("LP", decimal.Zero)
		require.NoError(t, err)
		require.InDelta(t, 0.05, m.IRR, 1e-12) // 1000·1.05² = 1102.5 two quarters later
	})
}

func TestResult_MetricsErrors(t *testing.T) {
	res := metricsDeal(t)
	_, err := res.Metrics("nobody", decimal.Zero)
	require.ErrorIs(t, err, tranche.ErrUnknownParty)
	_, err = res.Metrics("LP", dec("-1"))
	require.ErrorIs(t, err, contract.ErrNegative)
	var fe *contract.FieldError
	require.ErrorAs(t, err, &fe)
	require.Equal(t, "nav", fe.Path)
}
