package waterfall_test

import (
	"fmt"
	"math"
	"math/big"
	"slices"
	"testing"
	"time"

	"github.com/jvwaterfall/jvwaterfall/contract"
	"github.com/jvwaterfall/jvwaterfall/metrics"
	"github.com/jvwaterfall/jvwaterfall/source"
	"github.com/jvwaterfall/jvwaterfall/tranche"
	"github.com/jvwaterfall/jvwaterfall/waterfall"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"
)

// lenderDeal runs a deal whose only claim is the loan: the lender "bank"
// is served from 700,000 of proceeds a year, its draws fund the deal
// (source.LoanFunding) and the rest is retained. The schedule is annual
// from 2019-12-31 to 2023-12-31, so the draw at closing falls in period 0
// (2020-12-31) and the year-ends 2021-2023 are 365 days apart: XIRR on
// ACT/365F then reads them as whole years.
func lenderDeal(t *testing.T, loan contract.Loan) *waterfall.Result {
	t.Helper()
	return lenderDealOf(t, loan, nil)
}

// lenderDealOf is lenderDeal with the bank itself a deal, when bank is
// set.
func lenderDealOf(t *testing.T, loan contract.Loan, bank *waterfall.Deal) *waterfall.Result {
	t.Helper()
	periods, err := contract.Schedule{Start: contract.Date(2019, 12, 31), End: contract.Date(2023, 12, 31), Frequency: contract.EveryYear, EndOfMonth: true}.Periods()
	require.NoError(t, err)
	plan, err := loan.Plan(periods, 2)
	require.NoError(t, err)
	debt, err := tranche.NewDebt(tranche.Debt{Name: "loan", Lender: "bank", Plan: plan})
	require.NoError(t, err)
	var proceeds []contract.Flow
	for y := 2021; y <= 2023; y++ {
		proceeds = append(proceeds, contract.Flow{Date: contract.Date(y, 12, 31), Amount: dec("700000")})
	}
	res, err := waterfall.Run(&waterfall.Deal{
		Name: "loan", Currency: "USD", Scale: 2,
		Parties:  []waterfall.Party{{ID: "bank", Role: waterfall.RoleLender, Deal: bank}, {ID: "owner", Role: waterfall.RoleSponsor}},
		Periods:  periods,
		Proceeds: proceeds,
		Sources:  []waterfall.Source{source.LoanFunding{Label: "draws", Plan: plan}},
		Stack:    debt,
	})
	require.NoError(t, err)
	return res
}

// TestResult_lenderDraws checks that a lender's draws are its
// contributions, dated at the draw, so that its IRR and multiple come from
// the Result: the IRR of a loan whose interest is the rate times the
// balance each year is the loan's rate (the debt service discounted at
// the rate is the principal), and its multiple is the debt service over
// the principal. Interest is 10% a year on 30/360, so a year's interest
// is exactly 10% of the balance.
func TestResult_lenderDraws(t *testing.T) {
	ten := contract.Rate{Annual: dec("0.10"), DayCount: contract.Thirty360US}
	tests := []struct {
		name  string
		loan  contract.Loan
		flows []string // the bank's flows at 2020-12-31, 2021-12-31, 2022-12-31, 2023-12-31
		moic  string
	}{
		{
			// 1,200,000 drawn at closing, repaid straight-line over three
			// years: principal 400,000 a year with interest 120,000,
			// 80,000, 40,000. Debt service 1,440,000: a multiple of 1.2.
			// At 10%: 520,000/1.1 + 480,000/1.21 + 440,000/1.331 =
			// 472,727.27… + 396,694.21… + 330,578.51… = 1,200,000.
			name: "one draw, straight-line",
			loan: contract.Loan{Commitment: dec("1200000"), Draws: []contract.Flow{{Date: contract.Date(2020, 12, 31), Amount: dec("1200000")}},
				Rate: ten, Amortization: contract.StraightLine, Frequency: contract.EveryYear},
			flows: []string{"-1200000", "520000", "480000", "440000"},
			moic:  "1.2",
		},
		{
			// Drawn in two halves of 600,000, at closing and a year later;
			// interest only in the first year (60,000, paid as the second
			// half is drawn: a net flow of −540,000), then 600,000 of
			// principal a year with 120,000 and 60,000 of interest. Debt
			// service 1,440,000 on 1,200,000: 1.2. At 10%: −600,000 −
			// 540,000/1.1 + 720,000/1.21 + 660,000/1.331 = −600,000 −
			// 490,909.09… + 595,041.32… + 495,867.76… = 0.
			name: "two draws, interest only, then straight-line",
			loan: contract.Loan{Commitment: dec("1200000"), Draws: []contract.Flow{
				{Date: contract.Date(2020, 12, 31), Amount: dec("600000")}, {Date: contract.Date(2021, 12, 31), Amount: dec("600000")}},
				Rate: ten, Amortization: contract.StraightLine, Frequency: contract.EveryYear, InterestOnly: 1},
			flows: []string{"-600000", "-540000", "720000", "660000"},
			moic:  "1.2",
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			res := lenderDeal(t, tc.loan)
			flows := res.Flows("bank")
			require.Len(t, flows, len(tc.flows))
			for i, f := range flows {
				require.Equal(t, contract.Date(2020+i, 12, 31), f.Date, "flow %d", i)
				require.True(t, f.Amount.Equal(dec(tc.flows[i])), "flow %d: %s, want %s", i, f.Amount, tc.flows[i])
			}
			irr, err := res.XIRR("bank")
			require.NoError(t, err)
			require.InDelta(t, 0.10, irr, 1e-12)
			m, err := res.MOIC("bank")
			require.NoError(t, err)
			require.True(t, m.Equal(dec(tc.moic)), "MOIC %s, want %s", m, tc.moic)

			// The draws are the lender's contributions in the Result, each
			// in its period, and the periods' Drawn, not their Contributed.
			drawn := decimal.Zero
			for _, c := range res.Contributions.All() {
				require.Equal(t, tranche.PartyID("bank"), c.Party)
				require.True(t, c.Amount.Equal(dec("1200000")) || c.Amount.Equal(dec("600000")), "contribution %s", c.Amount)
				require.True(t, res.Periods[c.Period].Drawn.Equal(c.Amount), "period %d drawn %s", c.Period, res.Periods[c.Period].Drawn)
				require.True(t, res.Periods[c.Period].Contributed.IsZero())
				drawn = drawn.Add(c.Amount)
			}
			bank, _ := res.Party("bank")
			require.True(t, bank.Contributed.Equal(dec("1200000")), "contributed %s", bank.Contributed)
			require.True(t, drawn.Equal(bank.Contributed))
		})
	}
}

// TestResult_lenderLevelPayment checks a level-payment loan: 1,000,000 at
// 8% over three years pays A = 1,000,000 × 0.08 / (1 − 1.08^−3) =
// 388,033.5154… a year, in cents, so the lender's IRR is 8% up to the
// rounding of the payments: a cent on a 1,000,000 loan moves the IRR by
// about 1e-8. The multiple is what the loan's own schedule asks in all
// over the principal, about 3 × 388,033.52 / 1,000,000 = 1.164.
func TestResult_lenderLevelPayment(t *testing.T) {
	loan := contract.Loan{Commitment: dec("1000000"), Draws: []contract.Flow{{Date: contract.Date(2020, 12, 31), Amount: dec("1000000")}},
		Rate: contract.Rate{Annual: dec("0.08"), DayCount: contract.Thirty360US}, Amortization: contract.LevelPayment, Frequency: contract.EveryYear}
	res := lenderDeal(t, loan)
	irr, err := res.XIRR("bank")
	require.NoError(t, err)
	require.InDelta(t, 0.08, irr, 1e-7)
	m, err := res.MOIC("bank")
	require.NoError(t, err)
	want := 3 * (1000000 * 0.08 / (1 - math.Pow(1.08, -3))) / 1000000
	require.InDelta(t, want, m.InexactFloat64(), 1e-7, "MOIC %s", m)
}

// TestResult_lenderUpfrontFee checks that the upfront fee paid back from
// the draw counts in the lender's multiple: 1% of 1,200,000 is 12,000, so
// the lender receives 1,452,000 on 1,200,000 lent, 1.21, and its IRR is
// above the 10% coupon.
func TestResult_lenderUpfrontFee(t *testing.T) {
	res := lenderDeal(t, contract.Loan{Commitment: dec("1200000"), Draws: []contract.Flow{{Date: contract.Date(2020, 12, 31), Amount: dec("1200000")}},
		Rate: contract.Rate{Annual: dec("0.10"), DayCount: contract.Thirty360US}, Amortization: contract.StraightLine, Frequency: contract.EveryYear,
		UpfrontFee: dec("0.01")})
	m, err := res.MOIC("bank")
	require.NoError(t, err)
	require.True(t, m.Equal(dec("1.21")), "MOIC %s", m)
	flows := res.Flows("bank")
	require.True(t, flows[0].Amount.Equal(dec("-1188000")), "the draw net of the fee: %s", flows[0].Amount)
	irr, err := res.XIRR("bank")
	require.NoError(t, err)
	require.Greater(t, irr, 0.10)
}

// TestResult_lenderIsADeal: a lender that is itself a deal, a credit fund,
// calls each draw from its own investors, as any contribution of a party
// that is a deal, and passes the debt service on to them. The fund's two
// investors, committed 3:1, put in 900,000 and 300,000 of the straight-line
// loan of TestResult_lenderDraws, and each earns its 10% rate: 520,000,
// 480,000 and 440,000 a year shared 3:1.
func TestResult_lenderIsADeal(t *testing.T) {
	periods, err := contract.Schedule{Start: contract.Date(2019, 12, 31), End: contract.Date(2023, 12, 31), Frequency: contract.EveryYear, EndOfMonth: true}.Periods()
	require.NoError(t, err)
	pass, err := tranche.NewSplit(tranche.Split{Name: "pass-through", Shares: []tranche.Share{
		{Parties: []tranche.PartyID{"A", "B"}, Weight: dec("1")}}})
	require.NoError(t, err)
	fund := &waterfall.Deal{Name: "credit fund", Currency: "USD", Scale: 2, Periods: periods, Stack: pass,
		Parties: []waterfall.Party{{ID: "A", Commitment: dec("3")}, {ID: "B", Commitment: dec("1")}}}
	res := lenderDealOf(t, contract.Loan{Commitment: dec("1200000"), Draws: []contract.Flow{{Date: contract.Date(2020, 12, 31), Amount: dec("1200000")}},
		Rate: contract.Rate{Annual: dec("0.10"), DayCount: contract.Thirty360US}, Amortization: contract.StraightLine, Frequency: contract.EveryYear}, fund)
	nested := res.Nested["bank"]
	require.NotNil(t, nested)
	for id, put := range map[tranche.PartyID]string{"A": "900000", "B": "300000"} {
		p, _ := nested.Party(id)
		require.True(t, p.Contributed.Equal(dec(put)), "%s put in %s, want %s", id, p.Contributed, put)
		irr, err := nested.XIRR(id)
		require.NoError(t, err)
		require.InDelta(t, 0.10, irr, 1e-12, "%s", id)
	}
}

// TestResult_lenderDrawsProperty: over random bullet loans of one to
// three draws, whole dollars at a whole-percent rate on 30/360 (so each
// year's interest is exactly r × the balance, in cents) and always served
// in full, the lender's contributions in the Result are the loan's draws,
// its flows discounted at the loan's rate by whole periods sum to exactly
// zero (computed in exact rationals: the lender earns the loan's rate),
// and it receives the principal and each draw's interest for the years it
// is out, its multiple that over what it lent.
func TestResult_lenderDrawsProperty(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		years := rapid.IntRange(3, 8).Draw(t, "years")
		periods, err := contract.Schedule{Start: contract.Date(2019, 12, 31), End: contract.Date(2019+years, 12, 31), Frequency: contract.EveryYear, EndOfMonth: true}.Periods()
		if err != nil {
			t.Fatal(err)
		}
		pct := rapid.Int64Range(1, 15).Draw(t, "rate")
		lent := decimal.Zero
		var draws []contract.Flow
		for k := range rapid.IntRange(1, 3).Draw(t, "draws") {
			amount := decimal.NewFromInt(rapid.Int64Range(1, 1_000_000).Draw(t, fmt.Sprintf("amount%d", k)))
			at := rapid.IntRange(0, years-2).Draw(t, fmt.Sprintf("at%d", k))
			draws = append(draws, contract.Flow{Date: periods[at].End, Amount: amount})
			lent = lent.Add(amount)
		}
		slices.SortStableFunc(draws, func(a, b contract.Flow) int { return a.Date.Compare(b.Date) })
		plan, err := contract.Loan{Commitment: lent, Draws: draws, Rate: contract.Rate{Annual: decimal.New(pct, -2), DayCount: contract.Thirty360US}}.Plan(periods, 2)
		if err != nil {
			t.Fatal(err)
		}
		debt, err := tranche.NewDebt(tranche.Debt{Name: "loan", Lender: "bank", Plan: plan})
		if err != nil {
			t.Fatal(err)
		}
		var proceeds []contract.Flow
		for _, p := range periods[1:] {
			proceeds = append(proceeds, contract.Flow{Date: p.End, Amount: lent.Mul(decimal.NewFromInt(2))})
		}
		res, err := waterfall.Run(&waterfall.Deal{Name: "loan", Currency: "USD", Scale: 2, Periods: periods, Proceeds: proceeds, Stack: debt,
			Parties: []waterfall.Party{{ID: "bank", Role: waterfall.RoleLender}}})
		if err != nil {
			t.Fatal(err)
		}
		bank, _ := res.Party("bank")
		if !bank.Contributed.Equal(lent) {
			t.Fatalf("the bank contributed %s, lent %s", bank.Contributed, lent)
		}
		// Σ F_k (1+r)^(n−k) = 0, with k the flow's period and n the last.
		index := map[time.Time]int{}
		for i, p := range periods {
			index[p.End] = i
		}
		growth := new(big.Rat).SetFrac64(100+pct, 100)
		npv := new(big.Rat)
		for _, f := range res.Flows("bank") {
			k, ok := index[f.Date]
			if !ok {
				t.Fatalf("flow on %s, not a period's end", f.Date)
			}
			v := new(big.Rat).Set(f.Amount.Rat())
			for range len(periods) - 1 - k {
				v.Mul(v, growth)
			}
			npv.Add(npv, v)
		}
		if npv.Sign() != 0 {
			t.Fatalf("the bank's flows %v at %d%%: value %s, want 0", res.Flows("bank"), pct, npv.FloatString(6))
		}
		// A draw at period a earns r a year for the n − a years to the
		// bullet at the last period n: the bank receives the principal and
		// Σ amount × r × (n − a).
		received := lent
		for _, d := range draws {
			years := int64(len(periods) - 1 - index[d.Date])
			received = received.Add(d.Amount.Mul(decimal.New(pct*years, -2)))
		}
		if !bank.Distributed.Equal(received) {
			t.Fatalf("the bank received %s, want %s", bank.Distributed, received)
		}
		m, err := res.MOIC("bank")
		if err != nil {
			t.Fatal(err)
		}
		if want := received.DivRound(lent, metrics.MultiplePlaces); !m.Equal(want) {
			t.Fatalf("MOIC %s, want %s", m, want)
		}
	})
}
