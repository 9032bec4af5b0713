package main

import (
	"bytes"
	"encoding/csv"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestHurdles_Fund: -hurdles of a fund run deal by deal writes the
// whole-fund stack's hurdle balances (it dereferenced a nil deal and
// crashed). In the American-fund template the LP is called 3,780,000.00
// at the end of 2025, so its 8% pref balance a year later, before that
// year's movements, is 3,780,000.00 × 1.08 = 4,082,400.00, by hand.
func TestHurdles_Fund(t *testing.T) {
	out := filepath.Join(t.TempDir(), "hurdles.csv")
	var stdout, stderr bytes.Buffer
	require.Equal(t, exitOK, run([]string{"run", "-format", "csv", "-show", "summary", "-hurdles", out, "templates/american-fund.json"}, nil, &stdout, &stderr), stderr.String())
	f, err := os.Open(out)
	require.NoError(t, err)
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	require.NoError(t, err)
	require.Equal(t, []string{"tranche", "party", "rate", "date", "before", "in", "out", "after"}, recs[0])
	require.Equal(t, []string{"fund-pref", "LP", "0.08 annual ACT/365F", "2025-12-31"}, recs[1][:4])
	require.Equal(t, "3780000.00", recs[1][5])
	require.Equal(t, []string{"fund-pref", "LP", "2026-12-31", "4082400.0000000000000000"}, []string{recs[2][0], recs[2][1], recs[2][3], recs[2][4]})
}
