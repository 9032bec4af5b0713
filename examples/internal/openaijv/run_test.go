package openaijv

import (
	"bytes"
	"errors"
	"io"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"

	"github.com/jvwaterfall/jvwaterfall/contract"
	goldenfile "github.com/jvwaterfall/jvwaterfall/internal/golden"
	"github.com/jvwaterfall/jvwaterfall/metrics"
	"github.com/jvwaterfall/jvwaterfall/report"
	"github.com/jvwaterfall/jvwaterfall/tranche"
	"github.com/jvwaterfall/jvwaterfall/waterfall"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"
)

func d(s string) decimal.Decimal { return decimal.RequireFromString(s) }

// run is Run without a chart drawer.
func run(args []string, w io.Writer) error { return Run(args, w, nil) }

// golden compares out with testdata/name.golden, or rewrites it with
// -update.
func golden(t *testing.T, name string, out []byte) {
	t.Helper()
	goldenfile.Check(t, filepath.Join("testdata", name+".golden"), out)
}

// TestOutput pins the program's output, for the default summary and for
// every scenario in every format, against regressions. The figures in
// them are proven independently by the tests below: the report figures
// from the ledger by a second path, the compute bill by closed form, the
// priority of PE's pref by a property, the goal seeks by runs at and below
// the answer.
func TestOutput(t *testing.T) {
	cases := []struct {
		name string
		args []string
	}{{"summary", nil}}
	for _, sc := range []string{"base", "energy", "utilisation", "obsolescence", "combined", "all"} {
		for _, f := range []string{"table", "csv", "json"} {
			cases = append(cases, struct {
				name string
				args []string
			}{sc + "-" + f, []string{"-scenario", sc, "-format", f}})
		}
	}
	cases = append(cases,
		struct {
			name string
			args []string
		}{"base-table-quarterly", []string{"-scenario", "base", "-periods", "quarterly"}},
		struct {
			name string
			args []string
		}{"combined-csv-monthly", []string{"-scenario", "combined", "-format", "csv", "-periods", "monthly"}})
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			var buf bytes.Buffer
			require.NoError(t, run(c.args, &buf))
			golden(t, c.name, buf.Bytes())
		})
	}
}

func TestRun_Errors(t *testing.T) {
	cases := []struct {
		name string
		args []string
		want string
	}{
		{"unknown scenario", []string{"-scenario", "meteor"}, `-scenario "meteor"`},
		{"unknown format", []string{"-format", "xml"}, `-format "xml"`},
		{"unknown periods", []string{"-periods", "weekly"}, `-periods "weekly"`},
		{"chart without an image extension", []string{"-chart", "out.pdf"}, `-chart "out.pdf"`},
		{"unknown flag", []string{"-color"}, "flag provided but not defined"},
		{"stray argument", []string{"base"}, "unexpected arguments"},
		{"missing inputs file", []string{"-inputs", filepath.Join(t.TempDir(), "none.json")}, "no such file"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			err := run(c.args, &bytes.Buffer{})
			require.Error(t, err)
			require.Contains(t, err.Error(), c.want)
		})
	}
}

// TestRun_InputsFile checks that -inputs replaces the embedded inputs: a
// copy with a higher compute price pays the Founders more.
func TestRun_InputsFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "inputs.json")
	edited := strings.Replace(string(defaultInputs), `"price_per_mw_month": "600000.00"`, `"price_per_mw_month": "700000.00"`, 1)
	require.NotEqual(t, string(defaultInputs), edited)
	require.NoError(t, os.WriteFile(path, []byte(edited), 0o644))
	var base, high bytes.Buffer
	require.NoError(t, run([]string{"-scenario", "base", "-format", "json"}, &base))
	require.NoError(t, run([]string{"-scenario", "base", "-format", "json", "-inputs", path}, &high))
	require.NotEqual(t, base.String(), high.String())

	bad := filepath.Join(t.TempDir(), "bad.json")
	require.NoError(t, os.WriteFile(bad, []byte(`{"deal": 1}`), 0o644))
	err := run([]string{"-inputs", bad}, &bytes.Buffer{})
	require.True(t, errors.Is(err, contract.ErrInvalid))
	require.Contains(t, err.Error(), "deal: ")
}

func TestDecodeInputs(t *testing.T) {
	cases := []struct {
		name  string
		edit  func(string) string
		paths []string // every field path the error must name
	}{
		{"unknown field", func(s string) string {
			return strings.Replace(s, `"pref_rate"`, `"pref_rat"`, 1)
		}, []string{"pe.pref_rat: ", "pe.pref_rate: required"}},
		{"decimal as a JSON number", func(s string) string {
			return strings.Replace(s, `"pref_rate": "0.08"`, `"pref_rate": 0.08`, 1)
		}, []string{"pe.pref_rate: "}},
		{"exponent", func(s string) string {
			return strings.Replace(s, `"amount": "6000000000.00"`, `"amount": "6e9"`, 1)
		}, []string{"debt.amount: "}},
		{"absurd exponent", func(s string) string {
			return strings.Replace(s, `"amount": "6000000000.00"`, `"amount": "1e999999999"`, 1)
		}, []string{"debt.amount: "}},
		{"bad date", func(s string) string {
			return strings.Replace(s, `"2026-12-31"`, `"31/12/2026"`, 1)
		}, []string{"closing: "}},
		{"month as a string", func(s string) string {
			return strings.Replace(s, `"years": 10`, `"years": "10"`, 1)
		}, []string{"years: "}},
		{"every problem at once", func(s string) string {
			s = strings.Replace(s, `"minimum_share": "0.80"`, `"minimum_share": "1.5"`, 1)
			s = strings.Replace(s, `"equity": "1500000000.00"`, `"equity": "-1"`, 1)
			return strings.Replace(s, `"promote": "0.20"`, `"promote": "1"`, 1)
		}, []string{"compute.minimum_share: ", "founders.equity: ", "pe.promote: "}},
		{"fractions of a cent", func(s string) string {
			return strings.Replace(s, `"equity": "2500000000.00"`, `"equity": "2500000000.001"`, 1)
		}, []string{"pe.equity: "}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := decodeInputs([]byte(c.edit(string(defaultInputs))))
			require.Error(t, err)
			require.True(t, errors.Is(err, contract.ErrInvalid), "%v", err)
			for _, p := range c.paths {
				require.Contains(t, err.Error(), p)
			}
		})
	}
	for _, s := range []string{``, `[]`, `{} {}`, `{"deal": "x"} trailing`, strings.Repeat(" ", maxInputBytes+1)} {
		_, err := decodeInputs([]byte(s))
		require.Error(t, err, "%q", s)
	}
	in, err := decodeInputs(defaultInputs)
	require.NoError(t, err)
	require.True(t, in.Founders.Equity.Equal(d("1500000000")))
	require.Equal(t, contract.Date(2026, 12, 31), in.Closing.Time)
}

func FuzzDecodeInputs(f *testing.F) {
	f.Add(defaultInputs)
	f.Add([]byte(`{"deal": "x", "pe": {"pref_rate": "1e999999999"}}`))
	f.Add([]byte(`{"years": 1e9}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		in, err := decodeInputs(data)
		if err != nil {
			return
		}
		require.NoError(t, in.Validate())
	})
}

func inputs(t testing.TB) Inputs {
	in, err := decodeInputs(defaultInputs)
	require.NoError(t, err)
	return in
}

// baseOutcomes caches the runs of the embedded inputs' scenarios, which
// several tests read and none changes.
var baseOutcomes = sync.OnceValues(func() ([]*outcome, error) {
	in, err := decodeInputs(defaultInputs)
	if err != nil {
		return nil, err
	}
	var outs []*outcome
	for _, sc := range scenarios(in) {
		o, err := runScenario(in, sc)
		if err != nil {
			return nil, err
		}
		outs = append(outs, o)
	}
	return outs, nil
})

func outcomes(t testing.TB, in Inputs) []*outcome {
	if reflect.DeepEqual(in, inputs(t)) {
		outs, err := baseOutcomes()
		require.NoError(t, err)
		return outs
	}
	var outs []*outcome
	for _, sc := range scenarios(in) {
		o, err := runScenario(in, sc)
		require.NoError(t, err)
		outs = append(outs, o)
	}
	return outs
}

// TestReport_SecondPath proves the summary's "paid before the Founders"
// figures from the ledger by another route: the period summaries' Paid of
// every earlier period, plus what the tranches senior to the capital tier
// paid in the Founders' first period (in the capital tier the Founders
// are listed first). And every party's tier split adds up to what it
// received and to its totals by kind.
func TestReport_SecondPath(t *testing.T) {
	in := inputs(t)
	for _, o := range outcomes(t, in) {
		t.Run(o.scenario.name, func(t *testing.T) {
			rep, err := report.SummaryOf(o.res, founders, decimal.Zero)
			require.NoError(t, err)
			fp := rep.First
			require.True(t, fp.Paid)

			breakpoint := decimal.Zero
			for _, s := range o.res.Periods[:fp.Period] {
				breakpoint = breakpoint.Add(s.Paid)
			}
			byParty := map[tranche.PartyID]decimal.Decimal{lenders: decimal.Zero, pe: decimal.Zero}
			for _, p := range o.res.Payments.All() {
				if p.Period < fp.Period {
					byParty[p.Party] = byParty[p.Party].Add(p.Amount)
				}
				if p.Period == fp.Period && (p.Tranche == seniorID || p.Tranche == prefID) {
					breakpoint = breakpoint.Add(p.Amount)
					byParty[p.Party] = byParty[p.Party].Add(p.Amount)
				}
			}
			require.True(t, breakpoint.Equal(fp.Breakpoint), "breakpoint %s, second path %s", fp.Breakpoint, breakpoint)
			require.Truef(t, byParty[founders].IsZero(), "founders paid before their first payment")
			for _, b := range fp.Before {
				require.True(t, b.Amount.Equal(byParty[b.Party]), "%s before: %s, second path %s", b.Party, b.Amount, byParty[b.Party])
			}

			for _, p := range o.res.Parties() {
				r, err := report.SummaryOf(o.res, p.Party, decimal.Zero)
				require.NoError(t, err)
				sum := decimal.Zero
				var byKind [tranche.NumKinds]decimal.Decimal
				for _, x := range r.Tiers {
					sum = sum.Add(x.Amount)
					byKind[x.Kind] = byKind[x.Kind].Add(x.Amount)
				}
				require.True(t, sum.Equal(p.Distributed))
				for k := range byKind {
					require.True(t, byKind[k].Equal(p.ByKind[k]), "%s kind %s", p.Party, tranche.Kind(k))
				}
			}
			// The Founders' first profit comes after PE's capital, pref
			// and catch-up, from the split: PE's first profit is before.
			peRep, err := report.SummaryOf(o.res, pe, decimal.Zero)
			require.NoError(t, err)
			if rep.FirstProfit.Paid {
				require.Less(t, peRep.FirstProfit.Index, rep.FirstProfit.Index)
			}
		})
	}
}

// TestFoundersPosition_ComputeBill proves the compute bill in closed form
// and against the JV's income (the other side of the same contract). In
// the base case the Founders take 190 MW-months a month, above the
// 160 minimum, from COD (2027-06-30) to 2036-12-31: 114 months, of which
// contract years 0..8 are whole and year 9 has 6 months, at 600,000 ×
// 1.02^year: bill = 190 × 600,000 × (12 × Σ_{k<9} 1.02^k + 6 × 1.02^9).
// From month 13 the low-utilisation scenario takes 120 and pays for 160:
// 40 × price a month of shortfall, all months but the first six of
// contract year 0.
func TestFoundersPosition_ComputeBill(t *testing.T) {
	in := inputs(t)
	outs := outcomes(t, in)
	// The contract keeps an escalated price factor to 12 places and rounds
	// each month's charge to the cent (contract.TakeOrPay's rounding rules).
	price := func(k int) decimal.Decimal {
		return d("600000").Mul(d("1.02").Pow(decimal.NewFromInt(int64(k))).Round(contract.PricePlaces))
	}
	month := func(mw string, k int) decimal.Decimal { return d(mw).Mul(price(k)).Round(2) }
	want := decimal.Zero
	for k := range 9 {
		want = want.Add(month("190", k).Mul(d("12")))
	}
	want = want.Add(month("190", 9).Mul(d("6")))
	base := outs[0].position
	require.True(t, base.TakeOrPay.Equal(want), "bill %s, closed form %s", base.TakeOrPay, want)
	require.True(t, base.Unused.IsZero())
	require.True(t, base.Net.Equal(base.Distributions.Sub(base.TakeOrPay).Sub(base.Equity)))

	wantUnused := month("40", 0).Mul(d("6")) // months 13-18: the second half of contract year 0
	for k := 1; k < 9; k++ {
		wantUnused = wantUnused.Add(month("40", k).Mul(d("12")))
	}
	wantUnused = wantUnused.Add(month("40", 9).Mul(d("6")))
	low := outs[2].position
	require.True(t, low.Unused.Equal(wantUnused), "unused %s, closed form %s", low.Unused, wantUnused)

	for _, o := range outs {
		income := decimal.Zero
		for _, s := range o.res.Periods {
			for _, l := range s.Sources {
				if l.Source == computeSource {
					income = income.Add(l.In)
				}
			}
		}
		require.True(t, income.Equal(o.position.TakeOrPay), "%s: JV income %s, Founders' bill %s", o.scenario.name, income, o.position.TakeOrPay)
	}
}

// TestLenders checks the lenders' side against the loan's own schedule:
// they are paid every fee, interest and principal the schedule asks, and
// their IRR is the loan's yield: above the 7% coupon by the fee.
func TestLenders(t *testing.T) {
	in := inputs(t)
	for _, o := range outcomes(t, in) {
		rows, err := o.model.loan.Schedule()
		require.NoError(t, err)
		want := decimal.Zero
		for _, r := range rows {
			want = want.Add(r.UpfrontFee).Add(r.Interest).Add(r.Principal)
		}
		got, _ := o.res.Party(lenders)
		require.True(t, got.Distributed.Equal(want), "%s: lenders got %s, schedule %s", o.scenario.name, got.Distributed, want)
		irr, err := metrics.XIRR(lenderFlows(o.res))
		require.NoError(t, err)
		require.Greater(t, irr, 0.07)
		require.Less(t, irr, 0.075)
	}
}

// stressCase draws random stress parameters and a price.
func stressCase(r *rand.Rand, in Inputs) (Inputs, Shock) {
	at := in
	at.Compute.PricePerMWMonth = decimal.NewFromInt(int64(250_000 + r.IntN(1_000_000)))
	u := decimal.New(int64(20+r.IntN(81)), -2)
	sh := Shock{
		EnergyMultiplier: decimal.New(int64(100+r.IntN(300)), -2),
		EnergyFrom:       1 + r.IntN(120),
		Utilisation:      &u,
		UtilisationFrom:  1 + r.IntN(120),
	}
	if r.IntN(3) > 0 {
		sh.ObsoleteAfter = 1 + r.IntN(12*in.Years-in.ConstructionMonths-1)
	}
	return at, sh
}

// TestProperty_FoundersNeverPaidWhilePrefUnpaid runs the JV under random
// stress (energy multiplier and start, utilisation and start,
// obsolescence month, compute price) and checks, with PE's hurdle balance
// computed here from PE's own dated flows, that in every period in which
// the Founders receive anything PE's preferred return is fully paid at
// the period's end: H(8%) − PE's unreturned capital ≤ one cent of
// rounding per period.
func TestProperty_FoundersNeverPaidWhilePrefUnpaid(t *testing.T) {
	in := inputs(t)
	r := rand.New(rand.NewPCG(5, 2026))
	rate, _ := in.PE.PrefRate.Float64()
	n := 40
	if testing.Short() {
		n = 6
	}
	paidRuns := 0
	for range n {
		at, sh := stressCase(r, in)
		m, err := build(at, sh)
		require.NoError(t, err)
		res, err := waterfall.Run(m.deal)
		require.NoError(t, err)
		contrib := make([]float64, len(res.Periods))
		received := make([]float64, len(res.Periods))
		capital := make([]float64, len(res.Periods))
		foundersPaid := make([]bool, len(res.Periods))
		for _, c := range res.Contributions.All() {
			if c.Party == pe {
				contrib[c.Period] += c.Amount.InexactFloat64()
			}
		}
		for _, p := range res.Payments.All() {
			switch p.Party {
			case pe:
				received[p.Period] += p.Amount.InexactFloat64()
				if p.Kind == tranche.KindCapital {
					capital[p.Period] += p.Amount.InexactFloat64()
				}
			case founders:
				foundersPaid[p.Period] = foundersPaid[p.Period] || p.Amount.Sign() > 0
			}
		}
		h, unreturned := 0.0, 0.0
		for i, s := range res.Periods {
			if i > 0 {
				days := float64(contract.Days(res.Periods[i-1].Period.End, s.Period.End))
				h *= math.Pow(1+rate, days/365)
			}
			h += contrib[i] - received[i]
			unreturned += contrib[i] - capital[i]
			if foundersPaid[i] {
				paidRuns++
				require.LessOrEqualf(t, h-unreturned, 0.01*float64(i+1),
					"price %s shock %+v: Founders paid in period %d while PE's pref is owed %.2f", at.Compute.PricePerMWMonth, sh, i, h-unreturned)
			}
		}
	}
	require.Positive(t, paidRuns, "no run paid the Founders: the property was never exercised")
}

// TestGoalSeek checks each goal seek by running the deal at the answer
// and one dollar below it.
func TestGoalSeek(t *testing.T) {
	in := inputs(t)
	target, _ := in.GoalSeek.TargetIRR.Float64()
	at := func(name string, price decimal.Decimal) *waterfall.Result {
		g := priceGoal(in, name, nil)
		deal, err := g.Build(price)
		require.NoError(t, err)
		res, err := waterfall.Run(deal)
		require.NoError(t, err)
		return res
	}
	t.Run("Founders' IRR", func(t *testing.T) {
		s, err := seekIRR(in)
		require.NoError(t, err)
		irr, err := at("base", s.Value).XIRR(founders)
		require.NoError(t, err)
		require.GreaterOrEqual(t, irr, target)
		below, err := at("base", s.Value.Sub(d("1"))).XIRR(founders)
		require.NoError(t, err)
		require.Less(t, below, target)
	})
	t.Run("Founders paid by year 3 in the combined case", func(t *testing.T) {
		s, err := seekPaidBy(in)
		require.NoError(t, err)
		by := in.paidBy().End
		fp, err := report.FirstPaymentOf(at("combined", s.Value), founders)
		require.NoError(t, err)
		require.True(t, fp.Paid && !fp.Date.After(by), "at %s first paid %v", s.Value, fp.Date)
		fp, err = report.FirstPaymentOf(at("combined", s.Value.Sub(d("1"))), founders)
		require.NoError(t, err)
		require.False(t, fp.Paid && !fp.Date.After(by), "at %s − 1 first paid %v", s.Value, fp.Date)
	})
	t.Run("unreachable", func(t *testing.T) {
		far := in
		far.GoalSeek.TargetIRR = d("0.95")
		_, err := seekIRR(far)
		require.True(t, errors.Is(err, waterfall.ErrUnreachable), "%v", err)
		require.Contains(t, seekLine(waterfall.Seek{}, err), "unreachable: ")
	})
}

// TestChart checks what -chart hands its drawer: a line per party whose
// last point is what the party received in millions, and whose marks and
// label are its first payment and first profit. The drawing itself is
// tested by the command (examples/openai-jv).
func TestChart(t *testing.T) {
	var got []Chart
	draw := func(path string, c Chart) error {
		require.Equal(t, "jv.svg", path)
		got = append(got, c)
		return nil
	}
	require.NoError(t, Run([]string{"-scenario", "combined", "-chart", "jv.svg"}, &bytes.Buffer{}, draw))
	require.Len(t, got, 1)
	c := got[0]
	out := outcomes(t, inputs(t))[4]
	require.Equal(t, "combined", out.scenario.name)
	require.Equal(t, "USD millions", c.YLabel)
	require.Equal(t, "Compute JV — all three together: cumulative distributions", c.Title)
	require.Len(t, c.Lines, len(out.res.Parties()))
	for i, l := range c.Lines {
		party := out.res.Parties()[i]
		require.Len(t, l.Dates, len(out.res.Periods))
		require.Len(t, l.Millions, len(out.res.Periods))
		received, _ := party.Distributed.Shift(-6).Float64()
		require.InDelta(t, received, l.Millions[len(l.Millions)-1], 1e-6, party.Party)
		rep, err := report.SummaryOf(out.res, party.Party, decimal.Zero)
		require.NoError(t, err)
		require.Equal(t, index(rep.First), l.FirstPaid)
		require.Equal(t, index(rep.FirstProfit), l.FirstProfit)
	}
	require.Equal(t, "Founders: first paid 2027-09, first profit never", c.Lines[2].Label)
	require.Equal(t, -1, c.Lines[2].FirstProfit)

	err := Run([]string{"-scenario", "combined", "-chart", "jv.svg"}, &bytes.Buffer{}, nil)
	require.ErrorContains(t, err, "draws no charts")
}

// BenchmarkRun times waterfall.RunWith on the seed scenario's deal
// (workload (b): the combined stress, 121 monthly periods), built once,
// with the full ledger and with totals only. BenchmarkScenario times
// building the deal and reading the Founders' position as well.
func BenchmarkRun(b *testing.B) {
	in := inputs(b)
	m, err := build(in, scenarios(in)[4].shock)
	if err != nil {
		b.Fatal(err)
	}
	for _, mode := range []string{"ledger", "totals"} {
		opts := waterfall.RunOptions{TotalsOnly: mode == "totals"}
		b.Run("mode="+mode, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := waterfall.RunWith(m.deal, opts); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkScenario(b *testing.B) {
	in := inputs(b)
	sc := scenarios(in)[4]
	b.ReportAllocs()
	for b.Loop() {
		if _, err := runScenario(in, sc); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkSummary(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if err := run(nil, &bytes.Buffer{}); err != nil {
			b.Fatal(err)
		}
	}
}

// TestREADME keeps the README's excerpt of the summary in step with the
// program's output.
func TestREADME(t *testing.T) {
	readme, err := os.ReadFile(filepath.Join("..", "..", "..", "README.md"))
	require.NoError(t, err)
	summary, err := os.ReadFile(filepath.Join("testdata", "summary.golden"))
	require.NoError(t, err)
	lines := strings.Split(string(summary), "\n")
	require.Contains(t, string(readme), strings.Join(lines[:29], "\n"), "README's excerpt differs from testdata/summary.golden")
}

// TestHelp: -h prints what the program does and its flags, and is no
// error.
func TestHelp(t *testing.T) {
	var out bytes.Buffer
	require.NoError(t, Run([]string{"-h"}, &out, nil))
	goldenfile.Check(t, "testdata/help.golden", out.Bytes())
}
