package report_test

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/jvwaterfall/jvwaterfall/contract"
	"github.com/jvwaterfall/jvwaterfall/report"
	"github.com/jvwaterfall/jvwaterfall/tranche"
	"github.com/jvwaterfall/jvwaterfall/waterfall"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"
)

func TestNewLedger(t *testing.T) {
	res := quarterlyFund(t, "")
	type row struct {
		Label                           string
		First, Last                     int
		Proceeds, Contributed, Paid, LP string
		GP                              string
	}
	cases := []struct {
		agg  report.Aggregation
		want []row
	}{
		{report.Yearly, []row{
			{"2025", 0, 3, "600", "1000", "600", "600", "0"},
			{"2026", 4, 7, "600", "0", "600", "560", "40"},
		}},
		{report.Quarterly, []row{
			{"2025-Q1", 0, 0, "0", "1000", "0", "0", "0"}, {"2025-Q2", 1, 1, "0", "0", "0", "0", "0"},
			{"2025-Q3", 2, 2, "300", "0", "300", "300", "0"}, {"2025-Q4", 3, 3, "300", "0", "300", "300", "0"},
			{"2026-Q1", 4, 4, "0", "0", "0", "0", "0"}, {"2026-Q2", 5, 5, "600", "0", "600", "560", "40"},
			{"2026-Q3", 6, 6, "0", "0", "0", "0", "0"}, {"2026-Q4", 7, 7, "0", "0", "0", "0", "0"},
		}},
	}
	for _, c := range cases {
		t.Run(c.agg.String(), func(t *testing.T) {
			l, err := report.NewLedger(res, c.agg)
			require.NoError(t, err)
			var got []row
			for _, r := range l.Rows {
				require.True(t, r.Costs.IsZero())
				got = append(got, row{r.Label, r.First, r.Last, r.Proceeds.String(), r.Contributed.String(), r.Paid.String(),
					r.Received[0].String(), r.Received[1].String()})
			}
			if diff := cmp.Diff(c.want, got); diff != "" {
				t.Errorf("NewLedger(%s) mismatch (-want +got):\n%s", c.agg, diff)
			}
			require.Equal(t, "1200", l.Total.Proceeds.String())
			require.Equal(t, "1160", l.Total.Received[0].String())
			require.Equal(t, "40", l.Total.Received[1].String())
			require.Equal(t, date(2024, 12, 31), l.Total.Start)
			require.Equal(t, date(2026, 12, 31), l.Total.End)
		})
	}
	t.Run("monthly and by period rows are the quarters", func(t *testing.T) {
		m, err := report.NewLedger(res, report.Monthly)
		require.NoError(t, err)
		p, err := report.NewLedger(res, report.ByPeriod)
		require.NoError(t, err)
		require.Len(t, m.Rows, 8)
		require.Len(t, p.Rows, 8)
		require.Equal(t, "2025-03", m.Rows[0].Label)
		require.Equal(t, "0", p.Rows[0].Label)
	})
	t.Run("errors", func(t *testing.T) {
		_, err := report.NewLedger(res, report.Aggregation(9))
		require.ErrorIs(t, err, contract.ErrRange)
		_, err = report.NewLedger(nil, report.Yearly)
		require.ErrorIs(t, err, contract.ErrRequired)
		bad := transfersWith(func(cs []tranche.Contribution, pays []tranche.Payment) ([]tranche.Contribution, []tranche.Payment) {
			pays[0].Period = 7
			return cs, pays
		})
		_, err = report.NewLedger(bad, report.Yearly)
		require.ErrorIs(t, err, tranche.ErrInvariant)
	})
}

func TestParseAggregation(t *testing.T) {
	for _, a := range []report.Aggregation{report.ByPeriod, report.Monthly, report.Quarterly, report.Yearly} {
		got, err := report.ParseAggregation(a.String())
		require.NoError(t, err)
		require.Equal(t, a, got)
		b, err := a.MarshalText()
		require.NoError(t, err)
		var back report.Aggregation
		require.NoError(t, back.UnmarshalText(b))
		require.Equal(t, a, back)
	}
	_, err := report.ParseAggregation("weekly")
	require.ErrorIs(t, err, contract.ErrInvalid)
	var a report.Aggregation
	require.ErrorIs(t, a.UnmarshalText([]byte("weekly")), contract.ErrInvalid)
	_, err = report.Aggregation(9).MarshalText()
	require.ErrorIs(t, err, contract.ErrRange)
	require.Equal(t, "Aggregation(9)", report.Aggregation(9).String())
	require.True(t, report.Yearly.Valid())
	require.False(t, (report.Yearly + 1).Valid(), "one past the last aggregation")
}

func TestGroupDigits(t *testing.T) {
	for in, want := range map[string]string{
		"0": "0", "12": "12", "123": "123", "1234": "1,234", "-1234567.50": "-1,234,567.50",
		"1000000": "1,000,000", "999.999": "999.999", "abc": "abc", "": "", "-": "-", "12a4": "12a4",
	} {
		require.Equal(t, want, report.GroupDigits(in), in)
	}
}

// TestLedger_Writers reads the CSV and JSON back and checks them against
// the hand-computed rows of quarterlyFund.
func TestLedger_Writers(t *testing.T) {
	l, err := report.NewLedger(quarterlyFund(t, ""), report.Yearly)
	require.NoError(t, err)
	var buf bytes.Buffer
	require.NoError(t, l.WriteCSV(&buf))
	recs, err := csv.NewReader(&buf).ReadAll()
	require.NoError(t, err)
	require.Equal(t, [][]string{
		{"period", "start", "end", "proceeds", "costs", "contributed", "drawn", "paid", "fees", "transfers", "retained", "held", "LP", "GP"},
		{"2025", "2024-12-31", "2025-12-31", "600.00", "0.00", "1000.00", "0.00", "600.00", "0.00", "0.00", "0.00", "0.00", "600.00", "0.00"},
		{"2026", "2025-12-31", "2026-12-31", "600.00", "0.00", "0.00", "0.00", "600.00", "0.00", "0.00", "0.00", "0.00", "560.00", "40.00"},
		{"total", "2024-12-31", "2026-12-31", "1200.00", "0.00", "1000.00", "0.00", "1200.00", "0.00", "0.00", "0.00", "0.00", "1160.00", "40.00"},
	}, recs)

	buf.Reset()
	require.NoError(t, l.WriteJSON(&buf))
	var doc struct {
		Aggregation string `json:"aggregation"`
		Parties     []struct{ ID, Name, Role string }
		Rows        []struct {
			Period   string            `json:"period"`
			Paid     string            `json:"paid"`
			Received map[string]string `json:"received"`
		} `json:"rows"`
		Total struct {
			Received map[string]string `json:"received"`
		} `json:"total"`
	}
	require.NoError(t, json.Unmarshal(buf.Bytes(), &doc))
	require.Equal(t, "yearly", doc.Aggregation)
	require.Equal(t, "Sponsor", doc.Parties[1].Name)
	require.Equal(t, "sponsor", doc.Parties[1].Role)
	require.Len(t, doc.Rows, 2)
	require.Equal(t, map[string]string{"LP": "560.00", "GP": "40.00"}, doc.Rows[1].Received)
	require.Equal(t, map[string]string{"LP": "1160.00", "GP": "40.00"}, doc.Total.Received)

	t.Run("a party's amount the ledger has no party for", func(t *testing.T) {
		// A Ledger changed by hand: a third received amount in 2025's row,
		// with two parties. The JSON names the parties' amounts (2025:
		// the LP's 300.00 + 300.00 of capital, the GP nothing) and leaves
		// the stray one out.
		l, err := report.NewLedger(quarterlyFund(t, ""), report.Yearly)
		require.NoError(t, err)
		l.Rows[0].Received = append(slices.Clip(l.Rows[0].Received), dec("1"))
		b, err := json.Marshal(l)
		require.NoError(t, err)
		var doc struct {
			Rows []struct {
				Received map[string]string `json:"received"`
			} `json:"rows"`
		}
		require.NoError(t, json.Unmarshal(b, &doc))
		require.Equal(t, map[string]string{"LP": "600.00", "GP": "0.00"}, doc.Rows[0].Received)
	})

	t.Run("no periods yet", func(t *testing.T) {
		// A run with no period and nothing paid (Tally given none): the
		// ledger has no row, and its records are the total alone, every
		// amount zero, one cell per party after the 12 columns.
		res, err := waterfall.Tally(&waterfall.Deal{Name: "new fund", Currency: "USD", Scale: 2, Parties: lpGP}, nil, nil, nil, nil)
		require.NoError(t, err)
		l, err := report.NewLedger(res, report.ByPeriod)
		require.NoError(t, err)
		require.Empty(t, l.Rows)
		recs := l.Records()
		require.Len(t, recs, 1)
		require.Equal(t, "total", recs[0][0])
		require.Equal(t, []string{"0.00", "0.00", "0.00", "0.00", "0.00", "0.00", "0.00", "0.00", "0.00", "0.00", "0.00"}, recs[0][3:])
		var buf bytes.Buffer
		require.NoError(t, l.WriteCSV(&buf))
		got, err := csv.NewReader(&buf).ReadAll()
		require.NoError(t, err)
		require.Equal(t, [][]string{l.Header(), recs[0]}, got)
	})

	t.Run("nil ledger", func(t *testing.T) {
		var nl *report.Ledger
		require.ErrorIs(t, nl.WriteCSV(&buf), contract.ErrRequired)
		require.ErrorIs(t, nl.WriteTable(&buf), contract.ErrRequired)
		require.ErrorIs(t, nl.WriteJSON(&buf), contract.ErrRequired)
		require.Nil(t, nl.Header())
		require.Nil(t, nl.Records())
		b, err := json.Marshal(struct{ L *report.Ledger }{nl})
		require.NoError(t, err)
		require.JSONEq(t, `{"L": null}`, string(b))
	})
}

// TestLedger_AddsUp is a property over random proceeds: the ledger's rows
// add up to each party's totals and to the paid cash, in every
// aggregation, and every party's summary's tiers add up to what it
// received.
func TestLedger_AddsUp(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		extra := decimal.New(rapid.Int64Range(0, 1_000_000).Draw(t, "extra cents"), -2)
		res := quarterlyFund(t, extra.String())
		paid := decimal.Zero
		for _, s := range res.Periods {
			paid = paid.Add(s.Paid)
		}
		for _, agg := range []report.Aggregation{report.ByPeriod, report.Monthly, report.Quarterly, report.Yearly} {
			l, err := report.NewLedger(res, agg)
			require.NoError(t, err)
			sumPaid := decimal.Zero
			for _, r := range l.Rows {
				sumPaid = sumPaid.Add(r.Paid)
				got := decimal.Zero
				for _, a := range r.Received {
					got = got.Add(a)
				}
				require.True(t, got.Equal(r.Paid), "row %s: received %s, paid %s", r.Label, got, r.Paid)
			}
			require.True(t, sumPaid.Equal(paid))
			for j, p := range res.Parties() {
				require.True(t, l.Total.Received[j].Equal(p.Distributed))
			}
		}
		sums, err := report.Summaries(res, nil)
		require.NoError(t, err)
		for _, s := range sums {
			sum := decimal.Zero
			for _, x := range s.Tiers {
				sum = sum.Add(x.Amount)
			}
			require.True(t, sum.Equal(s.Distributed))
		}
	})
}

func FuzzParseAggregation(f *testing.F) {
	for _, s := range []string{"yearly", "quarterly", "monthly", "period", "", "Yearly"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		a, err := report.ParseAggregation(s)
		if err != nil {
			require.ErrorIs(t, err, contract.ErrInvalid)
			return
		}
		require.Equal(t, s, a.String())
	})
}

func BenchmarkSummaries(b *testing.B) {
	res := quarterlyFund(b, "250")
	b.ReportAllocs()
	for b.Loop() {
		if _, err := report.Summaries(res, nil); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkLedger_WriteCSV(b *testing.B) {
	res := quarterlyFund(b, "250")
	var buf bytes.Buffer
	b.ReportAllocs()
	for b.Loop() {
		buf.Reset()
		l, err := report.NewLedger(res, report.Yearly)
		if err != nil {
			b.Fatal(err)
		}
		if err := l.WriteCSV(&buf); err != nil {
			b.Fatal(err)
		}
	}
}

// A run that has not stepped yet (a Stepper's Result before its first
// period) has no rows: its total row has no dates, and writes none
// rather than Go's zero date, 0001-01-01.
func TestLedger_NoPeriodsNoDates(t *testing.T) {
	periods, err := contract.Explicit(date(2024, 12, 31), date(2025, 12, 31))
	require.NoError(t, err)
	s, err := waterfall.NewStepper(&waterfall.Deal{Name: "not yet", Currency: "USD", Scale: 2, Parties: lpGP, Periods: periods,
		Stack: &tranche.ReturnOfCapital{Name: "capital", Parties: []tranche.PartyID{"LP"}}})
	require.NoError(t, err)
	l, err := report.NewLedger(s.Result(), report.ByPeriod)
	require.NoError(t, err)
	require.Empty(t, l.Rows)
	require.Equal(t, [][]string{{"total", "", "", "0.00", "0.00", "0.00", "0.00", "0.00", "0.00", "0.00", "0.00", "0.00", "0.00", "0.00"}}, l.Records())
	b, err := json.Marshal(l)
	require.NoError(t, err)
	require.Contains(t, string(b), `"total":{"period":"total","start":"","end":""`)
	var table bytes.Buffer
	require.NoError(t, l.WriteTable(&table))
	require.NotContains(t, table.String(), "0001")
}

// TestLedger_TableHeld: the table has a held column when a row held cash
// (a reserve, trapped cash), with each row's balance, and none when no
// row did. Held is a balance: a run that held cash and released it all
// by its end still has the column.
func TestLedger_TableHeld(t *testing.T) {
	z := decimal.Zero
	row := func(label string, held string) report.LedgerRow {
		return report.LedgerRow{Label: label, End: date(2025, 12, 31), Proceeds: z, Costs: z, Contributed: z, Drawn: z, Paid: z,
			Fees: z, Transfers: z, Retained: dec(held), Held: dec(held), Received: []decimal.Decimal{z}}
	}
	l := &report.Ledger{Scale: 2, Parties: []report.LedgerParty{{ID: "LP", Name: "LP"}},
		Rows: []report.LedgerRow{row("0", "250.00"), row("1", "0")}, Total: row("total", "0")}
	var buf bytes.Buffer
	require.NoError(t, l.WriteTable(&buf))
	lines := strings.Split(buf.String(), "\n")
	require.Regexp(t, `retained\s+held\s+LP`, lines[0])
	require.Regexp(t, `250\.00\s+250\.00\s+0\.00\s*$`, lines[1])
	l.Rows[0] = row("0", "0")
	buf.Reset()
	require.NoError(t, l.WriteTable(&buf))
	require.NotContains(t, buf.String(), "held")
}
