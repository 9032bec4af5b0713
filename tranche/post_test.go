package tranche_test

import (
	"testing"
	"time"

	"github.com/jvwaterfall/jvwaterfall/tranche"
	"github.com/stretchr/testify/require"
)

// TestBook_PostKeepsEveryAmount posts payments whose amount, Before or
// After, one at a time, is not a whole number of cents or does not fit an
// int64 of cents, and one where all fit: the ledger must give each back
// exactly as posted (Equal, and at the same exponent where it is not
// whole), and the party's account the sum of the amounts.
func TestBook_PostKeepsEveryAmount(t *testing.T) {
	const big = "100000000000000000000.00" // 10^22 cents
	cases := []struct{ amount, before, after string }{
		{"5.00", "10.00", "5.00"},
		{"5.00", "10.005", "5.00"},
		{"5.00", "10.00", "5.005"},
		{big, "0", "0"},
		{"5.00", big, "0"},
		{"5.00", "0", big},
		{"0.01", "92233720368547758.08", "92233720368547758.07"},
	}
	l := newDriver(t, partiesOf("A", "1")...)
	l.open(time.Date(2024, 12, 31, 0, 0, 0, 0, time.UTC))
	sum := d("0")
	for _, c := range cases {
		require.NoError(t, l.b.Post(tranche.Payment{Tranche: "x", Party: "A", Kind: tranche.KindPref, Amount: d(c.amount), Before: d(c.before), After: d(c.after)}))
		sum = sum.Add(d(c.amount))
	}
	led := l.b.Ledger()
	require.Equal(t, len(cases), led.Len())
	for i, c := range cases {
		p := led.At(i)
		requireDec(t, c.amount, p.Amount, "payment %d amount", i)
		requireDec(t, c.before, p.Before, "payment %d before", i)
		requireDec(t, c.after, p.After, "payment %d after", i)
		for _, pair := range [][2]string{{c.before, p.Before.String()}, {c.after, p.After.String()}} {
			if !tranche.IsWhole(d(pair[0]), 2) {
				require.Equal(t, pair[0], pair[1], "payment %d", i)
			}
		}
	}
	a, err := l.b.Account("A")
	require.NoError(t, err)
	require.True(t, sum.Equal(a.Distributed), "distributed %s, want %s", a.Distributed, sum)
	require.True(t, sum.Equal(l.b.Paid("x")), "paid %s, want %s", l.b.Paid("x"), sum)
	require.True(t, sum.Equal(l.b.PaidTo("x", "A")), "paid to A %s, want %s", l.b.PaidTo("x", "A"), sum)
}

// TestBook_PostFromOutsider posts payments from a payer that is not a
// party of the book (an escrow, named only in the payment): the ledger
// names it, and no party's account counts it as paid out; a payment from
// a party counts in its account, movements and flows: GP received 1.00
// and paid 0.01 on the one date, a flow of +0.99.
func TestBook_PostFromOutsider(t *testing.T) {
	l := newDriver(t, partiesOf("LP", "1", "GP", "0")...)
	l.open(time.Date(2024, 12, 31, 0, 0, 0, 0, time.UTC))
	require.NoError(t, l.b.Post(tranche.Payment{Tranche: "x", Party: "LP", From: "escrow", Kind: tranche.KindEscrow, Amount: d("12.34")}))
	require.NoError(t, l.b.Post(tranche.Payment{Tranche: "x", Party: "LP", From: "GP", Kind: tranche.KindClawback, Amount: d("0.01")}))
	require.NoError(t, l.b.Post(tranche.Payment{Tranche: "x", Party: "GP", From: "escrow2", Kind: tranche.KindEscrow, Amount: d("1.00")}))
	require.Equal(t, tranche.PartyID("escrow"), l.b.Ledger().At(0).From)
	require.Equal(t, tranche.PartyID("GP"), l.b.Ledger().At(1).From)
	require.Equal(t, tranche.PartyID("escrow2"), l.b.Ledger().At(2).From)
	for p, want := range map[tranche.PartyID][2]string{"LP": {"12.35", "0"}, "GP": {"1.00", "0.01"}} {
		a, err := l.b.Account(p)
		require.NoError(t, err)
		requireDec(t, want[0], a.Distributed, "%s distributed", p)
		requireDec(t, want[1], a.PaidOut, "%s paid out", p)
	}
	mv, err := l.b.Movements("GP")
	require.NoError(t, err)
	require.Len(t, mv, 1)
	requireDec(t, "1.00", mv[0].Out)
	requireDec(t, "0.01", mv[0].PaidOut)
	flows, err := l.b.Flows("GP")
	require.NoError(t, err)
	require.Len(t, flows, 1)
	requireDec(t, "0.99", flows[0].Amount)
}
