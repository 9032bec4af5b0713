package tranche

import (
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
		amount := func(label string) decimal.Decimal {
			switch rapid.IntRange(0, 9).Draw(rt, label+" size") {
			case 0: // beyond an int64 of cents
				return decimal.New(math.MaxInt64, -2).Mul(decimal.New(rapid.Int64Range(2, 1<<40).Draw(rt, label+" wide"), 0))
			case 1: // a balance past 128 bits of 10^-16 within a few moves
				return decimal.New(rapid.Int64Range(1, math.MaxInt64).Draw(rt, label+" huge"), 0)
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
					a := amount("amount")
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
					checkSteady(rt, steady, replayed, rate, j, grown(want[j], date))
				}
			}
			if rapid.Bool().Draw(rt, "read all") {
				for j := range n {
					checkSteady(rt, steady, replayed, rate, j, grown(want[j], date))
				}
			}
		}
		for j := range n {
			checkSteady(rt, steady, replayed, rate, j, grown(want[j], date))
		}
	})
}

// checkSteady reads party j's hurdle balance at r on steady (value) and
// on replayed (replay alone), and checks both against want.
func checkSteady(rt *rapid.T, steady, replayed *Book, r contract.Rate, j int, want decimal.Decimal) {
	rt.Helper()
	v, err := steady.hurdle(j, steady.slot(r))
	if err != nil {
		rt.Fatal(err)
	}
	s := replayed.slot(r)
	h := replayed.hurdleRun(s)
	rs := &replayed.rates[s]
	if rs.hurdles == nil { // as value makes them
		rs.hurdles = make([]hurdleState, len(replayed.acc))
		for k := range rs.hurdles {
			rs.hurdles[k].asOf, rs.hurdles[k].lastDate = -1, -1
		}
	}
	w, err := h.replay(&replayed.rates[s].hurdles[j], j, replayed.today())
	if err != nil {
		rt.Fatal(err)
	}
	got, byReplay := v.decimal(), w.decimal()
	if !got.Equal(want) || !byReplay.Equal(want) {
		rt.Fatalf("party %d: value %s, replay %s, want %s", j, got, byReplay, want)
	}
}

func (v hurdleValue) decimal() decimal.Decimal {
	if v.isDec {
		return v.dec
	}
	return v.fix.dec()
}
