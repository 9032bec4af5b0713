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
// empty ID for a nil or typed-nil child (which Validate reports), and
// "..." for a child too deep to name, such as one that holds itself
// (which Validate reports: its own ID would have no end).
func compositeID(name string, ts []Tranche) TrancheID {
	ids := make([]string, len(ts))
	for i, t := range ts {
		switch {
		case isNil(t):
		case CheckShape(t) != nil:
			ids[i] = "..."
		default:
			ids[i] = string(t.ID())
		}
	}
	return TrancheID(name + "(" + strings.Join(ids, ",") + ")")
}

// ID returns "seq(" + the IDs of the Tranches, joined by commas, + ")".
func (s *Sequential) ID() TrancheID {
	if s == nil {
		return ""
	}
	if s.id != "" {
		return s.id
	}
	return compositeID("seq", s.Tranches)
}

// Children returns a copy of the Tranches.
func (s *Sequential) Children() []Tranche {
	if s == nil {
		return nil
	}
	return slices.Clone(s.Tranches)
}

// Validate reports a sequence of no tranches.
func (s *Sequential) Validate() error {
	if s == nil {
		return errNilTranche(s)
	}
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

// unlimited is unlimitedCash in the book's minor units, made once.
func (b *Book) unlimited() units {
	if b.unlim.b == nil {
		b.unlim, _ = toUnits(unlimitedCash, b.scale)
	}
	return b.unlim
}

// Owed is what the children would pay one after the other with unlimited
// cash; unbounded if any child is. It tries the payments out on the book
// and undoes them (a trial saves only what the children change).
func (s *Sequential) Owed(b *Book) (Claim, error) {
	if s == nil {
		return Claim{}, errNilTranche(s)
	}
	u, unbounded, err := s.owedUnits(b)
	if err != nil || unbounded {
		return Claim{Unbounded: unbounded}, err
	}
	return Claim{Amount: u.dec(b.scale)}, nil
}

// owedUnits is Owed in minor units.
func (s *Sequential) owedUnits(b *Book) (total units, unbounded bool, err error) {
	if total, ok, err := s.owedApart(b); ok || err != nil {
		return total, false, err
	}
	m := b.begin()
	defer b.undo(m)
	unlimited := b.unlimited()
	for _, t := range s.Tranches {
		// What is left of unlimited cash: a tranche of the package that is
		// always bounded pays its claim out of any amount at least as
		// large, so it is offered unlimited cash itself, which spares a
		// big-integer subtraction.
		left := unlimited
		if !bounded(t) {
			c, err := t.Owed(b)
			if err != nil || c.Unbounded {
				return units{}, c.Unbounded, err
			}
			left = unlimited.sub(total)
		}
		paid, err := payCheckedUnits(b, t, left)
		if err != nil {
			return units{}, false, err
		}
		total = total.add(paid)
	}
	return total, false, nil
}

// owedApart is Owed for a sequence of at most one return of capital and
// at most one preferred return, in either order, whose claims do not
// depend on each other's payments, so that their sum is the sequence's
// claim with no trial: a return of capital moves a party's hurdle balance
// and its unreturned capital alike, which leaves H − unreturned, the
// pref, as it was (and a simple pref's accrual today, and a pref on
// contributed capital, do not read it); a pref payment returns no
// capital. ok is false for any other sequence.
func (s *Sequential) owedApart(b *Book) (total units, ok bool, err error) {
	var roc *ReturnOfCapital
	var pref *PreferredReturn
	for _, t := range s.Tranches {
		switch t := t.(type) {
		case *ReturnOfCapital:
			if roc != nil || t == nil {
				return units{}, false, nil
			}
			roc = t
		case *PreferredReturn:
			if pref != nil || t == nil {
				return units{}, false, nil
			}
			pref = t
		default:
			return units{}, false, nil
		}
	}
	if roc != nil {
		_, owed, err := roc.owed(b)
		if err != nil {
			return units{}, true, err
		}
		for _, o := range owed {
			total = total.add(o)
		}
	}
	if pref != nil {
		_, owed, err := pref.owed(b, false)
		if err != nil {
			return units{}, true, err
		}
		for _, o := range owed {
			total = total.add(o)
		}
	}
	return total, true, nil
}

// bounded reports whether t is one of the package's tranches whose claim
// is always bounded, so that a sequence's Owed can pay it without asking
// its Owed first (which would work out its claim twice).
func bounded(t Tranche) bool {
	switch t := t.(type) {
	case *ReturnOfCapital:
		return t != nil
	case *PreferredReturn:
		return t != nil
	case *CatchUp:
		return t != nil
	}
	return false
}

// Pay offers avail to the Tranches in order, each what the ones before it
// left.
func (s *Sequential) Pay(b *Book, avail decimal.Decimal) (decimal.Decimal, error) {
	if s == nil {
		return decimal.Zero, errNilTranche(s)
	}
	if err := checkAvail(b, s.ID(), avail); err != nil {
		return decimal.Zero, err
	}
	u, _ := toUnits(avail, b.scale)
	paid, err := s.payUnits(b, u)
	if err != nil {
		return decimal.Zero, err
	}
	return decOf(paid, u, avail, b.scale), nil
}

func (s *Sequential) payUnits(b *Book, avail units) (units, error) {
	left := avail
	for _, t := range s.Tranches {
		if left.sign() == 0 {
			break
		}
		paid, err := payCheckedUnits(b, t, left)
		if err != nil {
			return units{}, err
		}
		left = left.sub(paid)
	}
	return avail.sub(left), nil
}

// decOf is paid as a decimal: d itself when paid is u, the amount d stands
// for, so that paying all that is offered makes no new decimal.
func decOf(paid, u units, d decimal.Decimal, scale int32) decimal.Decimal {
	if paid.eq(u) {
		return d
	}
	return paid.dec(scale)
}

// A unitPayer pays in minor units: the package's own tranches implement
// it, and the combinators call it instead of Pay, so that a period's
// cash is not turned into decimals at every tier. avail is whole and
// not negative; the result is what the tranche posted.
type unitPayer interface {
	payUnits(b *Book, avail units) (units, error)
}

// payChecked calls t.Pay and checks the rules of [Tranche] that the
// caller can see: the amount returned is what was posted, not negative and
// not above avail.
func payChecked(b *Book, t Tranche, avail decimal.Decimal) (decimal.Decimal, error) {
	u, ok := toUnits(avail, b.scale)
	if !ok {
		return decimal.Zero, fmt.Errorf("tranche %q: offered %s: %w", t.ID(), avail, ErrNotQuantized)
	}
	paid, err := payCheckedUnits(b, t, u)
	if err != nil {
		return decimal.Zero, err
	}
	return decOf(paid, u, avail, b.scale), nil
}

// payCheckedUnits is payChecked in minor units: it calls the tranche's
// payUnits when it has one, and Pay otherwise.
func payCheckedUnits(b *Book, t Tranche, avail units) (units, error) {
	start := b.posted // the sum of the ledger so far
	var paid units
	if up, ok := t.(unitPayer); ok {
		var err error
		if paid, err = up.payUnits(b, avail); err != nil {
			return units{}, err
		}
	} else {
		d, err := t.Pay(b, avail.dec(b.scale))
		if err != nil {
			return units{}, err
		}
		var whole bool
		if paid, whole = toUnits(d, b.scale); !whole {
			return units{}, fmt.Errorf("tranche %q: %w: returned %s but posted %s", t.ID(), ErrInvariant, d, b.posted.sub(start).dec(b.scale))
		}
	}
	posted := b.posted.sub(start)
	switch {
	case !paid.eq(posted):
		return units{}, fmt.Errorf("tranche %q: %w: returned %s but posted %s", t.ID(), ErrInvariant, paid.dec(b.scale), posted.dec(b.scale))
	case paid.sign() < 0 || paid.cmp(avail) > 0:
		return units{}, fmt.Errorf("tranche %q: %w: paid %s of %s offered", t.ID(), ErrInvariant, paid.dec(b.scale), avail.dec(b.scale))
	}
	return paid, nil
}

// PayChecked offers avail to t and checks what it did: the amount it
// returns must equal the payments it posted to b, and be neither negative
// nor above avail; otherwise the error wraps [ErrInvariant]. The engine
// calls the top of a stack through it, once a period, after [Validate]
// accepted the stack; it does not check the stack's shape again (a stack
// that holds itself, [CheckShape], is paid without end).
func PayChecked(b *Book, t Tranche, avail decimal.Decimal) (decimal.Decimal, error) {
	if isNil(t) {
		return decimal.Zero, errNilTranche(t)
	}
	if err := checkAvail(b, t.ID(), avail); err != nil {
		return decimal.Zero, err
	}
	return payChecked(b, t, avail)
}
