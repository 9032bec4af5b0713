package report

import (
	"encoding/json"
	"fmt"
	"io"

	"github.com/jvwaterfall/jvwaterfall/contract"
	"github.com/jvwaterfall/jvwaterfall/tranche"
	"github.com/jvwaterfall/jvwaterfall/waterfall"
)

// HurdleRow is one investor's hurdle balance at one tier's rate on one
// date on which its account moved.
type HurdleRow struct {
	Tranche tranche.TrancheID // the IRR tier or pref whose rate it is
	Party   tranche.PartyID
	Rate    contract.Rate
	tranche.HurdleBalance
}

// HurdleAudit is the hurdle balances a stack's tiers read, for an
// auditor to check each tier against: see [Hurdles].
type HurdleAudit struct {
	Deal     string
	Currency string
	Scale    int32
	Rows     []HurdleRow // by tranche in stack order, then party, then date
}

// Hurdles lists, for every IRR tier ([tranche.Hurdle] with a rate) and
// every cumulative, compounding pref on unreturned capital
// ([tranche.PreferredReturn]) of stack, each of its investors' hurdle
// balances at its rate on each date the investor's account moved
// ([tranche.HurdleHistory] of [waterfall.Result.Movements]): the balance
// grown to the date, what came in and went out, and what is left. An IRR tier paid in full on a date
// leaves its investors' balances at or below zero after the date's
// payments, a pref paid in full leaves them at or below their unreturned
// capital; one short leaves them above. A totals-only run has them too.
//
// A Result made by [waterfall.Tally] (a fund run deal by deal) has them
// too, from its ledger.
//
// Hurdles returns an error if res or stack is nil ([contract.ErrRequired]),
// if the stack is too deep or too large to walk ([tranche.CheckShape]), or
// if a tier names a party that is not in the run
// ([tranche.ErrUnknownParty]).
func Hurdles(res *waterfall.Result, stack tranche.Tranche) (*HurdleAudit, error) {
	if res == nil {
		return nil, fmt.Errorf("nil result: %w", contract.ErrRequired)
	}
	if stack == nil {
		return nil, fmt.Errorf("nil stack: %w", contract.ErrRequired)
	}
	if err := tranche.CheckShape(stack); err != nil {
		return nil, contract.Field("stack", err)
	}
	a := &HurdleAudit{Deal: res.Deal, Currency: res.Currency, Scale: res.Scale}
	var walk func(t tranche.Tranche) error
	walk = func(t tranche.Tranche) error {
		var parties []tranche.PartyID
		var rate contract.Rate
		switch t := t.(type) {
		case *tranche.Hurdle:
			if t.Rate.Annual.IsZero() {
				return nil
			}
			parties, rate = t.Investors, t.Rate
		case *tranche.PreferredReturn:
			if t.Rate.Compounding == contract.Simple || t.Base != tranche.OnUnreturned || t.Accrual != tranche.Cumulative {
				return nil
			}
			parties, rate = t.Parties, t.Rate
		case tranche.Parent:
			for _, c := range t.Children() {
				if err := walk(c); err != nil {
					return err
				}
			}
			return nil
		}
		for _, p := range parties {
			if _, ok := res.Party(p); !ok {
				return fmt.Errorf("tranche %q: %w %q", t.ID(), tranche.ErrUnknownParty, p)
			}
			hs, err := tranche.HurdleHistory(res.Movements(p), rate)
			if err != nil {
				return fmt.Errorf("tranche %q: %w", t.ID(), err)
			}
			for _, h := range hs {
				a.Rows = append(a.Rows, HurdleRow{Tranche: t.ID(), Party: p, Rate: rate, HurdleBalance: h})
			}
		}
		return nil
	}
	if err := walk(stack); err != nil {
		return nil, err
	}
	return a, nil
}

// hurdlePlaces is the places the writers give balances: the book keeps
// them to tranche.AccrualPlaces.
const hurdlePlaces = tranche.AccrualPlaces

// Header returns the column names of [HurdleAudit.Records]: tranche,
// party, rate, date, before, in, out, after.
func (a *HurdleAudit) Header() []string {
	return []string{"tranche", "party", "rate", "date", "before", "in", "out", "after"}
}

// Records returns the rows as text: the rate as its key ("0.08 annual
// ACT/365F"), the date as YYYY-MM-DD, in and out at the deal's scale,
// the balances to [tranche.AccrualPlaces] places.
func (a *HurdleAudit) Records() [][]string {
	if a == nil {
		return nil
	}
	out := make([][]string, 0, len(a.Rows))
	for _, r := range a.Rows {
		out = append(out, []string{string(r.Tranche), string(r.Party), r.Rate.Key(), day(r.Date),
			r.Before.StringFixed(hurdlePlaces), r.In.StringFixed(a.Scale), r.Out.StringFixed(a.Scale), r.After.StringFixed(hurdlePlaces)})
	}
	return out
}

// WriteCSV writes the audit as CSV: a header of [HurdleAudit.Header] and
// a record per row.
func (a *HurdleAudit) WriteCSV(w io.Writer) error {
	if a == nil {
		return fmt.Errorf("nil hurdle audit: %w", contract.ErrRequired)
	}
	return writeCSV(w, a.Header(), a.Records())
}

// MarshalJSON encodes the audit with every amount a string (as
// [HurdleAudit.Records] writes it), so no decimal passes through a float.
func (a *HurdleAudit) MarshalJSON() ([]byte, error) {
	if a == nil {
		return []byte("null"), nil
	}
	type row struct {
		Tranche tranche.TrancheID `json:"tranche"`
		Party   tranche.PartyID   `json:"party"`
		Rate    string            `json:"rate"`
		Date    string            `json:"date"`
		Before  string            `json:"before"`
		In      string            `json:"in"`
		Out     string            `json:"out"`
		After   string            `json:"after"`
	}
	out := struct {
		Deal     string `json:"deal"`
		Currency string `json:"currency"`
		Scale    int32  `json:"scale"`
		Rows     []row  `json:"rows"`
	}{a.Deal, a.Currency, a.Scale, []row{}}
	for _, rec := range a.Records() {
		out.Rows = append(out.Rows, row{tranche.TrancheID(rec[0]), tranche.PartyID(rec[1]), rec[2], rec[3], rec[4], rec[5], rec[6], rec[7]})
	}
	return json.Marshal(out)
}

// WriteJSON writes the audit as indented JSON ([HurdleAudit.MarshalJSON]).
func (a *HurdleAudit) WriteJSON(w io.Writer) error {
	if a == nil {
		return fmt.Errorf("nil hurdle audit: %w", contract.ErrRequired)
	}
	if w == nil {
		return errNilWriter
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(a)
}
