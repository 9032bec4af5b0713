package waterfall_test

import (
	"errors"
	"testing"

	"github.com/jvwaterfall/jvwaterfall/tranche"
	"github.com/stretchr/testify/require"
)

// The figures come from the terms of the CAIA reference case (LP puts in
// 50, 8% simple pref for one year): the GP's first dollar comes only after
// the LP has its 50 of capital and 50 × 8% = 4 of pref, so the GP's
// breakpoint is 54 of distributable cash.
func TestResult_FirstPayment(t *testing.T) {
	cases := []struct {
		name, proceeds string
		party          tranche.PartyID
		paid           bool
		index          int
		lpBefore       string
		breakpoint     string
	}{
		{"GP paid after capital and pref", "100", "GP", true, 2, "54", "54"},
		{"LP paid first", "100", "LP", true, 0, "", "0"},
		{"GP never paid when proceeds stop short of the hurdle", "53.99", "GP", false, 2, "53.99", "53.99"},
		{"GP paid its first cent one cent past the breakpoint", "54.01", "GP", true, 2, "54", "54"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			res := oneYearFund(t, "50", c.proceeds, "0.08", "0.2", true)
			fp, err := res.FirstPayment(c.party)
			require.NoError(t, err)
			require.Equal(t, c.paid, fp.Paid)
			require.Equal(t, c.index, fp.Index)
			require.Truef(t, fp.Breakpoint.Equal(dec(c.breakpoint)), "breakpoint %s, want %s", fp.Breakpoint, c.breakpoint)
			if c.lpBefore != "" {
				require.Len(t, fp.Before, 1)
				require.Equal(t, tranche.PartyID("LP"), fp.Before[0].Party)
				require.Truef(t, fp.Before[0].Amount.Equal(dec(c.lpBefore)), "LP before %s, want %s", fp.Before[0].Amount, c.lpBefore)
			}
			// Second path: the breakpoint is the sum of the ledger ahead of
			// the first payment, and what others received adds up to it.
			sum := dec("0")
			for _, b := range fp.Before {
				sum = sum.Add(b.Amount)
			}
			require.True(t, sum.Equal(fp.Breakpoint))
		})
	}
	_, err := oneYearFund(t, "50", "100", "0.08", "0.2", true).FirstPayment("nobody")
	require.True(t, errors.Is(err, tranche.ErrUnknownParty))
}

// The GP's 10 of the CAIA case splits into a catch-up of 1 and carry of 9.
func TestResult_ByTranche(t *testing.T) {
	res := oneYearFund(t, "50", "100", "0.08", "0.2", true)
	got, err := res.ByTranche("GP")
	require.NoError(t, err)
	require.Len(t, got, 2)
	require.Equal(t, tranche.TrancheID("catch-up"), got[0].Tranche)
	require.True(t, got[0].Amount.Equal(dec("1")))
	require.Equal(t, tranche.TrancheID("carry"), got[1].Tranche)
	require.Equal(t, tranche.KindPromote, got[1].Kind)
	require.True(t, got[1].Amount.Equal(dec("9")))
}
