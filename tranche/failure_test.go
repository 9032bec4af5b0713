package tranche_test

import (
	"errors"
	"testing"

	"github.com/jvwaterfall/jvwaterfall/contract"
	"github.com/jvwaterfall/jvwaterfall/tranche"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"
)

var errBoom = errors.New("boom")

// faulty is a tranche, and a loan, that fails in the method named by
// fail and otherwise owes and pays nothing (a tranche failing in Pay
// owes 50, so that every parent offers it cash): a child whose error every
// parent must pass on, never swallow.
type faulty struct {
	name tranche.TrancheID
	fail string // "owed", "pay", "outstanding", "service", "projected", "prepay", "repaid"
}

func (f faulty) err(m string) error {
	if f.fail == m {
		return errBoom
	}
	return nil
}

func (f faulty) ID() tranche.TrancheID { return f.name }
func (f faulty) Owed(*tranche.Book) (tranche.Claim, error) {
	if f.fail == "pay" {
		return tranche.Claim{Amount: decimal.NewFromInt(50)}, nil // so that it is offered cash
	}
	return tranche.Claim{Amount: decimal.Zero}, f.err("owed")
}
func (f faulty) Pay(*tranche.Book, decimal.Decimal) (decimal.Decimal, error) {
	return decimal.Zero, f.err("pay")
}
func (f faulty) Outstanding(*tranche.Book) (decimal.Decimal, error) {
	return decimal.NewFromInt(100), f.err("outstanding")
}
func (f faulty) Service(*tranche.Book) (tranche.DebtService, error) {
	z := decimal.Zero
	return tranche.DebtService{Scheduled: decimal.NewFromInt(10), Offered: z, Paid: z}, f.err("service")
}
func (f faulty) Projected(*tranche.Book, int) (decimal.Decimal, error) {
	return decimal.NewFromInt(10), f.err("projected")
}
func (f faulty) Prepay(*tranche.Book, decimal.Decimal) (decimal.Decimal, error) {
	return decimal.Zero, f.err("prepay")
}
func (f faulty) Repaid(*tranche.Book) (bool, error) { return false, f.err("repaid") }

// TestCombinators_PassOnChildErrors: a child that fails in Owed or Pay
// makes every combinator and gate fail with its error (errors.Is), in
// Owed, in Pay and in closing the period, whatever stands before it.
func TestCombinators_PassOnChildErrors(t *testing.T) {
	ps := annualPeriods(4)
	from, to := ps[0].Start, ps[3].End
	ok := tranche.Must(tranche.NewReturnOfCapital(tranche.ReturnOfCapital{Name: "capital", Parties: ids("sponsor")}))
	wrappers := map[string]func(child tranche.Tranche) tranche.Tranche{
		"sequence, child last":  func(c tranche.Tranche) tranche.Tranche { return tranche.Sequence(ok, c) },
		"sequence, child first": func(c tranche.Tranche) tranche.Tranche { return tranche.Sequence(c, ok) },
		"pro rata":              func(c tranche.Tranche) tranche.Tranche { return tranche.ProRata(ok, c) },
		"cap":                   func(c tranche.Tranche) tranche.Tranche { return tranche.Cap(d("1000"), c) },
		"window":                func(c tranche.Tranche) tranche.Tranche { return tranche.Window(from, to, c) },
		"sequence in pro rata": func(c tranche.Tranche) tranche.Tranche {
			return tranche.ProRata(tranche.Sequence(ok, c), ok)
		},
		"reserve": func(c tranche.Tranche) tranche.Tranche {
			debt := bullet(t, ps, nil)
			return tranche.Sequence(debt, tranche.Must(tranche.NewReserve(tranche.Reserve{Name: "dsra", Loans: []tranche.Borrowing{debt}, Periods: 1, Junior: c})))
		},
		"covenant": func(c tranche.Tranche) tranche.Tranche {
			debt := bullet(t, ps, nil)
			return tranche.Sequence(debt, tranche.Must(tranche.NewCovenant(tranche.Covenant{Name: "cov", Loan: debt, Junior: c, MinDSCR: d("1.1")})))
		},
	}
	for name, wrap := range wrappers {
		t.Run(name, func(t *testing.T) {
			for _, fail := range []string{"owed", "pay"} {
				h := newDriver(t, partiesOf("bank", "0", "sponsor", "0")...)
				h.advance(ps[0]).put("sponsor", "500")
				require.NoError(t, h.b.Advance(ps[1]))
				st := wrap(faulty{name: "bad", fail: fail})
				_, errOwed := st.Owed(h.b)
				_, errPay := tranche.PayChecked(h.b, st, d("100000"))
				if fail == "owed" {
					require.ErrorIs(t, errOwed, errBoom, "Owed")
				} else {
					require.ErrorIs(t, errPay, errBoom, "Pay")
				}
			}
		})
	}
}

// TestCovenant_PassesOnLoanErrors: the covenant reads its loan's service,
// principal outstanding and whether it is repaid, and the sweep prepays
// it; a loan that fails in any of them fails the covenant's Owed, Pay and
// ClosePeriod with its error.
func TestCovenant_PassesOnLoanErrors(t *testing.T) {
	ps := annualPeriods(4)
	for _, fail := range []string{"service", "outstanding", "repaid", "prepay"} {
		t.Run(fail, func(t *testing.T) {
			loan := faulty{name: "loan", fail: fail}
			cov := tranche.Must(tranche.NewCovenant(tranche.Covenant{Name: "cov", Loan: loan, Junior: equity(t),
				MinDSCR: d("1.5"), Action: tranche.SweepCash}))
			h := newDriver(t, partiesOf("bank", "0", "sponsor", "0")...)
			require.NoError(t, h.b.Advance(ps[0]))
			_, errOwed := cov.Owed(h.b)
			// DSCR 0/10 fails: a breach, and the sweep prepays the loan.
			_, errPay := tranche.PayChecked(h.b, cov, d("5"))
			errClose := tranche.ClosePeriod(h.b, cov)
			require.ErrorIs(t, errPay, errBoom, "Pay")
			// In breach now, a sweeping covenant's claim is what the loan
			// would take: a loan failing to prepay fails the claim.
			_, errOwedInBreach := cov.Owed(h.b)
			require.ErrorIs(t, errOwedInBreach, errBoom, "Owed in breach")
			if fail != "prepay" {
				require.ErrorIs(t, errOwed, errBoom, "Owed")
				require.ErrorIs(t, errClose, errBoom, "ClosePeriod")
			}
			// A test in a fresh book reaches the loan too.
			h2 := newDriver(t, partiesOf("bank", "0", "sponsor", "0")...)
			require.NoError(t, h2.b.Advance(ps[0]))
			if fail != "prepay" {
				_, err := cov.State(h2.b)
				require.ErrorIs(t, err, errBoom, "State")
			}
		})
	}
}

// TestReserve_PassesOnLoanErrors: the reserve sizes its target from the
// loan's projected service; a loan that fails there fails the reserve.
func TestReserve_PassesOnLoanErrors(t *testing.T) {
	ps := annualPeriods(4)
	for _, fail := range []string{"projected", "outstanding"} {
		t.Run(fail, func(t *testing.T) {
			r := tranche.Must(tranche.NewReserve(tranche.Reserve{Name: "dsra", Loans: []tranche.Borrowing{faulty{name: "loan", fail: fail}},
				Periods: 1, Amount: d("10"), Junior: equity(t)}))
			h := newDriver(t, partiesOf("bank", "0", "sponsor", "0")...)
			require.NoError(t, h.b.Advance(ps[0]))
			_, errPay := tranche.PayChecked(h.b, r, d("100"))
			errClose := tranche.ClosePeriod(h.b, r)
			require.True(t, errors.Is(errPay, errBoom) || errors.Is(errClose, errBoom), "pay: %v; close: %v", errPay, errClose)
		})
	}
}

// TestReserve_PassesOnDebtStateErrors: a reserve over a loan that cannot
// be read at the book's period (the broken loans of TestDebt_Errors),
// asked before the loan itself has run: the reserve sizes its target
// from the loan's state, so its Target and Pay fail with the loan's
// error, and Pay posts nothing.
func TestReserve_PassesOnDebtStateErrors(t *testing.T) {
	ps := annualPeriods(4)
	plan, err := contract.Loan{Commitment: d("100"), Draws: []contract.Flow{{Date: ps[0].End, Amount: d("100")}},
		Rate: contract.Rate{Annual: d("0.1")}, Maturity: ps[3].End}.Plan(ps, 3)
	require.NoError(t, err)
	for name, debt := range map[string]*tranche.Debt{
		"scale":     {Name: "senior", Lender: "bank", Plan: plan},
		"no plan":   {Name: "senior", Lender: "bank"},
		"too short": tooShort(t, ps[:2]),
	} {
		t.Run(name, func(t *testing.T) {
			r := &tranche.Reserve{Name: "dsra", Loans: []tranche.Borrowing{debt}, Periods: 1, Junior: equity(t)}
			h := newDriver(t, partiesOf("bank", "0", "sponsor", "0")...)
			require.NoError(t, h.b.Advance(ps[2]))
			n := h.b.Ledger().Len()
			_, err := r.Target(h.b)
			require.ErrorIs(t, err, contract.ErrInvalid, "Target")
			require.ErrorContains(t, err, `"senior"`)
			_, err = r.Pay(h.b, d("100"))
			require.ErrorIs(t, err, contract.ErrInvalid, "Pay")
			require.Equal(t, n, h.b.Ledger().Len(), "nothing posted")
		})
	}
}

// TestDebt_Errors: a debt whose plan is laid over another schedule or
// scale is an error, not a wrong schedule, in every method.
func TestDebt_Errors(t *testing.T) {
	ps := annualPeriods(4)
	other := annualPeriods(5)
	wrongScale := func() *tranche.Debt {
		plan, err := contract.Loan{Commitment: d("100"), Draws: []contract.Flow{{Date: ps[0].End, Amount: d("100")}},
			Rate: contract.Rate{Annual: d("0.1")}, Maturity: ps[3].End}.Plan(ps, 3)
		require.NoError(t, err)
		return tranche.Must(tranche.NewDebt(tranche.Debt{Name: "senior", Lender: "bank", Plan: plan}))
	}
	for name, debt := range map[string]*tranche.Debt{
		"scale":     wrongScale(),
		"schedule":  bullet(t, other, nil),
		"no plan":   {Name: "senior", Lender: "bank"},
		"too short": tooShort(t, ps[:2]),
	} {
		t.Run(name, func(t *testing.T) {
			h := newDriver(t, partiesOf("bank", "0")...)
			p := ps[2]
			if name == "schedule" {
				p = contract.Period{Index: 1, Start: ps[0].End, End: ps[0].End.AddDate(0, 6, 0)}
			}
			require.NoError(t, h.b.Advance(p))
			_, err := debt.Owed(h.b)
			require.ErrorIs(t, err, contract.ErrInvalid, "Owed")
			_, err = debt.Pay(h.b, d("1"))
			require.Error(t, err, "Pay")
			_, err = debt.Prepay(h.b, d("1"))
			require.Error(t, err, "Prepay")
			_, err = debt.Outstanding(h.b)
			require.Error(t, err, "Outstanding")
			_, err = debt.Service(h.b)
			require.Error(t, err, "Service")
			_, err = debt.Projected(h.b, 2)
			require.Error(t, err, "Projected")
			_, err = debt.Repaid(h.b)
			require.Error(t, err, "Repaid")
			require.Error(t, debt.ClosePeriod(h.b), "ClosePeriod")
		})
	}
}

// tooShort is a loan over the first periods of a schedule only.
func tooShort(t *testing.T, ps []contract.Period) *tranche.Debt {
	plan, err := contract.Loan{Commitment: d("100"), Draws: []contract.Flow{{Date: ps[0].End, Amount: d("100")}},
		Rate: contract.Rate{Annual: d("0.1")}, Maturity: ps[1].End}.Plan(ps, 2)
	require.NoError(t, err)
	return tranche.Must(tranche.NewDebt(tranche.Debt{Name: "senior", Lender: "bank", Plan: plan}))
}

// TestDebt_ChildCloseError: ClosePeriod of a stack passes on the error of
// a loan inside it (here a plan at scale 3 in a book at scale 2).
func TestDebt_ChildCloseError(t *testing.T) {
	ps := annualPeriods(4)
	plan, err := contract.Loan{Commitment: d("100"), Draws: []contract.Flow{{Date: ps[0].End, Amount: d("100")}},
		Rate: contract.Rate{Annual: d("0.1")}, Maturity: ps[3].End}.Plan(ps, 3)
	require.NoError(t, err)
	debt := tranche.Must(tranche.NewDebt(tranche.Debt{Name: "senior", Lender: "bank", Plan: plan}))
	h := newDriver(t, partiesOf("bank", "0")...)
	require.NoError(t, h.b.Advance(ps[0]))
	require.ErrorIs(t, tranche.ClosePeriod(h.b, tranche.Sequence(debt)), contract.ErrInvalid)
}

// TestDebt_UnknownLender: a loan whose lender is not a party of the book
// fails as soon as it has something to post, whether that is only a fee,
// only principal or only a voluntary prepayment (a loan at 0% owes no
// interest, which would fail first), and pays nothing without an error
// while it owes nothing. Offered a negative amount or fractions of a
// cent, a sweep fails too.
func TestDebt_UnknownLender(t *testing.T) {
	ps := annualPeriods(4)
	zeroRate := func(edit func(*contract.Loan)) *tranche.Debt {
		return bullet(t, ps, func(l *contract.Loan) {
			l.Rate.Annual = d("0")
			edit(l)
		})
	}
	t.Run("fee only", func(t *testing.T) {
		debt := zeroRate(func(l *contract.Loan) { l.UpfrontFee = d("0.01") }) // 1,000 in year 0
		h := newDriver(t, partiesOf("LP", "0")...)
		require.NoError(t, h.b.Advance(ps[0]))
		_, err := debt.Pay(h.b, d("5000"))
		require.ErrorIs(t, err, tranche.ErrUnknownParty)
	})
	t.Run("principal only", func(t *testing.T) {
		debt := zeroRate(func(l *contract.Loan) { l.Maturity = ps[1].End })
		h := newDriver(t, partiesOf("LP", "0")...)
		require.NoError(t, h.b.Advance(ps[0]))
		paid, err := debt.Pay(h.b, d("100"))
		require.NoError(t, err, "nothing owed in year 0")
		requireDec(t, "0", paid)
		require.NoError(t, tranche.ClosePeriod(h.b, debt))
		require.NoError(t, h.b.Advance(ps[1]))
		_, err = debt.Pay(h.b, d("100000"))
		require.ErrorIs(t, err, tranche.ErrUnknownParty)
	})
	t.Run("prepayment only", func(t *testing.T) {
		debt := zeroRate(func(l *contract.Loan) { l.Prepayments = []contract.Flow{{Date: ps[1].End, Amount: d("10000")}} })
		h := newDriver(t, partiesOf("LP", "0")...)
		require.NoError(t, h.b.Advance(ps[0]))
		require.NoError(t, tranche.ClosePeriod(h.b, debt))
		require.NoError(t, h.b.Advance(ps[1]))
		_, err := debt.Pay(h.b, d("10000"))
		require.ErrorIs(t, err, tranche.ErrUnknownParty)
	})
	t.Run("sweep", func(t *testing.T) {
		debt := zeroRate(func(*contract.Loan) {})
		h := newDriver(t, partiesOf("LP", "0")...)
		require.NoError(t, h.b.Advance(ps[0]))
		require.NoError(t, tranche.ClosePeriod(h.b, debt))
		require.NoError(t, h.b.Advance(ps[1]))
		paid, err := debt.Prepay(h.b, d("0.00"))
		require.NoError(t, err, "a sweep of nothing posts nothing")
		requireDec(t, "0", paid)
		_, err = debt.Prepay(h.b, d("100"))
		require.ErrorIs(t, err, tranche.ErrUnknownParty)
		_, err = debt.Prepay(h.b, d("-0.01"))
		require.ErrorIs(t, err, tranche.ErrInvariant)
		_, err = debt.Prepay(h.b, d("0.001"))
		require.ErrorIs(t, err, tranche.ErrNotQuantized)
	})
}
