package tranche

import (
	"fmt"
	"maps"
	"math/bits"
	"slices"
	"time"

	"github.com/jvwaterfall/jvwaterfall/contract"
	"github.com/shopspring/decimal"
)

// AccrualPlaces is the number of decimal places kept in balances that
// accrue between payments: hurdle balances ([Book.Hurdle]), simple
// interest accrued ([Book.SimpleAccrued]), the balance of a preferred
// return on contributed capital ([OnContributed]) and the accrued coupon
// of [PreferredEquity]. Each step of such a balance (growth over an
// interval, an accrual) is rounded half away from zero to it; payments are
// rounded to the deal's minor unit only when they are posted.
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

// account is a party's running totals in minor units, and its movements.
type account struct {
	commitment  decimal.Decimal
	contributed units
	capReturned units
	distributed units
	byKind      [NumKinds]units
	moves       []move
	view        Account // the account in decimals, when viewOK: made by Account, dropped by any change
	viewOK      bool
}

// move is a Movement held compactly: an amount in minor units, what it
// is, and its date as an index into Book.dates.
type move struct {
	date int32
	kind moveKind
	u    units
}

type moveKind uint8

const (
	moveIn      moveKind = iota // a contribution
	moveOut                     // a payment, not of capital
	moveCapital                 // a return of capital
)

func (m move) in() units {
	if m.kind == moveIn {
		return m.u
	}
	return units{}
}

func (m move) out() units {
	if m.kind != moveIn {
		return m.u
	}
	return units{}
}

func (m move) capital() units {
	if m.kind == moveCapital {
		return m.u
	}
	return units{}
}

// paidTotals is what one tranche has paid, in all and to each party.
type paidTotals struct {
	total units
	to    []units           // by party index
	toDec []decimal.Decimal // to[i] as a decimal, when toOK[i]
	toOK  []bool
	// The balance after the tranche's last payment to each party, as
	// units and decimal (nil until a payment), so that the next payment's
	// Before can share the decimal when the balance has not moved.
	after    []units
	afterDec []decimal.Decimal
}

func (t *paidTotals) clone() *paidTotals {
	return &paidTotals{total: t.total, to: slices.Clone(t.to), toDec: slices.Clone(t.toDec), toOK: slices.Clone(t.toOK),
		after: slices.Clone(t.after), afterDec: slices.Clone(t.afterDec)}
}

// balance returns the decimal of a balance of u minor units owed to
// party i: the last payment's After when it is the same amount, else a
// new decimal.
func (t *paidTotals) balance(i int, u int64, scale int32) decimal.Decimal {
	if t.after != nil && t.afterDec[i] != (decimal.Decimal{}) && t.after[i].small() && t.after[i].n == u {
		return t.afterDec[i]
	}
	return decimal.New(u, -scale)
}

// setAfter remembers the balance after a payment to party i.
func (t *paidTotals) setAfter(i int, u int64, d decimal.Decimal) {
	if t.after == nil {
		t.after, t.afterDec = make([]units, len(t.to)), make([]decimal.Decimal, len(t.to))
	}
	t.after[i], t.afterDec[i] = units{n: u}, d
}

type partyList struct {
	first *PartyID
	n     int
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
	paid    map[TrancheID]*paidTotals
	states  map[TrancheID]any
	simple  map[accrualKey]accrualState
	growth  map[growthKey]growthFactor
	dates   []time.Time // the distinct dates of movements, oldest first
	posted  units       // the sum of every payment posted
	rates   []rateSlot
	rateIdx map[string]int
	lists   map[partyList][]int // party lists of terms, as indexes
	weights []int64             // commitments as integers at a common exponent; nil if they do not fit
	zero    decimal.Decimal     // zero at the book's scale
	lastID  TrancheID           // the tranche of the last payment, and its totals
	lastPT  *paidTotals
	buf     []int64 // scratch for payOwedUnits
	buf2    []int64 // scratch for byCommitmentUnits
	ubuf    []units // scratch for the amounts a tranche owes, see unitsBuf
	held    []Holding
	periods int // the run's number of periods, when told (SetSchedule); 0: unknown
}

// unitsBuf returns n zeroed units, valid until the next call: a leaf
// tranche's owed amounts, used before it returns.
func (b *Book) unitsBuf(n int) []units {
	b.ubuf = slices.Grow(b.ubuf[:0], n)[:n]
	clear(b.ubuf)
	return b.ubuf
}

// NewBook returns an empty book for parties, in which amounts are whole
// multiples of 10^-scale (scale 2: cents).
//
// NewBook returns an error if:
//   - scale is outside 0..8;
//   - a party has an empty or duplicate ID, or a negative commitment.
func NewBook(scale int32, parties []Party) (*Book, error) {
	if scale < 0 || scale > 8 {
		return nil, contract.Field("scale", fmt.Errorf("%d, want 0 to 8: %w", scale, contract.ErrRange))
	}
	b := &Book{
		scale:   scale,
		index:   make(map[PartyID]int, len(parties)),
		acc:     make([]account, len(parties)),
		paid:    map[TrancheID]*paidTotals{},
		states:  map[TrancheID]any{},
		simple:  map[accrualKey]accrualState{},
		growth:  map[growthKey]growthFactor{},
		rateIdx: map[string]int{},
		lists:   map[partyList][]int{},
		zero:    decimal.New(0, -scale),
	}
	for i, p := range parties {
		path := fmt.Sprintf("parties[%d]", i)
		switch {
		case p.ID == "":
			return nil, contract.Field(path+".id", contract.ErrRequired)
		case b.has(p.ID):
			return nil, contract.Field(path+".id", fmt.Errorf("duplicate party %q: %w", p.ID, contract.ErrInvalid))
		case p.Commitment.Sign() < 0:
			return nil, contract.Field(path+".commitment", contract.ErrNegative)
		}
		b.index[p.ID] = i
		b.ids = append(b.ids, p.ID)
		b.acc[i].commitment = p.Commitment
	}
	b.weights = commonWeights(parties)
	return b, nil
}

// commonWeights returns the commitments as integers with a common
// exponent (the smallest), or nil if one does not fit in an int64 or
// their sum overflows. Splits by these weights equal splits by the
// commitments: scaling every weight by one power of ten changes neither
// the quotients nor the order of the remainders.
func commonWeights(parties []Party) []int64 {
	minExp := int32(0)
	for _, p := range parties {
		minExp = min(minExp, p.Commitment.Exponent())
	}
	w := make([]int64, len(parties))
	sum := int64(0)
	for i, p := range parties {
		if p.Commitment.NumDigits() > 18 {
			return nil
		}
		shift := p.Commitment.Exponent() - minExp
		if shift > 18 {
			return nil
		}
		hi, lo := bits.Mul64(uint64(p.Commitment.CoefficientInt64()), uint64(pow10[shift]))
		if hi != 0 || lo >= 1<<62 {
			return nil
		}
		w[i] = int64(lo)
		if sum += w[i]; sum >= 1<<62 {
			return nil
		}
	}
	return w
}

func (b *Book) has(id PartyID) bool { _, ok := b.index[id]; return ok }

func (b *Book) lookup(id PartyID) (int, error) {
	i, ok := b.index[id]
	if !ok {
		return 0, fmt.Errorf("%w %q", ErrUnknownParty, id)
	}
	return i, nil
}

// indexes returns the indexes of a list of parties in terms, remembered
// by the list's backing array: terms are immutable during a run.
func (b *Book) indexes(ids []PartyID) ([]int, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	k := partyList{&ids[0], len(ids)}
	if idx, ok := b.lists[k]; ok {
		return idx, nil
	}
	idx := make([]int, len(ids))
	for j, id := range ids {
		i, err := b.lookup(id)
		if err != nil {
			return nil, err
		}
		idx[j] = i
	}
	b.lists[k] = idx
	return idx, nil
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
		return fmt.Errorf("period %d ends %s, before the current date %s: %w",
			p.Index, p.End.Format(time.DateOnly), b.period.End.Format(time.DateOnly), contract.ErrOrder)
	}
	b.period, b.started = p, true
	return nil
}

// SetSchedule tells the book how many periods the run has, so that
// tranches can tell the last one ([Book.Final]). The engine calls it
// before the first period; a book that is not told has no last period.
func (b *Book) SetSchedule(periods int) {
	b.periods = max(periods, 0)
}

// Final reports whether the current period is the run's last, when the
// number of periods is known ([Book.SetSchedule]): cash held back by a
// tranche in the last period would never be paid to anyone, so reserves
// and cash traps release it then.
func (b *Book) Final() bool {
	return b.started && b.periods > 0 && b.period.Index == b.periods-1
}

// today is the index in b.dates of the current date, added if new.
func (b *Book) today() int32 {
	if n := len(b.dates); n == 0 || !b.dates[n-1].Equal(b.period.End) {
		b.dates = append(b.dates, b.period.End)
	}
	return int32(len(b.dates) - 1)
}

// Account returns a copy of the party's account.
func (b *Book) Account(id PartyID) (Account, error) {
	i, err := b.lookup(id)
	if err != nil {
		return Account{}, err
	}
	a := &b.acc[i]
	if !a.viewOK {
		a.view = Account{
			Commitment:      a.commitment,
			Contributed:     a.contributed.dec(b.scale),
			CapitalReturned: a.capReturned.dec(b.scale),
			Distributed:     a.distributed.dec(b.scale),
		}
		for k, u := range a.byKind {
			a.view.ByKind[k] = u.dec(b.scale)
		}
		a.viewOK = true
	}
	return a.view, nil
}

// Movements returns a copy of the party's dated movements, oldest first.
func (b *Book) Movements(id PartyID) ([]Movement, error) {
	i, err := b.lookup(id)
	if err != nil {
		return nil, err
	}
	moves := b.acc[i].moves
	out := make([]Movement, len(moves))
	for j, m := range moves {
		out[j] = Movement{Date: b.dates[m.date], In: m.in().dec(b.scale), Out: m.out().dec(b.scale), Capital: m.capital().dec(b.scale)}
	}
	return out, nil
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
	u, _ := toUnits(amount, b.scale)
	a := &b.acc[i]
	a.contributed = a.contributed.add(u)
	a.viewOK = false
	a.moves = append(a.moves, move{date: b.today(), kind: moveIn, u: u})
	return nil
}

func (b *Book) checkAmount(amount decimal.Decimal) error {
	if amount.Sign() < 0 {
		return fmt.Errorf("negative amount %s: %w", amount, ErrInvariant)
	}
	if !IsWhole(amount, b.scale) {
		return fmt.Errorf("%s at scale %d: %w", amount, b.scale, ErrNotQuantized)
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
		return fmt.Errorf("tranche %q: payment kind %d: %w", p.Tranche, uint8(p.Kind), contract.ErrInvalid)
	}
	if p.Amount.IsZero() {
		return nil
	}
	u, _ := toUnits(p.Amount, b.scale)
	return b.post(i, p, u)
}

// post is Post for party index i and a checked, positive amount u (p.Amount
// in minor units).
func (b *Book) post(i int, p Payment, u units) error {
	a := &b.acc[i]
	kind := moveOut
	if p.Kind == KindCapital {
		if unreturned := a.contributed.sub(a.capReturned); u.cmp(unreturned) > 0 {
			return fmt.Errorf("tranche %q: returns %s of capital to %q, which has %s unreturned: %w",
				p.Tranche, p.Amount, p.Party, unreturned.dec(b.scale), ErrInvariant)
		}
		kind = moveCapital
		a.capReturned = a.capReturned.add(u)
	}
	a.distributed = a.distributed.add(u)
	a.byKind[p.Kind] = a.byKind[p.Kind].add(u)
	a.viewOK = false
	a.moves = append(a.moves, move{date: b.today(), kind: kind, u: u})
	p.Period, p.Date = b.period.Index, b.period.End
	if len(b.ledger) == cap(b.ledger) {
		// Double, where append would grow a large slice by a quarter and
		// copy a long ledger many times over.
		b.ledger = slices.Grow(b.ledger, max(len(b.ledger), 64))
	}
	b.ledger = append(b.ledger, p)
	t := b.totals(p.Tranche)
	t.total = t.total.add(u)
	t.to[i] = t.to[i].add(u)
	t.toOK[i] = false
	b.posted = b.posted.add(u)
	return nil
}

// totals returns the tranche's paid totals, made if new.
func (b *Book) totals(id TrancheID) *paidTotals {
	if b.lastPT != nil && b.lastID == id {
		return b.lastPT
	}
	t, ok := b.paid[id]
	if !ok {
		n := len(b.acc)
		t = &paidTotals{to: make([]units, n), toDec: make([]decimal.Decimal, n), toOK: make([]bool, n)}
		b.paid[id] = t
	}
	b.lastID, b.lastPT = id, t
	return t
}

// paidToUnits is what tranche id has paid so far to party index i.
func (b *Book) paidToUnits(id TrancheID, i int) units {
	if t, ok := b.paid[id]; ok {
		return t.to[i]
	}
	return units{}
}

// Grow makes room in the ledger for n more payments (see [slices.Grow]),
// so that a long ledger is not copied as it grows. It changes nothing a
// caller can observe; the engine calls it with an estimate.
func (b *Book) Grow(n int) {
	if n > 0 {
		b.ledger = slices.Grow(b.ledger, n)
	}
}

// Ledger returns the payments posted so far, oldest first. The slice is
// the book's own: read it, do not change it.
func (b *Book) Ledger() []Payment { return b.ledger }

// Paid is the total the tranche has paid so far, to everyone.
func (b *Book) Paid(t TrancheID) decimal.Decimal {
	if pt, ok := b.paid[t]; ok {
		return pt.total.dec(b.scale)
	}
	return decimal.Decimal{}
}

// PaidTo is the total the tranche has paid so far to the party.
func (b *Book) PaidTo(t TrancheID, party PartyID) decimal.Decimal {
	i, ok := b.index[party]
	pt, paid := b.paid[t]
	if !ok || !paid || pt.to[i].sign() == 0 && !pt.toOK[i] {
		return decimal.Decimal{}
	}
	return pt.dec(i, b.scale)
}

// dec is to[i] as a decimal, made once per change.
func (t *paidTotals) dec(i int, scale int32) decimal.Decimal {
	if !t.toOK[i] {
		t.toDec[i], t.toOK[i] = t.to[i].dec(scale), true
	}
	return t.toDec[i]
}

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
		c.acc[i] = a
		c.acc[i].moves = slices.Clone(a.moves)
	}
	c.ledger = slices.Clone(b.ledger)
	c.events = slices.Clone(b.events)
	c.paid = make(map[TrancheID]*paidTotals, len(b.paid))
	for id, t := range b.paid {
		c.paid[id] = t.clone()
	}
	c.lastID, c.lastPT = "", nil
	c.buf, c.buf2, c.ubuf = nil, nil, nil
	c.states = maps.Clone(b.states)
	c.simple = maps.Clone(b.simple)
	c.growth = maps.Clone(b.growth)
	c.held = slices.Clone(b.held)
	c.dates = slices.Clone(b.dates)
	c.rates = slices.Clone(b.rates)
	for i := range c.rates {
		c.rates[i].hurdles = slices.Clone(b.rates[i].hurdles)
		c.rates[i].byFrom = slices.Clone(b.rates[i].byFrom)
	}
	c.rateIdx = maps.Clone(b.rateIdx)
	c.lists = maps.Clone(b.lists)
	return &c
}
