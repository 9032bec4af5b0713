package contract

import (
	"errors"
	"fmt"
	"sort"
	"time"

	"github.com/shopspring/decimal"
)

// MaxPeriods is the largest number of periods that [Schedule.Periods] and
// [Explicit] return; more is an error wrapping [ErrRange].
const MaxPeriods = 100000

// Frequency is how often a [Schedule] rolls. The zero value is
// [EveryMonth]. New values are only ever added at the end.
type Frequency uint8

// The schedule frequencies.
const (
	// EveryMonth rolls every month.
	EveryMonth Frequency = iota
	// EveryQuarter rolls every 3 months.
	EveryQuarter
	// EveryHalfYear rolls every 6 months.
	EveryHalfYear
	// EveryYear rolls every 12 months.
	EveryYear
)

var frequencyNames = [...]string{
	EveryMonth:    "monthly",
	EveryQuarter:  "quarterly",
	EveryHalfYear: "semiannual",
	EveryYear:     "annual",
}

var frequencyMonths = [...]int{EveryMonth: 1, EveryQuarter: 3, EveryHalfYear: 6, EveryYear: 12}

// String returns the name of the frequency, such as "quarterly", as
// accepted by [ParseFrequency]. An invalid value prints as "Frequency(9)".
func (f Frequency) String() string {
	if f.Valid() {
		return frequencyNames[f]
	}
	return fmt.Sprintf("Frequency(%d)", uint8(f))
}

// Valid reports whether f is one of the defined frequencies.
func (f Frequency) Valid() bool { return int(f) < len(frequencyNames) }

// Months returns the length of one period in months: 1, 3, 6 or 12, and 0
// for an invalid frequency.
func (f Frequency) Months() int {
	if f.Valid() {
		return frequencyMonths[f]
	}
	return 0
}

// ParseFrequency returns the frequency named s, one of "monthly",
// "quarterly", "semiannual" and "annual". It returns an error wrapping
// [ErrInvalid] for any other string.
func ParseFrequency(s string) (Frequency, error) {
	for i, name := range frequencyNames {
		if s == name {
			return Frequency(i), nil
		}
	}
	return 0, fmt.Errorf("unknown frequency %q: want one of %q: %w", s, frequencyNames[:], ErrInvalid)
}

// MarshalText returns the name of the frequency. It returns an error
// wrapping [ErrInvalid] if f is not valid.
func (f Frequency) MarshalText() ([]byte, error) {
	if !f.Valid() {
		return nil, fmt.Errorf("marshaling %v: %w", f, ErrRange)
	}
	return []byte(f.String()), nil
}

// UnmarshalText sets f to the frequency named by text, as [ParseFrequency].
func (f *Frequency) UnmarshalText(text []byte) error {
	v, err := ParseFrequency(string(text))
	if err != nil {
		return err
	}
	*f = v
	return nil
}

// Period is one step of a schedule: cash of the period moves on End.
// Periods made by this package hold dates at midnight UTC.
type Period struct {
	Index int       // 0-based position in the schedule
	Start time.Time // exclusive: the previous period's End, or the schedule's start
	End   time.Time // inclusive: the date on which the period's cash moves
}

// YearFraction returns the year fraction of the period under dc, as
// [DayCount.YearFraction] from Start to End.
func (p Period) YearFraction(dc DayCount) decimal.Decimal {
	return dc.YearFraction(p.Start, p.End)
}

// Schedule describes regular periods between two dates. Only calendar dates
// count. The zero value is not valid: Start and End are required.
type Schedule struct {
	Start      time.Time // the first period starts after this date
	End        time.Time // the last period ends on this date
	Frequency  Frequency // zero value = EveryMonth
	EndOfMonth bool      // when Start is a month end, every period ends on a month end
}

// Validate reports every problem with s, as [FieldError]s with the paths
// "start", "end" and "frequency", joined with [errors.Join]. It returns an
// error if:
//   - Start or End is the zero time ([ErrRequired]);
//   - Frequency is not a defined value ([ErrRange]);
//   - End is not after Start ([ErrOrder], path "end");
//   - the schedule would have more than [MaxPeriods] periods ([ErrRange],
//     path "end").
func (s Schedule) Validate() error {
	var errs []error
	if s.Start.IsZero() {
		errs = append(errs, Field("start", ErrRequired))
	}
	if s.End.IsZero() {
		errs = append(errs, Field("end", ErrRequired))
	}
	if !s.Frequency.Valid() {
		errs = append(errs, Field("frequency", fmt.Errorf("unknown frequency %d: %w", uint8(s.Frequency), ErrRange)))
	}
	if len(errs) == 0 {
		switch {
		case dayNumber(s.End) <= dayNumber(s.Start):
			errs = append(errs, Field("end", fmt.Errorf("%s is not after start %s: %w",
				s.End.Format(time.DateOnly), s.Start.Format(time.DateOnly), ErrOrder)))
		case s.count() > MaxPeriods:
			errs = append(errs, Field("end", fmt.Errorf("more than %d periods: %w", MaxPeriods, ErrRange)))
		}
	}
	return errors.Join(errs...)
}

// count returns the number of periods of s, for valid dates and frequency,
// without rolling every period: k whole steps fit in the months between
// Start and End, and one more period (a stub) when the k-th roll date is
// before End.
func (s Schedule) count() int64 {
	y1, m1, _ := s.Start.Date()
	y2, m2, _ := s.End.Date()
	step := int64(s.Frequency.Months())
	k := ((int64(y2)-int64(y1))*12 + int64(m2) - int64(m1)) / step
	if k < int64(MaxPeriods)+1 && dayNumber(AddMonths(s.Start, int(k*step), s.EndOfMonth)) < dayNumber(s.End) {
		k++
	}
	return k
}

// Periods returns the periods of s. Period i ends on Start moved by
// (i+1)·Frequency.Months() months with [AddMonths] (with s.EndOfMonth):
// always rolled from Start, never from the previous end, so with EndOfMonth
// a schedule from January 31 ends periods on February 28 (29), March 31,
// April 30 and so on, and without it on February 28, March 31, April 30.
// When End is not a roll date the last period is a short stub that ends on
// End. All dates are midnight UTC of the calendar dates. Periods returns
// the errors of [Schedule.Validate].
func (s Schedule) Periods() ([]Period, error) {
	if err := s.Validate(); err != nil {
		return nil, err
	}
	start, end := dateOnly(s.Start), dateOnly(s.End)
	last := dayNumber(end)
	step := s.Frequency.Months()
	ps := make([]Period, 0, s.count())
	prev := start
	for i := 0; ; i++ {
		e := AddMonths(start, step*(i+1), s.EndOfMonth)
		if dayNumber(e) >= last {
			e = end
		}
		ps = append(ps, Period{Index: i, Start: prev, End: e})
		if e.Equal(end) {
			return ps, nil
		}
		prev = e
	}
}

// Explicit returns the periods that end on the given dates, the first one
// starting after start. All dates are midnight UTC of the calendar dates.
// It returns an error if:
//   - no end is given ([ErrRequired], path "ends");
//   - more than [MaxPeriods] ends are given ([ErrRange], path "ends");
//   - an end is not after the previous end, or the first not after start
//     ([ErrOrder], path "ends[i]").
func Explicit(start time.Time, ends ...time.Time) ([]Period, error) {
	switch {
	case len(ends) == 0:
		return nil, Field("ends", ErrRequired)
	case len(ends) > MaxPeriods:
		return nil, Field("ends", fmt.Errorf("%d periods, more than %d: %w", len(ends), MaxPeriods, ErrRange))
	}
	ps := make([]Period, len(ends))
	prev := dateOnly(start)
	for i, e := range ends {
		e = dateOnly(e)
		if dayNumber(e) <= dayNumber(prev) {
			return nil, Field(fmt.Sprintf("ends[%d]", i), fmt.Errorf("%s is not after %s: %w",
				e.Format(time.DateOnly), prev.Format(time.DateOnly), ErrOrder))
		}
		ps[i] = Period{Index: i, Start: prev, End: e}
		prev = e
	}
	return ps, nil
}

// PeriodIndex returns the index in periods of the period whose (Start, End]
// contains the calendar date d, and whether there is one. periods must be in
// increasing order and contiguous, as [Schedule.Periods] and [Explicit]
// return them; the search is binary.
func PeriodIndex(periods []Period, d time.Time) (int, bool) {
	n := dayNumber(d)
	i := sort.Search(len(periods), func(i int) bool { return dayNumber(periods[i].End) >= n })
	if i == len(periods) || dayNumber(periods[i].Start) >= n {
		return -1, false
	}
	return i, true
}

// InSchedule returns nil when a period of periods contains the date d
// ([PeriodIndex]), and otherwise an error wrapping [ErrRange] that names
// the schedule's span, with a hint when d is the schedule's start (which
// only closes the period before the first).
func InSchedule(periods []Period, d time.Time) error {
	if _, ok := PeriodIndex(periods, d); ok {
		return nil
	}
	day := func(t time.Time) string { return t.Format(time.DateOnly) }
	if len(periods) == 0 {
		return fmt.Errorf("%s is outside the schedule (no periods): %w", day(d), ErrRange)
	}
	hint := "" // the common mistake: the closing date as the schedule's start
	if dayNumber(d) == dayNumber(periods[0].Start) {
		hint = "; the start only closes the period before the first: start the schedule a period earlier"
	}
	return fmt.Errorf("%s is outside the schedule (%s, %s]%s: %w", day(d), day(periods[0].Start), day(periods[len(periods)-1].End), hint, ErrRange)
}
