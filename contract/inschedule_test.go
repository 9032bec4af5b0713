package contract

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// TestInSchedule: an annual schedule from 2024-12-31 to 2026-12-31 has the
// periods (2024-12-31, 2025-12-31] and (2025-12-31, 2026-12-31], so (by
// the definition of a period, Start exclusive and End inclusive):
//   - 2025-06-30, 2025-12-31 (an End) and 2026-12-31 (the last End) are in
//     it: nil;
//   - 2024-12-31, the schedule's start, is in no period (at any time of
//     that day): the span is named "(2024-12-31, 2026-12-31]" with the
//     hint about the start;
//   - 2024-12-30 and 2027-01-01 are outside, with the span and no hint;
//   - with no periods at all, any date is outside, and the message says
//     there are none (there is no span to name, and no first period to read).
//
// Every error wraps ErrRange.
func TestInSchedule(t *testing.T) {
	periods, err := Schedule{Start: Date(2024, 12, 31), End: Date(2026, 12, 31), Frequency: EveryYear}.Periods()
	require.NoError(t, err)
	for _, d := range []time.Time{Date(2025, 6, 30), Date(2025, 12, 31), Date(2026, 12, 31)} {
		require.NoError(t, InSchedule(periods, d), d.Format(time.DateOnly))
	}
	const hint = "; the start only closes the period before the first: start the schedule a period earlier"
	for _, c := range []struct {
		d    time.Time
		want string
	}{
		{Date(2024, 12, 31), "2024-12-31 is outside the schedule (2024-12-31, 2026-12-31]" + hint + ": out of range"},
		// The start's calendar day at another instant: the same day, the same hint.
		{Date(2024, 12, 31).Add(15 * time.Hour), "2024-12-31 is outside the schedule (2024-12-31, 2026-12-31]" + hint + ": out of range"},
		{Date(2024, 12, 30), "2024-12-30 is outside the schedule (2024-12-31, 2026-12-31]: out of range"},
		{Date(2027, 1, 1), "2027-01-01 is outside the schedule (2024-12-31, 2026-12-31]: out of range"},
	} {
		err := InSchedule(periods, c.d)
		require.ErrorIs(t, err, ErrRange)
		require.EqualError(t, err, c.want)
	}
	for _, ps := range [][]Period{nil, {}} {
		err := InSchedule(ps, Date(2025, 1, 1))
		require.ErrorIs(t, err, ErrRange)
		require.EqualError(t, err, "2025-01-01 is outside the schedule (no periods): out of range")
	}
}
