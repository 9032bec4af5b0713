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

// TestBookDraws_Lent: a loan's draws are its lender's Lent, part of its
// Contributed, and not capital Invested; an equity contribution of the
// same lender is. A cloned book keeps them apart too, and an unknown
// party is an error of Invested. The loan draws 100,000 in its first
// year; the bank also puts in 250.00 of equity; the LP 1,000.00, of
// which 400.00 comes back as capital.
func TestBookDraws_Lent(t *testing.T) {
	ps := annualPeriods(3)
	b, err := tranche.NewBook(2, []tranche.Party{{ID: "bank"}, {ID: "LP"}})
	require.NoError(t, err)
	require.NoError(t, b.Advance(ps[0]))
	inv, err := b.Invested([]tranche.PartyID{"bank", "LP"})
	require.NoError(t, err)
	require.True(t, inv.IsZero(), "nothing yet: %s", inv)
	_, err = tranche.BookDraws(b, tranche.Drawers(exampleLoan(ps)))
	require.NoError(t, err)
	require.NoError(t, b.Contribute("bank", d("250")))
	require.NoError(t, b.Contribute("LP", d("1000")))
	roc, err := tranche.NewReturnOfCapital(tranche.ReturnOfCapital{Name: "equity", Parties: []tranche.PartyID{"LP"}})
	require.NoError(t, err)
	_, err = roc.Pay(b, d("400"))
	require.NoError(t, err)
	for _, book := range []*tranche.Book{b, b.Clone()} {
		bank, err := book.Account("bank")
		require.NoError(t, err)
		require.Equal(t, []string{"100250", "100000"}, []string{bank.Contributed.String(), bank.Lent.String()})
		lp, err := book.Account("LP")
		require.NoError(t, err)
		require.True(t, lp.Lent.IsZero(), "the LP lent nothing: %s", lp.Lent)
		for _, c := range []struct {
			ids  []tranche.PartyID
			want string
		}{{[]tranche.PartyID{"bank"}, "250"}, {[]tranche.PartyID{"LP"}, "600"}, {[]tranche.PartyID{"bank", "LP"}, "850"}, {nil, "0"}} {
			got, err := book.Invested(c.ids)
			require.NoError(t, err)
			require.Equal(t, c.want, got.String(), "%v", c.ids)
		}
	}
	_, err = b.Invested([]tranche.PartyID{"LP", "nobody"})
	require.ErrorIs(t, err, tranche.ErrUnknownParty)
	var none *tranche.Book
	_, err = none.Invested(nil)
	require.ErrorIs(t, err, contract.ErrRequired)
}
