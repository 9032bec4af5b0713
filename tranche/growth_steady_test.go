package tranche

import (
	"errors"
	"fmt"
	"math"
	"testing"
	"time"

	"github.com/jvwaterfall/jvwaterfall/contract"
	"github.com/shopspring/decimal"
	"pgregory.net/rapid"
)

// TestHurdle_SteadyIsReplay: over random histories of contributions and
// payments, read at random points, a hurdle balance worked out by value
// (steady, in fixed point, where it can) is the one replay alone gives on
// a second book with the same history, read at the same points, and the
// one an independent decimal replay gives: each party's balance, from one
// date on which it moved to the next, times the rate's growth factor
// between them ([contract.Rate.Growth]) rounded half away from zero to
// AccrualPlaces, plus what came in and less what went out; read on a
// later date, grown to it the same way. Amounts run from a cent to beyond
// an int64 of cents (wide moves) and balances beyond 128 bits (decimal),
// so that steady hands back to replay in the middle of a history as
// well.
func TestHurdle_SteadyIsReplay(t *testing.T) {
	rapid.Check(t, func(rt *rapid.T) {
		n := rapid.IntRange(1, 3).Draw(rt, "parties")
		var parties []Party
		for j := range n {
			parties = append(parties, Party{ID: PartyID(fmt.Sprintf("P%d", j))})
		}
		rate := contract.Rate{
			Annual:      decimal.New(rapid.Int64Range(0, 40).Draw(rt, "percent"), -2),
			Compounding: rapid.SampledFrom([]contract.Compounding{contract.Annual, contract.Quarterly, contract.Monthly, contract.Continuous}).Draw(rt, "compounding"),
			DayCount:    rapid.SampledFrom([]contract.DayCount{contract.ACT365F, contract.Thirty360US}).Draw(rt, "daycount"),
		}
		steady, err := NewBook(2, parties)
		if err != nil {
			rt.Fatal(err)
		}
		replayed, err := NewBook(2, parties)
		if err != nil {
			rt.Fatal(err)
		}
		// The independent replay: each party's balance as of its last
		// move's date.
		type oracle struct {
			bal   decimal.Decimal
			asOf  time.Time
			moved bool
		}
		want := make([]oracle, n)
		wide := make([]bool, n) // the party has had an amount beyond an int64 of cents
		grown := func(o oracle, to time.Time) decimal.Decimal {
			if !o.moved || o.asOf.Equal(to) {
				return o.bal
			}
			g, err := rate.Growth(o.asOf, to)
			if err != nil {
				rt.Fatal(err)
			}
			return o.bal.Mul(g).Round(AccrualPlaces)
		}
		amount := func(label string, j int) decimal.Decimal {
			switch rapid.IntRange(0, 9).Draw(rt, label+" size") {
			case 0: // beyond an int64 of cents
				wide[j] = true
				return decimal.New(math.MaxInt64, -2).Mul(decimal.New(rapid.Int64Range(2, 1<<40).Draw(rt, label+" wide"), 0))
			case 1: // whole units up to an int64: beyond an int64 of cents
				wide[j] = true
				return decimal.New(rapid.Int64Range(1<<57, math.MaxInt64).Draw(rt, label+" huge"), 0)
			default:
				return decimal.New(rapid.Int64Range(1, 100_000_000_00).Draw(rt, label+" cents"), -2)
			}
		}
		date := contract.Date(2020, 1, 1)
		for p := range rapid.IntRange(1, 12).Draw(rt, "periods") {
			end := date.AddDate(0, 0, rapid.IntRange(1, 500).Draw(rt, "days"))
			for _, b := range []*Book{steady, replayed} {
				if err := b.Advance(contract.Period{Index: p, Start: date, End: end}); err != nil {
					rt.Fatal(err)
				}
			}
			date = end
			for range rapid.IntRange(0, 8).Draw(rt, "ops") {
				j := rapid.IntRange(0, n-1).Draw(rt, "party")
				id := parties[j].ID
				switch rapid.IntRange(0, 2).Draw(rt, "op") {
				case 0, 1:
					a := amount("amount", j)
					o := &want[j]
					o.bal, o.asOf, o.moved = grown(*o, date), date, true
					if rapid.Bool().Draw(rt, "in") {
						o.bal = o.bal.Add(a)
						for _, b := range []*Book{steady, replayed} {
							if err := b.Contribute(id, a); err != nil {
								rt.Fatal(err)
							}
						}
					} else {
						o.bal = o.bal.Sub(a)
						for _, b := range []*Book{steady, replayed} {
							if err := b.Post(Payment{Tranche: "x", Party: id, Kind: KindProfit, Amount: a}); err != nil {
								rt.Fatal(err)
							}
						}
					}
				case 2:
					checkSteady(rt, steady, replayed, rate, j, !wide[j], grown(want[j], date))
				}
			}
			if rapid.Bool().Draw(rt, "read all") {
				for j := range n {
					checkSteady(rt, steady, replayed, rate, j, !wide[j], grown(want[j], date))
				}
			}
		}
		for j := range n {
			checkSteady(rt, steady, replayed, rate, j, !wide[j], grown(want[j], date))
		}
	})
}

// checkSteady reads party j's hurdle balance at r on steady (through
// steady itself, which must take a narrow party's history and hand back
// any other, untouched, to replay) and on replayed (replay alone), and
// checks both against want.
func checkSteady(rt *rapid.T, steady, replayed *Book, r contract.Rate, j int, narrow bool, want decimal.Decimal) {
	rt.Helper()
	v, errS := hurdleStates(steady, r, j, func(h *hurdleRun, st *hurdleTable, now int32) (hurdleValue, error) {
		was := st.get(j)
		v, ok := h.steady(st, j, now)
		if ok != narrow {
			rt.Fatalf("party %d: steady took it: %v, want %v", j, ok, narrow)
		}
		if ok {
			return hurdleValue{fix: v}, nil
		}
		if st.get(j) != was {
			rt.Fatalf("party %d: steady handed back a changed state", j)
		}
		return h.replayStored(st, j, now)
	})
	w, errR := hurdleStates(replayed, r, j, func(h *hurdleRun, st *hurdleTable, now int32) (hurdleValue, error) {
		return h.replayStored(st, j, now)
	})
	if errS != nil || errR != nil {
		rt.Fatal(errS, errR)
	}
	got, rep := v.decimal(), w.decimal()
	if !got.Equal(want) || !rep.Equal(want) || got.Exponent() != rep.Exponent() {
		rt.Fatalf("party %d: steady %s, replay %s, want %s", j, got, rep, want)
	}
}

// hurdleStates reads party j's hurdle state at r on b with read, after
// making the rate's states as value does.
func hurdleStates(b *Book, r contract.Rate, j int, read func(*hurdleRun, *hurdleTable, int32) (hurdleValue, error)) (hurdleValue, error) {
	s := b.slot(r)
	h := b.hurdleRun(s)
	rs := &b.rates[s]
	if rs.hurdles.hot == nil {
		rs.hurdles = newHurdleTable(len(b.acc))
	}
	return read(&h, &rs.hurdles, b.today())
}

// TestHurdle_SteadyHandsBackPast128Bits: a balance of int64 amounts whose
// growth does not fit the 128-bit fixed point is handed back by steady,
// untouched, and grown in decimal by the replay, by the decimal rule.
// 90,000,000,000,000,000.00 (an int64 of cents) is 9·10^32 in units of
// 10^-16; 100% compounding continuously for 13 years grows it by
// e^13.0x ≈ 4.4·10^5, past 2^127 ≈ 1.7·10^38. Read on that date, then
// after 1.00 is paid out on it, then a year later.
func TestHurdle_SteadyHandsBackPast128Bits(t *testing.T) {
	r := contract.Rate{Annual: decimal.NewFromInt(1), Compounding: contract.Continuous, DayCount: contract.ACT365F}
	b, err := NewBook(2, []Party{{ID: "LP"}})
	if err != nil {
		t.Fatal(err)
	}
	d0, d1, d2 := contract.Date(2020, 1, 1), contract.Date(2033, 1, 1), contract.Date(2034, 1, 1)
	advance := func(p int, start, end time.Time) {
		if err := b.Advance(contract.Period{Index: p, Start: start, End: end}); err != nil {
			t.Fatal(err)
		}
	}
	growth := func(from, to time.Time) decimal.Decimal {
		g, err := r.Growth(from, to)
		if err != nil {
			t.Fatal(err)
		}
		return g
	}
	read := func(taken bool, want decimal.Decimal) {
		t.Helper()
		v, err := hurdleStates(b, r, 0, func(h *hurdleRun, st *hurdleTable, now int32) (hurdleValue, error) {
			was := st.get(0)
			v, ok := h.steady(st, 0, now)
			if ok != taken {
				t.Fatalf("steady took it: %v, want %v", ok, taken)
			}
			if ok {
				return hurdleValue{fix: v}, nil
			}
			if st.get(0) != was {
				t.Fatal("steady handed back a changed state")
			}
			return h.replayStored(st, 0, now)
		})
		if err != nil {
			t.Fatal(err)
		}
		if got := v.decimal(); !got.Equal(want) {
			t.Fatalf("hurdle %s, want %s", got, want)
		}
	}
	advance(0, d0.AddDate(0, 0, -1), d0)
	c := decimal.New(9_000_000_000_000_000_000, -2)
	if err := b.Contribute("LP", c); err != nil {
		t.Fatal(err)
	}
	read(true, c)
	advance(1, d0, d1)
	h1 := c.Mul(growth(d0, d1)).Round(AccrualPlaces)
	if x, ok := fixedOfDec(h1); ok {
		t.Fatalf("%s fits the fixed point (%v): the test needs a larger growth", h1, x)
	}
	read(false, h1)
	if err := b.Post(Payment{Tranche: "x", Party: "LP", Kind: KindProfit, Amount: decimal.NewFromInt(1)}); err != nil {
		t.Fatal(err)
	}
	read(false, h1.Sub(decimal.NewFromInt(1)))
	advance(2, d1, d2)
	read(false, h1.Sub(decimal.NewFromInt(1)).Mul(growth(d1, d2)).Round(AccrualPlaces))
}

func (v hurdleValue) decimal() decimal.Decimal {
	if v.isDec {
		return v.dec
	}
	return v.fix.dec()
}

// TestHurdle_SteadyGrowthErrorAfterAnotherParty: a growth factor out of
// range for one party fails the read even when the party before it, in
// the same pref, grew by a factor in range: steady never grows by the
// factor it used last in place of one it could not have. 10,000%
// compounding continuously on 30/360: LP1 grows over 150 days by
// e^41.67 ≈ 1.2·10^18 (in range, and in fixed point), LP2 over 11 years
// by e^1100, beyond contract.MaxLogGrowth.
func TestHurdle_SteadyGrowthErrorAfterAnotherParty(t *testing.T) {
	r := contract.Rate{Annual: decimal.NewFromInt(100), Compounding: contract.Continuous, DayCount: contract.Thirty360US}
	b, err := NewBook(2, []Party{{ID: "LP1"}, {ID: "LP2"}})
	if err != nil {
		t.Fatal(err)
	}
	ends := []time.Time{contract.Date(2024, 1, 1), contract.Date(2034, 8, 1), contract.Date(2035, 1, 1)}
	for p, end := range ends {
		if err := b.Advance(contract.Period{Index: p, Start: end.AddDate(0, 0, -1), End: end}); err != nil {
			t.Fatal(err)
		}
		switch p {
		case 0:
			err = b.Contribute("LP2", decimal.NewFromInt(1000))
		case 1:
			err = b.Contribute("LP1", decimal.NewFromInt(1000))
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	if _, err := r.Growth(ends[1], ends[2]); err != nil {
		t.Fatalf("LP1's growth: %v", err)
	}
	pref := &PreferredReturn{Name: "pref", Parties: []PartyID{"LP1", "LP2"}, Rate: r}
	if _, err := pref.Owed(b); !errors.Is(err, contract.ErrRange) {
		t.Fatalf("owed: %v, want %v", err, contract.ErrRange)
	}
}
