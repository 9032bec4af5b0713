package report_test

import (
	"encoding/json"
	"math"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/jvwaterfall/jvwaterfall/contract"
	"github.com/jvwaterfall/jvwaterfall/metrics"
	"github.com/jvwaterfall/jvwaterfall/report"
	"github.com/jvwaterfall/jvwaterfall/tranche"
	"github.com/jvwaterfall/jvwaterfall/waterfall"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"
)

// twoYearFund: the LP puts in 1000 on 2021-01-01; 500 comes in on
// 2022-01-01 and 1000 on 2023-01-01 (365 days apart), paid through capital
// then 80/20. The LP gets 500, then 500 + 400; the GP 100 of promote.
func twoYearFund(t *testing.T) *waterfall.Result {
	t.Helper()
	return run(t, []time.Time{date(2020, 12, 31), date(2021, 1, 1), date(2022, 1, 1), date(2023, 1, 1)}, "",
		flows(date(2021, 1, 1), "1000"), flows(date(2022, 1, 1), "500", date(2023, 1, 1), "1000"))
}

// quadRate solves −c + a/x + b/x² = 0 for the rate x − 1: c·x² − a·x − b = 0.
func quadRate(c, a, b float64) float64 {
	return (a+math.Sqrt(a*a+4*c*b))/(2*c) - 1
}

// TestSummaryOf_Figures checks the figures against closed forms. The
// LP's flows are −1000, +500, +900 a year apart (plus NAV at the end), so
// its periodic IRR solves a quadratic; with 365-day years XIRR equals it.
// The deal distributed 500 of profit (LP 400, GP 100), so the GP's
// promote share is 0.2.
func TestSummaryOf_Figures(t *testing.T) {
	res := twoYearFund(t)
	cases := []struct {
		name            string
		party           tranche.PartyID
		nav             string
		invested        bool
		rate            float64
		dpi, rvpi, tvpi string
		promote, pshare string
		profit, net     string
	}{
		{"LP, no NAV", "LP", "0", true, quadRate(1000, 500, 900), "1.4", "0", "1.4", "0", "0", "400", "400"},
		{"LP, NAV 250", "LP", "250", true, quadRate(1000, 500, 1150), "1.4", "0.25", "1.65", "0", "0", "650", "400"},
		{"GP", "GP", "0", false, 0, "0", "0", "0", "100", "0.2", "100", "100"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s, err := report.SummaryOf(res, c.party, dec(c.nav))
			require.NoError(t, err)
			require.Equal(t, c.invested, s.Invested)
			require.InDelta(t, c.rate, s.PeriodicIRR, 1e-12)
			require.InDelta(t, c.rate, s.XIRR, 1e-12)
			if c.invested {
				require.NoError(t, s.RateErr)
			} else {
				require.ErrorIs(t, s.RateErr, report.ErrNotInvested)
			}
			for _, x := range []struct {
				name string
				want string
				got  decimal.Decimal
			}{{"dpi", c.dpi, s.DPI}, {"rvpi", c.rvpi, s.RVPI}, {"tvpi", c.tvpi, s.TVPI},
				{"promote", c.promote, s.Promote}, {"promote share", c.pshare, s.PromoteShare},
				{"profit", c.profit, s.Profit}, {"net", c.net, s.Net}} {
				require.Truef(t, dec(x.want).Equal(x.got), "%s: got %s, want %s", x.name, x.got, x.want)
			}
		})
	}
	t.Run("DPI is the result's MOIC", func(t *testing.T) {
		s, err := report.SummaryOf(res, "LP", dec("250"))
		require.NoError(t, err)
		moic, err := res.MOIC("LP")
		require.NoError(t, err)
		require.True(t, moic.Equal(s.DPI))
	})
	t.Run("quarterly periods give a quarterly periodic IRR", func(t *testing.T) {
		// 1,000 in at the end of Q1 and 1,250 of proceeds two quarters
		// later: the LP gets 1,000 + 0.8 × 250 = 1,200, so its rate is
		// √1.2 − 1 a quarter, and 1.2^(365/183) − 1 a year.
		res := run(t, []time.Time{date(2020, 12, 31), date(2021, 3, 31), date(2021, 6, 30), date(2021, 9, 30), date(2021, 12, 31)}, "",
			flows(date(2021, 3, 31), "1000"), flows(date(2021, 9, 30), "1250"))
		s, err := report.SummaryOf(res, "LP", decimal.Zero)
		require.NoError(t, err)
		require.InDelta(t, math.Sqrt(1.2)-1, s.PeriodicIRR, 1e-12)
		require.InDelta(t, math.Pow(1.2, 365.0/183)-1, s.XIRR, 1e-12)
	})
	t.Run("nothing back yet", func(t *testing.T) {
		res := run(t, []time.Time{date(2020, 12, 31), date(2021, 12, 31), date(2022, 12, 31)}, "", flows(date(2021, 12, 31), "1000"), nil)
		s, err := report.SummaryOf(res, "LP", decimal.Zero)
		require.NoError(t, err, "an undefined rate is not an error")
		require.True(t, s.Invested)
		require.ErrorIs(t, s.RateErr, metrics.ErrNoRoot)
		require.Zero(t, s.XIRR)
		require.True(t, s.TVPI.IsZero())
		s, err = report.SummaryOf(res, "LP", dec("1100"))
		require.NoError(t, err)
		require.NoError(t, s.RateErr)
		require.InDelta(t, 0.1, s.XIRR, 1e-12) // 1,100 of NAV a year after 1,000 went in
		require.True(t, s.TVPI.Equal(dec("1.1")))
	})
}

// TestSummaryOf_Paid checks the paid-before figures of the quarterly fund,
// whole, against the hand computation of quarterlyFund.
func TestSummaryOf_Paid(t *testing.T) {
	res := quarterlyFund(t, "")
	gpFirst := report.FirstPayment{Party: "GP", Paid: true, Period: 5, Date: date(2026, 6, 30), Index: 4,
		Before: []report.PartyAmount{{Party: "LP", Amount: dec("1160")}}, Breakpoint: dec("1160")}
	cases := []struct {
		name  string
		party tranche.PartyID
		want  report.Summary
	}{
		{"GP paid after the LP's capital and its share of the split", "GP", report.Summary{
			Party: "GP", Name: "Sponsor", Role: waterfall.RoleSponsor, Scale: 2,
			Contributed: dec("0"), Distributed: dec("40"), PaidOut: dec("0"), Net: dec("40"), NAV: dec("0"), Profit: dec("40"),
			Promote: dec("40"), PromoteShare: dec("0.2"),
			Multiples: metrics.Multiples{DPI: dec("0"), RVPI: dec("0"), TVPI: dec("0")},
			RateErr:   report.ErrNotInvested,
			First:     gpFirst, FirstProfit: gpFirst,
			Tiers: []report.TrancheAmount{{Tranche: "carry", Kind: tranche.KindPromote, Amount: dec("40")}},
		}},
		{"LP's first profit comes after its own capital", "LP", report.Summary{
			Party: "LP", Name: "LP", Role: waterfall.RoleInvestor, Scale: 2,
			Contributed: dec("1000"), Distributed: dec("1160"), PaidOut: dec("0"), Net: dec("160"), NAV: dec("0"), Profit: dec("160"),
			Promote: dec("0"), PromoteShare: dec("0"),
			Invested:  true,
			Multiples: metrics.Multiples{DPI: dec("1.16"), RVPI: dec("0"), TVPI: dec("1.16")},
			First: report.FirstPayment{Party: "LP", Paid: true, Period: 2, Date: date(2025, 9, 30), Index: 0,
				Before: []report.PartyAmount{{Party: "GP", Amount: dec("0")}}, Breakpoint: dec("0")},
			FirstProfit: report.FirstPayment{Party: "LP", Paid: true, Period: 5, Date: date(2026, 6, 30), Index: 3,
				Before: []report.PartyAmount{{Party: "GP", Amount: dec("0")}}, Breakpoint: dec("1000")},
			Payback: report.Payback{Reached: true, Period: 5, Date: date(2026, 6, 30)},
			Tiers: []report.TrancheAmount{
				{Tranche: "capital", Kind: tranche.KindCapital, Amount: dec("1000")},
				{Tranche: "carry", Kind: tranche.KindProfit, Amount: dec("160")},
			},
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := report.SummaryOf(res, c.party, decimal.Zero)
			require.NoError(t, err)
			// The rates have their own test; here they are checked only
			// for being defined.
			c.want.XIRR, c.want.PeriodicIRR = got.XIRR, got.PeriodicIRR
			if diff := cmp.Diff(c.want, got, cmpopts.EquateErrors()); diff != "" {
				t.Errorf("SummaryOf(%s) mismatch (-want +got):\n%s", c.party, diff)
			}
		})
	}
	t.Run("never paid", func(t *testing.T) {
		// Only 1,000.00 of proceeds: all capital, no profit for anyone.
		r := run(t, []time.Time{date(2024, 12, 31), date(2025, 12, 31)}, "",
			flows(date(2025, 12, 31), "1000"), flows(date(2025, 12, 31), "1000"))
		gp, err := report.SummaryOf(r, "GP", decimal.Zero)
		require.NoError(t, err)
		require.False(t, gp.First.Paid)
		require.True(t, gp.First.Breakpoint.Equal(dec("1000")))
		lp, err := report.SummaryOf(r, "LP", decimal.Zero)
		require.NoError(t, err)
		require.True(t, lp.First.Paid)
		require.False(t, lp.FirstProfit.Paid)
		require.Equal(t, 1, lp.FirstProfit.Index)
	})
}

// TestSummaryOf_Transfers: every figure counts what a party kept. The GP
// of transfers received 100 and paid out 40 (25 into escrow, 15 of
// clawback): net 60. The LP received 940 on 800: DPI 1.175, and its rates
// count the clawback. The deal's profit is 200 (its own payments above
// capital): the GP's promote of 100 is half of it, not 100/325 as when
// transfers counted as profit too.
func TestSummaryOf_Transfers(t *testing.T) {
	res := transfers()
	sums, err := report.Summaries(res, nil)
	require.NoError(t, err)
	lp, gp, esc := sums[0], sums[1], sums[2]
	require.True(t, gp.Net.Equal(dec("60")), "GP net %s", gp.Net)
	require.True(t, gp.PromoteShare.Equal(dec("0.5")), "GP promote share %s", gp.PromoteShare)
	require.True(t, lp.DPI.Equal(dec("1.175")), "LP DPI %s", lp.DPI)
	// −800 at the end of 2022, +900 a year later and +40 two years later.
	want := quadRate(800, 900, 40)
	require.InDelta(t, want, lp.PeriodicIRR, 1e-12)
	require.True(t, esc.First.Paid)
	require.True(t, esc.Net.IsZero())
	require.ErrorIs(t, esc.RateErr, report.ErrNotInvested)

	t.Run("what an investor pays out counts against its rates", func(t *testing.T) {
		// The GP puts in 50 at the end of 2022 and, a year later (365
		// days), receives 100 of promote and pays 25 of it into escrow;
		// the clawback is left out. Its flows are −50 and +75: DPI 75/50 =
		// 1.5, and XIRR and the yearly periodic IRR 75/50 − 1 = 0.5
		// (counting the 25 as received would give 125/50 − 1 = 1.5).
		res := transfersWith(func(cs []tranche.Contribution, pays []tranche.Payment) ([]tranche.Contribution, []tranche.Payment) {
			cs = append(cs, tranche.Contribution{Period: 0, Date: date(2022, 12, 31), Party: "GP", Amount: dec("50")})
			return cs, slices.DeleteFunc(pays, func(p tranche.Payment) bool { return p.From == "GP" && p.Kind == tranche.KindClawback })
		})
		gp, err := report.SummaryOf(res, "GP", decimal.Zero)
		require.NoError(t, err)
		require.NoError(t, gp.RateErr)
		require.True(t, gp.DPI.Equal(dec("1.5")), "GP DPI %s", gp.DPI)
		require.InDelta(t, 0.5, gp.XIRR, 1e-12)
		require.InDelta(t, 0.5, gp.PeriodicIRR, 1e-12)
	})
}

// TestSummaryOf_PromoteShareRounded: a promote share that does not end
// is rounded to metrics.MultiplePlaces (10) places. The CAIA fund with
// 54.50 of proceeds pays the LP its 50 of capital and 4 of pref, and
// the GP the 0.50 left of its catch-up (it would take 1 to reach 20%):
// the deal paid 4.50 of profit, so the GP's share is 0.50 / 4.50 = 1/9
// = 0.1111111111 to ten places.
func TestSummaryOf_PromoteShareRounded(t *testing.T) {
	res := caiaFund(t, "54.50")
	gp, err := report.SummaryOf(res, "GP", decimal.Zero)
	require.NoError(t, err)
	require.True(t, gp.Promote.Equal(dec("0.5")), "promote %s", gp.Promote)
	require.EqualValues(t, 10, metrics.MultiplePlaces, "the places the expected share is written to")
	require.Equal(t, "0.1111111111", gp.PromoteShare.String())
	lp, err := report.SummaryOf(res, "LP", decimal.Zero)
	require.NoError(t, err)
	require.True(t, lp.PromoteShare.IsZero(), "LP promote share %s", lp.PromoteShare)
}

func TestSummaries(t *testing.T) {
	res := twoYearFund(t)
	sums, err := report.Summaries(res, map[tranche.PartyID]decimal.Decimal{"LP": dec("250")})
	require.NoError(t, err)
	require.Len(t, sums, 2)
	for _, s := range sums {
		one, err := report.SummaryOf(res, s.Party, s.NAV)
		require.NoError(t, err)
		if diff := cmp.Diff(one, s, cmpopts.EquateErrors()); diff != "" {
			t.Errorf("Summaries()[%s] differs from SummaryOf (-one +all):\n%s", s.Party, diff)
		}
	}
	require.True(t, sums[0].NAV.Equal(dec("250")))
	require.True(t, sums[1].NAV.IsZero())

	_, err = report.Summaries(res, map[tranche.PartyID]decimal.Decimal{"nobody": dec("1")})
	require.ErrorIs(t, err, tranche.ErrUnknownParty)
	var fe *contract.FieldError
	require.ErrorAs(t, err, &fe)
	require.Equal(t, `nav["nobody"]`, fe.Path)
	_, err = report.Summaries(res, map[tranche.PartyID]decimal.Decimal{"LP": dec("-1")})
	require.ErrorIs(t, err, contract.ErrNegative)
	_, err = report.Summaries(nil, nil)
	require.ErrorIs(t, err, contract.ErrRequired)
}

func TestSummaryOf_Errors(t *testing.T) {
	res := twoYearFund(t)
	_, err := report.SummaryOf(nil, "LP", decimal.Zero)
	require.ErrorIs(t, err, contract.ErrRequired)
	_, err = report.SummaryOf(res, "nobody", decimal.Zero)
	require.ErrorIs(t, err, tranche.ErrUnknownParty)
	_, err = report.SummaryOf(res, "LP", dec("-1"))
	require.ErrorIs(t, err, contract.ErrNegative)
	var fe *contract.FieldError
	require.ErrorAs(t, err, &fe)
	require.Equal(t, "nav", fe.Path)
	// A party not in the deal has no NAV to check: the error is the
	// party, as Summaries says for the same NAV.
	_, err = report.SummaryOf(res, "nobody", dec("-1"))
	require.ErrorIs(t, err, tranche.ErrUnknownParty)
	require.NotErrorIs(t, err, contract.ErrNegative)
	_, err = report.Summaries(res, map[tranche.PartyID]decimal.Decimal{"nobody": dec("-1")})
	require.ErrorIs(t, err, tranche.ErrUnknownParty)
	// A NAV finer than the deal's cents: its JSON would read 25.13 while
	// the multiples read 25.125. Refused; 25.120 is whole cents.
	_, err = report.SummaryOf(res, "LP", dec("25.125"))
	require.ErrorIs(t, err, tranche.ErrNotQuantized)
	require.ErrorAs(t, err, &fe)
	require.Equal(t, "nav", fe.Path)
	_, err = report.Summaries(res, map[tranche.PartyID]decimal.Decimal{"LP": dec("25.125")})
	require.ErrorIs(t, err, tranche.ErrNotQuantized)
	_, err = report.SummaryOf(res, "LP", dec("25.120"))
	require.NoError(t, err)

	bad := transfers() // the LP's totals say 940; make its ledger say 941
	pays := slices.Collect(bad.Payments.Values())
	pays[1].Amount = dec("101")
	bad.Payments = tranche.LedgerOf(pays)
	_, err = report.SummaryOf(bad, "LP", decimal.Zero)
	require.ErrorIs(t, err, tranche.ErrInvariant)
}

func TestSummary_MarshalJSON(t *testing.T) {
	res := quarterlyFund(t, "")
	lp, err := report.SummaryOf(res, "LP", dec("25"))
	require.NoError(t, err)
	gp, err := report.SummaryOf(res, "GP", decimal.Zero)
	require.NoError(t, err)
	b, err := json.Marshal([]report.Summary{lp, gp})
	require.NoError(t, err)
	var doc []map[string]any
	require.NoError(t, json.Unmarshal(b, &doc))
	require.Len(t, doc, 2)
	l, g := doc[0], doc[1]
	for key, want := range map[string]any{
		"party": "LP", "name": "LP", "role": "investor", "contributed": "1000.00", "distributed": "1160.00",
		"paid_out": "0.00", "net": "160.00", "nav": "25.00", "profit": "185.00", "promote": "0.00",
		"promote_share": "0", "invested": true, "dpi": "1.16", "rvpi": "0.025", "tvpi": "1.185",
	} {
		require.Equal(t, want, l[key], key)
	}
	require.InDelta(t, lp.XIRR, l["xirr"], 1e-15)
	require.InDelta(t, lp.PeriodicIRR, l["periodic_irr"], 1e-15)
	require.NotContains(t, l, "rate_error")
	require.Equal(t, map[string]any{"reached": true, "period": 5.0, "date": "2026-06-30"}, l["payback"])
	require.Equal(t, map[string]any{"reached": true, "period": 5.0, "date": "2026-06-30",
		"before": []any{map[string]any{"party": "LP", "amount": "1160.00"}}, "breakpoint": "1160.00"}, g["first_payment"])
	require.Equal(t, []any{map[string]any{"tranche": "carry", "kind": "promote", "amount": "40.00"}}, g["tiers"])
	require.Nil(t, g["xirr"])
	require.Contains(t, g, "xirr")
	require.Equal(t, report.ErrNotInvested.Error(), g["rate_error"])
	// The GP put in nothing: its multiples are not defined, as the table's
	// "-" and the CSV's empty cells say, not 0.
	require.Equal(t, false, g["invested"])
	for _, key := range []string{"dpi", "rvpi", "tvpi"} {
		require.Contains(t, g, key)
		require.Nil(t, g[key], key)
	}
	require.Equal(t, map[string]any{"reached": false, "period": nil, "date": nil}, g["payback"])
}

// handRun is a run written by hand (waterfall.Tally, as package fund
// makes one) for the parties of lpGP: its periods end on ends, the first
// being the start of the schedule, and its contributions and payments
// fall on the dates given, inside a period as well as at its end.
func handRun(t *testing.T, ends []time.Time, cs []tranche.Contribution, pays []tranche.Payment) *waterfall.Result {
	t.Helper()
	var periods []waterfall.PeriodSummary
	for i := 1; i < len(ends); i++ {
		periods = append(periods, waterfall.PeriodSummary{Period: contract.Period{Index: i - 1, Start: ends[i-1], End: ends[i]}})
	}
	res, err := waterfall.Tally(&waterfall.Deal{Name: "by hand", Currency: "USD", Scale: 2, Parties: lpGP}, periods, cs, pays, nil)
	require.NoError(t, err)
	return res
}

// TestSummaryOf_RateErrSaysWhichRate: when either rate is not defined
// both are zero, and RateErr (a reader's "rate_error") says which one
// failed: the XIRR of the dated flows or the periodic IRR of the net
// cash per period. Each case has one rate defined and the other not.
func TestSummaryOf_RateErrSaysWhichRate(t *testing.T) {
	in := func(period int, day time.Time, amount string) tranche.Contribution {
		return tranche.Contribution{Period: period, Date: day, Party: "LP", Amount: dec(amount)}
	}
	out := func(period int, day time.Time, kind tranche.Kind, amount string) tranche.Payment {
		return tranche.Payment{Period: period, Date: day, Tranche: "hand", Party: "LP", Kind: kind, Amount: dec(amount)}
	}
	undefined := func(t *testing.T, s report.Summary, periodic bool) {
		t.Helper()
		require.True(t, s.Invested)
		require.ErrorIs(t, s.RateErr, metrics.ErrNoRoot)
		require.Equal(t, periodic, strings.Contains(s.RateErr.Error(), "periodic"), "RateErr %q", s.RateErr)
		require.Zero(t, s.XIRR)
		require.Zero(t, s.PeriodicIRR)
	}

	t.Run("one period: the NAV gives an XIRR, a periodic rate needs two periods", func(t *testing.T) {
		// The LP puts in 1,000.00 on 2021-01-01, a day into the only
		// period, and holds 1,100.00 of NAV at its end, 2021-12-31: its
		// dated flows, −1,000 and +1,100 364 days apart, have a rate
		// (1.1^(365/364) − 1); its one period's net, +100, has none.
		// TVPI 1,100/1,000 = 1.1.
		res := handRun(t, []time.Time{date(2020, 12, 31), date(2021, 12, 31)}, []tranche.Contribution{in(0, date(2021, 1, 1), "1000")}, nil)
		s, err := report.SummaryOf(res, "LP", dec("1100"))
		require.NoError(t, err)
		undefined(t, s, true)
		require.True(t, s.TVPI.Equal(dec("1.1")), "TVPI %s", s.TVPI)
	})

	t.Run("a distribution recalled: the periods net to a rate, the dates do not", func(t *testing.T) {
		// Yearly periods 2021 and 2022. The LP puts in 1,000.00 on
		// 2021-01-01, receives 2,040.00 on 2021-07-01 (181 days later) and
		// puts in 1,320.00 more on 2022-01-01 (365 days). By period:
		// +1,040 then −1,320, one change of sign, a rate of
		// 1,320/1,040 − 1. By date, with v = 1/(1+r),
		// NPV = −1000 + 2040·v^(181/365) − 1320·v, which never reaches
		// zero: it tends to −1,000 as r grows and to −∞ as r nears −1,
		// and is at most about −208 (r ≈ 0.70) between, as the grid
		// below checks. So the XIRR is not defined.
		npv := func(r float64) float64 {
			v := 1 / (1 + r)
			return -1000 + 2040*math.Pow(v, 181.0/365) - 1320*v
		}
		for r := -0.99; r < 50; r += 0.01 {
			require.Less(t, npv(r), -200.0, "r = %g", r)
		}
		res := handRun(t, []time.Time{date(2020, 12, 31), date(2021, 12, 31), date(2022, 12, 31)},
			[]tranche.Contribution{in(0, date(2021, 1, 1), "1000"), in(1, date(2022, 1, 1), "1320")},
			[]tranche.Payment{out(0, date(2021, 7, 1), tranche.KindCapital, "1000"), out(0, date(2021, 7, 1), tranche.KindProfit, "1040")})
		s, err := report.SummaryOf(res, "LP", decimal.Zero)
		require.NoError(t, err)
		undefined(t, s, false)
	})

	t.Run("no periods: the NAV counts in the multiples, no periodic rate", func(t *testing.T) {
		// lenderResult has no period summaries. The lender put in
		// 6,000.00 and received 6,400.00; with 100.00 of NAV, DPI is
		// 6,400/6,000 = 1.0666666667, RVPI 100/6,000 = 0.0166666667 and
		// TVPI 6,500/6,000 = 1.0833333333 (ten places, rounded half away
		// from zero). Its dated flows have a rate, but with no period
		// there is no periodic one (and no last period to hold the NAV).
		s, err := report.SummaryOf(lenderResult(), "Lender", dec("100"))
		require.NoError(t, err)
		undefined(t, s, true)
		require.True(t, s.DPI.Equal(dec("1.0666666667")), "DPI %s", s.DPI)
		require.True(t, s.RVPI.Equal(dec("0.0166666667")), "RVPI %s", s.RVPI)
		require.True(t, s.TVPI.Equal(dec("1.0833333333")), "TVPI %s", s.TVPI)
	})
}
