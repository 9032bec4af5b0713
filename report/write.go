package report

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/jvwaterfall/jvwaterfall/contract"
	"github.com/jvwaterfall/jvwaterfall/tranche"
	"github.com/shopspring/decimal"
)

// errNilLedger is returned by the writers of a nil *Ledger.
var errNilLedger = fmt.Errorf("nil ledger: %w", contract.ErrRequired)

// errNilWriter is returned by the writers given a nil io.Writer.
var errNilWriter = fmt.Errorf("nil writer: %w", contract.ErrRequired)

// writeCSV writes a header and the records as CSV.
func writeCSV(w io.Writer, header []string, recs [][]string) error {
	if w == nil {
		return errNilWriter
	}
	cw := csv.NewWriter(w)
	if err := cw.Write(header); err != nil {
		return err
	}
	if err := cw.WriteAll(recs); err != nil {
		return err
	}
	return cw.Error()
}

// pick is []string{s} when keep, else nothing: a column the table may
// leave out.
func pick(keep bool, s string) []string {
	if keep {
		return []string{s}
	}
	return nil
}

// day formats t's date as YYYY-MM-DD, and the zero time, a date not
// known (the total of a run with no periods yet), as "".
func day(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format(time.DateOnly)
}

// Header returns the column names of [Ledger.Records]: period, start, end,
// proceeds, costs, contributed, drawn, paid, fees, transfers, retained, held,
// then one column per party named by its ID.
func (l *Ledger) Header() []string {
	if l == nil {
		return nil
	}
	h := []string{"period", "start", "end", "proceeds", "costs", "contributed", "drawn", "paid", "fees", "transfers", "retained", "held"}
	for _, p := range l.Parties {
		h = append(h, string(p.ID))
	}
	return h
}

// Records returns the rows as text, one record per row and a last one for
// the total, amounts fixed to the ledger's scale ("1234.50"), dates as
// YYYY-MM-DD: the cells of [Ledger.WriteCSV], for programs that add
// columns of their own.
func (l *Ledger) Records() [][]string {
	if l == nil {
		return nil
	}
	out := make([][]string, 0, len(l.Rows)+1)
	for _, row := range append(l.Rows[:len(l.Rows):len(l.Rows)], l.Total) {
		out = append(out, l.record(row, func(d decimal.Decimal) string { return d.StringFixed(l.Scale) }))
	}
	return out
}

func (l *Ledger) record(row LedgerRow, money func(decimal.Decimal) string) []string {
	rec := []string{row.Label, day(row.Start), day(row.End), money(row.Proceeds), money(row.Costs),
		money(row.Contributed), money(row.Drawn), money(row.Paid), money(row.Fees), money(row.Transfers), money(row.Retained), money(row.Held)}
	for _, a := range row.Received {
		rec = append(rec, money(a))
	}
	return rec
}

// WriteCSV writes the ledger as CSV (encoding/csv): a header of
// [Ledger.Header], a record per row and the total.
func (l *Ledger) WriteCSV(w io.Writer) error {
	if l == nil {
		return errNilLedger
	}
	if w == nil {
		return errNilWriter
	}
	cw := csv.NewWriter(w)
	if err := cw.Write(l.Header()); err != nil {
		return err
	}
	if err := cw.WriteAll(l.Records()); err != nil {
		return err
	}
	return cw.Error()
}

// WriteTable writes the ledger as an aligned text table (text/tabwriter),
// amounts with thousands separators and every minor unit, the parties as
// columns by name (by ID when two share a name), and a total row. The
// drawn, fees, transfers and held columns are left out when the run has
// none.
func (l *Ledger) WriteTable(w io.Writer) error {
	if l == nil {
		return errNilLedger
	}
	if w == nil {
		return errNilWriter
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	// Never negative: zero only when every row's is.
	drawn, fees, transfers := !l.Total.Drawn.IsZero(), !l.Total.Fees.IsZero(), !l.Total.Transfers.IsZero()
	head := []string{"period", "end", "proceeds", "costs", "contributed"} // the names of Header and the JSON
	head = append(append(head, pick(drawn, "drawn")...), "paid")
	head = append(append(head, pick(fees, "fees")...), pick(transfers, "transfers")...)
	held := false // a balance: any row's, not the total's
	for _, row := range l.Rows {
		held = held || !row.Held.IsZero()
	}
	head = append(append(head, "retained"), pick(held, "held")...)
	names := map[string]int{}
	for _, p := range l.Parties {
		names[p.Name]++
	}
	for _, p := range l.Parties {
		if names[p.Name] > 1 {
			head = append(head, string(p.ID))
		} else {
			head = append(head, p.Name)
		}
	}
	fmt.Fprintln(tw, strings.Join(head, "\t")+"\t")
	money := func(d decimal.Decimal) string { return GroupDigits(d.StringFixed(l.Scale)) }
	for _, row := range append(l.Rows[:len(l.Rows):len(l.Rows)], l.Total) {
		end := day(row.End)
		if row.Label == "total" {
			end = ""
		}
		cells := []string{row.Label, end, money(row.Proceeds), money(row.Costs), money(row.Contributed)}
		cells = append(append(cells, pick(drawn, money(row.Drawn))...), money(row.Paid))
		cells = append(append(cells, pick(fees, money(row.Fees))...), pick(transfers, money(row.Transfers))...)
		cells = append(append(cells, money(row.Retained)), pick(held, money(row.Held))...)
		for _, a := range row.Received {
			cells = append(cells, money(a))
		}
		fmt.Fprintln(tw, strings.Join(cells, "\t")+"\t")
	}
	return tw.Flush()
}

// ledgerJSON is the JSON form of a Ledger: decimals as strings at the
// ledger's scale.
type ledgerJSON struct {
	Deal        string            `json:"deal"`
	Currency    string            `json:"currency"`
	Scale       int32             `json:"scale"`
	Aggregation Aggregation       `json:"aggregation"`
	Parties     []ledgerPartyJSON `json:"parties"`
	Rows        []ledgerRowJSON   `json:"rows"`
	Total       ledgerRowJSON     `json:"total"`
}

type ledgerPartyJSON struct {
	ID   tranche.PartyID `json:"id"`
	Name string          `json:"name"`
	Role string          `json:"role"`
}

type ledgerRowJSON struct {
	Label       string            `json:"period"`
	Start       string            `json:"start"`
	End         string            `json:"end"`
	Proceeds    string            `json:"proceeds"`
	Costs       string            `json:"costs"`
	Contributed string            `json:"contributed"`
	Drawn       string            `json:"drawn"`
	Paid        string            `json:"paid"`
	Fees        string            `json:"fees"`
	Transfers   string            `json:"transfers"`
	Retained    string            `json:"retained"`
	Held        string            `json:"held"`
	Received    map[string]string `json:"received"`
}

func (l *Ledger) rowJSON(row LedgerRow) ledgerRowJSON {
	f := func(d decimal.Decimal) string { return d.StringFixed(l.Scale) }
	out := ledgerRowJSON{Label: row.Label, Start: day(row.Start), End: day(row.End), Proceeds: f(row.Proceeds), Costs: f(row.Costs),
		Contributed: f(row.Contributed), Drawn: f(row.Drawn), Paid: f(row.Paid), Fees: f(row.Fees), Transfers: f(row.Transfers), Retained: f(row.Retained), Held: f(row.Held),
		Received: map[string]string{}}
	for j, a := range row.Received {
		if j < len(l.Parties) { // a Ledger changed by hand may not match
			out.Received[string(l.Parties[j].ID)] = f(a)
		}
	}
	return out
}

// MarshalJSON encodes the ledger with every amount a string fixed to the
// ledger's scale, so no decimal passes through a float.
func (l *Ledger) MarshalJSON() ([]byte, error) {
	if l == nil {
		return []byte("null"), nil
	}
	out := ledgerJSON{Deal: l.Deal, Currency: l.Currency, Scale: l.Scale, Aggregation: l.Aggregation,
		Parties: []ledgerPartyJSON{}, Rows: []ledgerRowJSON{}, Total: l.rowJSON(l.Total)}
	for _, p := range l.Parties {
		out.Parties = append(out.Parties, ledgerPartyJSON{ID: p.ID, Name: p.Name, Role: p.Role.String()})
	}
	for _, row := range l.Rows {
		out.Rows = append(out.Rows, l.rowJSON(row))
	}
	return json.Marshal(out)
}

// WriteJSON writes the ledger as indented JSON ([Ledger.MarshalJSON]).
func (l *Ledger) WriteJSON(w io.Writer) error {
	if l == nil {
		return errNilLedger
	}
	if w == nil {
		return errNilWriter
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(l)
}
