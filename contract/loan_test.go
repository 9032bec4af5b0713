package contract_test

import (
	"errors"
	"fmt"
	"math/big"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/jvwaterfall/jvwaterfall/contract"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"
)

func dec(s string) decimal.Decimal { return decimal.RequireFromString(s) }

func decp(s string) *decimal.Decimal { d := dec(s); return &d }

// firstOfMonths returns n monthly periods from start whose dates are all
// on the 1st, so that 30/360 gives every period exactly 30/360 of a year.
func firstOfMonths(t *testing.T, start time.Time, n int, f contract.Frequency) []contract.Period {
	t.Helper()
	ps, err := contract.Schedule{Start: start, End: contract.AddMonths(start, n*f.Months(), false), Frequency: f}.Periods()
	require.NoError(t, err)
	require.Len(t, ps, n)
	return ps
}

// ratAnnuity is the closed-form level payment P = B·i/(1 − (1+i)^−n),
// computed exactly in rationals and rounded half up to the cent: an
// independent method from [contract.Annuity]'s decimal squaring.
func ratAnnuity(b, i string, n int) decimal.Decimal {
	B, _ := new(big.Rat).SetString(b)
	I, _ := new(big.Rat).SetString(i)
	g := new(big.Rat).SetInt64(1)
	base := new(big.Rat).Add(big.NewRat(1, 1), I)
	for range n {
		g.Mul(g, base)
	}
	// P = B·i·g/(g−1)
	num := new(big.Rat).Mul(B, I)
	num.Mul(num, g)
	p := new(big.Rat).Quo(num, new(big.Rat).Sub(g, big.NewRat(1, 1)))
	cents := new(big.Rat).Mul(p, big.NewRat(100, 1))
	cents.Add(cents, big.NewRat(1, 2))
	q := new(big.Int).Quo(cents.Num(), cents.Denom())
	return decimal.NewFromBigInt(q, -2)
}

func TestAnnuity(t *testing.T) {
	tests := []struct {
		name, b, i string
		n          int
		want       string
	}{
		// The textbook case: $1,000,000 over 30 years at 6% a year, paid
		// monthly, is $5,995.51 a month (P = B·i/(1 − (1+i)^−n), i = 0.06/12).
		{"mortgage-30y-6pct", "1000000", "0.005", 360, "5995.51"},
		{"car-5y-7.2pct", "25000", "0.006", 60, ""},
		{"one-period", "1000", "0.01", 1, "1010.00"},
		{"zero-rate", "1000", "0", 3, "333.33"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := contract.Annuity(dec(tc.b), dec(tc.i), tc.n, 2)
			var want decimal.Decimal
			if tc.i == "0" {
				want = dec(tc.want) // B/n
			} else {
				want = ratAnnuity(tc.b, tc.i, tc.n)
			}
			if tc.want != "" {
				require.True(t, want.Equal(dec(tc.want)), "closed form %s, published %s", want, tc.want)
			}
			require.True(t, got.Equal(want), "Annuity = %s, want %s", got, want)
		})
	}
}

// TestLoanPlan_ScheduleAnnuity checks every row of a 30-year level-payment
// loan against the closed-form amortization table: payment P from the
// annuity formula, interest = balance × i rounded to the cent, principal =
// P − interest, the last payment adjusted so the balance ends at zero.
func TestLoanPlan_ScheduleAnnuity(t *testing.T) {
	// Period 0 is the closing month (the draw funds at its end); 360
	// monthly payment periods follow.
	ps := firstOfMonths(t, contract.Date(2024, 12, 1), 361, contract.EveryMonth)
	loan := contract.Loan{
		Commitment:   dec("1000000"),
		Draws:        []contract.Flow{{Date: ps[0].End, Amount: dec("1000000")}},
		Rate:         contract.Rate{Annual: dec("0.06"), DayCount: contract.Thirty360US},
		Amortization: contract.LevelPayment,
	}
	rows, err := loan.Schedule(ps, 2)
	require.NoError(t, err)
	require.Len(t, rows, 361)
	require.True(t, rows[0].Draw.Equal(dec("1000000")))
	require.True(t, rows[0].Closing.Equal(dec("1000000")))

	pay := ratAnnuity("1000000", "0.005", 360)
	require.Equal(t, "5995.51", pay.StringFixed(2))
	i := dec("0.005")
	bal := dec("1000000")
	totalInterest := decimal.Zero
	for k := 1; k <= 360; k++ {
		r := rows[k]
		interest := bal.Mul(i).Round(2)
		principal := pay.Sub(interest)
		if k == 360 {
			principal = bal
		}
		want := []string{bal.StringFixed(2), interest.StringFixed(2), principal.StringFixed(2), bal.Sub(principal).StringFixed(2)}
		got := []string{r.Opening.StringFixed(2), r.Interest.StringFixed(2), r.Principal.StringFixed(2), r.Closing.StringFixed(2)}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Fatalf("row %d (opening, interest, principal, closing) mismatch (-want +got):\n%s", k, diff)
		}
		if k < 360 {
			require.True(t, r.Interest.Add(r.Principal).Equal(pay), "row %d pays %s", k, r.Interest.Add(r.Principal))
		}
		totalInterest = totalInterest.Add(interest)
		bal = bal.Sub(principal)
	}
	require.True(t, rows[360].Closing.IsZero())
	// The first row is the familiar 5,000.00 interest + 995.51 principal.
	require.Equal(t, "5000.00", rows[1].Interest.StringFixed(2))
	require.Equal(t, "995.51", rows[1].Principal.StringFixed(2))
	t.Logf("last payment %s, total interest %s", rows[360].Interest.Add(rows[360].Principal), totalInterest)
}

// TestLoanPlan_SchedulePIK checks PIK interest against hand-computed
// tables: $1,000,000, 8% cash + 4% PIK, simple on 30/360 over whole years
// (so each year's factor is exactly the rate), bullet after 3 years.
func TestLoanPlan_SchedulePIK(t *testing.T) {
	ps := firstOfMonths(t, contract.Date(2024, 1, 1), 4, contract.EveryYear)
	base := contract.Loan{
		Commitment: dec("1000000"),
		Draws:      []contract.Flow{{Date: ps[0].End, Amount: dec("1000000")}},
		Rate:       contract.Rate{Annual: dec("0.08"), DayCount: contract.Thirty360US},
		PIKRate:    dec("0.04"),
	}
	type row struct{ Opening, Interest, PIK, Principal, Closing string }
	tests := []struct {
		name string
		pik  int
		want []row
	}{
		{"cash-and-pik", 0, []row{
			{"0.00", "0.00", "0.00", "0.00", "1000000.00"},
			// 1,000,000 × 8% = 80,000 paid; × 4% = 40,000 capitalised.
			{"1000000.00", "80000.00", "40000.00", "0.00", "1040000.00"},
			{"1040000.00", "83200.00", "41600.00", "0.00", "1081600.00"},
			// maturity: 1,081,600 × 4% = 43,264 capitalised, all 1,124,864 repaid.
			{"1081600.00", "86528.00", "43264.00", "1124864.00", "0.00"},
		}},
		{"pik-election-first-year", 1, []row{
			{"0.00", "0.00", "0.00", "0.00", "1000000.00"},
			// all 12% capitalised in year 1.
			{"1000000.00", "0.00", "120000.00", "0.00", "1120000.00"},
			{"1120000.00", "89600.00", "44800.00", "0.00", "1164800.00"},
			{"1164800.00", "93184.00", "46592.00", "1211392.00", "0.00"},
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			l := base
			l.PIKPeriods = tc.pik
			rows, err := l.Schedule(ps, 2)
			require.NoError(t, err)
			got := make([]row, len(rows))
			for i, r := range rows {
				got[i] = row{r.Opening.StringFixed(2), r.Interest.StringFixed(2), r.PIK.StringFixed(2), r.Principal.StringFixed(2), r.Closing.StringFixed(2)}
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("Schedule() mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

// TestLoanPlan_ScheduleFloating checks a floating rate against a hand table:
// $1,000,000 bullet, quarterly on 30/360 (factor = rate/4), index fixed at
// each quarter's start, floor 4%, cap 8%, spread 2%.
func TestLoanPlan_ScheduleFloating(t *testing.T) {
	ps := firstOfMonths(t, contract.Date(2024, 1, 1), 5, contract.EveryQuarter)
	l := contract.Loan{
		Commitment: dec("1000000"),
		Draws:      []contract.Flow{{Date: ps[0].End, Amount: dec("1000000")}},
		Rate:       contract.Rate{DayCount: contract.Thirty360US},
		Floating: &contract.FloatingRate{
			Index: []contract.IndexFixing{
				{Date: contract.Date(2023, 12, 15), Rate: dec("0.05")},
				{Date: contract.Date(2024, 7, 1), Rate: dec("0.035")}, // below the floor
				{Date: contract.Date(2024, 8, 15), Rate: dec("0.09")}, // above the cap, from Q4
				{Date: contract.Date(2025, 1, 1), Rate: dec("0.061")},
			},
			Spread: dec("0.02"), Floor: decp("0.04"), Cap: decp("0.08"),
		},
	}
	rows, err := l.Schedule(ps, 2)
	require.NoError(t, err)
	type row struct{ Rate, Interest, Principal string }
	want := []row{
		{"0.07", "0.00", "0.00"},            // Q1 2024: drawn at its end
		{"0.07", "17500.00", "0.00"},        // Q2: 5% + 2% = 7%, /4 × 1,000,000
		{"0.06", "15000.00", "0.00"},        // Q3: 3.5% floored to 4%, + 2%
		{"0.1", "25000.00", "0.00"},         // Q4: 9% capped to 8%, + 2%
		{"0.081", "20250.00", "1000000.00"}, // Q1 2025: 6.1% + 2%; maturity
	}
	got := make([]row, len(rows))
	for i, r := range rows {
		got[i] = row{r.Rate.String(), r.Interest.StringFixed(2), r.Principal.StringFixed(2)}
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Schedule() mismatch (-want +got):\n%s", diff)
	}
}

// TestLoanPlan_ScheduleStraightLine checks interest-only, straight-line
// amortization over a longer profile than the term (a balloon), fees and a
// prepayment against a hand table. Annual periods on 30/360, 5% simple.
func TestLoanPlan_ScheduleStraightLine(t *testing.T) {
	ps := firstOfMonths(t, contract.Date(2024, 1, 1), 6, contract.EveryYear)
	l := contract.Loan{
		Commitment:    dec("1500000"),
		Draws:         []contract.Flow{{Date: ps[0].End, Amount: dec("1200000")}},
		Rate:          contract.Rate{Annual: dec("0.05"), DayCount: contract.Thirty360US},
		Amortization:  contract.StraightLine,
		InterestOnly:  1,
		Amortize:      8, // 1,200,000 / 8 = 150,000 a year
		UpfrontFee:    dec("0.01"),
		CommitmentFee: dec("0.005"),
		Prepayments:   []contract.Flow{{Date: ps[3].End, Amount: dec("100000")}},
		PrepaymentFee: dec("0.02"),
	}
	rows, err := l.Schedule(ps, 2)
	require.NoError(t, err)
	type row struct{ Opening, Interest, Principal, Prepay, Fees, Closing string }
	want := []row{
		// upfront 1% × 1,500,000 + commitment fee 0.5% × 1,500,000 undrawn all year
		{"0.00", "0.00", "0.00", "0.00", "22500.00", "1200000.00"},
		// interest only; commitment fee 0.5% × 300,000 undrawn
		{"1200000.00", "60000.00", "0.00", "0.00", "1500.00", "1200000.00"},
		{"1200000.00", "60000.00", "150000.00", "0.00", "1500.00", "1050000.00"},
		// prepayment of 100,000 with its 2% fee
		{"1050000.00", "52500.00", "150000.00", "100000.00", "3500.00", "800000.00"},
		{"800000.00", "40000.00", "150000.00", "0.00", "1500.00", "650000.00"},
		// maturity: the balloon
		{"650000.00", "32500.00", "650000.00", "0.00", "1500.00", "0.00"},
	}
	got := make([]row, len(rows))
	for i, r := range rows {
		got[i] = row{r.Opening.StringFixed(2), r.Interest.StringFixed(2), r.Principal.StringFixed(2), r.Prepayment.StringFixed(2), r.Fees().StringFixed(2), r.Closing.StringFixed(2)}
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Schedule() mismatch (-want +got):\n%s", diff)
	}
}

func TestLoanPlan_ScheduleCustom(t *testing.T) {
	ps := firstOfMonths(t, contract.Date(2024, 1, 1), 4, contract.EveryYear)
	l := contract.Loan{
		Commitment: dec("1000"),
		Draws:      []contract.Flow{{Date: ps[0].End, Amount: dec("600")}, {Date: ps[1].End, Amount: dec("400")}},
		Rate:       contract.Rate{Annual: dec("0.10"), DayCount: contract.Thirty360US},
		// 700 asked for in year 2 but only 600 + 0 is then owed: capped.
		Amortization: contract.Custom,
		Custom:       []contract.Flow{{Date: ps[1].End, Amount: dec("700")}, {Date: ps[2].End, Amount: dec("100")}},
	}
	rows, err := l.Schedule(ps, 2)
	require.NoError(t, err)
	var got [][3]string
	for _, r := range rows {
		got = append(got, [3]string{r.Interest.StringFixed(2), r.Principal.StringFixed(2), r.Closing.StringFixed(2)})
	}
	want := [][3]string{
		{"0.00", "0.00", "600.00"},
		{"60.00", "600.00", "400.00"}, // the second draw funds at the end of year 2
		{"40.00", "100.00", "300.00"},
		{"30.00", "300.00", "0.00"},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Schedule() mismatch (-want +got):\n%s", diff)
	}
}

func TestLoan_Validate(t *testing.T) {
	ps := firstOfMonths(t, contract.Date(2024, 1, 1), 3, contract.EveryYear)
	good := contract.Loan{Commitment: dec("100"), Draws: []contract.Flow{{Date: ps[0].End, Amount: dec("100")}}}
	tests := []struct {
		name  string
		edit  func(*contract.Loan)
		paths []string
		is    error
	}{
		{"no-commitment", func(l *contract.Loan) { l.Commitment = decimal.Zero }, []string{"commitment"}, contract.ErrRange},
		{"no-draws", func(l *contract.Loan) { l.Draws = nil }, []string{"draws"}, contract.ErrRequired},
		{"negative-rate", func(l *contract.Loan) { l.Rate.Annual = dec("-0.01") }, []string{"rate.annual"}, contract.ErrNegative},
		{"floor-above-cap", func(l *contract.Loan) {
			l.Floating = &contract.FloatingRate{Index: []contract.IndexFixing{{Date: ps[0].Start, Rate: dec("0.05")}}, Floor: decp("0.06"), Cap: decp("0.05")}
		}, []string{"floating.cap"}, contract.ErrOrder},
		{"index-order", func(l *contract.Loan) {
			l.Floating = &contract.FloatingRate{Index: []contract.IndexFixing{{Date: ps[1].Start, Rate: dec("0.05")}, {Date: ps[0].Start, Rate: dec("0.05")}}}
		}, []string{"floating.index[1].date"}, contract.ErrOrder},
		{"bad-fees", func(l *contract.Loan) { l.UpfrontFee = dec("1.5"); l.PrepaymentFee = dec("-0.1") }, []string{"upfront_fee", "prepayment_fee"}, contract.ErrInvalid},
		{"custom-without-custom", func(l *contract.Loan) { l.Custom = []contract.Flow{{Date: ps[1].End, Amount: dec("1")}} }, []string{"custom"}, contract.ErrInvalid},
		{"negative-counts", func(l *contract.Loan) { l.InterestOnly = -1; l.PIKPeriods = -2 }, []string{"interest_only", "pik_periods"}, contract.ErrNegative},
		{"bad-amortization", func(l *contract.Loan) { l.Amortization = 9 }, []string{"amortization"}, contract.ErrRange},
		{"draw-outside", func(l *contract.Loan) { l.Draws[0].Date = contract.Date(2030, 1, 1) }, []string{"draws[0].date"}, contract.ErrRange},
		{"draw-too-precise", func(l *contract.Loan) { l.Draws[0].Amount = dec("99.999") }, []string{"draws[0].amount"}, contract.ErrInvalid},
		{"maturity-at-draw", func(l *contract.Loan) { l.Maturity = ps[0].End }, []string{"maturity"}, contract.ErrOrder},
		{"level-payment-frequency", func(l *contract.Loan) { l.Amortization = contract.LevelPayment }, []string{"frequency"}, contract.ErrInvalid},
		{"no-fixing", func(l *contract.Loan) {
			l.Floating = &contract.FloatingRate{Index: []contract.IndexFixing{{Date: ps[2].Start, Rate: dec("0.05")}}}
		}, []string{"floating.index"}, contract.ErrRange},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			l := good
			l.Draws = append([]contract.Flow(nil), good.Draws...)
			tc.edit(&l)
			_, err := l.Plan(ps, 2)
			require.Error(t, err)
			require.ErrorIs(t, err, tc.is)
			for _, p := range tc.paths {
				var found bool
				for _, e := range flatten(err) {
					var fe *contract.FieldError
					if errors.As(e, &fe) && fe.Path == p {
						found = true
					}
				}
				require.True(t, found, "no error at %q in %v", p, err)
			}
		})
	}
	_, err := good.Plan(ps, 2)
	require.NoError(t, err)
}

// flatten returns the errors joined in err, or err itself.
func flatten(err error) []error {
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		var out []error
		for _, e := range j.Unwrap() {
			out = append(out, flatten(e)...)
		}
		return out
	}
	return []error{err}
}

func ExampleLoan_Schedule() {
	// A 3-year loan of 90,000 at 6% on 30/360, drawn at the end of the first
	// (closing) year and repaid in three level annual payments.
	periods, _ := contract.Schedule{Start: contract.Date(2024, 1, 1), End: contract.Date(2028, 1, 1), Frequency: contract.EveryYear}.Periods()
	loan := contract.Loan{
		Commitment:   decimal.NewFromInt(90000),
		Draws:        []contract.Flow{{Date: periods[0].End, Amount: decimal.NewFromInt(90000)}},
		Rate:         contract.Rate{Annual: decimal.RequireFromString("0.06"), DayCount: contract.Thirty360US},
		Amortization: contract.LevelPayment,
		Frequency:    contract.EveryYear,
	}
	rows, err := loan.Schedule(periods, 2)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, r := range rows {
		fmt.Printf("%s %9s %8s %9s %9s\n", r.Period.End.Format("2006-01-02"), r.Opening.StringFixed(2),
			r.Interest.StringFixed(2), r.Principal.StringFixed(2), r.Closing.StringFixed(2))
	}
	// Output:
	// 2025-01-01      0.00     0.00      0.00  90000.00
	// 2026-01-01  90000.00  5400.00  28269.88  61730.12
	// 2027-01-01  61730.12  3703.81  29966.07  31764.05
	// 2028-01-01  31764.05  1905.84  31764.05      0.00
}

func ExampleAnnuity() {
	// $1,000,000 over 360 months at 6% a year: i = 0.5% a month.
	fmt.Println(contract.Annuity(decimal.NewFromInt(1000000), decimal.RequireFromString("0.005"), 360, 2))
	// Output: 5995.51
}

func ExampleLoan_Plan() {
	// A floating-rate loan: the index fixed at each quarter's start, held
	// between a 2% floor and a 5% cap, plus a 3% spread.
	periods, _ := contract.Schedule{Start: contract.Date(2025, 1, 1), End: contract.Date(2026, 1, 1), Frequency: contract.EveryQuarter}.Periods()
	floor, capRate := decimal.RequireFromString("0.02"), decimal.RequireFromString("0.05")
	plan, err := contract.Loan{
		Commitment: decimal.NewFromInt(400000),
		Draws:      []contract.Flow{{Date: periods[0].End, Amount: decimal.NewFromInt(400000)}},
		Rate:       contract.Rate{DayCount: contract.Thirty360US},
		Floating: &contract.FloatingRate{
			Index: []contract.IndexFixing{
				{Date: contract.Date(2024, 12, 1), Rate: decimal.RequireFromString("0.043")},
				{Date: contract.Date(2025, 6, 1), Rate: decimal.RequireFromString("0.061")},
				{Date: contract.Date(2025, 9, 15), Rate: decimal.RequireFromString("0.012")},
			},
			Spread: decimal.RequireFromString("0.03"), Floor: &floor, Cap: &capRate,
		},
		Amortization: contract.StraightLine,
	}.Plan(periods, 2)
	if err != nil {
		fmt.Println(err)
		return
	}
	rows, _ := plan.Schedule()
	fmt.Println(plan.Loan().Amortization, "over", plan.NumPeriods(), "periods")
	for i, r := range rows {
		fmt.Printf("%s rate %-5s interest %9s principal %10s\n", r.Period.End.Format("2006-01-02"),
			plan.CashRate(i).String(), r.Interest.StringFixed(2), r.Principal.StringFixed(2))
	}
	// Output:
	// straight-line over 4 periods
	// 2025-04-01 rate 0.073 interest      0.00 principal       0.00
	// 2025-07-01 rate 0.073 interest   7300.00 principal  133333.33
	// 2025-10-01 rate 0.08  interest   5333.33 principal  133333.33
	// 2026-01-01 rate 0.05  interest   1666.67 principal  133333.34
}

func ExampleLoanPlan_UpfrontFee() {
	// A 2% fee on a 500,000 commitment, due when the loan is first drawn,
	// at the end of the second quarter.
	periods, _ := contract.Schedule{Start: contract.Date(2025, 1, 1), End: contract.Date(2026, 1, 1), Frequency: contract.EveryQuarter}.Periods()
	plan, err := contract.Loan{
		Commitment: decimal.NewFromInt(500000),
		Draws:      []contract.Flow{{Date: periods[1].End, Amount: decimal.NewFromInt(300000)}},
		Rate:       contract.Rate{Annual: decimal.RequireFromString("0.06")},
		UpfrontFee: decimal.RequireFromString("0.02"),
	}.Plan(periods, 2)
	if err != nil {
		fmt.Println(err)
		return
	}
	for i := range plan.NumPeriods() {
		fmt.Println(periods[i].End.Format("2006-01-02"), plan.Draw(i), plan.UpfrontFee(i))
	}
	// Output:
	// 2025-04-01 0 0
	// 2025-07-01 300000 10000
	// 2025-10-01 0 0
	// 2026-01-01 0 0
}

// TestLoanPlan_UpfrontFee checks the fee by period against Commitment ×
// UpfrontFee worked out by hand, and outside the plan's periods.
func TestLoanPlan_UpfrontFee(t *testing.T) {
	periods, err := contract.Schedule{Start: contract.Date(2025, 1, 1), End: contract.Date(2026, 1, 1), Frequency: contract.EveryQuarter}.Periods()
	require.NoError(t, err)
	loan := contract.Loan{
		Commitment: decimal.RequireFromString("123456.78"),
		Draws:      []contract.Flow{{Date: periods[0].End, Amount: decimal.NewFromInt(1000)}},
		Rate:       contract.Rate{Annual: decimal.RequireFromString("0.06")},
		UpfrontFee: decimal.RequireFromString("0.0125"),
	}
	plan, err := loan.Plan(periods, 2)
	require.NoError(t, err)
	// 123,456.78 × 1.25% = 1,543.20975, 1,543.21 in cents.
	want := []string{"1543.21", "0", "0", "0"}
	for i, w := range want {
		got := plan.UpfrontFee(i)
		require.Equal(t, w, got.String(), "period %d", i)
	}
	for _, i := range []int{-1, len(periods), len(periods) + 1} {
		require.True(t, plan.UpfrontFee(i).IsZero(), "period %d", i)
	}
	var none *contract.LoanPlan
	require.True(t, none.UpfrontFee(0).IsZero())

}
