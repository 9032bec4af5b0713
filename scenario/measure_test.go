package scenario_test

import (
	"context"
	"math"
	"testing"

	"github.com/jvwaterfall/jvwaterfall/report"
	"github.com/jvwaterfall/jvwaterfall/scenario"
	"github.com/jvwaterfall/jvwaterfall/tranche"
	"github.com/jvwaterfall/jvwaterfall/waterfall"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestMeasure_TotalsOnlyRowsAreTheLedgersFigures: a Monte Carlo's rows,
// run totals-only and measured from totals and movements, equal what a
// second method reads from the full ledger of the same scenario:
// report.Summaries for the parties' measures, and for the lender loss the
// loan's draws less the principal payments to the lender in the ledger
// (the deal's loan capitalises no interest, so the two definitions agree).
// The draws include scenarios with payment defaults and lender losses;
// the test requires both to occur, so that it checks them.
func TestMeasure_TotalsOnlyRowsAreTheLedgersFigures(t *testing.T) {
	p := plan(t, "testdata/stress.montecarlo.json")
	n := p.Len()
	if testing.Short() {
		n = 60
	}
	rows, err := p.RunRange(context.Background(), 0, n, scenario.Options{})
	require.NoError(t, err)
	var breaches, defaults, losses int
	for _, row := range rows {
		require.NoError(t, row.Err)
		doc, _, err := p.Document(row.Scenario)
		require.NoError(t, err)
		res, err := waterfall.Run(doc.Deal)
		require.NoError(t, err)

		sums, err := report.Summaries(res, nil)
		require.NoError(t, err)
		require.Len(t, row.Parties, len(p.Parties()))
		for _, got := range row.Parties {
			var s report.Summary
			for _, x := range sums {
				if x.Party == got.Party {
					s = x
				}
			}
			require.Equal(t, got.Party, s.Party)
			assert.True(t, s.Contributed.Equal(got.Contributed), "scenario %d %s contributed", row.Scenario, got.Party)
			assert.True(t, s.Distributed.Equal(got.Distributed), "scenario %d %s distributed", row.Scenario, got.Party)
			assert.True(t, s.Net.Equal(got.Net), "scenario %d %s net", row.Scenario, got.Party)
			assert.True(t, s.DPI.Equal(got.MOIC), "scenario %d %s MOIC %s != %s", row.Scenario, got.Party, s.DPI, got.MOIC)
			assert.Equal(t, s.Payback.Date, got.Payback, "scenario %d %s payback", row.Scenario, got.Party)
			assert.Equal(t, s.First.Date, got.First, "scenario %d %s first payment", row.Scenario, got.Party)
			if s.RateErr != nil {
				assert.True(t, math.IsNaN(got.XIRR) && math.IsNaN(got.IRR), "scenario %d %s: %v", row.Scenario, got.Party, s.RateErr)
			} else {
				assert.Equal(t, s.XIRR, got.XIRR, "scenario %d %s XIRR", row.Scenario, got.Party)
				assert.Equal(t, s.PeriodicIRR, got.IRR, "scenario %d %s IRR", row.Scenario, got.Party)
			}
		}

		loss := decimal.Zero
		for _, tr := range doc.Deal.Stack.(tranche.Parent).Children() {
			d, ok := tr.(*tranche.Debt)
			if !ok {
				continue
			}
			owed := decimal.Zero
			for i := range d.Plan.NumPeriods() {
				owed = owed.Add(d.Plan.Draw(i))
			}
			for pay := range res.Payments.Values() {
				if pay.Tranche == d.Name && pay.Kind == tranche.KindPrincipal {
					owed = owed.Sub(pay.Amount)
				}
			}
			loss = loss.Add(decimal.Max(owed, decimal.Zero))
		}
		assert.True(t, loss.Equal(row.LenderLoss), "scenario %d: lender loss %s, ledger %s", row.Scenario, row.LenderLoss, loss)
		if row.Breach {
			breaches++
		}
		if row.Default {
			defaults++
		}
		if row.LenderLoss.Sign() > 0 {
			losses++
		}
	}
	t.Logf("%d scenarios: %d with a breach, %d with a default, %d with a lender loss", len(rows), breaches, defaults, losses)
	if !testing.Short() {
		assert.Positive(t, defaults, "no scenario defaults: the test checks less than it says")
		assert.Positive(t, losses, "no scenario has a lender loss: the test checks less than it says")
	}
}
