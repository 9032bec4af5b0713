package contract

import (
	"errors"
	"fmt"
	"math"
	"time"

	"github.com/jvwaterfall/jvwaterfall/internal/exact"
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
	return x.Sign() >= 0 && x.LessThanOrEqual(decimal.NewFromInt(1))
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

// topLot is a FIFO layer of make-up credits or carry-forward.
type topLot struct {
	qty      decimal.Decimal
	prepaid  decimal.Decimal // money per unit paid in advance (credits only)
	last     int             // last measurement in which the lot is usable
	lastYear int             // last contract year in which the lot is usable
}

// forever is the last measurement or contract year of a lot that lasts
// until the end of the term.
const forever = math.MaxInt

// take removes up to want from the lots, oldest first, calling f for each
// layer used, and returns what it took and the remaining lots.
func takeLots(lots []topLot, want decimal.Decimal, f func(l topLot, q decimal.Decimal)) (decimal.Decimal, []topLot) {
	got := decimal.Zero
	for len(lots) > 0 && want.Sign() > 0 {
		q := decimal.Min(lots[0].qty, want)
		if f != nil {
			f(lots[0], q)
		}
		got, want = got.Add(q), want.Sub(q)
		lots[0].qty = lots[0].qty.Sub(q)
		if lots[0].qty.Sign() == 0 {
			lots = lots[1:]
		}
	}
	return got, lots
}

// expire drops the lots usable no later than measurement m, or, when
// the contract year y closes (yearEnds), no later than y (all lots when
// all is set), and returns their quantity and the rest.
func expireLots(lots []topLot, m, y int, yearEnds, all bool) (decimal.Decimal, []topLot) {
	gone := decimal.Zero
	var keep []topLot
	for _, l := range lots {
		if all || l.last <= m || (yearEnds && l.lastYear <= y) {
			gone = gone.Add(l.qty)
		} else {
			keep = keepLot(keep, lots, l)
		}
	}
	return gone, keep
}

// keepLot appends l to keep, the lots kept so far from lots, in lots' own
// array: lots is filtered in place (each lot is read before a kept one is
// written over it), as the statement drops the lots it had once filtered.
func keepLot(keep, lots []topLot, l topLot) []topLot {
	if keep == nil {
		keep = lots[:0]
	}
	return append(keep, l)
}

// lotsBalance is the lots' total quantity, decimal.Zero plus each lot's.
// Lots of one exponent (at most Zero's) and small coefficients are added
// up in int64: the same decimal, made once rather than once a lot.
func lotsBalance(lots []topLot) decimal.Decimal {
	if len(lots) > 0 {
		e := lots[0].qty.Exponent()
		sum, ok := int64(0), e <= decimal.Zero.Exponent()
		for _, l := range lots {
			if !ok {
				break
			}
			ok = l.qty.Exponent() == e && l.qty.NumDigits() <= 17
			sum += l.qty.CoefficientInt64() // |sum| < 2^63 while each is below 10^17 and lots are few
		}
		if ok && len(lots) < 64 {
			return decimal.New(sum, e)
		}
	}
	b := decimal.Zero
	for _, l := range lots {
		b = b.Add(l.qty)
	}
	return b
}

// topLayout is how the term maps onto a schedule.
type topLayout struct {
	inTerm   []bool
	year     []int
	closes   []bool
	yearEnds []bool                  // a contract year closes with this period
	final    []bool                  // the term ends with this period
	meas     []int                   // key of the period's measurement: its index (PerPeriod) or its contract year
	min      map[int]decimal.Decimal // minimum by measurement key
}

// topLayout maps the term ending on end onto periods.
func (t TakeOrPay) topLayout(periods []Period, end time.Time) topLayout {
	n := len(periods)
	l := topLayout{inTerm: make([]bool, n), year: make([]int, n), closes: make([]bool, n), yearEnds: make([]bool, n),
		final: make([]bool, n), meas: make([]int, n), min: map[int]decimal.Decimal{}}
	active := map[int]int{}
	full := map[int]int{}
	yearOf := map[int]int{} // contract year by measurement key
	for i, p := range periods {
		days := sharedDays(p.Start, p.End, t.Start, end)
		if days == 0 {
			continue
		}
		l.inTerm[i] = true
		clipped := p.End
		if dayNumber(end) < dayNumber(clipped) {
			clipped = end
		}
		l.year[i] = ContractYear(t.Start, clipped)
		l.final[i] = dayNumber(clipped) == dayNumber(end)
		lo, hi := p.Start, clipped
		if dayNumber(t.Start) > dayNumber(lo) {
			lo = t.Start
		}
		for _, s := range t.Suspensions {
			days -= sharedDays(lo, hi, s.From, s.To)
		}
		key := i
		if t.Measure == PerContractYear {
			key = l.year[i]
			full[key] = Days(AddMonths(t.Start, 12*key, false), AddMonths(t.Start, 12*(key+1), false))
		} else {
			full[key] = Days(p.Start, p.End)
		}
		l.meas[i] = key
		yearOf[key] = l.year[i]
		active[key] += days
	}
	for key, f := range full {
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
			l.yearEnds[i] = dayNumber(periods[i].End) >= dayNumber(AddMonths(t.Start, 12*(l.year[i]+1), false))
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
	if err := t.Validate(); err != nil {
		return nil, err
	}
	if err := t.checkInputs(periods, usage, scale); err != nil {
		return nil, err
	}
	end := t.End
	terminated := !t.Termination.Date.IsZero()
	if terminated {
		end = t.Termination.Date
	}
	l := t.topLayout(periods, end)
	termPay, termAt, err := t.terminationPayment(periods, l, scale)
	if err != nil {
		return nil, err
	}
	for i, q := range usage {
		if !l.inTerm[i] && q.Sign() != 0 {
			return nil, Field(fmt.Sprintf("usage[%d]", i), fmt.Errorf("%s taken outside the term: %w", q, ErrRange))
		}
	}

	out := make([]TakeOrPayPeriod, len(periods))
	prices := map[int]decimal.Decimal{} // unit price by contract year
	esc := newEscalator(t.Escalation)
	var credits, carried []topLot
	m := 0 // index of the current measurement period
	takenInMeas, usedInMeas := decimal.Zero, decimal.Zero
	for i, p := range periods {
		r := TakeOrPayPeriod{Period: p, InTerm: l.inTerm[i], ContractYear: l.year[i]}
		zeroTOP(&r)
		if !l.inTerm[i] {
			r.CreditsBalance, r.CarriedBalance = lotsBalance(credits), lotsBalance(carried)
			out[i] = r
			continue
		}
		price, ok := prices[l.year[i]]
		if !ok {
			f, err := esc.factor(l.year[i])
			if err != nil {
				return nil, Prefix("escalation", err)
			}
			price = t.Price.Mul(f).Round(PricePlaces)
			prices[l.year[i]] = price
		}
		r.Price, r.Taken = price, usage[i]
		minimum := l.min[l.meas[i]]

		over := func(x decimal.Decimal) decimal.Decimal { return decimal.Max(decimal.Zero, exact.Sub(x, minimum)) }
		excess := exact.Sub(over(exact.Add(takenInMeas, r.Taken)), over(takenInMeas))
		want := excess
		if t.MakeUp.Cap.Sign() > 0 {
			want = decimal.Min(want, decimal.Max(decimal.Zero, t.MakeUp.Cap.Sub(usedInMeas)))
		}
		charge := decimal.Zero
		r.CreditsUsed, credits = takeLots(credits, want, func(lt topLot, q decimal.Decimal) {
			charge = charge.Add(q.Mul(decimal.Max(decimal.Zero, price.Sub(lt.prepaid))))
		})
		usedInMeas = usedInMeas.Add(r.CreditsUsed)
		if rest := excess.Sub(r.CreditsUsed); t.CarryForward.Window > 0 && rest.Sign() > 0 {
			r.CarriedEarned = rest
			carried = append(carried, topLot{qty: rest, last: m + t.CarryForward.Window, lastYear: forever})
		}
		r.TakeCharge = exact.MulRound(exact.Sub(r.Taken, r.CreditsUsed), price, scale)
		r.MakeUpCharge = charge.Round(scale)
		r.Billed = exact.Add(r.TakeCharge, r.MakeUpCharge)
		takenInMeas = exact.Add(takenInMeas, r.Taken)

		if l.closes[i] {
			r.Closes, r.Minimum = true, minimum
			gross := decimal.Max(decimal.Zero, minimum.Sub(takenInMeas))
			r.CarriedUsed, carried = takeLots(carried, gross, nil)
			r.Shortfall = gross.Sub(r.CarriedUsed)
			prepaid := price.Mul(t.ShortfallShare)
			r.ShortfallPayment = r.Shortfall.Mul(prepaid).Round(scale)
			if t.MakeUp.granted() && r.Shortfall.Sign() > 0 {
				r.CreditsEarned = r.Shortfall
				credits = append(credits, t.creditLot(r.Shortfall, prepaid, m, l.year[i]))
			}
			y, ends, final := l.year[i], l.yearEnds[i], l.final[i]
			r.CreditsExpired, credits = expireLots(credits, m, y, ends, final)
			r.CarriedExpired, carried = expireLots(carried, m, y, ends, final)
			m++
			takenInMeas, usedInMeas = decimal.Zero, decimal.Zero
		}
		if i == termAt {
			r.TerminationPayment = termPay
		}
		r.CreditsBalance, r.CarriedBalance = lotsBalance(credits), lotsBalance(carried)
		r.Paid = exact.Add(exact.Add(r.Billed, r.ShortfallPayment), r.TerminationPayment)
		if r.Taken.Sign() > 0 {
			r.EffectivePrice = exact.DivRound(r.Paid, r.Taken, PricePlaces)
		}
		out[i] = r
	}
	return out, nil
}

// creditLot is the make-up credit of qty earned at the close of
// measurement m, in contract year y, with prepaid money per unit.
func (t TakeOrPay) creditLot(qty, prepaid decimal.Decimal, m, y int) topLot {
	l := topLot{qty: qty, prepaid: prepaid, last: forever, lastYear: forever}
	switch mu := t.MakeUp; {
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
	for i, p := range periods {
		if dayNumber(p.End) <= dayNumber(p.Start) || (i > 0 && dayNumber(p.Start) != dayNumber(periods[i-1].End)) {
			errs = append(errs, Field(fmt.Sprintf("periods[%d]", i), fmt.Errorf("does not follow the period before: %w", ErrOrder)))
		}
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
	done := map[int]bool{}
	esc := newEscalator(t.Escalation)
	for i := range periods {
		if !full.inTerm[i] || done[full.meas[i]] {
			continue
		}
		key := full.meas[i]
		done[key] = true
		released := full.min[key].Sub(short.min[key]) // short.min is zero for keys after the termination
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
