package report_test

import (
	"testing"
	"time"

	"github.com/jvwaterfall/jvwaterfall/contract"
	"github.com/jvwaterfall/jvwaterfall/tranche"
	"github.com/jvwaterfall/jvwaterfall/waterfall"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"
)

// dec is the package's one decimal helper.
func dec(s string) decimal.Decimal { return decimal.RequireFromString(s) }

// lpGP is the two parties of the test deals: an investor and a sponsor.
var lpGP = []waterfall.Party{
	{ID: "LP", Role: waterfall.RoleInvestor, Commitment: dec("1000000")},
	{ID: "GP", Name: "Sponsor", Role: waterfall.RoleSponsor},
}

// run is the package's one deal driver: the LP puts in capital on the
// dates given, the deal receives proceeds, and the stack is the LP's
// return of capital, then (when pref is not empty) a simple pref at that
// rate with a 100% GP catch-up to 20%, then an 80/20 split with the GP's
// 20% a promote. The periods end on the given dates, the first being the
// start of the schedule.
func run(t testing.TB, ends []time.Time, pref string, calls, proceeds []contract.Flow) *waterfall.Result {
	t.Helper()
	res, err := runDeal(ends, pref, calls, proceeds)
	require.NoError(t, err)
	return res
}

func runDeal(ends []time.Time, pref string, calls, proceeds []contract.Flow) (*waterfall.Result, error) {
	periods, err := contract.Explicit(ends[0], ends[1:]...)
	if err != nil {
		return nil, err
	}
	lp := []tranche.PartyID{"LP"}
	stack := []tranche.Tranche{&tranche.ReturnOfCapital{Name: "capital", Parties: lp}}
	if pref != "" {
		stack = append(stack,
			&tranche.PreferredReturn{Name: "pref", Parties: lp, Rate: contract.Rate{Annual: dec(pref), Compounding: contract.Simple}},
			&tranche.CatchUp{Name: "catch-up", Investors: lp, Sponsor: "GP", Target: dec("0.2"), Rate: dec("1")})
	}
	stack = append(stack, &tranche.Split{Name: "carry", Shares: []tranche.Share{
		{Parties: lp, Weight: dec("0.8")},
		{Parties: []tranche.PartyID{"GP"}, Weight: dec("0.2"), Promote: true}}})
	for _, tr := range stack {
		if v, ok := tr.(interface{ Validate() error }); ok {
			if err := v.Validate(); err != nil {
				return nil, err
			}
		}
	}
	var contributions []waterfall.Contribution
	for _, c := range calls {
		contributions = append(contributions, waterfall.Contribution{Date: c.Date, Party: "LP", Amount: c.Amount})
	}
	return waterfall.Run(&waterfall.Deal{
		Name: "report fund", Currency: "USD", Scale: 2,
		Parties: lpGP, Periods: periods, Contributions: contributions, Proceeds: proceeds,
		Stack: tranche.Sequence(stack...),
	})
}

// flows builds flows from alternating dates and amounts.
func flows(pairs ...any) []contract.Flow {
	var out []contract.Flow
	for i := 0; i < len(pairs); i += 2 {
		out = append(out, contract.Flow{Date: pairs[i].(time.Time), Amount: dec(pairs[i+1].(string))})
	}
	return out
}

func date(y int, m time.Month, d int) time.Time { return contract.Date(y, m, d) }

// quarters are the quarter ends of 2025 and 2026, after 2024-12-31.
func quarters() []time.Time {
	out := []time.Time{date(2024, 12, 31)}
	for y := 2025; y <= 2026; y++ {
		for _, m := range []time.Month{3, 6, 9, 12} {
			out = append(out, time.Date(y, m+1, 0, 0, 0, 0, 0, time.UTC))
		}
	}
	return out
}

// quarterlyFund is a two-year fund with quarterly periods, small enough
// to add up by hand: the LP puts in 1,000.00 in 2025-Q1; the deal
// receives 300.00 in 2025-Q3, 300.00 in 2025-Q4 and 600.00 in 2026-Q2
// (plus extra in 2026-Q4, none when empty); the stack returns the LP's
// capital, then splits 80/20 with the GP's 20% a promote.
//
// By hand: 2025-Q3 and Q4 return 300.00 of capital each; 2026-Q2 returns
// the last 400.00 and splits 200.00: LP 160.00 of profit, GP 40.00 of
// promote. So the GP is first paid in period 5 (2026-06-30) after the LP
// received 1,000.00 of capital and — the split's LP share being ahead of
// the GP's in the ledger — 160.00 of profit: breakpoint 1,160.00. The
// LP's first profit is that 160.00, after 1,000.00 of its own capital,
// and its payback is period 5 too.
func quarterlyFund(t require.TestingT, extra string) *waterfall.Result {
	res, err := buildQuarterlyFund(extra)
	require.NoError(t, err)
	return res
}

func buildQuarterlyFund(extra string) (*waterfall.Result, error) {
	proceeds := flows(date(2025, 9, 30), "300", date(2025, 12, 31), "300", date(2026, 6, 30), "600")
	if extra != "" {
		proceeds = append(proceeds, flows(date(2026, 12, 31), extra)...)
	}
	return runDeal(quarters(), "", flows(date(2025, 3, 31), "1000"), proceeds)
}

// exampleFund is quarterlyFund for examples, which have no testing.T.
func exampleFund() *waterfall.Result {
	res, err := buildQuarterlyFund("")
	if err != nil {
		panic(err) // the example's terms are fixed and valid
	}
	return res
}

// caiaFund is the CAIA reference case (AnalystForum, "how does the
// catch-up clause work"): the LP puts in 50 on 2021-01-01, the deal is
// sold exactly a year later for proceeds; 8% simple pref, 100% GP catch-up
// to 20%, then 80/20. With 100 of proceeds: capital 50, pref 4, catch-up
// 1, then 36 to the LP and 9 to the GP.
func caiaFund(t testing.TB, proceeds string) *waterfall.Result {
	t.Helper()
	return run(t, []time.Time{date(2020, 12, 31), date(2021, 1, 1), date(2022, 1, 1)}, "0.08",
		flows(date(2021, 1, 1), "50"), flows(date(2022, 1, 1), proceeds))
}
