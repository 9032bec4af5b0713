package metrics_test

import (
	"encoding/json"
	"errors"
	"math"
	"math/rand/v2"
	"os"
	"slices"
	"testing"
	"time"

	"github.com/jvwaterfall/jvwaterfall/contract"
	"github.com/jvwaterfall/jvwaterfall/internal/oracle"
	"github.com/jvwaterfall/jvwaterfall/metrics"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"
)

// rateOptionCases is the form of testdata/rate-options.json: published
// rates under several day counts and published flows with several rates,
// each with its source.
type rateOptionCases struct {
	XIRR []struct {
		ID        string      `json:"id"`
		Source    string      `json:"source"`
		DayCount  string      `json:"day_count"`
		Flows     [][2]string `json:"flows"`
		Published float64     `json:"published"`
		Tolerance float64     `json:"tolerance"`
	} `json:"xirr"`
	MultipleRoots []struct {
		ID     string    `json:"id"`
		Source string    `json:"source"`
		Values []string  `json:"values"`
		Roots  []float64 `json:"roots"`
		Picks  *struct {
			Tool      string  `json:"tool"`
			Choice    string  `json:"choice"`
			Guess     float64 `json:"guess"`
			Published float64 `json:"published"`
			Tolerance float64 `json:"tolerance"`
		} `json:"picks"`
	} `json:"multiple_roots"`
}

func loadRateOptionCases(t *testing.T) rateOptionCases {
	t.Helper()
	data, err := os.ReadFile("testdata/rate-options.json")
	require.NoError(t, err)
	var c rateOptionCases
	require.NoError(t, json.Unmarshal(data, &c))
	require.NotEmpty(t, c.XIRR)
	require.NotEmpty(t, c.MultipleRoots)
	return c
}

// dayCounts are the conventions Options.DayCount takes, with the oracle's
// own version of each.
var dayCounts = []struct {
	dc    contract.DayCount
	basis oracle.Basis
}{
	{contract.ACT365F, oracle.Actual365Fixed},
	{contract.ACT360, oracle.Actual360},
	{contract.Thirty360US, oracle.Thirty360US},
	{contract.Thirty360E, oracle.Thirty360E},
	{contract.ACTACTISDA, oracle.ActualActualISDA},
}

// TestXIRRWith_Published checks XIRRWith against the published XIRRs of
// testdata/rate-options.json (Excel, the finfuns and curo test suites) under
// ACT/365F and 30/360 US. No published XIRR under ACT/360, 30E/360 or
// ACT/ACT ISDA was found: TestXIRRWith_DayCountOracle proves those with a
// second method instead.
func TestXIRRWith_Published(t *testing.T) {
	for _, c := range loadRateOptionCases(t).XIRR {
		t.Run(c.ID, func(t *testing.T) {
			t.Log("source:", c.Source)
			dc, err := contract.ParseDayCount(c.DayCount)
			require.NoError(t, err)
			var fs []contract.Flow
			for _, f := range c.Flows {
				fs = append(fs, contract.Flow{Date: metricsDate(t, f[0]), Amount: decimal.RequireFromString(f[1])})
			}
			got, err := metrics.XIRRWith(fs, metrics.Options{DayCount: dc})
			require.NoError(t, err)
			require.InDelta(t, c.Published, got, c.Tolerance)
			roots, err := metrics.XIRRRoots(fs, metrics.Options{DayCount: dc})
			require.NoError(t, err)
			require.Equal(t, []float64{got}, roots)
			if dc == contract.ACT365F {
				plain, err := metrics.XIRR(fs)
				require.NoError(t, err)
				require.Equal(t, plain, got)
			}
		})
	}
}

// TestXIRRWith_DayCountClosedForms: one year under each convention is
// exactly 1, so 100 growing to 110 is exactly 10%; ACT/365F over a leap
// year is not.
func TestXIRRWith_DayCountClosedForms(t *testing.T) {
	tests := []struct {
		dc       contract.DayCount
		from, to string
		want     float64
	}{
		{contract.ACT365F, "2021-01-01", "2022-01-01", 0.10},
		{contract.ACT365F, "2024-01-01", "2025-01-01", math.Pow(1.1, 365.0/366) - 1},
		{contract.ACT360, "2021-01-01", "2021-12-27", 0.10},
		{contract.ACT360, "2021-01-01", "2022-01-01", math.Pow(1.1, 360.0/365) - 1},
		{contract.Thirty360US, "2021-01-31", "2022-01-31", 0.10},
		{contract.Thirty360US, "2023-02-28", "2024-02-29", 0.10}, // both last days of February
		{contract.Thirty360E, "2023-02-28", "2024-02-28", 0.10},
		{contract.ACTACTISDA, "2024-01-01", "2025-01-01", 0.10},
		{contract.ACTACTISDA, "2023-07-01", "2024-07-01", math.Pow(1.1, 1/(184.0/365+182.0/366)) - 1},
	}
	for _, tt := range tests {
		t.Run(tt.dc.String()+" "+tt.from+" "+tt.to, func(t *testing.T) {
			fs := metricsFlows(t, tt.from, "-100", tt.to, "110")
			got, err := metrics.XIRRWith(fs, metrics.Options{DayCount: tt.dc})
			require.NoError(t, err)
			require.InDelta(t, tt.want, got, 1e-14)
		})
	}
}

// TestXIRRWith_DayCountOracle proves every day count with a second method:
// internal/oracle counts the years with day counts of its own (ACT/ACT ISDA
// one day at a time) and bisects, over 200 random investments each, with
// irregular dates across leap years.
func TestXIRRWith_DayCountOracle(t *testing.T) {
	for _, d := range dayCounts {
		t.Run(d.dc.String(), func(t *testing.T) {
			rng := rand.New(rand.NewPCG(7, uint64(d.dc)))
			for k := range 200 {
				n := 2 + rng.IntN(30)
				fs, _ := randomXIRRInvestment(rng, n)
				got, err := metrics.XIRRWith(fs, metrics.Options{DayCount: d.dc})
				require.NoError(t, err, "vector %d", k)
				dates := make([]time.Time, n)
				amounts := make([]decimal.Decimal, n)
				for i, f := range fs {
					dates[i], amounts[i] = f.Date, f.Amount
				}
				want, ok := oracle.XIRRBasis(d.basis, dates, amounts)
				require.True(t, ok, "vector %d", k)
				require.InDelta(t, want, got, 1e-9*(1+want), "vector %d", k)
			}
		})
	}
}

// TestXIRRWith_ExcelFlowsByDayCount shows how the convention moves the
// rate of the Excel help's flows; the figures are the oracle's (a second
// method), as no tool publishes them.
func TestXIRRWith_ExcelFlowsByDayCount(t *testing.T) {
	fs := excelXIRRFlows(t)
	dates := make([]time.Time, len(fs))
	amounts := make([]decimal.Decimal, len(fs))
	for i, f := range fs {
		dates[i], amounts[i] = f.Date, f.Amount
	}
	for _, d := range dayCounts {
		got, err := metrics.XIRRWith(fs, metrics.Options{DayCount: d.dc})
		require.NoError(t, err)
		want, ok := oracle.XIRRBasis(d.basis, dates, amounts)
		require.True(t, ok)
		require.InDelta(t, want, got, 1e-12, d.dc.String())
		t.Logf("%-12v %.10f", d.dc, got) // 30/360 US and 30E/360 agree: no day 31 or end of February
	}
}

// TestIRR_MultipleRootsPublished checks flows with several published rates
// (testdata/rate-options.json): IRRRoots lists every one, IRR refuses to
// choose and lists them all, and each choice picks what its tool does.
func TestIRR_MultipleRootsPublished(t *testing.T) {
	for _, c := range loadRateOptionCases(t).MultipleRoots {
		t.Run(c.ID, func(t *testing.T) {
			t.Log("source:", c.Source)
			values := make([]decimal.Decimal, len(c.Values))
			for i, v := range c.Values {
				values[i] = decimal.RequireFromString(v)
			}
			roots, err := metrics.IRRRoots(values, metrics.Options{})
			require.NoError(t, err)
			requireRoots(t, c.Roots, roots)

			_, err = metrics.IRR(values)
			require.ErrorIs(t, err, metrics.ErrMultipleRoots)
			var mre *metrics.MultipleRootsError
			require.ErrorAs(t, err, &mre)
			requireRoots(t, c.Roots, mre.Roots)

			smallest, err := metrics.IRRWith(values, metrics.Options{Choose: metrics.SmallestMagnitude})
			require.NoError(t, err)
			want := slices.MinFunc(c.Roots, func(a, b float64) int { return cmpFloat(math.Abs(a), math.Abs(b)) })
			require.InDelta(t, want, smallest, 1e-12)

			nearest, err := metrics.IRRWith(values, metrics.Options{Choose: metrics.NearestGuess, Guess: 0.1})
			require.NoError(t, err)
			want = slices.MinFunc(c.Roots, func(a, b float64) int { return cmpFloat(math.Abs(a-0.1), math.Abs(b-0.1)) })
			require.InDelta(t, want, nearest, 1e-12)

			// Each root is the nearest to itself as a guess.
			for _, r := range c.Roots {
				got, err := metrics.IRRWith(values, metrics.Options{Choose: metrics.NearestGuess, Guess: r})
				require.NoError(t, err)
				require.InDelta(t, r, got, 1e-12*(1+math.Abs(r)))
			}

			if p := c.Picks; p != nil {
				o := metrics.Options{Choose: metrics.SmallestMagnitude}
				if p.Choice == "nearest guess" {
					o = metrics.Options{Choose: metrics.NearestGuess, Guess: p.Guess}
				}
				got, err := metrics.IRRWith(values, o)
				require.NoError(t, err)
				require.InDelta(t, p.Published, got, p.Tolerance, "what %s returns", p.Tool)
			}

			// Dated on anniversaries, 30/360 US and ACT/ACT ISDA count whole
			// years, so XIRR finds the same rates.
			var fs []contract.Flow
			for i, v := range values {
				fs = append(fs, contract.Flow{Date: time.Date(2021+i, 1, 1, 0, 0, 0, 0, time.UTC), Amount: v})
			}
			for _, dc := range []contract.DayCount{contract.Thirty360US, contract.ACTACTISDA} {
				xr, err := metrics.XIRRRoots(fs, metrics.Options{DayCount: dc})
				require.NoError(t, err)
				requireRoots(t, c.Roots, xr)
			}
		})
	}
}

func cmpFloat(a, b float64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

func requireRoots(t *testing.T, want, got []float64) {
	t.Helper()
	require.Len(t, got, len(want), "roots %v", got)
	for i := range want {
		require.InDelta(t, want[i], got[i], 1e-12*(1+math.Abs(want[i])), "root %d of %v", i, got)
	}
}

// TestXIRRWith_RangeExcludesRootsNearMinusOne is the fund of issue 13: an
// LP pays 1,000,000, receives 1,076,000 a year later, gives 6,000 back in a
// clawback and receives 5 at the wind-up. The flows have three rates
// (mpmath: −0.99898041769613632, −0.99541855972158383 and
// 0.070398977417720142); XIRR refuses to choose and lists all three, and a
// search bounded to [−0.99, 100] finds the 7% a reader expects.
func TestXIRRWith_RangeExcludesRootsNearMinusOne(t *testing.T) {
	fs := metricsFlows(t, "2021-01-01", "-1000000", "2022-01-01", "1076000",
		"2023-01-01", "-6000", "2024-01-01", "5")
	all := []float64{-0.99898041769613632, -0.99541855972158383, 0.070398977417720142}

	_, err := metrics.XIRR(fs)
	var mre *metrics.MultipleRootsError
	require.ErrorAs(t, err, &mre)
	requireRoots(t, all, mre.Roots)

	got, err := metrics.XIRRWith(fs, metrics.Options{Lo: -0.99, Hi: 100})
	require.NoError(t, err)
	require.InDelta(t, all[2], got, 1e-12)

	roots, err := metrics.XIRRRoots(fs, metrics.Options{Lo: -0.99, Hi: math.Inf(1)})
	require.NoError(t, err)
	requireRoots(t, all[2:], roots)

	// Only the two near −100% in [−1, 0]: still more than one.
	_, err = metrics.XIRRWith(fs, metrics.Options{Lo: -1, Hi: 0})
	require.ErrorAs(t, err, &mre)
	requireRoots(t, all[:2], mre.Roots)
	// The choices pick among all three.
	got, err = metrics.XIRRWith(fs, metrics.Options{Choose: metrics.SmallestMagnitude})
	require.NoError(t, err)
	require.InDelta(t, all[2], got, 1e-12)
	got, err = metrics.XIRRWith(fs, metrics.Options{Choose: metrics.NearestGuess, Guess: -0.999})
	require.NoError(t, err)
	require.InDelta(t, all[0], got, 1e-12)
	// No rate in [0.08, 1].
	_, err = metrics.XIRRWith(fs, metrics.Options{Lo: 0.08, Hi: 1})
	require.ErrorIs(t, err, metrics.ErrNoRoot)
}

// TestXIRRWith_OneRootOutsideRange: with one sign change the only rate is
// found wherever it is, and a range that excludes it is ErrNoRoot.
func TestXIRRWith_OneRootOutsideRange(t *testing.T) {
	fs := metricsFlows(t, "2021-01-01", "-100", "2022-01-01", "110")
	_, err := metrics.XIRRWith(fs, metrics.Options{Lo: 0.2, Hi: 1})
	require.ErrorIs(t, err, metrics.ErrNoRoot)
	got, err := metrics.XIRRWith(fs, metrics.Options{Lo: 0, Hi: math.Inf(1)})
	require.NoError(t, err)
	require.InDelta(t, 0.10, got, 1e-14)
	roots, err := metrics.XIRRRoots(fs, metrics.Options{Lo: 0.2, Hi: 1})
	require.NoError(t, err)
	require.Empty(t, roots)
}

// TestXIRRRoots_RepeatedRoot: −100 + 200v − 100v² touches zero at r = 0,
// which is listed twice.
func TestXIRRRoots_RepeatedRoot(t *testing.T) {
	roots, err := metrics.IRRRoots(metricsDecimals(-100, 200, -100), metrics.Options{})
	require.NoError(t, err)
	require.Len(t, roots, 2)
	require.Equal(t, roots[0], roots[1])
	require.InDelta(t, 0, roots[0], 1e-6)
	_, err = metrics.IRR(metricsDecimals(-100, 200, -100))
	var mre *metrics.MultipleRootsError
	require.ErrorAs(t, err, &mre)
	require.Contains(t, mre.Error(), "(repeated)")
	got, err := metrics.IRRWith(metricsDecimals(-100, 200, -100), metrics.Options{Choose: metrics.SmallestMagnitude})
	require.NoError(t, err)
	require.InDelta(t, 0, got, 1e-6)
}

// TestOptions_Errors: invalid options are field errors, never panics, and
// degenerate inputs (no flows, NaN-free but empty ranges) are ErrNoRoot or
// no roots.
func TestOptions_Errors(t *testing.T) {
	fs := metricsFlows(t, "2021-01-01", "-100", "2022-01-01", "110")
	values := metricsDecimals(-100, 110)
	nan, inf := math.NaN(), math.Inf(1)
	tests := []struct {
		name string
		o    metrics.Options
		path string
	}{
		{"unknown day count", metrics.Options{DayCount: 99}, "options.day_count"},
		{"unknown choice", metrics.Options{Choose: 99}, "options.choose"},
		{"NaN guess", metrics.Options{Guess: nan}, "options.guess"},
		{"infinite guess", metrics.Options{Guess: -inf}, "options.guess"},
		{"NaN lo", metrics.Options{Lo: nan, Hi: 1}, "options.lo"},
		{"lo below -1", metrics.Options{Lo: -2, Hi: 1}, "options.lo"},
		{"lo +Inf", metrics.Options{Lo: inf, Hi: inf}, "options.lo"},
		{"NaN hi", metrics.Options{Lo: 0.1, Hi: nan}, "options.hi"},
		{"hi at -1", metrics.Options{Lo: -1, Hi: -1}, "options.hi"},
		{"lo above hi", metrics.Options{Lo: 0.5, Hi: 0.1}, "options.hi"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := metrics.XIRRWith(fs, tt.o)
			requireFieldError(t, err, tt.path, contract.ErrRange)
			_, err = metrics.XIRRRoots(fs, tt.o)
			requireFieldError(t, err, tt.path, contract.ErrRange)
			if tt.path != "options.day_count" {
				_, err = metrics.IRRWith(values, tt.o)
				requireFieldError(t, err, tt.path, contract.ErrRange)
				_, err = metrics.IRRRoots(values, tt.o)
				requireFieldError(t, err, tt.path, contract.ErrRange)
			}
		})
	}
	t.Run("periodic values have no day count", func(t *testing.T) {
		_, err := metrics.IRRWith(values, metrics.Options{DayCount: contract.ACT360})
		requireFieldError(t, err, "options.day_count", contract.ErrRange)
		_, err = metrics.IRRRoots(values, metrics.Options{DayCount: contract.ACTACTISDA})
		requireFieldError(t, err, "options.day_count", contract.ErrRange)
	})
	t.Run("no flows", func(t *testing.T) {
		for _, d := range dayCounts {
			_, err := metrics.XIRRWith(nil, metrics.Options{DayCount: d.dc, Choose: metrics.NearestGuess})
			require.ErrorIs(t, err, metrics.ErrNoRoot)
			roots, err := metrics.XIRRRoots(nil, metrics.Options{DayCount: d.dc})
			require.NoError(t, err)
			require.Empty(t, roots)
		}
		_, err := metrics.IRRWith(nil, metrics.Options{Choose: metrics.SmallestMagnitude})
		require.ErrorIs(t, err, metrics.ErrNoRoot)
	})
	t.Run("a range of zero width", func(t *testing.T) {
		_, err := metrics.XIRRWith(fs, metrics.Options{Lo: 0.05, Hi: 0.05})
		require.ErrorIs(t, err, metrics.ErrNoRoot)
		_, err = metrics.IRRWith(metricsDecimals(-100, 230, -132), metrics.Options{Lo: 0.15, Hi: 0.15})
		require.ErrorIs(t, err, metrics.ErrNoRoot)
	})
	t.Run("open bounds", func(t *testing.T) {
		got, err := metrics.IRRWith(metricsDecimals(-100, 230, -132), metrics.Options{Lo: 0.15, Hi: inf})
		require.NoError(t, err)
		require.InDelta(t, 0.2, got, 1e-12)
		got, err = metrics.IRRWith(metricsDecimals(-100, 230, -132), metrics.Options{Lo: -1, Hi: 0.15})
		require.NoError(t, err)
		require.InDelta(t, 0.1, got, 1e-12)
	})
}

func TestRootChoice_String(t *testing.T) {
	require.Equal(t, "only root", metrics.OnlyRoot.String())
	require.Equal(t, "nearest guess", metrics.NearestGuess.String())
	require.Equal(t, "smallest magnitude", metrics.SmallestMagnitude.String())
	require.Equal(t, "RootChoice(9)", metrics.RootChoice(9).String())
}

// FuzzXIRRRoots decodes flows as FuzzXIRR does and checks the roots:
// ascending, each a zero of the net present value (within its rounding),
// no more distinct simple roots than sign changes, XIRR's answer agreeing
// with them, and every choice returning one of them.
func FuzzXIRRRoots(f *testing.F) {
	f.Add([]byte{0, 0, 0x9c, 0xff, 0x6d, 0x01, 230, 0, 0xda, 0x02, 0x7c, 0xff})
	f.Add([]byte{0, 0, 1, 0, 1, 0, 0xfd, 0xff, 2, 0, 3, 0, 3, 0, 0xff, 0xff})
	f.Add([]byte{0, 0, 0x9c, 0xff, 0x6d, 0x01, 200, 0, 0xda, 0x02, 0x9c, 0xff})
	start := time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, data []byte) {
		var fs []contract.Flow
		for i := 0; i+4 <= len(data); i += 4 {
			day := int(uint16(data[i])|uint16(data[i+1])<<8) % 5000
			amount := int64(int16(uint16(data[i+2]) | uint16(data[i+3])<<8))
			fs = append(fs, contract.Flow{Date: start.AddDate(0, 0, day), Amount: decimal.New(amount, 0)})
		}
		dc := contract.DayCount(len(data) % 5)
		o := metrics.Options{DayCount: dc}
		roots, err := metrics.XIRRRoots(fs, o)
		if err != nil {
			if !errors.Is(err, metrics.ErrMultipleRoots) {
				t.Fatalf("unexpected error %v", err)
			}
			return
		}
		if !slices.IsSorted(roots) {
			t.Fatalf("roots %v not ascending", roots)
		}
		r, err := metrics.XIRRWith(fs, o)
		finite := 0
		for _, x := range roots {
			if x > -1 && !math.IsInf(x, 1) {
				finite++
			}
		}
		switch {
		case len(roots) == 1 && finite == 1:
			if err != nil || r != roots[0] {
				t.Fatalf("XIRRWith = %v, %v; roots %v", r, err, roots)
			}
		case len(roots) > 1:
			var mre *metrics.MultipleRootsError
			if !errors.As(err, &mre) || !slices.Equal(mre.Roots, roots) {
				t.Fatalf("XIRRWith error %v; roots %v", err, roots)
			}
		default:
			if !errors.Is(err, metrics.ErrNoRoot) {
				t.Fatalf("XIRRWith = %v, %v; roots %v", r, err, roots)
			}
		}
		if finite == 0 {
			return
		}
		for _, c := range []metrics.Options{
			{DayCount: dc, Choose: metrics.SmallestMagnitude},
			{DayCount: dc, Choose: metrics.NearestGuess, Guess: 0.1},
		} {
			got, err := metrics.XIRRWith(fs, c)
			if err == nil && !slices.Contains(roots, got) {
				t.Fatalf("%v picked %v, not one of %v", c.Choose, got, roots)
			}
			if err != nil && !errors.Is(err, metrics.ErrNoRoot) {
				t.Fatalf("%v: %v", c.Choose, err)
			}
		}
	})
}
