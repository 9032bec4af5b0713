package scenario_test

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"testing"

	"github.com/jvwaterfall/jvwaterfall/scenario"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// ksSamples is the sample size of the Kolmogorov–Smirnov tests, and
// ksCritical the critical value of the statistic D at the 1% level:
// 1.628/√n (the asymptotic Kolmogorov distribution; P(D > 1.628/√n) ≈
// 0.01). At a fixed seed the test is deterministic: it checks that the
// draws follow the named distribution, not luck.
const ksSamples = 20000

var ksCritical = 1.628 / math.Sqrt(ksSamples)

// ks returns the Kolmogorov–Smirnov statistic of the draws against cdf.
func ks(draws []float64, cdf func(float64) float64) float64 {
	xs := slices.Clone(draws)
	slices.Sort(xs)
	n := float64(len(xs))
	d := 0.0
	for i, x := range xs {
		f := cdf(x)
		d = math.Max(d, math.Max(f-float64(i)/n, float64(i+1)/n-f))
	}
	return d
}

var continuous = []scenario.Dist{
	{Kind: scenario.Uniform, Min: -3, Max: 7},
	{Kind: scenario.Normal, Mean: 0.08, SD: 0.02},
	{Kind: scenario.LogNormal, Mu: 0, Sigma: 0.35},
	{Kind: scenario.Triangular, Min: 0.2, Mode: 0.9, Max: 1.1},
	{Kind: scenario.Triangular, Min: 0, Mode: 0, Max: 1},
}

// TestDist_KolmogorovSmirnov: each continuous distribution's draws at
// seed 42 pass the KS test against the distribution they name, at the 1%
// level, and fail it against a neighbour with other parameters (so the
// test can tell).
func TestDist_KolmogorovSmirnov(t *testing.T) {
	for _, d := range continuous {
		t.Run(fmt.Sprintf("%v", d.Kind), func(t *testing.T) {
			draws := d.Sample(42, ksSamples)
			require.Len(t, draws, ksSamples)
			stat := ks(draws, d.CDF)
			t.Logf("%+v: D = %.5f, critical %.5f", d, stat, ksCritical)
			assert.Less(t, stat, ksCritical)
			other := d
			other.Min, other.Max, other.Mode, other.Mean, other.SD, other.Mu, other.Sigma =
				d.Min+0.05*(d.Max-d.Min), d.Max+0.05*(d.Max-d.Min), d.Mode+0.05*(d.Max-d.Min), d.Mean+0.1*d.SD, d.SD, d.Mu+0.1*d.Sigma, d.Sigma
			assert.Greater(t, ks(draws, other.CDF), ksCritical)
		})
	}
}

// TestDist_DiscreteChiSquare: a discrete distribution's frequencies at
// seed 42 pass Pearson's χ² test at the 1% level (critical value 11.34
// for 3 degrees of freedom).
func TestDist_DiscreteChiSquare(t *testing.T) {
	d := scenario.Dist{Kind: scenario.Discrete, Values: []string{`"a"`, `"b"`, `"c"`, `"d"`}, Weights: []float64{1, 2, 3, 4}}
	draws := d.Sample(42, ksSamples)
	count := make([]float64, 4)
	for _, x := range draws {
		count[int(x)]++
	}
	chi := 0.0
	for i, w := range d.Weights {
		want := ksSamples * w / 10
		chi += (count[i] - want) * (count[i] - want) / want
	}
	t.Logf("counts %v, χ² = %.3f", count, chi)
	assert.Less(t, chi, 11.34)
}

// spearman returns the rank correlation of two samples without ties.
func spearman(a, b []float64) float64 {
	rank := func(xs []float64) []float64 {
		idx := make([]int, len(xs))
		for i := range idx {
			idx[i] = i
		}
		slices.SortFunc(idx, func(i, j int) int { return cmpFloat(xs[i], xs[j]) })
		r := make([]float64, len(xs))
		for k, i := range idx {
			r[i] = float64(k)
		}
		return r
	}
	ra, rb := rank(a), rank(b)
	n := float64(len(a))
	sum := 0.0
	for i := range ra {
		sum += (ra[i] - rb[i]) * (ra[i] - rb[i])
	}
	return 1 - 6*sum/(n*(n*n-1))
}

func cmpFloat(a, b float64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// TestCopula: the draws of a Monte Carlo's correlated pair, read from its
// table, have the asked-for rank correlation (Rank copula) within 0.03 at
// 4,000 samples, and each keeps its own distribution (KS at 1%).
func TestCopula(t *testing.T) {
	for _, tc := range []struct {
		copula string
		rho    float64
		want   float64 // Spearman's rho of the draws
	}{
		{"rank", 0.6, 0.6},
		{"rank", -0.4, -0.4},
		{"gaussian", 0.8, 6 / math.Pi * math.Asin(0.8/2)},
	} {
		t.Run(fmt.Sprintf("%s %v", tc.copula, tc.rho), func(t *testing.T) {
			const n = 4000
			def, err := scenario.DecodeDefinition([]byte(fmt.Sprintf(`{"montecarlo": {"seed": 9, "samples": %d},
				"terms": [
					{"name": "exit", "path": "/proceeds/0/amount", "op": "scale", "dist": {"kind": "lognormal", "mu": 0, "sigma": 0.3}},
					{"name": "power", "path": "/sources/2/terms/price/4", "op": "add", "dist": {"kind": "triangular", "min": -10, "mode": 0, "max": 40}}],
				"correlations": [{"terms": ["exit", "power"], "copula": %q, "rho": %v}]}`, n, tc.copula, tc.rho)))
			require.NoError(t, err)
			p, err := scenario.NewPlan(datacenter(t), def)
			require.NoError(t, err)
			var exit, power []float64
			for i := range p.Len() {
				_, cols, err := p.Changes(i)
				require.NoError(t, err)
				x, err1 := strconv.ParseFloat(cols[0], 64)
				y, err2 := strconv.ParseFloat(cols[1], 64)
				require.NoError(t, err1)
				require.NoError(t, err2)
				exit, power = append(exit, x), append(power, y)
			}
			rs := spearman(exit, power)
			t.Logf("Spearman %.4f, want %.4f", rs, tc.want)
			assert.InDelta(t, tc.want, rs, 0.03)
			crit := 1.628 / math.Sqrt(n)
			assert.Less(t, ks(exit, def.Terms[0].Dist.CDF), crit)
			assert.Less(t, ks(power, def.Terms[1].Dist.CDF), crit)
		})
	}
}

// TestDist_Table: a Monte Carlo's term column holds its draws.
func TestDist_Table(t *testing.T) {
	def, err := scenario.DecodeDefinition([]byte(`{"montecarlo": {"seed": 5, "samples": 4000},
		"terms": [{"name": "rate", "path": "/stack/tranches/0/loan/rate/annual", "places": 16, "dist": {"kind": "normal", "mean": 0.06, "sd": 0.01}}]}`))
	require.NoError(t, err)
	p, err := scenario.NewPlan(datacenter(t), def)
	require.NoError(t, err)
	var draws []float64
	for i := range p.Len() {
		_, cols, err := p.Changes(i)
		require.NoError(t, err)
		x, err := strconv.ParseFloat(cols[0], 64)
		require.NoError(t, err)
		draws = append(draws, x)
	}
	assert.Less(t, ks(draws, def.Terms[0].Dist.CDF), 1.628/math.Sqrt(4000))
}
