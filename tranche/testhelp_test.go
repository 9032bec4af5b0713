package tranche_test

import (
	"math"
	"testing"
	"time"

	"github.com/jvwaterfall/jvwaterfall/contract"
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

// xirrBisect is an XIRR written for the tests, independent of the
// library's solver: the rate r at which Σ a_i (1+r)^(−days_i/365) = 0, by
// plain bisection, for flows whose outflows all come before their inflows
// (so the net present value falls as r rises and the root is unique). It
// returns -1 when nothing has been received.
func xirrBisect(moves []tranche.Movement) float64 {
	type fl struct{ t, a float64 }
	var fs []fl
	got := false
	for _, m := range moves {
		days := float64(contract.Days(moves[0].Date, m.Date))
		a := m.Out.InexactFloat64() - m.In.InexactFloat64()
		got = got || m.Out.Sign() > 0
		fs = append(fs, fl{days / 365, a})
	}
	if !got {
		return -1
	}
	npv := func(r float64) float64 {
		s := 0.0
		for _, f := range fs {
			s += f.a * math.Pow(1+r, -f.t)
		}
		return s
	}
	lo, hi := -0.9999, 100.0
	if npv(lo) < 0 {
		return -1
	}
	for range 200 {
		mid := (lo + hi) / 2
		if npv(mid) >= 0 {
			lo = mid
		} else {
			hi = mid
		}
	}
	return lo
}
