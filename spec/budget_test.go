package spec

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/jvwaterfall/jvwaterfall/fund"
	"github.com/jvwaterfall/jvwaterfall/tranche"
	"github.com/jvwaterfall/jvwaterfall/waterfall"
	"github.com/shopspring/decimal"
)

// lines counts the payments and contributions of a run and of the runs
// of its nested deals.
func lines(r *waterfall.Result) int64 {
	n := int64(r.Payments.Len() + r.Contributions.Len())
	for _, sub := range r.Nested {
		n += lines(sub)
	}
	return n
}

// TestDealWork_Lines compares the ledger lines the work budget estimates
// with those the runs of the repository's sample deals write: the
// estimate is of the same order, and above them for these deals.
func TestDealWork_Lines(t *testing.T) {
	for _, name := range []string{
		"../scenario/testdata/datacenter.json",
		"../examples/internal/openaijv/testdata/seed-deal.json",
		"../cmd/jvwaterfall/testdata/quickstart.json",
		"../cmd/jvwaterfall/testdata/european-fund.json",
		"../cmd/jvwaterfall/testdata/capital-stack.json",
	} {
		t.Run(filepath.Base(name), func(t *testing.T) {
			src, err := os.ReadFile(name)
			if err != nil {
				t.Skip(err)
			}
			d, err := UnmarshalDeal(src)
			if err != nil {
				t.Fatal(err)
			}
			res, err := waterfall.Run(d)
			if err != nil {
				t.Fatal(err)
			}
			est, got := dealWork(d, 0).lines, lines(res)
			t.Logf("estimated %d lines, wrote %d", est, got)
			if got > est {
				t.Errorf("wrote %d lines, more than the %d estimated", got, est)
			}
		})
	}
}

// TestFundWork_Lines is TestDealWork_Lines for the sample funds run deal
// by deal.
func TestFundWork_Lines(t *testing.T) {
	for _, name := range []string{"../scenario/testdata/fund.json", "../cmd/jvwaterfall/testdata/fund.json"} {
		t.Run(filepath.Base(filepath.Dir(filepath.Dir(name)))+"/"+filepath.Base(name), func(t *testing.T) {
			src, err := os.ReadFile(name)
			if err != nil {
				t.Skip(err)
			}
			f, err := UnmarshalFund(src)
			if err != nil {
				t.Fatal(err)
			}
			res, err := fund.Run(f)
			if err != nil {
				t.Fatal(err)
			}
			est, got := fundWork(f, 0).lines, lines(res.Result)
			t.Logf("estimated %d lines, wrote %d", est, got)
			if got > est {
				t.Errorf("wrote %d lines, more than the %d estimated", got, est)
			}
		})
	}
}

// TestHurdleScan: the budget's bound on a hurdle tier's search, worked by
// hand. A tier of two shares with single parties is monotone: nothing to
// count. Three single-party shares with the investor at 0.5 (m = 1,
// f = 0.5): 4/0.5 + 2 = 10 amounts of 3 parties. A 0.8 class of LPs with
// commitments 1, 1 and 2 beside a promote: not monotone (three unequal
// parties), the smallest investor gets 0.8 × 1/4 = 0.2, so 4/0.2 + 2 =
// 22 amounts of 4 parties. With commitments 1, 1 and 1 it is monotone.
func TestHurdleScan(t *testing.T) {
	h := func(shares ...tranche.Share) *tranche.Hurdle {
		return &tranche.Hurdle{Name: "tier", Investors: []tranche.PartyID{"A", "B", "C"}[:1+min(2, len(shares[0].Parties)-1)], Multiple: decimal.NewFromInt(1), Shares: shares}
	}
	share := func(w string, promote bool, ps ...tranche.PartyID) tranche.Share {
		return tranche.Share{Parties: ps, Weight: decimal.RequireFromString(w), Promote: promote}
	}
	parties := func(commits ...int64) []waterfall.Party {
		var out []waterfall.Party
		for i, c := range commits {
			out = append(out, waterfall.Party{ID: tranche.PartyID(string(rune('A' + i))), Commitment: decimal.NewFromInt(c)})
		}
		return append(out, waterfall.Party{ID: "G"}, waterfall.Party{ID: "H"})
	}
	for _, c := range []struct {
		name    string
		tier    *tranche.Hurdle
		parties []waterfall.Party
		want    int64
	}{
		{"two shares", h(share("0.8", false, "A"), share("0.2", true, "G")), parties(1), 0},
		{"three shares", h(share("0.5", false, "A"), share("0.3", true, "G"), share("0.2", true, "H")), parties(1), 30},
		{"unequal class", h(share("0.8", false, "A", "B", "C"), share("0.2", true, "G")), parties(1, 1, 2), 88},
		{"equal class", h(share("0.8", false, "A", "B", "C"), share("0.2", true, "G")), parties(1, 1, 1), 0},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := hurdleScan(c.tier, c.parties); got != c.want {
				t.Errorf("got %d, want %d", got, c.want)
			}
		})
	}
}
