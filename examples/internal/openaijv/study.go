package openaijv

import (
	"context"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"text/tabwriter"

	study "github.com/jvwaterfall/jvwaterfall/scenario"
	"github.com/jvwaterfall/jvwaterfall/spec"
)

// The places in the base deal's spec document (docs/spec.md) that the
// grids and the Monte Carlo vary, by the order build gives the sources
// and contributions.
const (
	computeAt = 1 // sources[1]: the compute contract
	marketAt  = 2 // sources[2]: market sales
	energyAt  = 3 // sources[3]: energy
	refreshAt = 5 // sources[5]: the GPU refresh
)

// studyBase is the base case as a spec document, with the number of its
// periods: the grids and the Monte Carlo vary it with the library's
// scenario package. The loan, the exit value and the refresh call are
// those of the base case; a term changes only what its paths name.
func studyBase(in Inputs) (*study.Base, *model, error) {
	m, err := build(in, Shock{})
	if err != nil {
		return nil, nil, err
	}
	if m.contract >= m.horizon || m.refreshAt < 0 {
		return nil, nil, fmt.Errorf("the study needs market sales and a GPU refresh in the base case")
	}
	doc, err := spec.MarshalDeal(m.deal)
	if err != nil {
		return nil, nil, err
	}
	b, err := study.NewBase(doc)
	return b, m, err
}

// each returns the pointer format(i) for every period i.
func each(n int, format string) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = fmt.Sprintf(format, i)
	}
	return out
}

func places(n int) *int { return &n }

// The varied terms.
func energyTerm(n int) study.Term {
	return study.Term{Name: "energy_x", Paths: each(n, fmt.Sprintf("/sources/%d/terms/price/%%d", energyAt)), Op: study.Scale, Places: places(4)}
}

func utilisationTerm(n int) study.Term {
	var paths []string
	paths = append(paths, each(n, fmt.Sprintf("/sources/%d/usage/%%d", computeAt))...)
	paths = append(paths, each(n, fmt.Sprintf("/sources/%d/usage/%%d", marketAt))...)
	paths = append(paths, each(n, fmt.Sprintf("/sources/%d/terms/load/%%d", energyAt))...)
	return study.Term{Name: "utilisation_x", Paths: paths, Op: study.Scale, Places: places(4)}
}

func exitTerm() study.Term {
	return study.Term{Name: "exit_x", Paths: []string{"/proceeds/0/amount"}, Op: study.Scale}
}

func priceTerm() study.Term {
	return study.Term{Name: "price_x", Paths: []string{fmt.Sprintf("/sources/%d/terms/price", computeAt)}, Op: study.Scale, Places: places(2)}
}

func marketTerm() study.Term {
	return study.Term{Name: "market_x", Paths: []string{fmt.Sprintf("/sources/%d/terms/price", marketAt)}, Op: study.Scale, Places: places(2)}
}

// merchantTerm scales the capacity sold at market after the contract,
// and the power it draws.
func merchantTerm(n, from int) study.Term {
	var paths []string
	for i := from + 1; i < n; i++ {
		paths = append(paths, fmt.Sprintf("/sources/%d/usage/%d", marketAt, i), fmt.Sprintf("/sources/%d/terms/load/%d", energyAt, i))
	}
	return study.Term{Name: "merchant_use_x", Paths: paths, Op: study.Scale, Places: places(4)}
}

// refreshDateTerm moves the refresh by whole days: GPUs obsolete earlier
// (negative) or later. Its call moves with it: a spec books a
// capex_refresh's call as the partners' contributions.
func refreshDateTerm() study.Term {
	return study.Term{Name: "refresh_days", Op: study.Add, Places: places(0), Paths: []string{
		fmt.Sprintf("/sources/%d/terms/obsolescence/date", refreshAt)}}
}

// refreshCostTerm scales the refresh, and so both partners' calls for it.
func refreshCostTerm() study.Term {
	return study.Term{Name: "refresh_x", Op: study.Scale, Paths: []string{
		fmt.Sprintf("/sources/%d/terms/obsolescence/refresh", refreshAt)}}
}

// grid is one of the summary's sensitivity grids.
type grid struct {
	title         string
	rows, columns study.Term
	rowV, columnV []string
	measures      []string
}

func grids(n int) []grid {
	return []grid{
		{"energy price × utilisation", energyTerm(n), utilisationTerm(n),
			[]string{"1", "1.5", "2", "3"}, []string{"0.6", "0.8", "1"}, []string{"min_dscr", "Founders.xirr"}},
		{"exit value × compute price (loan as sized in the base case)", exitTerm(), priceTerm(),
			[]string{"0.25", "0.5", "1", "1.25"}, []string{"0.8", "0.9", "1", "1.1"}, []string{"PE.xirr", "Founders.xirr"}},
		{"GPU refresh date (days) × refresh cost", refreshDateTerm(), refreshCostTerm(),
			[]string{"-365", "-182", "0", "182"}, []string{"0.6", "0.8", "1", "1.2"}, []string{"PE.xirr", "Founders.xirr"}},
	}
}

// jsonValues writes a sweep's values as JSON text: decimal strings.
func jsonValues(vs []string) []string {
	out := make([]string, len(vs))
	for i, v := range vs {
		out[i] = strconv.Quote(v)
	}
	return out
}

// runGrid runs one grid as a sweep.
func runGrid(b *study.Base, g grid) (*study.Table, error) {
	r, c := g.rows, g.columns
	r.Values, c.Values = jsonValues(g.rowV), jsonValues(g.columnV)
	plan, err := study.NewPlan(b, &study.Definition{Name: g.title, Terms: []study.Term{r, c}})
	if err != nil {
		return nil, err
	}
	return plan.Run(context.Background(), study.Options{})
}

// monteCarlo is the Monte Carlo's definition: GPU obsolescence from 18
// months early to 6 months late, the refresh at 60% to 140% of its cost
// (most likely 90%), the market price lognormal around its path, the
// capacity sold at market after the contract from 20% to 110% of the
// base case's (most likely as planned), the power price lognormal, and
// the exit value rank-correlated 0.8 with the market price.
func monteCarlo(m *model, seed uint64, samples int) *study.Definition {
	n := len(m.periods)
	obs, cost, mkt, use, energy, exit := refreshDateTerm(), refreshCostTerm(), marketTerm(), merchantTerm(n, m.contract), energyTerm(n), exitTerm()
	use.Dist = &study.Dist{Kind: study.Triangular, Min: 0.2, Mode: 1, Max: 1.1}
	obs.Dist = &study.Dist{Kind: study.Uniform, Min: -548, Max: 183}
	cost.Dist = &study.Dist{Kind: study.Triangular, Min: 0.6, Mode: 0.9, Max: 1.4}
	cost.Places = places(2)
	mkt.Dist = &study.Dist{Kind: study.LogNormal, Mu: -0.1, Sigma: 0.3}
	energy.Dist = &study.Dist{Kind: study.LogNormal, Mu: 0.1, Sigma: 0.35}
	exit.Dist = &study.Dist{Kind: study.LogNormal, Mu: -0.1, Sigma: 0.4}
	exit.Places = places(2)
	return &study.Definition{
		Name:         "seed Monte Carlo",
		Terms:        []study.Term{obs, cost, mkt, use, energy, exit},
		MonteCarlo:   &study.MonteCarlo{Seed: seed, Samples: samples, Percentiles: []float64{5, 25, 50, 75, 95}},
		Correlations: []study.Correlation{{Terms: [2]string{"market_x", "exit_x"}, Copula: study.Rank, Rho: 0.8}},
	}
}

// runMonteCarlo runs the Monte Carlo of the inputs with samples draws
// (the inputs' when samples is 0).
func runMonteCarlo(in Inputs, b *study.Base, m *model, samples int) (*study.Table, *study.Stats, error) {
	if samples <= 0 {
		samples = in.MonteCarlo.Samples
	}
	plan, err := study.NewPlan(b, monteCarlo(m, uint64(in.MonteCarlo.Seed), samples))
	if err != nil {
		return nil, nil, err
	}
	t, err := plan.Run(context.Background(), study.Options{})
	if err != nil {
		return nil, nil, err
	}
	s, err := t.Stats(plan.Definition().MonteCarlo.Percentiles)
	return t, s, err
}

// cell prints a grid cell: a rate as a percentage, a DSCR as a multiple.
func cell(measure, text string) string {
	x, err := strconv.ParseFloat(text, 64)
	if err != nil || math.IsNaN(x) {
		return "n/a"
	}
	if measure == "min_dscr" {
		return fmt.Sprintf("%.2fx", x)
	}
	return pctText(x)
}

// pctText prints a rate as a percentage with one decimal, never "-0.0%".
func pctText(x float64) string {
	s := fmt.Sprintf("%.1f%%", 100*x)
	if s == "-0.0%" {
		return "0.0%"
	}
	return s
}

func writeStudy(w io.Writer, in Inputs, samples int) error {
	b, m, err := studyBase(in)
	if err != nil {
		return fmt.Errorf("study: %w", err)
	}
	n := len(m.periods)
	fmt.Fprintln(w, "Sensitivity grids (the library's scenario sweeps over the base case's deal; the loan, the exit")
	fmt.Fprintln(w, "value and the refresh call as in the base case unless a term changes them; n/a: no IRR):")
	for _, g := range grids(n) {
		t, err := runGrid(b, g)
		if err != nil {
			return fmt.Errorf("grid %s: %w", g.title, err)
		}
		for _, ms := range g.measures {
			gt, err := t.Grid(g.rows.Name, g.columns.Name, ms)
			if err != nil {
				return err
			}
			fmt.Fprintf(w, "\n%s: %s (rows %s, columns %s)\n", g.title, ms, g.rows.Name, g.columns.Name)
			tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
			fmt.Fprintf(tw, "\t%s\t\n", strings.Join(gt.ColumnValues, "\t"))
			for i, rv := range gt.RowValues {
				cells := make([]string, len(gt.Cells[i]))
				for j, c := range gt.Cells[i] {
					cells[j] = cell(ms, c)
				}
				fmt.Fprintf(tw, "%s\t%s\t\n", rv, strings.Join(cells, "\t"))
			}
			if err := tw.Flush(); err != nil {
				return err
			}
		}
	}
	t, s, err := runMonteCarlo(in, b, m, samples)
	if err != nil {
		return fmt.Errorf("monte carlo: %w", err)
	}
	def := monteCarlo(m, 0, 1)
	fmt.Fprintf(w, "\nMonte Carlo: %d draws, seed %d (GPU refresh %g to %g days from plan; refresh cost triangular %g-%g-%g;\n",
		len(t.Rows), in.MonteCarlo.Seed, def.Terms[0].Dist.Min, def.Terms[0].Dist.Max, def.Terms[1].Dist.Min, def.Terms[1].Dist.Mode, def.Terms[1].Dist.Max)
	fmt.Fprintf(w, "market price × lognormal μ %g σ %g; capacity sold at market after the contract triangular %g-%g-%g of plan;\n",
		def.Terms[2].Dist.Mu, def.Terms[2].Dist.Sigma, def.Terms[3].Dist.Min, def.Terms[3].Dist.Mode, def.Terms[3].Dist.Max)
	fmt.Fprintf(w, "power price × lognormal μ %g σ %g; sale price: the base case's × lognormal μ %g σ %g, rank-correlated 0.8\n",
		def.Terms[4].Dist.Mu, def.Terms[4].Dist.Sigma, def.Terms[5].Dist.Mu, def.Terms[5].Dist.Sigma)
	fmt.Fprintln(w, "with the market price, not worked out from each draw's own cash, so the draws cannot show the lenders'")
	fmt.Fprintln(w, "loss on a sale (the market and stranded cases above do); no enforcement: a default runs to the sale;")
	fmt.Fprintln(w, "payback in years from the schedule's start). Percentiles:")
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprint(tw, "measure\tn\t")
	for _, p := range s.Percentiles {
		fmt.Fprintf(tw, "p%g\t", p)
	}
	fmt.Fprintln(tw)
	for _, ms := range s.Measures {
		if !wanted(ms.Name) {
			continue
		}
		fmt.Fprintf(tw, "%s\t%d\t", ms.Name, ms.N)
		for _, x := range ms.Percentiles {
			fmt.Fprintf(tw, "%s\t", statText(ms.Name, x))
		}
		fmt.Fprintln(tw)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintln(w, "Probabilities:")
	for _, e := range s.Events {
		if strings.HasPrefix(e.Name, "Lenders.") {
			continue // the loan is not the lenders' contribution in a Result
		}
		fmt.Fprintf(w, "  %-22s %5.1f%% (%d of %d)\n", e.Name, 100*e.Probability, e.Count, len(t.Rows)-s.Failed)
	}
	if s.Failed > 0 {
		fmt.Fprintf(w, "  %d draws failed to run\n", s.Failed)
	}
	return nil
}

// wanted are the Monte Carlo measures the summary prints.
func wanted(name string) bool {
	switch name {
	case "min_dscr", "lender_loss", "PE.xirr", "Founders.xirr", "PE.payback_years", "Founders.payback_years":
		return true
	}
	return false
}

// statText prints a statistic by its measure's kind.
func statText(name string, x float64) string {
	switch {
	case math.IsNaN(x):
		return "n/a"
	case name == "min_dscr":
		return fmt.Sprintf("%.2fx", x)
	case strings.HasSuffix(name, ".xirr"):
		return pctText(x)
	case strings.HasSuffix(name, "_years"):
		return fmt.Sprintf("%.1fy", x)
	}
	return millions2(x)
}

// millions2 prints a float amount in millions.
func millions2(x float64) string { return fmt.Sprintf("%.1fM", x/1e6) }
