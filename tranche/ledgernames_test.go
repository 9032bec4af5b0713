package tranche

import (
	"testing"

	"github.com/jvwaterfall/jvwaterfall/contract"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"
)

// TestLedger_FromNames: payments From the book's parties and From names
// it does not hold read back with the right names, in a book and in its
// clone, and a name one adds is not the other's; the book's parties are
// left as they were.
func TestLedger_FromNames(t *testing.T) {
	b, err := NewBook(2, []Party{{ID: "A", Commitment: decimal.NewFromInt(1)}, {ID: "B", Commitment: decimal.NewFromInt(1)}})
	require.NoError(t, err)
	require.NoError(t, b.Advance(contract.Period{Index: 0, Start: contract.Date(2020, 1, 1), End: contract.Date(2021, 1, 1)}))
	pay := func(b *Book, to, from PartyID) {
		require.NoError(t, b.Post(Payment{Tranche: "t", Party: to, From: from, Kind: KindEscrow, Amount: decimal.New(1, -2)}))
	}
	pay(b, "A", "X")
	pay(b, "B", "A")
	pay(b, "A", "")
	c := b.Clone()
	pay(b, "B", "Y")
	pay(c, "A", "Z")
	pay(c, "B", "X")
	from := func(b *Book) []PartyID {
		var out []PartyID
		l := b.Ledger()
		for i := range l.Len() {
			out = append(out, l.At(i).From)
		}
		return out
	}
	require.Equal(t, []PartyID{"X", "A", "", "Y"}, from(b))
	require.Equal(t, []PartyID{"X", "A", "", "Z", "X"}, from(c))
	require.Equal(t, []PartyID{"A", "B"}, b.Parties())
	require.Equal(t, []PartyID{"A", "B"}, c.Parties())
	a, err := b.Account("A")
	require.NoError(t, err)
	require.Equal(t, "0.01", a.PaidOut.String(), "a payment From a party of the book is its paid out")
}
