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
