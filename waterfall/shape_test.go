package waterfall_test

import (
	"context"
	"testing"

	"github.com/jvwaterfall/jvwaterfall/contract"
	"github.com/jvwaterfall/jvwaterfall/fund"
	"github.com/jvwaterfall/jvwaterfall/report"
	"github.com/jvwaterfall/jvwaterfall/scenario"
	"github.com/jvwaterfall/jvwaterfall/spec"
	"github.com/jvwaterfall/jvwaterfall/tranche"
	"github.com/jvwaterfall/jvwaterfall/waterfall"
	"github.com/stretchr/testify/require"
)

// selfHolding is a sequence literal among its own tranches: its ID, and
// any walk of it that does not count, have no end.
func selfHolding() tranche.Tranche {
	s := &tranche.Sequential{}
	s.Tranches = []tranche.Tranche{&tranche.ReturnOfCapital{Name: "capital", Parties: []tranche.PartyID{"LP1"}}, s}
	return s
}

// TestMisuse_StackHoldsItself: a deal or fund whose stack holds itself, a
// misuse only Go code can make, gets an error matching contract.ErrRange
// from every entry point that takes one, never a stack overflow (which no
// recover can catch, and which would end a server).
func TestMisuse_StackHoldsItself(t *testing.T) {
	d := validDeal(t)
	d.Stack = selfHolding()
	check := func(name string, err error) {
		t.Helper()
		require.ErrorIs(t, err, contract.ErrRange, name)
		require.ErrorContains(t, err, "hold itself", name)
	}
	check("Validate", d.Validate())
	_, err := waterfall.Run(d)
	check("Run", err)
	_, err = waterfall.NewStepper(d)
	check("NewStepper", err)
	_, err = scenario.RunMany(context.Background(), []*waterfall.Deal{d}, scenario.RunManyOptions{})
	check("RunMany", err)
	_, err = spec.MarshalDeal(d)
	check("MarshalDeal", err)

	ok, err := waterfall.Run(validDeal(t))
	require.NoError(t, err)
	_, err = scenario.Measure(ok, d, nil)
	check("Measure", err)
	_, err = report.Hurdles(ok, d.Stack)
	check("Hurdles", err)

	f := &fund.Fund{
		Name: "f", Currency: "USD", Scale: 2, Parties: d.Parties, Periods: d.Periods,
		Investments: []fund.Investment{{Name: "a", Proceeds: d.Proceeds, Stack: selfHolding()}},
		Stack:       selfHolding(),
		Terms:       fund.Terms{Sponsor: "GP", Investors: []tranche.PartyID{"LP1", "LP2"}},
	}
	check("fund.Validate", f.Validate())
	_, err = fund.Run(f)
	check("fund.Run", err)
	_, err = spec.MarshalFund(f)
	check("MarshalFund", err)
}

// TestNewStepper_NilTranche: a nil tranche inside the stack is the error
// Run gives, from NewStepper, not a panic at the first period with cash.
func TestNewStepper_NilTranche(t *testing.T) {
	d := validDeal(t)
	d.Stack = tranche.Sequence(d.Stack, nil)
	_, err := waterfall.Run(d)
	require.ErrorIs(t, err, contract.ErrRequired)
	s, err := waterfall.NewStepper(d)
	require.ErrorIs(t, err, contract.ErrRequired)
	require.ErrorContains(t, err, "stack")
	require.Nil(t, s)
}

// TestResult_DealChangedAfter: a Result does not change when its deal
// does. Renaming a party or changing its ID after the run left the
// Result naming the new party, and its report refused its own payments.
func TestResult_DealChangedAfter(t *testing.T) {
	d := validDeal(t)
	res, err := waterfall.Run(d)
	require.NoError(t, err)
	before, err := report.NewDocument(res, report.ByPeriod, nil)
	require.NoError(t, err)
	d.Parties[0].Name, d.Parties[0].ID, d.Parties[0].Role = "CHANGED", "ZZ", waterfall.RoleLender
	got := res.Parties()[0]
	require.Equal(t, tranche.PartyID("LP1"), got.Party)
	require.Equal(t, "LP1", got.Name)
	require.Equal(t, waterfall.RoleInvestor, got.Role)
	after, err := report.NewDocument(res, report.ByPeriod, nil)
	require.NoError(t, err)
	require.Equal(t, before.Summaries, after.Summaries)
}
