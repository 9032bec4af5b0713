package waterfall_test

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/jvwaterfall/jvwaterfall/contract"
	"github.com/jvwaterfall/jvwaterfall/tranche"
	"github.com/jvwaterfall/jvwaterfall/waterfall"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"
)

// unitSource is a UnitSource of fixed amounts in cents (nil: zero in
// every period). With ok false CashUnits declines and the run must read
// Cash, which gives the same amounts as decimals; cashCalls counts the
// calls of Cash.
type unitSource struct {
	name       string
	uIn, uOut  []int64
	n          int
	ok         bool
	err        error
	cashCalls  *int
	cashAmount func(u []int64, i int) decimal.Decimal // Cash's decimal of u[i]
	cashErr    error                                  // Cash's error, when not nil
}

func (s unitSource) Name() string { return s.name }

func (s unitSource) Cash(periods []contract.Period) ([]waterfall.SourceCash, error) {
	if s.cashCalls != nil {
		*s.cashCalls++
	}
	if s.cashErr != nil {
		return nil, s.cashErr
	}
	out := make([]waterfall.SourceCash, len(periods))
	for i := range out {
		out[i] = waterfall.SourceCash{In: s.cashAmount(s.uIn, i), Out: s.cashAmount(s.uOut, i)}
	}
	return out, nil
}

func (s unitSource) CashUnits(periods []contract.Period, scale int32) (in, out []int64, ok bool, err error) {
	return s.uIn, s.uOut, s.ok, s.err
}

// centsOf is u[i] cents as the decimal a run reads for a UnitSource's
// line: decimal.Zero for zero (or a nil u), else of exponent −2.
func centsOf(u []int64, i int) decimal.Decimal {
	if u == nil || u[i] == 0 {
		return decimal.Zero
	}
	return decimal.New(u[i], -2)
}

// TestUnitSource_SameAsCash runs random deals whose sources give their
// cash in cents (UnitSources, some declining so that the run reads their
// Cash) beside plain decimal sources, and the same deals with every source
// a plain Source of the same amounts as decimals of other exponents
// (12.5 as 12.500): the two runs must give the same digest, every
// period's account, line, payment, total, flow and metric, with the
// ledger and without. A UnitSource's lines read as its cents, and Cash
// runs only for the sources that declined.
func TestUnitSource_SameAsCash(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 14))
	for k := range 300 {
		d := stepDeal(t)
		d.Periods = yearly(t, 2024, 2025+rng.IntN(15))
		n := len(d.Periods)
		d.Contributions[0].Date, d.Proceeds[0].Date = d.Periods[0].End, d.Periods[rng.IntN(n)].End
		amounts := func() []int64 {
			if rng.IntN(4) == 0 {
				return nil
			}
			u := make([]int64, n)
			for i := range u {
				if rng.IntN(3) > 0 {
					u[i] = rng.Int64N(50_000) // up to $500
				}
			}
			return u
		}
		calls, wantCalls := 0, 0
		plain := &waterfall.Deal{}
		*plain = *d
		d.Sources, plain.Sources = nil, nil
		for j := range 1 + rng.IntN(4) {
			s := unitSource{name: fmt.Sprintf("s%d", j), uIn: amounts(), uOut: amounts(), n: n, ok: rng.IntN(4) > 0, cashCalls: &calls, cashAmount: centsOf}
			var src waterfall.Source = s
			if rng.IntN(4) == 0 { // a plain Source, whose decimals have three places
				src = fixedSource{name: s.name, in: padded(s.uIn, n), out: padded(s.uOut, n)}
			} else if !s.ok {
				wantCalls++
			}
			d.Sources = append(d.Sources, src)
			plain.Sources = append(plain.Sources, fixedSource{name: s.name, in: padded(s.uIn, n), out: padded(s.uOut, n)})
		}
		for _, opts := range []waterfall.RunOptions{{}, {TotalsOnly: true}} {
			calls = 0
			got, err := waterfall.RunWith(d, opts)
			require.NoError(t, err, "deal %d", k)
			want, err := waterfall.RunWith(plain, opts)
			require.NoError(t, err, "deal %d", k)
			require.Equal(t, digest(want, !opts.TotalsOnly), digest(got, !opts.TotalsOnly), "deal %d", k)
			require.Equal(t, wantCalls, calls, "deal %d: Cash runs for the sources that declined only", k)
			for i, p := range got.Periods {
				for j, src := range d.Sources {
					if s, ok := src.(unitSource); ok && s.ok {
						l := p.Sources.At(j)
						require.Equal(t, [2]string{centsOf(s.uIn, i).String(), centsOf(s.uOut, i).String()}, [2]string{l.In.String(), l.Out.String()})
						require.Equal(t, [2]int32{centsOf(s.uIn, i).Exponent(), centsOf(s.uOut, i).Exponent()}, [2]int32{l.In.Exponent(), l.Out.Exponent()})
					}
				}
			}
		}
	}
}

// padded is u cents as decimals of three places (zero for nil).
func padded(u []int64, n int) []decimal.Decimal {
	out := make([]decimal.Decimal, n)
	for i := range out {
		if u != nil {
			out[i] = decimal.New(u[i]*10, -3)
		}
	}
	return out
}

// TestUnitSource_Checks: a UnitSource's amounts are checked as a
// Source's are, at the source, period and side, the first in the
// periods' order: a negative amount, a slice of the wrong length (at its
// side), and an error of CashUnits under the source's path; none reaches
// the run.
func TestUnitSource_Checks(t *testing.T) {
	d := stepDeal(t)
	n := len(d.Periods)
	require.Equal(t, 2, n)
	cause := fmt.Errorf("the meter is down: %w", contract.ErrInvalid)
	for _, c := range []struct {
		name    string
		in, out []int64
		err     error
		path    string
		want    error
	}{
		{"negative in first", []int64{-1, 0}, nil, nil, "sources[1].period[0].in", contract.ErrNegative},
		{"negative out after good", []int64{5, 5}, []int64{5, -2}, nil, "sources[1].period[1].out", contract.ErrNegative},
		{"too short", []int64{5}, nil, nil, "sources[1].in", tranche.ErrInvariant},
		{"too long", nil, []int64{1, 2, 3}, nil, "sources[1].out", tranche.ErrInvariant},
		// Period by period, in before out, as a Source's decimals are
		// checked: the first bad amount is out in period 0.
		{"out before a later in", []int64{5, -1}, []int64{-1, 5}, nil, "sources[1].period[0].out", contract.ErrNegative},
		{"CashUnits fails", nil, nil, contract.Field("meter", cause), "sources[1].meter", contract.ErrInvalid},
	} {
		t.Run(c.name, func(t *testing.T) {
			d := stepDeal(t)
			good := unitSource{name: "good", uIn: []int64{100, 100}, n: n, ok: true, cashAmount: centsOf}
			d.Sources = []waterfall.Source{good, unitSource{name: "bad", uIn: c.in, uOut: c.out, n: n, ok: true, err: c.err, cashAmount: centsOf}}
			_, err := waterfall.Run(d)
			require.ErrorIs(t, err, c.want)
			require.Equal(t, []string{c.path}, errPaths(err))
			if c.err != nil {
				require.True(t, errors.Is(err, cause))
			}
		})
	}
}

// TestUnitSource_SumsNearAnInt64: a period's sum of cents that comes to
// 2^63 − 1 exactly still fits an int64, so no source is read by Cash:
// (2^63 − 21) + 20 = 9,223,372,036,854,775,807 cents, proceeds of
// 92,233,720,368,547,758.07. When adding a source's cents would pass
// 2^63, the run reads that source's Cash instead, and the proceeds are the
// exact sum, worked by decimal: (2^63 − 11) + 20 cents,
// 92,233,720,368,547,758.17. The next period's 1 + 2 cents are 0.03.
func TestUnitSource_SumsNearAnInt64(t *testing.T) {
	for _, c := range []struct {
		first    int64
		calls    int
		proceeds string
	}{
		{math.MaxInt64 - 20, 0, "92233720368547758.07"},
		{math.MaxInt64 - 10, 1, "92233720368547758.17"},
	} {
		d := stepDeal(t)
		d.Stack = holdBack{amount: decimal.Zero}
		d.Contributions, d.Proceeds = nil, nil
		calls := 0
		d.Sources = []waterfall.Source{
			unitSource{name: "a", uIn: []int64{c.first, 1}, n: 2, ok: true, cashAmount: centsOf, cashCalls: &calls},
			unitSource{name: "b", uIn: []int64{20, 2}, n: 2, ok: true, cashAmount: centsOf, cashCalls: &calls},
		}
		res, err := waterfall.Run(d)
		require.NoError(t, err)
		require.Equal(t, c.calls, calls, "sources read by Cash")
		require.Equal(t, c.proceeds, res.Periods[0].Proceeds.StringFixed(2))
		require.Equal(t, "0.03", res.Periods[1].Proceeds.StringFixed(2))
		require.Equal(t, "0.20", res.Periods[0].Sources.At(1).In.StringFixed(2))
	}
}

// TestUnitSource_DeclinedCashFails: a UnitSource that declines to give
// its cents is read by Cash, and when Cash fails the run fails with
// Cash's error under the source's path, in Run and totals-only alike.
func TestUnitSource_DeclinedCashFails(t *testing.T) {
	cause := fmt.Errorf("the meter is down: %w", contract.ErrInvalid)
	d := stepDeal(t)
	n := len(d.Periods)
	d.Sources = []waterfall.Source{
		unitSource{name: "good", uIn: []int64{100, 100}, n: n, ok: true, cashAmount: centsOf},
		unitSource{name: "declines", uIn: []int64{100, 100}, n: n, ok: false, cashAmount: centsOf, cashErr: contract.Field("meter", cause)},
	}
	for _, opts := range []waterfall.RunOptions{{}, {TotalsOnly: true}} {
		res, err := waterfall.RunWith(d, opts)
		require.Nil(t, res)
		require.ErrorIs(t, err, cause)
		require.Equal(t, []string{"sources[1].meter"}, errPaths(err))
	}
}
