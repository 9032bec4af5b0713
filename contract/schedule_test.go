package contract

import (
	"encoding/json"
	"errors"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"
)

// ends returns the End dates of ps as YYYY-MM-DD.
func ends(ps []Period) []string {
	var out []string
	for _, p := range ps {
		out = append(out, p.End.Format(time.DateOnly))
	}
	return out
}

func TestSchedule_Periods(t *testing.T) {
	tests := []struct {
		name string
		s    Schedule
		want []string
	}{
		{"monthly from jan 31, leap year, eom", Schedule{Start: Date(2024, 1, 31), End: Date(2024, 6, 30), EndOfMonth: true},
			[]string{"2024-02-29", "2024-03-31", "2024-04-30", "2024-05-31", "2024-06-30"}},
		{"monthly from jan 31, no eom: rolled from start, no drift", Schedule{Start: Date(2023, 1, 31), End: Date(2023, 5, 31)},
			[]string{"2023-02-28", "2023-03-31", "2023-04-30", "2023-05-31"}},
		{"monthly from apr 30, no eom", Schedule{Start: Date(2023, 4, 30), End: Date(2023, 7, 30)},
			[]string{"2023-05-30", "2023-06-30", "2023-07-30"}},
		{"monthly from apr 30, eom", Schedule{Start: Date(2023, 4, 30), End: Date(2023, 7, 31), EndOfMonth: true},
			[]string{"2023-05-31", "2023-06-30", "2023-07-31"}},
		{"monthly from feb 28, eom, stub to mid-month", Schedule{Start: Date(2023, 2, 28), End: Date(2023, 5, 15), EndOfMonth: true},
			[]string{"2023-03-31", "2023-04-30", "2023-05-15"}},
		{"quarterly with short final stub", Schedule{Start: Date(2024, 1, 15), End: Date(2024, 12, 1), Frequency: EveryQuarter},
			[]string{"2024-04-15", "2024-07-15", "2024-10-15", "2024-12-01"}},
		{"semiannual from aug 31", Schedule{Start: Date(2023, 8, 31), End: Date(2025, 2, 28), Frequency: EveryHalfYear},
			[]string{"2024-02-29", "2024-08-31", "2025-02-28"}},
		{"annual from leap day", Schedule{Start: Date(2024, 2, 29), End: Date(2028, 2, 29), Frequency: EveryYear},
			[]string{"2025-02-28", "2026-02-28", "2027-02-28", "2028-02-29"}},
		{"annual from leap day, eom", Schedule{Start: Date(2024, 2, 29), End: Date(2026, 2, 28), Frequency: EveryYear, EndOfMonth: true},
			[]string{"2025-02-28", "2026-02-28"}},
		{"single short period", Schedule{Start: Date(2024, 1, 1), End: Date(2024, 1, 2), Frequency: EveryYear},
			[]string{"2024-01-02"}},
		{"clock and zone ignored", Schedule{Start: time.Date(2024, 1, 31, 22, 0, 0, 0, time.FixedZone("X", -3600)), End: time.Date(2024, 3, 31, 5, 0, 0, 0, time.UTC)},
			[]string{"2024-02-29", "2024-03-31"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ps, err := tt.s.Periods()
			require.NoError(t, err)
			if diff := cmp.Diff(tt.want, ends(ps)); diff != "" {
				t.Fatalf("Periods() ends mismatch (-want +got):\n%s", diff)
			}
			prev := dateOnly(tt.s.Start)
			for i, p := range ps {
				require.Equal(t, i, p.Index)
				require.True(t, p.Start.Equal(prev), "period %d starts %v, want %v", i, p.Start, prev)
				require.Equal(t, time.UTC, p.End.Location())
				require.Greater(t, Days(p.Start, p.End), 0)
				prev = p.End
			}
		})
	}
	t.Run("many periods", func(t *testing.T) {
		ps, err := Schedule{Start: Date(2000, 1, 31), End: Date(2100, 1, 31), EndOfMonth: true}.Periods()
		require.NoError(t, err)
		require.Len(t, ps, 1200)
		for _, p := range ps {
			require.True(t, IsMonthEnd(p.End), "%v", p.End)
		}
	})
	t.Run("max periods", func(t *testing.T) {
		start := Date(2000, 1, 1)
		ps, err := Schedule{Start: start, End: AddMonths(start, MaxPeriods, false)}.Periods()
		require.NoError(t, err)
		require.Len(t, ps, MaxPeriods)
		_, err = Schedule{Start: start, End: AddMonths(start, MaxPeriods+1, false)}.Periods()
		require.ErrorIs(t, err, ErrRange)
	})
}

func TestSchedule_Validate(t *testing.T) {
	d := Date(2024, 1, 1)
	tests := []struct {
		name  string
		s     Schedule
		paths []string
		is    error
	}{
		{"zero", Schedule{}, []string{"start", "end"}, ErrRequired},
		{"no end", Schedule{Start: d}, []string{"end"}, ErrRequired},
		{"bad frequency", Schedule{Start: d, End: d.AddDate(1, 0, 0), Frequency: 4}, []string{"frequency"}, ErrRange},
		{"end before start", Schedule{Start: d, End: d.AddDate(0, 0, -1)}, []string{"end"}, ErrOrder},
		{"end on start", Schedule{Start: d, End: time.Date(2024, 1, 1, 23, 0, 0, 0, time.UTC)}, []string{"end"}, ErrOrder},
		{"too many periods", Schedule{Start: Date(-100000, 1, 1), End: d}, []string{"end"}, ErrRange},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.s.Validate()
			require.ErrorIs(t, err, ErrInvalid)
			require.ErrorIs(t, err, tt.is)
			var paths []string
			for _, e := range flatten(err) {
				var fe *FieldError
				require.True(t, errors.As(e, &fe), "%v", e)
				paths = append(paths, fe.Path)
			}
			require.Equal(t, tt.paths, paths)
			_, perr := tt.s.Periods()
			require.Equal(t, err.Error(), perr.Error())
		})
	}
}

func TestExplicit(t *testing.T) {
	start := Date(2024, 1, 1)
	t.Run("ok", func(t *testing.T) {
		ps, err := Explicit(start, Date(2024, 2, 29), Date(2024, 3, 1), time.Date(2025, 1, 1, 13, 0, 0, 0, time.UTC))
		require.NoError(t, err)
		want := []Period{
			{0, Date(2024, 1, 1), Date(2024, 2, 29)},
			{1, Date(2024, 2, 29), Date(2024, 3, 1)},
			{2, Date(2024, 3, 1), Date(2025, 1, 1)},
		}
		if diff := cmp.Diff(want, ps); diff != "" {
			t.Errorf("Explicit() mismatch (-want +got):\n%s", diff)
		}
	})
	tests := []struct {
		name string
		ends []time.Time
		path string
		is   error
	}{
		{"none", nil, "ends", ErrRequired},
		{"first on start", []time.Time{start}, "ends[0]", ErrOrder},
		{"first before start", []time.Time{start.AddDate(0, 0, -1)}, "ends[0]", ErrOrder},
		{"repeat", []time.Time{Date(2024, 2, 1), Date(2024, 3, 1), Date(2024, 4, 1), Date(2024, 4, 1)}, "ends[3]", ErrOrder},
		{"decrease", []time.Time{Date(2024, 2, 1), Date(2024, 3, 1), Date(2024, 4, 1), Date(2024, 3, 31)}, "ends[3]", ErrOrder},
		{"too many", make([]time.Time, MaxPeriods+1), "ends", ErrRange},
	}
	t.Run("exactly MaxPeriods", func(t *testing.T) {
		ends := make([]time.Time, MaxPeriods)
		for i := range ends {
			ends[i] = start.AddDate(0, 0, i+1)
		}
		ps, err := Explicit(start, ends...)
		require.NoError(t, err)
		require.Len(t, ps, MaxPeriods)
	})
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Explicit(start, tt.ends...)
			require.ErrorIs(t, err, ErrInvalid)
			require.ErrorIs(t, err, tt.is)
			var fe *FieldError
			require.ErrorAs(t, err, &fe)
			require.Equal(t, tt.path, fe.Path)
		})
	}
}

func TestPeriodIndex(t *testing.T) {
	ps, err := Schedule{Start: Date(2023, 12, 31), End: Date(2024, 12, 31), Frequency: EveryQuarter, EndOfMonth: true}.Periods()
	require.NoError(t, err)
	require.Equal(t, []string{"2024-03-31", "2024-06-30", "2024-09-30", "2024-12-31"}, ends(ps))
	tests := []struct {
		name string
		d    time.Time
		want int
		ok   bool
	}{
		{"schedule start is excluded", Date(2023, 12, 31), -1, false},
		{"before", Date(2020, 1, 1), -1, false},
		{"first day", Date(2024, 1, 1), 0, true},
		{"leap day", Date(2024, 2, 29), 0, true},
		{"end is included", Date(2024, 3, 31), 0, true},
		{"day after end", Date(2024, 4, 1), 1, true},
		{"middle", Date(2024, 8, 15), 2, true},
		{"last day", Date(2024, 12, 31), 3, true},
		{"after", Date(2025, 1, 1), -1, false},
		{"clock ignored", time.Date(2024, 3, 31, 23, 59, 59, 0, time.UTC), 0, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			i, ok := PeriodIndex(ps, tt.d)
			require.Equal(t, tt.ok, ok)
			require.Equal(t, tt.want, i)
		})
	}
	t.Run("empty", func(t *testing.T) {
		_, ok := PeriodIndex(nil, Date(2024, 1, 1))
		require.False(t, ok)
	})
	t.Run("every day", func(t *testing.T) {
		for d := Date(2024, 1, 1); !d.After(Date(2024, 12, 31)); d = d.AddDate(0, 0, 1) {
			i, ok := PeriodIndex(ps, d)
			require.True(t, ok)
			require.True(t, Days(ps[i].Start, d) > 0 && Days(d, ps[i].End) >= 0, "%v in %v", d, ps[i])
		}
	})
}

func TestPeriod_YearFraction(t *testing.T) {
	p := Period{Start: Date(2024, 1, 31), End: Date(2024, 2, 29)}
	require.Equal(t, "0.08055555555555555556", p.YearFraction(ACT360).String())     // 29/360
	require.Equal(t, "0.07945205479452054795", p.YearFraction(ACT365F).String())    // 29/365
	require.Equal(t, "0.08055555555555555556", p.YearFraction(Thirty360E).String()) // D1 31 → 30, D2 = 29
}

func TestFrequency_text(t *testing.T) {
	names := []string{"monthly", "quarterly", "semiannual", "annual"}
	months := []int{1, 3, 6, 12}
	for i, name := range names {
		t.Run(name, func(t *testing.T) {
			f := Frequency(i)
			require.True(t, f.Valid())
			require.Equal(t, name, f.String())
			require.Equal(t, months[i], f.Months())
			got, err := ParseFrequency(name)
			require.NoError(t, err)
			require.Equal(t, f, got)
			b, err := json.Marshal(f)
			require.NoError(t, err)
			var back Frequency
			require.NoError(t, json.Unmarshal(b, &back))
			require.Equal(t, f, back)
		})
	}
	t.Run("bad", func(t *testing.T) {
		_, err := ParseFrequency("weekly")
		require.ErrorIs(t, err, ErrInvalid)
		require.Equal(t, 0, Frequency(4).Months())
		require.Equal(t, "Frequency(4)", Frequency(4).String())
		_, err = Frequency(4).MarshalText()
		require.ErrorIs(t, err, ErrInvalid)
		// A bad name is an error and leaves the frequency as it was.
		f := EveryYear
		require.ErrorIs(t, f.UnmarshalText([]byte("weekly")), ErrInvalid)
		require.Equal(t, EveryYear, f)
	})
}

// TestSchedule_ValidateMaxPeriods checks the period limit without rolling
// the schedule: exactly MaxPeriods whole periods are allowed, monthly and
// quarterly, and one day more (a stub period) is one period too many.
func TestSchedule_ValidateMaxPeriods(t *testing.T) {
	start := Date(2000, 1, 15)
	for _, f := range []Frequency{EveryMonth, EveryQuarter} {
		t.Run(f.String(), func(t *testing.T) {
			end := AddMonths(start, MaxPeriods*f.Months(), false)
			s := Schedule{Start: start, End: end, Frequency: f}
			require.NoError(t, s.Validate())
			ps, err := s.Periods()
			require.NoError(t, err)
			require.Len(t, ps, MaxPeriods)
			require.True(t, ps[len(ps)-1].End.Equal(end))

			s.End = end.AddDate(0, 0, 1)
			err = s.Validate()
			require.ErrorIs(t, err, ErrRange)
			var fe *FieldError
			require.ErrorAs(t, err, &fe)
			require.Equal(t, "end", fe.Path)
		})
	}
}
