package main

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"
)

// binDir holds the binary built by the tests; TestMain removes it.
var binDir string

func TestMain(m *testing.M) {
	code := m.Run()
	if binDir != "" {
		os.RemoveAll(binDir)
	}
	os.Exit(code)
}

// binary builds the command once into a temporary directory and returns
// its path: the exit statuses are those of the real program.
var binary = sync.OnceValues(func() (string, error) {
	dir, err := os.MkdirTemp("", "jvwaterfall-bin")
	if err != nil {
		return "", err
	}
	binDir = dir
	bin := filepath.Join(dir, "jvwaterfall")
	out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput()
	if err != nil {
		return "", errors.New(string(out))
	}
	return bin, nil
})

// execute runs the built binary with args and returns its exit status,
// standard output and standard error.
func execute(t *testing.T, stdin string, args ...string) (int, string, string) {
	t.Helper()
	bin, err := binary()
	require.NoError(t, err)
	cmd := exec.Command(bin, args...)
	cmd.Stdin = strings.NewReader(stdin)
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	err = cmd.Run()
	code := 0
	var exit *exec.ExitError
	if errors.As(err, &exit) {
		code = exit.ExitCode()
	} else {
		require.NoError(t, err)
	}
	require.NotContains(t, errOut.String(), "goroutine ", "a panic")
	return code, out.String(), errOut.String()
}

// wantLine reports whether some line of text contains every fragment.
func wantLine(text string, fragments ...string) bool {
	for _, l := range strings.Split(text, "\n") {
		ok := true
		for _, f := range fragments {
			ok = ok && strings.Contains(l, f)
		}
		if ok {
			return true
		}
	}
	return false
}

// TestBadInputs runs every file of testdata/bad through run and validate
// of the built binary: exit status 2, nothing on standard output from
// run, and the expected error on a line that names its file and path:
// each .want file holds the path and a fragment of the cause,
// tab-separated (no path for problems of the whole file).
// manyMistakes are the bad inputs with more than one mistake in them, and
// what validate counts: duplicate-party names "LP" twice, so the tranches
// that pay "GP" name a party the deal does not have.
var manyMistakes = map[string]string{"duplicate-party": "3 errors, 0 warnings"}

func TestBadInputs(t *testing.T) {
	files, err := filepath.Glob("testdata/bad/*.json")
	require.NoError(t, err)
	require.GreaterOrEqual(t, len(files), 40)
	for _, file := range files {
		name := strings.TrimSuffix(filepath.Base(file), ".json")
		t.Run(name, func(t *testing.T) {
			want, err := os.ReadFile(strings.TrimSuffix(file, ".json") + ".want")
			require.NoError(t, err)
			path, fragment, ok := strings.Cut(strings.TrimRight(string(want), "\n"), "\t")
			require.True(t, ok, "want PATH<tab>FRAGMENT")
			prefix := file + ": "
			if path != "" {
				prefix += path + ": "
			}

			code, out, errOut := execute(t, "", "run", file)
			require.Equal(t, exitBadInput, code, errOut)
			require.Empty(t, out)
			require.True(t, wantLine(errOut, prefix, fragment), "no line with %q and %q in:\n%s", prefix, fragment, errOut)

			code, out, _ = execute(t, "", "validate", file)
			require.Equal(t, exitBadInput, code, out)
			require.True(t, wantLine(out, prefix, fragment), "validate: no line with %q and %q in:\n%s", prefix, fragment, out)
			// Each file holds one mistake, and one mistake is one error: no
			// second error, or warning, that only repeats it.
			mistakes := "1 error, 0 warnings"
			if n, ok := manyMistakes[name]; ok {
				mistakes = n
			}
			require.True(t, wantLine(out, file+": invalid: "+mistakes), out)
		})
	}
}

// TestWarnings runs every file of testdata/warn, each a valid deal with
// a likely mistake: validate prints the warning of the .want file with
// its path and exits 0, and run prints it to standard error and runs.
func TestWarnings(t *testing.T) {
	files, err := filepath.Glob("testdata/warn/*.json")
	require.NoError(t, err)
	require.NotEmpty(t, files)
	for _, file := range files {
		name := strings.TrimSuffix(filepath.Base(file), ".json")
		t.Run(name, func(t *testing.T) {
			want, err := os.ReadFile(strings.TrimSuffix(file, ".json") + ".want")
			require.NoError(t, err)
			line := file + ": warning: " + strings.TrimSpace(string(want))

			code, out, _ := execute(t, "", "validate", file)
			require.Equal(t, exitOK, code, out)
			require.Contains(t, strings.Split(out, "\n"), line)
			require.Contains(t, out, file+": valid, 1 warning\n")

			code, out, errOut := execute(t, "", "run", "-show", "summary", file)
			require.Equal(t, exitOK, code, errOut)
			require.NotEmpty(t, out)
			require.Equal(t, line+"\n", errOut)
		})
	}
}

// TestExitCodes checks each documented exit status on the built binary.
func TestExitCodes(t *testing.T) {
	dir := t.TempDir()
	existing := filepath.Join(dir, "deal.json")
	require.NoError(t, os.WriteFile(existing, []byte("{}"), 0o644))
	tests := []struct {
		name  string
		args  []string
		code  int
		inErr string // a fragment of standard error
	}{
		{"run", []string{"run", "testdata/quickstart.json"}, exitOK, ""},
		{"run by default", []string{"testdata/quickstart.json"}, exitOK, ""},
		// 1,500.00 of costs against no cash in period 0; 1,200.00 in period 1
		// repays 1,200.00 of it: 300.00 never is.
		{"a deficit", []string{"run", "testdata/deficit.json"}, exitOK, "testdata/deficit.json: warning: period 0: costs exceeded the deal's cash by 1500.00, " +
			"a deficit that later cash repays before the stack; 300.00 of it is never repaid (contributions and calls are invested capital"},
		{"validate", []string{"validate", "testdata/european-fund.json"}, exitOK, ""},
		{"explain", []string{"explain", "-period", "4", "testdata/quickstart.json"}, exitOK, ""},
		{"init", []string{"init", "venture"}, exitOK, ""},
		{"help", []string{"help"}, exitOK, ""},
		{"run -h", []string{"run", "-h"}, exitOK, "usage: jvwaterfall [run]"},

		{"some scenarios fail", []string{"montecarlo", "testdata/quickstart.json", "testdata/failing.montecarlo.json"}, exitRun,
			"jvwaterfall montecarlo: 4 of 20 scenarios failed; write the table (-table FILE): its error column says why"},
		{"some scenarios fail, with a table", []string{"montecarlo", "-table", filepath.Join(dir, "mc.csv"), "testdata/quickstart.json", "testdata/failing.montecarlo.json"}, exitRun,
			"jvwaterfall montecarlo: 4 of 20 scenarios failed; the table's error column says why"},

		{"invalid deal", []string{"run", "testdata/bad.json"}, exitBadInput, "parties[0].commitment"},
		{"invalid deal to explain", []string{"explain", "-party", "LP", "testdata/bad.json"}, exitBadInput, "parties[0].commitment"},
		{"invalid scenario", []string{"run", "-scenario", "testdata/bad.scenario.json", "testdata/quickstart.json"}, exitBadInput, `unknown field "sett"`},
		{"invalid definition", []string{"sweep", "testdata/datacenter.json", "testdata/definitions/wrong-type.json"}, exitBadInput, "wrong type"},

		{"no arguments", nil, exitUsage, "want one DEAL file"},
		{"unknown flag", []string{"run", "-nope", "testdata/quickstart.json"}, exitUsage, "flag provided but not defined: -nope"},
		{"unknown format", []string{"run", "-format", "xml", "testdata/quickstart.json"}, exitUsage, `unknown format "xml"`},
		{"unknown section", []string{"run", "-show", "totals", "testdata/quickstart.json"}, exitUsage, `unknown section "totals"`},
		{"two csv sections", []string{"run", "-format", "csv", "-show", "summary,ledger", "testdata/quickstart.json"}, exitUsage, "csv writes one table"},
		{"unknown ledger", []string{"run", "-ledger", "weekly", "testdata/quickstart.json"}, exitUsage, `unknown ledger "weekly"`},
		{"xlsx to standard output", []string{"run", "-format", "xlsx", "testdata/quickstart.json"}, exitUsage, "-o FILE.xlsx"},
		{"explain without a question", []string{"explain", "testdata/quickstart.json"}, exitUsage, "want -period N or -party ID"},
		{"explain a period the deal lacks", []string{"explain", "-period", "5", "testdata/quickstart.json"}, exitUsage, "periods 0 to 4, not 5"},
		{"explain a party the deal lacks", []string{"explain", "-party", "Lp", "testdata/quickstart.json"}, exitUsage, `did you mean "LP"?`},
		{"unknown template", []string{"init", "europen-fund"}, exitUsage, `did you mean "european-fund"?`},
		{"validate two files", []string{"validate", "a.json", "b.json"}, exitUsage, "want one DEAL file"},
		{"misspelt subcommand", []string{"valdiate", "testdata/quickstart.json"}, exitUsage, `unknown subcommand "valdiate" (did you mean "validate"?)`},
		{"unknown subcommand", []string{"version"}, exitUsage, `unknown subcommand "version", and no such file; subcommands: init, validate, run`},
		{"far from any subcommand", []string{"frobnicate"}, exitUsage, `unknown subcommand "frobnicate", and no`},
		{"a file without a dot", []string{"testdata/nodot"}, exitIO, "no such file"},

		{"missing deal", []string{"run", "testdata/nope.json"}, exitIO, "no such file"},
		{"missing deal to validate", []string{"validate", "testdata/nope.json"}, exitIO, "no such file"},
		{"missing scenario", []string{"run", "-scenario", "testdata/nope.json", "testdata/quickstart.json"}, exitIO, "no such file"},
		{"output in a missing directory", []string{"run", "-o", filepath.Join(dir, "no", "out.txt"), "testdata/quickstart.json"}, exitIO, "no such file"},
		{"init over a file", []string{"init", "venture", existing}, exitIO, "exists"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, _, errOut := execute(t, "", tt.args...)
			require.Equal(t, tt.code, code, errOut)
			require.Contains(t, errOut, tt.inErr)
		})
	}
}
