package tranche_test

import (
	"errors"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/jvwaterfall/jvwaterfall/internal/oracle"

	"github.com/jvwaterfall/jvwaterfall/contract"
	"github.com/jvwaterfall/jvwaterfall/tranche"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"
)

// d is the package's one decimal helper: it parses a decimal the test
// knows is valid.
func d(s string) decimal.Decimal { return decimal.RequireFromString(s) }

func ids(ps ...tranche.PartyID) []tranche.PartyID { return ps }

// annual is a rate compounding annually on ACT/365F: the XIRR convention.
func annual(r string) contract.Rate {
	return contract.Rate{Annual: d(r), Compounding: contract.Annual, DayCount: contract.ACT365F}
}

// partiesOf returns parties given as ID, commitment pairs.
func partiesOf(pairs ...string) []tranche.Party {
	var ps []tranche.Party
	for i := 0; i+1 < len(pairs); i += 2 {
		ps = append(ps, tranche.Party{ID: tranche.PartyID(pairs[i]), Commitment: d(pairs[i+1])})
	}
	return ps
}

// driver is the package's one book driver, for tests and examples. It
// moves a book at scale 2 through periods, books contributions and
// payments, and offers cash to tranches, either exactly (pay) or the way
// the engine does (run). A step that fails stops the test; in an example,
// it panics. Its book rounds what tiers owe up (tranche.RoundUp, a new
// book's policy): every test of this package that does not call
// SetRounding states figures under RoundUp.
type driver struct {
	t        tb
	b        *tranche.Book
	last     time.Time         // end of the current period
	next     int               // index of the period at makes next
	retained decimal.Decimal   // cash run offered and the stack did not take, carried forward
	paid     []decimal.Decimal // what each call of run paid
}

// newDriver returns a driver of a new book of parties, at scale 2, before
// its first period.
func newDriver(t tb, parties ...tranche.Party) *driver {
	t.Helper()
	b, err := tranche.NewBook(2, parties)
	require.NoError(t, err)
	l := driverOf(t, b)
	l.next = 0
	return l
}

// driverOf returns a driver of b, which may already be in a period.
func driverOf(t tb, b *tranche.Book) *driver {
	return &driver{t: t, b: b, last: b.Date(), next: b.Period().Index + 1, retained: decimal.Zero}
}

// open moves a new book to a first period, one day long, ending on end.
func (l *driver) open(end time.Time) *driver {
	l.t.Helper()
	return l.advance(contract.Period{Index: 0, Start: end.AddDate(0, 0, -1), End: end})
}

// advance moves the book to period p.
func (l *driver) advance(p contract.Period) *driver {
	l.t.Helper()
	require.NoError(l.t, l.b.Advance(p))
	l.last, l.next = p.End, p.Index+1
	return l
}

// at moves the book to the next period, which ends on end.
func (l *driver) at(end time.Time) *driver {
	l.t.Helper()
	return l.advance(contract.Period{Index: l.next, Start: l.last, End: end})
}

// put books a contribution.
func (l *driver) put(party tranche.PartyID, amount string) *driver {
	l.t.Helper()
	require.NoError(l.t, l.b.Contribute(party, d(amount)))
	return l
}

// post books a payment as if some tranche "x" had made it.
func (l *driver) post(party tranche.PartyID, kind tranche.Kind, amount string) *driver {
	l.t.Helper()
	require.NoError(l.t, l.b.Post(tranche.Payment{Tranche: "x", Party: party, Kind: kind, Amount: d(amount)}))
	return l
}

// pay offers exactly avail to tr and returns what it paid, in ledger
// order, and the total.
func (l *driver) pay(tr tranche.Tranche, avail string) ([]paidLine, decimal.Decimal) {
	l.t.Helper()
	n := l.b.Ledger().Len()
	total, err := tranche.PayChecked(l.b, tr, d(avail))
	require.NoError(l.t, err)
	var out []paidLine
	for _, p := range paysFrom(l.b, n) {
		out = append(out, paidLine{p.Tranche, p.Party, p.Kind, p.Amount, p.Before, p.After})
	}
	return out, total
}

// owed is what tr owes now.
func (l *driver) owed(tr tranche.Tranche) tranche.Claim {
	l.t.Helper()
	c, err := tr.Owed(l.b)
	require.NoError(l.t, err)
	return c
}

// run settles the current period the way the engine does: it offers the
// stack the period's cash plus what was retained before, closes the
// period, and checks that the cash held back is at most what is retained.
func (l *driver) run(stack tranche.Tranche, cash string) *driver {
	l.t.Helper()
	avail := l.retained.Add(d(cash))
	paid := decimal.Zero
	if avail.Sign() > 0 {
		var err error
		paid, err = tranche.PayChecked(l.b, stack, avail)
		require.NoError(l.t, err)
	}
	require.NoError(l.t, tranche.ClosePeriod(l.b, stack))
	l.retained = avail.Sub(paid)
	i := l.b.Period().Index
	require.True(l.t, l.b.Held(i).LessThanOrEqual(l.retained), "held %s of retained %s", l.b.Held(i), l.retained)
	l.paid = append(l.paid, paid)
	return l
}

// tb is what a driver needs of a test: a *testing.T, a *rapid.T, or an
// exampleTB.
type tb interface {
	Helper()
	Errorf(format string, args ...any)
	FailNow()
}

// exampleTB stops an example that breaks: examples have no *testing.T.
type exampleTB struct{}

func (exampleTB) Helper()                           {}
func (exampleTB) Errorf(format string, args ...any) { panic(fmt.Sprintf(format, args...)) }
func (exampleTB) FailNow()                          { panic("example failed") }

// paidLine is a payment without its date, for comparisons.
type paidLine struct {
	Tranche       tranche.TrancheID
	Party         tranche.PartyID
	Kind          tranche.Kind
	Amount        decimal.Decimal
	Before, After decimal.Decimal
}

func pp(tr tranche.TrancheID, party tranche.PartyID, kind tranche.Kind, amount, before, after string) paidLine {
	return paidLine{tr, party, kind, d(amount), d(before), d(after)}
}

// step is one period of a scenario for drive: who contributes, and the
// cash offered to the stack.
type step struct {
	end      time.Time
	contribs map[tranche.PartyID]string
	cash     string
}

// drive runs stack over steps on a new book whose first period starts on
// start, offering each step's cash exactly, and returns the book; after
// each step it calls check (if not nil).
func drive(t *testing.T, parties []tranche.Party, start time.Time, stack tranche.Tranche, steps []step, check func(b *tranche.Book, i int)) *tranche.Book {
	t.Helper()
	require.NoError(t, tranche.Validate(stack))
	l := newDriver(t, parties...)
	l.last = start
	for i, s := range steps {
		l.at(s.end)
		for _, p := range parties {
			if a, ok := s.contribs[p.ID]; ok {
				l.put(p.ID, a)
			}
		}
		if s.cash != "" {
			l.pay(stack, s.cash)
		}
		if check != nil {
			check(l.b, i)
		}
	}
	return l.b
}

// paths returns the paths of every FieldError in err, joined or not, in
// order.
func paths(err error) []string {
	var out []string
	for _, e := range contract.Errors(err) {
		var fe *contract.FieldError
		if errors.As(e, &fe) {
			out = append(out, fe.Path)
		}
	}
	return out
}

// paid sums the ledger by tranche and party.
func paid(b *tranche.Book, tr tranche.TrancheID, party tranche.PartyID) decimal.Decimal {
	total := decimal.Zero
	for p := range b.Ledger().Values() {
		if p.Tranche == tr && p.Party == party {
			total = total.Add(p.Amount)
		}
	}
	return total
}

func requireDec(t *testing.T, want string, got decimal.Decimal, msgAndArgs ...any) {
	t.Helper()
	require.Truef(t, d(want).Equal(got), "got %s, want %s %v", got, want, msgAndArgs)
}

// xirrBisect is the party's XIRR from its movements by the module's
// independent oracle (bisection, internal/oracle), or -1 when no single
// rate solves them, as when nothing has been received yet.
func xirrBisect(moves []tranche.Movement) float64 {
	dates := make([]time.Time, len(moves))
	amounts := make([]decimal.Decimal, len(moves))
	for i, m := range moves {
		dates[i], amounts[i] = m.Date, m.Out.Sub(m.In)
	}
	r, ok := oracle.XIRR(dates, amounts)
	if !ok {
		return -1
	}
	return r
}

// byKind sums the ledger by period, tranche and kind.
func byKind(b *tranche.Book, period int, id tranche.TrancheID) map[string]string {
	m := map[string]decimal.Decimal{}
	for p := range b.Ledger().Values() {
		if p.Period == period && p.Tranche == id {
			m[p.Kind.String()] = m[p.Kind.String()].Add(p.Amount)
		}
	}
	out := map[string]string{}
	for k, v := range m {
		out[k] = v.StringFixed(2)
	}
	return out
}

func events(b *tranche.Book) []string {
	var out []string
	for _, e := range b.Events() {
		out = append(out, fmt.Sprintf("%d %s", e.Period, e.Kind))
	}
	return out
}

// paysFrom returns the payments of b's ledger from the n-th on.
func paysFrom(b *tranche.Book, n int) []tranche.Payment {
	l := b.Ledger()
	return slices.Collect(l.Slice(n, l.Len()).Values())
}
