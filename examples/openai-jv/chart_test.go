package main

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/jvwaterfall/jvwaterfall/examples/internal/openaijv"
	"github.com/stretchr/testify/require"
)

// TestChart draws the chart in both formats; what it shows is tested in
// openaijv (TestChart there).
func TestChart(t *testing.T) {
	dir := t.TempDir()
	for _, name := range []string{"jv.svg", "jv.png"} {
		path := filepath.Join(dir, name)
		require.NoError(t, openaijv.Run([]string{"-scenario", "all", "-format", "csv", "-chart", path}, io.Discard, writeChart))
		b, err := os.ReadFile(path)
		require.NoError(t, err)
		if strings.HasSuffix(name, ".svg") {
			require.Contains(t, string(b), "<svg")
			for _, s := range []string{"Founders: cumulative net cash", "stranded: payback never", "triangle: payback", "zero: all put in is back"} {
				require.Contains(t, string(b), s)
			}
		} else {
			require.True(t, bytes.HasPrefix(b, []byte("\x89PNG")))
		}
	}
	require.ErrorContains(t, writeChart(filepath.Join(dir, "jv.pdf"), openaijv.Chart{}), "want a .svg or .png file")
	require.ErrorContains(t, writeChart(filepath.Join(dir, "jv.svg"), openaijv.Chart{}), "nothing to draw")
}
