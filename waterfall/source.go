package waterfall

import (
	"fmt"
	"iter"
	"slices"

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
// and must give the same answer for the same periods. A run keeps the slice
// Cash returns, for its Result's source lines: do not change it afterwards.
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

// SourceLines are a period's source lines ([PeriodSummary].Sources): one
// line per source of the deal, in the deal's order, lines of zero
// included. The zero value has none.
type SourceLines struct {
	t *sourceTable
	i int // the period
}

// sourceTable is every source's cash over a run.
type sourceTable struct {
	names []string
	cash  [][]SourceCash // by source, by period
}

// Len is the number of lines: the deal's sources.
func (l SourceLines) Len() int {
	if l.t == nil {
		return 0
	}
	return len(l.t.names)
}

// At returns line k, for 0 ≤ k < Len(), and the zero line for an index
// out of range.
func (l SourceLines) At(k int) SourceLine {
	if k < 0 || k >= l.Len() {
		return SourceLine{}
	}
	c := l.t.cash[k][l.i]
	return SourceLine{Source: l.t.names[k], In: c.In, Out: c.Out}
}

// Values returns the lines in order, for a range loop or slices.Collect.
func (l SourceLines) Values() iter.Seq[SourceLine] {
	return func(yield func(SourceLine) bool) {
		for k := range l.Len() {
			if !yield(l.At(k)) {
				return
			}
		}
	}
}

// Equal reports whether l and m have the same lines: the same sources'
// names, in order, with amounts that are [decimal.Decimal.Equal].
func (l SourceLines) Equal(m SourceLines) bool {
	return slices.EqualFunc(slices.Collect(l.Values()), slices.Collect(m.Values()), func(a, b SourceLine) bool {
		return a.Source == b.Source && a.In.Equal(b.In) && a.Out.Equal(b.Out)
	})
}

// sourceCash runs every source over the schedule and checks its answer.
func sourceCash(d *Deal) (*sourceTable, error) {
	t, names := &sourceTable{names: make([]string, len(d.Sources)), cash: make([][]SourceCash, len(d.Sources))}, map[string]bool{}
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
		}
		t.names[n], t.cash[n] = name, cash
	}
	return t, nil
}
