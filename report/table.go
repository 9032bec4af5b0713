package report

import (
	"fmt"
	"io"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/jvwaterfall/jvwaterfall/waterfall"
	"github.com/shopspring/decimal"
)

// SummaryHeader returns the column names of [SummaryRecords]: party,
// name, role, contributed, distributed, paid_out, net, promote, dpi,
// tvpi, xirr, periodic_irr, payback_period, payback_date.
func SummaryHeader() []string {
	return []string{"party", "name", "role", "contributed", "distributed", "paid_out", "net", "promote", "dpi", "tvpi",
		"xirr", "periodic_irr", "payback_period", "payback_date"}
}

// SummaryRecords returns one record per summary, the cells of
// [WriteSummaryCSV]: amounts fixed to the deal's scale, multiples as
// exact decimals, rates as fractions with 8 places ("0.16000000"), the
// payback's period (numbered from 0) and date. A rate, multiple or
// payback that is not defined is an empty cell.
func SummaryRecords(sums []Summary) [][]string {
	out := make([][]string, 0, len(sums))
	for _, s := range sums {
		out = append(out, s.cells(func(d decimal.Decimal) string { return money(d, s.Scale) },
			func(r float64) string { return strconv.FormatFloat(r, 'f', 8, 64) }))
	}
	return out
}

func (s Summary) cells(money func(decimal.Decimal) string, rate func(float64) string) []string {
	dpi, tvpi, xirr, periodic, pbPeriod, pbDate := "", "", "", "", "", ""
	if s.Invested {
		dpi, tvpi = s.DPI.String(), s.TVPI.String()
	}
	if s.Invested && s.RateErr == nil {
		xirr, periodic = rate(s.XIRR), rate(s.PeriodicIRR)
	}
	if s.Payback.Reached {
		pbPeriod, pbDate = strconv.Itoa(s.Payback.Period), day(s.Payback.Date)
	}
	return []string{string(s.Party), s.Name, s.Role.String(), money(s.Contributed), money(s.Distributed), money(s.PaidOut),
		money(s.Net), money(s.Promote), dpi, tvpi, xirr, periodic, pbPeriod, pbDate}
}

// WriteSummaryCSV writes the summaries as CSV: a header of
// [SummaryHeader] and a record per party, no total row.
func WriteSummaryCSV(w io.Writer, sums []Summary) error {
	return writeCSV(w, SummaryHeader(), SummaryRecords(sums))
}

// WriteSummaryTable writes the summaries as an aligned text table:
// amounts with thousands separators, multiples to two places with an
// "x", rates as percentages to two places, "-" where one is not defined.
func WriteSummaryTable(w io.Writer, sums []Summary) error {
	if w == nil {
		return errNilWriter
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "party\tname\trole\tcontributed\tdistributed\tpaid out\tnet\tpromote\tDPI\tTVPI\tXIRR\tIRR/period\tpayback\t")
	for _, s := range sums {
		c := s.cells(func(d decimal.Decimal) string { return GroupDigits(money(d, s.Scale)) },
			func(r float64) string { return strconv.FormatFloat(100*r, 'f', 2, 64) + "%" })
		if s.Invested {
			c[8], c[9] = s.DPI.StringFixed(2)+"x", s.TVPI.StringFixed(2)+"x"
		}
		c = append(c[:12], c[13]) // the payback's date
		for i, v := range c {
			if v == "" {
				c[i] = "-"
			}
		}
		fmt.Fprintln(tw, strings.Join(c, "\t")+"\t")
	}
	return tw.Flush()
}

// PaymentsHeader returns the column names of [PaymentRecords]: period,
// date, tranche, party, from, kind, amount, before, after.
func PaymentsHeader() []string {
	return []string{"period", "date", "tranche", "party", "from", "kind", "amount", "before", "after"}
}

// PaymentRecords returns one record per payment of the run, in the order
// they were made, the cells of [WritePaymentsCSV]: the period numbered
// from 0, amounts fixed to the deal's scale. Before and after are the
// balance the payment moved, as [Document.MarshalJSON] says. It returns
// an error for a nil Result or one of a totals-only run
// ([waterfall.ErrNoLedger]).
func PaymentRecords(res *waterfall.Result) ([][]string, error) {
	if _, err := indexOf(res); err != nil {
		return nil, err
	}
	m := func(d decimal.Decimal) string { return money(d, res.Scale) }
	out := make([][]string, 0, res.Payments.Len())
	for p := range res.Payments.Values() {
		out = append(out, []string{strconv.Itoa(p.Period), day(p.Date), string(p.Tranche), string(p.Party), string(p.From),
			p.Kind.String(), m(p.Amount), m(p.Before), m(p.After)})
	}
	return out, nil
}

// WritePaymentsCSV writes the run's payments as CSV: a header of
// [PaymentsHeader] and a record per payment. It returns the errors of
// [PaymentRecords].
func WritePaymentsCSV(w io.Writer, res *waterfall.Result) error {
	recs, err := PaymentRecords(res)
	if err != nil {
		return err
	}
	return writeCSV(w, PaymentsHeader(), recs)
}

// WritePaymentsTable writes the run's payments as an aligned text table,
// amounts with thousands separators. It returns the errors of
// [PaymentRecords].
func WritePaymentsTable(w io.Writer, res *waterfall.Result) error {
	recs, err := PaymentRecords(res)
	if err != nil {
		return err
	}
	if w == nil {
		return errNilWriter
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "period\tdate\ttranche\tparty\tfrom\tkind\tamount\tbefore\tafter\t")
	for _, r := range recs {
		for i := 6; i < len(r); i++ {
			r[i] = GroupDigits(r[i])
		}
		if r[4] == "" {
			r[4] = "-"
		}
		fmt.Fprintln(tw, strings.Join(r, "\t")+"\t")
	}
	return tw.Flush()
}
