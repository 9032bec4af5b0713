package tranche

import (
	"fmt"

	"github.com/jvwaterfall/jvwaterfall/contract"
	"github.com/shopspring/decimal"
)

// Cap returns a [*Capped] that lets t pay at most limit in total over a
// run (rounded down to the minor unit). Once t has paid limit, the cap
// offers it nothing more.
func Cap(limit decimal.Decimal, t Tranche) Tranche {
	return &Capped{Limit: limit, Tranche: t, id: compositeID("cap", []Tranche{t})}
}

// Capped lets its Tranche pay at most Limit in total over a run (rounded
// down to the minor unit). Its ID is "cap(" + the Tranche's ID + ")"; the
// book keeps what the Tranche has paid through it under that ID. [Cap]
// returns one.
//
// The fields say what the tranche is, for tools that walk a stack; treat
// them as read-only once the tranche is in use. A Capped written as a
// literal works as one from Cap, which also computes the ID once.
type Capped struct {
	Limit   decimal.Decimal // the most the Tranche may pay over a run; not negative
	Tranche Tranche         // the claim that is capped
	id      TrancheID       // set by Cap
}

// ID returns "cap(" + the Tranche's ID + ")".
func (c *Capped) ID() TrancheID {
	if c == nil {
		return ""
	}
	if c.id != "" {
		return c.id
	}
	return compositeID("cap", []Tranche{c.Tranche})
}

// Children returns the Tranche.
func (c *Capped) Children() []Tranche {
	if c == nil {
		return nil
	}
	return []Tranche{c.Tranche}
}

// Validate reports a cap of nothing and a negative limit.
func (c *Capped) Validate() error {
	if c == nil {
		return errNilTranche(c)
	}
	if isNil(c.Tranche) {
		return fmt.Errorf("cap of nothing: %w", contract.ErrInvalid)
	}
	if c.Limit.Sign() < 0 {
		return fieldErr("limit", contract.ErrNegative)
	}
	return nil
}

// left is what the cap still allows the Tranche to pay.
func (c *Capped) left(b *Book) decimal.Decimal {
	through, _ := b.State(c.ID()).(decimal.Decimal)
	return decimal.Max(decimal.Zero, c.Limit.RoundFloor(b.scale).Sub(through))
}

// Owed is the Tranche's claim, limited to what the cap still allows.
func (c *Capped) Owed(b *Book) (Claim, error) {
	if c == nil {
		return Claim{}, errNilTranche(c)
	}
	if isNil(c.Tranche) {
		return Claim{}, errNothingInside("cap")
	}
	claim, err := c.Tranche.Owed(b)
	if err != nil {
		return Claim{}, err
	}
	left := c.left(b)
	if claim.Unbounded || claim.Amount.GreaterThan(left) {
		return Claim{Amount: left}, nil
	}
	return claim, nil
}

// Pay offers the Tranche avail, or what the cap still allows if that is
// less, and records what it paid.
func (c *Capped) Pay(b *Book, avail decimal.Decimal) (decimal.Decimal, error) {
	if c == nil {
		return decimal.Zero, errNilTranche(c)
	}
	if isNil(c.Tranche) {
		return decimal.Zero, errNothingInside("cap")
	}
	id := c.ID()
	if err := checkAvail(b, id, avail); err != nil {
		return decimal.Zero, err
	}
	offer := decimal.Min(avail, c.left(b))
	if offer.IsZero() {
		return decimal.Zero, nil
	}
	paid, err := payChecked(b, c.Tranche, offer)
	if err != nil {
		return decimal.Zero, err
	}
	through, _ := b.State(id).(decimal.Decimal)
	b.SetState(id, through.Add(paid))
	return paid, nil
}
