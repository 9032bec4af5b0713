package waterfall_test

import (
	"testing"

	"github.com/jvwaterfall/jvwaterfall/waterfall"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"
)

// TestSourceLines_ValuesStops: a range loop over Values may stop early, as
// any iter.Seq: breaking after the first of three lines reads that line
// alone (an iterator that went on calling yield would panic in the loop).
// The lines are the sources' in order: rent (in 5), opex (out 2), capex
// (out 1) in the first period.
func TestSourceLines_ValuesStops(t *testing.T) {
	d := stepDeal(t)
	d.Sources = []waterfall.Source{
		fixedSource{name: "rent", in: []decimal.Decimal{dec("5"), dec("7")}, out: zeros(2)},
		fixedSource{name: "opex", in: zeros(2), out: []decimal.Decimal{dec("2"), dec("3")}},
		fixedSource{name: "capex", in: zeros(2), out: []decimal.Decimal{dec("1"), dec("0")}},
	}
	res, err := waterfall.Run(d)
	require.NoError(t, err)
	var got []string
	require.NotPanics(t, func() {
		for l := range res.Periods[0].Sources.Values() {
			got = append(got, l.Source+" "+l.In.String())
			break
		}
	})
	require.Equal(t, []string{"rent 5"}, got)
	require.Equal(t, 3, res.Periods[0].Sources.Len())
	last := res.Periods[0].Sources.At(2)
	require.Equal(t, "capex", last.Source)
	require.True(t, last.In.IsZero() && last.Out.Equal(dec("1")), "capex: %s in, %s out", last.In, last.Out)
}
