package contract

import (
	"math/rand/v2"
	"testing"
	"time"

	"github.com/shopspring/decimal"
)

// TestCharges_sameAsFormula checks Energy.Charges and Opex.Charges, the
// cash-only paths, and their ChargesUnits (the same in minor units),
// against each period's formula worked out on its own in decimals (value
// and exponent): Load × hours × Price rounded and the
// pass-through of the rounded cost; Annual × factor × num/den rounded
// once over the period clipped to (Start, End], zero outside it. The
// loads and prices repeat (so figures are reused), the opex periods come
// in any order, overlap and cross Start and End (so the costs of a year
// are looked up after other years').
func TestCharges_sameAsFormula(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 17))
	for k := range 200 {
		start := Date(2025, time.Month(1+rng.IntN(12)), 1)
		ps, err := Schedule{Start: start, End: AddMonths(start, 1+rng.IntN(60), false), Frequency: EveryMonth}.Periods()
		if err != nil {
			t.Fatal(err)
		}
		if rng.IntN(3) == 0 { // periods out of order and overlapping
			for i := range ps {
				s := Date(2024, 1, 1).AddDate(0, 0, rng.IntN(2500))
				ps[i] = Period{Index: i, Start: s, End: s.AddDate(0, 0, 1+rng.IntN(400))}
			}
		}
		scale := int32(rng.IntN(4))
		pick := func(exp int32) decimal.Decimal { return decimal.New(1+rng.Int64N(3), exp-int32(rng.IntN(2))) }
		e := Energy{PassThrough: decimal.New(rng.Int64N(101), -2)}
		for range ps {
			e.Load = append(e.Load, pick(-1))
			e.Price = append(e.Price, pick(0).Mul(decimal.NewFromInt(40)))
		}
		cost, pass, err := e.Charges(ps, scale)
		if err != nil {
			t.Fatal(err)
		}
		costU, passU, fitsE, err := e.ChargesUnits(ps, scale)
		if err != nil || !fitsE || len(costU) != len(ps) || len(passU) != len(ps) {
			t.Fatalf("case %d: energy ChargesUnits %d and %d entries, %v, %v", k, len(costU), len(passU), fitsE, err)
		}
		o := Opex{Annual: decimal.New(rng.Int64N(1e12), -int32(rng.IntN(4))), Start: start.AddDate(0, 0, rng.IntN(90)-30),
			Escalation: Escalation{Rate: decimal.New(rng.Int64N(900)-100, -3)}, DayCount: DayCount(rng.IntN(6))}
		if rng.IntN(2) == 0 {
			o.End = o.Start.AddDate(0, 0, 1+rng.IntN(1500))
		}
		costs, err := o.Charges(ps, scale)
		if err != nil {
			t.Fatal(err)
		}
		units, fits, err := o.ChargesUnits(ps, scale)
		if err != nil || !fits || len(units) != len(ps) {
			t.Fatalf("case %d: ChargesUnits %d entries, %v, %v", k, len(units), fits, err)
		}
		if len(cost) != len(ps) || len(pass) != len(ps) || len(costs) != len(ps) {
			t.Fatalf("case %d: %d, %d and %d entries for %d periods", k, len(cost), len(pass), len(costs), len(ps))
		}
		for i, p := range ps {
			hours := int64(Days(p.Start, p.End)) * 24
			c := e.Load[i].Mul(decimal.NewFromInt(hours)).Mul(e.Price[i]).Round(scale)
			pt := c.Mul(e.PassThrough).Round(scale)
			if !sameDecimal(cost[i], c) || !sameDecimal(pass[i], pt) {
				t.Fatalf("case %d energy period %d: cost %s e%d pass %s e%d, want %s e%d, %s e%d", k, i,
					cost[i], cost[i].Exponent(), pass[i], pass[i].Exponent(), c, c.Exponent(), pt, pt.Exponent())
			}
			if !decimal.New(costU[i], -scale).Equal(c) || !decimal.New(passU[i], -scale).Equal(pt) {
				t.Fatalf("case %d energy period %d: %d and %d units, want %s and %s", k, i, costU[i], passU[i], c, pt)
			}
			from, to := p.Start, p.End
			if from.Before(o.Start) {
				from = o.Start
			}
			if !o.End.IsZero() && to.After(o.End) {
				to = o.End
			}
			want := decimal.Zero
			if to.After(from) {
				f, err := o.Escalation.Factor(ContractYear(o.Start, to))
				if err != nil {
					t.Fatal(err)
				}
				num, den := o.DayCount.Fraction(from, to)
				want = o.Annual.Mul(f).Mul(decimal.NewFromInt(num)).DivRound(decimal.NewFromInt(den), scale)
			}
			if !sameDecimal(costs[i], want) {
				t.Fatalf("case %d opex period %d: %s e%d, want %s e%d", k, i, costs[i], costs[i].Exponent(), want, want.Exponent())
			}
			if got := decimal.New(units[i], -scale); !got.Equal(want) {
				t.Fatalf("case %d opex period %d: %d units, want %s", k, i, units[i], want)
			}
		}
	}
}

// TestCharges_errors checks that the cash-only paths fail as the full
// ones do, and return nothing then.
func TestCharges_errors(t *testing.T) {
	ps, err := Explicit(Date(2025, 1, 1), Date(2025, 2, 1), Date(2025, 3, 1), Date(2025, 4, 1))
	if err != nil {
		t.Fatal(err)
	}
	one := decimal.NewFromInt(1)
	for _, e := range []Energy{{}, {Load: Path{one, one}, Price: Const(one)}, {Load: Const(one), Price: Const(one), PassThrough: decimal.NewFromInt(2)}} {
		_, want := e.Bill(ps, 2)
		cost, pass, err := e.Charges(ps, 2)
		if want == nil || err == nil || err.Error() != want.Error() || cost != nil || pass != nil {
			t.Errorf("%+v: Charges %v, %v, %v; Bill's error %v", e, cost, pass, err, want)
		}
		costU, passU, fits, err := e.ChargesUnits(ps, 2)
		if err == nil || err.Error() != want.Error() || costU != nil || passU != nil || fits {
			t.Errorf("%+v: ChargesUnits %v, %v, %v, %v; Bill's error %v", e, costU, passU, fits, err, want)
		}
	}
	if _, _, err := (Energy{Load: Const(one), Price: Const(one)}).Charges(ps, 9); err == nil {
		t.Error("scale 9: no error")
	}
	for _, o := range []Opex{{}, {Annual: one, Start: Date(2024, 1, 1), Escalation: Escalation{Index: []decimal.Decimal{one}}}} {
		_, want := o.Costs(ps, 2)
		costs, err := o.Charges(ps, 2)
		if want == nil || err == nil || err.Error() != want.Error() || costs != nil {
			t.Errorf("%+v: Charges %v, %v; Costs's error %v", o, costs, err, want)
		}
		units, fits, err := o.ChargesUnits(ps, 2)
		if err == nil || err.Error() != want.Error() || units != nil || fits {
			t.Errorf("%+v: ChargesUnits %v, %v, %v; Costs's error %v", o, units, fits, err, want)
		}
	}
}
