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
	if f.Plan == nil {
		return nil, contract.Field("plan", contract.ErrRequired)
	}
	if n := f.Plan.NumPeriods(); n != len(periods) {
		return nil, contract.Field("plan", fmt.Errorf("%d periods, the deal has %d: %w", n, len(periods), contract.ErrInvalid))
	}
	out := make([]waterfall.SourceCash, len(periods))
	for i, p := range periods {
		if own, _ := f.Plan.Period(i); own != p && (!own.End.Equal(p.End) || !own.Start.Equal(p.Start)) { // == is the same instants
			return nil, contract.Field("plan", fmt.Errorf("period %d differs from the deal's: %w", i, contract.ErrInvalid))
		}
		draw, fee := f.Plan.Draw(i), f.Plan.UpfrontFee(i)
		if draw == decimal.Zero && fee == decimal.Zero {
			continue // no draw and no fee: out[i] is zero in and out, as Min and Sub would make it
		}
		fee = decimal.Min(draw, fee)
		out[i] = waterfall.SourceCash{In: draw, Out: exact.Sub(draw, fee)}
	}
	return out, nil
}
