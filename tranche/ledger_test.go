package tranche_test

import (
	"testing"

	"github.com/jvwaterfall/jvwaterfall/tranche"
	"github.com/stretchr/testify/require"
)

// TestLedger_From: the ledger names who paid each payment: a party of the
// book (the first one, at index 0, included), a payer outside the book
// (a lender), named once or again, or nobody (the deal).
func TestLedger_From(t *testing.T) {
	l := newDriver(t, partiesOf("LP", "1", "GP", "1")...).open(jan21)
	froms := []tranche.PartyID{"LP", "lender", "bank", "lender", "", "GP", "bank"}
	for i, from := range froms {
		to := tranche.PartyID("GP")
		if from == "GP" {
			to = "LP"
		}
		require.NoError(t, l.b.Post(tranche.Payment{Tranche: "x", Party: to, From: from, Kind: tranche.KindProfit, Amount: d("1.00")}), i)
	}
	led := l.b.Ledger()
	require.Equal(t, len(froms), led.Len())
	for i, from := range froms {
		require.Equal(t, from, led.At(i).From, "payment %d", i)
	}
}

// TestLedger_KeepCurrentPeriod: a book that keeps only the current
// period's payments reads just those after it advances (amounts too large
// for int64 included), sums just those, and a Ledger taken before reads
// as empty.
func TestLedger_KeepCurrentPeriod(t *testing.T) {
	l := newDriver(t, partiesOf("LP", "1", "GP", "1")...)
	l.b.KeepCurrentPeriod()
	l.open(jan21)
	l.post("LP", tranche.KindProfit, "1.00").post("GP", tranche.KindProfit, "100000000000000000000").post("GP", tranche.KindFee, "3.00")
	old := l.b.Ledger()
	require.Equal(t, 3, old.Len())
	l.at(jan21.AddDate(0, 1, 0))
	require.Equal(t, 0, old.Len())
	require.Equal(t, tranche.Payment{}, old.At(0))
	l.post("GP", tranche.KindProfit, "200000000000000000000.02").post("LP", tranche.KindFee, "0.07")
	led := l.b.Ledger()
	require.Equal(t, 2, led.Len())
	p := led.At(0)
	require.Equal(t, tranche.PartyID("GP"), p.Party)
	require.Equal(t, 1, p.Period)
	requireDec(t, "200000000000000000000.02", p.Amount)
	require.Equal(t, tranche.PartyID("LP"), led.At(1).Party)
	requireDec(t, "200000000000000000000.09", led.Sum())
	requireDec(t, "200000000000000000000.02", led.Sum(tranche.KindProfit))
	requireDec(t, "0.07", led.Slice(1, 2).Sum())
	require.Equal(t, 5, l.b.Posted())
}
