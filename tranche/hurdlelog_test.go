package tranche_test

import (
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/jvwaterfall/jvwaterfall/contract"
	"github.com/jvwaterfall/jvwaterfall/tranche"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"
)

// TestHurdleHistory checks the replayed history against the book's
// own hurdle balance, which the engine keeps in fixed point while it
// fits: on random movements on random dates inside quarters (SetDate),
// at random rates and conventions, the last After of the history is
// Book.Hurdle on every date the party moved; Before is the previous
// After grown by the rate's factor (rounded to AccrualPlaces); After is
// Before + In − Out.
func TestHurdleHistory(t *testing.T) {
	convs := []contract.Compounding{contract.Annual, contract.Quarterly, contract.AtFlows, contract.Simple, contract.Continuous}
	for seed := range uint64(200) {
		r := rand.New(rand.NewPCG(seed, 7))
		rate := contract.Rate{Annual: decimal.New(r.Int64N(3000), -4), Compounding: convs[r.IntN(len(convs))],
			DayCount: contract.DayCount(r.IntN(5))}
		b, err := tranche.NewBook(2, partiesOf("LP", "1000000", "GP", "0"))
		require.NoError(t, err)
		end := contract.Date(2023, 9, 30)
		for q := range 8 {
			p := contract.Period{Index: q, Start: end, End: end.AddDate(0, 3, 0)}
			end = p.End
			require.NoError(t, b.Advance(p))
			day := p.Start
			for range r.IntN(3) {
				left := int(p.End.Sub(day).Hours() / 24)
				if left == 0 {
					break
				}
				day = day.AddDate(0, 0, 1+r.IntN(left))
				require.NoError(t, b.SetDate(day))
				moved := false
				if r.IntN(2) == 0 {
					require.NoError(t, b.Contribute("LP", decimal.New(r.Int64N(1e9), -2)))
					moved = true
				}
				a, _ := b.Account("LP")
				if x := decimal.New(r.Int64N(1e8), -2); r.IntN(2) == 0 && x.LessThanOrEqual(a.Unreturned()) && x.IsPositive() {
					require.NoError(t, b.Post(tranche.Payment{Tranche: "x", Party: "LP", Kind: tranche.KindCapital, Amount: x}))
					moved = true
				}
				if !moved {
					continue
				}
				h, err := b.Hurdle("LP", rate)
				require.NoError(t, err)
				moves, err := b.Movements("LP")
				require.NoError(t, err)
				hs, err := tranche.HurdleHistory(moves, rate)
				require.NoError(t, err)
				last := hs[len(hs)-1]
				msg := fmt.Sprintf("seed %d, %v, %s", seed, rate, day.Format(time.DateOnly))
				require.True(t, last.After.Equal(h), "%s: history %s, book %s", msg, last.After, h)
				require.True(t, last.Date.Equal(day), msg)
				for k, x := range hs {
					require.True(t, x.After.Equal(x.Before.Add(x.In).Sub(x.Out)), msg)
					if k > 0 {
						g, err := rate.Growth(hs[k-1].Date, x.Date)
						require.NoError(t, err)
						require.True(t, x.Before.Equal(hs[k-1].After.Mul(g).Round(tranche.AccrualPlaces)), msg)
					}
				}
			}
		}
	}
}

func TestBook_SetDate(t *testing.T) {
	b, err := tranche.NewBook(2, partiesOf("LP", "1000000"))
	require.NoError(t, err)
	require.ErrorIs(t, b.SetDate(contract.Date(2024, 1, 1)), contract.ErrRange) // no period yet
	p := contract.Period{Start: contract.Date(2023, 12, 31), End: contract.Date(2024, 3, 31)}
	require.NoError(t, b.Advance(p))
	require.True(t, b.Date().Equal(p.End))
	require.ErrorIs(t, b.SetDate(p.Start), contract.ErrRange)
	require.ErrorIs(t, b.SetDate(p.End.AddDate(0, 0, 1)), contract.ErrRange)
	require.NoError(t, b.SetDate(contract.Date(2024, 2, 29)))
	require.NoError(t, b.Contribute("LP", d("100.00")))
	require.NoError(t, b.SetDate(contract.Date(2024, 2, 29))) // the same date again
	require.ErrorIs(t, b.SetDate(contract.Date(2024, 2, 28)), contract.ErrOrder)
	c := b.Contributions().At(0)
	require.True(t, c.Date.Equal(contract.Date(2024, 2, 29)))
	require.Equal(t, 0, c.Period)
}

// A call dated inside its quarter accrues from its own date: the book's
// date moves to 15 February, the contribution is booked there, and by the
// quarter's end the 8% balance has grown over 45 days, not 0.
func ExampleBook_SetDate() {
	b := exampleBook(period(0, "2023-12-31", "2024-03-31"), "LP", "1000000")
	_ = b.SetDate(contract.Date(2024, 2, 15))
	_ = b.Contribute("LP", d("1000000.00"))
	_ = b.SetDate(contract.Date(2024, 3, 31))
	h, _ := b.Hurdle("LP", contract.Rate{Annual: d("0.08"), Compounding: contract.AtFlows})
	fmt.Println(b.Contributions().At(0).Date.Format(time.DateOnly), h.StringFixed(2)) // 1,000,000 × (1 + 0.08 × 45/365)
	// Output: 2024-02-15 1009863.01
}

// The LP's hurdle balance at 10% (annual, 30/360: exactly 1.1 a year)
// on each date its account moved.
func ExampleHurdleHistory() {
	b := exampleBook(period(0, "2023-06-30", "2023-12-31"), "LP", "1000000")
	_ = b.Contribute("LP", d("1000000.00"))
	_ = b.Advance(period(1, "2023-12-31", "2024-12-31"))
	_ = b.Post(tranche.Payment{Tranche: "capital", Party: "LP", Kind: tranche.KindCapital, Amount: d("400000.00")})
	moves, _ := b.Movements("LP")
	hs, _ := tranche.HurdleHistory(moves, contract.Rate{Annual: d("0.1"), Compounding: contract.Annual, DayCount: contract.Thirty360US})
	for _, h := range hs {
		fmt.Println(h.Date.Format(time.DateOnly), h.Before.StringFixed(2), h.In.StringFixed(2), h.Out.StringFixed(2), h.After.StringFixed(2))
	}
	// Output:
	// 2023-12-31 0.00 1000000.00 0.00 1000000.00
	// 2024-12-31 1100000.00 0.00 400000.00 700000.00
}

func TestHurdleHistory_errors(t *testing.T) {
	rate := contract.Rate{Annual: d("0.1"), Compounding: contract.Annual}
	day := contract.Date(2024, 1, 1)
	_, err := tranche.HurdleHistory(nil, contract.Rate{Annual: d("0.1"), Compounding: 99})
	require.ErrorIs(t, err, contract.ErrRange)
	_, err = tranche.HurdleHistory([]tranche.Movement{{Date: day, In: d("1")}, {Date: day, Out: d("1")}}, rate)
	require.ErrorIs(t, err, contract.ErrOrder)
	hs, err := tranche.HurdleHistory(nil, rate)
	require.NoError(t, err)
	require.Empty(t, hs)
	// A date with only PaidOut is skipped: no compounding there.
	hs, err = tranche.HurdleHistory([]tranche.Movement{
		{Date: day, In: d("100"), Out: d("0")},
		{Date: day.AddDate(0, 6, 0), In: d("0"), Out: d("0"), PaidOut: d("5")},
		{Date: day.AddDate(1, 0, 0), In: d("0"), Out: d("10")},
	}, contract.Rate{Annual: d("0.1"), Compounding: contract.AtFlows, DayCount: contract.Thirty360US})
	require.NoError(t, err)
	require.Len(t, hs, 2)
	require.True(t, hs[1].Before.Equal(d("110")), "%s: 100 × (1 + 0.1 × 1), not compounded at the paid-out date", hs[1].Before)
}

// TestHurdleHistory_RoundsHalfUpAndFailsOnGrowth: the balance is grown and
// rounded half up to AccrualPlaces (16). 1 at 5e-17 a year, compounded
// annually on 30/360 over one year, grows by exactly 1.00000000000000005:
// half a unit of the 16th place, rounded up to 1.0000000000000001
// (banker's rounding would give 1.0000000000000000). A growth factor out
// of range (100,000% continuous over two years: e^2000) is an error.
func TestHurdleHistory_RoundsHalfUpAndFailsOnGrowth(t *testing.T) {
	start := contract.Date(2024, 1, 1)
	moves := []tranche.Movement{{Date: start, In: d("1")}, {Date: start.AddDate(1, 0, 0), Out: d("1")}}
	hs, err := tranche.HurdleHistory(moves, contract.Rate{Annual: d("0.00000000000000005"), Compounding: contract.Annual, DayCount: contract.Thirty360US})
	require.NoError(t, err)
	require.Len(t, hs, 2)
	require.Equal(t, "1.0000000000000001", hs[1].Before.String())
	_, err = tranche.HurdleHistory([]tranche.Movement{{Date: start, In: d("1")}, {Date: start.AddDate(2, 0, 0), Out: d("1")}},
		contract.Rate{Annual: d("1000"), Compounding: contract.Continuous})
	require.Error(t, err)
}
