package scenario_test

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/jvwaterfall/jvwaterfall/contract"
	"github.com/jvwaterfall/jvwaterfall/fund"
	"github.com/jvwaterfall/jvwaterfall/report"
	"github.com/jvwaterfall/jvwaterfall/scenario"
	"github.com/jvwaterfall/jvwaterfall/spec"
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
			assertSummary(t, fmt.Sprintf("scenario %d", row.Scenario), got, sums)
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
		// Breach and Default, from the full run's events.
		var breach, deflt bool
		for _, e := range res.Events {
			breach = breach || e.Kind == tranche.EventCovenantBreach
			deflt = deflt || e.Kind == tranche.EventPaymentDefault
		}
		assert.Equal(t, breach, row.Breach, "scenario %d: breach", row.Scenario)
		assert.Equal(t, deflt, row.Default, "scenario %d: default", row.Scenario)
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

// trappedSpec is a loan of 1,000,000 at 6% simple, 30/360, interest only
// with the principal due at maturity (the end of period 3), drawn in period
// 0; a DSCR covenant of 1.20 that traps the cash reaching it while in
// breach; then the LP's capital and an 80/20 split. Its proceeds, one a
// period, are the four %s.
const trappedSpec = `{
  "name": "trapped", "currency": "USD", "scale": 2,
  "parties": [{"id": "Bank", "role": "lender"}, {"id": "LP", "commitment": "500000"}, {"id": "GP", "role": "sponsor"}],
  "schedule": {"start": "2024-12-30", "end": "2028-12-30", "frequency": "annual"},
  "contributions": [{"date": "2025-01-01", "party": "LP", "amount": "500000"}],
  "proceeds": [{"date": "2025-12-30", "amount": "%s"}, {"date": "2026-12-30", "amount": "%s"},
               {"date": "2027-12-30", "amount": "%s"}, {"date": "2028-12-30", "amount": "%s"}],
  "stack": {"kind": "sequence", "tranches": [
    {"kind": "debt", "id": "senior", "lender": "Bank", "loan": {
      "commitment": "1000000", "draws": [{"date": "2024-12-31", "amount": "1000000"}],
      "rate": {"annual": "0.06", "compounding": "simple", "day_count": "30/360 US"},
      "maturity": "2028-12-30"}},
    {"kind": "covenant", "id": "dscr", "loan": "senior", "min_dscr": "1.2", "junior": {"kind": "sequence", "tranches": [
      {"kind": "return_of_capital", "id": "capital", "parties": ["LP"]},
      {"kind": "split", "id": "rest", "shares": [{"parties": ["LP"], "weight": "0.8"}, {"parties": ["GP"], "weight": "0.2", "promote": true}]}
    ]}}
  ]}
}`

func trappedDeal(t testing.TB, proceeds ...any) *waterfall.Deal {
	t.Helper()
	d, err := spec.UnmarshalDeal([]byte(fmt.Sprintf(trappedSpec, proceeds...)))
	require.NoError(t, err)
	return d
}

// TestMeasure_LoanFiguresByHand: the deal's measures against figures worked
// from trappedSpec's terms. The loan's scheduled service is its interest,
// 1,000,000 × 6% × 360/360 = 60,000 in each of periods 1 to 3 (period 0
// holds the draw; the principal at maturity is the balloon, not scheduled
// service), so DSCR_i = (Available_i − Held_{i−1}) / 60,000, where
// Available is the period's proceeds plus the cash trapped before it:
//
//   - trap: proceeds 90,000, 69,000, 63,000, 1,700,000. Period 1: 69,000 /
//     60,000 = 1.15 < 1.20, a breach; the 9,000 left is trapped. Period 2:
//     (63,000 + 9,000 − 9,000) / 60,000 = 1.05, still in breach; 3,000
//     more trapped. Period 3: (1,700,000 + 12,000 − 12,000) / 60,000 =
//     28.333333. The lowest is 1.05; the loan is repaid in full.
//   - pass: 80,000, 75,000 (1.25) and 90,000 (1.50) pass 1.20: no breach.
//   - default: 40,000 in period 2 is (40,000 + 9,000 − 9,000) / 60,000 =
//     0.666667 (six places, half up), and the 49,000 reaching the loan
//     does not pay its 60,000 of interest: a breach and a default; the
//     exit pays everything back, so no loss.
//   - loss: 760,000 at the end: 760,000 + 12,000 pays the interest of
//     60,000 and 712,000 of principal; the lender loses 1,000,000 −
//     712,000 = 288,000, and the missed principal is a default.
//
// Each is measured from a totals-only run, as sweeps do, and from a full
// run; with no deal (a fund's reading) there is no DSCR and no loss.
func TestMeasure_LoanFiguresByHand(t *testing.T) {
	cases := []struct {
		name          string
		proceeds      [4]string
		minDSCR       float64
		breach, deflt bool
		loss          string
	}{
		{"trap", [4]string{"90000", "69000", "63000", "1700000"}, 1.05, true, false, "0"},
		{"pass", [4]string{"80000", "75000", "90000", "1700000"}, 1.25, false, false, "0"},
		{"default", [4]string{"90000", "69000", "40000", "1700000"}, 0.666667, true, true, "0"},
		{"loss", [4]string{"90000", "69000", "63000", "760000"}, 1.05, true, true, "288000"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			d := trappedDeal(t, c.proceeds[0], c.proceeds[1], c.proceeds[2], c.proceeds[3])
			for _, totals := range []bool{true, false} {
				res, err := waterfall.RunWith(d, waterfall.RunOptions{TotalsOnly: totals})
				require.NoError(t, err)
				out, err := scenario.Measure(res, d, nil)
				require.NoError(t, err)
				assert.Equal(t, c.minDSCR, out.MinDSCR, "totals-only %v: min DSCR", totals)
				assert.Equal(t, c.breach, out.Breach, "totals-only %v: breach", totals)
				assert.Equal(t, c.deflt, out.Default, "totals-only %v: default", totals)
				assert.Truef(t, dec(c.loss).Equal(out.LenderLoss), "totals-only %v: lender loss %s, want %s", totals, out.LenderLoss, c.loss)
				assert.True(t, out.Retained.IsZero(), "totals-only %v: retained %s: the last period releases trapped cash", totals, out.Retained)

				fund, err := scenario.Measure(res, nil, nil)
				require.NoError(t, err)
				assert.True(t, math.IsNaN(fund.MinDSCR), "no deal: min DSCR %v, want NaN", fund.MinDSCR)
				assert.True(t, fund.LenderLoss.IsZero(), "no deal: lender loss %s", fund.LenderLoss)
				assert.Equal(t, out.Breach, fund.Breach, "the events are read without the deal")
				assert.Len(t, fund.Parties, 3, "the parties are read without the deal")
			}
		})
	}
}

// assertSummary checks a party's measures against its report.Summary,
// read from the full run's ledger.
func assertSummary(t *testing.T, label string, got scenario.PartyOutcome, sums []report.Summary) {
	t.Helper()
	var s report.Summary
	for _, x := range sums {
		if x.Party == got.Party {
			s = x
		}
	}
	require.Equal(t, got.Party, s.Party, "%s: no summary", label)
	assert.True(t, s.Contributed.Equal(got.Contributed), "%s %s contributed", label, got.Party)
	assert.True(t, s.Distributed.Equal(got.Distributed), "%s %s distributed", label, got.Party)
	assert.True(t, s.Net.Equal(got.Net), "%s %s net %s != %s", label, got.Party, got.Net, s.Net)
	assert.True(t, s.DPI.Equal(got.MOIC), "%s %s MOIC %s != %s", label, got.Party, got.MOIC, s.DPI)
	assert.Equal(t, s.Payback.Date, got.Payback, "%s %s payback", label, got.Party)
	assert.Equal(t, s.First.Date, got.First, "%s %s first payment", label, got.Party)
	if s.RateErr != nil {
		assert.True(t, math.IsNaN(got.XIRR) && math.IsNaN(got.IRR), "%s %s: %v", label, got.Party, s.RateErr)
	} else {
		assert.Equal(t, s.XIRR, got.XIRR, "%s %s XIRR", label, got.Party)
		assert.Equal(t, s.PeriodicIRR, got.IRR, "%s %s IRR", label, got.Party)
	}
}

// TestMeasure_PartiesAreTheLedgersFigures: on the command-line tool's
// templates (an American fund whose GP pays carry into escrow, a capital
// stack with a PIK mezzanine loan, whose lender gets back more principal
// than it lent, reserves and a covenant, a take-or-pay JV, a venture
// exit) and on the trapped deal, each party's measures from a
// totals-only run are what report.Summary reads from the full ledger, and
// Net is what the ledger says by a third count: the payments to the party,
// less those from it, less its contributions.
func TestMeasure_PartiesAreTheLedgersFigures(t *testing.T) {
	docs := map[string]spec.Document{
		"trapped":  {Deal: trappedDeal(t, "90000", "69000", "40000", "760000")},
		"trapped2": {Deal: trappedDeal(t, "90000", "69000", "63000", "1700000")},
	}
	templates, err := filepath.Glob("../cmd/jvwaterfall/templates/*.json")
	require.NoError(t, err)
	require.NotEmpty(t, templates)
	for _, f := range templates {
		b, err := os.ReadFile(f)
		require.NoError(t, err)
		doc, err := spec.Unmarshal(b)
		require.NoError(t, err, f)
		docs[filepath.Base(f)] = doc
	}
	// The American fund without fees, with 90% of the carry held in escrow
	// and a larger second exit: the GP pays the escrow out of carry and
	// still has rates of return, and its payback waits for the second exit
	// (it keeps 1,120,192 − 420,192 = 700,000 of the first, less than its
	// 800,000).
	var af map[string]any
	require.NoError(t, json.Unmarshal(readFile(t, "../cmd/jvwaterfall/templates/american-fund.json"), &af))
	delete(af, "fees")
	af["american"].(map[string]any)["escrow"].(map[string]any)["share"] = "0.9"
	af["investments"].([]any)[1].(map[string]any)["proceeds"].([]any)[0].(map[string]any)["amount"] = "6000000.00"
	b, err := json.Marshal(af)
	require.NoError(t, err)
	docs["escrow"], err = spec.Unmarshal(b)
	require.NoError(t, err)
	// One period: the LP's capital goes in and comes back within it, so
	// it has no rate of return, neither dated nor per period.
	docs["one period"] = spec.Document{Deal: func() *waterfall.Deal {
		d, err := spec.UnmarshalDeal([]byte(strings.Replace(fmt.Sprintf(oneYearSpec, "60"), `"ends": ["2021-01-01", "2022-01-01"]`, `"ends": ["2022-01-01"]`, 1)))
		require.NoError(t, err)
		return d
	}()}
	// Break-even: the LP gets back exactly the 50 it put in, which is
	// its payback.
	docs["break-even"] = spec.Document{Deal: oneYearDeal(t, "50")}
	// A lender paid 50% in cash and 20% capitalised: its cash interest,
	// 500,000 and 600,000, passes the 1,000,000 it lent in period 2, a
	// period before it has its principal back (1,000,000 · 1.2³ =
	// 1,728,000), which is its payback.
	pik, err := spec.UnmarshalDeal([]byte(strings.NewReplacer(
		`"maturity": "2028-12-30"`, `"maturity": "2028-12-30", "pik_rate": "0.20"`,
		`"annual": "0.06"`, `"annual": "0.50"`,
		`"min_dscr": "1.2"`, `"min_dscr": "0.5"`,
	).Replace(fmt.Sprintf(trappedSpec, "400000", "600000", "700000", "5000000"))))
	require.NoError(t, err)
	docs["pik"] = spec.Document{Deal: pik}

	var paidOut, lentLess bool // reached: a party paid another; a lender's principal back above what it lent
	for name, doc := range docs {
		// A fund keeps its ledger and is measured without a deal; a deal is
		// measured from a totals-only run.
		var full, totals *waterfall.Result
		if doc.Fund != nil {
			fr, err := fund.Run(doc.Fund)
			require.NoError(t, err, name)
			full, totals = fr.Result, fr.Result
		} else {
			full, err = waterfall.Run(doc.Deal)
			require.NoError(t, err, name)
			totals, err = waterfall.RunWith(doc.Deal, waterfall.RunOptions{TotalsOnly: true})
			require.NoError(t, err, name)
		}
		sums, err := report.Summaries(full, nil)
		require.NoError(t, err, name)
		out, err := scenario.Measure(totals, doc.Deal, nil)
		require.NoError(t, err, name)
		require.Len(t, out.Parties, len(full.Parties()), name)
		for _, got := range out.Parties {
			assertSummary(t, name, got, sums)
			net := decimal.Zero
			for pay := range full.Payments.Values() {
				if pay.Party == got.Party {
					net = net.Add(pay.Amount)
				}
				if pay.From == got.Party {
					net = net.Sub(pay.Amount)
					paidOut = true
				}
			}
			for c := range full.Contributions.Values() {
				if c.Party == got.Party {
					net = net.Sub(c.Amount)
				}
			}
			assert.Truef(t, net.Equal(got.Net), "%s %s: net %s, ledger %s", name, got.Party, got.Net, net)
			pt, _ := full.Party(got.Party)
			lentLess = lentLess || pt.ByKind[tranche.KindPrincipal].GreaterThan(pt.Contributed)
		}
	}
	assert.True(t, paidOut, "no party paid another: PaidOut is not checked")
	assert.True(t, lentLess, "no lender got back more principal than it lent: the stake is not checked")
}

// TestMeasure_Errors: a party not in the run, a deal whose loans the run
// did not hold, or a stack that holds itself, is an error, not a row of
// zeros or a crash.
func TestMeasure_Errors(t *testing.T) {
	d := trappedDeal(t, "90000", "69000", "63000", "1700000")
	res, err := waterfall.RunWith(d, waterfall.RunOptions{TotalsOnly: true})
	require.NoError(t, err)
	_, err = scenario.Measure(res, d, []tranche.PartyID{"LP", "Nobody"})
	require.ErrorIs(t, err, tranche.ErrUnknownParty)
	require.ErrorContains(t, err, `"Nobody"`)

	// The same deal with its loan named "junior": no such loan in the run.
	other, err := spec.UnmarshalDeal([]byte(strings.ReplaceAll(fmt.Sprintf(trappedSpec, "1", "1", "1", "1"), `"senior"`, `"junior"`)))
	require.NoError(t, err)
	_, err = scenario.Measure(res, other, nil)
	require.ErrorIs(t, err, waterfall.ErrNotInRun)
	require.ErrorContains(t, err, `"junior"`)
	_, err = scenario.Measure(nil, d, nil)
	require.ErrorIs(t, err, contract.ErrRequired)

	// A deal a year longer than the run, its loan of the same name: its
	// schedule has a row more than the run has periods. Whatever Measure
	// makes of the mismatch, it does not index past the run's periods.
	longer, err := spec.UnmarshalDeal([]byte(strings.NewReplacer(`"end": "2028-12-30"`, `"end": "2029-12-30"`,
		`"maturity": "2028-12-30"`, `"maturity": "2029-12-30"`).Replace(fmt.Sprintf(trappedSpec, "1", "1", "1", "1"))))
	require.NoError(t, err)
	require.NotPanics(t, func() { _, _ = scenario.Measure(res, longer, nil) })

	// A stack that holds itself (only Go code can make one) is refused
	// before it is walked.
	self := &tranche.Sequential{}
	self.Tranches = []tranche.Tranche{self}
	cyclic := *d
	cyclic.Stack = self
	_, err = scenario.Measure(res, &cyclic, nil)
	require.ErrorIs(t, err, contract.ErrRange)
}
