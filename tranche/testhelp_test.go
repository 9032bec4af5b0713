package tranche_test

import (
	"testing"
	"time"

	"github.com/jvwaterfall/jvwaterfall/contract"
	"github.com/jvwaterfall/jvwaterfall/internal/oracle"
	"github.com/jvwaterfall/jvwaterfall/tranche"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"
)

func dec(s string) decimal.Decimal { return decimal.RequireFromString(s) }

func ids(ps ...tranche.PartyID) []tranche.PartyID { return ps }

// annual is a rate compounding annually on ACT/365F: the XIRR convention.
func annual(r string) contract.Rate {
	return contract.Rate{Annual: dec(r), Compounding: contract.Annual, DayCount: contract.ACT365F}
}

// step is one period of a hand-driven run: who contributes, and the cash
// offered to the stack.
type step struct {
	end      time.Time
	contribs map[tranche.PartyID]string
	cash     string
}

// drive runs stack over steps on a fresh book and returns it; after each
// step it calls check (if not nil).
func drive(t *testing.T, parties []tranche.Party, start time.Time, stack tranche.Tranche, steps []step, check func(b *tranche.Book, i int)) *tranche.Book {
	t.Helper()
	require.NoError(t, tranche.Validate(stack))
	b, err := tranche.NewBook(2, parties)
	require.NoError(t, err)
	prev := start
	for i, s := range steps {
		require.NoError(t, b.Advance(contract.Period{Index: i, Start: prev, End: s.end}))
		prev = s.end
		for _, p := range parties {
			if a, ok := s.contribs[p.ID]; ok {
				require.NoError(t, b.Contribute(p.ID, dec(a)))
			}
		}
		if s.cash != "" {
			_, err := tranche.PayChecked(b, stack, dec(s.cash))
			require.NoError(t, err)
		}
		if check != nil {
			check(b, i)
		}
	}
	return b
}

// paid sums the ledger by tranche, party and (if kind >= 0) kind.
func paid(b *tranche.Book, tr tranche.TrancheID, party tranche.PartyID) decimal.Decimal {
	total := decimal.Zero
	for _, p := range b.Ledger() {
		if p.Tranche == tr && p.Party == party {
			total = total.Add(p.Amount)
		}
	}
	return total
}

func requireDec(t *testing.T, want string, got decimal.Decimal, msgAndArgs ...any) {
	t.Helper()
	require.Truef(t, dec(want).Equal(got), "got %s, want %s %v", got, want, msgAndArgs)
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
