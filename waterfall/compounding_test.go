package waterfall_test

import (
	"math/big"
	"testing"
	"time"

	"github.com/jvwaterfall/jvwaterfall/contract"
	"github.com/jvwaterfall/jvwaterfall/tranche"
	"github.com/jvwaterfall/jvwaterfall/waterfall"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"
)

// leapDeal: the LP puts in 10,000,000.00 on 2023-12-31; with income,
// 150,000.00 is distributed at each quarter end of 2024 (the first
// quarter holds 2024-02-29: 91 days); 12,000,000.00 on 2025-03-31. Pref
// at 8% on ACT/365F first, then capital, then 80/20.
func leapDeal(c contract.Compounding, income bool) *waterfall.Deal {
	lp := []tranche.PartyID{"LP"}
	q := func(y int, m time.Month, d int) contract.Flow {
		return contract.Flow{Date: contract.Date(y, m, d), Amount: dec("150000.00")}
	}
	proceeds := []contract.Flow{q(2024, 3, 31), q(2024, 6, 30), q(2024, 9, 30), q(2024, 12, 31)}
	if !income {
		proceeds = nil
	}
	return &waterfall.Deal{
		Currency: "USD", Scale: 2,
		Parties:  []waterfall.Party{{ID: "LP", Commitment: dec("10000000")}, {ID: "GP", Role: waterfall.RoleSponsor}},
		Periods:  must(contract.Schedule{Start: contract.Date(2023, 9, 30), End: contract.Date(2025, 3, 31), Frequency: contract.EveryQuarter, EndOfMonth: true}.Periods()),
		Calls:    []waterfall.Call{{Date: contract.Date(2023, 12, 31), Amount: dec("10000000.00")}},
		Proceeds: append(proceeds, contract.Flow{Date: contract.Date(2025, 3, 31), Amount: dec("12000000.00")}),
		Stack: tranche.Sequence(
			must(tranche.NewPreferredReturn(tranche.PreferredReturn{Name: "pref", Parties: lp,
				Rate: contract.Rate{Annual: dec("0.08"), Compounding: c, DayCount: contract.ACT365F}})),
			must(tranche.NewReturnOfCapital(tranche.ReturnOfCapital{Name: "capital", Parties: lp})),
			must(tranche.NewSplit(tranche.Split{Name: "carry", Shares: []tranche.Share{
				{Parties: lp, Weight: dec("0.8")}, {Parties: []tranche.PartyID{"GP"}, Weight: dec("0.2"), Promote: true}}})),
		),
	}
}

// TestPref_compoundingAcrossLeapDay runs leapDeal under the two
// conventions and checks the pref paid at the sale against closed forms
// computed here, not by the library:
//
//   - at-flows: H ← H·(1 + 0.08·d/365) − 150,000 from each of the LP's
//     flows to the next, d days apart, in exact rationals;
//   - quarterly: H ← H·1.02^(4·d/365) − 150,000, with the power computed
//     as exp(y·ln 1.02) to 320 bits by series.
//
// The pref is H − 10,000,000 at the sale rounded up to the cent; the
// rest after capital is split 80/20 by largest remainder. With quarterly
// income, the LP's flows are a quarter apart, but the leap-year quarters
// are 91 and 92 days, not a quarter of 365, so the two differ by a few
// dollars; without, at-flows accrues simply over the 456 days to the
// sale where quarterly compounds five times, and tens of thousands of
// dollars move between the LP and the GP.
func TestPref_compoundingAcrossLeapDay(t *testing.T) {
	for _, income := range []bool{true, false} {
		leapDays := []int64{91, 91, 92, 92, 90} // between 2023-12-31, the quarter ends of 2024 and 2025-03-31
		if !income {
			leapDays = []int64{456}
		}
		checkLeapDeal(t, income, leapDays)
	}
}

func checkLeapDeal(t *testing.T, income bool, leapDays []int64) {
	capital := big.NewRat(10_000_000, 1)
	dist := big.NewRat(150_000, 1)
	atFlows := new(big.Rat).Set(capital)
	for k, d := range leapDays {
		atFlows.Mul(atFlows, new(big.Rat).Add(big.NewRat(1, 1), big.NewRat(8*d, 100*365)))
		if k < len(leapDays)-1 {
			atFlows.Sub(atFlows, dist)
		}
	}
	const prec = 320
	f := func(x *big.Rat) *big.Float { return new(big.Float).SetPrec(prec).SetRat(x) }
	ln102 := lnBig(f(big.NewRat(102, 100)))
	quarterly := f(capital)
	for k, d := range leapDays {
		y := new(big.Float).SetPrec(prec).Mul(ln102, f(big.NewRat(4*d, 365)))
		quarterly.Mul(quarterly, expBig(y))
		if k < len(leapDays)-1 {
			quarterly.Sub(quarterly, f(dist))
		}
	}
	ceilCents := func(h *big.Float) decimal.Decimal {
		x := new(big.Float).SetPrec(prec).Sub(h, f(capital))
		x.Mul(x, f(big.NewRat(100, 1)))
		n, acc := x.Int(nil)
		if acc == big.Below {
			n.Add(n, big.NewInt(1))
		}
		return decimal.NewFromBigInt(n, -2)
	}
	want := map[contract.Compounding]decimal.Decimal{contract.AtFlows: ceilCents(f(atFlows)), contract.Quarterly: ceilCents(quarterly)}
	gps := map[contract.Compounding]decimal.Decimal{}
	for c, pref := range want {
		res, err := waterfall.Run(leapDeal(c, income))
		require.NoError(t, err)
		lp, _ := res.Party("LP")
		gp, _ := res.Party("GP")
		// With income, four quarters of 150,000.00 pref, then the pref at the sale.
		paid := decimal.New(150_000*int64(len(leapDays)-1), 0)
		require.True(t, lp.ByKind[tranche.KindPref].Equal(pref.Add(paid)), "%v: pref %s, want %s + %s", c, lp.ByKind[tranche.KindPref], pref, paid)
		rest := dec("2000000").Sub(pref).Shift(2).IntPart() // cents after capital
		lpCents, gpCents := rest*8/10, rest*2/10
		if lpCents+gpCents < rest { // one cent left: the larger remainder, ties to the LP
			if rest*2%10 > rest*8%10 {
				gpCents++
			} else {
				lpCents++
			}
		}
		require.True(t, gp.Distributed.Equal(decimal.New(gpCents, -2)), "%v: GP %s, want %d cents", c, gp.Distributed, gpCents)
		require.True(t, lp.Distributed.Equal(paid.Add(pref).Add(dec("10000000")).Add(decimal.New(lpCents, -2))), "%v: LP %s", c, lp.Distributed)
		gps[c] = gp.Distributed
	}
	// The conventions differ: at-flows accrues 91/365 of 8% over the
	// leap quarter where quarterly compounding accrues 1.02^(364/365).
	require.False(t, want[contract.AtFlows].Equal(want[contract.Quarterly]))
	t.Logf("income %v: pref at the sale: at-flows %s, quarterly %s; GP: at-flows %s, quarterly %s",
		income, want[contract.AtFlows], want[contract.Quarterly], gps[contract.AtFlows], gps[contract.Quarterly])
}

// lnBig is ln x for x near 1: 2·atanh((x−1)/(x+1)) by its series.
func lnBig(x *big.Float) *big.Float {
	p := x.Prec()
	one := new(big.Float).SetPrec(p).SetInt64(1)
	z := new(big.Float).SetPrec(p).Quo(new(big.Float).SetPrec(p).Sub(x, one), new(big.Float).SetPrec(p).Add(x, one))
	z2 := new(big.Float).SetPrec(p).Mul(z, z)
	sum, term := new(big.Float).SetPrec(p), new(big.Float).SetPrec(p).Set(z)
	for k := int64(1); k < 400; k += 2 {
		sum.Add(sum, new(big.Float).SetPrec(p).Quo(term, new(big.Float).SetPrec(p).SetInt64(k)))
		term.Mul(term, z2)
	}
	return sum.Mul(sum, new(big.Float).SetPrec(p).SetInt64(2))
}

// expBig is e^y for small |y| by its Taylor series.
func expBig(y *big.Float) *big.Float {
	p := y.Prec()
	sum, term := new(big.Float).SetPrec(p).SetInt64(1), new(big.Float).SetPrec(p).SetInt64(1)
	for k := int64(1); k < 200; k++ {
		term.Mul(term, y)
		term.Quo(term, new(big.Float).SetPrec(p).SetInt64(k))
		sum.Add(sum, term)
	}
	return sum
}
