package openaijv

import (
	"context"
	"encoding/csv"
	"errors"
	"io"

	"github.com/jvwaterfall/jvwaterfall/metrics"
	"github.com/jvwaterfall/jvwaterfall/report"
	"github.com/jvwaterfall/jvwaterfall/waterfall"
	"github.com/shopspring/decimal"
)

// priceGoal is a goal seek on the compute price per MW-month, in whole
// dollars, in the scenario named: the deal is rebuilt at each price.
func priceGoal(in Inputs, name string, reached func(*waterfall.Result) (bool, error)) waterfall.Goal {
	var sh Shock
	for _, sc := range scenarios(in) {
		if sc.name == name {
			sh = sc.shock
		}
	}
	return waterfall.Goal{
		Build: func(x decimal.Decimal) (*waterfall.Deal, error) {
			at := in
			at.Compute.PricePerMWMonth = x
			m, err := build(at, sh)
			if err != nil {
				return nil, err
			}
			return m.deal, nil
		},
		Reached: reached,
		Lo:      in.GoalSeek.PriceLo,
		Hi:      in.GoalSeek.PriceHi,
		Places:  0,
	}
}

// irrReached reports whether the Founders' equity XIRR is at least
// target; a run in which no rate solves their flows (nothing came back)
// does not reach it.
func irrReached(target float64) func(*waterfall.Result) (bool, error) {
	return func(r *waterfall.Result) (bool, error) {
		x, err := r.XIRR(founders)
		if errors.Is(err, metrics.ErrNoRoot) {
			return false, nil
		}
		if err != nil {
			return false, err
		}
		return x >= target, nil
	}
}

// seekIRR finds the lowest compute price at which the Founders' equity
// IRR reaches the target in the base case.
func seekIRR(in Inputs) (waterfall.Seek, error) {
	return waterfall.GoalSeek(context.Background(), priceGoal(in, "base", irrReached(in.GoalSeek.TargetIRR.InexactFloat64())))
}

// paidByReached reports whether the Founders are first paid on or before
// the end of year n.
func paidByReached(in Inputs) func(*waterfall.Result) (bool, error) {
	by := in.paidBy().End
	return func(r *waterfall.Result) (bool, error) {
		fp, err := report.FirstPaymentOf(r, founders)
		if err != nil {
			return false, err
		}
		return fp.Paid && !fp.Date.After(by), nil
	}
}

// seekPaidBy finds the lowest compute price at which the Founders are
// first paid by the end of year PaidByYear when everything goes wrong.
func seekPaidBy(in Inputs) (waterfall.Seek, error) {
	return waterfall.GoalSeek(context.Background(), priceGoal(in, "combined", paidByReached(in)))
}

// writeRecords writes a CSV header and records.
func writeRecords(w io.Writer, header []string, records [][]string) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(header); err != nil {
		return err
	}
	if err := cw.WriteAll(records); err != nil {
		return err
	}
	return cw.Error()
}
