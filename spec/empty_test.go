package spec

import (
	"testing"
)

// TestDecodeDeal_emptyLists checks that an optional list given empty
// decodes as none, as it is encoded, so that the deal round-trips (calls'
// parties had the same problem).
func TestDecodeDeal_emptyLists(t *testing.T) {
	for name, src := range map[string]string{
		"call parties":     editOf(t, specBase, `"amount": "1000000.00"}`, `"amount": "1000000.00", "parties": []}`),
		"escalation index": editOf(t, specFull, `"escalation": {"rate": "0.03"}`, `"escalation": {"index": []}`),
		"fee parties":      editOf(t, specFund, `"parties": ["LP"]}`, `"parties": []}`),
	} {
		t.Run(name, func(t *testing.T) {
			roundTrip(t, []byte(src), false)
		})
	}
}
