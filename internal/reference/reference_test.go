package reference_test

import (
	"encoding/json"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/jvwaterfall/jvwaterfall/internal/reference"
	"github.com/stretchr/testify/require"
)

type caseFile struct {
	Cases []struct {
		ID       string               `json:"id"`
		Kind     string               `json:"kind"`
		Title    string               `json:"title"`
		Source   struct{ URL string } `json:"source"`
		Inputs   json.RawMessage      `json:"inputs"`
		Expected json.RawMessage      `json:"expected"`
	} `json:"cases"`
}

// TestCases checks that every case has an ID, a kind, a title, a source
// URL, inputs and expected figures; that IDs are unique; that
// testdata/README.md lists each case with its URL; and that some test of
// the module outside this package names each case, so the file holds
// only cases a test uses.
func TestCases(t *testing.T) {
	var f caseFile
	require.NoError(t, json.Unmarshal(reference.CasesJSON(), &f))
	require.NotEmpty(t, f.Cases)
	readme, err := os.ReadFile(filepath.Join("testdata", "README.md"))
	require.NoError(t, err)
	tests := moduleTests(t)
	seen := map[string]bool{}
	for _, c := range f.Cases {
		t.Run(c.ID, func(t *testing.T) {
			require.NotEmpty(t, c.ID)
			require.False(t, seen[c.ID], "duplicate id")
			seen[c.ID] = true
			require.NotEmpty(t, c.Kind)
			require.NotEmpty(t, c.Title)
			require.True(t, strings.HasPrefix(c.Source.URL, "https://"), "source url %q", c.Source.URL)
			require.NotEmpty(t, c.Inputs)
			require.NotEmpty(t, c.Expected)
			require.Contains(t, string(readme), "### "+c.ID+" ")
			require.Contains(t, string(readme), c.Source.URL)
			require.Contains(t, tests, c.ID, "no test names this case")
		})
	}
}

// CasesJSON hands out a copy: a caller cannot change what the next reads.
func TestCasesJSON_Copy(t *testing.T) {
	a := reference.CasesJSON()
	a[0] = 'x'
	require.NotEqual(t, a[0], reference.CasesJSON()[0])
}

// moduleTests is the text of every _test.go file of the module outside
// this package.
func moduleTests(t *testing.T) string {
	t.Helper()
	var all strings.Builder
	root := filepath.Join("..", "..")
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == ".git" || path == filepath.Join(root, "internal", "reference")) {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(path, "_test.go") {
			return nil
		}
		b, err := os.ReadFile(path)
		all.Write(b)
		return err
	})
	require.NoError(t, err)
	return all.String()
}
