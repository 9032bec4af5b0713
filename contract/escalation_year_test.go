package contract

import (
	"math/rand/v2"
	"testing"
	"time"
)

// TestContractYear_Anniversaries checks ContractYear, which works out the
// anniversaries as day numbers, against its definition read literally:
// the number of anniversaries AddMonths(start, 12k, false) strictly
// before d, found by walking them, on random starts (month ends and
// February 29 among them) and dates up to forty years on.
func TestContractYear_Anniversaries(t *testing.T) {
	rng := rand.New(rand.NewPCG(8, 8))
	for range 20_000 {
		start := Date(1996+rng.IntN(40), time.Month(1+rng.IntN(12)), 1+rng.IntN(31))
		if rng.IntN(5) == 0 {
			start = Date(2000+4*rng.IntN(10), time.February, 29)
		}
		d := start.AddDate(0, 0, rng.IntN(40*366)-30)
		want := 0
		for Days(AddMonths(start, 12*(want+1), false), d) > 0 {
			want++
		}
		if got := ContractYear(start, d); got != want {
			t.Fatalf("ContractYear(%s, %s) = %d, want %d", start.Format(time.DateOnly), d.Format(time.DateOnly), got, want)
		}
	}
}

// TestContractYear_NegativeYears: the proleptic calendar has years before
// 1, and the contract year counts anniversaries there too: from 1 January
// of year −500, 2 January of −400 is 100 anniversaries on, so year 100;
// 1 January of −400 itself ends year 99.
func TestContractYear_NegativeYears(t *testing.T) {
	start := Date(-500, time.January, 1)
	if got := ContractYear(start, Date(-400, time.January, 2)); got != 100 {
		t.Errorf("ContractYear(-500-01-01, -400-01-02) = %d, want 100", got)
	}
	if got := ContractYear(start, Date(-400, time.January, 1)); got != 99 {
		t.Errorf("ContractYear(-500-01-01, -400-01-01) = %d, want 99", got)
	}
}

// TestYearClock_MatchesContractYear: the clock that a statement's layout
// asks, day after day, gives ContractYear's year and AddMonths' anniversary
// for random starts (month ends and February 29 among them) and random
// rising days, from before the start to 30 years on.
func TestYearClock_MatchesContractYear(t *testing.T) {
	rng := rand.New(rand.NewPCG(12, 2026))
	for range 300 {
		start := Date(1990+rng.IntN(40), time.Month(1+rng.IntN(12)), []int{1, 15, 28, 29, 30, 31}[rng.IntN(6)])
		c := newYearClock(start)
		for k := range 5 {
			if got, want := c.anniversary(k), dayNumber(AddMonths(start, 12*k, false)); got != want {
				t.Fatalf("start %s: anniversary %d is day %d, want %d", start.Format(time.DateOnly), k, got, want)
			}
		}
		d := start.AddDate(0, 0, -rng.IntN(400))
		for d.Before(start.AddDate(30, 0, 0)) {
			if got, want := c.year(dayNumber(d)), ContractYear(start, d); got != want {
				t.Fatalf("start %s, day %s: year %d, want %d", start.Format(time.DateOnly), d.Format(time.DateOnly), got, want)
			}
			d = d.AddDate(0, 0, rng.IntN(800))
		}
	}
}
