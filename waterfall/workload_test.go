package waterfall_test

import (
	"fmt"
	"time"

	"github.com/jvwaterfall/jvwaterfall/contract"
	"github.com/jvwaterfall/jvwaterfall/tranche"
	"github.com/jvwaterfall/jvwaterfall/waterfall"
	"github.com/shopspring/decimal"
)

// benchFund is the documented performance workload (a): a European fund
// with K investors (LPs) and a GP sponsor who commits nothing, run through
// a four-tier stack — return of capital, an 8% pref compounding annually on
// ACT/365F, a 100% GP catch-up to 20% of profit, then 80/20 — over P
// periods that span ten years (2020-01-01 to 2030-01-01, period i ending
// on day ⌊i·3653/P⌋).
//
// Commitments run from $1,000,000 to $9,900,000 (LP i commits
// $1,000,000 + ((i·7919) mod 90)·$100,000). All commitments are called,
// pro rata, in equal amounts over the first fifth of the periods (the
// remainder with the last call); distributions of 2.2× commitments follow
// in equal amounts over the remaining periods (the remainder with the
// last). Amounts are in cents, as the engine stores them.
//
// The int64 and float64 baselines in baseline_test.go run the same fund
// from these fields; deal() gives the engine's version.
type benchFund struct {
	P, K     int
	commit   []int64     // each LP's commitment, in cents
	ends     []time.Time // each period's end
	start    time.Time
	calls    []int64 // amount called at each period's end, in cents (0: none)
	proceeds []int64 // distributable cash at each period's end, in cents (0: none)
}

var benchPref = contract.Rate{Annual: decimal.RequireFromString("0.08"), Compounding: contract.Annual, DayCount: contract.ACT365F}

// Catch-up target 20% (1/5) at rate 100%; carry 80/20.
const (
	benchCarryNum, benchCarryDen = 1, 5
)

func newBenchFund(P, K int) *benchFund {
	f := &benchFund{P: P, K: K, start: time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)}
	const days = 3653 // 2020-01-01 to 2030-01-01
	f.ends = make([]time.Time, P)
	for i := range f.ends {
		f.ends[i] = f.start.AddDate(0, 0, (i+1)*days/P)
	}
	f.commit = make([]int64, K)
	total := int64(0)
	for i := range f.commit {
		f.commit[i] = (1_000_000 + int64((i*7919)%90)*100_000) * 100
		total += f.commit[i]
	}
	nCall := max(1, P/5)
	f.calls = make([]int64, P)
	f.proceeds = make([]int64, P)
	spread := func(out []int64, amount int64, from, to int) {
		n := int64(to - from)
		for i := from; i < to; i++ {
			out[i] = amount / n
		}
		out[to-1] += amount % n
	}
	spread(f.calls, total, 0, nCall)
	spread(f.proceeds, total*22/10, nCall, P)
	return f
}

func (f *benchFund) lpID(i int) tranche.PartyID { return tranche.PartyID(fmt.Sprintf("LP-%05d", i)) }

const benchGP tranche.PartyID = "GP"

// deal builds the fund for the engine.
func (f *benchFund) deal() (*waterfall.Deal, error) {
	cents := func(c int64) decimal.Decimal { return decimal.New(c, -2) }
	d := &waterfall.Deal{Name: fmt.Sprintf("bench P=%d K=%d", f.P, f.K), Currency: "USD", Scale: 2}
	lps := make([]tranche.PartyID, f.K)
	for i := range lps {
		lps[i] = f.lpID(i)
		d.Parties = append(d.Parties, waterfall.Party{ID: lps[i], Commitment: cents(f.commit[i])})
	}
	d.Parties = append(d.Parties, waterfall.Party{ID: benchGP, Role: waterfall.RoleSponsor})
	prev := f.start
	for i, end := range f.ends {
		d.Periods = append(d.Periods, contract.Period{Index: i, Start: prev, End: end})
		prev = end
		if f.calls[i] > 0 {
			d.Calls = append(d.Calls, waterfall.Call{Date: end, Amount: cents(f.calls[i])})
		}
		if f.proceeds[i] > 0 {
			d.Proceeds = append(d.Proceeds, contract.Flow{Date: end, Amount: cents(f.proceeds[i])})
		}
	}
	roc, err := tranche.NewReturnOfCapital(tranche.ReturnOfCapital{Name: "capital", Parties: lps})
	if err != nil {
		return nil, err
	}
	pref, err := tranche.NewPreferredReturn(tranche.PreferredReturn{Name: "pref", Rate: benchPref, Parties: lps})
	if err != nil {
		return nil, err
	}
	carry := decimal.New(benchCarryNum, 0).DivRound(decimal.New(benchCarryDen, 0), 2)
	catchUp, err := tranche.NewCatchUp(tranche.CatchUp{
		Name:      "catch-up",
		Sponsor:   benchGP,
		Target:    carry,
		Rate:      decimal.NewFromInt(1),
		Investors: lps,
	})
	if err != nil {
		return nil, err
	}
	split, err := tranche.NewSplit(tranche.Split{
		Name: "carry",
		Shares: []tranche.Share{
			{Parties: lps, Weight: decimal.NewFromInt(1).Sub(carry)},
			{Parties: []tranche.PartyID{benchGP}, Weight: carry, Promote: true},
		},
	})
	if err != nil {
		return nil, err
	}
	d.Stack = tranche.Sequence(roc, pref, catchUp, split)
	return d, nil
}
