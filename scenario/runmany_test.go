package scenario_test

import (
	"context"
	"fmt"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/jvwaterfall/jvwaterfall/contract"
	"github.com/jvwaterfall/jvwaterfall/internal/runview"
	"github.com/jvwaterfall/jvwaterfall/scenario"
	"github.com/jvwaterfall/jvwaterfall/spec"
	"github.com/jvwaterfall/jvwaterfall/waterfall"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"
)

// manyDeals returns n scenarios of testdata/datacenter.json: the same deal
// with its exit proceeds scaled by 1.0, 1.1, 1.2, …, so each has its own
// ledger.
func manyDeals(t testing.TB, n int) []*waterfall.Deal {
	t.Helper()
	deals := make([]*waterfall.Deal, n)
	for i := range deals {
		d, err := spec.UnmarshalDeal(readFile(t, "testdata/datacenter.json"))
		require.NoError(t, err)
		d.Name = fmt.Sprintf("scenario %d", i)
		factor := decimal.New(int64(10+i), -1)
		for j, p := range d.Proceeds {
			d.Proceeds[j] = contract.Flow{Date: p.Date, Amount: p.Amount.Mul(factor).RoundFloor(2)}
		}
		deals[i] = d
	}
	return deals
}

// cmpResults compares what results show (runview.Of); decimals by value.
var cmpResults = cmp.Options{cmp.Comparer(func(a, b decimal.Decimal) bool { return a.Equal(b) })}

func TestRunMany_Order(t *testing.T) {
	deals := manyDeals(t, 9)
	want := make([]*waterfall.Result, len(deals))
	for i, d := range deals {
		var err error
		want[i], err = waterfall.Run(d)
		require.NoError(t, err)
	}
	for _, workers := range []int{0, 1, 2, 3, 16} {
		t.Run(fmt.Sprintf("workers=%d", workers), func(t *testing.T) {
			var calls []int
			var inside atomic.Int32
			got, err := scenario.RunMany(context.Background(), deals, scenario.RunManyOptions{
				Workers: workers,
				Progress: func(done, total int) {
					require.Equal(t, int32(1), inside.Add(1), "Progress calls overlap")
					defer inside.Add(-1)
					require.Equal(t, len(deals), total)
					calls = append(calls, done)
				},
			})
			require.NoError(t, err)
			require.Len(t, got, len(deals))
			for i := range deals {
				require.Equal(t, deals[i].Name, got[i].Deal)
				if diff := cmp.Diff(runview.Of(want[i]), runview.Of(got[i]), cmpResults); diff != "" {
					t.Fatalf("deal %d differs from Run (-Run +RunMany):\n%s", i, diff)
				}
			}
			wantCalls := make([]int, len(deals))
			for i := range wantCalls {
				wantCalls[i] = i + 1
			}
			require.Equal(t, wantCalls, calls)
		})
	}
}

func TestRunMany_Error(t *testing.T) {
	deals := manyDeals(t, 12)
	bad := *deals[4]
	bad.Currency = ""
	deals[4] = &bad
	deals[9] = nil
	for _, workers := range []int{1, 2, 5} {
		t.Run(fmt.Sprintf("workers=%d", workers), func(t *testing.T) {
			res, err := scenario.RunMany(context.Background(), deals, scenario.RunManyOptions{Workers: workers})
			var re *scenario.RunError
			require.ErrorAs(t, err, &re)
			require.Equal(t, 4, re.Index, "the lowest failing index, as a loop would meet it")
			require.ErrorIs(t, err, contract.ErrInvalid)
			require.Len(t, res, len(deals))
			for i := range 4 {
				require.NotNil(t, res[i], "deal %d, before the failure, ran", i)
			}
			require.Nil(t, res[4])
		})
	}
	t.Run("nil deal", func(t *testing.T) {
		_, err := scenario.RunMany(context.Background(), []*waterfall.Deal{nil}, scenario.RunManyOptions{})
		var re *scenario.RunError
		require.ErrorAs(t, err, &re)
		require.Equal(t, 0, re.Index)
		require.ErrorIs(t, err, contract.ErrRequired)
	})
}

func TestRunMany_Cancel(t *testing.T) {
	deals := manyDeals(t, 10)
	t.Run("before", func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		res, err := scenario.RunMany(ctx, deals, scenario.RunManyOptions{})
		require.ErrorIs(t, err, context.Canceled)
		for i, r := range res {
			require.Nil(t, r, "deal %d", i)
		}
	})
	t.Run("during", func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		res, err := scenario.RunMany(ctx, deals, scenario.RunManyOptions{
			Workers: 1,
			Progress: func(done, _ int) {
				if done == 3 {
					cancel()
				}
			},
		})
		require.ErrorIs(t, err, context.Canceled)
		for i, r := range res {
			if i < 3 {
				require.NotNil(t, r, "deal %d ran before the cancel", i)
			} else {
				require.Nil(t, r, "deal %d started after the cancel", i)
			}
		}
	})
	t.Run("deadline after the end", func(t *testing.T) {
		ctx, cancel := context.WithTimeout(context.Background(), time.Hour)
		defer cancel()
		res, err := scenario.RunMany(ctx, deals[:2], scenario.RunManyOptions{})
		require.NoError(t, err)
		require.Len(t, res, 2)
	})
	t.Run("empty", func(t *testing.T) {
		res, err := scenario.RunMany(context.Background(), nil, scenario.RunManyOptions{})
		require.NoError(t, err)
		require.Empty(t, res)
	})
}
