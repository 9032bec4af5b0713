package contract

import (
	"math/rand/v2"
	"testing"
	"time"

	"github.com/shopspring/decimal"
)

// TestLoanPlan_factors checks that the plan's per-period rates and growth
// factors, taken from a cache by rate and year fraction, are those of
// [Rate.Growth] over each period, as the plan computed them before the
// cache: random loans, fixed and floating with a fixing in most periods,
// on every compounding and day count, with PIK and a commitment fee.
func TestLoanPlan_factors(t *testing.T) {
	rng := rand.New(rand.NewPCG(17, 1))
	for k := range 60 {
		n := 2 + rng.IntN(120)
		start := Date(2023, time.Month(1+rng.IntN(12)), 1+rng.IntN(28))
		ps, err := Schedule{Start: start, End: AddMonths(start, n*3, rng.IntN(2) == 0), Frequency: EveryQuarter}.Periods()
		if err != nil {
			t.Fatal(err)
		}
		bp := func(lo, hi int64) decimal.Decimal { return decimal.New(lo+rng.Int64N(hi-lo+1), -4) }
		amount := decimal.NewFromInt(1_000_000)
		l := Loan{Commitment: amount.Mul(decimal.NewFromInt(2)), Draws: []Flow{{Date: ps[0].End, Amount: amount}},
			Rate:         Rate{Annual: bp(0, 2500), Compounding: Compounding(rng.IntN(7)), DayCount: DayCount(rng.IntN(5))},
			Amortization: Amortization(rng.IntN(3)), Frequency: EveryQuarter,
			PIKRate: bp(0, 800), CommitmentFee: bp(0, 100)}
		if rng.IntN(2) == 0 {
			l.Floating = &FloatingRate{Spread: bp(0, 400)}
			for i, p := range ps {
				if i == 0 || rng.IntN(4) > 0 {
					l.Floating.Index = append(l.Floating.Index, IndexFixing{Date: p.Start, Rate: bp(0, 10) /* few rates, so they repeat */})
				}
			}
		}
		plan, err := l.Plan(ps, 2)
		if err != nil {
			t.Fatalf("loan %d: %v", k, err)
		}
		less1 := func(r Rate, p Period) decimal.Decimal {
			if r.Annual.IsZero() {
				return decimal.Zero
			}
			g, err := r.Growth(p.Start, p.End)
			if err != nil {
				t.Fatal(err)
			}
			return g.Sub(one)
		}
		for i, p := range ps {
			r, err := l.cashRate(p)
			if err != nil {
				t.Fatal(err)
			}
			checks := []struct {
				what      string
				got, want decimal.Decimal
			}{
				{"rate", plan.rate[i], r},
				{"cash", plan.cashF[i], less1(Rate{Annual: r, Compounding: l.Rate.Compounding, DayCount: l.Rate.DayCount}, p)},
				{"pik", plan.pikF[i], less1(Rate{Annual: l.PIKRate, Compounding: l.Rate.Compounding, DayCount: l.Rate.DayCount}, p)},
				{"fee", plan.feeF[i], less1(Rate{Annual: l.CommitmentFee, DayCount: l.Rate.DayCount}, p)},
			}
			if l.Amortization == LevelPayment {
				checks = append(checks, struct {
					what      string
					got, want decimal.Decimal
				}{"periodic", plan.periodic[i], r.Mul(decimal.NewFromInt(3)).DivRound(decimal.NewFromInt(12), AnnuityPlaces)})
			}
			for _, c := range checks {
				if !c.got.Equal(c.want) {
					t.Fatalf("loan %d (%v), period %d: %s %s, want %s", k, l.Rate, i, c.what, c.got, c.want)
				}
			}
		}
	}
}

// rowBefore is LoanPlan.Row as it was before it skipped arithmetic on
// zero amounts: the oracle of TestLoanPlan_rows.
func (p *LoanPlan) rowBefore(i int, st LoanState) (LoanRow, LoanState) {
	l := &p.loan
	zero := decimal.Zero
	b := st.Balance
	r := LoanRow{Period: p.periods[i], Opening: b, Rate: p.rate[i], Interest: zero, PIK: zero, Principal: zero,
		Prepayment: zero, UpfrontFee: zero, CommitmentFee: zero, PrepaymentFee: zero, Draw: p.draw[i]}
	r.Interest = b.Mul(p.cashF[i]).Round(p.scale)
	r.PIK = b.Mul(p.pikF[i]).Round(p.scale)
	if k := i - p.first; k >= 1 && k <= l.PIKPeriods {
		r.PIK, r.Interest = r.PIK.Add(r.Interest), zero
	}
	if i == p.first {
		r.UpfrontFee = l.Commitment.Mul(l.UpfrontFee).Round(p.scale)
	}
	if i <= p.maturity {
		r.CommitmentFee = l.Commitment.Sub(st.Drawn).Mul(p.feeF[i]).Round(p.scale)
	}
	due := b.Add(r.PIK)
	switch {
	case i >= p.maturity:
		r.Principal = due
	case i < p.amortStart || i > p.amortEnd:
	case l.Amortization == StraightLine:
		if !st.InstalmentFixed {
			n := decimal.NewFromInt(int64(p.amortEnd - i + 1))
			st.Instalment, st.InstalmentFixed = b.DivRound(n, p.scale), true
		}
		r.Principal = decimal.Min(st.Instalment, due)
		if i == p.amortEnd {
			r.Principal = due
		}
	case l.Amortization == LevelPayment:
		rate := p.rate[i].Mul(decimal.NewFromInt(int64(l.Frequency.Months()))).DivRound(decimal.NewFromInt(12), AnnuityPlaces)
		if !st.InstalmentFixed || !st.InstalmentRate.Equal(rate) {
			st.Instalment = Annuity(b, rate, p.amortEnd-i+1, p.scale)
			st.InstalmentRate, st.InstalmentFixed = rate, true
		}
		r.Principal = decimal.Min(decimal.Max(st.Instalment.Sub(r.Interest), zero), due)
		if i == p.amortEnd {
			r.Principal = due
		}
	case l.Amortization == Custom:
		r.Principal = decimal.Min(p.custom[i], due)
	}
	r.Prepayment = decimal.Min(p.prepay[i], due.Sub(r.Principal))
	r.PrepaymentFee = r.Prepayment.Mul(l.PrepaymentFee).Round(p.scale)
	r.Closing = due.Sub(r.Principal).Sub(r.Prepayment).Add(r.Draw)
	st.Balance = r.Closing
	st.Drawn = st.Drawn.Add(r.Draw)
	return r, st
}

// TestLoanPlan_rows checks Row against rowBefore, amount by amount, on
// random loans of every amortization with PIK periods, fees, two draws
// and prepayments, fixed and floating, and from states off the
// contractual path (a balance the debt tranche carries after arrears).
func TestLoanPlan_rows(t *testing.T) {
	rng := rand.New(rand.NewPCG(23, 5))
	for k := range 200 {
		n := 3 + rng.IntN(60)
		ps, err := Schedule{Start: Date(2024, 3, 31), End: AddMonths(Date(2024, 3, 31), n, true), EndOfMonth: true}.Periods()
		if err != nil {
			t.Fatal(err)
		}
		bp := func(lo, hi int64) decimal.Decimal { return decimal.New(lo+rng.Int64N(hi-lo+1), -4) }
		cents := func(lo, hi int64) decimal.Decimal { return decimal.New(lo+rng.Int64N(hi-lo+1), -2) }
		first, second := cents(1, 1e9), cents(0, 1e8)
		l := Loan{Commitment: first.Add(second).Add(cents(0, 1e8)), Draws: []Flow{{Date: ps[0].End, Amount: first}},
			Rate:         Rate{Annual: bp(0, 1500), Compounding: Compounding(rng.IntN(7)), DayCount: DayCount(rng.IntN(5))},
			Amortization: Amortization(rng.IntN(4)), Frequency: EveryMonth, InterestOnly: rng.IntN(4), Amortize: rng.IntN(n),
			PIKRate: bp(0, 600).Mul(decimal.NewFromInt(int64(rng.IntN(2)))), PIKPeriods: rng.IntN(3), // PIK half the time
			UpfrontFee: bp(0, 200), CommitmentFee: bp(0, 100).Mul(decimal.NewFromInt(int64(rng.IntN(2)))), PrepaymentFee: bp(0, 300)}
		if second.Sign() > 0 {
			l.Draws = append(l.Draws, Flow{Date: ps[1+rng.IntN(n/2)].End, Amount: second})
		}
		if l.Amortization == Custom {
			for range 3 {
				l.Custom = append(l.Custom, Flow{Date: ps[1+rng.IntN(n-1)].End, Amount: cents(0, 1e8)})
			}
		}
		for range rng.IntN(3) {
			l.Prepayments = append(l.Prepayments, Flow{Date: ps[1+rng.IntN(n-1)].End, Amount: cents(0, 1e8)})
		}
		if rng.IntN(2) == 0 {
			l.Floating = &FloatingRate{Index: []IndexFixing{{Date: ps[0].Start, Rate: bp(0, 600)}, {Date: ps[n/2].Start, Rate: bp(0, 900)}}, Spread: bp(0, 400)}
		}
		plan, err := l.Plan(ps, 2)
		if err != nil {
			t.Fatalf("loan %d: %v", k, err)
		}
		st := LoanState{Balance: decimal.Zero, Drawn: decimal.Zero, Instalment: decimal.Zero, InstalmentRate: decimal.Zero}
		for i := range ps {
			if rng.IntN(8) == 0 { // off the contractual path
				st.Balance = st.Balance.Add(cents(0, 1e6))
			}
			want, wantSt := plan.rowBefore(i, st)
			got, gotSt, err := plan.Row(i, st)
			if err != nil {
				t.Fatal(err)
			}
			if !rowsEqual(got, want) || !statesEqual(gotSt, wantSt) {
				t.Fatalf("loan %d, period %d:\nrow   %+v\nwant  %+v\nstate %+v\nwant  %+v", k, i, got, want, gotSt, wantSt)
			}
			st = gotSt
		}
	}
}

func rowsEqual(a, b LoanRow) bool {
	x := []decimal.Decimal{a.Opening, a.Rate, a.Interest, a.PIK, a.Principal, a.Prepayment, a.UpfrontFee, a.CommitmentFee, a.PrepaymentFee, a.Draw, a.Closing}
	y := []decimal.Decimal{b.Opening, b.Rate, b.Interest, b.PIK, b.Principal, b.Prepayment, b.UpfrontFee, b.CommitmentFee, b.PrepaymentFee, b.Draw, b.Closing}
	for i := range x {
		if !x[i].Equal(y[i]) {
			return false
		}
	}
	return a.Period == b.Period
}

func statesEqual(a, b LoanState) bool {
	return a.Balance.Equal(b.Balance) && a.Drawn.Equal(b.Drawn) && a.Instalment.Equal(b.Instalment) &&
		a.InstalmentRate.Equal(b.InstalmentRate) && a.InstalmentFixed == b.InstalmentFixed
}
