package waterfall_test

import (
	"testing"

	"github.com/jvwaterfall/jvwaterfall/contract"
	"github.com/jvwaterfall/jvwaterfall/waterfall"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"
)

// TestSource_Names: a source needs a name of its own: an empty name and
// a name used twice fail the run, at the source that has it.
func TestSource_Names(t *testing.T) {
	cash := func(name string) waterfall.Source {
		return fixedSource{name: name, in: []decimal.Decimal{dec("1"), dec("1")}, out: zeros(2)}
	}
	for _, c := range []struct {
		name    string
		sources []waterfall.Source
		path    string
	}{
		{"empty", []waterfall.Source{cash("")}, "sources[0].name"},
		{"twice", []waterfall.Source{cash("a"), cash("b"), cash("a")}, "sources[2].name"},
		{"nil", []waterfall.Source{cash("a"), nil}, "sources[1]"},
	} {
		t.Run(c.name, func(t *testing.T) {
			d := stepDeal(t)
			d.Sources = c.sources
			_, err := waterfall.Run(d)
			require.ErrorIs(t, err, contract.ErrInvalid)
			require.Equal(t, []string{c.path}, errPaths(err))
		})
	}
	d := stepDeal(t)
	d.Sources = []waterfall.Source{cash("a"), cash("b")}
	res, err := waterfall.Run(d)
	require.NoError(t, err)
	require.Equal(t, "252", res.Periods[0].Proceeds.String()) // 250 + 1 + 1
}
