package tranche_test

import (
	"testing"

	"github.com/jvwaterfall/jvwaterfall/contract"
	"github.com/jvwaterfall/jvwaterfall/tranche"
	"github.com/stretchr/testify/require"
)

// TestBook_ScaleAndParties: scale 8 is the finest allowed; a book lists
// its parties in the order given, and a nil book none.
func TestBook_ScaleAndParties(t *testing.T) {
	b, err := tranche.NewBook(8, partiesOf("GP", "1", "LP", "9"))
	require.NoError(t, err)
	require.Equal(t, int32(8), b.Scale())
	require.Equal(t, []tranche.PartyID{"GP", "LP"}, b.Parties())
	require.Nil(t, (*tranche.Book)(nil).Parties())
}

// TestBook_CallCommitmentsOverflowInt64: commitments of 19, 10^-18 and
// 1 put over the smallest exponent are 19·10^18 (above 2^64), 1 and
// 10^18, so the call is shared the exact way. $20.00 is 2000 cents:
// 2000·19/(20 + 10^-18) = 1899.99999999999999905, 2000·10^-18/… ≈ 10^-16
// and 2000·1/(20 + 10^-18) = 99.999999999999999995; the 2 cents left go
// to the largest remainders, C's (0.999…995) and A's (0.999…905): A
// $19.00, B nothing, C $1.00.
func TestBook_CallCommitmentsOverflowInt64(t *testing.T) {
	b, err := tranche.NewBook(2, partiesOf("A", "19", "B", "0.000000000000000001", "C", "1"))
	require.NoError(t, err)
	require.NoError(t, b.Call(d("20.00"), []tranche.PartyID{"A", "B", "C"}))
	for id, want := range map[tranche.PartyID]string{"A": "19.00", "B": "0", "C": "1.00"} {
		a, err := b.Account(id)
		require.NoError(t, err)
		requireDec(t, want, a.Contributed, id)
	}
}

// TestBook_Final: the last period is known only once the book is told the
// number of periods, and is the one whose index is that number less one;
// before the first period there is none, and a book not told has none
// (not even at an index of −1).
func TestBook_Final(t *testing.T) {
	period := func(i int) contract.Period {
		return contract.Period{Index: i, Start: jan21.AddDate(0, i, 0), End: jan21.AddDate(0, i+1, 0)}
	}
	b, err := tranche.NewBook(2, partiesOf("LP", "1"))
	require.NoError(t, err)
	require.NoError(t, b.Advance(contract.Period{Index: -1, Start: jan21.AddDate(0, -1, 0), End: jan21}))
	require.False(t, b.Final(), "not told, index -1")

	b, err = tranche.NewBook(2, partiesOf("LP", "1"))
	require.NoError(t, err)
	b.SetSchedule(1)
	require.False(t, b.Final(), "before the first period")
	b.SetSchedule(3)
	for i, want := range []bool{false, false, true} {
		require.NoError(t, b.Advance(period(i)))
		require.Equal(t, want, b.Final(), "period %d of 3", i)
	}
	require.False(t, (*tranche.Book)(nil).Final())
}
