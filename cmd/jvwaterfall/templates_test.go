package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/jvwaterfall/jvwaterfall/report"
	"github.com/jvwaterfall/jvwaterfall/spec"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"
	"github.com/xuri/excelize/v2"
)

// TestTemplates runs every template through init, validate and run in
// every format: each one validates with no errors and runs as is.
func TestTemplates(t *testing.T) {
	names := templateNames()
	require.ElementsMatch(t, []string{"american-fund", "capital-stack", "european-fund", "real-estate-jv", "take-or-pay", "venture"}, names)
	for _, name := range names {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			file := filepath.Join(dir, name+".json")
			var out, errOut bytes.Buffer
			require.Equal(t, exitOK, run([]string{"init", name, file}, nil, &out, &errOut), errOut.String())
			require.Equal(t, exitIO, run([]string{"init", name, file}, nil, &out, &errOut), "init does not overwrite")

			out.Reset()
			errOut.Reset()
			require.Equal(t, exitOK, run([]string{"validate", file}, nil, &out, &errOut), out.String()+errOut.String())
			require.Contains(t, out.String(), "valid, 0 warnings", "a template has no warnings")

			for _, args := range [][]string{
				{"-format", "table"},
				{"-format", "table", "-ledger", "quarterly"},
				{"-format", "csv", "-show", "summary"},
				{"-format", "csv", "-show", "ledger", "-ledger", "yearly"},
				{"-format", "csv", "-show", "payments"},
				{"-format", "json"},
			} {
				out.Reset()
				errOut.Reset()
				code := run(append(append([]string{"run"}, args...), file), nil, &out, &errOut)
				require.Equal(t, exitOK, code, "%v: %s", args, errOut.String())
				require.Empty(t, errOut.String(), "%v", args)
				require.NotEmpty(t, out.String())
				if args[1] == "json" {
					var v map[string]any
					require.NoError(t, json.Unmarshal(out.Bytes(), &v))
					require.Contains(t, v, "parties")
					require.Contains(t, v, "ledger")
				}
			}
			checkWorkbook(t, file)
		})
	}
}

// checkWorkbook writes the deal as xlsx, opens it again with excelize
// and compares its Summary sheet with the run: every party's totals to
// the minor unit, its XIRR, and the total row with the sums of the
// parties' totals.
func checkWorkbook(t *testing.T, file string) {
	t.Helper()
	book := filepath.Join(t.TempDir(), "out.xlsx")
	var out, errOut bytes.Buffer
	require.Equal(t, exitOK, run([]string{"run", "-format", "xlsx", "-o", book, file}, nil, &out, &errOut), errOut.String())
	require.Empty(t, out.String())

	src, err := os.ReadFile(file)
	require.NoError(t, err)
	doc, err := spec.Unmarshal(src)
	require.NoError(t, err)
	res, err := runDocument(doc)
	require.NoError(t, err)
	sums, err := report.Summaries(res, nil)
	require.NoError(t, err)

	f, err := excelize.OpenFile(book)
	require.NoError(t, err)
	defer f.Close()
	require.Equal(t, []string{sheetSummary, sheetLedger, sheetPayments, sheetEvents, sheetSources, sheetInputs}, f.GetSheetList())
	rows, err := f.GetRows(sheetSummary, excelize.Options{RawCellValue: true})
	require.NoError(t, err)
	require.Equal(t, report.SummaryHeader(), rows[0])
	require.Len(t, rows, len(res.Parties())+2, "a header, a row per party, a total row")
	contributed, distributed := decimal.Zero, decimal.Zero
	for i, p := range res.Parties() {
		row := rows[i+1]
		require.Equal(t, string(p.Party), row[0])
		require.True(t, decimal.RequireFromString(row[3]).Equal(p.Contributed), "%s contributed %s, want %s", p.Party, row[3], p.Contributed)
		require.True(t, decimal.RequireFromString(row[4]).Equal(p.Distributed), "%s distributed %s, want %s", p.Party, row[4], p.Distributed)
		contributed, distributed = contributed.Add(p.Contributed), distributed.Add(p.Distributed)
		s := sums[i]
		if s.Invested && s.RateErr == nil {
			x, err := strconv.ParseFloat(row[10], 64)
			require.NoError(t, err)
			require.InDelta(t, s.XIRR, x, 1e-12, "%s XIRR", p.Party)
			irr, err := res.XIRR(p.Party) // with no NAV, the Result's own XIRR
			require.NoError(t, err)
			require.InDelta(t, irr, x, 1e-12)
		} else {
			require.True(t, len(row) <= 10 || row[10] == "", "%s has no XIRR", p.Party)
		}
	}
	total := rows[len(rows)-1]
	require.Equal(t, "total", total[0])
	require.True(t, decimal.RequireFromString(total[3]).Equal(contributed))
	require.True(t, decimal.RequireFromString(total[4]).Equal(distributed))
	// Amounts are numbers, with the currency's format.
	style, err := f.GetCellStyle(sheetSummary, "E2")
	require.NoError(t, err)
	st, err := f.GetStyle(style)
	require.NoError(t, err)
	require.NotNil(t, st.CustomNumFmt)
	require.Equal(t, "#,##0.00;-#,##0.00", *st.CustomNumFmt)
	typ, err := f.GetCellType(sheetSummary, "E2")
	require.NoError(t, err)
	require.NotEqual(t, excelize.CellTypeInlineString, typ)
	require.NotEqual(t, excelize.CellTypeSharedString, typ)
	pays, err := f.GetRows(sheetPayments)
	require.NoError(t, err)
	require.Len(t, pays, res.Payments.Len()+1)
	events, err := f.GetRows(sheetEvents)
	require.NoError(t, err)
	require.Len(t, events, len(res.Events)+1)
	require.Equal(t, eventsHeader, events[0])
	// Sources: a row for each source line that moved cash; its in less
	// out, over every row, is the periods' source cash.
	srcs, err := f.GetRows(sheetSources)
	require.NoError(t, err)
	require.Equal(t, report.SourcesHeader(), srcs[0])
	lines, net := 0, decimal.Zero
	for _, p := range res.Periods {
		for l := range p.Sources.Values() {
			if !l.In.IsZero() || !l.Out.IsZero() {
				lines++
				net = net.Add(l.In).Sub(l.Out)
			}
		}
	}
	require.Len(t, srcs, lines+1)
	sheetNet := decimal.Zero
	for _, r := range srcs[1:] {
		sheetNet = sheetNet.Add(decimal.RequireFromString(strings.ReplaceAll(r[3], ",", ""))).Sub(decimal.RequireFromString(strings.ReplaceAll(r[4], ",", "")))
	}
	require.True(t, net.Equal(sheetNet), "sources sheet nets %s, the periods' lines %s", sheetNet, net)
}
