package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestQualify: an ID keeps its path; a base name the module holds once is
// given its directory; one several packages share, or none holds, is an
// error that names the choices.
func TestQualify(t *testing.T) {
	dirs := map[string][]string{"hurdle.go": {"tranche"}, "run.go": {"fund", "waterfall"}}
	for _, c := range []struct{ in, want, err string }{
		{"hurdle.go:266:18:Add→Sub", "tranche/hurdle.go:266:18:Add→Sub", ""},
		{"fund/run.go:42:5:drop-err", "fund/run.go:42:5:drop-err", ""},
		{"waterfall/run.go:42:5:drop-err", "waterfall/run.go:42:5:drop-err", ""},
		{"run.go:42:5:drop-err", "", "run.go is in fund, waterfall"},
		{"nothing.go:1:1:Add→Sub", "", "no file nothing.go"},
	} {
		got, err := qualify(c.in, dirs)
		if c.err != "" {
			if err == nil || !strings.Contains(err.Error(), c.err) {
				t.Errorf("qualify(%q) = %q, %v; want an error with %q", c.in, got, err, c.err)
			}
			continue
		}
		if err != nil || got != c.want {
			t.Errorf("qualify(%q) = %q, %v; want %q", c.in, got, err, c.want)
		}
	}
}

// TestModuleFiles: non-test files of the module by base name, without
// tests, testdata or nested modules; and readEquivalent reads a file of
// IDs through it, comments and blank lines left out.
func TestModuleFiles(t *testing.T) {
	root := t.TempDir()
	write := func(p string) {
		t.Helper()
		p = filepath.Join(root, p)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte("package x\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for _, p := range []string{"go.mod", "a/run.go", "b/run.go", "b/run_test.go", "b/testdata/x.go", "c/go.mod", "c/run.go", "d/only.go"} {
		write(p)
	}
	dirs, err := moduleFiles(root)
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(dirs["run.go"], ","); got != "a,b" {
		t.Errorf("run.go in %q, want a,b", got)
	}
	if got := strings.Join(dirs["only.go"], ","); got != "d" {
		t.Errorf("only.go in %q, want d", got)
	}
	if _, ok := dirs["x.go"]; ok {
		t.Error("testdata read")
	}
	if _, ok := dirs["run_test.go"]; ok {
		t.Error("a test file read")
	}
	ids := filepath.Join(root, "ids.txt")
	if err := os.WriteFile(ids, []byte("# comment\n\nonly.go:1:2:Add→Sub  # why\na/run.go:3:4:drop-err\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	eq, err := readEquivalent(ids, dirs)
	if err != nil {
		t.Fatal(err)
	}
	if len(eq) != 2 || !eq["d/only.go:1:2:Add→Sub"] || !eq["a/run.go:3:4:drop-err"] {
		t.Errorf("read %v", eq)
	}
	if err := os.WriteFile(ids, []byte("run.go:3:4:drop-err\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := readEquivalent(ids, dirs); err == nil || !strings.Contains(err.Error(), "ids.txt:1:") {
		t.Errorf("an ambiguous ID read without an error naming its line: %v", err)
	}
}
