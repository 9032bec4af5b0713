package main

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

func post(t *testing.T, url, body string) (int, map[string]any) {
	t.Helper()
	rec := httptest.NewRecorder()
	handleRun(rec, httptest.NewRequest(http.MethodPost, url, strings.NewReader(body)))
	require.Equal(t, "application/json", rec.Header().Get("Content-Type"))
	var out map[string]any
	require.NoError(t, json.Unmarshal(rec.Body.Bytes(), &out), rec.Body.String())
	return rec.Code, out
}

// TestRun posts the quick start with costs, whose figures
// TestQuickstartFigures of cmd/jvwaterfall proves in closed form: the LP
// puts in 1,000,000.00 and receives 1,600,000.00 (capital, the pref of
// 360,775.86, its 80% of the rest), the GP 150,000.00.
func TestRun(t *testing.T) {
	src, err := os.ReadFile("testdata/quickstart.json")
	require.NoError(t, err)
	code, out := post(t, "/run?ledger=yearly", string(src))
	require.Equal(t, http.StatusOK, code, out)
	require.Equal(t, []any{}, out["warnings"])
	run := out["run"].(map[string]any)
	parties := run["parties"].([]any)
	lp, gp := parties[0].(map[string]any), parties[1].(map[string]any)
	require.Equal(t, "1000000.00", lp["contributed"])
	require.Equal(t, "1600000.00", lp["distributed"])
	require.Equal(t, "150000.00", gp["distributed"])
	require.Equal(t, "yearly", run["ledger"].(map[string]any)["aggregation"])
	pays := run["payments"].([]any)
	require.Equal(t, "360775.86", pays[1].(map[string]any)["amount"])
	require.Equal(t, float64(4), pays[1].(map[string]any)["period"], "periods from 0: the fifth year is period 4")
}

// TestErrors: a deal with errors gets 422 and each problem with its path;
// a bad query 400.
func TestErrors(t *testing.T) {
	code, out := post(t, "/run", `{"currency": "USD", "scale": 2, "parties": [{"id": "LP", "commitment": "-1.00"}],
	  "schedule": {"start": "2024-12-31", "end": "2025-12-31", "frequency": "annual"},
	  "stack": {"kind": "return_of_capital", "id": "capital", "parties": ["LP"]}}`)
	require.Equal(t, http.StatusUnprocessableEntity, code)
	errs := out["errors"].([]any)
	require.Equal(t, "parties[0].commitment", errs[0].(map[string]any)["path"])
	require.Contains(t, errs[0].(map[string]any)["error"], "negative")

	code, out = post(t, "/run", `not json`)
	require.Equal(t, http.StatusUnprocessableEntity, code)
	require.Contains(t, out["errors"].([]any)[0].(map[string]any)["error"], "malformed JSON")

	code, _ = post(t, "/run?ledger=weekly", `{}`)
	require.Equal(t, http.StatusBadRequest, code)
}

// TestWarnings: a valid deal with a likely mistake runs, with the warning.
func TestWarnings(t *testing.T) {
	src, err := os.ReadFile("testdata/pref-800-percent.json")
	require.NoError(t, err)
	code, out := post(t, "/run", string(src))
	require.Equal(t, http.StatusOK, code)
	w := out["warnings"].([]any)[0].(map[string]any)
	require.Equal(t, "stack.tranches[1].rate.annual", w["path"])
}
