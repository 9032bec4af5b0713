package contract

import (
	"testing"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"
)

// TestGrowthMemo_SameFactor checks that a kept factor is the one computed
// without the memo, for a growth and a discount, and that a factor once
// computed is handed out again without allocating.
func TestGrowthMemo_SameFactor(t *testing.T) {
	r := Rate{Annual: decimal.RequireFromString("0.0731"), Compounding: Quarterly, DayCount: ACT360}
	from, to := Date(2031, 1, 31), Date(2031, 3, 3)
	num, den := r.DayCount.Fraction(from, to)
	for _, invert := range []bool{false, true} {
		want, err := r.factorOf(num, den, invert)
		require.NoError(t, err)
		for range 2 {
			got, err := r.factor(from, to, invert)
			require.NoError(t, err)
			require.True(t, want.Equal(got), "invert %v: %s, want %s", invert, got, want)
			require.Equal(t, want.Exponent(), got.Exponent())
		}
	}
	allocs := testing.AllocsPerRun(20, func() {
		if _, err := r.Growth(from, to); err != nil {
			t.Fatal(err)
		}
	})
	require.Zero(t, allocs, "a kept factor allocates")
}

// TestGrowthMemo_InvalidRate checks that an invalid rate still fails,
// whatever valid rate with the same coefficient was kept before.
func TestGrowthMemo_InvalidRate(t *testing.T) {
	from, to := Date(2030, 1, 1), Date(2030, 7, 1)
	ok := Rate{Annual: decimal.RequireFromString("-1.5"), Compounding: Continuous}
	_, err := ok.Growth(from, to)
	require.NoError(t, err)
	bad := ok
	bad.Compounding = Annual // 1 + r <= 0
	_, err = bad.Growth(from, to)
	require.ErrorIs(t, err, ErrRange)
	bad = ok
	bad.DayCount = DayCount(99)
	_, err = bad.Growth(from, to)
	require.ErrorIs(t, err, ErrRange)
	// An unknown day count counts no time (0/1 of a year), the key of the
	// factor 1 that a valid rate keeps for an empty span: the day count
	// is checked before the memo is read.
	one, err := ok.Growth(from, from)
	require.NoError(t, err)
	require.Equal(t, "1", one.String())
	_, err = bad.Growth(from, to)
	require.ErrorIs(t, err, ErrRange)
}
