package report_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"slices"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/jvwaterfall/jvwaterfall/contract"
	"github.com/jvwaterfall/jvwaterfall/report"
	"github.com/jvwaterfall/jvwaterfall/tranche"
	"github.com/jvwaterfall/jvwaterfall/waterfall"
	"github.com/stretchr/testify/require"
)

// tierDeal: the LP puts in 1,000,000.00 on 2023-12-31 and receives
// 50,000.00 on 2024-12-31 and 1,300,000.00 on 2025-12-31: capital, then an
// 80/20 tier to a 10% IRR (annual, 30/360 US, so each year grows by
// exactly 1.1), then 70/30. own sets OwnDates (the flows are on period
// ends, so it changes nothing).
func tierDeal(own bool) *waterfall.Deal {
	lp, gp := []tranche.PartyID{"LP"}, []tranche.PartyID{"GP"}
	periods, _ := contract.Explicit(contract.Date(2023, 6, 30), contract.Date(2023, 12, 31), contract.Date(2024, 12, 31), contract.Date(2025, 12, 31))
	rate := contract.Rate{Annual: dec("0.1"), Compounding: contract.Annual, DayCount: contract.Thirty360US}
	return &waterfall.Deal{
		Name: "tiers", Currency: "USD", Scale: 2, Parties: lpGP, Periods: periods, OwnDates: own,
		Contributions: []waterfall.Contribution{{Date: contract.Date(2023, 12, 31), Party: "LP", Amount: dec("1000000.00")}},
		Proceeds: []contract.Flow{{Date: contract.Date(2024, 12, 31), Amount: dec("50000.00")},
			{Date: contract.Date(2025, 12, 31), Amount: dec("1300000.00")}},
		Stack: tranche.Sequence(
			&tranche.ReturnOfCapital{Name: "capital", Parties: lp},
			&tranche.Hurdle{Name: "tier", Investors: lp, Rate: rate,
				Shares: []tranche.Share{{Parties: lp, Weight: dec("0.8")}, {Parties: gp, Weight: dec("0.2"), Promote: true}}},
			&tranche.Split{Name: "carry", Shares: []tranche.Share{{Parties: lp, Weight: dec("0.7")}, {Parties: gp, Weight: dec("0.3"), Promote: true}}},
		),
	}
}

// TestHurdles_closedForm checks the audit against the balances worked by
// hand: H = 1,000,000 on 2023-12-31; × 1.1 = 1,100,000, less capital
// returned 50,000; × 1.1 = 1,155,000 on 2025-12-31, when capital returns
// 950,000, the tier pays the LP the 205,000 left (and the GP 51,250),
// and the LP's 70% of the rest, 93,750, is 65,625: after = −65,625. The
// same with totals only, with OwnDates, and from a Result made by Tally.
func TestHurdles_closedForm(t *testing.T) {
	want := []tranche.HurdleBalance{
		{Date: contract.Date(2023, 12, 31), Before: dec("0"), In: dec("1000000"), Out: dec("0"), After: dec("1000000")},
		{Date: contract.Date(2024, 12, 31), Before: dec("1100000"), In: dec("0"), Out: dec("50000"), After: dec("1050000")},
		{Date: contract.Date(2025, 12, 31), Before: dec("1155000"), In: dec("0"), Out: dec("1220625"), After: dec("-65625")},
	}
	for _, own := range []bool{false, true} {
		for _, opts := range []waterfall.RunOptions{{}, {TotalsOnly: true}} {
			d := tierDeal(own)
			res, err := waterfall.RunWith(d, opts)
			require.NoError(t, err)
			a, err := report.Hurdles(res, d.Stack)
			require.NoError(t, err)
			var got []tranche.HurdleBalance
			for _, r := range a.Rows {
				require.Equal(t, tranche.TrancheID("tier"), r.Tranche)
				require.Equal(t, tranche.PartyID("LP"), r.Party)
				got = append(got, r.HurdleBalance)
			}
			require.Empty(t, cmp.Diff(want, got), "own %v, %+v", own, opts)
			if !opts.TotalsOnly {
				// A Result assembled from the run's parts (as package fund
				// does) has the same audit, from its ledger.
				tallied, err := waterfall.Tally(d, res.Periods, slices.Collect(res.Contributions.Values()), slices.Collect(res.Payments.Values()), res.Events)
				require.NoError(t, err)
				b, err := report.Hurdles(tallied, d.Stack)
				require.NoError(t, err)
				require.Empty(t, cmp.Diff(a, b))
			}
			gp, _ := res.Party("GP")
			require.True(t, gp.Distributed.Equal(dec("79375")), "GP %s: 51,250 + 28,125", gp.Distributed)
		}
	}
}

func TestHurdles_errors(t *testing.T) {
	d := tierDeal(false)
	res, err := waterfall.Run(d)
	require.NoError(t, err)
	_, err = report.Hurdles(nil, d.Stack)
	require.ErrorIs(t, err, contract.ErrRequired)
	// A stack that holds itself (only Go code can make one) is refused
	// before it is walked.
	self := &tranche.Sequential{}
	self.Tranches = []tranche.Tranche{self}
	_, err = report.Hurdles(res, self)
	require.ErrorIs(t, err, contract.ErrRange)
	_, err = report.Hurdles(res, nil)
	require.ErrorIs(t, err, contract.ErrRequired)
	stranger := &tranche.Hurdle{Name: "x", Investors: []tranche.PartyID{"ZZ"}, Rate: contract.Rate{Annual: dec("0.1"), Compounding: contract.Annual}}
	_, err = report.Hurdles(res, stranger)
	require.ErrorIs(t, err, tranche.ErrUnknownParty)
	// The same tier deep in a stack: the error is not lost on the way up.
	_, err = report.Hurdles(res, tranche.Sequence(d.Stack, stranger))
	require.ErrorIs(t, err, tranche.ErrUnknownParty)
	// A tier whose rate is not valid has no balances to list: an error,
	// not an empty audit.
	bad := &tranche.Hurdle{Name: "bad", Investors: []tranche.PartyID{"LP"}, Rate: contract.Rate{Annual: dec("0.1"), Compounding: contract.Compounding(99)}}
	_, err = report.Hurdles(res, bad)
	require.ErrorIs(t, err, contract.ErrRange)
	var a *report.HurdleAudit
	require.ErrorIs(t, a.WriteCSV(&bytes.Buffer{}), contract.ErrRequired)
	require.ErrorIs(t, a.WriteJSON(&bytes.Buffer{}), contract.ErrRequired)
	b, err := json.Marshal(a)
	require.NoError(t, err)
	require.Equal(t, "null", string(b))
}

func ExampleHurdles() {
	d := tierDeal(false)
	res, err := waterfall.RunWith(d, waterfall.RunOptions{TotalsOnly: true})
	if err != nil {
		fmt.Println(err)
		return
	}
	a, err := report.Hurdles(res, d.Stack)
	if err != nil {
		fmt.Println(err)
		return
	}
	if err := a.WriteCSV(os.Stdout); err != nil {
		fmt.Println(err)
	}
	// Output:
	// tranche,party,rate,date,before,in,out,after
	// tier,LP,0.1 annual 30/360 US,2023-12-31,0.0000000000000000,1000000.00,0.00,1000000.0000000000000000
	// tier,LP,0.1 annual 30/360 US,2024-12-31,1100000.0000000000000000,0.00,50000.00,1050000.0000000000000000
	// tier,LP,0.1 annual 30/360 US,2025-12-31,1155000.0000000000000000,0.00,1220625.00,-65625.0000000000000000
}

func ExampleHurdleAudit_WriteJSON() {
	d := tierDeal(false)
	res, _ := waterfall.Run(d)
	a, _ := report.Hurdles(res, d.Stack)
	a.Rows = a.Rows[2:]
	if err := a.WriteJSON(os.Stdout); err != nil {
		fmt.Println(err)
	}
	// Output:
	// {
	//   "deal": "tiers",
	//   "currency": "USD",
	//   "scale": 2,
	//   "rows": [
	//     {
	//       "tranche": "tier",
	//       "party": "LP",
	//       "rate": "0.1 annual 30/360 US",
	//       "date": "2025-12-31",
	//       "before": "1155000.0000000000000000",
	//       "in": "0.00",
	//       "out": "1220625.00",
	//       "after": "-65625.0000000000000000"
	//     }
	//   ]
	// }
}

// prefDeal is tierDeal's flows with pref in place of the IRR tier: the LP
// puts in 1,000,000.00 on 2023-12-31 and receives 50,000.00 on 2024-12-31
// and 1,300,000.00 on 2025-12-31, paid through capital, pref, then 70/30.
func prefDeal(pref *tranche.PreferredReturn) *waterfall.Deal {
	d := tierDeal(false)
	lp, gp := []tranche.PartyID{"LP"}, []tranche.PartyID{"GP"}
	d.Name = "pref"
	d.Stack = tranche.Sequence(
		&tranche.ReturnOfCapital{Name: "capital", Parties: lp},
		pref,
		&tranche.Split{Name: "carry", Shares: []tranche.Share{{Parties: lp, Weight: dec("0.7")}, {Parties: gp, Weight: dec("0.3"), Promote: true}}},
	)
	return d
}

// TestHurdles_CompoundingPrefListed: a cumulative pref on unreturned
// capital at a compounding rate reads the LP's hurdle balance, so the
// audit lists it; a pref at a simple rate, on contributed capital, or
// non-cumulative reads no hurdle balance, and the audit lists nothing.
//
// By hand, at 10% annual on 30/360 US (each year grows by exactly 1.1):
// 2023-12-31: 0 before, 1,000,000 in, after 1,000,000.
// 2024-12-31: 1,100,000 before; the 50,000 all returns capital (950,000
// unreturned), nothing is left for the pref: after 1,050,000.
// 2025-12-31: 1,050,000 × 1.1 = 1,155,000 before; capital returns
// 950,000; the pref owes H − unreturned = (1,155,000 − 950,000) − 0 =
// 205,000 and is paid it; the 145,000 left splits LP 101,500 (70%), GP
// 43,500. Out = 950,000 + 205,000 + 101,500 = 1,256,500; after −101,500.
func TestHurdles_CompoundingPrefListed(t *testing.T) {
	lp := []tranche.PartyID{"LP"}
	rate := contract.Rate{Annual: dec("0.1"), Compounding: contract.Annual, DayCount: contract.Thirty360US}
	simple := rate
	simple.Compounding = contract.Simple

	pref := &tranche.PreferredReturn{Name: "pref", Parties: lp, Rate: rate}
	d := prefDeal(pref)
	res, err := waterfall.Run(d)
	require.NoError(t, err)
	a, err := report.Hurdles(res, d.Stack)
	require.NoError(t, err)
	want := []tranche.HurdleBalance{
		{Date: contract.Date(2023, 12, 31), Before: dec("0"), In: dec("1000000"), Out: dec("0"), After: dec("1000000")},
		{Date: contract.Date(2024, 12, 31), Before: dec("1100000"), In: dec("0"), Out: dec("50000"), After: dec("1050000")},
		{Date: contract.Date(2025, 12, 31), Before: dec("1155000"), In: dec("0"), Out: dec("1256500"), After: dec("-101500")},
	}
	var got []tranche.HurdleBalance
	for _, r := range a.Rows {
		require.Equal(t, tranche.TrancheID("pref"), r.Tranche)
		require.Equal(t, tranche.PartyID("LP"), r.Party)
		require.Equal(t, rate, r.Rate)
		got = append(got, r.HurdleBalance)
	}
	require.Empty(t, cmp.Diff(want, got))
	// The Out column again, from the ledger: the LP's payments on each date.
	for _, r := range a.Rows {
		paid := dec("0")
		for p := range res.Payments.Values() {
			if p.Party == "LP" && p.Date.Equal(r.Date) {
				paid = paid.Add(p.Amount)
			}
		}
		require.True(t, paid.Equal(r.Out), "%s: ledger %s, out %s", day(r.Date), paid, r.Out)
	}
	gp, _ := res.Party("GP")
	require.True(t, gp.Distributed.Equal(dec("43500")), "GP %s: 30%% of 145,000", gp.Distributed)

	for _, c := range []struct {
		name string
		pref *tranche.PreferredReturn
	}{
		{"simple rate", &tranche.PreferredReturn{Name: "pref", Parties: lp, Rate: simple}},
		{"on contributed capital", &tranche.PreferredReturn{Name: "pref", Parties: lp, Rate: rate, Base: tranche.OnContributed}},
		{"non-cumulative", &tranche.PreferredReturn{Name: "pref", Parties: lp, Rate: rate, Accrual: tranche.NonCumulative}},
	} {
		t.Run(c.name, func(t *testing.T) {
			d := prefDeal(c.pref)
			res, err := waterfall.Run(d)
			require.NoError(t, err)
			a, err := report.Hurdles(res, d.Stack)
			require.NoError(t, err)
			require.Empty(t, a.Rows)
		})
	}
}

func day(t time.Time) string { return t.Format(time.DateOnly) }
