package tranche_test

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/jvwaterfall/jvwaterfall/tranche"
	"github.com/stretchr/testify/require"
)

// TestPayOwed_SumPastInt64 returns capital to two parties who each put in
// 50,000,000,000,000,000.00 (5·10^18 cents, which fits an int64) so that
// what is owed in all, 10^19 cents, does not. With the whole amount both
// are repaid in full; one cent short, each share is
// 49,999,999,999,999,999.995: floors …999.99 each and the cent left goes
// to the first of the equal remainders.
func TestPayOwed_SumPastInt64(t *testing.T) {
	for _, c := range []struct {
		name  string
		avail string
		want  []paidLine
	}{
		{"in full", "100000000000000000.00", []paidLine{
			pp("roc", "A", tranche.KindCapital, "50000000000000000.00", "50000000000000000.00", "0"),
			pp("roc", "B", tranche.KindCapital, "50000000000000000.00", "50000000000000000.00", "0")}},
		{"a cent short", "99999999999999999.99", []paidLine{
			pp("roc", "A", tranche.KindCapital, "50000000000000000.00", "50000000000000000.00", "0"),
			pp("roc", "B", tranche.KindCapital, "49999999999999999.99", "50000000000000000.00", "0.01")}},
	} {
		t.Run(c.name, func(t *testing.T) {
			roc := tranche.Must(tranche.NewReturnOfCapital(tranche.ReturnOfCapital{Name: "roc", Parties: ids("A", "B")}))
			l := newDriver(t, partiesOf("A", "1", "B", "1")...)
			l.open(time.Date(2024, 12, 31, 0, 0, 0, 0, time.UTC))
			l.put("A", "50000000000000000.00").put("B", "50000000000000000.00")
			got, total := l.pay(roc, c.avail)
			requireDec(t, c.avail, total)
			if diff := cmp.Diff(c.want, got); diff != "" {
				t.Errorf("Pay() mismatch (-want +got):\n%s", diff)
			}
			for i, p := range []tranche.PartyID{"A", "B"} {
				a, err := l.b.Account(p)
				require.NoError(t, err)
				requireDec(t, c.want[i].Amount.String(), a.CapitalReturned, "%s", p)
			}
			requireDec(t, c.avail, l.b.Paid("roc"))
		})
	}
}

// TestByCommitment_CommitmentsPastInt64 splits cash by commitment in a
// book whose commitments share no int64 exponent (2, 1 and 10^-22:
// 2·10^22 does not fit), so shares are worked in decimals. A split pays
// 1.01 as 0.6 to {A, B, C} and 0.4 to {Z1, Z2}: 0.606 and 0.404, floors
// 0.60 and 0.40, the cent left to the larger remainder: 0.61 and 0.40.
// By commitment, 61 cents × 2/(3 + 10^-22) = 40.66…, × 1/(3 + 10^-22) =
// 20.33…, and C's 2·10^-21: floors 40, 20, 0 and the cent left to A:
// 0.41, 0.20, 0. Z1 and Z2 have no commitment, so they share equally:
// 0.20 each.
func TestByCommitment_CommitmentsPastInt64(t *testing.T) {
	split := tranche.Must(tranche.NewSplit(tranche.Split{Name: "split", Shares: []tranche.Share{
		{Parties: ids("A", "B", "C"), Weight: d("0.6")}, {Parties: ids("Z1", "Z2"), Weight: d("0.4")}}}))
	l := newDriver(t, partiesOf("A", "2", "B", "1", "C", "0.0000000000000000000001", "Z1", "0", "Z2", "0")...)
	l.open(time.Date(2024, 12, 31, 0, 0, 0, 0, time.UTC))
	_, total := l.pay(split, "1.01")
	requireDec(t, "1.01", total)
	want := map[tranche.PartyID]string{"A": "0.41", "B": "0.20", "C": "0", "Z1": "0.20", "Z2": "0.20"}
	for p, w := range want {
		requireDec(t, w, l.b.PaidTo("split", p), "%s", p)
	}
}

// TestByCommitment_NoCommitments has a partial catch-up (Rate 0.5 to a
// 20% Target) share its investors' part between two investors with no
// commitment: equally. A has received 100.00 of profit, so P = 100 and
// G = 0. The catch-up owes the smallest whole X whose split (investors
// first on a tie) gives the sponsor at least ⌈0.2·(100 + X)⌉: X = 66.67
// splits 33.34/33.33 against ⌈33.334⌉ = 33.34, short; X = 66.68 splits
// 33.34/33.34 against ⌈33.336⌉ = 33.34. The investors' 33.34 goes 16.67
// to each.
func TestByCommitment_NoCommitments(t *testing.T) {
	cu := tranche.Must(tranche.NewCatchUp(tranche.CatchUp{Name: "cu", Investors: ids("A", "B"), Sponsor: "S",
		Target: d("0.2"), Rate: d("0.5")}))
	l := newDriver(t, partiesOf("A", "0", "B", "0", "S", "0")...)
	l.open(time.Date(2024, 12, 31, 0, 0, 0, 0, time.UTC))
	l.post("A", tranche.KindProfit, "100.00")
	got, total := l.pay(cu, "1000.00")
	requireDec(t, "66.68", total)
	sum := map[tranche.PartyID]string{}
	for _, p := range got {
		sum[p.Party] = p.Amount.StringFixed(2)
	}
	require.Equal(t, map[tranche.PartyID]string{"S": "33.34", "A": "16.67", "B": "16.67"}, sum)
	require.Len(t, got, 3)
}

// TestByCommitment_ZeroShare splits one cent 0.4 to {C, D} and 0.6 to
// {A, B}: 0.004 and 0.006, floors 0, and the cent to the larger
// remainder; the first share's part is zero and pays no one, and the
// second is still paid.
func TestByCommitment_ZeroShare(t *testing.T) {
	split := tranche.Must(tranche.NewSplit(tranche.Split{Name: "split", Shares: []tranche.Share{
		{Parties: ids("C", "D"), Weight: d("0.4")}, {Parties: ids("A", "B"), Weight: d("0.6")}}}))
	l := newDriver(t, partiesOf("A", "1", "B", "3", "C", "1", "D", "1")...)
	l.open(time.Date(2024, 12, 31, 0, 0, 0, 0, time.UTC))
	got, total := l.pay(split, "0.01")
	requireDec(t, "0.01", total)
	// A and B share the cent 1:3: 0.0025 and 0.0075, floors 0, the cent
	// to B's larger remainder.
	if diff := cmp.Diff([]paidLine{pp("split", "B", tranche.KindProfit, "0.01", "0", "0.01")}, got); diff != "" {
		t.Errorf("Pay() mismatch (-want +got):\n%s", diff)
	}
}

// TestByCommitment_UnknownPartyRefusedFirst offers cash to claims that
// share by commitment among parties one of which the book lacks, in a
// book whose commitments take the decimal way (2 and 10^-22): each fails
// with the tranche's name and the party, having posted nothing.
func TestByCommitment_UnknownPartyRefusedFirst(t *testing.T) {
	shares := []tranche.Share{{Parties: ids("A", "X"), Weight: d("0.8")}, {Parties: ids("C"), Weight: d("0.2"), Promote: true}}
	for _, tr := range []tranche.Tranche{
		tranche.Must(tranche.NewSplit(tranche.Split{Name: "split", Shares: shares})),
		tranche.Must(tranche.NewHurdle(tranche.Hurdle{Name: "hurdle", Investors: ids("A"), Multiple: d("1.5"), Shares: shares})),
		tranche.Must(tranche.NewCatchUp(tranche.CatchUp{Name: "cu", Investors: ids("A", "X"), Sponsor: "C", Target: d("0.2"), Rate: d("0.5")})),
	} {
		l := newDriver(t, partiesOf("A", "2", "C", "0.0000000000000000000001")...)
		l.open(time.Date(2024, 12, 31, 0, 0, 0, 0, time.UTC))
		l.put("A", "100.00")
		l.post("A", tranche.KindProfit, "10.00")
		n := l.b.Ledger().Len()
		_, err := tr.Pay(l.b, d("1000.00"))
		require.ErrorIs(t, err, tranche.ErrUnknownParty, "%s", tr.ID())
		require.Contains(t, err.Error(), `tranche "`+string(tr.ID())+`": unknown party "X"`)
		require.Equal(t, n, l.b.Ledger().Len(), "%s posted", tr.ID())
	}
}
