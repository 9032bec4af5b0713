package tranche_test

import (
	"testing"

	"github.com/jvwaterfall/jvwaterfall/contract"

	"github.com/jvwaterfall/jvwaterfall/tranche"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"
)

// TestReserve_Pay: a DSRA sized to the next period's debt service (12,000
// of interest; never the balloon) is funded, drawn and released.
func TestReserve_Pay(t *testing.T) {
	ps := annualPeriods(4)
	debt := bullet(t, ps, nil)
	dsra, err := tranche.NewReserve(tranche.Reserve{Name: "dsra", Loans: []tranche.Borrowing{debt}, Periods: 1, Junior: equity(t)})
	require.NoError(t, err)
	stack := tranche.Sequence(debt, dsra)
	h := newDriver(t, partiesOf("bank", "0", "sponsor", "0")...)
	cash := []string{"0", "30000", "5000", "120000"}
	// period: bank, equity, held
	want := [][3]string{
		{"0.00", "0.00", "0.00"},
		{"12000.00", "6000.00", "12000.00"}, // funded to 12,000
		{"12000.00", "0.00", "5000.00"},     // interest paid from the reserve; 5,000 refills it
		{"112000.00", "13000.00", "0.00"},   // repaid: the reserve is released
	}
	for i, c := range cash {
		h.advance(ps[i]).run(stack, c)
		bank := decimal.Zero
		for _, v := range byKind(h.b, i, "senior") {
			bank = bank.Add(d(v))
		}
		eq := byKind(h.b, i, "equity")["profit"]
		if eq == "" {
			eq = "0.00"
		}
		require.Equal(t, want[i], [3]string{bank.StringFixed(2), eq, h.b.Held(i).StringFixed(2)}, "period %d", i)
	}
}

// TestReserve_TargetHalfCent: the target is the loans' projected service
// plus Amount while a loan has principal outstanding, rounded up to the
// cent. With Amount 100.005 and one period of the bullet loan's service
// (12,000 of interest a year, drawn at the end of year 0, repaid in
// year 3 of 6), read before each year's payment: years 0–2 hold 12,000 +
// 100.005 → 12,100.01; year 3 (the 100,000 still owed, nothing scheduled
// after it) 100.005 → 100.01; year 4, the loan repaid, nothing (the
// Amount is held only while a loan is outstanding); year 5, the last,
// nothing. A reserve of no loans holds its Amount, 100.005 → 100.01.
func TestReserve_TargetHalfCent(t *testing.T) {
	ps := annualPeriods(6)
	debt := bullet(t, ps, nil)
	dsra := tranche.Must(tranche.NewReserve(tranche.Reserve{Name: "dsra", Loans: []tranche.Borrowing{debt}, Periods: 1,
		Amount: d("100.005"), Junior: equity(t)}))
	fixed := tranche.Must(tranche.NewReserve(tranche.Reserve{Name: "fixed", Amount: d("100.005"), Junior: equity(t)}))
	h := newDriver(t, partiesOf("bank", "0", "sponsor", "0")...)
	h.b.SetSchedule(len(ps))
	want := []struct{ dsra, fixed string }{{"12100.01", "100.01"}, {"12100.01", "100.01"}, {"12100.01", "100.01"},
		{"100.01", "100.01"}, {"0", "100.01"}, {"0", "0"}}
	for i, w := range want {
		h.advance(ps[i])
		got, err := dsra.Target(h.b)
		require.NoError(t, err)
		requireDec(t, w.dsra, got, "period %d", i)
		got, err = fixed.Target(h.b)
		require.NoError(t, err)
		requireDec(t, w.fixed, got, "period %d", i)
		h.run(debt, "1000000")
	}
}

// TestReserve_ValidateTarget: a reserve needs a target: an Amount, or
// loans and a number of periods; neither may be negative. Zero periods
// with an Amount is valid.
func TestReserve_ValidateTarget(t *testing.T) {
	ps := annualPeriods(4)
	debt := bullet(t, ps, nil)
	for _, c := range []struct {
		name string
		r    tranche.Reserve
		want []string
	}{
		{"amount only", tranche.Reserve{Amount: d("100")}, nil},
		{"negative periods", tranche.Reserve{Amount: d("100"), Periods: -1}, []string{"periods"}},
		{"negative amount", tranche.Reserve{Amount: d("-1"), Periods: 1, Loans: []tranche.Borrowing{debt}}, []string{"amount"}},
		{"periods, no loans", tranche.Reserve{Periods: 2}, []string{"periods"}},
		{"loans, no periods", tranche.Reserve{Loans: []tranche.Borrowing{debt}}, []string{"periods"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			c.r.Name, c.r.Junior = "dsra", equity(t)
			err := c.r.Validate()
			require.Equal(t, c.want, paths(err), "%v", err)
		})
	}
}

// TestReserveAndTakeOrPay_NilBook: offered cash with no book, a reserve and a
// take-or-pay return contract.ErrRequired, not a panic or another error.
func TestReserveAndTakeOrPay_NilBook(t *testing.T) {
	dsra := tranche.Must(tranche.NewReserve(tranche.Reserve{Name: "dsra", Amount: d("100"), Junior: equity(t)}))
	_, err := dsra.Pay(nil, d("1"))
	require.ErrorIs(t, err, contract.ErrRequired)
	terms, ps := topTerms()
	top := tranche.Must(tranche.NewTakeOrPay(tranche.TakeOrPay{Name: "offtake", Seller: "utility", Terms: terms,
		Usage: qty("50", "120", "100"), Periods: ps, Scale: 2}))
	_, err = top.Pay(nil, d("1"))
	require.ErrorIs(t, err, contract.ErrRequired)
}

// TestReserve_UnitsErrors: offered through PayChecked, as the
// combinators offer it, a reserve fails as its decimal Pay does: offered
// beyond int64 minor units (the decimal way), with the error of a junior
// loan whose plan is at another scale than the book; and, written as a
// literal with a negative amount (which NewReserve refuses), holding a
// negative target, with the book's refusal. Both hold what they held
// before the junior failed, the 10, and nothing negative.
func TestReserve_UnitsErrors(t *testing.T) {
	ps := annualPeriods(4)
	l := contract.Loan{Commitment: d("1000"), Draws: []contract.Flow{{Date: ps[0].End, Amount: d("1000")}},
		Rate: contract.Rate{Annual: d("0.1")}, Maturity: ps[3].End}
	whole, err := l.Plan(ps, 0)
	require.NoError(t, err)
	loan := &tranche.Debt{Name: "loan", Lender: "bank", Plan: whole}
	dsra := tranche.Must(tranche.NewReserve(tranche.Reserve{Name: "dsra", Amount: d("10"), Junior: loan}))
	negative := &tranche.Reserve{Name: "dsra", Amount: d("-5"), Junior: equity(t)}
	b, err := tranche.NewBook(2, partiesOf("bank", "0", "sponsor", "0"))
	require.NoError(t, err)
	require.NoError(t, b.Advance(ps[0]))
	for _, pay := range []func(tranche.Tranche, decimal.Decimal) (decimal.Decimal, error){
		func(r tranche.Tranche, x decimal.Decimal) (decimal.Decimal, error) { return r.Pay(b, x) },
		func(r tranche.Tranche, x decimal.Decimal) (decimal.Decimal, error) {
			return tranche.PayChecked(b, r, x)
		},
	} {
		_, err := pay(dsra, decimal.New(1, 21))
		require.ErrorIs(t, err, contract.ErrInvalid)
		require.ErrorContains(t, err, "loan plan at scale 0, book at scale 2")
		_, err = pay(negative, d("10"))
		require.ErrorIs(t, err, tranche.ErrInvariant)
		require.ErrorContains(t, err, "negative amount -5")
	}
	require.Len(t, b.Holdings(), 2, "the 10 held before the junior failed, each way; nothing of the negative target")
}
