package scenario_test

import (
	"testing"

	"github.com/jvwaterfall/jvwaterfall/scenario"
	"github.com/jvwaterfall/jvwaterfall/tranche"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// onlyChange decodes a one-term definition, lays it over the data-center
// deal and returns scenario 0's one change and the term's column value.
func onlyChange(t *testing.T, definition string) (scenario.Change, string) {
	t.Helper()
	def, err := scenario.DecodeDefinition([]byte(definition))
	require.NoError(t, err)
	p, err := scenario.NewPlan(datacenter(t), def)
	require.NoError(t, err)
	changes, cols, err := p.Changes(0)
	require.NoError(t, err)
	require.Len(t, changes, 1)
	require.Len(t, cols, 1)
	return changes[0], cols[0]
}

// TestPlan_DrawnSetIsRoundedOnceHalfAwayFromZero: a drawn value that sets
// a decimal is rounded to the term's places (6 by default) half away from
// zero (docs/scenarios.md, "places"), once. A normal of sd 0 draws its
// mean every time (mean + 0·z), so the draw is known by hand (a draw is
// read as the shortest decimal of its float64, so 0.0812345 is exactly
// that):
//   - 0.0812345 is a tie at the 6th place: half away from zero gives
//     0.081235 (rounding half to even would give 0.081234);
//   - 0.08123446 has a 4 at the 7th place: it rounds down to 0.081234
//     (rounding first to 7 places, 0.0812345, and then to 6 would give
//     0.081235).
//
// The column shows the value set.
func TestPlan_DrawnSetIsRoundedOnceHalfAwayFromZero(t *testing.T) {
	for mean, want := range map[string]string{"0.0812345": "0.081235", "0.08123446": "0.081234"} {
		c, col := onlyChange(t, `{"montecarlo": {"seed": 7, "samples": 3}, "terms": [{"name": "r",
			"path": "/stack/tranches/2/rate/annual", "dist": {"kind": "normal", "mean": `+mean+`, "sd": 0}}]}`)
		assert.Equal(t, scenario.Change{Path: "/stack/tranches/2/rate/annual", Value: `"` + want + `"`}, c, mean)
		assert.Equal(t, want, col, mean)
	}
}

// TestPlan_ScaleAndAddRoundOnce: a scaled or added decimal is rounded to
// the deal value's own places (the exit amount, 3000000.00: cents) half
// away from zero, once (docs/scenarios.md, "places"). By hand:
// 3000000.00 × 1.0000000015 = 3000000.0045 and 3000000.00 + 0.0045 =
// 3000000.0045, whose third decimal is 4: both round down to 3000000.00
// (rounding first to 3 places, 3000000.005, and then to 2 would give
// 3000000.01). The column shows the value given, not the deal's.
func TestPlan_ScaleAndAddRoundOnce(t *testing.T) {
	for _, tc := range []struct{ op, value string }{{"scale", "1.0000000015"}, {"add", "0.0045"}} {
		c, col := onlyChange(t, `{"terms": [{"name": "e", "path": "/proceeds/0/amount", "op": "`+tc.op+`", "values": ["`+tc.value+`"]}]}`)
		assert.Equal(t, scenario.Change{Path: "/proceeds/0/amount", Value: `"3000000.00"`}, c, tc.op)
		assert.Equal(t, tc.value, col, tc.op)
		// A second method: the change applied by Base.Apply gives the
		// deal the same exit, 3000000 to the cent.
		doc, err := datacenter(t).Apply(c)
		require.NoError(t, err)
		assert.Equal(t, "3000000", doc.Deal.Proceeds[0].Amount.String(), tc.op)
	}
}

// TestNewPlan_OffDrawIsAUnitAbove: a distribution that sets a decimal is
// tried at its median and at one unit of the term's last place above it
// (docs/scenarios.md, "Errors and limits": an amount set by a normal draw
// around 1800000, with the default 6 places, fails as 1800000.000001).
// The error is at the term's places and is the deal's ErrNotQuantized.
func TestNewPlan_OffDrawIsAUnitAbove(t *testing.T) {
	def, err := scenario.DecodeDefinition([]byte(`{"montecarlo": {"samples": 10}, "terms": [{"name": "e",
		"path": "/proceeds/0/amount", "dist": {"kind": "normal", "mean": 1800000, "sd": 1000}}]}`))
	require.NoError(t, err)
	_, err = scenario.NewPlan(datacenter(t), def)
	e := requireErrorAt(t, err, "terms[0].places", tranche.ErrNotQuantized)
	assert.Contains(t, e.Error(), "1800000.000001")
	assert.NotContains(t, e.Error(), "1799999.999999")
	assert.Contains(t, e.Error(), "(a draw has 6 decimal places)")

	// With places 3 the unit is 0.001: 1800000.001, still not cents.
	def, err = scenario.DecodeDefinition([]byte(`{"montecarlo": {"samples": 10}, "terms": [{"name": "e", "places": 3,
		"path": "/proceeds/0/amount", "dist": {"kind": "normal", "mean": 1800000, "sd": 1000}}]}`))
	require.NoError(t, err)
	_, err = scenario.NewPlan(datacenter(t), def)
	e = requireErrorAt(t, err, "terms[0].places", tranche.ErrNotQuantized)
	assert.Contains(t, e.Error(), "1800000.001")
	assert.Contains(t, e.Error(), "(a draw has 3 decimal places)")
}
