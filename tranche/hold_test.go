package tranche_test

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/jvwaterfall/jvwaterfall/tranche"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"
)

// TestBook_Hold: what a book records of cash held back, and what Held
// sums at a period's end.
//   - A negative amount, or one in fractions of a cent, is refused.
//   - Nothing held with no target (0 and 0) is not recorded; 0 held of a
//     positive target is (a reserve that wanted cash and got none), and
//     so is 5.00 held with no target.
//   - Held(i) is the sum of each tranche's LAST holding of period i: the
//     reserve holds 3.00 then 7.01 on two dates of period 0, the sweep
//     2.50: 7.01 + 2.50 = 9.51 (not 12.51, not 7.01). A holding of period
//     1 does not count in period 0's, nor period 0's in period 1's.
func TestBook_Hold(t *testing.T) {
	ps := annualPeriods(2)
	b, err := tranche.NewBook(2, []tranche.Party{{ID: "LP"}})
	require.NoError(t, err)
	require.NoError(t, b.Advance(ps[0]))

	require.ErrorIs(t, b.Hold(tranche.Holding{Tranche: "r", Amount: d("-0.01")}), tranche.ErrInvariant)
	require.Error(t, b.Hold(tranche.Holding{Tranche: "r", Amount: d("0.005")}))
	require.NoError(t, b.Hold(tranche.Holding{Tranche: "r", Amount: d("0"), Target: d("0")}))
	require.Empty(t, b.Holdings(), "0 held of no target is not recorded")

	require.NoError(t, b.Hold(tranche.Holding{Tranche: "wanted", Amount: d("0"), Target: d("10")}))
	require.NoError(t, b.Hold(tranche.Holding{Tranche: "plain", Amount: d("5"), Target: d("0")}))
	require.Len(t, b.Holdings(), 2)
	requireDec(t, "5", b.Held(0))

	b2, err := tranche.NewBook(2, []tranche.Party{{ID: "LP"}})
	require.NoError(t, err)
	require.NoError(t, b2.Advance(ps[0]))
	require.NoError(t, b2.Hold(tranche.Holding{Tranche: "reserve", Amount: d("3")}))
	require.NoError(t, b2.Hold(tranche.Holding{Tranche: "sweep", Amount: d("2.5")}))
	require.NoError(t, b2.Hold(tranche.Holding{Tranche: "reserve", Amount: d("7.01")}))
	requireDec(t, "9.51", b2.Held(0))
	require.NoError(t, b2.Advance(ps[1]))
	require.NoError(t, b2.Hold(tranche.Holding{Tranche: "reserve", Amount: d("1")}))
	requireDec(t, "9.51", b2.Held(0))
	requireDec(t, "1", b2.Held(1))
}

// TestBook_HeldSums: over random holdings of up to seven tranches on
// several dates of two periods, with amounts written at 0 to 2 places,
// Held(i) is the decimal sum of each tranche's last holding of period i,
// value and exponent (decimal.Zero when none).
func TestBook_HeldSums(t *testing.T) {
	rng := rand.New(rand.NewPCG(6, 1))
	ps := annualPeriods(2)
	for range 300 {
		b, err := tranche.NewBook(2, []tranche.Party{{ID: "LP"}})
		require.NoError(t, err)
		for i, p := range ps {
			require.NoError(t, b.Advance(p))
			last := map[tranche.TrancheID]decimal.Decimal{}
			for range rng.IntN(12) {
				id := tranche.TrancheID(fmt.Sprint("t", rng.IntN(7)))
				e := int32(rng.IntN(3))
				amt := decimal.New(rng.Int64N(1_000_000), -e) // whole cents at 0 to 2 places
				require.NoError(t, b.Hold(tranche.Holding{Tranche: id, Amount: amt, Target: amt.Add(decimal.NewFromInt(1))}))
				last[id] = amt
			}
			want := decimal.Zero
			for _, a := range last {
				want = want.Add(a)
			}
			got := b.Held(i)
			require.Equal(t, want.String(), got.String(), "period %d", i)
			require.Equal(t, want.Exponent(), got.Exponent(), "period %d", i)
		}
	}
}

// TestBook_HeldExponentAndSize: Held is the holdings' decimal sum, value
// and exponent, where one holding has the sum's coefficient at another
// exponent (0 and 0.00 held: the sum is 0.00, not 0) and where the sum
// is beyond int64 (0 and 10^20 held: 10^20, not 0); a book told its
// schedule keeps every holding, period after period.
func TestBook_HeldExponentAndSize(t *testing.T) {
	ps := annualPeriods(3)
	b, err := tranche.NewBook(2, []tranche.Party{{ID: "LP"}})
	require.NoError(t, err)
	b.SetSchedule(len(ps))
	require.NoError(t, b.Advance(ps[0]))
	require.NoError(t, b.Hold(tranche.Holding{Tranche: "r", Amount: d("0"), Target: d("5")}))
	require.NoError(t, b.Hold(tranche.Holding{Tranche: "s", Amount: d("0.00"), Target: d("5")}))
	got := b.Held(0)
	require.True(t, got.IsZero())
	require.Equal(t, int32(-2), got.Exponent())
	require.NoError(t, b.Advance(ps[1]))
	require.NoError(t, b.Hold(tranche.Holding{Tranche: "r", Amount: d("0"), Target: d("5")}))
	require.NoError(t, b.Hold(tranche.Holding{Tranche: "s", Amount: decimal.New(1, 20)}))
	require.Equal(t, "100000000000000000000", b.Held(1).String())
	require.NoError(t, b.Advance(ps[2]))
	require.NoError(t, b.Hold(tranche.Holding{Tranche: "r", Amount: d("7"), Target: d("7")}))
	require.Len(t, b.Holdings(), 5)
	require.Equal(t, "7", b.Held(2).String())
	require.Equal(t, int32(-2), b.Held(0).Exponent())
}
