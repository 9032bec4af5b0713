package tranche

import (
	"fmt"
	"slices"
	"strings"

	"github.com/jvwaterfall/jvwaterfall/contract"
	"github.com/shopspring/decimal"
)

// Sequence returns a [*Sequential] that pays ts in strict priority: each
// is offered what the ones before it left. It keeps a copy of ts.
func Sequence(ts ...Tranche) Tranche {
	ts = slices.Clone(ts)
	return &Sequential{Tranches: ts, id: compositeID("seq", ts)}
}

// Sequential pays its Tranches in strict priority: each is offered what
// the ones before it left. Its ID is "seq(" + the IDs of its Tranches,
// joined by commas, + ")". [Sequence] returns one.
//
// The fields say what the tranche is, for tools that walk a stack (such
// as package spec); treat them as read-only once the tranche is in use. A
// Sequential written as a literal works as one from Sequence, which also
// computes the ID once instead of on each call.
type Sequential struct {
	Tranches []Tranche // in order of priority; at least one
	id       TrancheID // set by Sequence
}

// compositeID is the ID of a combinator: name(id1,id2,...), with an
// empty ID for a nil or typed-nil child (which Validate reports).
func compositeID(name string, ts []Tranche) TrancheID {
	ids := make([]string, len(ts))
	for i, t := range ts {
		if !isNil(t) {
			ids[i] = string(t.ID())
		}
	}
	return TrancheID(name + "(" + strings.Join(ids, ",") + ")")
}

// ID returns "seq(" + the IDs of the Tranches, joined by commas, + ")".
func (s *Sequential) ID() TrancheID {
	if s.id != "" {
		return s.id
	}
	return compositeID("seq", s.Tranches)
}

// Children returns a copy of the Tranches.
func (s *Sequential) Children() []Tranche { return slices.Clone(s.Tranches) }

// Validate reports a sequence of no tranches.
func (s *Sequential) Validate() error {
	if len(s.Tranches) == 0 {
		return fmt.Errorf("a sequence needs at least one tranche: %w", contract.ErrInvalid)
	}
	return nil
}

// unlimitedCash stands for unlimited cash in a sequence's Owed: more than
// any claim, so that a tranche that looks at the cash offered to those
// before it (a covenant's DSCR reads the cash offered to its loan) sees
// what unlimited cash gives, not just the claims.
var unlimitedCash = decimal.New(1, 30)

// Owed is what the children would pay one after the other with unlimited
// cash, tried out on a copy of the book; unbounded if any child is.
func (s *Sequential) Owed(b *Book) (Claim, error) {
	trial := b.Clone()
	total := decimal.Zero
	left := unlimitedCash
	for _, t := range s.Tranches {
		c, err := t.Owed(trial)
		if err != nil || c.Unbounded {
			return c, err
		}
		paid, err := payChecked(trial, t, left)
		if err != nil {
			return Claim{}, err
		}
		total = total.Add(paid)
		left = left.Sub(paid)
	}
	return Claim{Amount: total}, nil
}

// Pay offers avail to the Tranches in order, each what the ones before it
// left.
func (s *Sequential) Pay(b *Book, avail decimal.Decimal) (decimal.Decimal, error) {
	if err := checkAvail(b, s.ID(), avail); err != nil {
		return decimal.Zero, err
	}
	left := avail
	for _, t := range s.Tranches {
		if left.IsZero() {
			break
		}
		paid, err := payChecked(b, t, left)
		if err != nil {
			return decimal.Zero, err
		}
		left = left.Sub(paid)
	}
	return avail.Sub(left), nil
}

// payChecked calls t.Pay and checks the rules of [Tranche] that the
// caller can see: the amount returned is what was posted, not negative and
// not above avail.
func payChecked(b *Book, t Tranche, avail decimal.Decimal) (decimal.Decimal, error) {
	start := b.posted // the sum of the ledger so far
	paid, err := t.Pay(b, avail)
	if err != nil {
		return decimal.Zero, err
	}
	posted := b.posted.sub(start)
	switch {
	case !unitsEqual(paid, posted, b.scale):
		return decimal.Zero, fmt.Errorf("tranche %q: %w: returned %s but posted %s", t.ID(), ErrInvariant, paid, posted.dec(b.scale))
	case paid.Sign() < 0 || paid.GreaterThan(avail):
		return decimal.Zero, fmt.Errorf("tranche %q: %w: paid %s of %s offered", t.ID(), ErrInvariant, paid, avail)
	}
	return paid, nil
}

// PayChecked offers avail to t and checks what it did: the amount it
// returns must equal the payments it posted to b, and be neither negative
// nor above avail; otherwise the error wraps [ErrInvariant]. The engine
// calls the top of a stack through it.
func PayChecked(b *Book, t Tranche, avail decimal.Decimal) (decimal.Decimal, error) {
	if isNil(t) {
		return decimal.Zero, errNilTranche(t)
	}
	if err := checkAvail(b, t.ID(), avail); err != nil {
		return decimal.Zero, err
	}
	return payChecked(b, t, avail)
}

// unitsEqual reports whether d equals u minor units at scale.
func unitsEqual(d decimal.Decimal, u units, scale int32) bool {
	x, ok := toUnits(d, scale)
	return ok && x.eq(u)
}
