package tranche

import (
	"fmt"

	"github.com/jvwaterfall/jvwaterfall/contract"
	"github.com/shopspring/decimal"
)

// Cap returns a tranche that lets t pay at most limit in total over a run
// (rounded down to the minor unit). Once t has paid limit, the cap offers
// it nothing more. Its ID is "cap(" + t's ID + ")".
func Cap(limit decimal.Decimal, t Tranche) Tranche {
	return &capped{id: compositeID("cap", []Tranche{t}), limit: limit, t: t}
}

type capped struct {
	id    TrancheID
	limit decimal.Decimal
	t     Tranche
}

func (c *capped) ID() TrancheID       { return c.id }
func (c *capped) Children() []Tranche { return []Tranche{c.t} }

func (c *capped) Validate() error {
	if c.t == nil {
		return fmt.Errorf("%w: cap of nothing", contract.ErrInvalid)
	}
	if c.limit.Sign() < 0 {
		return fieldErr("limit", contract.ErrNegative)
	}
	return nil
}

// left is what the cap still allows t to pay.
func (c *capped) left(b *Book) decimal.Decimal {
	through, _ := b.State(c.id).(decimal.Decimal)
	return decimal.Max(decimal.Zero, c.limit.RoundFloor(b.scale).Sub(through))
}

// Owed is t's claim, limited to what the cap still allows.
func (c *capped) Owed(b *Book) (Claim, error) {
	claim, err := c.t.Owed(b)
	if err != nil {
		return Claim{}, err
	}
	left := c.left(b)
	if claim.Unbounded || claim.Amount.GreaterThan(left) {
		return Claim{Amount: left}, nil
	}
	return claim, nil
}

func (c *capped) Pay(b *Book, avail decimal.Decimal) (decimal.Decimal, error) {
	if err := checkAvail(b, c.id, avail); err != nil {
		return decimal.Zero, err
	}
	offer := decimal.Min(avail, c.left(b))
	if offer.IsZero() {
		return decimal.Zero, nil
	}
	paid, err := payChecked(b, c.t, offer)
	if err != nil {
		return decimal.Zero, err
	}
	through, _ := b.State(c.id).(decimal.Decimal)
	b.SetState(c.id, through.Add(paid))
	return paid, nil
}
