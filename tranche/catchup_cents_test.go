package tranche_test

import (
	"testing"

	"github.com/jvwaterfall/jvwaterfall/contract"
	"github.com/jvwaterfall/jvwaterfall/tranche"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"
)

// long writes a catch-up term to 19 decimal places: the same value, but
// its exponent (−19) does not fit the 128-bit integer search, so the
// catch-up owes and pays through its big-integer path.
func long(s string) string { return d(s).StringFixed(19) }

// catchUpOf is a catch-up of the GP over investors, k and c as given.
func catchUpOf(k, c string, investors ...tranche.PartyID) *tranche.CatchUp {
	return tranche.Must(tranche.NewCatchUp(tranche.CatchUp{Name: "cu", Sponsor: "GP", Target: d(k), Rate: d(c), Investors: investors}))
}

// TestCatchUp_HalfEvenTie: a full catch-up (Rate 1, so the sponsor gets
// all of a tier X) to k = 25%, with G = 0 and P the LP's pref. The tier is
// the least X whose sponsor's entitlement 0.25·(P + X), rounded by the
// policy, is at most X. In cents:
//   - P = 8,000: X = 2,666 leaves an entitlement of 0.25 × 10,666 =
//     2,666.5, a tie: half-even rounds to the even 2,666 ≤ 2,666 and the
//     tier completes; rounded up it is 2,667 > 2,666. X = 2,667 gives
//     2,666.75 → 2,667 ≤ 2,667; X = 2,665 gives 2,666.25 → 2,666 > 2,665
//     under both. So HalfEven owes 26.66, RoundUp 26.67.
//   - P = 8,003: X = 2,667 gives 0.25 × 10,670 = 2,667.5, a tie to the
//     even 2,668 > 2,667 (and up: 2,668), so it fails under both; 2,668
//     gives 2,667.75 → 2,668 ≤ 2,668: both owe 26.68.
//
// The same terms written to 19 places take the big-integer path and must
// owe the same.
func TestCatchUp_HalfEvenTie(t *testing.T) {
	for _, c := range []struct {
		pref, up, halfEven string
	}{
		{"80", "26.67", "26.66"},
		{"80.03", "26.68", "26.68"},
	} {
		for _, terms := range [][2]string{{"0.25", "1"}, {long("0.25"), long("1")}} {
			for policy, want := range map[tranche.Rounding]string{tranche.RoundUp: c.up, tranche.HalfEven: c.halfEven} {
				l := newDriver(t, partiesOf("LP", "1000", "GP", "0")...).open(jan21).put("LP", "1000").at(jan22).
					post("LP", tranche.KindCapital, "1000").post("LP", tranche.KindPref, c.pref)
				l.b.SetRounding(policy)
				cu := catchUpOf(terms[0], terms[1], "LP")
				requireDec(t, want, l.owed(cu).Amount, c.pref, terms, policy)
				got, total := l.pay(cu, "1000")
				requireDec(t, want, total, c.pref, terms, policy)
				requireLines(t, []paidLine{pp("cu", "GP", tranche.KindCatchUp, want, want, "0")}, got)
				requireDec(t, "0", l.owed(cu).Amount, "after paying", c.pref, terms, policy)
			}
		}
	}
}

// TestCatchUp_DecimalPath: TestCatchUp_Pay's cases (k = 20%, P = 80,
// G = 0), in integers and with the terms written to 19 places, which the
// big-integer path owes and pays: full, X = 16/0.8 = 20; partial (c = 0.5), X = 53.34
// (53.33 gives the GP 26.66 < 0.2 × 133.33 = 26.666; 53.34 gives it 26.67
// ≥ 26.668), LP 26.67; short of cash (10), 5 and 5, Before the party's
// part of X; 10.01, an odd cent, splits 5.005 each and the tie goes to
// the LP, listed first: GP 5.00, LP 5.01. At c = 0.8, X = 26.67 (26.66
// gives the GP 0.8 × 26.66 = 21.328 → 21.33 < ⌈0.2 × 106.66⌉ = 21.34;
// 26.67 gives 21.336 → 21.34 ≥ ⌈21.334⌉), GP 21.34 and LP 5.33; 10.01
// gives the GP 8.008 → 8.01 (remainder 0.8 of a cent over the LP's 0.2)
// and the LP 2.00; 0.01 splits 0.005 each, the tie to the LP, and the
// GP, paid nothing, gets no payment line. The same book with a GP commitment of 10^-19, which
// does not fit the integer commitment weights, pays the same through the
// decimal payment with the terms as written. With the co-investing GP among the investors and its own
// pref of 8, P = 88 counted once: a full catch-up owes 17.6/0.8 = 22.
func TestCatchUp_DecimalPath(t *testing.T) {
	cases := []struct {
		name, rate, avail, owed string
		want                    []paidLine
	}{
		{"full", "1", "1000", "20", []paidLine{pp("cu", "GP", tranche.KindCatchUp, "20", "20", "0")}},
		{"partial", "0.5", "1000", "53.34", []paidLine{
			pp("cu", "GP", tranche.KindCatchUp, "26.67", "26.67", "0"),
			pp("cu", "LP", tranche.KindProfit, "26.67", "26.67", "0")}},
		{"full, short", "1", "10", "20", []paidLine{pp("cu", "GP", tranche.KindCatchUp, "10", "20", "10")}},
		{"partial, short", "0.5", "10", "53.34", []paidLine{
			pp("cu", "GP", tranche.KindCatchUp, "5", "26.67", "21.67"),
			pp("cu", "LP", tranche.KindProfit, "5", "26.67", "21.67")}},
		{"partial, odd cent", "0.5", "10.01", "53.34", []paidLine{
			pp("cu", "GP", tranche.KindCatchUp, "5.00", "26.67", "21.67"),
			pp("cu", "LP", tranche.KindProfit, "5.01", "26.67", "21.66")}},
		{"partial, one cent", "0.5", "0.01", "53.34", []paidLine{
			pp("cu", "LP", tranche.KindProfit, "0.01", "26.67", "26.66")}},
		{"80%", "0.8", "1000", "26.67", []paidLine{
			pp("cu", "GP", tranche.KindCatchUp, "21.34", "21.34", "0"),
			pp("cu", "LP", tranche.KindProfit, "5.33", "5.33", "0")}},
		{"80%, odd cent", "0.8", "10.01", "26.67", []paidLine{
			pp("cu", "GP", tranche.KindCatchUp, "8.01", "21.34", "13.33"),
			pp("cu", "LP", tranche.KindProfit, "2.00", "5.33", "3.33")}},
	}
	for _, c := range cases {
		for _, v := range []struct {
			name, gpCommitment string
			terms              func(string) string
		}{
			{"integers", "0", func(s string) string { return s }},
			{"19 places", "0", long},
			{"tiny commitment", "0.0000000000000000001", func(s string) string { return s }},
		} {
			t.Run(c.name+"/"+v.name, func(t *testing.T) {
				l := newDriver(t, partiesOf("LP", "1000", "GP", v.gpCommitment)...).open(jan21).put("LP", "1000").at(jan22).
					post("LP", tranche.KindCapital, "1000").post("LP", tranche.KindPref, "80")
				cu := catchUpOf(v.terms("0.2"), v.terms(c.rate), "LP")
				requireDec(t, c.owed, l.owed(cu).Amount)
				got, total := l.pay(cu, c.avail)
				want := decimal.Zero
				for _, p := range c.want {
					want = want.Add(p.Amount)
				}
				requireDec(t, want.String(), total)
				requireLines(t, c.want, got)
			})
		}
	}
	t.Run("co-invest", func(t *testing.T) {
		l := newDriver(t, partiesOf("LP", "1000", "GP", "100")...).open(jan21).put("LP", "1000").put("GP", "100").at(jan22).
			post("LP", tranche.KindCapital, "1000").post("LP", tranche.KindPref, "80").
			post("GP", tranche.KindCapital, "100").post("GP", tranche.KindPref, "8")
		requireDec(t, "22", l.owed(catchUpOf(long("0.2"), long("1"), "LP")).Amount)
		requireDec(t, "22", l.owed(catchUpOf(long("0.2"), long("1"), "LP", "GP")).Amount, "the GP's profit counts once")
	})
}

// TestCatchUp_BeyondInt64: the LP has had 10^17 of capital back and a pref
// of 10^17, so P = 10^19 cents, beyond int64: the catch-up owes and pays
// in big integers. k = 20%, G = 0:
//   - full (c = 1): X = 0.2 × 10^17 / 0.8 = 2.5 × 10^16 exactly, all to the GP;
//   - partial (c = 0.5), in cents: X* = 2 × 10^18 / 0.3 = 6,666,666,666,666,666,666.67.
//     RoundUp: X = …667 leaves the GP s = 3,333,333,333,333,333,333
//     (half of an odd X: the tie goes to the LP) against an entitlement
//     of 0.2 × 16,666,666,666,666,666,667 = 3,333,333,333,333,333,333.4 →
//     …334: short; X = …668 gives s = …334 ≥ ⌈…333.6⌉ = …334. HalfEven:
//     X = …666 gives s = …333 and an entitlement of …333.2 → …333:
//     complete, and X = …665 gives s = …332 < ⌊…333.0⌋ = …333.
func TestCatchUp_BeyondInt64(t *testing.T) {
	const big = "100000000000000000"
	for _, c := range []struct {
		rate     string
		policy   tranche.Rounding
		owed, gp string
	}{
		{"1", tranche.RoundUp, "25000000000000000", "25000000000000000"},
		{"0.5", tranche.RoundUp, "66666666666666666.68", "33333333333333333.34"},
		{"0.5", tranche.HalfEven, "66666666666666666.66", "33333333333333333.33"},
	} {
		t.Run(c.rate+"/"+c.policy.String(), func(t *testing.T) {
			l := newDriver(t, partiesOf("LP", "1", "GP", "0")...).open(jan21).put("LP", big).at(jan22).
				post("LP", tranche.KindCapital, big).post("LP", tranche.KindPref, big)
			l.b.SetRounding(c.policy)
			cu := catchUpOf("0.2", c.rate, "LP")
			requireDec(t, c.owed, l.owed(cu).Amount)
			_, total := l.pay(cu, "1"+big)
			requireDec(t, c.owed, total)
			requireDec(t, c.gp, paid(l.b, "cu", "GP"))
			requireDec(t, d(c.owed).Sub(d(c.gp)).String(), paid(l.b, "cu", "LP"))
			requireDec(t, "0", l.owed(cu).Amount)
		})
	}
	// Short of cash, 10.01 splits 5.005 each, the tie to the LP: GP 5.00,
	// LP 5.01, Before each party's half of X (RoundUp: 33,333,333,333,333,333.34
	// each) and After what is left of it.
	l := newDriver(t, partiesOf("LP", "1", "GP", "0")...).open(jan21).put("LP", big).at(jan22).
		post("LP", tranche.KindCapital, big).post("LP", tranche.KindPref, big)
	got, total := l.pay(catchUpOf("0.2", "0.5", "LP"), "10.01")
	requireDec(t, "10.01", total)
	requireLines(t, []paidLine{
		pp("cu", "GP", tranche.KindCatchUp, "5.00", "33333333333333333.34", "33333333333333328.34"),
		pp("cu", "LP", tranche.KindProfit, "5.01", "33333333333333333.34", "33333333333333328.33"),
	}, got)
}

// TestCatchUp_OneUnknownParty: a catch-up over a book that holds its
// sponsor but not its investor, or its investor but not its sponsor,
// fails in Owed and in Pay with ErrUnknownParty, on both the integer and
// the big-integer path, and pays nothing.
func TestCatchUp_OneUnknownParty(t *testing.T) {
	for _, held := range []tranche.PartyID{"LP", "GP"} {
		for _, terms := range [][2]string{{"0.2", "0.5"}, {long("0.2"), long("0.5")}, {"0.2", "1"}} {
			l := newDriver(t, partiesOf(string(held), "1000")...).open(jan21).put(held, "1000").at(jan22).
				post(held, tranche.KindCapital, "1000").post(held, tranche.KindPref, "80")
			cu := catchUpOf(terms[0], terms[1], "LP")
			_, err := cu.Owed(l.b)
			require.ErrorIs(t, err, tranche.ErrUnknownParty, "Owed, book of %s, %v", held, terms)
			n := l.b.Ledger().Len()
			paid, err := cu.Pay(l.b, d("1000"))
			require.ErrorIs(t, err, tranche.ErrUnknownParty, "Pay, book of %s, %v", held, terms)
			require.True(t, paid.IsZero())
			require.Equal(t, n, l.b.Ledger().Len())
		}
	}
}

// TestCatchUp_ValidateZeroRateBadTarget: a target out of range is not
// compared with the rate (one error, not two), but a rate of zero is out
// of range by itself and is reported beside it.
func TestCatchUp_ValidateZeroRateBadTarget(t *testing.T) {
	err := (&tranche.CatchUp{Name: "c", Investors: ids("LP"), Sponsor: "GP", Target: d("0"), Rate: d("0")}).Validate()
	require.ErrorIs(t, err, contract.ErrRange)
	require.ElementsMatch(t, []string{"target", "rate"}, paths(err))
	err = (&tranche.CatchUp{Name: "c", Investors: ids("LP"), Sponsor: "GP", Target: d("0"), Rate: d("0.5")}).Validate()
	require.ElementsMatch(t, []string{"target"}, paths(err))
}

// TestCatchUp_NearTwoTo64: k = 80%, c = 90% (den = c − k = 0.1, one
// tenth: the integer search's divisor is 1), G = 0, and P just at the
// end of what the 128-bit search takes: X* = 0.8·P/0.1 = 8·P, about
// 2^64 cents. The tier is the least X with ⌈0.8·(P + X)⌉ ≤ s(X), the
// sponsor's 0.9·X rounded half down; in cents:
//   - P = 2^61 − 1 = 2,305,843,009,213,693,951: X = 18,446,744,073,709,551,604
//     gives 0.8 × 20,752,587,082,923,245,555 = 16,602,069,666,338,596,444
//     exactly and s = …443.6 → …444: complete; X − 1 gives ⌈…443.2⌉ =
//     …444 against s = …442.7 → …443: short;
//   - P = 2^61: X = 18,446,744,073,709,551,613 gives 0.8 ×
//     20,752,587,082,923,245,565 = 16,602,069,666,338,596,452 exactly and
//     s = …451.7 → …452; X − 1 gives ⌈…451.2⌉ = …452 against …450.8 → …451.
//
// Below X* − 1/(c − k) every amount is short (|s(X) − 0.9·X| ≤ ½), so no
// smaller amount completes. The amounts must come out exact, with no
// overflow of the integer search.
func TestCatchUp_NearTwoTo64(t *testing.T) {
	for _, c := range []struct{ p, x, gp string }{
		{"23058430092136939.51", "184467440737095516.04", "166020696663385964.44"},
		{"23058430092136939.52", "184467440737095516.13", "166020696663385964.52"},
	} {
		l := newDriver(t, partiesOf("LP", "1", "GP", "0")...).open(jan21).at(jan22).post("LP", tranche.KindPref, c.p)
		cu := catchUpOf("0.8", "0.9", "LP")
		requireDec(t, c.x, l.owed(cu).Amount, c.p)
		_, total := l.pay(cu, "1000000000000000000")
		requireDec(t, c.x, total, c.p)
		requireDec(t, c.gp, paid(l.b, "cu", "GP"), c.p)
		requireDec(t, d(c.x).Sub(d(c.gp)).String(), paid(l.b, "cu", "LP"), c.p)
	}
}

// TestCatchUp_TargetAt19Places: a target of 5% written to 19 places
// (coefficient 5·10^17, 18 digits, at exponent −19: too fine for the
// 128-bit search), full catch-up, P = 80, G = 0: the least X with the
// entitlement 0.05·(80 + X) rounded at most X. RoundUp: X = 4.22 gives
// ⌈4.211⌉ = 4.22; 4.21 gives ⌈4.2105⌉ = 4.22 > 4.21. HalfEven: 4.21 gives
// 4.2105 → 4.21; 4.20 gives 4.21 > 4.20.
func TestCatchUp_TargetAt19Places(t *testing.T) {
	for policy, want := range map[tranche.Rounding]string{tranche.RoundUp: "4.22", tranche.HalfEven: "4.21"} {
		l := catchUpBook(t)
		l.b.SetRounding(policy)
		cu := catchUpOf("0.0500000000000000000", "1", "LP")
		requireDec(t, want, l.owed(cu).Amount, policy)
		_, total := l.pay(cu, "100")
		requireDec(t, want, total, policy)
	}
}
