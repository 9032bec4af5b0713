package tranche_test

import (
	"testing"

	"github.com/jvwaterfall/jvwaterfall/contract"
	"github.com/jvwaterfall/jvwaterfall/tranche"
	"github.com/stretchr/testify/require"
)

// TestCovenant_UpfrontFeeIsNotDebtService: the bullet loan of 100,000 at 12%
// carries a 2% upfront fee, due in the period of the draw (year 0), where it
// is the loan's only scheduled payment. The fee is a cost of closing, paid
// from the draw, so year 0 schedules no debt service and the 1.20x DSCR is
// not tested: no breach, although only 2,000 of cash is offered. From year
// 1, debt service is the 12,000 of interest: 20,000 offered gives 1.67x.
func TestCovenant_UpfrontFeeIsNotDebtService(t *testing.T) {
	ps := years(t, 4)
	debt := bullet(t, ps, func(l *contract.Loan) { l.UpfrontFee = d("0.02") })
	cov, err := tranche.NewCovenant(tranche.Covenant{Name: "dscr", Loan: debt, Junior: equity(t), MinDSCR: d("1.20"), CurePeriods: 1})
	require.NoError(t, err)
	stack := tranche.Sequence(debt, cov)
	h := newHarness(t, ps, "bank", "sponsor")
	h.step(t, stack, 0, "2000", nil)
	require.Equal(t, map[string]string{"fee": "2000.00"}, byKind(h.book, 0, "senior"))
	svc, err := debt.Service(h.book)
	require.NoError(t, err)
	require.True(t, svc.Scheduled.IsZero(), "year 0 scheduled %s", svc.Scheduled)
	h.step(t, stack, 1, "20000", nil)
	require.Empty(t, events(h.book))
	require.Equal(t, "8000.00", byKind(h.book, 1, "equity")["profit"])
}
