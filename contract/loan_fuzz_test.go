package contract_test

import (
	"testing"

	"github.com/jvwaterfall/jvwaterfall/contract"
	"github.com/shopspring/decimal"
)

// checkRows checks what every schedule must satisfy: whole cents, no
// negative amount, Closing = Opening + PIK − Principal − Prepayment + Draw,
// each row opening on the previous row's closing, and nothing owed after
// maturity.
func checkRows(t *testing.T, rows []contract.LoanRow, maturity int) {
	t.Helper()
	prev := decimal.Zero
	for i, r := range rows {
		for _, x := range []decimal.Decimal{r.Opening, r.Interest, r.PIK, r.Principal, r.Prepayment, r.UpfrontFee, r.CommitmentFee, r.PrepaymentFee, r.Draw, r.Closing} {
			if x.Sign() < 0 || !x.Equal(x.Truncate(2)) {
				t.Fatalf("row %d: amount %s is negative or not whole cents: %+v", i, x, r)
			}
		}
		if !r.Opening.Equal(prev) {
			t.Fatalf("row %d opens at %s, the previous closed at %s", i, r.Opening, prev)
		}
		if want := r.Opening.Add(r.PIK).Sub(r.Principal).Sub(r.Prepayment).Add(r.Draw); !r.Closing.Equal(want) {
			t.Fatalf("row %d closes at %s, want %s", i, r.Closing, want)
		}
		if i >= maturity && !r.Closing.IsZero() {
			t.Fatalf("row %d after maturity %d closes at %s", i, maturity, r.Closing)
		}
		prev = r.Closing
	}
}

// FuzzLoan_Schedule checks that any terms give a schedule that obeys
// checkRows, or an error, never a panic.
func FuzzLoan_Schedule(f *testing.F) {
	f.Add(int64(100000000), "0.06", uint8(2), uint8(2), 2, 0, 10, "0.03", 1, "0.01", int64(5000))
	f.Add(int64(1), "0", uint8(1), uint8(0), 0, 3, 4, "0", 0, "0", int64(0))
	f.Add(int64(99999999999), "0.25", uint8(3), uint8(4), 9, 40, 12, "0.5", 3, "1", int64(99999999))
	f.Fuzz(func(t *testing.T, cents int64, rate string, amort, dc uint8, io, amortize, n int, pik string, pikPeriods int, fee string, prepay int64) {
		if n < 2 || n > 400 || cents <= 0 || cents > 1e15 || prepay < 0 {
			return
		}
		r, err1 := decimal.NewFromString(rate)
		p, err2 := decimal.NewFromString(pik)
		fe, err3 := decimal.NewFromString(fee)
		if err1 != nil || err2 != nil || err3 != nil {
			return
		}
		ps, err := contract.Schedule{Start: contract.Date(2020, 1, 31), End: contract.AddMonths(contract.Date(2020, 1, 31), n, true), EndOfMonth: true}.Periods()
		if err != nil {
			t.Fatal(err)
		}
		amount := decimal.New(cents, -2)
		l := contract.Loan{
			Commitment: amount, Draws: []contract.Flow{{Date: ps[0].End, Amount: amount}},
			Rate:         contract.Rate{Annual: r, DayCount: contract.DayCount(dc % 6)},
			Amortization: contract.Amortization(amort % 5), Frequency: contract.EveryMonth,
			InterestOnly: io, Amortize: amortize, PIKRate: p, PIKPeriods: pikPeriods, UpfrontFee: fe, PrepaymentFee: fe,
			Prepayments: []contract.Flow{{Date: ps[n/2].End, Amount: decimal.New(prepay, -2)}},
		}
		plan, err := l.Plan(ps, 2)
		if err != nil {
			return
		}
		rows, err := plan.Schedule()
		if err != nil {
			return
		}
		checkRows(t, rows, plan.Maturity())
	})
}

func BenchmarkLoanPlan_Schedule(b *testing.B) {
	ps, err := contract.Schedule{Start: contract.Date(2024, 12, 1), End: contract.Date(2055, 1, 1)}.Periods()
	if err != nil {
		b.Fatal(err)
	}
	plan, err := contract.Loan{
		Commitment: decimal.NewFromInt(1000000), Draws: []contract.Flow{{Date: ps[0].End, Amount: decimal.NewFromInt(1000000)}},
		Rate:         contract.Rate{Annual: decimal.RequireFromString("0.06"), DayCount: contract.Thirty360US},
		Amortization: contract.LevelPayment,
	}.Plan(ps, 2)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := plan.Schedule(); err != nil {
			b.Fatal(err)
		}
	}
}
