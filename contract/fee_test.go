package contract

import (
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"
)

// quarters returns the quarter-end periods of 2025 and 2026.
func quarters(t *testing.T) []Period {
	t.Helper()
	ps, err := Schedule{Start: Date(2024, 12, 31), End: Date(2026, 12, 31), Frequency: EveryQuarter, EndOfMonth: true}.Periods()
	require.NoError(t, err)
	return ps
}

func TestManagementFee_Gross(t *testing.T) {
	ps := quarters(t)
	tests := []struct {
		name     string
		fee      ManagementFee
		period   int
		invested string
		want     string
	}{
		// 2% a year on 100M paid quarterly: 100,000,000 × 0.02 / 4.
		{"2% of commitments a quarter", ManagementFee{CommitmentRate: dec("0.02"), PeriodsPerYear: 4}, 0, "0", "500000"},
		// The step-down: after the investment period (ends 2025-12-31),
		// 1.5% on 60M invested: 60,000,000 × 0.015 / 4.
		{"1.5% of invested after the investment period",
			ManagementFee{CommitmentRate: dec("0.02"), InvestedRate: dec("0.015"), InvestmentEnd: Date(2025, 12, 31), PeriodsPerYear: 4},
			4, "60000000", "225000"},
		{"last quarter of the investment period is still on commitments",
			ManagementFee{CommitmentRate: dec("0.02"), InvestedRate: dec("0.015"), InvestmentEnd: Date(2025, 12, 31), PeriodsPerYear: 4},
			3, "60000000", "500000"},
		// Q1 2026 has 90 days; the investment period ends after 45 of
		// them, so half the quarter is on commitments and half on
		// invested capital: (2,000,000 × 0.5 + 900,000 × 0.5) / 4.
		{"straddling quarter",
			ManagementFee{CommitmentRate: dec("0.02"), InvestedRate: dec("0.015"), InvestmentEnd: Date(2026, 2, 14), PeriodsPerYear: 4},
			4, "60000000", "362500"},
		// By day count: Q2 2025 has 91 days; 100M × 0.02 × 91/360 =
		// 505,555.555… rounds to 505,555.56.
		{"ACT/360", ManagementFee{CommitmentRate: dec("0.02"), DayCount: ACT360}, 1, "0", "505555.56"},
		// 30/360 US: every quarter between month ends is 90/360.
		{"30/360 US", ManagementFee{CommitmentRate: dec("0.02"), DayCount: Thirty360US}, 1, "0", "500000"},
		{"no fee", ManagementFee{}, 0, "0", "0"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := tt.fee.Gross(ps[tt.period], dec("100000000"), dec(tt.invested), 2)
			require.NoError(t, err)
			require.True(t, got.Equal(dec(tt.want)), "got %s, want %s", got, tt.want)
		})
	}
}

func TestManagementFee_Schedule(t *testing.T) {
	ps := quarters(t)[:4]
	income := []decimal.Decimal{dec("1000000"), dec("0"), dec("0"), dec("250000")}
	t.Run("offsets carried forward", func(t *testing.T) {
		// 80% of 1,000,000 of transaction fees = 800,000 offsets the
		// 500,000 fee, and 300,000 carries into Q2 (net 200,000); in Q4
		// 80% of 250,000 = 200,000 offsets again (net 300,000).
		fee := ManagementFee{CommitmentRate: dec("0.02"), PeriodsPerYear: 4, OffsetShare: dec("0.8"), CarryOffsets: true}
		lines, err := fee.Schedule(ps, dec("100000000"), nil, income, 2)
		require.NoError(t, err)
		var net []string
		for _, l := range lines {
			net = append(net, l.Net.String())
			require.True(t, l.Gross.Equal(dec("500000")))
			require.True(t, l.Gross.Sub(l.Offset).Equal(l.Net))
		}
		if diff := cmp.Diff([]string{"0", "200000", "500000", "300000"}, net); diff != "" {
			t.Errorf("net fees (-want +got):\n%s", diff)
		}
		require.Equal(t, "300000", lines[1].CreditIn.String())
	})
	t.Run("excess offset lost", func(t *testing.T) {
		fee := ManagementFee{CommitmentRate: dec("0.02"), PeriodsPerYear: 4, OffsetShare: dec("0.8")}
		lines, err := fee.Schedule(ps, dec("100000000"), nil, income, 2)
		require.NoError(t, err)
		require.Equal(t, "0", lines[0].Net.String())
		require.Equal(t, "500000", lines[1].Net.String())
	})
	t.Run("bad input", func(t *testing.T) {
		fee := ManagementFee{CommitmentRate: dec("0.02"), PeriodsPerYear: 4}
		_, err := fee.Schedule(ps, dec("100000000"), []decimal.Decimal{dec("1")}, nil, 2)
		requireField(t, err, "invested", ErrInvalid)
		_, err = fee.Schedule(ps, dec("100000000"), nil, []decimal.Decimal{dec("1"), dec("-1"), dec("0"), dec("0")}, 2)
		requireField(t, err, "income[1]", ErrNegative)
		_, err = fee.Schedule(ps, dec("-1"), nil, nil, 2)
		requireField(t, err, "commitments", ErrNegative)
	})
}

func TestManagementFee_Validate(t *testing.T) {
	fee := ManagementFee{CommitmentRate: dec("-0.01"), InvestedRate: dec("2"), PeriodsPerYear: -1, DayCount: DayCount(99), OffsetShare: dec("1.5")}
	err := fee.Validate()
	for path, want := range map[string]error{
		"commitment_rate": ErrNegative, "invested_rate": ErrRange, "periods_per_year": ErrRange,
		"day_count": ErrRange, "offset_share": ErrRange,
	} {
		requireField(t, err, path, want)
	}
	require.NoError(t, ManagementFee{}.Validate())
}

// requireField checks that err holds a FieldError at path matching want.
func requireField(t *testing.T, err error, path string, want error) {
	t.Helper()
	require.Error(t, err)
	var errs []error
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		errs = j.Unwrap()
	} else {
		errs = []error{err}
	}
	for _, e := range errs {
		var fe *FieldError
		if errors.As(e, &fe) && fe.Path == path {
			require.ErrorIs(t, fe, want)
			return
		}
	}
	t.Fatalf("no error at %q in %v", path, err)
}

// TestManagementFee_ValidateLimits: rates and the offset share of exactly
// 1 and 366 periods a year are valid; one step past each is not.
func TestManagementFee_ValidateLimits(t *testing.T) {
	require.NoError(t, ManagementFee{CommitmentRate: dec("1"), InvestedRate: dec("1"), PeriodsPerYear: 366, OffsetShare: dec("1")}.Validate())
	err := ManagementFee{CommitmentRate: dec("1.0001"), InvestedRate: dec("1.0001"), PeriodsPerYear: 367, OffsetShare: dec("1.0001")}.Validate()
	for _, path := range []string{"commitment_rate", "invested_rate", "periods_per_year", "offset_share"} {
		requireField(t, err, path, ErrRange)
	}
	_, err = ManagementFee{PeriodsPerYear: -1}.Schedule(quarters(t), dec("100"), nil, nil, 2)
	requireField(t, err, "periods_per_year", ErrRange)
}

// TestManagementFee_InvestmentPeriodShareDigits: a 3-day period whose
// first day (or first two) is in the investment period is 1/3 (or 2/3)
// in it, to FeeFractionPlaces = 20 places, half away from zero.
func TestManagementFee_InvestmentPeriodShareDigits(t *testing.T) {
	p := Period{Start: Date(2025, 3, 1), End: Date(2025, 3, 4)}
	for end, want := range map[int]string{2: "0.33333333333333333333", 3: "0.66666666666666666667"} {
		got := ManagementFee{InvestmentEnd: Date(2025, 3, end)}.InvestmentPeriodShare(p)
		require.Equal(t, want, got.String(), "investment period ending on March %d", end)
	}
}

// TestManagementFee_GrossCents works odd cents and a half cent by hand.
func TestManagementFee_GrossCents(t *testing.T) {
	// 2% of 1,012.30 a quarter: 20.246 / 4 = 5.0615 → 5.06.
	got, err := ManagementFee{CommitmentRate: dec("0.02"), PeriodsPerYear: 4}.Gross(quarters(t)[0], dec("1012.30"), decimal.Zero, 2)
	require.NoError(t, err)
	require.Equal(t, "5.06", got.String())

	// No commitments is no fee, not an error.
	got, err = ManagementFee{CommitmentRate: dec("0.02"), PeriodsPerYear: 4}.Gross(quarters(t)[0], decimal.Zero, decimal.Zero, 2)
	require.NoError(t, err)
	require.True(t, got.IsZero())

	// A year on 30/360 (t = 1) whose 365 days straddle the end of the
	// investment period after 73 of them (f = 73/365 = 0.2):
	// 2% × 1,000 × 0.2 = 4 on commitments plus 1% × 100.625 × 0.8 =
	// 0.805 on invested capital, 4.805: an exact half cent, 4.81 half
	// away from zero (banker's rounding would give 4.80). The basis is
	// 1,000 × 0.2 + 100.625 × 0.8 = 280.5.
	fee := ManagementFee{CommitmentRate: dec("0.02"), InvestedRate: dec("0.01"), InvestmentEnd: Date(2025, 3, 15), DayCount: Thirty360US}
	year := Period{Start: Date(2025, 1, 1), End: Date(2026, 1, 1)}
	require.Equal(t, "0.2", fee.InvestmentPeriodShare(year).String())
	lines, err := fee.Schedule([]Period{year}, dec("1000"), []decimal.Decimal{dec("100.625")}, nil, 2)
	require.NoError(t, err)
	require.Equal(t, "4.81", lines[0].Gross.String())
	require.Equal(t, "280.5", lines[0].Basis.String())
}

// TestManagementFee_OffsetFloorsTheShare: 80% of 10.12 of fee income is
// 8.096, floored to 8.09 (never more than the exact share), so a fee of
// 100 nets 91.91.
func TestManagementFee_OffsetFloorsTheShare(t *testing.T) {
	net, left := ManagementFee{OffsetShare: dec("0.8"), CarryOffsets: true}.Offset(dec("100"), dec("10.12"), decimal.Zero, 2)
	require.Equal(t, "91.91", net.String())
	require.True(t, left.IsZero())
}
