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

// hurdleState is a party's hurdle balance at one rate, replayed from its
// movements up to (not including) moves[next], as of b.dates[asOf]. It is
// held in fixed point (fix) while it fits, and in decimal (dec) after.
type hurdleState struct {
	fix   fixed
	dec   decimal.Decimal
	isDec bool
	asOf  int32
	next  int
}

// rateSlot is a rate the book has seen, with its key and whether it is
// valid.
type rateSlot struct {
	r       contract.Rate
	key     string
	err     error
	hurdles []hurdleState // by party index
	// byFrom[d] is the last growth factor looked up from date index d,
	// to date index byFrom[d].to: replays grow from one movement to the
	// next, over the same dates for every party.
	byFrom []growthFrom
}

type growthFrom struct {
	to int32 // 0: none (a factor to the first date is never needed)
	g  growthFactor
}

type growthKey struct {
	rate     string
	num, den int64 // the day count's year fraction
}

// growthFactor is a growth factor, and the same in units of 10^-20 when
// fixOK.
type growthFactor struct {
	dec   decimal.Decimal
	fix   u128
	fixOK bool
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
		return nil, contract.Field("scale", fmt.Errorf("%w: %d, want 0 to 8", contract.ErrRange, scale))
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
			return nil, contract.Field(path+".id", fmt.Errorf("%w: duplicate party %q", contract.ErrInvalid, p.ID))
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
		return fmt.Errorf("%w: period %d ends %s, before the current date %s",
			contract.ErrOrder, p.Index, p.End.Format(time.DateOnly), b.period.End.Format(time.DateOnly))
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
			return fmt.Errorf("tranche %q: %w: returns %s of capital to %q, which has %s unreturned",
				p.Tranche, ErrInvariant, p.Amount, p.Party, unreturned.dec(b.scale))
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

// slot returns the index of r in b.rates, added if new.
func (b *Book) slot(r contract.Rate) int {
	for i := range b.rates {
		if b.rates[i].r == r {
			return i
		}
	}
	key := r.Key()
	if i, ok := b.rateIdx[key]; ok {
		b.rates[i].r = r
		return i
	}
	b.rates = append(b.rates, rateSlot{r: r, key: key, err: r.Validate()})
	b.rateIdx[key] = len(b.rates) - 1
	return len(b.rates) - 1
}

// Growth is r's growth factor between two dates (see [contract.Rate.Growth]),
// remembered by the book so that it is computed once per rate and period.
func (b *Book) Growth(r contract.Rate, from, to time.Time) (decimal.Decimal, error) {
	if to.Equal(from) {
		return decimal.NewFromInt(1), nil
	}
	g, err := b.growthOf(b.slot(r), from, to)
	return g.dec, err
}

// growthOf is the growth factor of rate slot s from from to to (not
// equal). The factor depends on the dates only through the day count's
// year fraction, so it is remembered by that.
func (b *Book) growthOf(s int, from, to time.Time) (growthFactor, error) {
	rs := &b.rates[s]
	if rs.err != nil {
		_, err := rs.r.Growth(from, to)
		return growthFactor{}, err
	}
	num, den := rs.r.DayCount.Fraction(from, to)
	k := growthKey{rs.key, num, den}
	if g, ok := b.growth[k]; ok {
		return g, nil
	}
	d, err := rs.r.Growth(from, to)
	if err != nil {
		return growthFactor{}, err
	}
	g := growthFactor{dec: d}
	if x := d.Shift(contract.GrowthPlaces); x.IsInteger() {
		g.fix, g.fixOK = u128Of(x.BigInt())
	}
	b.growth[k] = g
	return g, nil
}

// growthIdx is growthOf between two dates given by index in b.dates, with
// the last one remembered: in a run every party grows over the same dates.
func (b *Book) growthIdx(s int, from, to int32) (growthFactor, error) {
	rs := &b.rates[s]
	if int(from) < len(rs.byFrom) && rs.byFrom[from].to == to {
		return rs.byFrom[from].g, nil
	}
	g, err := b.growthOf(s, b.dates[from], b.dates[to])
	if err != nil {
		return g, err
	}
	rs = &b.rates[s]
	if int(from) >= len(rs.byFrom) {
		rs.byFrom = append(rs.byFrom, make([]growthFrom, len(b.dates)-len(rs.byFrom))...)
	}
	rs.byFrom[from] = growthFrom{to, g}
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
	h, err := b.hurdle(i, b.slot(r))
	if err != nil {
		return decimal.Decimal{}, err
	}
	if h.isDec {
		return h.dec, nil
	}
	return h.fix.dec(), nil
}

// hurdle is party i's hurdle balance at rate slot s on the current date,
// in fixed point unless isDec. Each step is the decimal rule
// balance·g rounded to AccrualPlaces, then plus In, minus Out.
func (b *Book) hurdle(i, s int) (hurdleState, error) {
	moves := b.acc[i].moves
	if len(moves) == 0 {
		return hurdleState{}, nil
	}
	rs := &b.rates[s]
	if rs.hurdles == nil {
		rs.hurdles = make([]hurdleState, len(b.acc))
		for j := range rs.hurdles {
			rs.hurdles[j].asOf = -1
		}
	}
	st := rs.hurdles[i]
	if st.asOf < 0 {
		st.asOf = moves[0].date
	}
	for ; st.next < len(moves); st.next++ {
		m := moves[st.next]
		if err := b.growHurdle(&st, s, m.date); err != nil {
			return hurdleState{}, err
		}
		b.addHurdle(&st, m.u, m.kind != moveIn)
	}
	b.rates[s].hurdles[i] = st
	if now := b.today(); now != st.asOf {
		if err := b.growHurdle(&st, s, now); err != nil {
			return hurdleState{}, err
		}
	}
	return st, nil
}

// growHurdle grows st to date index to.
func (b *Book) growHurdle(st *hurdleState, s int, to int32) error {
	if st.asOf == to {
		return nil
	}
	g, err := b.growthIdx(s, st.asOf, to)
	if err != nil {
		return err
	}
	st.asOf = to
	if !st.isDec && g.fixOK {
		if f, ok := st.fix.grow(g.fix); ok {
			st.fix = f
			return nil
		}
	}
	st.toDec()
	st.dec = st.dec.Mul(g.dec).Round(AccrualPlaces)
	return nil
}

// addHurdle adds u (subtracts it if neg) to st.
func (b *Book) addHurdle(st *hurdleState, u units, neg bool) {
	if u.sign() == 0 {
		return
	}
	if !st.isDec {
		if x, ok := fixedOfUnits(u, b.scale); ok {
			x.neg = x.neg != neg && !x.mag.isZero()
			if f, ok := st.fix.add(x); ok {
				st.fix = f
				return
			}
		}
	}
	st.toDec()
	if neg {
		st.dec = st.dec.Sub(u.dec(b.scale))
	} else {
		st.dec = st.dec.Add(u.dec(b.scale))
	}
}

// toDec moves st to decimal arithmetic, for good.
func (st *hurdleState) toDec() {
	if !st.isDec {
		st.dec, st.isDec = st.fix.dec(), true
	}
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
	s := b.slot(r)
	k := accrualKey{i, b.rates[s].key}
	st, ok := b.simple[k]
	moves := b.acc[i].moves
	if !ok && len(moves) == 0 {
		return decimal.Zero, nil
	}
	if !ok {
		st = accrualState{balance: decimal.Zero, unreturned: decimal.Zero, asOf: b.dates[moves[0].date]}
	}
	one := decimal.NewFromInt(1)
	for ; st.next < len(moves); st.next++ {
		m := moves[st.next]
		date := b.dates[m.date]
		g, err := b.Growth(r, st.asOf, date)
		if err != nil {
			return decimal.Decimal{}, err
		}
		st.balance = st.balance.Add(st.unreturned.Mul(g.Sub(one))).Round(AccrualPlaces)
		st.unreturned = st.unreturned.Add(m.in().dec(b.scale)).Sub(m.capital().dec(b.scale))
		st.asOf = date
	}
	b.simple[k] = st
	g, err := b.Growth(r, st.asOf, b.period.End)
	if err != nil {
		return decimal.Decimal{}, err
	}
	return st.balance.Add(st.unreturned.Mul(g.Sub(one))).Round(AccrualPlaces), nil
}
