package contract

import (
	"fmt"
	"time"
)

// Date returns midnight UTC of the calendar date y-m-d. Out-of-range months
// and days are normalised as by [time.Date] (January 32 is February 1).
func Date(y int, m time.Month, d int) time.Time {
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// ParseDate parses a calendar date written as YYYY-MM-DD and returns it at
// midnight UTC. It returns an error wrapping [ErrInvalid] if s is not a valid
// date in that form.
func ParseDate(s string) (time.Time, error) {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return time.Time{}, fmt.Errorf("parsing date %q: want YYYY-MM-DD: %w", s, ErrInvalid)
	}
	return t, nil
}

// Days returns the number of calendar days from the calendar date of from to
// the calendar date of to: negative when to is before from. Each date is read
// in its own location and only its year, month and day count, so time zones
// and daylight saving time never change the result.
func Days(from, to time.Time) int {
	return int(dayNumber(to) - dayNumber(from))
}

// AddMonths returns t moved by n calendar months (n may be negative), keeping
// t's clock and location. The day of the month is clamped to the length of
// the target month: January 31 plus one month is February 28 (29 in a leap
// year), never March 3. When endOfMonth is true and t is the last day of its
// month, the result is the last day of the target month (February 28 plus one
// month is then March 31).
func AddMonths(t time.Time, n int, endOfMonth bool) time.Time {
	y, m, d := t.Date()
	total := int64(y)*12 + int64(m-1) + int64(n)
	ny, nm := floorDiv(total, 12), total-floorDiv(total, 12)*12
	last := daysIn(ny, time.Month(nm+1))
	if d > last || (endOfMonth && d == daysIn(int64(y), m)) {
		d = last
	}
	hh, mm, ss := t.Clock()
	return time.Date(int(ny), time.Month(nm+1), d, hh, mm, ss, t.Nanosecond(), t.Location())
}

// IsMonthEnd reports whether t is the last day of its month.
func IsMonthEnd(t time.Time) bool {
	y, m, d := t.Date()
	return d == daysIn(int64(y), m)
}

// isLeap reports whether y is a leap year of the proleptic Gregorian calendar.
func isLeap(y int64) bool {
	return y%4 == 0 && (y%100 != 0 || y%400 == 0)
}

// daysIn returns the number of days of month m of year y.
func daysIn(y int64, m time.Month) int {
	switch m {
	case time.February:
		if isLeap(y) {
			return 29
		}
		return 28
	case time.April, time.June, time.September, time.November:
		return 30
	default:
		return 31
	}
}

// secondsPerDay is the length of a day in UTC, which has no leap seconds
// in Unix time.
const secondsPerDay = 24 * 60 * 60

// floorDiv returns a/b rounded towards minus infinity, for b > 0.
func floorDiv(a, b int64) int64 {
	q := a / b
	if a%b != 0 && a < 0 {
		q--
	}
	return q
}

// civil returns the day number of the proleptic Gregorian date y-m-d, with
// 1970-01-01 as day 0 (H. Hinnant's days_from_civil algorithm).
func civil(y int64, m time.Month, d int) int64 {
	if m <= time.February {
		y--
	}
	era := floorDiv(y, 400)
	yoe := y - era*400 // [0, 399]
	mp := (int64(m) + 9) % 12
	doy := (153*mp+2)/5 + int64(d) - 1 // [0, 365]
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	return era*146097 + doe - 719468
}

// fromCivil returns the proleptic Gregorian date of day number z, with
// 1970-01-01 as day 0: civil's inverse (H. Hinnant's civil_from_days
// algorithm), the date time.Time's Date gives of a time on that day.
func fromCivil(z int64) (y int64, m time.Month, d int) {
	z += 719468
	era := floorDiv(z, 146097)
	doe := z - era*146097                                  // [0, 146096]
	yoe := (doe - doe/1460 + doe/36524 - doe/146096) / 365 // [0, 399]
	doy := doe - (365*yoe + yoe/4 - yoe/100)               // [0, 365]
	mp := (5*doy + 2) / 153                                // [0, 11]
	d = int(doy - (153*mp+2)/5 + 1)                        // [1, 31]
	m = time.Month((mp+2)%12 + 1)                          // [1, 12]
	y = yoe + era*400
	if m <= time.February {
		y++
	}
	return y, m, d
}

// dayNumber returns the civil day number of the calendar date of t. A
// time in UTC (as [Date] and [ParseDate] make them) is on the day of its
// Unix seconds, found without working out its year, month and day.
func dayNumber(t time.Time) int64 {
	if t.Location() == time.UTC {
		return floorDiv(t.Unix(), secondsPerDay)
	}
	y, m, d := t.Date()
	return civil(int64(y), m, d)
}

// dateOnly returns midnight UTC of the calendar date of t.
func dateOnly(t time.Time) time.Time {
	y, m, d := t.Date()
	return Date(y, m, d)
}
