package report

import (
	"fmt"
	"io"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/jvwaterfall/jvwaterfall/waterfall"
)

// SourcesHeader returns the column names of [SourceRecords]: period,
// date, source, in, out.
func SourcesHeader() []string { return []string{"period", "date", "source", "in", "out"} }

// SourceRecords returns one record per source line that moved cash (in or
// out not zero), period by period and, within a period, in the deal's
// order of sources: what each contract and cost brought in and paid out
// ([waterfall.PeriodSummary].Sources), the part of each period's proceeds
// and costs that came from sources. The period is numbered from 0 and
// amounts are fixed to the deal's scale. A totals-only run has them too.
// It returns an error for a nil Result.
func SourceRecords(res *waterfall.Result) ([][]string, error) {
	if res == nil {
		return nil, errNilResult
	}
	var out [][]string
	for _, p := range res.Periods {
		for l := range p.Sources.Values() {
			if l.In.IsZero() && l.Out.IsZero() {
				continue
			}
			out = append(out, []string{strconv.Itoa(p.Period.Index), day(p.Period.End), l.Source, money(l.In, res.Scale), money(l.Out, res.Scale)})
		}
	}
	return out, nil
}

// WriteSourcesCSV writes the run's source lines as CSV: a header of
// [SourcesHeader] and the records of [SourceRecords], whose errors it
// returns.
func WriteSourcesCSV(w io.Writer, res *waterfall.Result) error {
	recs, err := SourceRecords(res)
	if err != nil {
		return err
	}
	return writeCSV(w, SourcesHeader(), recs)
}

// WriteSourcesTable writes the run's source lines as an aligned text
// table, amounts with thousands separators, or "none" when no source
// moved cash. It returns the errors of [SourceRecords].
func WriteSourcesTable(w io.Writer, res *waterfall.Result) error {
	recs, err := SourceRecords(res)
	if err != nil {
		return err
	}
	if w == nil {
		return errNilWriter
	}
	if len(recs) == 0 {
		_, err := fmt.Fprintln(w, "  none")
		return err
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, strings.Join(SourcesHeader(), "\t")+"\t")
	for _, r := range recs {
		r[3], r[4] = GroupDigits(r[3]), GroupDigits(r[4])
		fmt.Fprintln(tw, strings.Join(r, "\t")+"\t")
	}
	return tw.Flush()
}
