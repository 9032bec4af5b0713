package tranche

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/shopspring/decimal"
)

// bigCapTable is a cap table of n preferred series of every kind (non-
// participating, participating, capped, with accrued dividends and
// conversion ratios) over n/4 seniorities, one to three holders each, and
// common stock with two option classes: the shape of a spec with many
// series, drawn from a seeded generator.
func bigCapTable(tb testing.TB, n int, seed uint64) *CapTable {
	tb.Helper()
	rng := rand.New(rand.NewPCG(seed, 7))
	cents := func(lo, hi int64) decimal.Decimal { return decimal.New(lo+rng.Int64N(hi-lo+1), -2) }
	holders := func(i int, preferred bool) []Stake {
		hs := make([]Stake, 1+rng.IntN(3))
		for j := range hs {
			hs[j] = Stake{Party: PartyID(fmt.Sprintf("p%d", rng.IntN(4*n+10))), Shares: decimal.NewFromInt(1 + rng.Int64N(5_000_000))}
			if preferred {
				hs[j].Invested = hs[j].Shares.Mul(cents(1, 2000))
				if rng.IntN(4) == 0 {
					hs[j].Accrued = cents(0, 100_000_00)
				}
			}
		}
		// Parties are unique within a class.
		seen := map[PartyID]bool{}
		out := hs[:0]
		for _, h := range hs {
			if !seen[h.Party] {
				seen[h.Party] = true
				out = append(out, h)
			}
		}
		return out
	}
	series := make([]Series, n)
	for i := range series {
		s := Series{Name: fmt.Sprintf("S%d", i), Seniority: rng.IntN(max(1, n/4)),
			Multiple: decimal.New(int64(rng.IntN(9)), -0).Mul(decimal.New(25, -2)), Holders: holders(i, true)}
		if rng.IntN(3) == 0 {
			s.ConversionRatio = decimal.New(int64(50+rng.IntN(150)), -2)
		}
		switch rng.IntN(3) {
		case 1:
			s.Participating = true
		case 2:
			s.Participating = true
			s.Cap = s.Multiple.Add(decimal.New(int64(1+rng.IntN(20)), -1))
			if capped, pref := capAndPref(s); capped.LessThan(pref) {
				s.Cap = decimal.Zero
			}
		}
		series[i] = s
	}
	common := []CommonClass{{Name: "Common", Holders: holders(n, false)}}
	for i := range 2 {
		common = append(common, CommonClass{Name: fmt.Sprintf("O%d", i), Strike: cents(1, 1500), Holders: holders(n+1+i, false)})
	}
	ct, err := NewCapTable(CapTable{Name: "exit", Preferred: series, Common: common})
	if err != nil {
		tb.Fatalf("generated terms invalid: %v", err)
	}
	return ct
}

// bigExit is an exit value between the preferences and the last threshold
// of the cap table, where every kind of choice is live.
func bigExit(tb testing.TB, ct *CapTable) decimal.Decimal {
	tb.Helper()
	m, err := ct.model()
	if err != nil {
		tb.Fatal(err)
	}
	x, _ := ratDecimal(m.values[len(m.values)/2], 2)
	return x
}

// BenchmarkCapTable_Exit is a venture exit through Pay (what a run does)
// for n series: model, solution, rounding and payments.
func BenchmarkCapTable_Exit(b *testing.B) {
	for _, n := range []int{100, 1000, 10000} {
		b.Run(fmt.Sprintf("series=%d", n), func(b *testing.B) {
			ct := bigCapTable(b, n, 1)
			exit := bigExit(b, ct)
			b.ReportAllocs()
			for b.Loop() {
				if _, err := ct.Distribute(exit, 2); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkCapTable_ExitFor finds the exit at which common receives its
// first cent, for n series.
func BenchmarkCapTable_ExitFor(b *testing.B) {
	for _, n := range []int{1000, 10000} {
		b.Run(fmt.Sprintf("series=%d", n), func(b *testing.B) {
			ct := bigCapTable(b, n, 1)
			b.ReportAllocs()
			for b.Loop() {
				if _, err := ct.ExitFor("Common", decimal.New(1, -2), 2); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkCapTable_Breakpoints lists every breakpoint of n series.
func BenchmarkCapTable_Breakpoints(b *testing.B) {
	for _, n := range []int{1000, 10000} {
		b.Run(fmt.Sprintf("series=%d", n), func(b *testing.B) {
			ct := bigCapTable(b, n, 1)
			b.ReportAllocs()
			for b.Loop() {
				if _, err := ct.Breakpoints(); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// TestCapTable_allocsLinear bounds how the work of an exit grows with the
// number of series, counted in allocations (deterministic, unlike time):
// ten times the series must cost at most 15 times as much. The model that
// evaluated E(p) at every threshold by summing every class, and rounded
// over a common denominator of every line, grew 90 times (1,038,545
// allocations at 200 series, 93,089,139 at 2,000); now it grows 10 times
// (72,939 and 738,382).
func TestCapTable_allocsLinear(t *testing.T) {
	allocs := func(n int) float64 {
		ct := bigCapTable(t, n, 1)
		exit := bigExit(t, ct)
		return testing.AllocsPerRun(1, func() {
			if _, err := ct.Distribute(exit, 2); err != nil {
				t.Fatal(err)
			}
		})
	}
	small, large := allocs(200), allocs(2000)
	t.Logf("Distribute: %.0f allocations at 200 series, %.0f at 2,000: %.1fx", small, large, large/small)
	if large > 15*small {
		t.Errorf("Distribute: %.0f allocations at 2,000 series, %.1f times the %.0f at 200; want at most 15 times", large, large/small, small)
	}
}
