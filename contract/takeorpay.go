package contract

import (
	"errors"
	"fmt"
	"time"

	"github.com/shopspring/decimal"
)

// Measure says over what span a take-or-pay minimum is measured. The zero
// value is [PerPeriod]. New values are only ever added at the end.
type Measure uint8

// The measurement spans of a take-or-pay minimum.
const (
	// PerPeriod measures the minimum over each period of the schedule.
	PerPeriod Measure = iota
	// PerContractYear measures the minimum over each contract year: the
	// takes of all periods that end in the year are added up, and the
	// shortfall is settled in the year's last period.
	PerContractYear
)

var measureNames = [...]string{PerPeriod: "period", PerContractYear: "contract-year"}

// String returns "period" or "contract-year"; an invalid value prints as
// "Measure(9)".
func (m Measure) String() string {
	if m.Valid() {
		return measureNames[m]
	}
	return fmt.Sprintf("Measure(%d)", uint8(m))
}

// Valid reports whether m is one of the defined spans.
func (m Measure) Valid() bool { return int(m) < len(measureNames) }

// ParseMeasure returns the measure named s, "period" or "contract-year".
// It returns an error wrapping [ErrInvalid] for any other string.
func ParseMeasure(s string) (Measure, error) {
	for i, name := range measureNames {
		if s == name {
			return Measure(i), nil
		}
	}
	return 0, fmt.Errorf("unknown measure %q: want one of %q: %w", s, measureNames[:], ErrInvalid)
}

// MarshalText returns the name of the measure. It returns an error
// wrapping [ErrRange] if m is not valid.
func (m Measure) MarshalText() ([]byte, error) {
	if !m.Valid() {
		return nil, fmt.Errorf("marshaling %v: %w", m, ErrRange)
	}
	return []byte(m.String()), nil
}

// UnmarshalText sets m to the measure named by text, as [ParseMeasure].
func (m *Measure) UnmarshalText(text []byte) error {
	v, err := ParseMeasure(string(text))
	if err != nil {
		return err
	}
	*m = v
	return nil
}

// MakeUp are the buyer's make-up rights: the shortfall quantity it paid
// for becomes credits that it may take later. The zero value grants none.
//
// A credit's life is set by one of Window, Years or UntilEnd (at most one
// may be set; none means no make-up rights). Whatever its life, a credit
// lapses at the end of the term, and credits of several vintages are used
// oldest first.
type MakeUp struct {
	// Window is how many measurement periods after the one it was earned
	// in a credit stays usable. A credit earned at the close of
	// measurement m may be used in m+1 … m+Window and expires at the
	// close of m+Window (or at the end of the term, whichever is first).
	Window int
	// Years is a credit's life in contract years: a credit earned in
	// contract year y may be used until the close of contract year
	// y+Years (or the end of the term, whichever is first), however the
	// minimum is measured.
	Years int
	// UntilEnd keeps every credit usable until the end of the term, when
	// all that remain lapse.
	UntilEnd bool
	// Cap is the most credit quantity used in one measurement period;
	// zero means no cap.
	Cap decimal.Decimal
}

// granted reports whether m grants make-up rights.
func (m MakeUp) granted() bool { return m.Window > 0 || m.Years > 0 || m.UntilEnd }

// CarryForward lets takes above the minimum count against later
// shortfalls. The zero value grants none.
type CarryForward struct {
	// Window is how many measurement periods after the one it was taken in
	// an excess quantity may reduce a shortfall; 0 means no carry-forward.
	// Unused excess expires at the close of measurement m+Window, or at
	// the end of the term.
	Window int
}

// Suspension is a span of force majeure from From (exclusive) to To
// (inclusive): the buyer owes no minimum for those days. A measurement
// period's minimum is reduced in proportion to its suspended days.
type Suspension struct {
	From   time.Time
	To     time.Time
	Reason string // for reports
}

// Termination ends the contract early. The zero value (a zero Date) means
// the contract runs its full term.
type Termination struct {
	// Date is the last day of the shortened term; it must be inside the
	// term. The termination payment is billed in the period that contains
	// it.
	Date time.Time
	// Fixed is a fixed termination sum, in currency units (whole minor
	// units of the statement's scale).
	Fixed decimal.Decimal
	// Share is the share, 0 to 1, of the value of the minimum quantity
	// the buyer is released from (each released measurement period's
	// minimum at that period's price) that the buyer pays.
	Share decimal.Decimal
}

// TakeOrPay is a take-or-pay contract: the buyer commits to take at least
// Minimum per measurement period (or, ramped, Minimums[k] in contract
// year k) at an escalating unit price, and pays a shortfall payment for
// what it does not take. Quantities are in any unit (MWh, MW-months,
// GPU-hours); money is in currency units.
//
// The zero value is not valid: Buyer, Seller, Start and End are required.
//
// # Statement rules
//
// [TakeOrPay.Statement] applies the terms to a schedule of periods and a
// path of quantities taken. Periods are priced at Price escalated by
// contract year; each measurement period's minimum is pro-rated for days
// outside the term or suspended. Each period, the take above the minimum
// first uses make-up credits (oldest first), then becomes carry-forward;
// at the close of a measurement period, carry-forward reduces the
// shortfall, the buyer pays ShortfallShare × price for the rest, which
// become make-up credits, and expired credits lapse. The rules in full
// are in [methods: take-or-pay].
//
// # Rounding
//
// Unit prices are kept to [PricePlaces] decimals and pro-rated minimums to
// [QuantityPlaces]; quantities are otherwise exact. Each billed line — the
// take charge (units not covered by credits × price), the make-up charge,
// the shortfall payment and the termination payment — is rounded once,
// half away from zero, to the statement's minor unit, and Paid is their
// exact sum.
//
// [methods: take-or-pay]: https://github.com/jvwaterfall/jvwaterfall/blob/main/docs/methods.md#take-or-pay-the-statement
type TakeOrPay struct {
	Buyer   string          // who takes and pays
	Seller  string          // who delivers and is paid
	Start   time.Time       // the term starts after this date
	End     time.Time       // the term's last day
	Minimum decimal.Decimal // minimum quantity per measurement period; not negative; zero when Minimums is set
	// Minimums ramps the minimum by contract year: the minimum per
	// measurement period of contract year k is Minimums[k], and past the
	// end of the list its last entry. Empty: Minimum in every year.
	Minimums       []decimal.Decimal
	Measure        Measure         // zero value = PerPeriod
	Price          decimal.Decimal // unit price in contract year 0, currency units; not negative
	Escalation     Escalation      // how Price grows each contract year
	ShortfallShare decimal.Decimal // share of the price paid per unit of shortfall, 0 to 1; 0.75 means 75%
	MakeUp         MakeUp          // make-up rights; zero value = none
	CarryForward   CarryForward    // carry-forward of excess takes; zero value = none
	Suspensions    []Suspension    // force majeure spans, in order, not overlapping
	Termination    Termination     // early termination; zero value = none
}

// Validate reports every problem with t, as [FieldError]s joined with
// [errors.Join]. It returns an error if:
//   - Buyer, Seller, Start or End is missing ([ErrRequired]), or Buyer and
//     Seller are the same ([ErrInvalid], path "seller");
//   - End is not after Start ([ErrOrder], path "end");
//   - Minimum, an entry of Minimums or Price is negative ([ErrNegative]),
//     or Minimum is not zero with Minimums set ([ErrInvalid], path
//     "minimum");
//   - Measure is not defined, or ShortfallShare is outside 0 to 1
//     ([ErrRange]);
//   - the escalation is invalid, or its index path has fewer levels than
//     the term has contract years ([ErrRange], path "escalation.index");
//   - a window or credit life is negative or a cap negative ([ErrRange],
//     [ErrNegative]), or more than one of the make-up rights' Window,
//     Years and UntilEnd is set ([ErrInvalid], path "make_up");
//   - a suspension lacks a date, ends before it starts, or overlaps or
//     precedes the one before it ([ErrRequired], [ErrOrder]);
//   - the termination date is not inside the term, or its Fixed sum is
//     negative or its Share outside 0 to 1.
func (t TakeOrPay) Validate() error {
	var errs []error
	add := func(path string, err error) { errs = append(errs, Field(path, err)) }
	if t.Buyer == "" {
		add("buyer", ErrRequired)
	}
	if t.Seller == "" {
		add("seller", ErrRequired)
	} else if t.Seller == t.Buyer {
		add("seller", fmt.Errorf("%q is also the buyer: %w", t.Seller, ErrInvalid))
	}
	datesOK := true
	if t.Start.IsZero() {
		add("start", ErrRequired)
		datesOK = false
	}
	if t.End.IsZero() {
		add("end", ErrRequired)
		datesOK = false
	}
	if datesOK && dayNumber(t.End) <= dayNumber(t.Start) {
		add("end", fmt.Errorf("%s is not after start %s: %w", t.End.Format(time.DateOnly), t.Start.Format(time.DateOnly), ErrOrder))
		datesOK = false
	}
	if t.Minimum.Sign() < 0 {
		add("minimum", ErrNegative)
	} else if len(t.Minimums) > 0 && !t.Minimum.IsZero() {
		add("minimum", fmt.Errorf("%s with minimums by contract year: give one or the other: %w", t.Minimum, ErrInvalid))
	}
	for i, m := range t.Minimums {
		if m.Sign() < 0 {
			add(fmt.Sprintf("minimums[%d]", i), ErrNegative)
		}
	}
	if !t.Measure.Valid() {
		add("measure", fmt.Errorf("unknown measure %d: %w", uint8(t.Measure), ErrRange))
	}
	if t.Price.Sign() < 0 {
		add("price", ErrNegative)
	}
	if err := t.Escalation.Validate(); err != nil {
		errs = append(errs, Prefix("escalation", err))
	} else if datesOK && len(t.Escalation.Index) > 0 {
		if years := ContractYear(t.Start, t.End) + 1; len(t.Escalation.Index) < years {
			add("escalation.index", fmt.Errorf("%d levels for %d contract years: %w", len(t.Escalation.Index), years, ErrRange))
		}
	}
	if !isShare(t.ShortfallShare) {
		add("shortfall_share", fmt.Errorf("%s is not between 0 and 1: %w", t.ShortfallShare, ErrRange))
	}
	if t.MakeUp.Window < 0 {
		add("make_up.window", fmt.Errorf("%d: %w", t.MakeUp.Window, ErrRange))
	}
	if t.MakeUp.Years < 0 {
		add("make_up.years", fmt.Errorf("%d: %w", t.MakeUp.Years, ErrRange))
	}
	if lives := btoi(t.MakeUp.Window > 0) + btoi(t.MakeUp.Years > 0) + btoi(t.MakeUp.UntilEnd); lives > 1 {
		add("make_up", fmt.Errorf("window %d, years %d and until_end %t: a credit has one life, set one of them: %w",
			t.MakeUp.Window, t.MakeUp.Years, t.MakeUp.UntilEnd, ErrInvalid))
	}
	if t.MakeUp.Cap.Sign() < 0 {
		add("make_up.cap", ErrNegative)
	}
	if t.CarryForward.Window < 0 {
		add("carry_forward.window", fmt.Errorf("%d: %w", t.CarryForward.Window, ErrRange))
	}
	for i, s := range t.Suspensions {
		path := fmt.Sprintf("suspensions[%d]", i)
		switch {
		case s.From.IsZero():
			add(path+".from", ErrRequired)
		case s.To.IsZero():
			add(path+".to", ErrRequired)
		case dayNumber(s.To) <= dayNumber(s.From):
			add(path+".to", fmt.Errorf("%s is not after from %s: %w", s.To.Format(time.DateOnly), s.From.Format(time.DateOnly), ErrOrder))
		case i > 0 && !t.Suspensions[i-1].To.IsZero() && dayNumber(s.From) < dayNumber(t.Suspensions[i-1].To):
			add(path+".from", fmt.Errorf("%s overlaps or precedes the suspension before: %w", s.From.Format(time.DateOnly), ErrOrder))
		}
	}
	if tm := t.Termination; !tm.Date.IsZero() {
		if datesOK && (dayNumber(tm.Date) <= dayNumber(t.Start) || dayNumber(tm.Date) >= dayNumber(t.End)) {
			add("termination.date", fmt.Errorf("%s is not inside the term (%s, %s): %w",
				tm.Date.Format(time.DateOnly), t.Start.Format(time.DateOnly), t.End.Format(time.DateOnly), ErrRange))
		}
		if tm.Fixed.Sign() < 0 {
			add("termination.fixed", ErrNegative)
		}
		if !isShare(tm.Share) {
			add("termination.share", fmt.Errorf("%s is not between 0 and 1: %w", tm.Share, ErrRange))
		}
	} else if !tm.Fixed.IsZero() || !tm.Share.IsZero() {
		add("termination.date", fmt.Errorf("a termination payment needs a date: %w", ErrRequired))
	}
	return errors.Join(errs...)
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}

// minimum returns the minimum per measurement period of contract year k.
func (t TakeOrPay) minimum(k int) decimal.Decimal {
	switch n := len(t.Minimums); {
	case n == 0:
		return t.Minimum
	case k < n:
		return t.Minimums[k]
	default:
		return t.Minimums[n-1]
	}
}

func isShare(x decimal.Decimal) bool {
	return x.Sign() >= 0 && x.LessThanOrEqual(one)
}

// TakeOrPayPeriod is one period of a take-or-pay statement. Quantities are
// in the contract's unit, money in currency units (whole minor units). The
// credit and carry-forward balances are as at the end of the period.
type TakeOrPayPeriod struct {
	Period       Period
	InTerm       bool            // the period shares a day with the term; all else is zero when false
	ContractYear int             // 0-based contract year of the period's end (clipped to the term)
	Price        decimal.Decimal // escalated unit price, [PricePlaces] decimals
	Taken        decimal.Decimal // quantity taken, from the usage path
	Closes       bool            // a measurement period closes with this period
	Minimum      decimal.Decimal // the minimum of the measurement period that closes here; zero when none closes

	TakeCharge   decimal.Decimal // money: (Taken − CreditsUsed) × Price, rounded
	MakeUpCharge decimal.Decimal // money: credits used × (Price − prepaid per unit), rounded
	Billed       decimal.Decimal // money: TakeCharge + MakeUpCharge

	Shortfall        decimal.Decimal // quantity short of the minimum, after carry-forward
	ShortfallPayment decimal.Decimal // money: Shortfall × Price × ShortfallShare, rounded

	CreditsEarned  decimal.Decimal // make-up credits earned from this period's shortfall
	CreditsUsed    decimal.Decimal // credits taken against this period's excess
	CreditsExpired decimal.Decimal // credits whose window ended with this period
	CreditsBalance decimal.Decimal // credits still usable after this period

	CarriedEarned  decimal.Decimal // excess takes carried forward from this period
	CarriedUsed    decimal.Decimal // carry-forward set against this period's shortfall
	CarriedExpired decimal.Decimal // carry-forward whose window ended with this period
	CarriedBalance decimal.Decimal // carry-forward still usable after this period

	TerminationPayment decimal.Decimal // money, in the period that contains the termination date

	Paid           decimal.Decimal // money the buyer pays the seller: Billed + ShortfallPayment + TerminationPayment
	EffectivePrice decimal.Decimal // Paid / Taken to [PricePlaces] decimals; zero when nothing is taken
}

// topLayout is how the term maps onto a schedule.
type topLayout struct {
	inTerm   []bool
	year     []int
	closes   []bool
	yearEnds []bool            // a contract year closes with this period
	final    []bool            // the term ends with this period
	meas     []int             // key of the period's measurement: its index (PerPeriod) or its contract year
	min      []decimal.Decimal // minimum by measurement key; decimal.Zero for a key with no period in the term
}

// minAt is the minimum of measurement key, decimal.Zero past the keys.
func (l topLayout) minAt(key int) decimal.Decimal {
	if key < len(l.min) {
		return l.min[key]
	}
	return decimal.Zero
}

// grown is s with room for index k, new entries zero.
func grown[E any](s []E, k int) []E {
	if k < len(s) {
		return s
	}
	return append(s, make([]E, k+1-len(s))...)
}

// topLayout maps the term ending on end onto periods.
func (t TakeOrPay) topLayout(periods []Period, end time.Time) topLayout {
	n := len(periods)
	// Two arrays hold every slice: the flags, and the ints.
	flags, ints := make([]bool, 4*n), make([]int, 5*n)
	l := topLayout{inTerm: flags[:n:n], closes: flags[n : 2*n : 2*n], yearEnds: flags[2*n : 3*n : 3*n], final: flags[3*n:],
		year: ints[:n:n], meas: ints[n : 2*n : 2*n]}
	// By measurement key: the days in the term and not suspended, the
	// days of the whole measurement period (0: the key has no period in
	// the term) and the contract year. All in day numbers.
	// A key is a period's index or contract year: n of them at most
	// while a period is shorter than a year (past n, grown moves a slice
	// to an array of its own). keys is one more than the largest key met.
	active, full, yearOf := ints[2*n:3*n:3*n], ints[3*n:4*n:4*n], ints[4*n:]
	keys := 0
	startDay, endDay := dayNumber(t.Start), dayNumber(end)
	suspended := make([][2]int64, len(t.Suspensions))
	for k, s := range t.Suspensions {
		suspended[k] = [2]int64{dayNumber(s.From), dayNumber(s.To)}
	}
	clock := newYearClock(t.Start)
	lastEnd := int64(0) // the end of the last period in the term
	prevEnd := int64(0) // the day number of the period before's End
	for i, p := range periods {
		// The days the period (d0, d1] shares with the term, (lo, hi].
		d0, d1 := prevEnd, dayNumber(p.End)
		if i == 0 || p.Start != periods[i-1].End { // == is the same date: its day number is prevEnd
			d0 = dayNumber(p.Start)
		}
		prevEnd = d1
		lo, hi := max(d0, startDay), min(d1, endDay)
		if hi <= lo {
			continue
		}
		days := int(hi - lo)
		l.inTerm[i] = true
		l.year[i] = clock.year(hi)
		l.final[i] = hi == endDay
		lastEnd = d1
		for _, s := range suspended {
			days -= int(max(0, min(hi, s[1])-max(lo, s[0])))
		}
		key := i
		if t.Measure == PerContractYear {
			key = l.year[i]
		}
		if key >= len(full) {
			active, full, yearOf = grown(active, key), grown(full, key), grown(yearOf, key)
		}
		keys = max(keys, key+1)
		if full[key] == 0 {
			if t.Measure == PerContractYear {
				full[key] = int(clock.anniversary(key+1) - clock.anniversary(key))
			} else {
				full[key] = int(d1 - d0)
			}
		}
		l.meas[i] = key
		yearOf[key] = l.year[i]
		active[key] += days
	}
	l.min = make([]decimal.Decimal, keys)
	for key, f := range full[:keys] {
		if f == 0 {
			continue
		}
		a, m := min(active[key], f), t.minimum(yearOf[key])
		if a == f {
			l.min[key] = m
		} else {
			l.min[key] = m.Mul(decimal.NewFromInt(int64(a))).DivRound(decimal.NewFromInt(int64(f)), QuantityPlaces)
		}
	}
	next := -1 // the next period in the term after i, walking backwards
	for i := n - 1; i >= 0; i-- {
		if !l.inTerm[i] {
			continue
		}
		switch {
		case l.final[i]:
			l.yearEnds[i] = true
		case next >= 0:
			l.yearEnds[i] = l.year[next] != l.year[i]
		default: // the schedule ends here: the year closes only if it is over
			l.yearEnds[i] = lastEnd >= clock.anniversary(l.year[i]+1)
		}
		l.closes[i] = t.Measure == PerPeriod || l.yearEnds[i]
		next = i
	}
	return l
}

// Statement applies the terms to periods and the quantities taken in
// them (usage[i] in period i) and returns one [TakeOrPayPeriod] per
// period, money rounded to scale decimal places (2 for cents). The
// statement rules are in the [TakeOrPay] documentation.
//
// Statement returns an error if:
//   - the terms are invalid (every problem, as [TakeOrPay.Validate]);
//   - scale is outside 0..8 ([ErrRange], path "scale");
//   - periods are missing or out of order ([ErrRequired], [ErrOrder],
//     path "periods[i]");
//   - usage does not have one entry per period, an entry is negative, or
//     a quantity is taken in a period outside the term ([ErrInvalid],
//     [ErrNegative], [ErrRange], path "usage[i]");
//   - the termination's Fixed sum is not whole minor units, its date is
//     outside the periods, or its Share is set and the periods stop
//     before the end of the original term ([ErrRange], path
//     "termination.*").
func (t TakeOrPay) Statement(periods []Period, usage []decimal.Decimal, scale int32) ([]TakeOrPayPeriod, error) {
	terms, err := t.statementTerms(periods, usage, scale)
	if err != nil {
		return nil, err
	}
	if out, _, ok := topRows(&smallArith{}, t, terms, periods, usage, scale, true); ok {
		return out, nil
	}
	out, _, _ := topRows(decArith{}, t, terms, periods, usage, scale, true)
	return out, nil
}

// Paid returns what the buyer pays in each period: the Paid of each
// period of [TakeOrPay.Statement], the same decimals, with the same
// errors, without the rest of the statement.
func (t TakeOrPay) Paid(periods []Period, usage []decimal.Decimal, scale int32) ([]decimal.Decimal, error) {
	terms, err := t.paidTerms(periods, usage, scale)
	if err != nil {
		return nil, err
	}
	s, paid := &smallArith{}, make([]decimal.Decimal, len(periods))
	if topPaid(s, t, terms, periods, usage, scale, func(i int, x small) bool { paid[i] = s.dec(x); return true }) {
		return paid, nil
	}
	terms.prices = t.pricesOf(terms.l, terms.factors)
	_, paid, _ = topRows(decArith{}, t, terms, periods, usage, scale, false)
	return paid, nil
}

// PaidUnits returns Paid as counts of minor units of scale (cents at 2),
// without making a decimal of each; ok is false when an amount does not
// fit the integers it is worked out in (Paid has it). It returns Paid's
// errors.
func (t TakeOrPay) PaidUnits(periods []Period, usage []decimal.Decimal, scale int32) ([]int64, bool, error) {
	terms, err := t.paidTerms(periods, usage, scale)
	if err != nil {
		return nil, false, err
	}
	paid := make([]int64, len(periods))
	ok := topPaid(&smallArith{}, t, terms, periods, usage, scale, func(i int, x small) bool {
		var fits bool
		paid[i], fits = unitsOf(x, scale)
		return fits
	})
	if !ok {
		return nil, false, nil
	}
	return paid, true, nil
}

// statementTerms checks the terms and inputs of a statement and works
// out what does not change from period to period.
func (t TakeOrPay) statementTerms(periods []Period, usage []decimal.Decimal, scale int32) (topTerms, error) {
	tt, err := t.paidTerms(periods, usage, scale)
	if err != nil {
		return topTerms{}, err
	}
	tt.prices = t.pricesOf(tt.l, tt.factors)
	return tt, nil
}

// topTerms is what a statement works out once, before its periods.
type topTerms struct {
	l       topLayout
	factors []decimal.Decimal // escalation factor by contract year; the zero Decimal for a year not in the term
	prices  []decimal.Decimal // unit price by contract year, [PricePlaces] decimals; nil in paidTerms'
	termPay decimal.Decimal   // the termination payment
	termAt  int               // the period that bills it; -1 without termination
}

// topRows applies the statement rules period by period in ar's
// arithmetic and returns the statement's periods, or with rows false only
// what is paid in each (the other figures are then never made). It
// reports false, and nothing else, when ar failed. In [decArith] it never
// fails; in [smallArith] it gives the same decimals, value and exponent,
// whenever it does not.
func topRows[N any](ar numArith[N], t TakeOrPay, tt topTerms, periods []Period, usage []decimal.Decimal, scale int32, rows bool) ([]TakeOrPayPeriod, []decimal.Decimal, bool) {
	l := tt.l
	var out []TakeOrPayPeriod
	var paidOut []decimal.Decimal
	fig := ar.dec // a figure of the statement, as a decimal
	if rows {
		out = make([]TakeOrPayPeriod, len(periods))
	} else {
		paidOut = make([]decimal.Decimal, len(periods))
		fig = func(N) decimal.Decimal { return decimal.Zero }
	}
	zero := ar.from(decimal.Zero)
	share, limit, termPay := ar.from(t.ShortfallShare), ar.from(t.MakeUp.Cap), ar.from(tt.termPay)
	var credits, carried []lot[N]
	var usedLots []lot[N] // the credits used in a period: the quantity used and its prepaid price
	m := 0                // index of the current measurement period
	takenInMeas, usedInMeas := zero, zero
	var price N // the unit price of the period's contract year
	for i, p := range periods {
		r := TakeOrPayPeriod{Period: p, InTerm: l.inTerm[i], ContractYear: l.year[i]}
		if rows { // without rows, r only carries the price and the take
			zeroTOP(&r)
		}
		if !l.inTerm[i] {
			if rows {
				r.CreditsBalance, r.CarriedBalance = balanceOf(ar, credits), balanceOf(ar, carried)
				out[i] = r
			} else {
				paidOut[i] = decimal.Zero
			}
			continue
		}
		r.Price, r.Taken = tt.prices[l.year[i]], usage[i]
		if i == 0 || l.year[i] != l.year[i-1] || !l.inTerm[i-1] {
			price = ar.from(r.Price)
		}
		taken := ar.from(r.Taken)
		minimum := ar.from(l.min[l.meas[i]])

		over := func(x N) N { return maxOf(ar, zero, ar.sub(x, minimum)) }
		excess := ar.sub(over(ar.add(takenInMeas, taken)), over(takenInMeas))
		want := excess
		if t.MakeUp.Cap.Sign() > 0 {
			want = minOf(ar, want, maxOf(ar, zero, ar.sub(limit, usedInMeas)))
		}
		var used N
		usedLots = usedLots[:0]
		used, credits = takeLots(ar, credits, want, func(lt lot[N], q N) {
			usedLots = append(usedLots, lot[N]{qty: q, prepaid: lt.prepaid})
		})
		r.CreditsUsed = fig(used)
		usedInMeas = ar.add(usedInMeas, used)
		if rest := ar.sub(excess, used); t.CarryForward.Window > 0 && ar.sign(rest) > 0 {
			r.CarriedEarned = fig(rest)
			carried = append(carried, lot[N]{qty: rest, last: m + t.CarryForward.Window, lastYear: forever})
		}
		takeCharge := ar.mulRound(ar.sub(taken, used), price, scale)
		makeUp := ar.creditCharge(usedLots, price, scale)
		billed := ar.add(takeCharge, makeUp)
		r.TakeCharge, r.MakeUpCharge, r.Billed = fig(takeCharge), fig(makeUp), fig(billed)
		takenInMeas = ar.add(takenInMeas, taken)

		shortPay, termination := zero, zero
		if l.closes[i] {
			r.Closes, r.Minimum = true, l.min[l.meas[i]]
			gross := maxOf(ar, zero, ar.sub(minimum, takenInMeas))
			var carriedUsed N
			carriedUsed, carried = takeLots(ar, carried, gross, nil)
			shortfall := ar.sub(gross, carriedUsed)
			prepaid := ar.mulValue(price, share) // read only through the rounded payments
			shortPay = ar.mulRound(shortfall, prepaid, scale)
			r.CarriedUsed, r.Shortfall, r.ShortfallPayment = fig(carriedUsed), fig(shortfall), fig(shortPay)
			if t.MakeUp.granted() && ar.sign(shortfall) > 0 {
				r.CreditsEarned = r.Shortfall
				credits = append(credits, creditLot(t.MakeUp, shortfall, prepaid, m, l.year[i]))
			}
			y, ends, final := l.year[i], l.yearEnds[i], l.final[i]
			var expired N
			expired, credits = expireLots(ar, credits, m, y, ends, final)
			r.CreditsExpired = fig(expired)
			expired, carried = expireLots(ar, carried, m, y, ends, final)
			r.CarriedExpired = fig(expired)
			m++
			takenInMeas, usedInMeas = zero, zero
		}
		if i == tt.termAt {
			r.TerminationPayment, termination = tt.termPay, termPay
		}
		paid := ar.add(ar.add(billed, shortPay), termination)
		if !rows {
			paidOut[i] = ar.dec(paid)
			continue
		}
		r.CreditsBalance, r.CarriedBalance = balanceOf(ar, credits), balanceOf(ar, carried)
		r.Paid = ar.dec(paid)
		if ar.sign(taken) > 0 {
			r.EffectivePrice = ar.ratio(paid, taken, PricePlaces)
		}
		out[i] = r
	}
	if ar.failed() {
		return nil, nil, false
	}
	return out, paidOut, true
}

// creditLot is the make-up credit of qty earned at the close of
// measurement m, in contract year y, with prepaid money per unit, under
// the make-up rights mu.
func creditLot[N any](mu MakeUp, qty, prepaid N, m, y int) lot[N] {
	l := lot[N]{qty: qty, prepaid: prepaid, last: forever, lastYear: forever}
	switch {
	case mu.Window > 0:
		l.last = m + mu.Window
	case mu.Years > 0:
		l.lastYear = y + mu.Years
	}
	return l
}

func zeroTOP(r *TakeOrPayPeriod) {
	z := decimal.Zero
	r.Price, r.Taken, r.Minimum = z, z, z
	r.TakeCharge, r.MakeUpCharge, r.Billed = z, z, z
	r.Shortfall, r.ShortfallPayment = z, z
	r.CreditsEarned, r.CreditsUsed, r.CreditsExpired, r.CreditsBalance = z, z, z, z
	r.CarriedEarned, r.CarriedUsed, r.CarriedExpired, r.CarriedBalance = z, z, z, z
	r.TerminationPayment, r.Paid, r.EffectivePrice = z, z, z
}

func (t TakeOrPay) checkInputs(periods []Period, usage []decimal.Decimal, scale int32) error {
	var errs []error
	if scale < 0 || scale > 8 {
		errs = append(errs, Field("scale", fmt.Errorf("%d, want 0 to 8: %w", scale, ErrRange)))
	}
	if len(periods) == 0 {
		errs = append(errs, Field("periods", ErrRequired))
	}
	prevEnd := int64(0)
	for i, p := range periods {
		d0, d1 := prevEnd, dayNumber(p.End)
		if i == 0 || p.Start != periods[i-1].End { // == is the same date: its day number is prevEnd
			d0 = dayNumber(p.Start)
		}
		if d1 <= d0 || (i > 0 && d0 != prevEnd) {
			errs = append(errs, Field(fmt.Sprintf("periods[%d]", i), fmt.Errorf("does not follow the period before: %w", ErrOrder)))
		}
		prevEnd = d1
	}
	if len(usage) != len(periods) {
		errs = append(errs, Field("usage", fmt.Errorf("%d entries for %d periods: %w", len(usage), len(periods), ErrInvalid)))
	}
	for i, q := range usage {
		if q.Sign() < 0 {
			errs = append(errs, Field(fmt.Sprintf("usage[%d]", i), ErrNegative))
		}
	}
	if fx := t.Termination.Fixed; !fx.Equal(fx.Truncate(scale)) {
		errs = append(errs, Field("termination.fixed", fmt.Errorf("%s has more decimals than the minor unit: %w", fx, ErrRange)))
	}
	return errors.Join(errs...)
}

// terminationPayment returns the termination payment and the index of the
// period that bills it (-1 without termination).
func (t TakeOrPay) terminationPayment(periods []Period, short topLayout, scale int32) (decimal.Decimal, int, error) {
	tm := t.Termination
	if tm.Date.IsZero() {
		return decimal.Zero, -1, nil
	}
	at, ok := PeriodIndex(periods, tm.Date)
	if !ok {
		return decimal.Zero, -1, Field("termination.date", fmt.Errorf("%s is outside the periods: %w", tm.Date.Format(time.DateOnly), ErrRange))
	}
	if tm.Share.IsZero() {
		return tm.Fixed, at, nil
	}
	if dayNumber(periods[len(periods)-1].End) < dayNumber(t.End) {
		return decimal.Zero, -1, Field("termination.share", fmt.Errorf("the periods end before the term %s, so the released minimum is unknown: %w",
			t.End.Format(time.DateOnly), ErrRange))
	}
	full := t.topLayout(periods, t.End)
	value := decimal.Zero
	done := make([]bool, len(full.min)) // by measurement key: every period in the term has one
	esc := newEscalator(t.Escalation)
	for i := range periods {
		if !full.inTerm[i] || done[full.meas[i]] {
			continue
		}
		key := full.meas[i]
		done[key] = true
		released := full.min[key].Sub(short.minAt(key)) // zero for keys after the termination
		if released.Sign() <= 0 {
			continue
		}
		f, err := esc.factor(full.year[i])
		if err != nil {
			return decimal.Zero, -1, Prefix("escalation", err)
		}
		value = value.Add(released.Mul(t.Price.Mul(f).Round(PricePlaces)))
	}
	return tm.Fixed.Add(value.Mul(tm.Share).Round(scale)), at, nil
}
