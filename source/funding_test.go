package source_test

import (
	"errors"
	"fmt"
	"testing"

	"github.com/jvwaterfall/jvwaterfall/contract"
	"github.com/jvwaterfall/jvwaterfall/source"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"
)

// TestLoanFunding_Cash checks the draw and its spending against the
// loan's terms, and that a plan laid over other periods is refused even
// when only one date of one period differs.
func TestLoanFunding_Cash(t *testing.T) {
	start := contract.Date(2024, 1, 1)
	ends := []int{2025, 2026, 2027}
	periods, err := contract.Explicit(start, contract.Date(ends[0], 1, 1), contract.Date(ends[1], 1, 1), contract.Date(ends[2], 1, 1))
	require.NoError(t, err)
	plan, err := contract.Loan{
		Commitment: dec("1000000.01"),
		Draws:      []contract.Flow{{Date: periods[0].End, Amount: dec("1000000.01")}},
		Rate:       contract.Rate{Annual: dec("0.07"), DayCount: contract.Thirty360US},
		UpfrontFee: dec("0.01"),
	}.Plan(periods, 2)
	require.NoError(t, err)
	f := source.LoanFunding{Label: "draws", Plan: plan}
	cash, err := f.Cash(periods)
	require.NoError(t, err)
	// The upfront fee: 1% of 1,000,000.01 = 10,000.0001 → 10,000.00,
	// kept out of the spending: 1,000,000.01 − 10,000.00 = 990,000.01.
	var got [][2]string
	for _, c := range cash {
		got = append(got, [2]string{c.In.String(), c.Out.String()})
	}
	require.Equal(t, [][2]string{{"1000000.01", "990000.01"}, {"0", "0"}, {"0", "0"}}, got)

	other := map[string][]contract.Period{}
	// The same ends, but the first period starts a day earlier.
	other["first start"], err = contract.Explicit(start.AddDate(0, 0, -1), periods[0].End, periods[1].End, periods[2].End)
	require.NoError(t, err)
	// The same first start and last end; the middle end a day later.
	other["middle end"], err = contract.Explicit(start, periods[0].End, periods[1].End.AddDate(0, 0, 1), periods[2].End)
	require.NoError(t, err)
	// One period fewer.
	other["count"] = periods[:2]
	for name, ps := range other {
		t.Run(name, func(t *testing.T) {
			cash, err := f.Cash(ps)
			require.ErrorIs(t, err, contract.ErrInvalid)
			require.Nil(t, cash)
			var fe *contract.FieldError
			require.True(t, errors.As(err, &fe))
			require.Equal(t, "plan", fe.Path)
		})
	}
}

// TestLoanFunding_CashMatchesDecimal checks each period's cash over random
// loans against decimal's own arithmetic, value and exponent: in, the
// plan's draw; out, the draw less the smaller of it and the upfront fee,
// the commitment × the fee rate rounded to cents in the first draw's
// period (decimal.Zero without a fee).
func TestLoanFunding_CashMatchesDecimal(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		n := rapid.IntRange(2, 24).Draw(t, "periods")
		periods, err := contract.Schedule{Start: contract.Date(2024, 1, 31), End: contract.AddMonths(contract.Date(2024, 1, 31), n, true), Frequency: contract.EveryMonth}.Periods()
		require.NoError(t, err)
		var draws []contract.Flow
		total := decimal.Zero
		first := len(periods)
		for k := range rapid.IntRange(1, 3).Draw(t, "draws") {
			at := rapid.IntRange(0, len(periods)-2).Draw(t, fmt.Sprintf("at%d", k))
			amt := decimal.New(rapid.Int64Range(1, 1e12).Draw(t, fmt.Sprintf("coef%d", k)), int32(rapid.IntRange(-2, 3).Draw(t, fmt.Sprintf("exp%d", k))))
			draws = append(draws, contract.Flow{Date: periods[at].End, Amount: amt})
			total, first = total.Add(amt), min(first, at)
		}
		rate := decimal.New(rapid.Int64Range(0, 500).Draw(t, "fee"), -4)
		plan, err := contract.Loan{
			Commitment: total.Add(decimal.New(rapid.Int64Range(0, 1e6).Draw(t, "undrawn"), 0)),
			Draws:      draws,
			Rate:       contract.Rate{Annual: decimal.RequireFromString("0.05")},
			UpfrontFee: rate,
		}.Plan(periods, 2)
		if err != nil {
			t.Skip(err)
		}
		cash, err := source.LoanFunding{Label: "draws", Plan: plan}.Cash(periods)
		require.NoError(t, err)
		for i, c := range cash {
			fee := decimal.Zero
			if i == first && !rate.IsZero() { // a zero rate bills decimal.Zero
				fee = plan.Loan().Commitment.Mul(rate).Round(2)
			}
			draw := plan.Draw(i)
			out := draw.Sub(decimal.Min(draw, fee))
			if !sameDecimal(c.In, draw) || !sameDecimal(c.Out, out) {
				t.Fatalf("period %d: in %s (exp %d), out %s (exp %d); want %s (exp %d), %s (exp %d)",
					i, c.In, c.In.Exponent(), c.Out, c.Out.Exponent(), draw, draw.Exponent(), out, out.Exponent())
			}
		}
	})
}

func sameDecimal(a, b decimal.Decimal) bool { return a.Exponent() == b.Exponent() && a.Equal(b) }
