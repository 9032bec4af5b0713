package tranche

import (
	"fmt"
	"time"

	"github.com/jvwaterfall/jvwaterfall/contract"
	"github.com/shopspring/decimal"
)

// A Drawer is a claim whose party advances cash to the deal during a run,
// as a loan's lender does with each draw. The engine books what a Drawer
// advances in a period as that party's contribution, dated at the
// period's end and booked before the stack is paid, so that the lender's
// contributions, dated flows, rate of return and multiple come from the
// run like any investor's. [Debt] implements it.
type Drawer interface {
	Tranche
	// Advance returns the party that advances cash in the book's current
	// period and how much: a positive, whole number of minor units, or
	// zero for nothing. It only reads the book.
	Advance(b *Book) (PartyID, decimal.Decimal, error)
}

// Drawers returns every [Drawer] in t and below it, parents before
// children, in stack order, each once (a tranche reached twice, by the
// same ID, is listed the first time). A nil tranche has none. t is a
// stack [Validate] accepted: one that holds itself ([CheckShape]) is
// walked without end.
func Drawers(t Tranche) []Drawer {
	var out []Drawer
	seen := map[TrancheID]bool{}
	var walk func(t Tranche)
	walk = func(t Tranche) {
		if isNil(t) || seen[t.ID()] {
			return
		}
		seen[t.ID()] = true
		if d, ok := t.(Drawer); ok {
			out = append(out, d)
		}
		for _, c := range children(t) {
			walk(c)
		}
	}
	walk(t)
	return out
}

// BookDraws books, as contributions in the book's current period, what
// each of drawers advances in it, in order, counts each as its lender's
// [Account].Lent, and returns their sum. The
// engine calls it once a period, before the stack is paid, with the
// stack's [Drawers].
//
// BookDraws returns an error if a Drawer does ([Drawer.Advance]), or if an
// amount is negative or not whole minor units ([ErrInvariant],
// [ErrNotQuantized]) or its party is not in the book ([ErrUnknownParty]).
func BookDraws(b *Book, drawers []Drawer) (decimal.Decimal, error) {
	sum := decimal.Zero
	for _, d := range drawers {
		party, amount, err := d.Advance(b)
		if err != nil {
			return sum, fmt.Errorf("tranche %q: %w", d.ID(), err)
		}
		if amount.IsZero() {
			continue
		}
		if err := b.Contribute(party, amount); err != nil {
			return sum, fmt.Errorf("tranche %q: draw by %q: %w", d.ID(), party, err)
		}
		if b.lent == nil {
			b.lent = make([]units, len(b.acc))
		}
		i, _ := b.lookup(party) // Contribute found it
		u, _ := toUnits(amount, b.scale)
		b.lent[i] = b.lent[i].add(u)
		sum = sum.Add(amount)
	}
	return sum, nil
}

// Advance returns the lender and the loan's draw in the book's current
// period: the cash the lender advances, which is booked as its
// contribution ([Drawer]), the upfront fee paid back to it from the draw
// included. It returns an error if the loan plan is missing, at another
// scale than the book, or not laid over the book's periods.
func (t *Debt) Advance(b *Book) (PartyID, decimal.Decimal, error) {
	if t == nil {
		return "", decimal.Zero, errNilTranche(t)
	}
	if t.Plan == nil {
		return "", decimal.Zero, fmt.Errorf("no loan plan: %w", contract.ErrRequired)
	}
	if t.Plan.Scale() != b.Scale() {
		return "", decimal.Zero, fmt.Errorf("loan plan at scale %d, book at scale %d: %w", t.Plan.Scale(), b.Scale(), contract.ErrInvalid)
	}
	cur := b.Period()
	p, ok := t.Plan.Period(cur.Index)
	if !ok || !p.End.Equal(cur.End) {
		return "", decimal.Zero, fmt.Errorf("period %d ending %s is not in the loan plan's %d periods: %w",
			cur.Index, cur.End.Format(time.DateOnly), t.Plan.NumPeriods(), contract.ErrInvalid)
	}
	return t.Lender, t.Plan.Draw(cur.Index), nil
}
