package tranche

import (
	"testing"
	"time"

	"github.com/jvwaterfall/jvwaterfall/contract"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"
)

// TestDebt_ValidateEnvSpan checks the span NewDebt works out against the
// code it replaces: ValidateEnv of the same Debt without a span, which
// finds the cash rates and the longest period over the deal's periods.
// The errors, and their messages, are the same for a deal over the
// plan's periods, and for deals the span does not hold for: fewer
// periods, other starts, the same dates in another location, another
// plan. Each case where the span would give another answer is marked
// differs: there, the wrong span would fail it.
func TestDebt_ValidateEnvSpan(t *testing.T) {
	ps := []contract.Period{
		{Index: 0, Start: contract.Date(2025, 1, 1), End: contract.Date(2025, 2, 1)},
		{Index: 1, Start: contract.Date(2025, 2, 1), End: contract.Date(2027, 8, 1)},
		{Index: 2, Start: contract.Date(2027, 8, 1), End: contract.Date(2027, 9, 1)},
	}
	plan := func(index [3]string, margin string) *contract.LoanPlan {
		var fix []contract.IndexFixing
		for i, r := range index {
			fix = append(fix, contract.IndexFixing{Date: ps[i].Start, Rate: dec(r)})
		}
		l := contract.Loan{Commitment: dec("100000"), Draws: []contract.Flow{{Date: ps[0].End, Amount: dec("100000")}},
			Rate:     contract.Rate{Compounding: contract.Continuous, DayCount: contract.ACT365F},
			Floating: &contract.FloatingRate{Index: fix}, Maturity: ps[2].End, DefaultMargin: dec(margin)}
		p, err := l.Plan(ps, 2)
		require.NoError(t, err)
		return p
	}
	longStart := func() []contract.Period { // period 0 the longest: its start 10 years back
		q := append([]contract.Period(nil), ps...)
		q[0].Start = q[0].Start.AddDate(-10, 0, 0)
		return q
	}
	otherLoc := func() []contract.Period { // the same instants, another location
		q := append([]contract.Period(nil), ps...)
		loc := time.FixedZone("UTC-12", -12*3600)
		for i := range q {
			q[i].Start, q[i].End = q[i].Start.In(loc), q[i].End.In(loc)
		}
		return q
	}
	highest, lowest := plan([3]string{"0.05", "0.05", "400"}, "1"), plan([3]string{"-900", "0.05", "0.05"}, "0.01")
	within := plan([3]string{"0.05", "0.05", "399"}, "1")
	for _, c := range []struct {
		name    string
		plan    *contract.LoanPlan
		swap    *contract.LoanPlan // the Plan set after NewDebt, if any
		periods []contract.Period
		differs bool // the span of plan would give another answer
	}{
		{name: "highest, the plan's periods", plan: highest, periods: ps},
		{name: "lowest, the plan's periods", plan: lowest, periods: ps},
		{name: "within, the plan's periods", plan: within, periods: ps},
		{name: "highest, fewer periods", plan: highest, periods: ps[:2], differs: true},
		{name: "highest, period 0 longest", plan: highest, periods: longStart(), differs: true},
		{name: "within, period 0 longest", plan: within, periods: longStart(), differs: true},
		{name: "highest, another location", plan: highest, periods: otherLoc()},
		{name: "highest swapped for within", plan: highest, swap: within, periods: ps, differs: true},
		{name: "within swapped for highest", plan: within, swap: highest, periods: ps, differs: true},
		{name: "no margin", plan: plan([3]string{"0.05", "0.05", "401"}, "0"), periods: ps},
		{name: "no periods", plan: highest, periods: nil},
	} {
		t.Run(c.name, func(t *testing.T) {
			debt := Must(NewDebt(Debt{Name: "senior", Lender: "bank", Plan: c.plan}))
			require.NotNil(t, debt.span)
			if c.swap != nil {
				debt.Plan = c.swap
			}
			old := *debt
			old.span = nil
			env := Env{Periods: c.periods, Scale: 2}
			got, want := debt.ValidateEnv(env), old.ValidateEnv(env)
			if want == nil {
				require.NoError(t, got)
			} else {
				require.EqualError(t, got, want.Error())
			}
			// The span of the plan NewDebt saw, read as if it held.
			forced := *debt
			forced.Plan = c.plan
			sp := *debt.span
			forced.span = &sp
			require.Equal(t, c.differs, errText(spanOf(&forced, env)) != errText(want), "differs")
		})
	}
}

// spanOf is Debt.ValidateEnv with the span read whether or not it holds.
func spanOf(t *Debt, env Env) error {
	n := len(env.Periods)
	if n == 0 || t.span.plan.Loan().DefaultMargin.IsZero() {
		return nil
	}
	loan := t.span.plan.Loan()
	for i, cash := range []decimal.Decimal{t.span.hi, t.span.lo} {
		if i > 0 && t.span.lo.Equal(t.span.hi) {
			break
		}
		r := contract.Rate{Annual: cash.Add(loan.DefaultMargin), Compounding: loan.Rate.Compounding, DayCount: loan.Rate.DayCount}
		if err := checkLongest("plan.default_margin", r, env, t.span.long); err != nil {
			return err
		}
	}
	return nil
}

func errText(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

// TestDebt_ValidateEnvReadsSpan checks that ValidateEnv reads the span
// exactly when it holds: a span made to claim a cash rate of 4,000 (continuous, e^4000 a year) fails a
// plan within bounds only over the plan's own periods, not when a start
// or an end is the same instant in another location, nor when there are
// fewer periods or the Plan is another.
func TestDebt_ValidateEnvReadsSpan(t *testing.T) {
	ps, err := contract.Schedule{Start: contract.Date(2025, 1, 1), End: contract.Date(2028, 1, 1), Frequency: contract.EveryYear}.Periods()
	require.NoError(t, err)
	l := contract.Loan{Commitment: dec("100"), Draws: []contract.Flow{{Date: ps[0].End, Amount: dec("100")}},
		Rate: contract.Rate{Annual: dec("0.05"), Compounding: contract.Continuous, DayCount: contract.ACT365F}, Maturity: ps[2].End, DefaultMargin: dec("0.01")}
	plan, err := l.Plan(ps, 2)
	require.NoError(t, err)
	loc := time.FixedZone("UTC+1", 3600)
	moved := func(f func(p *contract.Period)) []contract.Period {
		q := append([]contract.Period(nil), ps...)
		f(&q[1])
		return q
	}
	other, err := l.Plan(ps, 2)
	require.NoError(t, err)
	for _, c := range []struct {
		name    string
		periods []contract.Period
		plan    *contract.LoanPlan
		reads   bool
	}{
		{"the plan's periods", ps, plan, true},
		{"a start elsewhere", moved(func(p *contract.Period) { p.Start = p.Start.In(loc) }), plan, false},
		{"an end elsewhere", moved(func(p *contract.Period) { p.End = p.End.In(loc) }), plan, false},
		{"fewer periods", ps[:2], plan, false},
		{"another plan", ps, other, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			debt := Must(NewDebt(Debt{Name: "senior", Lender: "bank", Plan: plan}))
			debt.span.hi = dec("4000")
			debt.Plan = c.plan
			err := debt.ValidateEnv(Env{Periods: c.periods, Scale: 2})
			if !c.reads {
				require.NoError(t, err)
				return
			}
			require.ErrorIs(t, err, contract.ErrRange)
			require.ErrorContains(t, err, "plan.default_margin")
		})
	}
}
