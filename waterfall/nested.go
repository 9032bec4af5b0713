package waterfall

import (
	"fmt"
	"slices"
	"strings"

	"github.com/jvwaterfall/jvwaterfall/contract"
	"github.com/jvwaterfall/jvwaterfall/tranche"
)

// validateNesting reports a cycle of nested deals, and the problems of
// every nested deal, under the path of the party that holds it.
func (d *Deal) validateNesting(add func(string, error)) {
	for i, p := range d.Parties {
		if p.Deal == nil {
			continue
		}
		path := fmt.Sprintf("parties[%d].deal", i)
		if cycle := findCycle(p.Deal, []*Deal{d}); cycle != "" {
			add(path, fmt.Errorf("%w: deals nest in a cycle: %s", contract.ErrInvalid, cycle))
			continue
		}
		add(path, p.Deal.Validate())
	}
}

// findCycle walks the deals nested below d; path holds the deals above it.
// It returns the names along a cycle, or "" when there is none.
func findCycle(d *Deal, path []*Deal) string {
	if slices.Contains(path, d) {
		names := make([]string, 0, len(path)+1)
		for _, x := range append(path, d) {
			names = append(names, fmt.Sprintf("%q", x.Name))
		}
		return strings.Join(names, " → ")
	}
	path = append(path, d)
	for _, p := range d.Parties {
		if p.Deal != nil {
			if c := findCycle(p.Deal, path); c != "" {
				return c
			}
		}
	}
	return ""
}

// RunNested runs the deal of every party that is itself a deal
// ([Party].Deal), over what the party received and paid in res, and files
// the runs in res.Nested under the party's ID. [Run] calls it; package fund
// calls it for a fund's parties. parties are the parties of the run that
// made res, in its order; an error's path names the party
// ("parties[0].deal.proceeds[2].date").
func RunNested(res *Result, parties []Party) error {
	if res == nil {
		return fmt.Errorf("%w: nil result", contract.ErrRequired)
	}
	for i, p := range parties {
		if p.Deal == nil {
			continue
		}
		sub := *p.Deal
		sub.Proceeds = slices.Clone(sub.Proceeds)
		sub.Costs = slices.Clone(sub.Costs)
		sub.Calls = slices.Clone(sub.Calls)
		for _, pay := range res.Payments {
			if pay.Party == p.ID {
				sub.Proceeds = append(sub.Proceeds, contract.Flow{Date: pay.Date, Amount: pay.Amount})
			}
			if pay.From == p.ID {
				sub.Costs = append(sub.Costs, contract.Flow{Date: pay.Date, Amount: pay.Amount})
			}
		}
		for _, c := range res.Contributions {
			if c.Party == p.ID {
				sub.Calls = append(sub.Calls, Call{Date: c.Date, Amount: c.Amount})
			}
		}
		r, err := Run(&sub)
		if err != nil {
			// The path names the party: "parties[0].deal.proceeds[2].date".
			return contract.Prefix(fmt.Sprintf("parties[%d].deal", i), err)
		}
		if res.Nested == nil {
			res.Nested = map[tranche.PartyID]*Result{}
		}
		res.Nested[p.ID] = r
	}
	return nil
}

// NestedResult returns the run of the deal that party id is, if it is one.
func (r *Result) NestedResult(id tranche.PartyID) (*Result, bool) {
	n, ok := r.Nested[id]
	return n, ok
}
