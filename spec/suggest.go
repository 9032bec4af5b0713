package spec

import (
	"fmt"
	"strings"
)

// suggest returns the name of names closest to s, for a "did you mean"
// hint: one equal to s but for case, else the nearest within an edit
// distance of a third of s's length (at most 3; so none for a name under
// three letters, where one letter makes another word: "GP" is not "LP").
// It returns "" when none is that close, or when two are equally close.
func suggest(s string, names []string) string {
	if s == "" {
		return ""
	}
	best, bestD, tie := "", 0, false
	limit := min(len(s)/3, 3)
	for _, n := range names {
		if n == s {
			return ""
		}
		if strings.EqualFold(n, s) {
			return n
		}
		d := editDistance(s, n, limit)
		if d > limit {
			continue
		}
		switch {
		case best == "" || d < bestD:
			best, bestD, tie = n, d, false
		case d == bestD && n != best:
			tie = true
		}
	}
	if tie {
		return ""
	}
	return best
}

// didYouMean is ` (did you mean "x"?)` for the name suggest finds, or "".
func didYouMean(s string, names []string) string {
	if n := suggest(s, names); n != "" {
		return fmt.Sprintf(" (did you mean %q?)", n)
	}
	return ""
}

// editDistance is the Levenshtein distance between a and b (bytes), or
// limit+1 once it is sure to exceed limit. Keys, kinds and party IDs are
// short, and a hint only looks at those within a few edits.
func editDistance(a, b string, limit int) int {
	if d := len(a) - len(b); d > limit || -d > limit {
		return limit + 1
	}
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		rowMin := cur[0]
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			rowMin = min(rowMin, cur[j])
		}
		if rowMin > limit {
			return limit + 1
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
