package tranche_test

import (
	"testing"
	"time"

	"github.com/jvwaterfall/jvwaterfall/contract"
	"github.com/jvwaterfall/jvwaterfall/tranche"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"
)

func d(s string) decimal.Decimal { return decimal.RequireFromString(s) }

// ledger is a book driven through dates for tests: each call to at moves
// to a new period ending on that date.
type ledger struct {
	t    testing.TB
	b    *tranche.Book
	last time.Time
	n    int
}

// newLedger returns a book at scale 2 for parties given as ID, commitment
// pairs, positioned at start.
func newLedger(t testing.TB, start time.Time, pairs ...string) *ledger {
	t.Helper()
	var ps []tranche.Party
	for i := 0; i < len(pairs); i += 2 {
		ps = append(ps, tranche.Party{ID: tranche.PartyID(pairs[i]), Commitment: d(pairs[i+1])})
	}
	b, err := tranche.NewBook(2, ps)
	require.NoError(t, err)
	l := &ledger{t: t, b: b, last: start}
	require.NoError(t, b.Advance(contract.Period{Index: 0, Start: start.AddDate(0, 0, -1), End: start}))
	return l
}

// at moves the book to the period ending on end.
func (l *ledger) at(end time.Time) *ledger {
	l.t.Helper()
	l.n++
	require.NoError(l.t, l.b.Advance(contract.Period{Index: l.n, Start: l.last, End: end}))
	l.last = end
	return l
}

// put books a contribution.
func (l *ledger) put(party tranche.PartyID, amount string) *ledger {
	l.t.Helper()
	require.NoError(l.t, l.b.Contribute(party, d(amount)))
	return l
}

// post books a payment as if some tranche "x" had made it.
func (l *ledger) post(party tranche.PartyID, kind tranche.Kind, amount string) *ledger {
	l.t.Helper()
	require.NoError(l.t, l.b.Post(tranche.Payment{Tranche: "x", Party: party, Kind: kind, Amount: d(amount)}))
	return l
}

// pay offers avail to tr and returns what it paid, as "party:amount"
// strings in ledger order, and the total.
func (l *ledger) pay(tr tranche.Tranche, avail string) ([]paidLine, decimal.Decimal) {
	l.t.Helper()
	n := len(l.b.Ledger())
	total, err := tranche.PayChecked(l.b, tr, d(avail))
	require.NoError(l.t, err)
	var out []paidLine
	for _, p := range l.b.Ledger()[n:] {
		out = append(out, paidLine{p.Tranche, p.Party, p.Kind, p.Amount, p.Before, p.After})
	}
	return out, total
}

func (l *ledger) owed(tr tranche.Tranche) tranche.Claim {
	l.t.Helper()
	c, err := tr.Owed(l.b)
	require.NoError(l.t, err)
	return c
}

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
