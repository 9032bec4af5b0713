package waterfall

import (
	"fmt"
	"sort"
	"time"

	"github.com/jvwaterfall/jvwaterfall/contract"
	"github.com/jvwaterfall/jvwaterfall/metrics"
	"github.com/jvwaterfall/jvwaterfall/tranche"
	"github.com/shopspring/decimal"
)

// PeriodSummary is one period's cash account. Available = CarriedIn + Proceeds
// − Costs, and Paid + Retained = Available exactly.
type PeriodSummary struct {
	Period      contract.Period
	CarriedIn   decimal.Decimal // retained from earlier periods (negative: a deficit)
	Proceeds    decimal.Decimal // cash in: the deal's proceeds and its sources' (a loan's funding included)
	Costs       decimal.Decimal // cash out before the stack
	Available   decimal.Decimal // offered to the stack when positive
	Paid        decimal.Decimal // paid by the stack
	Retained    decimal.Decimal // not paid; carried forward
	Contributed decimal.Decimal // capital put in (invested, not distributable)
	Drawn       decimal.Decimal // lent: the stack's loan draws, booked as their lenders' contributions ([tranche.Drawer]); not in Contributed
	Sources     SourceLines     // each source's cash in and out, included in Proceeds and Costs
	Fees        decimal.Decimal // fees and expenses called and paid out this period ([Fees]); in Contributed, not in Paid
	Held        decimal.Decimal // of Retained, kept back on purpose: reserve accounts and trapped cash (see Holdings)
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

// Result is what a run gives: each period's cash account, each party's totals
// and dated flows, every contribution, the events and, unless the run kept
// totals only ([RunOptions].TotalsOnly), every payment. The totals add up: the
// sum of Payments paid by the deal (From empty) is the sum of Periods' Paid and
// Fees, each party's Distributed is the sum of its payments, and its PaidOut
// the sum of the payments From it; the sum of Contributions is the sum of
// Periods' Contributed and Drawn. A loan's draws ([tranche.Drawer]) are its
// lender's contributions, so a lender's flows, XIRR and MOIC are its loan's,
// upfront fee included.
//
// A run holds amounts as integers of minor units; a Result makes decimals when
// they are read: Payments.At, Parties, Party, Flows. Its methods only read, so
// many goroutines may read one Result. It has no JSON form of its own:
// report.Document writes a run as JSON.
type Result struct {
	Deal          string
	Currency      string
	Scale         int32
	Periods       []PeriodSummary
	Payments      tranche.Ledger              // in the order they were made; empty when TotalsOnly
	Contributions tranche.Contributions       // in the order they were booked
	Events        []tranche.Event             // what happened besides payments: defaults, breaches, clawbacks
	Fees          []contract.FeeLine          // each period's management fee, gross, offset and net, when the deal has [Fees]
	Nested        map[tranche.PartyID]*Result // the run of each party that is itself a deal ([Party].Deal)
	Holdings      []tranche.Holding           // cash kept back by tranches each period (reserves, cash traps), part of Retained
	TotalsOnly    bool                        // the run kept totals, not the ledger of payments ([RunOptions])
	parties       []Party                     // a copy of the deal's, for names and roles: the deal may change
	index         map[tranche.PartyID]int
	book          *tranche.Book // the run's book, which holds the totals and flows; nil for a Result made by Tally
	totals        []PartyTotal  // the totals of a Result made by Tally
}

func newResult(d *Deal) *Result {
	r := &Result{Deal: d.Name, Currency: d.Currency, Scale: d.Scale, parties: append([]Party(nil), d.Parties...), index: make(map[tranche.PartyID]int, len(d.Parties))}
	for i, p := range d.Parties {
		r.index[p.ID] = i
	}
	return r
}

// partyTotal makes the totals of party i (zero totals when the run has neither
// a book nor tallied totals).
func (r *Result) partyTotal(i int) PartyTotal {
	if r.totals != nil {
		return r.totals[i]
	}
	p := r.parties[i]
	t := PartyTotal{Party: p.ID, Name: p.Name, Role: p.Role}
	if t.Name == "" {
		t.Name = string(p.ID)
	}
	if r.book == nil {
		t.Contributed, t.Distributed, t.PaidOut = decimal.Zero, decimal.Zero, decimal.Zero
		for k := range t.ByKind {
			t.ByKind[k] = decimal.Zero
		}
		return t
	}
	a, _ := r.book.Account(p.ID) // the book has every party of the deal
	t.Contributed, t.Distributed, t.ByKind, t.PaidOut = a.Contributed, a.Distributed, a.ByKind, a.PaidOut
	return t
}

// Parties returns every party's totals, in the deal's order. Each call makes
// them afresh: to look at one party, use [Result.Party].
func (r *Result) Parties() []PartyTotal {
	if r == nil {
		return nil
	}
	out := make([]PartyTotal, len(r.parties))
	for i := range out {
		out[i] = r.partyTotal(i)
	}
	return out
}

// finish hands the run's book, which steps no more, to r: r takes its holdings
// and events as they are, as its ledger and contributions.
func (r *Result) finish(b *tranche.Book, totalsOnly bool) {
	r.Holdings = clipped(b.Holdings())
	r.book, r.TotalsOnly = b, totalsOnly
	if !totalsOnly {
		r.Payments = b.Ledger()
	}
	r.Contributions = b.Contributions()
	r.Events = clipped(b.Events())
}

// clipped is s with no room to grow into, nil when empty.
func clipped[T any](s []T) []T {
	if len(s) == 0 {
		return nil
	}
	return s[:len(s):len(s)]
}

// Tally returns the Result of a run that [Run] did not make: one assembled from
// several stacks stepped side by side, as package fund does for a fund run deal
// by deal. d gives the name, currency, scale and parties (its stack and cash
// are not read); the other arguments are the run's period summaries,
// contributions, payments and events, in the order they happened, and are kept
// as given. Each party's totals are added up from them: contributions, receipts
// by kind, and what it paid out (payments From it). Tally returns an error if
// an entry names a party that d does not have.
func Tally(d *Deal, periods []PeriodSummary, contributions []tranche.Contribution, pays []tranche.Payment, events []tranche.Event) (*Result, error) {
	if d == nil {
		return nil, fmt.Errorf("nil deal: %w", contract.ErrRequired)
	}
	r := newResult(d)
	totals := make([]PartyTotal, len(d.Parties))
	for i := range totals {
		totals[i] = r.partyTotal(i) // zero: r has no book yet
	}
	r.totals = totals
	for i, c := range contributions {
		j, ok := r.index[c.Party]
		if !ok {
			return nil, contract.Field(fmt.Sprintf("contributions[%d].party", i), fmt.Errorf("%w %q", tranche.ErrUnknownParty, c.Party))
		}
		t := &r.totals[j]
		t.Contributed = t.Contributed.Add(c.Amount)
	}
	for i, p := range pays {
		for _, id := range []tranche.PartyID{p.Party, p.From} {
			if _, ok := r.index[id]; !ok && id != "" {
				return nil, contract.Field(fmt.Sprintf("payments[%d]", i), fmt.Errorf("%w %q", tranche.ErrUnknownParty, id))
			}
		}
	}
	r.Periods = periods
	pays = append([]tranche.Payment(nil), pays...)
	r.Payments = tranche.LedgerOf(pays)
	r.Contributions = tranche.ContributionsOf(append([]tranche.Contribution(nil), contributions...))
	r.Events = append([]tranche.Event(nil), events...)
	for _, p := range pays {
		t := &r.totals[r.index[p.Party]]
		t.Distributed = t.Distributed.Add(p.Amount)
		t.ByKind[p.Kind] = t.ByKind[p.Kind].Add(p.Amount)
		if p.From != "" {
			f := &r.totals[r.index[p.From]]
			f.PaidOut = f.PaidOut.Add(p.Amount)
		}
	}
	return r, nil
}

// Party returns the party's totals; false for a party not in the run (or a nil
// Result).
func (r *Result) Party(id tranche.PartyID) (PartyTotal, bool) {
	if r == nil {
		return PartyTotal{}, false
	}
	i, ok := r.index[id]
	if !ok {
		return PartyTotal{}, false
	}
	return r.partyTotal(i), true
}

// Retained is the cash left at the end of the run, not paid to anyone.
func (r *Result) Retained() decimal.Decimal {
	if r == nil || len(r.Periods) == 0 {
		return decimal.Zero
	}
	return r.Periods[len(r.Periods)-1].Retained
}

// Flows returns the party's dated cash flows from its own side: contributions
// negative, receipts positive, one flow per date, oldest first; what the party
// pays to others (payments From it) is negative too. They are what
// [Result.XIRR] and [Result.MOIC] read, made from
// [Result.Movements], so a run keeps them whether or not it keeps the
// ledger.
func (r *Result) Flows(id tranche.PartyID) []contract.Flow {
	moves := r.Movements(id)
	if moves == nil {
		return nil
	}
	flows := make([]contract.Flow, len(moves))
	for j, m := range moves {
		flows[j] = contract.Flow{Date: m.Date, Amount: m.Out.Sub(m.In).Sub(m.PaidOut)}
	}
	return flows
}

// Movements returns what moved the party's account on each date, oldest first:
// its contributions (In), what it received (Out, of which Capital returned
// capital) and what it paid to others (PaidOut). Like
// [Result.Flows], a run keeps them whether or not it keeps the ledger, so
// payback and first-payment dates can be read from a totals-only run. It
// returns nil for a party not in the run.
func (r *Result) Movements(id tranche.PartyID) []tranche.Movement {
	if r == nil {
		return nil
	}
	if _, ok := r.index[id]; !ok {
		return nil
	}
	if r.book != nil {
		moves, _ := r.book.Movements(id) // the book has every party of the deal
		return moves
	}
	byDate := map[time.Time]*tranche.Movement{}
	at := func(d time.Time) *tranche.Movement {
		m, ok := byDate[d]
		if !ok {
			m = &tranche.Movement{Date: d, In: decimal.Zero, Out: decimal.Zero, Capital: decimal.Zero, PaidOut: decimal.Zero}
			byDate[d] = m
		}
		return m
	}
	for c := range r.Contributions.Values() {
		if c.Party == id {
			m := at(c.Date)
			m.In = m.In.Add(c.Amount)
		}
	}
	for p := range r.Payments.Values() {
		if p.Party == id {
			m := at(p.Date)
			m.Out = m.Out.Add(p.Amount)
			if p.Kind == tranche.KindCapital {
				m.Capital = m.Capital.Add(p.Amount)
			}
		}
		if p.From == id {
			m := at(p.Date)
			m.PaidOut = m.PaidOut.Add(p.Amount)
		}
	}
	out := make([]tranche.Movement, 0, len(byDate))
	for _, m := range byDate {
		out = append(out, *m)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Date.Before(out[j].Date) })
	return out
}

// Loan returns the loan's position at the end of the run: its outstanding
// principal ([tranche.DebtState.Outstanding], capitalised interest included),
// what is due and unpaid, whether it is in default. A run keeps it whether or
// not it keeps the ledger. It returns an error wrapping [contract.ErrRequired]
// for a nil result or loan, and
// [ErrNotInRun] for a loan the run did not pay (not in the deal's stack)
// or a result no run made ([Tally]).
func (r *Result) Loan(d *tranche.Debt) (tranche.DebtState, error) {
	switch {
	case r == nil:
		return tranche.DebtState{}, fmt.Errorf("nil result: %w", contract.ErrRequired)
	case d == nil:
		return tranche.DebtState{}, fmt.Errorf("nil loan: %w", contract.ErrRequired)
	}
	if r.book == nil {
		return tranche.DebtState{}, fmt.Errorf("loan %q: result %q: %w", d.Name, r.Deal, ErrNotInRun)
	}
	if _, ok := r.book.State(d.Name).(*tranche.DebtState); !ok {
		return tranche.DebtState{}, fmt.Errorf("loan %q: %w", d.Name, ErrNotInRun)
	}
	return d.State(r.book)
}

// XIRR is the party's annual internal rate of return from its dated flows
// ([Result.Flows]), by [metrics.XIRR], whose errors it returns; it returns an
// error wrapping [tranche.ErrUnknownParty] for a party not in the deal.
func (r *Result) XIRR(id tranche.PartyID) (float64, error) {
	if r == nil {
		return 0, fmt.Errorf("nil result: %w", contract.ErrRequired)
	}
	if _, ok := r.Party(id); !ok {
		return 0, fmt.Errorf("%w %q", tranche.ErrUnknownParty, id)
	}
	return metrics.XIRR(r.Flows(id))
}

// MOIC is the party's multiple on invested capital: received (less what it paid
// out to others) / contributed, by [metrics.MOIC], whose errors it returns; it
// returns an error wrapping [tranche.ErrUnknownParty] for a party not in the
// deal.
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
