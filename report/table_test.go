package report_test

import (
	"bytes"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/jvwaterfall/jvwaterfall/contract"
	"github.com/jvwaterfall/jvwaterfall/report"
	"github.com/jvwaterfall/jvwaterfall/tranche"
	"github.com/jvwaterfall/jvwaterfall/waterfall"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"
)

// TestSummaryRecords_UndefinedRateIsEmpty: an investor with no proceeds
// yet has multiples but no rate, so its rate cells are empty (a "-" in
// the table), while its DPI and TVPI are written. The LP puts in 1,000.00
// on 2021-12-31 and receives nothing: net −1,000.00, DPI = TVPI = 0/1,000
// = 0. With 1,100.00 of NAV a year later its TVPI is 1,100/1,000 = 1.1
// and both rates are 10% (one yearly period of 365 days); the payback
// counts receipts only, so it is still not reached. The GP put in
// nothing: no multiple, no rate.
func TestSummaryRecords_UndefinedRateIsEmpty(t *testing.T) {
	res := run(t, []time.Time{date(2020, 12, 31), date(2021, 12, 31), date(2022, 12, 31)}, "", flows(date(2021, 12, 31), "1000"), nil)
	gp := []string{"GP", "Sponsor", "sponsor", "0.00", "0.00", "0.00", "0.00", "0.00", "", "", "", "", "", ""}

	sums, err := report.Summaries(res, nil)
	require.NoError(t, err)
	require.Equal(t, [][]string{
		{"LP", "LP", "investor", "1000.00", "0.00", "0.00", "-1000.00", "0.00", "0", "0", "", "", "", ""}, gp,
	}, report.SummaryRecords(sums))

	var buf bytes.Buffer
	require.NoError(t, report.WriteSummaryTable(&buf, sums))
	lines := strings.Split(strings.TrimSpace(buf.String()), "\n")
	require.Len(t, lines, 3)
	require.Equal(t, []string{"LP", "LP", "investor", "1,000.00", "0.00", "0.00", "-1,000.00", "0.00", "0.00x", "0.00x", "-", "-", "-"},
		strings.Fields(lines[1]))
	require.Equal(t, []string{"GP", "Sponsor", "sponsor", "0.00", "0.00", "0.00", "0.00", "0.00", "-", "-", "-", "-", "-"},
		strings.Fields(lines[2]))

	sums, err = report.Summaries(res, map[tranche.PartyID]decimal.Decimal{"LP": dec("1100")})
	require.NoError(t, err)
	require.Equal(t, [][]string{
		{"LP", "LP", "investor", "1000.00", "0.00", "0.00", "-1000.00", "0.00", "0", "1.1", "0.10000000", "0.10000000", "", ""}, gp,
	}, report.SummaryRecords(sums))
}

// TestPayments_NeedALedger: the payments' writers of a totals-only run
// (or of no run) return the error, and write nothing: no header without
// rows.
func TestPayments_NeedALedger(t *testing.T) {
	totals, err := waterfall.RunWith(tierDeal(false), waterfall.RunOptions{TotalsOnly: true})
	require.NoError(t, err)
	for _, c := range []struct {
		name string
		res  *waterfall.Result
		want error
	}{{"totals only", totals, waterfall.ErrNoLedger}, {"nil", nil, contract.ErrRequired}} {
		t.Run(c.name, func(t *testing.T) {
			recs, err := report.PaymentRecords(c.res)
			require.ErrorIs(t, err, c.want)
			require.Nil(t, recs)
			var buf bytes.Buffer
			require.ErrorIs(t, report.WritePaymentsCSV(&buf, c.res), c.want)
			require.ErrorIs(t, report.WritePaymentsTable(&buf, c.res), c.want)
			require.Zero(t, buf.Len(), "written: %q", buf.String())
		})
	}
}

// errDiskFull is what failingWriter returns.
var errDiskFull = errors.New("disk full")

// failingWriter refuses every write, as a full disk or a closed pipe does.
type failingWriter struct{}

func (failingWriter) Write([]byte) (int, error) { return 0, errDiskFull }

// TestWriters_ReturnTheWritersError: a writer that fails makes every CSV,
// table and JSON writer of the package fail with its error, not report
// success for output that was never written.
func TestWriters_ReturnTheWritersError(t *testing.T) {
	res := exampleFund()
	sums, err := report.Summaries(res, nil)
	require.NoError(t, err)
	d := tierDeal(false)
	tiers, err := waterfall.Run(d)
	require.NoError(t, err)
	audit, err := report.Hurdles(tiers, d.Stack)
	require.NoError(t, err)
	l, err := report.NewLedger(res, report.Yearly)
	require.NoError(t, err)
	doc, err := report.NewDocument(res, report.ByPeriod, nil)
	require.NoError(t, err)
	var w failingWriter
	for name, write := range map[string]func() error{
		"Ledger.WriteCSV":         func() error { return l.WriteCSV(w) },
		"Ledger.WriteTable":       func() error { return l.WriteTable(w) },
		"Ledger.WriteJSON":        func() error { return l.WriteJSON(w) },
		"Document.WriteJSON":      func() error { return doc.WriteJSON(w) },
		"WriteSummaryCSV":         func() error { return report.WriteSummaryCSV(w, sums) },
		"WriteSummaryCSV, no row": func() error { return report.WriteSummaryCSV(w, nil) },
		"WriteSummaryTable":       func() error { return report.WriteSummaryTable(w, sums) },
		"WritePaymentsCSV":        func() error { return report.WritePaymentsCSV(w, res) },
		"WritePaymentsTable":      func() error { return report.WritePaymentsTable(w, res) },
		"HurdleAudit.WriteCSV":    func() error { return audit.WriteCSV(w) },
		"HurdleAudit.WriteJSON":   func() error { return audit.WriteJSON(w) },
	} {
		require.ErrorIs(t, write(), errDiskFull, name)
	}
}
