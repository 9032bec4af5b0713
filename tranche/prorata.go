package tranche

import (
	"fmt"
	"slices"

	"github.com/jvwaterfall/jvwaterfall/contract"
	"github.com/jvwaterfall/jvwaterfall/internal/alloc"
	"github.com/shopspring/decimal"
)

// ProRata returns a tranche that pays ts pari passu: each is owed what its
// Owed says, and when cash is short every child gets a share of it in
// proportion to its claim (largest remainder, ties to the earlier child).
// Every child must have a bounded claim. Its ID is "prorata(" + the
// children's IDs + ")".
func ProRata(ts ...Tranche) Tranche {
	return &proRata{id: compositeID("prorata", ts), ts: slices.Clone(ts)}
}

type proRata struct {
	id TrancheID
	ts []Tranche
}

func (p *proRata) ID() TrancheID       { return p.id }
func (p *proRata) Children() []Tranche { return slices.Clone(p.ts) }

func (p *proRata) Validate() error {
	if len(p.ts) == 0 {
		return fmt.Errorf("%w: pro rata needs at least one tranche", contract.ErrInvalid)
	}
	return nil
}

func (p *proRata) claims(b *Book) ([]decimal.Decimal, decimal.Decimal, error) {
	owed := make([]decimal.Decimal, len(p.ts))
	for i, t := range p.ts {
		c, err := t.Owed(b)
		if err != nil {
			return nil, decimal.Zero, err
		}
		if c.Unbounded {
			return nil, decimal.Zero, fmt.Errorf("tranche %q: child %q: %w", p.id, t.ID(), ErrUnbounded)
		}
		owed[i] = c.Amount
	}
	return owed, sum(owed), nil
}

// Owed is the sum of the children's claims.
func (p *proRata) Owed(b *Book) (Claim, error) {
	_, total, err := p.claims(b)
	return Claim{Amount: total}, err
}

func (p *proRata) Pay(b *Book, avail decimal.Decimal) (decimal.Decimal, error) {
	if err := checkAvail(b, p.id, avail); err != nil {
		return decimal.Zero, err
	}
	owed, total, err := p.claims(b)
	if err != nil || total.IsZero() || avail.IsZero() {
		return decimal.Zero, err
	}
	offer := owed
	if avail.LessThan(total) {
		if offer, err = alloc.Split(avail, owed, b.scale); err != nil {
			return decimal.Zero, fmt.Errorf("tranche %q: %w", p.id, err)
		}
	}
	paid := decimal.Zero
	for i, t := range p.ts {
		if offer[i].IsZero() {
			continue
		}
		x, err := payChecked(b, t, offer[i])
		if err != nil {
			return decimal.Zero, err
		}
		paid = paid.Add(x)
	}
	return paid, nil
}
