package spec

import (
	"fmt"
	"slices"

	"github.com/jvwaterfall/jvwaterfall/contract"
	"github.com/jvwaterfall/jvwaterfall/internal/jsontext"
	"github.com/jvwaterfall/jvwaterfall/waterfall"
)

// Deals nest through a party's "deal", written inline: each is decoded
// by its own decoder, at most MaxDealDepth deep, and a currency other
// than the deal's is ErrCurrencyMismatch. JSON written inline cannot hold
// itself; a Go deal that does is refused by MarshalDeal with an ErrCycle
// error naming the path of deals.

// partyDeal reads a party's nested deal, if it has one.
func (d *decoder) partyDeal(po *Object) *waterfall.Deal {
	v, path := po.field("deal", false)
	if v == nil {
		return nil
	}
	return d.nestedDeal(path, v)
}

// nestedDeal decodes the deal a party holds, with its own parties and
// stack, reporting its problems under path. Its currency must be the
// deal's.
func (d *decoder) nestedDeal(path string, v *jsontext.Value) *waterfall.Deal {
	if d.nesting+1 >= MaxDealDepth {
		d.failf(path, ErrLimit, "deals nested more than %d deep (MaxDealDepth)", MaxDealDepth)
		return nil
	}
	c := newDecoder(d.kinds, d.nesting+1)
	c.work = d.work // MaxContractPeriods bounds the deals nested in it too
	sub := c.dealNode(v)
	d.work = c.work
	if sub != nil && d.currency != "" && sub.Currency != d.currency {
		c.failf("currency", ErrCurrencyMismatch, "%q where the deal is in %q", sub.Currency, d.currency)
	}
	if len(c.errs) > 0 || c.dropped {
		d.add(path, c.err())
		return nil
	}
	return sub
}

// checkNesting reports a deal that holds itself, through parties, as an
// ErrCycle naming the path of deals, and nesting deeper than
// MaxDealDepth.
func checkNesting(d *waterfall.Deal) error {
	graph, maybe := nestedGraph(d)
	if maybe {
		if err := checkCycles("parties", graph); err != nil {
			return err
		}
	}
	if depth := dealDepth(d, 0); depth > MaxDealDepth {
		return contract.Field("parties", fmt.Errorf("deals nested %d deep, more than %d (MaxDealDepth): %w", depth, MaxDealDepth, ErrLimit))
	}
	return nil
}

// nestedGraph is the graph of nested deals below d, by name, for
// checkCycles; it also reports whether d holds a deal twice or itself.
func nestedGraph(d *waterfall.Deal) (map[string][]string, bool) {
	graph := map[string][]string{}
	seen := map[*waterfall.Deal]string{}
	var visit func(x *waterfall.Deal, name string)
	cyclic := false
	visit = func(x *waterfall.Deal, name string) {
		seen[x] = name
		for i, p := range x.Parties {
			if p.Deal == nil {
				continue
			}
			child := fmt.Sprintf("%s.parties[%d].deal", name, i)
			if prev, ok := seen[p.Deal]; ok {
				graph[name] = append(graph[name], prev)
				cyclic = true
				continue
			}
			graph[name] = append(graph[name], child)
			visit(p.Deal, child)
		}
	}
	visit(d, "deal")
	return graph, cyclic
}

// dealDepth is the nesting depth of d, counting d; it stops past
// MaxDealDepth.
func dealDepth(d *waterfall.Deal, above int) int {
	if above > MaxDealDepth {
		return above
	}
	depth := above + 1
	for _, p := range d.Parties {
		if p.Deal != nil {
			depth = max(depth, dealDepth(p.Deal, above+1))
		}
	}
	return depth
}

// checkCycles reports a cycle in graph, which maps each deal to the deals
// it holds, as an ErrCycle error at path naming the deals on the cycle,
// such as `fund -> jv -> fund`; nil when there is no cycle.
func checkCycles(path string, graph map[string][]string) error {
	const (
		unseen = iota
		active
		finished
	)
	state := map[string]int{}
	var stack []string
	var visit func(n string) []string
	visit = func(n string) []string {
		state[n] = active
		stack = append(stack, n)
		for _, m := range graph[n] {
			switch state[m] {
			case active:
				for i, s := range stack {
					if s == m {
						return append(append([]string(nil), stack[i:]...), m)
					}
				}
			case unseen:
				if c := visit(m); c != nil {
					return c
				}
			}
		}
		stack = stack[:len(stack)-1]
		state[n] = finished
		return nil
	}
	keys := make([]string, 0, len(graph))
	for k := range graph {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, n := range keys {
		if state[n] == unseen {
			if c := visit(n); c != nil {
				msg := c[0]
				for _, s := range c[1:] {
					msg += " -> " + s
				}
				return contract.Field(path, fmt.Errorf("%s: %w", msg, ErrCycle))
			}
		}
	}
	return nil
}
