package scenario_test

import (
	"context"
	"fmt"

	"github.com/jvwaterfall/jvwaterfall/scenario"
	"github.com/jvwaterfall/jvwaterfall/spec"
	"github.com/jvwaterfall/jvwaterfall/waterfall"
	"github.com/shopspring/decimal"
)

// GoalSeek finds the least sale price at which the LP of the one-year
// deal (50 in, 8% pref, full catch-up to 20%, 80/20) earns 10%: it needs
// 55 back, and gets 54 + 0.8 × (x − 55) once the catch-up's 1 is paid,
// so x = 56.25.
func ExampleGoalSeek() {
	seek, err := scenario.GoalSeek(context.Background(), scenario.Goal{
		Build: func(x decimal.Decimal) (*waterfall.Deal, error) {
			return spec.UnmarshalDeal([]byte(fmt.Sprintf(oneYearSpec, x)))
		},
		Reached: func(r *waterfall.Result) (bool, error) {
			irr, err := r.XIRR("LP")
			return irr >= 0.10-1e-12, err
		},
		Lo: decimal.NewFromInt(50), Hi: decimal.NewFromInt(200), Places: 2,
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	lp, _ := seek.Result.Party("LP")
	fmt.Println("sale price", seek.Value.StringFixed(2), "LP receives", lp.Distributed.StringFixed(2))
	// Output:
	// sale price 56.25 LP receives 55.00
}
