package contract

import (
	"fmt"
	"math"
	"testing"

	"github.com/shopspring/decimal"
	"pgregory.net/rapid"
)

// TestEnergy_ChargesSameAsBill: Charges, which works the cost and the
// pass-through out in integers without the MWh, gives Bill's Cost and
// PassThrough (worked out in decimals, as before), coefficient and
// exponent, for loads and prices small and near the int64 limits (where
// the integers give way to decimals), any pass-through share and scale.
func TestEnergy_ChargesSameAsBill(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		start := Date(2024, 1, 31)
		n := rapid.IntRange(1, 14).Draw(t, "periods")
		ps, err := Schedule{Start: start, End: AddMonths(start, n, true), Frequency: EveryMonth, EndOfMonth: true}.Periods()
		if err != nil {
			t.Fatal(err)
		}
		draw := func(name string) decimal.Decimal {
			var c int64
			switch rapid.IntRange(0, 3).Draw(t, name+"_kind") {
			case 0:
				c = rapid.Int64Range(0, 1000).Draw(t, name)
			case 1:
				c = rapid.Int64Range(0, 1e12).Draw(t, name)
			case 2:
				c = rapid.Int64Range(1e15, 1e18).Draw(t, name)
			default:
				c = math.MaxInt64 - rapid.Int64Range(0, 1e6).Draw(t, name)
			}
			return decimal.New(c, rapid.Int32Range(-12, 3).Draw(t, name+"_exp"))
		}
		e := Energy{PassThrough: decimal.New(rapid.Int64Range(0, 1e6).Draw(t, "share"), -6)}
		for i := range ps {
			if i > 0 && rapid.Bool().Draw(t, fmt.Sprintf("repeat%d", i)) {
				e.Load, e.Price = append(e.Load, e.Load[i-1]), append(e.Price, e.Price[i-1])
				continue
			}
			e.Load, e.Price = append(e.Load, draw(fmt.Sprintf("load%d", i))), append(e.Price, draw(fmt.Sprintf("price%d", i)))
		}
		scale := rapid.Int32Range(0, 8).Draw(t, "scale")
		bill, err := e.Bill(ps, scale)
		if err != nil {
			t.Fatal(err)
		}
		cost, pass, err := e.Charges(ps, scale)
		if err != nil {
			t.Fatal(err)
		}
		for i := range ps {
			requireSame(t, fmt.Sprintf("period %d cost (load %s, price %s)", i, e.Load[i], e.Price[i]), cost[i], bill[i].Cost)
			requireSame(t, fmt.Sprintf("period %d pass-through", i), pass[i], bill[i].PassThrough)
		}
	})
}
