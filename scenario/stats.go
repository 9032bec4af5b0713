package scenario

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/jvwaterfall/jvwaterfall/contract"
)

// Stats summarises a [Table] measure by measure: over the rows where the
// measure is defined, its mean, standard deviation, extremes and
// percentiles; and the probability of each event. The same rows give the
// same Stats, bit for bit, whatever ran them: sums are taken in scenario
// order.
type Stats struct {
	Name        string
	Scenarios   int       // rows
	Failed      int       // rows with an error
	Percentiles []float64 // the percentiles each Measure reports, 0 to 100
	Measures    []MeasureStats
	Events      []EventStats
}

// MeasureStats are the statistics of one numeric column over the rows
// where it is defined. Dates are in years after the start of the deal's
// schedule (the column's name ends in "_years").
type MeasureStats struct {
	Name        string
	N           int       // rows where the measure is defined
	Mean        float64   // NaN when N is 0
	SD          float64   // sample standard deviation (n−1); 0 when N is 1, NaN when N is 0
	Min, Max    float64   // NaN when N is 0
	Percentiles []float64 // at Stats.Percentiles, interpolated linearly between order statistics (R's type 7); NaN when N is 0
}

// EventStats is how often an event happened, over the rows that ran.
type EventStats struct {
	Name        string
	Count       int
	Probability float64 // Count over the rows that ran; NaN when none ran
}

// The events [Table.Stats] counts: "breach", "default" and "lender_loss"
// (a lender lost principal) for the deal, and for each party "<party>.loss"
// (its net is negative) and "<party>.no_payback" (it contributed and never
// got it all back).

// Stats returns the statistics of every numeric column but the scenario
// number, and of every event. percentiles nil means [DefaultPercentiles];
// it returns an error for a percentile outside 0 to 100 or listed twice.
func (t *Table) Stats(percentiles []float64) (*Stats, error) {
	if t == nil {
		return nil, errNil
	}
	if percentiles == nil {
		percentiles = DefaultPercentiles
	}
	for i := range percentiles {
		if err := percentileAt(percentiles, i); err != nil {
			return nil, contract.Field(fmt.Sprintf("percentiles[%d]", i), err)
		}
	}
	s := &Stats{Name: t.Name, Scenarios: len(t.Rows), Percentiles: slices.Clone(percentiles)}
	for i := range t.Rows {
		if t.Rows[i].Err != nil {
			s.Failed++
		}
	}
	xs := make([]float64, 0, len(t.Rows))
	for c, col := range t.Columns {
		if col.Kind == ColumnIndex || col.Kind == ColumnError || col.Kind == ColumnFlag {
			continue
		}
		xs = xs[:0]
		for i := range t.Rows {
			if x, ok := t.Value(&t.Rows[i], c); ok {
				xs = append(xs, x)
			}
		}
		name := col.Name
		if col.Kind == ColumnDate {
			name += "_years"
		}
		s.Measures = append(s.Measures, describeAll(name, xs, percentiles))
	}
	ran := s.Scenarios - s.Failed
	event := func(name string, happened func(r *Row) bool) {
		e := EventStats{Name: name, Probability: math.NaN()}
		for i := range t.Rows {
			if r := &t.Rows[i]; r.Err == nil && happened(r) {
				e.Count++
			}
		}
		if ran > 0 {
			e.Probability = float64(e.Count) / float64(ran)
		}
		s.Events = append(s.Events, e)
	}
	event("breach", func(r *Row) bool { return r.Breach })
	event("default", func(r *Row) bool { return r.Default })
	event("lender_loss", func(r *Row) bool { return r.LenderLoss.Sign() > 0 })
	var parties []string
	for _, col := range t.Columns {
		if col.Party != "" && !slices.Contains(parties, string(col.Party)) {
			parties = append(parties, string(col.Party))
		}
	}
	for k, p := range parties {
		event(p+".loss", func(r *Row) bool { return k < len(r.Parties) && r.Parties[k].Net.Sign() < 0 })
		event(p+".no_payback", func(r *Row) bool {
			return k < len(r.Parties) && r.Parties[k].Contributed.Sign() > 0 && r.Parties[k].Payback.IsZero()
		})
	}
	return s, nil
}

// describeAll computes one measure's statistics; xs is in scenario order.
func describeAll(name string, xs []float64, percentiles []float64) MeasureStats {
	m := MeasureStats{Name: name, N: len(xs), Mean: math.NaN(), SD: math.NaN(), Min: math.NaN(), Max: math.NaN(),
		Percentiles: make([]float64, len(percentiles))}
	for i := range m.Percentiles {
		m.Percentiles[i] = math.NaN()
	}
	if len(xs) == 0 {
		return m
	}
	// Shifted by the first value, so that a constant measure has its
	// value as mean and a zero deviation exactly.
	shift, sum := xs[0], 0.0
	for _, x := range xs {
		sum += x - shift
	}
	m.Mean = shift + sum/float64(len(xs))
	ss := 0.0
	for _, x := range xs {
		ss += (x - m.Mean) * (x - m.Mean)
	}
	m.SD = 0
	if len(xs) > 1 {
		m.SD = math.Sqrt(ss / float64(len(xs)-1))
	}
	sorted := slices.Clone(xs)
	slices.Sort(sorted)
	m.Min, m.Max = sorted[0], sorted[len(sorted)-1]
	for i, p := range percentiles {
		m.Percentiles[i] = Percentile(sorted, p)
	}
	return m
}

// Percentile returns the p-th percentile (0 to 100) of sorted, which must
// be in increasing order: linear interpolation between the order
// statistics at (n−1)·p/100, as R's type 7 and NumPy's default. It
// returns NaN for no values or a NaN p; a p below 0 or above 100 is taken
// as 0 or 100, the least or the greatest value.
func Percentile(sorted []float64, p float64) float64 {
	n := len(sorted)
	if n == 0 || math.IsNaN(p) {
		return math.NaN()
	}
	h := float64(n-1) * math.Min(100, math.Max(0, p)) / 100
	lo := int(math.Floor(h))
	if lo >= n-1 {
		return sorted[n-1]
	}
	return sorted[lo] + (h-float64(lo))*(sorted[lo+1]-sorted[lo])
}

// num formats a statistic: the shortest decimal that reads back as the
// same float64, without an exponent (a mean of 1,408,510.034 is
// "1408510.034", not "1.408510034e+06"), empty for NaN.
func num(x float64) string {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return ""
	}
	return strconv.FormatFloat(x, 'f', -1, 64)
}

// percentileAt says what is wrong with ps[i], if anything: outside 0 to
// 100, or listed before (its column and JSON key would be there twice).
func percentileAt(ps []float64, i int) error {
	switch p := ps[i]; {
	case !(p >= 0 && p <= 100):
		return fmt.Errorf("%v is not from 0 to 100: %w", p, contract.ErrRange)
	case slices.Contains(ps[:i], p):
		return fmt.Errorf("%v is listed twice: %w", p, contract.ErrInvalid)
	}
	return nil
}

// pname is a percentile's column name: "p5", "p97.5".
func pname(p float64) string { return "p" + strconv.FormatFloat(p, 'g', -1, 64) }

// WriteCSV writes the statistics as CSV: one record per measure (name, n,
// mean, sd, min, the percentiles, max), then one per event (name, count,
// probability), after a header each and a blank line between.
func (s *Stats) WriteCSV(w io.Writer) error {
	if s == nil || w == nil {
		return errNil
	}
	var b bytes.Buffer
	cw := csv.NewWriter(&b)
	head := []string{"measure", "n", "mean", "sd", "min"}
	for _, p := range s.Percentiles {
		head = append(head, pname(p))
	}
	cw.Write(append(head, "max"))
	for _, m := range s.Measures {
		rec := []string{m.Name, strconv.Itoa(m.N), num(m.Mean), num(m.SD), num(m.Min)}
		for _, p := range m.Percentiles {
			rec = append(rec, num(p))
		}
		cw.Write(append(rec, num(m.Max)))
	}
	cw.Flush()
	b.WriteByte('\n')
	cw.Write([]string{"event", "count", "probability"})
	cw.Write([]string{"failed", strconv.Itoa(s.Failed), num(ratio(s.Failed, s.Scenarios))})
	for _, e := range s.Events {
		cw.Write([]string{e.Name, strconv.Itoa(e.Count), num(e.Probability)})
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return err
	}
	_, err := w.Write(b.Bytes())
	return err
}

func ratio(a, b int) float64 {
	if b == 0 {
		return math.NaN()
	}
	return float64(a) / float64(b)
}

// WriteJSON writes the statistics as JSON: {"name", "scenarios",
// "failed", "percentiles", "measures": [{"name", "n", "mean", "sd", "min",
// "max", "percentiles": {"p5": …}}], "events": [{"name", "count",
// "probability"}]}, with null for what is not defined.
func (s *Stats) WriteJSON(w io.Writer) error {
	if s == nil || w == nil {
		return errNil
	}
	var b strings.Builder
	jnum := func(x float64) string {
		if t := num(x); t != "" {
			return t
		}
		return "null"
	}
	fmt.Fprintf(&b, "{\n  \"name\": %s,\n  \"scenarios\": %d,\n  \"failed\": %d,\n  \"percentiles\": [", jsonString(s.Name), s.Scenarios, s.Failed)
	for i, p := range s.Percentiles {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(jnum(p))
	}
	b.WriteString("],\n  \"measures\": [")
	for i, m := range s.Measures {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, "\n    {\"name\": %s, \"n\": %d, \"mean\": %s, \"sd\": %s, \"min\": %s, \"max\": %s, \"percentiles\": {",
			jsonString(m.Name), m.N, jnum(m.Mean), jnum(m.SD), jnum(m.Min), jnum(m.Max))
		for j, p := range m.Percentiles {
			if j > 0 {
				b.WriteString(", ")
			}
			fmt.Fprintf(&b, "%s: %s", jsonString(pname(s.Percentiles[j])), jnum(p))
		}
		b.WriteString("}}")
	}
	b.WriteString("\n  ],\n  \"events\": [")
	for i, e := range s.Events {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, "\n    {\"name\": %s, \"count\": %d, \"probability\": %s}", jsonString(e.Name), e.Count, jnum(e.Probability))
	}
	b.WriteString("\n  ]\n}\n")
	_, err := io.WriteString(w, b.String())
	return err
}
