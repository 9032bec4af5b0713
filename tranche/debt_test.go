package tranche_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/jvwaterfall/jvwaterfall/contract"
	"github.com/jvwaterfall/jvwaterfall/tranche"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"
)

// bullet is a 100,000 loan at 12% on 30/360, drawn at the end of year 0,
// repaid at the end of year 3, with a 2% default margin.
func bullet(t testing.TB, periods []contract.Period, edit func(*contract.Loan)) *tranche.Debt {
	t.Helper()
	l := contract.Loan{
		Commitment:    d("100000"),
		Draws:         []contract.Flow{{Date: periods[0].End, Amount: d("100000")}},
		Rate:          contract.Rate{Annual: d("0.12"), DayCount: contract.Thirty360US},
		Maturity:      periods[3].End,
		DefaultMargin: d("0.02"),
	}
	if edit != nil {
		edit(&l)
	}
	plan, err := l.Plan(periods, 2)
	require.NoError(t, err)
	debt, err := tranche.NewDebt(tranche.Debt{Name: "senior", Lender: "bank", Plan: plan})
	require.NoError(t, err)
	return debt
}

// TestDebt_PayMatchesSchedule: with cash to spare, a level-payment loan
// pays exactly its contractual schedule, row by row, and nothing else.
func TestDebt_PayMatchesSchedule(t *testing.T) {
	ps, err := contract.Schedule{Start: contract.Date(2024, 12, 1), End: contract.Date(2026, 1, 1)}.Periods()
	require.NoError(t, err)
	l := contract.Loan{
		Commitment: d("250000"), Draws: []contract.Flow{{Date: ps[0].End, Amount: d("250000")}},
		Rate:         contract.Rate{Annual: d("0.075"), DayCount: contract.Thirty360US},
		Amortization: contract.LevelPayment, UpfrontFee: d("0.01"), InterestOnly: 2,
	}
	plan, err := l.Plan(ps, 2)
	require.NoError(t, err)
	rows, err := plan.Schedule()
	require.NoError(t, err)
	debt, err := tranche.NewDebt(tranche.Debt{Name: "loan", Lender: "bank", Plan: plan})
	require.NoError(t, err)
	h := newDriver(t, partiesOf("bank", "0")...)
	for i := range ps {
		h.advance(ps[i]).run(debt, "1000000")
		want := map[string]string{}
		for k, v := range map[string]decimal.Decimal{"fee": rows[i].Fees(), "interest": rows[i].Interest, "principal": rows[i].Principal} {
			if v.Sign() > 0 {
				want[k] = v.StringFixed(2)
			}
		}
		if diff := cmp.Diff(want, byKind(h.b, i, "loan")); diff != "" {
			t.Errorf("period %d mismatch (-want +got):\n%s", i, diff)
		}
	}
	require.Empty(t, h.b.Events())
	st, err := debt.State(h.b)
	require.NoError(t, err)
	require.True(t, st.Outstanding().IsZero())
}

// TestDebt_PayShortfall checks arrears, default interest, PIK on shortfall
// and the default and cure events against hand-computed tables for the
// 100,000 12% bullet loan (factor 0.12 a year; default rate 14%).
func TestDebt_PayShortfall(t *testing.T) {
	tests := []struct {
		name   string
		edit   func(*contract.Loan)
		cash   []string
		want   []map[string]string
		events []string
	}{
		{
			name: "interest-arrears",
			cash: []string{"0", "5000", "30000", "112000"},
			want: []map[string]string{
				{},
				{"interest": "5000.00"}, // 12,000 due; 7,000 in arrears
				// 7,000 + 7,000 × 14% = 980 default interest + 12,000 current
				{"interest": "19980.00"},
				{"interest": "12000.00", "principal": "100000.00"},
			},
			events: []string{"1 payment-default", "2 default-cured"},
		},
		{
			name: "pik-on-shortfall",
			edit: func(l *contract.Loan) { l.PIKOnShortfall = true },
			cash: []string{"0", "5000", "12840", "200000"},
			want: []map[string]string{
				{},
				{"interest": "5000.00"}, // 7,000 capitalised: balance 107,000
				{"interest": "12840.00"},
				{"interest": "12840.00", "principal": "107000.00"},
			},
			events: []string{"1 interest-capitalised"},
		},
		{
			name: "principal-arrears-after-maturity",
			cash: []string{"0", "12000", "12000", "50000", "100000"},
			want: []map[string]string{
				{}, {"interest": "12000.00"}, {"interest": "12000.00"},
				{"interest": "12000.00", "principal": "38000.00"}, // 62,000 overdue
				// 62,000 × 14% = 8,680 default interest, then the 62,000
				{"interest": "8680.00", "principal": "62000.00"},
			},
			events: []string{"3 payment-default", "4 default-cured"},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ps := annualPeriods(len(tc.cash))
			debt := bullet(t, ps, tc.edit)
			h := newDriver(t, partiesOf("bank", "0")...)
			for i, c := range tc.cash {
				h.advance(ps[i]).run(debt, c)
				if diff := cmp.Diff(tc.want[i], byKind(h.b, i, "senior")); diff != "" {
					t.Errorf("period %d mismatch (-want +got):\n%s", i, diff)
				}
			}
			require.Equal(t, tc.events, events(h.b))
			st, err := debt.State(h.b)
			require.NoError(t, err)
			require.True(t, st.Outstanding().IsZero() && st.Due().IsZero(), "left %+v", st)
		})
	}
}

// TestDebt_PayNoCashAtAll: a period in which the stack is offered nothing
// still puts the loan in default (the engine closes every period).
func TestDebt_PayNoCashAtAll(t *testing.T) {
	ps := annualPeriods(4)
	debt := bullet(t, ps, nil)
	h := newDriver(t, partiesOf("bank", "0")...)
	h.advance(ps[0]).run(debt, "0")
	h.advance(ps[1]).run(debt, "0")
	require.Equal(t, []string{"1 payment-default"}, events(h.b))
	st, err := debt.State(h.b)
	require.NoError(t, err)
	require.Equal(t, "12000.00", st.InterestDue.StringFixed(2))
	require.True(t, st.Default)
}

func TestDebt_Validate(t *testing.T) {
	_, err := tranche.NewDebt(tranche.Debt{Name: ""})
	require.ErrorIs(t, err, contract.ErrRequired)
	for _, p := range []string{"id", "lender", "plan"} {
		require.ErrorContains(t, err, p+":")
	}
}

// TestDebt_OwedThenPay: offered exactly what it says it is owed, a debt or
// preferred equity tranche pays exactly that, every period, whatever
// happened before.
func TestDebt_OwedThenPay(t *testing.T) {
	ps := annualPeriods(5)
	debt := bullet(t, ps, func(l *contract.Loan) {
		l.Maturity = ps[4].End
		l.Prepayments = []contract.Flow{{Date: ps[2].End, Amount: d("10000")}}
		l.PrepaymentFee = d("0.015")
		l.CommitmentFee = d("0.01")
		l.Commitment = d("150000")
	})
	pe, err := tranche.NewPreferredEquity(tranche.PreferredEquity{Name: "pe", Parties: []tranche.PartyID{"pe"},
		Coupon: contract.Rate{Annual: d("0.1"), Compounding: contract.Quarterly}, CurrentPay: d("0.05"), Redemption: ps[3].End, Multiple: d("1.2")})
	require.NoError(t, err)
	stack := tranche.Sequence(debt, pe)
	h := newDriver(t, partiesOf("bank", "0", "pe", "0")...)
	for i, c := range []string{"0", "3000", "40000", "9000", "500000"} {
		var contrib map[tranche.PartyID]string
		if i == 0 {
			contrib = map[tranche.PartyID]string{"pe": "50000"}
		}
		require.NoError(t, h.b.Advance(ps[i]))
		for _, tr := range []tranche.Tranche{debt, pe} {
			trial := h.b.Clone()
			for p, a := range contrib {
				require.NoError(t, trial.Contribute(p, d(a)))
			}
			owed, err := tr.Owed(trial)
			require.NoError(t, err)
			got, err := tranche.PayChecked(trial, tr, owed.Amount)
			require.NoError(t, err)
			require.True(t, got.Equal(owed.Amount), "period %d %s: owed %s, paid %s", i, tr.ID(), owed.Amount, got)
		}
		h.advance(ps[i])
		for p, a := range contrib {
			h.put(p, a)
		}
		h.run(stack, c)
	}
}

// TestDebt_PrepayRounding: the principal of a prepayment is the largest
// whole amount x with x + fee(x) within the cash, fee(x) being x × 2%
// rounded to the cent. The loan is 5,000 at 0% drawn at the end of year 0
// (so nothing but the prepayment is due), with a voluntary prepayment in
// year 1. Each case gives the prepayment, the cash and, worked by hand,
// the principal and fee paid:
//   - 100.12 asked: fee 2.0024 → 2.00, so the claim is 102.12, and 102.12
//     must prepay all of it (102.12/1.02 = 100.1176 rounds down to 100.11,
//     which left a cent unpaid and a cent still owed);
//   - 500 asked, 25.01 offered: 24.52 + 0.4904 → 0.49 = 25.01 exactly,
//     while 25.01/1.02 = 24.5196 rounds down to 24.51 (+0.49 = 25.00);
//   - 1,500 asked, 1,082.47 offered: 1,061.24 + 21.2248 → 21.22 =
//     1,082.46, and the next cent, 1,061.25, brings a fee of 21.225 →
//     21.23, 1,082.48 in all: 1,082.47 cannot be paid exactly, so a cent
//     is left, as the Debt documentation says.
func TestDebt_PrepayRounding(t *testing.T) {
	cases := []struct {
		name                   string
		prepay, avail          string
		principal, fee, unpaid string
	}{
		{"claim with a fee rounded down", "100.12", "102.12", "100.12", "2.00", "0.00"},
		{"cash above cash/(1+fee) rounded down", "500", "25.01", "24.52", "0.49", "0.00"},
		{"cash on a skipped total", "1500", "1082.47", "1061.24", "21.22", "0.01"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			ps := annualPeriods(4)
			debt := bullet(t, ps, func(l *contract.Loan) {
				l.Commitment = d("5000")
				l.Draws = []contract.Flow{{Date: ps[0].End, Amount: d("5000")}}
				l.Rate = contract.Rate{Annual: decimal.Zero, DayCount: contract.Thirty360US}
				l.Prepayments = []contract.Flow{{Date: ps[1].End, Amount: d(c.prepay)}}
				l.PrepaymentFee = d("0.02")
			})
			h := newDriver(t, partiesOf("bank", "0")...)
			h.advance(ps[0]).run(debt, "0")
			require.NoError(t, h.b.Advance(ps[1]))
			paid, err := tranche.PayChecked(h.b, debt, d(c.avail))
			require.NoError(t, err)
			require.Equal(t, map[string]string{"principal": c.principal, "fee": c.fee}, byKind(h.b, 1, "senior"))
			requireDec(t, d(c.avail).Sub(d(c.unpaid)).String(), paid)
			if c.unpaid == "0.00" && c.prepay == c.principal {
				owed, err := debt.Owed(h.b)
				require.NoError(t, err)
				requireDec(t, "0", owed.Amount, "the prepayment is made in full")
			}
		})
	}
}

// TestDebt_PlanScale: a loan plan laid out in cents on a book in whole
// units is an error that says so, not a payment the book rejects.
func TestDebt_PlanScale(t *testing.T) {
	ps := annualPeriods(4)
	debt := bullet(t, ps, nil)
	b, err := tranche.NewBook(0, []tranche.Party{{ID: "bank"}})
	require.NoError(t, err)
	require.NoError(t, b.Advance(ps[0]))
	_, err = debt.Owed(b)
	require.ErrorIs(t, err, contract.ErrInvalid)
	require.ErrorContains(t, err, "loan plan at scale 2, book at scale 0")
	_, err = debt.Pay(b, d("100"))
	require.ErrorIs(t, err, contract.ErrInvalid)
}

// TestDebt_DefaultInterestHalfCent: the bullet loan is offered 11,999.25
// of its 12,000 interest in year 1, so 0.75 is in arrears when year 2
// opens. Default interest on it is 0.75 × (12% + 2%) over a 30/360 year =
// 0.105, an exact half cent: rounded half away from zero it is 0.11
// (banker's rounding would give 0.10, rounding to 10 cents 0.10). Year 2
// owes 0.75 + 0.11 + 12,000 = 12,000.86.
func TestDebt_DefaultInterestHalfCent(t *testing.T) {
	ps := annualPeriods(4)
	debt := bullet(t, ps, nil)
	h := newDriver(t, partiesOf("bank", "0")...)
	h.advance(ps[0]).run(debt, "0")
	h.advance(ps[1]).run(debt, "11999.25")
	h.advance(ps[2])
	requireDec(t, "12000.86", h.owed(debt).Amount)
}

// TestDebt_DefaultInterestOutOfRange: with continuous compounding and a
// default margin of 1,000 (the most a rate may be), arrears would grow at
// e^(1,000.12) over a year, beyond e^1,000 (contract.MaxLogGrowth). While
// nothing is in arrears the loan is paid as usual (no default interest is
// worked out); once interest is unpaid, opening the next period fails
// with contract.ErrRange.
func TestDebt_DefaultInterestOutOfRange(t *testing.T) {
	ps := annualPeriods(4)
	debt := bullet(t, ps, func(l *contract.Loan) {
		l.Rate.Compounding = contract.Continuous
		l.DefaultMargin = d("1000")
	})
	h := newDriver(t, partiesOf("bank", "0")...)
	h.advance(ps[0]).run(debt, "0")
	h.advance(ps[1]).run(debt, "0")
	require.NoError(t, h.b.Advance(ps[2]))
	_, err := debt.Owed(h.b)
	require.ErrorIs(t, err, contract.ErrRange)
	_, err = debt.Pay(h.b, d("1"))
	require.ErrorIs(t, err, contract.ErrRange)
}

// TestDebt_PrepaymentOwedHalfCent: a voluntary prepayment of 10,000.25 in
// year 2 with a 2% fee: 200.005, an exact half cent, is a fee of 200.01
// (half away from zero). Year 2 owes 12,000 of interest + 10,000.25 +
// 200.01 = 22,200.26.
func TestDebt_PrepaymentOwedHalfCent(t *testing.T) {
	ps := annualPeriods(6)
	debt := bullet(t, ps, func(l *contract.Loan) {
		l.Maturity = ps[5].End
		l.PrepaymentFee = d("0.02")
		l.Prepayments = []contract.Flow{{Date: ps[2].End, Amount: d("10000.25")}}
	})
	h := newDriver(t, partiesOf("bank", "0")...)
	h.advance(ps[0]).run(debt, "0")
	h.advance(ps[1]).run(debt, "12000")
	h.advance(ps[2])
	requireDec(t, "22200.26", h.owed(debt).Amount)
}

// straightLine is the bullet loan amortized straight-line over years 1–3:
// 33,333.33, 33,333.33 and 33,333.34 of principal, with 12% interest on
// the opening balance: 12,000; 66,666.67 × 12% = 8,000.0004 → 8,000.00;
// 33,333.34 × 12% = 4,000.0008 → 4,000.00.
func straightLine(l *contract.Loan) { l.Amortization = contract.StraightLine }

// TestDebt_ServiceAndOutstanding: in year 1 of the straight-line loan the
// scheduled service is 12,000 + 33,333.33 = 45,333.33, and the principal
// outstanding is the 66,666.67 not yet due plus the 33,333.33 due:
// 100,000. Offered 50,000.00 and paid exactly (not by the engine), it
// pays the interest (12,000 due before, 0 after) and the principal
// (100,000 outstanding before, 66,666.67 after): the service reads 50,000
// offered and 45,333.33 paid. At maturity (year 3) the 33,333.34 due then
// (the balloon) is left out of the scheduled 4,000.00.
func TestDebt_ServiceAndOutstanding(t *testing.T) {
	ps := annualPeriods(4)
	debt := bullet(t, ps, straightLine)
	h := newDriver(t, partiesOf("bank", "0")...)
	h.advance(ps[0]).run(debt, "0")
	h.advance(ps[1])
	out, err := debt.Outstanding(h.b)
	require.NoError(t, err)
	requireDec(t, "100000", out)
	lines, paid := h.pay(debt, "50000.00")
	requireDec(t, "45333.33", paid)
	if diff := cmp.Diff([]paidLine{
		pp("senior", "bank", tranche.KindInterest, "12000", "12000", "0"),
		pp("senior", "bank", tranche.KindPrincipal, "33333.33", "100000", "66666.67"),
	}, lines); diff != "" {
		t.Errorf("Pay() mismatch (-want +got):\n%s", diff)
	}
	s, err := debt.Service(h.b)
	require.NoError(t, err)
	requireDec(t, "45333.33", s.Scheduled)
	requireDec(t, "50000", s.Offered)
	requireDec(t, "45333.33", s.Paid)
	require.NoError(t, tranche.ClosePeriod(h.b, debt))
	h.advance(ps[2]).run(debt, "41333.33")
	h.advance(ps[3])
	s, err = debt.Service(h.b)
	require.NoError(t, err)
	requireDec(t, "4000", s.Scheduled)
}

// TestDebt_ShortPrincipalBeforeAfter: offered 22,000.01 in year 1, the
// straight-line loan pays the 12,000 of interest and 10,000.01 of the
// 33,333.33 of principal due: 100,000 outstanding before it, 89,999.99
// after, which is also what Outstanding then reads.
func TestDebt_ShortPrincipalBeforeAfter(t *testing.T) {
	ps := annualPeriods(4)
	debt := bullet(t, ps, straightLine)
	h := newDriver(t, partiesOf("bank", "0")...)
	h.advance(ps[0]).run(debt, "0")
	h.advance(ps[1])
	lines, _ := h.pay(debt, "22000.01")
	if diff := cmp.Diff([]paidLine{
		pp("senior", "bank", tranche.KindInterest, "12000", "12000", "0"),
		pp("senior", "bank", tranche.KindPrincipal, "10000.01", "100000", "89999.99"),
	}, lines); diff != "" {
		t.Errorf("Pay() mismatch (-want +got):\n%s", diff)
	}
	out, err := debt.Outstanding(h.b)
	require.NoError(t, err)
	requireDec(t, "89999.99", out)
}

// TestDebt_Repaid: a loan is repaid once every planned draw is made and
// nothing is owed. The bullet loan drawn at the end of year 1 is not
// repaid in year 0 (nothing owed yet, but the draw is still to come), nor
// in years 1–3 before its last payment; paid 112,000 at maturity (year 3:
// 12,000 of interest and the 100,000), it is, with exactly the 100,000
// planned drawn.
func TestDebt_Repaid(t *testing.T) {
	ps := annualPeriods(5)
	debt := bullet(t, ps, func(l *contract.Loan) {
		l.Draws = []contract.Flow{{Date: ps[1].End, Amount: d("100000")}}
	})
	h := newDriver(t, partiesOf("bank", "0")...)
	repaid := func() bool {
		ok, err := debt.Repaid(h.b)
		require.NoError(t, err)
		return ok
	}
	h.advance(ps[0])
	require.False(t, repaid(), "year 0, before the draw")
	h.run(debt, "0")
	h.advance(ps[1]).run(debt, "0")
	h.advance(ps[2]).run(debt, "12000")
	require.False(t, repaid(), "year 2")
	h.advance(ps[3])
	require.False(t, repaid(), "year 3, before paying")
	_, paid := h.pay(debt, "112000")
	requireDec(t, "112000", paid)
	require.True(t, repaid(), "year 3, paid")
}

// TestDebt_DefaultInterestAtZeroRate: a loan at 0% whose 100,000 of
// principal falls due at the end of 2025 and is not paid accrues default
// interest at the margin alone: 100,000 × 2% over 2026 (a year on
// 30/360) = 2,000.00; in 2027 on everything overdue, the 2,000 included:
// 102,000 × 2% = 2,040.00, and the 2,000 paid leaves 2,040.00 due.
func TestDebt_DefaultInterestAtZeroRate(t *testing.T) {
	ps := annualPeriods(4)
	debt := bullet(t, ps, func(l *contract.Loan) {
		l.Rate.Annual = decimal.Zero
		l.Maturity = ps[1].End
	})
	h := newDriver(t, partiesOf("bank", "0")...)
	h.advance(ps[0]).run(debt, "0")
	h.advance(ps[1]).run(debt, "0")
	h.advance(ps[2]).run(debt, "0")
	st, err := debt.State(h.b)
	require.NoError(t, err)
	require.Equal(t, "2000.00", st.InterestDue.StringFixed(2))
	require.Equal(t, "100000.00", st.Principal.StringFixed(2))
	h.advance(ps[3]).run(debt, "2000")
	st, err = debt.State(h.b)
	require.NoError(t, err)
	require.Equal(t, "2040.00", st.InterestDue.StringFixed(2), "2027's default interest on the 102,000 overdue, less the 2,000 paid")
}
