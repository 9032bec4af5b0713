// Package reference holds the public worked examples that the tests check
// the library against: testdata/cases.json, each case with the source it
// was published in, its conventions, inputs, expected figures and
// tolerance. testdata/README.md lists the same cases for a reader.
//
// It is a package, not a file each test opens by a relative path, so that
// a test reads the cases wherever it lives, and a missing or broken file
// fails the build or the test instead of skipping it. Only tests import it.
package reference

import (
	"bytes"
	_ "embed"
)

//go:embed testdata/cases.json
var cases []byte

// CasesJSON returns testdata/cases.json: {"description": ..., "cases":
// [{"id", "kind", "title", "source": {"url", ...}, "conventions",
// "inputs", "expected", "tolerance"}, ...]}. The caller owns the bytes.
func CasesJSON() []byte { return bytes.Clone(cases) }
