package tranche_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/jvwaterfall/jvwaterfall/contract"
	"github.com/jvwaterfall/jvwaterfall/tranche"
	"github.com/stretchr/testify/require"
)

// TestProRata_ClaimsBeyondInt64: two returns of capital of
// 50,000,000,000,000,000.00 each (5 × 10^18 cents, each within an int64,
// together 10^19 cents, beyond it) offered 3.01 share it by their equal
// claims: 1.51 to the first (the odd cent to the earlier child) and 1.50.
func TestProRata_ClaimsBeyondInt64(t *testing.T) {
	const big = "50000000000000000"
	l := newDriver(t, partiesOf("LP1", "1", "LP2", "1")...).open(jan21).put("LP1", big).put("LP2", big).at(jan22)
	pr := tranche.ProRata(
		tranche.Must(tranche.NewReturnOfCapital(tranche.ReturnOfCapital{Name: "roc-LP1", Parties: []tranche.PartyID{"LP1"}})),
		tranche.Must(tranche.NewReturnOfCapital(tranche.ReturnOfCapital{Name: "roc-LP2", Parties: []tranche.PartyID{"LP2"}})))
	requireDec(t, "100000000000000000", l.owed(pr).Amount)
	got, _ := l.pay(pr, "3.01")
	want := []paidLine{
		pp("roc-LP1", "LP1", tranche.KindCapital, "1.51", big, "49999999999999998.49"),
		pp("roc-LP2", "LP2", tranche.KindCapital, "1.50", big, "49999999999999998.50"),
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Pay() mismatch (-want +got):\n%s", diff)
	}
}

// TestProRata_TypedNilSequence: a nil *Sequential among the children is
// an error (contract.ErrRequired) in Owed and Pay, not a panic.
func TestProRata_TypedNilSequence(t *testing.T) {
	l := newDriver(t, partiesOf("LP1", "1")...).open(jan21).put("LP1", "100").at(jan22)
	roc := tranche.Must(tranche.NewReturnOfCapital(tranche.ReturnOfCapital{Name: "roc", Parties: []tranche.PartyID{"LP1"}}))
	pr := tranche.ProRata(roc, (*tranche.Sequential)(nil))
	_, err := pr.Owed(l.b)
	require.ErrorIs(t, err, contract.ErrRequired)
	_, err = pr.Pay(l.b, d("10"))
	require.ErrorIs(t, err, contract.ErrRequired)
}

// TestProRata_OneClaimBeyondInt64: a return of capital of
// 100,000,000,000,000,000.00 (10^19 cents, beyond an int64) beside one of
// 1,000.00, offered 3.00: the exact shares are 300 × 10^19/(10^19 + 10^5)
// = 299.99999999999700… cents and 300 × 10^5/(10^19 + 10^5) = 0.000…03
// cents; floored, 299 and 0, and the one cent left goes to the larger
// remainder, the first: 3.00 and nothing.
func TestProRata_OneClaimBeyondInt64(t *testing.T) {
	const big = "100000000000000000"
	l := newDriver(t, partiesOf("LP1", "1", "LP2", "1")...).open(jan21).put("LP1", big).put("LP2", "1000").at(jan22)
	pr := tranche.ProRata(
		tranche.Must(tranche.NewReturnOfCapital(tranche.ReturnOfCapital{Name: "roc-LP1", Parties: []tranche.PartyID{"LP1"}})),
		tranche.Must(tranche.NewReturnOfCapital(tranche.ReturnOfCapital{Name: "roc-LP2", Parties: []tranche.PartyID{"LP2"}})))
	got, _ := l.pay(pr, "3.00")
	want := []paidLine{pp("roc-LP1", "LP1", tranche.KindCapital, "3.00", big, "99999999999999997.00")}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Pay() mismatch (-want +got):\n%s", diff)
	}
}
