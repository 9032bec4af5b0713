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
