package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"
)

// TestExplainPeriod explains the quick start's exit year. Its figures
// are proven in closed form by TestQuickstartFigures; here the cash left
// after each payment is the available cash, 1,800,000 − 50,000 =
// 1,750,000, less the payments before it, and the golden file pins the
// layout.
func TestExplainPeriod(t *testing.T) {
	var out, errOut bytes.Buffer
	require.Equal(t, exitOK, run([]string{"explain", "-period", "4", "testdata/quickstart.json"}, nil, &out, &errOut), errOut.String())
	require.Empty(t, errOut.String())
	golden(t, "quickstart.explain-period.golden", out.String())
	for _, want := range []string{
		"= available   1,750,000.00",
		"1  capital   LP     capital   1,000,000.00  750,000.00  owed 1,000,000.00: paid in full",       // 1,750,000 − 1,000,000
		"2  pref      LP     pref        360,775.86  389,224.14  owed 360,775.86: paid in full",         // 750,000 − 360,775.86
		"5  carry     GP     promote      59,806.03        0.00  its share of the cash left: 59,806.03", // the split takes the rest
	} {
		require.Contains(t, out.String(), want)
	}
}

// TestExplainShortfall: with 1,200,000 of proceeds less 50,000 of costs,
// 1,150,000 is available; capital takes 1,000,000 and the pref, owed
// 360,775.86, gets the 150,000 left: 210,775.86 is still owed, and
// nothing reaches the catch-up or the split.
func TestExplainShortfall(t *testing.T) {
	src, err := os.ReadFile("testdata/quickstart.json")
	require.NoError(t, err)
	file := filepath.Join(t.TempDir(), "short.json")
	require.NoError(t, os.WriteFile(file, bytes.Replace(src, []byte(`"1800000.00"`), []byte(`"1200000.00"`), 1), 0o644))
	var out, errOut bytes.Buffer
	require.Equal(t, exitOK, run([]string{"explain", "-period", "4", file}, nil, &out, &errOut), errOut.String())
	require.Contains(t, out.String(), "pref       150,000.00        0.00  owed 360,775.86: the cash ran out, 210,775.86 still owed")
	require.NotContains(t, out.String(), "catch-up")
	require.NotContains(t, out.String(), "carry")
}

// TestExplainParty: the LP's lines add up to what TestQuickstartFigures
// proves it receives, 1,600,000, and show the 1,000,000 it put in.
func TestExplainParty(t *testing.T) {
	var out, errOut bytes.Buffer
	require.Equal(t, exitOK, run([]string{"explain", "-party", "LP", "testdata/quickstart.json"}, nil, &out, &errOut), errOut.String())
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	in := decimal.Zero
	for _, l := range lines[3 : len(lines)-2] {
		f := strings.Fields(l)
		if f[2] == "contribution" {
			require.Equal(t, "1,000,000.00", f[3])
			continue
		}
		in = in.Add(decimal.RequireFromString(strings.ReplaceAll(f[4], ",", "")))
	}
	require.Equal(t, "1600000.00", in.StringFixed(2))
	require.Equal(t, "contributed 1,000,000.00, received 1,600,000.00, paid out 0.00, net 600,000.00", lines[len(lines)-1])
}
