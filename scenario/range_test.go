package scenario_test

import (
	"testing"

	"github.com/jvwaterfall/jvwaterfall/scenario"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestRange_ValuesByHand: a range holds from, from+step, … up to to: its
// count is floor((to − from) / step) + 1, worked here by hand for
// quotients just below, at and just above a whole number and a half, and
// for a range of one value (from = to). The definition's Scenarios, the
// plan's Len and the values the plan sets (its columns, with the places
// of the range's from, to and step) all agree with the hand count.
func TestRange_ValuesByHand(t *testing.T) {
	for _, tc := range []struct {
		from, to, step string
		want           []string
	}{
		{"0.06", "0.06", "0.01", []string{"0.06"}},                         // (to−from)/step = 0
		{"0.06", "0.08", "0.01", []string{"0.06", "0.07", "0.08"}},         // 2: lands on to
		{"0.06", "0.0736", "0.01", []string{"0.0600", "0.0700"}},           // 1.36
		{"0.06", "0.076", "0.01", []string{"0.060", "0.070"}},              // 1.6
		{"0.06", "0.0849", "0.01", []string{"0.0600", "0.0700", "0.0800"}}, // 2.49
		{"0.06", "0.085", "0.01", []string{"0.060", "0.070", "0.080"}},     // 2.5
		{"0.06", "0.0896", "0.01", []string{"0.0600", "0.0700", "0.0800"}}, // 2.96
		{"0.05", "0.0999", "0.025", []string{"0.0500", "0.0750"}},          // 1.996
	} {
		src := `{"terms": [{"name": "r", "path": "/stack/tranches/2/rate/annual", "range": {"from": "` + tc.from + `", "to": "` + tc.to + `", "step": "` + tc.step + `"}}]}`
		def, err := scenario.DecodeDefinition([]byte(src))
		require.NoError(t, err, src)
		assert.Equal(t, len(tc.want), def.Scenarios(), src)
		p, err := scenario.NewPlan(datacenter(t), def)
		require.NoError(t, err, src)
		require.Equal(t, len(tc.want), p.Len(), src)
		var got []string
		for i := range p.Len() {
			changes, cols, err := p.Changes(i)
			require.NoError(t, err)
			require.Len(t, changes, 1)
			assert.Equal(t, "/stack/tranches/2/rate/annual", changes[0].Path)
			got = append(got, cols...)
		}
		assert.Equal(t, tc.want, got, src)
	}
}
