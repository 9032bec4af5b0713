package waterfall

import (
	"fmt"
	"slices"
	"strings"

	"github.com/jvwaterfall/jvwaterfall/contract"
	"github.com/jvwaterfall/jvwaterfall/tranche"
)

// Deals nest: a party whose Deal is set is itself a deal. The deals below one
// deal form a graph in which a deal may be held by several parties, at one
// level or at several; a cycle is an error. Each deal of the graph is validated
// once and run once, after every deal that holds it, over what all its holders
// received and paid, so both are linear in the number of deals.

// Walk states of a deal in the nesting graph.
const (
	unvisited uint8 = iota
	visiting        // on the current path: reaching it again is a cycle
	visited         // done, with everything below it
)

// nestPath is where a nested deal is: the party that holds it, in the deal at
// parent. Paths are written out only for errors, so a chain of deals costs no
// more than its length.
type nestPath struct {
	parent *nestPath // nil: a party of the top deal (or of a fund)
	party  int
}

// String returns the path in the form of the JSON spec:
// "parties[0].deal.parties[1].deal".
func (p *nestPath) String() string {
	var parts []string
	for x := p; x != nil; x = x.parent {
		parts = append(parts, fmt.Sprintf("parties[%d].deal", x.party))
	}
	slices.Reverse(parts)
	return strings.Join(parts, ".")
}

// nestWalk is one depth-first walk of the deals nested below a deal.
type nestWalk struct {
	state map[*Deal]uint8
	stack []*Deal // the deals on the current path, the top one first
	order []*Deal // the nested deals in post-order: each after every deal it holds
	errs  []error
	check bool // validate each deal when first reached
}

// walkNesting walks the deals held by parties (of the deal top, nil when the
// parties are a fund's) and returns them in an order in which each deal comes
// after every deal that holds it; with check it also validates each one once,
// and reports cycles, currencies and scales.
func walkNesting(top *Deal, parties []Party, check bool) ([]*Deal, []error) {
	w := &nestWalk{state: map[*Deal]uint8{}, check: check}
	if top != nil {
		w.state[top] = visiting
		w.stack = append(w.stack, top)
	}
	w.parties(top, parties, nil)
	slices.Reverse(w.order)
	return w.order, w.errs
}

func (w *nestWalk) parties(holder *Deal, parties []Party, above *nestPath) {
	for i, p := range parties {
		if p.Deal == nil {
			continue
		}
		path := &nestPath{parent: above, party: i}
		sub := p.Deal
		switch w.state[sub] {
		case visiting:
			names := []string{}
			for _, x := range w.stack[slices.Index(w.stack, sub):] {
				names = append(names, fmt.Sprintf("%q", x.Name))
			}
			names = append(names, fmt.Sprintf("%q", sub.Name))
			w.errs = append(w.errs, contract.Field(path.String(), fmt.Errorf("deals nest in a cycle: %s: %w", strings.Join(names, " → "), contract.ErrInvalid)))
			continue
		case visited:
			w.holderCheck(holder, sub, path)
			continue
		}
		w.holderCheck(holder, sub, path)
		if w.check {
			if err := sub.validateSelf(); err != nil {
				w.errs = append(w.errs, contract.Prefix(path.String(), err))
			}
		}
		w.state[sub] = visiting
		w.stack = append(w.stack, sub)
		w.parties(sub, sub.Parties, path)
		w.stack = w.stack[:len(w.stack)-1]
		w.state[sub] = visited
		w.order = append(w.order, sub)
	}
}

// holderCheck reports a nested deal that cannot take what its holder passes on:
// another currency, or fewer decimal places.
func (w *nestWalk) holderCheck(holder, sub *Deal, path *nestPath) {
	if !w.check || holder == nil {
		return
	}
	if sub.Currency != holder.Currency && len(sub.Currency) == 3 && len(holder.Currency) == 3 {
		w.errs = append(w.errs, contract.Field(path.String()+".currency", fmt.Errorf("%s, but the deal holding it is in %s: %w", sub.Currency, holder.Currency, contract.ErrInvalid)))
	}
	if sub.Scale < holder.Scale {
		w.errs = append(w.errs, contract.Field(path.String()+".scale", fmt.Errorf("%d decimal places, fewer than the %d of the deal holding it, whose payments it receives: %w", sub.Scale, holder.Scale, contract.ErrRange)))
	}
}

// validateNesting validates every deal nested below d once, with cycles,
// currencies and scales, each problem under the path of the first party found
// holding the deal.
func validateNesting(d *Deal) []error {
	_, errs := walkNesting(d, d.Parties, true)
	return errs
}

// feed is what a nested deal receives from its holders, and its run.
type feed struct {
	path    *nestPath // the first party found holding it
	deal    Deal      // the deal with its holders' cash added
	holders []*Result
	ids     []tranche.PartyID // holders[i] files the run under ids[i]
	res     *Result
}

// RunNested runs the deal of every party that is itself a deal ([Party].Deal),
// over what the party received and paid in res, and files the runs in
// res.Nested under the party's ID; deals nested deeper run the same way, each
// after every deal holding it. What a party receives (a payment to it) is a
// proceed of its deal in the payment's period, what it pays out (a payment From
// it) a cost, and each contribution it makes a
// [Call] on its deal's investors. A deal held by several parties is run
// once, over what all of them received, and filed under each.
//
// [Run] calls it; package fund calls it for a fund's parties. parties are
// the parties of the run that made res, in its order; the nested deals must be
// valid ([Deal.Validate]). An error's path names the party that holds the deal
// ("parties[0].deal.calls[0]"); a holder's cash dated outside the nested deal's
// schedule is an error ([contract.ErrRange]).
func RunNested(res *Result, parties []Party) error {
	return runNested(res, parties, RunOptions{TotalsOnly: res != nil && res.TotalsOnly})
}

func runNested(res *Result, parties []Party, opts RunOptions) error {
	if res == nil {
		return fmt.Errorf("nil result: %w", contract.ErrRequired)
	}
	order, errs := walkNesting(nil, parties, false)
	if len(errs) > 0 {
		return errs[0]
	}
	if len(order) == 0 {
		return nil
	}
	feeds := make(map[*Deal]*feed, len(order))
	for _, d := range order {
		f := &feed{deal: *d}
		f.deal.Proceeds = slices.Clone(d.Proceeds)
		f.deal.Costs = slices.Clone(d.Costs)
		f.deal.Calls = slices.Clone(d.Calls)
		feeds[d] = f
	}
	feedFrom(res, parties, nil, feeds)
	for _, d := range order {
		f := feeds[d]
		if err := f.checkDates(); err != nil {
			return err
		}
		r, err := runStack(&f.deal, opts)
		if err != nil {
			return contract.Prefix(f.path.String(), err)
		}
		f.res = r
		feedFrom(r, d.Parties, f.path, feeds)
	}
	for _, d := range order {
		f := feeds[d]
		for i, h := range f.holders {
			if h.Nested == nil {
				h.Nested = map[tranche.PartyID]*Result{}
			}
			h.Nested[f.ids[i]] = f.res
		}
	}
	return nil
}

// feedFrom adds to each nested deal held by one of parties what the party
// received, paid out and contributed in res.
func feedFrom(res *Result, parties []Party, above *nestPath, feeds map[*Deal]*feed) {
	held := map[tranche.PartyID]*feed{}
	for i, p := range parties {
		if p.Deal == nil {
			continue
		}
		f := feeds[p.Deal]
		if f.path == nil {
			f.path = &nestPath{parent: above, party: i}
		}
		f.holders = append(f.holders, res)
		f.ids = append(f.ids, p.ID)
		held[p.ID] = f
	}
	if len(held) == 0 {
		return
	}
	// A run's movements have what each party received and paid out, date
	// by date, with or without the ledger.
	for _, p := range parties {
		if f := held[p.ID]; f != nil {
			for _, m := range res.Movements(p.ID) {
				if m.Out.Sign() > 0 {
					f.deal.Proceeds = append(f.deal.Proceeds, contract.Flow{Date: m.Date, Amount: m.Out})
				}
				if m.PaidOut.Sign() > 0 {
					f.deal.Costs = append(f.deal.Costs, contract.Flow{Date: m.Date, Amount: m.PaidOut})
				}
			}
		}
	}
	for c := range res.Contributions.Values() {
		if f := held[c.Party]; f != nil {
			f.deal.Calls = append(f.deal.Calls, Call{Date: c.Date, Amount: c.Amount})
		}
	}
}

// checkDates reports cash passed on by a holder on a date outside the nested
// deal's schedule, naming the deal, not an entry the user never wrote.
func (f *feed) checkDates() error {
	d := &f.deal
	if len(d.Periods) == 0 {
		return contract.Field(f.path.String()+".periods", contract.ErrRequired)
	}
	outside := func(what string, fl contract.Flow) error {
		if _, ok := contract.PeriodIndex(d.Periods, fl.Date); ok {
			return nil
		}
		return contract.Field(f.path.String(), fmt.Errorf("%s of %s on %s, outside its schedule (%s, %s]; extend its periods to cover its holder's: %w", what, fl.Amount.StringFixed(d.Scale), day(fl.Date), day(d.Periods[0].Start), day(d.Periods[len(d.Periods)-1].End), contract.ErrRange))
	}
	calls := make([]contract.Flow, len(d.Calls))
	for i, c := range d.Calls {
		calls[i] = contract.Flow{Date: c.Date, Amount: c.Amount}
	}
	for k, flows := range [][]contract.Flow{d.Proceeds, d.Costs, calls} {
		for _, fl := range flows {
			if err := outside([]string{"a receipt", "a payment", "a capital call"}[k], fl); err != nil {
				return err
			}
		}
	}
	return nil
}
