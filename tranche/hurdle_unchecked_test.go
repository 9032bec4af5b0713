package tranche_test

import (
	"testing"

	"github.com/jvwaterfall/jvwaterfall/internal/alloc"
	"github.com/jvwaterfall/jvwaterfall/tranche"
	"github.com/stretchr/testify/require"
)

// Terms that NewHurdle would refuse can still reach Owed and Pay: the
// fields are exported and a literal &tranche.Hurdle{...} skips Validate.
// Such a tier must fail with the cause, pay nothing, post nothing and
// never panic; and where it owes nothing, Owed and Pay agree (0, no error).

// TestHurdle_UncheckedTermsFail: a negative weight (refused by the split,
// alloc.ErrNegativeWeight) or a non-promote share with no party (a part
// with nobody to take it: alloc.ErrNoWeights) while the LP is owed 600
// (1.5 × the 400 it put in): Owed and Pay fail, and Pay posts nothing.
func TestHurdle_UncheckedTermsFail(t *testing.T) {
	ps := annualPeriods(2)
	for _, c := range []struct {
		name   string
		shares []tranche.Share
		want   error
	}{
		{"negative promote", []tranche.Share{{Parties: ids("LP"), Weight: d("2")}, {Parties: ids("GP"), Weight: d("-1"), Promote: true}}, alloc.ErrNegativeWeight},
		{"negative share", []tranche.Share{{Parties: ids("LP"), Weight: d("2")}, {Parties: ids("GP"), Weight: d("-1")}}, alloc.ErrNegativeWeight},
		{"share with no party", []tranche.Share{{Parties: ids("LP"), Weight: d("0.5")}, {Weight: d("0.5")}}, alloc.ErrNoWeights},
	} {
		t.Run(c.name, func(t *testing.T) {
			h := &tranche.Hurdle{Name: "tier", Investors: ids("LP"), Multiple: d("1.5"), Shares: c.shares}
			require.Error(t, h.Validate(), "NewHurdle would refuse these terms")
			l := newDriver(t, partiesOf("LP", "1", "GP", "0")...)
			l.advance(ps[0]).put("LP", "400")
			l.advance(ps[1])
			_, err := h.Owed(l.b)
			require.ErrorIs(t, err, c.want)
			n := l.b.Ledger().Len()
			requirePaysNothing(t, h, l.b, n, c.want, "100", "5000")
		})
	}
}

// TestHurdle_UncheckedEmptyPromote: a promote share with no party. The
// LP's 0.5 share must bring it 600: x = 1,199.99 would be the least tier
// (119,999 cents split 0.5/0.5 is 59,999.5 each; the tie goes to the
// first share, the LP's 60,000 cents), so Owed could answer without ever
// splitting the promote's part; but Pay cannot post 600 to a share of
// nobody. Owed must fail as Pay does (they agree), and Pay must return 0
// (it returns what it posted: nothing) and post nothing, whether avail
// covers x or not. The same for a share of nobody with zero weight
// beside the LP's whole one: its part of every tier is zero, but it still
// cannot be split among no party.
func TestHurdle_UncheckedEmptyPromote(t *testing.T) {
	ps := annualPeriods(2)
	for _, shares := range [][]tranche.Share{
		{{Parties: ids("LP"), Weight: d("0.5")}, {Weight: d("0.5"), Promote: true}},
		{{Parties: ids("LP"), Weight: d("1")}, {Weight: d("0")}},
	} {
		h := &tranche.Hurdle{Name: "tier", Investors: ids("LP"), Multiple: d("1.5"), Shares: shares}
		require.Error(t, h.Validate())
		l := newDriver(t, partiesOf("LP", "1", "GP", "0")...)
		l.advance(ps[0]).put("LP", "400")
		l.advance(ps[1])
		_, err := h.Owed(l.b)
		require.ErrorIs(t, err, alloc.ErrNoWeights)
		n := l.b.Ledger().Len()
		requirePaysNothing(t, h, l.b, n, alloc.ErrNoWeights, "100", "1199.99", "5000")
	}
}

// TestHurdle_UncheckedNothingOwed: bad terms while the LP has put nothing
// in, so nothing is owed, and Owed and Pay agree. Negative weights are
// found only by a split, and no split is made: Owed is 0 without an
// error, Pay pays 0 without one. A share of nobody is found before
// anything is worked out, owed or not: both fail, and nothing is posted.
func TestHurdle_UncheckedNothingOwed(t *testing.T) {
	ps := annualPeriods(2)
	for _, c := range []struct {
		shares []tranche.Share
		want   error
	}{
		{[]tranche.Share{{Parties: ids("LP"), Weight: d("2")}, {Parties: ids("GP"), Weight: d("-1"), Promote: true}}, nil},
		{[]tranche.Share{{Parties: ids("LP"), Weight: d("0.5")}, {Weight: d("0.5"), Promote: true}}, alloc.ErrNoWeights},
	} {
		h := &tranche.Hurdle{Name: "tier", Investors: ids("LP"), Multiple: d("1.5"), Shares: c.shares}
		l := newDriver(t, partiesOf("LP", "1", "GP", "0")...)
		l.advance(ps[0])
		l.advance(ps[1])
		owed, err := h.Owed(l.b)
		if c.want != nil {
			require.ErrorIs(t, err, c.want)
		} else {
			require.NoError(t, err)
		}
		require.True(t, owed.Amount.IsZero())
		n := l.b.Ledger().Len()
		requirePaysNothing(t, h, l.b, n, c.want, "0", "100")
	}
}

// TestHurdle_UncheckedUnknownInvestor: an investor the book does not hold
// and no share names (Validate refuses it): its requirement cannot be
// read, by the rate (Book.Hurdle) or by the multiple (Book.Account), so
// Owed and Pay fail with ErrUnknownParty rather than treat it as owed
// nothing, and nothing is posted.
func TestHurdle_UncheckedUnknownInvestor(t *testing.T) {
	ps := annualPeriods(2)
	for _, c := range []struct {
		name string
		h    tranche.Hurdle
	}{
		{"rate", tranche.Hurdle{Rate: annual("0.08")}},
		{"multiple", tranche.Hurdle{Multiple: d("1.5")}},
	} {
		t.Run(c.name, func(t *testing.T) {
			h := c.h
			h.Name, h.Investors = "tier", ids("LP", "X")
			h.Shares = []tranche.Share{{Parties: ids("LP"), Weight: d("0.8")}, {Parties: ids("GP"), Weight: d("0.2"), Promote: true}}
			require.Error(t, h.Validate())
			l := newDriver(t, partiesOf("LP", "1", "GP", "0")...)
			l.advance(ps[0]).put("LP", "400")
			l.advance(ps[1])
			_, err := h.Owed(l.b)
			require.ErrorIs(t, err, tranche.ErrUnknownParty)
			n := l.b.Ledger().Len()
			paid, err := h.Pay(l.b, d("5000"))
			require.ErrorIs(t, err, tranche.ErrUnknownParty)
			require.True(t, paid.IsZero())
			require.Equal(t, n, l.b.Ledger().Len())
		})
	}
}

// requirePaysNothing: for each avail, h.Pay returns 0 and an error that is
// want (none when want is nil), and the ledger keeps its n payments.
func requirePaysNothing(t *testing.T, h *tranche.Hurdle, b *tranche.Book, n int, want error, avails ...string) {
	t.Helper()
	for _, avail := range avails {
		paid, err := h.Pay(b, d(avail))
		if want == nil {
			require.NoError(t, err, "avail %s", avail)
		} else {
			require.ErrorIs(t, err, want, "avail %s", avail)
		}
		require.True(t, paid.IsZero(), "avail %s: paid %s", avail, paid)
		require.Equal(t, n, b.Ledger().Len(), "avail %s: nothing posted", avail)
	}
}
