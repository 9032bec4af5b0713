package waterfall

import (
	"fmt"

	"github.com/jvwaterfall/jvwaterfall/contract"
	"github.com/jvwaterfall/jvwaterfall/tranche"
	"github.com/shopspring/decimal"
)

// Source is a stream of cash that the deal receives or pays before its
// stack: a contract's income, operating and energy costs, capital
// expenditure. Cash is computed for the whole schedule at once, so a source
// with memory (make-up credits, escalation) keeps it inside the call.
//
// A Source is an immutable value: Cash may be called by many runs at once
// and must give the same answer for the same periods.
type Source interface {
	// Name labels the source's lines in the result; unique within a deal.
	Name() string
	// Cash returns one entry per period, in the periods' order.
	Cash(periods []contract.Period) ([]SourceCash, error)
}

// SourceCash is a source's cash in one period, in whole minor units.
type SourceCash struct {
	In  decimal.Decimal // received by the deal; not negative
	Out decimal.Decimal // paid by the deal before the stack; not negative
}

// SourceLine is what one source brought in and paid out in a period.
type SourceLine struct {
	Source string
	In     decimal.Decimal
	Out    decimal.Decimal
}

// sourceCash runs every source over the schedule and checks its answer.
func sourceCash(d *Deal) ([][]SourceLine, error) {
	// One backing array, a row of len(d.Sources) lines a period.
	m := len(d.Sources)
	backing := make([]SourceLine, len(d.Periods)*m)
	lines := make([][]SourceLine, len(d.Periods))
	for i := range lines {
		lines[i] = backing[i*m : (i+1)*m : (i+1)*m]
	}
	names := map[string]bool{}
	for n, s := range d.Sources {
		path := func() string { return fmt.Sprintf("sources[%d]", n) } // only for an error
		if s == nil {
			return nil, contract.Field(path(), contract.ErrRequired)
		}
		name := s.Name()
		if name == "" || names[name] {
			return nil, contract.Field(path()+".name", fmt.Errorf("%q is empty or used twice: %w", name, contract.ErrInvalid))
		}
		names[name] = true
		cash, err := s.Cash(d.Periods)
		if err != nil {
			return nil, contract.Prefix(path(), err)
		}
		if len(cash) != len(d.Periods) {
			return nil, contract.Field(path(), fmt.Errorf("%d entries for %d periods: %w", len(cash), len(d.Periods), tranche.ErrInvariant))
		}
		var good [2]decimal.Decimal // the last in and out found good, zero at first: a copy of one decimal is as good
		for i, c := range cash {
			for j, v := range [2]decimal.Decimal{c.In, c.Out} {
				switch {
				case v == good[j]:
					continue
				case v.Sign() < 0:
					return nil, contract.Field(fmt.Sprintf("%s.period[%d].%s", path(), i, [2]string{"in", "out"}[j]), contract.ErrNegative)
				case !tranche.IsWhole(v, d.Scale):
					return nil, contract.Field(fmt.Sprintf("%s.period[%d].%s", path(), i, [2]string{"in", "out"}[j]), fmt.Errorf("%s: %w", v, tranche.ErrNotQuantized))
				}
				good[j] = v
			}
			l := &backing[i*m+n] // written field by field: no copy of a whole line
			l.Source, l.In, l.Out = name, c.In, c.Out
		}
	}
	return lines, nil
}
