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
	b.events = append(b.events, e)
}

// Events returns the events recorded so far, oldest first. The slice is
// the book's own: read it, do not change it.
func (b *Book) Events() []Event {
	if b == nil {
		return nil
	}
	return b.events
}
