package tranche

import (
	"fmt"
	"testing"

	"pgregory.net/rapid"
)

// TestPartySet_AsMap asks a partySet of random parties about random IDs,
// at their places in a list or at none, many times (past the scans, to
// the map), and checks every answer against a map of the parties.
func TestPartySet_AsMap(t *testing.T) {
	rapid.Check(t, func(rt *rapid.T) {
		n := rapid.IntRange(0, 40).Draw(rt, "parties")
		ps := make([]Party, n)
		want := map[PartyID]bool{}
		for i := range ps {
			ps[i] = Party{ID: PartyID(fmt.Sprintf("P%d", rapid.IntRange(0, 2*n).Draw(rt, "id")))}
			want[ps[i].ID] = true
		}
		s := newPartySet(ps)
		for range rapid.IntRange(1, 200).Draw(rt, "asks") {
			id := PartyID(fmt.Sprintf("P%d", rapid.IntRange(0, 2*n+1).Draw(rt, "ask")))
			j := rapid.IntRange(-1, n+1).Draw(rt, "place")
			if got := s.has(id, j); got != want[id] {
				rt.Fatalf("has(%q, %d) = %v, want %v", id, j, got, want[id])
			}
		}
	})
}
