package waterfall

import (
	"fmt"

	"github.com/jvwaterfall/jvwaterfall/contract"
	"github.com/jvwaterfall/jvwaterfall/metrics"
	"github.com/jvwaterfall/jvwaterfall/tranche"
	"github.com/shopspring/decimal"
)

// PartyMetrics is how a party did over a run, measured from its own cash
// flows and a residual value (NAV) given by the caller. Amounts are in
// currency units; ratios are decimals rounded half away from zero to
// [metrics.MultiplePlaces] places; rates of return are float64.
//
// The zero value of the ratios and rates means "not defined": when the
// party contributed nothing (Invested is false) there is nothing to divide
// by and no rate of return.
type PartyMetrics struct {
	Party       tranche.PartyID
	Invested    bool            // the party contributed capital, so multiples and rates are defined
	Contributed decimal.Decimal // paid-in capital
	Distributed decimal.Decimal // everything received, of every kind
	NAV         decimal.Decimal // residual value at the end of the run, as given
	Profit      decimal.Decimal // Distributed + NAV − Contributed
	Promote     decimal.Decimal // catch-up and promote received ([tranche.KindCatchUp] + [tranche.KindPromote])

	IRR  float64 // rate per period of the deal's schedule (quarterly periods: a quarterly rate); see [metrics.IRR]
	XIRR float64 // annual rate from dated flows; see [metrics.XIRR]

	MOIC decimal.Decimal // (Distributed + NAV) / Contributed: NAV counts as value, so it equals TVPI
	DPI  decimal.Decimal // Distributed / Contributed: distributions to paid-in
	RVPI decimal.Decimal // NAV / Contributed: residual value to paid-in
	TVPI decimal.Decimal // (Distributed + NAV) / Contributed: total value to paid-in; DPI + RVPI up to rounding

	// PromoteShare is Promote / the profit the deal distributed to all
	// parties (everything paid above returned capital): the part of the
	// deal's profit the party took as promote. Zero when no profit was
	// distributed. Defined whether or not the party invested.
	PromoteShare decimal.Decimal
}

// Metrics measures the party's performance. nav is the value of the
// party's remaining interest at the end of the run (zero for a deal that
// has been wound up); it is counted as a receipt on the last period's end
// date in IRR and XIRR, and as value in MOIC, RVPI and TVPI.
//
// IRR uses one value per period of the deal's schedule (receipts less
// contributions, plus nav in the last period), so it is a rate per period;
// XIRR uses the dated flows of [Result.Flows] plus nav.
//
// Metrics returns an error if:
//   - the party is unknown ([tranche.ErrUnknownParty]);
//   - nav is negative ([contract.FieldError] at "nav");
//   - the party invested and no single rate of return solves its flows,
//     e.g. nothing has come back yet and nav is zero ([metrics.ErrNoRoot],
//     [metrics.ErrMultipleRoots]), wrapped with the party.
func (r *Result) Metrics(id tranche.PartyID, nav decimal.Decimal) (PartyMetrics, error) {
	t, ok := r.Party(id)
	if !ok {
		return PartyMetrics{}, fmt.Errorf("%w %q", tranche.ErrUnknownParty, id)
	}
	if nav.Sign() < 0 {
		return PartyMetrics{}, contract.Field("nav", contract.ErrNegative)
	}
	m := PartyMetrics{
		Party:       id,
		Contributed: t.Contributed,
		Distributed: t.Distributed,
		NAV:         nav,
		Profit:      t.Distributed.Add(nav).Sub(t.Contributed),
		Promote:     t.ByKind[tranche.KindCatchUp].Add(t.ByKind[tranche.KindPromote]),
		MOIC:        decimal.Zero, DPI: decimal.Zero, RVPI: decimal.Zero, TVPI: decimal.Zero,
		PromoteShare: decimal.Zero,
	}
	dealProfit := decimal.Zero
	for _, p := range r.Parties {
		dealProfit = dealProfit.Add(p.Distributed).Sub(p.ByKind[tranche.KindCapital])
	}
	if dealProfit.Sign() > 0 {
		m.PromoteShare = m.Promote.DivRound(dealProfit, metrics.MultiplePlaces)
	}
	if t.Contributed.Sign() <= 0 {
		return m, nil
	}
	m.Invested = true
	value := t.Distributed.Add(nav)
	m.DPI = t.Distributed.DivRound(t.Contributed, metrics.MultiplePlaces)
	m.RVPI = nav.DivRound(t.Contributed, metrics.MultiplePlaces)
	m.TVPI = value.DivRound(t.Contributed, metrics.MultiplePlaces)
	m.MOIC = m.TVPI

	values := r.periodValues(id)
	flows := r.Flows(id)
	if len(values) > 0 && nav.Sign() > 0 {
		last := len(values) - 1
		values[last] = values[last].Add(nav)
		flows = append(flows, contract.Flow{Date: r.Periods[last].Period.End, Amount: nav})
	}
	var err error
	if m.IRR, err = metrics.IRR(values); err != nil {
		return PartyMetrics{}, fmt.Errorf("party %q: %w", id, err)
	}
	if m.XIRR, err = metrics.XIRR(flows); err != nil {
		return PartyMetrics{}, fmt.Errorf("party %q: %w", id, err)
	}
	return m, nil
}

// periodValues is the party's net cash per period: receipts less
// contributions.
func (r *Result) periodValues(id tranche.PartyID) []decimal.Decimal {
	values := make([]decimal.Decimal, len(r.Periods))
	for i := range values {
		values[i] = decimal.Zero
	}
	for _, c := range r.Contributions {
		if c.Party == id && c.Period < len(values) {
			values[c.Period] = values[c.Period].Sub(c.Amount)
		}
	}
	for _, p := range r.Payments {
		if p.Party == id && p.Period < len(values) {
			values[p.Period] = values[p.Period].Add(p.Amount)
		}
	}
	return values
}
