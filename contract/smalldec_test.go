package contract

import (
	"fmt"
	"math"
	"math/big"
	"testing"

	"github.com/shopspring/decimal"
	"pgregory.net/rapid"
)

// requireSame fails unless got and want have the same coefficient and
// exponent, not only the same value.
func requireSame(t interface{ Fatalf(string, ...any) }, what string, got, want decimal.Decimal) {
	if got.Exponent() != want.Exponent() || got.Coefficient().Cmp(want.Coefficient()) != 0 {
		t.Fatalf("%s: got %s (exponent %d), want %s (exponent %d)", what, got, got.Exponent(), want, want.Exponent())
	}
}

// drawDecimal draws a decimal whose coefficient is small, near 10^18 or
// near the int64 limits, and whose exponent is within ±14.
func drawDecimal(t *rapid.T, name string) decimal.Decimal {
	var c int64
	switch rapid.IntRange(0, 3).Draw(t, name+"_kind") {
	case 0:
		c = rapid.Int64Range(-1000, 1000).Draw(t, name)
	case 1:
		c = rapid.Int64Range(-1e12, 1e12).Draw(t, name)
	case 2:
		c = rapid.Int64Range(1e18-1e6, 1e18+1e6).Draw(t, name)
	default:
		c = math.MaxInt64 - rapid.Int64Range(0, 1e6).Draw(t, name)
	}
	if rapid.Bool().Draw(t, name+"_neg") {
		c = -c
	}
	return decimal.New(c, rapid.Int32Range(-14, 4).Draw(t, name+"_exp"))
}

// TestSmallArith_MatchesDecimal: every operation of smallArith that does
// not fail gives shopspring/decimal's result, coefficient and exponent
// (mulValue: the value), and one fails only when its result does not fit
// an int64 (mulValue: not even without its trailing zeros).
func TestSmallArith_MatchesDecimal(t *testing.T) {
	fits := func(d decimal.Decimal) bool { return d.Coefficient().IsInt64() }
	rapid.Check(t, func(t *rapid.T) {
		a, b := drawDecimal(t, "a"), drawDecimal(t, "b")
		places := rapid.Int32Range(-2, 14).Draw(t, "places")
		ops := []struct {
			name string
			got  func(s *smallArith, x, y small) small
			want func() decimal.Decimal
		}{
			{"add", (*smallArith).add, func() decimal.Decimal { return a.Add(b) }},
			{"sub", (*smallArith).sub, func() decimal.Decimal { return a.Sub(b) }},
			{"round", func(s *smallArith, x, _ small) small { return s.round(x, places) }, func() decimal.Decimal { return a.Round(places) }},
			{"mulRound", func(s *smallArith, x, y small) small { return s.mulRound(x, y, places) }, func() decimal.Decimal { return a.Mul(b).Round(places) }},
			{"divRound", func(s *smallArith, x, y small) small { return s.divRound(x, y, places) }, func() decimal.Decimal {
				if b.IsZero() {
					return decimal.Zero
				}
				return a.DivRound(b, places)
			}},
		}
		for _, op := range ops {
			s := &smallArith{}
			x, y := s.from(a), s.from(b)
			if s.failed() {
				t.Fatalf("from(%s) or from(%s) failed", a, b)
			}
			got := op.got(s, x, y)
			want := op.want()
			if s.failed() {
				if !(op.name == "divRound" && b.IsZero()) && fits(want) {
					t.Fatalf("%s(%s, %s, %d) failed, but %s fits", op.name, a, b, places, want)
				}
				continue
			}
			if op.name == "divRound" && b.IsZero() {
				t.Fatalf("divRound by zero did not fail")
			}
			if !fits(want) {
				t.Fatalf("%s(%s, %s, %d) = %s does not fit, and did not fail", op.name, a, b, places, want)
			}
			requireSame(t, fmt.Sprintf("%s(%s, %s, %d)", op.name, a, b, places), s.dec(got), want)
		}
		s := &smallArith{}
		if got, want := s.mulValue(s.from(a), s.from(b)), a.Mul(b); s.failed() {
			if norm := want.Coefficient(); want.IsZero() || fitsStripped(norm) {
				t.Fatalf("mulValue(%s, %s) failed, but %s fits without its trailing zeros", a, b, want)
			}
		} else if !s.dec(got).Equal(want) {
			t.Fatalf("mulValue(%s, %s) = %s, want %s", a, b, s.dec(got), want)
		}
		s = &smallArith{}
		if got, want := s.cmp(s.from(a), s.from(b)), a.Cmp(b); !s.failed() && got != want {
			t.Fatalf("cmp(%s, %s) = %d, want %d", a, b, got, want)
		} else if s.failed() {
			t.Fatalf("cmp(%s, %s) failed", a, b)
		}
		if got, want := s.sign(s.from(a)), a.Sign(); got != want {
			t.Fatalf("sign(%s) = %d, want %d", a, got, want)
		}
	})
}

// fitsStripped reports whether c fits an int64 once its trailing zeros
// are dropped.
func fitsStripped(c *big.Int) bool {
	ten := big.NewInt(10)
	for !c.IsInt64() {
		q, r := new(big.Int).QuoRem(c, ten, new(big.Int))
		if r.Sign() != 0 {
			return false
		}
		c = q
	}
	return true
}

// TestSmallArith_Boundaries: from takes every coefficient that fits an
// int64 and no other; zero made from decimal.Zero is decimal.Zero; an
// operation whose exact result needs more than 63 bits fails.
func TestSmallArith_Boundaries(t *testing.T) {
	s := &smallArith{}
	for _, c := range []string{"9223372036854775807", "-9223372036854775808", "999999999999999999", "1000000000000000000"} {
		d := decimal.RequireFromString(c).Shift(-3)
		requireSame(t, "from "+c, s.dec(s.from(d)), d)
	}
	if s.failed() {
		t.Fatal("from failed on coefficients that fit")
	}
	for _, c := range []string{"9223372036854775808", "-9223372036854775809", "10000000000000000000"} {
		s := &smallArith{}
		if s.from(decimal.RequireFromString(c)); !s.failed() {
			t.Fatalf("from(%s) did not fail", c)
		}
	}
	if d := s.dec(s.from(decimal.Zero)); d != decimal.Zero {
		t.Fatalf("dec(from(Zero)) = %#v, want decimal.Zero itself", d)
	}
	if got := s.mulRound(small{1 << 62, 0}, small{-2, 0}, 0); s.failed() || got != (small{math.MinInt64, 0}) {
		t.Fatalf("-2^62 × 2 = %v (failed %t), want -2^63", got, s.failed())
	}
	if got := s.divRound(small{1 << 62, 0}, small{-5, -1}, 0); s.failed() || got != (small{math.MinInt64, 0}) {
		t.Fatalf("2^62 / -0.5 = %v (failed %t), want -2^63", got, s.failed())
	}
	if got := s.cmp(small{1, 0}, small{1, -20}); s.failed() || got != 1 {
		t.Fatalf("cmp(1, 10^-20) = %d (failed %t), want 1", got, s.failed())
	}
	// A product rounded in decimals because it needs more than 64 bits
	// (5·10^19 at 20 places is 0.5: 1, half away from zero).
	if got := s.mulRound(small{5e9, -10}, small{1e10, -10}, 0); s.failed() || got != (small{1, 0}) {
		t.Fatalf("0.5 rounded = %v (failed %t), want 1", got, s.failed())
	}
	// -2^62 × 2.0 is -2^63 through the 128-bit quotient and its
	// decimal fallback: it fits.
	if got := s.mulRound(small{-(1 << 62), 0}, small{20, -1}, 0); s.failed() || got != (small{math.MinInt64, 0}) {
		t.Fatalf("-2^62 × 2.0 = %v (failed %t), want -2^63", got, s.failed())
	}
	// 1/10^20 at 0 places: a scale past the table, worked out in decimals.
	if got := s.divRound(small{1, 0}, small{1, 20}, 0); s.failed() || got != (small{0, 0}) {
		t.Fatalf("1/10^20 = %v (failed %t), want 0", got, s.failed())
	}
	max := small{math.MaxInt64, 0}
	for name, f := range map[string]func(s *smallArith) small{
		"add":                   func(s *smallArith) small { return s.add(max, small{1, 0}) },
		"sub":                   func(s *smallArith) small { return s.sub(small{-2, 0}, max) },
		"sub min":               func(s *smallArith) small { return s.sub(small{0, 0}, small{math.MinInt64, 0}) },
		"mulValue":              func(s *smallArith) small { return s.mulValue(max, small{3, 0}) },
		"rescale":               func(s *smallArith) small { return s.add(small{1, 0}, small{1, -19}) },
		"round up":              func(s *smallArith) small { return s.round(small{1e18, 0}, 2) },
		"mulRound":              func(s *smallArith) small { return s.mulRound(max, small{30, -1}, 0) },
		"divRound":              func(s *smallArith) small { return s.divRound(max, small{1, -1}, 0) },
		"divRound /0":           func(s *smallArith) small { return s.divRound(max, small{0, 0}, 0) },
		"2^63":                  func(s *smallArith) small { return s.mulRound(small{1 << 62, 0}, small{2, 0}, 0) },
		"-2^64":                 func(s *smallArith) small { return s.add(small{math.MinInt64, 0}, small{math.MinInt64, 0}) },
		"10^20 + 1":             func(s *smallArith) small { return s.add(small{1, 0}, small{1, -20}) },
		"10^8 at 12 places":     func(s *smallArith) small { return s.mulRound(small{1, 4}, small{1, 4}, 12) },
		"10^8 / 1 at 12 places": func(s *smallArith) small { return s.divRound(small{1, 8}, small{1, 0}, 12) },
		"2^64":                  func(s *smallArith) small { return s.mulRound(small{42949672960, -1}, small{4294967296, 0}, 0) },
		// 2^62·100 = 25·2^64: the quotient by 25 is 2^64, past 64 bits
		// (its high word equals the divisor).
		"divRound 2^64": func(s *smallArith) small { return s.divRound(small{1 << 62, 0}, small{25, 0}, 2) },
		// 2^65 at one place: a 128-bit product scaled up.
		"2^65 at 1 place": func(s *smallArith) small { return s.mulRound(small{1 << 62, 0}, small{8, 0}, 1) },
		// -(2^63 + 0.5) rounds half away from zero to -(2^63 + 1), which
		// does not fit; to even it would be -2^63, which does.
		"-(2^63 + 1/2)": func(s *smallArith) small { return s.mulRound(small{-1370885, 0}, small{67280421310721, -1}, 0) },
	} {
		s := &smallArith{}
		if f(s); !s.failed() {
			t.Errorf("%s did not fail", name)
		}
	}
}

// randomTerms draws take-or-pay terms and usage over a monthly, quarterly
// or yearly schedule, with prices and quantities of many decimals and
// magnitudes, some beyond what fits an int64.
func randomTerms(t *rapid.T) (TakeOrPay, []Period, []decimal.Decimal, int32) {
	years := rapid.IntRange(1, 5).Draw(t, "years")
	freq := rapid.SampledFrom([]Frequency{EveryMonth, EveryQuarter, EveryYear}).Draw(t, "freq")
	start := Date(2020, 12, 31)
	end := Date(2020+years, 12, 31)
	ps, err := Schedule{Start: start, End: end.AddDate(0, rapid.IntRange(0, 14).Draw(t, "tail"), 0), Frequency: freq, EndOfMonth: true}.Periods()
	if err != nil {
		t.Fatal(err)
	}
	mag := rapid.Int32Range(0, 14).Draw(t, "magnitude") // 14: prices to 10^14, past an int64 at 12 decimals
	dec := func(name string, hi int64, places int32) decimal.Decimal {
		return decimal.New(rapid.Int64Range(0, hi).Draw(t, name), -rapid.Int32Range(0, places).Draw(t, name+"_places"))
	}
	c := TakeOrPay{
		Buyer: "B", Seller: "S", Start: start, End: end,
		Minimum:        dec("min", 100000, 3),
		Measure:        rapid.SampledFrom([]Measure{PerPeriod, PerContractYear}).Draw(t, "measure"),
		Price:          dec("price", 1000, 4).Shift(mag),
		Escalation:     Escalation{Rate: decimal.New(rapid.Int64Range(-50, 200).Draw(t, "esc"), -rapid.Int32Range(2, 5).Draw(t, "esc_places"))},
		ShortfallShare: dec("share", 100, 2).Shift(-2),
		MakeUp:         MakeUp{Window: rapid.IntRange(0, 6).Draw(t, "window"), Cap: dec("cap", 50000, 3)},
		CarryForward:   CarryForward{Window: rapid.IntRange(0, 3).Draw(t, "cf")},
	}
	if !isShare(c.ShortfallShare) {
		c.ShortfallShare = decimal.NewFromInt(1)
	}
	switch rapid.IntRange(0, 2).Draw(t, "life") {
	case 1:
		c.MakeUp.Window, c.MakeUp.Years = 0, rapid.IntRange(1, 3).Draw(t, "years")
	case 2:
		c.MakeUp.Window, c.MakeUp.UntilEnd = 0, true
	}
	if rapid.Bool().Draw(t, "ramp") {
		c.Minimum = decimal.Zero
		for k := range rapid.IntRange(1, 4).Draw(t, "ramp_years") {
			c.Minimums = append(c.Minimums, dec(fmt.Sprintf("ramp%d", k), 100000, 3))
		}
	}
	if rapid.Bool().Draw(t, "suspend") {
		from := AddMonths(start, rapid.IntRange(0, 12*years-1).Draw(t, "susp_from"), true)
		c.Suspensions = []Suspension{{From: from, To: from.AddDate(0, 0, rapid.IntRange(1, 200).Draw(t, "susp_days"))}}
	}
	termEnd := end
	if years > 1 && rapid.Bool().Draw(t, "terminate") {
		termEnd = AddMonths(start, rapid.IntRange(1, 12*years-1).Draw(t, "term_month"), true).AddDate(0, 0, -rapid.IntRange(0, 9).Draw(t, "term_day"))
		c.Termination = Termination{Date: termEnd, Fixed: decimal.New(rapid.Int64Range(0, 1e9).Draw(t, "term_fixed"), -2), Share: dec("term_share", 100, 0).Shift(-2)}
	}
	usage := make([]decimal.Decimal, len(ps))
	for i, p := range ps {
		usage[i] = decimal.Zero
		if refSharedDays(p.Start, p.End, start, termEnd) == 0 {
			continue
		}
		// Takes of the minimum exactly, written with more or fewer
		// places (ties whose exponents differ), or of anything.
		switch m := c.minimum(rapid.IntRange(0, 4).Draw(t, fmt.Sprintf("use%d_year", i))); rapid.IntRange(0, 3).Draw(t, fmt.Sprintf("use%d_kind", i)) {
		case 0:
			usage[i] = m
		case 1:
			usage[i] = decimal.NewFromBigInt(new(big.Int).Mul(m.Coefficient(), big.NewInt(100)), m.Exponent()-2)
		default:
			usage[i] = dec(fmt.Sprintf("use%d", i), 200000, 4)
		}
	}
	return c, ps, usage, rapid.Int32Range(0, 4).Draw(t, "scale")
}

// decimalFields lists the decimal fields of a statement period.
func decimalFields(r TakeOrPayPeriod) map[string]decimal.Decimal {
	return map[string]decimal.Decimal{
		"Price": r.Price, "Taken": r.Taken, "Minimum": r.Minimum, "TakeCharge": r.TakeCharge, "MakeUpCharge": r.MakeUpCharge,
		"Billed": r.Billed, "Shortfall": r.Shortfall, "ShortfallPayment": r.ShortfallPayment,
		"CreditsEarned": r.CreditsEarned, "CreditsUsed": r.CreditsUsed, "CreditsExpired": r.CreditsExpired, "CreditsBalance": r.CreditsBalance,
		"CarriedEarned": r.CarriedEarned, "CarriedUsed": r.CarriedUsed, "CarriedExpired": r.CarriedExpired, "CarriedBalance": r.CarriedBalance,
		"TerminationPayment": r.TerminationPayment, "Paid": r.Paid, "EffectivePrice": r.EffectivePrice,
	}
}

// TestTakeOrPay_Statement_SmallMatchesDecimal: over random terms and
// usage, the statement worked out in int64 coefficients is the
// statement worked out in decimals, every field, value and exponent,
// whenever the int64 arithmetic does not fail; it fails only when some
// number of the statement is large (escalated prices from 10^6 up: 19
// digits at [PricePlaces]), and Statement then gives the decimal
// statement.
func TestTakeOrPay_Statement_SmallMatchesDecimal(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		c, ps, usage, scale := randomTerms(t)
		terms, err := c.statementTerms(ps, usage, scale)
		if err != nil {
			t.Skip(err) // terms the generator could not make valid
		}
		want, _, ok := topRows(decArith{}, c, terms, ps, usage, scale, true)
		if !ok {
			t.Fatal("the decimal statement failed")
		}
		got, _, ok := topRows(&smallArith{}, c, terms, ps, usage, scale, true)
		if !ok {
			if top := decimal.Max(decimal.Zero, terms.prices...); top.LessThan(decimal.New(1, 6)) {
				t.Fatalf("int64 statement failed at prices up to %s", top)
			}
			got, err = c.Statement(ps, usage, scale)
			if err != nil {
				t.Fatal(err)
			}
		}
		if len(got) != len(want) {
			t.Fatalf("%d rows, want %d", len(got), len(want))
		}
		for i := range want {
			g, w := got[i], want[i]
			if g.Period != w.Period || g.InTerm != w.InTerm || g.ContractYear != w.ContractYear || g.Closes != w.Closes {
				t.Fatalf("period %d: %+v, want %+v", i, g, w)
			}
			gf := decimalFields(g)
			for name, wd := range decimalFields(w) {
				requireSame(t, fmt.Sprintf("period %d %s", i, name), gf[name], wd)
			}
		}
		paid, err := c.Paid(ps, usage, scale)
		if err != nil || len(paid) != len(want) {
			t.Fatalf("Paid: %d payments, %v; want %d", len(paid), err, len(want))
		}
		units, fits, err := c.PaidUnits(ps, usage, scale)
		if err != nil || fits != ok || fits && len(units) != len(want) {
			t.Fatalf("PaidUnits: %d payments, %v, %v; the int64 statement %v", len(units), fits, err, ok)
		}
		for i, w := range want {
			requireSame(t, fmt.Sprintf("Paid, period %d", i), paid[i], w.Paid)
			if fits && !decimal.New(units[i], -scale).Equal(w.Paid) {
				t.Fatalf("PaidUnits, period %d: %d units, want %s", i, units[i], w.Paid)
			}
		}
	})
}

// TestTakeOrPay_PaidErrors: Paid and PaidUnits fail as Statement does,
// with the same error, on invalid terms and inputs.
func TestTakeOrPay_PaidErrors(t *testing.T) {
	ps, err := Schedule{Start: Date(2025, 12, 31), End: Date(2026, 12, 31), Frequency: EveryQuarter, EndOfMonth: true}.Periods()
	if err != nil {
		t.Fatal(err)
	}
	ok := TakeOrPay{Buyer: "B", Seller: "S", Start: Date(2025, 12, 31), End: Date(2026, 12, 31), Minimum: decimal.NewFromInt(10),
		Price: decimal.NewFromInt(3), ShortfallShare: decimal.NewFromInt(1)}
	usage := []decimal.Decimal{decimal.NewFromInt(1), decimal.NewFromInt(2), decimal.NewFromInt(3), decimal.NewFromInt(4)}
	noSeller := ok
	noSeller.Seller = ""
	for name, c := range map[string]struct {
		t     TakeOrPay
		usage []decimal.Decimal
		scale int32
	}{
		"terms": {noSeller, usage, 2}, "usage": {ok, usage[:3], 2}, "scale": {ok, usage, 9},
	} {
		_, want := c.t.Statement(ps, c.usage, c.scale)
		paid, got := c.t.Paid(ps, c.usage, c.scale)
		if want == nil || got == nil || got.Error() != want.Error() || paid != nil {
			t.Errorf("%s: Paid gives %v, %v; Statement %v", name, paid, got, want)
		}
		units, fits, got := c.t.PaidUnits(ps, c.usage, c.scale)
		if got == nil || got.Error() != want.Error() || units != nil || fits {
			t.Errorf("%s: PaidUnits gives %v, %v, %v; Statement %v", name, units, fits, got, want)
		}
	}
}

// TestTakeOrPay_Statement_MatchesReference: over random terms and usage
// (takes of exactly the minimum among them, written with other places),
// Statement and Paid give what the statement worked out entirely in
// decimals before (takeorpay_reference_test.go) gives, every field,
// value and exponent.
func TestTakeOrPay_Statement_MatchesReference(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		c, ps, usage, scale := randomTerms(t)
		want, wantErr := c.refStatement(ps, usage, scale)
		got, err := c.Statement(ps, usage, scale)
		paid, paidErr := c.Paid(ps, usage, scale)
		if wantErr != nil || err != nil || paidErr != nil {
			if wantErr == nil || err == nil || paidErr == nil || err.Error() != wantErr.Error() || paidErr.Error() != wantErr.Error() {
				t.Fatalf("errors: Statement %v, Paid %v; reference %v", err, paidErr, wantErr)
			}
			return
		}
		if len(got) != len(want) || len(paid) != len(want) {
			t.Fatalf("%d rows and %d payments, want %d", len(got), len(paid), len(want))
		}
		for i := range want {
			g, w := got[i], want[i]
			if g.Period != w.Period || g.InTerm != w.InTerm || g.ContractYear != w.ContractYear || g.Closes != w.Closes {
				t.Fatalf("period %d: %+v, want %+v", i, g, w)
			}
			gf := decimalFields(g)
			for name, wd := range decimalFields(w) {
				requireSame(t, fmt.Sprintf("period %d %s", i, name), gf[name], wd)
			}
			requireSame(t, fmt.Sprintf("Paid, period %d", i), paid[i], w.Paid)
		}
	})
}

// TestCreditCharge_HalfCent: the make-up charge of credits used is
// Σ qty × (price − prepaid), each at least 0, rounded once half away
// from zero: 1 unit at 1.00 prepaid 0.995 is 0.005, charged 0.01; 3 units
// prepaid above the price are charged nothing. In decimals, in int64, and
// in int64 with a line too long for it (1.000000000000000001 units at
// 0.7777: 0.7777000000000000007777, charged 0.78).
func TestCreditCharge_HalfCent(t *testing.T) {
	d := decimal.RequireFromString
	lines := []topLot{{qty: d("1"), prepaid: d("0.995")}, {qty: d("3"), prepaid: d("1.50")}}
	if got := (decArith{}).creditCharge(lines, d("1.00"), 2); got.String() != "0.01" || got.Exponent() != -2 {
		t.Errorf("decimals: %s (exponent %d), want 0.01", got, got.Exponent())
	}
	s := &smallArith{}
	short := []lot[small]{{qty: s.from(d("1")), prepaid: s.from(d("0.995"))}, {qty: s.from(d("3")), prepaid: s.from(d("1.50"))}}
	if got := s.dec(s.creditCharge(short, s.from(d("1.00")), 2)); s.failed() || got.String() != "0.01" || got.Exponent() != -2 {
		t.Errorf("int64: %s (exponent %d, failed %t), want 0.01", got, got.Exponent(), s.failed())
	}
	long := []lot[small]{{qty: s.from(d("1.000000000000000001")), prepaid: s.from(d("1"))}}
	if got := s.dec(s.creditCharge(long, s.from(d("1.7777")), 2)); s.failed() || got.String() != "0.78" || got.Exponent() != -2 {
		t.Errorf("int64, long line: %s (exponent %d, failed %t), want 0.78", got, got.Exponent(), s.failed())
	}
}

// TestTakeOrPay_Statement_TiesKeepTheirExponent: where two figures are
// equal but written with different places, the statement keeps the one
// decimal.Min and decimal.Max keep (the first of equals), as the
// all-decimal reference does: a credit of 10 used against an excess of
// 10.0 is 10 used; a cap of 5.00 against an excess of 5.0 uses 5.0; a
// take of exactly the minimum is no excess and no shortfall.
func TestTakeOrPay_Statement_TiesKeepTheirExponent(t *testing.T) {
	d := decimal.RequireFromString
	ps, err := Schedule{Start: Date(2025, 12, 31), End: Date(2026, 12, 31), Frequency: EveryQuarter, EndOfMonth: true}.Periods()
	if err != nil {
		t.Fatal(err)
	}
	base := TakeOrPay{Buyer: "B", Seller: "S", Start: Date(2025, 12, 31), End: Date(2026, 12, 31), Minimum: d("100"),
		Price: d("2.5"), ShortfallShare: d("0.5"), MakeUp: MakeUp{Window: 3}, CarryForward: CarryForward{Window: 2}}
	capped := base
	capped.MakeUp.Cap = d("5.00")
	for name, c := range map[string]struct {
		t     TakeOrPay
		usage []string
	}{
		"credit = excess":  {base, []string{"90", "110.0", "100.00", "100"}},
		"excess = credit":  {base, []string{"90.000", "110", "100", "0"}},
		"cap = excess":     {capped, []string{"90", "105.0", "95", "105.000"}},
		"exactly minimum":  {base, []string{"100.0", "100", "100.000", "100.00"}},
		"carried = short":  {base, []string{"110.00", "90.0", "110", "90.000"}},
		"carried > short":  {base, []string{"120.0", "90", "100", "95.00"}},
		"credits expire":   {capped, []string{"80.0", "80", "100.00", "100"}},
		"nothing is taken": {base, []string{"0", "0.0", "0.00", "0"}},
	} {
		usage := make([]decimal.Decimal, len(c.usage))
		for i, u := range c.usage {
			usage[i] = d(u)
		}
		want, err := c.t.refStatement(ps, usage, 2)
		if err != nil {
			t.Fatal(err)
		}
		got, err := c.t.Statement(ps, usage, 2)
		if err != nil {
			t.Fatal(err)
		}
		for i := range want {
			gf := decimalFields(got[i])
			for field, w := range decimalFields(want[i]) {
				requireSame(t, fmt.Sprintf("%s: period %d %s", name, i, field), gf[field], w)
			}
		}
	}
}

// TestMulDivRound_MatchesDecimal checks mulDivRound against decimal's
// a.Mul(b).Mul(num).DivRound(den, places), coefficient and exponent, and
// that its integers give up exactly when a number does not fit: an
// operand negative or of 19 digits, |a.e + b.e + places| of 20 or more, a·b·num
// or a·b·num·10^k at or past 2^128, den·10^−k at or past 2^64, or the
// rounded quotient at or past 2^63 (worked out here in big integers).
func TestMulDivRound_MatchesDecimal(t *testing.T) {
	two := func(n uint) *big.Int { return new(big.Int).Lsh(big.NewInt(1), n) }
	rapid.Check(t, func(t *rapid.T) {
		a, b := drawDecimal(t, "a"), drawDecimal(t, "b")
		if rapid.Bool().Draw(t, "positive") {
			a, b = a.Abs(), b.Abs()
		}
		num := rapid.Int64Range(-2, 1<<20).Draw(t, "num")
		if rapid.Bool().Draw(t, "big_num") {
			num = math.MaxInt64 - rapid.Int64Range(0, 1e6).Draw(t, "num_off")
		}
		den := rapid.Int64Range(-1, 1<<20).Draw(t, "den")
		if rapid.Bool().Draw(t, "big_den") {
			den = math.MaxInt64 - rapid.Int64Range(0, 1e6).Draw(t, "den_off")
		}
		places := rapid.Int32Range(-2, 30).Draw(t, "places")
		if den > 0 {
			want := a.Mul(b).Mul(decimal.NewFromInt(num)).DivRound(decimal.NewFromInt(den), places)
			requireSame(t, fmt.Sprintf("mulDivRound(%s, %s, %d, %d, %d)", a, b, num, den, places), mulDivRound(a, b, num, den, places), want)
		}
		_, ok := mulDivRoundInt(a, b, num, den, places)
		fits := a.Sign() >= 0 && b.Sign() >= 0 && num >= 0 && den > 0 && a.NumDigits() <= 18 && b.NumDigits() <= 18
		k := int64(a.Exponent()) + int64(b.Exponent()) + int64(places)
		fits = fits && k < 20 && k > -20
		if fits {
			n := new(big.Int).Mul(a.Coefficient(), b.Coefficient())
			n.Mul(n, big.NewInt(num))
			d := big.NewInt(den)
			if k >= 0 {
				n.Mul(n, new(big.Int).Exp(big.NewInt(10), big.NewInt(k), nil))
			} else {
				d.Mul(d, new(big.Int).Exp(big.NewInt(10), big.NewInt(-k), nil))
			}
			q, r := new(big.Int).QuoRem(n, d, new(big.Int))
			if r.Lsh(r, 1).Cmp(d) >= 0 {
				q.Add(q, big.NewInt(1))
			}
			fits = n.Cmp(two(128)) < 0 && d.Cmp(two(64)) < 0 && q.Cmp(two(63)) < 0
		}
		if ok != fits {
			t.Fatalf("mulDivRoundInt(%s, %s, %d, %d, %d): ok %t, want %t", a, b, num, den, places, ok, fits)
		}
	})
}

// TestMulDivRound_Boundaries: the integers' limits, each side of them.
func TestMulDivRound_Boundaries(t *testing.T) {
	max63 := decimal.NewFromInt(math.MaxInt64)
	tests := []struct {
		name     string
		a, b     decimal.Decimal
		num, den int64
		places   int32
		ok       bool
	}{
		{"quotient 2^63 - 1", decimal.New(999999999999999999, 0), decimal.NewFromInt(9), 1, 1, 0, true},
		// 3·2^63 − 1 = 311 × 88971434439113593: 2^63 − 1 and 2/3, rounded up to 2^63.
		{"rounds up to 2^63", decimal.NewFromInt(311), decimal.NewFromInt(1), 88971434439113593, 3, 0, false},
		// 3·2^63 − 2 = 22 × 1257732550480196701: 2^63 − 1 and 1/3.
		{"rounds down to 2^63 - 1", decimal.NewFromInt(22), decimal.NewFromInt(1), 1257732550480196701, 3, 0, true},
		{"half rounds up", decimal.NewFromInt(5), decimal.NewFromInt(1), 1, 10, 0, true},
		{"below half rounds down", decimal.NewFromInt(49), decimal.NewFromInt(1), 1, 100, 0, true},
		{"a·b·num past 2^128", decimal.New(999999999999999999, 0), decimal.New(999999999999999999, 0), 1 << 10, 1 << 62, 0, false},
		{"scaled past 2^128", decimal.New(999999999999999999, 0), decimal.New(999999999999999999, 0), 1, 1 << 62, 3, false},
		{"den scaled past 2^64", decimal.NewFromInt(1), decimal.NewFromInt(1), 1, 1 << 62, -2, false},
		{"den scaled below 2^64", decimal.NewFromInt(1), decimal.NewFromInt(1), 1, 1 << 2, -17, true},
		{"k = 19", decimal.NewFromInt(0), decimal.NewFromInt(1), 1, 1, 19, true},
		{"k = 20", decimal.NewFromInt(0), decimal.NewFromInt(1), 1, 1, 20, false},
		{"k = -19", decimal.NewFromInt(0), decimal.NewFromInt(1), 1, 1, -19, true},
		{"k = -20", decimal.NewFromInt(0), decimal.NewFromInt(1), 1, 1, -20, false},
		{"18-digit a", decimal.New(999999999999999999, 0), decimal.NewFromInt(1), 1, 1, 0, true},
		{"18-digit b", decimal.NewFromInt(1), decimal.New(999999999999999999, 0), 1, 1, 0, true},
		// 2^59·2^59·64·10^4 = 625·2^128: the scaled high word's low half is 0.
		{"scaled to 625·2^128", decimal.New(1<<59, 0), decimal.New(1<<59, 0), 64, 1, 4, false},
		// 2^59·32 = 2^64: the high word equals den = 1.
		{"high word = den", decimal.New(1<<59, 0), decimal.NewFromInt(32), 1, 1, 0, false},
		{"negative a", decimal.NewFromInt(-1), decimal.NewFromInt(1), 1, 1, 0, false},
		{"negative b", decimal.NewFromInt(1), decimal.NewFromInt(-1), 1, 1, 0, false},
		{"negative num", decimal.NewFromInt(1), decimal.NewFromInt(1), -1, 1, 0, false},
		{"zero den", decimal.NewFromInt(1), decimal.NewFromInt(1), 1, 0, 0, false},
		{"19 digits", max63, decimal.NewFromInt(1), 1, 1, 0, false},
		{"19 digits b", decimal.NewFromInt(1), max63, 1, 1, 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, ok := mulDivRoundInt(tt.a, tt.b, tt.num, tt.den, tt.places)
			if ok != tt.ok {
				t.Fatalf("ok %t, want %t", ok, tt.ok)
			}
			if tt.den > 0 {
				want := tt.a.Mul(tt.b).Mul(decimal.NewFromInt(tt.num)).DivRound(decimal.NewFromInt(tt.den), tt.places)
				requireSame(t, tt.name, mulDivRound(tt.a, tt.b, tt.num, tt.den, tt.places), want)
			}
		})
	}
}

// TestMulInt_MatchesDecimal checks mulInt against decimal's
// d.Mul(decimal.NewFromInt(n)), coefficient and exponent, and that its
// int64 product gives way exactly when d has 19 digits or the product
// does not fit an int64 (worked out in big integers).
func TestMulInt_MatchesDecimal(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		d := drawDecimal(t, "d")
		n := rapid.Int64Range(-1e6, 1e6).Draw(t, "n")
		switch rapid.IntRange(0, 2).Draw(t, "n_kind") {
		case 1:
			n = math.MaxInt64 - rapid.Int64Range(0, 1e6).Draw(t, "n_off")
		case 2:
			n = math.MinInt64 + rapid.Int64Range(0, 1e6).Draw(t, "n_off")
		}
		want := d.Mul(decimal.NewFromInt(n))
		requireSame(t, fmt.Sprintf("mulInt(%s, %d)", d, n), mulInt(d, n), want)
		_, ok := mulIntCoef(d, n)
		if fits := d.NumDigits() <= 18 && want.Coefficient().IsInt64(); ok != fits {
			t.Fatalf("mulIntCoef(%s, %d): ok %t, want %t", d, n, ok, fits)
		}
	})
}

// TestMulInt_Boundaries: the int64 product each side of its limits.
func TestMulInt_Boundaries(t *testing.T) {
	tests := []struct {
		name string
		d    decimal.Decimal
		n    int64
		ok   bool
	}{
		{"2^55 × 2^8 = 2^63", decimal.New(1<<55, 0), 1 << 8, false},
		{"2^55 × -2^8 = -2^63", decimal.New(1<<55, 0), -(1 << 8), true},
		{"-2^55 × 2^8 = -2^63", decimal.New(-(1 << 55), 0), 1 << 8, true},
		{"past 64 bits", decimal.New(1<<55, 0), 1 << 10, false},
		{"18 digits", decimal.New(999999999999999999, -3), 9, true},
		{"19 digits", decimal.New(1000000000000000000, -3), 1, false},
		{"zero", decimal.New(0, -2), -5, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, ok := mulIntCoef(tt.d, tt.n); ok != tt.ok {
				t.Fatalf("ok %t, want %t", ok, tt.ok)
			}
			requireSame(t, tt.name, mulInt(tt.d, tt.n), tt.d.Mul(decimal.NewFromInt(tt.n)))
		})
	}
}
