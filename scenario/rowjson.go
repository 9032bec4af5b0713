package scenario

import (
	"encoding/json"
	"errors"
	"math"
	"time"

	"github.com/jvwaterfall/jvwaterfall/tranche"
	"github.com/shopspring/decimal"
)

// The JSON form of a Row, for shipping rows between processes (the beam
// module's workers): every value exact, NaN as null, dates as
// "YYYY-MM-DD", an error as its message.
type (
	rowJSON struct {
		Scenario   int         `json:"scenario"`
		Terms      []string    `json:"terms"`
		Err        *string     `json:"error"`
		MinDSCR    *float64    `json:"min_dscr"`
		Breach     bool        `json:"breach"`
		Default    bool        `json:"default"`
		LenderLoss string      `json:"lender_loss"`
		Retained   string      `json:"retained"`
		Parties    []partyJSON `json:"parties"`
	}
	partyJSON struct {
		Party       tranche.PartyID `json:"party"`
		Contributed string          `json:"contributed"`
		Distributed string          `json:"distributed"`
		Net         string          `json:"net"`
		XIRR        *float64        `json:"xirr"`
		IRR         *float64        `json:"irr"`
		MOIC        string          `json:"moic"`
		Payback     string          `json:"payback"`
		First       string          `json:"first_payment"`
	}
)

func floatPtr(x float64) *float64 {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return nil
	}
	return &x
}

func ptrFloat(p *float64) float64 {
	if p == nil {
		return math.NaN()
	}
	return *p
}

func dateText(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format(dateLayout)
}

// MarshalJSON writes the row so that [Row.UnmarshalJSON] reads back an
// equal row: the same text in every column of a [Table].
func (r Row) MarshalJSON() ([]byte, error) {
	j := rowJSON{Scenario: r.Scenario, Terms: r.Terms, MinDSCR: floatPtr(r.MinDSCR), Breach: r.Breach, Default: r.Default,
		LenderLoss: r.LenderLoss.String(), Retained: r.Retained.String()}
	if r.Err != nil {
		msg := r.Err.Error()
		j.Err = &msg
	}
	for _, p := range r.Parties {
		j.Parties = append(j.Parties, partyJSON{Party: p.Party, Contributed: p.Contributed.String(), Distributed: p.Distributed.String(),
			Net: p.Net.String(), XIRR: floatPtr(p.XIRR), IRR: floatPtr(p.IRR), MOIC: p.MOIC.String(),
			Payback: dateText(p.Payback), First: dateText(p.First)})
	}
	return json.Marshal(j)
}

// UnmarshalJSON reads a row written by [Row.MarshalJSON]. An error comes
// back as an error with the same message (it no longer matches the
// package's sentinels).
func (r *Row) UnmarshalJSON(b []byte) error {
	var j rowJSON
	if err := json.Unmarshal(b, &j); err != nil {
		return err
	}
	out := Row{Scenario: j.Scenario, Terms: j.Terms}
	if j.Err != nil {
		out.Err = errors.New(*j.Err)
	}
	var errs []error
	dec := func(s string) decimal.Decimal {
		if s == "" {
			return decimal.Zero
		}
		d, err := decimal.NewFromString(s)
		errs = append(errs, err)
		return d
	}
	date := func(s string) time.Time {
		if s == "" {
			return time.Time{}
		}
		t, err := time.Parse(dateLayout, s)
		errs = append(errs, err)
		return t
	}
	out.MinDSCR, out.Breach, out.Default = ptrFloat(j.MinDSCR), j.Breach, j.Default
	out.LenderLoss, out.Retained = dec(j.LenderLoss), dec(j.Retained)
	for _, p := range j.Parties {
		out.Parties = append(out.Parties, PartyOutcome{Party: p.Party, Contributed: dec(p.Contributed), Distributed: dec(p.Distributed),
			Net: dec(p.Net), XIRR: ptrFloat(p.XIRR), IRR: ptrFloat(p.IRR), MOIC: dec(p.MOIC), Payback: date(p.Payback), First: date(p.First)})
	}
	if err := errors.Join(errs...); err != nil {
		return err
	}
	*r = out
	return nil
}
