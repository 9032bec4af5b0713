package tranche

import (
	"time"

	"github.com/jvwaterfall/jvwaterfall/contract"
	"github.com/jvwaterfall/jvwaterfall/internal/exact"
	"github.com/shopspring/decimal"
)

// A loan's plan as the debt tranche reads it, worked out once by NewDebt:
// a plan does not change, and a run that keeps to its contractual
// schedule would otherwise read every period's row in decimals and make
// its amounts money again.

// debtSpan is what a [Debt] works out from its plan over all its periods,
// once, in NewDebt: what [Debt.ValidateEnv] reads (the lowest and highest
// cash rates, and the longest period under the loan's day count,
// [longest]), each period's end (what check compares with the book's),
// and the contractual schedule with its amounts as money (rows). A run's
// validation and work read it while the Debt's Plan is still plan.
type debtSpan struct {
	plan   *contract.LoanPlan
	lo, hi decimal.Decimal
	long   int
	ends   []time.Time // each period's end
	scale  int32       // the plan's
	pik    bool        // the loan's PIKOnShortfall
	drawn  money       // the sum of the planned draws, as repaid adds them
	// rows and start are the plan's rows and states as Row gives them from
	// the state before the first period (start[0], newDebtState's): row i
	// from start[i], start[i+1] the state after. Nil when a row fails.
	rows  []planRow
	start []contract.LoanState
}

// planRow is period i's contractual row, with what open makes of it when
// the loan starts the period in start[i]: the amounts as money, and the
// balance with the period's prepayment in it.
type planRow struct {
	row                                      contract.LoanRow
	fees, interest, principal, sched, prepay money // fees: upfront and commitment fee
	balD                                     decimal.Decimal
	bal                                      money
	keeps                                    bool // balD is start[i+1]'s balance itself: the loan stays on the schedule
}

// newDebtSpan returns the debtSpan of plan.
func newDebtSpan(plan *contract.LoanPlan) *debtSpan {
	n := plan.NumPeriods()
	lo, hi := cashRange(plan, n)
	periods := plan.Periods()
	loan := plan.Loan()
	s := &debtSpan{plan: plan, lo: lo, hi: hi, long: longest(loan.Rate.DayCount, periods), scale: plan.Scale(), pik: loan.PIKOnShortfall}
	s.ends = make([]time.Time, n)
	for i, p := range periods {
		s.ends[i] = p.End
	}
	for _, d := range loan.Draws {
		s.drawn = s.drawn.add(moneyOf(d.Amount))
	}
	s.rows, s.start = planRows(plan)
	return s
}

// planRows is the plan's schedule as open reads it (see debtSpan), nil
// when a row fails.
func planRows(plan *contract.LoanPlan) ([]planRow, []contract.LoanState) {
	n := plan.NumPeriods()
	rows, start := make([]planRow, n), make([]contract.LoanState, n+1)
	start[0] = newDebtState().Loan
	for i := range rows {
		row, next, err := plan.Row(i, start[i])
		if err != nil {
			return nil, nil
		}
		start[i+1] = next
		r := &rows[i]
		r.row = row
		// As open works them out from the row: see there.
		r.balD = exact.Add(next.Balance, row.Prepayment)
		r.bal, r.prepay = moneyOf(r.balD), moneyOf(row.Prepayment)
		fee := moneyOf(row.CommitmentFee)
		r.interest, r.principal = moneyOf(row.Interest), moneyOf(row.Principal)
		r.fees = moneyOf(row.UpfrontFee).add(fee)
		r.sched = fee.add(r.interest)
		if i != plan.Maturity() {
			r.sched = r.sched.add(r.principal)
		}
		r.keeps = r.balD == next.Balance
	}
	return rows, start
}

// cashRange returns the lowest and highest of plan's cash rates over its
// first n periods (n > 0).
func cashRange(plan *contract.LoanPlan, n int) (lo, hi decimal.Decimal) {
	lo, hi = plan.CashRate(0), plan.CashRate(0)
	for i := range n {
		lo, hi = decimal.Min(lo, plan.CashRate(i)), decimal.Max(hi, plan.CashRate(i))
	}
	return lo, hi
}

// spanOK is t's span when it is its Plan's.
func (t *Debt) spanOK() *debtSpan {
	if s := t.span; s != nil && s.plan == t.Plan {
		return s
	}
	return nil
}

// onPlan is t's span when st's loan state is its start[st.Period+1], the
// state the contractual schedule reaches (st.on): open then takes the
// period's row from the span.
func (t *Debt) onPlan(st *DebtState) *debtSpan {
	if s := t.spanOK(); s != nil && st.on == s && s.rows != nil {
		return s
	}
	return nil
}

// openPlanned is what open does with row i of the plan when the loan
// starts the period on the schedule (s is onPlan): Row(i, st.Loan) would
// give s's row and next state, and the amounts are the money open makes of
// them, added in another order (the same value and exponent).
func (st *DebtState) openPlanned(s *debtSpan, i int) {
	r, next := &s.rows[i], &s.start[i+1]
	// st.Loan = *next with r.balD for its balance, writing only what
	// changes: the drawn amount and the instalment mostly do not, and each
	// decimal written is a pointer the collector may have to see.
	st.Loan.Balance = r.balD
	if st.Loan.Drawn != next.Drawn {
		st.Loan.Drawn = next.Drawn
	}
	if st.Loan.Instalment != next.Instalment {
		st.Loan.Instalment = next.Instalment
	}
	if st.Loan.InstalmentRate != next.InstalmentRate {
		st.Loan.InstalmentRate = next.InstalmentRate
	}
	st.Loan.InstalmentFixed = next.InstalmentFixed
	st.rowOf = s
	if !r.keeps {
		st.on = nil
	}
	st.m.balD, st.m.bal = r.balD, r.bal
	st.m.prepayment = r.prepay
	st.m.fees = st.m.fees.add(r.fees)
	st.m.interest = st.m.interest.add(r.interest)
	st.m.principal = st.m.principal.add(r.principal)
	st.m.sched = r.sched
}

// pikOnShortfall is the loan's PIKOnShortfall.
func (t *Debt) pikOnShortfall() bool {
	if s := t.spanOK(); s != nil {
		return s.pik
	}
	return t.Plan.Loan().PIKOnShortfall
}

// planned is the sum of the loan's planned draws.
func (t *Debt) planned() money {
	if s := t.spanOK(); s != nil {
		return s.drawn
	}
	planned := money{}
	for _, d := range t.Plan.Loan().Draws {
		planned = planned.add(moneyOf(d.Amount))
	}
	return planned
}

// checked reports whether check would pass for the book's period: the
// plan's scale and period end are the span's, and the book's period end
// is the very time.Time of the plan's (the same instant).
func (t *Debt) checked(b *Book) bool {
	s := t.spanOK()
	if s == nil {
		return false
	}
	cur := b.period.Index
	return s.scale == b.scale && cur >= 0 && cur < len(s.ends) && s.ends[cur] == b.period.End
}

// lenderIndex is the lender's index in the book, as b.lookup gives it,
// found without a map lookup when st's guess (the index it was last,
// plus one) holds.
func (t *Debt) lenderIndex(b *Book, st *DebtState) (int, error) {
	if i := st.lender - 1; i >= 0 && i < len(b.ids) && b.ids[i] == t.Lender {
		return i, nil
	}
	i, err := b.lookup(t.Lender)
	if err == nil {
		st.lender = i + 1
	}
	return i, err
}

// here is what at gives when the stored state is at the book's period and
// the span says check passes (checked): the stored state itself, found
// without making room for a copy. It is nil otherwise; at then decides.
func (t *Debt) here(b *Book) *DebtState {
	if t.checked(b) {
		if p := t.stored(b); p != nil && p.Period >= b.period.Index {
			return p
		}
	}
	return nil
}

// inPlace is what working gives outside a trial when the span says check
// passes: the stored state, brought forward in place. It is nil, with no
// error, otherwise; working then decides.
func (t *Debt) inPlace(b *Book) (*DebtState, error) {
	if t.checked(b) && len(b.tr.serials) == 0 {
		if p := t.stored(b); p != nil {
			return p, t.forward(b, p, true)
		}
	}
	return nil, nil
}
