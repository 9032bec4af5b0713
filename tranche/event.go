package tranche

import "time"

// EventKind names something that happened in a run that is not a payment:
// a missed debt payment, a covenant breach, a clawback. The set is open:
// packages and users may define their own kinds.
type EventKind string

// Event is a dated note in the ledger about something other than a
// payment, recorded by a tranche with [Book.Record].
type Event struct {
	Period  int       // set by the book
	Date    time.Time // set by the book
	Tranche TrancheID // who recorded it
	Party   PartyID   // whom it concerns, if anyone
	Kind    EventKind
	Detail  string // a sentence for the reader, e.g. "DSCR 1.05 below 1.20"
}

// Record adds an event at the current period and date.
func (b *Book) Record(e Event) {
	if b == nil {
		return
	}
	e.Period, e.Date = b.period.Index, b.date
	if cap(b.events) == 0 {
		b.events = make([]Event, 0, firstEvents)
	}
	b.events = append(b.events, e)
}

// firstEvents is the capacity of a book's events when it records its
// first: a loan or covenant under stress records one most periods, and a
// slice grown from empty would be copied at 1, 2, 4, 8 and 16.
const firstEvents = 32

// Events returns the events recorded so far, oldest first. The slice is
// the book's own: read it, do not change it. A book that holds none
// returns nil.
func (b *Book) Events() []Event {
	if b == nil || len(b.events) == 0 {
		return nil
	}
	return b.events
}
