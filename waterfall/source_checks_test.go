package waterfall_test

import (
	"testing"

	"github.com/jvwaterfall/jvwaterfall/contract"
	"github.com/jvwaterfall/jvwaterfall/tranche"
	"github.com/jvwaterfall/jvwaterfall/waterfall"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"
)

// TestSource_ChecksEveryPeriod: a negative or unquantized amount fails
// the run at the source, period and side that has it, in the first
// period and after a good amount (sourceCash skips the checks only for a
// copy of the last good decimal); a repeated good amount passes.
func TestSource_ChecksEveryPeriod(t *testing.T) {
	d := stepDeal(t)
	n := len(d.Periods)
	require.GreaterOrEqual(t, n, 2)
	fill := func(v decimal.Decimal) []decimal.Decimal {
		s := make([]decimal.Decimal, n)
		for i := range s {
			s[i] = v
		}
		return s
	}
	one := dec("1")
	for _, c := range []struct {
		name    string
		in, out []decimal.Decimal
		path    string
		err     error
	}{
		{"negative in first", append([]decimal.Decimal{dec("-1")}, fill(one)[1:]...), zeros(n), "sources[0].period[0].in", contract.ErrNegative},
		{"negative out after good", fill(one), append(fill(one)[:1], fill(dec("-2"))[1:]...), "sources[0].period[1].out", contract.ErrNegative},
		{"unquantized in first", append([]decimal.Decimal{dec("0.001")}, fill(one)[1:]...), zeros(n), "sources[0].period[0].in", tranche.ErrNotQuantized},
		{"unquantized out after good", zeros(n), append(fill(one)[:1], fill(dec("1.001"))[1:]...), "sources[0].period[1].out", tranche.ErrNotQuantized},
	} {
		t.Run(c.name, func(t *testing.T) {
			d := stepDeal(t)
			d.Sources = []waterfall.Source{fixedSource{name: "s", in: c.in, out: c.out}}
			_, err := waterfall.Run(d)
			require.ErrorIs(t, err, c.err)
			require.Equal(t, []string{c.path}, errPaths(err))
		})
	}
	d.Sources = []waterfall.Source{fixedSource{name: "s", in: fill(one), out: fill(dec("0.50"))}}
	_, err := waterfall.Run(d)
	require.NoError(t, err)
}
