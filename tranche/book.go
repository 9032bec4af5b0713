package tranche

import (
	"fmt"
	"maps"
	"math"
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

// Account is a party's running totals in a book, in currency units. The
// zero value is an account with nothing in it.
type Account struct {
	Commitment      decimal.Decimal           // as given to the book
	Contributed     decimal.Decimal           // capital put in so far
	CapitalReturned decimal.Decimal           // of Distributed, return of capital (KindCapital)
	Distributed     decimal.Decimal           // everything received, of every kind
	ByKind          [NumKinds]decimal.Decimal // Distributed by kind
	PaidOut         decimal.Decimal           // paid by the party to others: payments From it (carry into escrow, a clawback)
}

// Unreturned is the capital contributed and not yet returned.
func (a Account) Unreturned() decimal.Decimal { return a.Contributed.Sub(a.CapitalReturned) }

// Profit is everything received above returned capital.
func (a Account) Profit() decimal.Decimal { return a.Distributed.Sub(a.CapitalReturned) }

// Movement is what moved a party's account on one date: money in (a
// contribution) and money out (payments to the party), one Movement per
// date on which anything moved.
type Movement struct {
	Date    time.Time
	In      decimal.Decimal // contributed
	Out     decimal.Decimal // paid to the party, of any kind
	Capital decimal.Decimal // of Out, return of capital
	PaidOut decimal.Decimal // paid by the party to others (payments From it); not part of Out
}

// account is a party's running totals in minor units, as int64 while
// they fit (every amount in one account, so that the engine's loops over
// parties read little memory), and in wide, exactly, once one does not.
// A wide account is replaced, never changed in place, so that a trial may
// save it by reference.
type account struct {
	contributed int64
	capReturned int64
	distributed int64
	paidOut     int64
	byKind      [NumKinds]int64
	wide        *wideAccount
	saved       uint32 // the trial that last saved the account (see trial.go)
}

// wideAccount is an account's totals when one does not fit an int64.
type wideAccount struct {
	contributed, capReturned, distributed, paidOut units
	byKind                                         [NumKinds]units
}

func (a *account) widened() wideAccount {
	if a.wide != nil {
		return *a.wide
	}
	w := wideAccount{contributed: units{n: a.contributed}, capReturned: units{n: a.capReturned},
		distributed: units{n: a.distributed}, paidOut: units{n: a.paidOut}}
	for k, n := range a.byKind {
		w.byKind[k] = units{n: n}
	}
	return w
}

func (a *account) contrib() units {
	if a.wide != nil {
		return a.wide.contributed
	}
	return units{n: a.contributed}
}

func (a *account) capRet() units {
	if a.wide != nil {
		return a.wide.capReturned
	}
	return units{n: a.capReturned}
}

func (a *account) dist() units {
	if a.wide != nil {
		return a.wide.distributed
	}
	return units{n: a.distributed}
}

func (a *account) paidOutU() units {
	if a.wide != nil {
		return a.wide.paidOut
	}
	return units{n: a.paidOut}
}

func (a *account) kindU(k Kind) units {
	if a.wide != nil {
		return a.wide.byKind[k]
	}
	return units{n: a.byKind[k]}
}

// unreturned is the capital contributed and not returned.
func (a *account) unreturned() units {
	if a.wide == nil {
		if d, ok := sub64(a.contributed, a.capReturned); ok {
			return units{n: d}
		}
	}
	return a.contrib().sub(a.capRet())
}

// profit is what the party received above returned capital.
func (a *account) profit() units {
	if a.wide == nil {
		if d, ok := sub64(a.distributed, a.capReturned); ok {
			return units{n: d}
		}
	}
	return a.dist().sub(a.capRet())
}

// addIn adds a contribution of u.
func (a *account) addIn(u units) {
	if a.wide == nil && u.small() {
		if x, ok := add64(a.contributed, u.n); ok {
			a.contributed = x
			return
		}
	}
	w := a.widened()
	w.contributed = w.contributed.add(u)
	a.wide = &w
}

// addOut adds a payment of u of kind to the party.
func (a *account) addOut(u units, kind Kind) {
	if a.wide == nil && u.small() {
		d, ok1 := add64(a.distributed, u.n)
		k, ok2 := add64(a.byKind[kind], u.n)
		c, ok3 := a.capReturned, true
		if kind == KindCapital {
			c, ok3 = add64(c, u.n)
		}
		if ok1 && ok2 && ok3 {
			a.distributed, a.byKind[kind], a.capReturned = d, k, c
			return
		}
	}
	w := a.widened()
	w.distributed = w.distributed.add(u)
	w.byKind[kind] = w.byKind[kind].add(u)
	if kind == KindCapital {
		w.capReturned = w.capReturned.add(u)
	}
	a.wide = &w
}

// addPaidOut adds a payment of u the party made to another.
func (a *account) addPaidOut(u units) {
	if a.wide == nil && u.small() {
		if x, ok := add64(a.paidOut, u.n); ok {
			a.paidOut = x
			return
		}
	}
	w := a.widened()
	w.paidOut = w.paidOut.add(u)
	a.wide = &w
}

// sub64 returns x − y; ok is false on overflow.
func sub64(x, y int64) (int64, bool) {
	d := x - y
	return d, (x >= 0) == (y >= 0) || (d >= 0) == (x >= 0)
}

// paidTotals is what one tranche has paid, in all and to each party.
type paidTotals struct {
	idx   int32 // the tranche's index in the ledger store
	total units
	to    []units // by party index
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
	scale    int32
	ids      []PartyID
	index    map[PartyID]int
	acc      []account
	commit   []decimal.Decimal // each party's commitment, as given
	period   contract.Period
	started  bool
	todayIdx int32 // the current date's index in the ledger store's dates, when todayOK
	todayOK  bool
	led      *ledgerStore
	current  bool // keep only the current period's payments (KeepCurrentPeriod)
	events   []Event
	paid     map[TrancheID]*paidTotals
	states   map[TrancheID]any
	simple   map[accrualKey]accrualState
	growth   map[growthKey]growthFactor
	moves    moveTable
	outs     []paidOutMove
	posted   units // the sum of every payment posted
	nPosted  int   // the number of payments posted
	rates    []rateSlot
	rateIdx  map[string]int
	lists    map[partyList][]int // party lists of terms, as indexes
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
	periods  int // the run's number of periods, when told (SetSchedule); 0: unknown
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
	b.led = newLedgerStore(scale, slices.Clone(b.ids))
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
// time; p.End may not be before the current date. A book that keeps only
// the current period's payments ([Book.KeepCurrentPeriod]) forgets the
// previous period's here.
func (b *Book) Advance(p contract.Period) error {
	if b.started && p.End.Before(b.period.End) {
		return fmt.Errorf("period %d ends %s, before the current date %s: %w",
			p.Index, p.End.Format(time.DateOnly), b.period.End.Format(time.DateOnly), contract.ErrOrder)
	}
	if b.current {
		b.led.dropRows()
	}
	b.period, b.started = p, true
	b.todayOK = false
	return nil
}

// KeepCurrentPeriod makes the book keep in its ledger only the payments
// of the current period, forgetting them when it advances to the next:
// for runs that need totals, not the ledger. Accounts, movements, paid
// totals, events and contributions are kept whole.
func (b *Book) KeepCurrentPeriod() { b.current = true }

// SetSchedule tells the book how many periods the run has, so that
// tranches can tell the last one ([Book.Final]), and so that the book
// can set aside room for each party's movements at once. The engine
// calls it before the first period; a book that is not told has no last
// period.
func (b *Book) SetSchedule(periods int) {
	b.periods = max(periods, 0)
	b.moves.reserve(b.periods, len(b.acc))
}

// Final reports whether the current period is the run's last, when the
// number of periods is known ([Book.SetSchedule]): cash held back by a
// tranche in the last period would never be paid to anyone, so reserves
// and cash traps release it then.
func (b *Book) Final() bool {
	return b.started && b.periods > 0 && b.period.Index == b.periods-1
}

// today is the index in the ledger store's dates of the current date,
// added if new.
func (b *Book) today() int32 {
	if b.todayOK {
		return b.todayIdx
	}
	d := b.led.dates
	if n := len(d); n == 0 || !d[n-1].Equal(b.period.End) {
		b.led.dates = append(d, b.period.End)
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

// Account returns a copy of the party's account. It only reads the
// book, as do Movements, Flows, Ledger and Contributions, so a book no
// longer changed may be read from many goroutines.
func (b *Book) Account(id PartyID) (Account, error) {
	i, err := b.lookup(id)
	if err != nil {
		return Account{}, err
	}
	a := &b.acc[i]
	v := Account{
		Commitment:      b.commit[i],
		Contributed:     b.dec(a.contrib()),
		CapitalReturned: b.dec(a.capRet()),
		Distributed:     b.dec(a.dist()),
		PaidOut:         b.dec(a.paidOutU()),
	}
	for k := range v.ByKind {
		v.ByKind[k] = b.dec(a.kindU(Kind(k)))
	}
	return v, nil
}

// Movements returns a copy of the party's dated movements, oldest first:
// one per date on which its account moved.
func (b *Book) Movements(id PartyID) ([]Movement, error) {
	i, err := b.lookup(id)
	if err != nil {
		return nil, err
	}
	var out []Movement
	for d := range b.moves.dates() {
		if m := b.moves.at(d, i); !m.zero() {
			in, paid, capital := b.amounts(i, int32(d))
			out = append(out, Movement{Date: b.led.dates[d], In: b.dec(in), Out: b.dec(paid), Capital: b.dec(capital), PaidOut: b.zero})
		}
	}
	for _, o := range b.outs {
		if int(o.party) != i {
			continue
		}
		date := b.led.dates[o.date]
		k, found := slices.BinarySearchFunc(out, date, func(m Movement, t time.Time) int { return m.Date.Compare(t) })
		if !found {
			out = slices.Insert(out, k, Movement{Date: date, In: b.zero, Out: b.zero, Capital: b.zero, PaidOut: b.zero})
		}
		out[k].PaidOut = out[k].PaidOut.Add(o.u.dec(b.scale))
	}
	return out, nil
}

// Flows returns the party's dated cash flows from its own side, one per
// date, oldest first: contributions negative, payments received
// positive, payments it made to others (From it) negative; a date on
// which they net to zero has a zero flow. They are the input of an XIRR.
func (b *Book) Flows(id PartyID) ([]contract.Flow, error) {
	moves, err := b.Movements(id)
	if err != nil {
		return nil, err
	}
	flows := make([]contract.Flow, len(moves))
	for j, m := range moves {
		flows[j] = contract.Flow{Date: m.Date, Amount: m.Out.Sub(m.In).Sub(m.PaidOut)}
	}
	return flows, nil
}

// addMove adds in, out and capital (of out) to party i's move of today.
func (b *Book) addMove(i int, in, out, capital units) {
	now := b.today()
	m := b.moves.row(now)[i:]
	if len(m) == 0 {
		return // not reached: a row has every party
	}
	if !m[0].wideMove() && in.small() && out.small() && capital.small() {
		x, ok1 := add64(m[0].in, in.n)
		y, ok2 := add64(m[0].out, out.n)
		z, ok3 := add64(m[0].capital, capital.n)
		if ok1 && ok2 && ok3 && z != wideMark {
			m[0] = move{in: x, out: y, capital: z}
			return
		}
	}
	pi, po, pc := b.amounts(i, now)
	b.moves.setWide(now, i, wideMove{pi.add(in), po.add(out), pc.add(capital)})
}

// add64 returns x + y; ok is false on overflow.
func add64(x, y int64) (int64, bool) {
	s := x + y
	return s, (x >= 0) != (y >= 0) || (s >= 0) == (x >= 0)
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
	b.contribute(i, u, amount)
	return nil
}

// Call books a capital call of amount, shared among parties by their
// commitments with largest-remainder rounding (ties to the party listed
// first), so the contributions add up to amount exactly. amount must be
// positive and a whole number of minor units.
//
// Call returns an error if a party is unknown, the amount is negative or
// not whole, or no party has a commitment ([alloc.ErrZeroWeights]).
func (b *Book) Call(amount decimal.Decimal, parties []PartyID) error {
	if err := b.checkAmount(amount); err != nil {
		return err
	}
	idx, err := b.indexes(parties)
	if err != nil {
		return err
	}
	if amount.IsZero() {
		return nil
	}
	if u, ok := toUnits(amount, b.scale); ok && u.small() && b.weights != nil {
		n := len(idx)
		b.buf2 = slices.Grow(b.buf2[:0], 2*n)[:2*n]
		w, parts := b.buf2[:n], b.buf2[n:]
		for j, i := range idx {
			w[j] = b.weights[i]
		}
		if !b.split.SplitInt64(u.n, w, parts) {
			return alloc.ErrZeroWeights
		}
		for j, i := range idx {
			if parts[j] > 0 {
				b.contribute(i, units{n: parts[j]}, decimal.Decimal{})
			}
		}
		return nil
	}
	w := make([]decimal.Decimal, len(idx))
	for j, i := range idx {
		w[j] = b.commit[i]
	}
	parts, err := alloc.Split(amount, w, b.scale)
	if err != nil {
		return err
	}
	for j, i := range idx {
		if parts[j].Sign() > 0 {
			u, _ := toUnits(parts[j], b.scale)
			b.contribute(i, u, parts[j])
		}
	}
	return nil
}

// contribute books u minor units (d as a decimal, if known) from party i.
func (b *Book) contribute(i int, u units, d decimal.Decimal) {
	b.saveAccount(i)
	a := &b.acc[i]
	a.addIn(u)
	b.addMove(i, u, units{}, units{})
	s := b.led
	r := contribRow{period: int32(b.period.Index), date: b.today(), party: int32(i)}
	if u.small() && u.n != math.MinInt64 {
		r.amount = u.n
	} else {
		if d == (decimal.Decimal{}) {
			d = u.dec(b.scale)
		}
		if s.wideIn == nil {
			s.wideIn = map[int]decimal.Decimal{}
		}
		r.amount = math.MinInt64
		s.wideIn[len(s.contribs)] = d
	}
	if len(s.contribs) == cap(s.contribs) {
		// Double, where append would grow a long list by a quarter.
		grown := make([]contribRow, len(s.contribs), max(2*len(s.contribs), 64))
		copy(grown, s.contribs)
		s.contribs = grown
	}
	s.contribs = append(s.contribs, r)
}

// Contributions returns the contributions booked so far, oldest first.
func (b *Book) Contributions() Contributions {
	return Contributions{s: b.led, hi: len(b.led.contribs)}
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
// is not recorded. When p.From names a party of the book, the payment
// counts as paid out by it ([Account].PaidOut).
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
	before, ok1 := toUnits(p.Before, b.scale)
	after, ok2 := toUnits(p.After, b.scale)
	from := int32(-1)
	if p.From != "" {
		from = b.led.name(p.From)
	}
	var w *wideRow
	if !ok1 || !ok2 || !u.small() || !before.small() || !after.small() {
		w = &wideRow{amount: p.Amount, before: p.Before, after: p.After}
	}
	return b.post(i, b.totals(p.Tranche), p.Kind, u, before.n, after.n, w, from)
}

// post records a payment of u (positive, whole) minor units to party i
// by the tranche of pt, of kind, that moves a balance from before to
// after (minor units), or with the amounts in w when they do not fit a
// row; from is the paying party's index among the ledger's names, or -1.
func (b *Book) post(i int, pt *paidTotals, kind Kind, u units, before, after int64, w *wideRow, from int32) error {
	b.saveAccount(i)
	a := &b.acc[i]
	capital := units{}
	if kind == KindCapital {
		if unreturned := a.unreturned(); u.cmp(unreturned) > 0 {
			return fmt.Errorf("tranche %q: returns %s of capital to %q, which has %s unreturned: %w",
				b.led.tranches[pt.idx], u.dec(b.scale), b.ids[i], unreturned.dec(b.scale), ErrInvariant)
		}
		capital = u
	}
	a.addOut(u, kind)
	b.addMove(i, units{}, u, capital)
	s := b.led
	r := ledgerRow{period: int32(b.period.Index), date: b.today(), party: int32(i), from: from, tranche: pt.idx, kind: kind}
	if w == nil && u.small() {
		r.amount, r.before, r.after = u.n, before, after
	} else {
		if w == nil {
			w = &wideRow{amount: u.dec(b.scale), before: decimal.New(before, -b.scale), after: decimal.New(after, -b.scale)}
		}
		if s.wide == nil {
			s.wide = map[int]wideRow{}
		}
		r.wide = true
		s.wide[s.end()] = *w
	}
	s.appendRow(r)
	b.savePaid(pt, i)
	pt.total = pt.total.add(u)
	pt.to[i] = pt.to[i].add(u)
	b.posted = b.posted.add(u)
	b.nPosted++
	if from >= 0 && int(from) < len(b.acc) {
		b.saveAccount(int(from))
		f := &b.acc[from]
		f.addPaidOut(u)
		b.outs = append(b.outs, paidOutMove{party: from, date: r.date, u: u})
	}
	return nil
}

// postMany posts parts[j] minor units (when not zero) to party idx[j] by
// the tranche of pt, of kind. With owed, each pays down a claim from
// owed[j] to owed[j] − parts[j]; without (nil), each adds to the party's
// receipts from the tranche, from what pt has paid it. It is post for a
// tranche's payments to many parties at once, with what post works out
// per payment worked out once; it falls back to post in a trial or for
// amounts past int64.
func (b *Book) postMany(pt *paidTotals, kind Kind, idx []int, parts []int64, owed []int64) error {
	before := func(j, i int) (int64, int64) {
		if owed != nil {
			return owed[j], owed[j] - parts[j]
		}
		return pt.to[i].n, pt.to[i].n + parts[j]
	}
	if len(b.tr.serials) > 0 {
		for j, i := range idx {
			if x := parts[j]; x != 0 {
				bf, af := before(j, i)
				if err := b.post(i, pt, kind, units{n: x}, bf, af, nil, -1); err != nil {
					return err
				}
			}
		}
		return nil
	}
	now := b.today()
	row := b.moves.row(now)
	s := b.led
	r := ledgerRow{period: int32(b.period.Index), date: now, from: -1, tranche: pt.idx, kind: kind}
	var sum int64
	for j, i := range idx {
		x := parts[j]
		if x == 0 {
			continue
		}
		a := &b.acc[i]
		ptTo, okTo := add64(pt.to[i].n, x)
		total, okSum := add64(sum, x)
		m := row[i]
		mo, okM := add64(m.out, x)
		mc, okC := m.capital, true
		if kind == KindCapital {
			mc, okC = add64(mc, x)
		}
		if a.wide != nil || !pt.to[i].small() || !okTo || !okSum || m.wideMove() || !okM || !okC || mc == wideMark {
			// The general path, for this payment and the rest.
			b.addPosted(pt, sum)
			for k := j; k < len(idx); k++ {
				if x := parts[k]; x != 0 {
					bf, af := before(k, idx[k])
					if err := b.post(idx[k], pt, kind, units{n: x}, bf, af, nil, -1); err != nil {
						return err
					}
				}
			}
			return nil
		}
		if kind == KindCapital && x > a.contributed-a.capReturned {
			u := units{n: x}
			return fmt.Errorf("tranche %q: returns %s of capital to %q, which has %s unreturned: %w",
				s.tranches[pt.idx], u.dec(b.scale), b.ids[i], a.unreturned().dec(b.scale), ErrInvariant)
		}
		a.addOut(units{n: x}, kind)
		row[i] = move{in: m.in, out: mo, capital: mc}
		r.party, r.amount = int32(i), x
		r.before, r.after = before(j, i)
		s.appendRow(r)
		pt.to[i].n = ptTo
		sum = total
		b.nPosted++
	}
	b.addPosted(pt, sum)
	return nil
}

// addPosted adds n minor units to pt's total and to the book's.
func (b *Book) addPosted(pt *paidTotals, n int64) {
	u := units{n: n}
	pt.total = pt.total.add(u)
	b.posted = b.posted.add(u)
}

// totals returns the tranche's paid totals, made if new.
func (b *Book) totals(id TrancheID) *paidTotals {
	if b.lastPT != nil && b.lastID == id {
		return b.lastPT
	}
	t, ok := b.paid[id]
	if !ok {
		t = &paidTotals{idx: b.led.tranche(id), to: make([]units, len(b.acc))}
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

// paidThisPeriod is what tranche id has paid party i in the current
// period, read from the ledger, which holds at least the current period.
func (b *Book) paidThisPeriod(id TrancheID, i int) units {
	pt, ok := b.paid[id]
	if !ok {
		return units{}
	}
	s, t := b.led, units{}
	for j := s.end() - 1; j >= s.base && s.rows[j-s.base].period == int32(b.period.Index); j-- {
		if r := &s.rows[j-s.base]; r.tranche == pt.idx && int(r.party) == i {
			t = t.add(s.amountUnits(j))
		}
	}
	return t
}

// Grow makes room in the ledger for n more payments, so that a long
// ledger is not copied as it grows. It changes nothing a caller can
// observe; the engine calls it with an estimate.
func (b *Book) Grow(n int) {
	if s := b.led; n > 0 && cap(s.rows)-len(s.rows) < n {
		grown := make([]ledgerRow, len(s.rows), len(s.rows)+n)
		copy(grown, s.rows)
		s.rows = grown
	}
}

// Ledger returns the payments posted so far, oldest first; a book that
// keeps only the current period ([Book.KeepCurrentPeriod]) returns the
// current period's.
func (b *Book) Ledger() Ledger {
	s := b.led
	return Ledger{s: s, gen: s.gen, lo: s.base, hi: s.end()}
}

// Posted is the number of payments posted so far, including those a book
// that keeps only the current period has forgotten.
func (b *Book) Posted() int { return b.nPosted }

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
	if !ok || !paid {
		return decimal.Decimal{}
	}
	return pt.to[i].dec(b.scale)
}

// State returns the value stored for the tranche, or nil.
func (b *Book) State(t TrancheID) any { return b.states[t] }

// SetState stores a value for the tranche. Store values that are replaced,
// never changed in place: [Book.Clone] copies the reference, not the value.
func (b *Book) SetState(t TrancheID, v any) {
	b.saveState(t)
	b.states[t] = v
}

// Clone returns an independent copy of the book, for trying out payments
// (the conformance suite). The engine's combinators try payments on the
// book itself and undo them, which copies only what they change.
func (b *Book) Clone() *Book {
	c := *b
	c.ids = slices.Clone(b.ids)
	c.acc = make([]account, len(b.acc))
	for i, a := range b.acc {
		c.acc[i] = a
		c.acc[i].saved = 0
	}
	c.moves = b.moves.clone()
	c.led = b.led.clone()
	c.events = slices.Clone(b.events)
	c.paid = make(map[TrancheID]*paidTotals, len(b.paid))
	for id, t := range b.paid {
		c.paid[id] = &paidTotals{idx: t.idx, total: t.total, to: slices.Clone(t.to)}
	}
	c.lastID, c.lastPT = "", nil
	c.buf, c.buf2, c.ubuf = nil, nil, nil
	c.states = maps.Clone(b.states)
	c.simple = maps.Clone(b.simple)
	c.growth = maps.Clone(b.growth)
	c.outs = slices.Clone(b.outs)
	c.held = slices.Clone(b.held)
	c.rates = slices.Clone(b.rates)
	for i := range c.rates {
		c.rates[i].hurdles = slices.Clone(b.rates[i].hurdles)
		c.rates[i].byFrom = slices.Clone(b.rates[i].byFrom)
	}
	c.rateIdx = maps.Clone(b.rateIdx)
	c.lists = maps.Clone(b.lists)
	c.tr = trialLog{}
	return &c
}
