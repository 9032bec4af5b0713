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

// TestSourceLines: a period's lines are each source's cash in that
// period, in the deal's order; an index out of range gives the zero
// line; the zero SourceLines (a fund's summary) has none; Equal compares
// names and amounts, not the decimals' exponents.
func TestSourceLines(t *testing.T) {
	d := stepDeal(t)
	d.Sources = []waterfall.Source{
		fixedSource{name: "rent", in: []decimal.Decimal{dec("5"), dec("7")}, out: zeros(2)},
		fixedSource{name: "opex", in: zeros(2), out: []decimal.Decimal{dec("2"), dec("3")}},
	}
	res, err := waterfall.Run(d)
	require.NoError(t, err)
	got := [][]string{}
	for _, p := range res.Periods {
		for l := range p.Sources.Values() {
			got = append(got, []string{l.Source, l.In.String(), l.Out.String()})
		}
	}
	require.Equal(t, [][]string{{"rent", "5", "0"}, {"opex", "0", "2"}, {"rent", "7", "0"}, {"opex", "0", "3"}}, got)
	s := res.Periods[1].Sources
	require.Equal(t, 2, s.Len())
	require.Equal(t, waterfall.SourceLine{}, s.At(2))
	require.Equal(t, waterfall.SourceLine{}, s.At(-1))

	var none waterfall.SourceLines
	require.Zero(t, none.Len())
	require.Equal(t, waterfall.SourceLine{}, none.At(0))
	for range none.Values() {
		t.Fatal("the zero SourceLines has a line")
	}
	require.True(t, none.Equal(waterfall.SourceLines{}))
	require.False(t, s.Equal(none))
	require.False(t, s.Equal(res.Periods[0].Sources))

	d.Sources = []waterfall.Source{
		fixedSource{name: "rent", in: []decimal.Decimal{dec("5"), dec("7.00")}, out: zeros(2)},
		fixedSource{name: "opex", in: zeros(2), out: []decimal.Decimal{dec("2"), dec("3.0")}},
	}
	again, err := waterfall.Run(d)
	require.NoError(t, err)
	require.True(t, s.Equal(again.Periods[1].Sources), "7 and 7.00 are equal amounts")
	d.Sources[1] = fixedSource{name: "capex", in: zeros(2), out: []decimal.Decimal{dec("2"), dec("3")}}
	renamed, err := waterfall.Run(d)
	require.NoError(t, err)
	require.False(t, s.Equal(renamed.Periods[1].Sources), "another source's name")
}
