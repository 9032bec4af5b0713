package metrics

import (
	"fmt"

	"github.com/jvwaterfall/jvwaterfall/contract"
	"github.com/shopspring/decimal"
)

// MultiplePlaces is the number of decimal places of the multiples this
// package computes: [MOIC] and the [Multiples] DPI, RVPI and TVPI. They
// are rounded half away from zero.
const MultiplePlaces = 10

// MOIC returns the multiple on invested capital, received / paidIn, rounded
// half away from zero to [MultiplePlaces] decimal places. received may be
// negative, for a party that paid out more than it got back (a clawback,
// carry into escrow): the multiple is then below zero.
//
// MOIC returns an error if paidIn <= 0 ([contract.FieldError] at "paid_in"
// wrapping [contract.ErrRange]).
func MOIC(paidIn, received decimal.Decimal) (decimal.Decimal, error) {
	if err := checkPaidIn(paidIn); err != nil {
		return decimal.Decimal{}, err
	}
	return received.DivRound(paidIn, MultiplePlaces), nil
}

// Multiples are an investor's multiples of paid-in capital, each rounded
// half away from zero to [MultiplePlaces] decimal places. The zero value
// means "not computed": all three are zero.
type Multiples struct {
	DPI  decimal.Decimal // distributions to paid-in: distributed / paid-in
	RVPI decimal.Decimal // residual value to paid-in: NAV / paid-in
	TVPI decimal.Decimal // total value to paid-in: (distributed + NAV) / paid-in; DPI + RVPI up to rounding
}

// PaidInMultiples returns the multiples of paidIn that distributed (what
// the investor received) and nav (the value of what it still holds) make.
// DPI is [MOIC] of what was distributed, and TVPI is MOIC of distributed
// plus nav, to the last digit.
//
// PaidInMultiples returns an error if:
//   - paidIn <= 0 ([contract.FieldError] at "paid_in" wrapping
//     [contract.ErrRange]);
//   - nav is negative ([contract.FieldError] at "nav" wrapping
//     [contract.ErrNegative]).
func PaidInMultiples(paidIn, distributed, nav decimal.Decimal) (Multiples, error) {
	if err := checkPaidIn(paidIn); err != nil {
		return Multiples{}, err
	}
	if nav.Sign() < 0 {
		return Multiples{}, contract.Field("nav", fmt.Errorf("got %s: %w", nav, contract.ErrNegative))
	}
	return Multiples{
		DPI:  distributed.DivRound(paidIn, MultiplePlaces),
		RVPI: nav.DivRound(paidIn, MultiplePlaces),
		TVPI: distributed.Add(nav).DivRound(paidIn, MultiplePlaces),
	}, nil
}

func checkPaidIn(paidIn decimal.Decimal) error {
	if paidIn.Sign() <= 0 {
		return contract.Field("paid_in", fmt.Errorf("must be positive, got %s: %w", paidIn, contract.ErrRange))
	}
	return nil
}
