package main

import (
	"bytes"
	"path/filepath"
	"testing"

	"github.com/jvwaterfall/jvwaterfall/internal/golden"
	"github.com/jvwaterfall/jvwaterfall/tranche"
	"github.com/jvwaterfall/jvwaterfall/waterfall"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"
)

// TestOutput pins the program's output against regressions. The figures in
// it are proven independently by TestFundFigures.
func TestOutput(t *testing.T) {
	var buf bytes.Buffer
	require.NoError(t, run(&buf))
	golden.Check(t, filepath.Join("testdata", "output.golden"), buf.Bytes())
}

// TestFundFigures checks the fund's results against what the terms imply,
// computed without the engine's tranches:
//   - every cent of proceeds is paid out (nothing is retained);
//   - the GP's promote is 20% of total profit, to the cent (the catch-up
//     completed, so carry is on all profit);
//   - after the promote, investors share the rest in proportion to their
//     commitments, to within a cent per payment;
//   - each investor's XIRR is above the 8% pref (the hurdle was cleared).
func TestFundFigures(t *testing.T) {
	deal, err := fund()
	require.NoError(t, err)
	res, err := waterfall.Run(deal)
	require.NoError(t, err)

	proceeds, called := decimal.Zero, decimal.Zero
	for _, f := range deal.Proceeds {
		proceeds = proceeds.Add(f.Amount)
	}
	for _, c := range deal.Calls {
		called = called.Add(c.Amount)
	}
	distributed := decimal.Zero
	for _, p := range res.Payments.All() {
		distributed = distributed.Add(p.Amount)
	}
	require.True(t, distributed.Equal(proceeds), "distributed %s, proceeds %s", distributed, proceeds)
	require.True(t, res.Retained().IsZero())

	profit := proceeds.Sub(called)
	gp, _ := res.Party("GP")
	promote := gp.ByKind[tranche.KindCatchUp].Add(gp.ByKind[tranche.KindPromote])
	want := profit.Mul(carry)
	require.True(t, promote.Sub(want).Abs().LessThan(decimal.New(1, -2)),
		"promote %s, want 20%% of profit %s = %s", promote, profit, want)

	// Investors' receipts other than the promote, by commitment.
	totalCommit := decimal.Zero
	for _, p := range deal.Parties {
		totalCommit = totalCommit.Add(p.Commitment)
	}
	rest := proceeds.Sub(promote)
	for _, p := range deal.Parties {
		tot, _ := res.Party(p.ID)
		got := tot.Distributed
		if p.ID == "GP" {
			got = got.Sub(promote)
		}
		share := rest.Mul(p.Commitment).DivRound(totalCommit, 6)
		// Each of the ~20 payments to a party can be off its exact share by
		// less than one cent.
		require.True(t, got.Sub(share).Abs().LessThan(decimal.New(20, -2)), "%s got %s, pro rata share %s", p.ID, got, share)
		irr, err := res.XIRR(p.ID)
		require.NoError(t, err)
		require.Greater(t, irr, 0.08, "%s IRR", p.ID)
	}
}
