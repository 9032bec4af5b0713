package contract

import (
	"testing"
	"time"

	"github.com/shopspring/decimal"
)

// FuzzRate_Growth checks that Growth and Discount never panic, and that a
// factor, when there is one, is positive or rounds to zero and its inverse
// agrees with it.
func FuzzRate_Growth(f *testing.F) {
	f.Add("0.08", uint8(1), uint8(0), int64(0), int64(365))
	f.Add("-0.99", uint8(5), uint8(4), int64(-1000), int64(90000))
	f.Add("1000", uint8(6), uint8(2), int64(1), int64(2))
	f.Add("1e-50", uint8(4), uint8(1), int64(3), int64(-400))
	f.Add("-0.5", uint8(0), uint8(3), int64(0), int64(2000))
	f.Fuzz(func(t *testing.T, annual string, c, dc uint8, fromDay, toDay int64) {
		a, err := decimal.NewFromString(annual)
		if err != nil {
			return
		}
		const span = 4_000_000 // about ±11,000 years around 1970
		if fromDay < -span || fromDay > span || toDay < -span || toDay > span {
			return
		}
		r := Rate{Annual: a, Compounding: Compounding(c), DayCount: DayCount(dc)}
		from := time.Unix(fromDay*86400, 0).UTC()
		to := time.Unix(toDay*86400, 0).UTC()
		g, err := r.Growth(from, to)
		if err != nil {
			return
		}
		if g.Sign() < 0 {
			t.Fatalf("%v: negative growth %s", r, g)
		}
		d, err := r.Discount(from, to)
		if err != nil {
			t.Fatalf("%v: Growth ok but Discount failed: %v", r, err)
		}
		if g.Sign() > 0 && d.Sign() > 0 && g.LessThan(decimal.NewFromInt(1000)) && d.LessThan(decimal.NewFromInt(1000)) {
			if diff := g.Mul(d).Sub(one).Abs(); diff.GreaterThan(decimal.New(1, -16)) {
				t.Fatalf("%v: Growth %s · Discount %s = 1 + %s", r, g, d, diff)
			}
		}
	})
}
