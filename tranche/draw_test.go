package tranche_test

import (
	"testing"

	"github.com/jvwaterfall/jvwaterfall/contract"
	"github.com/jvwaterfall/jvwaterfall/tranche"
	"github.com/stretchr/testify/require"
)

// TestDrawers_OnceEach: a loan reached twice in a stack (the same tranche
// in two places) is one drawer, listed the first time; a nil stack has
// none.
func TestDrawers_OnceEach(t *testing.T) {
	loan := exampleLoan(annualPeriods(3))
	ds := tranche.Drawers(tranche.Sequence(loan, tranche.ProRata(loan)))
	require.Len(t, ds, 1)
	require.Equal(t, tranche.TrancheID("senior"), ds[0].ID())
	require.Empty(t, tranche.Drawers(nil))
}

// TestBookDraws_Errors: BookDraws fails, with the tranche's name, when a
// loan cannot say what it draws (a debt with no plan), when the lender is
// not in the book, and when the book's period is not the plan's (the
// plan is laid over calendar years from 2024; a book period with the
// same index 0 but ending 2025-06-30 is not its period 0).
func TestBookDraws_Errors(t *testing.T) {
	ps := annualPeriods(3)
	loan := exampleLoan(ps)

	b, err := tranche.NewBook(2, []tranche.Party{{ID: "bank"}})
	require.NoError(t, err)
	require.NoError(t, b.Advance(ps[0]))
	_, err = tranche.BookDraws(b, []tranche.Drawer{&tranche.Debt{Name: "bare", Lender: "bank"}})
	require.ErrorIs(t, err, contract.ErrRequired)
	require.Contains(t, err.Error(), `tranche "bare"`)

	stranger, err := tranche.NewBook(2, []tranche.Party{{ID: "LP"}})
	require.NoError(t, err)
	require.NoError(t, stranger.Advance(ps[0]))
	sum, err := tranche.BookDraws(stranger, []tranche.Drawer{loan})
	require.ErrorIs(t, err, tranche.ErrUnknownParty)
	require.Contains(t, err.Error(), `draw by "bank"`)
	require.True(t, sum.IsZero(), "nothing booked: %s", sum)

	shifted, err := tranche.NewBook(2, []tranche.Party{{ID: "bank"}})
	require.NoError(t, err)
	require.NoError(t, shifted.Advance(contract.Period{Index: 0, Start: ps[0].Start, End: contract.Date(2025, 6, 30)}))
	_, err = tranche.BookDraws(shifted, []tranche.Drawer{loan})
	require.ErrorIs(t, err, contract.ErrInvalid)
	require.Contains(t, err.Error(), "is not in the loan plan")
}
