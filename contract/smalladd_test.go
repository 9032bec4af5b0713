package contract

import (
	"fmt"
	"math"
	"testing"

	"github.com/jvwaterfall/jvwaterfall/internal/exact"
	"github.com/shopspring/decimal"
	"pgregory.net/rapid"
)

// TestSmallArith_SameExponentAdd: add and sub of operands of one exponent
// (the shortcut that skips rescaling) give decimal's Add and Sub,
// coefficient and exponent, and the answer of the rescaling code they
// skip, near the int64 limits too; they fail only when the result does not
// fit.
func TestSmallArith_SameExponentAdd(t *testing.T) {
	edge := []int64{0, 1, -1, math.MaxInt64, math.MinInt64, math.MaxInt64 - 1, math.MinInt64 + 1, 1 << 62, -(1 << 62)}
	rapid.Check(t, func(t *rapid.T) {
		draw := func(name string) int64 {
			if rapid.Bool().Draw(t, name+"_edge") {
				return rapid.SampledFrom(edge).Draw(t, name)
			}
			return rapid.Int64().Draw(t, name)
		}
		e := rapid.Int32Range(-20, 3).Draw(t, "exp")
		a, b := small{draw("a"), e}, small{draw("b"), e}
		da, db := decimal.New(a.c, e), decimal.New(b.c, e)
		for _, op := range []struct {
			name      string
			got, slow func(s *smallArith) small
			want      decimal.Decimal
		}{
			{"add", func(s *smallArith) small { return s.add(a, b) }, func(s *smallArith) small { return s.addScaled(a, b) }, da.Add(db)},
			{"sub", func(s *smallArith) small { return s.sub(a, b) }, func(s *smallArith) small { return s.subScaled(a, b) }, da.Sub(db)},
		} {
			var s, old smallArith
			got, slow := op.got(&s), op.slow(&old)
			what := fmt.Sprintf("%s(%d, %d) at 10^%d", op.name, a.c, b.c, e)
			if s.over != old.over || got != slow {
				t.Fatalf("%s = %v (failed %t), the rescaling code %v (failed %t)", what, got, s.over, slow, old.over)
			}
			if s.over {
				if op.want.Coefficient().IsInt64() {
					t.Fatalf("%s failed, but %s fits", what, op.want)
				}
				continue
			}
			requireSame(t, what, s.dec(got), op.want)
		}
	})
}

// TestSmallArith_ZeroOperand: add and sub with a zero operand, of any
// exponent against the other's, give decimal's Add and Sub, coefficient
// and exponent.
func TestSmallArith_ZeroOperand(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		x := small{rapid.Int64().Draw(t, "x"), rapid.Int32Range(-20, 3).Draw(t, "x_exp")}
		z := small{0, rapid.Int32Range(-20, 3).Draw(t, "zero_exp")}
		dx, dz := decimal.New(x.c, x.e), decimal.New(0, z.e)
		for _, op := range []struct {
			name string
			got  func(s *smallArith) small
			want decimal.Decimal
		}{
			{"x + 0", func(s *smallArith) small { return s.add(x, z) }, dx.Add(dz)},
			{"0 + x", func(s *smallArith) small { return s.add(z, x) }, dz.Add(dx)},
			{"x - 0", func(s *smallArith) small { return s.sub(x, z) }, dx.Sub(dz)},
			{"0 - x", func(s *smallArith) small { return s.sub(z, x) }, dz.Sub(dx)},
		} {
			var s smallArith
			got := op.got(&s)
			what := fmt.Sprintf("%s, x = %d at 10^%d, 0 at 10^%d", op.name, x.c, x.e, z.e)
			if s.over {
				if op.want.Coefficient().IsInt64() {
					t.Fatalf("%s failed, but %s fits", what, op.want)
				}
				continue
			}
			requireSame(t, what, s.dec(got), op.want)
		}
	})
}

// TestTakeOrPay_PaidPriceSameAsDecimal: the price topPaid works out from
// a year's factor in integers is the decimal price of Statement
// (exact.MulRound of the price and the factor at PricePlaces), coefficient
// and exponent, whenever it does not fail, and it fails only when that
// price does not fit an int64.
func TestTakeOrPay_PaidPriceSameAsDecimal(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		price := decimal.New(rapid.Int64Range(0, math.MaxInt64).Draw(t, "price"), rapid.Int32Range(-14, 6).Draw(t, "price_exp"))
		factor := decimal.New(rapid.Int64Range(1, math.MaxInt64).Draw(t, "factor"), -PricePlaces)
		want := exact.MulRound(price, factor, PricePlaces)
		var s smallArith
		got := s.mulRound(s.from(price), s.from(factor), PricePlaces)
		if s.over {
			if want.Coefficient().IsInt64() {
				t.Fatalf("%s × %s failed, but %s fits", price, factor, want)
			}
			return
		}
		requireSame(t, fmt.Sprintf("%s × %s", price, factor), s.dec(got), want)
	})
}
