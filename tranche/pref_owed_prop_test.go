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

// TestPref_OwedIsDecimalReplay: the pref owed to each of several parties,
// read together (one hurdleRun across the parties, the way a pref pays
// them, so that the growth factors it keeps from one party serve the
// next), is the one an independent decimal replay gives: each party's
// balance grown from one date on which it moved to the next by the
// rate's factor between them, rounded half away from zero to
// AccrualPlaces, plus contributions, less payments; owed is that grown to
// the current date less unreturned capital, rounded up to the cent (zero
// if not positive). Parties move and are read on different dates (some
// periods have no read, some parties move only now and then), so the
// parties of one read grow over different pairs of dates, in turn; a few
// amounts are beyond an int64 of cents and send their party to the
// replay in the middle of the others. Rates are drawn with long and odd
// digits (up to 12 places), so the factors' 20 places are all used.
func TestPref_OwedIsDecimalReplay(t *testing.T) {
	rapid.Check(t, func(rt *rapid.T) {
		n := rapid.IntRange(2, 6).Draw(rt, "parties")
		var parties []Party
		var ids []PartyID
		for j := range n {
			parties = append(parties, Party{ID: PartyID(fmt.Sprintf("P%d", j))})
			ids = append(ids, parties[j].ID)
		}
		places := rapid.Int32Range(2, 14).Draw(rt, "places")
		rate := contract.Rate{ // 0 to 40%, with up to 14 places
			Annual:      decimal.New(rapid.Int64Range(0, 4*pow10[places-1]).Draw(rt, "rate"), -places),
			Compounding: rapid.SampledFrom([]contract.Compounding{contract.Annual, contract.SemiAnnual, contract.Quarterly, contract.Monthly, contract.Continuous}).Draw(rt, "compounding"),
			DayCount:    rapid.SampledFrom([]contract.DayCount{contract.ACT365F, contract.ACT360, contract.Thirty360US}).Draw(rt, "daycount"),
		}
		b, err := NewBook(2, parties)
		if err != nil {
			rt.Fatal(err)
		}
		pref := &PreferredReturn{Name: "pref", Parties: ids, Rate: rate}
		type oracle struct {
			bal, unreturned decimal.Decimal
			asOf            time.Time
			moved           bool
		}
		want := make([]oracle, n)
		for j := range want {
			want[j].bal, want[j].unreturned = decimal.Zero, decimal.Zero
		}
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
			if rapid.IntRange(0, 19).Draw(rt, label+" wide?") == 0 {
				return decimal.New(math.MaxInt64, -2).Mul(decimal.New(rapid.Int64Range(2, 1<<20).Draw(rt, label+" wide"), 0))
			}
			return decimal.New(rapid.Int64Range(1, 100_000_000_00).Draw(rt, label+" cents"), -2)
		}
		date := contract.Date(2020, 1, 31)
		for p := range rapid.IntRange(1, 14).Draw(rt, "periods") {
			end := date.AddDate(0, 0, rapid.IntRange(1, 400).Draw(rt, "days"))
			if err := b.Advance(contract.Period{Index: p, Start: date, End: end}); err != nil {
				rt.Fatal(err)
			}
			date = end
			for range rapid.IntRange(0, 2*n).Draw(rt, "moves") {
				j := rapid.IntRange(0, n-1).Draw(rt, "party")
				o := &want[j]
				a := amount("amount")
				kind := rapid.IntRange(0, 2).Draw(rt, "kind")
				if kind == 1 && o.unreturned.LessThan(a) {
					kind = 2 // return of capital only up to what is unreturned
				}
				o.bal, o.asOf, o.moved = grown(*o, date), date, true
				switch kind {
				case 0:
					o.bal, o.unreturned = o.bal.Add(a), o.unreturned.Add(a)
					err = b.Contribute(ids[j], a)
				case 1:
					o.bal, o.unreturned = o.bal.Sub(a), o.unreturned.Sub(a)
					err = b.Post(Payment{Tranche: "roc", Party: ids[j], Kind: KindCapital, Amount: a})
				default:
					o.bal = o.bal.Sub(a)
					err = b.Post(Payment{Tranche: "x", Party: ids[j], Kind: KindProfit, Amount: a})
				}
				if err != nil {
					rt.Fatal(err)
				}
			}
			if !rapid.Bool().Draw(rt, "read") {
				continue
			}
			_, owed, err := pref.owed(b, false)
			if err != nil {
				rt.Fatal(err)
			}
			for j := range n {
				x := grown(want[j], date).Sub(want[j].unreturned)
				w := decimal.Zero
				if x.Sign() > 0 {
					w = x.RoundCeil(2)
				}
				if got := owed[j].dec(2); !got.Equal(w) {
					rt.Fatalf("period %d, party %d: owed %s, want %s", p, j, got, w)
				}
			}
		}
	})
}
