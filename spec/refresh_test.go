package spec_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/jvwaterfall/jvwaterfall/spec"
	"github.com/jvwaterfall/jvwaterfall/tranche"
	"github.com/jvwaterfall/jvwaterfall/waterfall"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"
)

// refreshDeal: A (3/4) and B (1/4) fund a 600.00 GPU refresh at the end of
// 2027; A also puts in 1,000.00 at the start. Proceeds of 2,000.00 at the
// end of 2028 go to both partners' capital, pro rata.
const refreshDeal = `{
  "name": "refresh", "currency": "USD", "scale": 2,
  "parties": [{"id": "A", "commitment": "3000.00"}, {"id": "B", "commitment": "1000.00"}],
  "schedule": {"start": "2024-12-31", "end": "2028-12-31", "frequency": "annual"},
  "contributions": [{"date": "2025-12-31", "party": "A", "amount": "1000.00"}],
  "proceeds": [{"date": "2028-12-31", "amount": "2000.00"}],
  "sources": [{"kind": "capex_refresh", "name": "GPU refresh",
    "terms": {"asset": {"cost": "1000.00", "in_service": "2025-12-31", "life": 60},
              "obsolescence": {"date": "2027-12-31", "refresh": "600.00", "life": 36}},
    "funding": {"commitments": [{"party": "A", "amount": "3"}, {"party": "B", "amount": "1"}]}}],
  "stack": {"kind": "return_of_capital", "id": "capital", "parties": ["A", "B"]}
}`

// TestCapexRefresh_BooksTheCall: a spec's capex_refresh books its call as
// the funders' contributions, as a Go caller must do itself
// (source.CapexRefresh.Contributions): 3/4 of 600.00 from A, 450.00, and
// 150.00 from B, dated the obsolescence. So A contributed 1,450.00 and B
// 150.00, and the 2,000.00 of proceeds return both in full (1,600.00 in
// all), leaving 400.00 retained. Encoding lists only the spec's own
// contribution, and decoding that gives the same deal again.
func TestCapexRefresh_BooksTheCall(t *testing.T) {
	deal, err := spec.DecodeDeal(strings.NewReader(refreshDeal))
	require.NoError(t, err)
	var got []string
	for _, c := range deal.Contributions {
		got = append(got, c.Date.Format("2006-01-02")+" "+string(c.Party)+" "+c.Amount.StringFixed(2))
	}
	require.Equal(t, []string{"2025-12-31 A 1000.00", "2027-12-31 A 450.00", "2027-12-31 B 150.00"}, got)

	res, err := waterfall.Run(deal)
	require.NoError(t, err)
	for id, want := range map[tranche.PartyID][2]string{"A": {"1450.00", "1450.00"}, "B": {"150.00", "150.00"}} {
		p, ok := res.Party(id)
		require.True(t, ok)
		require.Equal(t, want, [2]string{p.Contributed.StringFixed(2), p.ByKind[tranche.KindCapital].StringFixed(2)}, id)
	}
	require.Equal(t, "400.00", res.Retained().StringFixed(2))

	out, err := spec.Marshal(spec.Document{Deal: deal})
	require.NoError(t, err)
	var listed struct {
		Contributions []map[string]string `json:"contributions"`
	}
	require.NoError(t, json.Unmarshal(out, &listed))
	require.Equal(t, []map[string]string{{"date": "2025-12-31", "party": "A", "amount": "1000.00"}}, listed.Contributions)
	again, err := spec.DecodeDeal(strings.NewReader(string(out)))
	require.NoError(t, err)
	require.Equal(t, len(deal.Contributions), len(again.Contributions))
	for i := range deal.Contributions {
		a, b := deal.Contributions[i], again.Contributions[i]
		require.True(t, a.Party == b.Party && a.Date.Equal(b.Date) && a.Amount.Equal(b.Amount), "%d: %+v, %+v", i, a, b)
	}
}

// TestCapexRefresh_GoDealWithItsCall: a Go deal that books the refresh's
// call itself, as source.CapexRefresh asks (here with amounts written
// "450" and "150.0", other exponents than the call's), is written without
// those contributions, once each, and reads back with the call booked
// once: the same contributions as the Go deal.
func TestCapexRefresh_GoDealWithItsCall(t *testing.T) {
	deal, err := spec.DecodeDeal(strings.NewReader(refreshDeal))
	require.NoError(t, err)
	deal.Contributions[1].Amount = decimal.RequireFromString("450")
	deal.Contributions[2].Amount = decimal.RequireFromString("150.0")
	out, err := spec.Marshal(spec.Document{Deal: deal})
	require.NoError(t, err)
	var listed struct {
		Contributions []map[string]string `json:"contributions"`
	}
	require.NoError(t, json.Unmarshal(out, &listed))
	require.Equal(t, []map[string]string{{"date": "2025-12-31", "party": "A", "amount": "1000.00"}}, listed.Contributions)
	again, err := spec.DecodeDeal(strings.NewReader(string(out)))
	require.NoError(t, err)
	require.Len(t, again.Contributions, 3)
	for i, c := range deal.Contributions {
		require.True(t, c.Amount.Equal(again.Contributions[i].Amount) && c.Party == again.Contributions[i].Party, "%d", i)
	}
}
