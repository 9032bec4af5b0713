package metrics_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"math"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/jvwaterfall/jvwaterfall/contract"
	"github.com/jvwaterfall/jvwaterfall/internal/oracle"
	"github.com/jvwaterfall/jvwaterfall/internal/reference"
	"github.com/jvwaterfall/jvwaterfall/metrics"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"
)

// date returns midnight UTC of an ISO date.
func metricsDate(t testing.TB, s string) time.Time {
	t.Helper()
	d, err := time.Parse(time.DateOnly, s)
	require.NoError(t, err)
	return d
}

// flows builds flows from alternating ISO dates and decimal amounts.
func metricsFlows(t testing.TB, pairs ...string) []contract.Flow {
	t.Helper()
	require.Zero(t, len(pairs)%2, "pairs must be date, amount")
	var out []contract.Flow
	for i := 0; i < len(pairs); i += 2 {
		out = append(out, contract.Flow{Date: metricsDate(t, pairs[i]), Amount: decimal.RequireFromString(pairs[i+1])})
	}
	return out
}

func metricsDecimals(vs ...float64) []decimal.Decimal {
	out := make([]decimal.Decimal, len(vs))
	for i, v := range vs {
		out[i] = decimal.NewFromFloat(v)
	}
	return out
}

// excelXIRRFlows is the table of the Microsoft Excel XIRR help,
// https://support.microsoft.com/en-us/office/xirr-function-de1242ec-6477-445b-b11b-a303ad9adc9d
func excelXIRRFlows(t testing.TB) []contract.Flow {
	return metricsFlows(t,
		"2008-01-01", "-10000",
		"2008-03-01", "2750",
		"2008-10-30", "4250",
		"2009-02-15", "3250",
		"2009-04-01", "2750")
}

func TestXIRR(t *testing.T) {
	excel := excelXIRRFlows(t)
	// The same flows shuffled, with the first one split in two on its date.
	shuffled := []contract.Flow{excel[3], excel[1],
		{Date: excel[0].Date, Amount: decimal.RequireFromString("-4000")},
		excel[4], excel[2],
		{Date: excel[0].Date, Amount: decimal.RequireFromString("-6000")}}
	// The same flows at other clock times and in other time zones: only the
	// calendar date counts.
	honolulu := time.FixedZone("HST", -10*3600)
	kiritimati := time.FixedZone("LINT", 14*3600)
	zoned := slices.Clone(excel)
	zoned[0].Date = time.Date(2008, 1, 1, 23, 59, 0, 0, honolulu)
	zoned[1].Date = time.Date(2008, 3, 1, 0, 1, 0, 0, kiritimati)
	zoned[4].Date = time.Date(2009, 4, 1, 12, 0, 0, 0, honolulu)

	tests := []struct {
		name  string
		flows []contract.Flow
		want  float64
		tol   float64
	}{
		// Excel XIRR help (URL at excelXIRRFlows): published 0.373362535, which
		// is Excel's last iterate; the exact root, recomputed with mpmath at 40
		// digits, is 0.37336253351883151.
		{"excel help published", excel, 0.373362535, 1e-8},
		{"excel help exact root", excel, 0.37336253351883151, 1e-12},
		{"excel help shuffled and split", shuffled, 0.37336253351883151, 1e-12},
		{"excel help time zones ignored", zoned, 0.37336253351883151, 1e-12},
		// Closed form: 100·(1+r)^(365/365) = 110, so r = 0.10.
		{"one year", metricsFlows(t, "2021-01-01", "-100", "2022-01-01", "110"), 0.10, 1e-14},
		// Closed form: 100·(1+r)^(730/365) = 121, so r = 0.10 (2021-2023 has no leap day).
		{"two years", metricsFlows(t, "2021-01-01", "-100", "2023-01-01", "121"), 0.10, 1e-14},
		// Closed form over a leap year: 366 days, 100·(1+r)^(366/365) = 110.
		{"leap year", metricsFlows(t, "2024-01-01", "-100", "2025-01-01", "110"),
			math.Pow(1.1, 365.0/366) - 1, 1e-14},
		// The investor's sign convention reversed (a loan): same rate.
		{"borrower side", metricsFlows(t, "2021-01-01", "100", "2022-01-01", "-110"), 0.10, 1e-14},
		// Same-date amounts that cancel exactly in decimal (0.1+0.2-0.3 is not
		// zero in float64) add no term: the closed form stays 0.10.
		{"cancelling same-date amounts", metricsFlows(t,
			"2021-01-01", "-100",
			"2021-06-01", "0.1", "2021-06-01", "0.2", "2021-06-01", "-0.3",
			"2022-01-01", "110"), 0.10, 1e-14},
		// A zero first-date total: roots do not depend on where time starts.
		{"zero total on first date", metricsFlows(t,
			"2020-01-01", "5", "2020-01-01", "-5",
			"2021-01-01", "-100", "2022-01-01", "110"), 0.10, 1e-14},
		// Closed form at a loss: 100·(1+r) = 40, r = -0.6.
		{"loss", metricsFlows(t, "2021-01-01", "-100", "2022-01-01", "40"), -0.6, 1e-14},
		// Closed form, a very large rate: 1·(1+r)^(1/365) = 2, r = 2^365 - 1.
		{"huge rate", metricsFlows(t, "2021-01-01", "-1", "2021-01-02", "2"), math.Pow(2, 365) - 1, 1e-14},
		// Constructed: (v - 10/11)(v² + 1) with v = (1+r)^-1 has the coefficients
		// 10, -11, 10, -11 (times -11) and only one real root, r = 0.10,
		// although the amounts change sign three times.
		{"three sign changes, one root", metricsFlows(t,
			"2021-01-01", "10", "2022-01-01", "-11", "2023-01-01", "10", "2024-01-01", "-11"), 0.10, 1e-13},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := metrics.XIRR(tt.flows)
			require.NoError(t, err)
			require.InDelta(t, tt.want, got, tt.tol*max(1, math.Abs(tt.want)))
		})
	}
}

func TestIRR(t *testing.T) {
	tests := []struct {
		name   string
		values []decimal.Decimal
		want   float64
		tol    float64
	}{
		// Excel IRR help, https://support.microsoft.com/en-us/office/irr-function-64925eaa-9988-495b-b290-3ad0c163c1bc:
		// published -2.1%, 8.7%, -44.4% (rounded); recomputed with mpmath at 40
		// digits: -0.021244848273411, 0.086630948036532, -0.443506941334741.
		{"excel 4 years published", metricsDecimals(-70000, 12000, 15000, 18000, 21000), -0.021, 5e-4},
		{"excel 5 years published", metricsDecimals(-70000, 12000, 15000, 18000, 21000, 26000), 0.087, 5e-4},
		{"excel 2 years published", metricsDecimals(-70000, 12000, 15000), -0.444, 5e-4},
		{"excel 4 years exact", metricsDecimals(-70000, 12000, 15000, 18000, 21000), -0.021244848273411, 1e-12},
		{"excel 5 years exact", metricsDecimals(-70000, 12000, 15000, 18000, 21000, 26000), 0.086630948036532, 1e-12},
		{"excel 2 years exact", metricsDecimals(-70000, 12000, 15000), -0.443506941334741, 1e-12},
		{"excel 4 years recomputed 1e-6", metricsDecimals(-70000, 12000, 15000, 18000, 21000), -0.0212448, 1e-6},
		{"excel 5 years recomputed 1e-6", metricsDecimals(-70000, 12000, 15000, 18000, 21000, 26000), 0.0866309, 1e-6},
		{"excel 2 years recomputed 1e-6", metricsDecimals(-70000, 12000, 15000), -0.4435069, 1e-6},
		// Closed form: 100·1.1² = 121.
		{"closed form", metricsDecimals(-100, 0, 121), 0.10, 1e-14},
		// Zeros at both ends change nothing.
		{"zeros at the ends", metricsDecimals(0, -100, 110, 0), 0.10, 1e-14},
		// Constructed: (v - 10/11)(v² + 1), see TestXIRR.
		{"three sign changes, one root", metricsDecimals(10, -11, 10, -11), 0.10, 1e-13},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := metrics.IRR(tt.values)
			require.NoError(t, err)
			require.InDelta(t, tt.want, got, tt.tol)
		})
	}
}

// rateReferenceCases is the part of internal/reference/testdata/cases.json
// that the rate tests read; every case there cites its public source.
type rateReferenceCases struct {
	Cases []struct {
		ID     string `json:"id"`
		Kind   string `json:"kind"`
		Source struct {
			URL string `json:"url"`
		} `json:"source"`
		Inputs struct {
			Flows    [][2]json.RawMessage `json:"flows"`
			Subcases []struct {
				Name   string            `json:"name"`
				Values []json.RawMessage `json:"values"`
			} `json:"subcases"`
		} `json:"inputs"`
		Expected struct {
			XIRR *float64           `json:"xirr"`
			IRR  map[string]float64 `json:"irr"`
		} `json:"expected"`
		Tolerance struct {
			Abs float64 `json:"abs"`
		} `json:"tolerance"`
	} `json:"cases"`
}

// TestRates_ReferenceCases checks the xirr and irr cases of the reference
// file, xirr-excel-doc-2008 and irr-excel-doc (Microsoft's Excel help);
// each case's source URL is in the file and in the subtest log.
func TestRates_ReferenceCases(t *testing.T) {
	var ref rateReferenceCases
	require.NoError(t, json.Unmarshal(reference.CasesJSON(), &ref))
	number := func(t *testing.T, raw json.RawMessage) decimal.Decimal {
		d, err := decimal.NewFromString(string(raw))
		require.NoError(t, err)
		return d
	}
	seen := 0
	for _, c := range ref.Cases {
		switch c.Kind {
		case "xirr":
			seen++
			t.Run(c.ID, func(t *testing.T) {
				t.Log("source:", c.Source.URL)
				require.NotNil(t, c.Expected.XIRR)
				var fs []contract.Flow
				for _, f := range c.Inputs.Flows {
					var day string
					require.NoError(t, json.Unmarshal(f[0], &day))
					fs = append(fs, contract.Flow{Date: metricsDate(t, day), Amount: number(t, f[1])})
				}
				got, err := metrics.XIRR(fs)
				require.NoError(t, err)
				require.InDelta(t, *c.Expected.XIRR, got, c.Tolerance.Abs)
			})
		case "irr":
			for _, sc := range c.Inputs.Subcases {
				seen++
				t.Run(c.ID+"/"+sc.Name, func(t *testing.T) {
					t.Log("source:", c.Source.URL)
					want, ok := c.Expected.IRR[sc.Name]
					require.True(t, ok, "no expected value for %q", sc.Name)
					var vs []decimal.Decimal
					for _, v := range sc.Values {
						vs = append(vs, number(t, v))
					}
					got, err := metrics.IRR(vs)
					require.NoError(t, err)
					require.InDelta(t, want, got, c.Tolerance.Abs)
				})
			}
		}
	}
	require.Equal(t, 1+3, seen, "xirr-excel-doc-2008 and the three subcases of irr-excel-doc")
}

func TestXIRR_Errors(t *testing.T) {
	tests := []struct {
		name  string
		flows []contract.Flow
		want  error
	}{
		{"empty", nil, metrics.ErrNoRoot},
		{"single flow", metricsFlows(t, "2021-01-01", "-100"), metrics.ErrNoRoot},
		{"all positive", metricsFlows(t, "2021-01-01", "100", "2022-01-01", "110"), metrics.ErrNoRoot},
		{"all negative", metricsFlows(t, "2021-01-01", "-100", "2022-01-01", "-110"), metrics.ErrNoRoot},
		{"all zero", metricsFlows(t, "2021-01-01", "0", "2022-01-01", "0.00"), metrics.ErrNoRoot},
		{"one date only", metricsFlows(t, "2021-01-01", "-100", "2021-01-01", "110"), metrics.ErrNoRoot},
		// -100 + 230v - 132v² with v = 1/(1+r) has roots r = 10% and 20%
		// (2021-2023: 365-day years, see TestIRR_Errors).
		{"two roots", metricsFlows(t, "2021-01-01", "-100", "2022-01-01", "230", "2023-01-01", "-132"),
			metrics.ErrMultipleRoots},
		// -100 + 250v - 200v² has a negative discriminant: no root.
		{"two sign changes, no root", metricsFlows(t, "2021-01-01", "-100", "2022-01-01", "250", "2023-01-01", "-200"),
			metrics.ErrNoRoot},
		// -100 + 200v - 100v² = -100(1-v)²: a double root at r = 0.
		{"double root", metricsFlows(t, "2021-01-01", "-100", "2022-01-01", "200", "2023-01-01", "-100"),
			metrics.ErrMultipleRoots},
		// 1·(1+r)^(1/365) = 10: r = 10^365 - 1 overflows float64.
		{"rate beyond float64", metricsFlows(t, "2021-01-01", "-1", "2021-01-02", "10"), metrics.ErrNoRoot},
		// (1+r)^(1/365) = 1e-1: 1+r = 1e-365 rounds r to -1.
		{"rate too close to -1", metricsFlows(t, "2021-01-01", "-10", "2021-01-02", "1"), metrics.ErrNoRoot},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := metrics.XIRR(tt.flows)
			require.ErrorIs(t, err, tt.want)
			require.Zero(t, got)
		})
	}
}

func TestIRR_Errors(t *testing.T) {
	tests := []struct {
		name   string
		values []decimal.Decimal
		want   error
	}{
		{"empty", nil, metrics.ErrNoRoot},
		{"single value", metricsDecimals(-100), metrics.ErrNoRoot},
		{"all positive", metricsDecimals(1, 2, 3), metrics.ErrNoRoot},
		{"all negative", metricsDecimals(-1, -2, -3), metrics.ErrNoRoot},
		{"all zero", metricsDecimals(0, 0, 0), metrics.ErrNoRoot},
		// -100 + 230v - 132v² with v = 1/(1+r) has roots r = 10% and r = 20%:
		// 230/1.1 - 132/1.21 = 100 and 230/1.2 - 132/1.44 = 100.
		{"two roots", metricsDecimals(-100, 230, -132), metrics.ErrMultipleRoots},
		{"two roots, reversed signs", metricsDecimals(100, -230, 132), metrics.ErrMultipleRoots},
		{"two sign changes, no root", metricsDecimals(-100, 250, -200), metrics.ErrNoRoot},
		{"double root", metricsDecimals(-100, 200, -100), metrics.ErrMultipleRoots},
		// (11v-10)(6v-5)(13v-10) = 858v³ - 2155v² + 1800v - 500 with v = 1/(1+r):
		// roots r = 10%, 20% and 30%.
		{"three roots", metricsDecimals(-500, 1800, -2155, 858), metrics.ErrMultipleRoots},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := metrics.IRR(tt.values)
			require.ErrorIs(t, err, tt.want)
		})
	}
}

func TestXIRR_AmountsBeyondFloat64(t *testing.T) {
	big := decimal.New(-1, 400)
	t.Run("huge amounts keep their rate", func(t *testing.T) {
		// Closed form scaled by 10^400: 1.1 after one year.
		fs := []contract.Flow{
			{Date: metricsDate(t, "2021-01-01"), Amount: big},
			{Date: metricsDate(t, "2022-01-01"), Amount: big.Mul(decimal.RequireFromString("-1.1"))},
		}
		got, err := metrics.XIRR(fs)
		require.NoError(t, err)
		require.InDelta(t, 0.10, got, 1e-14)
	})
	t.Run("spread beyond float64", func(t *testing.T) {
		fs := []contract.Flow{
			{Date: metricsDate(t, "2021-01-01"), Amount: big},
			{Date: metricsDate(t, "2022-01-01"), Amount: decimal.New(1, -400)},
		}
		_, err := metrics.XIRR(fs)
		require.ErrorIs(t, err, contract.ErrRange)
		var fe *contract.FieldError
		require.ErrorAs(t, err, &fe)
		require.Equal(t, "flows[1].amount", fe.Path)
	})
}

// randomXIRRInvestment returns n flows in random order on dates within 15 years:
// one to n-1 payments in, then the rest out (one sign change), with a
// multiple between 0.2 and 5.
func randomXIRRInvestment(rng *rand.Rand, n int) ([]contract.Flow, []int64) {
	start := time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)
	days := make([]int64, n)
	for i := range days {
		days[i] = rng.Int64N(15 * 365)
	}
	slices.Sort(days)
	days[0] = 0
	in := 1 + rng.IntN(n-1)
	multiple := 0.2 + 4.8*rng.Float64()
	fs := make([]contract.Flow, n)
	for i := range fs {
		cents := 1 + rng.Int64N(10_000_000)
		if i < in {
			cents = -cents
		} else {
			cents = int64(float64(cents) * multiple)
		}
		fs[i] = contract.Flow{Date: start.AddDate(0, 0, int(days[i])), Amount: decimal.New(cents, -2)}
	}
	perm := rng.Perm(n)
	outF, outD := make([]contract.Flow, n), make([]int64, n)
	for i, p := range perm {
		outF[i], outD[i] = fs[p], days[p]
	}
	return outF, outD
}

// TestXIRR_BigFloatOracle checks, with the 200-bit present value of
// internal/oracle, that the exact NPV changes sign within 1e-12·(1+r) of
// each rate, and that the oracle's own bisection finds the same rate.
func TestXIRR_BigFloatOracle(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for k := range 300 {
		n := 2 + rng.IntN(60)
		fs, _ := randomXIRRInvestment(rng, n)
		t.Run(fmt.Sprintf("vector=%d/n=%d", k, n), func(t *testing.T) {
			r, err := metrics.XIRR(fs)
			require.NoError(t, err)
			dates := make([]time.Time, n)
			amounts := make([]decimal.Decimal, n)
			for i, f := range fs {
				dates[i], amounts[i] = f.Date, f.Amount
			}
			delta := 1e-12 * (1 + r)
			lo := oracle.XNPV(r-delta, dates, amounts)
			hi := oracle.XNPV(r+delta, dates, amounts)
			require.NotEqual(t, lo.Sign(), hi.Sign(), "r=%v: NPV(r-δ)=%v, NPV(r+δ)=%v", r, lo, hi)
			want, ok := oracle.XIRR(dates, amounts)
			require.True(t, ok)
			require.InDelta(t, want, r, 1e-9*(1+r))
		})
	}
}

// xirrResidual returns |Σ a_i (1+r)^(−t_i)| / Σ |a_i (1+r)^(−t_i)| in float64,
// scaled so that no power overflows.
func xirrResidual(r float64, ts []float64, as []float64) float64 {
	lg := math.Log1p(r)
	top := math.Inf(-1)
	for _, t := range ts {
		top = max(top, -lg*t)
	}
	var sum, abs float64
	for i, t := range ts {
		v := as[i] * math.Exp(-lg*t-top)
		sum += v
		abs += math.Abs(v)
	}
	return math.Abs(sum) / abs
}

func TestXIRR_Residual(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for k := range 500 {
		n := 2 + rng.IntN(200)
		fs, days := randomXIRRInvestment(rng, n)
		r, err := metrics.XIRR(fs)
		require.NoError(t, err, "vector %d", k)
		ts, as := make([]float64, n), make([]float64, n)
		for i := range fs {
			ts[i], as[i] = float64(days[i])/365, fs[i].Amount.InexactFloat64()
		}
		require.Less(t, xirrResidual(r, ts, as), 1e-12, "vector %d: r=%v", k, r)
		// NPV changes sign around r (float64 evaluation, relative step 1e-9).
		d := 1e-9 * (1 + r)
		lo, hi := floatNPV(r-d, ts, as), floatNPV(r+d, ts, as)
		require.True(t, lo*hi < 0, "vector %d: r=%v NPV(r-d)=%v NPV(r+d)=%v", k, r, lo, hi)
	}
}

func floatNPV(r float64, ts, as []float64) float64 {
	var sum float64
	for i, t := range ts {
		sum += as[i] * math.Pow(1+r, -t)
	}
	return sum
}

// TestIRR_ConstructedRoots builds polynomials in v = 1/(1+r) with one root
// in (0, ∞) for v and complex others: (v − v0)(v² + b·v + c), b² < 4c.
func TestIRR_ConstructedRoots(t *testing.T) {
	tests := []struct {
		name    string
		r, b, c float64
	}{
		{"r=0.10 b=0 c=1", 0.10, 0, 1},
		{"r=-0.5 b=1 c=1", -0.5, 1, 1},
		{"r=0.25 b=-1 c=2", 0.25, -1, 2},
		{"r=3 b=0.5 c=0.3", 3, 0.5, 0.3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v0 := 1 / (1 + tt.r)
			// coefficients of v^0..v^3 of (v − v0)(v² + b v + c)
			coef := []float64{-v0 * tt.c, tt.c - v0*tt.b, tt.b - v0, 1}
			values := make([]decimal.Decimal, len(coef))
			for i, c := range coef {
				values[i] = decimal.NewFromFloat(c)
			}
			got, err := metrics.IRR(values)
			require.NoError(t, err)
			require.InDelta(t, tt.r, got, 1e-12*(1+tt.r))
		})
	}
}

func TestXNPV(t *testing.T) {
	tests := []struct {
		name   string
		rate   string
		flows  []contract.Flow
		places int32
		want   string
	}{
		// Closed form: 110/1.1 = 100.
		{"one year", "0.1", metricsFlows(t, "2022-01-10", "110", "2021-01-10", "0"), 2, "100.00"},
		// Closed form: 121/1.1² = 100, and the undiscounted -100 on the first date.
		{"two years", "0.1", metricsFlows(t, "2021-01-01", "-100", "2023-01-01", "121"), 2, "0.00"},
		// Closed form at a negative rate: 50/(1-0.5) = 100.
		{"negative rate", "-0.5", metricsFlows(t, "2021-01-01", "0", "2022-01-01", "50"), 2, "100.00"},
		// Zero rate: the plain sum.
		{"zero rate", "0", metricsFlows(t, "2021-01-01", "-100.25", "2030-05-17", "300.5"), 2, "200.25"},
		{"no flows", "0.1", nil, 2, "0"},
		// Excel XNPV example of https://www.excelfunctions.net/excel-xnpv-function.html:
		// 5%, -10000 on 2016-01-01 and five returns, published $4,447.94;
		// recomputed with mpmath at 40 digits: 4447.938009440516567550.
		{"excelfunctions.net example", "0.05", metricsFlows(t,
			"2016-01-01", "-10000", "2016-02-01", "2000", "2016-05-01", "2400",
			"2016-07-01", "2900", "2016-11-01", "3500", "2017-01-01", "4100"), 2, "4447.94"},
		{"excelfunctions.net example, 15 places", "0.05", metricsFlows(t,
			"2016-01-01", "-10000", "2016-02-01", "2000", "2016-05-01", "2400",
			"2016-07-01", "2900", "2016-11-01", "3500", "2017-01-01", "4100"), 15, "4447.938009440516568"},
		// The Excel XIRR help flows (URL at excelXIRRFlows) at 9%, recomputed
		// with mpmath at 40 digits: 2086.647602031536621664.
		{"excel flows at 9%", "0.09", excelXIRRFlows(t), 12, "2086.647602031537"},
		// Unsorted input: the earliest date is d_1.
		{"unsorted", "0.1", metricsFlows(t, "2023-01-01", "121", "2021-01-01", "-100"), 2, "0.00"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := metrics.XNPV(decimal.RequireFromString(tt.rate), tt.flows, tt.places)
			require.NoError(t, err)
			want := decimal.RequireFromString(tt.want)
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("XNPV() mismatch (-want +got):\n%s", diff)
			}
			if len(tt.flows) > 0 {
				require.Equal(t, tt.want, got.StringFixed(tt.places))
			}
		})
	}
}

func TestXNPV_AtXIRR(t *testing.T) {
	// At the rate XIRR returns, XNPV is zero to the cent.
	fs := excelXIRRFlows(t)
	r, err := metrics.XIRR(fs)
	require.NoError(t, err)
	got, err := metrics.XNPV(decimal.NewFromFloat(r), fs, 6)
	require.NoError(t, err)
	require.True(t, got.Abs().LessThan(decimal.New(1, -6)), "XNPV at XIRR = %s", got)
}

func TestXNPV_Errors(t *testing.T) {
	for _, rate := range []string{"-1", "-1.5", "-100"} {
		t.Run("rate="+rate, func(t *testing.T) {
			_, err := metrics.XNPV(decimal.RequireFromString(rate), excelXIRRFlows(t), 2)
			require.ErrorIs(t, err, contract.ErrRange)
			require.ErrorIs(t, err, contract.ErrInvalid)
			var fe *contract.FieldError
			require.ErrorAs(t, err, &fe)
			require.Equal(t, "rate", fe.Path)
		})
	}
}

func TestNPV(t *testing.T) {
	tests := []struct {
		name   string
		rate   string
		values []decimal.Decimal
		places int32
		want   string
	}{
		// Closed form: 121/1.1² = 100, and the undiscounted -100 at t = 0.
		{"two periods", "0.1", metricsDecimals(-100, 0, 121), 2, "0.00"},
		// Closed form: 110/1.1 = 100; the first value is not discounted.
		{"first value undiscounted", "0.1", metricsDecimals(0, 110), 2, "100.00"},
		// Closed form at a negative rate: 50/(1-0.5) = 100.
		{"negative rate", "-0.5", metricsDecimals(0, 50), 2, "100.00"},
		{"zero rate", "0", metricsDecimals(-100.25, 300.5), 2, "200.25"},
		// Closed form: 1/1.1 + 1/1.1² + 1/1.1³ = (1.21 + 1.1 + 1)/1.331 = 3.31/1.331.
		{"annuity", "0.1", metricsDecimals(0, 1, 1, 1), 15, "2.486851990984222"},
		{"no values", "0.1", nil, 2, "0"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := metrics.NPV(decimal.RequireFromString(tt.rate), tt.values, tt.places)
			require.NoError(t, err)
			if diff := cmp.Diff(decimal.RequireFromString(tt.want), got); diff != "" {
				t.Errorf("NPV() mismatch (-want +got):\n%s", diff)
			}
		})
	}
	t.Run("zero at IRR", func(t *testing.T) {
		values := metricsDecimals(-70000, 12000, 15000, 18000, 21000, 26000)
		r, err := metrics.IRR(values)
		require.NoError(t, err)
		got, err := metrics.NPV(decimal.NewFromFloat(r), values, 6)
		require.NoError(t, err)
		require.True(t, got.Abs().LessThan(decimal.New(1, -6)), "NPV at IRR = %s", got)
	})
	t.Run("equals XNPV on 365-day years", func(t *testing.T) {
		// 2021-2023 has no leap day, so a year of days is one period.
		fs := metricsFlows(t, "2021-01-01", "-1000", "2022-01-01", "300", "2023-01-01", "900")
		x, err := metrics.XNPV(decimal.RequireFromString("0.07"), fs, 12)
		require.NoError(t, err)
		n, err := metrics.NPV(decimal.RequireFromString("0.07"), metricsDecimals(-1000, 300, 900), 12)
		require.NoError(t, err)
		require.True(t, x.Equal(n), "XNPV %s, NPV %s", x, n)
	})
	for _, rate := range []string{"-1", "-2"} {
		t.Run("rate="+rate, func(t *testing.T) {
			_, err := metrics.NPV(decimal.RequireFromString(rate), metricsDecimals(-1, 2), 2)
			require.ErrorIs(t, err, contract.ErrRange)
			var fe *contract.FieldError
			require.ErrorAs(t, err, &fe)
			require.Equal(t, "rate", fe.Path)
		})
	}
}

func TestPaidInMultiples(t *testing.T) {
	tests := []struct {
		name                     string
		paidIn, distributed, nav string
		dpi, rvpi, tvpi          string
	}{
		{"realized", "1000", "1500", "0", "1.5", "0", "1.5"},
		{"with NAV", "1000", "1200", "100", "1.2", "0.1", "1.3"},
		{"thirds round half away from zero", "3", "2", "1", "0.6666666667", "0.3333333333", "1"},
		{"nothing back", "100", "0", "0", "0", "0", "0"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := decimal.RequireFromString
			got, err := metrics.PaidInMultiples(d(tt.paidIn), d(tt.distributed), d(tt.nav))
			require.NoError(t, err)
			want := metrics.Multiples{DPI: d(tt.dpi), RVPI: d(tt.rvpi), TVPI: d(tt.tvpi)}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("PaidInMultiples() mismatch (-want +got):\n%s", diff)
			}
			// DPI and TVPI are MOIC of what was distributed and of the total value.
			moic, err := metrics.MOIC(d(tt.paidIn), d(tt.distributed).Add(d(tt.nav)))
			require.NoError(t, err)
			require.True(t, moic.Equal(got.TVPI))
		})
	}
	for _, tt := range []struct {
		name, paidIn, nav, path string
		want                    error
	}{
		{"no paid-in", "0", "0", "paid_in", contract.ErrRange},
		{"negative paid-in", "-1", "0", "paid_in", contract.ErrRange},
		{"negative nav", "1", "-1", "nav", contract.ErrNegative},
	} {
		t.Run(tt.name, func(t *testing.T) {
			d := decimal.RequireFromString
			_, err := metrics.PaidInMultiples(d(tt.paidIn), d("1"), d(tt.nav))
			require.ErrorIs(t, err, tt.want)
			var fe *contract.FieldError
			require.ErrorAs(t, err, &fe)
			require.Equal(t, tt.path, fe.Path)
		})
	}
}

func TestMOIC(t *testing.T) {
	tests := []struct {
		name             string
		paidIn, received string
		want             string
	}{
		{"two and a half times", "1000000", "2500000", "2.5"},
		{"a third, rounded to MultiplePlaces", "3", "1", "0.3333333333"},
		{"two thirds, rounded half up", "3", "2", "0.6666666667"},
		{"nothing back", "100", "0", "0"},
		{"cents", "0.03", "0.02", "0.6666666667"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := metrics.MOIC(decimal.RequireFromString(tt.paidIn), decimal.RequireFromString(tt.received))
			require.NoError(t, err)
			if diff := cmp.Diff(decimal.RequireFromString(tt.want), got); diff != "" {
				t.Errorf("MOIC() mismatch (-want +got):\n%s", diff)
			}
			require.LessOrEqual(t, -got.Exponent(), int32(metrics.MultiplePlaces))
		})
	}
}

func TestMOIC_Errors(t *testing.T) {
	for _, paidIn := range []string{"0", "-1"} {
		t.Run("paid_in="+paidIn, func(t *testing.T) {
			_, err := metrics.MOIC(decimal.RequireFromString(paidIn), decimal.RequireFromString("10"))
			require.ErrorIs(t, err, contract.ErrRange)
			var fe *contract.FieldError
			require.ErrorAs(t, err, &fe)
			require.Equal(t, "paid_in", fe.Path)
		})
	}
}

// FuzzXIRR decodes 4-byte records (day offset, amount) into flows. XIRR must
// not panic; a rate must be a finite root with a tiny relative residual; an
// error must be one of the sentinels; and more than one root needs at least
// two sign changes (Descartes).
func FuzzXIRR(f *testing.F) {
	f.Add([]byte{0, 0, 0x9c, 0xff, 0x6d, 0x01, 110, 0}) // -100 @0, 110 @365
	f.Add([]byte{0, 0, 0x9c, 0xff, 0x6d, 0x01, 230, 0, 0xda, 0x02, 0x7c, 0xff})
	f.Add([]byte{0, 0, 1, 0, 0, 0, 2, 0, 0, 0, 0xff, 0xff})
	f.Add([]byte{5, 0, 10, 0, 1, 0, 0xf6, 0xff, 9, 0, 0xf6, 0xff, 3, 0, 10, 0})
	f.Add([]byte{0, 0, 0x9c, 0xff, 0xda, 0x61, 4, 0}) // -100 @0, 4 @50: r = -1 + 6.2e-11
	start := time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, data []byte) {
		var fs []contract.Flow
		for i := 0; i+4 <= len(data); i += 4 {
			day := int(uint16(data[i])|uint16(data[i+1])<<8) % 5000
			amount := int64(int16(uint16(data[i+2]) | uint16(data[i+3])<<8))
			fs = append(fs, contract.Flow{Date: start.AddDate(0, 0, day), Amount: decimal.New(amount, 0)})
		}
		r, err := metrics.XIRR(fs)
		// Same-date totals in date order, for the checks.
		totals := map[int64]float64{}
		for _, fl := range fs {
			totals[int64(fl.Date.Sub(start).Hours()/24)] += fl.Amount.InexactFloat64()
		}
		var ts, as []float64
		for _, d := range slices.Sorted(maps.Keys(totals)) {
			if totals[d] != 0 {
				ts, as = append(ts, float64(d)/365), append(as, totals[d])
			}
		}
		changes := 0
		for i := 1; i < len(as); i++ {
			if (as[i] > 0) != (as[i-1] > 0) {
				changes++
			}
		}
		if err != nil {
			if !errors.Is(err, metrics.ErrNoRoot) && !errors.Is(err, metrics.ErrMultipleRoots) {
				t.Fatalf("unexpected error %v", err)
			}
			if errors.Is(err, metrics.ErrMultipleRoots) && changes < 2 {
				t.Fatalf("%d sign changes but %v", changes, err)
			}
			return
		}
		if changes == 0 {
			t.Fatalf("rate %v for flows of one sign", r)
		}
		if !(r > -1) || math.IsInf(r, 0) || math.IsNaN(r) {
			t.Fatalf("rate %v out of (-1, +Inf)", r)
		}
		// Near -1 the float64 r cannot hold 1+r to full precision: allow the
		// residual that half an ulp of r causes, |δ ln(1+r)|·t_max.
		ulp := math.Nextafter(r, math.Inf(1)) - r
		tol := 1e-9 + 2*ts[len(ts)-1]*ulp/(1+r)
		if res := xirrResidual(r, ts, as); res > tol {
			t.Fatalf("rate %v leaves a relative residual %v > %v", r, res, tol)
		}
	})
}

// xirrBenchFlows returns n flows like a fund's: calls in the first third, then
// distributions, about nine days apart, unsorted.
func xirrBenchFlows(n int) []contract.Flow {
	rng := rand.New(rand.NewPCG(uint64(n), 7))
	start := time.Date(2015, 1, 1, 0, 0, 0, 0, time.UTC)
	fs := make([]contract.Flow, n)
	for i := range fs {
		cents := 100_000 + rng.Int64N(10_000_000)
		if i < n/3 {
			cents = -2 * cents
		}
		fs[i] = contract.Flow{Date: start.AddDate(0, 0, 9*i+rng.IntN(9)), Amount: decimal.New(cents, -2)}
	}
	rng.Shuffle(n, func(i, j int) { fs[i], fs[j] = fs[j], fs[i] })
	return fs
}

func BenchmarkXIRR(b *testing.B) {
	for _, n := range []int{40, 120, 1000} {
		fs := xirrBenchFlows(n)
		b.Run(fmt.Sprintf("flows=%d", n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := metrics.XIRR(fs); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkXIRR_SignChanges times the branch-and-bound path: flows that
// alternate in and out, with a unique root.
func BenchmarkXIRR_SignChanges(b *testing.B) {
	for _, n := range []int{40, 120} {
		fs := xirrBenchFlows(n)
		for i := range fs {
			if i%5 == 0 && fs[i].Amount.IsPositive() {
				fs[i].Amount = fs[i].Amount.Neg()
			}
		}
		if _, err := metrics.XIRR(fs); err != nil {
			b.Fatal(err)
		}
		b.Run(fmt.Sprintf("flows=%d", n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := metrics.XIRR(fs); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
