package contract

import (
	"errors"
	"math/rand/v2"
	"testing"

	"github.com/shopspring/decimal"
)

// TestRate_ValidateSpan checks that ValidateSpan fails exactly when Growth
// over the same dates fails, and with the same error, over random rates of
// every compounding and day count (negative and extreme ones included) and
// spans from a day to 300 years.
func TestRate_ValidateSpan(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 9))
	annuals := []string{"0", "0.08", "-0.05", "-0.99", "1", "10", "100", "1000", "-1000", "-364", "3.65"}
	from := Date(2020, 1, 31)
	failures := 0
	for k := range 3000 {
		r := Rate{Annual: decimal.RequireFromString(annuals[rng.IntN(len(annuals))]),
			Compounding: Compounding(rng.IntN(7)), DayCount: DayCount(rng.IntN(5))}
		if rng.IntN(3) == 0 {
			r.Annual = r.Annual.Mul(decimal.New(int64(1+rng.IntN(999)), -3))
		}
		to := from.AddDate(0, 0, 1+rng.IntN(300*365))
		_, growthErr := r.Growth(from, to)
		err := r.ValidateSpan(from, to)
		if (err == nil) != (growthErr == nil) || err != nil && err.Error() != growthErr.Error() {
			t.Fatalf("case %d: %v from %s to %s: ValidateSpan %v, Growth %v", k, r, from.Format("2006-01-02"), to.Format("2006-01-02"), err, growthErr)
		}
		if err != nil {
			failures++
			if !errors.Is(err, ErrRange) {
				t.Fatalf("case %d: %v is not ErrRange", k, err)
			}
		}
	}
	if failures < 100 {
		t.Fatalf("only %d of the cases fail: the test does not reach the bound", failures)
	}
}

// TestRate_ValidateSpan_pref is the pref of issue 17: 1000% a year
// compounding daily, within the range a rate may have, grows beyond
// e^1000 in about a hundred years; 100,000% in two.
func TestRate_ValidateSpan_pref(t *testing.T) {
	from := Date(2025, 1, 1)
	for _, c := range []struct {
		annual string
		years  int
		ok     bool
	}{{"10", 100, true}, {"10", 102, false}, {"1000", 2, true}, {"1000", 3, false}} {
		r := Rate{Annual: decimal.RequireFromString(c.annual), Compounding: Daily}
		err := r.ValidateSpan(from, from.AddDate(c.years, 0, 0))
		if (err == nil) != c.ok {
			t.Errorf("%v over %d years: %v, want ok %v", r, c.years, err, c.ok)
		}
	}
}

// TestRate_SimpleGrowthReachesZero: simple growth at −50% a year is
// 1 − 0.5·t, exactly 0 after two years on 30/360 (720/360) — not a
// positive factor, so an error, as Growth, Discount and ValidateSpan all
// say; a day earlier it is 1 − 0.5·719/360 = 1/720 > 0.
func TestRate_SimpleGrowthReachesZero(t *testing.T) {
	r := Rate{Annual: decimal.RequireFromString("-0.5"), DayCount: Thirty360US}
	from, to := Date(2024, 1, 1), Date(2026, 1, 1)
	_, err := r.Growth(from, to)
	requireField(t, err, "annual", ErrRange)
	_, err = r.Discount(from, to)
	requireField(t, err, "annual", ErrRange)
	requireField(t, r.ValidateSpan(from, to), "annual", ErrRange)

	g, err := r.Growth(from, Date(2025, 12, 30))
	if err != nil {
		t.Fatal(err)
	}
	if want := decimal.NewFromInt(1).DivRound(decimal.NewFromInt(720), GrowthPlaces); !g.Equal(want) {
		t.Errorf("growth over 719 days = %s, want 1/720 = %s", g, want)
	}
}

// TestRate_ValidateSpanContinuousBound: a continuous rate of ±100,000%
// grows by e^(±1000·t): in range over 2025's 365 days on ACT/365F
// (|ln g| = 1000 exactly), out of range over 2024's 366.
func TestRate_ValidateSpanContinuousBound(t *testing.T) {
	for _, a := range []string{"1000", "-1000"} {
		r := Rate{Annual: decimal.RequireFromString(a), Compounding: Continuous}
		if err := r.ValidateSpan(Date(2025, 1, 1), Date(2026, 1, 1)); err != nil {
			t.Errorf("%v over 365 days: %v", r, err)
		}
		if err := r.ValidateSpan(Date(2024, 1, 1), Date(2025, 1, 1)); !errors.Is(err, ErrRange) {
			t.Errorf("%v over 366 days: %v, want ErrRange", r, err)
		}
	}
}

// TestRate_DiscountSimplePlaces: the simple discount factor is worked
// directly to GrowthPlaces = 20 places: 1/1.08 = 0.925925925…, whose 21st
// digit is 5, so 0.92592592592592592593.
func TestRate_DiscountSimplePlaces(t *testing.T) {
	d, err := Rate{Annual: decimal.RequireFromString("0.08"), DayCount: Thirty360US}.Discount(Date(2024, 1, 1), Date(2025, 1, 1))
	if err != nil {
		t.Fatal(err)
	}
	if got := d.String(); got != "0.92592592592592592593" {
		t.Errorf("Discount = %s, want 0.92592592592592592593", got)
	}
}

// TestRate_ContinuousAtTheBound: e^1000 (100,000% continuous over 365
// days on ACT/365F) is the largest factor Growth gives; its logarithm,
// worked by the decimal package's own Ln, is 1000.
func TestRate_ContinuousAtTheBound(t *testing.T) {
	g, err := Rate{Annual: decimal.NewFromInt(1000), Compounding: Continuous}.Growth(Date(2025, 1, 1), Date(2026, 1, 1))
	if err != nil {
		t.Fatal(err)
	}
	ln, err := g.Ln(12)
	if err != nil {
		t.Fatal(err)
	}
	if diff := ln.Sub(decimal.NewFromInt(1000)).Abs(); diff.GreaterThan(decimal.New(1, -10)) {
		t.Errorf("ln Growth = %s, want 1000", ln)
	}
}
