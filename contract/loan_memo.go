package contract

import (
	"sync"

	"github.com/shopspring/decimal"
)

// loanMemo is a plan's contractual schedule, worked out on first use: a
// plan is never changed once made, and the runs of a deal (a debt tranche
// asks for a row each period, the loan's funding source for the whole
// schedule) would otherwise work out the same rows in decimals again.
type loanMemo struct {
	once  sync.Once
	sched *loanSchedule
	err   error
}

// loanSchedule is the contractual schedule's rows and the state at the
// start of each period (start[i]), and at the end (start[len(rows)]).
type loanSchedule struct {
	rows  []LoanRow
	start []LoanState
}

// scheduled returns the plan's contractual schedule, nil if a row fails
// (p.memo.err).
func (p *LoanPlan) scheduled() *loanSchedule {
	p.memo.once.Do(func() {
		m := &loanSchedule{rows: make([]LoanRow, len(p.periods)), start: make([]LoanState, len(p.periods)+1)}
		m.start[0] = LoanState{Balance: decimal.Zero, Drawn: decimal.Zero, Instalment: decimal.Zero, InstalmentRate: decimal.Zero}
		for i := range m.rows {
			var err error
			if m.rows[i], m.start[i+1], err = p.row(i, m.start[i]); err != nil {
				p.memo.err = err
				return
			}
		}
		p.memo.sched = m
	})
	return p.memo.sched
}

// sameState reports whether a and b are the same state, written alike:
// the same values with the same exponents, so that a row taken from the
// schedule is the one Row would work out.
func sameState(a, b LoanState) bool {
	return a.InstalmentFixed == b.InstalmentFixed && sameDecimal(a.Balance, b.Balance) && sameDecimal(a.Drawn, b.Drawn) &&
		sameDecimal(a.Instalment, b.Instalment) && sameDecimal(a.InstalmentRate, b.InstalmentRate)
}
