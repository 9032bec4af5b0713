package waterfall_test

import (
	"errors"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/jvwaterfall/jvwaterfall/contract"
	"github.com/jvwaterfall/jvwaterfall/tranche"
	"github.com/jvwaterfall/jvwaterfall/waterfall"
	"github.com/stretchr/testify/require"
)

func yearly(t *testing.T, from, to int) []contract.Period {
	t.Helper()
	ps, err := contract.Schedule{Start: contract.Date(from, 12, 31), End: contract.Date(to, 12, 31),
		Frequency: contract.EveryYear, EndOfMonth: true}.Periods()
	require.NoError(t, err)
	return ps
}

// peFund is a PE fund (LP-A 54M, LP-B 36M, GP) with a European stack and
// no cash of its own: it is fed by the JV it invests in.
func peFund(t *testing.T) *waterfall.Deal {
	t.Helper()
	lps := []tranche.PartyID{"LP-A", "LP-B"}
	roc, err := tranche.NewReturnOfCapital(tranche.ReturnOfCapital{Name: "fund/capital", Parties: lps})
	require.NoError(t, err)
	pref, err := tranche.NewPreferredReturn(tranche.PreferredReturn{
		Name:    "fund/pref",
		Rate:    contract.Rate{Annual: dec("0.08"), Compounding: contract.Annual},
		Parties: lps,
	})
	require.NoError(t, err)
	cu, err := tranche.NewCatchUp(tranche.CatchUp{Name: "fund/catch-up", Sponsor: "GP", Target: dec("0.2"), Rate: dec("1"), Investors: lps})
	require.NoError(t, err)
	split, err := tranche.NewSplit(tranche.Split{
		Name: "fund/carry",
		Shares: []tranche.Share{
			{Parties: lps, Weight: dec("0.8")},
			{Parties: []tranche.PartyID{"GP"}, Weight: dec("0.2"), Promote: true},
		},
	})
	require.NoError(t, err)
	return &waterfall.Deal{
		Name: "PE Fund", Currency: "USD", Scale: 2,
		Parties: []waterfall.Party{
			{ID: "LP-A", Commitment: dec("54000000")},
			{ID: "LP-B", Commitment: dec("36000000")},
			{ID: "GP", Role: waterfall.RoleSponsor},
		},
		Periods: yearly(t, 2020, 2025),
		Stack:   tranche.Sequence(roc, pref, cu, split),
	}
}

// jv is a JV in which the fund puts 90% and the operator 10%: capital,
// 8% pref, then 70/30 with the operator's 30% a promote.
func jv(t *testing.T, fund *waterfall.Deal) *waterfall.Deal {
	t.Helper()
	inv := []tranche.PartyID{"FUND", "OPCO"}
	roc, err := tranche.NewReturnOfCapital(tranche.ReturnOfCapital{Name: "jv/capital", Parties: inv})
	require.NoError(t, err)
	pref, err := tranche.NewPreferredReturn(tranche.PreferredReturn{
		Name:    "jv/pref",
		Rate:    contract.Rate{Annual: dec("0.08"), Compounding: contract.Annual},
		Parties: inv,
	})
	require.NoError(t, err)
	split, err := tranche.NewSplit(tranche.Split{
		Name: "jv/promote",
		Shares: []tranche.Share{
			{Parties: []tranche.PartyID{"FUND"}, Weight: dec("0.7")},
			{Parties: []tranche.PartyID{"OPCO"}, Weight: dec("0.3"), Promote: true},
		},
	})
	require.NoError(t, err)
	return &waterfall.Deal{
		Name: "JV", Currency: "USD", Scale: 2,
		Parties: []waterfall.Party{
			{ID: "FUND", Commitment: dec("90000000"), Deal: fund},
			{ID: "OPCO", Role: waterfall.RoleSponsor, Commitment: dec("10000000")},
		},
		Periods: yearly(t, 2020, 2025),
		Calls:   []waterfall.Call{{Date: contract.Date(2021, 12, 31), Amount: dec("100000000")}},
		Proceeds: []contract.Flow{
			{Date: contract.Date(2023, 6, 30), Amount: dec("20000000")},
			{Date: contract.Date(2025, 12, 31), Amount: dec("150000000.01")},
		},
		Stack: tranche.Sequence(roc, pref, split),
	}
}

// TestNested_MatchesSeparateRun runs JV → fund → LPs in one Run and checks
// the fund's result against a second, separate run of the fund's stack
// over the JV's payments to the fund and the JV's calls on it.
func TestNested_MatchesSeparateRun(t *testing.T) {
	fund := peFund(t)
	res, err := waterfall.Run(jv(t, fund))
	require.NoError(t, err)
	nested, ok := res.Nested["FUND"]
	require.True(t, ok)
	_, ok = res.Nested["OPCO"]
	require.False(t, ok)

	separate := *fund
	for _, p := range res.Payments.All() {
		if p.Party == "FUND" {
			separate.Proceeds = append(separate.Proceeds, contract.Flow{Date: p.Date, Amount: p.Amount})
		}
	}
	for _, c := range res.Contributions.All() {
		if c.Party == "FUND" {
			separate.Calls = append(separate.Calls, waterfall.Call{Date: c.Date, Amount: c.Amount})
		}
	}
	want, err := waterfall.Run(&separate)
	require.NoError(t, err)
	if diff := cmp.Diff(want.Parties(), nested.Parties()); diff != "" {
		t.Errorf("fund totals (-separate +nested):\n%s", diff)
	}
	if diff := cmp.Diff(slices.Collect(want.Payments.Values()), slices.Collect(nested.Payments.Values())); diff != "" {
		t.Errorf("fund ledger (-separate +nested):\n%s", diff)
	}
	// What the JV paid the fund is what the fund's parties got, to the
	// cent, and what the JV called from the fund the LPs put in.
	fundInJV, _ := res.Party("FUND")
	total, contributed := dec("0"), dec("0")
	for _, p := range nested.Parties() {
		total = total.Add(p.Distributed)
		contributed = contributed.Add(p.Contributed)
	}
	require.True(t, total.Equal(fundInJV.Distributed), "fund paid out %s of %s", total, fundInJV.Distributed)
	require.True(t, contributed.Equal(fundInJV.Contributed))
	require.Equal(t, "90000000", contributed.String())
	require.True(t, nested.Retained().IsZero())
}

// TestNested_ThreeLevels feeds LP-B of the fund into a feeder of its own.
func TestNested_ThreeLevels(t *testing.T) {
	fund := peFund(t)
	split, err := tranche.NewSplit(tranche.Split{
		Name:   "feeder/split",
		Shares: []tranche.Share{{Parties: []tranche.PartyID{"X", "Y"}, Weight: dec("1")}},
	})
	require.NoError(t, err)
	feeder := &waterfall.Deal{Name: "Feeder", Currency: "USD", Scale: 2, Periods: yearly(t, 2020, 2025),
		Parties: []waterfall.Party{{ID: "X", Commitment: dec("2")}, {ID: "Y", Commitment: dec("1")}}, Stack: split}
	fund.Parties[1].Deal = feeder
	res, err := waterfall.Run(jv(t, fund))
	require.NoError(t, err)
	f := res.Nested["FUND"].Nested["LP-B"]
	require.NotNil(t, f)
	lpB, _ := res.Nested["FUND"].Party("LP-B")
	x, _ := f.Party("X")
	y, _ := f.Party("Y")
	require.True(t, x.Distributed.Add(y.Distributed).Equal(lpB.Distributed))
	require.Equal(t, "24000000", x.Contributed.String()) // 2/3 of LP-B's 36M
}

func TestNested_Errors(t *testing.T) {
	t.Run("cycle", func(t *testing.T) {
		fund := peFund(t)
		j := jv(t, fund)
		fund.Parties[0].Deal = j
		err := j.Validate()
		require.ErrorIs(t, err, contract.ErrInvalid)
		// The cycle is reported at the party that closes it.
		requirePaths(t, err, "parties[0].deal.parties[0].deal")
		require.ErrorContains(t, err, `deals nest in a cycle: "JV" → "PE Fund" → "JV"`)
		_, err = waterfall.Run(j)
		require.Error(t, err)
	})
	t.Run("self", func(t *testing.T) {
		j := jv(t, nil)
		j.Parties[0].Deal = j
		requirePaths(t, j.Validate(), "parties[0].deal")
	})
	t.Run("nested deal invalid", func(t *testing.T) {
		fund := peFund(t)
		fund.Currency = ""
		requirePaths(t, jv(t, fund).Validate(), "parties[0].deal.currency")
	})
	t.Run("schedule too short", func(t *testing.T) {
		fund := peFund(t)
		fund.Periods = yearly(t, 2020, 2024)
		_, err := waterfall.Run(jv(t, fund))
		require.ErrorIs(t, err, contract.ErrRange)
		requirePaths(t, err, "parties[0].deal")
		require.ErrorContains(t, err, "outside its schedule (2020-12-31, 2024-12-31]")
	})
}

// TestRun_NestedConcurrent runs one nested deal from many goroutines (run
// with -race): Run changes neither deal, and every run gives the same
// ledger.
func TestRun_NestedConcurrent(t *testing.T) {
	nestedDeal := jv(t, peFund(t))
	want, err := waterfall.Run(nestedDeal)
	require.NoError(t, err)
	errs := make(chan error, 8)
	for range 8 {
		go func() {
			r, err := waterfall.Run(nestedDeal)
			if err == nil && !cmp.Equal(slices.Collect(want.Nested["FUND"].Payments.Values()), slices.Collect(r.Nested["FUND"].Payments.Values())) {
				err = errors.New("nested ledger differs")
			}
			errs <- err
		}()
	}
	for range 8 {
		require.NoError(t, <-errs)
	}
}
