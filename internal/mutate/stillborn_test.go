package main

import (
	"testing"
)

// TestDropStillborn_Positions: a build error with a column marks the
// variant under it; one without (the compiler leaves columns past 255
// out) marks the one variant on its line, and none when the line holds
// several, which it cannot tell apart.
func TestDropStillborn_Positions(t *testing.T) {
	a, b, c, d := &mutant{Op: "a"}, &mutant{Op: "b"}, &mutant{Op: "c"}, &mutant{Op: "d"}
	sf := &schemaFile{path: "/x/p/f.go", sites: []*site{{mutants: []*mutant{a, b, c, d}}}}
	sf.out.WriteString("line one: A\nline two: B C\nline three: D\n")
	// offsets: line 2 starts at 12, line 3 at 26.
	sf.spans = []span{{10, 11, a}, {22, 23, b}, {24, 25, c}, {38, 39, d}}
	sc := &schemata{}
	outs := map[string]*schemaFile{"/x/p/f.go": sf}
	build := []byte("# p\n" +
		"f.go:1:11: invalid operation\n" + // a, by its column
		"f.go:2: invalid operation\n" + // b and c: not told apart
		"./f.go:3: invalid operation\n") // d, the line's one variant
	if n := sc.dropStillborn(build, outs); n != 2 {
		t.Errorf("dropped %d, want 2", n)
	}
	for _, m := range []*mutant{a, b, c, d} {
		want := map[string]string{"a": "stillborn", "d": "stillborn"}[m.Op]
		if m.Status != want {
			t.Errorf("mutant %s: status %q, want %q", m.Op, m.Status, want)
		}
	}
	if got := len(sf.sites[0].mutants); got != 2 {
		t.Errorf("%d mutants left at the site, want 2 (b, c)", got)
	}
}
