package contract

import (
	"math/rand/v2"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"
)

// TestLoanPlan_RowFromSchedule checks that the rows a plan takes from its
// contractual schedule are the rows it works out without it: along the
// schedule, and from states off it (a loan paid short or prepaid), which
// Row must work out, on random loans of every amortization style.
func TestLoanPlan_RowFromSchedule(t *testing.T) {
	rng := rand.New(rand.NewPCG(29, 3))
	for k := range 40 {
		n := 4 + rng.IntN(60)
		start := Date(2024, time.Month(1+rng.IntN(12)), 1+rng.IntN(28))
		ps, err := Schedule{Start: start, End: AddMonths(start, n, false), Frequency: EveryMonth}.Periods()
		if err != nil {
			t.Fatal(err)
		}
		amount := decimal.New(1_000_000+rng.Int64N(9_000_000), 0)
		l := Loan{Commitment: amount.Mul(decimal.NewFromInt(2)), Draws: []Flow{{Date: ps[0].End, Amount: amount}},
			Rate:         Rate{Annual: decimal.New(rng.Int64N(1500), -4), Compounding: Monthly},
			Amortization: Amortization(rng.IntN(2)), Frequency: EveryMonth,
			PIKRate: decimal.New(rng.Int64N(300), -4), CommitmentFee: decimal.New(rng.Int64N(50), -4)}
		plan, err := l.Plan(ps, 2)
		if err != nil {
			t.Fatalf("loan %d: %v", k, err)
		}
		// A second plan of the same terms, worked out row by row without
		// its schedule.
		raw, err := l.Plan(ps, 2)
		if err != nil {
			t.Fatal(err)
		}
		cmpDec := cmp.Comparer(func(a, b decimal.Decimal) bool { return a.Exponent() == b.Exponent() && a.Equal(b) })
		st := LoanState{Balance: decimal.Zero, Drawn: decimal.Zero, Instalment: decimal.Zero, InstalmentRate: decimal.Zero}
		off := st
		for i := range ps {
			got, next, err := plan.Row(i, st)
			if err != nil {
				t.Fatal(err)
			}
			want, wantNext, _ := raw.row(i, st)
			if d := cmp.Diff(want, got, cmpDec); d != "" {
				t.Fatalf("loan %d row %d (-worked out +schedule):\n%s", k, i, d)
			}
			if d := cmp.Diff(wantNext, next, cmpDec); d != "" {
				t.Fatalf("loan %d state after %d (-worked out +schedule):\n%s", k, i, d)
			}
			// Off the schedule: a tenth of the balance prepaid each period.
			got, offNext, _ := plan.Row(i, off)
			want, wantNext, _ = raw.row(i, off)
			if d := cmp.Diff(want, got, cmpDec); d != "" {
				t.Fatalf("loan %d off-schedule row %d (-worked out +Row):\n%s", k, i, d)
			}
			if d := cmp.Diff(wantNext, offNext, cmpDec); d != "" {
				t.Fatalf("loan %d off-schedule state after %d:\n%s", k, i, d)
			}
			st = next
			off = offNext
			off.Balance = off.Balance.Sub(off.Balance.Div(decimal.NewFromInt(10)).Round(2))
		}
		rows, err := plan.Schedule()
		if err != nil {
			t.Fatal(err)
		}
		rows[0].Interest = decimal.NewFromInt(-1) // the caller's copy
		again, _ := plan.Schedule()
		if again[0].Interest.Sign() < 0 {
			t.Fatal("Schedule hands out the plan's own rows")
		}
	}
}

// TestLoanPlan_RowFromMemoAllocatesNothing: once a plan has worked out its
// contractual schedule, a row asked for in a state the schedule reaches
// is the schedule's, handed back without any arithmetic (working a row
// out allocates the decimals of its interest, fees and balance).
func TestLoanPlan_RowFromMemoAllocatesNothing(t *testing.T) {
	ps, err := Schedule{Start: Date(2024, 1, 1), End: Date(2027, 1, 1), Frequency: EveryQuarter}.Periods()
	if err != nil {
		t.Fatal(err)
	}
	plan, err := Loan{Commitment: decimal.NewFromInt(1000), Draws: []Flow{{Date: ps[0].End, Amount: decimal.NewFromInt(1000)}},
		Rate: Rate{Annual: decimal.RequireFromString("0.07"), DayCount: Thirty360US}, Amortization: StraightLine,
		CommitmentFee: decimal.RequireFromString("0.01")}.Plan(ps, 2)
	if err != nil {
		t.Fatal(err)
	}
	rows, err := plan.Schedule()
	if err != nil {
		t.Fatal(err)
	}
	_, st, err := plan.Row(0, LoanState{Balance: decimal.Zero, Drawn: decimal.Zero, Instalment: decimal.Zero, InstalmentRate: decimal.Zero})
	if err != nil {
		t.Fatal(err)
	}
	var row LoanRow
	allocs := testing.AllocsPerRun(20, func() { row, _, err = plan.Row(1, st) })
	if err != nil || !rowsEqual(row, rows[1]) {
		t.Fatalf("Row(1) = %+v, %v; want the schedule's %+v", row, err, rows[1])
	}
	if allocs != 0 {
		t.Errorf("Row(1) from the schedule's state allocates %.0f times, want 0", allocs)
	}
}
