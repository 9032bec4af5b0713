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
	if p == nil {
		return ""
	}
	if p.id != "" {
		return p.id
	}
	return compositeID("prorata", p.Tranches)
}

// Children returns a copy of the Tranches.
func (p *PariPassu) Children() []Tranche {
	if p == nil {
		return nil
	}
	return slices.Clone(p.Tranches)
}

// Validate reports pari passu of no tranches.
func (p *PariPassu) Validate() error {
	if p == nil {
		return errNilTranche(p)
	}
	if len(p.Tranches) == 0 {
		return fmt.Errorf("pro rata needs at least one tranche: %w", contract.ErrInvalid)
	}
	return nil
}

// claims is what each child is owed, in minor units, and their sum.
func (p *PariPassu) claims(b *Book) ([]units, units, error) {
	owed := make([]units, len(p.Tranches))
	total := units{}
	for i, t := range p.Tranches {
		var err error
		unbounded := false
		if s, ok := t.(*Sequential); ok && s != nil {
			owed[i], unbounded, err = s.owedUnits(b)
		} else {
			var c Claim
			if c, err = t.Owed(b); err == nil {
				unbounded = c.Unbounded
				owed[i], _ = toUnits(c.Amount, b.scale)
			}
		}
		if err != nil {
			return nil, units{}, err
		}
		if unbounded {
			return nil, units{}, fmt.Errorf("tranche %q: child %q: %w", p.ID(), t.ID(), ErrUnbounded)
		}
		total = total.add(owed[i])
	}
	return owed, total, nil
}

// Owed is the sum of the children's claims.
func (p *PariPassu) Owed(b *Book) (Claim, error) {
	if p == nil {
		return Claim{}, errNilTranche(p)
	}
	_, total, err := p.claims(b)
	return Claim{Amount: total.dec(b.scale)}, err
}

// Pay pays every claim when avail covers them all, and otherwise shares
// avail among the Tranches by claim.
func (p *PariPassu) Pay(b *Book, avail decimal.Decimal) (decimal.Decimal, error) {
	if p == nil {
		return decimal.Zero, errNilTranche(p)
	}
	if err := checkAvail(b, p.ID(), avail); err != nil {
		return decimal.Zero, err
	}
	u, _ := toUnits(avail, b.scale)
	paid, err := p.payUnits(b, u)
	if err != nil {
		return decimal.Zero, err
	}
	return decOf(paid, u, avail, b.scale), nil
}

func (p *PariPassu) payUnits(b *Book, avail units) (units, error) {
	owed, total, err := p.claims(b)
	if err != nil || total.sign() == 0 || avail.sign() == 0 {
		return units{}, err
	}
	offer := owed
	if avail.cmp(total) < 0 {
		if offer, err = p.share(b, avail, owed); err != nil {
			return units{}, fmt.Errorf("tranche %q: %w", p.ID(), err)
		}
	}
	paid := units{}
	for i, t := range p.Tranches {
		if offer[i].sign() == 0 {
			continue
		}
		x, err := payCheckedUnits(b, t, offer[i])
		if err != nil {
			return units{}, err
		}
		paid = paid.add(x)
	}
	return paid, nil
}

// share divides avail among the claims owed by largest remainder, ties to
// the earlier child.
func (p *PariPassu) share(b *Book, avail units, owed []units) ([]units, error) {
	w := make([]int64, 2*len(owed))
	small := avail.small()
	for i, o := range owed {
		small = small && o.small()
		if small {
			w[i] = o.n
		}
	}
	// SplitInt64 refuses claims that sum beyond an int64 (the claims are
	// not all zero: their total is positive); they go the decimal way.
	if parts := w[len(owed):]; small && new(alloc.Splitter).SplitInt64(avail.n, w[:len(owed)], parts) {
		out := make([]units, len(owed))
		for i, x := range parts {
			out[i] = units{n: x}
		}
		return out, nil
	}
	dec := make([]decimal.Decimal, len(owed))
	for i, o := range owed {
		dec[i] = o.dec(b.scale)
	}
	parts, err := alloc.Split(avail.dec(b.scale), dec, b.scale)
	if err != nil {
		return nil, err
	}
	out := make([]units, len(owed))
	for i, x := range parts {
		out[i], _ = toUnits(x, b.scale)
	}
	return out, nil
}
