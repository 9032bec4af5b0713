package tranche

import (
	"fmt"
	"slices"

	"github.com/jvwaterfall/jvwaterfall/contract"
	"github.com/jvwaterfall/jvwaterfall/internal/alloc"
	"github.com/shopspring/decimal"
)

// ProRata returns a [*PariPassu] that pays ts pari passu: each is owed
// what its Owed says, and when cash is short every child gets a share of
// it in proportion to its claim (largest remainder, ties to the earlier
// child). Every child must have a bounded claim. It keeps a copy of ts.
func ProRata(ts ...Tranche) Tranche {
	ts = slices.Clone(ts)
	return &PariPassu{Tranches: ts, id: compositeID("prorata", ts)}
}

// PariPassu pays its Tranches pari passu: when cash is short, each gets a
// share of it in proportion to its claim. Its ID is "prorata(" + the IDs
// of its Tranches, joined by commas, + ")". [ProRata] returns one.
//
// The fields say what the tranche is, for tools that walk a stack; treat
// them as read-only once the tranche is in use. A PariPassu written as a
// literal works as one from ProRata, which also computes the ID once.
type PariPassu struct {
	Tranches []Tranche // each with a bounded claim; at least one
	id       TrancheID // set by ProRata
}

// ID returns "prorata(" + the IDs of the Tranches, joined by commas, + ")".
func (p *PariPassu) ID() TrancheID {
	if p.id != "" {
		return p.id
	}
	return compositeID("prorata", p.Tranches)
}

// Children returns a copy of the Tranches.
func (p *PariPassu) Children() []Tranche { return slices.Clone(p.Tranches) }

// Validate reports pari passu of no tranches.
func (p *PariPassu) Validate() error {
	if len(p.Tranches) == 0 {
		return fmt.Errorf("pro rata needs at least one tranche: %w", contract.ErrInvalid)
	}
	return nil
}

func (p *PariPassu) claims(b *Book) ([]decimal.Decimal, decimal.Decimal, error) {
	owed := make([]decimal.Decimal, len(p.Tranches))
	for i, t := range p.Tranches {
		c, err := t.Owed(b)
		if err != nil {
			return nil, decimal.Zero, err
		}
		if c.Unbounded {
			return nil, decimal.Zero, fmt.Errorf("tranche %q: child %q: %w", p.ID(), t.ID(), ErrUnbounded)
		}
		owed[i] = c.Amount
	}
	return owed, sum(owed), nil
}

// Owed is the sum of the children's claims.
func (p *PariPassu) Owed(b *Book) (Claim, error) {
	_, total, err := p.claims(b)
	return Claim{Amount: total}, err
}

// Pay pays every claim when avail covers them all, and otherwise shares
// avail among the Tranches by claim.
func (p *PariPassu) Pay(b *Book, avail decimal.Decimal) (decimal.Decimal, error) {
	if err := checkAvail(b, p.ID(), avail); err != nil {
		return decimal.Zero, err
	}
	owed, total, err := p.claims(b)
	if err != nil || total.IsZero() || avail.IsZero() {
		return decimal.Zero, err
	}
	offer := owed
	if avail.LessThan(total) {
		if offer, err = alloc.Split(avail, owed, b.scale); err != nil {
			return decimal.Zero, fmt.Errorf("tranche %q: %w", p.ID(), err)
		}
	}
	paid := decimal.Zero
	for i, t := range p.Tranches {
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
