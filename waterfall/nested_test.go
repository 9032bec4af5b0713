package waterfall_test

import (
	"errors"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/jvwaterfall/jvwaterfall/contract"
	"github.com/jvwaterfall/jvwaterfall/tranche"
	"github.com/jvwaterfall/jvwaterfall/waterfall"
	"github.com/shopspring/decimal"
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

// transfer moves up to amount each period from one party to another,
// paid out of the deal's cash: a payment From a party.
type transfer struct {
	from, to tranche.PartyID
	amount   decimal.Decimal
}

func (x transfer) ID() tranche.TrancheID { return "transfer" }
func (x transfer) Owed(*tranche.Book) (tranche.Claim, error) {
	return tranche.Claim{Amount: x.amount}, nil
}
func (x transfer) Pay(b *tranche.Book, avail decimal.Decimal) (decimal.Decimal, error) {
	paid := decimal.Min(avail, x.amount)
	if paid.IsZero() {
		return paid, nil
	}
	return paid, b.Post(tranche.Payment{Tranche: "transfer", Party: x.to, From: x.from, Kind: tranche.KindEscrow, Amount: paid, Before: x.amount, After: x.amount.Sub(paid)})
}

// holderDeal is a deal (2025, 2026) whose party HOLD is itself a deal,
// sub, over the years 2025 to last (LP, commitment 1, takes all its
// cash). In the holder, the stack first moves up to 10.01 From HOLD to LP
// and then pays HOLD the rest.
func holderDeal(t *testing.T, last int) (top, sub *waterfall.Deal) {
	t.Helper()
	sub = &waterfall.Deal{Name: "sub", Currency: "USD", Scale: 2, Parties: []waterfall.Party{{ID: "LP", Commitment: dec("1")}},
		Periods: yearly(t, 2024, last), Stack: takeAll(t)}
	split, err := tranche.NewSplit(tranche.Split{Name: "hold", Shares: []tranche.Share{{Parties: []tranche.PartyID{"HOLD"}, Weight: dec("1")}}})
	require.NoError(t, err)
	top = &waterfall.Deal{Name: "top", Currency: "USD", Scale: 2,
		Parties: []waterfall.Party{{ID: "LP", Commitment: dec("1000")}, {ID: "HOLD", Commitment: dec("1000"), Deal: sub}},
		Periods: yearly(t, 2024, 2026),
		Stack:   tranche.Sequence(transfer{from: "HOLD", to: "LP", amount: dec("10.01")}, split)}
	return top, sub
}

// TestNested_CostsAndCalls: what the holding party pays out is a cost of
// its deal, what it puts in a call on it, in a run with the ledger, a
// totals-only run, and RunNested over a Result made by Tally. The holder
// has 100.00 of proceeds in 2025, and HOLD puts in 50.00. By hand: HOLD
// pays 10.01 to LP and receives 100.00 − 10.01 = 89.99; so the nested
// deal has proceeds 89.99, costs 10.01, available 79.98, all paid to its
// LP, who is called for 50.00.
func TestNested_CostsAndCalls(t *testing.T) {
	end := contract.Date(2025, 12, 31)
	check := func(t *testing.T, res *waterfall.Result) {
		t.Helper()
		n := res.Nested["HOLD"]
		require.NotNil(t, n)
		p := n.Periods[0]
		got := []string{p.Proceeds.String(), p.Costs.String(), p.Available.String(), p.Contributed.String()}
		require.Equal(t, []string{"89.99", "10.01", "79.98", "50"}, got)
		lp, _ := n.Party("LP")
		require.Equal(t, []string{"79.98", "50"}, []string{lp.Distributed.String(), lp.Contributed.String()})
	}
	top, _ := holderDeal(t, 2026)
	top.Proceeds = []contract.Flow{{Date: end, Amount: dec("100.00")}}
	top.Contributions = []waterfall.Contribution{{Date: end, Party: "HOLD", Amount: dec("50.00")}}
	for _, opts := range []waterfall.RunOptions{{}, {TotalsOnly: true}} {
		res, err := waterfall.RunWith(top, opts)
		require.NoError(t, err)
		check(t, res)
	}
	tally, err := waterfall.Tally(top, nil,
		[]tranche.Contribution{{Date: end, Party: "HOLD", Amount: dec("50.00")}},
		[]tranche.Payment{
			{Date: end, Tranche: "transfer", Party: "LP", From: "HOLD", Kind: tranche.KindEscrow, Amount: dec("10.01")},
			{Date: end, Tranche: "hold", Party: "HOLD", Kind: tranche.KindProfit, Amount: dec("89.99")},
		}, nil)
	require.NoError(t, err)
	require.NoError(t, waterfall.RunNested(tally, top.Parties))
	check(t, tally)
}

// TestNested_CashOutsideItsSchedule: a payment From the holding party or
// a contribution it makes on a date after its deal's schedule is an
// error naming the deal and the cash.
func TestNested_CashOutsideItsSchedule(t *testing.T) {
	t.Run("payment", func(t *testing.T) {
		// 10.00 of proceeds in 2026, all moved From HOLD to LP: HOLD
		// receives nothing and pays 10.00, after its deal's 2025.
		top, _ := holderDeal(t, 2025)
		top.Proceeds = []contract.Flow{{Date: contract.Date(2026, 12, 31), Amount: dec("10.00")}}
		_, err := waterfall.Run(top)
		require.ErrorIs(t, err, contract.ErrRange)
		require.Equal(t, []string{"parties[1].deal"}, errPaths(err))
		require.ErrorContains(t, err, "a payment of 10.00 on 2026-12-31, outside its schedule (2024-12-31, 2025-12-31]")
	})
	t.Run("call", func(t *testing.T) {
		// HOLD puts in 50.00 in 2025, inside, and 5.00 in 2026, outside.
		top, _ := holderDeal(t, 2025)
		top.Contributions = []waterfall.Contribution{{Date: contract.Date(2025, 12, 31), Party: "HOLD", Amount: dec("50.00")},
			{Date: contract.Date(2026, 12, 31), Party: "HOLD", Amount: dec("5.00")}}
		_, err := waterfall.Run(top)
		require.ErrorIs(t, err, contract.ErrRange)
		require.Equal(t, []string{"parties[1].deal"}, errPaths(err))
		require.ErrorContains(t, err, "a capital call of 5.00 on 2026-12-31")
	})
}

// TestNested_FailingStack: a nested deal whose stack fails fails the
// holder's run, with the period and the path of the party holding it.
func TestNested_FailingStack(t *testing.T) {
	top, sub := holderDeal(t, 2026)
	sub.Stack = breaking{"pay"}
	top.Proceeds = []contract.Flow{{Date: contract.Date(2025, 12, 31), Amount: dec("100.00")}}
	for _, opts := range []waterfall.RunOptions{{}, {TotalsOnly: true}} {
		res, err := waterfall.RunWith(top, opts)
		require.ErrorIs(t, err, errBoom)
		require.Nil(t, res)
		require.Equal(t, []string{"parties[1].deal"}, errPaths(err))
		var pe *waterfall.PeriodError
		require.ErrorAs(t, err, &pe)
		require.Equal(t, 0, pe.Period)
	}
}
