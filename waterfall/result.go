package waterfall

import (
	"fmt"
	"math"
	"slices"
	"sort"
	"time"

	"github.com/jvwaterfall/jvwaterfall/contract"
	"github.com/jvwaterfall/jvwaterfall/metrics"
	"github.com/jvwaterfall/jvwaterfall/tranche"
	"github.com/shopspring/decimal"
)

// PeriodSummary is one period's cash account. Available = CarriedIn +
// Proceeds − Costs, and Paid + Retained = Available exactly.
type PeriodSummary struct {
	Period      contract.Period
	CarriedIn   decimal.Decimal // retained from earlier periods (negative: a deficit)
	Proceeds    decimal.Decimal // distributable cash in
	Costs       decimal.Decimal // cash out before the stack
	Available   decimal.Decimal // offered to the stack when positive
	Paid        decimal.Decimal // paid by the stack
	Retained    decimal.Decimal // not paid; carried forward
	Contributed decimal.Decimal // capital put in (invested, not distributable)
	Sources     []SourceLine    // each source's cash in and out, included in Proceeds and Costs
	Fees        decimal.Decimal // fees and expenses called and paid out this period ([Fees]); in Contributed, not in Paid
	Held        decimal.Decimal // of Retained, kept back on purpose: reserve accounts and trapped cash (see Holdings)
}

// ContributionEntry is capital booked in a period, on the period's end.
type ContributionEntry struct {
	Period int
	Date   time.Time
	Party  tranche.PartyID
	Amount decimal.Decimal
}

// PartyTotal is a party's totals over a run.
type PartyTotal struct {
	Party       tranche.PartyID
	Name        string
	Role        Role
	Contributed decimal.Decimal
	Distributed decimal.Decimal
	ByKind      [tranche.NumKinds]decimal.Decimal // Distributed by payment kind
	PaidOut     decimal.Decimal                   // paid by the party to others (payments From it): carry into escrow, clawback
}

// Net is what the party received less what it put in and paid out.
func (t PartyTotal) Net() decimal.Decimal {
	return t.Distributed.Sub(t.Contributed).Sub(t.PaidOut)
}

// Result is the ledger of a run: every payment, every contribution, each
// period's cash account and each party's totals. The totals add up: the
// sum of Payments paid by the deal (From empty) is the sum of Periods'
// Paid and Fees, each party's Distributed is the sum of its payments, and
// its PaidOut the sum of the payments From it.
type Result struct {
	Deal          string
	Currency      string
	Scale         int32
	Periods       []PeriodSummary
	Payments      []tranche.Payment           // in the order they were made
	Contributions []ContributionEntry         // in the order they were booked
	Parties       []PartyTotal                // in the deal's order
	Events        []tranche.Event             // what happened besides payments: defaults, breaches, clawbacks
	Fees          []contract.FeeLine          // each period's management fee, gross, offset and net, when the deal has [Fees]
	Nested        map[tranche.PartyID]*Result // the run of each party that is itself a deal ([Party].Deal)
	Holdings      []tranche.Holding           // cash kept back by tranches each period (reserves, cash traps), part of Retained
	index         map[tranche.PartyID]int
	contributed   []int64 // by party: contributions in minor units not yet in Parties[i].Contributed
}

func newResult(d *Deal) *Result {
	r := &Result{Deal: d.Name, Currency: d.Currency, Scale: d.Scale, index: map[tranche.PartyID]int{}}
	for i, p := range d.Parties {
		name := p.Name
		if name == "" {
			name = string(p.ID)
		}
		t := PartyTotal{Party: p.ID, Name: name, Role: p.Role, Contributed: decimal.Zero, Distributed: decimal.Zero, PaidOut: decimal.Zero}
		for k := range t.ByKind {
			t.ByKind[k] = decimal.Zero
		}
		r.Parties = append(r.Parties, t)
		r.index[p.ID] = i
	}
	r.contributed = make([]int64, len(r.Parties))
	return r
}

func (r *Result) addContribution(p contract.Period, id tranche.PartyID, amount decimal.Decimal) {
	r.addEntry(ContributionEntry{Period: p.Index, Date: p.End, Party: id, Amount: amount})
}

func (r *Result) addEntry(c ContributionEntry) {
	r.Contributions = append(r.Contributions, c)
	i, amount := r.index[c.Party], c.Amount
	// Added up in int64 minor units while they fit; finish adds the sum.
	if u, ok := minorUnits(amount, r.Scale); ok && r.contributed[i] <= math.MaxInt64-u {
		r.contributed[i] += u
		return
	}
	t := &r.Parties[i]
	t.Contributed = t.Contributed.Add(amount)
}

// minorUnits returns a non-negative amount of exponent -scale as an
// int64 of minor units, if it is one.
func minorUnits(a decimal.Decimal, scale int32) (int64, bool) {
	if a.Exponent() != -scale || a.NumDigits() > 18 || a.Sign() < 0 {
		return 0, false
	}
	return a.CoefficientInt64(), true
}

func (r *Result) finish(b *tranche.Book) {
	r.Holdings = append([]tranche.Holding(nil), b.Holdings()...)
	r.flushContributed()
	// The book is the run's own and is dropped after it: its ledger is
	// handed over, not copied.
	r.Payments = b.Ledger()
	switch {
	case len(r.Payments) == 0:
		r.Payments = nil // as a copy of an empty ledger was
	case cap(r.Payments) > 2*len(r.Payments)+64:
		r.Payments = slices.Clone(r.Payments) // do not keep much unused room
	}
	r.Events = append([]tranche.Event(nil), b.Events()...)
	// The book's accounts hold each party's receipts, the sum of its
	// payments.
	for i := range r.Parties {
		t := &r.Parties[i]
		a, err := b.Account(t.Party)
		if err != nil {
			continue // not reached: the book has every party of the deal
		}
		t.Distributed, t.ByKind = a.Distributed, a.ByKind
	}
	for _, p := range r.Payments {
		if p.From != "" {
			f := &r.Parties[r.index[p.From]]
			f.PaidOut = f.PaidOut.Add(p.Amount)
		}
	}
}

// flushContributed adds the contributions summed in minor units to the
// parties' totals.
func (r *Result) flushContributed() {
	for i := range r.Parties {
		if r.contributed[i] != 0 {
			t := &r.Parties[i]
			t.Contributed = t.Contributed.Add(decimal.New(r.contributed[i], -r.Scale))
			r.contributed[i] = 0
		}
	}
}

// Tally returns the Result of a run that [Run] did not make: one assembled
// from several stacks stepped side by side, as package fund does for a
// fund run deal by deal. d gives the name, currency, scale and parties
// (its stack and cash are not read); the other arguments are the run's
// period summaries, contributions, payments and events, in the order they
// happened, and are kept as given. Each party's totals are added up from
// them: contributions, receipts by kind, and what it paid out (payments
// From it). Tally returns an error if an entry names a party that d does
// not have.
func Tally(d *Deal, periods []PeriodSummary, contributions []ContributionEntry, pays []tranche.Payment, events []tranche.Event) (*Result, error) {
	if d == nil {
		return nil, fmt.Errorf("nil deal: %w", contract.ErrRequired)
	}
	r := newResult(d)
	for i, c := range contributions {
		if _, ok := r.index[c.Party]; !ok {
			return nil, contract.Field(fmt.Sprintf("contributions[%d].party", i), fmt.Errorf("%w %q", tranche.ErrUnknownParty, c.Party))
		}
		r.addEntry(c)
	}
	for i, p := range pays {
		for _, id := range []tranche.PartyID{p.Party, p.From} {
			if _, ok := r.index[id]; !ok && id != "" {
				return nil, contract.Field(fmt.Sprintf("payments[%d]", i), fmt.Errorf("%w %q", tranche.ErrUnknownParty, id))
			}
		}
	}
	r.Periods = periods
	r.finishLedger(pays, events)
	return r, nil
}

// finishLedger sets the payments and events and adds up each party's
// totals: receipts to the payee and, for a payment From a party, the
// amount paid out by it.
func (r *Result) finishLedger(pays []tranche.Payment, events []tranche.Event) {
	r.flushContributed()
	r.Payments = append([]tranche.Payment(nil), pays...)
	r.Events = append([]tranche.Event(nil), events...)
	for _, p := range r.Payments {
		t := &r.Parties[r.index[p.Party]]
		t.Distributed = t.Distributed.Add(p.Amount)
		t.ByKind[p.Kind] = t.ByKind[p.Kind].Add(p.Amount)
		if p.From != "" {
			f := &r.Parties[r.index[p.From]]
			f.PaidOut = f.PaidOut.Add(p.Amount)
		}
	}
}

// Party returns the party's totals; false for a party not in the run (or
// a nil Result).
func (r *Result) Party(id tranche.PartyID) (PartyTotal, bool) {
	if r == nil {
		return PartyTotal{}, false
	}
	if r.index == nil { // a Result not made by Run or Tally
		for _, t := range r.Parties {
			if t.Party == id {
				return t, true
			}
		}
		return PartyTotal{}, false
	}
	i, ok := r.index[id]
	if !ok {
		return PartyTotal{}, false
	}
	return r.Parties[i], true
}

// Retained is the cash left at the end of the run, not paid to anyone.
func (r *Result) Retained() decimal.Decimal {
	if r == nil || len(r.Periods) == 0 {
		return decimal.Zero
	}
	return r.Periods[len(r.Periods)-1].Retained
}

// Flows returns the party's dated cash flows from its own side:
// contributions negative, receipts positive, one flow per date, oldest
// first; what the party pays to others (payments From it) is negative too.
// They are what [Result.XIRR] and [Result.MOIC] read.
func (r *Result) Flows(id tranche.PartyID) []contract.Flow {
	if r == nil {
		return nil
	}
	byDate := map[time.Time]decimal.Decimal{}
	for _, c := range r.Contributions {
		if c.Party == id {
			byDate[c.Date] = byDate[c.Date].Sub(c.Amount)
		}
	}
	for _, p := range r.Payments {
		if p.Party == id {
			byDate[p.Date] = byDate[p.Date].Add(p.Amount)
		}
		if p.From == id {
			byDate[p.Date] = byDate[p.Date].Sub(p.Amount)
		}
	}
	flows := make([]contract.Flow, 0, len(byDate))
	for d, a := range byDate {
		flows = append(flows, contract.Flow{Date: d, Amount: a})
	}
	sort.Slice(flows, func(i, j int) bool { return flows[i].Date.Before(flows[j].Date) })
	return flows
}

// XIRR is the party's annual internal rate of return from its dated flows
// ([Result.Flows]), by [metrics.XIRR], whose errors it returns; it returns
// an error wrapping [tranche.ErrUnknownParty] for a party not in the deal.
func (r *Result) XIRR(id tranche.PartyID) (float64, error) {
	if r == nil {
		return 0, fmt.Errorf("nil result: %w", contract.ErrRequired)
	}
	if _, ok := r.Party(id); !ok {
		return 0, fmt.Errorf("%w %q", tranche.ErrUnknownParty, id)
	}
	return metrics.XIRR(r.Flows(id))
}

// MOIC is the party's multiple on invested capital: received (less what
// it paid out to others) / contributed, by [metrics.MOIC], whose errors it
// returns; it returns an error wrapping [tranche.ErrUnknownParty] for a
// party not in the deal.
func (r *Result) MOIC(id tranche.PartyID) (decimal.Decimal, error) {
	if r == nil {
		return decimal.Zero, fmt.Errorf("nil result: %w", contract.ErrRequired)
	}
	t, ok := r.Party(id)
	if !ok {
		return decimal.Zero, fmt.Errorf("%w %q", tranche.ErrUnknownParty, id)
	}
	return metrics.MOIC(t.Contributed, t.Distributed.Sub(t.PaidOut))
}
