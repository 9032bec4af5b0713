package tranche_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/jvwaterfall/jvwaterfall/tranche"
	"github.com/stretchr/testify/require"
)

// TestBook_MovementsAddUp: a party's movements of one date add up, in
// cents and beyond an int64 of cents, and its flows are what it received
// less what it put in and what it paid to others:
//   - LP1 puts in 100.00 and 50.00 on 22 Jan 2021: 150.00 in;
//   - LP2 puts in 50,000,000,000,000,000.00 twice (5 × 10^18 cents each,
//     10^19 together, beyond an int64) and is paid 1.00 of capital back:
//     10^17 in, 1.00 out, 1.00 of it capital; its flow is 1 − 10^17;
//   - LP3 then does the same (a second party beyond an int64 keeps the
//     first one's amounts);
//   - LP1 pays LP3 10.00 (From LP1): LP1's flow is −150 − 10 = −160.00,
//     LP3's 1 + 10 − 10^17.
func TestBook_MovementsAddUp(t *testing.T) {
	const big = "50000000000000000"
	l := newDriver(t, partiesOf("LP1", "1", "LP2", "1", "LP3", "1")...).open(jan21).at(jan22)
	l.put("LP1", "100.00").put("LP1", "50.00")
	for _, p := range []tranche.PartyID{"LP2", "LP3"} {
		l.put(p, big).put(p, big).post(p, tranche.KindCapital, "1.00")
	}
	require.NoError(t, l.b.Post(tranche.Payment{Tranche: "x", Party: "LP3", From: "LP1", Kind: tranche.KindFee, Amount: d("10")}))
	for _, c := range []struct {
		party                         tranche.PartyID
		in, out, capital, paidOut, fl string
	}{
		{"LP1", "150", "0", "0", "10", "-160"},
		{"LP2", "100000000000000000", "1", "1", "0", "-99999999999999999"},
		{"LP3", "100000000000000000", "11", "1", "0", "-99999999999999989"},
	} {
		moves, err := l.b.Movements(c.party)
		require.NoError(t, err)
		want := []tranche.Movement{{Date: jan22, In: d(c.in), Out: d(c.out), Capital: d(c.capital), PaidOut: d(c.paidOut)}}
		if diff := cmp.Diff(want, moves); diff != "" {
			t.Errorf("%s: Movements() mismatch (-want +got):\n%s", c.party, diff)
		}
		flows, err := l.b.Flows(c.party)
		require.NoError(t, err)
		require.Len(t, flows, 1)
		requireDec(t, c.fl, flows[0].Amount, c.party)
	}
	_, err := l.b.Movements("nobody")
	require.ErrorIs(t, err, tranche.ErrUnknownParty)
	_, err = l.b.Flows("nobody")
	require.ErrorIs(t, err, tranche.ErrUnknownParty)
}
