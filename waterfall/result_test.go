package waterfall_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/jvwaterfall/jvwaterfall/contract"
	"github.com/jvwaterfall/jvwaterfall/tranche"
	"github.com/jvwaterfall/jvwaterfall/waterfall"
	"github.com/stretchr/testify/require"
)

// TestTally_PaidOutFlowsAndMOIC: a Result made by Tally adds up each
// party's totals from the entries given. LP puts in 60.00 on 2025-03-31,
// receives 100.01 of capital on 2025-12-31 and pays 50.00 to GP on
// 2026-06-30. By hand:
//
//	LP: Contributed 60.00, Distributed 100.01, PaidOut 50.00;
//	    flows −60.00, +100.01, −50.00; MOIC (100.01 − 50.00) / 60.00 = 0.8335
//	GP: Distributed 50.00, PaidOut 0
//
// and a party without a name is called by its ID.
func TestTally_PaidOutFlowsAndMOIC(t *testing.T) {
	d := stepDeal(t)
	d.Parties[1].Name = "General Partner"
	d0, d1, d2 := contract.Date(2025, 3, 31), contract.Date(2025, 12, 31), contract.Date(2026, 6, 30)
	contributions := []tranche.Contribution{{Period: 0, Date: d0, Party: "LP", Amount: dec("60.00")}}
	pays := []tranche.Payment{
		{Period: 0, Date: d1, Tranche: "capital", Party: "LP", Kind: tranche.KindCapital, Amount: dec("100.01")},
		{Period: 1, Date: d2, Tranche: "escrow", Party: "GP", From: "LP", Kind: tranche.KindEscrow, Amount: dec("50.00")},
	}
	events := []tranche.Event{{Period: 1, Date: d2, Tranche: "escrow", Kind: tranche.EventCovenantBreach, Detail: "moved"}}
	res, err := waterfall.Tally(d, nil, contributions, pays, events)
	require.NoError(t, err)

	lp, ok := res.Party("LP")
	require.True(t, ok)
	require.Equal(t, "LP", lp.Name)
	require.Equal(t, []string{"60", "100.01", "50"}, []string{lp.Contributed.String(), lp.Distributed.String(), lp.PaidOut.String()})
	require.Equal(t, "100.01", lp.ByKind[tranche.KindCapital].String())
	gp, _ := res.Party("GP")
	require.Equal(t, "General Partner", gp.Name)
	require.Equal(t, []string{"50", "0"}, []string{gp.Distributed.String(), gp.PaidOut.String()})

	type move struct{ Date, In, Out, Capital, PaidOut string }
	var got []move
	for _, m := range res.Movements("LP") {
		got = append(got, move{m.Date.Format("2006-01-02"), m.In.String(), m.Out.String(), m.Capital.String(), m.PaidOut.String()})
	}
	want := []move{{"2025-03-31", "60", "0", "0", "0"}, {"2025-12-31", "0", "100.01", "100.01", "0"}, {"2026-06-30", "0", "0", "0", "50"}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Fatalf("movements (-want +got):\n%s", diff)
	}
	var flows []string
	for _, f := range res.Flows("LP") {
		flows = append(flows, f.Amount.String())
	}
	require.Equal(t, []string{"-60", "100.01", "-50"}, flows)
	moic, err := res.MOIC("LP")
	require.NoError(t, err)
	require.True(t, moic.Equal(dec("0.8335")), "MOIC %s", moic)

	// The Result keeps its own copy of the entries: changing the
	// caller's slices afterwards does not change it.
	pays[0].Amount = dec("1")
	events[0].Detail = "changed"
	require.Equal(t, "100.01", res.Payments.At(0).Amount.String())
	require.Equal(t, "moved", res.Events[0].Detail)
}
