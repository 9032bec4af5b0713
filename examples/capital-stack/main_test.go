package main

import (
	"bytes"
	"math"
	"math/big"
	"path/filepath"
	"testing"

	"github.com/jvwaterfall/jvwaterfall/internal/golden"
	"github.com/jvwaterfall/jvwaterfall/tranche"
	"github.com/jvwaterfall/jvwaterfall/waterfall"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"
)

// TestOutput pins the program's output against regressions. Its figures
// are proven independently by the tests below.
func TestOutput(t *testing.T) {
	var buf bytes.Buffer
	require.NoError(t, run(&buf))
	golden.Check(t, filepath.Join("testdata", "output.golden"), buf.Bytes())
}

func runJV(t *testing.T) *waterfall.Result {
	t.Helper()
	s, err := jv()
	require.NoError(t, err)
	res, err := waterfall.Run(s.deal)
	require.NoError(t, err)
	return res
}

// paid sums the ledger by quarter for one tranche and kind (any kind when
// kind is nil).
func paid(res *waterfall.Result, id tranche.TrancheID, kind *tranche.Kind) []decimal.Decimal {
	out := make([]decimal.Decimal, len(res.Periods))
	for i := range out {
		out[i] = decimal.Zero
	}
	for _, p := range res.Payments.All() {
		if p.Tranche == id && (kind == nil || p.Kind == *kind) {
			out[p.Period] = out[p.Period].Add(p.Amount)
		}
	}
	return out
}

func kindp(k tranche.Kind) *tranche.Kind { return &k }

// closedFormPayment is P = B·i/(1 − (1+i)^−n), exact in rationals, rounded
// half up to the cent.
func closedFormPayment(b decimal.Decimal, i *big.Rat, n int) decimal.Decimal {
	B, _ := new(big.Rat).SetString(b.String())
	g := big.NewRat(1, 1)
	base := new(big.Rat).Add(big.NewRat(1, 1), i)
	for range n {
		g.Mul(g, base)
	}
	p := new(big.Rat).Mul(B, i)
	p.Mul(p, g)
	p.Quo(p, new(big.Rat).Sub(g, big.NewRat(1, 1)))
	c := new(big.Rat).Add(new(big.Rat).Mul(p, big.NewRat(100, 1)), big.NewRat(1, 2))
	return decimal.NewFromBigInt(new(big.Int).Quo(c.Num(), c.Denom()), -2)
}

// TestSeniorLoan: the senior lender is paid exactly its contract, computed
// here from the terms alone: a 1% fee at closing, 8 quarters of interest at
// 6%/4 on 55,000,000 (30/360 quarters are exactly a quarter year), then the
// level payment on a 120-quarter profile, P = B·i/(1 − (1+i)^−n) with
// i = 1.5%: interest = balance × i rounded to the cent, principal = P −
// interest; at maturity the balance (balloon) with the quarter's interest.
func TestSeniorLoan(t *testing.T) {
	res := runJV(t)
	fees := paid(res, "senior", kindp(tranche.KindFee))
	interest := paid(res, "senior", kindp(tranche.KindInterest))
	principal := paid(res, "senior", kindp(tranche.KindPrincipal))
	require.Equal(t, "550000.00", fees[0].StringFixed(2))
	i := decimal.RequireFromString("0.015")
	bal := decimal.RequireFromString("55000000")
	pay := closedFormPayment(bal, big.NewRat(15, 1000), 120)
	require.Equal(t, "991018.59", pay.StringFixed(2))
	for q := 1; q <= quarters; q++ {
		wantI := bal.Mul(i).Round(2)
		wantP := decimal.Zero
		switch {
		case q == quarters:
			wantP = bal
		case q > 8:
			wantP = pay.Sub(wantI)
		}
		require.Equal(t, wantI.StringFixed(2), interest[q].StringFixed(2), "Q%d interest", q)
		require.Equal(t, wantP.StringFixed(2), principal[q].StringFixed(2), "Q%d principal", q)
		require.True(t, fees[q].IsZero(), "Q%d fees", q)
		bal = bal.Sub(wantP)
	}
	for _, e := range res.Events {
		require.NotEqual(t, tranche.TrancheID("senior"), e.Tranche, "senior event %+v", e)
	}
}

// TestMezzanineLoan rolls the mezzanine balance forward from the terms:
// each quarter cash interest = balance × (max(index, 2%) + 6.5%)/4 and PIK
// = balance × 3%/4, each rounded to the cent; cash interest not paid (read
// from the ledger) is capitalised. At maturity the lender gets the balance
// plus the last PIK as principal.
func TestMezzanineLoan(t *testing.T) {
	res := runJV(t)
	interest := paid(res, "mezz", kindp(tranche.KindInterest))
	principal := paid(res, "mezz", kindp(tranche.KindPrincipal))
	require.Equal(t, "150000.00", paid(res, "mezz", kindp(tranche.KindFee))[0].StringFixed(2))
	bal := mezzAmt
	four := decimal.NewFromInt(4)
	shortQuarters := 0
	for q := 1; q <= quarters; q++ {
		start := res.Periods[q].Period.Start
		ix := decimal.Zero
		for _, f := range index {
			if !f.Date.After(start) {
				ix = f.Rate
			}
		}
		rate := decimal.Max(ix, mezzFloor).Add(mezzSprd)
		due := bal.Mul(rate).DivRound(four, 10).Round(2)
		pik := bal.Mul(decimal.RequireFromString("0.0075")).Round(2)
		require.True(t, interest[q].LessThanOrEqual(due), "Q%d paid %s of %s", q, interest[q], due)
		if interest[q].LessThan(due) {
			shortQuarters++
		}
		if q == quarters {
			require.Equal(t, due.StringFixed(2), interest[q].StringFixed(2))
			require.Equal(t, bal.Add(pik).StringFixed(2), principal[q].StringFixed(2))
		}
		bal = bal.Add(pik).Add(due.Sub(interest[q]))
	}
	require.Equal(t, 4, shortQuarters, "the bad year's four quarters are short")
}

// TestPreferredEquity: the coupon accrues at 12%/4 = 3% a quarter on
// capital plus accrued coupon, so the holder's balance rolls forward as
// B' = B × 1.03 − current coupon paid; at redemption it is paid B (it is
// above the 1.35x floor). Rounding the current coupon to the cent each
// quarter may move the result by at most a cent a quarter. And the
// holder's XIRR is then the coupon's effective rate, 1.03^4 − 1.
func TestPreferredEquity(t *testing.T) {
	res := runJV(t)
	got := paid(res, "pref-equity", nil)
	b := peAmt
	for q := 1; q < quarters; q++ {
		b = b.Mul(decimal.RequireFromString("1.03")).Sub(got[q])
	}
	b = b.Mul(decimal.RequireFromString("1.03"))
	require.True(t, got[quarters].Sub(b).Abs().LessThanOrEqual(decimal.New(int64(quarters), -2)), "redemption %s, roll-forward %s", got[quarters], b)
	pe, _ := res.Party("PE")
	require.True(t, pe.Distributed.GreaterThan(peAmt.Mul(decimal.RequireFromString("1.35"))))
	irr, err := res.XIRR("PE")
	require.NoError(t, err)
	require.InDelta(t, math.Pow(1.03, 4)-1, irr, 1e-3)
}

// TestCommonAndTrap: the covenant trapped cash from the breach (the first
// quarter of the bad year, DSCR 1,150,000 / 991,018.59 = 1.16 < 1.25)
// until the second passing quarter; no common equity was paid in between;
// the GP's catch-up and promote are 20% of the common equity's profit, to
// the cent; and every cent of cash in was paid out.
func TestCommonAndTrap(t *testing.T) {
	res := runJV(t)
	dscr := noi(9).DivRound(decimal.RequireFromString("991018.59"), 4)
	require.True(t, dscr.LessThan(decimal.RequireFromString("1.25")), "DSCR %s", dscr)
	require.True(t, noi(13).DivRound(decimal.RequireFromString("991018.59"), 4).GreaterThanOrEqual(decimal.RequireFromString("1.25")))
	var breach, cure int
	for _, e := range res.Events {
		switch e.Kind {
		case tranche.EventCovenantBreach:
			breach = e.Period
		case tranche.EventCovenantCured:
			cure = e.Period
		}
	}
	require.Equal(t, 9, breach)
	require.Equal(t, 14, cure) // passes in Q13 and Q14
	common := make([]decimal.Decimal, len(res.Periods))
	for i := range common {
		common[i] = decimal.Zero
	}
	for _, p := range res.Payments.All() {
		if p.Party == lp || p.Party == gp {
			common[p.Period] = common[p.Period].Add(p.Amount)
		}
	}
	for q := breach; q < cure; q++ {
		require.True(t, common[q].IsZero(), "Q%d common paid %s during the trap", q, common[q])
	}
	// Q13's trapped cash = what reached the covenant: cash in + carried −
	// senior − DSRA − mezzanine − preferred equity.
	trapped := res.Periods[13].Available
	for _, id := range []tranche.TrancheID{"senior", "mezz", "pref-equity"} {
		trapped = trapped.Sub(paid(res, id, nil)[13])
	}
	dsraQ13, trapQ13 := decimal.Zero, decimal.Zero
	for _, h := range res.Holdings {
		switch {
		case h.Period == 13 && h.Tranche == "dsra":
			dsraQ13 = h.Amount
		case h.Period == 13 && h.Tranche == "dscr":
			trapQ13 = h.Amount
		}
	}
	require.Equal(t, trapped.Sub(dsraQ13).StringFixed(2), trapQ13.StringFixed(2))
	require.True(t, trapQ13.IsPositive())
	// Released at the cure: Q14's common receipts include it.
	require.True(t, common[cure].GreaterThan(trapQ13))

	lpT, _ := res.Party(lp)
	gpT, _ := res.Party(gp)
	profit := lpT.Distributed.Add(gpT.Distributed).Sub(commonAmt)
	promote := gpT.ByKind[tranche.KindCatchUp].Add(gpT.ByKind[tranche.KindPromote])
	require.Equal(t, profit.Mul(decimal.RequireFromString("0.2")).Round(2).StringFixed(2), promote.StringFixed(2))

	total, in := decimal.Zero, decimal.Zero
	for _, p := range res.Payments.All() {
		total = total.Add(p.Amount)
	}
	for _, s := range res.Periods {
		in = in.Add(s.Proceeds).Sub(s.Costs)
	}
	require.True(t, total.Equal(in), "paid %s, cash in %s", total, in)
	require.True(t, res.Retained().IsZero())
}
