package main

import (
	"bytes"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	goldenfile "github.com/jvwaterfall/jvwaterfall/internal/golden"
	"github.com/jvwaterfall/jvwaterfall/tranche"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"
)

// golden compares got with testdata/name, or rewrites it with -update.
func golden(t *testing.T, name, got string) {
	t.Helper()
	goldenfile.Check(t, filepath.Join("testdata", name), []byte(got))
}

// TestOutput pins the program's output for each sample deal and format.
// The figures in it are proven independently: the European fund's by
// TestSpecSample of examples/european-fund (the same Result as the Go-built deal, whose figures
// examples/european-fund proves), the quick start's by
// TestQuickstartFigures, the data center's by TestDataCenter and
// TestDataCenterFigures, the capital stack's by TestSpecSample of
// examples/capital-stack (the same Result as that program's deal, whose
// figures its tests prove).
func TestOutput(t *testing.T) {
	for _, deal := range []string{"european-fund", "quickstart", "datacenter", "capital-stack"} {
		for _, format := range []string{"table", "csv", "json"} {
			t.Run(deal+"/"+format, func(t *testing.T) {
				var out, errOut bytes.Buffer
				code := run([]string{"-format", format, filepath.Join("testdata", deal+".json")}, nil, &out, &errOut)
				require.Equal(t, exitOK, code, errOut.String())
				require.Empty(t, errOut.String())
				golden(t, deal+"."+format+".golden", out.String())
			})
		}
	}
	t.Run("scenario", func(t *testing.T) {
		var out, errOut bytes.Buffer
		code := run([]string{"-scenario", "testdata/late-exit.scenario.json", "testdata/european-fund.json"}, nil, &out, &errOut)
		require.Equal(t, exitOK, code, errOut.String())
		golden(t, "european-fund.late-exit.table.golden", out.String())
	})
}

// TestOutput_fund runs a fund run deal by deal: a document with
// "investments". Its figures are those of the spec's fund test document,
// which package fund's tests cover; the golden file pins the program's
// output.
func TestOutput_fund(t *testing.T) {
	var out, errOut bytes.Buffer
	code := run([]string{"testdata/fund.json"}, nil, &out, &errOut)
	require.Equal(t, exitOK, code, errOut.String())
	require.Empty(t, errOut.String())
	golden(t, "fund.table.golden", out.String())
	require.Contains(t, out.String(), "escrow")
}

// TestQuickstartFigures proves the quick start's figures in closed form:
// 1,000,000 called on 2025-12-31; 1,800,000 of proceeds less 50,000 of
// costs on 2029-12-31, 1,461 days later; 8% pref compounding annually on
// ACT/365F, full catch-up to 20%, then 80/20.
//   - pref = 1,000,000 × (1.08^(1461/365) − 1), rounded up to the cent;
//   - the catch-up brings the GP to 20% of profit: X = 0.2·pref/(1 − 0.2);
//   - the rest is split 80/20, so the GP ends with 20% of all profit,
//     0.2 × 750,000 = 150,000, and the LP with 1,600,000.
func TestQuickstartFigures(t *testing.T) {
	var out bytes.Buffer
	require.Equal(t, exitOK, run([]string{"-format", "csv", "-show", "payments", "testdata/quickstart.json"}, nil, &out, &out), out.String())
	rows := map[string]decimal.Decimal{}
	for _, line := range strings.Split(strings.TrimSpace(out.String()), "\n")[1:] {
		f := strings.Split(line, ",") // period,date,tranche,party,from,kind,amount,before,after
		rows[f[2]+"/"+f[3]] = decimal.RequireFromString(f[6])
	}
	pref := 1e6 * (math.Pow(1.08, 1461.0/365) - 1)
	require.InDelta(t, pref, rows["pref/LP"].InexactFloat64(), 0.01)
	require.Equal(t, "360775.86", rows["pref/LP"].StringFixed(2)) // ceil(360775.857…) to the cent
	catchUp := rows["pref/LP"].Mul(decimal.RequireFromString("0.25"))
	require.True(t, rows["catch-up/GP"].Sub(catchUp).Abs().LessThanOrEqual(decimal.New(1, -2)), "catch-up %s, want %s", rows["catch-up/GP"], catchUp)
	gp := rows["catch-up/GP"].Add(rows["carry/GP"])
	lp := rows["capital/LP"].Add(rows["pref/LP"]).Add(rows["carry/LP"])
	require.Equal(t, "150000.00", gp.StringFixed(2))
	require.Equal(t, "1600000.00", lp.StringFixed(2))
	require.Equal(t, "1000000.00", rows["capital/LP"].StringFixed(2))
}

// TestScenario checks the scenario's effect independently: the proceeds
// it leaves (the five first exits and the new last one) less its cost
// are exactly what is paid out.
func TestScenario(t *testing.T) {
	var out, errOut bytes.Buffer
	code := run([]string{"-format", "csv", "-show", "payments", "-scenario", "testdata/late-exit.scenario.json", "testdata/european-fund.json"}, nil, &out, &errOut)
	require.Equal(t, exitOK, code, errOut.String())
	paid, prefPaid := decimal.Zero, false
	for _, line := range strings.Split(strings.TrimSpace(out.String()), "\n")[1:] {
		f := strings.Split(line, ",") // period,date,tranche,party,from,kind,amount,before,after
		paid = paid.Add(decimal.RequireFromString(f[6]))
		prefPaid = prefPaid || f[5] == tranche.KindPref.String()
	}
	want := decimal.Zero
	for _, s := range []string{"12500000", "26000000", "41750000.50", "35000000", "44000000", "19166666.67", "-250000"} {
		want = want.Add(decimal.RequireFromString(s))
	}
	require.Equal(t, want.StringFixed(2), paid.StringFixed(2))
	require.True(t, prefPaid)
}

// TestBadInput checks that bad input exits with status 2 and prints every
// problem, one per line, each with its path.
func TestBadInput(t *testing.T) {
	t.Run("every error", func(t *testing.T) {
		var out, errOut bytes.Buffer
		code := run([]string{"testdata/bad.json"}, nil, &out, &errOut)
		require.Equal(t, exitBadInput, code)
		require.Empty(t, out.String())
		golden(t, "bad.stderr.golden", errOut.String())
		var paths []string
		for _, line := range strings.Split(strings.TrimSpace(errOut.String()), "\n") {
			paths = append(paths, strings.SplitN(strings.TrimPrefix(line, "testdata/bad.json: "), ":", 2)[0])
		}
		require.Equal(t, []string{"parties[0].commitment", "schedule.end", "proceeds[0].amount", "proceeds[0].currency",
			"stack.tranches[0].parties[1]", "stack.tranches[1].rate", "stack.tranches[2].shares", "stack_extra"}, paths)
	})
	tests := []struct {
		name  string
		args  []string
		stdin string
		want  string
		code  int
	}{
		{"no deal", nil, "", "want one DEAL file", exitUsage},
		{"two deals", []string{"a.json", "b.json"}, "", "want one DEAL file", exitUsage},
		{"bad flag", []string{"-nope", "a.json"}, "", "flag provided but not defined", exitUsage},
		{"bad format", []string{"-format", "xml", "testdata/quickstart.json"}, "", `unknown format "xml"`, exitUsage},
		{"missing file", []string{"testdata/nope.json"}, "", "no such file", exitIO},
		{"stdin not JSON", []string{"-"}, "not json", "stdin: line 1, column 1: unexpected 'n', want a value: malformed JSON", exitBadInput},
		{"stdin empty", []string{"-"}, "", "stdin: line 1, column 1: unexpected end of input, want a value: malformed JSON", exitBadInput},
		{"missing scenario", []string{"-scenario", "testdata/nope.json", "testdata/quickstart.json"}, "", "no such file", exitIO},
		{"scenario with unknown field", []string{"-scenario", "testdata/bad.scenario.json", "testdata/quickstart.json"}, "", `unknown field "sett"`, exitBadInput},
		{"scenario path missing", []string{"-scenario", "testdata/badpath.scenario.json", "testdata/quickstart.json"}, "",
			`testdata/badpath.scenario.json: set[0].path: /proceeds/7/amount: no element "7" in the array of 1 at "/proceeds": no such place in the deal`, exitBadInput},
		{"scenario of the wrong type", []string{"-scenario", "testdata/breaks.scenario.json", "testdata/quickstart.json"}, "",
			"testdata/breaks.scenario.json: set[0].value: a number where the deal has a string at /proceeds/0/amount: wrong type", exitBadInput},
		{"scenario breaks the deal", []string{"run", "-scenario", "testdata/negative.scenario.json", "testdata/quickstart.json"}, "",
			"testdata/negative.scenario.json: set[1]: proceeds[0].amount: must not be negative (in the changed deal)", exitBadInput},
		{"scenario with a duplicate key", []string{"-scenario", "testdata/duplicate.scenario.json", "testdata/quickstart.json"}, "",
			`testdata/duplicate.scenario.json: set[0].value.amount: "amount": duplicate key`, exitBadInput},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out, errOut bytes.Buffer
			code := run(tt.args, strings.NewReader(tt.stdin), &out, &errOut)
			require.Equal(t, tt.code, code)
			require.Contains(t, errOut.String(), tt.want)
			require.Empty(t, out.String())
		})
	}
}

func TestStdin(t *testing.T) {
	src, err := os.ReadFile("testdata/quickstart.json")
	require.NoError(t, err)
	var fromFile, fromStdin bytes.Buffer
	require.Equal(t, exitOK, run([]string{"-format", "json", "testdata/quickstart.json"}, nil, &fromFile, &fromFile))
	require.Equal(t, exitOK, run([]string{"-format", "json", "-"}, bytes.NewReader(src), &fromStdin, &fromStdin))
	require.Equal(t, fromFile.String(), fromStdin.String())
}
