package tranche

import (
	"fmt"
	"math/big"
	"testing"

	"github.com/jvwaterfall/jvwaterfall/contract"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"
)

// rowsPaidThisPeriod is the code paidThisPeriod replaced, word for word:
// what tranche id has paid party i in the current period, read from the
// ledger's rows.
func rowsPaidThisPeriod(b *Book, id TrancheID, i int) units {
	pt, ok := b.paid[id]
	if !ok {
		return units{}
	}
	s, t := b.led, units{}
	for j := s.end() - 1; j >= s.base && s.rows[j-s.base].period == int32(b.period.Index); j-- {
		if r := &s.rows[j-s.base]; r.tranche == pt.idx && int(r.party) == i {
			t = t.add(s.amountUnits(j))
		}
	}
	return t
}

// TestBook_NoLedgerKeepsTotals drives two books with the same random
// payments (one at a time and in batches, some past int64, of every
// kind), periods, nested trials undone and clones: one keeps the ledger,
// the other keeps none ([Book.KeepNoLedger]). After every step, what each
// tranche paid each party this period is what the full book's rows of
// the period add up to (the old row scan), in both books; what the book
// counted posted since the start and since the period began, of every
// kind and of some kinds (a kind given twice, one never paid, one not
// valid), is the full ledger's sum of those rows, value and exponent, in
// both books; and the book without a ledger holds no rows but counts
// every payment.
func TestBook_NoLedgerKeepsTotals(t *testing.T) {
	rapid.Check(t, func(rt *rapid.T) {
		n := rapid.IntRange(1, 4).Draw(rt, "parties")
		parties := make([]Party, n)
		for i := range parties {
			parties[i] = Party{ID: PartyID(fmt.Sprint("P", i)), Commitment: decimal.NewFromInt(int64(i + 1))}
		}
		full, err := NewBook(2, parties)
		require.NoError(rt, err)
		none, err := NewBook(2, parties)
		require.NoError(rt, err)
		none.KeepNoLedger()
		books := [2]*Book{full, none}
		ids := []TrancheID{"a", "b", "c"}
		kinds := []Kind{KindProfit, KindCapital, KindFee, KindPref}
		kindSets := [][]Kind{nil, {KindCapital}, {KindProfit, KindFee}, {KindFee, KindFee}, {KindOther}, {numKinds}}
		period, start, first := 0, [2]Tally{}, 0
		advance := func() {
			for k, b := range books {
				require.NoError(rt, b.Advance(contract.Period{Index: period, Start: contract.Date(2020, 1, 1).AddDate(0, period, 0), End: contract.Date(2020, 2, 1).AddDate(0, period, 0)}))
				start[k] = b.Tally()
			}
			first = full.Ledger().Len()
			period++
		}
		advance()
		for _, b := range books {
			for _, p := range parties {
				require.NoError(rt, b.Contribute(p.ID, decimal.New(1, 12)))
			}
		}
		same := func(what string, want, got decimal.Decimal) {
			require.True(rt, want.Equal(got), "%s: want %s, got %s", what, want, got)
			require.Equal(rt, want.Exponent(), got.Exponent(), "%s: exponent of %s and %s", what, want, got)
		}
		// PaidSinceIs is true of the ledger's sum, at its exponent and
		// written with more places, and false a cent either side and half
		// a cent above.
		cent := decimal.New(1, -2)
		isSum := func(what string, b *Book, from Tally, want decimal.Decimal, of []Kind) {
			require.True(rt, b.PaidSinceIs(from, want, of...), "%s: %s", what, want)
			require.True(rt, b.PaidSinceIs(from, want.Add(decimal.New(0, -7)), of...), "%s: %s at 7 places", what, want)
			for _, off := range []decimal.Decimal{cent, cent.Neg(), decimal.New(5, -3)} {
				require.False(rt, b.PaidSinceIs(from, want.Add(off), of...), "%s: %s + %s", what, want, off)
			}
		}
		check := func(step int) {
			led := full.Ledger()
			for _, id := range ids {
				for i := range parties {
					want := rowsPaidThisPeriod(full, id, i)
					for k, b := range books {
						require.True(rt, want.eq(b.paidThisPeriod(id, i)), "step %d book %d tranche %s party %d: want %s, got %s", step, k, id, i, want.dec(2), b.paidThisPeriod(id, i).dec(2))
					}
				}
			}
			require.Zero(rt, none.Ledger().Len())
			require.Equal(rt, full.Posted(), none.Posted())
			for k, b := range books {
				for _, of := range kindSets {
					same(fmt.Sprint("step ", step, " book ", k, " kinds ", of), led.Sum(of...), b.PaidSince(Tally{}, of...))
					same(fmt.Sprint("step ", step, " book ", k, " kinds ", of, " this period"), led.Slice(first, led.Len()).Sum(of...), b.PaidSince(start[k], of...))
					isSum(fmt.Sprint("step ", step, " book ", k, " kinds ", of), b, Tally{}, led.Sum(of...), of)
					isSum(fmt.Sprint("step ", step, " book ", k, " kinds ", of, " this period"), b, start[k], led.Slice(first, led.Len()).Sum(of...), of)
				}
			}
		}
		var trials [][2]trialMark
		steps := rapid.IntRange(1, 40).Draw(rt, "steps")
		for step := range steps {
			switch op := rapid.IntRange(0, 6).Draw(rt, "op"); {
			case op == 0 && len(trials) == 0:
				advance()
			case op == 1:
				id, i := rapid.SampledFrom(ids).Draw(rt, "tranche"), rapid.IntRange(0, n-1).Draw(rt, "party")
				kind := rapid.SampledFrom(kinds).Draw(rt, "kind")
				amount := decimal.New(rapid.Int64Range(1, 100000).Draw(rt, "cents"), -2)
				if kind != KindCapital && rapid.Bool().Draw(rt, "huge") {
					amount = decimal.New(rapid.Int64Range(1, 1e6).Draw(rt, "huge cents"), 16) // past int64 minor units
				}
				for _, b := range books {
					require.NoError(rt, b.Post(Payment{Tranche: id, Party: parties[i].ID, Kind: kind, Amount: amount}))
				}
			case op == 2:
				id, kind := rapid.SampledFrom(ids).Draw(rt, "tranche"), rapid.SampledFrom(kinds).Draw(rt, "kind")
				idx := make([]int, n)
				parts, owed := make([]int64, n), []int64(nil)
				for j := range idx {
					idx[j], parts[j] = j, rapid.Int64Range(0, 1000).Draw(rt, "part")
				}
				if rapid.Bool().Draw(rt, "owed") {
					owed = make([]int64, n)
					for j := range owed {
						owed[j] = parts[j] + rapid.Int64Range(0, 50).Draw(rt, "left owed")
					}
				}
				for _, b := range books {
					require.NoError(rt, b.postMany(b.totals(id), kind, idx, parts, owed))
				}
			case op == 3 && len(trials) < 3:
				trials = append(trials, [2]trialMark{full.begin(), none.begin()})
			case op == 4 && len(trials) > 0:
				m := trials[len(trials)-1]
				trials = trials[:len(trials)-1]
				full.undo(m[0])
				none.undo(m[1])
			case op == 5 && len(trials) == 0:
				// Clones carry on; a payment on a clone leaves the book it came from as it was.
				was := [2]Tally{full.Tally(), none.Tally()}
				wasNow := full.paidThisPeriod("a", 0)
				c0, c1 := full.Clone(), none.Clone()
				for _, c := range []*Book{c0, c1} {
					require.NoError(rt, c.Post(Payment{Tranche: "a", Party: parties[0].ID, Kind: KindProfit, Amount: decimal.New(7, -2)}))
				}
				require.Equal(rt, was, [2]Tally{full.Tally(), none.Tally()})
				require.True(rt, wasNow.eq(full.paidThisPeriod("a", 0)))
				require.True(rt, wasNow.eq(none.paidThisPeriod("a", 0)))
				full, none = c0, c1
				books = [2]*Book{full, none}
			}
			check(step)
		}
	})
}

// TestBook_PaidThisPeriodPastInt64ThenBatch: a tranche pays a party
// 10^20 cents (past int64) and then 0.01 in a batch in the same period,
// and 0.02 in a batch the next period: what it paid the party in each
// period is 10^20 + 1 cents, then 2 cents, with the ledger and without.
func TestBook_PaidThisPeriodPastInt64ThenBatch(t *testing.T) {
	for _, keep := range []bool{true, false} {
		b, err := NewBook(2, []Party{{ID: "LP", Commitment: decimal.NewFromInt(1)}, {ID: "GP"}})
		require.NoError(t, err)
		if !keep {
			b.KeepNoLedger()
		}
		at := func(i int) {
			require.NoError(t, b.Advance(contract.Period{Index: i, Start: contract.Date(2020+i, 1, 1), End: contract.Date(2021+i, 1, 1)}))
		}
		at(0)
		require.NoError(t, b.Post(Payment{Tranche: "a", Party: "LP", Kind: KindProfit, Amount: decimal.New(1, 18)}))
		require.NoError(t, b.postMany(b.totals("a"), KindProfit, []int{0, 1}, []int64{1, 5}, nil))
		want, _ := new(big.Int).SetString("100000000000000000001", 10)
		require.Equal(t, 0, b.paidThisPeriod("a", 0).bigInt().Cmp(want), "keep %v: %s", keep, b.paidThisPeriod("a", 0).dec(2))
		require.Equal(t, int64(5), b.paidThisPeriod("a", 1).n)
		at(1)
		require.NoError(t, b.postMany(b.totals("a"), KindProfit, []int{0, 1}, []int64{2, 0}, nil))
		require.Equal(t, units{n: 2}, b.paidThisPeriod("a", 0))
		require.Equal(t, units{}, b.paidThisPeriod("a", 1))
	}
}
