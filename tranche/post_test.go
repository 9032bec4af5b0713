package tranche_test

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/jvwaterfall/jvwaterfall/contract"
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

// TestBook_PostManyPastInt64 pays two parties at once (a split by equal
// commitments, and a return of capital) through every way a batch goes
// past an int64 of cents on one date, each figure the plain sum of what
// was paid (maxMinor = 92,233,720,368,547,758.07 is 2^63 − 1 cents):
//  1. maxMinor each, 2·maxMinor in all: the batch's sum does not fit;
//  2. 0.01 each: what the split has paid each no longer fits, nor the
//     day's payments to each;
//  3. 0.01 each again, on totals already past int64;
//  4. capital back to A, whose account is past int64 and who contributed
//     100.00 after it went so, and to B, 50.00: the capital check must
//     read A's whole account;
//  5. 0.02 split to C, who contributed 10^20 that day (a day's moves
//     past int64), and D;
//  6. capital back to A and B a year later (see there).
func TestBook_PostManyPastInt64(t *testing.T) {
	split := tranche.Must(tranche.NewSplit(tranche.Split{Name: "split", Shares: []tranche.Share{{Parties: ids("A", "B"), Weight: d("1")}}}))
	roc := tranche.Must(tranche.NewReturnOfCapital(tranche.ReturnOfCapital{Name: "roc", Parties: ids("A", "B")}))
	cd := tranche.Must(tranche.NewSplit(tranche.Split{Name: "cd", Shares: []tranche.Share{{Parties: ids("C", "D"), Weight: d("1")}}}))
	l := newDriver(t, partiesOf("A", "1", "B", "1", "C", "1", "D", "1")...)
	l.open(time.Date(2024, 12, 31, 0, 0, 0, 0, time.UTC))

	_, total := l.pay(split, "184467440737095516.14")
	requireDec(t, "184467440737095516.14", total)
	l.pay(split, "0.02")
	got, _ := l.pay(split, "0.02")
	if diff := cmp.Diff([]paidLine{
		pp("split", "A", tranche.KindProfit, "0.01", "92233720368547758.08", "92233720368547758.09"),
		pp("split", "B", tranche.KindProfit, "0.01", "92233720368547758.08", "92233720368547758.09"),
	}, got); diff != "" {
		t.Errorf("split mismatch (-want +got):\n%s", diff)
	}
	requireDec(t, "184467440737095516.18", l.b.Paid("split"))

	requireDec(t, "92233720368547758.09", l.b.PaidTo("split", "A"))
	requireDec(t, "92233720368547758.09", l.b.PaidTo("split", "B"))

	l.put("A", "100.00").put("B", "50.00")
	got, total = l.pay(roc, "1000.00")
	requireDec(t, "150.00", total)
	requireDec(t, "150.00", l.b.Paid("roc"))
	requireDec(t, "184467440737095516.18", l.b.Paid("split"))
	if diff := cmp.Diff([]paidLine{
		pp("roc", "A", tranche.KindCapital, "100.00", "100.00", "0"),
		pp("roc", "B", tranche.KindCapital, "50.00", "50.00", "0"),
	}, got); diff != "" {
		t.Errorf("capital mismatch (-want +got):\n%s", diff)
	}

	l.put("C", "100000000000000000000.00")
	l.pay(cd, "0.02")

	for p, want := range map[tranche.PartyID][3]string{ // distributed, capital returned, contributed
		"A": {"92233720368547858.09", "100.00", "100.00"},
		"B": {"92233720368547808.09", "50.00", "50.00"},
		"C": {"0.01", "0", "100000000000000000000.00"},
		"D": {"0.01", "0", "0"},
	} {
		a, err := l.b.Account(p)
		require.NoError(t, err)
		requireDec(t, want[0], a.Distributed, "%s distributed", p)
		requireDec(t, want[1], a.CapitalReturned, "%s capital returned", p)
		requireDec(t, want[2], a.Contributed, "%s contributed", p)
		mv, err := l.b.Movements(p)
		require.NoError(t, err)
		require.Len(t, mv, 1, "%s", p)
		requireDec(t, want[0], mv[0].Out, "%s out", p)
		requireDec(t, want[1], mv[0].Capital, "%s capital", p)
		requireDec(t, want[2], mv[0].In, "%s in", p)
	}

	// 6. A year later, capital back to A and B, whose accounts went past
	// int64 a year before while their moves of this day fit: 200.00 and
	// 70.00 put in and returned.
	l.at(time.Date(2025, 12, 31, 0, 0, 0, 0, time.UTC))
	l.put("A", "200.00").put("B", "70.00")
	got, total = l.pay(roc, "1000.00")
	requireDec(t, "270.00", total)
	if diff := cmp.Diff([]paidLine{
		pp("roc", "A", tranche.KindCapital, "200.00", "200.00", "0"),
		pp("roc", "B", tranche.KindCapital, "70.00", "70.00", "0"),
	}, got); diff != "" {
		t.Errorf("capital a year later mismatch (-want +got):\n%s", diff)
	}
	a, err := l.b.Account("A")
	require.NoError(t, err)
	requireDec(t, "300.00", a.CapitalReturned)
	requireDec(t, "92233720368548058.09", a.Distributed) // …547858.09 + 200.00
}

// TestBook_PostManyInTrial asks a sequence of two returns of capital to
// the same parties what it owes: the first, paid in a trial, returns A's
// 600.00 and B's 400.01, so the second owes nothing and the sequence
// 1,000.01; the trial is undone.
func TestBook_PostManyInTrial(t *testing.T) {
	first := tranche.Must(tranche.NewReturnOfCapital(tranche.ReturnOfCapital{Name: "first", Parties: ids("A", "B")}))
	second := tranche.Must(tranche.NewReturnOfCapital(tranche.ReturnOfCapital{Name: "second", Parties: ids("A", "B")}))
	l := newDriver(t, partiesOf("A", "1", "B", "1")...)
	l.open(time.Date(2024, 12, 31, 0, 0, 0, 0, time.UTC))
	l.put("A", "600.00").put("B", "400.01")
	requireDec(t, "1000.01", l.owed(tranche.Sequence(first, second)).Amount)
	require.Zero(t, l.b.Ledger().Len())
	got, total := l.pay(tranche.Sequence(first, second), "2000.00")
	requireDec(t, "1000.01", total)
	require.Len(t, got, 2)
}

// TestBook_PaidThisPeriodKeepingCurrentPeriod pays a current-pay pref (8%
// on unreturned capital, annual on 30/360: 1,000.00 earns 80.00 a year)
// in two parts in each of two years, on a book that keeps only the
// current period's payments: after 30.01 of year 2, what is left owed
// is 80.00 − 30.01 = 49.99, read from the rows the book still holds.
func TestBook_PaidThisPeriodKeepingCurrentPeriod(t *testing.T) {
	ps := annualPeriods(3)
	pref := tranche.Must(tranche.NewPreferredReturn(tranche.PreferredReturn{Name: "pref", Parties: ids("LP"),
		Rate: rate30360("0.08", contract.Annual), Accrual: tranche.NonCumulative}))
	l := newDriver(t, partiesOf("LP", "1", "GP", "0")...)
	l.b.KeepCurrentPeriod()
	l.advance(ps[0]).put("LP", "1000.00")
	for _, p := range ps[1:] {
		l.advance(p)
		l.post("GP", tranche.KindFee, "1.00") // other tranches' rows in the period,
		l.post("LP", tranche.KindFee, "1.00") // to the pref's party too
		requireDec(t, "80.00", l.owed(pref).Amount, "period %d", p.Index)
		_, paid := l.pay(pref, "30.01")
		requireDec(t, "30.01", paid)
		requireDec(t, "49.99", l.owed(pref).Amount, "period %d", p.Index)
		_, paid = l.pay(pref, "100.00")
		requireDec(t, "49.99", paid)
		requireDec(t, "0", l.owed(pref).Amount, "period %d", p.Index)
	}
}

// TestBook_GrowNil: Grow on a nil book does nothing, as documented for a
// nil book's other methods, and on a book it changes nothing observable.
func TestBook_GrowNil(t *testing.T) {
	var b *tranche.Book
	require.NotPanics(t, func() { b.Grow(10) })
	require.Zero(t, b.Posted())
}

// TestBook_GrowKeepsLedger grows a book holding three payments by room
// for 100 more: the ledger is the same three, and later payments follow.
func TestBook_GrowKeepsLedger(t *testing.T) {
	l := newDriver(t, partiesOf("A", "1")...)
	l.open(time.Date(2024, 12, 31, 0, 0, 0, 0, time.UTC))
	l.post("A", tranche.KindFee, "0.01").post("A", tranche.KindFee, "0.02").post("A", tranche.KindFee, "0.03")
	l.b.Grow(100)
	l.b.Grow(0)
	l.post("A", tranche.KindFee, "0.04")
	require.Equal(t, 4, l.b.Posted())
	var got []string
	for p := range l.b.Ledger().Values() {
		got = append(got, p.Amount.StringFixed(2))
	}
	require.Equal(t, []string{"0.01", "0.02", "0.03", "0.04"}, got)
}

// TestBook_PostWithoutTranche posts a payment that names no tranche, the
// first of a new book: it is recorded under the empty ID like any other.
func TestBook_PostWithoutTranche(t *testing.T) {
	l := newDriver(t, partiesOf("A", "1")...)
	l.open(time.Date(2024, 12, 31, 0, 0, 0, 0, time.UTC))
	require.NoError(t, l.b.Post(tranche.Payment{Party: "A", Kind: tranche.KindFee, Amount: d("1.23")}))
	l.post("A", tranche.KindFee, "0.01")
	requireDec(t, "1.23", l.b.Paid(""))
	requireDec(t, "1.23", l.b.PaidTo("", "A"))
	requireDec(t, "0.01", l.b.Paid("x"))
}
