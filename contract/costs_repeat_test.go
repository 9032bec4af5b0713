package contract

import (
	"math/rand/v2"
	"testing"
	"time"

	"github.com/shopspring/decimal"
)

// TestCosts_RepeatedPeriods checks Energy.Bill and Opex.Costs, which work
// out a period like an earlier one once, against each period's formula
// worked out on its own, on monthly schedules whose loads and prices
// repeat: Load × hours × Price rounded, the pass-through of the rounded
// cost, and Annual × factor × num/den rounded once.
func TestCosts_RepeatedPeriods(t *testing.T) {
	rng := rand.New(rand.NewPCG(21, 4))
	for k := range 30 {
		start := Date(2025, time.Month(1+rng.IntN(12)), 1)
		ps, err := Schedule{Start: start, End: AddMonths(start, 12+rng.IntN(60), false), Frequency: EveryMonth}.Periods()
		if err != nil {
			t.Fatal(err)
		}
		pick := func(exp int32) decimal.Decimal { return decimal.New(1+rng.Int64N(3), exp) } // few values: they repeat
		e := Energy{PassThrough: decimal.New(rng.Int64N(101), -2)}
		for range ps {
			e.Load = append(e.Load, pick(-1))
			e.Price = append(e.Price, pick(0).Mul(decimal.NewFromInt(40)))
		}
		bill, err := e.Bill(ps, 2)
		if err != nil {
			t.Fatal(err)
		}
		o := Opex{Annual: decimal.New(1_000_000+rng.Int64N(1_000_000), -2), Start: start,
			Escalation: Escalation{Rate: decimal.New(rng.Int64N(500), -4)}, DayCount: DayCount(rng.IntN(5))}
		costs, err := o.Costs(ps, 2)
		if err != nil {
			t.Fatal(err)
		}
		esc := newEscalator(o.Escalation)
		for i, p := range ps {
			hours := int64(Days(p.Start, p.End)) * 24
			cost := e.Load[i].Mul(decimal.NewFromInt(hours)).Mul(e.Price[i]).Round(2)
			pass := cost.Mul(e.PassThrough).Round(2)
			got := bill[i]
			if got.Period != p || got.Hours != hours || !sameDecimal(got.Cost, cost) || !sameDecimal(got.PassThrough, pass) ||
				!sameDecimal(got.Net, cost.Sub(pass)) || !sameDecimal(got.MWh, e.Load[i].Mul(decimal.NewFromInt(hours))) || !sameDecimal(got.Load, e.Load[i]) || !sameDecimal(got.Price, e.Price[i]) {
				t.Fatalf("case %d energy period %d: %+v, want cost %s pass %s", k, i, got, cost, pass)
			}
			y := ContractYear(o.Start, p.End)
			f, err := esc.factor(y)
			if err != nil {
				t.Fatal(err)
			}
			num, den := o.DayCount.Fraction(p.Start, p.End)
			want := o.Annual.Mul(f).Mul(decimal.NewFromInt(num)).DivRound(decimal.NewFromInt(den), 2)
			if c := costs[i]; c.Period != p || c.ContractYear != y || !sameDecimal(c.Cost, want) {
				t.Fatalf("case %d opex period %d: %+v, want %s", k, i, c, want)
			}
		}
	}
}

// TestOpex_CostsAnyPeriods checks Opex.Costs on periods in any order,
// overlapping, partly before Start or after End, against each period's
// cost worked out on its own: clipped to (Start, End], the contract year
// of its last day (ContractYear) and Annual × factor × num/den in
// decimals, rounded once.
func TestOpex_CostsAnyPeriods(t *testing.T) {
	rng := rand.New(rand.NewPCG(8, 12))
	for k := range 200 {
		day := func() time.Time { return Date(2024, 1, 1).AddDate(0, 0, rng.IntN(3000)) }
		o := Opex{Annual: decimal.New(rng.Int64N(1e12), -int32(rng.IntN(4))), Start: day(),
			Escalation: Escalation{Rate: decimal.New(rng.Int64N(900)-100, -3)}, DayCount: DayCount(rng.IntN(6))}
		if rng.IntN(2) == 0 {
			o.End = o.Start.AddDate(0, 0, 1+rng.IntN(2000))
		}
		var ps []Period
		for range 1 + rng.IntN(40) {
			s := day()
			ps = append(ps, Period{Start: s, End: s.AddDate(0, 0, 1+rng.IntN(400))})
		}
		scale := int32(rng.IntN(3))
		costs, err := o.Costs(ps, scale)
		if err != nil {
			t.Fatal(err)
		}
		for i, p := range ps {
			from, to := p.Start, p.End
			if from.Before(o.Start) {
				from = o.Start
			}
			if !o.End.IsZero() && to.After(o.End) {
				to = o.End
			}
			c := costs[i]
			if !to.After(from) {
				if c.ContractYear != -1 || !sameDecimal(c.Cost, decimal.Zero) || !sameDecimal(c.Factor, decimal.Zero) {
					t.Fatalf("case %d period %d outside the span: %+v", k, i, c)
				}
				continue
			}
			y := ContractYear(o.Start, to)
			f, err := o.Escalation.Factor(y)
			if err != nil {
				t.Fatal(err)
			}
			num, den := o.DayCount.Fraction(from, to)
			want := o.Annual.Mul(f).Mul(decimal.NewFromInt(num)).DivRound(decimal.NewFromInt(den), scale)
			if c.Period != p || c.ContractYear != y || !sameDecimal(c.Factor, f) || !sameDecimal(c.Cost, want) {
				t.Fatalf("case %d period %d: %+v, want year %d factor %s cost %s", k, i, c, y, f, want)
			}
		}
	}
}
