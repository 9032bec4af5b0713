package tranche_test

import (
	"testing"

	"github.com/jvwaterfall/jvwaterfall/contract"
	"github.com/jvwaterfall/jvwaterfall/tranche"
	"github.com/stretchr/testify/require"
)

// TestHurdle_tinyShareHighRate is a hurdle tier of issue 17 that deal
// validation accepts: the small investor gets 1.03e-12 of each tier
// dollar (a commitment of 1 in a class of 777,777,777,778, just above
// 10^-TierSharePlaces), has put in a thousand times its commitment, so
// its hurdle sets the tier, and the hurdle is 1000% continuous over 75
// years: the tier owes about 10^340. (An earlier search from the share
// rounded to 16 places gave up with ErrInvariant.) The amounts are beyond
// int64, so the decimal search answers: about 1,130 doublings and as many
// bisection steps on the bound, then a climb, the split being monotone
// (two shares, two parties in the class); a scan of the amounts one by
// one would need about 10^12.
func TestHurdle_tinyShareHighRate(t *testing.T) {
	tier := tranche.Must(tranche.NewHurdle(tranche.Hurdle{
		Name: "tier", Investors: ids("big", "small"),
		Rate:   contract.Rate{Annual: d("10"), Compounding: contract.Continuous},
		Shares: []tranche.Share{{Parties: ids("big", "small"), Weight: d("0.8")}, {Parties: ids("gp"), Weight: d("0.2"), Promote: true}},
	}))
	l := newDriver(t, partiesOf("big", "777777777777", "small", "1", "gp", "0")...).
		open(contract.Date(2025, 1, 1)).put("big", "777777777777").put("small", "1000").
		at(contract.Date(2100, 1, 1))
	c := l.owed(tier)
	require.Greater(t, c.Amount.NumDigits()+int(c.Amount.Exponent()), 330, "owed %s", c.Amount)
	_, total := l.pay(tier, "1000000")
	requireDec(t, "1000000", total)
}
