package spec

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// periodsDeal is a deal of one party paid by a return of capital, over
// the given periods.
func periodsDeal(periods string) string {
	return `{"currency": "USD", "scale": 2, "parties": [{"id": "LP", "commitment": "100.00"}], "periods": ` + periods + `,
		"stack": {"kind": "return_of_capital", "id": "c", "parties": ["LP"]}}`
}

// TestEncodeDeal_scheduleForm: EncodeDeal writes the periods as a
// "schedule" when one gives exactly them, as "periods" otherwise
// (EncodeDeal's doc), and either way they read back the same.
func TestEncodeDeal_scheduleForm(t *testing.T) {
	for _, c := range []struct {
		name, periods, want string
	}{
		// A first period of a month, then one of ten days: no schedule
		// gives these, though a monthly one has as many periods and the
		// same first and last ends.
		{"irregular", `{"start": "2024-12-31", "ends": ["2025-01-31", "2025-02-10", "2025-03-31"]}`, "periods"},
		// The same with a fourth period that a monthly schedule has too:
		// its start and end agree, the second period's end does not.
		{"irregular inside", `{"start": "2024-12-31", "ends": ["2025-01-31", "2025-02-10", "2025-03-31", "2025-04-30"]}`, "periods"},
		// One period of two years: every frequency, annual the longest,
		// gives more periods than one.
		{"one long period", `{"start": "2024-12-31", "ends": ["2026-12-31"]}`, "periods"},
		// One stub period of two and a half months is a schedule whose
		// only period is its stub.
		{"one stub period", `{"start": "2024-12-31", "ends": ["2025-03-15"]}`, "schedule"},
	} {
		t.Run(c.name, func(t *testing.T) {
			src := periodsDeal(c.periods)
			d, err := UnmarshalDeal([]byte(src))
			require.NoError(t, err)
			b, err := MarshalDeal(d)
			require.NoError(t, err)
			var got map[string]any
			require.NoError(t, json.Unmarshal(b, &got))
			require.Contains(t, got, c.want, "%s", b)
			d2, err := UnmarshalDeal(b)
			require.NoError(t, err)
			require.Equal(t, len(d.Periods), len(d2.Periods))
			for i := range d.Periods {
				require.True(t, d.Periods[i].Start.Equal(d2.Periods[i].Start) && d.Periods[i].End.Equal(d2.Periods[i].End), "period %d", i)
			}
			roundTrip(t, []byte(src), false)
		})
	}
}

// TestEncodeDeal_zeroMinimum: a take-or-pay minimum of zero, with no
// ramp, is written, since "minimum" is required unless "minimums" is
// given (docs/spec.md, take_or_pay).
func TestEncodeDeal_zeroMinimum(t *testing.T) {
	src := contractDeal(`{"kind": "sequence", "tranches": [`+strings.Replace(contractOfftake, `"minimum": "100"`, `"minimum": "0"`, 1)+
		`, {"kind": "return_of_capital", "id": "c", "parties": ["LP"]}]}`, ``)
	require.Contains(t, src, `"minimum": "0"`)
	roundTrip(t, []byte(src), false)
}
