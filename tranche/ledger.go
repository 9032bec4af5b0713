package tranche

import (
	"iter"
	"maps"
	"math"
	"math/bits"
	"slices"
	"sort"
	"time"

	"github.com/shopspring/decimal"
)

// The book's ledger holds payments and contributions as compact records:
// amounts in int64 minor units, parties, tranches and dates as indexes
// into tables. Decimals are made only when a caller reads a record. An
// amount that does not fit an int64, or a balance that is not a whole
// number of minor units, is kept as a decimal beside its record.

// ledgerRow is a Payment held compactly.
type ledgerRow struct {
	amount, before, after int64 // minor units, unless wide
	period                int32
	date                  int32 // index into ledgerStore.dates
	party                 int32 // index into ledgerStore.names
	from                  int32 // index into ledgerStore.names; -1: the deal
	tranche               int32 // index into ledgerStore.tranches
	kind                  Kind
	wide                  bool // amount, before and after are in ledgerStore.wide
}

// wideRow is a row's amounts as decimals, when one does not fit a row.
type wideRow struct{ amount, before, after decimal.Decimal }

// contribRow is a Contribution held compactly (as contribPages keeps it,
// see there).
type contribRow struct {
	amount int64 // minor units; math.MinInt64: in ledgerStore.wideIn
	period int32
	date   int32
	party  int32
}

// ledgerStore holds a book's ledger and contributions. Rows are global
// indexes from base: a book that keeps only the current period's
// payments drops the older rows, and gen counts the drops so that a
// Ledger taken before one reads as empty.
type ledgerStore struct {
	scale      int32
	rows       []ledgerRow
	base       int
	gen        uint32
	wide       map[int]wideRow // by global row index
	contribs   contribPages
	in         units                   // the sum of the contributions
	wideIn     map[int]decimal.Decimal // contributions that do not fit, by index
	names      []PartyID
	nameIdx    map[PartyID]int32
	tranches   []TrancheID
	trancheIdx map[TrancheID]int32
	dates      []time.Time // distinct dates of records and movements, oldest first
}

// The names start with ids, which the store does not change (a name
// added is appended to a copy).
func newLedgerStore(scale int32, ids []PartyID) *ledgerStore {
	return &ledgerStore{scale: scale, names: ids[:len(ids):len(ids)], trancheIdx: map[TrancheID]int32{}}
}

// name returns the index of id among the names, added if new. The map of
// names is made at the first call: a book finds its own parties in its
// index, and asks only for the others (a payment From a party it does
// not hold), which few books have.
func (s *ledgerStore) name(id PartyID) int32 {
	if s.nameIdx == nil {
		s.nameIdx = make(map[PartyID]int32, len(s.names)+1)
		for i, n := range s.names {
			s.nameIdx[n] = int32(i)
		}
	}
	if i, ok := s.nameIdx[id]; ok {
		return i
	}
	s.names = append(s.names, id)
	s.nameIdx[id] = int32(len(s.names) - 1)
	return int32(len(s.names) - 1)
}

// tranche returns the index of id among the tranches, added if new.
func (s *ledgerStore) tranche(id TrancheID) int32 {
	if i, ok := s.trancheIdx[id]; ok {
		return i
	}
	s.tranches = append(s.tranches, id)
	s.trancheIdx[id] = int32(len(s.tranches) - 1)
	return int32(len(s.tranches) - 1)
}

// end is the global index after the last row.
func (s *ledgerStore) end() int { return s.base + len(s.rows) }

// appendRow adds a row, doubling the room when it is full: append would
// grow a long ledger by a quarter and copy it many times over.
func (s *ledgerStore) appendRow(r ledgerRow) {
	if len(s.rows) == cap(s.rows) {
		grown := make([]ledgerRow, len(s.rows), max(2*len(s.rows), 64))
		copy(grown, s.rows)
		s.rows = grown
	}
	s.rows = append(s.rows, r)
}

// dropRows forgets every row: the ledger of a book that keeps only the
// current period.
func (s *ledgerStore) dropRows() {
	if len(s.rows) == 0 {
		return
	}
	s.base += len(s.rows)
	s.rows = s.rows[:0]
	s.gen++
	clear(s.wide)
}

// truncate drops the rows from global index n on (a trial's).
func (s *ledgerStore) truncate(n int) {
	for i := n; i < s.end(); i++ {
		if s.rows[i-s.base].wide {
			delete(s.wide, i)
		}
	}
	s.rows = s.rows[:n-s.base]
}

// truncateContribs drops the contributions from index n on.
func (s *ledgerStore) truncateContribs(n int) {
	for i := n; i < s.contribs.n; i++ {
		if x := s.contribs.at(i).amount; x != math.MinInt64 {
			s.in = s.in.sub(units{n: x})
		} else {
			u, _ := toUnits(s.wideIn[i], s.scale)
			s.in = s.in.sub(u)
			delete(s.wideIn, i)
		}
	}
	s.contribs.truncate(n)
}

// addContrib appends r, whose amount is u, to the contributions.
func (s *ledgerStore) addContrib(r contribRow, u units) {
	s.contribs.push(r)
	s.in = s.in.add(u)
}

// Contributions are kept in pages that are never copied: a list that
// doubles copies every row each time it grows, and holds up to twice
// the room. The first page holds 64 rows and each next page twice as
// many, up to contribPage rows (8,192: 64 KiB of amounts), the size of
// every page after: a short list takes little room, and a long one (a
// call on 10,000 investors a period) grows a page at a time. A row is its
// amount and its party (12 bytes), in two lists of pages; its period and
// date, the same for every row of a call, are kept once for each run of
// rows that share them.
const (
	contribFirst = 64
	contribPage  = 1 << 13
	// contribGeo is the number of rows of the pages that double: 64 to
	// 8,192 rows, 8 pages.
	contribGeo = 2*contribPage - contribFirst
	// contribGeoPages is the number of pages that double.
	contribGeoPages = 8
)

// contribPages is a list of contributions (see contribPage).
type contribPages struct {
	amounts paged[int64]
	parties paged[int32]
	runs    []contribRun // by first row, ascending
	n       int
}

// contribRun is the period and date of the rows from row from on, up to
// the next run's.
type contribRun struct {
	from         int
	period, date int32
}

// paged is a list in pages (see contribPage).
type paged[T any] struct {
	pages [][]T // each made with its room; all full but the last
}

// page returns the page of row i and the row's place in it.
func page(i int) (k, j int) {
	if i < contribGeo {
		x := uint(i + contribFirst) // page k holds rows 64·(2^k − 1) on
		k = bits.Len(x) - bits.Len(contribFirst)
		return k, int(x - contribFirst<<k)
	}
	i -= contribGeo
	return contribGeoPages + i/contribPage, i % contribPage
}

func (p *paged[T]) at(i int) T {
	k, j := page(i)
	return p.pages[k][j]
}

func (p *paged[T]) push(v T) {
	if k := len(p.pages) - 1; k < 0 || len(p.pages[k]) == cap(p.pages[k]) {
		p.pages = append(p.pages, make([]T, 0, contribFirst<<min(k+1, contribGeoPages-1)))
	}
	k := len(p.pages) - 1
	p.pages[k] = append(p.pages[k], v)
}

// truncate keeps the first n rows, for 0 ≤ n < the number of rows.
func (p *paged[T]) truncate(n int) {
	k, j := page(n)
	p.pages[k] = p.pages[k][:j]
	clear(p.pages[k+1:])
	p.pages = p.pages[:k+1]
}

func (p *paged[T]) clone() paged[T] {
	var d paged[T]
	for _, pg := range p.pages {
		d.pages = append(d.pages, append(make([]T, 0, cap(pg)), pg...)) // the same room: the layout holds
	}
	return d
}

// at returns row i, for 0 ≤ i < n.
func (c *contribPages) at(i int) contribRow {
	k := sort.Search(len(c.runs), func(k int) bool { return c.runs[k].from > i }) - 1
	return contribRow{amount: c.amounts.at(i), period: c.runs[k].period, date: c.runs[k].date, party: c.parties.at(i)}
}

// push appends r.
func (c *contribPages) push(r contribRow) {
	if k := len(c.runs) - 1; k < 0 || c.runs[k].period != r.period || c.runs[k].date != r.date {
		c.runs = append(c.runs, contribRun{from: c.n, period: r.period, date: r.date})
	}
	c.amounts.push(r.amount)
	c.parties.push(r.party)
	c.n++
}

// truncate drops the rows from index n on, for 0 ≤ n.
func (c *contribPages) truncate(n int) {
	if n >= c.n {
		return
	}
	c.amounts.truncate(n)
	c.parties.truncate(n)
	k := sort.Search(len(c.runs), func(k int) bool { return c.runs[k].from >= n })
	c.runs = c.runs[:k]
	c.n = n
}

// clone returns a copy of c that shares no row with it.
func (c *contribPages) clone() contribPages {
	return contribPages{amounts: c.amounts.clone(), parties: c.parties.clone(), runs: slices.Clone(c.runs), n: c.n}
}

func (s *ledgerStore) clone() *ledgerStore {
	c := *s
	c.rows = append([]ledgerRow(nil), s.rows...)
	c.contribs = s.contribs.clone()
	c.names = append([]PartyID(nil), s.names...)
	c.tranches = append([]TrancheID(nil), s.tranches...)
	c.dates = append([]time.Time(nil), s.dates...)
	c.nameIdx = maps.Clone(s.nameIdx)
	c.trancheIdx = make(map[TrancheID]int32, len(s.trancheIdx))
	for k, v := range s.trancheIdx {
		c.trancheIdx[k] = v
	}
	if s.wide != nil {
		c.wide = make(map[int]wideRow, len(s.wide))
		for k, v := range s.wide {
			c.wide[k] = v
		}
	}
	if s.wideIn != nil {
		c.wideIn = make(map[int]decimal.Decimal, len(s.wideIn))
		for k, v := range s.wideIn {
			c.wideIn[k] = v
		}
	}
	return &c
}

// payment returns the row at global index i as a Payment.
func (s *ledgerStore) payment(i int) Payment {
	r := &s.rows[i-s.base]
	p := Payment{Period: int(r.period), Date: s.dates[r.date], Tranche: s.tranches[r.tranche], Party: s.names[r.party], Kind: r.kind}
	if r.from >= 0 {
		p.From = s.names[r.from]
	}
	if r.wide {
		w := s.wide[i]
		p.Amount, p.Before, p.After = w.amount, w.before, w.after
		return p
	}
	p.Amount, p.Before, p.After = decimal.New(r.amount, -s.scale), decimal.New(r.before, -s.scale), decimal.New(r.after, -s.scale)
	return p
}

// amountUnits returns the amount of the row at global index i.
func (s *ledgerStore) amountUnits(i int) units {
	r := &s.rows[i-s.base]
	if r.wide {
		u, _ := toUnits(s.wide[i].amount, s.scale)
		return u
	}
	return units{n: r.amount}
}

// A Ledger is a read-only list of payments in the order they were
// posted: a book's ([Book.Ledger]), a run's, or one made from a slice by
// [LedgerOf]. A book holds its payments compactly, as integers of minor
// units, and each call to At makes the Payment's decimals afresh, so
// read a payment once where it matters. A Ledger is a small value: copy
// it freely; it stays valid while the book it came from runs on, except
// that a book that keeps only the current period ([Book.KeepCurrentPeriod])
// forgets a period's payments when it moves to the next, and a Ledger of
// them then reads as empty. The zero value is an empty Ledger.
type Ledger struct {
	s      *ledgerStore
	gen    uint32
	lo, hi int       // global row indexes of s
	list   []Payment // the payments, for a Ledger made by LedgerOf
}

// LedgerOf returns a Ledger of pays, in their order. It keeps pays, not
// a copy: do not change them afterwards.
func LedgerOf(pays []Payment) Ledger { return Ledger{list: pays, hi: len(pays)} }

// Len is the number of payments.
func (l Ledger) Len() int {
	if l.s != nil && l.s.gen != l.gen {
		return 0
	}
	return l.hi - l.lo
}

// At returns payment i, for 0 ≤ i < Len(), and the zero Payment for an
// index out of range.
func (l Ledger) At(i int) Payment {
	if i < 0 || i >= l.Len() {
		return Payment{}
	}
	if l.s == nil {
		return l.list[l.lo+i]
	}
	return l.s.payment(l.lo + i)
}

// All returns the payments with their indexes, in order, for a range
// loop: for i, p := range l.All().
func (l Ledger) All() iter.Seq2[int, Payment] {
	return func(yield func(int, Payment) bool) {
		for i := range l.Len() {
			if !yield(i, l.At(i)) {
				return
			}
		}
	}
}

// Values returns the payments in order, for a range loop or
// slices.Collect.
func (l Ledger) Values() iter.Seq[Payment] {
	return func(yield func(Payment) bool) {
		for i := range l.Len() {
			if !yield(l.At(i)) {
				return
			}
		}
	}
}

// Slice returns payments i to j−1, like l[i:j] of a slice, and an empty
// ledger unless 0 ≤ i ≤ j ≤ Len().
func (l Ledger) Slice(i, j int) Ledger {
	if i < 0 || j < i || j > l.Len() {
		l.hi = l.lo
		return l
	}
	l.lo, l.hi = l.lo+i, l.lo+j
	return l
}

// Sum is the total amount of the payments of the given kinds (of every
// kind when none is given), added up in minor units.
func (l Ledger) Sum(kinds ...Kind) decimal.Decimal {
	want := func(k Kind) bool { return len(kinds) == 0 || slices.Contains(kinds, k) }
	if l.s == nil {
		t := decimal.Zero
		for _, p := range l.list[l.lo:l.hi] {
			if want(p.Kind) {
				t = t.Add(p.Amount)
			}
		}
		return t
	}
	t := units{}
	for i := l.lo; i < l.lo+l.Len(); i++ {
		if want(l.s.rows[i-l.s.base].kind) {
			t = t.add(l.s.amountUnits(i))
		}
	}
	return t.dec(l.s.scale)
}

// Contribution is capital booked in a book ([Book.Contribute],
// [Book.Call]): by whom, when, and how much.
type Contribution struct {
	Period int             // index of the period it was booked in
	Date   time.Time       // the period's end
	Party  PartyID         // who put the capital in
	Amount decimal.Decimal // positive, whole minor units
}

// Contributions is a read-only list of contributions in the order they
// were booked: a book's ([Book.Contributions]), a run's, or one made from
// a slice by [ContributionsOf]. Like a [Ledger], it holds them compactly
// and makes decimals when read. The zero value is an empty list.
type Contributions struct {
	s      *ledgerStore
	lo, hi int
	list   []Contribution
}

// ContributionsOf returns the list of cs, in their order. It keeps cs,
// not a copy: do not change them afterwards.
func ContributionsOf(cs []Contribution) Contributions {
	return Contributions{list: cs, hi: len(cs)}
}

// Len is the number of contributions.
func (c Contributions) Len() int { return c.hi - c.lo }

// At returns contribution i, for 0 ≤ i < Len(), and the zero
// Contribution for an index out of range.
func (c Contributions) At(i int) Contribution {
	if i < 0 || i >= c.Len() {
		return Contribution{}
	}
	if c.s == nil {
		return c.list[c.lo+i]
	}
	r := c.s.contribs.at(c.lo + i)
	e := Contribution{Period: int(r.period), Date: c.s.dates[r.date], Party: c.s.names[r.party]}
	if r.amount == math.MinInt64 {
		e.Amount = c.s.wideIn[c.lo+i]
	} else {
		e.Amount = decimal.New(r.amount, -c.s.scale)
	}
	return e
}

// All returns the contributions with their indexes, in order, for a
// range loop.
func (c Contributions) All() iter.Seq2[int, Contribution] {
	return func(yield func(int, Contribution) bool) {
		for i := range c.Len() {
			if !yield(i, c.At(i)) {
				return
			}
		}
	}
}

// Values returns the contributions in order, for a range loop or
// slices.Collect.
func (c Contributions) Values() iter.Seq[Contribution] {
	return func(yield func(Contribution) bool) {
		for i := range c.Len() {
			if !yield(c.At(i)) {
				return
			}
		}
	}
}

// Slice returns contributions i to j−1, and none unless
// 0 ≤ i ≤ j ≤ Len().
func (c Contributions) Slice(i, j int) Contributions {
	if i < 0 || j < i || j > c.Len() {
		c.hi = c.lo
		return c
	}
	c.lo, c.hi = c.lo+i, c.lo+j
	return c
}
