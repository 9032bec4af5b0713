package tranche_test

import (
	"time"

	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/jvwaterfall/jvwaterfall/contract"
	"github.com/jvwaterfall/jvwaterfall/tranche"
	"github.com/stretchr/testify/require"
)

// TestPreferredEquity_Pay checks a 12% coupon, 8% current pay and 4%
// accrued (simple on 30/360, annual periods), redeemed in year 3 with a
// 1.5x minimum multiple, against a hand table.
func TestPreferredEquity_Pay(t *testing.T) {
	ps := annualPeriods(4)
	pe, err := tranche.NewPreferredEquity(tranche.PreferredEquity{
		Name: "pref-equity", Parties: []tranche.PartyID{"pe"},
		Coupon:     contract.Rate{Annual: d("0.12"), DayCount: contract.Thirty360US},
		CurrentPay: d("0.08"), Redemption: ps[3].End, Multiple: d("1.5"),
	})
	require.NoError(t, err)
	h := newDriver(t, partiesOf("pe", "0")...)
	cash := []string{"0", "80000", "50000", "2000000"}
	want := []map[string]string{
		{},
		{"pref": "80000.00"}, // 8% of 1,000,000; 40,000 accrues
		// base 1,040,000: 83,200 current due, 50,000 paid; accrued 40,000 +
		// 41,600 + 33,200 unpaid = 114,800
		{"pref": "50000.00"},
		// base 1,114,800: current 89,184, accrued 114,800 + 44,592 =
		// 159,392, capital 1,000,000, top-up to 1.5x: 1,500,000 − 130,000
		// received − 1,248,576 = 121,424
		{"pref": "370000.00", "capital": "1000000.00"},
	}
	for i, c := range cash {
		contrib := map[tranche.PartyID]string(nil)
		if i == 0 {
			contrib = map[tranche.PartyID]string{"pe": "1000000"}
		}
		h.advance(ps[i])
		for p, a := range contrib {
			h.put(p, a)
		}
		h.run(pe, c)
		if diff := cmp.Diff(want[i], byKind(h.b, i, "pref-equity")); diff != "" {
			t.Errorf("period %d mismatch (-want +got):\n%s", i, diff)
		}
	}
	a, err := h.b.Account("pe")
	require.NoError(t, err)
	require.Equal(t, "1500000.00", a.Distributed.StringFixed(2)) // exactly the 1.5x floor
	require.Equal(t, "630000.00", h.retained.StringFixed(2))
}

func TestPreferredEquity_Validate(t *testing.T) {
	_, err := tranche.NewPreferredEquity(tranche.PreferredEquity{Name: "pe", Parties: []tranche.PartyID{"pe"},
		Coupon: contract.Rate{Annual: d("0.08")}, CurrentPay: d("0.09"), Multiple: d("-1")})
	require.ErrorIs(t, err, contract.ErrInvalid)
	for _, p := range []string{"current_pay", "redemption", "multiple"} {
		require.ErrorContains(t, err, p+":")
	}
}

// TestPreferredEquity_ValidateBounds: a zero coupon and a current pay
// equal to the whole coupon are valid terms, and the tranche keeps its
// name; a negative coupon is refused at "coupon.annual" with
// contract.ErrNegative, though it is a valid contract.Rate.
func TestPreferredEquity_ValidateBounds(t *testing.T) {
	red := contract.Date(2030, 1, 1)
	for _, tc := range []struct{ coupon, current string }{{"0", "0"}, {"0.08", "0.08"}, {"0.08", "0"}} {
		pe, err := tranche.NewPreferredEquity(tranche.PreferredEquity{Name: "pe", Parties: ids("pe"),
			Coupon: rate30360(tc.coupon, contract.Simple), CurrentPay: d(tc.current), Redemption: red})
		require.NoError(t, err, "coupon %s, current pay %s", tc.coupon, tc.current)
		require.Equal(t, tranche.TrancheID("pe"), pe.ID())
	}
	require.NoError(t, rate30360("-0.01", contract.Simple).Validate())
	_, err := tranche.NewPreferredEquity(tranche.PreferredEquity{Name: "pe", Parties: ids("pe"),
		Coupon: rate30360("-0.01", contract.Simple), CurrentPay: d("-0.02"), Redemption: red})
	require.ErrorIs(t, err, contract.ErrNegative)
	require.Equal(t, []string{"coupon.annual", "current_pay"}, paths(err))
}

// TestPreferredEquity_CouponHalfCent: the current coupon is rounded to the
// minor unit half away from zero, and the accrued part kept to 16 places.
// 8% simple on 30/360, 5% of it paid in cash, on a base of 1,000.10 for a
// year: current 50.005 → 50.01 (half to even: 50.00; to one place: 50.0),
// accrued 1,000.10 × 3% = 30.003. On 1,000.05: current 50.0025 → 50.00
// (kept to three places it would be owed rounded up, 50.01), accrued
// 30.0015.
func TestPreferredEquity_CouponHalfCent(t *testing.T) {
	ps := annualPeriods(2)
	for _, tc := range []struct{ capital, current, accrued string }{
		{"1000.10", "50.01", "30.003"},
		{"1000.05", "50.00", "30.0015"},
	} {
		t.Run(tc.capital, func(t *testing.T) {
			pe := tranche.Must(tranche.NewPreferredEquity(tranche.PreferredEquity{Name: "pe", Parties: ids("pe"),
				Coupon: rate30360("0.08", contract.Simple), CurrentPay: d("0.05"), Redemption: contract.Date(2030, 1, 1)}))
			h := newDriver(t, partiesOf("pe", "0")...)
			h.advance(ps[0]).put("pe", tc.capital)
			h.run(pe, "0")
			h.advance(ps[1])
			requireDec(t, tc.current, h.owed(pe).Amount)
			st, err := pe.State(h.b)
			require.NoError(t, err)
			requireDec(t, tc.current, st.Current[0])
			requireDec(t, tc.accrued, st.Accrued[0])
			_, paid := h.pay(pe, "100")
			requireDec(t, tc.current, paid)
		})
	}
}

// TestPreferredEquity_AccruedHalfAtSeventeenthPlace: the accrued coupon is
// kept to 16 places, rounded half away from zero. At scale 8, a coupon of
// 0.0000018 a year, simple on 30/360, none of it in cash, accrues in a day
// 0.0000018 / 360 = 5·10^-9 per unit of base: on a base of 10^-8 that is
// 5·10^-17, kept as 10^-16 (half to even: 0).
func TestPreferredEquity_AccruedHalfAtSeventeenthPlace(t *testing.T) {
	pe := tranche.Must(tranche.NewPreferredEquity(tranche.PreferredEquity{Name: "pe", Parties: ids("pe"),
		Coupon: rate30360("0.0000018", contract.Simple), CurrentPay: d("0"), Redemption: contract.Date(2030, 1, 1)}))
	b := bookAt(t, 8, contract.Date(2024, 1, 1), "pe")
	require.NoError(t, b.Contribute("pe", d("0.00000001")))
	require.NoError(t, pe.ClosePeriod(b))
	next(t, b, contract.Date(2024, 1, 2))
	st, err := pe.State(b)
	require.NoError(t, err)
	requireDec(t, "0.00000000", st.Current[0])
	requireDec(t, "0.0000000000000001", st.Accrued[0])
}

// TestPreferredEquity_GrowthOutOfRange: a coupon whose growth over a
// period is beyond e^1000 ([contract.MaxLogGrowth]) is an error wrapping
// contract.ErrRange, from State, Owed and Pay: 100 (10,000%) compounding
// continuously over a period of eleven years is e^1100. A literal (never
// validated) whose current pay is −2 a year, simple, fails the same way,
// on the cash part alone (an invalid rate: 1 − 2 < 0 would be no growth
// factor), while the coupon's 1.1 is valid. Cash that is negative or not
// whole minor units is reported before the terms are read.
func TestPreferredEquity_GrowthOutOfRange(t *testing.T) {
	for _, tc := range []struct {
		name string
		pe   *tranche.PreferredEquity
		end  time.Time
	}{
		{"coupon", tranche.Must(tranche.NewPreferredEquity(tranche.PreferredEquity{Name: "pe", Parties: ids("pe"),
			Coupon:     contract.Rate{Annual: d("100"), Compounding: contract.Continuous, DayCount: contract.Thirty360US},
			CurrentPay: d("1"), Redemption: contract.Date(2040, 1, 1)})), contract.Date(2035, 1, 1)},
		{"current pay", &tranche.PreferredEquity{Name: "pe", Parties: ids("pe"),
			Coupon: rate30360("0.10", contract.Simple), CurrentPay: d("-2"), Redemption: contract.Date(2040, 1, 1)}, contract.Date(2025, 1, 1)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b := bookAt(t, 2, contract.Date(2024, 1, 1), "pe")
			require.NoError(t, b.Contribute("pe", d("1000.00")))
			next(t, b, tc.end)
			_, err := tc.pe.State(b)
			require.ErrorIs(t, err, contract.ErrRange)
			require.ErrorContains(t, err, `tranche "pe"`)
			_, err = tc.pe.Owed(b)
			require.ErrorIs(t, err, contract.ErrRange)
			_, err = tc.pe.Pay(b, d("100.00"))
			require.ErrorIs(t, err, contract.ErrRange)
			// Bad cash is reported before the terms are read.
			_, err = tc.pe.Pay(b, d("-0.01"))
			require.ErrorIs(t, err, tranche.ErrInvariant)
			_, err = tc.pe.Pay(b, d("0.001"))
			require.ErrorIs(t, err, tranche.ErrNotQuantized)
			require.ErrorIs(t, tc.pe.ClosePeriod(b), contract.ErrRange)
		})
	}
}

// TestPreferredEquity_UnpaidCouponAccrues: current coupon unpaid at the
// end of a period is added to the accrued coupon, and the next period's
// base is unreturned capital plus accrued coupon. 8% simple on 30/360, 5%
// of it in cash, no multiple, on 1,000.10: year 1 current 50.005 → 50.01,
// of which 20.00 is paid; accrued 30.003 + the 30.01 unpaid = 60.013.
// Year 2 base 1,060.113: current 53.00565 → 53.01, accrued 60.013 +
// 1,060.113 × 3% = 60.013 + 31.80339 = 91.81639.
func TestPreferredEquity_UnpaidCouponAccrues(t *testing.T) {
	ps := annualPeriods(3)
	pe := tranche.Must(tranche.NewPreferredEquity(tranche.PreferredEquity{Name: "pe", Parties: ids("pe"),
		Coupon: rate30360("0.08", contract.Simple), CurrentPay: d("0.05"), Redemption: contract.Date(2030, 1, 1)}))
	h := newDriver(t, partiesOf("pe", "0")...)
	h.advance(ps[0]).put("pe", "1000.10")
	h.run(pe, "0")
	h.advance(ps[1])
	h.run(pe, "20.00")
	h.advance(ps[2])
	st, err := pe.State(h.b)
	require.NoError(t, err)
	requireDec(t, "1060.113", st.Base[0])
	requireDec(t, "53.01", st.Current[0])
	requireDec(t, "91.81639", st.Accrued[0])
}

// TestPreferredEquity_ClosePeriod: ClosePeriod closes the period when it
// is called: nothing more is owed or paid in it, and the next period's
// base is the capital at that time, not capital contributed later. 8%
// simple, 5% in cash, on 30/360: 1,000.10 in year 0 and 500.00 more at the
// end of year 1; year 1's base is 1,000.10, current coupon 50.005 →
// 50.01.
func TestPreferredEquity_ClosePeriod(t *testing.T) {
	ps := annualPeriods(2)
	pe := tranche.Must(tranche.NewPreferredEquity(tranche.PreferredEquity{Name: "pe", Parties: ids("pe"),
		Coupon: rate30360("0.08", contract.Simple), CurrentPay: d("0.05"), Redemption: contract.Date(2030, 1, 1)}))
	h := newDriver(t, partiesOf("pe", "0")...)
	h.advance(ps[0]).put("pe", "1000.10")
	require.NoError(t, pe.ClosePeriod(h.b))
	st, err := pe.State(h.b)
	require.NoError(t, err)
	require.True(t, st.Closed)
	requireDec(t, "1000.10", st.Base[0])
	requireDec(t, "0", h.owed(pe).Amount)
	_, paid := h.pay(pe, "100")
	requireDec(t, "0", paid)
	h.advance(ps[1]).put("pe", "500.00")
	st, err = pe.State(h.b)
	require.NoError(t, err)
	requireDec(t, "1000.10", st.Base[0])
	requireDec(t, "50.01", st.Current[0])
}

// TestPreferredEquity_UnknownHolder: on a book without the holder, closing
// a period and, from redemption, reading what is owed fail with
// ErrUnknownParty (before redemption nothing is read of the holder's
// account).
func TestPreferredEquity_UnknownHolder(t *testing.T) {
	pe := tranche.Must(tranche.NewPreferredEquity(tranche.PreferredEquity{Name: "pe", Parties: ids("pe"),
		Coupon: rate30360("0.08", contract.Simple), CurrentPay: d("0.05"), Redemption: contract.Date(2024, 1, 1)}))
	b := bookAt(t, 2, contract.Date(2024, 1, 1), "LP")
	_, err := pe.Owed(b)
	require.ErrorIs(t, err, tranche.ErrUnknownParty)
	require.ErrorContains(t, err, `tranche "pe"`)
	paid, err := pe.Pay(b, d("100.00"))
	require.ErrorIs(t, err, tranche.ErrUnknownParty)
	requireDec(t, "0", paid)
	require.ErrorIs(t, pe.ClosePeriod(b), tranche.ErrUnknownParty)
}

// TestPreferredEquity_LiteralHolderTwice: a literal (never validated) that
// lists its holder twice owes the holder's capital twice at redemption;
// the second return of capital exceeds what is unreturned, and Pay fails
// with the book's ErrInvariant instead of reporting what it paid.
func TestPreferredEquity_LiteralHolderTwice(t *testing.T) {
	ps := annualPeriods(2)
	pe := &tranche.PreferredEquity{Name: "pe", Parties: ids("pe", "pe"),
		Coupon: rate30360("0.08", contract.Simple), CurrentPay: d("0.05"), Redemption: ps[1].End}
	require.ErrorIs(t, pe.Validate(), contract.ErrInvalid)
	h := newDriver(t, partiesOf("pe", "0")...)
	h.advance(ps[0]).put("pe", "1000.00")
	h.advance(ps[1])
	_, err := pe.Pay(h.b, d("10000.00"))
	require.ErrorIs(t, err, tranche.ErrInvariant)
}
