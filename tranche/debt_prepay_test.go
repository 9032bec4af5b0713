package tranche_test

import (
	"testing"

	"github.com/jvwaterfall/jvwaterfall/contract"
	"github.com/jvwaterfall/jvwaterfall/tranche"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"
)

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
			ps := years(t, 4)
			debt := bullet(t, ps, func(l *contract.Loan) {
				l.Commitment = d("5000")
				l.Draws = []contract.Flow{{Date: ps[0].End, Amount: d("5000")}}
				l.Rate = contract.Rate{Annual: decimal.Zero, DayCount: contract.Thirty360US}
				l.Prepayments = []contract.Flow{{Date: ps[1].End, Amount: d(c.prepay)}}
				l.PrepaymentFee = d("0.02")
			})
			h := newHarness(t, ps, "bank")
			h.step(t, debt, 0, "0", nil)
			require.NoError(t, h.book.Advance(ps[1]))
			paid, err := tranche.PayChecked(h.book, debt, d(c.avail))
			require.NoError(t, err)
			require.Equal(t, map[string]string{"principal": c.principal, "fee": c.fee}, byKind(h.book, 1, "senior"))
			requireDec(t, d(c.avail).Sub(d(c.unpaid)).String(), paid)
			if c.unpaid == "0.00" && c.prepay == c.principal {
				owed, err := debt.Owed(h.book)
				require.NoError(t, err)
				requireDec(t, "0", owed.Amount, "the prepayment is made in full")
			}
		})
	}
}

// TestDebt_PlanScale: a loan plan laid out in cents on a book in whole
// units is an error that says so, not a payment the book rejects.
func TestDebt_PlanScale(t *testing.T) {
	ps := years(t, 4)
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
