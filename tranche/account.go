package tranche

import (
	"fmt"
	"math"
	"slices"
	"time"

	"github.com/jvwaterfall/jvwaterfall/internal/alloc"
	"github.com/shopspring/decimal"
)

// Account is a party's running totals in a book, in currency units. The
// zero value is an account with nothing in it.
type Account struct {
	Commitment      decimal.Decimal           // as given to the book
	Contributed     decimal.Decimal           // capital put in so far
	Lent            decimal.Decimal           // of Contributed, the draws of loans the party lends ([Drawer]); see [Book.Invested]
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
// What the party was paid of each kind is kept beside the accounts, in
// the book's kindCols: a loop paying parties one kind reads 8 bytes a
// party of it, not every kind's. A wide account holds its amounts by kind
// too (the columns' are then not read). A wide account is replaced, never
// changed in place, so that a trial may save it by reference. wide and
// the totals a payment changes come first: the engine's loops over
// parties read them together.
type account struct {
	wide        *wideAccount
	contributed int64
	capReturned int64
	distributed int64
	paidOut     int64
	saved       uint32 // the trial that last saved the account (see trial.go)
}

// kindCols is what each party was paid of each kind, in minor units: a
// column a kind, by party index, nil (all zero) until a party is paid
// the kind. An amount of a wide account is in the account, not here.
type kindCols [NumKinds][]int64

// at is party i's amount of kind k.
func (c *kindCols) at(k Kind, i int) int64 {
	if col := c[k]; col != nil {
		return col[i]
	}
	return 0
}

// col returns kind k's column for n parties, made on first use.
func (c *kindCols) col(k Kind, n int) []int64 {
	if c[k] == nil {
		c[k] = make([]int64, n)
	}
	return c[k]
}

// row is party i's amounts of every kind.
func (c *kindCols) row(i int) [NumKinds]int64 {
	var r [NumKinds]int64
	for k, col := range c {
		if col != nil {
			r[k] = col[i]
		}
	}
	return r
}

// setRow puts back party i's amounts of every kind saved by row: a column
// made since holds zero for it, as row read.
func (c *kindCols) setRow(i int, r *[NumKinds]int64) {
	for k, col := range c {
		if col != nil {
			col[i] = r[k]
		}
	}
}

// clone returns a copy of the columns.
func (c *kindCols) clone() kindCols {
	var d kindCols
	for k, col := range c {
		d[k] = slices.Clone(col)
	}
	return d
}

// wideAccount is an account's totals when one does not fit an int64.
type wideAccount struct {
	contributed, capReturned, distributed, paidOut units
	byKind                                         [NumKinds]units
}

// widened returns party i's account as wide amounts.
func (b *Book) widened(i int) wideAccount {
	a := &b.acc[i]
	if a.wide != nil {
		return *a.wide
	}
	w := wideAccount{contributed: units{n: a.contributed}, capReturned: units{n: a.capReturned},
		distributed: units{n: a.distributed}, paidOut: units{n: a.paidOut}}
	for k, n := range b.kinds.row(i) {
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

// kindU is what party i was paid of kind k.
func (b *Book) kindU(i int, k Kind) units {
	if w := b.acc[i].wide; w != nil {
		return w.byKind[k]
	}
	return units{n: b.kinds.at(k, i)}
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

// addIn adds a contribution of u by party i.
func (b *Book) addIn(i int, u units) {
	a := &b.acc[i]
	if a.wide == nil && u.small() {
		if x, ok := add64(a.contributed, u.n); ok {
			a.contributed = x
			return
		}
	}
	w := b.widened(i)
	w.contributed = w.contributed.add(u)
	a.wide = &w
}

// addOut adds a payment of u of kind to party i.
func (b *Book) addOut(i int, u units, kind Kind) {
	a := &b.acc[i]
	if a.wide == nil && u.small() {
		d, ok1 := add64(a.distributed, u.n)
		k, ok2 := add64(b.kinds.at(kind, i), u.n)
		c, ok3 := a.capReturned, true
		if kind == KindCapital {
			c, ok3 = add64(c, u.n)
		}
		if ok1 && ok2 && ok3 {
			a.distributed, a.capReturned = d, c
			b.kinds.col(kind, len(b.acc))[i] = k
			return
		}
	}
	w := b.widened(i)
	w.distributed = w.distributed.add(u)
	w.byKind[kind] = w.byKind[kind].add(u)
	if kind == KindCapital {
		w.capReturned = w.capReturned.add(u)
	}
	a.wide = &w
}

// addPaidOut adds a payment of u party i made to another.
func (b *Book) addPaidOut(i int, u units) {
	a := &b.acc[i]
	if a.wide == nil && u.small() {
		if x, ok := add64(a.paidOut, u.n); ok {
			a.paidOut = x
			return
		}
	}
	w := b.widened(i)
	w.paidOut = w.paidOut.add(u)
	a.wide = &w
}

// sub64 returns x − y; ok is false on overflow.
func sub64(x, y int64) (int64, bool) {
	d := x - y
	return d, (x >= 0) == (y >= 0) || (d >= 0) == (x >= 0)
}

// Account returns a copy of the party's account. It only reads the
// book, as do Movements, Flows, Ledger and Contributions, so a book no
// longer changed may be read from many goroutines.
func (b *Book) Account(id PartyID) (Account, error) {
	if b == nil {
		return Account{}, errNilBook
	}
	i, err := b.lookup(id)
	if err != nil {
		return Account{}, err
	}
	a := &b.acc[i]
	v := Account{
		Commitment:      b.commit[i],
		Contributed:     b.dec(a.contrib()),
		Lent:            b.dec(b.lentOf(i)),
		CapitalReturned: b.dec(a.capRet()),
		Distributed:     b.dec(a.dist()),
		PaidOut:         b.dec(a.paidOutU()),
	}
	for k := range v.ByKind {
		v.ByKind[k] = b.dec(b.kindU(i, Kind(k)))
	}
	return v, nil
}

// Contribute books a contribution of amount by the party at the current
// date. amount must be positive and a whole number of minor units.
func (b *Book) Contribute(id PartyID, amount decimal.Decimal) error {
	if b == nil {
		return errNilBook
	}
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
// Call returns an error if a party is unknown or listed twice
// ([contract.ErrInvalid]), the amount is negative or not whole, or no
// party has a commitment ([alloc.ErrZeroWeights]); it books nothing then.
func (b *Book) Call(amount decimal.Decimal, parties []PartyID) error {
	if b == nil {
		return errNilBook
	}
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
		b.contributeMany(idx, parts)
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
	b.addIn(i, u)
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
		s.wideIn[s.contribs.n] = d
	}
	s.addContrib(r, u)
}

// contributeMany books parts[j] minor units (when positive) from party
// idx[j]: contribute for many parties at once, with today's date and row
// looked up once. It falls back to contribute in a trial, and for a party
// whose amounts would pass an int64.
func (b *Book) contributeMany(idx []int, parts []int64) {
	if len(b.tr.serials) > 0 {
		for j, i := range idx {
			if parts[j] > 0 {
				b.contribute(i, units{n: parts[j]}, decimal.Decimal{})
			}
		}
		return
	}
	now := b.today()
	row, s := b.moves.row(now), b.led
	r := contribRow{period: int32(b.period.Index), date: now}
	for j, i := range idx {
		x := parts[j]
		if x <= 0 {
			continue
		}
		a, m := &b.acc[i], &row[i]
		c, ok1 := add64(a.contributed, x)
		in, ok2 := add64(m.in, x)
		if a.wide != nil || m.wideMove() || !ok1 || !ok2 {
			b.contribute(i, units{n: x}, decimal.Decimal{})
			continue
		}
		a.contributed, m.in = c, in
		r.party, r.amount = int32(i), x
		s.addContrib(r, units{n: x})
	}
}

// Contributions returns the contributions booked so far, oldest first.
func (b *Book) Contributions() Contributions {
	if b == nil {
		return Contributions{}
	}
	b.ensure()
	return Contributions{s: b.led, hi: b.led.contribs.n}
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

// lentOf is party i's loans' draws so far.
func (b *Book) lentOf(i int) units {
	if i < len(b.lent) {
		return b.lent[i]
	}
	return units{}
}

// Invested returns the sum, over ids, of what each party contributed,
// less its loans' draws ([Account].Lent) and the capital returned to it:
// the capital the parties have invested so far. It is not floored at
// zero, and a party listed twice counts twice. It returns an error for a
// party the book does not have.
//
// Only Invested leaves the draws out: return of capital, prefs, hurdles
// and [Account.Unreturned] count every contribution, so a lender that
// also holds equity in the same stack has its draws returned as capital
// too. Give a lender a party of its own (spec.Lint warns).
func (b *Book) Invested(ids []PartyID) (decimal.Decimal, error) {
	if b == nil {
		return decimal.Zero, errNilBook
	}
	var sum units
	for _, id := range ids {
		i, err := b.lookup(id)
		if err != nil {
			return decimal.Zero, err
		}
		sum = sum.add(b.acc[i].unreturned()).sub(b.lentOf(i))
	}
	return b.dec(sum), nil
}
