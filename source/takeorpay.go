package source

import (
	"github.com/jvwaterfall/jvwaterfall/contract"
	"github.com/jvwaterfall/jvwaterfall/waterfall"
	"github.com/shopspring/decimal"
)

// TakeOrPayIncome is the seller's side of a take-or-pay contract: a
// [Source] whose cash in each period is what the buyer pays the seller
// under Terms for the quantities in Usage (one per period of the deal),
// the statement's Paid. It pays nothing out.
//
// The buyer's side of the same terms is [tranche.TakeOrPay], a senior
// claim in the buyer's own stack; both read the same statement, so what
// one deal pays the other receives, to the cent.
type TakeOrPayIncome struct {
	Label string             // the source's name in the result; unique in the deal
	Terms contract.TakeOrPay // the contract
	Usage []decimal.Decimal  // quantity taken in each period of the deal
	Scale int32              // the deal's minor unit: 2 for cents
}

// Name returns the source's label.
func (s TakeOrPayIncome) Name() string { return s.Label }

// Statement returns the contract's per-period statement over periods: the
// detail behind Cash, for reports.
func (s TakeOrPayIncome) Statement(periods []contract.Period) ([]contract.TakeOrPayPeriod, error) {
	st, err := s.Terms.Statement(periods, s.Usage, s.Scale)
	if err != nil {
		return nil, contract.Prefix("terms", err)
	}
	return st, nil
}

// Cash returns what the buyer pays each period as cash in. It returns
// the errors of [contract.TakeOrPay.Statement], with paths under "terms".
func (s TakeOrPayIncome) Cash(periods []contract.Period) ([]waterfall.SourceCash, error) {
	paid, err := s.Terms.Paid(periods, s.Usage, s.Scale)
	if err != nil {
		return nil, contract.Prefix("terms", err)
	}
	out := make([]waterfall.SourceCash, len(paid))
	for i, p := range paid {
		out[i].In = p // Out: decimal.Zero, the zero Decimal
	}
	return out, nil
}

// CashUnits is Cash in minor units of scale ([waterfall.UnitSource]).
func (s TakeOrPayIncome) CashUnits(periods []contract.Period, scale int32) (in, out []int64, ok bool, err error) {
	if scale == s.Scale { // the amounts are rounded to s.Scale: at another, from their decimals
		if in, ok, err = s.Terms.PaidUnits(periods, s.Usage, s.Scale); err != nil || ok {
			return in, nil, ok, contract.Prefix("terms", err)
		}
	}
	paid, err := s.Terms.Paid(periods, s.Usage, s.Scale)
	if err != nil {
		return nil, nil, false, contract.Prefix("terms", err)
	}
	in, ok = unitsOf(paid, scale)
	return in, nil, ok, nil
}
