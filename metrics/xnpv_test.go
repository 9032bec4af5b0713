package metrics_test

import (
	"math"
	"math/big"
	"math/rand/v2"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/jvwaterfall/jvwaterfall/contract"
	"github.com/jvwaterfall/jvwaterfall/internal/oracle"
	"github.com/jvwaterfall/jvwaterfall/metrics"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"
)

// TestXNPV_NearMinusOne is the hostile input of issue 17: rate
// −0.9999999999 with flows 30 years apart did not finish in 40 s, because
// decimal.ExpTaylor keeps every power of its 330-digit argument exact.
// It now finishes in about a millisecond, exact to the cent: the want in
// testdata/xnpv-near-minus-one.txt is −1 + (10^−10)^(−10958/365),
// computed with mpmath at 400 digits and rounded half up.
func TestXNPV_NearMinusOne(t *testing.T) {
	data, err := os.ReadFile("testdata/xnpv-near-minus-one.txt")
	require.NoError(t, err)
	want := decimal.RequireFromString(strings.TrimSpace(string(data)))
	fs := metricsFlows(t, "2000-01-01", "-1", "2030-01-01", "1")
	got, err := metrics.XNPV(decimal.RequireFromString("-0.9999999999"), fs, 2)
	require.NoError(t, err)
	require.True(t, want.Equal(got), "got %s", got)
	require.Len(t, got.StringFixed(2), 304)

	// Periodic: 1/(10^−10)^30 = 10^300 exactly.
	values := make([]decimal.Decimal, 31)
	for i := range values {
		values[i] = decimal.Zero
	}
	values[0], values[30] = decimal.NewFromInt(-1), decimal.NewFromInt(1)
	got, err = metrics.NPV(decimal.RequireFromString("-0.9999999999"), values, 2)
	require.NoError(t, err)
	require.True(t, decimal.New(1, 300).Sub(decimal.NewFromInt(1)).Equal(got), "got %s", got)
}

// TestXNPV_Limits checks that XNPV's work is bounded: inputs that need
// more than 2,048 digits are errors naming the field, and inputs at the
// limit finish (in about 4 ms a flow on one core).
func TestXNPV_Limits(t *testing.T) {
	fs := metricsFlows(t, "2000-01-01", "-1", "2030-01-01", "1")
	t.Run("rate too close to -1", func(t *testing.T) {
		_, err := metrics.XNPV(decimal.RequireFromString("-0.99999999999999999999999999999999999999999999999999999999999999999999999999999"), fs, 2)
		requireFieldError(t, err, "rate", contract.ErrRange)
	})
	t.Run("rate closer to -1 than float64 can show", func(t *testing.T) {
		_, err := metrics.XNPV(decimal.New(-1, 0).Add(decimal.New(1, -1000)), fs, 2)
		requireFieldError(t, err, "rate", contract.ErrRange)
	})
	t.Run("too many places", func(t *testing.T) {
		_, err := metrics.XNPV(decimal.RequireFromString("0.1"), fs, 1<<30)
		requireFieldError(t, err, "places", contract.ErrRange)
	})
	t.Run("amount too large", func(t *testing.T) {
		big := metricsFlows(t, "2000-01-01", "-1", "2030-01-01", "1")
		big[1].Amount = decimal.New(1, 1<<20)
		_, err := metrics.XNPV(decimal.RequireFromString("0.1"), big, 2)
		requireFieldError(t, err, "flows[1].amount", contract.ErrRange)
		_, err = metrics.NPV(decimal.RequireFromString("0.1"), []decimal.Decimal{decimal.New(1, 1<<20)}, 2)
		requireFieldError(t, err, "values[0]", contract.ErrRange)
	})
	t.Run("places far left of the value round to zero", func(t *testing.T) {
		got, err := metrics.XNPV(decimal.RequireFromString("0.1"), fs, -(1 << 30))
		require.NoError(t, err)
		require.True(t, got.IsZero(), "got %s", got)
	})
	t.Run("amounts far below a cent", func(t *testing.T) {
		tiny := metricsFlows(t, "2000-01-01", "-1", "2030-01-01", "1")
		tiny = append(tiny, contract.Flow{Date: metricsDate(t, "2010-01-01"), Amount: decimal.New(1, -1<<30)})
		got, err := metrics.XNPV(decimal.Zero, tiny, 2)
		require.NoError(t, err)
		require.True(t, got.IsZero(), "got %s", got)
	})
	t.Run("a rate of many digits", func(t *testing.T) {
		rate := decimal.RequireFromString("0.1").Add(decimal.New(1, -100000))
		got, err := metrics.XNPV(rate, metricsFlows(t, "2021-01-01", "-100", "2022-01-01", "110"), 2)
		require.NoError(t, err)
		require.Equal(t, "0.00", got.StringFixed(2))
	})
	t.Run("at the limit", func(t *testing.T) {
		// 1+rate = 10^−80 over 24.75 years: factors up to about 10^1980.
		rate := decimal.New(-1, 0).Add(decimal.New(1, -80))
		var many []contract.Flow
		for i := range 20 {
			many = append(many, contract.Flow{Date: time.Date(2000+i, time.Month(1+i%12), 1, 0, 0, 0, 0, time.UTC),
				Amount: decimal.NewFromInt(int64(i - 10))})
		}
		many = append(many, contract.Flow{Date: time.Date(2024, 10, 1, 0, 0, 0, 0, time.UTC), Amount: decimal.NewFromInt(1)})
		got, err := metrics.XNPV(rate, many, 2)
		require.NoError(t, err)
		require.Greater(t, len(got.String()), 1900)
	})
}

// requireFieldError checks that err is a contract.FieldError at path
// wrapping want.
func requireFieldError(t *testing.T, err error, path string, want error) {
	t.Helper()
	require.ErrorIs(t, err, want)
	var fe *contract.FieldError
	require.ErrorAs(t, err, &fe)
	require.Equal(t, path, fe.Path)
}

// TestXNPV_BigFloatOracle compares XNPV with the 200-bit present value of
// internal/oracle (its own series for ln and exp) on random flows and
// rates from −95% to +300%.
func TestXNPV_BigFloatOracle(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	for k := range 200 {
		n := 1 + rng.IntN(40)
		fs, _ := randomXIRRInvestment(rng, max(n, 2))
		// k/2^16, −0.95 to 3: exact both as a decimal and as a float64,
		// so the library and the oracle discount at the same rate.
		k16 := rng.Int64N(258_867) - 62_259
		rate := decimal.New(k16, 0).Mul(decimal.New(152587890625, -16)) // 2^−16 = 0.0000152587890625
		got, err := metrics.XNPV(rate, fs, 6)
		require.NoError(t, err, "case %d", k)
		dates := make([]time.Time, len(fs))
		amounts := make([]decimal.Decimal, len(fs))
		for i, f := range fs {
			dates[i], amounts[i] = f.Date, f.Amount
		}
		want := oracle.XNPV(float64(k16)/(1<<16), dates, amounts)
		diff := new(big.Float).SetPrec(256).Sub(want, new(big.Float).SetPrec(256).SetRat(got.Rat()))
		// Rounding to 6 places, and the oracle's 200 bits.
		if d, _ := diff.Float64(); math.Abs(d) > 5.000001e-7 {
			t.Errorf("case %d: rate %s: XNPV %s, oracle %s", k, rate, got, want.Text('f', 10))
		}
	}
}
