package tranche

import (
	"fmt"
	"maps"
	"math/bits"
	"slices"
	"time"

	"github.com/jvwaterfall/jvwaterfall/contract"
	"github.com/jvwaterfall/jvwaterfall/internal/alloc"
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

type partyList struct {
	first *PartyID
	n     int
}

// Book holds every party's accounts and every tranche's state during one
// run, and the ledger of payments posted so far. A book belongs to one run
// and is not safe for concurrent use; tranches, which hold no state, are.
//
// Time moves forward with [Book.Advance]: every contribution and payment is
// dated at the current period's end, unless [Book.SetDate] moves the
// current date inside the period, for flows that keep their own dates.
type Book struct {
	scale    int32
	rounding Rounding // the policy of the equity tiers; zero value RoundUp
	ids      []PartyID
	index    map[PartyID]int
	acc      []account
	kinds    kindCols          // what each party was paid of each kind
	commit   []decimal.Decimal // each party's commitment, as given
	period   contract.Period
	date     time.Time // the current date: the period's end, or where SetDate moved it
	started  bool
	todayIdx int32 // the current date's index in the ledger store's dates, when todayOK
	todayOK  bool
	led      *ledgerStore
	current  bool // keep only the current period's payments (KeepCurrentPeriod)
	events   []Event
	paid     map[TrancheID]*paidTotals
	states   map[TrancheID]any
	memo     stateMemo // states read lately: a loan's is read several times a period
	simple   map[accrualKey]accrualState
	growth   map[growthKey]growthFactor
	moves    moveTable
	outs     []paidOutMove
	noRows   bool            // write no ledger rows (KeepNoLedger)
	posted   units           // the sum of every payment posted
	paidKind [numKinds]units // the sum of every payment posted, by kind
	nPosted  int             // the number of payments posted
	rates    []rateSlot
	rateIdx  map[string]int
	lists    map[partyList][]int // party lists of terms, as indexes
	covers   map[coverKey]bool   // whether a list and a party are every party once (coversAll)
	weights  []int64             // commitments as integers at a common exponent; nil if they do not fit
	zero     decimal.Decimal     // zero at the book's scale
	lastID   TrancheID           // the tranche of the last payment, and its totals
	lastPT   *paidTotals
	buf      []int64   // scratch for payOwedUnits
	buf2     []int64   // scratch for byCommitmentUnits
	wbuf     [16]int64 // scratch for a split's weights and parts
	ibuf     []int64   // scratch for a catch-up's investors' parts
	split    alloc.Splitter
	unlim    units   // unlimitedCash in minor units, once made
	ubuf     []units // scratch for the amounts a tranche owes, see unitsBuf
	held     []Holding
	lent     []units // each party's loans' draws so far (BookDraws), nil until the first
	periods  int     // the run's number of periods, when told (SetSchedule); 0: unknown
	tr       trialLog
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
		commit:  make([]decimal.Decimal, len(parties)),
		ids:     make([]PartyID, 0, len(parties)),
		paid:    map[TrancheID]*paidTotals{},
		states:  map[TrancheID]any{},
		simple:  map[accrualKey]accrualState{},
		growth:  map[growthKey]growthFactor{},
		rateIdx: map[string]int{},
		lists:   map[partyList][]int{},
		zero:    decimal.New(0, -scale),
	}
	for i, p := range parties {
		switch {
		case p.ID == "":
			return nil, contract.Field(fmt.Sprintf("parties[%d].id", i), contract.ErrRequired)
		case b.has(p.ID):
			return nil, contract.Field(fmt.Sprintf("parties[%d].id", i), fmt.Errorf("duplicate party %q: %w", p.ID, contract.ErrInvalid))
		case p.Commitment.Sign() < 0:
			return nil, contract.Field(fmt.Sprintf("parties[%d].commitment", i), contract.ErrNegative)
		}
		b.index[p.ID] = i
		b.ids = append(b.ids, p.ID)
		b.commit[i] = p.Commitment
	}
	b.led = newLedgerStore(scale, b.ids)
	b.moves.parties = len(b.acc)
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
// by the list's backing array: terms are immutable during a run. A party
// listed twice is an error: it would be called, or paid, twice.
func (b *Book) indexes(ids []PartyID) ([]int, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	k := partyList{&ids[0], len(ids)}
	if idx, ok := b.lists[k]; ok {
		return idx, nil
	}
	idx := make([]int, len(ids))
	inOrder := true // each index above the one before: none twice
	for j, id := range ids {
		if j < len(b.ids) && b.ids[j] == id {
			idx[j] = j // a list in the book's order, as a deal's often is: no map lookup
		} else {
			i, err := b.lookup(id)
			if err != nil {
				return nil, err
			}
			idx[j] = i
		}
		inOrder = inOrder && (j == 0 || idx[j] > idx[j-1])
	}
	if !inOrder {
		seen := make([]bool, len(b.acc))
		for j, i := range idx {
			if seen[i] {
				return nil, fmt.Errorf("party %q listed twice: %w", ids[j], contract.ErrInvalid)
			}
			seen[i] = true
		}
	}
	b.ensure()
	b.lists[k] = idx
	return idx, nil
}

// coverKey is a party list of terms (as partyList) and a party's index.
type coverKey struct {
	list partyList
	also int
}

// coversAll reports whether the parties idx of the list ids, and party
// also (counted once, whether listed or not), are every party of the
// book, each listed once: then what they have been paid in all is what
// the book has (its tally), with no loop over them. The answer is kept
// for the list.
func (b *Book) coversAll(ids []PartyID, idx []int, also int) bool {
	if len(ids) == 0 || len(idx) != len(ids) {
		return false
	}
	k := coverKey{partyList{&ids[0], len(ids)}, also}
	if c, ok := b.covers[k]; ok {
		return c
	}
	seen := make([]bool, len(b.acc))
	n := 0
	dup := false
	for _, i := range idx {
		dup = dup || seen[i]
		seen[i] = true
		n++
	}
	if !seen[also] {
		n++
	}
	c := !dup && n == len(b.acc)
	if b.covers == nil {
		b.covers = map[coverKey]bool{}
	}
	b.covers[k] = c
	return c
}

// Scale is the number of decimal places of the currency's minor unit.
func (b *Book) Scale() int32 {
	if b == nil {
		return 0
	}
	return b.scale
}

// Parties returns the parties' IDs in the order the book was given them.
func (b *Book) Parties() []PartyID {
	if b == nil {
		return nil
	}
	return slices.Clone(b.ids)
}

// Period is the current period; its End is the date of every movement
// booked now, unless [Book.SetDate] moved the current date.
func (b *Book) Period() contract.Period {
	if b == nil {
		return contract.Period{}
	}
	return b.period
}

// Date is the current date: the current period's end, or the date
// [Book.SetDate] moved to. Balances grow to it, and movements are dated
// on it.
func (b *Book) Date() time.Time {
	if b == nil {
		return time.Time{}
	}
	return b.date
}

// SetDate moves the current date to t inside the current period, (Start,
// End], so that what is booked and posted next is dated t and balances
// grow to t: flows that keep their own dates (waterfall.OwnDates). Time
// only moves forward: t may not be before a date on which the book has
// already booked anything or read a balance. [Book.Advance] sets the
// date to the new period's end.
//
// SetDate returns an error wrapping [contract.ErrRange] if t is outside
// the current period (or no period has begun), and one wrapping
// [contract.ErrOrder] if t goes back in time.
func (b *Book) SetDate(t time.Time) error {
	if b == nil {
		return fmt.Errorf("nil book: %w", contract.ErrRequired)
	}
	p := b.period
	if !b.started || !t.After(p.Start) || t.After(p.End) {
		return fmt.Errorf("date %s outside the current period (%s, %s]: %w",
			t.Format(time.DateOnly), p.Start.Format(time.DateOnly), p.End.Format(time.DateOnly), contract.ErrRange)
	}
	if d := b.led.dates; len(d) > 0 && t.Before(d[len(d)-1]) {
		return fmt.Errorf("date %s is before %s, already booked: %w",
			t.Format(time.DateOnly), d[len(d)-1].Format(time.DateOnly), contract.ErrOrder)
	}
	b.date, b.todayOK = t, false
	return nil
}

// Advance moves the book to period p. Periods must follow each other in
// time; p.End may not be before the current date. A book that keeps only
// the current period's payments ([Book.KeepCurrentPeriod]) forgets the
// previous period's here.
func (b *Book) Advance(p contract.Period) error {
	if b == nil {
		return errNilBook
	}
	if b.started && p.End.Before(b.period.End) {
		return fmt.Errorf("period %d ends %s, before the current date %s: %w",
			p.Index, p.End.Format(time.DateOnly), b.period.End.Format(time.DateOnly), contract.ErrOrder)
	}
	if b.current {
		b.led.dropRows()
	}
	b.period, b.date, b.started = p, p.End, true
	b.todayOK = false
	return nil
}

// KeepCurrentPeriod makes the book keep in its ledger only the payments
// of the current period, forgetting them when it advances to the next:
// for runs that need totals, not the ledger. Accounts, movements, paid
// totals, events and contributions are kept whole.
func (b *Book) KeepCurrentPeriod() {
	if b != nil {
		b.current = true
	}
}

// KeepNoLedger makes the book keep no ledger of payments at all: for
// runs that need totals, not the ledger, as [Book.KeepCurrentPeriod]
// but without even the current period's, so that a payment costs no
// record. [Book.Ledger] reads as empty; accounts, movements, paid
// totals, what each tranche paid each party in the current period,
// [Book.Posted], [Book.PaidSince], events and contributions are kept
// whole, so tranches pay as they would with the ledger.
func (b *Book) KeepNoLedger() {
	if b != nil {
		b.current, b.noRows = true, true
	}
}

// SetSchedule tells the book how many periods the run has, so that
// tranches can tell the last one ([Book.Final]), and so that the book
// can set aside room for a row of movements a period. The engine
// calls it before the first period; a book that is not told has no last
// period.
func (b *Book) SetSchedule(periods int) {
	if b == nil {
		return
	}
	b.periods = max(periods, 0)
	b.moves.reserve(b.periods, len(b.acc))
	b.ensure()
	if n := min(b.periods+1, 1<<12); n > cap(b.led.dates) { // a date a period, and the start's
		b.led.dates = slices.Grow(b.led.dates, n-len(b.led.dates))
	}
}

// Final reports whether the current period is the run's last, when the
// number of periods is known ([Book.SetSchedule]): cash held back by a
// tranche in the last period would never be paid to anyone, so reserves
// and cash traps release it then.
func (b *Book) Final() bool {
	if b == nil {
		return false
	}
	return b.started && b.periods > 0 && b.period.Index == b.periods-1
}

// today is the index in the ledger store's dates of the current date,
// added if new.
func (b *Book) today() int32 {
	if b.todayOK {
		return b.todayIdx
	}
	d := b.led.dates
	if n := len(d); n == 0 || !d[n-1].Equal(b.date) {
		b.led.dates = append(d, b.date)
	}
	b.todayIdx, b.todayOK = int32(len(b.led.dates)-1), true
	return b.todayIdx
}

// dec is u as a decimal, the book's shared zero when u is zero.
func (b *Book) dec(u units) decimal.Decimal {
	if u.b == nil && u.n == 0 {
		return b.zero
	}
	return u.dec(b.scale)
}

// State returns the value stored for the tranche, or nil.
func (b *Book) State(t TrancheID) any {
	if b == nil {
		return nil
	}
	// Only SetState fills the memo: a read writes nothing, so a finished
	// run's book may be read by many goroutines (Result.Loan).
	if m := &b.memo[memoSlot(t)]; m.ok && m.id == t {
		return m.v
	}
	return b.states[t]
}

// stateMemo remembers the states a few tranches stored, by ID, so that a
// state read again costs no map lookup: a slot is what the map holds for
// its id, filled by SetState, emptied by a trial's undo and for a clone,
// whose states are copies.
type stateMemo [4]memoState

type memoState struct {
	id TrancheID
	v  any
	ok bool
}

// memoSlot is id's slot in a stateMemo: by its length and last byte.
func memoSlot(id TrancheID) int {
	if id == "" {
		return 0
	}
	return (len(id) + int(id[len(id)-1])) & (len(stateMemo{}) - 1)
}

// SetState stores a value for the tranche. Store values that are replaced,
// never changed in place: [Book.Clone] copies the reference, not the value.
func (b *Book) SetState(t TrancheID, v any) {
	if b == nil {
		return
	}
	b.saveState(t)
	b.ensure()
	b.states[t] = v
	b.memo[memoSlot(t)] = memoState{id: t, v: v, ok: true}
}

// ensure gives a zero Book, not made by [NewBook], the maps and the ledger
// store that NewBook makes, so that it works as a book with no parties at
// scale 0 instead of panicking when a tranche writes to it.
func (b *Book) ensure() {
	if b.states != nil {
		return
	}
	b.index = map[PartyID]int{}
	b.paid = map[TrancheID]*paidTotals{}
	b.states = map[TrancheID]any{}
	b.simple = map[accrualKey]accrualState{}
	b.growth = map[growthKey]growthFactor{}
	b.rateIdx = map[string]int{}
	b.lists = map[partyList][]int{}
	b.zero = decimal.New(0, -b.scale)
	if b.led == nil {
		b.led = newLedgerStore(b.scale, nil)
	}
}

// Clone returns an independent copy of the book, for trying out payments
// (the conformance suite). The engine's combinators try payments on the
// book itself and undo them, which copies only what they change.
func (b *Book) Clone() *Book {
	if b == nil {
		return nil
	}
	b.ensure()
	c := *b
	c.ids = slices.Clone(b.ids)
	c.acc = make([]account, len(b.acc))
	for i, a := range b.acc {
		c.acc[i] = a
		c.acc[i].saved = 0
	}
	c.kinds = b.kinds.clone()
	c.moves = b.moves.clone()
	c.led = b.led.clone()
	c.events = slices.Clone(b.events)
	c.paid = make(map[TrancheID]*paidTotals, len(b.paid))
	for id, t := range b.paid {
		c.paid[id] = &paidTotals{idx: t.idx, total: t.total, to: slices.Clone(t.to), wide: maps.Clone(t.wide)}
	}
	c.lastID, c.lastPT = "", nil
	c.buf, c.buf2, c.ubuf = nil, nil, nil
	c.states, c.memo = cloneStates(b.states), stateMemo{}
	c.simple = maps.Clone(b.simple)
	c.growth = maps.Clone(b.growth)
	c.outs = slices.Clone(b.outs)
	c.held = slices.Clone(b.held)
	c.lent = slices.Clone(b.lent)
	c.rates = slices.Clone(b.rates)
	for i := range c.rates {
		c.rates[i].hurdles = b.rates[i].hurdles.clone()
		c.rates[i].byFrom = slices.Clone(b.rates[i].byFrom)
	}
	c.rateIdx = maps.Clone(b.rateIdx)
	c.lists = maps.Clone(b.lists)
	c.covers = maps.Clone(b.covers)
	c.tr = trialLog{}
	return &c
}

// errNilBook reports a method called on a nil *Book.
var errNilBook = fmt.Errorf("nil book: %w", contract.ErrRequired)
