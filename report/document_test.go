package report_test

import (
	"encoding/json"
	"testing"

	"github.com/jvwaterfall/jvwaterfall/report"
	"github.com/jvwaterfall/jvwaterfall/waterfall"
	"github.com/stretchr/testify/require"
)

// The JSON of a Document says what the Result says: every payment and
// contribution with its period index, amounts that parse back to the
// exact decimals, and the same periods in the ledger rows as in
// Result.Periods.
func TestDocumentJSONMatchesResult(t *testing.T) {
	res := quarterlyFund(t, "")
	doc, err := report.NewDocument(res, report.ByPeriod, nil)
	require.NoError(t, err)
	b, err := json.Marshal(doc)
	require.NoError(t, err)
	var got struct {
		Scale    int32 `json:"scale"`
		Payments []struct {
			Period int    `json:"period"`
			Party  string `json:"party"`
			Kind   string `json:"kind"`
			Amount string `json:"amount"`
		} `json:"payments"`
		Contributions []struct {
			Period int    `json:"period"`
			Amount string `json:"amount"`
		} `json:"contributions"`
		Ledger struct {
			Rows []struct {
				Period string `json:"period"`
				End    string `json:"end"`
			} `json:"rows"`
		} `json:"ledger"`
		Parties []struct {
			Party       string `json:"party"`
			Distributed string `json:"distributed"`
		} `json:"parties"`
	}
	require.NoError(t, json.Unmarshal(b, &got))
	require.Len(t, got.Payments, res.Payments.Len())
	for i, p := range res.Payments.All() {
		g := got.Payments[i]
		require.Equal(t, p.Period, g.Period)
		require.Equal(t, string(p.Party), g.Party)
		require.Equal(t, p.Kind.String(), g.Kind)
		require.True(t, dec(g.Amount).Equal(p.Amount), "payments[%d]: %s vs %s", i, g.Amount, p.Amount)
		require.Equal(t, p.Amount.StringFixed(res.Scale), g.Amount, "every minor unit written")
	}
	require.Len(t, got.Contributions, res.Contributions.Len())
	for i, c := range res.Contributions.All() {
		require.Equal(t, c.Period, got.Contributions[i].Period)
		require.True(t, dec(got.Contributions[i].Amount).Equal(c.Amount))
	}
	require.Len(t, got.Ledger.Rows, len(res.Periods))
	for i, p := range res.Periods {
		// One numbering: the ledger's period label is the index of
		// Result.Periods, as in payments and contributions.
		require.Equal(t, i, p.Period.Index)
		require.Equal(t, itoa(p.Period.Index), got.Ledger.Rows[i].Period)
		require.Equal(t, p.Period.End.Format("2006-01-02"), got.Ledger.Rows[i].End)
	}
	for i, p := range res.Parties() {
		require.Equal(t, string(p.Party), got.Parties[i].Party)
		require.True(t, dec(got.Parties[i].Distributed).Equal(p.Distributed))
	}
}

func itoa(i int) string { b, _ := json.Marshal(i); return string(b) }

func TestDocumentErrors(t *testing.T) {
	_, err := report.NewDocument(nil, report.ByPeriod, nil)
	require.Error(t, err)
	_, err = report.NewDocument(exampleFund(), report.Aggregation(9), nil)
	require.Error(t, err)
	totals := *exampleFund()
	totals.TotalsOnly = true
	_, err = report.NewDocument(&totals, report.ByPeriod, nil)
	require.ErrorIs(t, err, waterfall.ErrNoLedger)
	var d *report.Document
	b, err := json.Marshal(d)
	require.NoError(t, err)
	require.Equal(t, "null", string(b))
	require.Error(t, d.WriteJSON(nil))
}
