package scenario_test

import (
	"testing"

	"github.com/jvwaterfall/jvwaterfall/scenario"
	"github.com/stretchr/testify/require"
)

// TestPlan_ChangesByOp: what each operation makes of a value of each kind
// of the deal, worked by hand from the deal's values (testdata/
// datacenter.json: the exit 3000000.00 on 2029-12-31, the loan's
// commitment 2000000.00, the pref's rate 0.08, the scale 2). Ties round
// half away from zero.
func TestPlan_ChangesByOp(t *testing.T) {
	for _, c := range []struct {
		name, term, want string
	}{
		{"set a decimal", `"path": "/proceeds/0/amount", "values": ["1500000.00"]`, `"1500000.00"`},
		{"scale a decimal", `"path": "/proceeds/0/amount", "op": "scale", "values": ["1.5"]`, `"4500000.00"`},
		{"scale a decimal to a tie", `"path": "/stack/tranches/0/loan/commitment", "op": "scale", "values": ["1.0000000625"]`, `"2000000.13"`},
		{"add to a decimal", `"path": "/proceeds/0/amount", "op": "add", "values": ["-250000.50"]`, `"2749999.50"`},
		{"add to a decimal, to a tie", `"path": "/proceeds/0/amount", "op": "add", "values": ["0.125"]`, `"3000000.13"`},
		{"add to a rate, four places, a tie", `"path": "/stack/tranches/2/rate/annual", "op": "add", "places": 4, "values": ["0.00125"]`, `"0.0813"`},
		{"scale a rate", `"path": "/stack/tranches/2/rate/annual", "op": "scale", "values": ["1.5"]`, `"0.12"`},
		{"step a rate: the range's own places", `"path": "/stack/tranches/2/rate/annual", "range": {"from": "0.06", "to": "0.07", "step": "0.005"}`, `"0.060"`},
		{"step a rate to four places", `"path": "/stack/tranches/2/rate/annual", "places": 4, "range": {"from": "0.06", "to": "0.07", "step": "0.005"}`, `"0.0600"`},
		{"add a stepped amount to a rate", `"path": "/stack/tranches/2/rate/annual", "op": "add", "range": {"from": "0.01", "to": "0.02", "step": "0.01"}`, `"0.09"`},
		{"scale a whole number", `"path": "/scale", "op": "scale", "values": ["1.5"]`, `3`},
		{"scale a whole number to a tie", `"path": "/scale", "op": "scale", "values": ["1.25"]`, `3`},
		{"add to a whole number", `"path": "/scale", "op": "add", "values": ["1"]`, `3`},
		{"add days to a date", `"path": "/proceeds/0/date", "op": "add", "values": ["-30"]`, `"2029-12-01"`},
		{"add half a day to a date", `"path": "/proceeds/0/date", "op": "add", "values": ["-30.5"]`, `"2029-11-30"`},
	} {
		t.Run(c.name, func(t *testing.T) {
			def, err := scenario.DecodeDefinition([]byte(`{"terms": [{"name": "x", ` + c.term + `}]}`))
			require.NoError(t, err)
			p, err := scenario.NewPlan(datacenter(t), def)
			require.NoError(t, err)
			changes, _, err := p.Changes(0)
			require.NoError(t, err)
			require.Len(t, changes, 1)
			require.Equal(t, c.want, changes[0].Value)
		})
	}
}
