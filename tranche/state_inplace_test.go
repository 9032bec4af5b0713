package tranche

import (
	"testing"

	"github.com/jvwaterfall/jvwaterfall/contract"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"
)

// inPlaceLoan is 100,000 at 12% on 30/360, drawn at the end of 2024 and
// repaid at the end of 2027: 12,000 of interest due in each of 2025–2027.
// It returns the loan and a book at scale 2 in 2025, the loan's state
// stored by a first, closed period.
func inPlaceLoan(t *testing.T) (*Debt, *Book, []contract.Period) {
	t.Helper()
	ps, err := contract.Schedule{Start: contract.Date(2024, 1, 1), End: contract.Date(2028, 1, 1), Frequency: contract.EveryYear}.Periods()
	require.NoError(t, err)
	l := contract.Loan{
		Commitment: decimal.NewFromInt(100000),
		Draws:      []contract.Flow{{Date: ps[0].End, Amount: decimal.NewFromInt(100000)}},
		Rate:       contract.Rate{Annual: decimal.RequireFromString("0.12"), DayCount: contract.Thirty360US},
		Maturity:   ps[3].End,
	}
	plan, err := l.Plan(ps, 2)
	require.NoError(t, err)
	debt, err := NewDebt(Debt{Name: "senior", Lender: "bank", Plan: plan})
	require.NoError(t, err)
	b, err := NewBook(2, []Party{{ID: "bank"}})
	require.NoError(t, err)
	require.NoError(t, b.Advance(ps[0]))
	require.NoError(t, debt.ClosePeriod(b))
	require.NoError(t, b.Advance(ps[1]))
	return debt, b, ps
}

// interestDue is the loan's interest due in b, as text.
func interestDue(t *testing.T, debt *Debt, b *Book) string {
	t.Helper()
	st, err := debt.State(b)
	require.NoError(t, err)
	return st.InterestDue.StringFixed(2)
}

// TestDebt_InPlaceClone: the loan's state is changed in place outside
// trials, so a clone of the book must hold its own: paying on one book
// leaves the other's interest due as it was.
func TestDebt_InPlaceClone(t *testing.T) {
	debt, b, _ := inPlaceLoan(t)
	_, err := debt.Pay(b, decimal.NewFromInt(1000)) // opens 2025 and stores it
	require.NoError(t, err)
	c := b.Clone()
	_, err = debt.Pay(c, decimal.NewFromInt(5000))
	require.NoError(t, err)
	require.Equal(t, "11000.00", interestDue(t, debt, b))
	require.Equal(t, "6000.00", interestDue(t, debt, c))
	_, err = debt.Pay(b, decimal.NewFromInt(2000))
	require.NoError(t, err)
	require.Equal(t, "9000.00", interestDue(t, debt, b))
	require.Equal(t, "6000.00", interestDue(t, debt, c))
	c2 := c.Clone()
	require.NoError(t, debt.ClosePeriod(c2))
	st, err := debt.State(c)
	require.NoError(t, err)
	require.False(t, st.Closed, "closing the clone closed the book it came from")
}

// TestDebt_InPlaceTrial: in a trial the loan stores a new state, so that
// undoing the trial puts back the one it replaced, unchanged; outside a
// trial it writes over the stored state.
func TestDebt_InPlaceTrial(t *testing.T) {
	debt, b, _ := inPlaceLoan(t)
	_, err := debt.Pay(b, decimal.NewFromInt(1000))
	require.NoError(t, err)
	before := b.State("senior").(*DebtState)
	m := b.begin()
	paid, err := debt.Pay(b, decimal.NewFromInt(5000))
	require.NoError(t, err)
	require.Equal(t, "5000", paid.String())
	require.Equal(t, "6000.00", interestDue(t, debt, b))
	require.NotSame(t, before, b.State("senior"), "a trial wrote over the stored state")
	require.NoError(t, debt.ClosePeriod(b))
	b.undo(m)
	require.Same(t, before, b.State("senior"))
	require.Equal(t, "11000.00", interestDue(t, debt, b))
	st, err := debt.State(b)
	require.NoError(t, err)
	require.False(t, st.Closed)
	_, err = debt.Pay(b, decimal.NewFromInt(2000))
	require.NoError(t, err)
	require.Same(t, before, b.State("senior"), "outside a trial, the state is written in place")
	require.Equal(t, "9000.00", interestDue(t, debt, b))
}

// TestDebt_ReadsDoNotStore: reading a loan whose stored state is behind
// the book's period brings a copy forward and stores nothing.
func TestDebt_ReadsDoNotStore(t *testing.T) {
	debt, b, ps := inPlaceLoan(t)
	before := *b.State("senior").(*DebtState)
	out, err := debt.Outstanding(b)
	require.NoError(t, err)
	require.Equal(t, "100000.00", out.StringFixed(2))
	c, err := debt.Owed(b)
	require.NoError(t, err)
	require.Equal(t, "12000.00", c.Amount.StringFixed(2))
	require.Equal(t, before, *b.State("senior").(*DebtState))
	require.Equal(t, ps[0].Index, b.State("senior").(*DebtState).Period)
}

// TestCovenant_InPlace: a covenant's state, written in place once a
// period, stays apart across Book.Clone, and a trial that tests a new
// period stores a new state, undone back to the one it replaced.
func TestCovenant_InPlace(t *testing.T) {
	debt, b, ps := inPlaceLoan(t)
	roc, err := NewReturnOfCapital(ReturnOfCapital{Name: "roc", Parties: []PartyID{"bank"}})
	require.NoError(t, err)
	cov, err := NewCovenant(Covenant{Name: "dscr", Loan: debt, Junior: roc, MinDSCR: decimal.RequireFromString("1.2"), Action: TrapCash})
	require.NoError(t, err)
	require.NoError(t, cov.ClosePeriod(b)) // 2025 tested and stored
	stored := b.State("dscr").(*CovenantState)
	require.Equal(t, 1, stored.Period)

	c := b.Clone()
	require.NoError(t, c.Advance(ps[2]))
	require.NoError(t, cov.ClosePeriod(c))
	require.Equal(t, 2, c.State("dscr").(*CovenantState).Period)
	require.Equal(t, 1, stored.Period, "testing the clone's 2026 changed the book's state")

	require.NoError(t, b.Advance(ps[2]))
	m := b.begin()
	_, err = cov.Pay(b, decimal.Zero)
	require.NoError(t, err)
	require.Equal(t, 2, b.State("dscr").(*CovenantState).Period)
	b.undo(m)
	require.Same(t, stored, b.State("dscr"))
	require.Equal(t, 1, stored.Period, "a trial wrote over the stored state")
	require.NoError(t, cov.ClosePeriod(b))
	require.Same(t, stored, b.State("dscr"), "outside a trial, the state is written in place")
	require.Equal(t, 2, stored.Period)
}

// TestInPlace_NilStored: a nil *DebtState or *CovenantState stored under
// a tranche's ID (by SetState; the package never stores one) is read as
// no state yet, and replaced, not written through.
func TestInPlace_NilStored(t *testing.T) {
	debt, b, _ := inPlaceLoan(t)
	roc, err := NewReturnOfCapital(ReturnOfCapital{Name: "roc", Parties: []PartyID{"bank"}})
	require.NoError(t, err)
	cov, err := NewCovenant(Covenant{Name: "dscr", Loan: debt, Junior: roc, MinDSCR: decimal.RequireFromString("1.2"), Action: TrapCash})
	require.NoError(t, err)
	b.SetState("dscr", (*CovenantState)(nil))
	require.NoError(t, cov.ClosePeriod(b))
	require.Equal(t, 1, b.State("dscr").(*CovenantState).Period)
	b.SetState("senior", (*DebtState)(nil))
	require.NoError(t, debt.ClosePeriod(b)) // from the first period again: 2024 and 2025 closed
	st, err := debt.State(b)
	require.NoError(t, err)
	require.Equal(t, 1, st.Period)
	require.True(t, st.Closed)
	require.NotNil(t, b.State("senior").(*DebtState))
	require.NotNil(t, b.Clone().State("senior").(*DebtState))
	b.SetState("senior", (*DebtState)(nil))
	b.SetState("dscr", (*CovenantState)(nil))
	c := b.Clone()
	require.Nil(t, c.State("senior").(*DebtState))
	require.Nil(t, c.State("dscr").(*CovenantState))
}
