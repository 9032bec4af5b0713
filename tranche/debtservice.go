package tranche

import "github.com/shopspring/decimal"

// A loan's debt service as covenants and reserves read it: the
// current period's, and the contractual service of the periods ahead.

// Service reports the current period's scheduled service, the cash the
// loan was offered and what it paid.
func (t *Debt) Service(b *Book) (DebtService, error) {
	if t == nil {
		return DebtService{}, errNilTranche(t)
	}
	var tmp DebtState
	st, err := t.at(b, &tmp)
	if err != nil {
		return DebtService{}, err
	}
	return DebtService{Scheduled: t.scheduled(b, st).dec(), Offered: st.m.offered.dec(), Paid: st.m.paid.dec()}, nil
}

// scheduled is DebtService.Scheduled at st.
func (t *Debt) scheduled(b *Book, st *DebtState) money {
	if st.Period != b.Period().Index {
		return money{}
	}
	return st.m.sched // worked out when the period opened
}

// Projected is the contractual service of the next n periods after the
// current one, from the loan's current position, assuming each is paid
// when due, without the principal due at maturity.
func (t *Debt) Projected(b *Book, n int) (decimal.Decimal, error) {
	if t == nil {
		return decimal.Zero, errNilTranche(t)
	}
	var tmp DebtState
	st, err := t.at(b, &tmp)
	if err != nil {
		return decimal.Zero, err
	}
	total, err := t.projected(st, n)
	return total.dec(), err
}

// projected is Projected from st, as money.
func (t *Debt) projected(st *DebtState, n int) (money, error) {
	total := money{}
	ls := st.Loan
	last := t.Plan.NumPeriods() - 1
	for i := st.Period + 1; i <= min(st.Period+n, last); i++ {
		row, next, err := t.Plan.Row(i, ls)
		if err != nil {
			return money{}, err
		}
		ls = next
		total = total.add(moneyOf(row.UpfrontFee)).add(moneyOf(row.CommitmentFee)).add(moneyOf(row.Interest))
		if i != t.Plan.Maturity() {
			total = total.add(moneyOf(row.Principal))
		}
	}
	return total, nil
}
