package source_test

import (
	"fmt"
	"testing"

	"github.com/jvwaterfall/jvwaterfall/source"

	"github.com/jvwaterfall/jvwaterfall/contract"
	"github.com/jvwaterfall/jvwaterfall/tranche"
	"github.com/jvwaterfall/jvwaterfall/waterfall"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"
)

// facility is a deal with energy, opex and a refresh capex funded by a
// call on A (60M) and B (40M), in which B funds half.
func facility(t require.TestingT, periods []contract.Period, load, price contract.Path, proceeds []contract.Flow) *waterfall.Deal {
	refresh := source.CapexRefresh{
		Label: "refresh",
		Terms: contract.Capex{
			Asset:        contract.Asset{Cost: dec("100000000"), InService: periods[0].Start, Life: 120},
			Obsolescence: contract.Obsolescence{Date: periods[6].End, Refresh: dec("10000000"), Life: 60},
		},
		Funding: contract.CapitalCall{
			Commitments: []contract.Commitment{{Party: "A", Amount: dec("60000000")}, {Party: "B", Amount: dec("40000000")}},
			Defaults:    []contract.Default{{Party: "B", Funded: dec("0.5")}},
		},
		Scale: 2,
	}
	contributions, err := refresh.Contributions()
	require.NoError(t, err)
	owners, err := tranche.NewSplit(tranche.Split{
		Name: "owners",
		Shares: []tranche.Share{
			{Parties: []tranche.PartyID{"A"}, Weight: dec("0.6")},
			{Parties: []tranche.PartyID{"B"}, Weight: dec("0.4")},
		},
	})
	require.NoError(t, err)
	return &waterfall.Deal{
		Name: "facility", Currency: "USD", Scale: 2,
		Parties:       []waterfall.Party{{ID: "A", Commitment: dec("60000000")}, {ID: "B", Commitment: dec("40000000")}},
		Periods:       periods,
		Proceeds:      proceeds,
		Contributions: contributions,
		Sources: []waterfall.Source{
			source.EnergyCost{Label: "energy", Terms: contract.Energy{Load: load, Price: price, PassThrough: dec("0.25")}, Scale: 2},
			source.OpexCost{Label: "opex", Terms: contract.Opex{Annual: dec("1200000"), Start: periods[0].Start, Escalation: contract.Escalation{Rate: dec("0.03")}}, Scale: 2},
			refresh,
		},
		Stack: owners,
	}
}

func monthly(t require.TestingT, n int) []contract.Period {
	ps, err := contract.Schedule{Start: contract.Date(2025, 3, 31), End: contract.AddMonths(contract.Date(2025, 3, 31), n, true), EndOfMonth: true}.Periods()
	require.NoError(t, err)
	return ps
}

// TestCostSources_Run checks the sources' lines in a run against closed
// forms: April 2025 (30 days) at 100 MW × 720 h × $50/MWh = $3,600,000 of
// energy, $900,000 passed through; opex $1.2M × 30/365 = $98,630.1369… →
// $98,630.14. The refresh of $10M in October 2025: A is called $6M and B
// $4M; B funds $2M, A covers $2M: $10M raised against $10M spent, so the
// cash for the stack is unchanged, and A is booked $8M of capital, B $2M.
func TestCostSources_Run(t *testing.T) {
	ps := monthly(t, 12)
	deal := facility(t, ps, contract.Const(dec("100")), contract.Const(dec("50")), []contract.Flow{{Date: ps[0].End, Amount: dec("5000000")}})
	res, err := waterfall.Run(deal)
	require.NoError(t, err)
	lines := map[string]waterfall.SourceLine{}
	for l := range res.Periods[0].Sources.Values() {
		lines[l.Source] = l
	}
	require.Equal(t, "3600000", lines["energy"].Out.String())
	require.Equal(t, "900000", lines["energy"].In.String())
	require.Equal(t, "98630.14", lines["opex"].Out.String())
	require.True(t, lines["refresh"].In.IsZero() && lines["refresh"].Out.IsZero())
	oct := res.Periods[6]
	require.Equal(t, "2025-10-31", oct.Period.End.Format("2006-01-02"))
	for l := range oct.Sources.Values() {
		if l.Source == "refresh" {
			require.Equal(t, "10000000", l.In.String())
			require.Equal(t, "10000000", l.Out.String())
		}
	}
	a, _ := res.Party("A")
	b, _ := res.Party("B")
	require.Equal(t, "8000000", a.Contributed.String())
	require.Equal(t, "2000000", b.Contributed.String())
	// April: 5,000,000 + 900,000 − 3,600,000 − 98,630.14 = 2,201,369.86
	// available, all split 60/40.
	require.Equal(t, "2201369.86", res.Periods[0].Available.String())
	require.True(t, res.Periods[0].Retained.IsZero())
}

// TestCostSources_Conservation: over random load and price paths and
// proceeds, every period's available cash is carried in + proceeds −
// costs with the sources' lines included, and paid + retained =
// available.
func TestCostSources_Conservation(t *testing.T) {
	ps := monthly(t, 24)
	rapid.Check(t, func(rt *rapid.T) {
		load := make(contract.Path, len(ps))
		price := make(contract.Path, len(ps))
		var proceeds []contract.Flow
		for i, p := range ps {
			load[i] = decimal.New(rapid.Int64Range(0, 200000).Draw(rt, fmt.Sprintf("load%d", i)), -3)
			price[i] = decimal.New(rapid.Int64Range(0, 50000).Draw(rt, fmt.Sprintf("price%d", i)), -2)
			proceeds = append(proceeds, contract.Flow{Date: p.End, Amount: decimal.New(rapid.Int64Range(0, 1000000000).Draw(rt, fmt.Sprintf("cash%d", i)), -2)})
		}
		res, err := waterfall.Run(facility(rt, ps, load, price, proceeds))
		if err != nil {
			rt.Fatal(err)
		}
		carried := decimal.Zero
		for i, p := range res.Periods {
			in, out := decimal.Zero, decimal.Zero
			for l := range p.Sources.Values() {
				in, out = in.Add(l.In), out.Add(l.Out)
			}
			want := carried.Add(proceeds[i].Amount).Add(in).Sub(out)
			if !p.Available.Equal(want) || !p.Paid.Add(p.Retained).Equal(p.Available) {
				rt.Fatalf("period %d: available %s (want %s), paid %s, retained %s", i, p.Available, want, p.Paid, p.Retained)
			}
			carried = p.Retained
		}
	})
}

func ExampleEnergyCost() {
	april, _ := contract.Explicit(contract.Date(2025, 3, 31), contract.Date(2025, 4, 30))
	s := source.EnergyCost{Label: "energy", Scale: 2, Terms: contract.Energy{
		Load: contract.Const(decimal.NewFromInt(100)), Price: contract.Const(decimal.NewFromInt(50)), PassThrough: decimal.RequireFromString("0.25"),
	}}
	cash, _ := s.Cash(april)
	fmt.Println("in", cash[0].In, "out", cash[0].Out)
	// The same in cents, as a run reads it (waterfall.UnitSource).
	in, out, ok, _ := s.CashUnits(april, 2)
	fmt.Println("in", in[0], "out", out[0], "cents:", ok)
	// Output:
	// in 900000 out 3600000
	// in 90000000 out 360000000 cents: true
}

func ExampleOpexCost() {
	year, _ := contract.Explicit(contract.Date(2025, 12, 31), contract.Date(2026, 12, 31))
	s := source.OpexCost{Label: "opex", Scale: 2, Terms: contract.Opex{
		Annual: decimal.NewFromInt(1200000), Start: contract.Date(2024, 12, 31), Escalation: contract.Escalation{Rate: decimal.RequireFromString("0.03")},
	}}
	cash, _ := s.Cash(year)
	fmt.Println("out", cash[0].Out)
	// Output: out 1236000
}

// The refresh call's contributions go into the deal; the source brings
// the money raised in and pays the refresh out.
func ExampleCapexRefresh() {
	years, _ := contract.Schedule{Start: contract.Date(2025, 12, 31), End: contract.Date(2028, 12, 31), Frequency: contract.EveryYear}.Periods()
	s := source.CapexRefresh{
		Label: "refresh", Scale: 2,
		Terms: contract.Capex{
			Asset:        contract.Asset{Cost: decimal.NewFromInt(120000000), InService: contract.Date(2025, 12, 31), Life: 120},
			Obsolescence: contract.Obsolescence{Date: contract.Date(2027, 12, 31), Refresh: decimal.NewFromInt(10000000), Life: 60},
		},
		Funding: contract.CapitalCall{
			Commitments: []contract.Commitment{{Party: "A", Amount: decimal.NewFromInt(60000000)}, {Party: "B", Amount: decimal.NewFromInt(40000000)}},
			Defaults:    []contract.Default{{Party: "B", Funded: decimal.Zero}},
		},
	}
	contributions, _ := s.Contributions()
	for _, c := range contributions {
		fmt.Println(c.Date.Format("2006-01-02"), c.Party, c.Amount)
	}
	cash, _ := s.Cash(years)
	for i, c := range cash {
		fmt.Println(years[i].End.Format("2006"), "in", c.In, "out", c.Out)
	}
	call, _ := s.Call()
	fmt.Println("B's commitment", call.Shares[1].Commitment, "→", call.Shares[1].Diluted)
	// Output:
	// 2027-12-31 A 10000000
	// 2026 in 0 out 0
	// 2027 in 10000000 out 10000000
	// 2028 in 0 out 0
	// B's commitment 40000000 → 36000000
}

// TestCapexRefresh_FundingInvalid checks that a refresh whose capital
// call cannot be made (nobody committed) is an error under "funding" in
// Call, Contributions and Cash, never a call that raises nothing.
func TestCapexRefresh_FundingInvalid(t *testing.T) {
	ps := monthly(t, 3)
	s := source.CapexRefresh{
		Label: "refresh",
		Terms: contract.Capex{
			Asset:        contract.Asset{Cost: dec("1000"), InService: ps[0].Start, Life: 12},
			Obsolescence: contract.Obsolescence{Date: ps[1].End, Refresh: dec("100.01"), Life: 12},
		},
		Scale: 2,
	}
	check := func(err error) {
		t.Helper()
		require.ErrorIs(t, err, contract.ErrRequired)
		var fe *contract.FieldError
		require.ErrorAs(t, err, &fe)
		require.Equal(t, "funding.commitments", fe.Path)
	}
	_, err := s.Call()
	check(err)
	_, err = s.Contributions()
	check(err)
	cash, err := s.Cash(ps)
	check(err)
	require.Nil(t, cash)
}
