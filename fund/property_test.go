package fund_test

import (
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/jvwaterfall/jvwaterfall/contract"
	"github.com/jvwaterfall/jvwaterfall/fund"
	"github.com/jvwaterfall/jvwaterfall/waterfall"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"
)

// randomAmericanFund draws a fund of 2-4 deals over yearly periods 2021-2030,
// each called in one or two years and realized in a later one for 0 to 3
// times its cost, with a random escrow share and interim checkpoints.
func randomAmericanFund(t *testing.T, rng *rand.Rand) *fund.Fund {
	t.Helper()
	periods, err := contract.Schedule{Start: contract.Date(2020, 12, 31), End: contract.Date(2030, 12, 31),
		Frequency: contract.EveryYear, EndOfMonth: true}.Periods()
	require.NoError(t, err)
	y := func(year int) time.Time { return contract.Date(year, 12, 31) }
	cents := func(max int64) decimal.Decimal { return decimal.New(rng.Int64N(max)+1, -2) }
	terms := fund.Terms{Sponsor: "GP", Investors: amInvestors, RecoverLosses: rng.IntN(2) == 0, RecoverFees: rng.IntN(2) == 0}
	if rng.IntN(2) == 0 {
		terms.Escrow = fund.Escrow{Share: decimal.New(rng.Int64N(101), -2), Account: "ESCROW"}
	}
	for year := 2022; year < 2030; year++ {
		if rng.IntN(4) == 0 {
			terms.Clawback.Interim = append(terms.Clawback.Interim, y(year))
		}
	}
	d := &fund.Fund{
		Name: "random fund", Currency: "USD", Scale: 2,
		Parties: []waterfall.Party{
			{ID: "LP-A", Commitment: cents(1e10)},
			{ID: "LP-B", Commitment: cents(1e10)},
			{ID: "GP", Role: waterfall.RoleSponsor},
			{ID: "ESCROW", Role: waterfall.RoleOther},
			{ID: "MGR", Role: waterfall.RoleOther},
		},
		Periods: periods,
		Stack:   amStack(t, ""),
		Terms:   terms,
	}
	if rng.IntN(2) == 0 {
		d.Fees = &waterfall.Fees{Manager: "MGR", Management: contract.ManagementFee{
			CommitmentRate: dec("0.02"), InvestedRate: dec("0.015"), InvestmentEnd: y(2023), PeriodsPerYear: 1}}
	}
	for k := range 2 + rng.IntN(3) {
		name := fmt.Sprintf("D%d", k)
		called := 2021 + rng.IntN(3)
		inv := fund.Investment{Name: name, Stack: amStack(t, name+"/")}
		cost := decimal.Zero
		for c := range 1 + rng.IntN(2) {
			amount := cents(5e9)
			cost = cost.Add(amount)
			inv.Calls = append(inv.Calls, waterfall.Call{Date: y(called + c), Amount: amount})
		}
		exit := called + 1 + rng.IntN(2030-called)
		inv.Proceeds = []contract.Flow{{Date: y(exit), Amount: cost.Mul(decimal.New(rng.Int64N(301), -2)).RoundFloor(2)}}
		inv.Realized = y(exit)
		d.Investments = append(d.Investments, inv)
	}
	return d
}

// TestAmerican_Properties checks, over random funds without a tax cap:
//   - after the final lookback the sponsor keeps exactly the lesser of the
//     carry it earned deal by deal and its whole-fund carry;
//   - the escrow ends empty;
//   - the fund's parties (manager aside) hold exactly what it distributed.
func TestAmerican_Properties(t *testing.T) {
	for seed := range uint64(300) {
		t.Run(fmt.Sprint(seed), func(t *testing.T) {
			rng := rand.New(rand.NewPCG(seed, 7))
			d := randomAmericanFund(t, rng)
			res, err := fund.Run(d)
			require.NoError(t, err)
			lb := res.Lookbacks[len(res.Lookbacks)-1]
			want := decimal.Min(lb.CarryEarned, lb.WholeFund)
			kept := carryKept(t, res)
			require.True(t, kept.Equal(want), "kept %s, want min(%s, %s)", kept, lb.CarryEarned, lb.WholeFund)
			require.True(t, lb.CarryKept.Equal(want))
			esc, _ := res.Party("ESCROW")
			require.True(t, esc.Distributed.Equal(esc.PaidOut), "escrow left %s", esc.Distributed.Sub(esc.PaidOut))
			held, distributed := decimal.Zero, decimal.Zero
			for _, p := range res.Parties() {
				if p.Party != "MGR" {
					held = held.Add(p.Distributed).Sub(p.PaidOut)
				}
			}
			for _, s := range res.Periods {
				distributed = distributed.Add(s.Paid)
			}
			require.True(t, held.Equal(distributed), "parties hold %s, fund paid %s", held, distributed)
			require.True(t, res.Retained().IsZero())
		})
	}
}

func BenchmarkRun_American(b *testing.B) {
	d := amFund(b, fund.Terms{Escrow: fund.Escrow{Share: dec("0.25"), Account: "ESCROW"},
		Clawback: fund.Clawback{Interim: []time.Time{contract.Date(2024, 12, 31)}}})
	b.ReportAllocs()
	for b.Loop() {
		if _, err := fund.Run(d); err != nil {
			b.Fatal(err)
		}
	}
}
