package waterfall_test

import (
	"slices"
	"testing"

	"github.com/jvwaterfall/jvwaterfall/contract"
	"github.com/jvwaterfall/jvwaterfall/tranche"
	"github.com/jvwaterfall/jvwaterfall/waterfall"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestResult_Loan: the loan's end position is the same in a full and a
// totals-only run and agrees with the ledger (1,000 lent less the
// principal paid to the bank); a loan the run did not step, a nil loan or
// result and a Result made by Tally are errors, never a panic.
func TestResult_Loan(t *testing.T) {
	deal, debt, err := shortfall()
	require.NoError(t, err)
	full, err := waterfall.Run(deal)
	require.NoError(t, err)
	totals, err := waterfall.RunWith(deal, waterfall.RunOptions{TotalsOnly: true})
	require.NoError(t, err)

	repaid := decimal.Zero
	for p := range full.Payments.Values() {
		if p.Tranche == "senior" && p.Kind == tranche.KindPrincipal {
			repaid = repaid.Add(p.Amount)
		}
	}
	for _, res := range []*waterfall.Result{full, totals} {
		st, err := res.Loan(debt)
		require.NoError(t, err)
		assert.Equal(t, decimal.NewFromInt(1000).Sub(repaid).String(), st.Outstanding().String())
		assert.True(t, st.Default)
	}

	other, _, err := shortfall() // the same terms, another tranche value: not stepped by full's run
	require.NoError(t, err)
	_, err = full.Loan(other.Stack.(tranche.Parent).Children()[0].(*tranche.Debt))
	require.NoError(t, err, "a loan of the same name is the run's loan: its state is found by its ID")

	unknown, err := tranche.NewDebt(tranche.Debt{Name: "junior", Lender: "Bank", Plan: debt.Plan})
	require.NoError(t, err)
	_, err = full.Loan(unknown)
	require.ErrorIs(t, err, waterfall.ErrNotInRun)
	assert.Equal(t, `loan "junior": not stepped by this run`, err.Error())

	_, err = full.Loan(nil)
	require.ErrorIs(t, err, contract.ErrRequired)
	var none *waterfall.Result
	_, err = none.Loan(debt)
	require.ErrorIs(t, err, contract.ErrRequired)

	tallied, err := waterfall.Tally(deal, full.Periods, slices.Collect(full.Contributions.Values()), slices.Collect(full.Payments.Values()), full.Events)
	require.NoError(t, err)
	_, err = tallied.Loan(debt)
	require.ErrorIs(t, err, waterfall.ErrNotInRun)
}

// TestResult_Movements: a run's movements (from its book) equal those a
// Result made by Tally adds up from the same contributions and payments
// (a second path, from the ledger), for every party; an unknown party or
// a nil Result has none.
func TestResult_Movements(t *testing.T) {
	deal, _, err := shortfall()
	require.NoError(t, err)
	res, err := waterfall.Run(deal)
	require.NoError(t, err)
	tallied, err := waterfall.Tally(deal, res.Periods, slices.Collect(res.Contributions.Values()), slices.Collect(res.Payments.Values()), res.Events)
	require.NoError(t, err)
	for _, id := range []tranche.PartyID{"Bank", "LP"} {
		want, got := tallied.Movements(id), res.Movements(id)
		require.Equal(t, len(want), len(got), id)
		for i := range want {
			assert.True(t, want[i].Date.Equal(got[i].Date))
			for _, pair := range [][2]string{
				{want[i].In.String(), got[i].In.String()}, {want[i].Out.String(), got[i].Out.String()},
				{want[i].Capital.String(), got[i].Capital.String()}, {want[i].PaidOut.String(), got[i].PaidOut.String()},
			} {
				assert.Equal(t, pair[0], pair[1], "%s %s", id, want[i].Date)
			}
		}
	}
	assert.Nil(t, res.Movements("nobody"))
	var none *waterfall.Result
	assert.Nil(t, none.Movements("LP"))
}
