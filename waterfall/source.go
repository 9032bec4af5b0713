package waterfall

import (
	"fmt"
	"iter"
	"math"
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

// A UnitSource is a [Source] that can also give its cash in minor units.
// A run calls CashUnits instead of Cash, adds integers, and makes a
// line's decimals only when they are read ([SourceLines.At]): −scale as
// exponent, decimal.Zero for zero. Cash runs only when CashUnits
// declines, or when a period's sum of the sources would pass an int64:
// CashUnits must fail where Cash would, and Cash must still work. As
// Cash, it may be called by many runs at once, and a run keeps the
// slices it returns: do not change them afterwards. The sources of
// package source are UnitSources.
type UnitSource interface {
	Source
	// CashUnits returns Cash's amounts in minor units of scale (cents at
	// 2): in[i] and out[i] are period i's; a nil slice is zero in every
	// period. With ok false (an amount not whole at scale, or past an
	// int64) the run calls Cash; an error is the run's.
	CashUnits(periods []contract.Period, scale int32) (in, out []int64, ok bool, err error)
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
// included; a [UnitSource]'s made when read. The zero value has none.
type SourceLines struct {
	t *sourceTable
	i int // the period
}

// sourceTable is every source's cash over a run: a source's decimals, or
// its minor units (a [UnitSource]) with their sums by period, in and out.
type sourceTable struct {
	names []string
	cash  [][]SourceCash // by source, by period; nil for a source in units
	units [][2][]int64   // by source, in and out by period
	sums  [][2]int64     // by period; nil when no source is in units
	peak  int64          // the largest of sums
	scale int32
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
	if c := l.t.cash[k]; c != nil {
		return SourceLine{Source: l.t.names[k], In: c[l.i].In, Out: c[l.i].Out}
	}
	return SourceLine{Source: l.t.names[k], In: l.t.dec(l.t.units[k][0], l.i), Out: l.t.dec(l.t.units[k][1], l.i)}
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

// sourceCash runs every source over the schedule and checks its answer:
// in minor units when it is a [UnitSource] that gives them.
func sourceCash(d *Deal) (*sourceTable, error) {
	t, names := &sourceTable{names: make([]string, len(d.Sources)), cash: make([][]SourceCash, len(d.Sources)),
		units: make([][2][]int64, len(d.Sources)), scale: d.Scale}, map[string]bool{}
	for n, s := range d.Sources {
		path := func() string { return fmt.Sprintf("sources[%d]", n) } // only for an error
		side := func(i, j int) string { return fmt.Sprintf("%s.period[%d].%s", path(), i, [2]string{"in", "out"}[j]) }
		if s == nil {
			return nil, contract.Field(path(), contract.ErrRequired)
		}
		name := s.Name()
		if name == "" || names[name] {
			return nil, contract.Field(path()+".name", fmt.Errorf("%q is empty or used twice: %w", name, contract.ErrInvalid))
		}
		names[name], t.names[n] = true, name
		if us, ok := s.(UnitSource); ok {
			in, out, ok, err := us.CashUnits(d.Periods, d.Scale)
			if err != nil {
				return nil, contract.Prefix(path(), err)
			}
			if ok { // else CashUnits declined
				if ok, err = t.addUnits(n, [2][]int64{in, out}, len(d.Periods), path, side); err != nil {
					return nil, err
				} else if ok {
					continue
				}
			}
		}
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
					return nil, contract.Field(side(i, j), contract.ErrNegative)
				case !tranche.IsWhole(v, d.Scale):
					return nil, contract.Field(side(i, j), fmt.Errorf("%s: %w", v, tranche.ErrNotQuantized))
				}
				good[j] = v
			}
		}
		t.cash[n] = cash
	}
	return t, nil
}

// addUnits checks source n's amounts in minor units and adds them to the
// periods' sums; false, and nothing added, when a sum would pass an int64:
// the run reads Cash.
func (t *sourceTable) addUnits(n int, u [2][]int64, periods int, path func() string, side func(i, j int) string) (bool, error) {
	for j, s := range u {
		if s != nil && len(s) != periods {
			return false, contract.Field(path()+"."+[2]string{"in", "out"}[j], fmt.Errorf("%d entries for %d periods: %w", len(s), periods, tranche.ErrInvariant))
		}
	}
	low, high := int64(0), int64(0)
	for _, s := range u {
		for _, v := range s {
			low, high = min(low, v), max(high, v)
		}
	}
	for i := 0; low < 0 && i < periods; i++ { // the first, period by period, in before out, as Cash's
		for j, s := range u {
			if s != nil && s[i] < 0 {
				return false, contract.Field(side(i, j), contract.ErrNegative)
			}
		}
	}
	for j, s := range u { // each sum against an int64, unless the largest sum and amount fit
		for i := 0; high > math.MaxInt64-t.peak && i < len(s); i++ {
			if s[i] > math.MaxInt64-t.sums[i][j] {
				return false, nil
			}
		}
	}
	if t.sums == nil {
		t.sums = make([][2]int64, periods)
	}
	for j, s := range u {
		for i, v := range s {
			t.sums[i][j] += v
			t.peak = max(t.peak, t.sums[i][j])
		}
	}
	t.units[n] = u
	return true, nil
}

// dec is u[i] minor units as a line's decimal: decimal.Zero for zero.
func (t *sourceTable) dec(u []int64, i int) decimal.Decimal {
	if u == nil || u[i] == 0 {
		return decimal.Zero
	}
	return decimal.New(u[i], -t.scale)
}

// exp is the exponent of u minor units as a line's decimal.
func (t *sourceTable) exp(u int64) int32 { return -t.scale * int32(min(u, 1)) }
