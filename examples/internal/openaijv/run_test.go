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
// every scenario in every format, against regressions. It proves nothing:
// the figures in them are proven independently in model_test.go (closed
// forms and second paths) and by the property below.
func TestOutput(t *testing.T) {
	cases := []struct {
		name string
		args []string
	}{{"summary", nil}}
	for _, sc := range []string{"base", "energy", "market", "delay", "stranded", "scale", "all"} {
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
		}{"stranded-csv-monthly", []string{"-scenario", "stranded", "-format", "csv", "-periods", "monthly"}})
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

// TestRun_InputsFile checks that -inputs replaces the embedded inputs.
func TestRun_InputsFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "inputs.json")
	edited := strings.Replace(string(defaultInputs), `"price_per_mw_month": "1100000.00"`, `"price_per_mw_month": "1200000.00"`, 1)
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
			return strings.Replace(s, `"equity": "1500000000.00"`, `"equity": "1.5e9"`, 1)
		}, []string{"founders.equity: "}},
		{"absurd exponent", func(s string) string {
			return strings.Replace(s, `"rate": "0.07"`, `"rate": "1e999999999"`, 1)
		}, []string{"debt.rate: "}},
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
			return strings.Replace(s, `"equity": "1500000000.00"`, `"equity": "1500000000.001"`, 1)
		}, []string{"founders.equity: "}},
		{"an assumption without its source", func(s string) string {
			return strings.Replace(s, `"debt.rate": "all-in fixed rate`, `"debt.rat": "all-in fixed rate`, 1)
		}, []string{"notes.debt.rate: ", "notes.debt.rat: "}},
		{"a path of numbers", func(s string) string {
			return strings.Replace(s, `"price_path": ["1100000"`, `"price_path": [1100000`, 1)
		}, []string{"market.price_path[0]: "}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := decodeInputs([]byte(c.edit(string(defaultInputs))))
			require.Error(t, err)
			require.True(t, errors.Is(err, contract.ErrInvalid) || errors.Is(err, contract.ErrRequired), "%v", err)
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

// stressCase draws random stress parameters and a price.
func stressCase(r *rand.Rand, in Inputs) (Inputs, Shock) {
	at := in
	at.Compute.PricePerMWMonth = decimal.NewFromInt(int64(500_000 + r.IntN(1_200_000)))
	sh := Shock{DelayMonths: r.IntN(13), Stranded: r.IntN(3) == 0}
	if r.IntN(2) == 0 {
		sh.EnergyPath = make([]decimal.Decimal, 12)
		for i := range sh.EnergyPath {
			sh.EnergyPath[i] = decimal.New(int64(50+r.IntN(500)), -2)
		}
	}
	if r.IntN(2) == 0 {
		sh.MarketPath = make([]decimal.Decimal, in.Years)
		p := int64(200_000 + r.IntN(1_000_000))
		for i := range sh.MarketPath {
			sh.MarketPath[i] = decimal.NewFromInt(p)
			p = p * int64(70+r.IntN(35)) / 100
		}
	}
	return at, sh
}

// TestProperty_FoundersNeverPaidWhilePrefUnpaid runs the JV under random
// stress (energy multiplier and start, utilisation and start,
// market path, delay, stranded tail, compute price) and checks, with PE's hurdle balance
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
		o, err := runScenario(at, scenario{name: "random", shock: sh})
		require.NoError(t, err)
		res := o.res
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

// BenchmarkRun times waterfall.RunWith on the seed scenario's deal
// (the stranded scenario, 121 monthly periods), built once,
// with the full ledger and with totals only. BenchmarkScenario times
// building the deal and reading the Founders' position as well.
func BenchmarkRun(b *testing.B) {
	in := inputs(b)
	m, err := build(in, scenarios(in)[4].shock) // stranded
	if err != nil {
		b.Fatal(err)
	}
	for _, mode := range []string{"ledger", "totals"} {
		opts := waterfall.RunOptions{TotalsOnly: mode == "totals"}
		b.Run("mode="+mode, func(b *testing.B) {
			b.ReportAllocs()
			cpu0, cpuOK := processCPU()
			for b.Loop() {
				if _, err := waterfall.RunWith(m.deal, opts); err != nil {
					b.Fatal(err)
				}
			}
			// CPU time per run (user and system, the collector's included):
			// on a shared machine, steadier than the wall time of ns/op.
			if cpu1, ok := processCPU(); ok && cpuOK {
				b.ReportMetric(float64((cpu1-cpu0).Nanoseconds())/float64(b.N), "cpu-ns/op")
			}
		})
	}
}

// fixedCash is a source whose cash was worked out beforehand.
type fixedCash struct {
	name string
	cash []waterfall.SourceCash
}

func (f fixedCash) Name() string { return f.name }
func (f fixedCash) Cash([]contract.Period) ([]waterfall.SourceCash, error) {
	return f.cash, nil
}

// BenchmarkRunStack is BenchmarkRun's totals-only run with the sources'
// cash worked out beforehand: the engine's share of the seed run, apart
// from the contracts' arithmetic (take-or-pay, energy, opex, capex and the
// loan's draws), which BenchmarkRun includes. Their difference is what
// the sources cost a run.
func BenchmarkRunStack(b *testing.B) {
	in := inputs(b)
	m, err := build(in, scenarios(in)[4].shock) // stranded
	if err != nil {
		b.Fatal(err)
	}
	d := *m.deal
	d.Sources = make([]waterfall.Source, len(m.deal.Sources))
	for i, s := range m.deal.Sources {
		cash, err := s.Cash(d.Periods)
		if err != nil {
			b.Fatal(err)
		}
		d.Sources[i] = fixedCash{s.Name(), cash}
	}
	opts := waterfall.RunOptions{TotalsOnly: true}
	b.ReportAllocs()
	cpu0, cpuOK := processCPU()
	for b.Loop() {
		if _, err := waterfall.RunWith(&d, opts); err != nil {
			b.Fatal(err)
		}
	}
	if cpu1, ok := processCPU(); ok && cpuOK {
		b.ReportMetric(float64((cpu1-cpu0).Nanoseconds())/float64(b.N), "cpu-ns/op")
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

// readmeBlocks are the lines of the summary the README quotes, 1-based
// and inclusive: the top through the debt table, the counterfactual with
// the goal seeks, and the Monte Carlo.
var readmeBlocks = [][2]int{{1, 66}, {108, 122}, {169, 189}}

// TestREADME keeps the README's excerpts of the summary in step with the
// program's output.
func TestREADME(t *testing.T) {
	readme, err := os.ReadFile(filepath.Join("..", "..", "..", "README.md"))
	require.NoError(t, err)
	summary, err := os.ReadFile(filepath.Join("testdata", "summary.golden"))
	require.NoError(t, err)
	lines := strings.Split(string(summary), "\n")
	for _, b := range readmeBlocks {
		excerpt := "```\n" + strings.Join(lines[b[0]-1:b[1]], "\n") + "\n```"
		require.True(t, strings.Contains(string(readme), excerpt), "README's excerpt of lines %d-%d differs from testdata/summary.golden", b[0], b[1])
	}
}

// TestHelp: -h prints what the program does and its flags, and is no
// error.
func TestHelp(t *testing.T) {
	var out bytes.Buffer
	require.NoError(t, Run([]string{"-h"}, &out, nil))
	goldenfile.Check(t, "testdata/help.golden", out.Bytes())
}
