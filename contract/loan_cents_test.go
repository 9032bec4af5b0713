package contract_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/jvwaterfall/jvwaterfall/contract"
)

// TestLoan_PIKAfterLateDraw: the PIK election counts payment periods from
// the first draw, not from the schedule's start. 100,000.05 is drawn at
// the end of year 2 of five yearly periods on 30/360 (each year's factor
// is the rate), at 10% cash and 2% PIK, with the first payment period's
// interest all capitalised (PIKPeriods 1) and a 1% upfront fee:
//   - year 2 (the draw): the upfront fee, 1% × 100,000.05 = 1,000.0005 →
//     1,000.00; no interest;
//   - year 3 (PIK election): cash 10,000.005 and PIK 2,000.001, all
//     capitalised: 10,000.005 is an exact half cent, rounded half away
//     from zero to 10,000.01 (banker's rounding would give 10,000.00), and
//     2,000.00: PIK 12,000.01, closing 112,000.06;
//   - year 4 (maturity): cash 11,200.006 → 11,200.01, PIK 2,240.0012 →
//     2,240.00, and 114,240.06 repaid.
func TestLoan_PIKAfterLateDraw(t *testing.T) {
	ps := firstOfMonths(t, contract.Date(2024, 1, 1), 5, contract.EveryYear)
	l := contract.Loan{
		Commitment: dec("100000.05"),
		Draws:      []contract.Flow{{Date: ps[2].End, Amount: dec("100000.05")}},
		Rate:       contract.Rate{Annual: dec("0.10"), DayCount: contract.Thirty360US},
		PIKRate:    dec("0.02"), PIKPeriods: 1, UpfrontFee: dec("0.01"),
	}
	rows, err := l.Schedule(ps, 2)
	if err != nil {
		t.Fatal(err)
	}
	type row struct{ Opening, Interest, PIK, Principal, Fee, Closing string }
	want := []row{
		{"0.00", "0.00", "0.00", "0.00", "0.00", "0.00"},
		{"0.00", "0.00", "0.00", "0.00", "0.00", "0.00"},
		{"0.00", "0.00", "0.00", "0.00", "1000.00", "100000.05"},
		{"100000.05", "0.00", "12000.01", "0.00", "0.00", "112000.06"},
		{"112000.06", "11200.01", "2240.00", "114240.06", "0.00", "0.00"},
	}
	got := make([]row, len(rows))
	for i, r := range rows {
		got[i] = row{r.Opening.StringFixed(2), r.Interest.StringFixed(2), r.PIK.StringFixed(2), r.Principal.StringFixed(2),
			r.UpfrontFee.StringFixed(2), r.Closing.StringFixed(2)}
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Schedule() mismatch (-want +got):\n%s", diff)
	}
}
