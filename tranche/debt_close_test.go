package tranche

import (
	"testing"

	"github.com/jvwaterfall/jvwaterfall/contract"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"
)

// TestDebt_ClosePeriodInTrial: a loan paid in the period is closed where
// the book keeps its state only when no trial is open. Closed in a trial
// and undone, it is open again, its interest still due; closed outside
// one, it is in arrears for good. The quarter's interest on 100,000 at
// 12% on 30/360 is 100,000 × 0.12 / 4 = 3,000.00; 1,000.00 paid leaves
// 2,000.00.
func TestDebt_ClosePeriodInTrial(t *testing.T) {
	ps := quarters(4)
	l := contract.Loan{
		Commitment: decimal.NewFromInt(100000),
		Draws:      []contract.Flow{{Date: ps[0].End, Amount: decimal.NewFromInt(100000)}},
		Rate:       contract.Rate{Annual: decimal.RequireFromString("0.12"), DayCount: contract.Thirty360US},
		Maturity:   ps[3].End,
	}
	plan, err := l.Plan(ps, 2)
	require.NoError(t, err)
	debt := &Debt{Name: "senior", Lender: "bank", Plan: plan}
	b, err := NewBook(2, []Party{{ID: "bank"}})
	require.NoError(t, err)
	require.NoError(t, b.Advance(ps[0]))
	require.NoError(t, ClosePeriod(b, debt))
	require.NoError(t, b.Advance(ps[1]))
	_, err = debt.Pay(b, decimal.NewFromInt(1000))
	require.NoError(t, err)
	open := func() {
		t.Helper()
		st, err := debt.State(b)
		require.NoError(t, err)
		require.False(t, st.Closed)
		require.False(t, st.Default)
		require.Equal(t, "2000.00", st.InterestDue.StringFixed(2))
	}
	open()
	m := b.begin()
	require.NoError(t, debt.ClosePeriod(b))
	st, err := debt.State(b)
	require.NoError(t, err)
	require.True(t, st.Closed, "closed in the trial")
	b.undo(m)
	open()
	require.Empty(t, b.Events())
	require.NoError(t, debt.ClosePeriod(b))
	st, err = debt.State(b)
	require.NoError(t, err)
	require.True(t, st.Closed)
	require.True(t, st.Default)
	require.Len(t, b.Events(), 1)
	require.Equal(t, "unpaid: fees 0.00, interest 2000.00, principal 0.00", b.Events()[0].Detail)
	require.NoError(t, debt.ClosePeriod(b), "closed twice")
	require.Len(t, b.Events(), 1, "closed twice")
}

// TestDebt_ClosePeriodChecksThePlan: a loan whose state the book holds at
// the current period is still checked when it closes: a tranche of the
// same name whose plan is at another scale than the book fails, as it
// does when it opens the period.
func TestDebt_ClosePeriodChecksThePlan(t *testing.T) {
	ps := quarters(4)
	l := contract.Loan{
		Commitment: decimal.NewFromInt(100000),
		Draws:      []contract.Flow{{Date: ps[0].End, Amount: decimal.NewFromInt(100000)}},
		Rate:       contract.Rate{Annual: decimal.RequireFromString("0.12"), DayCount: contract.Thirty360US},
		Maturity:   ps[3].End,
	}
	plan, err := l.Plan(ps, 2)
	require.NoError(t, err)
	whole, err := l.Plan(ps, 0)
	require.NoError(t, err)
	debt := &Debt{Name: "senior", Lender: "bank", Plan: plan}
	other := &Debt{Name: "senior", Lender: "bank", Plan: whole}
	b, err := NewBook(2, []Party{{ID: "bank"}})
	require.NoError(t, err)
	require.NoError(t, b.Advance(ps[0]))
	_, err = debt.Pay(b, decimal.NewFromInt(1000))
	require.NoError(t, err)
	require.ErrorIs(t, other.ClosePeriod(b), contract.ErrInvalid)
	st, err := debt.State(b)
	require.NoError(t, err)
	require.False(t, st.Closed, "left open")
}
