package contract

import (
	"fmt"
	"math"
	"math/big"
	"testing"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"
)

// TestEscalator_MatchesFactor: the year-by-year escalator gives exactly
// Factor(k), from scratch, for every year and in any order of asking,
// with a rate and with an index path, and the same errors.
func TestEscalator_MatchesFactor(t *testing.T) {
	for _, e := range []Escalation{
		{},
		{Rate: decimal.RequireFromString("0.025")},
		{Rate: decimal.RequireFromString("-0.0333333")},
		{Index: []decimal.Decimal{decimal.RequireFromString("100"), decimal.RequireFromString("103.7"), decimal.RequireFromString("99.1")}},
	} {
		x := newEscalator(e)
		for _, k := range []int{0, 5, 2, 40, 39, 1000, 3, 1001, -1} {
			want, wantErr := e.Factor(k)
			got, err := x.factor(k)
			if (err == nil) != (wantErr == nil) || !got.Equal(want) {
				t.Fatalf("%+v year %d: escalator %s (%v), Factor %s (%v)", e, k, got, err, want, wantErr)
			}
		}
	}
}

// BenchmarkOpex_Costs shows escalating costs are linear in the periods:
// ns/op at 12,000 monthly periods is about 10 times that at 1,200 (each
// year's factor is computed once, not once a period from year 0).
func BenchmarkOpex_Costs(b *testing.B) {
	for _, n := range []int{1200, 12000} {
		b.Run(decimal.NewFromInt(int64(n)).String(), func(b *testing.B) {
			periods, err := Schedule{Start: Date(2000, 1, 31), End: AddMonths(Date(2000, 1, 31), n, true),
				Frequency: EveryMonth, EndOfMonth: true}.Periods()
			if err != nil {
				b.Fatal(err)
			}
			o := Opex{Annual: decimal.RequireFromString("1200000"), Start: Date(2000, 1, 31),
				Escalation: Escalation{Rate: decimal.RequireFromString("0.03")}}
			b.ReportAllocs()
			for b.Loop() {
				if _, err := o.Costs(periods, 2); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// TestEscalation_FactorIndex checks an index path's factor, rounded to 12
// places, and its limits: the last level, one past it, and a base level of
// zero, which Factor refuses rather than divide by it.
func TestEscalation_FactorIndex(t *testing.T) {
	e := Escalation{Index: []decimal.Decimal{decimal.NewFromInt(3), decimal.NewFromInt(1), decimal.NewFromInt(2)}}
	// 1/3 = 0.333333333333|33… → 0.333333333333; 2/3 = 0.666666666666|66… → 0.666666666667.
	for k, want := range []string{"1", "0.333333333333", "0.666666666667"} {
		f, err := e.Factor(k)
		require.NoError(t, err)
		require.Equal(t, want, f.String(), "year %d", k)
	}
	_, err := e.Factor(3)
	require.ErrorIs(t, err, ErrRange)
	var fe *FieldError
	require.ErrorAs(t, err, &fe)
	require.Equal(t, "index", fe.Path)

	_, err = Escalation{Index: []decimal.Decimal{decimal.Zero, decimal.NewFromInt(1)}}.Factor(1)
	require.ErrorAs(t, err, &fe)
	require.Equal(t, "index[0]", fe.Path)
	require.ErrorIs(t, err, ErrRange)
}

// TestEscalation_FactorYears checks the contract years Factor accepts: 0
// to 1000, and neither -1 nor 1001.
func TestEscalation_FactorYears(t *testing.T) {
	e := Escalation{}
	for _, k := range []int{0, 1000} {
		f, err := e.Factor(k)
		require.NoError(t, err)
		require.Equal(t, "1", f.String())
	}
	for _, k := range []int{-1, 1001} {
		_, err := e.Factor(k)
		require.ErrorIs(t, err, ErrRange, "year %d", k)
	}
}

// TestEscalation_ValidateLimits checks the rate at -100% (invalid) and
// just above (valid), and index levels at zero and just above.
func TestEscalation_ValidateLimits(t *testing.T) {
	require.NoError(t, Escalation{Rate: decimal.RequireFromString("-0.999999")}.Validate())
	require.ErrorIs(t, Escalation{Rate: decimal.NewFromInt(-1)}.Validate(), ErrRange)
	require.NoError(t, Escalation{Index: []decimal.Decimal{decimal.RequireFromString("0.000001")}}.Validate())
	require.ErrorIs(t, Escalation{Index: []decimal.Decimal{decimal.NewFromInt(1), decimal.Zero}}.Validate(), ErrRange)
	require.ErrorIs(t, Escalation{Rate: decimal.RequireFromString("0.01"), Index: []decimal.Decimal{decimal.NewFromInt(1)}}.Validate(), ErrInvalid)
}

// TestEscalation_FactorHalfRoundsUp checks that a factor exactly half a
// unit of the 12th place rounds away from zero, not to even, in Factor
// and in the year-by-year escalator alike: 1 + 5·10⁻¹³ is
// 1.000000000000|5 → 1.000000000001 (to even would give 1).
func TestEscalation_FactorHalfRoundsUp(t *testing.T) {
	e := Escalation{Rate: decimal.RequireFromString("0.0000000000005")}
	f, err := e.Factor(1)
	require.NoError(t, err)
	require.Equal(t, "1.000000000001", f.String())
	x := newEscalator(e)
	for k, want := range []string{"1", "1.000000000001"} {
		f, err := x.factor(k)
		require.NoError(t, err)
		require.Equal(t, want, f.String(), "escalator, year %d", k)
	}
}

// TestEscalation_FactorIndexMatchesDecimal: an index path's factor is
// decimal's Index[k].DivRound(Index[0], PricePlaces), coefficient and
// exponent, for levels of few and of many digits.
func TestEscalation_FactorIndexMatchesDecimal(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		level := func(name string) decimal.Decimal {
			c := rapid.Int64Range(1, 1e6).Draw(t, name)
			if rapid.Bool().Draw(t, name+"_wide") {
				c = math.MaxInt64 - rapid.Int64Range(0, 1e6).Draw(t, name+"_off")
			}
			return decimal.New(c, rapid.Int32Range(-12, 3).Draw(t, name+"_exp"))
		}
		e := Escalation{Index: []decimal.Decimal{level("base")}}
		for k := range rapid.IntRange(1, 5).Draw(t, "years") {
			e.Index = append(e.Index, level(fmt.Sprintf("level%d", k)))
		}
		for k, x := range e.Index {
			got, err := e.Factor(k)
			if err != nil {
				t.Fatal(err)
			}
			requireSame(t, fmt.Sprintf("Factor(%d)", k), got, x.DivRound(e.Index[0], PricePlaces))
		}
	})
}

// TestEscalator_WideMatchesFactor: the escalator's power in 128-bit
// integers gives Factor(k) from scratch, coefficient and exponent, for
// rates of few and of many digits, falling, and rising fast enough that
// the factor passes an int64 at 12 decimals (9.2 million) or the power
// 2^128 at 20, years asked in any order.
func TestEscalator_WideMatchesFactor(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		var rate decimal.Decimal
		switch rapid.IntRange(0, 3).Draw(t, "kind") {
		case 0: // a few basis points
			rate = decimal.New(rapid.Int64Range(-999, 999).Draw(t, "bp"), -4)
		case 1: // many digits: the step has 19
			rate = decimal.New(rapid.Int64Range(-9e17, 9e17).Draw(t, "long"), -18)
		case 2: // fast growth
			rate = decimal.New(rapid.Int64Range(1, 90).Draw(t, "tenths"), -1)
		default: // any exponent
			rate = decimal.New(rapid.Int64Range(0, 1e6).Draw(t, "coef"), rapid.Int32Range(-22, 0).Draw(t, "exp"))
		}
		e := Escalation{Rate: rate}
		if e.Validate() != nil {
			t.Skip("rate -100% or below")
		}
		x := newEscalator(e)
		for i := range rapid.IntRange(1, 6).Draw(t, "asks") {
			k := rapid.IntRange(0, 90).Draw(t, fmt.Sprintf("k%d", i))
			want, err := e.Factor(k)
			require.NoError(t, err)
			got, err := x.factor(k)
			require.NoError(t, err)
			requireSame(t, fmt.Sprintf("rate %s year %d", rate, k), got, want)
		}
	})
}

// TestEscalator_WideLimits: the integers give way to decimals where the
// factor passes 2^63 units of 10^-12 or the power 2^128 units of
// 10^-20, and the factors stay Factor's.
func TestEscalator_WideLimits(t *testing.T) {
	for _, rate := range []string{"1", "9", "99", "0.5", "-0.5", "0.0000000000000000001", "1.0000000000000000001",
		"-0.9999999999999999999", "-0.99999999999999999999"} { // steps 1E-19 and 1E-20
		e := Escalation{Rate: decimal.RequireFromString(rate)}
		x := newEscalator(e)
		for k := range 70 {
			want, err := e.Factor(k)
			require.NoError(t, err)
			got, err := x.factor(k)
			require.NoError(t, err)
			requireSame(t, fmt.Sprintf("rate %s year %d", rate, k), got, want)
		}
	}
}

// TestEscalator_WideAllocates: 31 years of a 2.5% escalation cost a
// decimal each and little else once the power is held in integers
// (about 300 allocations in decimals).
func TestEscalator_WideAllocates(t *testing.T) {
	e := Escalation{Rate: decimal.RequireFromString("0.025")}
	n := testing.AllocsPerRun(20, func() {
		if _, err := newEscalator(e).factor(30); err != nil {
			t.Fatal(err)
		}
	})
	if n > 4*31 {
		t.Fatalf("%.0f allocations for 31 factors, want at most %d", n, 4*31)
	}
}

// drawWide draws a 128-bit coefficient hi·2^64 + lo: small, near a
// power of two, or any.
func drawWide(t *rapid.T, name string) (hi, lo uint64) {
	switch rapid.IntRange(0, 3).Draw(t, name+"_kind") {
	case 0:
		return 0, rapid.Uint64().Draw(t, name+"_lo")
	case 1:
		return rapid.Uint64Range(0, 1e9).Draw(t, name+"_hi"), rapid.Uint64().Draw(t, name+"_lo")
	case 2:
		return math.MaxUint64 - rapid.Uint64Range(0, 3).Draw(t, name+"_hi"), rapid.Uint64().Draw(t, name+"_lo")
	}
	return rapid.Uint64().Draw(t, name+"_hi"), rapid.Uint64().Draw(t, name+"_lo")
}

func wideInt(hi, lo uint64) *big.Int {
	c := new(big.Int).Lsh(new(big.Int).SetUint64(hi), 64)
	return c.Or(c, new(big.Int).SetUint64(lo))
}

// TestEscalator_WideStepMatchesDecimal: one year's step of the power in
// integers is decimal's power.Mul(step).Round(20), and it gives way
// exactly when the step is not a positive coefficient of at most 18
// digits at an exponent from −19 to 0, or the result passes 2^128
// (worked out here in big integers); the power is then left as it was.
func TestEscalator_WideStepMatchesDecimal(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		hi, lo := drawWide(t, "power")
		var c int64
		switch rapid.IntRange(0, 2).Draw(t, "step_kind") {
		case 0:
			c = rapid.Int64Range(-2, 2000).Draw(t, "step")
		case 1:
			c = rapid.Int64Range(1e17, 1e18+10).Draw(t, "step") // 18 and 19 digits
		default:
			c = rapid.Int64Range(1, math.MaxInt64).Draw(t, "step")
		}
		step := decimal.New(c, rapid.Int32Range(-21, 1).Draw(t, "step_exp"))
		x := &escalator{step: step, wide: true, hi: hi, lo: lo}
		ok := x.wideStep()
		e := step.Exponent()
		want := step.Sign() > 0 && step.NumDigits() <= 18 && e <= 0 && e > -20
		power := decimal.NewFromBigInt(wideInt(hi, lo), -powerPlaces)
		next := power.Mul(step).Round(powerPlaces)
		if want {
			want = next.Coefficient().BitLen() <= 128
		}
		if ok != want {
			t.Fatalf("power %s × step %s: ok %t, want %t", power, step, ok, want)
		}
		got := decimal.NewFromBigInt(wideInt(x.hi, x.lo), -powerPlaces)
		if !ok {
			next = power
		}
		requireSame(t, fmt.Sprintf("power %s × step %s", power, step), got, next)
	})
}

// TestEscalator_WideFactorMatchesDecimal: the factor from the integers
// is decimal's power.Round(12), and it gives way exactly when that
// passes an int64.
func TestEscalator_WideFactorMatchesDecimal(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		hi, lo := drawWide(t, "power")
		if rapid.Bool().Draw(t, "near_limit") { // about 2^63 units of 10^-12
			hi = 1e8/2 - 1 + rapid.Uint64Range(0, 2).Draw(t, "hi_off")
			if rapid.Bool().Draw(t, "at_1e8") {
				hi = 1e8 - 1 + rapid.Uint64Range(0, 1).Draw(t, "hi_1e8")
			}
		}
		x := &escalator{wide: true, hi: hi, lo: lo}
		got, ok := x.wideFactor()
		want := decimal.NewFromBigInt(wideInt(hi, lo), -powerPlaces).Round(PricePlaces)
		if fits := want.Coefficient().IsInt64(); ok != fits {
			t.Fatalf("power %s: ok %t, want %t", want, ok, fits)
		}
		if ok {
			requireSame(t, "factor", got, want)
		}
	})
}

// TestEscalator_WideOf: a power is held in integers only when it is not
// negative, has 20 decimals and fits 128 bits.
func TestEscalator_WideOf(t *testing.T) {
	max128 := new(big.Int).Sub(new(big.Int).Lsh(big.NewInt(1), 128), big.NewInt(1))
	tests := []struct {
		name   string
		d      decimal.Decimal
		hi, lo uint64
		ok     bool
	}{
		{"one", decimal.New(1, 0).Round(powerPlaces), 5, 7766279631452241920, true}, // 10^20 = 5·2^64 + 7766279631452241920
		{"2^128 - 1", decimal.NewFromBigInt(max128, -powerPlaces), math.MaxUint64, math.MaxUint64, true},
		{"2^128", decimal.NewFromBigInt(new(big.Int).Add(max128, big.NewInt(1)), -powerPlaces), 0, 0, false},
		{"19 decimals", decimal.New(7, -19), 0, 0, false},
		{"21 decimals", decimal.New(7, -21), 0, 0, false},
		{"negative", decimal.New(-7, -powerPlaces), 0, 0, false},
		{"zero", decimal.New(0, -powerPlaces), 0, 0, true},
		{"two words", decimal.NewFromBigInt(wideInt(3, 5), -powerPlaces), 3, 5, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			hi, lo, ok := wideOf(tt.d)
			if ok != tt.ok || hi != tt.hi || lo != tt.lo {
				t.Fatalf("wideOf(%s) = %d, %d, %t; want %d, %d, %t", tt.d, hi, lo, ok, tt.hi, tt.lo, tt.ok)
			}
		})
	}
}

// TestEscalator_WideStepCarry: a step whose middle word carries into the
// top one: the power (2^64−1)/3 · 2^64 + 2^63 times 3 has middle word
// (2^64−1) + 1 (the high word of 3·2^63), so its top word is 1; divided by
// 10 (a step of 0.3) it fits 128 bits again.
func TestEscalator_WideStepCarry(t *testing.T) {
	hi, lo := uint64(math.MaxUint64/3), uint64(1<<63)
	step := decimal.New(3, -1)
	x := &escalator{step: step, wide: true, hi: hi, lo: lo}
	if !x.wideStep() {
		t.Fatal("the step did not fit")
	}
	want := decimal.NewFromBigInt(wideInt(hi, lo), -powerPlaces).Mul(step).Round(powerPlaces)
	requireSame(t, "carried step", decimal.NewFromBigInt(wideInt(x.hi, x.lo), -powerPlaces), want)
}
