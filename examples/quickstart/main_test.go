package main

import (
	"bytes"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestFigures checks the quick start's payments against the closed forms
// of its terms. The LP puts in 1,000,000 on 2025-12-31 and 1,800,000 comes
// back on 2029-12-31, 1,461 days later:
//   - pref: 1,000,000 × (1.08^(1461/365) − 1) = 360,775.857… → 360,775.86,
//     rounded up to the cent;
//   - full catch-up to 20%: X = 0.2 × 360,775.86 / 0.8 = 90,193.965 →
//     90,193.97;
//   - the rest, 1,800,000 − 1,000,000 − 360,775.86 − 90,193.97 =
//     349,030.17, splits 80/20: 279,224.136 → 279,224.14 and 69,806.034 →
//     69,806.03;
//   - LP IRR: (1,000,000 + 360,775.86 + 279,224.14)/1,000,000 = 1.64 over
//     1461/365 years: 1.64^(365/1461) − 1 = 13.16%.
func TestFigures(t *testing.T) {
	pref := math.Ceil(1e6*(math.Pow(1.08, 1461.0/365)-1)*100) / 100
	cu := math.Ceil(0.2*pref/0.8*100) / 100
	rest := 1_800_000 - 1_000_000 - pref - cu
	lpCarry := math.Round(rest*0.8*100) / 100
	gpCarry := math.Round((rest-lpCarry)*100) / 100
	irr := math.Pow((1e6+pref+lpCarry)/1e6, 365.0/1461) - 1
	line := func(tranche, party, kind string, amount float64) string {
		return fmt.Sprintf("2029-12-31  %-8s %-3s %-9s %12.2f\n", tranche, party, kind, amount)
	}
	want := line("capital", "LP", "capital", 1e6) + line("pref", "LP", "pref", pref) +
		line("catch-up", "GP", "catch-up", cu) + line("carry", "LP", "profit", lpCarry) +
		line("carry", "GP", "promote", gpCarry) + fmt.Sprintf("LP IRR %.2f%%\n", irr*100)
	var buf bytes.Buffer
	require.NoError(t, run(&buf))
	require.Equal(t, want, buf.String())
}

// TestREADME keeps the README's quick start — its code and its output —
// the same as this program.
func TestREADME(t *testing.T) {
	readme, err := os.ReadFile(filepath.Join("..", "..", "README.md"))
	require.NoError(t, err)
	src, err := os.ReadFile("main.go")
	require.NoError(t, err)
	code := string(src[strings.Index(string(src), "package main"):])
	require.Contains(t, string(readme), "```go\n"+code+"```\n", "README's quick start code differs from main.go")
	var buf bytes.Buffer
	require.NoError(t, run(&buf))
	require.Contains(t, string(readme), "```\n"+buf.String()+"```\n", "README's quick start output differs from the program's")
}
