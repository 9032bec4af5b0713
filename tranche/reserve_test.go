package tranche_test

import (
	"testing"

	"github.com/jvwaterfall/jvwaterfall/tranche"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"
)

// TestReserve_Pay: a DSRA sized to the next period's debt service (12,000
// of interest; never the balloon) is funded, drawn and released.
func TestReserve_Pay(t *testing.T) {
	ps := annualPeriods(4)
	debt := bullet(t, ps, nil)
	dsra, err := tranche.NewReserve(tranche.Reserve{Name: "dsra", Loans: []tranche.Borrowing{debt}, Periods: 1, Junior: equity(t)})
	require.NoError(t, err)
	stack := tranche.Sequence(debt, dsra)
	h := newDriver(t, partiesOf("bank", "0", "sponsor", "0")...)
	cash := []string{"0", "30000", "5000", "120000"}
	// period: bank, equity, held
	want := [][3]string{
		{"0.00", "0.00", "0.00"},
		{"12000.00", "6000.00", "12000.00"}, // funded to 12,000
		{"12000.00", "0.00", "5000.00"},     // interest paid from the reserve; 5,000 refills it
		{"112000.00", "13000.00", "0.00"},   // repaid: the reserve is released
	}
	for i, c := range cash {
		h.advance(ps[i]).run(stack, c)
		bank := decimal.Zero
		for _, v := range byKind(h.b, i, "senior") {
			bank = bank.Add(d(v))
		}
		eq := byKind(h.b, i, "equity")["profit"]
		if eq == "" {
			eq = "0.00"
		}
		require.Equal(t, want[i], [3]string{bank.StringFixed(2), eq, h.b.Held(i).StringFixed(2)}, "period %d", i)
	}
}
