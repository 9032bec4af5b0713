package tranche_test

import (
	"fmt"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/jvwaterfall/jvwaterfall/contract"
	"github.com/jvwaterfall/jvwaterfall/tranche"
	"github.com/stretchr/testify/require"
)

// trialStack is a waterfall whose Owed tries payments out on the book (a
// take-or-pay that records arrears, a reserve that holds cash, capital,
// a simple and a compounding pref, a catch-up, a split), and whose tiers
// read what they paid before (the take-or-pay), the hurdle balances and
// the simple accruals.
func trialStack(t *testing.T, ps []contract.Period) (tranche.Tranche, tranche.Tranche) {
	terms, _ := topTerms()
	terms.Start, terms.End = ps[0].Start, ps[len(ps)-1].End
	usage := make([]string, len(ps))
	for i := range usage {
		usage[i] = "50"
	}
	top := tranche.Must(tranche.NewTakeOrPay(tranche.TakeOrPay{Name: "offtake", Seller: "utility", Terms: terms,
		Usage: qty(usage...), Periods: ps, Scale: 2}))
	simple := mustPref(t, contract.Rate{Annual: d("0.08"), Compounding: contract.Simple, DayCount: contract.ACT365F}, "LP")
	compound := tranche.Must(tranche.NewPreferredReturn(tranche.PreferredReturn{Name: "pref12",
		Rate: contract.Rate{Annual: d("0.12"), Compounding: contract.Annual, DayCount: contract.ACT365F}, Parties: ids("LP")}))
	cu := tranche.Must(tranche.NewCatchUp(tranche.CatchUp{Name: "catchup", Investors: ids("LP"), Sponsor: "GP", Target: d("0.2"), Rate: d("1")}))
	junior := tranche.Sequence(mustROC(t, "LP"), simple, compound, cu, mustSplit(t, "rest", "0.8"))
	dsra := tranche.Must(tranche.NewReserve(tranche.Reserve{Name: "dsra", Amount: d("50.05"), Junior: junior}))
	return tranche.Sequence(top, dsra), junior
}

// TestTrial_LeavesNoTrace: asking a stack what it owes (which tries its
// payments out on the book and undoes them) changes nothing: a run that
// asks before and after every payment, and twice, posts the same
// payments, records the same events and holdings, and leaves the same
// paid totals and movements as a run that never asks. The second run is
// the oracle: the book as it is without any trial.
func TestTrial_LeavesNoTrace(t *testing.T) {
	ps := annualPeriods(6)
	cash := []string{"0", "300.01", "1000.07", "2500.5", "120.33", "4000"}
	run := func(ask bool) *driver {
		stack, junior := trialStack(t, ps)
		l := newDriver(t, partiesOf("LP", "1000", "GP", "0", "utility", "0")...)
		for i, c := range cash {
			l.advance(ps[i])
			if i == 0 {
				l.put("LP", "1000")
			}
			if ask {
				for range 2 {
					l.owed(stack)
					l.owed(junior)
				}
			}
			l.run(stack, c)
			if ask {
				l.owed(stack)
				l.owed(junior)
			}
		}
		return l
	}
	want, got := run(false), run(true)
	require.NotEmpty(t, want.b.Events())
	require.NotEmpty(t, want.b.Holdings())
	ledger := func(l *driver) []tranche.Payment { return paysFrom(l.b, 0) }
	if diff := cmp.Diff(ledger(want), ledger(got)); diff != "" {
		t.Errorf("ledger mismatch (-without trials +with):\n%s", diff)
	}
	if diff := cmp.Diff(want.b.Events(), got.b.Events()); diff != "" {
		t.Errorf("events mismatch (-without trials +with):\n%s", diff)
	}
	if diff := cmp.Diff(want.b.Holdings(), got.b.Holdings()); diff != "" {
		t.Errorf("holdings mismatch (-without trials +with):\n%s", diff)
	}
	for _, id := range []tranche.TrancheID{"offtake", "roc", "pref", "pref12", "catchup", "rest"} {
		requireDec(t, want.b.Paid(id).String(), got.b.Paid(id), id)
	}
	for _, p := range []tranche.PartyID{"LP", "GP", "utility"} {
		w, err := want.b.Movements(p)
		require.NoError(t, err)
		g, err := got.b.Movements(p)
		require.NoError(t, err)
		if diff := cmp.Diff(w, g); diff != "" {
			t.Errorf("%s: movements mismatch (-without trials +with):\n%s", p, diff)
		}
	}
}

// TestTrial_LeavesNoTraceInAccruals: the caches a trial fills while it
// replays movements (hurdle balances, simple accruals) are put back when
// it ends. Stacks of prefs and a hurdle at several rates (simple on
// ACT/360 and ACT/365F, annual, quarterly and monthly compounding) are
// run twice over quarters with contributions on several dates, periods
// without cash (where a trial pays what the run does not) and odd-cent
// partial payments; one run asks its stack what it owes before and after
// every payment. The run that never asks is the oracle: the balances and
// accruals, read after every period to AccrualPlaces decimals, and the
// payments must be the same. A cache left as a trial wrote it has grown a
// balance to a date the real run never stopped at (in two steps, each
// rounded, instead of one), which shows in the last decimals.
func TestTrial_LeavesNoTraceInAccruals(t *testing.T) {
	ps, err := contract.Schedule{Start: contract.Date(2024, 1, 1), End: contract.Date(2027, 1, 1), Frequency: contract.EveryQuarter}.Periods()
	require.NoError(t, err)
	rates := []contract.Rate{
		{Annual: d("0.07"), Compounding: contract.Simple, DayCount: contract.ACT360},
		{Annual: d("0.095"), Compounding: contract.Simple, DayCount: contract.ACT365F},
		{Annual: d("0.12"), Compounding: contract.Annual, DayCount: contract.ACT365F},
		{Annual: d("0.1"), Compounding: contract.Monthly, DayCount: contract.Thirty360US},
		{Annual: d("0.15"), Compounding: contract.Quarterly, DayCount: contract.ACT365F},
	}
	stack := func() tranche.Tranche {
		var tiers []tranche.Tranche
		tiers = append(tiers, mustROC(t, "LP", "co"))
		for k, r := range rates[:4] {
			tiers = append(tiers, tranche.Must(tranche.NewPreferredReturn(tranche.PreferredReturn{
				Name: tranche.TrancheID(fmt.Sprintf("pref%d", k)), Rate: r, Parties: ids("LP", "co")})))
		}
		tiers = append(tiers, tier(t, "irr15", rates[4], "0", "0.7"), mustSplit(t, "rest", "0.8"))
		return tranche.Sequence(tiers...)
	}
	contribs := map[int][][2]string{0: {{"LP", "1000"}, {"co", "333.33"}}, 2: {{"LP", "250.01"}}, 5: {{"co", "77.77"}}, 7: {{"LP", "10"}}}
	cash := []string{"0", "41.07", "0", "0", "93.33", "700.01", "0", "12.34", "0", "900.99", "0.03", "2000"}
	type reading struct {
		period int
		party  tranche.PartyID
		rate   int
		hurdle string
		simple string
	}
	run := func(ask bool) (*driver, []reading) {
		s := stack()
		l := newDriver(t, partiesOf("LP", "0", "co", "0", "GP", "0")...)
		var out []reading
		for i, c := range cash {
			l.advance(ps[i])
			for _, p := range contribs[i] {
				l.put(tranche.PartyID(p[0]), p[1])
			}
			if ask {
				l.owed(s)
				l.owed(s)
			}
			l.run(s, c)
			if ask {
				l.owed(s)
			}
			for _, p := range []tranche.PartyID{"LP", "co", "GP"} {
				for k, r := range rates {
					h, err := l.b.Hurdle(p, r)
					require.NoError(t, err)
					a, err := l.b.SimpleAccrued(p, r)
					require.NoError(t, err)
					out = append(out, reading{i, p, k, h.String(), a.String()})
				}
			}
		}
		return l, out
	}
	want, wantR := run(false)
	got, gotR := run(true)
	if diff := cmp.Diff(wantR, gotR, cmp.AllowUnexported(reading{})); diff != "" {
		t.Errorf("balances mismatch (-without trials +with):\n%s", diff)
	}
	ledger := func(l *driver) []tranche.Payment { return paysFrom(l.b, 0) }
	if diff := cmp.Diff(ledger(want), ledger(got)); diff != "" {
		t.Errorf("ledger mismatch (-without trials +with):\n%s", diff)
	}
}
