package report_test

import (
	"encoding/json"
	"testing"

	"github.com/jvwaterfall/jvwaterfall/contract"
	"github.com/jvwaterfall/jvwaterfall/report"
	"github.com/jvwaterfall/jvwaterfall/tranche"
	"github.com/jvwaterfall/jvwaterfall/waterfall"
	"github.com/shopspring/decimal"
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
	// The method itself, on no document and on one with no run.
	for _, d := range []*report.Document{nil, {}} {
		b, err := d.MarshalJSON()
		require.NoError(t, err)
		require.Equal(t, "null", string(b))
	}

	// The summaries' NAV errors are the document's too: no document for
	// a NAV of a party not in the deal, or a negative one.
	_, err = report.NewDocument(exampleFund(), report.ByPeriod, map[tranche.PartyID]decimal.Decimal{"nobody": dec("1")})
	require.ErrorIs(t, err, tranche.ErrUnknownParty)
	_, err = report.NewDocument(exampleFund(), report.ByPeriod, map[tranche.PartyID]decimal.Decimal{"LP": dec("-1")})
	require.ErrorIs(t, err, contract.ErrNegative)
}

// TestDocumentJSON_WritesWhatWasRecorded: a run written by hand (Tally)
// keeps what it is given, and the document writes it all: each event as
// recorded, in order, and an amount finer than the deal's scale with
// every digit, not rounded to the cent. The LP puts in 100.00 in 2025 and
// is paid its 100.00 back and 0.125 of profit (an eighth of a dollar, as
// a ledger tallied from another system in mills may hold).
func TestDocumentJSON_WritesWhatWasRecorded(t *testing.T) {
	end := date(2025, 12, 31)
	events := []tranche.Event{
		{Period: 0, Date: end, Tranche: "senior", Party: "LP", Kind: tranche.EventPaymentDefault, Detail: "interest 5.00 unpaid"},
		{Period: 0, Date: end, Tranche: "dscr", Kind: tranche.EventCovenantBreach, Detail: "DSCR 1.05 < 1.20"},
	}
	periods := []waterfall.PeriodSummary{{Period: contract.Period{Index: 0, Start: date(2024, 12, 31), End: end}}}
	res, err := waterfall.Tally(&waterfall.Deal{Name: "by hand", Currency: "USD", Scale: 2, Parties: lpGP}, periods,
		[]tranche.Contribution{{Period: 0, Date: end, Party: "LP", Amount: dec("100")}},
		[]tranche.Payment{
			{Period: 0, Date: end, Tranche: "capital", Party: "LP", Kind: tranche.KindCapital, Amount: dec("100"), Before: dec("100"), After: dec("0")},
			{Period: 0, Date: end, Tranche: "carry", Party: "LP", Kind: tranche.KindProfit, Amount: dec("0.125"), Before: dec("0"), After: dec("0.125")},
		}, events)
	require.NoError(t, err)
	doc, err := report.NewDocument(res, report.ByPeriod, nil)
	require.NoError(t, err)
	b, err := json.Marshal(doc)
	require.NoError(t, err)
	var got struct {
		Payments []struct {
			Amount string `json:"amount"`
			Before string `json:"before"`
			After  string `json:"after"`
		} `json:"payments"`
		Contributions []struct {
			Amount string `json:"amount"`
		} `json:"contributions"`
		Events []map[string]any `json:"events"`
	}
	require.NoError(t, json.Unmarshal(b, &got))
	require.Len(t, got.Payments, 2)
	require.Equal(t, []string{"100.00", "100.00", "0.00"}, []string{got.Payments[0].Amount, got.Payments[0].Before, got.Payments[0].After})
	require.Equal(t, []string{"0.125", "0.00", "0.125"}, []string{got.Payments[1].Amount, got.Payments[1].Before, got.Payments[1].After})
	require.Equal(t, "100.00", got.Contributions[0].Amount)
	require.Equal(t, []map[string]any{
		{"period": 0.0, "date": "2025-12-31", "tranche": "senior", "party": "LP", "kind": "payment-default", "detail": "interest 5.00 unpaid"},
		{"period": 0.0, "date": "2025-12-31", "tranche": "dscr", "kind": "covenant-breach", "detail": "DSCR 1.05 < 1.20"},
	}, got.Events)
}
