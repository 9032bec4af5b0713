package scenario

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"io"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/jvwaterfall/jvwaterfall/tranche"
	"github.com/shopspring/decimal"
)

// Row is one scenario of a [Table]: its number, each term's value and the
// outcome of its run. A scenario whose deal is not valid or whose run
// fails has Err set and a zero Outcome.
type Row struct {
	Scenario int
	Terms    []string // each term's value, in the definition's order, as its column shows it
	Outcome
	Err error
}

// ColumnKind says what a column of a [Table] holds.
type ColumnKind uint8

// The kinds of columns.
const (
	ColumnIndex    ColumnKind = iota // the scenario's number
	ColumnTerm                       // a term's value, as set (a decimal, a date, JSON text)
	ColumnAmount                     // money, a decimal string with the deal's places
	ColumnRate                       // a rate of return or a ratio, float64; empty when not defined
	ColumnMultiple                   // a multiple, a decimal string
	ColumnDate                       // a date; empty when it never happened
	ColumnFlag                       // true or false
	ColumnError                      // why the scenario failed; empty when it ran
)

// Column is a column of a [Table]: its name ("scenario", a term's name,
// "min_dscr", "LP.xirr") and kind.
type Column struct {
	Name  string
	Kind  ColumnKind
	Party tranche.PartyID // a party's measure: whose
	field field
	term  int
}

// field says which measure a column reads.
type field uint8

const (
	fIndex field = iota
	fTerm
	fMinDSCR
	fBreach
	fDefault
	fLenderLoss
	fRetained
	fContributed
	fDistributed
	fNet
	fXIRR
	fIRR
	fMOIC
	fPayback
	fFirst
	fError
)

// dealColumns are the deal's measures; partyColumns each party's, after
// "<party>.".
var (
	dealColumns = []Column{
		{Name: "min_dscr", Kind: ColumnRate, field: fMinDSCR},
		{Name: "breach", Kind: ColumnFlag, field: fBreach},
		{Name: "default", Kind: ColumnFlag, field: fDefault},
		{Name: "lender_loss", Kind: ColumnAmount, field: fLenderLoss},
		{Name: "retained", Kind: ColumnAmount, field: fRetained},
	}
	partyColumns = []Column{
		{Name: "contributed", Kind: ColumnAmount, field: fContributed},
		{Name: "distributed", Kind: ColumnAmount, field: fDistributed},
		{Name: "net", Kind: ColumnAmount, field: fNet},
		{Name: "xirr", Kind: ColumnRate, field: fXIRR},
		{Name: "irr", Kind: ColumnRate, field: fIRR},
		{Name: "moic", Kind: ColumnMultiple, field: fMOIC},
		{Name: "payback", Kind: ColumnDate, field: fPayback},
		{Name: "first_payment", Kind: ColumnDate, field: fFirst},
	}
)

// reserved reports whether a term's name would clash with another column.
func reserved(name string) bool {
	if name == "scenario" || name == "error" {
		return true
	}
	for _, c := range dealColumns {
		if c.Name == name {
			return true
		}
	}
	return false
}

// columnsOf lays out the columns: the scenario, the terms, the deal's
// measures, each party's, and the error.
func columnsOf(terms []Term, parties []tranche.PartyID) []Column {
	cols := []Column{{Name: "scenario", Kind: ColumnIndex, field: fIndex}}
	for i, t := range terms {
		cols = append(cols, Column{Name: t.Name, Kind: ColumnTerm, field: fTerm, term: i})
	}
	cols = append(cols, dealColumns...)
	for i, p := range parties {
		for _, c := range partyColumns {
			c.Name = string(p) + "." + c.Name
			c.Party = p
			c.term = i
			cols = append(cols, c)
		}
	}
	return append(cols, Column{Name: "error", Kind: ColumnError, field: fError})
}

// column returns the index of the named column, or -1.
func (p *Plan) column(name string) int {
	for i, c := range p.columns {
		if c.Name == name {
			return i
		}
	}
	return -1
}

// Table is the result of running a plan: one row per scenario, in
// scenario order, and one column per term and per measure. It is tidy
// data: write it as CSV or JSON, or ask it for [Table.Stats] and
// [Table.Grid].
type Table struct {
	Name    string
	Columns []Column
	Rows    []Row
	Scale   int32     // the deal's decimal places of money
	Start   time.Time // the start of the deal's schedule, from which [Stats] count dates in years
}

// Text returns the cell of row r in column c as the CSV shows it.
func (t *Table) Text(r *Row, c int) string {
	if t == nil || r == nil || c < 0 || c >= len(t.Columns) {
		return ""
	}
	col := t.Columns[c]
	var party *PartyOutcome
	if col.Party != "" && col.term < len(r.Parties) {
		party = &r.Parties[col.term]
	}
	amount := func(d decimal.Decimal) string { return d.StringFixed(t.Scale) }
	rate := func(x float64) string {
		if !finite(x) {
			return ""
		}
		return strconv.FormatFloat(x, 'f', -1, 64) // no exponent, as the statistics
	}
	date := func(d time.Time) string {
		if d.IsZero() {
			return ""
		}
		return d.Format(dateLayout)
	}
	switch col.field {
	case fIndex:
		return strconv.Itoa(r.Scenario)
	case fTerm:
		if col.term < len(r.Terms) {
			return r.Terms[col.term]
		}
		return ""
	case fError:
		if r.Err != nil {
			return r.Err.Error()
		}
		return ""
	}
	if r.Err != nil {
		return ""
	}
	switch col.field {
	case fMinDSCR:
		return rate(r.MinDSCR)
	case fBreach:
		return strconv.FormatBool(r.Breach)
	case fDefault:
		return strconv.FormatBool(r.Default)
	case fLenderLoss:
		return amount(r.LenderLoss)
	case fRetained:
		return amount(r.Retained)
	}
	if party == nil {
		return ""
	}
	switch col.field {
	case fContributed:
		return amount(party.Contributed)
	case fDistributed:
		return amount(party.Distributed)
	case fNet:
		return amount(party.Net)
	case fXIRR:
		return rate(party.XIRR)
	case fIRR:
		return rate(party.IRR)
	case fMOIC:
		if party.Contributed.Sign() <= 0 {
			return ""
		}
		return party.MOIC.String()
	case fPayback:
		return date(party.Payback)
	case fFirst:
		return date(party.First)
	}
	return ""
}

// Value returns the cell of row r in column c as a number, and whether it
// is one: amounts, rates and multiples as they are, flags as 0 or 1,
// dates as years after Start (days/365.25), a term's value when it is a
// decimal (a date term as years after Start). A failed row, an undefined
// rate and a date that never came are not numbers.
func (t *Table) Value(r *Row, c int) (float64, bool) {
	if t == nil || r == nil || c < 0 || c >= len(t.Columns) {
		return 0, false
	}
	col := t.Columns[c]
	switch col.Kind {
	case ColumnIndex:
		return float64(r.Scenario), true
	case ColumnError:
		return 0, false
	case ColumnTerm:
		s := t.Text(r, c)
		if d, err := time.Parse(dateLayout, s); err == nil {
			return t.years(d), true
		}
		x, err := strconv.ParseFloat(s, 64)
		return x, err == nil && finite(x)
	}
	s := t.Text(r, c)
	if s == "" {
		return 0, false
	}
	switch col.Kind {
	case ColumnFlag:
		if s == "true" {
			return 1, true
		}
		return 0, true
	case ColumnDate:
		d, err := time.Parse(dateLayout, s)
		return t.years(d), err == nil
	}
	x, err := strconv.ParseFloat(s, 64)
	return x, err == nil && finite(x)
}

// years counts the years from Start to d.
func (t *Table) years(d time.Time) float64 {
	return math.Round(d.Sub(t.Start).Hours()/24) / 365.25
}

// WriteCSV writes the table as CSV: a header of the column names, then one
// record per row. Amounts have the deal's decimal places, rates and ratios
// Go's shortest exact float form, undefined values an empty cell.
func (t *Table) WriteCSV(w io.Writer) error {
	if t == nil || w == nil {
		return errNil
	}
	cw := csv.NewWriter(w)
	rec := make([]string, len(t.Columns))
	for i, c := range t.Columns {
		rec[i] = c.Name
	}
	if err := cw.Write(rec); err != nil {
		return err
	}
	for i := range t.Rows {
		for c := range t.Columns {
			rec[c] = t.Text(&t.Rows[i], c)
		}
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// WriteJSON writes the table as JSON: {"name", "columns", "rows"}, each
// row an object with a member per column, in the columns' order. Amounts,
// multiples and dates are strings, rates and the scenario numbers, flags
// booleans, and what is not defined null.
func (t *Table) WriteJSON(w io.Writer) error {
	if t == nil || w == nil {
		return errNil
	}
	var b bytes.Buffer
	b.WriteString("{\n  \"name\": ")
	b.WriteString(jsonString(t.Name))
	b.WriteString(",\n  \"columns\": [")
	for i, c := range t.Columns {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(jsonString(c.Name))
	}
	b.WriteString("],\n  \"rows\": [")
	for i := range t.Rows {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString("\n    {")
		for c, col := range t.Columns {
			if c > 0 {
				b.WriteString(", ")
			}
			b.WriteString(jsonString(col.Name))
			b.WriteString(": ")
			s := t.Text(&t.Rows[i], c)
			switch {
			case s == "":
				b.WriteString("null")
			case col.Kind == ColumnIndex || col.Kind == ColumnRate || col.Kind == ColumnFlag:
				b.WriteString(s)
			default:
				b.WriteString(jsonString(s))
			}
		}
		b.WriteByte('}')
	}
	if len(t.Rows) > 0 {
		b.WriteString("\n  ")
	}
	b.WriteString("]\n}\n")
	_, err := w.Write(b.Bytes())
	return err
}

// Column returns the index of the named column, or -1.
func (t *Table) Column(name string) int {
	if t == nil {
		return -1
	}
	for i, c := range t.Columns {
		if c.Name == name {
			return i
		}
	}
	return -1
}

// String returns the column's name.
func (c Column) String() string { return c.Name }

// columnNames lists some column names for an error message.
func columnNames(cols []Column) string {
	var names []string
	for _, c := range cols {
		if c.Kind != ColumnIndex && c.Kind != ColumnError {
			names = append(names, c.Name)
		}
	}
	if len(names) > 8 {
		names = append(names[:8], "…")
	}
	return strings.Join(names, ", ")
}

// jsonString returns s as a JSON string.
func jsonString(s string) string {
	b, err := json.Marshal(s)
	if err != nil {
		return `""`
	}
	return string(b)
}
