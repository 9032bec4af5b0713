package main

import (
	"bytes"
	"math/big"
	"path/filepath"
	"testing"

	"github.com/jvwaterfall/jvwaterfall/internal/golden"
	"github.com/jvwaterfall/jvwaterfall/tranche"
	"github.com/jvwaterfall/jvwaterfall/waterfall"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"
)

// TestOutput pins the program's output against regressions. The figures in
// it are proven independently by TestExitFigures and TestBreakpointFigures.
func TestOutput(t *testing.T) {
	var buf bytes.Buffer
	require.NoError(t, run(&buf))
	golden.Check(t, filepath.Join("testdata", "output.golden"), buf.Bytes())
}

func r(s string) *big.Rat {
	x, ok := new(big.Rat).SetString(s)
	if !ok {
		panic(s)
	}
	return x
}

func rmax(a, b *big.Rat) *big.Rat {
	if a.Cmp(b) > 0 {
		return a
	}
	return b
}

func rmin(a, b *big.Rat) *big.Rat {
	if a.Cmp(b) < 0 {
		return a
	}
	return b
}

func lin(a string, n string, p *big.Rat) *big.Rat { // a + n·p
	x := new(big.Rat).Mul(r(n), p)
	return x.Add(x, r(a))
}

// byHand is each class's payout once every preference is paid, at value
// per common share p, written out from the terms in capTable:
//
//	Series B: max(10M, 2M·p)          (1x non-participating)
//	Series A: max(min(4M + 2M·p, 12M), 2M·p)   (1x participating, 3x cap)
//	Seed:     max(1M, 1M·p)           (1x non-participating)
//	Founders: 7M·p
//	Options:  1M·max(0, p − 0.75)     (strike paid in, paid net)
func byHand(p *big.Rat) map[string]*big.Rat {
	opt := new(big.Rat).Sub(p, r("0.75"))
	return map[string]*big.Rat{
		"Series B": rmax(r("10000000"), lin("0", "2000000", p)),
		"Series A": rmax(rmin(lin("4000000", "2000000", p), r("12000000")), lin("0", "2000000", p)),
		"Seed":     rmax(r("1000000"), lin("0", "1000000", p)),
		"Founders": lin("0", "7000000", p),
		"Options":  new(big.Rat).Mul(r("1000000"), rmax(new(big.Rat), opt)),
	}
}

func sumOf(m map[string]*big.Rat) *big.Rat {
	s := new(big.Rat)
	for _, v := range m {
		s.Add(s, v)
	}
	return s
}

// expected is each class's exact payout at exit x, by a method unlike the
// library's: the preference stack by hand below $15M, and above it p found
// by bisection on the hand-written E(p) to within 10^-15 a share.
func expected(x *big.Rat) map[string]*big.Rat {
	if x.Cmp(r("15000000")) <= 0 {
		b := rmin(x, r("10000000"))
		rest := new(big.Rat).Sub(x, b)
		return map[string]*big.Rat{
			"Series B": b,
			"Series A": new(big.Rat).Mul(rest, r("4/5")), // pari passu on $4M : $1M
			"Seed":     new(big.Rat).Mul(rest, r("1/5")),
			"Founders": new(big.Rat), "Options": new(big.Rat),
		}
	}
	lo, hi := new(big.Rat), new(big.Rat).Quo(x, r("1000000"))
	for new(big.Rat).Sub(hi, lo).Cmp(r("1/1000000000000000")) > 0 {
		mid := new(big.Rat).Add(lo, hi)
		mid.Quo(mid, r("2"))
		if sumOf(byHand(mid)).Cmp(x) < 0 {
			lo = mid
		} else {
			hi = mid
		}
	}
	return byHand(hi)
}

// TestExitFigures checks every payout the program prints against the
// hand-written formulas, to the cent, and that each row adds up to its
// exit value exactly.
func TestExitFigures(t *testing.T) {
	ct, err := capTable()
	require.NoError(t, err)
	for _, s := range exits {
		t.Run(s, func(t *testing.T) {
			d, err := ct.Distribute(usd(s), 2)
			require.NoError(t, err)
			want := expected(r(s))
			total := decimal.Zero
			for _, c := range d.Classes {
				diff := new(big.Rat).Sub(r(c.Total.String()), want[c.Class])
				require.True(t, diff.Abs(diff).Cmp(r("2/100")) < 0, "%s at %s: got %s, want %s", c.Class, s, c.Total, want[c.Class].FloatString(4))
				total = total.Add(c.Total)
			}
			require.True(t, total.Equal(usd(s)))
		})
	}
	t.Run("first dollar", func(t *testing.T) {
		// Above $15M the founders' 7M shares and Series A's 2M share each
		// dollar: the founders' $1 needs 15M + 9/7.
		first, err := ct.ExitFor("Founders", usd("1"), 2)
		require.NoError(t, err)
		require.Equal(t, "15000001.29", first.StringFixed(2))
	})
	t.Run("ledger", func(t *testing.T) {
		d, err := deal(ct, usd(ledgerExit))
		require.NoError(t, err)
		res, err := waterfall.Run(d)
		require.NoError(t, err)
		want := expected(r(ledgerExit))
		paid := decimal.Zero
		for _, p := range res.Payments.All() {
			paid = paid.Add(p.Amount)
		}
		require.True(t, paid.Equal(usd(ledgerExit)))
		require.True(t, res.Retained().IsZero())
		// b-fund: its preference, exactly (it has not converted at $50M).
		b, _ := res.Party("b-fund")
		require.Equal(t, want["Series B"].FloatString(2), b.Distributed.StringFixed(2))
		require.Equal(t, "10000000.00", b.ByKind[tranche.KindPref].StringFixed(2))
		// alice: 4/7 of the founders' class.
		alice, _ := res.Party("alice")
		wantAlice := new(big.Rat).Mul(want["Founders"], r("4/7"))
		diff := new(big.Rat).Sub(r(alice.Distributed.String()), wantAlice)
		require.True(t, diff.Abs(diff).Cmp(r("1/100")) < 0, "alice %s, want %s", alice.Distributed, wantAlice.FloatString(4))
	})
}

// TestBreakpointFigures checks the breakpoint table against the thresholds
// of the hand-written E(p): options at p = 0.75, seed converts at 1
// (1M/1M shares), A's cap binds at (12M − 4M)/2M = 4, B converts at
// 10M/2M = 5, A converts at 12M/2M = 6; the stack at 10M and 15M.
func TestBreakpointFigures(t *testing.T) {
	ct, err := capTable()
	require.NoError(t, err)
	bs, err := ct.Breakpoints()
	require.NoError(t, err)
	at := func(p string) string { return sumOf(byHand(r(p))).FloatString(2) }
	want := map[string]string{
		"Series B/" + tranche.BreakStart.String():          "0.00",
		"Series B/" + tranche.BreakPreferencePaid.String(): "10000000.00",
		"Series A/" + tranche.BreakStart.String():          "10000000.00",
		"Seed/" + tranche.BreakStart.String():              "10000000.00",
		"Series A/" + tranche.BreakPreferencePaid.String(): "15000000.00",
		"Seed/" + tranche.BreakPreferencePaid.String():     "15000000.00",
		"Series A/" + tranche.BreakParticipates.String():   at("0"),
		"Founders/" + tranche.BreakStart.String():          at("0"),
		"Options/" + tranche.BreakStart.String():           at("0.75"),
		"Seed/" + tranche.BreakConverts.String():           at("1"),
		"Series A/" + tranche.BreakCapReached.String():     at("4"),
		"Series B/" + tranche.BreakConverts.String():       at("5"),
		"Series A/" + tranche.BreakConverts.String():       at("6"),
	}
	got := map[string]string{}
	for _, b := range bs {
		require.True(t, b.Exact)
		got[b.Class+"/"+b.Kind.String()] = b.Exit.StringFixed(2)
	}
	require.Equal(t, want, got)
}
