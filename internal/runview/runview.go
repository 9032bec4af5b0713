// Package runview turns a run's Result into plain values, for tests that
// compare two runs with go-cmp: a Result holds its run's book, whose
// internals differ between runs that give the same answer.
package runview

import (
	"slices"

	"github.com/jvwaterfall/jvwaterfall/contract"
	"github.com/jvwaterfall/jvwaterfall/tranche"
	"github.com/jvwaterfall/jvwaterfall/waterfall"
)

// View is what a Result shows: its fields, every payment and contribution,
// each party's totals and flows, and the same for each nested run.
type View struct {
	Deal, Currency string
	Scale          int32
	TotalsOnly     bool
	Periods        []waterfall.PeriodSummary
	Payments       []tranche.Payment
	Contributions  []tranche.Contribution
	Parties        []waterfall.PartyTotal
	Flows          map[tranche.PartyID][]contract.Flow
	Events         []tranche.Event
	Fees           []contract.FeeLine
	Holdings       []tranche.Holding
	Nested         map[tranche.PartyID]View
}

// Of returns what r shows; the zero View for a nil r.
func Of(r *waterfall.Result) View {
	if r == nil {
		return View{}
	}
	v := View{Deal: r.Deal, Currency: r.Currency, Scale: r.Scale, TotalsOnly: r.TotalsOnly, Periods: r.Periods,
		Payments: slices.Collect(r.Payments.Values()), Contributions: slices.Collect(r.Contributions.Values()),
		Parties: r.Parties(), Flows: map[tranche.PartyID][]contract.Flow{}, Events: r.Events, Fees: r.Fees, Holdings: r.Holdings}
	for _, p := range v.Parties {
		v.Flows[p.Party] = r.Flows(p.Party)
	}
	for id, n := range r.Nested {
		if v.Nested == nil {
			v.Nested = map[tranche.PartyID]View{}
		}
		v.Nested[id] = Of(n)
	}
	return v
}
