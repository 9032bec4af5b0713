package contract

import (
	"testing"

	"github.com/shopspring/decimal"
)

func BenchmarkRate_Growth(b *testing.B) {
	r8 := decimal.RequireFromString("0.08")
	cases := []struct {
		name string
		rate Rate
		days int
	}{
		{"annual exact 3y 30/360", Rate{Annual: r8, Compounding: Annual, DayCount: Thirty360US}, 365*3 + 1},
		{"annual quarter ACT/365F", Rate{Annual: r8, Compounding: Annual}, 91},
		{"annual 10y ACT/365F", Rate{Annual: r8, Compounding: Annual}, 3653},
		{"monthly month ACT/360", Rate{Annual: r8, Compounding: Monthly, DayCount: ACT360}, 30},
		{"daily quarter ACT/365F", Rate{Annual: r8, Compounding: Daily}, 91},
		{"continuous quarter", Rate{Annual: r8, Compounding: Continuous}, 91},
		{"simple quarter", Rate{Annual: r8}, 91},
	}
	from := Date(2024, 1, 1)
	for _, c := range cases {
		to := from.AddDate(0, 0, c.days)
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := c.rate.Growth(from, to); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
