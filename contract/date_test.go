package contract

import (
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"
)

func TestParseDate(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want time.Time
	}{
		{"plain", "2024-03-15", Date(2024, time.March, 15)},
		{"leap day", "2024-02-29", Date(2024, time.February, 29)},
		{"first day", "0001-01-01", Date(1, time.January, 1)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseDate(tt.in)
			require.NoError(t, err)
			require.True(t, tt.want.Equal(got), "got %v", got)
			require.Equal(t, time.UTC, got.Location())
		})
	}
	for _, bad := range []string{"", "2023-02-29", "2024-13-01", "2024-1-5", "24-01-05", "2024-01-05T00:00:00Z", "2024/01/05", " 2024-01-05"} {
		t.Run("bad "+bad, func(t *testing.T) {
			_, err := ParseDate(bad)
			require.ErrorIs(t, err, ErrInvalid)
		})
	}
}

func TestDays(t *testing.T) {
	ny, err := time.LoadLocation("America/New_York")
	if err != nil {
		ny = time.FixedZone("EST", -5*3600)
	}
	tests := []struct {
		name     string
		from, to time.Time
		want     int
	}{
		{"same day", Date(2024, 1, 1), Date(2024, 1, 1), 0},
		{"one day", Date(2024, 1, 1), Date(2024, 1, 2), 1},
		{"over leap day", Date(2024, 2, 28), Date(2024, 3, 1), 2},
		{"non-leap february", Date(2023, 2, 28), Date(2023, 3, 1), 1},
		{"leap year", Date(2024, 1, 1), Date(2025, 1, 1), 366},
		{"century not leap", Date(1900, 1, 1), Date(1901, 1, 1), 365},
		{"400 years", Date(2000, 1, 1), Date(2400, 1, 1), 146097},
		{"backwards", Date(2024, 3, 1), Date(2024, 2, 28), -2},
		{"unix epoch", Date(1970, 1, 1), Date(2000, 1, 1), 10957},
		{"clock ignored", time.Date(2024, 1, 1, 23, 59, 0, 0, time.UTC), time.Date(2024, 1, 2, 0, 1, 0, 0, time.UTC), 1},
		// 2024-03-10 is the US spring-forward day: the day has 23 hours.
		{"across DST", time.Date(2024, 3, 9, 12, 0, 0, 0, ny), time.Date(2024, 3, 11, 0, 30, 0, 0, ny), 2},
		{"each in its own zone", time.Date(2024, 5, 1, 1, 0, 0, 0, ny), time.Date(2024, 5, 1, 1, 0, 0, 0, time.UTC), 0},
		{"before year 1", Date(-1, 12, 31), Date(1, 1, 1), 367}, // year 0 is a leap year
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			require.Equal(t, tt.want, Days(tt.from, tt.to))
		})
	}
	t.Run("matches time.Sub", func(t *testing.T) {
		base := Date(1999, 12, 20)
		for i := range 3000 {
			d := base.AddDate(0, 0, i*7)
			require.Equal(t, int(d.Sub(base).Hours()/24), Days(base, d), "to %v", d)
		}
	})
}

func TestAddMonths(t *testing.T) {
	tests := []struct {
		name string
		t    time.Time
		n    int
		eom  bool
		want time.Time
	}{
		{"plain", Date(2024, 1, 15), 1, false, Date(2024, 2, 15)},
		{"jan 31 to feb 29 leap", Date(2024, 1, 31), 1, false, Date(2024, 2, 29)},
		{"jan 31 to feb 28", Date(2023, 1, 31), 1, false, Date(2023, 2, 28)},
		{"jan 31 to apr 30", Date(2023, 1, 31), 3, false, Date(2023, 4, 30)},
		{"feb 28 not eom", Date(2023, 2, 28), 1, false, Date(2023, 3, 28)},
		{"feb 28 eom", Date(2023, 2, 28), 1, true, Date(2023, 3, 31)},
		{"feb 29 eom", Date(2024, 2, 29), 12, true, Date(2025, 2, 28)},
		{"feb 29 plus a year", Date(2024, 2, 29), 12, false, Date(2025, 2, 28)},
		{"apr 30 eom", Date(2024, 4, 30), 1, true, Date(2024, 5, 31)},
		{"apr 30 not eom", Date(2024, 4, 30), 1, false, Date(2024, 5, 30)},
		{"eom only at month end", Date(2024, 4, 29), 1, true, Date(2024, 5, 29)},
		{"across year", Date(2024, 11, 30), 3, false, Date(2025, 2, 28)},
		{"negative", Date(2024, 3, 31), -1, false, Date(2024, 2, 29)},
		{"negative across year", Date(2024, 1, 31), -13, false, Date(2022, 12, 31)},
		{"negative eom", Date(2023, 2, 28), -1, true, Date(2023, 1, 31)},
		{"zero", Date(2024, 2, 29), 0, true, Date(2024, 2, 29)},
		{"keeps clock", time.Date(2024, 1, 31, 9, 30, 0, 5, time.UTC), 1, false, time.Date(2024, 2, 29, 9, 30, 0, 5, time.UTC)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := AddMonths(tt.t, tt.n, tt.eom)
			require.True(t, tt.want.Equal(got), "AddMonths(%v, %d, %v) = %v, want %v", tt.t, tt.n, tt.eom, got, tt.want)
		})
	}
}

func TestIsMonthEnd(t *testing.T) {
	tests := []struct {
		name string
		t    time.Time
		want bool
	}{
		{"jan 31", Date(2024, 1, 31), true},
		{"jan 30", Date(2024, 1, 30), false},
		{"feb 29 leap", Date(2024, 2, 29), true},
		{"feb 28 leap", Date(2024, 2, 28), false},
		{"feb 28", Date(2023, 2, 28), true},
		{"feb 28 1900", Date(1900, 2, 28), true},
		{"feb 28 2000", Date(2000, 2, 28), false},
		{"apr 30", Date(2024, 4, 30), true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			require.Equal(t, tt.want, IsMonthEnd(tt.t))
		})
	}
}

func TestParseDate_errorIsNotField(t *testing.T) {
	_, err := ParseDate("nope")
	var fe *FieldError
	require.False(t, errors.As(err, &fe))
}

// TestDayNumber_UnixDay checks the UTC shortcut of dayNumber, the day of
// the Unix seconds, against the calendar date's day number (civil of
// time.Date's year, month and day) and, near the epoch, against the whole
// days time.Sub counts from it, for instants on both sides of midnight
// and of 1970, in UTC and in other zones.
func TestDayNumber_UnixDay(t *testing.T) {
	ny, err := time.LoadLocation("America/New_York")
	if err != nil {
		ny = time.FixedZone("EST", -5*3600)
	}
	zones := []*time.Location{time.UTC, ny, time.FixedZone("UTC", 0), time.FixedZone("east", 14*3600)}
	rapid.Check(t, func(t *rapid.T) {
		sec := rapid.Int64Range(-1<<40, 1<<40).Draw(t, "sec")
		if rapid.Bool().Draw(t, "near_midnight") {
			sec = sec/secondsPerDay*secondsPerDay + rapid.Int64Range(-2, 1).Draw(t, "off")
		}
		at := time.Unix(sec, rapid.Int64Range(0, 999_999_999).Draw(t, "nsec"))
		at = at.In(zones[rapid.IntRange(0, len(zones)-1).Draw(t, "zone")])
		y, m, d := at.Date()
		want := civil(int64(y), m, d)
		if got := dayNumber(at); got != want {
			t.Fatalf("dayNumber(%v) = %d, want %d", at, got, want)
		}
		if at.Location() == time.UTC && sec > -1<<32 && sec < 1<<32 {
			days := int64(time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Sub(Date(1970, time.January, 1)) / (24 * time.Hour))
			if got := dayNumber(at); got != days {
				t.Fatalf("dayNumber(%v) = %d, %d days after 1970-01-01", at, got, days)
			}
		}
	})
}

// TestFromCivil_IsDate: fromCivil gives, for every day from 1600 to 2500
// and for days far out both ways, the date time.Time's Date gives of a
// time on that day, and civil takes it back to the same day number.
func TestFromCivil_IsDate(t *testing.T) {
	check := func(z int64) {
		y, m, d := fromCivil(z)
		ty, tm, td := time.Unix(z*secondsPerDay, 0).UTC().Date()
		if y != int64(ty) || m != tm || d != td {
			t.Fatalf("day %d: %d-%d-%d, want %d-%d-%d", z, y, m, d, ty, tm, td)
		}
		if back := civil(y, m, d); back != z {
			t.Fatalf("day %d: civil gives back %d", z, back)
		}
	}
	for z := civil(1600, time.January, 1); z <= civil(2500, time.December, 31); z++ {
		check(z)
	}
	for _, z := range []int64{-719468, -719469, -146097 * 50, 146097*50 + 59, 1 << 30, -(1 << 30)} {
		check(z)
	}
}
