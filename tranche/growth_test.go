package tranche_test

import (
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/jvwaterfall/jvwaterfall/contract"
	"github.com/jvwaterfall/jvwaterfall/tranche"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"
)

// bookAt returns a new book of parties at scale, in a first period that
// ends on end.
func bookAt(t *testing.T, scale int32, end time.Time, parties ...tranche.PartyID) *tranche.Book {
	t.Helper()
	var ps []tranche.Party
	for _, p := range parties {
		ps = append(ps, tranche.Party{ID: p})
	}
	b, err := tranche.NewBook(scale, ps)
	require.NoError(t, err)
	require.NoError(t, b.Advance(contract.Period{Index: 0, Start: end.AddDate(0, 0, -1), End: end}))
	return b
}

// next moves b to the period after the current one, ending on end.
func next(t *testing.T, b *tranche.Book, end time.Time) {
	t.Helper()
	p := b.Period()
	require.NoError(t, b.Advance(contract.Period{Index: p.Index + 1, Start: p.End, End: end}))
}

// TestBook_GrowthOutOfRange: a valid rate whose factor over the span is
// beyond e^1000 ([contract.MaxLogGrowth]) is an error wrapping
// contract.ErrRange wherever the book grows a balance by it, never a
// factor of zero or a balance left as it was. 100 (10,000%) compounding
// continuously for 11 years is e^1100; a simple rate of −50% for 3 years
// is 1 − 1.5 < 0, not a growth factor.
func TestBook_GrowthOutOfRange(t *testing.T) {
	cont := contract.Rate{Annual: d("100"), Compounding: contract.Continuous, DayCount: contract.Thirty360US}
	neg := contract.Rate{Annual: d("-0.5"), Compounding: contract.Simple, DayCount: contract.Thirty360US}
	y0, y1, y11 := contract.Date(2024, 1, 1), contract.Date(2025, 1, 1), contract.Date(2035, 1, 1)
	y3 := contract.Date(2027, 1, 1)
	// In range for a year: the same rates grow a balance without error.
	t.Run("growth", func(t *testing.T) {
		b := bookAt(t, 2, y0, "LP")
		_, err := b.Growth(cont, y0, y11)
		require.ErrorIs(t, err, contract.ErrRange)
		_, err = b.Growth(neg, y0, y3)
		require.ErrorIs(t, err, contract.ErrRange)
		g, err := b.Growth(neg, y0, y1)
		require.NoError(t, err)
		requireDec(t, "0.5", g)
	})
	for _, tc := range []struct {
		name  string
		rate  contract.Rate
		later time.Time
		read  func(b *tranche.Book, r contract.Rate) (decimal.Decimal, error)
	}{
		{"hurdle", cont, y11, func(b *tranche.Book, r contract.Rate) (decimal.Decimal, error) { return b.Hurdle("LP", r) }},
		{"simple", neg, y3, func(b *tranche.Book, r contract.Rate) (decimal.Decimal, error) { return b.SimpleAccrued("LP", r) }},
		{"pref compounding", cont, y11, prefOwed(tranche.OnUnreturned, tranche.Cumulative)},
		{"pref on contributed", cont, y11, prefOwed(tranche.OnContributed, tranche.Cumulative)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			// Grown from the contribution to the current date.
			b := bookAt(t, 2, y0, "LP")
			require.NoError(t, b.Contribute("LP", d("1000.00")))
			_, err := tc.read(b, tc.rate)
			require.NoError(t, err, "on the contribution's date")
			next(t, b, tc.later)
			_, err = tc.read(b, tc.rate)
			require.ErrorIs(t, err, contract.ErrRange, "read %s after the contribution", tc.later.Format(time.DateOnly))
			// Grown from one contribution to the next, read on the second's
			// date: the growth fails while the movements are replayed.
			b = bookAt(t, 2, y0, "LP")
			require.NoError(t, b.Contribute("LP", d("1000.00")))
			next(t, b, tc.later)
			require.NoError(t, b.Contribute("LP", d("1.00")))
			_, err = tc.read(b, tc.rate)
			require.ErrorIs(t, err, contract.ErrRange, "read on the second contribution's date")
		})
	}
}

// prefOwed reads what a one-party pref at r owes.
func prefOwed(base tranche.PrefBase, acc tranche.PrefAccrual) func(b *tranche.Book, r contract.Rate) (decimal.Decimal, error) {
	return func(b *tranche.Book, r contract.Rate) (decimal.Decimal, error) {
		p, err := tranche.NewPreferredReturn(tranche.PreferredReturn{Name: "pref", Parties: ids("LP"), Rate: r, Base: base, Accrual: acc})
		if err != nil {
			return decimal.Zero, err
		}
		c, err := p.Owed(b)
		return c.Amount, err
	}
}

// TestBook_HurdleSameDayMoves: movements booked on a date after the
// hurdle balance was read on it count in full, in and out, and grow from
// then. At 10% a year compounding annually on 30/360, one year grows by
// exactly 1.1:
//   - 2024-01-01: 100.00 in, read: 100; 50.01 more in, read: 150.01;
//     25.00 paid out, read: 125.01;
//   - 2025-01-01: 125.01 × 1.1 = 137.511; 0.01 in, read: 137.521; 137.52
//     out, read: 0.001.
func TestBook_HurdleSameDayMoves(t *testing.T) {
	r := rate30360("0.10", contract.Annual)
	b := bookAt(t, 2, contract.Date(2024, 1, 1), "LP", "GP")
	read := func(want string) {
		t.Helper()
		h, err := b.Hurdle("LP", r)
		require.NoError(t, err)
		requireDec(t, want, h)
	}
	out := func(amount string) {
		t.Helper()
		require.NoError(t, b.Post(tranche.Payment{Tranche: "x", Party: "LP", Kind: tranche.KindProfit, Amount: d(amount)}))
	}
	read("0")
	require.NoError(t, b.Contribute("LP", d("100.00")))
	read("100")
	require.NoError(t, b.Contribute("LP", d("50.01")))
	read("150.01")
	out("25.00")
	read("125.01")
	next(t, b, contract.Date(2025, 1, 1))
	read("137.511")
	require.NoError(t, b.Contribute("LP", d("0.01")))
	read("137.521")
	read("137.521") // a second read on the date: the growth it remembered
	out("137.52")
	read("0.001")
}

// TestPref_CompoundingPartiesFromDifferentDates: two LPs' hurdle balances
// grow to the same date from different dates; each grows by its own
// factor. 10% compounding annually on 30/360; LP1 puts in 1,234.57 at the
// end of 2024, LP2 1,000.01 at the end of 2025. At the end of 2026:
//   - LP1: 1,234.57 × 1.21 = 1,493.8297, owed 259.2597 → 259.26 (rounded
//     up, the book's policy);
//   - LP2: 1,000.01 × 1.1 = 1,100.011, owed 100.001 → 100.01.
func TestPref_CompoundingPartiesFromDifferentDates(t *testing.T) {
	ps := annualPeriods(3)
	pref := tranche.Must(tranche.NewPreferredReturn(tranche.PreferredReturn{Name: "pref", Parties: ids("LP1", "LP2"),
		Rate: rate30360("0.10", contract.Annual)}))
	h := newDriver(t, partiesOf("LP1", "0", "LP2", "0")...)
	h.advance(ps[0]).put("LP1", "1234.57")
	h.advance(ps[1]).put("LP2", "1000.01")
	h.advance(ps[2])
	requireDec(t, "359.27", h.owed(pref).Amount)
	lines, paid := h.pay(pref, "1000")
	requireDec(t, "359.27", paid)
	require.Len(t, lines, 2)
	requireDec(t, "259.26", lines[0].Amount)
	requireDec(t, "100.01", lines[1].Amount)
}

// TestBook_HurdleDecimalHalfCent: a hurdle balance too large for the
// book's 128-bit fixed point (over about 1.7·10^22) is grown in decimals,
// rounded half away from zero to [tranche.AccrualPlaces] places like the
// fixed-point one. 12% compounding monthly on 30/360 grows a month by
// exactly 1.01 and 7 months by 1.01^7 = 1.07213535210701 (14 places).
// A contribution of C = N.50 grows in 7 months to C × 1.01^7, with 15
// decimals, the last a 5 (C×100 = 10·m, m ending in 5, and 101^7 ends
// in 1); 0.01 is paid out then, and a month later the balance × 1.01 has
// 17 decimals ending in 5: an exact half at the 17th place. The test
// picks the first N from 10^23 whose 16th place is even, so that half
// away from zero and half to even differ, and states the result by the
// decimal rule.
func TestBook_HurdleDecimalHalfCent(t *testing.T) {
	r := contract.Rate{Annual: d("0.12"), Compounding: contract.Monthly, DayCount: contract.Thirty360US}
	d0, d7, d8 := contract.Date(2024, 1, 1), contract.Date(2024, 8, 1), contract.Date(2024, 9, 1)
	g7, err := r.Growth(d0, d7)
	require.NoError(t, err)
	requireDec(t, "1.07213535210701", g7)
	g1, err := r.Growth(d7, d8)
	require.NoError(t, err)
	requireDec(t, "1.01", g1)
	for n := int64(0); ; n++ {
		require.Less(t, n, int64(10), "no N with an even 16th place")
		c := decimal.New(1, 23).Add(decimal.NewFromInt(n)).Add(d("0.50"))
		b7 := c.Mul(g7).Sub(d("0.01"))
		require.True(t, b7.Shift(15).IsInteger() && !b7.Shift(14).IsInteger(), "C × 1.01^7 − 0.01 has 15 places: %s", b7)
		x := b7.Mul(g1)
		want := x.Round(tranche.AccrualPlaces)
		if want.Equal(x.RoundBank(tranche.AccrualPlaces)) {
			continue // the 16th place is odd: both rules agree
		}
		require.True(t, x.Shift(tranche.AccrualPlaces+1).IsInteger() && !x.Shift(tranche.AccrualPlaces).IsInteger(), "an exact half at the 17th place: %s", x)
		b := bookAt(t, 2, d0, "LP")
		require.NoError(t, b.Contribute("LP", c))
		next(t, b, d7)
		require.NoError(t, b.Post(tranche.Payment{Tranche: "x", Party: "LP", Kind: tranche.KindProfit, Amount: d("0.01")}))
		next(t, b, d8)
		got, err := b.Hurdle("LP", r)
		require.NoError(t, err)
		require.True(t, want.Equal(got), "C = %s: got %s, want %s (half to even: %s)", c, got, want, x.RoundBank(tranche.AccrualPlaces))
		return
	}
}

// TestBook_HurdleDecimalReadTwice: a balance that fits the fixed point but
// whose growth does not is grown in decimals, and reading it again on the
// same date gives the same figure. The fixed point holds up to 2^127 units
// of 10^-16, about 1.70·10^22. At scale 0, 5·10^18 + 1 is a movement of
// the book's int64 minor units and fits; at 900% compounding annually on
// 30/360, four years grow it by exactly 10^4, to 5·10^22 + 10^4, which
// does not.
func TestBook_HurdleDecimalReadTwice(t *testing.T) {
	r := rate30360("9", contract.Annual)
	b := bookAt(t, 0, contract.Date(2024, 1, 1), "LP")
	require.NoError(t, b.Contribute("LP", d("5000000000000000001")))
	next(t, b, contract.Date(2028, 1, 1))
	for range 2 {
		h, err := b.Hurdle("LP", r)
		require.NoError(t, err)
		requireDec(t, "50000000000000000010000", h)
	}
}

// TestBook_SimpleAccruedUnknownParty: the accrual of a party the book does
// not know is an error, not another party's.
func TestBook_SimpleAccruedUnknownParty(t *testing.T) {
	b := bookAt(t, 2, contract.Date(2024, 1, 1), "LP")
	require.NoError(t, b.Contribute("LP", d("100")))
	_, err := b.SimpleAccrued("GP", annual("0.08"))
	require.ErrorIs(t, err, tranche.ErrUnknownParty)
	_, err = b.Hurdle("GP", annual("0.08"))
	require.ErrorIs(t, err, tranche.ErrUnknownParty)
}

// TestBook_SimpleAccruedHalves: the simple accrual is kept to 16 places,
// rounded half away from zero at each of the party's movements and when
// read. At scale 8, 0.0000018 a year on 30/360 accrues in one day 0.0000018
// / 360 = 5·10^-9 per unit of capital, so 10^-8 of capital accrues 5·10^-17
// a day: an exact half at the 17th place.
//   - 1 unit from day 0; a payment of profit (a movement, no capital) on
//     day 1: 5·10^-17 → 10^-16 (half to even: 0; kept to 17 places:
//     5·10^-17; to 15: 0); read on day 2: 10^-16 + 5·10^-17 = 1.5·10^-16 →
//     2·10^-16 (each mutant reads 10^-16).
//   - 3 units from day 0, read on day 1: 1.5·10^-16 → 2·10^-16 (to 15
//     places: 0, to 17: 1.5·10^-16); a payment on day 1, read on day 2:
//     2·10^-16 + 1.5·10^-16 = 3.5·10^-16 → 4·10^-16.
//   - 5 units from day 0, read on day 1: 2.5·10^-16 → 3·10^-16 (half to
//     even: 2·10^-16).
func TestBook_SimpleAccruedHalves(t *testing.T) {
	r := contract.Rate{Annual: d("0.0000018"), Compounding: contract.Simple, DayCount: contract.Thirty360US}
	day := func(n int) time.Time { return contract.Date(2024, 1, 1+n) }
	for _, tc := range []struct {
		units      string
		pay        bool // a payment of profit on day 1
		day1, day2 string
	}{
		{"0.00000001", true, "0.0000000000000001", "0.0000000000000002"},
		{"0.00000003", true, "0.0000000000000002", "0.0000000000000004"},
		{"0.00000005", false, "0.0000000000000003", "0.0000000000000005"},
	} {
		t.Run(tc.units, func(t *testing.T) {
			b := bookAt(t, 8, day(0), "LP")
			require.NoError(t, b.Contribute("LP", d(tc.units)))
			next(t, b, day(1))
			if tc.pay {
				require.NoError(t, b.Post(tranche.Payment{Tranche: "x", Party: "LP", Kind: tranche.KindProfit, Amount: d("0.00000001")}))
			} else {
				got, err := b.SimpleAccrued("LP", r)
				require.NoError(t, err)
				requireDec(t, tc.day1, got, "day 1")
			}
			next(t, b, day(2))
			got, err := b.SimpleAccrued("LP", r)
			require.NoError(t, err)
			requireDec(t, tc.day2, got, "day 2")
		})
	}
}

// TestBook_SimpleAccruedMatchesDecimal replays random movements of two
// parties — contributions, capital returned, profit paid, several on one
// date, some after the accrual was read on that date — through the book
// and through the rule written out here: at each date the party moves,
// the accrual grows by its unreturned capital × (simple growth since its
// last movement − 1) and is rounded to 16 places, then the date's
// contributions are added to the unreturned capital and its returns of
// capital taken off; a read grows it to the current date the same way.
// The other party's movements make dates on which this one does not move.
func TestBook_SimpleAccruedMatchesDecimal(t *testing.T) {
	rates := []contract.Rate{
		{Annual: d("0.0725"), DayCount: contract.Thirty360US},
		{Annual: d("0.13"), DayCount: contract.ACT365F},
		{Annual: d("0.0833"), DayCount: contract.ACT360},
	}
	for seed := range uint64(24) {
		t.Run(fmt.Sprint(seed), func(t *testing.T) {
			rng := rand.New(rand.NewPCG(seed, 17))
			r := rates[seed%uint64(len(rates))]
			day := contract.Date(2023, 12, 31)
			b := bookAt(t, 2, day, "A", "B")
			var moves []simpleMove // A's movements, a date at a time
			move := func(in, returned decimal.Decimal) {
				if n := len(moves); n > 0 && moves[n-1].date.Equal(day) {
					moves[n-1].in, moves[n-1].returned = moves[n-1].in.Add(in), moves[n-1].returned.Add(returned)
					return
				}
				moves = append(moves, simpleMove{day, in, returned})
			}
			unreturned := decimal.Zero
			for range 40 {
				day = day.AddDate(0, 0, 1+rng.IntN(100))
				next(t, b, day)
				for range rng.IntN(4) {
					amt := decimal.New(1+rng.Int64N(1_000_000), -2)
					switch k := rng.IntN(5); {
					case k == 0:
						require.NoError(t, b.Contribute("B", amt))
					case k == 1 && unreturned.GreaterThanOrEqual(amt):
						require.NoError(t, b.Post(tranche.Payment{Tranche: "t", Party: "A", Kind: tranche.KindCapital, Amount: amt}))
						unreturned = unreturned.Sub(amt)
						move(decimal.Zero, amt)
					case k == 2:
						require.NoError(t, b.Post(tranche.Payment{Tranche: "t", Party: "A", Kind: tranche.KindProfit, Amount: amt}))
						move(decimal.Zero, decimal.Zero)
					default:
						require.NoError(t, b.Contribute("A", amt))
						unreturned = unreturned.Add(amt)
						move(amt, decimal.Zero)
					}
					if rng.IntN(2) == 0 {
						continue
					}
					got, err := b.SimpleAccrued("A", r)
					require.NoError(t, err)
					want := simpleAccrual(t, r, moves, day)
					require.True(t, want.Equal(got), "%s: want %s, got %s", day.Format(time.DateOnly), want, got)
				}
			}
		})
	}
}

// simpleMove is a party's movements of one date.
type simpleMove struct {
	date         time.Time
	in, returned decimal.Decimal
}

// simpleAccrual is the rule of TestBook_SimpleAccruedMatchesDecimal.
func simpleAccrual(t *testing.T, r contract.Rate, moves []simpleMove, now time.Time) decimal.Decimal {
	t.Helper()
	if len(moves) == 0 {
		return decimal.Zero
	}
	acc, unreturned, asOf := decimal.Zero, decimal.Zero, moves[0].date
	grow := func(to time.Time) {
		g, err := r.Growth(asOf, to)
		require.NoError(t, err)
		acc = acc.Add(unreturned.Mul(g.Sub(decimal.NewFromInt(1)))).Round(tranche.AccrualPlaces)
		asOf = to
	}
	for _, m := range moves {
		grow(m.date)
		unreturned = unreturned.Add(m.in).Sub(m.returned)
	}
	grow(now)
	return acc
}
