package tranche_test

import (
	"testing"

	"github.com/jvwaterfall/jvwaterfall/contract"
	"github.com/jvwaterfall/jvwaterfall/tranche"
	"github.com/stretchr/testify/require"
)

// TestCovenant_OwedWhileSweeping: in breach, a sweeping covenant owes what
// it would sweep with unlimited cash, and pays exactly that when offered
// it. The loan is TestCovenant_Sweep's (100,000 at 12%, bullet) with a 2%
// prepayment fee. In year 2 the loan takes its 12,000 of interest and the
// value falls to 120,000: LTV 100,000/120,000 = 83% > 75%, a breach. The
// sweep would prepay all 100,000 not yet due, with a fee of 2,000: the
// covenant owes 102,000 (it said 0, yet paid up to 102,000). Offered
// 8,000 it prepays the largest x with x + round(2% × x) ≤ 8,000: x =
// 7,843.14 (fee 156.8628 → 156.86, 8,000.00 in all; 7,843.15 would make
// 8,000.01).
func TestCovenant_OwedWhileSweeping(t *testing.T) {
	ps := years(t, 6)
	debt := bullet(t, ps, func(l *contract.Loan) {
		l.Maturity = ps[5].End
		l.PrepaymentFee = d("0.02")
	})
	cov, err := tranche.NewCovenant(tranche.Covenant{
		Name: "ltv", Loan: debt, Junior: equity(t), MaxLTV: d("0.75"), Action: tranche.SweepCash,
		Values: []contract.Flow{{Date: ps[0].End, Amount: d("200000")}, {Date: ps[2].End, Amount: d("120000")}},
	})
	require.NoError(t, err)
	trap := *cov
	trap.Action = tranche.TrapCash
	stack := tranche.Sequence(debt, cov)
	h := newHarness(t, ps, "bank", "sponsor")
	h.step(t, stack, 0, "0", nil)
	h.step(t, stack, 1, "20000", nil)
	require.NoError(t, h.book.Advance(ps[2]))
	paid, err := tranche.PayChecked(h.book, debt, d("20000"))
	require.NoError(t, err)
	requireDec(t, "12000", paid)

	owed, err := cov.Owed(h.book)
	require.NoError(t, err)
	requireDec(t, "102000", owed.Amount)
	trapOwed, err := trap.Owed(h.book)
	require.NoError(t, err)
	requireDec(t, "0", trapOwed.Amount, "a trap in breach pays nothing")

	t.Run("offered its claim", func(t *testing.T) {
		b := h.book.Clone()
		paid, err := tranche.PayChecked(b, cov, d("102000"))
		require.NoError(t, err)
		requireDec(t, "102000", paid)
		require.Equal(t, map[string]string{"interest": "12000.00", "principal": "100000.00", "fee": "2000.00"}, byKind(b, 2, "senior"))
		after, err := cov.Owed(b)
		require.NoError(t, err)
		requireDec(t, "0", after.Amount)
	})
	t.Run("offered less", func(t *testing.T) {
		b := h.book.Clone()
		paid, err := tranche.PayChecked(b, cov, d("8000"))
		require.NoError(t, err)
		requireDec(t, "8000", paid)
		require.Equal(t, map[string]string{"interest": "12000.00", "principal": "7843.14", "fee": "156.86"}, byKind(b, 2, "senior"))
	})
}

// TestSequence_OwedWithCovenant: a sequence's Owed tries its children with
// unlimited cash, so a DSCR covenant behind its loan sees the cash that
// unlimited cash would offer the loan. The loan is TestCovenant_Trap's
// (100,000 at 12%, 12,000 of interest a year, DSCR at least 1.20), and
// behind the covenant the sponsor's 50,000 of capital is returned. In year
// 1 the stack owes 12,000 + 50,000 = 62,000, and offered that pays it
// (DSCR 62,000/12,000 = 5.17). Trying the loan with only its claim made
// DSCR 12,000/12,000 = 1.00, a breach, so the stack said it owed 12,000
// and then paid 62,000.
func TestSequence_OwedWithCovenant(t *testing.T) {
	ps := years(t, 6)
	debt := bullet(t, ps, func(l *contract.Loan) { l.Maturity = ps[5].End })
	equity := must(tranche.NewReturnOfCapital(tranche.ReturnOfCapital{Name: "equity", Parties: []tranche.PartyID{"sponsor"}}))
	cov, err := tranche.NewCovenant(tranche.Covenant{Name: "dscr", Loan: debt, Junior: equity, MinDSCR: d("1.20")})
	require.NoError(t, err)
	stack := tranche.Sequence(debt, cov)
	h := newHarness(t, ps, "bank", "sponsor")
	h.step(t, stack, 0, "0", map[tranche.PartyID]string{"sponsor": "50000"})
	require.NoError(t, h.book.Advance(ps[1]))
	owed, err := stack.Owed(h.book)
	require.NoError(t, err)
	requireDec(t, "62000", owed.Amount)
	paid, err := tranche.PayChecked(h.book, stack, owed.Amount)
	require.NoError(t, err)
	requireDec(t, "62000", paid)
	require.Equal(t, map[string]string{"interest": "12000.00"}, byKind(h.book, 1, "senior"))
	require.Equal(t, map[string]string{"capital": "50000.00"}, byKind(h.book, 1, "equity"))
}
