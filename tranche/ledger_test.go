package tranche_test

import (
	"fmt"
	"slices"
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

// TestContributions_Slice: a slice of a book's contributions from the
// second on holds the second and third, in order, and nothing past them;
// Slice(0, n) is all of them, and bounds out of order or range give none.
func TestContributions_Slice(t *testing.T) {
	l := newDriver(t, partiesOf("LP", "1", "GP", "1")...).open(jan21)
	l.put("LP", "1.00").put("GP", "2.00").put("LP", "3.00")
	all := l.b.Contributions()
	require.Equal(t, 3, all.Slice(0, 3).Len())
	s := all.Slice(1, 3)
	require.Equal(t, 2, s.Len())
	requireDec(t, "2.00", s.At(0).Amount)
	require.Equal(t, tranche.PartyID("GP"), s.At(0).Party)
	requireDec(t, "3.00", s.At(1).Amount)
	require.Equal(t, tranche.Contribution{}, s.At(2))
	var got []string
	for i, c := range s.All() {
		got = append(got, fmt.Sprint(i, c.Party, c.Amount.StringFixed(2)))
	}
	require.Equal(t, []string{"0GP2.00", "1LP3.00"}, got)
	for _, b := range [][2]int{{-1, 1}, {2, 1}, {0, 3}} {
		require.Equal(t, 0, s.Slice(b[0], b[1]).Len(), "Slice(%d, %d)", b[0], b[1])
	}
	require.Equal(t, 1, s.Slice(1, 2).Len())
	requireDec(t, "3.00", s.Slice(1, 2).At(0).Amount)

	// The same of a list made by ContributionsOf.
	list := tranche.ContributionsOf(slices.Collect(all.Values())).Slice(1, 3)
	require.Equal(t, 2, list.Len())
	requireDec(t, "2.00", list.At(0).Amount)
	requireDec(t, "3.00", list.At(1).Amount)
}

// TestLedger_TrialAfterDroppedPeriod: a book that keeps only the current
// period has dropped period 0's three payments; in period 1, with one
// payment so far, a sequence of two returns of capital learns what it
// owes by trying the payments out and undoing them: it owes the LP's
// $100 unreturned, and the ledger is left with the one payment.
func TestLedger_TrialAfterDroppedPeriod(t *testing.T) {
	l := newDriver(t, partiesOf("LP", "100")...)
	l.b.KeepCurrentPeriod()
	l.open(jan21).put("LP", "100.00")
	l.post("LP", tranche.KindProfit, "1.00").post("LP", tranche.KindProfit, "2.00").post("LP", tranche.KindProfit, "100000000000000000000")
	l.at(jan21.AddDate(0, 1, 0)).post("LP", tranche.KindProfit, "4.00")
	roc := func(name tranche.TrancheID) tranche.Tranche {
		return tranche.Must(tranche.NewReturnOfCapital(tranche.ReturnOfCapital{Name: name, Parties: []tranche.PartyID{"LP"}}))
	}
	c := l.owed(tranche.Sequence(roc("roc1"), roc("roc2")))
	requireDec(t, "100.00", c.Amount)
	led := l.b.Ledger()
	require.Equal(t, 1, led.Len())
	requireDec(t, "4.00", led.At(0).Amount)
	requireDec(t, "4.00", led.Sum())
	require.Equal(t, tranche.Payment{}, led.At(1))
}
