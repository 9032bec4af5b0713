package openaijv

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"reflect"
	"slices"
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

// maxItems bounds a list of the inputs.
const maxItems = 1000

// Inputs are the terms and assumptions of the JV. Money is in the deal's
// currency, rates and shares are fractions (0.08 means 8%), and every
// decimal is a JSON string, never a JSON number. Notes gives the source
// or the reasoning of every other field, by its path; a field without a
// note is an error.
type Inputs struct {
	Deal               string            `json:"deal"`                // name in reports
	Currency           string            `json:"currency"`            // ISO 4217
	Closing            day               `json:"closing"`             // equity and debt fund on this date (YYYY-MM-DD)
	Years              int               `json:"years"`               // the JV runs this many years after closing, then the facility is sold
	ConstructionMonths int               `json:"construction_months"` // months from closing to commercial operation (COD): no revenue, interest capitalised
	Founders           Founders          `json:"founders"`
	PE                 PE                `json:"pe"`
	Capex              Capex             `json:"capex"`
	Debt               Debt              `json:"debt"`
	Facility           Facility          `json:"facility"`
	Energy             Energy            `json:"energy"`
	Compute            Compute           `json:"compute"`
	Market             Market            `json:"market"`
	GPUs               GPUs              `json:"gpus"`
	Stress             Stress            `json:"stress"`
	GoalSeek           Seek              `json:"goal_seek"`
	MonteCarlo         MonteCarloInputs  `json:"monte_carlo"`
	Notes              map[string]string `json:"notes"` // field path → source or reasoning
}

// Founders are the tech company's terms.
type Founders struct {
	Equity       decimal.Decimal `json:"equity"`        // paid in at closing
	DiscountRate decimal.Decimal `json:"discount_rate"` // annual, for the counterfactual's present values
}

// PE are the private-equity partner's terms. Its equity is what the
// uses at closing need beyond the Founders' equity and the loan.
type PE struct {
	PrefRate      decimal.Decimal `json:"pref_rate"`       // annual, compounding yearly on ACT/365F, on PE's unreturned capital
	CatchUpTarget decimal.Decimal `json:"catch_up_target"` // PE's share of all profit once caught up
	CatchUpRate   decimal.Decimal `json:"catch_up_rate"`   // PE's share of each catch-up dollar; 1 = full catch-up
	Promote       decimal.Decimal `json:"promote"`         // PE's promote in the final split; the rest goes to both by capital
}

// Capex is the cost of the build, paid at closing, per MW of IT capacity.
type Capex struct {
	FacilityPerMW decimal.Decimal `json:"facility_per_mw"` // shell, power and cooling
	GPUsPerMW     decimal.Decimal `json:"gpus_per_mw"`     // accelerators, servers and network
}

// Debt is the senior loan, drawn at closing and sized to a target DSCR.
type Debt struct {
	Rate                   decimal.Decimal `json:"rate"`                     // fixed; monthly interest = balance × rate / 12
	TargetDSCR             decimal.Decimal `json:"target_dscr"`              // sizing: contracted minimum cash flow / first amortising month's service
	GPUAmortizeMonths      int             `json:"gpu_amortize_months"`      // the GPU tranche's straight-line amortisation from COD
	FacilityAmortizeMonths int             `json:"facility_amortize_months"` // the facility tranche's straight-line profile from COD; a balloon at the end
	MaxLoanToCost          decimal.Decimal `json:"max_loan_to_cost"`         // the loan is at most this share of the capex
	UpfrontFee             decimal.Decimal `json:"upfront_fee"`              // fraction of the loan, paid from the draw
	DefaultMargin          decimal.Decimal `json:"default_margin"`           // annual, over the rate, on arrears
	MinDSCR                decimal.Decimal `json:"min_dscr"`                 // below it, cash to equity is trapped
	CureMonths             int             `json:"cure_months"`              // passing months in a row that release the trap
	DSRAMonths             int             `json:"dsra_months"`              // months of scheduled service held in reserve
	DefaultGraceMonths     int             `json:"default_grace_months"`     // a payment default uncured this long is an event of default
	FireSaleDiscount       decimal.Decimal `json:"fire_sale_discount"`       // the enforcement sale's discount to the exit value
}

// Facility is the data centre.
type Facility struct {
	CapacityMW     decimal.Decimal `json:"capacity_mw"`      // IT capacity
	PUE            decimal.Decimal `json:"pue"`              // grid MW = IT MW used × PUE
	OpexPerMWYear  decimal.Decimal `json:"opex_per_mw_year"` // from COD, first year
	OpexEscalation decimal.Decimal `json:"opex_escalation"`  // a year
	CapRate        decimal.Decimal `json:"cap_rate"`         // exit yield on trailing net operating cash flow, fresh GPUs
	GPUAgePremium  decimal.Decimal `json:"gpu_age_premium"`  // added to the yield × GPU age / life
	SalvagePerMW   decimal.Decimal `json:"salvage_per_mw"`   // floor on the exit value
}

// Energy is the electricity the JV buys.
type Energy struct {
	PricePerMWh decimal.Decimal `json:"price_per_mwh"`
	PassThrough decimal.Decimal `json:"pass_through"` // share billed on to the Founders; 0: the JV bears it all
}

// Compute is the take-or-pay compute contract the Founders sign with the
// JV, from COD for ContractMonths.
type Compute struct {
	PricePerMWMonth decimal.Decimal `json:"price_per_mw_month"` // first contract year
	Escalation      decimal.Decimal `json:"escalation"`         // a contract year
	MinimumShare    decimal.Decimal `json:"minimum_share"`      // minimum = capacity × this, every month
	ShortfallShare  decimal.Decimal `json:"shortfall_share"`    // share of the price paid per MW-month not taken
	MakeUpMonths    int             `json:"make_up_months"`     // paid shortfall is a credit usable this many months
	Utilisation     decimal.Decimal `json:"utilisation"`        // share of capacity the Founders use
	ContractMonths  int             `json:"contract_months"`    // the contract's term from COD
}

// Market is what the JV earns after the contract: capacity sold at the
// market price.
type Market struct {
	Utilisation decimal.Decimal   `json:"utilisation"` // share of capacity sold
	PricePath   []decimal.Decimal `json:"price_path"`  // per MW-month, in each year after COD
}

// GPUs are the accelerators: bought at closing, refreshed at the end of
// their life.
type GPUs struct {
	LifeMonths        int             `json:"life_months"`         // from COD; the refresh comes at its end
	RefreshShare      decimal.Decimal `json:"refresh_share"`       // refresh cost / first cost
	RefreshLifeMonths int             `json:"refresh_life_months"` // life of the refresh
}

// Stress are the scenarios' shocks.
type Stress struct {
	EnergyPath          []decimal.Decimal `json:"energy_path"`          // multipliers of the power price by calendar month, January to December, from COD
	MarketPath          []decimal.Decimal `json:"market_path"`          // the market scenario's price per MW-month by year after COD
	DelayMonths         int               `json:"delay_months"`         // interconnection delay
	StrandedUtilisation decimal.Decimal   `json:"stranded_utilisation"` // after the contract
	StrandedPriceShare  decimal.Decimal   `json:"stranded_price_share"` // of the market price path, after the contract
	ScaleMW             decimal.Decimal   `json:"scale_mw"`             // capacity of the scale scenario
}

// Seek are the goal seeks: the compute price at which PE reaches
// TargetIRR, and at which the base case's lowest DSCR reaches MinDSCR.
type Seek struct {
	TargetIRR decimal.Decimal `json:"target_irr"`
	MinDSCR   decimal.Decimal `json:"min_dscr"`
	PriceLo   decimal.Decimal `json:"price_lo"` // the range searched, per MW-month
	PriceHi   decimal.Decimal `json:"price_hi"`
}

// MonteCarloInputs are the Monte Carlo's seed and number of draws.
type MonteCarloInputs struct {
	Seed    int `json:"seed"`
	Samples int `json:"samples"`
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
	case reflect.Slice:
		items, ok := raw.([]any)
		if !ok {
			return bad("an array")
		}
		if len(items) > maxItems {
			return contract.Field(path, fmt.Errorf("%d items, want at most %d: %w", len(items), maxItems, contract.ErrRange))
		}
		s := reflect.MakeSlice(v.Type(), len(items), len(items))
		var errs []error
		for i, it := range items {
			errs = append(errs, assign(s.Index(i), it, fmt.Sprintf("%s[%d]", path, i)))
		}
		v.Set(s)
		return errors.Join(errs...)
	case reflect.Map:
		m, ok := raw.(map[string]any)
		if !ok {
			return bad("an object")
		}
		out := reflect.MakeMapWithSize(v.Type(), len(m))
		var errs []error
		for _, k := range slices.Sorted(maps.Keys(m)) {
			it := m[k]
			e := reflect.New(v.Type().Elem()).Elem()
			errs = append(errs, assign(e, it, join(path, k)))
			out.SetMapIndex(reflect.ValueOf(k), e)
		}
		v.Set(out)
		return errors.Join(errs...)
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
	below1 := func(path string, d decimal.Decimal) {
		if d.Sign() <= 0 || !d.LessThan(one) {
			add(path, fmt.Errorf("%s, want between 0 and 1: %w", d, contract.ErrRange))
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
	if err := contract.CheckCurrency(in.Currency); err != nil {
		add("currency", err)
	}
	if in.Closing.IsZero() {
		add("closing", contract.ErrRequired)
	}
	months("years", in.Years, 2, 40)
	total := 12 * in.Years
	months("construction_months", in.ConstructionMonths, 0, total-13)
	positive("founders.equity", in.Founders.Equity)
	cents("founders.equity", in.Founders.Equity)
	share("founders.discount_rate", in.Founders.DiscountRate)
	notNegative("pe.pref_rate", in.PE.PrefRate)
	below1("pe.catch_up_target", in.PE.CatchUpTarget)
	if r := in.PE.CatchUpRate; !r.GreaterThan(in.PE.CatchUpTarget) || r.GreaterThan(one) {
		add("pe.catch_up_rate", fmt.Errorf("%s, want above the target and at most 1: %w", r, contract.ErrRange))
	}
	below1("pe.promote", in.PE.Promote)
	for _, x := range []struct {
		path string
		d    decimal.Decimal
	}{{"capex.facility_per_mw", in.Capex.FacilityPerMW}, {"capex.gpus_per_mw", in.Capex.GPUsPerMW},
		{"facility.opex_per_mw_year", in.Facility.OpexPerMWYear}, {"facility.salvage_per_mw", in.Facility.SalvagePerMW}} {
		notNegative(x.path, x.d)
		cents(x.path, x.d)
	}
	share("debt.rate", in.Debt.Rate)
	if in.Debt.TargetDSCR.LessThan(one) {
		add("debt.target_dscr", fmt.Errorf("%s, want at least 1: %w", in.Debt.TargetDSCR, contract.ErrRange))
	}
	months("debt.gpu_amortize_months", in.Debt.GPUAmortizeMonths, 1, in.GPUs.LifeMonths)
	months("debt.facility_amortize_months", in.Debt.FacilityAmortizeMonths, 1, 12*100)
	share("debt.max_loan_to_cost", in.Debt.MaxLoanToCost)
	share("debt.upfront_fee", in.Debt.UpfrontFee)
	share("debt.default_margin", in.Debt.DefaultMargin)
	notNegative("debt.min_dscr", in.Debt.MinDSCR)
	months("debt.cure_months", in.Debt.CureMonths, 0, total)
	months("debt.dsra_months", in.Debt.DSRAMonths, 1, 24)
	months("debt.default_grace_months", in.Debt.DefaultGraceMonths, 1, total)
	share("debt.fire_sale_discount", in.Debt.FireSaleDiscount)
	positive("facility.capacity_mw", in.Facility.CapacityMW)
	if in.Facility.PUE.LessThan(one) {
		add("facility.pue", fmt.Errorf("%s, want at least 1: %w", in.Facility.PUE, contract.ErrRange))
	}
	notNegative("facility.opex_escalation", in.Facility.OpexEscalation)
	positive("facility.cap_rate", in.Facility.CapRate)
	notNegative("facility.gpu_age_premium", in.Facility.GPUAgePremium)
	notNegative("energy.price_per_mwh", in.Energy.PricePerMWh)
	share("energy.pass_through", in.Energy.PassThrough)
	positive("compute.price_per_mw_month", in.Compute.PricePerMWMonth)
	if in.Compute.Escalation.LessThanOrEqual(one.Neg()) {
		add("compute.escalation", fmt.Errorf("%s, want above -1: %w", in.Compute.Escalation, contract.ErrRange))
	}
	share("compute.minimum_share", in.Compute.MinimumShare)
	share("compute.shortfall_share", in.Compute.ShortfallShare)
	months("compute.make_up_months", in.Compute.MakeUpMonths, 0, total)
	share("compute.utilisation", in.Compute.Utilisation)
	months("compute.contract_months", in.Compute.ContractMonths, 1, total)
	share("market.utilisation", in.Market.Utilisation)
	path := func(p string, xs []decimal.Decimal, n int) {
		if len(xs) < n {
			add(p, fmt.Errorf("%d values, want at least %d: %w", len(xs), n, contract.ErrRange))
		}
		for i, x := range xs {
			if x.Sign() <= 0 {
				add(fmt.Sprintf("%s[%d]", p, i), fmt.Errorf("%s, want more than 0: %w", x, contract.ErrRange))
			}
		}
	}
	path("market.price_path", in.Market.PricePath, in.Years)
	months("gpus.life_months", in.GPUs.LifeMonths, 1, total)
	positive("gpus.refresh_share", in.GPUs.RefreshShare)
	months("gpus.refresh_life_months", in.GPUs.RefreshLifeMonths, 1, 12*100)
	path("stress.energy_path", in.Stress.EnergyPath, 12)
	path("stress.market_path", in.Stress.MarketPath, in.Years)
	months("stress.delay_months", in.Stress.DelayMonths, 0, total-in.ConstructionMonths-13)
	share("stress.stranded_utilisation", in.Stress.StrandedUtilisation)
	share("stress.stranded_price_share", in.Stress.StrandedPriceShare)
	positive("stress.scale_mw", in.Stress.ScaleMW)
	positive("goal_seek.target_irr", in.GoalSeek.TargetIRR)
	positive("goal_seek.min_dscr", in.GoalSeek.MinDSCR)
	if !in.GoalSeek.PriceLo.LessThan(in.GoalSeek.PriceHi) || in.GoalSeek.PriceLo.Sign() < 0 {
		add("goal_seek.price_hi", fmt.Errorf("range [%s, %s] is empty or negative: %w", in.GoalSeek.PriceLo, in.GoalSeek.PriceHi, contract.ErrRange))
	}
	months("monte_carlo.samples", in.MonteCarlo.Samples, 1, 100_000)
	if in.MonteCarlo.Seed < 0 {
		add("monte_carlo.seed", contract.ErrNegative)
	}
	want := fieldPaths(reflect.TypeFor[Inputs](), "")
	for _, p := range want {
		if strings.TrimSpace(in.Notes[p]) == "" {
			add("notes."+p, fmt.Errorf("every assumption needs its source or reasoning: %w", contract.ErrRequired))
		}
	}
	for _, k := range slices.Sorted(maps.Keys(in.Notes)) {
		if !slices.Contains(want, k) {
			add("notes."+k, fmt.Errorf("a note for no field: %w", contract.ErrInvalid))
		}
	}
	return errors.Join(errs...)
}

// fieldPaths lists the paths of the leaf fields of t: "pe.pref_rate".
func fieldPaths(t reflect.Type, prefix string) []string {
	var out []string
	for i := range t.NumField() {
		name, _, _ := strings.Cut(t.Field(i).Tag.Get("json"), ",")
		ft := t.Field(i).Type
		if ft.Kind() == reflect.Struct && ft != decimalType && ft != dayType {
			out = append(out, fieldPaths(ft, join(prefix, name))...)
			continue
		}
		out = append(out, join(prefix, name))
	}
	return out
}
