package openaijv

import (
	"context"
	"encoding/csv"
	"errors"
	"io"
	"math"

	"github.com/jvwaterfall/jvwaterfall/metrics"
	study "github.com/jvwaterfall/jvwaterfall/scenario"
	"github.com/jvwaterfall/jvwaterfall/waterfall"
	"github.com/shopspring/decimal"
)

// priceGoal is a goal seek on the compute price per MW-month, in whole
// dollars, in the base case: the deal is rebuilt at each price, the loan
// re-sized unless sh.Sized fixes it.
func priceGoal(in Inputs, sh Shock, reached func(*waterfall.Deal, *waterfall.Result) (bool, error)) study.Goal {
	var last *waterfall.Deal
	return study.Goal{
		Build: func(x decimal.Decimal) (*waterfall.Deal, error) {
			at := in
			at.Compute.PricePerMWMonth = x
			m, err := build(at, sh)
			if err != nil {
				return nil, err
			}
			last = m.deal
			return m.deal, nil
		},
		Reached: func(r *waterfall.Result) (bool, error) { return reached(last, r) },
		Lo:      in.GoalSeek.PriceLo,
		Hi:      in.GoalSeek.PriceHi,
		Places:  0,
	}
}

// peIRRReached reports whether PE's XIRR is at least target; a run in
// which no rate solves its flows does not reach it.
func peIRRReached(target float64) func(*waterfall.Deal, *waterfall.Result) (bool, error) {
	return func(_ *waterfall.Deal, r *waterfall.Result) (bool, error) {
		x, err := r.XIRR(pe)
		if errors.Is(err, metrics.ErrNoRoot) {
			return false, nil
		}
		if err != nil {
			return false, err
		}
		return x >= target, nil
	}
}

// dscrReached reports whether the run's lowest DSCR is at least target.
func dscrReached(target float64) func(*waterfall.Deal, *waterfall.Result) (bool, error) {
	return func(d *waterfall.Deal, r *waterfall.Result) (bool, error) {
		m, err := study.Measure(r, d, nil)
		if err != nil {
			return false, err
		}
		return !math.IsNaN(m.MinDSCR) && m.MinDSCR >= target, nil
	}
}

// seekPEIRR finds the lowest compute price at which PE's IRR reaches
// the target in the base case.
func seekPEIRR(in Inputs) (study.Seek, error) {
	return study.GoalSeek(context.Background(), priceGoal(in, Shock{}, peIRRReached(in.GoalSeek.TargetIRR.InexactFloat64())))
}

// seekDSCR finds the lowest compute price at which the lowest DSCR of
// the base case, with the loan sized at the inputs' price, reaches the
// goal's minimum: how far the price can fall before the covenant bites.
func seekDSCR(in Inputs) (study.Seek, error) {
	size, err := sizeDebt(in, in.Facility.CapacityMW)
	if err != nil {
		return study.Seek{}, err
	}
	return study.GoalSeek(context.Background(), priceGoal(in, Shock{Sized: &size}, dscrReached(in.GoalSeek.MinDSCR.InexactFloat64())))
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
