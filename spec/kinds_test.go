package spec

import (
	"fmt"
	"strings"
	"testing"

	"github.com/jvwaterfall/jvwaterfall/waterfall"

	"github.com/google/go-cmp/cmp"
	"github.com/jvwaterfall/jvwaterfall/contract"
	"github.com/jvwaterfall/jvwaterfall/source"
	"github.com/jvwaterfall/jvwaterfall/tranche"
	"github.com/stretchr/testify/require"
)

// specFull is a valid deal that uses every tranche and source kind added
// after the core ones, except cap_table (which takes all cash: see
// specVenture) and the fund terms (specFund).
const specFull = `{
  "name": "Capital stack",
  "currency": "USD",
  "scale": 2,
  "parties": [
    {"id": "LP", "commitment": "900000.00"},
    {"id": "GP", "role": "sponsor", "commitment": "100000.00"},
    {"id": "PE"},
    {"id": "Bank", "role": "lender"},
    {"id": "Vendor", "role": "other"}
  ],
  "schedule": {"start": "2024-12-31", "end": "2029-12-31", "frequency": "annual"},
  "contributions": [{"date": "2025-12-31", "party": "PE", "amount": "200000.00"}],
  "calls": [{"date": "2025-12-31", "amount": "1000000.00", "parties": ["LP", "GP"]}],
  "proceeds": [{"date": "2029-12-31", "amount": "3000000.00"}],
  "sources": [
    {"kind": "loan_funding", "name": "senior draws", "loan": "senior"},
    {"kind": "take_or_pay_income", "name": "offtake", "terms": {"buyer": "Utility", "seller": "JV", "start": "2024-12-31", "end": "2029-12-31",
      "minimum": "1000", "price": "100", "escalation": {"rate": "0.02"}, "shortfall_share": "0.75", "make_up": {"window": 2}},
      "usage": ["800", "1000", "1200", "1000", "950"]},
    {"kind": "energy_cost", "name": "power", "terms": {"load": ["0.5"], "price": ["60", "62", "65", "65", "70"], "pass_through": "0.25"}},
    {"kind": "opex_cost", "name": "O&M", "terms": {"annual": "20000.00", "start": "2024-12-31", "escalation": {"rate": "0.03"}}},
    {"kind": "capex_refresh", "name": "refresh", "terms": {"asset": {"cost": "500000.00", "in_service": "2024-12-31", "life": 60},
      "obsolescence": {"date": "2027-12-31", "refresh": "100000.00", "life": 36}},
      "funding": {"commitments": [{"party": "LP", "amount": "900000.00"}, {"party": "GP", "amount": "100000.00"}]}}
  ],
  "stack": {
    "kind": "sequence",
    "tranches": [
      {"kind": "take_or_pay", "id": "gas", "seller": "Vendor", "terms": {"buyer": "JV", "seller": "Vendor", "start": "2024-12-31", "end": "2029-12-31",
        "minimum": "100", "price": "50", "shortfall_share": "1"}, "usage": ["100", "100", "80", "100", "100"]},
      {"kind": "debt", "id": "senior", "lender": "Bank", "loan": {"commitment": "600000.00", "draws": [{"date": "2025-06-30", "amount": "600000.00"}],
        "rate": {"annual": "0", "compounding": "simple", "day_count": "ACT/360"},
        "floating": {"index": [{"date": "2024-12-31", "rate": "0.05"}], "spread": "0.03", "floor": "0.01"},
        "amortization": "straight-line", "interest_only": 1, "upfront_fee": "0.01"}},
      {"kind": "covenant", "id": "dscr", "loan": "senior", "min_dscr": "1.1", "junior":
        {"kind": "reserve", "id": "dsra", "loans": ["senior"], "periods": 1, "junior":
          {"kind": "sequence", "tranches": [
            {"kind": "preferred_equity", "id": "pref-equity", "parties": ["PE"], "coupon": {"annual": "0.12", "compounding": "annual"},
              "current_pay": "0.06", "redemption": "2029-12-31", "multiple": "1.2"},
            {"kind": "window", "from": "2027-12-31", "tranche": {"kind": "return_of_capital", "id": "capital", "parties": ["LP", "GP"]}},
            {"kind": "preferred_return", "id": "pref", "parties": ["LP", "GP"], "rate": {"annual": "0.08", "compounding": "annual"}, "base": "contributed"},
            {"kind": "hurdle", "id": "tier", "investors": ["LP"], "rate": {"annual": "0.12", "compounding": "annual"}, "multiple": "1.5",
              "shares": [{"parties": ["LP", "GP"], "weight": "0.8"}, {"parties": ["GP"], "weight": "0.2", "promote": true}]},
            {"kind": "split", "id": "carry", "shares": [{"parties": ["LP", "GP"], "weight": "0.7"}, {"parties": ["GP"], "weight": "0.3", "promote": true}]}
          ]}}}
    ]
  }
}`

// specVenture is a venture exit through a cap table.
const specVenture = `{
  "currency": "USD",
  "scale": 2,
  "parties": [{"id": "VC"}, {"id": "Angel"}, {"id": "Founder"}],
  "schedule": {"start": "2024-12-31", "end": "2025-12-31", "frequency": "annual"},
  "proceeds": [{"date": "2025-12-31", "amount": "10000000.00"}],
  "stack": {"kind": "cap_table", "id": "exit",
    "preferred": [{"name": "Series A", "seniority": 1, "multiple": "1", "participating": true, "cap": "3",
      "holders": [{"party": "VC", "shares": "1000000", "invested": "2000000.00"}]},
      {"name": "Seed", "multiple": "1", "holders": [{"party": "Angel", "shares": "500000", "invested": "500000.00"}]}],
    "common": [{"name": "Common", "holders": [{"party": "Founder", "shares": "4000000"}]},
      {"name": "Options", "strike": "0.25", "holders": [{"party": "Founder", "shares": "500000"}]}]}
}`

// specFund is a deal-by-deal fund with fees.
const specFund = `{
  "currency": "USD",
  "scale": 2,
  "parties": [{"id": "LP", "commitment": "900.00"}, {"id": "GP", "role": "sponsor", "commitment": "100.00"}, {"id": "Escrow", "role": "other"}],
  "schedule": {"start": "2024-12-31", "end": "2029-12-31", "frequency": "annual"},
  "stack": {"kind": "sequence", "tranches": [{"kind": "return_of_capital", "id": "fund-capital", "parties": ["LP", "GP"]},
    {"kind": "split", "id": "fund-carry", "shares": [{"parties": ["LP", "GP"], "weight": "0.8"}, {"parties": ["GP"], "weight": "0.2", "promote": true}]}]},
  "fees": {"manager": "GP", "management": {"commitment_rate": "0.02", "periods_per_year": 1}, "parties": ["LP"]},
  "investments": [{"name": "A", "calls": [{"date": "2025-12-31", "amount": "500.00"}], "proceeds": [{"date": "2026-12-31", "amount": "900.00"}],
    "stack": {"kind": "sequence", "tranches": [{"kind": "return_of_capital", "id": "a-capital", "parties": ["LP", "GP"]},
      {"kind": "split", "id": "a-carry", "shares": [{"parties": ["LP", "GP"], "weight": "0.8"}, {"parties": ["GP"], "weight": "0.2", "promote": true}]}]}}],
  "american": {"sponsor": "GP", "investors": ["LP"], "escrow": {"share": "0.3", "account": "Escrow"}, "clawback": {"tax_rate": "0.4"}}
}`

// editOf returns base with each old replaced by new; each old must occur
// once.
func editOf(t *testing.T, base string, pairs ...string) string {
	t.Helper()
	s := base
	for i := 0; i+1 < len(pairs); i += 2 {
		require.Equal(t, 1, strings.Count(s, pairs[i]), "%q must occur once", pairs[i])
		s = strings.Replace(s, pairs[i], pairs[i+1], 1)
	}
	return s
}

func TestDecodeDeal_moreKinds(t *testing.T) {
	for name, src := range map[string]string{"full": specFull, "venture": specVenture, "fund": specFund} {
		t.Run(name, func(t *testing.T) {
			roundTrip(t, []byte(src), true)
		})
	}
}

// TestDecodeDeal_badKinds feeds bad specs of the added kinds, each with
// the one error it must give: its exact JSON path and its sentinel.
func TestDecodeDeal_badKinds(t *testing.T) {
	const seq = "stack.tranches[2].junior.junior.tranches"
	tests := []struct {
		name string
		in   string
		path string
		want error
		also []string // paths of errors that follow from the first
	}{
		// debt and its loan
		{"loan rate as a number", editOf(t, specFull, `"upfront_fee": "0.01"`, `"upfront_fee": 0.01`), "stack.tranches[1].loan.upfront_fee", ErrType, nil},
		{"unknown loan field", editOf(t, specFull, `"interest_only": 1,`, `"interest_only": 1, "interest_free": 1,`), "stack.tranches[1].loan.interest_free", ErrUnknownField, nil},
		{"duplicate loan key", editOf(t, specFull, `"interest_only": 1,`, `"interest_only": 1, "interest_only": 2,`), "stack.tranches[1].loan.interest_only", ErrDuplicateKey, nil},
		{"unknown amortization", editOf(t, specFull, `"straight-line"`, `"straight"`), "stack.tranches[1].loan.amortization", contract.ErrInvalid, nil},
		{"negative interest-only periods", editOf(t, specFull, `"interest_only": 1`, `"interest_only": -1`), "stack.tranches[1].loan.interest_only", contract.ErrRange, nil},
		{"draws above the commitment", editOf(t, specFull, `"amount": "600000.00"}]`, `"amount": "700000.00"}]`), "stack.tranches[1].loan.draws", contract.ErrRange, nil},
		{"draw outside the schedule", editOf(t, specFull, `"date": "2025-06-30", "amount": "600000.00"`, `"date": "2031-06-30", "amount": "600000.00"`), "stack.tranches[1].loan.draws[0].date", contract.ErrRange, nil},
		{"floor above the cap", editOf(t, specFull, `"floor": "0.01"`, `"floor": "0.09", "cap": "0.08"`), "stack.tranches[1].loan.floating.cap", contract.ErrOrder, nil},
		{"fixings out of order", editOf(t, specFull, `"index": [{"date": "2024-12-31", "rate": "0.05"}]`, `"index": [{"date": "2024-12-31", "rate": "0.05"}, {"date": "2024-06-30", "rate": "0.05"}]`), "stack.tranches[1].loan.floating.index[1].date", contract.ErrOrder, nil},
		{"upfront fee above 1", editOf(t, specFull, `"upfront_fee": "0.01"`, `"upfront_fee": "1.5"`), "stack.tranches[1].loan.upfront_fee", contract.ErrRange, nil},
		{"unknown lender", editOf(t, specFull, `"lender": "Bank"`, `"lender": "Bunk"`), "stack.tranches[1].lender", tranche.ErrUnknownParty, nil},
		{"no loan", editOf(t, specFull, `"lender": "Bank", "loan": {`, `"lender": "Bank", "lone": {`), "stack.tranches[1].loan", contract.ErrRequired, []string{"stack.tranches[1].lone"}},
		// covenant and reserve
		{"covenant on an unknown loan", editOf(t, specFull, `"loan": "senior", "min_dscr"`, `"loan": "junior", "min_dscr"`), "stack.tranches[2].loan", contract.ErrInvalid, nil},
		{"negative DSCR", editOf(t, specFull, `"min_dscr": "1.1"`, `"min_dscr": "-1.1"`), "stack.tranches[2].min_dscr", contract.ErrNegative, nil},
		{"LTV without values", editOf(t, specFull, `"min_dscr": "1.1"`, `"max_ltv": "0.6"`), "stack.tranches[2].values", contract.ErrRequired, nil},
		{"unknown covenant action", editOf(t, specFull, `"min_dscr": "1.1"`, `"min_dscr": "1.1", "action": "freeze"`), "stack.tranches[2].action", contract.ErrInvalid, nil},
		{"reserve of an unknown loan", editOf(t, specFull, `"loans": ["senior"]`, `"loans": ["mezz"]`), "stack.tranches[2].junior.loans[0]", contract.ErrInvalid, nil},
		{"reserve loan as a number", editOf(t, specFull, `"loans": ["senior"]`, `"loans": [1]`), "stack.tranches[2].junior.loans[0]", ErrType, nil},
		{"reserve without a target", editOf(t, specFull, `"loans": ["senior"], "periods": 1,`, ``), "stack.tranches[2].junior.periods", contract.ErrRequired, nil},
		{"reserve without junior", editOf(t, specFull, `"periods": 1, "junior":`, `"periods": 1, "junor":`), "stack.tranches[2].junior.junior", contract.ErrRequired, nil},
		// preferred equity, window, pref options, hurdle
		{"current pay above the coupon", editOf(t, specFull, `"current_pay": "0.06"`, `"current_pay": "0.16"`), seq + "[0].current_pay", contract.ErrRange, nil},
		{"no redemption", editOf(t, specFull, `"redemption": "2029-12-31", `, ``), seq + "[0].redemption", contract.ErrRequired, nil},
		{"window closes before it opens", editOf(t, specFull, `"from": "2027-12-31"`, `"from": "2027-12-31", "to": "2026-12-31"`), seq + "[1].to", contract.ErrOrder, nil},
		{"window date as a number", editOf(t, specFull, `"from": "2027-12-31"`, `"from": 2027`), seq + "[1].from", ErrType, nil},
		{"unknown pref base", editOf(t, specFull, `"base": "contributed"`, `"base": "committed"`), seq + "[2].base", contract.ErrInvalid, nil},
		{"unknown pref accrual", editOf(t, specFull, `"base": "contributed"`, `"accrual": "partial"`), seq + "[2].accrual", contract.ErrInvalid, nil},
		{"hurdle without a test", editOf(t, specFull, `"rate": {"annual": "0.12", "compounding": "annual"}, "multiple": "1.5",`, ``), seq + "[3].rate", contract.ErrRequired, nil},
		{"negative hurdle multiple", editOf(t, specFull, `"multiple": "1.5"`, `"multiple": "-1.5"`), seq + "[3].multiple", contract.ErrNegative, nil},
		{"hurdle weights", editOf(t, specFull, `"weight": "0.8"`, `"weight": "0.85"`), seq + "[3].shares", contract.ErrInvalid, nil},
		// take-or-pay obligation
		{"take-or-pay usage too short", editOf(t, specFull, `"usage": ["100", "100", "80", "100", "100"]`, `"usage": ["100"]`), "stack.tranches[0].usage", contract.ErrInvalid, nil},
		{"take-or-pay usage as numbers", editOf(t, specFull, `"usage": ["100", "100", "80", "100", "100"]`, `"usage": [100, 100, 80, 100, 100]`), "stack.tranches[0].usage[0]", ErrType,
			[]string{"stack.tranches[0].usage[1]", "stack.tranches[0].usage[2]", "stack.tranches[0].usage[3]", "stack.tranches[0].usage[4]"}},
		{"take-or-pay same buyer and seller", editOf(t, specFull, `"buyer": "JV", "seller": "Vendor"`, `"buyer": "Vendor", "seller": "Vendor"`), "stack.tranches[0].terms.seller", contract.ErrInvalid, nil},
		{"take-or-pay shortfall share above 1", editOf(t, specFull, `"shortfall_share": "1"`, `"shortfall_share": "1.5"`), "stack.tranches[0].terms.shortfall_share", contract.ErrRange, nil},
		{"unknown measure", editOf(t, specFull, `"minimum": "100",`, `"minimum": "100", "measure": "month",`), "stack.tranches[0].terms.measure", contract.ErrInvalid, nil},
		{"minimum and a ramp", editOf(t, specFull, `"minimum": "100",`, `"minimum": "100", "minimums": ["50", "100"],`), "stack.tranches[0].terms.minimum", contract.ErrInvalid, nil},
		{"no minimum and no ramp", editOf(t, specFull, `"minimum": "100",`, ``), "stack.tranches[0].terms.minimum", contract.ErrRequired, nil},
		{"negative ramp", editOf(t, specFull, `"minimum": "100",`, `"minimums": ["50", "-100"],`), "stack.tranches[0].terms.minimums[1]", contract.ErrNegative, nil},
		{"ramp as numbers", editOf(t, specFull, `"minimum": "100",`, `"minimums": [50],`), "stack.tranches[0].terms.minimums[0]", ErrType, nil},
		{"empty ramp", editOf(t, specFull, `"minimum": "100",`, `"minimums": [],`), "stack.tranches[0].terms.minimum", contract.ErrRequired, nil},
		{"ramp past MaxFlows", editOf(t, specFull, `"minimum": "100",`, `"minimums": [`+strings.Repeat(`"1", `, MaxFlows)+`"1"],`), "stack.tranches[0].terms.minimums", ErrLimit, nil},
		{"two credit lives", editOf(t, specFull, `"make_up": {"window": 2}`, `"make_up": {"window": 2, "until_end": true}`), "sources[1].terms.make_up", contract.ErrInvalid, nil},
		{"negative credit life", editOf(t, specFull, `"make_up": {"window": 2}`, `"make_up": {"years": -1}`), "sources[1].terms.make_up.years", contract.ErrRange, nil},
		{"until_end as a string", editOf(t, specFull, `"make_up": {"window": 2}`, `"make_up": {"until_end": "yes"}`), "sources[1].terms.make_up.until_end", ErrType, nil},
		{"unknown take-or-pay seller", editOf(t, specFull, `"seller": "Vendor", "terms"`, `"seller": "Vendr", "terms"`), "stack.tranches[0].seller", tranche.ErrUnknownParty, nil},
		// sources
		{"loan funding of an unknown loan", editOf(t, specFull, `"loan": "senior"}`, `"loan": "mezz"}`), "sources[0].loan", contract.ErrInvalid, nil},
		{"take-or-pay income usage too long", editOf(t, specFull, `"usage": ["800", "1000", "1200", "1000", "950"]`, `"usage": ["800", "1000", "1200", "1000", "950", "1"]`), "sources[1].usage", contract.ErrInvalid, nil},
		{"source without a name", editOf(t, specFull, `"name": "power", `, ``), "sources[2].name", contract.ErrRequired, nil},
		{"source term ends before it starts", editOf(t, specFull, `"end": "2029-12-31",
      "minimum": "1000"`, `"end": "2023-12-31",
      "minimum": "1000"`), "sources[1].terms.end", contract.ErrOrder, nil},
		{"escalation rate and index", editOf(t, specFull, `"escalation": {"rate": "0.02"}`, `"escalation": {"rate": "0.02", "index": ["100", "101"]}`), "sources[1].terms.escalation.index", contract.ErrInvalid, nil},
		{"pass-through above 1", editOf(t, specFull, `"pass_through": "0.25"`, `"pass_through": "1.25"`), "sources[2].terms.pass_through", contract.ErrRange, nil},
		{"negative load", editOf(t, specFull, `"load": ["0.5"]`, `"load": ["-0.5"]`), "sources[2].terms.load[0]", contract.ErrNegative, nil},
		{"negative opex", editOf(t, specFull, `"annual": "20000.00"`, `"annual": "-20000.00"`), "sources[3].terms.annual", contract.ErrNegative, nil},
		{"unknown opex day count", editOf(t, specFull, `"escalation": {"rate": "0.03"}`, `"day_count": "ACT/ACT"`), "sources[3].terms.day_count", contract.ErrInvalid, nil},
		{"asset life zero", editOf(t, specFull, `"life": 60`, `"life": 0`), "sources[4].terms.asset.life", contract.ErrRange, nil},
		{"asset life beyond MaxMonths", editOf(t, specFull, `"life": 60`, `"life": 12001`), "sources[4].terms.asset.life", contract.ErrRange, nil},
		{"capex commitment of an unknown party", editOf(t, specFull, `{"party": "GP", "amount": "100000.00"}`, `{"party": "XX", "amount": "100000.00"}`), "sources[4].funding.commitments[1].party", tranche.ErrUnknownParty, nil},
		{"source currency mismatch", editOf(t, specFull, `"name": "power",`, `"name": "power", "currency": "EUR",`), "sources[2].currency", ErrCurrencyMismatch, nil},
		// cap table
		{"cap below the multiple", editOf(t, specVenture, `"cap": "3"`, `"cap": "0.5"`), "stack.preferred[0].cap", contract.ErrRange, nil},
		{"holder without shares", editOf(t, specVenture, `{"party": "Angel", "shares": "500000", `, `{"party": "Angel", `), "stack.preferred[1].holders[0].shares", contract.ErrRequired, nil},
		{"invested in a common class", editOf(t, specVenture, `{"party": "Founder", "shares": "4000000"}`, `{"party": "Founder", "shares": "4000000", "invested": "1.00"}`), "stack.common[0].holders[0].invested", ErrUnknownField, nil},
		{"negative strike", editOf(t, specVenture, `"strike": "0.25"`, `"strike": "-0.25"`), "stack.common[1].strike", contract.ErrNegative, nil},
		{"seniority as a string", editOf(t, specVenture, `"seniority": 1`, `"seniority": "1"`), "stack.preferred[0].seniority", ErrType, nil},
		{"cap table inside pro rata", editOf(t, specVenture, `"stack": {"kind": "cap_table", "id": "exit",`, `"stack": {"kind": "pro_rata", "tranches": [{"kind": "cap_table", "id": "exit",`, `"shares": "500000"}]}]}
}`, `"shares": "500000"}]}]}]}
}`), "stack.tranches[0]", tranche.ErrUnbounded, nil},
		// fund terms
		{"fee rate as a number", editOf(t, specFund, `"commitment_rate": "0.02"`, `"commitment_rate": 0.02`), "fees.management.commitment_rate", ErrType, nil},
		{"unknown fee manager", editOf(t, specFund, `"manager": "GP"`, `"manager": "G"`), "fees.manager", tranche.ErrUnknownParty, nil},
		{"unknown fee field", editOf(t, specFund, `"parties": ["LP"]}`, `"parties": ["LP"], "carry": "0.2"}`), "fees.carry", ErrUnknownField, nil},
		{"investments without american terms", editOf(t, specFund, `,
  "american": {"sponsor": "GP", "investors": ["LP"], "escrow": {"share": "0.3", "account": "Escrow"}, "clawback": {"tax_rate": "0.4"}}`, ``), "american", contract.ErrRequired, nil},
		{"escrow share above 1", editOf(t, specFund, `"share": "0.3"`, `"share": "1.3"`), "american.escrow.share", contract.ErrRange, nil},
		{"sponsor as investor", editOf(t, specFund, `"investors": ["LP"]`, `"investors": ["GP"]`), "american.investors[0]", contract.ErrInvalid, nil},
		{"investment without a stack", editOf(t, specFund, `"amount": "900.00"}],
    "stack":`, `"amount": "900.00"}],
    "stak":`), "investments[0].stack", contract.ErrRequired, nil},
		{"interim date outside the schedule", editOf(t, specFund, `"tax_rate": "0.4"`, `"tax_rate": "0.4", "interim": ["2035-12-31"]`), "american.clawback.interim[0]", contract.ErrRange, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, err := Decode(strings.NewReader(tt.in))
			require.Error(t, err)
			require.Zero(t, doc)
			require.ErrorIs(t, err, contract.ErrInvalid)
			fes := fieldErrors(t, err)
			var paths []string
			for _, fe := range fes {
				paths = append(paths, fe.Path)
			}
			require.Equal(t, append([]string{tt.path}, tt.also...), paths, "errors: %v", err)
			require.ErrorIs(t, fes[0], tt.want)
		})
	}
}

// nestedSpec wraps inner, a deal, as the deal of the party "Fund" of a JV
// in currency cur.
func nestedSpec(cur, inner string) string {
	return `{"name": "JV", "currency": "` + cur + `", "scale": 2,
  "parties": [{"id": "Fund", "commitment": "900.00", "deal": ` + inner + `}, {"id": "Op", "role": "sponsor", "commitment": "100.00"}],
  "schedule": {"start": "2024-12-31", "end": "2029-12-31", "frequency": "annual"},
  "calls": [{"date": "2025-12-31", "amount": "1000.00"}],
  "proceeds": [{"date": "2029-12-31", "amount": "2000.00"}],
  "stack": {"kind": "return_of_capital", "id": "capital", "parties": ["Fund", "Op"]}}`
}

const fundSpec = `{"name": "Fund", "currency": "USD", "scale": 2, "parties": [{"id": "Pension", "commitment": "1000.00"}],
  "schedule": {"start": "2024-12-31", "end": "2029-12-31", "frequency": "annual"},
  "stack": {"kind": "return_of_capital", "id": "fund-capital", "parties": ["Pension"]}}`

func TestDecodeDeal_nested(t *testing.T) {
	t.Run("round trip and run", func(t *testing.T) {
		d, err := UnmarshalDeal([]byte(nestedSpec("USD", fundSpec)))
		require.NoError(t, err)
		require.NotNil(t, d.Parties[0].Deal)
		res, err := waterfall.Run(d)
		require.NoError(t, err)
		sub, ok := res.Nested["Fund"]
		require.True(t, ok)
		// The JV returns 900 of capital to the Fund (its 90% of 1000
		// called), which the fund pays on to the pension.
		pt, ok := sub.Party("Pension")
		require.True(t, ok)
		require.Equal(t, "900.00", pt.Distributed.StringFixed(2))
		b, err := MarshalDeal(d)
		require.NoError(t, err)
		d2, err := UnmarshalDeal(b)
		require.NoError(t, err)
		require.Empty(t, cmp.Diff(d, d2, dealOpts))
	})
	t.Run("error path inside the nested deal", func(t *testing.T) {
		_, err := UnmarshalDeal([]byte(nestedSpec("USD", strings.Replace(fundSpec, `"Pension"]}`, `"Pensioner"]}`, 1))))
		require.ErrorIs(t, err, tranche.ErrUnknownParty)
		fes := fieldErrors(t, err)
		require.Equal(t, "parties[0].deal.stack.parties[0]", fes[0].Path)
	})
	t.Run("currency mismatch", func(t *testing.T) {
		_, err := UnmarshalDeal([]byte(nestedSpec("EUR", fundSpec)))
		require.ErrorIs(t, err, ErrCurrencyMismatch)
		require.Equal(t, "parties[0].deal.currency", fieldErrors(t, err)[0].Path)
	})
	t.Run("nested too deep", func(t *testing.T) {
		s := fundSpec
		for range MaxDealDepth {
			s = strings.Replace(nestedSpec("USD", s), `"stack": {"kind": "return_of_capital", "id": "capital"`, `"stack": {"kind": "return_of_capital", "id": "capital"`, 1)
		}
		_, err := UnmarshalDeal([]byte(s))
		require.ErrorIs(t, err, ErrLimit)
		require.Equal(t, strings.Repeat("parties[0].deal.", MaxDealDepth-1)+"parties[0].deal", fieldErrors(t, err)[0].Path)
	})
	t.Run("a deal that holds itself is an ErrCycle", func(t *testing.T) {
		d, err := UnmarshalDeal([]byte(nestedSpec("USD", fundSpec)))
		require.NoError(t, err)
		d.Parties[0].Deal.Parties = append(d.Parties[0].Deal.Parties, waterfall.Party{ID: "JV", Deal: d})
		_, err = MarshalDeal(d)
		require.ErrorIs(t, err, ErrCycle)
		require.ErrorIs(t, err, contract.ErrInvalid)
		fes := fieldErrors(t, err)
		require.Equal(t, "parties", fes[0].Path)
		require.Contains(t, fes[0].Error(), "deal -> deal.parties[0].deal -> deal")
	})
}

// TestDecoder_budget checks that contracts laid over the schedule are
// counted against MaxContractPeriods.
func TestDecoder_budget(t *testing.T) {
	d := newDecoder(kinds.Load(), 0)
	d.dealPeriods = make([]contract.Period, MaxContractPeriods/4)
	for range 4 {
		require.True(t, d.budget("sources[0]"))
	}
	require.False(t, d.budget("sources[4]"))
	fes := fieldErrors(t, d.err())
	require.Len(t, fes, 1)
	require.Equal(t, "sources[4]", fes[0].Path)
	require.ErrorIs(t, fes[0], ErrLimit)
}

// TestDecodeDeal_takeOrPayContractYears reads take-or-pay terms by
// contract year, a ramp of minimums and a credit's life in contract years
// or until the end of the term, and round-trips them.
func TestDecodeDeal_takeOrPayContractYears(t *testing.T) {
	src := editOf(t, specFull, `"minimum": "100",`, `"minimums": ["50", "80", "100"],`,
		`"make_up": {"window": 2}`, `"make_up": {"years": 1, "cap": "100"}`)
	roundTrip(t, []byte(src), true)
	d, err := UnmarshalDeal([]byte(src))
	require.NoError(t, err)
	gas := d.Stack.(*tranche.Sequential).Tranches[0].(*tranche.TakeOrPay)
	require.True(t, gas.Terms.Minimum.IsZero())
	require.Equal(t, "[50 80 100]", fmt.Sprint(gas.Terms.Minimums))
	offtake := d.Sources[1].(source.TakeOrPayIncome)
	require.Equal(t, 1, offtake.Terms.MakeUp.Years)
	require.Equal(t, "100", offtake.Terms.MakeUp.Cap.String())

	src = editOf(t, specFull, `"make_up": {"window": 2}`, `"make_up": {"until_end": true}`)
	roundTrip(t, []byte(src), true)
	d, err = UnmarshalDeal([]byte(src))
	require.NoError(t, err)
	require.True(t, d.Sources[1].(source.TakeOrPayIncome).Terms.MakeUp.UntilEnd)
}
