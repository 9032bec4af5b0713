package contract_test

import (
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/jvwaterfall/jvwaterfall/contract"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"
)

// requirePaths checks that err holds a FieldError at each of paths, each
// wrapping want, and at no other path.
func requirePaths(t *testing.T, err error, want error, paths ...string) {
	t.Helper()
	require.Error(t, err)
	var got []string
	for _, e := range flatten(err) {
		var fe *contract.FieldError
		require.True(t, errors.As(e, &fe), "%v is not a field error", e)
		require.ErrorIs(t, e, want, "at %q", fe.Path)
		got = append(got, fe.Path)
	}
	if diff := cmp.Diff(paths, got); diff != "" {
		t.Fatalf("error paths mismatch (-want +got):\n%s\nin %v", diff, err)
	}
}

func TestAmortization_OutOfRange(t *testing.T) {
	require.True(t, contract.Custom.Valid())
	require.Equal(t, "custom", contract.Custom.String())
	// One past the last style: not valid, and printed by number rather
	// than read past the end of the names.
	require.False(t, contract.Amortization(4).Valid())
	require.Equal(t, "Amortization(4)", contract.Amortization(4).String())
}

// TestLoan_ValidateBoundaries puts each term of Loan.Validate exactly at
// its limit (valid) or one step past it (invalid), through Loan.Plan.
func TestLoan_ValidateBoundaries(t *testing.T) {
	ps := firstOfMonths(t, contract.Date(2024, 1, 1), 3, contract.EveryYear)
	good := contract.Loan{Commitment: dec("100"), Draws: []contract.Flow{{Date: ps[0].End, Amount: dec("100")}}}
	fix := func(day int, rate string) contract.IndexFixing {
		return contract.IndexFixing{Date: contract.Date(2023, 12, day), Rate: dec(rate)}
	}
	tests := []struct {
		name  string
		edit  func(*contract.Loan)
		is    error    // nil: valid
		paths []string // every path the error holds
	}{
		{"a zero draw is not a draw", func(l *contract.Loan) {
			l.Draws = append(l.Draws, contract.Flow{Date: ps[1].End, Amount: decimal.Zero})
		}, contract.ErrRange, []string{"draws[1].amount"}},
		// 60 + 40.01 = 100.01, a cent over the commitment of 100.
		{"draws a cent over the commitment", func(l *contract.Loan) {
			l.Draws = []contract.Flow{{Date: ps[0].End, Amount: dec("60")}, {Date: ps[1].End, Amount: dec("40.01")}}
		}, contract.ErrRange, []string{"draws"}},
		{"draws exactly the commitment", func(l *contract.Loan) {
			l.Draws = []contract.Flow{{Date: ps[0].End, Amount: dec("60")}, {Date: ps[1].End, Amount: dec("40")}}
		}, nil, nil},
		// A zero commitment is one mistake: the draws are not said to
		// exceed it as well.
		{"zero commitment is reported once", func(l *contract.Loan) { l.Commitment = decimal.Zero }, contract.ErrRange, []string{"commitment"}},
		{"invalid rate terms", func(l *contract.Loan) { l.Rate.Compounding = 99 }, contract.ErrRange, []string{"rate.compounding"}},
		{"two fixings on one day", func(l *contract.Loan) {
			l.Floating = &contract.FloatingRate{Index: []contract.IndexFixing{fix(1, "0.05"), fix(1, "0.06")}}
		}, contract.ErrOrder, []string{"floating.index[1].date"}},
		{"fixings a day apart", func(l *contract.Loan) {
			l.Floating = &contract.FloatingRate{Index: []contract.IndexFixing{fix(1, "0.05"), fix(2, "0.06")}}
		}, nil, nil},
		{"a floor without a cap", func(l *contract.Loan) {
			l.Floating = &contract.FloatingRate{Index: []contract.IndexFixing{fix(1, "0.05")}, Floor: decp("0.01")}
		}, nil, nil},
		{"a cap without a floor", func(l *contract.Loan) {
			l.Floating = &contract.FloatingRate{Index: []contract.IndexFixing{fix(1, "0.05")}, Cap: decp("0.08")}
		}, nil, nil},
		{"floor equal to the cap", func(l *contract.Loan) {
			l.Floating = &contract.FloatingRate{Index: []contract.IndexFixing{fix(1, "0.05")}, Floor: decp("0.06"), Cap: decp("0.06")}
		}, nil, nil},
		{"a floor a basis point above the cap", func(l *contract.Loan) {
			l.Floating = &contract.FloatingRate{Index: []contract.IndexFixing{fix(1, "0.05")}, Floor: decp("0.0601"), Cap: decp("0.06")}
		}, contract.ErrOrder, []string{"floating.cap"}},
		{"a zero custom amount", func(l *contract.Loan) {
			l.Amortization = contract.Custom
			l.Custom = []contract.Flow{{Date: ps[1].End, Amount: decimal.Zero}}
		}, nil, nil},
		{"a negative custom amount", func(l *contract.Loan) {
			l.Amortization = contract.Custom
			l.Custom = []contract.Flow{{Date: ps[1].End, Amount: dec("-0.01")}}
		}, contract.ErrNegative, []string{"custom[0].amount"}},
		{"a zero prepayment", func(l *contract.Loan) { l.Prepayments = []contract.Flow{{Date: ps[1].End, Amount: decimal.Zero}} }, nil, nil},
		{"a negative prepayment", func(l *contract.Loan) {
			l.Prepayments = []contract.Flow{{Date: ps[1].End, Amount: dec("-0.01")}}
		}, contract.ErrNegative, []string{"prepayments[0].amount"}},
		{"fees of exactly 100%", func(l *contract.Loan) { l.UpfrontFee, l.PrepaymentFee = dec("1"), dec("1") }, nil, nil},
		{"fees just over 100%", func(l *contract.Loan) {
			l.UpfrontFee, l.PrepaymentFee = dec("1.0001"), dec("1.0001")
		}, contract.ErrRange, []string{"upfront_fee", "prepayment_fee"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			l := good
			l.Draws = append([]contract.Flow(nil), good.Draws...)
			tc.edit(&l)
			_, err := l.Plan(ps, 2)
			if tc.is == nil {
				require.NoError(t, err)
				require.NoError(t, l.Validate())
				return
			}
			requirePaths(t, err, tc.is, tc.paths...)
		})
	}
}

// TestLoan_PlanScale: the scale must be 0 to 8; both ends are valid.
func TestLoan_PlanScale(t *testing.T) {
	ps := firstOfMonths(t, contract.Date(2024, 1, 1), 3, contract.EveryYear)
	l := contract.Loan{Commitment: dec("100"), Draws: []contract.Flow{{Date: ps[0].End, Amount: dec("100")}}}
	for _, scale := range []int32{0, 8} {
		p, err := l.Plan(ps, scale)
		require.NoError(t, err, "scale %d", scale)
		require.Equal(t, scale, p.Scale())
	}
	for _, scale := range []int32{-1, 9} {
		_, err := l.Plan(ps, scale)
		requirePaths(t, err, contract.ErrRange, "scale")
	}
}

// TestLoan_PlanMaturity: a maturity outside the schedule is out of range
// (not "before the first draw"); amounts after the maturity are refused,
// zero periods after it are not; the commitment fee stops at maturity.
func TestLoan_PlanMaturity(t *testing.T) {
	ps := firstOfMonths(t, contract.Date(2024, 1, 1), 4, contract.EveryYear)
	l := contract.Loan{
		Commitment: dec("200"), Draws: []contract.Flow{{Date: ps[0].End, Amount: dec("100")}},
		Rate:     contract.Rate{Annual: dec("0.10"), DayCount: contract.Thirty360US},
		Maturity: ps[1].End, CommitmentFee: dec("0.01"),
	}

	late := l
	late.Maturity = contract.Date(2030, 1, 1)
	_, err := late.Plan(ps, 2)
	requirePaths(t, err, contract.ErrRange, "maturity")

	prepaidLate := l
	prepaidLate.Prepayments = []contract.Flow{{Date: ps[3].End, Amount: dec("1")}}
	_, err = prepaidLate.Plan(ps, 2)
	requirePaths(t, err, contract.ErrOrder, "prepayments")

	// 100 drawn at the end of 2024 of a 200 commitment, 10% on 30/360
	// yearly (the factor is the rate), maturity at the end of 2025:
	//   - 2024: commitment fee 1% × 200 undrawn = 2.00;
	//   - 2025: interest 10.00, 100 repaid, fee 1% × 100 undrawn = 1.00;
	//   - 2026, 2027: after maturity, nothing, and no commitment fee on
	//     the 100 never drawn.
	rows, err := l.Schedule(ps, 2)
	require.NoError(t, err)
	type row struct{ Interest, Principal, CommitmentFee, Closing string }
	want := []row{{"0.00", "0.00", "2.00", "100.00"}, {"10.00", "100.00", "1.00", "0.00"},
		{"0.00", "0.00", "0.00", "0.00"}, {"0.00", "0.00", "0.00", "0.00"}}
	got := make([]row, len(rows))
	for i, r := range rows {
		got[i] = row{r.Interest.StringFixed(2), r.Principal.StringFixed(2), r.CommitmentFee.StringFixed(2), r.Closing.StringFixed(2)}
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Schedule() mismatch (-want +got):\n%s", diff)
	}
}

// TestLoan_LevelPaymentNeverAmortizing: interest-only periods that reach
// past the schedule leave no period to amortize, so the level payment's
// period length is not checked (yearly periods with a monthly frequency)
// and the loan is a bullet: 1,000 at 5% on 30/360 pays 50.00 a year and
// 1,000 at maturity.
func TestLoan_LevelPaymentNeverAmortizing(t *testing.T) {
	ps := firstOfMonths(t, contract.Date(2024, 1, 1), 3, contract.EveryYear)
	l := contract.Loan{
		Commitment: dec("1000"), Draws: []contract.Flow{{Date: ps[0].End, Amount: dec("1000")}},
		Rate:         contract.Rate{Annual: dec("0.05"), DayCount: contract.Thirty360US},
		Amortization: contract.LevelPayment, Frequency: contract.EveryMonth, InterestOnly: 2,
	}
	rows, err := l.Schedule(ps, 2)
	require.NoError(t, err)
	var got [][2]string
	for _, r := range rows {
		got = append(got, [2]string{r.Interest.StringFixed(2), r.Principal.StringFixed(2)})
	}
	if diff := cmp.Diff([][2]string{{"0.00", "0.00"}, {"50.00", "0.00"}, {"50.00", "1000.00"}}, got); diff != "" {
		t.Errorf("Schedule() mismatch (-want +got):\n%s", diff)
	}
}

// TestLoan_PlanGrowthErrors: a rate that cannot grow a balance over a
// period fails the plan, at the rate's path.
func TestLoan_PlanGrowthErrors(t *testing.T) {
	ps := firstOfMonths(t, contract.Date(2024, 1, 1), 3, contract.EveryYear)
	base := contract.Loan{Commitment: dec("100"), Draws: []contract.Flow{{Date: ps[0].End, Amount: dec("100")}}}

	// A floating index of −150% (each fixing is only checked for its
	// magnitude): with annual compounding the balance would change sign,
	// 1 + r ≤ 0.
	neg := base
	neg.Rate = contract.Rate{Compounding: contract.Annual, DayCount: contract.Thirty360US}
	neg.Floating = &contract.FloatingRate{Index: []contract.IndexFixing{{Date: contract.Date(2023, 1, 1), Rate: dec("-1.5")}}}
	_, err := neg.Plan(ps, 2)
	requirePaths(t, err, contract.ErrRange, "rate")

	// PIK at 100,000% compounded continuously over 2024's 366 days on
	// ACT/365F: ln of the factor is 1000 × 366/365 > 1000.
	pik := base
	pik.Rate = contract.Rate{Annual: dec("0.05"), Compounding: contract.Continuous}
	pik.PIKRate = dec("1000")
	_, err = pik.Plan(ps, 2)
	requirePaths(t, err, contract.ErrRange, "pik_rate")

	// The same as the cash rate.
	cash := base
	cash.Rate = contract.Rate{Annual: dec("1000"), Compounding: contract.Continuous}
	_, err = cash.Plan(ps, 2)
	requirePaths(t, err, contract.ErrRange, "rate")

	// Loan.Schedule returns the terms' own errors.
	_, err = contract.Loan{}.Schedule(ps, 2)
	errs := flatten(err)
	require.Len(t, errs, 2, "%v", err)
	requirePaths(t, errs[0], contract.ErrRange, "commitment")
	requirePaths(t, errs[1], contract.ErrRequired, "draws")
}

// TestLoanPlan_Accessors reads a plan at the first and last periods, one
// past either end, and through a nil plan.
func TestLoanPlan_Accessors(t *testing.T) {
	ps := firstOfMonths(t, contract.Date(2024, 1, 1), 3, contract.EveryYear)
	plan, err := contract.Loan{
		Commitment: dec("100.01"), Draws: []contract.Flow{{Date: ps[0].End, Amount: dec("60.01")}, {Date: ps[2].End, Amount: dec("40")}},
		Rate: contract.Rate{Annual: dec("0.07"), DayCount: contract.Thirty360US},
	}.Plan(ps, 2)
	require.NoError(t, err)
	n := len(ps)

	require.Equal(t, ps, plan.Periods())
	require.Equal(t, int32(2), plan.Scale())
	for i, want := range map[int]bool{-1: false, 0: true, n - 1: true, n: false} {
		p, ok := plan.Period(i)
		require.Equal(t, want, ok, "Period(%d)", i)
		if ok {
			require.Equal(t, ps[i], p)
		}
		rate, draw := "0", "0"
		switch i {
		case 0:
			rate, draw = "0.07", "60.01"
		case n - 1:
			rate, draw = "0.07", "40"
		}
		require.True(t, plan.CashRate(i).Equal(dec(rate)), "CashRate(%d) = %s", i, plan.CashRate(i))
		require.True(t, plan.Draw(i).Equal(dec(draw)), "Draw(%d) = %s", i, plan.Draw(i))
		_, _, err := plan.Row(i, contract.LoanState{})
		if want {
			require.NoError(t, err, "Row(%d)", i)
		} else {
			require.ErrorIs(t, err, contract.ErrRange, "Row(%d)", i)
		}
	}

	var none *contract.LoanPlan
	require.Nil(t, none.Periods())
	require.Zero(t, none.Scale())
	_, ok := none.Period(0)
	require.False(t, ok)
	require.True(t, none.CashRate(0).IsZero())
	require.True(t, none.Draw(0).IsZero())
	_, _, err = none.Row(0, contract.LoanState{})
	require.ErrorIs(t, err, contract.ErrRequired)
}

// TestLoanRow_Service: the service is the sum of every fee, the cash
// interest, the principal and the prepayment; each is a distinct power of
// two cents, so a term left out or subtracted shows.
func TestLoanRow_Service(t *testing.T) {
	r := contract.LoanRow{UpfrontFee: dec("0.01"), CommitmentFee: dec("0.02"), PrepaymentFee: dec("0.04"),
		Interest: dec("0.08"), Principal: dec("0.16"), Prepayment: dec("0.32"), PIK: dec("0.64"), Draw: dec("1.28")}
	require.Equal(t, "0.07", r.Fees().StringFixed(2))
	require.Equal(t, "0.63", r.Service().StringFixed(2)) // 1+2+4+8+16+32 cents; PIK and the draw are not paid
}
