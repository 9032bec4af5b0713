package source

import (
	"fmt"
	"time"

	"github.com/jvwaterfall/jvwaterfall/waterfall"

	"github.com/jvwaterfall/jvwaterfall/contract"
	"github.com/jvwaterfall/jvwaterfall/tranche"
	"github.com/shopspring/decimal"
)

// EnergyCost is a [Source] for a facility's electricity: each period it
// pays the energy bill out before the stack and brings the pass-through
// billed on to the buyer in, so the deal bears only the net cost.
type EnergyCost struct {
	Label string          // the source's name in the result; unique in the deal
	Terms contract.Energy // load, price and pass-through share
	Scale int32           // the deal's minor unit: 2 for cents
}

// Name returns the source's label.
func (s EnergyCost) Name() string { return s.Label }

// Bill returns the per-period energy bill behind Cash, for reports.
func (s EnergyCost) Bill(periods []contract.Period) ([]contract.EnergyPeriod, error) {
	b, err := s.Terms.Bill(periods, s.Scale)
	if err != nil {
		return nil, contract.Prefix("terms", err)
	}
	return b, nil
}

// Cash returns the pass-through as cash in and the cost as cash out. It
// returns the errors of [contract.Energy.Bill], with paths under "terms".
func (s EnergyCost) Cash(periods []contract.Period) ([]waterfall.SourceCash, error) {
	cost, pass, err := s.Terms.Charges(periods, s.Scale)
	if err != nil {
		return nil, contract.Prefix("terms", err)
	}
	out := make([]waterfall.SourceCash, len(cost))
	for i := range out {
		out[i] = waterfall.SourceCash{In: pass[i], Out: cost[i]}
	}
	return out, nil
}

// CashUnits is Cash in minor units of scale ([waterfall.UnitSource]).
func (s EnergyCost) CashUnits(periods []contract.Period, scale int32) (in, out []int64, ok bool, err error) {
	if scale == s.Scale { // the amounts are rounded to s.Scale: at another, from their decimals
		if out, in, ok, err = s.Terms.ChargesUnits(periods, s.Scale); err != nil || ok {
			return in, out, ok, contract.Prefix("terms", err)
		}
	}
	cost, pass, err := s.Terms.Charges(periods, s.Scale)
	if err != nil {
		return nil, nil, false, contract.Prefix("terms", err)
	}
	in, okIn := unitsOf(pass, scale)
	out, okOut := unitsOf(cost, scale)
	return in, out, okIn && okOut, nil
}

// OpexCost is a [Source] for an escalating operating cost, paid out each
// period before the stack.
type OpexCost struct {
	Label string        // the source's name in the result; unique in the deal
	Terms contract.Opex // the annual cost and its escalation
	Scale int32         // the deal's minor unit
}

// Name returns the source's label.
func (s OpexCost) Name() string { return s.Label }

// Costs returns the per-period costs behind Cash, for reports.
func (s OpexCost) Costs(periods []contract.Period) ([]contract.OpexPeriod, error) {
	c, err := s.Terms.Costs(periods, s.Scale)
	if err != nil {
		return nil, contract.Prefix("terms", err)
	}
	return c, nil
}

// Cash returns each period's cost as cash out. It returns the errors of
// [contract.Opex.Costs], with paths under "terms".
func (s OpexCost) Cash(periods []contract.Period) ([]waterfall.SourceCash, error) {
	c, err := s.Terms.Charges(periods, s.Scale)
	if err != nil {
		return nil, contract.Prefix("terms", err)
	}
	out := make([]waterfall.SourceCash, len(c))
	for i, cost := range c {
		out[i].Out = cost // In: decimal.Zero, the zero Decimal
	}
	return out, nil
}

// CashUnits is Cash in minor units of scale ([waterfall.UnitSource]).
func (s OpexCost) CashUnits(periods []contract.Period, scale int32) (in, out []int64, ok bool, err error) {
	if scale == s.Scale { // the costs are rounded to s.Scale: at another, from their decimals
		if out, ok, err = s.Terms.ChargesUnits(periods, s.Scale); err != nil || ok {
			return nil, out, ok, contract.Prefix("terms", err)
		}
	}
	c, err := s.Terms.Charges(periods, s.Scale)
	if err != nil {
		return nil, nil, false, contract.Prefix("terms", err)
	}
	out, ok = unitsOf(c, scale)
	return nil, out, ok, nil
}

// CapexRefresh is a [Source] for the refresh capex of an obsolescence
// event, funded by a capital call. In the period of the event it pays
// the refresh out and brings in what the call raised (Funding, with
// Funding.Amount set to the refresh), so a fully funded refresh leaves
// the cash for the stack unchanged and only an uncovered gap reduces it.
// The contributions themselves are booked to the parties by adding
// [CapexRefresh.Contributions] to the deal's Contributions (package spec
// does so for a capex_refresh it decodes).
//
// The asset's initial cost is not cash of any period: it is what the
// deal's own calls and contributions paid for at closing. Depreciation and
// impairment are not cash either; [CapexRefresh.Schedule] reports them.
type CapexRefresh struct {
	Label   string               // the source's name in the result; unique in the deal
	Terms   contract.Capex       // the asset and its obsolescence
	Funding contract.CapitalCall // who funds the refresh and who defaults; Amount is ignored
	Scale   int32                // the deal's minor unit
}

// Name returns the source's label.
func (s CapexRefresh) Name() string { return s.Label }

// Schedule returns the capex schedule (spending, depreciation, impairment,
// book value) of each period, for reports.
func (s CapexRefresh) Schedule(periods []contract.Period) ([]contract.CapexPeriod, error) {
	c, err := s.Terms.Schedule(periods, s.Scale)
	if err != nil {
		return nil, contract.Prefix("terms", err)
	}
	return c, nil
}

// Call returns the outcome of the refresh's capital call: who was called,
// who funded, who covered and the commitments after dilution. Without an
// obsolescence event the call is for zero.
func (s CapexRefresh) Call() (contract.CallResult, error) {
	if err := s.Terms.Validate(); err != nil {
		return contract.CallResult{}, contract.Prefix("terms", err)
	}
	call := s.Funding
	call.Amount = decimal.Zero
	if !s.Terms.Obsolescence.Date.IsZero() {
		call.Amount = s.Terms.Obsolescence.Refresh
	}
	res, err := call.Fund(s.Scale)
	if err != nil {
		return contract.CallResult{}, contract.Prefix("funding", err)
	}
	return res, nil
}

// Contributions returns the refresh call's contributions, one per party
// that put money in, dated on the obsolescence date, for the deal's
// Contributions. Each party's amount is its own funded call plus what it
// covered for defaulters.
func (s CapexRefresh) Contributions() ([]waterfall.Contribution, error) {
	res, err := s.Call()
	if err != nil {
		return nil, err
	}
	var out []waterfall.Contribution
	for _, sh := range res.Shares {
		if sh.Contributed.Sign() > 0 {
			out = append(out, waterfall.Contribution{Date: s.Terms.Obsolescence.Date, Party: tranche.PartyID(sh.Party), Amount: sh.Contributed})
		}
	}
	return out, nil
}

// Cash returns, in the period that holds the obsolescence date, the
// refresh as cash out and what the call raised as cash in; zero in every
// other period. It returns an error if the terms or the funding are
// invalid, or if the obsolescence date is outside the periods
// ([contract.ErrRange], path "terms.obsolescence.date").
func (s CapexRefresh) Cash(periods []contract.Period) ([]waterfall.SourceCash, error) {
	i, c, err := s.refresh(periods)
	if err != nil {
		return nil, err
	}
	out := make([]waterfall.SourceCash, len(periods)) // zero in and out: decimal.Zero is the zero Decimal
	if i >= 0 {
		out[i] = c
	}
	return out, nil
}

// CashUnits is Cash in minor units of scale ([waterfall.UnitSource]).
func (s CapexRefresh) CashUnits(periods []contract.Period, scale int32) (in, out []int64, ok bool, err error) {
	i, c, err := s.refresh(periods)
	if err != nil || i < 0 {
		return nil, nil, err == nil, err
	}
	ok = put(&in, len(periods), i, c.In, scale) && put(&out, len(periods), i, c.Out, scale)
	return in, out, ok, nil
}

// refresh returns the index of the period of the refresh and its cash, or
// -1 without one.
func (s CapexRefresh) refresh(periods []contract.Period) (int, waterfall.SourceCash, error) {
	res, err := s.Call()
	if err != nil {
		return -1, waterfall.SourceCash{}, err
	}
	o := s.Terms.Obsolescence
	if o.Date.IsZero() {
		return -1, waterfall.SourceCash{}, nil
	}
	i, ok := contract.PeriodIndex(periods, o.Date)
	if !ok {
		return -1, waterfall.SourceCash{}, contract.Field("terms.obsolescence.date", fmt.Errorf("%s is outside the periods: %w", o.Date.Format(time.DateOnly), contract.ErrRange))
	}
	return i, waterfall.SourceCash{In: res.Raised, Out: o.Refresh}, nil
}
