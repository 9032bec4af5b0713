package source

import (
	"fmt"

	"github.com/jvwaterfall/jvwaterfall/waterfall"

	"github.com/jvwaterfall/jvwaterfall/contract"
	"github.com/jvwaterfall/jvwaterfall/internal/exact"
	"github.com/shopspring/decimal"
)

// LoanFunding is the [Source] of a loan's draws: the cash the lender
// advances comes into the deal (In) and is spent on what the loan funds,
// such as construction or capex (Out), in the same period, so that loan
// proceeds are never distributable. The upfront fee due in a period is
// kept out of the spending and paid to the lender from the draw by the
// debt tranche, as a closing statement nets fees from loan proceeds.
//
// The plan must be the one the debt tranche holds, laid over the deal's
// periods. The lender's side of the draw is the debt tranche's: the
// engine books each draw as the lender's contribution
// ([tranche.Drawer]), whether or not a LoanFunding brings it into the
// deal.
type LoanFunding struct {
	Label string             // the source's name in the result, e.g. "senior draws"
	Plan  *contract.LoanPlan // the loan
}

// Name returns the label.
func (f LoanFunding) Name() string { return f.Label }

// Cash returns, per period, the draw as In and the draw less the upfront
// fee due then as Out. It returns an error if the plan is missing or laid
// over other periods.
func (f LoanFunding) Cash(periods []contract.Period) ([]waterfall.SourceCash, error) {
	out := make([]waterfall.SourceCash, len(periods))
	if err := f.each(periods, func(i int, c waterfall.SourceCash) bool { out[i] = c; return true }); err != nil {
		return nil, err
	}
	return out, nil
}

// CashUnits is Cash in minor units of scale ([waterfall.UnitSource]).
func (f LoanFunding) CashUnits(periods []contract.Period, scale int32) (in, out []int64, ok bool, err error) {
	ok = true
	err = f.each(periods, func(i int, c waterfall.SourceCash) bool {
		ok = put(&in, len(periods), i, c.In, scale) && put(&out, len(periods), i, c.Out, scale)
		return ok
	})
	return in, out, ok && err == nil, err
}

// each checks the plan against periods and hands each period with a draw
// or a fee to yield, with its cash, until yield returns false.
func (f LoanFunding) each(periods []contract.Period, yield func(i int, c waterfall.SourceCash) bool) error {
	if f.Plan == nil {
		return contract.Field("plan", contract.ErrRequired)
	}
	if n := f.Plan.NumPeriods(); n != len(periods) {
		return contract.Field("plan", fmt.Errorf("%d periods, the deal has %d: %w", n, len(periods), contract.ErrInvalid))
	}
	for i, p := range periods {
		if own, _ := f.Plan.Period(i); own != p && (!own.End.Equal(p.End) || !own.Start.Equal(p.Start)) { // == is the same instants
			return contract.Field("plan", fmt.Errorf("period %d differs from the deal's: %w", i, contract.ErrInvalid))
		}
	}
	for i := range periods {
		draw, fee := f.Plan.Draw(i), f.Plan.UpfrontFee(i)
		if draw == decimal.Zero && fee == decimal.Zero {
			continue // no draw and no fee: zero in and out, as Min and Sub would make it
		}
		if !yield(i, waterfall.SourceCash{In: draw, Out: exact.Sub(draw, decimal.Min(draw, fee))}) {
			return nil
		}
	}
	return nil
}
