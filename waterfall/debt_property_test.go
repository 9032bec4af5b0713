package waterfall_test

import (
	"math/rand/v2"
	"sync"
	"testing"

	"github.com/jvwaterfall/jvwaterfall/source"

	"github.com/jvwaterfall/jvwaterfall/contract"
	"github.com/jvwaterfall/jvwaterfall/tranche"
	"github.com/jvwaterfall/jvwaterfall/waterfall"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"
)

// stackDeal is a random deal with a full capital stack: senior debt, a
// DSRA, mezzanine debt, preferred equity, and common equity (capital,
// pref, catch-up, split) behind a senior covenant.
type stackDeal struct {
	deal   *waterfall.Deal
	order  []tranche.TrancheID // priority of the payers, senior first
	common map[tranche.TrancheID]bool
}

func centsIn(rng *rand.Rand, lo, hi int64) decimal.Decimal {
	return decimal.New(lo*100+rng.Int64N((hi-lo)*100+1), -2)
}

func pct(rng *rand.Rand, lo, hi int64) decimal.Decimal { // in basis points
	return decimal.New(lo+rng.Int64N(hi-lo+1), -4)
}

func randomStackDeal(t testing.TB, rng *rand.Rand) stackDeal {
	t.Helper()
	n := 8 + rng.IntN(17)
	periods, err := contract.Schedule{Start: contract.Date(2024, 12, 31), End: contract.AddMonths(contract.Date(2024, 12, 31), 3*n, true),
		Frequency: contract.EveryQuarter, EndOfMonth: true}.Periods()
	require.NoError(t, err)
	loan := func(size decimal.Decimal, junior bool) *contract.LoanPlan {
		l := contract.Loan{
			Commitment:     size,
			Draws:          []contract.Flow{{Date: periods[0].End, Amount: size}},
			Rate:           contract.Rate{Annual: pct(rng, 300, 1200), DayCount: contract.DayCount(rng.IntN(5))},
			Amortization:   contract.Amortization(rng.IntN(3)),
			Frequency:      contract.EveryQuarter,
			InterestOnly:   rng.IntN(4),
			Maturity:       periods[n/2+rng.IntN(n-n/2)].End,
			PIKOnShortfall: rng.IntN(3) == 0,
			UpfrontFee:     pct(rng, 0, 200),
			DefaultMargin:  pct(rng, 0, 400),
		}
		if rng.IntN(2) == 0 {
			l.Floating = &contract.FloatingRate{
				Index:  []contract.IndexFixing{{Date: periods[0].Start, Rate: pct(rng, 0, 600)}, {Date: periods[n/2].Start, Rate: pct(rng, 0, 900)}},
				Spread: pct(rng, 100, 500),
			}
			floor := pct(rng, 0, 300)
			l.Floating.Floor = &floor
		}
		if junior {
			l.PIKRate = pct(rng, 0, 600)
		}
		if rng.IntN(4) == 0 {
			l.Prepayments = []contract.Flow{{Date: periods[1+rng.IntN(n/2)].End, Amount: centsIn(rng, 1, 50000)}}
			l.PrepaymentFee = pct(rng, 0, 300)
		}
		plan, err := l.Plan(periods, 2)
		require.NoError(t, err)
		return plan
	}
	seniorPlan := loan(centsIn(rng, 100000, 2000000), false)
	mezzPlan := loan(centsIn(rng, 10000, 500000), true)
	senior, err := tranche.NewDebt(tranche.Debt{Name: "senior", Lender: "bank", Plan: seniorPlan})
	require.NoError(t, err)
	mezz, err := tranche.NewDebt(tranche.Debt{Name: "mezz", Lender: "mezz-fund", Plan: mezzPlan})
	require.NoError(t, err)
	pe, err := tranche.NewPreferredEquity(tranche.PreferredEquity{
		Name: "pref-equity", Parties: []tranche.PartyID{"PE"},
		Coupon:     contract.Rate{Annual: pct(rng, 600, 1500), Compounding: contract.Compounding(rng.IntN(3))},
		CurrentPay: pct(rng, 0, 600), Redemption: periods[rng.IntN(n)].End, Multiple: pct(rng, 0, 20000),
	})
	require.NoError(t, err)
	roc, _ := tranche.NewReturnOfCapital(tranche.ReturnOfCapital{Name: "capital", Parties: []tranche.PartyID{"LP", "GP"}})
	pref, _ := tranche.NewPreferredReturn(tranche.PreferredReturn{
		Name:    "pref",
		Rate:    contract.Rate{Annual: decimal.RequireFromString("0.08"), Compounding: contract.Annual},
		Parties: []tranche.PartyID{"LP", "GP"},
	})
	catchUp, _ := tranche.NewCatchUp(tranche.CatchUp{
		Name:      "catch-up",
		Sponsor:   "GP",
		Target:    decimal.RequireFromString("0.2"),
		Rate:      decimal.NewFromInt(1),
		Investors: []tranche.PartyID{"LP", "GP"},
	})
	split, _ := tranche.NewSplit(tranche.Split{
		Name: "carry",
		Shares: []tranche.Share{
			{Parties: []tranche.PartyID{"LP", "GP"}, Weight: decimal.RequireFromString("0.8")},
			{Parties: []tranche.PartyID{"GP"}, Weight: decimal.RequireFromString("0.2"), Promote: true},
		},
	})
	cov := tranche.Covenant{Name: "covenant", Loan: senior, Junior: tranche.Sequence(roc, pref, catchUp, split),
		MinDSCR: pct(rng, 10000, 15000), Action: tranche.CovenantAction(rng.IntN(2)), CurePeriods: rng.IntN(3)}
	if rng.IntN(2) == 0 {
		cov.MaxLTV = pct(rng, 4000, 8000)
		cov.Values = []contract.Flow{{Date: periods[0].End, Amount: centsIn(rng, 1000000, 3000000)}, {Date: periods[n/3].End, Amount: centsIn(rng, 500000, 3000000)}}
	}
	gate, err := tranche.NewCovenant(cov)
	require.NoError(t, err)
	dsra, err := tranche.NewReserve(tranche.Reserve{Name: "dsra", Loans: []tranche.Borrowing{senior}, Periods: 1 + rng.IntN(2),
		Junior: tranche.Sequence(mezz, pe, gate)})
	require.NoError(t, err)

	var proceeds, costs []contract.Flow
	for _, p := range periods[1:] {
		proceeds = append(proceeds, contract.Flow{Date: p.End, Amount: centsIn(rng, 0, 200000)})
		if rng.IntN(5) == 0 {
			costs = append(costs, contract.Flow{Date: p.End, Amount: centsIn(rng, 0, 100000)})
		}
	}
	exit := periods[n-1].End
	proceeds = append(proceeds, contract.Flow{Date: exit, Amount: centsIn(rng, 0, 4000000)})
	deal := &waterfall.Deal{
		Name: "random stack", Currency: "USD", Scale: 2,
		Parties: []waterfall.Party{
			{ID: "bank", Role: waterfall.RoleLender}, {ID: "mezz-fund", Role: waterfall.RoleLender},
			{ID: "PE"}, {ID: "LP", Commitment: decimal.NewFromInt(900000)}, {ID: "GP", Role: waterfall.RoleSponsor, Commitment: decimal.NewFromInt(100000)},
		},
		Periods:       periods,
		Contributions: []waterfall.Contribution{{Date: periods[0].End, Party: "PE", Amount: centsIn(rng, 50000, 500000)}},
		Calls:         []waterfall.Call{{Date: periods[0].End, Amount: centsIn(rng, 100000, 1000000), Parties: []tranche.PartyID{"LP", "GP"}}},
		Proceeds:      proceeds,
		Costs:         costs,
		Sources:       []waterfall.Source{source.LoanFunding{Label: "senior draws", Plan: seniorPlan}, source.LoanFunding{Label: "mezz draws", Plan: mezzPlan}},
		Stack:         tranche.Sequence(senior, dsra),
	}
	return stackDeal{deal: deal, order: []tranche.TrancheID{"senior", "mezz", "pref-equity", "capital", "pref", "catch-up", "carry"},
		common: map[tranche.TrancheID]bool{"capital": true, "pref": true, "catch-up": true, "carry": true}}
}

// TestRun_DebtStackProperties runs random deals with a full capital stack
// and checks, every period:
//   - conservation: payments + retained = available, held ≤ retained, and
//     over the run all payments + final cash = all cash in − all cash out;
//   - whole cents, no negative payment;
//   - priority: a tranche is paid nothing in a period in which a tranche
//     senior to it ends in payment default, and nothing junior to the DSRA
//     is paid while the DSRA is below its target;
//   - the cash trap: no common-equity payment in a period in which the
//     covenant is in breach (from its breach event to its cure event).
func TestRun_DebtStackProperties(t *testing.T) {
	rng := rand.New(rand.NewPCG(2026, 4))
	runs := 200
	if testing.Short() {
		runs = 40
	}
	var breaches, defaults, trapped int
	for k := range runs {
		sd := randomStackDeal(t, rng)
		res, err := waterfall.Run(sd.deal)
		require.NoError(t, err, "deal %d", k)
		n := len(res.Periods)
		paidIn := make([]decimal.Decimal, n)
		byTranche := make([]map[tranche.TrancheID]decimal.Decimal, n)
		for i := range byTranche {
			byTranche[i] = map[tranche.TrancheID]decimal.Decimal{}
			paidIn[i] = decimal.Zero
		}
		total := decimal.Zero
		for _, p := range res.Payments.All() {
			require.True(t, p.Amount.Sign() > 0 && tranche.IsWhole(p.Amount, 2), "deal %d: payment %+v", k, p)
			paidIn[p.Period] = paidIn[p.Period].Add(p.Amount)
			byTranche[p.Period][p.Tranche] = byTranche[p.Period][p.Tranche].Add(p.Amount)
			total = total.Add(p.Amount)
		}
		in := decimal.Zero
		for i, s := range res.Periods {
			require.True(t, paidIn[i].Add(s.Retained).Equal(s.Available), "deal %d period %d: paid %s + retained %s != available %s", k, i, paidIn[i], s.Retained, s.Available)
			require.True(t, s.Held.LessThanOrEqual(decimal.Max(s.Retained, decimal.Zero)), "deal %d period %d: held %s > retained %s", k, i, s.Held, s.Retained)
			in = in.Add(s.Proceeds).Sub(s.Costs)
		}
		require.True(t, total.Add(res.Retained()).Equal(in), "deal %d: paid %s + retained %s != net cash in %s", k, total, res.Retained(), in)

		// Defaults and covenant breaches by period.
		defaulted := make([]map[tranche.TrancheID]bool, n)
		breached := make([]bool, n)
		for i := range defaulted {
			defaulted[i] = map[tranche.TrancheID]bool{}
		}
		inBreach := false
		events := res.Events
		for i := range n {
			for _, e := range events {
				if e.Period != i {
					continue
				}
				switch e.Kind {
				case tranche.EventPaymentDefault:
					defaulted[i][e.Tranche] = true
					defaults++
				case tranche.EventCovenantBreach:
					inBreach = true
					breaches++
				case tranche.EventCovenantCured:
					inBreach = false
				case tranche.EventCashTrapped:
					trapped++
				}
			}
			breached[i] = inBreach
		}
		for i := range n {
			for j, senior := range sd.order {
				if !defaulted[i][senior] {
					continue
				}
				for _, junior := range sd.order[j+1:] {
					require.True(t, byTranche[i][junior].IsZero(), "deal %d period %d: %s paid %s while %s defaulted", k, i, junior, byTranche[i][junior], senior)
				}
			}
			if breached[i] {
				for id := range sd.common {
					require.True(t, byTranche[i][id].IsZero(), "deal %d period %d: common tranche %s paid %s during a cash trap", k, i, id, byTranche[i][id])
				}
			}
		}
		for _, h := range res.Holdings {
			if h.Tranche == "dsra" && h.Amount.LessThan(h.Target) {
				for _, junior := range sd.order[1:] {
					require.True(t, byTranche[h.Period][junior].IsZero(), "deal %d period %d: %s paid while the DSRA holds %s of %s", k, h.Period, junior, h.Amount, h.Target)
				}
			}
		}
	}
	// The generator must exercise what the properties are about.
	require.Positive(t, breaches, "no covenant breach in %d deals", runs)
	require.Positive(t, defaults, "no payment default in %d deals", runs)
	require.Positive(t, trapped, "no trapped cash in %d deals", runs)
	t.Logf("%d deals: %d breaches, %d payment defaults, %d periods of trapped cash", runs, breaches, defaults, trapped)
}

// TestRun_DebtStackConcurrent runs one deal with a full capital stack from
// several goroutines at once: tranches hold no run state, so every run
// gives the same ledger (and -race finds no shared writes).
func TestRun_DebtStackConcurrent(t *testing.T) {
	sd := randomStackDeal(t, rand.New(rand.NewPCG(7, 7)))
	want, err := waterfall.Run(sd.deal)
	require.NoError(t, err)
	results := make([]*waterfall.Result, 4)
	errs := make([]error, 4)
	var wg sync.WaitGroup
	for g := range results {
		wg.Go(func() { results[g], errs[g] = waterfall.Run(sd.deal) })
	}
	wg.Wait()
	for g, res := range results {
		require.NoError(t, errs[g])
		require.Equal(t, want.Payments.Len(), res.Payments.Len())
		for i, p := range res.Payments.All() {
			w := want.Payments.At(i)
			require.True(t, p.Amount.Equal(w.Amount) && p.Tranche == w.Tranche && p.Party == w.Party && p.Kind == w.Kind && p.Period == w.Period,
				"goroutine %d payment %d: %+v, want %+v", g, i, p, w)
		}
		require.Equal(t, len(want.Events), len(res.Events))
	}
}
