package scenario

import (
	"encoding/csv"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/jvwaterfall/jvwaterfall/contract"
)

// GridTable is a 2-D sensitivity table of one measure: Cells[i][j] is the
// measure in the scenario where the Rows term takes RowValues[i] and the
// Columns term ColumnValues[j], as the table's CSV shows it ("" when it is
// not defined or the scenario failed).
type GridTable struct {
	Rows, Columns string // term names
	Measure       string
	RowValues     []string
	ColumnValues  []string
	Cells         [][]string
}

// Grid returns the 2-D table of measure over the terms rows and columns.
// Every other term must take one value in the table's rows. It returns an
// error for an unknown term or measure, or other terms that vary.
func (t *Table) Grid(rows, columns, measure string) (*GridTable, error) {
	if t == nil {
		return nil, errNil
	}
	r, c, m := t.Column(rows), t.Column(columns), t.Column(measure)
	var errs []error
	if r < 0 || t.Columns[r].Kind != ColumnTerm {
		errs = append(errs, contract.Field("grid.rows", fmt.Errorf("%q is not a term: %w", rows, contract.ErrInvalid)))
	}
	if c < 0 || t.Columns[c].Kind != ColumnTerm || c == r {
		errs = append(errs, contract.Field("grid.columns", fmt.Errorf("%q is not another term: %w", columns, contract.ErrInvalid)))
	}
	if m < 0 {
		errs = append(errs, contract.Field("grid.measure", fmt.Errorf("%q is not a column, such as %s: %w", measure, columnNames(t.Columns), contract.ErrInvalid)))
	}
	if len(errs) > 0 {
		return nil, errs[0]
	}
	for k, col := range t.Columns {
		if col.Kind != ColumnTerm || k == r || k == c {
			continue
		}
		var seen []string
		for i := range t.Rows {
			if v := t.Text(&t.Rows[i], k); !slices.Contains(seen, v) {
				seen = append(seen, v)
			}
		}
		if len(seen) > 1 {
			return nil, contract.Field("grid", fmt.Errorf("term %q takes %d values; a grid shows two terms, the others fixed: %w", col.Name, len(seen), contract.ErrInvalid))
		}
	}
	g := &GridTable{Rows: rows, Columns: columns, Measure: measure}
	ri, ci := map[string]int{}, map[string]int{}
	for i := range t.Rows {
		rv, cv := t.Text(&t.Rows[i], r), t.Text(&t.Rows[i], c)
		if _, ok := ri[rv]; !ok {
			ri[rv] = len(g.RowValues)
			g.RowValues = append(g.RowValues, rv)
		}
		if _, ok := ci[cv]; !ok {
			ci[cv] = len(g.ColumnValues)
			g.ColumnValues = append(g.ColumnValues, cv)
		}
	}
	g.Cells = make([][]string, len(g.RowValues))
	for i := range g.Cells {
		g.Cells[i] = make([]string, len(g.ColumnValues))
	}
	for i := range t.Rows {
		g.Cells[ri[t.Text(&t.Rows[i], r)]][ci[t.Text(&t.Rows[i], c)]] = t.Text(&t.Rows[i], m)
	}
	return g, nil
}

// WriteCSV writes the grid as CSV: a header "rows\columns" and the column
// term's values, then a record per value of the row term.
func (g *GridTable) WriteCSV(w io.Writer) error {
	if g == nil || w == nil {
		return errNil
	}
	cw := csv.NewWriter(w)
	cw.Write(append([]string{g.Measure + ": " + g.Rows + " \\ " + g.Columns}, g.ColumnValues...))
	for i, rv := range g.RowValues {
		cw.Write(append([]string{rv}, g.Cells[i]...))
	}
	cw.Flush()
	return cw.Error()
}

// WriteJSON writes the grid as JSON: {"rows", "columns", "measure",
// "row_values", "column_values", "cells"}, cells as the table's text (null
// where not defined).
func (g *GridTable) WriteJSON(w io.Writer) error {
	if g == nil || w == nil {
		return errNil
	}
	var b strings.Builder
	list := func(vals []string) {
		b.WriteByte('[')
		for i, v := range vals {
			if i > 0 {
				b.WriteString(", ")
			}
			if v == "" {
				b.WriteString("null")
			} else {
				b.WriteString(jsonString(v))
			}
		}
		b.WriteByte(']')
	}
	fmt.Fprintf(&b, "{\n  \"rows\": %s,\n  \"columns\": %s,\n  \"measure\": %s,\n  \"row_values\": ", jsonString(g.Rows), jsonString(g.Columns), jsonString(g.Measure))
	list(g.RowValues)
	b.WriteString(",\n  \"column_values\": ")
	list(g.ColumnValues)
	b.WriteString(",\n  \"cells\": [")
	for i, row := range g.Cells {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString("\n    ")
		list(row)
	}
	b.WriteString("\n  ]\n}\n")
	_, err := io.WriteString(w, b.String())
	return err
}
