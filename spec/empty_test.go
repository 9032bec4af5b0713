package spec

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"
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
			d1, err := UnmarshalDeal([]byte(src))
			require.NoError(t, err)
			b, err := MarshalDeal(d1)
			require.NoError(t, err)
			d2, err := UnmarshalDeal(b)
			require.NoError(t, err)
			if diff := cmp.Diff(d1, d2, dealOpts); diff != "" {
				t.Fatalf("round trip (-first +second):\n%s", diff)
			}
		})
	}
}
