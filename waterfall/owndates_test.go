package waterfall_test

import (
	"fmt"
	"math"
	"slices"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/jvwaterfall/jvwaterfall/contract"
	"github.com/jvwaterfall/jvwaterfall/internal/oracle"
	"github.com/jvwaterfall/jvwaterfall/internal/runview"
	"github.com/jvwaterfall/jvwaterfall/tranche"
	"github.com/jvwaterfall/jvwaterfall/waterfall"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"
)

// ownDatesDeal: the LP puts in 1,000,000.00 on 2024-02-15 and the deal
// sells for 1,200,000.00 on 2025-05-20, both inside quarters of a
// quarterly schedule; capital first, then an 8% simple pref on ACT/365F,
// then 80/20.
func ownDatesDeal(own bool) *waterfall.Deal {
	periods := must(contract.Schedule{Start: contract.Date(2023, 12, 31), End: contract.Date(2025, 12, 31), Frequency: contract.EveryQuarter}.Periods())
	lp := []tranche.PartyID{"LP"}
	return &waterfall.Deal{
		Currency: "USD", Scale: 2, OwnDates: own,
		Parties:  []waterfall.Party{{ID: "LP", Commitment: dec("1000000")}, {ID: "GP", Role: waterfall.RoleSponsor}},
		Periods:  periods,
		Calls:    []waterfall.Call{{Date: contract.Date(2024, 2, 15), Amount: dec("1000000.00")}},
		Proceeds: []contract.Flow{{Date: contract.Date(2025, 5, 20), Amount: dec("1200000.00")}},
		Stack: tranche.Sequence(
			must(tranche.NewReturnOfCapital(tranche.ReturnOfCapital{Name: "capital", Parties: lp})),
			must(tranche.NewPreferredReturn(tranche.PreferredReturn{Name: "pref", Parties: lp,
				Rate: contract.Rate{Annual: dec("0.08"), Compounding: contract.Simple, DayCount: contract.ACT365F}})),
			must(tranche.NewSplit(tranche.Split{Name: "carry", Shares: []tranche.Share{
				{Parties: lp, Weight: dec("0.8")}, {Parties: []tranche.PartyID{"GP"}, Weight: dec("0.2"), Promote: true}}})),
		),
	}
}

// TestRun_ownDates checks a call and a sale dated inside their quarters
// against the closed form: the pref is 1,000,000 × 0.08 × days/365 over
// the days between the flows' own dates (460: 2024-02-15 to 2025-05-20;
// the period ends would give 456), rounded up to the cent, and the LP's
// XIRR is (received/paid)^(365/460) − 1.
func TestRun_ownDates(t *testing.T) {
	for _, tt := range []struct {
		own      bool
		days     int64
		in, out  time.Time
		pref, gp string
	}{
		// 80,000 × 460/365 = 100,821.9178… → 100,821.92; the rest,
		// 99,178.08, splits 79,342.464 / 19,835.616: floors .46/.61,
		// the cent left to the larger remainder, the GP's.
		{true, 460, contract.Date(2024, 2, 15), contract.Date(2025, 5, 20), "100821.92", "19835.62"},
		// 80,000 × 456/365 = 99,945.2054… → 99,945.21; the rest,
		// 100,054.79, splits 80,043.832 / 20,010.958 → .83 / .96.
		{false, 456, contract.Date(2024, 3, 31), contract.Date(2025, 6, 30), "99945.21", "20010.96"},
	} {
		res, err := waterfall.Run(ownDatesDeal(tt.own))
		require.NoError(t, err)
		lp, _ := res.Party("LP")
		gp, _ := res.Party("GP")
		require.True(t, lp.ByKind[tranche.KindPref].Equal(dec(tt.pref)), "own %v: pref %s", tt.own, lp.ByKind[tranche.KindPref])
		require.True(t, gp.Distributed.Equal(dec(tt.gp)), "own %v: GP %s", tt.own, gp.Distributed)
		require.True(t, lp.Distributed.Equal(dec("1200000").Sub(dec(tt.gp))), "own %v: LP %s", tt.own, lp.Distributed)
		want := []contract.Flow{{Date: tt.in, Amount: dec("-1000000.00")}, {Date: tt.out, Amount: lp.Distributed}}
		require.Empty(t, cmp.Diff(want, res.Flows("LP")))
		for p := range res.Payments.Values() {
			require.Equal(t, tt.out, p.Date)
			require.Equal(t, 5, p.Period) // 2025-Q2
		}
		x, err := res.XIRR("LP")
		require.NoError(t, err)
		received, _ := lp.Distributed.Float64()
		require.InDelta(t, math.Pow(received/1e6, 365/float64(tt.days))-1, x, 1e-12)
	}
}

// TestRun_ownDatesSplitSchedule checks own-date runs of random funds (calls,
// proceeds and costs anywhere inside periods of 20–500 days, across leap
// days) against a second method: the same fund run the old way over a
// schedule split at every flow date, where each flow is on a period end.
// Every payment (but its period index), contribution and flow must be the
// same, to the cent and the day.
func TestRun_ownDatesSplitSchedule(t *testing.T) {
	n := min(*propDeals, 300)
	if testing.Short() {
		n = 30
	}
	strip := func(res *waterfall.Result) ([]tranche.Payment, []tranche.Contribution) {
		pays := slices.Collect(res.Payments.Values())
		for i := range pays {
			pays[i].Period = 0
		}
		cs := slices.Collect(res.Contributions.Values())
		for i := range cs {
			cs[i].Period = 0
		}
		return pays, cs
	}
	for i := range n {
		f := genFund(*propSeed + uint64(i))
		own := *f.deal
		own.OwnDates = true
		split := *f.deal
		ends := []time.Time{}
		for _, p := range f.deal.Periods {
			ends = append(ends, p.End)
		}
		for _, c := range f.deal.Calls {
			ends = append(ends, c.Date)
		}
		for _, fl := range slices.Concat(f.deal.Proceeds, f.deal.Costs) {
			ends = append(ends, fl.Date)
		}
		slices.SortFunc(ends, time.Time.Compare)
		split.Periods = must(contract.Explicit(f.deal.Periods[0].Start, slices.CompactFunc(ends, time.Time.Equal)...))
		a, err := waterfall.Run(&own)
		require.NoError(t, err, f)
		b, err := waterfall.Run(&split)
		require.NoError(t, err, f)
		pa, ca := strip(a)
		pb, cb := strip(b)
		require.Empty(t, cmp.Diff(pb, pa), f)
		require.Empty(t, cmp.Diff(cb, ca), f)
		require.Empty(t, cmp.Diff(b.Parties(), a.Parties()), f)
		for _, p := range f.deal.Parties {
			require.Empty(t, cmp.Diff(b.Flows(p.ID), a.Flows(p.ID)), f)
		}
		require.True(t, a.Retained().Equal(b.Retained()), f)
	}
}

// TestRun_ownDatesOnPeriodEnds: with every flow on a period end, a run
// with OwnDates is the run without, to the cent (the whole Result), with
// the ledger and totals only.
func TestRun_ownDatesOnPeriodEnds(t *testing.T) {
	n := min(*propDeals, 300)
	if testing.Short() {
		n = 30
	}
	for i := range n {
		f := genFund(*propSeed + uint64(i))
		old := *f.deal
		end := func(t time.Time) time.Time {
			k, _ := contract.PeriodIndex(old.Periods, t)
			return old.Periods[k].End
		}
		old.Calls = slices.Clone(old.Calls)
		for k := range old.Calls {
			old.Calls[k].Date = end(old.Calls[k].Date)
		}
		old.Proceeds, old.Costs = slices.Clone(old.Proceeds), slices.Clone(old.Costs)
		for _, fl := range [][]contract.Flow{old.Proceeds, old.Costs} {
			for k := range fl {
				fl[k].Date = end(fl[k].Date)
			}
		}
		own := old
		own.OwnDates = true
		for _, opts := range []waterfall.RunOptions{{}, {TotalsOnly: true}} {
			a, err := waterfall.RunWith(&old, opts)
			require.NoError(t, err, f)
			b, err := waterfall.RunWith(&own, opts)
			require.NoError(t, err, f)
			b.Deal = a.Deal
			require.Empty(t, cmp.Diff(runview.Of(a), runview.Of(b)), f)
		}
	}
}

// With OwnDates, a call on 15 February and a sale on 20 May move on their
// own dates: the 8% simple pref counts their 460 days, not the 456
// between their quarters' ends.
func ExampleDeal_ownDates() {
	for _, own := range []bool{false, true} {
		res, err := waterfall.Run(ownDatesDeal(own))
		if err != nil {
			fmt.Println(err)
			return
		}
		lp, _ := res.Party("LP")
		flows := res.Flows("LP")
		fmt.Println(own, flows[0].Date.Format(time.DateOnly), flows[1].Date.Format(time.DateOnly), lp.ByKind[tranche.KindPref])
	}
	// Output:
	// false 2024-03-31 2025-06-30 99945.21
	// true 2024-02-15 2025-05-20 100821.92
}

// TestRun_ownDatesWithFees: fees stay on the period's end while a
// distribution moves on its own date. feeFund's 40,000,000 of 2026-06-30
// comes on 2026-05-15 instead: the fees are the closed forms of
// TestFees_Run (the base of Q3 2026 is 80M − 40M returned before it
// starts), the return of capital is dated 2026-05-15 in period 5, and the
// quarter's summary counts it in Paid beside the 300,000 fee.
func TestRun_ownDatesWithFees(t *testing.T) {
	d := feeFund(t)
	d.OwnDates = true
	d.Proceeds = slices.Clone(d.Proceeds)
	d.Proceeds[0].Date = contract.Date(2026, 5, 15)
	res, err := waterfall.Run(d)
	require.NoError(t, err)
	var net []string
	for _, l := range res.Fees {
		net = append(net, l.Net.String())
	}
	require.Equal(t, []string{"500000", "500000", "500000", "500000", "300000", "300000", "150000", "150000"}, net)
	early := decimal.Zero
	for p := range res.Payments.Values() {
		if p.Date.Equal(contract.Date(2026, 5, 15)) {
			require.Equal(t, 5, p.Period)
			require.Equal(t, tranche.KindCapital, p.Kind)
			early = early.Add(p.Amount)
		}
	}
	require.Equal(t, "40000000", early.String())
	q2 := res.Periods[5]
	require.Equal(t, "40000000", q2.Paid.String())
	require.Equal(t, "300000", q2.Fees.String())
}

// TestRun_ownDatesReserve: a reserve offered cash on several dates of a
// period holds on each, and the period holds its last balance. A fixed
// 5,000 reserve: 2,000 comes on 2025-06-30 (all held), 4,000 on
// 2025-09-30 (5,000 held, 1,000 paid), and at the year's end the 5,000
// is held again; in 2026, the last period, 4,000 comes on 2026-06-30 and
// the reserve releases everything: 9,000. The equity gets 10,000.
func TestRun_ownDatesReserve(t *testing.T) {
	periods := yearsFrom2024(t, 3)
	equity := must(tranche.NewSplit(tranche.Split{Name: "equity", Shares: []tranche.Share{{Parties: []tranche.PartyID{"EQ"}, Weight: dec("1")}}}))
	reserve := must(tranche.NewReserve(tranche.Reserve{Name: "reserve", Amount: dec("5000"), Junior: equity}))
	res, err := waterfall.Run(&waterfall.Deal{Name: "reserve", Currency: "USD", Scale: 2, OwnDates: true,
		Parties: []waterfall.Party{{ID: "EQ"}}, Periods: periods,
		Proceeds: []contract.Flow{{Date: contract.Date(2025, 6, 30), Amount: dec("2000")}, {Date: contract.Date(2025, 9, 30), Amount: dec("4000")},
			{Date: contract.Date(2026, 6, 30), Amount: dec("4000")}},
		Stack: reserve})
	require.NoError(t, err)
	type pay struct {
		date   time.Time
		amount string
	}
	var got []pay
	for p := range res.Payments.Values() {
		got = append(got, pay{p.Date, p.Amount.String()})
	}
	require.Equal(t, []pay{{contract.Date(2025, 9, 30), "1000"}, {contract.Date(2026, 6, 30), "9000"}}, got)
	require.Equal(t, "5000", res.Periods[1].Held.String())
	require.Equal(t, "5000", res.Periods[1].Retained.String())
	require.True(t, res.Retained().IsZero())
	var held []string
	for _, h := range res.Holdings {
		held = append(held, h.Date.Format(time.DateOnly)+" "+h.Amount.String())
	}
	require.Equal(t, []string{"2025-06-30 2000", "2025-09-30 5000", "2026-01-01 5000"}, held)
}

// TestRun_ownDatesHurdleTruth checks the hurdle truth on flows' own
// dates: on random funds run with OwnDates, on every date on which a
// junior tier (catch-up or carry) is paid, each investor's XIRR from its
// own dated flows up to that date, by the independent oracle, is at
// least the pref rate (to 1e-9); on a date on which its pref is left
// unpaid, below it.
func TestRun_ownDatesHurdleTruth(t *testing.T) {
	n := min(*propDeals, 300)
	if testing.Short() {
		n = 30
	}
	above, below := 0, 0
	for i := range n {
		f := genFund(*propSeed + uint64(i))
		d := *f.deal
		d.OwnDates = true
		res, err := waterfall.Run(&d)
		require.NoError(t, err, f)
		flows := map[tranche.PartyID]map[time.Time]decimal.Decimal{}
		add := func(p tranche.PartyID, at time.Time, a decimal.Decimal) {
			if flows[p] == nil {
				flows[p] = map[time.Time]decimal.Decimal{}
			}
			flows[p][at] = flows[p][at].Add(a)
		}
		for c := range res.Contributions.Values() {
			add(c.Party, c.Date, c.Amount.Neg())
		}
		byDate := map[time.Time][]tranche.Payment{}
		var dates []time.Time
		for p := range res.Payments.Values() {
			add(p.Party, p.Date, p.Amount)
			if byDate[p.Date] == nil {
				dates = append(dates, p.Date)
			}
			byDate[p.Date] = append(byDate[p.Date], p)
		}
		r := f.pref.InexactFloat64()
		for _, day := range dates {
			junior := slices.ContainsFunc(byDate[day], func(p tranche.Payment) bool { return p.Tranche == "catch-up" || p.Tranche == "carry" })
			for _, party := range append(slices.Clone(f.lps), "GP") {
				if party == "GP" && !f.coInvest {
					continue
				}
				unpaid := slices.ContainsFunc(byDate[day], func(p tranche.Payment) bool {
					return p.Tranche == "pref" && p.Party == party && p.After.Sign() > 0
				})
				if !junior && !unpaid {
					continue
				}
				var ds []time.Time
				var as []decimal.Decimal
				for at := range flows[party] {
					if !at.After(day) {
						ds = append(ds, at)
					}
				}
				slices.SortFunc(ds, time.Time.Compare)
				changes := 0
				for k, at := range ds {
					as = append(as, flows[party][at])
					if k > 0 && as[k].Sign() != as[k-1].Sign() {
						changes++
					}
				}
				if len(as) == 0 || changes != 1 || as[0].Sign() >= 0 {
					continue
				}
				x, ok := oracle.XIRR(ds, as)
				require.True(t, ok, "%s: %s on %s", f, party, day)
				switch {
				case junior:
					require.GreaterOrEqual(t, x, r-1e-9, "%s: %s on %s: pref paid, XIRR %.12f", f, party, day, x)
					above++
				default:
					require.Less(t, x, r+1e-9, "%s: %s on %s: pref unpaid, XIRR %.12f", f, party, day, x)
					below++
				}
			}
		}
	}
	t.Logf("%d deals: %d checks above the pref, %d below", n, above, below)
	require.Positive(t, above)
	require.Positive(t, below)
}
