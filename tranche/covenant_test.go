package tranche_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/jvwaterfall/jvwaterfall/contract"
	"github.com/jvwaterfall/jvwaterfall/tranche"
	"github.com/stretchr/testify/require"
)

// equity is a residual split to the sponsor, standing in for the common
// equity in covenant and reserve tests.
func equity(t testing.TB) tranche.Tranche {
	s, err := tranche.NewSplit(tranche.Split{
		Name:   "equity",
		Shares: []tranche.Share{{Parties: []tranche.PartyID{"sponsor"}, Weight: d("1")}},
	})
	require.NoError(t, err)
	return s
}

// TestCovenant_Trap: DSCR at least 1.20, cured after 2 passing periods.
// Interest-only debt service is 12,000 a year.
func TestCovenant_Trap(t *testing.T) {
	ps := annualPeriods(6)
	debt := bullet(t, ps, func(l *contract.Loan) { l.Maturity = ps[5].End })
	cov, err := tranche.NewCovenant(tranche.Covenant{Name: "dscr", Loan: debt, Junior: equity(t), MinDSCR: d("1.20"), CurePeriods: 2})
	require.NoError(t, err)
	stack := tranche.Sequence(debt, cov)
	h := newDriver(t, partiesOf("bank", "0", "sponsor", "0")...)
	cash := []string{"0", "20000", "13000", "20000", "20000", "120000"}
	// period: equity paid, held at the end
	want := [][2]string{
		{"0.00", "0.00"},
		{"8000.00", "0.00"},  // DSCR 20,000/12,000 = 1.67
		{"0.00", "1000.00"},  // DSCR 13,000/12,000 = 1.08: breach, 1,000 trapped
		{"0.00", "9000.00"},  // CFADS 21,000 − 1,000 held = 20,000: 1st pass; 8,000 more trapped
		{"17000.00", "0.00"}, // 2nd pass: cured; 29,000 − 12,000 released to equity
		{"8000.00", "0.00"},  // maturity: 112,000 to the bank
	}
	for i, c := range cash {
		h.advance(ps[i]).run(stack, c)
		eq := byKind(h.b, i, "equity")["profit"]
		if eq == "" {
			eq = "0.00"
		}
		require.Equal(t, want[i], [2]string{eq, h.b.Held(i).StringFixed(2)}, "period %d", i)
	}
	require.Equal(t, []string{"2 covenant-breach", "2 cash-trapped", "3 cash-trapped", "4 covenant-cured"}, events(h.b))
	require.True(t, h.retained.IsZero())
}

// TestCovenant_Sweep: LTV at most 75% against a value that falls from
// 200,000 to 120,000 in year 2; a breach sweeps cash to principal.
func TestCovenant_Sweep(t *testing.T) {
	ps := annualPeriods(6)
	debt := bullet(t, ps, func(l *contract.Loan) { l.Maturity = ps[5].End })
	cov, err := tranche.NewCovenant(tranche.Covenant{
		Name: "ltv", Loan: debt, Junior: equity(t), MaxLTV: d("0.75"), Action: tranche.SweepCash,
		Values: []contract.Flow{{Date: ps[0].End, Amount: d("200000")}, {Date: ps[2].End, Amount: d("120000")}},
	})
	require.NoError(t, err)
	stack := tranche.Sequence(debt, cov)
	h := newDriver(t, partiesOf("bank", "0", "sponsor", "0")...)
	cash := []string{"0", "20000", "20000", "20000", "20000", "100000"}
	want := []map[string]string{
		{},
		{"interest": "12000.00"},
		// LTV 100,000/120,000 = 83%: 8,000 swept
		{"interest": "12000.00", "principal": "8000.00"},
		// 92,000 × 12% = 11,040; LTV 92,000/120,000 = 77%: 8,960 swept
		{"interest": "11040.00", "principal": "8960.00"},
		// 83,040 × 12% = 9,964.80; LTV 69%: cured, equity gets 10,035.20
		{"interest": "9964.80"},
		{"interest": "9964.80", "principal": "83040.00"},
	}
	for i, c := range cash {
		h.advance(ps[i]).run(stack, c)
		if diff := cmp.Diff(want[i], byKind(h.b, i, "senior")); diff != "" {
			t.Errorf("period %d mismatch (-want +got):\n%s", i, diff)
		}
	}
	require.Equal(t, "10035.20", byKind(h.b, 4, "equity")["profit"])
	require.Equal(t, []string{"2 covenant-breach", "2 cash-swept", "3 cash-swept", "4 covenant-cured"}, events(h.b))
}

func TestCovenant_Validate(t *testing.T) {
	_, err := tranche.NewCovenant(tranche.Covenant{Name: "c", MaxLTV: d("0.7"), CurePeriods: -1})
	require.ErrorIs(t, err, contract.ErrInvalid)
	for _, p := range []string{"loan", "junior", "values", "cure_periods"} {
		require.ErrorContains(t, err, p+":")
	}
	_, err = tranche.NewReserve(tranche.Reserve{Name: "r", Periods: -1})
	for _, p := range []string{"junior", "periods"} {
		require.ErrorContains(t, err, p+":")
	}
}

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
	ps := annualPeriods(6)
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
	h := newDriver(t, partiesOf("bank", "0", "sponsor", "0")...)
	h.advance(ps[0]).run(stack, "0")
	h.advance(ps[1]).run(stack, "20000")
	require.NoError(t, h.b.Advance(ps[2]))
	paid, err := tranche.PayChecked(h.b, debt, d("20000"))
	require.NoError(t, err)
	requireDec(t, "12000", paid)

	owed, err := cov.Owed(h.b)
	require.NoError(t, err)
	requireDec(t, "102000", owed.Amount)
	trapOwed, err := trap.Owed(h.b)
	require.NoError(t, err)
	requireDec(t, "0", trapOwed.Amount, "a trap in breach pays nothing")

	t.Run("offered its claim", func(t *testing.T) {
		b := h.b.Clone()
		paid, err := tranche.PayChecked(b, cov, d("102000"))
		require.NoError(t, err)
		requireDec(t, "102000", paid)
		require.Equal(t, map[string]string{"interest": "12000.00", "principal": "100000.00", "fee": "2000.00"}, byKind(b, 2, "senior"))
		after, err := cov.Owed(b)
		require.NoError(t, err)
		requireDec(t, "0", after.Amount)
	})
	t.Run("offered less", func(t *testing.T) {
		b := h.b.Clone()
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
	ps := annualPeriods(6)
	debt := bullet(t, ps, func(l *contract.Loan) { l.Maturity = ps[5].End })
	equity := tranche.Must(tranche.NewReturnOfCapital(tranche.ReturnOfCapital{Name: "equity", Parties: []tranche.PartyID{"sponsor"}}))
	cov, err := tranche.NewCovenant(tranche.Covenant{Name: "dscr", Loan: debt, Junior: equity, MinDSCR: d("1.20")})
	require.NoError(t, err)
	stack := tranche.Sequence(debt, cov)
	h := newDriver(t, partiesOf("bank", "0", "sponsor", "0")...)
	h.advance(ps[0]).put("sponsor", "50000").run(stack, "0")
	require.NoError(t, h.b.Advance(ps[1]))
	owed, err := stack.Owed(h.b)
	require.NoError(t, err)
	requireDec(t, "62000", owed.Amount)
	paid, err := tranche.PayChecked(h.b, stack, owed.Amount)
	require.NoError(t, err)
	requireDec(t, "62000", paid)
	require.Equal(t, map[string]string{"interest": "12000.00"}, byKind(h.b, 1, "senior"))
	require.Equal(t, map[string]string{"capital": "50000.00"}, byKind(h.b, 1, "equity"))
}

// TestCovenant_UpfrontFeeIsNotDebtService: the bullet loan of 100,000 at 12%
// carries a 2% upfront fee, due in the period of the draw (year 0), where it
// is the loan's only scheduled payment. The fee is a cost of closing, paid
// from the draw, so year 0 schedules no debt service and the 1.20x DSCR is
// not tested: no breach, although only 2,000 of cash is offered. From year
// 1, debt service is the 12,000 of interest: 20,000 offered gives 1.67x.
func TestCovenant_UpfrontFeeIsNotDebtService(t *testing.T) {
	ps := annualPeriods(4)
	debt := bullet(t, ps, func(l *contract.Loan) { l.UpfrontFee = d("0.02") })
	cov, err := tranche.NewCovenant(tranche.Covenant{Name: "dscr", Loan: debt, Junior: equity(t), MinDSCR: d("1.20"), CurePeriods: 1})
	require.NoError(t, err)
	stack := tranche.Sequence(debt, cov)
	h := newDriver(t, partiesOf("bank", "0", "sponsor", "0")...)
	h.advance(ps[0]).run(stack, "2000")
	require.Equal(t, map[string]string{"fee": "2000.00"}, byKind(h.b, 0, "senior"))
	svc, err := debt.Service(h.b)
	require.NoError(t, err)
	require.True(t, svc.Scheduled.IsZero(), "year 0 scheduled %s", svc.Scheduled)
	h.advance(ps[1]).run(stack, "20000")
	require.Empty(t, events(h.b))
	require.Equal(t, "8000.00", byKind(h.b, 1, "equity")["profit"])
}
