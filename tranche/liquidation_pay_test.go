package tranche

import (
	"fmt"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/jvwaterfall/jvwaterfall/contract"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"
)

var vcParties = []PartyID{"b-fund", "a-lead", "seed-fund", "alice", "bob", "employees"}

func vcBook(t *testing.T) *Book {
	t.Helper()
	var ps []Party
	for _, id := range vcParties {
		ps = append(ps, Party{ID: id})
	}
	b, err := NewBook(2, ps)
	require.NoError(t, err)
	require.NoError(t, b.Advance(contract.Period{Index: 0, Start: contract.Date(2025, 1, 1), End: contract.Date(2025, 12, 31)}))
	return b
}

// TestCapTable_Pay checks the rules of [Tranche] directly (tranchetest is
// not on this branch): Pay pays all of avail, posts exactly what it
// returns, never a negative amount; Owed leaves the book alone; the same
// book and avail give the same payments; the payments are the
// distribution's.
func TestCapTable_Pay(t *testing.T) {
	ct := vc(t)
	for _, exit := range []string{"0.01", "9999999.99", "12000000", "15000000.01", "35250000", "61750000", "100000000", "123456789.87"} {
		t.Run(exit, func(t *testing.T) {
			avail := dec(exit)
			b := vcBook(t)
			before := b.Clone()
			c, err := ct.Owed(b)
			require.NoError(t, err)
			require.True(t, c.Unbounded)
			require.Equal(t, slices.Collect(before.Ledger().Values()), slices.Collect(b.Ledger().Values()))
			require.Nil(t, b.State(ct.ID()))

			twin := b.Clone()
			paid, err := PayChecked(b, ct, avail)
			require.NoError(t, err)
			require.True(t, paid.Equal(avail), "paid %s of %s", paid, avail)
			posted := decimal.Zero
			for p := range b.Ledger().Values() {
				require.Positive(t, p.Amount.Sign())
				require.True(t, IsWhole(p.Amount, 2))
				require.Contains(t, []Kind{KindPref, KindProfit}, p.Kind)
				if p.Kind == KindPref {
					require.True(t, p.After.Equal(p.Before.Sub(p.Amount)))
					require.False(t, p.After.IsNegative())
				} else {
					require.True(t, p.After.Equal(p.Before.Add(p.Amount)))
				}
				posted = posted.Add(p.Amount)
			}
			require.True(t, posted.Equal(avail))

			// Deterministic.
			_, err = ct.Pay(twin, avail)
			require.NoError(t, err)
			if diff := cmp.Diff(slices.Collect(b.Ledger().Values()), slices.Collect(twin.Ledger().Values())); diff != "" {
				t.Errorf("second run differs (-first +second):\n%s", diff)
			}

			// The same as Distribute, party by party.
			d, err := ct.Distribute(avail, 2)
			require.NoError(t, err)
			for _, id := range vcParties {
				a, err := b.Account(id)
				require.NoError(t, err)
				require.True(t, a.Distributed.Equal(d.Party(id)), "%s: paid %s, distribution %s", id, a.Distributed, d.Party(id))
			}
		})
	}
}

// TestCapTable_Pay_twice: exit proceeds offered in two periods (an escrow
// released later) end where one payment of the total would, within a
// cent per payment line.
func TestCapTable_Pay_twice(t *testing.T) {
	ct := vc(t)
	for _, split := range [][2]string{{"6000000", "94000000"}, {"20000000", "15250000"}, {"70000000.01", "0.02"}} {
		t.Run(split[0]+"+"+split[1], func(t *testing.T) {
			b := vcBook(t)
			first, second := dec(split[0]), dec(split[1])
			_, err := PayChecked(b, ct, first)
			require.NoError(t, err)
			require.NoError(t, b.Advance(contract.Period{Index: 1, Start: contract.Date(2025, 12, 31), End: contract.Date(2026, 12, 31)}))
			paid, err := PayChecked(b, ct, second)
			require.NoError(t, err)
			require.True(t, paid.Equal(second))
			d, err := ct.Distribute(first.Add(second), 2)
			require.NoError(t, err)
			for _, id := range vcParties {
				a, _ := b.Account(id)
				diff := a.Distributed.Sub(d.Party(id)).Abs()
				require.True(t, diff.LessThanOrEqual(dec("0.04")), "%s: %s in two payments, %s in one", id, a.Distributed, d.Party(id))
			}
		})
	}
}

// TestCapTable_Pay_events: the ledger notes each class's choice, as the
// hand-worked thresholds in vc say: at $61.75M (p = 4.5) the seed has
// converted (p > 1), Series A is at its cap (p >= 4) and the options are
// exercised (p > 0.75); Series B has not converted (p <= 5).
func TestCapTable_Pay_events(t *testing.T) {
	b := vcBook(t)
	_, err := PayChecked(b, vc(t), dec("61750000"))
	require.NoError(t, err)
	var got []string
	for _, e := range b.Events() {
		require.Equal(t, TrancheID("exit"), e.Tranche)
		got = append(got, string(e.Kind)+": "+e.Detail)
	}
	want := []string{
		"cap: Series A is held at its cap of 12000000.00 at an exit of 61750000.00",
		"conversion: Seed converts to common at an exit of 61750000.00: 4500000.00 as converted beats its preference of 1000000.00",
		"exercise: Options are exercised at an exit of 61750000.00: 4.5000 a share is above the strike of 0.75",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("events (-want +got):\n%s", diff)
	}
}

func TestCapTable_Pay_errors(t *testing.T) {
	ct := vc(t)
	t.Run("unknown party", func(t *testing.T) {
		b, err := NewBook(2, []Party{{ID: "alice"}})
		require.NoError(t, err)
		_, err = ct.Pay(b, dec("100"))
		require.ErrorIs(t, err, ErrUnknownParty)
	})
	t.Run("sub-cent", func(t *testing.T) {
		_, err := ct.Pay(vcBook(t), dec("1.001"))
		require.ErrorIs(t, err, ErrNotQuantized)
	})
	t.Run("negative", func(t *testing.T) {
		_, err := ct.Pay(vcBook(t), dec("-1"))
		require.ErrorIs(t, err, ErrInvariant)
	})
	t.Run("invalid terms", func(t *testing.T) {
		bad := *ct
		bad.Common = nil
		bad.Preferred = nil
		_, err := bad.Pay(vcBook(t), dec("1"))
		require.ErrorIs(t, err, contract.ErrRequired)
	})
}

func BenchmarkCapTable_Distribute(b *testing.B) {
	ct, err := NewCapTable(CapTable{
		Name: "exit",
		Preferred: []Series{
			{Name: "B", Seniority: 2, Multiple: dec("1"), Holders: []Stake{{Party: "b", Shares: dec("2000000"), Invested: dec("10000000")}}},
			{Name: "A", Seniority: 1, Multiple: dec("1"), Participating: true, Cap: dec("3"), Holders: []Stake{{Party: "a", Shares: dec("2000000"), Invested: dec("4000000")}}},
			{Name: "Seed", Seniority: 1, Multiple: dec("1"), Holders: []Stake{{Party: "s", Shares: dec("1000000"), Invested: dec("1000000")}}},
		},
		Common: []CommonClass{
			{Name: "Common", Holders: []Stake{{Party: "f", Shares: dec("7000000")}}},
			{Name: "Options", Strike: dec("0.75"), Holders: []Stake{{Party: "e", Shares: dec("1000000")}}},
		},
	})
	if err != nil {
		b.Fatal(err)
	}
	exit := dec("61750000.37")
	b.ReportAllocs()
	for b.Loop() {
		if _, err := ct.Distribute(exit, 2); err != nil {
			b.Fatal(err)
		}
	}
}

// FuzzCapTable_Distribute: for any exit and any simple three-class cap
// table, Distribute pays out exactly the exit, nothing negative, and
// errors (never panics) on bad input.
func FuzzCapTable_Distribute(f *testing.F) {
	f.Add(int64(1000000000), int64(2000000), int64(300), int64(100), int64(50), uint8(1), true, int64(0))
	f.Add(int64(-5), int64(0), int64(0), int64(0), int64(0), uint8(0), false, int64(-1))
	f.Add(int64(123456789), int64(1), int64(1), int64(1), int64(1), uint8(3), true, int64(7))
	f.Fuzz(func(t *testing.T, exitCents, invested, prefShares, common, options int64, multiple uint8, participating bool, strikeCents int64) {
		s := Series{Name: "P", Multiple: decimal.NewFromInt(int64(multiple)), Participating: participating,
			Holders: []Stake{{Party: "p", Shares: decimal.NewFromInt(prefShares), Invested: decimal.NewFromInt(invested)}}}
		if participating && multiple%2 == 1 {
			s.Cap = decimal.NewFromInt(int64(multiple) + 1)
		}
		ct := &CapTable{Name: "exit", Preferred: []Series{s}, Common: []CommonClass{
			{Name: "C", Holders: []Stake{{Party: "c", Shares: decimal.NewFromInt(common)}}},
			{Name: "O", Strike: decimal.New(strikeCents, -2), Holders: []Stake{{Party: "o", Shares: decimal.NewFromInt(options)}}},
		}}
		exit := decimal.New(exitCents, -2)
		d, err := ct.Distribute(exit, 2)
		if err != nil {
			return
		}
		total := decimal.Zero
		for _, c := range d.Classes {
			for _, h := range c.Holders {
				if h.Preference.Sign() < 0 || h.Participation.Sign() < 0 {
					t.Fatalf("negative payout %+v", h)
				}
			}
			total = total.Add(c.Total)
		}
		if !total.Equal(exit) {
			t.Fatalf("payouts %s, exit %s", total, exit)
		}
	})
}

// TestCapTable_concurrent runs one cap table from many goroutines, each
// with its own book, under -race: the tranche holds no state.
func TestCapTable_concurrent(t *testing.T) {
	ct := vc(t)
	want, err := ct.Distribute(dec("61750000.37"), 2)
	require.NoError(t, err)
	errs := make(chan error, 8)
	for range 8 {
		go func() {
			b := vcBook(t)
			if _, err := PayChecked(b, ct, dec("61750000.37")); err != nil {
				errs <- err
				return
			}
			for _, id := range vcParties {
				a, _ := b.Account(id)
				if !a.Distributed.Equal(want.Party(id)) {
					errs <- fmt.Errorf("%s: %s, want %s", id, a.Distributed, want.Party(id))
					return
				}
			}
			_, err := ct.Breakpoints()
			errs <- err
		}()
	}
	for range 8 {
		require.NoError(t, <-errs)
	}
}

func BenchmarkCapTable_PayoutTable(b *testing.B) {
	ct, err := NewCapTable(CapTable{
		Name:      "exit",
		Preferred: []Series{{Name: "A", Multiple: dec("1"), Participating: true, Cap: dec("3"), Holders: []Stake{{Party: "a", Shares: dec("2000000"), Invested: dec("4000000")}}}},
		Common:    []CommonClass{{Name: "Common", Holders: []Stake{{Party: "f", Shares: dec("7000000")}}}},
	})
	if err != nil {
		b.Fatal(err)
	}
	exits := make([]decimal.Decimal, 100)
	for i := range exits {
		exits[i] = decimal.NewFromInt(int64(i) * 1_000_000)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := ct.PayoutTable(exits, 2); err != nil {
			b.Fatal(err)
		}
	}
}
