package tranche_test

import (
	"testing"

	"github.com/jvwaterfall/jvwaterfall/tranche"
	"github.com/stretchr/testify/require"
)

// TestCap_ZeroLimit: a cap of exactly 0 is valid (a limit must not be
// negative; -0.01 is refused) and lets nothing through. Exhausted, it
// still refuses cash in fractions of a cent (ErrNotQuantized) and a
// negative amount (ErrInvariant) instead of paying nothing.
func TestCap_ZeroLimit(t *testing.T) {
	roc := tranche.Must(tranche.NewReturnOfCapital(tranche.ReturnOfCapital{Name: "roc", Parties: []tranche.PartyID{"LP1"}}))
	require.Error(t, tranche.Validate(tranche.Cap(d("-0.01"), roc)))
	c := tranche.Cap(d("0"), roc)
	require.NoError(t, tranche.Validate(c))
	l := newDriver(t, partiesOf("LP1", "1")...).open(jan21).put("LP1", "100").at(jan22)
	requireDec(t, "0", l.owed(c).Amount)
	paid, err := c.Pay(l.b, d("10"))
	require.NoError(t, err)
	requireDec(t, "0", paid)
	_, err = c.Pay(l.b, d("0.001"))
	require.ErrorIs(t, err, tranche.ErrNotQuantized)
	_, err = c.Pay(l.b, d("-0.01"))
	require.ErrorIs(t, err, tranche.ErrInvariant)
}
