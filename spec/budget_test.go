package spec

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/jvwaterfall/jvwaterfall/fund"
	"github.com/jvwaterfall/jvwaterfall/waterfall"
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
