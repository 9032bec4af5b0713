package report_test

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"github.com/jvwaterfall/jvwaterfall/fund"
	"github.com/jvwaterfall/jvwaterfall/report"
	"github.com/jvwaterfall/jvwaterfall/spec"
	"github.com/jvwaterfall/jvwaterfall/waterfall"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"
)

// tieOutFund is an American fund with a management fee, an expense, carry
// into escrow and a clawback: payments by the stack, out of fee calls and
// from one party to another, in the same periods. Its investments' exits
// are %s and %s.
const tieOutFund = `{
  "currency": "USD", "scale": 2,
  "parties": [{"id": "LP", "commitment": "900.00"}, {"id": "GP", "role": "sponsor", "commitment": "100.00"},
    {"id": "Escrow", "role": "other"}, {"id": "Admin", "role": "other"}],
  "schedule": {"start": "2024-12-31", "end": "2029-12-31", "frequency": "quarterly"},
  "stack": {"kind": "sequence", "tranches": [{"kind": "return_of_capital", "id": "fund-capital", "parties": ["LP", "GP"]},
    {"kind": "split", "id": "fund-carry", "shares": [{"parties": ["LP", "GP"], "weight": "0.8"}, {"parties": ["GP"], "weight": "0.2", "promote": true}]}]},
  "fees": {"manager": "GP", "management": {"commitment_rate": "0.02", "periods_per_year": 4}, "parties": ["LP"],
    "expenses": [{"date": "2026-03-31", "amount": "3.17", "payee": "Admin"}]},
  "investments": [
    {"name": "A", "calls": [{"date": "2025-03-31", "amount": "500.00"}], "proceeds": [{"date": "2026-06-30", "amount": "%s"}],
      "stack": {"kind": "sequence", "tranches": [{"kind": "return_of_capital", "id": "a-capital", "parties": ["LP", "GP"]},
        {"kind": "split", "id": "a-carry", "shares": [{"parties": ["LP", "GP"], "weight": "0.8"}, {"parties": ["GP"], "weight": "0.2", "promote": true}]}]}},
    {"name": "B", "calls": [{"date": "2025-06-30", "amount": "400.00"}], "proceeds": [{"date": "2028-09-30", "amount": "%s"}],
      "stack": {"kind": "sequence", "tranches": [{"kind": "return_of_capital", "id": "b-capital", "parties": ["LP", "GP"]},
        {"kind": "split", "id": "b-carry", "shares": [{"parties": ["LP", "GP"], "weight": "0.8"}, {"parties": ["GP"], "weight": "0.2", "promote": true}]}]}}],
  "american": {"sponsor": "GP", "investors": ["LP"], "escrow": {"share": "0.3", "account": "Escrow"}, "clawback": {"tax_rate": "0.4"}}
}`

// TestLedger_TiesOut is a property over the exits of a fund that pays by
// its stack, out of fee calls and from party to party: in every row of
// every aggregation the parties' Received add up to Paid + Fees +
// Transfers; the rows' Fees add up to the periods' Fees, their Transfers
// to what the parties paid out (PaidOut), and each row's Transfers to
// the payments From a party in its periods, counted from the payments.
func TestLedger_TiesOut(t *testing.T) {
	sawTransfers, sawFees := false, false
	rapid.Check(t, func(t *rapid.T) {
		exit := func(label string) string {
			return decimal.New(rapid.Int64Range(0, 200_000).Draw(t, label), -2).StringFixed(2)
		}
		f, err := spec.UnmarshalFund(fmt.Appendf(nil, tieOutFund, exit("exit A"), exit("exit B")))
		require.NoError(t, err)
		fr, err := fund.Run(f)
		require.NoError(t, err)
		res := fr.Result
		fees, paidOut := decimal.Zero, decimal.Zero
		for _, s := range res.Periods {
			fees = fees.Add(s.Fees)
		}
		for _, p := range res.Parties() {
			paidOut = paidOut.Add(p.PaidOut)
		}
		for _, agg := range []report.Aggregation{report.ByPeriod, report.Monthly, report.Quarterly, report.Yearly} {
			l, err := report.NewLedger(res, agg)
			require.NoError(t, err)
			rowFees, rowTransfers := decimal.Zero, decimal.Zero
			for _, r := range l.Rows {
				got := decimal.Zero
				for _, a := range r.Received {
					got = got.Add(a)
				}
				require.True(t, got.Equal(r.Paid.Add(r.Fees).Add(r.Transfers)), "%s row %s: received %s, paid %s + fees %s + transfers %s",
					agg, r.Label, got, r.Paid, r.Fees, r.Transfers)
				from := decimal.Zero
				for _, p := range res.Payments.All() {
					if p.Period >= r.First && p.Period <= r.Last && p.From != "" {
						from = from.Add(p.Amount)
					}
				}
				require.True(t, from.Equal(r.Transfers), "%s row %s: transfers %s, payments from a party %s", agg, r.Label, r.Transfers, from)
				rowFees, rowTransfers = rowFees.Add(r.Fees), rowTransfers.Add(r.Transfers)
				sawTransfers = sawTransfers || r.Transfers.Sign() > 0
				sawFees = sawFees || r.Fees.Sign() > 0
			}
			require.True(t, rowFees.Equal(fees) && l.Total.Fees.Equal(fees), "%s: fees %s, total %s, periods' %s", agg, rowFees, l.Total.Fees, fees)
			require.True(t, rowTransfers.Equal(paidOut) && l.Total.Transfers.Equal(paidOut), "%s: transfers %s, total %s, paid out %s", agg, rowTransfers, l.Total.Transfers, paidOut)
		}
	})
	// The property was tested where it can fail.
	require.True(t, sawTransfers, "no draw paid from one party to another")
	require.True(t, sawFees, "no draw paid fees")
}

// TestLedger_TableColumns: the table shows fees and transfers only for a
// run that has them, and heads a party's column by its ID when another
// party has the same name.
func TestLedger_TableColumns(t *testing.T) {
	head := func(l *report.Ledger) []string {
		var buf bytes.Buffer
		require.NoError(t, l.WriteTable(&buf))
		line, _, _ := strings.Cut(buf.String(), "\n")
		return strings.Fields(line)
	}
	f, err := spec.UnmarshalFund(fmt.Appendf(nil, tieOutFund, "1500.00", "900.00"))
	require.NoError(t, err)
	fr, err := fund.Run(f)
	require.NoError(t, err)
	l, err := report.NewLedger(fr.Result, report.Yearly)
	require.NoError(t, err)
	require.Equal(t, []string{"period", "end", "proceeds", "costs", "contributed", "paid", "fees", "transfers", "retained", "LP", "GP", "Escrow", "Admin"}, head(l))
	// Each row's cells are under their heads.
	var buf bytes.Buffer
	require.NoError(t, l.WriteTable(&buf))
	rows := strings.Split(strings.TrimSpace(buf.String()), "\n")[1:]
	require.Len(t, rows, len(l.Rows)+1)
	money := func(d decimal.Decimal) string { return report.GroupDigits(d.StringFixed(2)) }
	for k, r := range l.Rows {
		want := []string{r.Label, r.End.Format("2006-01-02"), money(r.Proceeds), money(r.Costs), money(r.Contributed), money(r.Paid), money(r.Fees), money(r.Transfers), money(r.Retained)}
		for _, a := range r.Received {
			want = append(want, money(a))
		}
		require.Equal(t, want, strings.Fields(rows[k]), "row %s", r.Label)
	}

	l, err = report.NewLedger(quarterlyFund(t, ""), report.Yearly) // no fees, no transfers
	require.NoError(t, err)
	require.Equal(t, []string{"period", "end", "proceeds", "costs", "contributed", "paid", "retained", "LP", "Sponsor"}, head(l))
	l.Parties[0].Name = "Sponsor" // two parties named alike: their IDs tell them apart
	require.Equal(t, []string{"period", "end", "proceeds", "costs", "contributed", "paid", "retained", "LP", "GP"}, head(l))
}

// flowsDeal is a quarterly deal with costs as well as proceeds, some in
// the same period: exits %s and %s, costs %s and %s.
const flowsDeal = `{
  "currency": "USD", "scale": 2,
  "parties": [{"id": "LP", "commitment": "1000.00"}, {"id": "GP", "role": "sponsor"}],
  "schedule": {"start": "2024-12-31", "end": "2026-12-31", "frequency": "quarterly"},
  "calls": [{"date": "2025-03-31", "amount": "1000.00"}],
  "proceeds": [{"date": "2025-09-30", "amount": "%s"}, {"date": "2026-06-30", "amount": "%s"}],
  "costs": [{"date": "2025-09-30", "amount": "%s"}, {"date": "2026-03-31", "amount": "%s"}],
  "stack": {"kind": "sequence", "tranches": [{"kind": "return_of_capital", "id": "capital", "parties": ["LP"]},
    {"kind": "split", "id": "carry", "shares": [{"parties": ["LP"], "weight": "0.8"}, {"parties": ["GP"], "weight": "0.2", "promote": true}]}]}
}`

// TestLedger_RowsAddUpThePeriods is a property over a deal's proceeds and
// costs: each row's Proceeds, Costs, Contributed, Paid and Fees are the
// sums of its periods' (read from the periods, First to Last), its
// Retained and Held its last period's, and the total row the sums of the
// rows.
func TestLedger_RowsAddUpThePeriods(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		amount := func(label string) string {
			return decimal.New(rapid.Int64Range(0, 200_000).Draw(t, label), -2).StringFixed(2)
		}
		d, err := spec.UnmarshalDeal(fmt.Appendf(nil, flowsDeal, amount("exit 1"), amount("exit 2"), amount("cost 1"), amount("cost 2")))
		require.NoError(t, err)
		res, err := waterfall.Run(d)
		require.NoError(t, err)
		for _, agg := range []report.Aggregation{report.ByPeriod, report.Monthly, report.Quarterly, report.Yearly} {
			l, err := report.NewLedger(res, agg)
			require.NoError(t, err)
			var total [5]decimal.Decimal
			for _, r := range l.Rows {
				var want [5]decimal.Decimal
				for _, s := range res.Periods[r.First : r.Last+1] {
					for k, x := range [5]decimal.Decimal{s.Proceeds, s.Costs, s.Contributed, s.Paid, s.Fees} {
						want[k] = want[k].Add(x)
					}
				}
				got := [5]decimal.Decimal{r.Proceeds, r.Costs, r.Contributed, r.Paid, r.Fees}
				for k := range got {
					require.True(t, got[k].Equal(want[k]), "%s row %s column %d: %s, periods %s", agg, r.Label, k, got[k], want[k])
					total[k] = total[k].Add(got[k])
				}
				last := res.Periods[r.Last]
				require.True(t, r.Retained.Equal(last.Retained) && r.Held.Equal(last.Held), "%s row %s", agg, r.Label)
			}
			for k, x := range [5]decimal.Decimal{l.Total.Proceeds, l.Total.Costs, l.Total.Contributed, l.Total.Paid, l.Total.Fees} {
				require.True(t, x.Equal(total[k]), "%s total column %d: %s, rows %s", agg, k, x, total[k])
			}
		}
	})
}

// loanDeal borrows 2,000,000.00 on 2025-06-30 beside 1,000,000.00 of
// equity called on 2025-12-31.
const loanDeal = `{
  "currency": "USD", "scale": 2,
  "parties": [{"id": "Bank", "role": "lender"}, {"id": "LP", "commitment": "900000.00"}, {"id": "GP", "role": "sponsor", "commitment": "100000.00"}],
  "schedule": {"start": "2024-12-31", "end": "2029-12-31", "frequency": "annual"},
  "calls": [{"date": "2025-12-31", "amount": "1000000.00"}],
  "proceeds": [{"date": "2029-12-31", "amount": "3000000.00"}],
  "sources": [{"kind": "loan_funding", "name": "senior draw", "loan": "senior"}],
  "stack": {"kind": "sequence", "tranches": [
    {"kind": "debt", "id": "senior", "lender": "Bank", "loan": {"commitment": "2000000.00",
      "draws": [{"date": "2025-06-30", "amount": "2000000.00"}],
      "rate": {"annual": "0.06", "compounding": "simple", "day_count": "30/360 US"}, "amortization": "straight-line", "upfront_fee": "0.01"}},
    {"kind": "return_of_capital", "id": "capital", "parties": ["LP", "GP"]},
    {"kind": "split", "id": "rest", "shares": [{"parties": ["LP"], "weight": "0.9"}, {"parties": ["GP"], "weight": "0.1"}]}]}
}`

// TestLedger_Drawn: a loan's draws are the ledger's Drawn, in the row of
// the draw, so that an auditor ties the ledger's Contributed plus Drawn
// to the parties' contributions: here 1,000,000.00 of equity in 2025 and
// the loan's 2,000,000.00, drawn in 2025, the Bank's contribution.
func TestLedger_Drawn(t *testing.T) {
	d, err := spec.UnmarshalDeal([]byte(loanDeal))
	require.NoError(t, err)
	res, err := waterfall.Run(d)
	require.NoError(t, err)
	l, err := report.NewLedger(res, report.Yearly)
	require.NoError(t, err)
	require.Equal(t, "2025", l.Rows[0].Label)
	require.Equal(t, "2000000.00", l.Rows[0].Drawn.StringFixed(2))
	require.Equal(t, "1000000.00", l.Rows[0].Contributed.StringFixed(2))
	for _, r := range l.Rows[1:] {
		require.True(t, r.Drawn.IsZero(), "row %s drew %s", r.Label, r.Drawn)
	}
	require.Equal(t, "2000000.00", l.Total.Drawn.StringFixed(2))
	contributed := decimal.Zero
	for _, p := range res.Parties() {
		contributed = contributed.Add(p.Contributed)
		if p.Party == "Bank" {
			require.Equal(t, "2000000.00", p.Contributed.StringFixed(2))
		}
	}
	require.True(t, contributed.Equal(l.Total.Contributed.Add(l.Total.Drawn)), "parties %s, ledger %s + %s", contributed, l.Total.Contributed, l.Total.Drawn)

	// The column is in every form; the table shows it because the run drew.
	h := l.Header()
	require.Equal(t, []string{"contributed", "drawn", "paid"}, h[5:8])
	require.Equal(t, "2000000.00", l.Records()[0][6])
	var table bytes.Buffer
	require.NoError(t, l.WriteTable(&table))
	require.Regexp(t, `contributed\s+drawn\s+paid`, strings.SplitN(table.String(), "\n", 2)[0])
	b, err := l.MarshalJSON()
	require.NoError(t, err)
	require.Contains(t, string(b), `"contributed":"1000000.00","drawn":"2000000.00"`)
}
