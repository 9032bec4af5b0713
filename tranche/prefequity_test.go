package tranche_test

import (
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
