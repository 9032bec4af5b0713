package tranche

import (
	"fmt"
	"maps"
	"slices"
	"time"

	"github.com/jvwaterfall/jvwaterfall/contract"
	"github.com/shopspring/decimal"
)

// AccrualPlaces is the number of decimal places kept in hurdle balances and
// accrued simple interest. Payments are rounded to the deal's minor unit
// only when they are posted.
const AccrualPlaces = 16

// Party is a party's entry in a book.
type Party struct {
	ID         PartyID
	Commitment decimal.Decimal // capital the party has agreed to put in; weights its pro rata shares
}

// Account is a party's running totals in a book, in currency units. The
// zero value is an account with nothing in it.
type Account struct {
	Commitment      decimal.Decimal           // as given to the book
	Contributed     decimal.Decimal           // capital put in so far
	CapitalReturned decimal.Decimal           // of Distributed, return of capital (KindCapital)
	Distributed     decimal.Decimal           // everything received, of every kind
	ByKind          [NumKinds]decimal.Decimal // Distributed by kind
}

// Unreturned is the capital contributed and not yet returned.
func (a Account) Unreturned() decimal.Decimal { return a.Contributed.Sub(a.CapitalReturned) }

// Profit is everything received above returned capital.
func (a Account) Profit() decimal.Decimal { return a.Distributed.Sub(a.CapitalReturned) }

// Movement is one dated change of a party's account: money in (a
// contribution) or money out (a payment to the party).
type Movement struct {
	Date    time.Time
	In      decimal.Decimal // contributed
	Out     decimal.Decimal // paid to the party, of any kind
	Capital decimal.Decimal // of Out, return of capital
}

type account struct {
	Account
	moves []Movement
}

type paidKey struct {
	tranche TrancheID
	party   PartyID
}

type accrualKey struct {
	party int
	rate  string
}

// accrualState is a balance replayed from a party's movements up to (not
// including) moves[next], as of date asOf.
type accrualState struct {
	balance    decimal.Decimal
	unreturned decimal.Decimal // for simple accruals: the base they accrue on
	asOf       time.Time
	next       int
}

type growthKey struct {
	rate     string
	from, to int64
}

// Book holds every party's accounts and every tranche's state during one
// run, and the ledger of payments posted so far. A book belongs to one run
// and is not safe for concurrent use; tranches, which hold no state, are.
//
// Time moves forward with [Book.Advance]: every contribution and payment is
// dated at the current period's end.
type Book struct {
	scale   int32
	ids     []PartyID
	index   map[PartyID]int
	acc     []account
	period  contract.Period
	started bool
	ledger  []Payment
	events  []Event
	paid    map[TrancheID]decimal.Decimal
	paidTo  map[paidKey]decimal.Decimal
	states  map[TrancheID]any
	hurdles map[accrualKey]accrualState
	simple  map[accrualKey]accrualState
	growth  map[growthKey]decimal.Decimal
	held    []Holding
}

// NewBook returns an empty book for parties, in which amounts are whole
// multiples of 10^-scale (scale 2: cents).
//
// NewBook returns an error if:
//   - scale is outside 0..8;
//   - a party has an empty or duplicate ID, or a negative commitment.
func NewBook(scale int32, parties []Party) (*Book, error) {
	if scale < 0 || scale > 8 {
		return nil, contract.Field("scale", fmt.Errorf("%w: %d, want 0 to 8", contract.ErrRange, scale))
	}
	b := &Book{
		scale:   scale,
		index:   make(map[PartyID]int, len(parties)),
		acc:     make([]account, len(parties)),
		paid:    map[TrancheID]decimal.Decimal{},
		paidTo:  map[paidKey]decimal.Decimal{},
		states:  map[TrancheID]any{},
		hurdles: map[accrualKey]accrualState{},
		simple:  map[accrualKey]accrualState{},
		growth:  map[growthKey]decimal.Decimal{},
	}
	for i, p := range parties {
		path := fmt.Sprintf("parties[%d]", i)
		switch {
		case p.ID == "":
			return nil, contract.Field(path+".id", contract.ErrRequired)
		case b.has(p.ID):
			return nil, contract.Field(path+".id", fmt.Errorf("%w: duplicate party %q", contract.ErrInvalid, p.ID))
		case p.Commitment.Sign() < 0:
			return nil, contract.Field(path+".commitment", contract.ErrNegative)
		}
		b.index[p.ID] = i
		b.ids = append(b.ids, p.ID)
		b.acc[i].Commitment = p.Commitment
	}
	return b, nil
}

func (b *Book) has(id PartyID) bool { _, ok := b.index[id]; return ok }

func (b *Book) lookup(id PartyID) (int, error) {
	i, ok := b.index[id]
	if !ok {
		return 0, fmt.Errorf("%w %q", ErrUnknownParty, id)
	}
	return i, nil
}

// Scale is the number of decimal places of the currency's minor unit.
func (b *Book) Scale() int32 { return b.scale }

// Parties returns the parties' IDs in the order the book was given them.
func (b *Book) Parties() []PartyID { return slices.Clone(b.ids) }

// Period is the current period; its End is the date of every movement
// booked now.
func (b *Book) Period() contract.Period { return b.period }

// Date is the current date: the current period's end.
func (b *Book) Date() time.Time { return b.period.End }

// Advance moves the book to period p. Periods must follow each other in
// time; p.End may not be before the current date.
func (b *Book) Advance(p contract.Period) error {
	if b.started && p.End.Before(b.period.End) {
		return fmt.Errorf("%w: period %d ends %s, before the current date %s",
			contract.ErrOrder, p.Index, p.End.Format(time.DateOnly), b.period.End.Format(time.DateOnly))
	}
	b.period, b.started = p, true
	return nil
}

// Account returns a copy of the party's account.
func (b *Book) Account(id PartyID) (Account, error) {
	i, err := b.lookup(id)
	if err != nil {
		return Account{}, err
	}
	return b.acc[i].Account, nil
}

// Movements returns a copy of the party's dated movements, oldest first.
func (b *Book) Movements(id PartyID) ([]Movement, error) {
	i, err := b.lookup(id)
	if err != nil {
		return nil, err
	}
	return slices.Clone(b.acc[i].moves), nil
}

// Contribute books a contribution of amount by the party at the current
// date. amount must be positive and a whole number of minor units.
func (b *Book) Contribute(id PartyID, amount decimal.Decimal) error {
	i, err := b.lookup(id)
	if err != nil {
		return err
	}
	if err := b.checkAmount(amount); err != nil {
		return err
	}
	if amount.IsZero() {
		return nil
	}
	a := &b.acc[i]
	a.Contributed = a.Contributed.Add(amount)
	a.moves = append(a.moves, Movement{Date: b.period.End, In: amount, Out: decimal.Zero, Capital: decimal.Zero})
	return nil
}

func (b *Book) checkAmount(amount decimal.Decimal) error {
	if amount.Sign() < 0 {
		return fmt.Errorf("%w: negative amount %s", ErrInvariant, amount)
	}
	if !IsWhole(amount, b.scale) {
		return fmt.Errorf("%w: %s at scale %d", ErrNotQuantized, amount, b.scale)
	}
	return nil
}

// IsWhole reports whether amount is a whole number of minor units at scale.
func IsWhole(amount decimal.Decimal, scale int32) bool {
	return amount.Exponent() >= -scale || amount.Equal(amount.Truncate(scale))
}

// Post records a payment at the current period and date and updates the
// party's account. p.Period and p.Date are set by the book. A zero amount
// is not recorded.
//
// Post returns an error if:
//   - the party is unknown;
//   - the amount is negative or not a whole number of minor units;
//   - the kind is not valid;
//   - a return of capital exceeds the party's unreturned capital.
func (b *Book) Post(p Payment) error {
	i, err := b.lookup(p.Party)
	if err != nil {
		return err
	}
	if err := b.checkAmount(p.Amount); err != nil {
		return fmt.Errorf("tranche %q: payment to %q: %w", p.Tranche, p.Party, err)
	}
	if !p.Kind.Valid() {
		return fmt.Errorf("tranche %q: %w: payment kind %d", p.Tranche, ErrInvalid, uint8(p.Kind))
	}
	if p.Amount.IsZero() {
		return nil
	}
	a := &b.acc[i]
	capital := decimal.Zero
	if p.Kind == KindCapital {
		if p.Amount.GreaterThan(a.Unreturned()) {
			return fmt.Errorf("tranche %q: %w: returns %s of capital to %q, which has %s unreturned",
				p.Tranche, ErrInvariant, p.Amount, p.Party, a.Unreturned())
		}
		capital = p.Amount
		a.CapitalReturned = a.CapitalReturned.Add(p.Amount)
	}
	a.Distributed = a.Distributed.Add(p.Amount)
	a.ByKind[p.Kind] = a.ByKind[p.Kind].Add(p.Amount)
	a.moves = append(a.moves, Movement{Date: b.period.End, In: decimal.Zero, Out: p.Amount, Capital: capital})
	p.Period, p.Date = b.period.Index, b.period.End
	b.ledger = append(b.ledger, p)
	b.paid[p.Tranche] = b.paid[p.Tranche].Add(p.Amount)
	k := paidKey{p.Tranche, p.Party}
	b.paidTo[k] = b.paidTo[k].Add(p.Amount)
	return nil
}

// Ledger returns the payments posted so far, oldest first. The slice is
// the book's own: read it, do not change it.
func (b *Book) Ledger() []Payment { return b.ledger }

// Paid is the total the tranche has paid so far, to everyone.
func (b *Book) Paid(t TrancheID) decimal.Decimal { return b.paid[t] }

// PaidTo is the total the tranche has paid so far to the party.
func (b *Book) PaidTo(t TrancheID, party PartyID) decimal.Decimal { return b.paidTo[paidKey{t, party}] }

// State returns the value stored for the tranche, or nil.
func (b *Book) State(t TrancheID) any { return b.states[t] }

// SetState stores a value for the tranche. Store values that are replaced,
// never changed in place: [Book.Clone] copies the reference, not the value.
func (b *Book) SetState(t TrancheID, v any) { b.states[t] = v }

// Clone returns an independent copy of the book, for trying out payments
// (ProRata's owed amounts, the conformance suite).
func (b *Book) Clone() *Book {
	c := *b
	c.ids = slices.Clone(b.ids)
	c.acc = make([]account, len(b.acc))
	for i, a := range b.acc {
		c.acc[i] = account{Account: a.Account, moves: slices.Clone(a.moves)}
	}
	c.ledger = slices.Clone(b.ledger)
	c.events = slices.Clone(b.events)
	c.paid = maps.Clone(b.paid)
	c.paidTo = maps.Clone(b.paidTo)
	c.states = maps.Clone(b.states)
	c.hurdles = maps.Clone(b.hurdles)
	c.simple = maps.Clone(b.simple)
	c.growth = maps.Clone(b.growth)
	c.held = slices.Clone(b.held)
	return &c
}

// Growth is r's growth factor between two dates (see [contract.Rate.Growth]),
// remembered by the book so that it is computed once per rate and period.
func (b *Book) Growth(r contract.Rate, from, to time.Time) (decimal.Decimal, error) {
	if to.Equal(from) {
		return decimal.NewFromInt(1), nil
	}
	k := growthKey{r.Key(), from.Unix(), to.Unix()}
	if g, ok := b.growth[k]; ok {
		return g, nil
	}
	g, err := r.Growth(from, to)
	if err != nil {
		return decimal.Decimal{}, err
	}
	b.growth[k] = g
	return g, nil
}

// Hurdle returns the party's hurdle balance at rate r on the current date:
// contributions grown at r, less distributions of any kind grown at r. With
// annual compounding on ACT/365F it is zero or below exactly when the
// party's XIRR is at least r. It is kept to [AccrualPlaces] decimals.
func (b *Book) Hurdle(id PartyID, r contract.Rate) (decimal.Decimal, error) {
	i, err := b.lookup(id)
	if err != nil {
		return decimal.Decimal{}, err
	}
	k := accrualKey{i, r.Key()}
	st, ok := b.hurdles[k]
	moves := b.acc[i].moves
	if !ok && len(moves) == 0 {
		return decimal.Zero, nil
	}
	if !ok {
		st = accrualState{balance: decimal.Zero, asOf: moves[0].Date}
	}
	for ; st.next < len(moves); st.next++ {
		m := moves[st.next]
		g, err := b.Growth(r, st.asOf, m.Date)
		if err != nil {
			return decimal.Decimal{}, err
		}
		st.balance = st.balance.Mul(g).Round(AccrualPlaces).Add(m.In).Sub(m.Out)
		st.asOf = m.Date
	}
	b.hurdles[k] = st
	g, err := b.Growth(r, st.asOf, b.period.End)
	if err != nil {
		return decimal.Decimal{}, err
	}
	return st.balance.Mul(g).Round(AccrualPlaces), nil
}

// SimpleAccrued returns the simple (non-compounding) return accrued on the
// party's unreturned capital at rate r up to the current date: the sum over
// time of unreturned capital × r × year fraction, kept to [AccrualPlaces]
// decimals. r.Compounding is ignored; r.DayCount sets the year fractions.
func (b *Book) SimpleAccrued(id PartyID, r contract.Rate) (decimal.Decimal, error) {
	i, err := b.lookup(id)
	if err != nil {
		return decimal.Decimal{}, err
	}
	r.Compounding = contract.Simple
	k := accrualKey{i, r.Key()}
	st, ok := b.simple[k]
	moves := b.acc[i].moves
	if !ok && len(moves) == 0 {
		return decimal.Zero, nil
	}
	if !ok {
		st = accrualState{balance: decimal.Zero, unreturned: decimal.Zero, asOf: moves[0].Date}
	}
	one := decimal.NewFromInt(1)
	for ; st.next < len(moves); st.next++ {
		m := moves[st.next]
		g, err := b.Growth(r, st.asOf, m.Date)
		if err != nil {
			return decimal.Decimal{}, err
		}
		st.balance = st.balance.Add(st.unreturned.Mul(g.Sub(one))).Round(AccrualPlaces)
		st.unreturned = st.unreturned.Add(m.In).Sub(m.Capital)
		st.asOf = m.Date
	}
	b.simple[k] = st
	g, err := b.Growth(r, st.asOf, b.period.End)
	if err != nil {
		return decimal.Decimal{}, err
	}
	return st.balance.Add(st.unreturned.Mul(g.Sub(one))).Round(AccrualPlaces), nil
}
