package tranche_test

import (
	"testing"

	"github.com/jvwaterfall/jvwaterfall/contract"
	"github.com/jvwaterfall/jvwaterfall/tranche"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"
)

// covenantAt runs the stack debt → covenant → equity over the periods
// with the cash given, and returns the covenant's state after the last.
func covenantAt(t *testing.T, ps []contract.Period, debt *tranche.Debt, c tranche.Covenant, cash ...string) (tranche.CovenantState, *driver) {
	t.Helper()
	c.Loan, c.Junior = debt, equity(t)
	cov, err := tranche.NewCovenant(c)
	require.NoError(t, err)
	stack := tranche.Sequence(debt, cov)
	h := newDriver(t, partiesOf("bank", "0", "sponsor", "0")...)
	for i, x := range cash {
		h.advance(ps[i]).run(stack, x)
	}
	st, err := cov.State(h.b)
	require.NoError(t, err)
	return st, h
}

// TestCovenant_DSCRBoundary: the bullet loan (100,000 at 12% on 30/360,
// drawn at the end of year 0) schedules 12,000 of interest in year 1, so a
// minimum DSCR of 1.20 needs 1.20 × 12,000 = 14,400 offered to the loan.
// The ratio is rounded half away from zero to 6 places before it is
// compared:
//   - 14,400.00 / 12,000 = 1.2 exactly: the minimum is met, and the
//     2,400.00 left goes to the equity;
//   - 14,399.99 / 12,000 = 1.19999916…: 1.199999, a breach, 2,399.99 trapped;
//   - 14,399.94 / 12,000 = 1.199995 exactly: a breach at 6 places (at 5 it
//     would be 1.20000 and pass).
func TestCovenant_DSCRBoundary(t *testing.T) {
	ps := annualPeriods(6)
	debt := bullet(t, ps, func(l *contract.Loan) { l.Maturity = ps[5].End })
	terms := tranche.Covenant{Name: "dscr", MinDSCR: d("1.20")}
	for _, tc := range []struct {
		cash, dscr string
		breach     bool
		equity     string // paid to the equity in year 1
		held       string
	}{
		{"14400.00", "1.2", false, "2400.00", "0.00"},
		{"14399.99", "1.199999", true, "", "2399.99"},
		{"14399.94", "1.199995", true, "", "2399.94"},
	} {
		t.Run(tc.cash, func(t *testing.T) {
			st, h := covenantAt(t, ps, debt, terms, "0", tc.cash)
			requireDec(t, tc.dscr, st.DSCR)
			require.Equal(t, tc.breach, st.Breached)
			require.Equal(t, tc.equity, byKind(h.b, 1, "equity")["profit"])
			require.Equal(t, tc.held, h.b.Held(1).StringFixed(2))
			require.Equal(t, map[string]string{"interest": "12000.00"}, byKind(h.b, 1, "senior"))
			if tc.breach {
				// The detail shows the ratio at 2 places: 1.199999 reads 1.20.
				require.Equal(t, "DSCR 1.20 below 1.20", h.b.Events()[0].Detail)
			}
		})
	}
}

// TestCovenant_BothTestsFail: DSCR 13,000/12,000 = 1.083333 below 1.20
// and LTV 100,000/110,000 = 0.909091 above 0.80 in year 1: one breach,
// whose detail names both.
func TestCovenant_BothTestsFail(t *testing.T) {
	ps := annualPeriods(6)
	debt := bullet(t, ps, func(l *contract.Loan) { l.Maturity = ps[5].End })
	terms := tranche.Covenant{Name: "cov", MinDSCR: d("1.20"), MaxLTV: d("0.80"),
		Values: []contract.Flow{{Date: ps[1].End, Amount: d("110000")}}}
	st, h := covenantAt(t, ps, debt, terms, "0", "13000")
	requireDec(t, "1.083333", st.DSCR)
	requireDec(t, "0.909091", st.LTV)
	require.Equal(t, []string{"1 covenant-breach", "1 cash-trapped"}, events(h.b))
	require.Equal(t, "DSCR 1.08 below 1.20; LTV 0.9091 above 0.8000", h.b.Events()[0].Detail)
}

// TestCovenant_DSCRSeventhPlace: with 1,000,000 at 12% the year's debt
// service is 120,000, so a cent moves the DSCR by 1/12,000,000 and the
// 7th place decides:
//   - 143,999.95 / 120,000 = 1.19999958…: 1.200000 at 6 places, met (at 7
//     places, 1.1999996, it would fail);
//   - 143,999.94 / 120,000 = 1.1999995 exactly: a half, rounded up to
//     1.200000, met;
//   - 143,999.93 / 120,000 = 1.19999941…: 1.199999, a breach.
func TestCovenant_DSCRSeventhPlace(t *testing.T) {
	ps := annualPeriods(6)
	debt := bullet(t, ps, func(l *contract.Loan) {
		l.Maturity, l.Commitment = ps[5].End, d("1000000")
		l.Draws = []contract.Flow{{Date: ps[0].End, Amount: d("1000000")}}
	})
	terms := tranche.Covenant{Name: "dscr", MinDSCR: d("1.20")}
	for _, tc := range []struct {
		cash, dscr string
		breach     bool
	}{
		{"143999.95", "1.2", false},
		{"143999.94", "1.2", false},
		{"143999.93", "1.199999", true},
	} {
		t.Run(tc.cash, func(t *testing.T) {
			st, _ := covenantAt(t, ps, debt, terms, "0", tc.cash)
			requireDec(t, tc.dscr, st.DSCR)
			require.Equal(t, tc.breach, st.Breached)
		})
	}
}

// TestCovenant_DSCRLessPreviousHeld: cash held back at the end of the
// previous period is not cash flow of this one. Year 1 offers 13,000:
// DSCR 13,000/12,000 = 1.083333, a breach, and the 1,000 left is trapped.
// In year 2 the 1,000 carried in is offered again with the year's cash,
// and the DSCR reads the offer less the 1,000 held at the end of year 1:
//   - cash 14,400.00: offered 15,400.00, CFADS 14,400.00, DSCR 1.2: the
//     test passes and (cure after 1 period) the breach is cured: the
//     equity gets 15,400 − 12,000 = 3,400.00, nothing is held;
//   - cash 14,399.99: CFADS 14,399.99, DSCR 1.199999: still in breach, and
//     1,000 + 2,399.99 = 3,399.99 is held.
func TestCovenant_DSCRLessPreviousHeld(t *testing.T) {
	ps := annualPeriods(6)
	debt := bullet(t, ps, func(l *contract.Loan) { l.Maturity = ps[5].End })
	terms := tranche.Covenant{Name: "dscr", MinDSCR: d("1.20"), CurePeriods: 1}
	t.Run("met", func(t *testing.T) {
		st, h := covenantAt(t, ps, debt, terms, "0", "13000", "14400.00")
		requireDec(t, "1.2", st.DSCR)
		require.False(t, st.Breached)
		require.Equal(t, "1000.00", h.b.Held(1).StringFixed(2))
		require.Equal(t, "0.00", h.b.Held(2).StringFixed(2))
		require.Equal(t, "3400.00", byKind(h.b, 2, "equity")["profit"])
		require.Equal(t, []string{"1 covenant-breach", "1 cash-trapped", "2 covenant-cured"}, events(h.b))
	})
	t.Run("a cent short", func(t *testing.T) {
		st, h := covenantAt(t, ps, debt, terms, "0", "13000", "14399.99")
		requireDec(t, "1.199999", st.DSCR)
		require.True(t, st.Breached)
		require.Equal(t, "3399.99", h.b.Held(2).StringFixed(2))
		require.Empty(t, byKind(h.b, 2, "equity"))
	})
}

// TestCovenant_LTVBoundary tests the LTV in the first period: the loan's
// 100,000 is drawn at the end of year 0, and a value dated that day
// applies (a value applies from its date), so year 0 is tested against a
// maximum LTV of 80%. The ratio is rounded half away from zero to 6
// places:
//   - value 125,000.00: 100,000/125,000 = 0.8 exactly: met;
//   - value 124,999.95: 0.80000032…: 0.800000 at 6 places, met (at 7
//     places it would fail);
//   - value 124,999.38: 0.80000396…: 0.800004, a breach in year 0 (at 5
//     places, 0.80000, it would pass);
//   - value 100,000.00 dated a day after year 0 ends: not yet known, so
//     no LTV test in year 0.
func TestCovenant_LTVBoundary(t *testing.T) {
	ps := annualPeriods(6)
	debt := bullet(t, ps, func(l *contract.Loan) { l.Maturity = ps[5].End })
	for _, tc := range []struct {
		name, value, ltv string
		day              int // the value's date: days after year 0's end
		breach           bool
	}{
		{"exactly the maximum", "125000.00", "0.8", 0, false},
		{"the 7th place", "124999.95", "0.8", 0, false},
		{"the 6th place", "124999.38", "0.800004", 0, true},
		{"value after the period", "100000.00", "0", 1, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			terms := tranche.Covenant{Name: "ltv", MaxLTV: d("0.80"),
				Values: []contract.Flow{{Date: ps[0].End.AddDate(0, 0, tc.day), Amount: d(tc.value)}}}
			st, h := covenantAt(t, ps, debt, terms, "0")
			requireDec(t, tc.ltv, st.LTV)
			require.Equal(t, tc.breach, st.Breached)
			if tc.breach {
				require.Equal(t, []string{"0 covenant-breach"}, events(h.b))
				// The detail shows the ratio at 4 places: 0.800004 reads 0.8000.
				require.Equal(t, "LTV 0.8000 above 0.8000", h.b.Events()[0].Detail)
			} else {
				require.Empty(t, events(h.b))
			}
		})
	}
}

// TestCovenant_ValidateEach: each problem alone is reported, naming its
// field, on a covenant otherwise valid; and a valid one passes.
func TestCovenant_ValidateEach(t *testing.T) {
	ps := annualPeriods(4)
	debt := bullet(t, ps, nil)
	v := func(date int, amount string) contract.Flow {
		return contract.Flow{Date: ps[date].End, Amount: d(amount)}
	}
	valid := tranche.Covenant{Name: "cov", Loan: debt, Junior: equity(t), MinDSCR: d("1.2"), MaxLTV: d("0.7"),
		Values: []contract.Flow{v(0, "100"), v(1, "90")}, Action: tranche.SweepCash, CurePeriods: 0}
	require.NoError(t, valid.Validate())
	for _, tc := range []struct {
		field string
		edit  func(c *tranche.Covenant)
		want  error
	}{
		{"id", func(c *tranche.Covenant) { c.Name = "" }, contract.ErrRequired},
		{"min_dscr", func(c *tranche.Covenant) { c.MinDSCR = d("-0.01") }, contract.ErrNegative},
		{"max_ltv", func(c *tranche.Covenant) { c.MaxLTV = d("-0.01") }, contract.ErrNegative},
		{"min_dscr", func(c *tranche.Covenant) { c.MinDSCR, c.MaxLTV = d("0"), d("0") }, contract.ErrRequired},
		{"values[1].amount", func(c *tranche.Covenant) { c.Values[1].Amount = d("0") }, contract.ErrRange},
		{"values[0].amount", func(c *tranche.Covenant) { c.Values[0].Amount = d("-1") }, contract.ErrRange},
		{"values[1].date", func(c *tranche.Covenant) { c.Values[1].Date = c.Values[0].Date }, contract.ErrOrder},
		{"values", func(c *tranche.Covenant) { c.Values = nil }, contract.ErrRequired},
		{"action", func(c *tranche.Covenant) { c.Action = 2 }, contract.ErrRange},
		{"cure_periods", func(c *tranche.Covenant) { c.CurePeriods = -1 }, contract.ErrNegative},
	} {
		t.Run(tc.field, func(t *testing.T) {
			c := valid
			c.Values = append([]contract.Flow(nil), valid.Values...)
			tc.edit(&c)
			err := c.Validate()
			require.ErrorIs(t, err, tc.want)
			require.ErrorContains(t, err, tc.field)
		})
	}
	// A maximum LTV of zero needs no values; a minimum DSCR of zero is no test.
	c := valid
	c.MaxLTV, c.Values = d("0"), nil
	require.NoError(t, c.Validate())
	var none *tranche.Covenant
	require.Equal(t, tranche.TrancheID(""), none.ID())
	require.Nil(t, none.Children())
	require.Equal(t, tranche.TrancheID("cov"), valid.ID())
	require.Len(t, valid.Children(), 1)
	require.Equal(t, "trap", tranche.TrapCash.String())
	require.Equal(t, "sweep", tranche.SweepCash.String())
	require.Equal(t, "CovenantAction(2)", tranche.CovenantAction(2).String())
}

// TestCovenant_OnlyTheTestsSet: a covenant tests only what it has a limit
// for. In year 1 the loan schedules 12,000 of interest and is offered
// 13,000 (DSCR 1.083333), and a value of 110,000 is known (LTV 0.909091):
//   - LTV only (max 0.95): the DSCR is not tested and stays zero; LTV
//     0.909091 passes;
//   - DSCR only (min 1.05), values given: the LTV is not tested and stays
//     zero, though 0.909091 is above any limit below it; DSCR passes.
//
// A covenant written as a literal without its loan or junior tranche is
// an error when tested, not a panic.
func TestCovenant_OnlyTheTestsSet(t *testing.T) {
	ps := annualPeriods(6)
	debt := bullet(t, ps, func(l *contract.Loan) { l.Maturity = ps[5].End })
	values := []contract.Flow{{Date: ps[1].End, Amount: d("110000")}}
	st, h := covenantAt(t, ps, debt, tranche.Covenant{Name: "ltv", MaxLTV: d("0.95"), Values: values}, "0", "13000")
	requireDec(t, "0", st.DSCR)
	requireDec(t, "0.909091", st.LTV)
	require.Empty(t, events(h.b))
	st, h = covenantAt(t, ps, debt, tranche.Covenant{Name: "dscr", MinDSCR: d("1.05"), Values: values}, "0", "13000")
	requireDec(t, "1.083333", st.DSCR)
	requireDec(t, "0", st.LTV)
	require.Empty(t, events(h.b))

	for name, c := range map[string]*tranche.Covenant{
		"no loan":   {Name: "c", Junior: equity(t), MinDSCR: d("1")},
		"no junior": {Name: "c", Loan: debt, MinDSCR: d("1")},
	} {
		_, err := c.State(h.b)
		require.ErrorIs(t, err, contract.ErrRequired, name)
		_, err = c.Owed(h.b)
		require.ErrorIs(t, err, contract.ErrRequired, name)
	}
}

// greedy is a loan of 100 outstanding whose prepayment takes up to 250
// of any cash offered (principal and a fee beyond 100%), paid to bank.
type greedy struct{ faulty }

func (g greedy) Prepay(b *tranche.Book, avail decimal.Decimal) (decimal.Decimal, error) {
	x := decimal.Min(avail, d("250"))
	if x.IsZero() {
		return x, nil
	}
	return x, b.Post(tranche.Payment{Tranche: "loan", Party: "bank", Kind: tranche.KindPrincipal, Amount: x})
}

// TestCovenant_SweepClaimDoubles: in breach, a sweeping covenant owes
// what its loan's prepayment takes with unlimited cash, found by offering
// 2 × 100 + 0.01 = 200.01 and doubling while the loan takes all of it:
// 200.01 is taken whole, 400.02 leaves some, so the claim is 250.
func TestCovenant_SweepClaimDoubles(t *testing.T) {
	ps := annualPeriods(3)
	cov := tranche.Must(tranche.NewCovenant(tranche.Covenant{Name: "cov", Loan: greedy{faulty{name: "loan"}}, Junior: equity(t),
		MinDSCR: d("1.5"), Action: tranche.SweepCash}))
	h := newDriver(t, partiesOf("bank", "0", "sponsor", "0")...)
	require.NoError(t, h.b.Advance(ps[0]))
	st, err := cov.State(h.b)
	require.NoError(t, err)
	require.True(t, st.Breached, "DSCR 0/10")
	require.NoError(t, tranche.ClosePeriod(h.b, cov))
	require.NoError(t, h.b.Advance(ps[1]))
	requireDec(t, "250", h.owed(cov).Amount)
}

// TestCovenant_NoEventForNothing: in breach, sweeping, the loan's 100%
// prepayment fee makes 0.01 too little to prepay a cent (0.01 + 0.01 >
// 0.01): nothing is swept and no sweep is recorded, the cent is trapped.
// In the deal's last period a breached covenant offered nothing records
// no release.
func TestCovenant_NoEventForNothing(t *testing.T) {
	ps := annualPeriods(4)
	debt := bullet(t, ps, func(l *contract.Loan) { l.PrepaymentFee = d("1") })
	cov := tranche.Must(tranche.NewCovenant(tranche.Covenant{Name: "cov", Loan: debt, Junior: equity(t), MinDSCR: d("1.2"), Action: tranche.SweepCash}))
	stack := tranche.Sequence(debt, cov)
	h := newDriver(t, partiesOf("bank", "0", "sponsor", "0")...)
	h.b.SetSchedule(len(ps))
	h.advance(ps[0]).run(stack, "0")
	h.advance(ps[1]).run(stack, "12000.01") // DSCR 1.000001: a breach, 0.01 reaches the covenant
	require.Equal(t, []string{"1 covenant-breach", "1 cash-trapped"}, events(h.b))
	require.Equal(t, "0.01", h.b.Held(1).StringFixed(2))
	h.advance(ps[2]).run(stack, "12000")
	h.advance(ps[3])
	require.True(t, h.b.Final())
	n := len(h.b.Events())
	paid, err := cov.Pay(h.b, d("0"))
	require.NoError(t, err)
	requireDec(t, "0", paid)
	require.Len(t, h.b.Events(), n, "events: %v", events(h.b))
	// The same offered in minor units, as the combinators do.
	paid, err = tranche.PayChecked(h.b, cov, d("0"))
	require.NoError(t, err)
	requireDec(t, "0", paid)
	require.Len(t, h.b.Events(), n, "events: %v", events(h.b))
}

// TestCovenant_SweepsNothingOfNothing: a sweeping covenant in breach,
// offered nothing before its loan was offered anything in the period,
// asks the loan for no prepayment: the loan reports it was offered
// nothing (decimal.Zero, not 0.00) and no event is recorded, both ways
// of offering cash.
func TestCovenant_SweepsNothingOfNothing(t *testing.T) {
	ps := annualPeriods(4)
	debt := bullet(t, ps, nil)
	cov := tranche.Must(tranche.NewCovenant(tranche.Covenant{Name: "cov", Loan: debt, Junior: equity(t), MinDSCR: d("1.2"), Action: tranche.SweepCash}))
	stack := tranche.Sequence(debt, cov)
	h := newDriver(t, partiesOf("bank", "0", "sponsor", "0")...)
	h.b.SetSchedule(len(ps))
	h.advance(ps[0]).run(stack, "0")
	h.advance(ps[1]).run(stack, "12000") // DSCR 1: a breach
	require.Equal(t, []string{"1 covenant-breach"}, events(h.b))
	h.advance(ps[2])
	n := len(h.b.Events())
	for _, pay := range []func() (decimal.Decimal, error){
		func() (decimal.Decimal, error) { return cov.Pay(h.b, d("0")) },
		func() (decimal.Decimal, error) { return tranche.PayChecked(h.b, cov, d("0")) },
	} {
		paid, err := pay()
		require.NoError(t, err)
		requireDec(t, "0", paid)
		svc, err := debt.Service(h.b)
		require.NoError(t, err)
		require.Equal(t, int32(0), svc.Offered.Exponent(), "offered %s", svc.Offered)
		require.Len(t, h.b.Events(), n, "events: %v", events(h.b))
	}
}
