package openaijv

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"reflect"
	"sort"
	"strings"
	"time"

	"github.com/jvwaterfall/jvwaterfall/contract"
	"github.com/shopspring/decimal"
)

// defaultInputs is inputs.json: every number the program uses, in one
// editable place. -inputs FILE replaces it.
//
//go:embed inputs.json
var defaultInputs []byte

// maxInputBytes bounds an inputs file, so a huge file is refused before
// any work.
const maxInputBytes = 1 << 20

// maxDecimalChars bounds a decimal's text: "1e999999999" and
// thousand-digit numbers are refused.
const maxDecimalChars = 40

// Inputs are the illustrative terms of the JV. Money is in the deal's
// currency, rates and shares are fractions (0.08 means 8%), and every
// decimal is a JSON string, never a JSON number.
type Inputs struct {
	Deal               string   `json:"deal"`                // name in reports
	Currency           string   `json:"currency"`            // ISO 4217
	Closing            day      `json:"closing"`             // equity and debt fund on this date (YYYY-MM-DD)
	Years              int      `json:"years"`               // the JV runs this many years after closing, then the facility is sold
	ConstructionMonths int      `json:"construction_months"` // months from closing to commercial operation (COD): no revenue, debt interest capitalised
	Founders           Founders `json:"founders"`
	PE                 PE       `json:"pe"`
	Debt               Debt     `json:"debt"`
	Facility           Facility `json:"facility"`
	Energy             Energy   `json:"energy"`
	Compute            Compute  `json:"compute"`
	GPUs               GPUs     `json:"gpus"`
	Stress             Stress   `json:"stress"`
	GoalSeek           Seek     `json:"goal_seek"`
}

// Founders are the tech company's terms.
type Founders struct {
	Equity decimal.Decimal `json:"equity"` // equity committed and paid in at closing
}

// PE are the private-equity partner's terms: its equity, a preferred
// return on it paid before anything else to equity, a catch-up and a
// promote.
type PE struct {
	Equity        decimal.Decimal `json:"equity"`          // paid in at closing
	PrefRate      decimal.Decimal `json:"pref_rate"`       // annual, compounding yearly on ACT/365F, on PE's unreturned capital
	CatchUpTarget decimal.Decimal `json:"catch_up_target"` // PE's share of all profit once caught up
	CatchUpRate   decimal.Decimal `json:"catch_up_rate"`   // PE's share of each catch-up dollar; 1 = full catch-up
	Promote       decimal.Decimal `json:"promote"`         // PE's promote in the final split; the rest goes to both by commitment
}

// Debt is the senior loan, funded at closing.
type Debt struct {
	Amount             decimal.Decimal `json:"amount"`
	Rate               decimal.Decimal `json:"rate"`                 // fixed, simple on 30/360: monthly interest = balance × rate / 12
	InterestOnlyMonths int             `json:"interest_only_months"` // after COD, before amortization starts
	AmortizeMonths     int             `json:"amortize_months"`      // level-payment profile; the balance left at the end is a balloon
	UpfrontFee         decimal.Decimal `json:"upfront_fee"`          // fraction of the amount, paid from the draw at closing
	MinDSCR            decimal.Decimal `json:"min_dscr"`             // below it, cash to equity is trapped
	CureMonths         int             `json:"cure_months"`          // passing months in a row that release the trap
}

// Facility is the data center.
type Facility struct {
	CapacityMW     decimal.Decimal `json:"capacity_mw"`     // IT capacity sold under the compute contract
	PUE            decimal.Decimal `json:"pue"`             // power usage effectiveness: grid MW = IT MW used × PUE
	OpexPerYear    decimal.Decimal `json:"opex_per_year"`   // from COD, first year
	OpexEscalation decimal.Decimal `json:"opex_escalation"` // a year
	ExitValue      decimal.Decimal `json:"exit_value"`      // sale of the facility at the end, before repaying the debt
}

// Energy is the electricity the JV buys.
type Energy struct {
	PricePerMWh decimal.Decimal `json:"price_per_mwh"`
	PassThrough decimal.Decimal `json:"pass_through"` // share billed on to the Founders; 0: the JV bears it all
}

// Compute is the take-or-pay compute contract the Founders sign with the
// JV, from COD to the end.
type Compute struct {
	PricePerMWMonth decimal.Decimal `json:"price_per_mw_month"` // first contract year
	Escalation      decimal.Decimal `json:"escalation"`         // a contract year
	MinimumShare    decimal.Decimal `json:"minimum_share"`      // minimum = capacity × this, every month
	ShortfallShare  decimal.Decimal `json:"shortfall_share"`    // share of the price paid per MW-month not taken; 1 bills the minimum in full
	MakeUpMonths    int             `json:"make_up_months"`     // paid shortfall is a credit usable this many months
	Utilisation     decimal.Decimal `json:"utilisation"`        // share of capacity the Founders use in the base case
}

// GPUs are the facility's accelerators: part of the capex paid at
// closing, with a refresh risk.
type GPUs struct {
	Cost              decimal.Decimal `json:"cost"`                // of the capex at closing; depreciated from COD
	LifeMonths        int             `json:"life_months"`         // useful life in the base case
	RefreshCost       decimal.Decimal `json:"refresh_cost"`        // a new generation, called from the partners if they go obsolete
	RefreshLifeMonths int             `json:"refresh_life_months"` // useful life of the refresh
}

// Stress are the scenarios' shocks.
type Stress struct {
	EnergyMultiplier     decimal.Decimal `json:"energy_multiplier"`      // energy price × this ...
	EnergyFromMonth      int             `json:"energy_from_month"`      // ... from this month after closing (13 = year 2)
	Utilisation          decimal.Decimal `json:"utilisation"`            // the Founders use this share of capacity ...
	UtilisationFromMonth int             `json:"utilisation_from_month"` // ... from this month after closing
	ObsoleteAfterMonths  int             `json:"obsolete_after_months"`  // the GPUs are obsolete this many months after COD
}

// Seek are the goal seeks of the summary: the compute price at which the
// Founders reach TargetIRR in the base case, and at which they are paid
// by the end of year PaidByYear when everything goes wrong.
type Seek struct {
	TargetIRR  decimal.Decimal `json:"target_irr"`
	PaidByYear int             `json:"paid_by_year"`
	PriceLo    decimal.Decimal `json:"price_lo"` // the range searched, per MW-month
	PriceHi    decimal.Decimal `json:"price_hi"`
}

// day is a date written "YYYY-MM-DD".
type day struct{ time.Time }

// loadInputs reads FILE, or the embedded inputs when path is empty.
func loadInputs(path string, open func(string) (io.ReadCloser, error)) (Inputs, error) {
	data := defaultInputs
	if path != "" {
		f, err := open(path)
		if err != nil {
			return Inputs{}, err
		}
		defer f.Close()
		data, err = io.ReadAll(io.LimitReader(f, maxInputBytes+1))
		if err != nil {
			return Inputs{}, err
		}
	}
	in, err := decodeInputs(data)
	if err != nil {
		if path == "" {
			path = "inputs.json"
		}
		return Inputs{}, fmt.Errorf("%s: %w", path, err)
	}
	return in, nil
}

// decodeInputs decodes and validates inputs strictly: unknown or missing
// fields, decimals given as JSON numbers, exponents, wrong types and
// trailing data are errors naming the field, e.g. "pe.pref_rate: ...". It
// reports every problem, joined.
func decodeInputs(data []byte) (Inputs, error) {
	if len(data) > maxInputBytes {
		return Inputs{}, fmt.Errorf("more than %d bytes: %w", maxInputBytes, contract.ErrRange)
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var raw any
	if err := dec.Decode(&raw); err != nil {
		return Inputs{}, fmt.Errorf("%v: %w", err, contract.ErrInvalid)
	}
	if _, err := dec.Token(); err != io.EOF {
		return Inputs{}, fmt.Errorf("data after the inputs object: %w", contract.ErrInvalid)
	}
	var in Inputs
	if err := assign(reflect.ValueOf(&in).Elem(), raw, ""); err != nil {
		return Inputs{}, err
	}
	if err := in.Validate(); err != nil {
		return Inputs{}, err
	}
	return in, nil
}

var (
	decimalType = reflect.TypeFor[decimal.Decimal]()
	dayType     = reflect.TypeFor[day]()
)

func join(path, name string) string {
	if path == "" {
		return name
	}
	return path + "." + name
}

func jsonKind(raw any) string {
	switch raw.(type) {
	case nil:
		return "null"
	case string:
		return "a string"
	case json.Number:
		return "a number"
	case bool:
		return "a boolean"
	case []any:
		return "an array"
	}
	return "an object"
}

// assign sets v from the decoded JSON value raw, walking structs by their
// json tags, and returns every problem with its path.
func assign(v reflect.Value, raw any, path string) error {
	bad := func(want string) error {
		return contract.Field(path, fmt.Errorf("want %s, got %s: %w", want, jsonKind(raw), contract.ErrInvalid))
	}
	switch v.Type() {
	case decimalType:
		s, ok := raw.(string)
		if !ok {
			return bad("a decimal as a JSON string, e.g. \"0.08\"")
		}
		d, err := parseDecimal(s)
		if err != nil {
			return contract.Field(path, err)
		}
		v.Set(reflect.ValueOf(d))
		return nil
	case dayType:
		s, ok := raw.(string)
		if !ok {
			return bad("a date \"YYYY-MM-DD\"")
		}
		t, err := time.Parse(time.DateOnly, s)
		if err != nil {
			return contract.Field(path, fmt.Errorf("%q is not a date YYYY-MM-DD: %w", s, contract.ErrInvalid))
		}
		v.Set(reflect.ValueOf(day{t}))
		return nil
	}
	switch v.Kind() {
	case reflect.String:
		s, ok := raw.(string)
		if !ok {
			return bad("a string")
		}
		v.SetString(s)
	case reflect.Int:
		n, ok := raw.(json.Number)
		if !ok {
			return bad("a whole number")
		}
		i, err := n.Int64()
		if err != nil || i < -1<<31 || i > 1<<31-1 {
			return contract.Field(path, fmt.Errorf("%s is not a whole number of a sensible size: %w", n, contract.ErrRange))
		}
		v.SetInt(i)
	case reflect.Struct:
		m, ok := raw.(map[string]any)
		if !ok {
			return bad("an object")
		}
		known := map[string]int{}
		t := v.Type()
		for i := range t.NumField() {
			name, _, _ := strings.Cut(t.Field(i).Tag.Get("json"), ",")
			known[name] = i
		}
		keys := make([]string, 0, len(m))
		for k := range m {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		var errs []error
		for i := range t.NumField() {
			name, _, _ := strings.Cut(t.Field(i).Tag.Get("json"), ",")
			if _, ok := m[name]; !ok {
				errs = append(errs, contract.Field(join(path, name), contract.ErrRequired))
			}
		}
		for _, k := range keys {
			i, ok := known[k]
			if !ok {
				errs = append(errs, contract.Field(join(path, k), fmt.Errorf("unknown field: %w", contract.ErrInvalid)))
				continue
			}
			errs = append(errs, assign(v.Field(i), m[k], join(path, k)))
		}
		return errors.Join(errs...)
	default:
		return contract.Field(path, fmt.Errorf("unsupported field type %s: %w", v.Type(), contract.ErrInvalid))
	}
	return nil
}

// parseDecimal accepts plain decimals only: an optional minus sign,
// digits and at most one point; no exponent, at most maxDecimalChars.
func parseDecimal(s string) (decimal.Decimal, error) {
	body := strings.TrimPrefix(s, "-")
	intPart, frac, _ := strings.Cut(body, ".")
	digits := func(x string) bool { return strings.Trim(x, "0123456789") == "" }
	if len(s) > maxDecimalChars || body == "" || intPart == "" || !digits(intPart) || !digits(frac) || strings.HasSuffix(body, ".") {
		return decimal.Zero, fmt.Errorf("%q is not a plain decimal of at most %d characters: %w", s, maxDecimalChars, contract.ErrInvalid)
	}
	return decimal.NewFromString(s)
}

// Validate reports every problem with the inputs, each naming its field.
func (in Inputs) Validate() error {
	var errs []error
	add := func(path string, err error) { errs = append(errs, contract.Field(path, err)) }
	zero, one := decimal.Zero, decimal.NewFromInt(1)
	positive := func(path string, d decimal.Decimal) {
		if d.Sign() <= 0 {
			add(path, fmt.Errorf("%s, want more than 0: %w", d, contract.ErrRange))
		}
	}
	notNegative := func(path string, d decimal.Decimal) {
		if d.Sign() < 0 {
			add(path, contract.ErrNegative)
		}
	}
	share := func(path string, d decimal.Decimal) {
		if d.LessThan(zero) || d.GreaterThan(one) {
			add(path, fmt.Errorf("%s, want 0 to 1: %w", d, contract.ErrRange))
		}
	}
	cents := func(path string, d decimal.Decimal) {
		if !d.Equal(d.Round(2)) {
			add(path, fmt.Errorf("%s has more than 2 decimals: %w", d, contract.ErrInvalid))
		}
	}
	months := func(path string, n, lo, hi int) {
		if n < lo || n > hi {
			add(path, fmt.Errorf("%d, want %d to %d: %w", n, lo, hi, contract.ErrRange))
		}
	}
	if in.Deal == "" {
		add("deal", contract.ErrRequired)
	}
	if len(in.Currency) != 3 {
		add("currency", fmt.Errorf("%q, want a 3-letter ISO 4217 code: %w", in.Currency, contract.ErrInvalid))
	}
	if in.Closing.IsZero() {
		add("closing", contract.ErrRequired)
	}
	months("years", in.Years, 1, 40)
	total := 12 * in.Years
	months("construction_months", in.ConstructionMonths, 0, total-1)
	for _, x := range []struct {
		path string
		d    decimal.Decimal
	}{{"founders.equity", in.Founders.Equity}, {"pe.equity", in.PE.Equity}, {"debt.amount", in.Debt.Amount}} {
		positive(x.path, x.d)
		cents(x.path, x.d)
	}
	notNegative("pe.pref_rate", in.PE.PrefRate)
	if t := in.PE.CatchUpTarget; t.Sign() <= 0 || !t.LessThan(one) {
		add("pe.catch_up_target", fmt.Errorf("%s, want between 0 and 1: %w", t, contract.ErrRange))
	}
	if r := in.PE.CatchUpRate; !r.GreaterThan(in.PE.CatchUpTarget) || r.GreaterThan(one) {
		add("pe.catch_up_rate", fmt.Errorf("%s, want above the target and at most 1: %w", r, contract.ErrRange))
	}
	if p := in.PE.Promote; p.Sign() <= 0 || !p.LessThan(one) {
		add("pe.promote", fmt.Errorf("%s, want between 0 and 1: %w", p, contract.ErrRange))
	}
	notNegative("debt.rate", in.Debt.Rate)
	months("debt.interest_only_months", in.Debt.InterestOnlyMonths, 0, total)
	months("debt.amortize_months", in.Debt.AmortizeMonths, 1, 12*100)
	share("debt.upfront_fee", in.Debt.UpfrontFee)
	notNegative("debt.min_dscr", in.Debt.MinDSCR)
	months("debt.cure_months", in.Debt.CureMonths, 0, total)
	positive("facility.capacity_mw", in.Facility.CapacityMW)
	if in.Facility.PUE.LessThan(one) {
		add("facility.pue", fmt.Errorf("%s, want at least 1: %w", in.Facility.PUE, contract.ErrRange))
	}
	notNegative("facility.opex_per_year", in.Facility.OpexPerYear)
	notNegative("facility.opex_escalation", in.Facility.OpexEscalation)
	notNegative("facility.exit_value", in.Facility.ExitValue)
	cents("facility.exit_value", in.Facility.ExitValue)
	notNegative("energy.price_per_mwh", in.Energy.PricePerMWh)
	share("energy.pass_through", in.Energy.PassThrough)
	notNegative("compute.price_per_mw_month", in.Compute.PricePerMWMonth)
	if in.Compute.Escalation.LessThanOrEqual(one.Neg()) {
		add("compute.escalation", fmt.Errorf("%s, want above -1: %w", in.Compute.Escalation, contract.ErrRange))
	}
	share("compute.minimum_share", in.Compute.MinimumShare)
	share("compute.shortfall_share", in.Compute.ShortfallShare)
	months("compute.make_up_months", in.Compute.MakeUpMonths, 0, total)
	share("compute.utilisation", in.Compute.Utilisation)
	notNegative("gpus.cost", in.GPUs.Cost)
	months("gpus.life_months", in.GPUs.LifeMonths, 1, 12*100)
	positive("gpus.refresh_cost", in.GPUs.RefreshCost)
	cents("gpus.refresh_cost", in.GPUs.RefreshCost)
	months("gpus.refresh_life_months", in.GPUs.RefreshLifeMonths, 1, 12*100)
	notNegative("stress.energy_multiplier", in.Stress.EnergyMultiplier)
	months("stress.energy_from_month", in.Stress.EnergyFromMonth, 1, total)
	share("stress.utilisation", in.Stress.Utilisation)
	months("stress.utilisation_from_month", in.Stress.UtilisationFromMonth, 1, total)
	months("stress.obsolete_after_months", in.Stress.ObsoleteAfterMonths, 1, total-in.ConstructionMonths-1)
	months("goal_seek.paid_by_year", in.GoalSeek.PaidByYear, 1, in.Years)
	if !in.GoalSeek.PriceLo.LessThan(in.GoalSeek.PriceHi) || in.GoalSeek.PriceLo.Sign() < 0 {
		add("goal_seek.price_hi", fmt.Errorf("range [%s, %s] is empty or negative: %w", in.GoalSeek.PriceLo, in.GoalSeek.PriceHi, contract.ErrRange))
	}
	return errors.Join(errs...)
}
