package waterfall_test

import (
	"fmt"
	"math/big"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/jvwaterfall/jvwaterfall/contract"
	"github.com/jvwaterfall/jvwaterfall/internal/oracle"
	"github.com/jvwaterfall/jvwaterfall/tranche"
	"github.com/jvwaterfall/jvwaterfall/waterfall"
	"github.com/shopspring/decimal"
)

// roundingFund is a random European fund drawn twice: as a deal for the
// engine and as terms for the oracle (internal/oracle.RunFund).
type roundingFund struct {
	deal  *waterfall.Deal
	terms *oracle.Fund
}

// genRoundingFund draws a European fund: an LP (sometimes two, sometimes
// with the GP co-investing beside it), contributions and distributions on
// irregular dates across leap years (one period per flow date, so every
// flow keeps its date), return of capital, a compounding pref or none, 1–4
// IRR, multiple or combined tiers at rising rates and falling investor
// shares, a full or partial catch-up after any of them or none, and a
// final split. An investor share holds at most two parties, and every
// tier two shares, so a tier's split is monotone in its amount (largest
// remainder among three or more is not: the Alabama paradox) and
// bisection finds the least amount.
func genRoundingFund(r *rand.Rand, policy tranche.Rounding) roundingFund {
	cents := func(lo, hi int64) int64 { return lo*100 + r.Int64N((hi-lo)*100) }
	rate := func(lo, hi int64) decimal.Decimal { return decimal.New(lo+r.Int64N(hi-lo+1), -4) } // basis points
	lps := []string{"LP"}
	coInvest := false
	switch r.IntN(3) {
	case 0:
		lps = append(lps, "LP2")
	case 1:
		coInvest = true
	}
	investors := slices.Clone(lps)
	if coInvest {
		investors = append(investors, "GP")
	}
	// Flow dates: 1–3 contribution dates, then 2–5 distribution dates,
	// 1–500 days apart, from 2019 to 2024 (2020 and 2024 are leap years).
	start := time.Date(2019+r.IntN(6), time.Month(1+r.IntN(12)), 1+r.IntN(28), 0, 0, 0, 0, time.UTC)
	nc, nd := 1+r.IntN(3), 2+r.IntN(4)
	dates := make([]time.Time, nc+nd)
	at := start
	for i := range dates {
		at = at.AddDate(0, 0, 1+r.IntN(500))
		dates[i] = at
	}
	terms := &oracle.Fund{Commitments: map[string]int64{}, Capital: investors, Parties: append(slices.Clone(lps), "GP")}
	if policy == tranche.HalfEven {
		terms.Policy = oracle.HalfEven
	}
	var contribs []waterfall.Contribution
	total := int64(0)
	for i := range nc {
		for _, p := range investors {
			a := cents(10_000, 2_000_000)
			if p == "GP" {
				a = cents(100, 100_000)
			}
			contribs = append(contribs, waterfall.Contribution{Date: dates[i], Party: tranche.PartyID(p), Amount: decimal.New(a, -2)})
			terms.Contributions = append(terms.Contributions, oracle.FundFlow{Date: dates[i], Party: p, Amount: a})
			terms.Commitments[p] += a
			total += a
		}
	}
	var proceeds []contract.Flow
	for i := nc; i < nc+nd; i++ {
		a := total*int64(5+r.IntN(90))/100 + r.Int64N(100_000)
		if r.IntN(4) == 0 {
			a = total * int64(100+r.IntN(200)) / 100
		}
		proceeds = append(proceeds, contract.Flow{Date: dates[i], Amount: decimal.New(a, -2)})
		terms.Proceeds = append(terms.Proceeds, oracle.FundFlow{Date: dates[i], Amount: a})
	}
	var parties []waterfall.Party
	for _, p := range terms.Parties {
		parties = append(parties, waterfall.Party{ID: tranche.PartyID(p), Commitment: decimal.New(terms.Commitments[p], -2)})
	}
	periods, err := contract.Explicit(start, dates...)
	if err != nil {
		panic(err)
	}

	ids := func(ps []string) []tranche.PartyID {
		out := make([]tranche.PartyID, len(ps))
		for i, p := range ps {
			out[i] = tranche.PartyID(p)
		}
		return out
	}
	annual := func(a decimal.Decimal) contract.Rate {
		return contract.Rate{Annual: a, Compounding: contract.Annual, DayCount: contract.ACT365F}
	}
	shares := func(lpShare decimal.Decimal) ([]tranche.Share, []oracle.FundShare) {
		carry := decimal.NewFromInt(1).Sub(lpShare)
		return []tranche.Share{{Parties: ids(investors), Weight: lpShare}, {Parties: ids([]string{"GP"}), Weight: carry, Promote: true}},
			[]oracle.FundShare{{Parties: investors, Weight: lpShare}, {Parties: []string{"GP"}, Weight: carry, Promote: true}}
	}
	stack := []tranche.Tranche{must(tranche.NewReturnOfCapital(tranche.ReturnOfCapital{Name: "capital", Parties: ids(investors)}))}
	if r.IntN(4) != 0 {
		terms.PrefRate = rate(300, 1000)
		stack = append(stack, must(tranche.NewPreferredReturn(tranche.PreferredReturn{Name: "pref", Parties: ids(investors), Rate: annual(terms.PrefRate)})))
	}
	nt := 1 + r.IntN(4)
	hurdle, lpShare := int64(600), int64(95)
	var tiers []tranche.Tranche
	for j := range nt {
		hurdle += int64(100 + r.IntN(600))
		lpShare -= int64(5 + r.IntN(10))
		t := oracle.FundTier{Name: fmt.Sprintf("tier-%d", j), Investors: lps}
		switch r.IntN(4) {
		case 0:
			t.Multiple = decimal.New(110+int64(j)*20+r.Int64N(20), -2)
		case 1:
			t.Rate, t.Multiple = rate(hurdle, hurdle), decimal.New(110+int64(j)*20+r.Int64N(20), -2)
		default:
			t.Rate = rate(hurdle, hurdle)
		}
		var sh []tranche.Share
		sh, t.Shares = shares(decimal.New(lpShare, -2))
		tiers = append(tiers, must(tranche.NewHurdle(tranche.Hurdle{Name: tranche.TrancheID(t.Name), Investors: ids(lps),
			Rate: annual(t.Rate), Multiple: t.Multiple, Shares: sh})))
		terms.Tiers = append(terms.Tiers, t)
	}
	carry := decimal.New(100-lpShare+r.Int64N(5), -2)
	var final []tranche.Share
	final, terms.Final = shares(decimal.NewFromInt(1).Sub(carry))
	if r.IntN(3) != 0 {
		cu := &oracle.FundCatchUp{Name: "catch-up", Investors: investors, Sponsor: "GP", Target: carry, Rate: decimal.NewFromInt(1), After: r.IntN(nt + 1)}
		if r.IntN(2) == 0 {
			cu.Rate = carry.Add(decimal.New(5+r.Int64N(95-carry.Shift(2).IntPart()), -2))
		}
		terms.CatchUp = cu
		t := must(tranche.NewCatchUp(tranche.CatchUp{Name: "catch-up", Investors: ids(investors), Sponsor: "GP", Target: cu.Target, Rate: cu.Rate}))
		tiers = slices.Insert(tiers, cu.After, tranche.Tranche(t))
	}
	stack = append(stack, tiers...)
	stack = append(stack, must(tranche.NewSplit(tranche.Split{Name: "final", Shares: final})))
	d := &waterfall.Deal{Name: "rounding oracle", Currency: "USD", Scale: 2, Rounding: policy, Parties: parties,
		Periods: periods, Contributions: contribs, Proceeds: proceeds, Stack: tranche.Sequence(stack...)}
	return roundingFund{deal: d, terms: terms}
}

// TestRun_RoundingOracle runs 500 random European funds (genRoundingFund)
// under each rounding policy and requires the engine to pay, on every
// date, every tranche and party the same cents as the oracle
// (internal/oracle.RunFund), which finds each tier by bisection on its
// amount with the investors' actual dated flows, not from hurdle balances.
// With -short, or under the race detector, it runs 100 of each.
func TestRun_RoundingOracle(t *testing.T) {
	n := 500
	if testing.Short() || underRace {
		n = 100
	}
	for _, policy := range []tranche.Rounding{tranche.RoundUp, tranche.HalfEven} {
		t.Run(policy.String(), func(t *testing.T) {
			stats := map[string]int{}
			for i := range n {
				f := genRoundingFund(rand.New(rand.NewPCG(uint64(i), 0x0c7a)), policy)
				res, err := waterfall.Run(f.deal)
				if err != nil {
					t.Fatalf("fund %d: %v", i, err)
				}
				want, err := oracle.RunFund(f.terms)
				if err != nil {
					t.Fatalf("fund %d: oracle: %v", i, err)
				}
				comparePayments(t, fmt.Sprintf("fund %d", i), res, want)
				for _, p := range want {
					stats[p.Tranche[:min(4, len(p.Tranche))]]++
				}
				if t.Failed() {
					return
				}
			}
			t.Logf("%d funds; payments by tranche: %v", n, stats)
		})
	}
}

// comparePayments requires res to pay, on every date, every tranche and
// party what the oracle paid.
func comparePayments(t *testing.T, name string, res *waterfall.Result, want []oracle.FundPayment) {
	t.Helper()
	type key struct {
		date           string
		tranche, party string
	}
	got := map[key]int64{}
	for _, p := range res.Payments.All() {
		if !p.Amount.IsZero() {
			got[key{p.Date.Format(time.DateOnly), string(p.Tranche), string(p.Party)}] += p.Amount.Shift(2).IntPart()
		}
	}
	exp := map[key]int64{}
	for _, p := range want {
		exp[key{p.Date.Format(time.DateOnly), p.Tranche, p.Party}] += p.Amount
	}
	for k, v := range exp {
		if got[k] != v {
			t.Errorf("%s: %s %s %s: engine %d cents, oracle %d", name, k.date, k.tranche, k.party, got[k], v)
		}
	}
	for k, v := range got {
		if _, ok := exp[k]; !ok {
			t.Errorf("%s: %s %s %s: engine %d cents, oracle none", name, k.date, k.tranche, k.party, v)
		}
	}
}

// oracleTerms returns the terms of f, a fund of the differential test
// (genFund), for the oracle: the calls shared by commitment
// (oracle.Apportion) and dated at their period's end, as the engine books
// them, and each period's proceeds less costs, a deficit carried forward.
func oracleTerms(f *randomFund) *oracle.Fund {
	d := f.deal
	str := func(ps []tranche.PartyID) []string {
		out := make([]string, len(ps))
		for i, p := range ps {
			out[i] = string(p)
		}
		return out
	}
	investors := str(f.lps)
	if f.coInvest {
		investors = append(investors, "GP")
	}
	terms := &oracle.Fund{Commitments: map[string]int64{}, Capital: investors, PrefRate: f.pref}
	var called []string
	var weights []*big.Rat
	for _, p := range d.Parties {
		terms.Parties = append(terms.Parties, string(p.ID))
		terms.Commitments[string(p.ID)] = p.Commitment.Shift(2).IntPart()
		if p.Commitment.Sign() > 0 {
			called = append(called, string(p.ID))
			weights = append(weights, p.Commitment.Rat())
		}
	}
	end := func(date time.Time) time.Time { // the end of the period holding date: (Start, End]
		for _, p := range d.Periods {
			if p.Start.Before(date) && !p.End.Before(date) {
				return p.End
			}
		}
		panic(fmt.Sprintf("%s is outside the schedule", date))
	}
	for _, c := range d.Calls {
		for k, a := range oracle.Apportion(c.Amount.Shift(2).IntPart(), weights) {
			terms.Contributions = append(terms.Contributions, oracle.FundFlow{Date: end(c.Date), Party: called[k], Amount: a})
		}
	}
	net := map[time.Time]int64{}
	for _, p := range d.Proceeds {
		net[end(p.Date)] += p.Amount.Shift(2).IntPart()
	}
	for _, c := range d.Costs {
		net[end(c.Date)] -= c.Amount.Shift(2).IntPart()
	}
	carried := int64(0)
	for _, p := range d.Periods {
		cash := carried + net[p.End]
		carried = min(cash, 0)
		if cash > 0 {
			terms.Proceeds = append(terms.Proceeds, oracle.FundFlow{Date: p.End, Amount: cash})
		}
	}
	if !f.catchUp.IsZero() {
		terms.CatchUp = &oracle.FundCatchUp{Name: "catch-up", Investors: str(f.lps), Sponsor: "GP", Target: f.carry, Rate: f.catchUp}
	}
	carry := decimal.NewFromInt(1).Sub(f.carry)
	terms.Final = []oracle.FundShare{{Parties: investors, Weight: carry}, {Parties: []string{"GP"}, Weight: f.carry, Promote: true}}
	terms.FinalName = "carry"
	return terms
}

// TestDifferential_EuropeanFundsOracle checks the European funds of the
// differential test (every third deal of testdata/differential.golden:
// 1–50 LPs, a co-investing GP or not, calls, costs, a compounding pref, a
// full or partial catch-up or none) against the oracle, under the
// golden's policy, RoundUp. With -short, or under the race detector, it
// checks 100.
func TestDifferential_EuropeanFundsOracle(t *testing.T) {
	n := diffDeals / 3
	if testing.Short() || underRace {
		n = 100
	}
	for k := range n {
		i := 3 * k
		f := genFund(uint64(0xD1FF<<20 + i))
		res, err := waterfall.Run(f.deal)
		if err != nil {
			t.Fatalf("deal %d: %v", i, err)
		}
		want, err := oracle.RunFund(oracleTerms(f))
		if err != nil {
			t.Fatalf("deal %d: oracle: %v", i, err)
		}
		comparePayments(t, fmt.Sprintf("deal %d", i), res, want)
		if t.Failed() {
			return
		}
	}
}
