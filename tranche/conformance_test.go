package tranche_test

import (
	"testing"

	"github.com/jvwaterfall/jvwaterfall/contract"
	"github.com/jvwaterfall/jvwaterfall/tranche"
	"github.com/jvwaterfall/jvwaterfall/tranche/tranchetest"
	"github.com/shopspring/decimal"
)

// must returns v, or panics on an error: for terms a test knows are valid.
func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

var (
	lps     = []tranche.PartyID{"LP1", "LP2"}
	all     = []tranche.PartyID{"LP1", "LP2", "GP"}
	pref8   = contract.Rate{Annual: decimal.RequireFromString("0.08"), Compounding: contract.Annual}
	simple8 = contract.Rate{Annual: decimal.RequireFromString("0.08"), Compounding: contract.Simple}
	pref10q = contract.Rate{Annual: decimal.RequireFromString("0.10"), Compounding: contract.Quarterly, DayCount: contract.ACT360}
	twenty  = decimal.RequireFromString("0.2")
)

// TestConformance runs tranchetest over every tranche type and combinator
// of the package, alone and behind the tranches they usually follow.
func TestConformance(t *testing.T) {
	roc := func() tranche.Tranche {
		return must(tranche.NewReturnOfCapital(tranche.ReturnOfCapital{Name: "roc", Parties: all}))
	}
	pref := func(r contract.Rate) tranche.Tranche {
		return must(tranche.NewPreferredReturn(tranche.PreferredReturn{Name: "pref", Rate: r, Parties: all}))
	}
	catchUp := func(rate string) tranche.Tranche {
		return must(tranche.NewCatchUp(tranche.CatchUp{
			Name:      "catch-up",
			Sponsor:   "GP",
			Target:    twenty,
			Rate:      decimal.RequireFromString(rate),
			Investors: lps,
		}))
	}
	split := func() tranche.Tranche {
		return must(tranche.NewSplit(tranche.Split{
			Name: "carry",
			Shares: []tranche.Share{
				{Parties: all, Weight: decimal.RequireFromString("0.8")},
				{Parties: []tranche.PartyID{"GP"}, Weight: twenty, Promote: true},
			},
		}))
	}
	cases := []struct {
		name string
		new  func() tranche.Tranche
		opts []tranchetest.Option
	}{
		{"ReturnOfCapital", roc, nil},
		{"PreferredReturn/compounding", func() tranche.Tranche { return pref(pref8) }, nil},
		{"PreferredReturn/compounding after capital", func() tranche.Tranche { return pref(pref8) },
			[]tranchetest.Option{tranchetest.Senior(roc())}},
		{"PreferredReturn/quarterly ACT360", func() tranche.Tranche { return pref(pref10q) }, nil},
		{"PreferredReturn/simple", func() tranche.Tranche { return pref(simple8) }, nil},
		{"PreferredReturn/simple after capital", func() tranche.Tranche { return pref(simple8) },
			[]tranchetest.Option{tranchetest.Senior(roc())}},
		{"CatchUp/full", func() tranche.Tranche { return catchUp("1") },
			[]tranchetest.Option{tranchetest.Senior(roc(), pref(pref8))}},
		{"CatchUp/partial 50%", func() tranche.Tranche { return catchUp("0.5") },
			[]tranchetest.Option{tranchetest.Senior(roc(), pref(pref8))}},
		{"CatchUp/partial 60%", func() tranche.Tranche { return catchUp("0.6") },
			[]tranchetest.Option{tranchetest.Senior(roc(), pref(simple8))}},
		{"Split", split, nil},
		{"Split/after capital", split, []tranchetest.Option{tranchetest.Senior(roc())}},
		{"Sequence", func() tranche.Tranche {
			return tranche.Sequence(roc(), pref(pref8), catchUp("1"), split())
		}, nil},
		{"Sequence/bounded", func() tranche.Tranche {
			return tranche.Sequence(roc(), pref(pref8), catchUp("0.5"))
		}, nil},
		{"ProRata", func() tranche.Tranche {
			return tranche.ProRata(
				must(tranche.NewPreferredReturn(tranche.PreferredReturn{Name: "pref-LP1", Rate: pref8, Parties: []tranche.PartyID{"LP1"}})),
				must(tranche.NewPreferredReturn(tranche.PreferredReturn{Name: "pref-LP2", Rate: pref10q, Parties: []tranche.PartyID{"LP2"}})),
				must(tranche.NewReturnOfCapital(tranche.ReturnOfCapital{Name: "roc-GP", Parties: []tranche.PartyID{"GP"}})))
		}, []tranchetest.Option{tranchetest.Senior(must(tranche.NewReturnOfCapital(tranche.ReturnOfCapital{Name: "roc-LP", Parties: lps})))}},
		{"Cap/of a split", func() tranche.Tranche {
			return tranche.Cap(decimal.RequireFromString("500000.005"), split())
		}, nil},
		{"Cap/of a pref", func() tranche.Tranche {
			return tranche.Cap(decimal.RequireFromString("20000"), pref(pref8))
		}, []tranchetest.Option{tranchetest.Senior(roc())}},
		{"Cap/of a catch-up in a sequence", func() tranche.Tranche {
			return tranche.Sequence(roc(), pref(pref8), tranche.Cap(decimal.NewFromInt(30000), catchUp("1")), split())
		}, nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			tranchetest.Run(t, c.new, c.opts...)
		})
	}
}
