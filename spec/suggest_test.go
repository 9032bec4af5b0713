package spec

import "testing"

// TestSuggest: a did-you-mean names the one close name: equal but for
// case, or within a third of the word's length in edits; nothing for a
// tie, an exact match or a far word.
func TestSuggest(t *testing.T) {
	for _, c := range []struct {
		s     string
		names []string
		want  string
	}{
		{"partys", []string{"kind", "id", "parties"}, "parties"},
		{"Gp", []string{"GP", "LP-A"}, "GP"},
		{"quartely", []string{"monthly", "quarterly", "semiannual", "annual"}, "quarterly"},
		{"act/360", []string{"ACT/365F", "ACT/360", "30/360 US", "30E/360", "ACT/ACT ISDA"}, "ACT/360"},
		{"ACT/356", []string{"ACT/365F", "ACT/360", "30/360 US", "30E/360", "ACT/ACT ISDA"}, ""}, // two edits from ACT/360 and from ACT/365F
		{"return_of_captial", []string{"return_of_capital", "preferred_return"}, "return_of_capital"},
		{"LP3", []string{"LP1", "LP2"}, ""},            // a tie: no guess
		{"GP", []string{"GP"}, ""},                     // not a mistake
		{"GP", []string{"LP"}, ""},                     // a short ID: another party, not a typo
		{"waterfall", []string{"kind", "parties"}, ""}, // nothing close
		{"", []string{"a"}, ""},
	} {
		if got := suggest(c.s, c.names); got != c.want {
			t.Errorf("suggest(%q) = %q, want %q", c.s, got, c.want)
		}
	}
	if got := editDistance("kitten", "sitting", 5); got != 3 {
		t.Errorf("editDistance(kitten, sitting) = %d, want 3", got)
	}
}
