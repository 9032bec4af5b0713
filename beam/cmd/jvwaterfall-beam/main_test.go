package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/apache/beam/sdks/v2/go/pkg/beam/testing/ptest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestMain initialises Beam, as main does, for the pipeline TestRun runs
// on Prism.
func TestMain(m *testing.M) { ptest.Main(m) }

func TestRun(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.json")
	require.NoError(t, os.WriteFile(bad, []byte(`{"terms": [{"name": "x", "path": "/nope", "values": [1]}, {"name": "x", "path": "/name", "values": []}]}`), 0o644))
	for _, tc := range []struct {
		name                   string
		deal, def, table, want string
		code                   int
	}{
		{"usage", "", "", "", "usage:", 2},
		{"missing deal", "nope.json", bad, "t.csv", "no such file", 2},
		{"bad definition", "../../pipeline/testdata/datacenter.json", bad, "t.csv", `terms[1].name: "x" is the name of terms[0] too`, 2},
		{"runs", "../../pipeline/testdata/datacenter.json", "../../pipeline/testdata/sweep.json", filepath.Join(dir, "t.csv"), "", 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			*deal, *definition, *table = tc.deal, tc.def, tc.table
			var errOut bytes.Buffer
			assert.Equal(t, tc.code, run(context.Background(), &errOut), errOut.String())
			assert.Contains(t, errOut.String(), tc.want)
		})
	}
	got, err := os.ReadFile(filepath.Join(dir, "t.csv"))
	require.NoError(t, err)
	assert.Contains(t, string(got), "scenario,exit,pref,")
}
