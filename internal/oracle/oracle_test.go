package oracle_test

import (
	"math"
	"math/big"
	"testing"
	"time"

	"github.com/jvwaterfall/jvwaterfall/internal/oracle"
	"github.com/shopspring/decimal"
)

func day(s string) time.Time {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return t
}

func decs(ss ...string) []decimal.Decimal {
	out := make([]decimal.Decimal, len(ss))
	for i, s := range ss {
		out[i] = decimal.RequireFromString(s)
	}
	return out
}

// TestXIRR checks the oracle against closed forms and against the Excel
// XIRR help's table, whose exact root (mpmath, 40 digits) is
// 0.37336253351883151.
func TestXIRR(t *testing.T) {
	tests := []struct {
		name    string
		dates   []string
		amounts []string
		want    float64
	}{
		{"one year", []string{"2021-01-01", "2022-01-01"}, []string{"-100", "110"}, 0.10},
		{"two years", []string{"2021-01-01", "2023-01-01"}, []string{"-100", "121"}, 0.10},
		{"leap year", []string{"2024-01-01", "2025-01-01"}, []string{"-100", "110"}, math.Pow(1.1, 365.0/366) - 1},
		{"borrower side", []string{"2021-01-01", "2022-01-01"}, []string{"100", "-110"}, 0.10},
		{"loss", []string{"2021-01-01", "2022-01-01"}, []string{"-100", "40"}, -0.6},
		{"unsorted, split on a date", []string{"2022-01-01", "2021-01-01", "2021-01-01"}, []string{"110", "-40", "-60"}, 0.10},
		{"excel help", []string{"2008-01-01", "2008-03-01", "2008-10-30", "2009-02-15", "2009-04-01"},
			[]string{"-10000", "2750", "4250", "3250", "2750"}, 0.37336253351883151},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dates := make([]time.Time, len(tt.dates))
			for i, s := range tt.dates {
				dates[i] = day(s)
			}
			got, ok := oracle.XIRR(dates, decs(tt.amounts...))
			if !ok || math.Abs(got-tt.want) > 1e-13*max(1, math.Abs(tt.want)) {
				t.Errorf("XIRR = %v, %v; want %v", got, ok, tt.want)
			}
		})
	}
}

func TestXIRR_NotOneSignChange(t *testing.T) {
	for name, amounts := range map[string][]string{
		"all negative":        {"-100", "-110", "-1"},
		"all zero":            {"0", "0", "0"},
		"two sign changes":    {"-100", "230", "-132"},
		"cancels to one date": {"-100", "100", "0"},
	} {
		t.Run(name, func(t *testing.T) {
			dates := []time.Time{day("2021-01-01"), day("2021-01-01"), day("2023-01-01")}
			if name != "cancels to one date" {
				dates[1] = day("2022-01-01")
			}
			if r, ok := oracle.XIRR(dates, decs(amounts...)); ok {
				t.Errorf("XIRR = %v, true; want no rate", r)
			}
		})
	}
	if _, ok := oracle.XIRR(nil, nil); ok {
		t.Error("XIRR of no flows found a rate")
	}
}

// TestIRR: 100·1.1² = 121, and the Excel IRR help's five years (mpmath:
// 0.086630948036532).
func TestIRR(t *testing.T) {
	for _, tt := range []struct {
		values []string
		want   float64
	}{
		{[]string{"-100", "0", "121"}, 0.10},
		{[]string{"-70000", "12000", "15000", "18000", "21000", "26000"}, 0.086630948036532},
	} {
		got, ok := oracle.IRR(decs(tt.values...))
		if !ok || math.Abs(got-tt.want) > 1e-13 {
			t.Errorf("IRR(%v) = %v, %v; want %v", tt.values, got, ok, tt.want)
		}
	}
}

// TestXNPV: 225/1.5² = 100 and 50/0.5 = 100, so both present values are
// zero to far below float64 resolution.
func TestXNPV(t *testing.T) {
	got, _ := oracle.XNPV(0.5, []time.Time{day("2021-01-01"), day("2022-01-01"), day("2023-01-01")}, decs("-100", "0", "225")).Float64()
	if math.Abs(got) > 1e-50 {
		t.Errorf("XNPV(0.5) = %v, want 0", got)
	}
	got, _ = oracle.XNPV(-0.5, []time.Time{day("2021-01-01"), day("2022-01-01")}, decs("-100", "50")).Float64()
	if math.Abs(got) > 1e-50 {
		t.Errorf("XNPV(-0.5) = %v, want 0", got)
	}
}

// TestYearFraction checks the oracle's day counts against published
// figures: the ACT/ACT ISDA example of ISDA's "EMU and Market Conventions:
// Recent Developments" (1998), 2003-11-01 to 2004-05-01 = 61/365 +
// 121/366, and the 30/360 US and 30E/360 day counts of the XLeratorDB
// DAYS360 documentation,
// https://westclintech.com/SQL-Server-Financial-Functions/SQL-Server-DAYS360-function.
func TestYearFraction(t *testing.T) {
	rat := func(a, b int64) *big.Rat { return big.NewRat(a, b) }
	isda := new(big.Rat).Add(rat(61, 365), rat(121, 366))
	tests := []struct {
		basis    oracle.Basis
		from, to string
		want     *big.Rat
	}{
		{oracle.ActualActualISDA, "2003-11-01", "2004-05-01", isda},
		{oracle.Actual365Fixed, "2003-11-01", "2004-05-01", rat(182, 365)},
		{oracle.Actual360, "2003-11-01", "2004-05-01", rat(182, 360)},
		{oracle.ActualActualISDA, "2024-01-01", "2025-01-01", rat(1, 1)},
		{oracle.Thirty360US, "2007-01-15", "2007-01-31", rat(16, 360)},
		{oracle.Thirty360E, "2007-01-15", "2007-01-31", rat(15, 360)},
		{oracle.Thirty360US, "2007-01-31", "2007-02-28", rat(28, 360)},
		{oracle.Thirty360US, "2007-02-28", "2007-03-31", rat(30, 360)},
		{oracle.Thirty360E, "2007-02-28", "2007-03-31", rat(32, 360)},
		{oracle.Thirty360US, "2006-08-31", "2007-02-28", rat(178, 360)},
		{oracle.Thirty360US, "2007-02-28", "2007-08-31", rat(180, 360)},
		{oracle.Thirty360E, "2007-02-28", "2007-08-31", rat(182, 360)},
		{oracle.Thirty360US, "2008-02-29", "2009-02-28", rat(360, 360)},
		{oracle.Thirty360E, "2008-02-29", "2009-02-28", rat(359, 360)},
		{oracle.Thirty360US, "2007-02-28", "2007-03-05", rat(5, 360)},
		{oracle.Thirty360E, "2007-02-28", "2007-03-05", rat(7, 360)},
	}
	for _, tt := range tests {
		got, _ := oracle.YearFraction(tt.basis, day(tt.from), day(tt.to))
		if got.Cmp(tt.want) != 0 {
			t.Errorf("YearFraction(%d, %s, %s) = %s, want %s", tt.basis, tt.from, tt.to, got, tt.want)
		}
	}
}

// TestXIRRBasis checks closed forms: one year of each basis is exactly 1.
func TestXIRRBasis(t *testing.T) {
	tests := []struct {
		basis    oracle.Basis
		from, to string
	}{
		{oracle.Actual365Fixed, "2021-01-01", "2022-01-01"},
		{oracle.Actual360, "2021-01-01", "2021-12-27"},
		{oracle.Thirty360US, "2021-01-31", "2022-01-31"},
		{oracle.Thirty360E, "2023-02-28", "2024-02-28"},
		{oracle.ActualActualISDA, "2024-01-01", "2025-01-01"},
	}
	for _, tt := range tests {
		got, ok := oracle.XIRRBasis(tt.basis, []time.Time{day(tt.from), day(tt.to)}, decs("-100", "110"))
		if !ok || math.Abs(got-0.10) > 1e-14 {
			t.Errorf("XIRRBasis(%d, %s..%s) = %v, %v; want 0.10", tt.basis, tt.from, tt.to, got, ok)
		}
	}
}
