package tranche_test

import (
	"testing"

	"github.com/jvwaterfall/jvwaterfall/tranche"
	"github.com/stretchr/testify/require"
)

// TestCovenant_PaySweep: Pay in decimals (not through the combinators'
// minor units), in breach under SweepCash, passes on the loan's failure to
// prepay, and when the loan takes nothing records no sweep, only the cash
// trapped.
func TestCovenant_PaySweep(t *testing.T) {
	ps := annualPeriods(4)
	for _, fail := range []string{"prepay", ""} {
		cov := tranche.Must(tranche.NewCovenant(tranche.Covenant{Name: "cov", Loan: faulty{name: "loan", fail: fail}, Junior: equity(t),
			MinDSCR: d("1.5"), Action: tranche.SweepCash}))
		h := newDriver(t, partiesOf("bank", "0", "sponsor", "0")...)
		require.NoError(t, h.b.Advance(ps[0]))
		paid, err := cov.Pay(h.b, d("5")) // DSCR 0/10: a breach, and the sweep
		if fail != "" {
			require.ErrorIs(t, err, errBoom)
			continue
		}
		require.NoError(t, err)
		requireDec(t, "0", paid)
		require.Equal(t, []string{"0 covenant-breach", "0 cash-trapped"}, events(h.b))
	}
}
