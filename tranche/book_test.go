package tranche_test

import (
	"math/big"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"

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

// TestBook_AmountsBeyondInt64: $10^20 is 10^22 cents, more than an int64
// holds: the account still reads the whole amount, and a zero reads 0.
func TestBook_AmountsBeyondInt64(t *testing.T) {
	l := newDriver(t, partiesOf("LP", "1", "GP", "1")...).open(jan21)
	l.put("LP", "100000000000000000000")
	l.post("LP", tranche.KindProfit, "100000000000000000000.01")
	a, err := l.b.Account("LP")
	require.NoError(t, err)
	requireDec(t, "100000000000000000000", a.Contributed)
	requireDec(t, "100000000000000000000.01", a.Distributed)
	g, err := l.b.Account("GP")
	require.NoError(t, err)
	requireDec(t, "0", g.Distributed)
}

// TestBook_CloneKeepsLedger: a clone reads the same payments (their
// tranches, payers and dates, amounts too large for int64 included) and
// contributions as the book, and what is booked on one afterwards (a new
// date, tranche, payer, payment and contribution on each) does not show
// in the other.
func TestBook_CloneKeepsLedger(t *testing.T) {
	l := newDriver(t, partiesOf("LP", "1", "GP", "1")...).open(jan21)
	l.put("LP", "100.00").put("GP", "100000000000000000000")
	require.NoError(t, l.b.Post(tranche.Payment{Tranche: "fee", Party: "GP", From: "lender", Kind: tranche.KindFee, Amount: d("2.50")}))
	l.at(jan21.AddDate(0, 1, 0))
	l.post("LP", tranche.KindProfit, "100000000000000000000.01")
	l.at(jan21.AddDate(0, 2, 0))
	require.NoError(t, l.b.Post(tranche.Payment{Tranche: "y", Party: "GP", Kind: tranche.KindProfit, Amount: d("0.01")}))
	c := l.b.Clone()
	want, wantIn := slices.Collect(l.b.Ledger().Values()), slices.Collect(l.b.Contributions().Values())
	require.Len(t, want, 3)
	require.Len(t, wantIn, 2)
	if diff := cmp.Diff(want, slices.Collect(c.Ledger().Values())); diff != "" {
		t.Errorf("clone's ledger (-book +clone):\n%s", diff)
	}
	if diff := cmp.Diff(wantIn, slices.Collect(c.Contributions().Values())); diff != "" {
		t.Errorf("clone's contributions (-book +clone):\n%s", diff)
	}
	require.Equal(t, tranche.PartyID("lender"), c.Ledger().At(0).From)
	require.Equal(t, tranche.TrancheID("fee"), c.Ledger().At(0).Tranche)
	require.True(t, c.Ledger().At(2).Date.Equal(jan21.AddDate(0, 2, 0)))

	cl := driverOf(t, c)
	cl.at(jan21.AddDate(0, 3, 0))
	require.NoError(t, c.Post(tranche.Payment{Tranche: "other", Party: "LP", From: "bank", Kind: tranche.KindProfit, Amount: d("300000000000000000000")}))
	require.NoError(t, c.Contribute("GP", d("300000000000000000000")))
	l.at(jan21.AddDate(0, 4, 0))
	require.NoError(t, l.b.Post(tranche.Payment{Tranche: "third", Party: "GP", From: "fund", Kind: tranche.KindFee, Amount: d("100000000000000000000")}))
	require.NoError(t, l.b.Contribute("LP", d("100000000000000000000")))

	bp, cp := l.b.Ledger().At(3), c.Ledger().At(3)
	require.Equal(t, tranche.Payment{Period: 3, Date: jan21.AddDate(0, 4, 0), Tranche: "third", Party: "GP", From: "fund", Kind: tranche.KindFee}, tranche.Payment{Period: bp.Period, Date: bp.Date, Tranche: bp.Tranche, Party: bp.Party, From: bp.From, Kind: bp.Kind})
	require.Equal(t, tranche.Payment{Period: 3, Date: jan21.AddDate(0, 3, 0), Tranche: "other", Party: "LP", From: "bank", Kind: tranche.KindProfit}, tranche.Payment{Period: cp.Period, Date: cp.Date, Tranche: cp.Tranche, Party: cp.Party, From: cp.From, Kind: cp.Kind})
	requireDec(t, "100000000000000000000", bp.Amount)
	requireDec(t, "300000000000000000000", cp.Amount)
	require.Equal(t, tranche.PartyID("LP"), l.b.Contributions().At(2).Party)
	requireDec(t, "100000000000000000000", l.b.Contributions().At(2).Amount)
	require.Equal(t, tranche.PartyID("GP"), c.Contributions().At(2).Party)
	requireDec(t, "300000000000000000000", c.Contributions().At(2).Amount)
	// 2.50 + (10^20 + 0.01) + 0.01, then 10^20 on the book, 3·10^20 on the clone.
	requireDec(t, "200000000000000000002.52", l.b.Ledger().Sum())
	requireDec(t, "400000000000000000002.52", c.Ledger().Sum())
}

// TestBook_ZeroBookLedger: a Book not made by NewBook has an empty ledger
// and no contributions, whichever is read first.
func TestBook_ZeroBookLedger(t *testing.T) {
	var b tranche.Book
	require.Equal(t, 0, b.Ledger().Len())
	require.Equal(t, 0, b.Contributions().Len())
	var z tranche.Book
	require.Equal(t, 0, z.Contributions().Len())
	require.Equal(t, 0, z.Ledger().Len())
}

// TestBook_CallCommitmentsSummingTo2Pow62: commitments that add up to
// exactly 2^62 = 4,611,686,018,427,387,904 (four of
// 922,337,203,685,477,580 and one of 922,337,203,685,477,584), the
// largest sum the book keeps as int64 weights, against largest
// remainders worked out with big.Int: a call of 7 gives each
// 7·c/2^62, just under or over 1.4, so 1 each and the 2 units left to the
// largest remainders: the fifth party's (its commitment is the largest),
// then the first listed of the four equal ones: 2, 1, 1, 1, 2.
func TestBook_CallCommitmentsSummingTo2Pow62(t *testing.T) {
	ids := []tranche.PartyID{"A", "B", "C", "D", "E"}
	cs := []string{"922337203685477580", "922337203685477580", "922337203685477580", "922337203685477580", "922337203685477584"}
	var ps []tranche.Party
	sum := new(big.Int)
	for i, id := range ids {
		ps = append(ps, tranche.Party{ID: id, Commitment: d(cs[i])})
		c, _ := new(big.Int).SetString(cs[i], 10)
		sum.Add(sum, c)
	}
	require.Equal(t, new(big.Int).Lsh(big.NewInt(1), 62), sum)
	// Largest remainders, ties to the first listed.
	want := make([]int64, len(cs))
	rems := make([]*big.Int, len(cs))
	left := int64(7)
	for i := range cs {
		c, _ := new(big.Int).SetString(cs[i], 10)
		q, r := new(big.Int).QuoRem(new(big.Int).Mul(c, big.NewInt(7)), sum, new(big.Int))
		want[i], rems[i] = q.Int64(), r
		left -= q.Int64()
	}
	order := []int{0, 1, 2, 3, 4}
	slices.SortStableFunc(order, func(i, j int) int { return rems[j].Cmp(rems[i]) })
	for _, i := range order[:left] {
		want[i]++
	}
	require.Equal(t, []int64{2, 1, 1, 1, 2}, want)

	b, err := tranche.NewBook(0, ps)
	require.NoError(t, err)
	require.NoError(t, b.Advance(contract.Period{End: contract.Date(2024, 1, 1)}))
	require.NoError(t, b.Call(d("7"), ids))
	for i, id := range ids {
		a, err := b.Account(id)
		require.NoError(t, err)
		require.Equal(t, want[i], a.Contributed.IntPart(), "party %s", id)
	}
}
