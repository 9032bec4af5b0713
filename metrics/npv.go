package metrics

import (
	"fmt"
	"math"
	"strconv"

	"github.com/jvwaterfall/jvwaterfall/contract"
	"github.com/shopspring/decimal"
)

// npvGuard is the number of extra decimal digits [XNPV] and [NPV] carry
// beyond what the amounts, the number of flows and places require.
const npvGuard = 12

// XNPV returns the net present value of the flows at the annual effective
// rate, with the conventions of [XIRR]:
//
//	Σ amount_i / (1+rate)^((d_i − d_1)/365)
//
// where d_1 is the earliest date, rounded half away from zero to places
// decimal places. It is computed in decimal as amount_i·exp(−ln(1+rate)·
// days_i/365), carrying enough guard digits that the error before rounding
// is below 10^−(places+10); only a value within that distance of a rounding
// tie can round the other way. Flows on d_1 are not discounted. No flows
// give zero.
//
// XNPV returns an error if rate <= -1, or if the rate is so close to -1
// that a discount factor exceeds 10^(2^20) ([contract.FieldError] at "rate"
// wrapping [contract.ErrRange]).
func XNPV(rate decimal.Decimal, flows []contract.Flow, places int32) (decimal.Decimal, error) {
	days := make([]int64, len(flows))
	for i, f := range flows {
		days[i] = daysFromCivil(f.Date)
	}
	v, err := presentValue(rate, days, 365, func(i int) decimal.Decimal { return flows[i].Amount }, places)
	if err != nil {
		return decimal.Decimal{}, fmt.Errorf("xnpv: %w", err)
	}
	return v, nil
}

// NPV returns the net present value of values at the rate per period, with
// the conventions of [IRR]: equal periods, the first value at t = 0,
//
//	Σ values[i] / (1+rate)^i
//
// rounded half away from zero to places decimal places, with the accuracy
// of [XNPV]. Unlike Excel's NPV, which discounts its first value by one
// period, the first value is not discounted, so that NPV at the rate [IRR]
// returns is zero. No values give zero.
//
// NPV returns the errors of [XNPV].
func NPV(rate decimal.Decimal, values []decimal.Decimal, places int32) (decimal.Decimal, error) {
	times := make([]int64, len(values))
	for i := range times {
		times[i] = int64(i)
	}
	v, err := presentValue(rate, times, 1, func(i int) decimal.Decimal { return values[i] }, places)
	if err != nil {
		return decimal.Decimal{}, fmt.Errorf("npv: %w", err)
	}
	return v, nil
}

// presentValue returns Σ amount(i)·(1+rate)^(−(t_i − t_min)/unit), rounded
// to places, for integer times t_i (days or periods).
func presentValue(rate decimal.Decimal, times []int64, unit int64, amount func(int) decimal.Decimal, places int32) (decimal.Decimal, error) {
	one := decimal.New(1, 0)
	growth := rate.Add(one)
	if growth.Sign() <= 0 {
		return decimal.Decimal{}, contract.Field("rate",
			fmt.Errorf("must be greater than -1, got %s: %w", rate, contract.ErrRange))
	}
	if len(times) == 0 {
		return decimal.Zero, nil
	}
	first, last := int64(math.MaxInt64), int64(math.MinInt64)
	amag := int64(0) // 10^amag bounds every |amount|
	for i, t := range times {
		first = min(first, t)
		last = max(last, t)
		if a := amount(i); !a.IsZero() {
			amag = max(amag, int64(a.NumDigits())+int64(a.Exponent()))
		}
	}
	span := last - first
	// 10^vmag bounds every discount factor: 1 unless the rate is negative.
	vmag := 0.0
	if lg := math.Log1p(rate.InexactFloat64()); lg < 0 && span > 0 {
		vmag = math.Ceil(-lg*float64(span)/float64(unit)/math.Ln10) + 1
	}
	const maxDigits = 1 << 20
	if vmag > maxDigits {
		return decimal.Decimal{}, contract.Field("rate",
			fmt.Errorf("%s grows the flows by more than 10^%d: %w", rate, maxDigits, contract.ErrRange))
	}
	work := int64(places) + npvGuard + int64(len(strconv.Itoa(len(times)))) + amag + int64(vmag)
	work = max(work, npvGuard)
	lnPlaces := work + int64(len(strconv.FormatInt(span, 10))) + 2
	lnGrowth, err := growth.Ln(int32(lnPlaces))
	if err != nil { // unreachable: growth > 0
		return decimal.Decimal{}, contract.Field("rate", fmt.Errorf("%w: %w", err, contract.ErrRange))
	}
	// A discount exponent above cutoff makes |amount·factor| < 10^−work.
	cutoff := float64(work+amag+2) * math.Ln10
	unitD := decimal.New(unit, 0)
	sum := decimal.Zero
	for i, t := range times {
		a := amount(i)
		d := t - first
		if d == 0 || a.IsZero() {
			sum = sum.Add(a)
			continue
		}
		expo := lnGrowth.Mul(decimal.New(d, 0)).DivRound(unitD, int32(work)+2)
		if expo.InexactFloat64() > cutoff {
			continue
		}
		factor, err := expo.Neg().ExpTaylor(int32(work))
		if err != nil { // unreachable: ExpTaylor never fails
			return decimal.Decimal{}, fmt.Errorf("discounting the amount at %d: %w", i, err)
		}
		sum = sum.Add(a.Mul(factor))
	}
	return sum.Round(places), nil
}
