// Package golden compares a program's output with a golden file, for the
// tests of the example programs. A golden file only pins output against
// regressions; the figures in it are proven by independent tests.
//
// Run a test with -update to rewrite the golden files it checks.
package golden

import (
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// Check compares got with the file at path, relative to the test's
// directory, and reports a line diff when they differ. With -update it
// first writes got to path, creating its directory.
func Check(t testing.TB, path string, got []byte) {
	t.Helper()
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("reading golden file: %v (run the test with -update to create it)", err)
	}
	if diff := cmp.Diff(string(want), string(got)); diff != "" {
		t.Errorf("output differs from %s (-golden +got); run with -update to accept:\n%s", path, diff)
	}
}

// Updating reports whether the tests run with -update, for tests that
// rewrite other files of testdata from the program's own terms.
func Updating() bool { return *update }
