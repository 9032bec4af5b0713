package tranche_test

import (
	"testing"

	"github.com/jvwaterfall/jvwaterfall/contract"
	"github.com/jvwaterfall/jvwaterfall/tranche"
	"github.com/stretchr/testify/require"
)

// TestPreferredReturn_RateSign: a zero rate is valid terms (a pref that
// owes nothing) and the tranche keeps its name; a negative rate is refused
// at "rate.annual" with contract.ErrNegative, though the rate itself is a
// valid contract.Rate.
func TestPreferredReturn_RateSign(t *testing.T) {
	zero, err := tranche.NewPreferredReturn(tranche.PreferredReturn{Name: "pref", Parties: ids("LP"), Rate: annual("0")})
	require.NoError(t, err)
	require.Equal(t, tranche.TrancheID("pref"), zero.ID())
	require.NoError(t, annual("-0.01").Validate())
	_, err = tranche.NewPreferredReturn(tranche.PreferredReturn{Name: "pref", Parties: ids("LP"), Rate: annual("-0.01")})
	require.ErrorIs(t, err, contract.ErrNegative)
	require.Equal(t, []string{"rate.annual"}, paths(err))
}

// TestPreferredReturn_NonCumulativeGrowthOutOfRange: a current-pay pref
// grows its base over the period only. At 100 (10,000%) compounding
// continuously, a year grows by e^100, in range, and eleven years by
// e^1100, beyond e^1000 ([contract.MaxLogGrowth]): a period of eleven
// years is an error wrapping contract.ErrRange, and eleven periods of a
// year are not (on contributed capital too, although the capital has
// been in for eleven years); nor is an eleven-year period on whose start
// the party had no capital.
func TestPreferredReturn_NonCumulativeGrowthOutOfRange(t *testing.T) {
	r := contract.Rate{Annual: d("100"), Compounding: contract.Continuous, DayCount: contract.Thirty360US}
	for _, base := range []tranche.PrefBase{tranche.OnUnreturned, tranche.OnContributed} {
		t.Run(base.String(), func(t *testing.T) {
			owed := prefOwed(base, tranche.NonCumulative)
			b := bookAt(t, 2, contract.Date(2024, 1, 1), "LP")
			require.NoError(t, b.Contribute("LP", d("1000.00")))
			next(t, b, contract.Date(2035, 1, 1))
			_, err := owed(b, r)
			require.ErrorIs(t, err, contract.ErrRange)
			require.ErrorContains(t, err, `tranche "pref"`)

			b = bookAt(t, 2, contract.Date(2024, 1, 1), "LP")
			require.NoError(t, b.Contribute("LP", d("1000.00")))
			for y := 2025; y <= 2035; y++ {
				next(t, b, contract.Date(y, 1, 1))
			}
			got, err := owed(b, r)
			require.NoError(t, err)
			require.True(t, got.IsPositive(), "owed %s", got)

			// No capital at the eleven-year period's start: nothing is
			// owed, and nothing grown.
			b = bookAt(t, 2, contract.Date(2024, 1, 1), "LP")
			next(t, b, contract.Date(2035, 1, 1))
			require.NoError(t, b.Contribute("LP", d("1000.00")))
			got, err = owed(b, r)
			require.NoError(t, err)
			requireDec(t, "0", got)
		})
	}
}

// TestPreferredReturn_LiteralWithInvalidRate: a pref built as a literal,
// not by NewPreferredReturn, with a day count that does not exist fails
// when it reads its accrual, with the rate's error (contract.ErrRange)
// and the tranche's name, under every convention: it never owes a figure
// computed from no rate.
func TestPreferredReturn_LiteralWithInvalidRate(t *testing.T) {
	bad := contract.DayCount(200)
	for _, tc := range []struct {
		name string
		c    contract.Compounding
		base tranche.PrefBase
		acc  tranche.PrefAccrual
	}{
		{"simple", contract.Simple, tranche.OnUnreturned, tranche.Cumulative},
		{"compounding", contract.Annual, tranche.OnUnreturned, tranche.Cumulative},
		{"on contributed", contract.Annual, tranche.OnContributed, tranche.Cumulative},
		{"on contributed, simple", contract.Simple, tranche.OnContributed, tranche.Cumulative},
		{"non-cumulative", contract.Annual, tranche.OnUnreturned, tranche.NonCumulative},
	} {
		t.Run(tc.name, func(t *testing.T) {
			pref := &tranche.PreferredReturn{Name: "pref", Parties: ids("LP"), Base: tc.base, Accrual: tc.acc,
				Rate: contract.Rate{Annual: d("0.08"), Compounding: tc.c, DayCount: bad}}
			require.ErrorIs(t, pref.Validate(), contract.ErrRange)
			b := bookAt(t, 2, contract.Date(2024, 1, 1), "LP")
			require.NoError(t, b.Contribute("LP", d("1000.00")))
			next(t, b, contract.Date(2025, 1, 1))
			_, err := pref.Owed(b)
			require.ErrorIs(t, err, contract.ErrRange)
			require.ErrorContains(t, err, `tranche "pref"`)
			_, err = pref.Pay(b, d("100.00"))
			require.ErrorIs(t, err, contract.ErrRange)
			require.Zero(t, b.Ledger().Len(), "nothing paid")
		})
	}
}

// TestPreferredReturn_CompoundingBeyondFixedPoint: a hurdle balance too
// large for the book's fixed point (2^127 units of 10^-16, about
// 1.70·10^22) is read in decimals, and the pref owed is still H −
// unreturned. 10% compounding annually on 30/360 on 16,000,000,000,000,
// 000,000,000.01 for a year: H = 17,600,000,000,000,000,000,000.011, owed
// 1,600,000,000,000,000,000,000.001, 1,600,000,000,000,000,000,000.01
// rounded up.
func TestPreferredReturn_CompoundingBeyondFixedPoint(t *testing.T) {
	ps := annualPeriods(2)
	pref := tranche.Must(tranche.NewPreferredReturn(tranche.PreferredReturn{Name: "pref", Parties: ids("LP"),
		Rate: rate30360("0.10", contract.Annual)}))
	h := newDriver(t, partiesOf("LP", "0")...)
	h.advance(ps[0]).put("LP", "16000000000000000000000.01")
	h.advance(ps[1])
	requireDec(t, "1600000000000000000000.01", h.owed(pref).Amount)
}

// TestPrefTerms_FirstUnknownValue: the first value past the defined
// bases and accruals is not valid, is named by its number, and is refused
// by Validate.
func TestPrefTerms_FirstUnknownValue(t *testing.T) {
	require.True(t, tranche.OnContributed.Valid())
	require.False(t, tranche.PrefBase(2).Valid())
	require.Equal(t, "PrefBase(2)", tranche.PrefBase(2).String())
	require.True(t, tranche.NonCumulative.Valid())
	require.False(t, tranche.PrefAccrual(2).Valid())
	require.Equal(t, "PrefAccrual(2)", tranche.PrefAccrual(2).String())
	_, err := tranche.NewPreferredReturn(tranche.PreferredReturn{Name: "pref", Parties: ids("LP"), Rate: annual("0.08"),
		Base: tranche.PrefBase(2), Accrual: tranche.PrefAccrual(2)})
	require.ErrorIs(t, err, contract.ErrRange)
	require.Equal(t, []string{"base", "accrual"}, paths(err))
}

// TestPreferredReturn_OnContributedStartsAtFirstContribution: the pref on
// contributed capital grows from the party's first contribution, not from
// a date on which only another party moved. At 100 (10,000%) compounding
// continuously, B's contribution on 2014-01-01 is e^1100 before the LP's
// first, on 2025-01-01, beyond e^1000: growing the LP's (zero) balance
// over that span would fail. A year after its 1,000.00, the LP is
// owed 1,000 × (e^100 − 1) — read here only as positive and finite.
func TestPreferredReturn_OnContributedStartsAtFirstContribution(t *testing.T) {
	r := contract.Rate{Annual: d("100"), Compounding: contract.Continuous, DayCount: contract.Thirty360US}
	b := bookAt(t, 2, contract.Date(2014, 1, 1), "LP", "B")
	require.NoError(t, b.Contribute("B", d("1.00")))
	next(t, b, contract.Date(2025, 1, 1))
	require.NoError(t, b.Contribute("LP", d("1000.00")))
	next(t, b, contract.Date(2026, 1, 1))
	got, err := prefOwed(tranche.OnContributed, tranche.Cumulative)(b, r)
	require.NoError(t, err)
	require.True(t, got.IsPositive())
}

// TestPreferredReturn_OnContributedGrowthErrorAtTheContribution: a pref
// on contributed capital that cannot grow to a contribution's date fails
// there, with the span up to that date. A literal pref (NewPreferredReturn
// refuses a negative rate) at −50% simple on 30/360: the LP puts in 100.00
// on 2024-01-01 and 100.00 on 2027-01-01, read on 2028-01-01. Growing to
// the second contribution, t = 1,080/360 = 3/1 and 1 + r·t = −0.5/1 is not
// a growth factor; growing to the read date would say −1/1 (t = 4).
func TestPreferredReturn_OnContributedGrowthErrorAtTheContribution(t *testing.T) {
	for _, c := range []contract.Compounding{contract.Simple, contract.AtFlows} {
		pref := &tranche.PreferredReturn{Name: "pref", Parties: ids("LP"), Base: tranche.OnContributed,
			Rate: contract.Rate{Annual: d("-0.5"), Compounding: c, DayCount: contract.Thirty360US}}
		b := bookAt(t, 2, contract.Date(2024, 1, 1), "LP")
		require.NoError(t, b.Contribute("LP", d("100.00")))
		next(t, b, contract.Date(2027, 1, 1))
		require.NoError(t, b.Contribute("LP", d("100.00")))
		next(t, b, contract.Date(2028, 1, 1))
		_, err := pref.Owed(b)
		require.ErrorIs(t, err, contract.ErrRange)
		require.ErrorContains(t, err, "simple growth 1 + r·t = -0.5/1 is not positive", "compounding %s", c)
	}
}

// TestPreferredReturn_OnContributedIgnoresEarlierPayments: the pref on
// contributed capital grows from the party's first contribution, even
// when the party was paid before it (by another tranche): at 100
// (10,000%) compounding continuously, the LP's 1.00 from "other" on
// 2014-01-01 is e^1100 before its first contribution, on 2025-01-01,
// beyond e^1000, so growing its (zero) balance over that span would fail.
// A year after its 1,000.00 the LP is owed 1,000 × (e^100 − 1): more than
// 10^46, read here through its first digits, e^100 = 2.6881171418…·10^43.
func TestPreferredReturn_OnContributedIgnoresEarlierPayments(t *testing.T) {
	r := contract.Rate{Annual: d("100"), Compounding: contract.Continuous, DayCount: contract.Thirty360US}
	b := bookAt(t, 2, contract.Date(2014, 1, 1), "LP")
	require.NoError(t, b.Post(tranche.Payment{Tranche: "other", Party: "LP", Kind: tranche.KindProfit, Amount: d("1.00")}))
	next(t, b, contract.Date(2025, 1, 1))
	require.NoError(t, b.Contribute("LP", d("1000.00")))
	next(t, b, contract.Date(2026, 1, 1))
	got, err := prefOwed(tranche.OnContributed, tranche.Cumulative)(b, r)
	require.NoError(t, err)
	require.Equal(t, "2.6881171418", got.Shift(-46).Truncate(10).String())
}
