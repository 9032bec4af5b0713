package tranche

import (
	"errors"
	"fmt"
	"maps"
	"reflect"
	"time"

	"github.com/jvwaterfall/jvwaterfall/contract"
	"github.com/shopspring/decimal"
)

// PartyID names a party to a deal: an investor, a sponsor, a lender.
type PartyID string

// TrancheID names a tranche. Every tranche in one stack has its own ID; the
// book keys each tranche's state by it.
type TrancheID string

// Kind says what a payment is. The zero value, KindOther, is for claims
// that fit no other kind. New kinds are only ever added at the end.
type Kind uint8

// The kinds of payment.
const (
	KindOther     Kind = iota // a claim of no other kind
	KindCapital               // return of contributed capital
	KindPref                  // preferred return
	KindCatchUp               // catch-up tier
	KindProfit                // an investor's share of a split of profit
	KindPromote               // the sponsor's promote or carried interest
	KindInterest              // interest on debt
	KindPrincipal             // repayment of debt principal
	KindFee                   // a fee
	// Fund terms: expenses, carry escrow and clawback.
	KindExpense  // a fund expense paid to a third party out of capital called for it
	KindEscrow   // carry moved into escrow (From the sponsor) or released from it (From the escrow)
	KindClawback // carry returned to investors under a clawback (From the sponsor or the escrow)
	// Contracts.
	KindTakeOrPay // owed under a take-or-pay contract: takes, make-up, shortfall and termination payments
	numKinds
)

// NumKinds is the number of payment kinds; valid kinds are below it.
const NumKinds = int(numKinds)

var kindNames = [numKinds]string{"other", "capital", "pref", "catch-up", "profit", "promote", "interest", "principal", "fee",
	"expense", "escrow", "clawback", "take-or-pay"}

// String returns the kind's name as used in reports and JSON, e.g. "pref".
func (k Kind) String() string {
	if k < numKinds {
		return kindNames[k]
	}
	return fmt.Sprintf("Kind(%d)", uint8(k))
}

// Valid reports whether k is one of the defined kinds.
func (k Kind) Valid() bool { return k < numKinds }

// ParseKind returns the kind named s, as printed by [Kind.String].
func ParseKind(s string) (Kind, error) {
	for i, n := range kindNames {
		if n == s {
			return Kind(i), nil
		}
	}
	return 0, fmt.Errorf("unknown payment kind %q: %w", s, contract.ErrInvalid)
}

// MarshalText encodes the kind as its name.
func (k Kind) MarshalText() ([]byte, error) {
	if !k.Valid() {
		return nil, fmt.Errorf("payment kind %d: %w", uint8(k), contract.ErrInvalid)
	}
	return []byte(k.String()), nil
}

// UnmarshalText decodes a kind from its name.
func (k *Kind) UnmarshalText(b []byte) error {
	v, err := ParseKind(string(b))
	if err != nil {
		return err
	}
	*k = v
	return nil
}

// Payment is one line of the ledger: an amount paid by a tranche to a party
// in a period. Amount is a whole number of minor units and never negative.
//
// Before and After are the balance the payment moves. For a claim that is
// paid down (capital, preferred return, catch-up, hurdle, debt) they are
// what the party was owed by the tranche before and after the payment; for
// a residual split, which has no balance, they are the party's cumulative
// receipts from the tranche.
//
// A payment is made by the deal out of its cash unless From names a party:
// then it is money one party hands another (carry into escrow, a
// clawback), which moves none of the deal's cash.
type Payment struct {
	Period  int             // index of the period in the deal's schedule
	Date    time.Time       // the period's end, when the cash moves
	Tranche TrancheID       // the tranche that paid
	Party   PartyID         // who was paid
	Kind    Kind            // what the payment is
	Amount  decimal.Decimal // how much, in currency units
	Before  decimal.Decimal // balance before the payment
	After   decimal.Decimal // balance after the payment
	From    PartyID         // who paid, when not the deal's cash: a sponsor returning carry, an escrow; empty for the deal
}

// Claim is what a tranche would pay in the current period if cash were
// unlimited.
type Claim struct {
	Amount    decimal.Decimal // owed now, in whole minor units; zero when Unbounded
	Unbounded bool            // the tranche takes all cash it is offered (a residual split)
}

// A Tranche is a claim on distributable cash. A stack of tranches is walked
// in priority order each period; each tranche reads the [Book], takes what
// it is owed out of the cash offered to it and posts its payments to the
// book.
//
// Rules every implementation follows (tranchetest.Run checks them):
//   - Pay posts payments with [Book.Post] and returns their sum; the sum is
//     never more than avail and never negative.
//   - Pay with avail of at least Owed().Amount pays exactly that amount
//     (for a bounded claim); with less, it pays all of avail unless its
//     terms say otherwise.
//   - Owed does not change the book in any way the caller can observe.
//   - A tranche is an immutable value: all state of a run lives in the book,
//     keyed by the tranche's ID ([Book.State]), so one tranche may be used
//     by many runs at once, from many goroutines.
//   - The same book and avail always give the same payments, in the same
//     order.
//
// A tranche returns an error only for a broken invariant or terms it cannot
// apply (a party missing from the book); a shortfall of cash is not an
// error: what is unpaid stays owed.
type Tranche interface {
	// ID names the tranche; it is unique within a stack.
	ID() TrancheID
	// Owed reports what the tranche would pay now with unlimited cash.
	Owed(b *Book) (Claim, error)
	// Pay pays at most avail (whole minor units, not negative) and returns
	// the total it posted.
	Pay(b *Book, avail decimal.Decimal) (decimal.Decimal, error)
}

// Validator is implemented by tranches whose terms can be checked before a
// run. [Validate] calls it; the engine validates the stack once, so Pay
// need not check its terms again.
type Validator interface {
	Validate() error
}

// Parent is implemented by combinators, so that tools can walk a stack.
type Parent interface {
	Children() []Tranche
}

// MaxDepth bounds the nesting of a stack: a stack that is a single leaf
// has depth 1, a sequence of leaves depth 2. A stack that holds itself
// (a combinator among its own children, at any depth) is deeper than any
// bound, and is refused as such.
const MaxDepth = 64

// MaxTranches bounds the tranches of a stack, counted as a walk from its
// top meets them: a tranche that is the child of two combinators counts
// twice. It bounds the work of walking a stack that shares its parts.
const MaxTranches = 100_000

// Validate checks t and, for combinators, every tranche below it: the
// stack's shape (at most [MaxDepth] deep, at most [MaxTranches] tranches,
// so no combinator holds itself), terms through [Validator], and IDs that
// must be unique within the stack. It returns every problem found,
// joined. A nil tranche, or one that holds a nil pointer (what a failed
// NewX returns), is an error matching [contract.ErrRequired], never a
// panic. A stack of the wrong shape is an error matching
// [contract.ErrRange], found before any tranche's ID is read (the ID of
// a combinator that holds itself has no end).
func Validate(t Tranche) error {
	if err := checkNil(t); err != nil {
		return err
	}
	if err := CheckShape(t); err != nil {
		return err
	}
	seen := map[TrancheID]bool{}
	var errs []error
	var walk func(t Tranche)
	walk = func(t Tranche) {
		if err := checkNil(t); err != nil {
			errs = append(errs, err)
			return
		}
		id := t.ID()
		if seen[id] {
			errs = append(errs, fmt.Errorf("tranche %q: %w", id, ErrDuplicateID))
		}
		seen[id] = true
		if v, ok := t.(Validator); ok {
			if err := v.Validate(); err != nil {
				errs = append(errs, fmt.Errorf("tranche %q: %w", id, err))
			}
		}
		if p, ok := t.(Parent); ok {
			for _, c := range p.Children() {
				walk(c)
			}
		}
	}
	walk(t)
	return errors.Join(errs...)
}

// CheckShape reports a stack nested more than [MaxDepth] deep or listing
// more than [MaxTranches] tranches, with an error matching
// [contract.ErrRange]; a stack that holds itself is both. It reads no
// tranche's ID, and walks at most MaxTranches tranches. [Validate] calls
// it first; code that walks a stack that may not have been validated
// calls it before.
func CheckShape(t Tranche) error {
	var n int
	return shapeWalk(t, 1, &n)
}

// shapeWalk is CheckShape at depth, with n the tranches met so far; a
// function, not a closure, so that a check allocates nothing.
func shapeWalk(t Tranche, depth int, n *int) error {
	if *n++; *n > MaxTranches {
		return fmt.Errorf("more than %d tranches (MaxTranches), counting each time a combinator lists one: %w", MaxTranches, contract.ErrRange)
	}
	if depth > MaxDepth {
		return fmt.Errorf("nested more than %d deep (MaxDepth); does a combinator hold itself?: %w", MaxDepth, contract.ErrRange)
	}
	if isNil(t) {
		return nil
	}
	switch c := t.(type) { // the package's combinators of one child, without the slice Children makes
	case *Covenant:
		return shapeWalk(c.Junior, depth+1, n)
	case *Reserve:
		return shapeWalk(c.Junior, depth+1, n)
	case *Capped:
		return shapeWalk(c.Tranche, depth+1, n)
	case *Windowed:
		return shapeWalk(c.Tranche, depth+1, n)
	}
	for _, c := range children(t) {
		if err := shapeWalk(c, depth+1, n); err != nil {
			return err
		}
	}
	return nil
}

// checkNil returns an error if t is nil or holds a nil pointer.
func checkNil(t Tranche) error {
	if t == nil {
		return fmt.Errorf("nil tranche: %w", contract.ErrRequired)
	}
	if isNil(t) {
		return errNilTranche(t)
	}
	return nil
}

// errNilTranche reports a tranche that holds a nil pointer, such as the
// result of a failed NewX; its methods return it instead of panicking.
func errNilTranche(t Tranche) error {
	return fmt.Errorf("nil %T as a tranche: %w", t, contract.ErrRequired)
}

// errNothingInside reports a wrapper (a cap, a window, a reserve) written
// as a literal with no tranche inside, used without [Validate].
func errNothingInside(what string) error {
	return fmt.Errorf("%s around no tranche: %w", what, contract.ErrRequired)
}

// isNil reports whether v is nil or an interface holding a nil pointer,
// map, slice, function or channel: a typed nil, such as the *Split a failed
// NewSplit returns, whose methods would panic.
func isNil(v any) bool {
	switch t := v.(type) { // the package's tranches, without reflect: the engine asks every period
	case nil:
		return true
	case *Debt:
		return t == nil
	case *Covenant:
		return t == nil
	case *Reserve:
		return t == nil
	case *Sequential:
		return t == nil
	case *PariPassu:
		return t == nil
	case *Split:
		return t == nil
	case *PreferredReturn:
		return t == nil
	case *ReturnOfCapital:
		return t == nil
	case *CatchUp:
		return t == nil
	}
	r := reflect.ValueOf(v)
	switch r.Kind() {
	case reflect.Pointer, reflect.Map, reflect.Slice, reflect.Func, reflect.Chan, reflect.Interface:
		return r.IsNil()
	}
	return false
}

// saveInPlace stores *v as the state of tranche id: over the *T the book
// holds when no trial is open (a state kept this way is the book's own:
// see cloneStates), as a new *T in a trial, so that the trial keeps the
// one it replaced, unchanged, for its undo.
func saveInPlace[T any](b *Book, id TrancheID, v *T) {
	if p, ok := b.State(id).(*T); ok && p != nil && len(b.tr.serials) == 0 {
		*p = *v
		return
	}
	p := new(T)
	*p = *v
	b.SetState(id, p)
}

// cloneStates is a copy of a book's tranche states for [Book.Clone]: the
// states that tranches change in place (a loan's *DebtState, a
// covenant's *CovenantState) copied, so that neither book changes the
// other's, the rest shared, as they are replaced, never changed.
func cloneStates(m map[TrancheID]any) map[TrancheID]any {
	c := maps.Clone(m)
	for id, v := range c {
		switch p := v.(type) {
		case *DebtState:
			if p != nil {
				q := *p
				c[id] = &q
			}
		case *CovenantState:
			if p != nil {
				q := *p
				c[id] = &q
			}
		}
	}
	return c
}
