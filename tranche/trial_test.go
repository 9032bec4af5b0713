package tranche_test

import (
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
