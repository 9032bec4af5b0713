package main

import (
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/jvwaterfall/jvwaterfall/report"
	"github.com/jvwaterfall/jvwaterfall/spec"
	"github.com/shopspring/decimal"
	"github.com/xuri/excelize/v2"
)

// The workbook's sheets, in order.
const (
	sheetSummary  = "Summary"
	sheetLedger   = "Ledger"
	sheetPayments = "Payments"
	sheetEvents   = "Events"
	sheetSources  = "Sources"
	sheetInputs   = "Inputs"
)

// workbook writes cells with the styles of a run's currency.
type workbook struct {
	f                          *excelize.File
	money, ratio, rate, header int // style IDs
	date                       int
}

// newWorkbook returns an empty workbook with the styles of amounts with
// scale decimal places.
func newWorkbook(scale int32) (*workbook, error) {
	f := excelize.NewFile()
	zeros := ""
	if scale > 0 {
		zeros = "." + strings.Repeat("0", int(scale))
	}
	moneyFmt := "#,##0" + zeros + ";-#,##0" + zeros
	ratioFmt, rateFmt, dateFmt := "0.00\"x\"", "0.00%", "yyyy-mm-dd"
	b := &workbook{f: f}
	var err error
	for _, s := range []struct {
		id    *int
		style *excelize.Style
	}{
		{&b.money, &excelize.Style{CustomNumFmt: &moneyFmt}},
		{&b.ratio, &excelize.Style{CustomNumFmt: &ratioFmt}},
		{&b.rate, &excelize.Style{CustomNumFmt: &rateFmt}},
		{&b.date, &excelize.Style{CustomNumFmt: &dateFmt}},
		{&b.header, &excelize.Style{Font: &excelize.Font{Bold: true}}},
	} {
		if *s.id, err = f.NewStyle(s.style); err != nil {
			return nil, err
		}
	}
	return b, nil
}

// cellKind says how a column's text is written.
type cellKind int

const (
	textCell  cellKind = iota
	moneyCell          // an exact decimal, written as the number it is
	ratioCell          // a multiple
	rateCell           // a fraction shown as a percentage
	dateCell           // YYYY-MM-DD, written as a date
	intCell            // a period number
)

// table writes a header and rows of text to sheet, each column as kinds
// says; empty cells stay empty.
func (b *workbook) table(sheet string, header []string, rows [][]string, kinds func(col int) cellKind) error {
	if _, err := b.f.NewSheet(sheet); err != nil {
		return err
	}
	for j, h := range header {
		cell, _ := excelize.CoordinatesToCellName(j+1, 1)
		if err := b.f.SetCellStr(sheet, cell, h); err != nil {
			return err
		}
		if err := b.f.SetCellStyle(sheet, cell, cell, b.header); err != nil {
			return err
		}
	}
	for i, row := range rows {
		for j, v := range row {
			if v == "" {
				continue
			}
			cell, _ := excelize.CoordinatesToCellName(j+1, i+2)
			if err := b.cell(sheet, cell, v, kinds(j)); err != nil {
				return fmt.Errorf("%s!%s: %w", sheet, cell, err)
			}
		}
	}
	last, _ := excelize.ColumnNumberToName(max(len(header), 1))
	if err := b.f.SetColWidth(sheet, "A", last, 14); err != nil {
		return err
	}
	return b.f.SetPanes(sheet, &excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"})
}

func (b *workbook) cell(sheet, cell, v string, kind cellKind) error {
	style := 0
	switch kind {
	case moneyCell, ratioCell, intCell:
		// The decimal's own text goes into the file, so the workbook
		// holds every digit of the amount; a spreadsheet reads it as a
		// number.
		if err := b.f.SetCellDefault(sheet, cell, v); err != nil {
			return err
		}
		style = map[cellKind]int{moneyCell: b.money, ratioCell: b.ratio}[kind]
	case rateCell:
		r, err := strconv.ParseFloat(v, 64)
		if err != nil {
			return err
		}
		if err := b.f.SetCellFloat(sheet, cell, r, -1, 64); err != nil {
			return err
		}
		style = b.rate
	case dateCell:
		d, err := time.Parse(time.DateOnly, v)
		if err != nil {
			return b.f.SetCellStr(sheet, cell, v)
		}
		if err := b.f.SetCellValue(sheet, cell, d); err != nil {
			return err
		}
		style = b.date
	default:
		return b.f.SetCellStr(sheet, cell, v)
	}
	if style == 0 {
		return nil
	}
	return b.f.SetCellStyle(sheet, cell, cell, style)
}

// writeWorkbook writes the run as an xlsx workbook: Summary (a row per
// party and a total row), Ledger (rows as -ledger groups them, and the
// total), Payments, Events, Sources, and Inputs (the deal's terms and its
// spec).
func writeWorkbook(w io.Writer, rep *report.Document, doc spec.Document, src []byte) error {
	res := rep.Result
	b, err := newWorkbook(res.Scale)
	if err != nil {
		return err
	}
	defer b.f.Close()

	// Summary: the columns of report.SummaryHeader, and a total row.
	sumRows := report.SummaryRecords(rep.Summaries)
	for i, s := range rep.Summaries {
		if sumRows[i][10] != "" { // the rates in full, not to 8 places
			sumRows[i][10], sumRows[i][11] = strconv.FormatFloat(s.XIRR, 'g', -1, 64), strconv.FormatFloat(s.PeriodicIRR, 'g', -1, 64)
		}
	}
	total := make([]string, len(report.SummaryHeader()))
	total[0] = "total"
	sums := make([]decimal.Decimal, 5) // contributed, distributed, paid_out, net, promote
	for _, s := range rep.Summaries {
		for k, a := range []decimal.Decimal{s.Contributed, s.Distributed, s.PaidOut, s.Net, s.Promote} {
			sums[k] = sums[k].Add(a)
		}
	}
	for k, a := range sums {
		total[3+k] = a.StringFixed(res.Scale)
	}
	sumRows = append(sumRows, total)
	err = b.table(sheetSummary, report.SummaryHeader(), sumRows, func(col int) cellKind {
		switch {
		case col >= 3 && col <= 7:
			return moneyCell
		case col == 8 || col == 9:
			return ratioCell
		case col == 10 || col == 11:
			return rateCell
		case col == 12:
			return intCell
		case col == 13:
			return dateCell
		}
		return textCell
	})
	if err != nil {
		return err
	}
	if err := b.f.DeleteSheet("Sheet1"); err != nil {
		return err
	}

	err = b.table(sheetLedger, rep.Ledger.Header(), rep.Ledger.Records(), func(col int) cellKind {
		switch {
		case col == 0:
			return textCell // "0", "2027-Q3", "total": labels
		case col <= 2:
			return dateCell
		}
		return moneyCell
	})
	if err != nil {
		return err
	}

	pays, err := report.PaymentRecords(res)
	if err != nil {
		return err
	}
	err = b.table(sheetPayments, report.PaymentsHeader(), pays, func(col int) cellKind {
		switch {
		case col == 0:
			return intCell
		case col == 1:
			return dateCell
		case col >= 6:
			return moneyCell
		}
		return textCell
	})
	if err != nil {
		return err
	}
	err = b.table(sheetEvents, eventsHeader, eventRecords(res), func(col int) cellKind {
		switch col {
		case 0:
			return intCell
		case 1:
			return dateCell
		}
		return textCell
	})
	if err != nil {
		return err
	}
	srcRows, err := report.SourceRecords(res)
	if err != nil {
		return err
	}
	err = b.table(sheetSources, report.SourcesHeader(), srcRows, func(col int) cellKind {
		switch {
		case col == 0:
			return intCell
		case col == 1:
			return dateCell
		case col >= 3:
			return moneyCell
		}
		return textCell
	})
	if err != nil {
		return err
	}

	inputs := [][]string{{"deal", res.Deal}, {"currency", res.Currency}, {"scale", strconv.Itoa(int(res.Scale))}}
	if d := doc.Deal; d != nil {
		for _, p := range d.Parties {
			inputs = append(inputs, []string{"party " + string(p.ID), p.Name, p.Role.String(), p.Commitment.StringFixed(res.Scale)})
		}
	}
	inputs = append(inputs, []string{""}, []string{"spec"})
	for _, line := range strings.Split(strings.TrimRight(string(src), "\n"), "\n") {
		inputs = append(inputs, []string{line})
	}
	err = b.table(sheetInputs, []string{"field", "value", "role", "commitment"}, inputs, func(col int) cellKind {
		if col == 3 {
			return moneyCell
		}
		return textCell
	})
	if err != nil {
		return err
	}
	return b.f.Write(w)
}
