package contract

import (
	"errors"
	"fmt"
	"math/big"
	"math/bits"
	"time"

	"github.com/jvwaterfall/jvwaterfall/internal/exact"
	"github.com/shopspring/decimal"
)

// PricePlaces is the number of decimal places kept in an escalated unit
// price or cost factor: [Escalation.Factor] rounds half away from zero to
// it, once per contract year. Money computed from it is rounded to the
// minor unit only when a line is billed.
const PricePlaces = 12

// QuantityPlaces is the number of decimal places kept in a quantity that
// is pro-rated by days (a minimum quantity reduced for a suspension or a
// short contract year), rounded half away from zero.
const QuantityPlaces = 10

// maxEscalationYears bounds the contract years an escalation is computed
// for, so that a fixed rate raised to a huge power cannot run away.
const maxEscalationYears = 1000

// Escalation says how a price or cost grows from one contract year to the
// next. The zero value is no escalation: a factor of 1 in every year.
//
// With Rate, the factor of contract year k (0-based) is (1 + Rate)^k: the
// price steps up once a year, on each anniversary. With Index, it is
// Index[k] / Index[0]: the price follows an index path, one level per
// contract year. Rate and Index cannot both be set.
type Escalation struct {
	Rate  decimal.Decimal   // fixed annual step; 0.025 means +2.5% a year; above -1
	Index []decimal.Decimal // index levels by contract year, Index[0] the base; all positive
}

// Validate reports every problem with e, as [FieldError]s with the paths
// "rate" and "index[i]". It returns an error if:
//   - Rate is -1 or below ([ErrRange]);
//   - both Rate and Index are set ([ErrInvalid], path "index");
//   - an index level is zero or negative ([ErrRange]).
func (e Escalation) Validate() error {
	var errs []error
	if e.Rate.LessThanOrEqual(minusOne) {
		errs = append(errs, Field("rate", fmt.Errorf("%s is -100%% or below: %w", e.Rate, ErrRange)))
	}
	if !e.Rate.IsZero() && len(e.Index) > 0 {
		errs = append(errs, Field("index", fmt.Errorf("both a fixed rate and an index path are set: %w", ErrInvalid)))
	}
	for i, x := range e.Index {
		if x.Sign() <= 0 {
			errs = append(errs, Field(fmt.Sprintf("index[%d]", i), fmt.Errorf("level %s is not positive: %w", x, ErrRange)))
		}
	}
	return errors.Join(errs...)
}

// Factor returns the escalation factor of contract year k (0 for the first
// year), rounded half away from zero to [PricePlaces]. It returns an error
// wrapping [ErrRange] if k is negative, if an index path has no level for
// year k, or if k is above 1000.
func (e Escalation) Factor(k int) (decimal.Decimal, error) {
	switch {
	case k < 0 || k > maxEscalationYears:
		return decimal.Zero, fmt.Errorf("contract year %d: %w", k, ErrRange)
	case len(e.Index) > 0:
		if k >= len(e.Index) {
			return decimal.Zero, Field("index", fmt.Errorf("no level for contract year %d (%d levels): %w", k, len(e.Index), ErrRange))
		}
		if e.Index[0].Sign() <= 0 {
			return decimal.Zero, Field("index[0]", ErrRange)
		}
		return exact.DivRound(e.Index[k], e.Index[0], PricePlaces), nil
	}
	// (1+r)^k by repeated exact multiplication, rounded once.
	step := decimal.NewFromInt(1).Add(e.Rate)
	f := decimal.NewFromInt(1)
	for range k {
		f = f.Mul(step).Round(PricePlaces + 8)
	}
	return f.Round(PricePlaces), nil
}

var minusOne = decimal.NewFromInt(-1)

// escalator computes the factors of one escalation year by year: a
// contract laid over P periods asks for each period's factor, and
// computing each from scratch costs O(k), O(P·years) in all. It keeps every
// factor computed and the running power, so the factors are the same as
// [Escalation.Factor]'s, each computed once. The power is kept in 128-bit
// integers while it fits (powerSteps), in decimals otherwise.
type escalator struct {
	e       Escalation
	step    decimal.Decimal   // 1 + Rate, made with the power of year 0
	power   decimal.Decimal   // (1+Rate)^(len(factors)-1), at PricePlaces+8 as Factor keeps it; stale while wide
	factors []decimal.Decimal // factor of year k at PricePlaces
	// wide is set while power's coefficient at exponent
	// −(PricePlaces+8) is hi·2^64 + lo.
	wide   bool
	hi, lo uint64
	// key names the rate in the memo of factors (escalationMemo) when
	// keyed; asked is set once the memo was asked, shared while factors
	// is the memo's slice rather than worked out here.
	key                  escalationKey
	keyed, asked, shared bool
}

func newEscalator(e Escalation) *escalator {
	return &escalator{e: e}
}

// powerPlaces are the decimals [Escalation.Factor] keeps in the power.
const powerPlaces = PricePlaces + 8

// factor returns [Escalation.Factor](k): the memo's factor when it holds
// year k, else the factors worked out year by year and kept in the memo.
func (x *escalator) factor(k int) (decimal.Decimal, error) {
	if len(x.e.Index) > 0 {
		return indexFactor(x.e, k) // an index path's factor costs O(1)
	}
	if k < 0 || k > maxEscalationYears {
		return x.e.Factor(k) // the same errors
	}
	if k < len(x.factors) {
		return x.factors[k], nil
	}
	if !x.asked {
		x.asked = true
		if x.key, x.keyed = escalationKeyOf(x.e.Rate); x.keyed {
			if f := memoFactors(x.key); k < len(f) {
				x.factors, x.shared = f, true
				return f[k], nil
			}
		}
	}
	if x.shared { // past the memo's years: work them out here from year 0
		x.factors, x.shared = nil, false
	}
	for len(x.factors) <= k {
		switch {
		case len(x.factors) == 0:
			x.step, x.power = decimal.NewFromInt(1).Add(x.e.Rate), decimal.NewFromInt(1)
		case x.wide && x.wideStep():
			if f, ok := x.wideFactor(); ok {
				x.factors = append(x.factors, f)
				continue
			}
			x.power, x.wide = x.narrow(), false
		default:
			if x.wide {
				x.power, x.wide = x.narrow(), false
			}
			x.power = x.power.Mul(x.step).Round(powerPlaces)
			x.hi, x.lo, x.wide = wideOf(x.power)
		}
		x.factors = append(x.factors, x.power.Round(PricePlaces))
	}
	if x.keyed {
		keepFactors(x.key, x.factors)
	}
	return x.factors[k], nil
}

// wideOf is d's coefficient in 128 bits, when d is not negative, has
// powerPlaces decimals and fits.
func wideOf(d decimal.Decimal) (hi, lo uint64, ok bool) {
	c := d.Coefficient()
	if c.Sign() < 0 || d.Exponent() != -powerPlaces || c.BitLen() > 128 {
		return 0, 0, false
	}
	return new(big.Int).Rsh(c, 64).Uint64(), c.Uint64(), true
}

// narrow is the power held in integers as a decimal.
func (x *escalator) narrow() decimal.Decimal {
	c := new(big.Int).Lsh(new(big.Int).SetUint64(x.hi), 64)
	return decimal.NewFromBigInt(c.Or(c, new(big.Int).SetUint64(x.lo)), -powerPlaces)
}

// wideStep is power.Mul(step).Round(powerPlaces) in integers: the
// coefficient times step's, divided by 10^−step.e rounded half up. It
// reports false, and leaves the power as it was, when step is not a
// positive coefficient of at most 18 digits at an exponent from −19 to 0,
// or the result does not fit 128 bits.
func (x *escalator) wideStep() bool {
	e := x.step.Exponent()
	if x.step.Sign() <= 0 || x.step.NumDigits() > 18 || e > 0 || -e >= int32(len(pow10s)) {
		return false
	}
	s, d := uint64(x.step.CoefficientInt64()), pow10s[-e]
	// n2·2^128 + n1·2^64 + n0 = (hi·2^64 + lo)·s.
	h0, n0 := bits.Mul64(x.lo, s)
	h1, l1 := bits.Mul64(x.hi, s)
	n1, c := bits.Add64(l1, h0, 0)
	n2 := h1 + c
	q2, r := n2/d, n2%d
	q1, r := bits.Div64(r, n1, d)
	q0, r := bits.Div64(r, n0, d)
	if r >= d-r { // 2r ≥ d: half up
		q0, c = bits.Add64(q0, 1, 0)
		q1, c = bits.Add64(q1, 0, c)
		q2 += c
	}
	if q2 != 0 {
		return false
	}
	x.hi, x.lo = q1, q0
	return true
}

// wideFactor is power.Round(PricePlaces) from the integers, when it fits
// an int64.
func (x *escalator) wideFactor() (decimal.Decimal, bool) {
	d := pow10s[powerPlaces-PricePlaces]
	if x.hi >= d {
		return decimal.Decimal{}, false
	}
	q, r := bits.Div64(x.hi, x.lo, d)
	if q >= 1<<63 { // too large, and q+1 must not wrap
		return decimal.Decimal{}, false
	}
	if r >= d-r {
		q++
	}
	c, ok := signedOf(q, false)
	return decimal.New(c, -PricePlaces), ok
}

// ContractYear returns the 0-based contract year of date d for a contract
// that starts on start: year k runs from the k-th anniversary of start
// (exclusive) to the next (inclusive), anniversaries rolled by
// [AddMonths] without the end-of-month rule. Dates on or before start are
// in year 0.
func ContractYear(start, d time.Time) int {
	y1, m1, d1 := start.Date()
	y2, m2, d2 := d.Date()
	k := ((y2-y1)*12 + int(m2) - int(m1)) / 12
	if k < 0 {
		return 0
	}
	// The day number of the k-th anniversary, AddMonths(start, 12k,
	// false): the same month k years on, the day clamped to its length.
	anniversary := func(k int) int64 {
		y := int64(y1) + int64(k)
		return civil(y, m1, min(d1, daysIn(y, m1)))
	}
	day := civil(int64(y2), m2, d2)
	// k anniversaries have passed at most; step back while d is on or
	// before the k-th anniversary.
	for k > 0 && day <= anniversary(k) {
		k--
	}
	for day > anniversary(k+1) {
		k++
	}
	return k
}

// yearClock tells the contract years of days that never go back, by
// day number, as [ContractYear] tells them of dates.
type yearClock struct {
	y, d int        // start's year and day of the month
	m    time.Month // start's month
	k    int        // the contract year of the last day asked
	next int64      // day number of anniversary k+1, the last day of year k
}

func newYearClock(start time.Time) yearClock {
	c := yearClock{}
	c.y, c.m, c.d = start.Date()
	c.next = c.anniversary(1)
	return c
}

// anniversary is the day number of the k-th anniversary, AddMonths(start,
// 12k, false): the same month k years on, the day clamped to its length.
func (c *yearClock) anniversary(k int) int64 {
	y := int64(c.y) + int64(k)
	return civil(y, c.m, min(c.d, daysIn(y, c.m)))
}

// year is the contract year of day, no earlier than the day asked before.
func (c *yearClock) year(day int64) int {
	for day > c.next {
		c.k++
		c.next = c.anniversary(c.k + 1)
	}
	return c.k
}
