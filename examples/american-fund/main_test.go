package main

import (
	"bytes"
	"path/filepath"
	"testing"

	"github.com/jvwaterfall/jvwaterfall/fund"
	"github.com/jvwaterfall/jvwaterfall/internal/golden"
	"github.com/jvwaterfall/jvwaterfall/report"
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

func within(t *testing.T, got, want decimal.Decimal, cents int64, what string) {
	t.Helper()
	require.True(t, got.Sub(want).Abs().LessThanOrEqual(decimal.New(cents, -2)), "%s: got %s, want %s ± %d cents", what, got, want, cents)
}

// TestFundFigures proves the example's key figures from the terms, without
// the engine's tranches.
func TestFundFigures(t *testing.T) {
	deal, err := buildFund()
	require.NoError(t, err)
	out, err := fund.Run(deal)
	require.NoError(t, err)
	res := out.Result

	// Fees, closed form. Q1 2020: 2%/4 × 100M = 500,000, all offset by 80%
	// of the 700,000 transaction fee (560,000), 60,000 carried; Q2 2020:
	// 440,000; then 500,000 a quarter to the end of 2022 (10 quarters).
	// After: 1.5%/4 of the cost of unrealized deals at the quarter's start:
	// 95M → 356,250 (3 quarters of 2023 to Northwind's exit), 60M → 225,000
	// (3 quarters to Harbor's write-off), 25M → 93,750 (12 quarters to
	// Cobalt's exit), then nothing.
	want := []string{"0", "440000"}
	for range 10 {
		want = append(want, "500000")
	}
	for _, n := range []struct {
		count int
		fee   string
	}{{3, "356250"}, {3, "225000"}, {12, "93750"}, {2, "0"}} {
		for range n.count {
			want = append(want, n.fee)
		}
	}
	require.Len(t, res.Fees, len(want))
	fees := decimal.Zero
	for i, l := range res.Fees {
		require.Equal(t, want[i], l.Net.String(), "fee of period %d", i+1)
		fees = fees.Add(l.Net)
	}
	require.Equal(t, "8308750", fees.String())
	mgr, _ := res.Party("MGR")
	require.True(t, mgr.ByKind[tranche.KindFee].Equal(fees))

	// Cash: 186M of proceeds all distributed; 95M invested plus the fees
	// contributed.
	distributed, contributed := fundCash(res)
	require.Equal(t, "186000000", distributed.String())
	require.Equal(t, "103308750", contributed.String())
	profit := distributed.Sub(contributed) // 82,691,250

	// Deal by deal: Northwind's 160M first returns the 6,508,750 of fees
	// called to its exit (0 + 440,000 + 10 × 500,000 + 3 × 356,250), then
	// its 35M; the pref is paid and the catch-up completes, so the GP's
	// carry is 20% of the rest, 0.2 × 118,491,250 = 23,698,250, give or
	// take a cent of catch-up rounding.
	require.Equal(t, "6508750", paidByTranche(res, "Northwind/recovery").String())
	earned := paidTo(res, "Northwind/catch-up", sponsor).Add(paidTo(res, "Northwind/carry", sponsor))
	within(t, earned, usd("118491250").Mul(carry), 1, "Northwind carry")
	// 25% of each carry payment went into escrow, rounded down.
	within(t, heldInEscrow(res), earned.Mul(escrow), 2, "escrow held")

	// The final clawback: the GP keeps 20% of the fund's profit (the
	// whole-fund pref was paid and the catch-up completed), to the cent.
	gp, _ := res.Party(sponsor)
	kept := gp.Distributed.Sub(gp.PaidOut)
	within(t, kept, profit.Mul(carry), 1, "GP carry kept")
	lb := out.Lookbacks[len(out.Lookbacks)-1]
	require.True(t, lb.Final)
	require.True(t, lb.Excess.Equal(earned.Sub(kept)))
	// Escrow is used first and ends empty; the GP's part is within its
	// after-tax cap, 65% of the carry it received (earned − escrowed).
	require.True(t, lb.FromEscrow.Equal(heldInEscrow(res)))
	esc, _ := res.Party("ESCROW")
	require.True(t, esc.Distributed.Equal(esc.PaidOut))
	require.True(t, lb.FromSponsor.LessThanOrEqual(earned.Sub(lb.FromEscrow).Mul(decimal.NewFromInt(1).Sub(taxRate))))
	require.True(t, lb.Unpaid.IsZero())

	// The LPs hold the rest, 60/30/10, and cleared their 8% pref.
	lpTotal := distributed.Sub(kept)
	for id, share := range map[tranche.PartyID]string{"LP-A": "0.6", "LP-B": "0.3", "LP-C": "0.1"} {
		p, _ := res.Party(id)
		within(t, p.Distributed.Sub(p.PaidOut), lpTotal.Mul(usd(share)), 5, string(id))
		irr, err := res.XIRR(id)
		require.NoError(t, err)
		require.Greater(t, irr, 0.08, id)
	}
}

func paidByTranche(res *waterfall.Result, id tranche.TrancheID) decimal.Decimal {
	total := decimal.Zero
	for _, p := range res.Payments.All() {
		if p.Tranche == id {
			total = total.Add(p.Amount)
		}
	}
	return total
}

// heldInEscrow is the carry the GP paid into escrow.
func heldInEscrow(res *waterfall.Result) decimal.Decimal {
	total := decimal.Zero
	for _, p := range res.Payments.All() {
		if p.Tranche == fund.EscrowTranche && p.From == sponsor {
			total = total.Add(p.Amount)
		}
	}
	return total
}

func paidTo(res *waterfall.Result, id tranche.TrancheID, party tranche.PartyID) decimal.Decimal {
	total := decimal.Zero
	for _, p := range res.Payments.All() {
		if p.Tranche == id && p.Party == party {
			total = total.Add(p.Amount)
		}
	}
	return total
}

// TestEscrowFirstPayment pins the one first-payment rule on the fund's
// transfers (issue 11): the escrow account is paid when the GP first puts
// carry into it, on Northwind's exit (period 14, 2023-09-30, "15" in the
// table's 1-based count), and its breakpoint is the fund's own cash paid
// before that, 61,548,024.72, each dollar once. Asking for every kind
// gives the same answer (it said "never paid", with the whole 186M as
// breakpoint, when transfers were skipped), and the LPs' first clawback
// receipts, transfers too, are found at the final lookback.
func TestEscrowFirstPayment(t *testing.T) {
	deal, err := buildFund()
	require.NoError(t, err)
	out, err := fund.Run(deal)
	require.NoError(t, err)
	res := out.Result

	fp, err := report.FirstPaymentOf(res, "ESCROW")
	require.NoError(t, err)
	require.True(t, fp.Paid)
	require.Equal(t, 14, fp.Period)
	require.Equal(t, "2023-09-30", fp.Date.Format("2006-01-02"))
	require.Equal(t, "61548024.72", fp.Breakpoint.StringFixed(2))
	// Second path: the fund's payments ahead of the first transfer into
	// escrow.
	deal0 := decimal.Zero
	for _, p := range res.Payments.All() {
		if p.Party == "ESCROW" {
			break
		}
		if p.From == "" {
			deal0 = deal0.Add(p.Amount)
		}
	}
	require.True(t, deal0.Equal(fp.Breakpoint))

	var every []tranche.Kind
	for k := range tranche.Kind(tranche.NumKinds) {
		every = append(every, k)
	}
	all, err := report.FirstPaymentOf(res, "ESCROW", every...)
	require.NoError(t, err)
	require.Equal(t, fp, all)

	claw, err := report.FirstPaymentOf(res, "LP-A", tranche.KindClawback)
	require.NoError(t, err)
	require.True(t, claw.Paid)
	require.Equal(t, "2027-12-31", claw.Date.Format("2006-01-02"))
}
