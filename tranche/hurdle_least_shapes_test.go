package tranche_test

import (
	"testing"

	"github.com/jvwaterfall/jvwaterfall/tranche"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"
)

// TestHurdle_LeastZeroCommitmentInAClass: investor I has no commitment,
// so it gets nothing of class A = {I, Q} (Q committed 1), and all of its
// own share B. Weights A 0.5, B 0.3, promote G 0.2; I put in 1.00, so the
// 1× tier must give B 100 cents. By hand (largest remainder, cents):
// x = 331: 165.5 / 99.3 / 66.2 → floors 165+99+66 = 330, the cent to A
// (.5 > .3 > .2): B 99, short; x = 332: 166 / 99.6 / 66.4 → floors 331,
// the cent to B (.6): B 100, pays; and below 331 B ≤ ⌈x·0.3⌉ ≤ 99. So
// X = 3.32, I gets 1.00, Q 1.66, G 0.66. The start of the search (the
// guess) must skip the class where I's commitment is zero, not divide
// by it; both the int64 and the decimal search must agree.
func TestHurdle_LeastZeroCommitmentInAClass(t *testing.T) {
	for _, inDecimal := range []bool{false, true} {
		ps := annualPeriods(2)
		parties := []tranche.Party{{ID: "I"}, {ID: "Q", Commitment: d("1")}, {ID: "G"}}
		if inDecimal {
			parties = append(parties, bystander)
		}
		h := tranche.Must(tranche.NewHurdle(tranche.Hurdle{Name: "tier", Investors: ids("I"), Multiple: d("1"), Shares: []tranche.Share{
			{Parties: ids("I", "Q"), Weight: d("0.5")},
			{Parties: ids("I"), Weight: d("0.3")},
			{Parties: ids("G"), Weight: d("0.2"), Promote: true},
		}}))
		l := newDriver(t, parties...)
		l.advance(ps[0]).put("I", "1")
		l.advance(ps[1])
		requireDec(t, "3.32", l.owed(h).Amount, "decimal", inDecimal)
		_, total := l.pay(h, "100")
		requireDec(t, "3.32", total)
		requireDec(t, "1", paid(l.b, "tier", "I"))
		requireDec(t, "1.66", paid(l.b, "tier", "Q"))
		requireDec(t, "0.66", paid(l.b, "tier", "G"))
	}
}

// TestHurdle_LeastZeroWeightShare: a non-promote share of weight zero
// (I's and Q's) gets nothing and bounds nothing: the search's start must
// not divide by its weight. Weights I 0.7, {I, Q} 0, promote G 0.3; I
// put in 1.00. By hand: x = 142: 99.4 / 0 / 42.6 → floors 141, the cent
// to G (.6 > .4): I 99, short; x = 143: 100.1 / 0 / 42.9 → I 100, pays;
// below 142 I ≤ ⌈x·0.7⌉ ≤ 99. So X = 1.43 in int64 and in decimal (the
// bound of the zero share is ⌈x·0⌉ = 0, never a division by the weight).
func TestHurdle_LeastZeroWeightShare(t *testing.T) {
	for _, inDecimal := range []bool{false, true} {
		ps := annualPeriods(2)
		parties := []tranche.Party{{ID: "I", Commitment: d("1")}, {ID: "Q", Commitment: d("1")}, {ID: "G"}}
		if inDecimal {
			parties = append(parties, bystander)
		}
		h := tranche.Must(tranche.NewHurdle(tranche.Hurdle{Name: "tier", Investors: ids("I"), Multiple: d("1"), Shares: []tranche.Share{
			{Parties: ids("I"), Weight: d("0.7")},
			{Parties: ids("I", "Q"), Weight: decimal.Zero},
			{Parties: ids("G"), Weight: d("0.3"), Promote: true},
		}}))
		l := newDriver(t, parties...)
		l.advance(ps[0]).put("I", "1")
		l.advance(ps[1])
		got := l.owed(h).Amount
		require.Truef(t, d("1.43").Equal(got), "decimal %v: X %s, want 1.43", inDecimal, got)
		_, total := l.pay(h, "100")
		requireDec(t, "1.43", total)
		requireDec(t, "1", paid(l.b, "tier", "I"))
		requireDec(t, "0", paid(l.b, "tier", "Q"))
		requireDec(t, "0.43", paid(l.b, "tier", "G"))
	}
}

// TestHurdle_LeastBeyondTheIntSearch: a tier whose least amount is past
// 2^61 units, where the int64 search hands over to the decimal one (its
// bound). I alone in a share of weight 0.5 beside a promote of 0.5, put
// in 2^60 + 1 cents. By hand: x = 2^61 + 1 gives each share 2^60 + 0.5,
// floors 2^60 each, the one unit left to the first-listed on the tie: I
// gets 2^60 + 1, pays; x = 2^61 gives I 2^60, short, and below that
// I ≤ ⌈x/2⌉ ≤ 2^60. So X = 2^61 + 1 = 2,305,843,009,213,693,953 cents.
func TestHurdle_LeastBeyondTheIntSearch(t *testing.T) {
	ps := annualPeriods(2)
	h := tranche.Must(tranche.NewHurdle(tranche.Hurdle{Name: "tier", Investors: ids("I"), Multiple: d("1"), Shares: []tranche.Share{
		{Parties: ids("I"), Weight: d("0.5")},
		{Parties: ids("G"), Weight: d("0.5"), Promote: true},
	}}))
	l := newDriver(t, tranche.Party{ID: "I", Commitment: d("1")}, tranche.Party{ID: "G"})
	l.advance(ps[0]).put("I", "11529215046068469.77") // 2^60 + 1 cents
	l.advance(ps[1])
	requireDec(t, "23058430092136939.53", l.owed(h).Amount)
}

// TestHurdle_LeastLargeNonMonotoneTier: a three-share tier (so the search
// scans rather than climbs) whose least amount, 2·10^8 cents, is far more
// amounts than the scan may try (2^26 parties split, 3 a trial): the
// search must start the scan at the bound L, not from zero. I 0.5, Q 0.3,
// promote G 0.2; I put in 10^8 cents. By hand: x = 2·10^8 gives I exactly
// 10^8, pays; x = 2·10^8 − 1 gives exact parts 10^8 − 0.5, 6·10^7 − 0.3,
// 4·10^7 − 0.2, floors summing to x − 2, the two units left to the
// largest remainders .8 (G) and .7 (Q): I 10^8 − 1, short; below that
// I ≤ ⌈x/2⌉ ≤ 10^8 − 1. So X = 2,000,000.00, in int64 and in decimal.
func TestHurdle_LeastLargeNonMonotoneTier(t *testing.T) {
	for _, inDecimal := range []bool{false, true} {
		ps := annualPeriods(2)
		parties := []tranche.Party{{ID: "I", Commitment: d("1")}, {ID: "Q", Commitment: d("1")}, {ID: "G"}}
		if inDecimal {
			parties = append(parties, bystander)
		}
		h := tranche.Must(tranche.NewHurdle(tranche.Hurdle{Name: "tier", Investors: ids("I"), Multiple: d("1"), Shares: []tranche.Share{
			{Parties: ids("I"), Weight: d("0.5")},
			{Parties: ids("Q"), Weight: d("0.3")},
			{Parties: ids("G"), Weight: d("0.2"), Promote: true},
		}}))
		l := newDriver(t, parties...)
		l.advance(ps[0]).put("I", "1000000")
		l.advance(ps[1])
		c, err := h.Owed(l.b)
		require.NoError(t, err, "decimal %v", inDecimal)
		require.Truef(t, d("2000000").Equal(c.Amount), "decimal %v: X %s, want 2000000", inDecimal, c.Amount)
	}
}

// TestHurdle_LeastLargeCommitment: an investor committed 10^17 holds its
// share alone, weight 0.5, beside a promote of 0.5; it put in 1.00. The
// start of the search divides R·C by w·c (= 0.5·10^17), never by a
// quotient w/c so small that a decimal division would round it to zero.
// By hand: x = 1.99 gives 0.995 each, floors 0.99 + 0.99, the cent left
// to the first-listed on the tie: I 1.00, pays; x = 1.98 gives I 0.99.
// So X = 1.99.
func TestHurdle_LeastLargeCommitment(t *testing.T) {
	ps := annualPeriods(2)
	h := tranche.Must(tranche.NewHurdle(tranche.Hurdle{Name: "tier", Investors: ids("I"), Multiple: d("1"), Shares: []tranche.Share{
		{Parties: ids("I"), Weight: d("0.5")},
		{Parties: ids("G"), Weight: d("0.5"), Promote: true},
	}}))
	l := newDriver(t, tranche.Party{ID: "I", Commitment: decimal.New(1, 17)}, tranche.Party{ID: "G"})
	l.advance(ps[0]).put("I", "1")
	l.advance(ps[1])
	requireDec(t, "1.99", l.owed(h).Amount)
}

// TestHurdle_LeastNearTheTopOfInt64: a first estimate between 2^61 and
// 2^63 units goes to the decimal search (the int64 one sums amounts up to
// the estimate plus a unit a share, which near 2^63 could overflow). I
// alone in a share of 0.5 beside a promote of 0.5, put in 2^62 − 1 cents.
// By hand: x = 2^63 − 3 gives each share 2^62 − 1.5, floors 2^62 − 2 each,
// the one unit left to the first-listed on the tie: I gets 2^62 − 1, pays;
// x = 2^63 − 4 gives I 2^62 − 2, short, and below that I ≤ ⌈x/2⌉ ≤
// 2^62 − 2. So X = 2^63 − 3 = 9,223,372,036,854,775,805 cents.
func TestHurdle_LeastNearTheTopOfInt64(t *testing.T) {
	ps := annualPeriods(2)
	h := tranche.Must(tranche.NewHurdle(tranche.Hurdle{Name: "tier", Investors: ids("I"), Multiple: d("1"), Shares: []tranche.Share{
		{Parties: ids("I"), Weight: d("0.5")},
		{Parties: ids("G"), Weight: d("0.5"), Promote: true},
	}}))
	l := newDriver(t, tranche.Party{ID: "I", Commitment: d("1")}, tranche.Party{ID: "G"})
	l.advance(ps[0]).put("I", "46116860184273879.03") // 2^62 − 1 cents
	l.advance(ps[1])
	requireDec(t, "92233720368547758.05", l.owed(h).Amount)
}
