package tranche_test

import (
	"testing"

	"github.com/jvwaterfall/jvwaterfall/contract"
	"github.com/jvwaterfall/jvwaterfall/tranche"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"
)

// TestDebt_Projected: the bullet loan (100,000 at 12% on 30/360, drawn at
// the end of year 0) pays 12,000 of interest a year. Projected sums the
// next n years' fees, interest and principal, without the principal due
// at maturity, and stops at the plan's last period:
//   - maturity in year 3, from year 0: 1 year 12,000; 2 years 24,000; 3
//     years 36,000 (the 100,000 at maturity left out); 9 years still
//     36,000 (years 4 and 5 owe nothing);
//   - maturity in year 5, the last period, from year 0: 5 years 60,000;
//     from year 4: 12,000; from year 5, the last: 0;
//   - straight-line amortization over years 1–3 (33,333.33, 33,333.33,
//     then 33,333.34 at maturity): from year 0, 2 years = 12,000 +
//     33,333.33 + (66,666.67 × 12% = 8,000.0004 → 8,000.00) + 33,333.33 =
//     86,666.66; 3 years adds 33,333.34 × 12% = 4,000.0008 → 4,000.00 of
//     interest and leaves out the principal due at maturity: 90,666.66.
func TestDebt_Projected(t *testing.T) {
	ps := annualPeriods(6)
	for _, tc := range []struct {
		name string
		edit func(*contract.Loan)
		from int
		n    int
		want string
	}{
		{"1 year", nil, 0, 1, "12000"},
		{"2 years", nil, 0, 2, "24000"},
		{"to maturity", nil, 0, 3, "36000"},
		{"past the plan", nil, 0, 9, "36000"},
		{"maturity last", func(l *contract.Loan) { l.Maturity = ps[5].End }, 0, 5, "60000"},
		{"maturity last, from year 4", func(l *contract.Loan) { l.Maturity = ps[5].End }, 4, 3, "12000"},
		{"from the last period", func(l *contract.Loan) { l.Maturity = ps[5].End }, 5, 3, "0"},
		{"straight line, 2 years", func(l *contract.Loan) { l.Amortization = contract.StraightLine }, 0, 2, "86666.66"},
		{"straight line, 3 years", func(l *contract.Loan) { l.Amortization = contract.StraightLine }, 0, 3, "90666.66"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			debt := bullet(t, ps, tc.edit)
			h := newDriver(t, partiesOf("bank", "0")...)
			for i := 0; i <= tc.from; i++ {
				h.advance(ps[i]).run(debt, "1000000")
			}
			got, err := debt.Projected(h.b, tc.n)
			require.NoError(t, err)
			requireDec(t, tc.want, got)
		})
	}
}

// TestDebt_PartialPrepayment: the bullet loan asks for a voluntary
// prepayment of 10,000 in year 2, with a 2% fee: year 2 owes 12,000 of
// interest + 10,000 + 200 = 22,200. Offered 15,333.33, it pays the
// interest, then the largest principal x with x + round(2% × x) ≤
// 3,333.33: 3,333.33/1.02 = 3,267.9706 → x = 3,267.97, fee 65.3594 →
// 65.36, 3,333.33 in all (x = 3,267.98 would make 3,333.34). The unpaid
// 6,732.03 stays asked for in the period: the loan owes 6,732.03 + 134.64
// (2% of it, 134.6406) = 6,866.67. At the period's end the rest lapses: no
// default, and year 3's interest is 12% of 100,000 − 3,267.97 = 96,732.03:
// 11,607.8436 → 11,607.84.
func TestDebt_PartialPrepayment(t *testing.T) {
	ps := annualPeriods(6)
	debt := bullet(t, ps, func(l *contract.Loan) {
		l.Maturity = ps[5].End
		l.PrepaymentFee = d("0.02")
		l.Prepayments = []contract.Flow{{Date: ps[2].End, Amount: d("10000")}}
	})
	h := newDriver(t, partiesOf("bank", "0")...)
	h.advance(ps[0]).run(debt, "0")
	h.advance(ps[1]).run(debt, "12000")
	h.advance(ps[2])
	requireDec(t, "22200", h.owed(debt).Amount)
	lines, paid := h.pay(debt, "15333.33")
	requireDec(t, "15333.33", paid)
	require.Equal(t, map[string]string{"interest": "12000.00", "principal": "3267.97", "fee": "65.36"}, byKind(h.b, 2, "senior"))
	require.Len(t, lines, 3)
	requireDec(t, "100000", lines[1].Before)
	requireDec(t, "96732.03", lines[1].After)
	requireDec(t, "6866.67", h.owed(debt).Amount)
	require.NoError(t, tranche.ClosePeriod(h.b, debt))
	require.Empty(t, events(h.b))
	st, err := debt.State(h.b)
	require.NoError(t, err)
	requireDec(t, "0", st.Prepayment)
	h.advance(ps[3])
	requireDec(t, "11607.84", h.owed(debt).Amount)
	out, err := debt.Outstanding(h.b)
	require.NoError(t, err)
	requireDec(t, "96732.03", out)
}

// TestDebt_PIKOnShortfallAfterLateDraw: a loan drawn at the end of year 2
// (not in the first period) with PIK on shortfall: 100,000.05 at 12%
// owes 12,000.006 → 12,000.01 of interest in year 3. Offered 5,000.00,
// the 7,000.01 unpaid is capitalised at the period's end (an
// interest-capitalised event, no default): the balance is 107,000.06 and
// year 4 owes 12% of it, 12,840.0072 → 12,840.01.
func TestDebt_PIKOnShortfallAfterLateDraw(t *testing.T) {
	ps := annualPeriods(6)
	debt := bullet(t, ps, func(l *contract.Loan) {
		l.Commitment = d("100000.05")
		l.Draws = []contract.Flow{{Date: ps[2].End, Amount: d("100000.05")}}
		l.Maturity = ps[5].End
		l.PIKOnShortfall = true
	})
	h := newDriver(t, partiesOf("bank", "0")...)
	for i := range 3 {
		h.advance(ps[i]).run(debt, "0")
	}
	require.Empty(t, events(h.b))
	h.advance(ps[3])
	requireDec(t, "12000.01", h.owed(debt).Amount)
	h.run(debt, "5000.00")
	require.Equal(t, []string{"3 interest-capitalised"}, events(h.b))
	h.advance(ps[4])
	out, err := debt.Outstanding(h.b)
	require.NoError(t, err)
	requireDec(t, "107000.06", out)
	requireDec(t, "12840.01", h.owed(debt).Amount)
}

// TestDebt_PrepayBruteForce: a sweep of cash c prepays the largest
// principal x, at most the balance, with x + fee(x) ≤ c, where fee(x) is x
// × PrepaymentFee rounded half away from zero to the cent. The expected x
// is found by trying every x in cents (integer arithmetic, no decimal),
// for loans of 3.00 with fees of 2%, 1.25% and 3.5% and every cash amount
// from 0.00 to 3.20: exact half cents of fee, totals the rounded fee
// skips, and cash above what repays the whole balance.
func TestDebt_PrepayBruteForce(t *testing.T) {
	ps := annualPeriods(4)
	const balance = 300 // cents
	for _, fee := range []struct {
		rate     string
		num, den int64 // the fee as a fraction
	}{{"0.02", 2, 100}, {"0.0125", 125, 10000}, {"0.035", 35, 1000}} {
		debt := bullet(t, ps, func(l *contract.Loan) {
			l.Commitment = d("3.00")
			l.Draws = []contract.Flow{{Date: ps[0].End, Amount: d("3.00")}}
			l.PrepaymentFee = d(fee.rate)
		})
		feeOf := func(x int64) int64 { return (2*x*fee.num + fee.den) / (2 * fee.den) } // half up, x ≥ 0
		for c := int64(0); c <= 320; c++ {
			want := int64(0)
			for x := int64(0); x <= balance; x++ {
				if x+feeOf(x) <= c {
					want = x
				}
			}
			h := newDriver(t, partiesOf("bank", "0")...)
			h.advance(ps[0]).run(debt, "0")
			h.advance(ps[1])
			got, err := debt.Prepay(h.b, decimal.New(c, -2))
			require.NoError(t, err)
			requireDec(t, decimal.New(want+feeOf(want), -2).String(), got, "fee %s, cash %d cents", fee.rate, c)
			out, err := debt.Outstanding(h.b)
			require.NoError(t, err)
			requireDec(t, decimal.New(balance-want, -2).String(), out, "fee %s, cash %d cents", fee.rate, c)
		}
	}
}

// TestDebt_SweepService: a sweep (Prepay) of 1,020.00 on the bullet loan
// in year 1, with a 2% fee, repays 1,000.00 of principal and 20.00 of fee:
// the loan's service then reads 1,020.00 offered and 1,020.00 paid, and a
// second sweep of 510.00 (500.00 + 10.00) makes them 1,530.00 each.
func TestDebt_SweepService(t *testing.T) {
	ps := annualPeriods(4)
	debt := bullet(t, ps, func(l *contract.Loan) { l.PrepaymentFee = d("0.02") })
	h := newDriver(t, partiesOf("bank", "0")...)
	h.advance(ps[0]).run(debt, "0")
	h.advance(ps[1])
	for _, sweep := range []struct{ cash, total string }{{"1020.00", "1020.00"}, {"510.00", "1530.00"}} {
		got, err := debt.Prepay(h.b, d(sweep.cash))
		require.NoError(t, err)
		requireDec(t, sweep.cash, got)
		s, err := debt.Service(h.b)
		require.NoError(t, err)
		requireDec(t, sweep.total, s.Offered)
		requireDec(t, sweep.total, s.Paid)
	}
	out, err := debt.Outstanding(h.b)
	require.NoError(t, err)
	requireDec(t, "98500", out)
}

// TestDebt_ProjectedFees: a loan of 100,000 drawn at the end of year 2,
// with a 1% upfront fee (1,000, due in the draw's period) and a 0.5%
// commitment fee on the undrawn 100,000 (500 a 30/360 year, up to the
// draw), projected from year 0 over 2 years: year 1 owes 500, year 2
// 1,000 + 500 (no interest before the draw): 2,000.
func TestDebt_ProjectedFees(t *testing.T) {
	ps := annualPeriods(6)
	debt := bullet(t, ps, func(l *contract.Loan) {
		l.Draws = []contract.Flow{{Date: ps[2].End, Amount: d("100000")}}
		l.Maturity = ps[5].End
		l.UpfrontFee = d("0.01")
		l.CommitmentFee = d("0.005")
	})
	h := newDriver(t, partiesOf("bank", "0")...)
	h.advance(ps[0])
	got, err := debt.Projected(h.b, 2)
	require.NoError(t, err)
	requireDec(t, "2000", got)
}
