package contract

import (
	"errors"
	"fmt"
	"math"
	"time"

	"github.com/jvwaterfall/jvwaterfall/internal/exact"
	"github.com/shopspring/decimal"
)

// Path is a value for each period of a schedule: Path[i] applies to period
// i. A path of one value applies it to every period. The zero value (no
// values) is not a valid path.
type Path []decimal.Decimal

// Const returns a path that holds v in every period.
func Const(v decimal.Decimal) Path { return Path{v} }

// At returns the value for period i: the only value of a one-value path,
// else p[i]. It returns false when p has no value for i.
func (p Path) At(i int) (decimal.Decimal, bool) {
	switch {
	case len(p) == 1 && i >= 0:
		return p[0], true
	case i >= 0 && i < len(p):
		return p[i], true
	}
	return decimal.Zero, false
}

// check reports a path that does not cover n periods or holds a negative
// value, with paths under name.
func (p Path) check(name string, n int) error {
	var errs []error
	switch {
	case len(p) == 0:
		errs = append(errs, Field(name, ErrRequired))
	case len(p) != 1 && len(p) < n:
		errs = append(errs, Field(name, fmt.Errorf("%d values for %d periods: %w", len(p), n, ErrRange)))
	}
	for i, v := range p {
		if v.Sign() < 0 {
			errs = append(errs, Field(fmt.Sprintf("%s[%d]", name, i), ErrNegative))
		}
	}
	return errors.Join(errs...)
}

// Energy is the electricity a facility buys: an average load in MW for
// each period at a price per MWh for each period, of which a share is
// billed on to the buyer of the facility's output (pass-through). The zero
// value is not valid: Load and Price are required.
//
// # Rounding
//
// A period's hours are its calendar days × 24 (no daylight-saving hours).
// Its cost is Load × hours × Price, rounded once, half away from zero, to
// the minor unit; the pass-through is that rounded cost × PassThrough,
// rounded the same way; the net cost is the difference, so cost =
// pass-through + net exactly.
type Energy struct {
	Load        Path            // average MW drawn in each period; not negative
	Price       Path            // currency per MWh in each period; not negative
	PassThrough decimal.Decimal // share of the cost billed on to the buyer, 0 to 1; 0.25 means 25%
}

// Validate reports every problem with e, with the paths "load[i]",
// "price[i]" and "pass_through": a missing path ([ErrRequired]), a
// negative value ([ErrNegative]) or a pass-through share outside 0 to 1
// ([ErrRange]).
func (e Energy) Validate() error {
	return e.validate(1)
}

func (e Energy) validate(n int) error {
	errs := []error{e.Load.check("load", n), e.Price.check("price", n)}
	if !isShare(e.PassThrough) {
		errs = append(errs, Field("pass_through", fmt.Errorf("%s is not between 0 and 1: %w", e.PassThrough, ErrRange)))
	}
	return errors.Join(errs...)
}

// EnergyPeriod is one period of an energy bill.
type EnergyPeriod struct {
	Period      Period
	Hours       int64           // calendar days × 24
	Load        decimal.Decimal // MW
	MWh         decimal.Decimal // Load × Hours
	Price       decimal.Decimal // currency per MWh
	Cost        decimal.Decimal // money: MWh × Price, rounded
	PassThrough decimal.Decimal // money billed on to the buyer: Cost × share, rounded
	Net         decimal.Decimal // money the facility bears: Cost − PassThrough
}

// Bill returns the energy cost of each period, money rounded to scale
// decimal places (2 for cents). It returns an error if the terms are
// invalid, if a path has fewer values than there are periods ([ErrRange]),
// or if scale is outside 0..8.
func (e Energy) Bill(periods []Period, scale int32) ([]EnergyPeriod, error) {
	out := make([]EnergyPeriod, len(periods))
	err := e.bill(periods, scale, true, false, func(i int, f energyFigures) {
		out[i] = EnergyPeriod{Period: periods[i], Hours: f.hours, Load: f.load, MWh: f.mwh, Price: f.price, Cost: f.cost, PassThrough: f.pass, Net: f.net}
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// Charges returns the money of each period of [Energy.Bill], the same
// decimals, with the same errors, without the rest of the bill: the cost
// and the pass-through of period i are cost[i] and passThrough[i].
func (e Energy) Charges(periods []Period, scale int32) (cost, passThrough []decimal.Decimal, err error) {
	money := make([]decimal.Decimal, 2*len(periods)) // one array for both
	cost, passThrough = money[:len(periods):len(periods)], money[len(periods):]
	err = e.bill(periods, scale, false, false, func(i int, f energyFigures) { cost[i], passThrough[i] = f.cost, f.pass })
	if err != nil {
		return nil, nil, err
	}
	return cost, passThrough, nil
}

// ChargesUnits returns Charges as counts of minor units of scale (cents
// at 2), without making a decimal of each; ok is false when an amount
// does not fit an int64 (Charges has it). It returns Charges' errors.
func (e Energy) ChargesUnits(periods []Period, scale int32) (cost, passThrough []int64, ok bool, err error) {
	money, fits := make([]int64, 2*len(periods)), true // one array for both
	cost, passThrough = money[:len(periods):len(periods)], money[len(periods):]
	err = e.bill(periods, scale, false, true, func(i int, f energyFigures) {
		cost[i], passThrough[i], fits = f.units[0], f.units[1], fits && f.fits
	})
	if err != nil || !fits {
		return nil, nil, false, err
	}
	return cost, passThrough, true, nil
}

// energyFigures is what one period's bill works out.
type energyFigures struct {
	hours                             int64
	load, price, mwh, cost, pass, net decimal.Decimal // net: cost − pass, made only for a bill's rows
	units                             [2]int64        // with units: the cost and pass-through in minor units …
	fits                              bool            // … when they fit (cost and pass then made only when not)
}

// bill works out each period's figures, the net cost too when net is
// set, and hands them to each in the periods' order; with units, the
// cost and pass-through in minor units, and their decimals only when
// those do not fit.
func (e Energy) bill(periods []Period, scale int32, net, units bool, each func(i int, f energyFigures)) error {
	if err := errors.Join(e.validate(len(periods)), checkMoneyScale(scale)); err != nil {
		return err
	}
	// Most periods repeat the load, price and length of one of the last
	// few (months have four lengths): the same figures, worked out once.
	var recent [4]energyFigures // the last figures worked out, the latest first
	var s smallArith            // the charges' arithmetic, which shares the decimals it makes
	n := 0                      // how many are in recent
	prevEnd := int64(0)         // the day number of the period before's End
	for i, p := range periods {
		load, _ := e.Load.At(i)
		price, _ := e.Price.At(i)
		d0, d1 := prevEnd, dayNumber(p.End)
		if i == 0 || p.Start != periods[i-1].End { // == is the same date: its day number is prevEnd
			d0 = dayNumber(p.Start)
		}
		prevEnd = d1
		hours := (d1 - d0) * 24 // Days(p.Start, p.End) × 24
		if j, ok := sameEnergy(recent[:n], hours, load, price); ok {
			each(i, recent[j])
			continue
		}
		f := energyFigures{hours: hours, load: load, price: price}
		if net || !e.charges(&s, &f, scale, units) {
			f.mwh = mulInt(load, hours)
			f.cost = exact.MulRound(f.mwh, price, scale)
			f.pass = exact.MulRound(f.cost, e.PassThrough, scale)
			if units {
				var ok [2]bool
				f.units[0], ok[0] = exact.Units(f.cost, scale)
				f.units[1], ok[1] = exact.Units(f.pass, scale)
				f.fits = ok[0] && ok[1]
			}
		}
		if net {
			f.net = exact.Sub(f.cost, f.pass)
		}
		copy(recent[1:], recent[:])
		recent[0], n = f, min(n+1, len(recent))
		each(i, f)
	}
	return nil
}

// charges sets f's cost and pass-through, the decimals bill works out
// (the same value and exponent), in integers, without the MWh, and
// reports whether they fit; s makes the decimals, or, with units, f.units
// has them in minor units.
func (e Energy) charges(s *smallArith, f *energyFigures, scale int32, units bool) bool {
	c, ok := mulIntCoef(f.load, f.hours)
	if !ok {
		return false
	}
	var q smallArith
	cost := q.mulRound(small{c, f.load.Exponent()}, q.from(f.price), scale)
	pass := q.mulRound(cost, q.from(e.PassThrough), scale)
	if q.over {
		return false
	}
	if units {
		var ok [2]bool
		f.units[0], ok[0] = unitsOf(cost, scale)
		f.units[1], ok[1] = unitsOf(pass, scale)
		f.fits = ok[0] && ok[1]
		return f.fits
	}
	f.cost, f.pass = s.dec(cost), s.dec(pass)
	return true
}

// sameEnergy returns the figures among recent worked out for the same
// hours, load and price.
func sameEnergy(recent []energyFigures, hours int64, load, price decimal.Decimal) (int, bool) {
	for j := range recent {
		if q := &recent[j]; q.hours == hours && sameDecimal(q.load, load) && sameDecimal(q.price, price) {
			return j, true
		}
	}
	return 0, false
}

// sameDecimal reports whether a and b are the same decimal: the same
// value with the same exponent, so that arithmetic on either gives the
// same result, written alike. Copies of one decimal (the same coefficient
// pointer and exponent: a decimal never changes once made) are the same
// without reading their coefficients.
func sameDecimal(a, b decimal.Decimal) bool {
	return a == b || a.Exponent() == b.Exponent() && a.Equal(b)
}

func checkMoneyScale(scale int32) error {
	if scale < 0 || scale > 8 {
		return Field("scale", fmt.Errorf("%d, want 0 to 8: %w", scale, ErrRange))
	}
	return nil
}

// Opex is an operating cost quoted per year and escalated each contract
// year, charged by period in proportion to the period's share of a year.
// The zero value costs nothing but is not valid: Start is required.
//
// # Rounding
//
// A period from s to e (clipped to the span after Start and up to End)
// costs Annual × the [Escalation] factor of the contract year in which e
// falls × the [DayCount] fraction num/den of (s, e], computed exactly and
// rounded once, half away from zero, to the minor unit.
type Opex struct {
	Annual     decimal.Decimal // cost per year in contract year 0, currency units; not negative
	Start      time.Time       // the cost runs after this date; contract years count from it
	End        time.Time       // the cost's last day; zero: it never ends
	Escalation Escalation      // how the annual cost grows each contract year
	DayCount   DayCount        // how a period's share of a year is counted; zero value = ACT/365F
}

// Validate reports every problem with o: a negative Annual
// ([ErrNegative]), a missing Start ([ErrRequired]), an End not after
// Start ([ErrOrder]), an invalid escalation or day count.
func (o Opex) Validate() error {
	var errs []error
	if o.Annual.Sign() < 0 {
		errs = append(errs, Field("annual", ErrNegative))
	}
	if o.Start.IsZero() {
		errs = append(errs, Field("start", ErrRequired))
	} else if !o.End.IsZero() && dayNumber(o.End) <= dayNumber(o.Start) {
		errs = append(errs, Field("end", fmt.Errorf("%s is not after start %s: %w", o.End.Format(time.DateOnly), o.Start.Format(time.DateOnly), ErrOrder)))
	}
	if err := o.Escalation.Validate(); err != nil {
		errs = append(errs, Prefix("escalation", err))
	}
	if !o.DayCount.Valid() {
		errs = append(errs, Field("day_count", fmt.Errorf("unknown day count %d: %w", uint8(o.DayCount), ErrRange)))
	}
	return errors.Join(errs...)
}

// OpexPeriod is one period's operating cost.
type OpexPeriod struct {
	Period       Period
	ContractYear int             // of the period's end; -1 when the period is outside the cost's span
	Factor       decimal.Decimal // escalation factor of the contract year
	Cost         decimal.Decimal // money
}

// Costs returns the operating cost of each period, money rounded to scale
// decimal places. It returns the errors of [Opex.Validate], an error if
// scale is outside 0..8, and an error wrapping [ErrRange] if an index path
// has no level for a contract year the periods reach.
func (o Opex) Costs(periods []Period, scale int32) ([]OpexPeriod, error) {
	out := make([]OpexPeriod, len(periods))
	err := o.costs(periods, scale, false, func(i, k int, f decimal.Decimal, cost opexCost) {
		out[i] = OpexPeriod{Period: periods[i], ContractYear: k, Factor: f, Cost: cost.dec}
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// Charges returns the Cost of each period of [Opex.Costs], the same
// decimals, with the same errors, without the rest.
func (o Opex) Charges(periods []Period, scale int32) ([]decimal.Decimal, error) {
	out := make([]decimal.Decimal, len(periods))
	if err := o.costs(periods, scale, false, func(i, _ int, _ decimal.Decimal, cost opexCost) { out[i] = cost.dec }); err != nil {
		return nil, err
	}
	return out, nil
}

// ChargesUnits returns Charges as counts of minor units of scale (cents
// at 2), without making a decimal of each; ok is false when a cost does
// not fit an int64 (Charges has it). It returns Charges' errors.
func (o Opex) ChargesUnits(periods []Period, scale int32) ([]int64, bool, error) {
	out, fits := make([]int64, len(periods)), true
	if err := o.costs(periods, scale, true, func(i, _ int, _ decimal.Decimal, cost opexCost) {
		out[i], fits = cost.units, fits && cost.fits
	}); err != nil {
		return nil, false, err
	}
	if !fits {
		return nil, false, nil
	}
	return out, true, nil
}

// opexCost is a period's cost: its decimal, or with units its count of
// minor units, when it fits (fits), and its decimal only when it does not.
type opexCost struct {
	dec   decimal.Decimal
	units int64
	fits  bool
}

// costs works out each period's contract year k (-1 outside the cost's
// span), escalation factor and cost, and hands them to each in the
// periods' order: with units, the cost in minor units.
func (o Opex) costs(periods []Period, scale int32, units bool, each func(i, k int, f decimal.Decimal, cost opexCost)) error {
	if err := errors.Join(o.Validate(), checkMoneyScale(scale)); err != nil {
		return err
	}
	esc := newEscalator(o.Escalation)
	// The cost depends on a period through its contract year and year
	// fraction only, which most periods share with an earlier one.
	type costKey struct {
		k        int
		num, den int64
	}
	// The costs of the current contract year worked out, by key: a
	// year's periods have a few lengths, so a short list serves.
	type known struct {
		key  costKey
		cost opexCost
	}
	var buf [8]known
	costs := buf[:0]
	startDay, endDay := dayNumber(o.Start), int64(0)
	if !o.End.IsZero() {
		endDay = dayNumber(o.End)
	}
	clock, lastTo := newYearClock(o.Start), int64(math.MinInt64)
	prevEnd := int64(0) // the day number of the period before's End
	for i, p := range periods {
		from, to := p.Start, p.End
		fromDay, toDay := prevEnd, dayNumber(to)
		if i == 0 || p.Start != periods[i-1].End { // == is the same date: its day number is prevEnd
			fromDay = dayNumber(from)
		}
		prevEnd = toDay
		if fromDay < startDay {
			from, fromDay = o.Start, startDay
		}
		if !o.End.IsZero() && toDay > endDay {
			to, toDay = o.End, endDay
		}
		if toDay <= fromDay {
			each(i, -1, decimal.Zero, opexCost{dec: decimal.Zero, fits: true})
			continue
		}
		if toDay < lastTo { // the clock only goes forward
			clock = newYearClock(o.Start)
		}
		k := clock.year(toDay)
		lastTo = toDay
		f, err := esc.factor(k)
		if err != nil {
			return Prefix(fmt.Sprintf("escalation (period %d)", i), err)
		}
		num, den := o.DayCount.fraction(from, to, fromDay, toDay) // Fraction(from, to): the day count is valid
		key, cost, ok := costKey{k, num, den}, opexCost{}, false
		for j := len(costs) - 1; j >= 0 && costs[j].key.k == k; j-- {
			if costs[j].key == key {
				cost, ok = costs[j].cost, true
				break
			}
		}
		if !ok {
			if units { // the coefficient of mulDivRound's decimal, of exponent −scale
				cost.units, cost.fits = mulDivRoundInt(o.Annual, f, num, den, scale)
			}
			if !cost.fits {
				cost.dec = mulDivRound(o.Annual, f, num, den, scale)
				if units {
					cost.units, cost.fits = exact.Units(cost.dec, scale)
				}
			}
			if n := len(costs); n > 0 && costs[n-1].key.k != k {
				costs = costs[:0] // the search stops at another year: only this year's are kept
			}
			costs = append(costs, known{key, cost})
		}
		each(i, k, f, cost)
	}
	return nil
}
