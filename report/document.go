package report

import (
	"encoding/json"
	"fmt"
	"io"

	"github.com/jvwaterfall/jvwaterfall/tranche"
	"github.com/jvwaterfall/jvwaterfall/waterfall"
	"github.com/shopspring/decimal"
)

// Document is everything this package says of one run, in one value: each
// party's [Summary] (totals, multiples, rates of return, payback, first
// payment and profit, tiers), the [Ledger] of periods grouped as asked,
// and the run's payments, contributions and events. It is what a service
// returns for a deal: its JSON form is [Document.MarshalJSON].
type Document struct {
	Result    *waterfall.Result // the run, read only
	Summaries []Summary         // one per party, in the deal's order
	Ledger    *Ledger           // the periods, grouped by the Document's aggregation
}

// NewDocument reports on res: the summaries of [Summaries] with the
// parties' residual values nav (nil for a deal wound up), and the ledger
// of [NewLedger] grouped by agg. It returns their errors.
func NewDocument(res *waterfall.Result, agg Aggregation, nav map[tranche.PartyID]decimal.Decimal) (*Document, error) {
	sums, err := Summaries(res, nav)
	if err != nil {
		return nil, err
	}
	l, err := NewLedger(res, agg)
	if err != nil {
		return nil, err
	}
	return &Document{Result: res, Summaries: sums, Ledger: l}, nil
}

// The JSON form of a Document.
type (
	documentJSON struct {
		Deal          string             `json:"deal"`
		Currency      string             `json:"currency"`
		Scale         int32              `json:"scale"`
		Retained      string             `json:"retained"`
		Parties       []Summary          `json:"parties"`
		Ledger        *Ledger            `json:"ledger"`
		Payments      []paymentJSON      `json:"payments"`
		Contributions []contributionJSON `json:"contributions"`
		Events        []eventJSON        `json:"events"`
		Sources       []sourceJSON       `json:"sources,omitempty"`
	}
	sourceJSON struct {
		Period int    `json:"period"`
		Date   string `json:"date"`
		Source string `json:"source"`
		In     string `json:"in"`
		Out    string `json:"out"`
	}
	paymentJSON struct {
		Period  int               `json:"period"`
		Date    string            `json:"date"`
		Tranche tranche.TrancheID `json:"tranche"`
		Party   tranche.PartyID   `json:"party"`
		From    tranche.PartyID   `json:"from,omitempty"`
		Kind    tranche.Kind      `json:"kind"`
		Amount  string            `json:"amount"`
		Before  string            `json:"before"`
		After   string            `json:"after"`
	}
	contributionJSON struct {
		Period int             `json:"period"`
		Date   string          `json:"date"`
		Party  tranche.PartyID `json:"party"`
		Amount string          `json:"amount"`
	}
	eventJSON struct {
		Period  int               `json:"period"`
		Date    string            `json:"date"`
		Tranche tranche.TrancheID `json:"tranche"`
		Party   tranche.PartyID   `json:"party,omitempty"`
		Kind    tranche.EventKind `json:"kind"`
		Detail  string            `json:"detail"`
	}
)

// MarshalJSON encodes the document for a program that reads it, such as
// a service's response:
//
//	{"deal", "currency", "scale", "retained",
//	 "parties":       [each party's Summary, as Summary.MarshalJSON],
//	 "ledger":        the Ledger, as Ledger.MarshalJSON,
//	 "payments":      [{"period", "date", "tranche", "party", "from", "kind", "amount", "before", "after"}],
//	 "contributions": [{"period", "date", "party", "amount"}],
//	 "events":        [{"period", "date", "tranche", "party", "kind", "detail"}],
//	 "sources":       [{"period", "date", "source", "in", "out"}]}
//
// Amounts are strings fixed to the deal's scale ("9000000.00"), roles and
// kinds are names, dates "YYYY-MM-DD", and every period is numbered from
// 0, as in the whole library: period 0 is the first period of the
// schedule, Result.Periods[0]. A payment's "before" and "after" are the
// balance its tranche moved: for a claim that is paid down (capital,
// preferred return, catch-up, hurdle, debt) what the party was owed
// (after = before − amount), and for a residual split, which has no
// balance, the party's cumulative receipts from it (after = before +
// amount), as [tranche.Payment] says; "from" names the party that
// paid when it was not the deal's cash (carry into escrow, a clawback).
// "sources" are the records of [SourceRecords], left out when the deal
// has no source that moved cash. A nil Document is null.
func (d *Document) MarshalJSON() ([]byte, error) {
	if d == nil || d.Result == nil {
		return []byte("null"), nil
	}
	res := d.Result
	m := func(a decimal.Decimal) string { return money(a, res.Scale) }
	out := documentJSON{Deal: res.Deal, Currency: res.Currency, Scale: res.Scale, Retained: m(res.Retained()),
		Parties: d.Summaries, Ledger: d.Ledger, Payments: []paymentJSON{}, Contributions: []contributionJSON{}, Events: []eventJSON{}}
	if out.Parties == nil {
		out.Parties = []Summary{}
	}
	for p := range res.Payments.Values() {
		out.Payments = append(out.Payments, paymentJSON{Period: p.Period, Date: day(p.Date), Tranche: p.Tranche, Party: p.Party, From: p.From,
			Kind: p.Kind, Amount: m(p.Amount), Before: m(p.Before), After: m(p.After)})
	}
	for c := range res.Contributions.Values() {
		out.Contributions = append(out.Contributions, contributionJSON{Period: c.Period, Date: day(c.Date), Party: c.Party, Amount: m(c.Amount)})
	}
	for _, e := range res.Events {
		out.Events = append(out.Events, eventJSON{Period: e.Period, Date: day(e.Date), Tranche: e.Tranche, Party: e.Party, Kind: e.Kind, Detail: e.Detail})
	}
	for _, p := range res.Periods {
		for l := range p.Sources.Values() {
			if !l.In.IsZero() || !l.Out.IsZero() { // as SourceRecords
				out.Sources = append(out.Sources, sourceJSON{Period: p.Period.Index, Date: day(p.Period.End), Source: l.Source, In: m(l.In), Out: m(l.Out)})
			}
		}
	}
	return json.Marshal(out)
}

// WriteJSON writes the document as indented JSON ([Document.MarshalJSON]).
func (d *Document) WriteJSON(w io.Writer) error {
	if d == nil {
		return fmt.Errorf("nil document: %w", errNilResult)
	}
	if w == nil {
		return errNilWriter
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(d)
}

// money formats an amount fixed to scale ("1234.50"), or with every digit
// it has when it holds more places than scale, so nothing is lost.
func money(d decimal.Decimal, scale int32) string {
	if d.Equal(d.Truncate(scale)) {
		return d.StringFixed(scale)
	}
	return d.String()
}
