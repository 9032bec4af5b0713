package report_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/jvwaterfall/jvwaterfall/contract"
	"github.com/jvwaterfall/jvwaterfall/fund"
	"github.com/jvwaterfall/jvwaterfall/report"
	"github.com/jvwaterfall/jvwaterfall/spec"
	"github.com/jvwaterfall/jvwaterfall/tranche"
	"github.com/jvwaterfall/jvwaterfall/waterfall"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"
)

// beforeByScan is what every party but id had received before payment
// k, and what the deal had paid out by then, read from the ledger
// payment by payment: the definition of FirstPayment's Before and of the
// deal's part of its Breakpoint.
func beforeByScan(res *waterfall.Result, id tranche.PartyID, k int) ([]report.PartyAmount, decimal.Decimal) {
	got := map[tranche.PartyID]decimal.Decimal{}
	paid := decimal.Zero
	for i, p := range res.Payments.All() {
		if i >= k {
			break
		}
		got[p.Party] = got[p.Party].Add(p.Amount)
		if p.From == "" {
			paid = paid.Add(p.Amount)
		}
	}
	var out []report.PartyAmount
	for _, t := range res.Parties() {
		if t.Party != id {
			out = append(out, report.PartyAmount{Party: t.Party, Amount: got[t.Party].Add(decimal.Zero)})
		}
	}
	return out, paid
}

// TestSummaries_BeforeByScan: the summaries of every party, worked out in
// one read of the ledger, list for each party's first payment and first
// profit what the others had received before it, as a scan of the ledger
// up to that payment finds; and each equals the party's SummaryOf. Over a
// fund with carry into escrow and a clawback (transfers between parties)
// and the quarterly fund at several exits.
func TestSummaries_BeforeByScan(t *testing.T) {
	var results []*waterfall.Result
	for _, exits := range [][2]string{{"1500.00", "900.00"}, {"400.00", "2600.00"}} {
		f, err := spec.UnmarshalFund(fmt.Appendf(nil, tieOutFund, exits[0], exits[1]))
		require.NoError(t, err)
		fr, err := fund.Run(f)
		require.NoError(t, err)
		results = append(results, fr.Result)
	}
	for _, extra := range []string{"", "0.01", "350.00"} {
		results = append(results, quarterlyFund(t, extra))
	}
	for _, res := range results {
		sums, err := report.Summaries(res, nil)
		require.NoError(t, err)
		for _, s := range sums {
			for _, fp := range []report.FirstPayment{s.First, s.FirstProfit} {
				before, paid := beforeByScan(res, s.Party, fp.Index)
				require.Equal(t, len(before), len(fp.Before), "%s", s.Party)
				for i := range before {
					require.Equal(t, before[i].Party, fp.Before[i].Party)
					require.True(t, before[i].Amount.Equal(fp.Before[i].Amount), "%s before %s: %s, scan %s", s.Party, before[i].Party, fp.Before[i].Amount, before[i].Amount)
				}
				// The breakpoint is the deal's payments before, plus, for a
				// first profit, the part of its payment that completes the
				// payback: never less than the scan's part.
				require.True(t, fp.Breakpoint.GreaterThanOrEqual(paid), "%s: breakpoint %s, paid before %s", s.Party, fp.Breakpoint, paid)
			}
			require.True(t, s.First.Breakpoint.Equal(func() decimal.Decimal { _, p := beforeByScan(res, s.Party, s.First.Index); return p }()))
			one, err := report.SummaryOf(res, s.Party, decimal.Zero)
			require.NoError(t, err)
			require.Equal(t, one, s)
		}
	}
}

// TestSummaries_TooManyParties: a result of more than MaxSummaryParties
// parties is refused by Summaries and NewDocument, with the limit named;
// SummaryOf still summarises any one of them.
func TestSummaries_TooManyParties(t *testing.T) {
	periods, err := contract.Explicit(date(2024, 12, 31), date(2025, 12, 31))
	require.NoError(t, err)
	n := report.MaxSummaryParties + 1
	parties := make([]waterfall.Party, n)
	ids := make([]tranche.PartyID, n)
	for i := range parties {
		ids[i] = tranche.PartyID(fmt.Sprintf("P%d", i))
		parties[i] = waterfall.Party{ID: ids[i], Commitment: dec("1.00")}
	}
	res, err := waterfall.Run(&waterfall.Deal{Currency: "USD", Scale: 2, Parties: parties, Periods: periods,
		Calls:    []waterfall.Call{{Date: date(2025, 12, 31), Amount: decimal.NewFromInt(int64(n))}},
		Proceeds: []contract.Flow{{Date: date(2025, 12, 31), Amount: decimal.NewFromInt(int64(2 * n))}},
		Stack:    &tranche.ReturnOfCapital{Name: "capital", Parties: ids}})
	require.NoError(t, err)
	_, err = report.Summaries(res, nil)
	require.ErrorIs(t, err, contract.ErrRange)
	require.ErrorContains(t, err, "3001 parties, more than 3000 (MaxSummaryParties): their summaries would list 18006000 amounts") // 2 × 3001 × 3000
	_, err = report.NewDocument(res, report.ByPeriod, nil)
	require.ErrorIs(t, err, contract.ErrRange)
	s, err := report.SummaryOf(res, "P3000", decimal.Zero)
	require.NoError(t, err)
	require.Equal(t, "1", s.Distributed.String()) // its capital back, 1.00
}

// TestFirstPayment_OwnPaymentsOnly: a party's first payment is the first
// one made to it, not a payment it made to another, nor one of nothing.
// In a ledger written by hand the GP first hands the LP 10.00, then is
// paid 0.00, then 25.00 of promote: its first payment is the third, with
// the LP's 10.00 before it.
func TestFirstPayment_OwnPaymentsOnly(t *testing.T) {
	end := date(2021, 12, 31)
	pay := func(to, from tranche.PartyID, kind tranche.Kind, amount string) tranche.Payment {
		return tranche.Payment{Period: 0, Date: end, Tranche: "hand", Party: to, From: from, Kind: kind, Amount: dec(amount)}
	}
	res := handRun(t, []time.Time{date(2020, 12, 31), end}, nil, []tranche.Payment{
		pay("LP", "GP", tranche.KindClawback, "10.00"),
		pay("GP", "", tranche.KindPromote, "0.00"),
		pay("GP", "", tranche.KindPromote, "25.00"),
	})
	for _, get := range []func() (report.FirstPayment, error){
		func() (report.FirstPayment, error) { return report.FirstPaymentOf(res, "GP") },
		func() (report.FirstPayment, error) {
			s, err := report.Summaries(res, nil)
			if err != nil {
				return report.FirstPayment{}, err
			}
			return s[1].First, nil
		},
	} {
		fp, err := get()
		require.NoError(t, err)
		require.True(t, fp.Paid)
		require.Equal(t, 2, fp.Index)
		require.Equal(t, []report.PartyAmount{{Party: "LP", Amount: dec("10.00")}}, fp.Before)
		require.Equal(t, "0", fp.Breakpoint.String()) // the deal paid 0.00 before it: the 10.00 was the GP's
	}
}
