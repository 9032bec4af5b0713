package report_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"testing"

	"github.com/jvwaterfall/jvwaterfall/contract"
	"github.com/jvwaterfall/jvwaterfall/report"
	"github.com/jvwaterfall/jvwaterfall/tranche"
	"github.com/jvwaterfall/jvwaterfall/waterfall"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"
)

// perPeriod is a Source with the given cash in and out each period.
type perPeriod struct {
	name    string
	in, out []string
}

func (s perPeriod) Name() string { return s.name }

func (s perPeriod) Cash(periods []contract.Period) ([]waterfall.SourceCash, error) {
	cash := make([]waterfall.SourceCash, len(periods))
	for i := range cash {
		cash[i] = waterfall.SourceCash{In: dec(s.in[i]), Out: dec(s.out[i])}
	}
	return cash, nil
}

// sourcesDeal runs, over 2025 and 2026, an LP's 1,000.00 through a return
// of capital, with rent of 600.00 then 0, and opex of 100.00 then 50.00.
func sourcesDeal(t testing.TB, totalsOnly bool, sources ...waterfall.Source) *waterfall.Result {
	t.Helper()
	roc, err := tranche.NewReturnOfCapital(tranche.ReturnOfCapital{Name: "capital", Parties: []tranche.PartyID{"LP"}})
	require.NoError(t, err)
	periods, err := contract.Schedule{Start: contract.Date(2024, 12, 31), End: contract.Date(2026, 12, 31), Frequency: contract.EveryYear}.Periods()
	require.NoError(t, err)
	d := &waterfall.Deal{Name: "sources", Currency: "USD", Scale: 2, Periods: periods, Stack: roc, Sources: sources,
		Parties:       []waterfall.Party{{ID: "LP", Commitment: dec("1000")}},
		Contributions: []waterfall.Contribution{{Date: periods[0].End, Party: "LP", Amount: dec("1000")}}}
	res, err := waterfall.RunWith(d, waterfall.RunOptions{TotalsOnly: totalsOnly})
	require.NoError(t, err)
	return res
}

// TestSourceRecords: a record for each source line that moved cash (the
// rent's 0 in 2026 has none), period by period in the deal's order of
// sources; the same for a totals-only run; in less out over the records
// is the sources' share of the periods' proceeds less costs (600 + 0 −
// 100 − 50 = 450). The JSON document has them under "sources", and leaves
// the key out for a deal without sources. A nil result or writer is an
// error.
func TestSourceRecords(t *testing.T) {
	rent := perPeriod{"rent", []string{"600", "0"}, []string{"0", "0"}}
	opex := perPeriod{"opex", []string{"0", "0"}, []string{"100", "50"}}
	want := [][]string{
		{"0", "2025-12-31", "rent", "600.00", "0.00"},
		{"0", "2025-12-31", "opex", "0.00", "100.00"},
		{"1", "2026-12-31", "opex", "0.00", "50.00"},
	}
	for _, totals := range []bool{false, true} {
		res := sourcesDeal(t, totals, rent, opex)
		recs, err := report.SourceRecords(res)
		require.NoError(t, err)
		require.Equal(t, want, recs, "totals-only %v", totals)
		net := decimal.Zero
		for _, r := range recs {
			net = net.Add(dec(r[3])).Sub(dec(r[4]))
		}
		require.Equal(t, "450", net.String())
		require.Equal(t, "450", res.Periods[0].Proceeds.Sub(res.Periods[0].Costs).Add(res.Periods[1].Proceeds).Sub(res.Periods[1].Costs).String())
	}

	res := sourcesDeal(t, false, rent, opex)
	var csv bytes.Buffer
	require.NoError(t, report.WriteSourcesCSV(&csv, res))
	require.Equal(t, "period,date,source,in,out\n0,2025-12-31,rent,600.00,0.00\n0,2025-12-31,opex,0.00,100.00\n1,2026-12-31,opex,0.00,50.00\n", csv.String())

	doc, err := report.NewDocument(res, report.Yearly, nil)
	require.NoError(t, err)
	var got struct {
		Sources []map[string]any `json:"sources"`
	}
	raw, err := json.Marshal(doc)
	require.NoError(t, err)
	require.NoError(t, json.Unmarshal(raw, &got))
	require.Equal(t, []map[string]any{
		{"period": 0.0, "date": "2025-12-31", "source": "rent", "in": "600.00", "out": "0.00"},
		{"period": 0.0, "date": "2025-12-31", "source": "opex", "in": "0.00", "out": "100.00"},
		{"period": 1.0, "date": "2026-12-31", "source": "opex", "in": "0.00", "out": "50.00"},
	}, got.Sources)

	none := sourcesDeal(t, false)
	recs, err := report.SourceRecords(none)
	require.NoError(t, err)
	require.Empty(t, recs)
	var table bytes.Buffer
	require.NoError(t, report.WriteSourcesTable(&table, none))
	require.Equal(t, "  none\n", table.String())
	doc, err = report.NewDocument(none, report.Yearly, nil)
	require.NoError(t, err)
	raw, err = json.Marshal(doc)
	require.NoError(t, err)
	require.NotContains(t, string(raw), `"sources":`)

	_, err = report.SourceRecords(nil)
	require.ErrorIs(t, err, contract.ErrRequired)
	for _, write := range []func() error{
		func() error { return report.WriteSourcesCSV(nil, res) },
		func() error { return report.WriteSourcesTable(nil, res) },
	} {
		require.Error(t, write())
	}
	require.True(t, errors.Is(report.WriteSourcesCSV(&csv, nil), contract.ErrRequired))
	require.True(t, errors.Is(report.WriteSourcesTable(&table, nil), contract.ErrRequired))
}

// What each source brought in and paid out, period by period: the part
// of the ledger's cash in and out that came from contracts and costs.
func ExampleWriteSourcesTable() {
	roc, _ := tranche.NewReturnOfCapital(tranche.ReturnOfCapital{Name: "capital", Parties: []tranche.PartyID{"LP"}})
	periods, _ := contract.Schedule{Start: contract.Date(2024, 12, 31), End: contract.Date(2026, 12, 31), Frequency: contract.EveryYear}.Periods()
	d := &waterfall.Deal{Name: "sources", Currency: "USD", Scale: 2, Periods: periods, Stack: roc,
		Parties:       []waterfall.Party{{ID: "LP", Commitment: decimal.NewFromInt(1000)}},
		Contributions: []waterfall.Contribution{{Date: periods[0].End, Party: "LP", Amount: decimal.NewFromInt(1000)}},
		Sources: []waterfall.Source{
			perPeriod{"rent", []string{"1200", "1250"}, []string{"0", "0"}},
			perPeriod{"opex", []string{"0", "0"}, []string{"100", "0"}},
		}}
	res, err := waterfall.Run(d)
	if err != nil {
		fmt.Println(err)
		return
	}
	if err := report.WriteSourcesTable(os.Stdout, res); err != nil {
		fmt.Println(err)
	}
	// Output:
	// period        date  source        in     out
	//        0  2025-12-31    rent  1,200.00    0.00
	//        0  2025-12-31    opex      0.00  100.00
	//        1  2026-12-31    rent  1,250.00    0.00
}
