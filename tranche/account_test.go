package tranche_test

import (
	"testing"
	"time"

	"github.com/jvwaterfall/jvwaterfall/contract"
	"github.com/jvwaterfall/jvwaterfall/internal/alloc"
	"github.com/jvwaterfall/jvwaterfall/tranche"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"
)

// maxMinor is the largest amount an int64 of cents holds at scale 2:
// 9,223,372,036,854,775,807 cents.
const maxMinor = "92233720368547758.07"

// wantAccount compares an account with figures worked by hand.
func wantAccount(t *testing.T, got tranche.Account, contributed, capital, distributed, paidOut string, byKind map[tranche.Kind]string) {
	t.Helper()
	requireDec(t, contributed, got.Contributed, "contributed")
	requireDec(t, capital, got.CapitalReturned, "capital returned")
	requireDec(t, distributed, got.Distributed, "distributed")
	requireDec(t, paidOut, got.PaidOut, "paid out")
	for k := range tranche.NumKinds {
		want := "0"
		if s, ok := byKind[tranche.Kind(k)]; ok {
			want = s
		}
		requireDec(t, want, got.ByKind[k], "by kind %s", tranche.Kind(k))
	}
}

// TestAccount_PastInt64 moves accounts past what an int64 of cents holds,
// in both ways an account goes wide: a sum of two amounts that each fit
// (1.23 + 92,233,720,368,547,758.07 = 92,233,720,368,547,759.30, one
// cent-count above 2^63 − 1 by 123) and a single amount that does not
// (10^20). Every figure after that is the exact sum, worked by hand; the
// amounts booked before an account went wide must count once, and those
// booked after, small as they are, must land on the wide totals.
func TestAccount_PastInt64(t *testing.T) {
	l := newDriver(t, partiesOf("A", "1", "B", "1", "S", "0")...)
	l.open(time.Date(2024, 12, 31, 0, 0, 0, 0, time.UTC))
	l.put("A", "1.23").put("A", maxMinor)
	l.put("B", "100000000000000000000.00")

	a, err := l.b.Account("A")
	require.NoError(t, err)
	wantAccount(t, a, "92233720368547759.30", "0", "0", "0", nil)
	b, err := l.b.Account("B")
	require.NoError(t, err)
	wantAccount(t, b, "100000000000000000000.00", "0", "0", "0", nil)

	// Capital back to A: 0.07 first (a small payment to a wide account),
	// then the rest; unreturned is 92,233,720,368,547,759.30 − 0.07 =
	// …759.23, so one cent more is refused and exactly that is taken.
	l.post("A", tranche.KindCapital, "0.07")
	err = l.b.Post(tranche.Payment{Tranche: "x", Party: "A", Kind: tranche.KindCapital, Amount: d("92233720368547759.24")})
	require.ErrorIs(t, err, tranche.ErrInvariant)
	l.post("A", tranche.KindCapital, "92233720368547759.23")
	err = l.b.Post(tranche.Payment{Tranche: "x", Party: "A", Kind: tranche.KindCapital, Amount: d("0.01")})
	require.ErrorIs(t, err, tranche.ErrInvariant, "nothing is left unreturned")
	l.post("A", tranche.KindProfit, "5.01")

	// A pays S 3.05 of its own (From A): A's PaidOut, S's receipts.
	require.NoError(t, l.b.Post(tranche.Payment{Tranche: "x", Party: "S", From: "A", Kind: tranche.KindPromote, Amount: d("3.05")}))

	a, err = l.b.Account("A")
	require.NoError(t, err)
	wantAccount(t, a, "92233720368547759.30", "92233720368547759.30", "92233720368547764.31", "3.05",
		map[tranche.Kind]string{tranche.KindCapital: "92233720368547759.30", tranche.KindProfit: "5.01"})
	requireDec(t, "0", a.Unreturned())
	requireDec(t, "5.01", a.Profit())
	s, err := l.b.Account("S")
	require.NoError(t, err)
	wantAccount(t, s, "0", "0", "3.05", "0", map[tranche.Kind]string{tranche.KindPromote: "3.05"})

	// B, wide from its first contribution, takes back 10^20 − 0.01 and
	// then exactly the last cent.
	l.post("B", tranche.KindCapital, "99999999999999999999.99")
	l.post("B", tranche.KindCapital, "0.01")
	b, err = l.b.Account("B")
	require.NoError(t, err)
	wantAccount(t, b, "100000000000000000000.00", "100000000000000000000.00", "100000000000000000000.00", "0",
		map[tranche.Kind]string{tranche.KindCapital: "100000000000000000000.00"})
}

// TestAccount_PaidOutPastInt64 has a party pay others past an int64 of
// cents: 0.93 and then 2^63 − 1 cents, 92,233,720,368,547,759.00 in all,
// and then 0.01 more, small, on the wide total: …759.01.
func TestAccount_PaidOutPastInt64(t *testing.T) {
	l := newDriver(t, partiesOf("A", "1", "S", "1")...)
	l.open(time.Date(2024, 12, 31, 0, 0, 0, 0, time.UTC))
	for _, amount := range []string{"0.93", maxMinor, "0.01"} {
		require.NoError(t, l.b.Post(tranche.Payment{Tranche: "x", Party: "A", From: "S", Kind: tranche.KindClawback, Amount: d(amount)}))
	}
	s, err := l.b.Account("S")
	require.NoError(t, err)
	wantAccount(t, s, "0", "0", "0", "92233720368547759.01", nil)
	a, err := l.b.Account("A")
	require.NoError(t, err)
	wantAccount(t, a, "0", "0", "92233720368547759.01", "0", map[tranche.Kind]string{tranche.KindClawback: "92233720368547759.01"})
}

// TestCatchUp_WideInvestorProfit catches a sponsor up on an investor
// whose account went past an int64 of cents between two profit
// payments: 10.00 before and 20.01 after, P = 30.01, G = 0. A full
// catch-up (Rate 1) to 20% owes the smallest whole X with
// ⌈0.2·(30.01 + X)⌉ ≤ X: X = 7.50 gives ⌈7.502⌉ = 7.51 > 7.50, X = 7.51
// gives ⌈7.504⌉ = 7.51. The profit counted before the account went wide
// must count once, and the one after must count.
func TestCatchUp_WideInvestorProfit(t *testing.T) {
	l := newDriver(t, partiesOf("A", "1", "S", "0")...)
	l.open(time.Date(2024, 12, 31, 0, 0, 0, 0, time.UTC))
	l.put("A", "100.00")
	l.post("A", tranche.KindProfit, "10.00")
	l.put("A", maxMinor)
	l.post("A", tranche.KindProfit, "20.01")
	cu, err := tranche.NewCatchUp(tranche.CatchUp{Name: "cu", Investors: ids("A"), Sponsor: "S",
		Target: d("0.2"), Rate: decimal.NewFromInt(1)})
	require.NoError(t, err)
	c := l.owed(cu)
	requireDec(t, "7.51", c.Amount)
	got, total := l.pay(cu, "100.00")
	requireDec(t, "7.51", total)
	require.Len(t, got, 1)
	require.Equal(t, tranche.PartyID("S"), got[0].Party)
	require.Equal(t, tranche.KindCatchUp, got[0].Kind)
	requireDec(t, "7.51", got[0].Amount)
}

// TestAccount_DistributedPastInt64 pays a party 2^63 − 1 cents of pref
// and then 0.01 of profit: its total received goes past an int64
// (…758.07 + 0.01 = 92,233,720,368,547,758.08) while each kind's total
// still fits, and the whole account must go wide with it.
func TestAccount_DistributedPastInt64(t *testing.T) {
	l := newDriver(t, partiesOf("A", "1")...)
	l.open(time.Date(2024, 12, 31, 0, 0, 0, 0, time.UTC))
	l.post("A", tranche.KindPref, maxMinor).post("A", tranche.KindProfit, "0.01")
	a, err := l.b.Account("A")
	require.NoError(t, err)
	wantAccount(t, a, "0", "0", "92233720368547758.08", "0",
		map[tranche.Kind]string{tranche.KindPref: maxMinor, tranche.KindProfit: "0.01"})
	requireDec(t, "92233720368547758.08", a.Profit())
}

// contributed is what each party has contributed so far.
func contributed(t *testing.T, b *tranche.Book, parties ...tranche.PartyID) []string {
	t.Helper()
	var out []string
	for _, p := range parties {
		a, err := b.Account(p)
		require.NoError(t, err)
		out = append(out, a.Contributed.StringFixed(2))
	}
	return out
}

// TestBook_CallRefuses checks that a call that cannot be booked says why,
// cause first, and books nothing.
func TestBook_CallRefuses(t *testing.T) {
	for _, c := range []struct {
		name    string
		amount  string
		parties []tranche.PartyID
		want    error
	}{
		{"negative", "-0.01", ids("A", "B"), tranche.ErrInvariant},
		{"half a cent", "10.005", ids("A", "B"), tranche.ErrNotQuantized},
		{"unknown party", "10.00", ids("A", "X"), tranche.ErrUnknownParty},
		{"no commitment", "10.00", ids("Z"), alloc.ErrZeroWeights},
		{"no commitment, past int64", "100000000000000000000.00", ids("Z"), alloc.ErrZeroWeights},
		// Listed twice, A would pay 3/7 twice: 8.57 of a 10.00 call, B 1.43.
		{"a party twice", "10.00", ids("A", "B", "A"), contract.ErrInvalid},
		{"a party twice, in the book's order first", "10.00", ids("A", "B", "Z", "B"), contract.ErrInvalid},
		{"a party twice, past int64", "100000000000000000000.00", ids("B", "A", "B"), contract.ErrInvalid},
	} {
		t.Run(c.name, func(t *testing.T) {
			l := newDriver(t, partiesOf("A", "3", "B", "1", "Z", "0")...)
			l.open(time.Date(2024, 12, 31, 0, 0, 0, 0, time.UTC))
			require.ErrorIs(t, l.b.Call(d(c.amount), c.parties), c.want)
			require.Equal(t, []string{"0.00", "0.00", "0.00"}, contributed(t, l.b, "A", "B", "Z"))
			require.Zero(t, l.b.Contributions().Len())
		})
	}
}

// TestBook_CallBeyondInt64 calls 10^20 + 0.01 from two equal commitments:
// 10,000,000,000,000,000,000,001 cents, past an int64. Largest remainder
// gives the odd cent to the first: 50,000,000,000,000,000,000.01 and
// 50,000,000,000,000,000,000.00.
func TestBook_CallBeyondInt64(t *testing.T) {
	l := newDriver(t, partiesOf("A", "5", "B", "5")...)
	l.open(time.Date(2024, 12, 31, 0, 0, 0, 0, time.UTC))
	require.NoError(t, l.b.Call(d("100000000000000000000.01"), ids("A", "B")))
	require.Equal(t, []string{"50000000000000000000.01", "50000000000000000000.00"}, contributed(t, l.b, "A", "B"))
	cs := l.b.Contributions()
	require.Equal(t, 2, cs.Len())
	require.Equal(t, "50000000000000000000.01", cs.At(0).Amount.StringFixed(2))
	require.Equal(t, "50000000000000000000.00", cs.At(1).Amount.StringFixed(2))
}

// TestBook_ContributionsAtScale books contributions written with fewer
// places than the book's (12.3 and 7 at scale 2), and one past an int64
// of cents: the list gives each at the book's scale (exponent −2), 12.30
// and 7.00, and the wide one as booked. (String drops trailing zeros, so
// the exponent is checked apart.)
func TestBook_ContributionsAtScale(t *testing.T) {
	l := newDriver(t, partiesOf("A", "1")...)
	l.open(time.Date(2024, 12, 31, 0, 0, 0, 0, time.UTC))
	l.put("A", "12.3").put("A", "7").put("A", "100000000000000000000.01")
	var got []string
	for c := range l.b.Contributions().Values() {
		require.Equal(t, tranche.PartyID("A"), c.Party)
		require.Equal(t, int32(-2), c.Amount.Exponent(), "%s", c.Amount)
		got = append(got, c.Amount.StringFixed(2))
	}
	require.Equal(t, []string{"12.30", "7.00", "100000000000000000000.01"}, got)
	require.Equal(t, []string{"100000000000000000019.31"}, contributed(t, l.b, "A"))
}

// TestBook_CallCommitmentsBeyondInt64 calls 1.00 from commitments 2, 1
// and 10^-22, which share no int64 exponent (2·10^22 does not fit). The
// exact shares are 100·2/(3 + 10^-22) = 66.66…, 33.33… and 3.3·10^-21
// cents: floors 66, 33 and 0, and the cent left goes to the largest
// remainder, the first: 0.67, 0.33, 0.00.
func TestBook_CallCommitmentsBeyondInt64(t *testing.T) {
	l := newDriver(t, partiesOf("A", "2", "B", "1", "C", "0.0000000000000000000001")...)
	l.open(time.Date(2024, 12, 31, 0, 0, 0, 0, time.UTC))
	require.NoError(t, l.b.Call(d("1.00"), ids("A", "B", "C")))
	require.Equal(t, []string{"0.67", "0.33", "0.00"}, contributed(t, l.b, "A", "B", "C"))
	require.Equal(t, 2, l.b.Contributions().Len(), "a zero part is not booked")
}

// TestIsWhole checks whole minor units at, one place below and one place
// past the scale, with trailing zeros beyond it (12.340 is 12.34, whole
// at scale 2) and negative exponents of the scale itself.
func TestIsWhole(t *testing.T) {
	for _, c := range []struct {
		amount string
		scale  int32
		want   bool
	}{
		{"12.34", 2, true},
		{"12.3", 2, true},
		{"1200", 2, true},
		{"12.340", 2, true},
		{"12.3400000", 2, true},
		{"12.341", 2, false},
		{"12.345", 2, false},
		{"12.3450", 3, true},
		{"12.3401", 3, false},
		{"0.001", 2, false},
		{"-0.010", 2, true},
		{"1e3", 0, true},
		{"1.5", 0, false},
	} {
		require.Equal(t, c.want, tranche.IsWhole(d(c.amount), c.scale), "IsWhole(%s, %d)", c.amount, c.scale)
	}
	// A contribution written with a trailing zero past the scale is whole.
	l := newDriver(t, partiesOf("A", "1")...)
	l.open(time.Date(2024, 12, 31, 0, 0, 0, 0, time.UTC))
	l.put("A", "12.340")
	require.Equal(t, []string{"12.34"}, contributed(t, l.b, "A"))
}

// TestBook_CallSkipsZeroParts calls 10.01 from commitments 3, 1 and 0:
// 7.5075 and 2.5025, floors 7.50 and 2.50, the cent to the larger
// remainder (A's .75): 7.51, 2.50; the party with no commitment gives
// nothing and gets no contribution row.
func TestBook_CallSkipsZeroParts(t *testing.T) {
	l := newDriver(t, partiesOf("A", "3", "B", "1", "Z", "0")...)
	l.open(time.Date(2024, 12, 31, 0, 0, 0, 0, time.UTC))
	require.NoError(t, l.b.Call(d("10.01"), ids("A", "B", "Z")))
	require.Equal(t, []string{"7.51", "2.50", "0.00"}, contributed(t, l.b, "A", "B", "Z"))
	require.Equal(t, 2, l.b.Contributions().Len())
}
