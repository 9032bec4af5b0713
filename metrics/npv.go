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
// tie can round the other way. Flows on d_1 are not discounted, and add up
// exactly. No flows give zero.
//
// The digits XNPV works with, places plus the integer digits of the
// largest amount and of the largest discount factor (rate −0.9999999999
// over 30 years makes a factor of 10^300), are limited to 2,048. Within
// that limit one flow takes at most about 4 ms on one core, and typical
// inputs (rates above −99%, cents) a few microseconds ([methods: XNPV]).
//
// XNPV returns an error if:
//   - rate <= -1 ([contract.FieldError] at "rate" wrapping
//     [contract.ErrRange]);
//   - the rate is so close to -1 that a discount factor exceeds 10^2048
//     (the same, at "rate");
//   - an amount has more than 2,048 integer digits (at "flows[i].amount"),
//     or places plus the digits above exceed 2,048 (at "places").
//
// [methods: XNPV]: https://github.com/jvwaterfall/jvwaterfall/blob/main/docs/methods.md#xnpv-and-npv-exact-in-bounded-work
func XNPV(rate decimal.Decimal, flows []contract.Flow, places int32) (decimal.Decimal, error) {
	days := make([]int64, len(flows))
	for i, f := range flows {
		days[i] = daysFromCivil(f.Date)
	}
	v, err := presentValue(rate, days, 365, func(i int) decimal.Decimal { return flows[i].Amount },
		func(i int) string { return "flows[" + strconv.Itoa(i) + "].amount" }, places)
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
// NPV has the limits of [XNPV] and returns its errors, with paths
// "values[i]" for amounts.
func NPV(rate decimal.Decimal, values []decimal.Decimal, places int32) (decimal.Decimal, error) {
	times := make([]int64, len(values))
	for i := range times {
		times[i] = int64(i)
	}
	v, err := presentValue(rate, times, 1, func(i int) decimal.Decimal { return values[i] },
		func(i int) string { return "values[" + strconv.Itoa(i) + "]" }, places)
	if err != nil {
		return decimal.Decimal{}, fmt.Errorf("npv: %w", err)
	}
	return v, nil
}

// maxNPVDigits bounds the digits [XNPV] and [NPV] work with: the places
// asked for, the integer digits of the largest amount and of the largest
// discount factor, and the guard digits. It bounds their time and memory:
// at the limit, discounting one flow takes about 4 ms on one core (the
// docs of XNPV state it; change both together).
const maxNPVDigits = 2048

// presentValue returns Σ amount(i)·(1+rate)^(−(t_i − t_min)/unit), rounded
// to places, for integer times t_i (days or periods).
func presentValue(rate decimal.Decimal, times []int64, unit int64, amount func(int) decimal.Decimal,
	path func(int) string, places int32) (decimal.Decimal, error) {
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
	amag, big := int64(0), -1 // 10^amag bounds every |amount|; big is the largest
	for i, t := range times {
		first = min(first, t)
		last = max(last, t)
		if a := amount(i); !a.IsZero() {
			if m := int64(a.NumDigits()) + int64(a.Exponent()); m > amag {
				amag, big = m, i
			}
		}
	}
	span := last - first
	// 10^vmag bounds every discount factor: 1 unless the rate is negative.
	vmag := 0.0
	if lg := decimalLog(growth); lg < 0 && span > 0 {
		vmag = math.Ceil(-lg*float64(span)/float64(unit)/math.Ln10) + 1
	}
	nd := int64(len(strconv.Itoa(len(times))))
	switch {
	case vmag > maxNPVDigits:
		return decimal.Decimal{}, contract.Field("rate",
			fmt.Errorf("%s grows the flows by more than 10^%d: %w", rate, maxNPVDigits, contract.ErrRange))
	case amag > maxNPVDigits:
		return decimal.Decimal{}, contract.Field(path(big),
			fmt.Errorf("has more than %d digits: %w", maxNPVDigits, contract.ErrRange))
	}
	work := int64(places) + npvGuard + nd + amag + int64(vmag)
	if work > maxNPVDigits {
		return decimal.Decimal{}, contract.Field("places",
			fmt.Errorf("%d places of a value of %d digits need more than %d digits: %w",
				places, amag+int64(vmag), maxNPVDigits, contract.ErrRange))
	}
	if int64(places) < -(amag + int64(vmag) + nd + 1) {
		return decimal.Zero, nil // |sum| < 10^(amag+vmag+nd) rounds to 0
	}
	work = max(work, npvGuard)
	lnPlaces := work + int64(len(strconv.FormatInt(span, 10))) + 2
	// Digits of growth beyond lnPlaces+5 significant ones move each
	// factor by less than 10^−(work+3): drop them so that a rate of many
	// digits costs no more than a short one.
	lead := int64(growth.NumDigits()) + int64(growth.Exponent())
	if keep := lnPlaces + 5 - lead; keep < -int64(growth.Exponent()) {
		growth = growth.Round(int32(keep))
	}
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
		if a.IsZero() || int64(a.NumDigits())+int64(a.Exponent()) < -work-1 {
			continue // below 10^−(work+1) however it is discounted: factors are at most 10^vmag
		}
		if int64(a.Exponent()) < -work-1 {
			a = a.Round(int32(work + 1))
		}
		d := t - first
		if d == 0 {
			sum = sum.Add(a)
			continue
		}
		expo := lnGrowth.Mul(decimal.New(d, 0)).DivRound(unitD, int32(work)+2)
		if approxFloat(expo) > cutoff {
			continue
		}
		sum = sum.Add(a.Mul(expRound(expo.Neg(), int32(work))))
	}
	return sum.Round(places), nil
}

// decimalLog returns ln(d) for d > 0 in float64, for any exponent of d.
func decimalLog(d decimal.Decimal) float64 {
	if f := d.InexactFloat64(); f > 1e-300 && f < 1e300 {
		return math.Log(f)
	}
	// d = c·10^e = (c·10^−k)·10^(e+k), with c·10^−k near 1.
	k := int64(d.NumDigits()) - 1
	m := decimal.NewFromBigInt(d.Coefficient(), -int32(min(k, math.MaxInt32))).InexactFloat64()
	return math.Log(m) + float64(int64(d.Exponent())+k)*math.Ln10
}
