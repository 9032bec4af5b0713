package scenario_test

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strconv"
	"testing"

	"github.com/jvwaterfall/jvwaterfall/contract"
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

// TestDistKind_String: each kind is named as the definition format writes
// it, and a kind beyond the list names its number instead of failing.
func TestDistKind_String(t *testing.T) {
	for k, want := range []string{"uniform", "normal", "lognormal", "triangular", "discrete"} {
		assert.Equal(t, want, scenario.DistKind(k).String())
	}
	assert.NotPanics(t, func() { assert.Contains(t, scenario.DistKind(5).String(), "5") })
}

// TestDist_Validate: every domain the package documents (docs/scenarios.md,
// Dist.Validate) at its bounds, accepted on the inside and refused, at the
// field that is wrong, just outside.
func TestDist_Validate(t *testing.T) {
	values := func(n int) []string {
		out := make([]string, n)
		for i := range out {
			out[i] = strconv.Itoa(i)
		}
		return out
	}
	two := []string{`"a"`, `"b"`}
	for _, tc := range []struct {
		name string
		d    scenario.Dist
		path string // where the error is; "" with want nil: valid
		want error
	}{
		{"uniform", scenario.Dist{Kind: scenario.Uniform, Min: 1, Max: 2}, "", nil},
		{"uniform of one point", scenario.Dist{Kind: scenario.Uniform, Min: 1, Max: 1}, "max", contract.ErrRange},
		{"normal with sd 0", scenario.Dist{Kind: scenario.Normal, Mean: 1}, "", nil},
		{"normal with a negative sd", scenario.Dist{Kind: scenario.Normal, SD: -1e-300}, "sd", contract.ErrNegative},
		{"normal with an infinite mean", scenario.Dist{Kind: scenario.Normal, Mean: math.Inf(1), SD: 1}, "mean", contract.ErrRange},
		{"normal with sd NaN", scenario.Dist{Kind: scenario.Normal, SD: math.NaN()}, "sd", contract.ErrRange},
		{"lognormal with sigma 0", scenario.Dist{Kind: scenario.LogNormal, Mu: 1}, "", nil},
		{"lognormal with a negative sigma", scenario.Dist{Kind: scenario.LogNormal, Sigma: -1e-300}, "sigma", contract.ErrNegative},
		{"triangle with its mode at min", scenario.Dist{Kind: scenario.Triangular, Min: 0, Mode: 0, Max: 1}, "", nil},
		{"triangle with its mode at max", scenario.Dist{Kind: scenario.Triangular, Min: 0, Mode: 1, Max: 1}, "", nil},
		{"triangle of one point", scenario.Dist{Kind: scenario.Triangular, Min: 1, Mode: 1, Max: 1}, "max", contract.ErrRange},
		{"triangle with its mode above max", scenario.Dist{Kind: scenario.Triangular, Min: 0, Mode: 1.5, Max: 1}, "mode", contract.ErrRange},
		{"triangle with its mode below min", scenario.Dist{Kind: scenario.Triangular, Min: 0, Mode: -0.5, Max: 1}, "mode", contract.ErrRange},
		{"discrete of MaxValues values", scenario.Dist{Kind: scenario.Discrete, Values: values(scenario.MaxValues)}, "", nil},
		{"discrete of MaxValues+1 values", scenario.Dist{Kind: scenario.Discrete, Values: values(scenario.MaxValues + 1)}, "values", scenario.ErrLimit},
		{"discrete of no values", scenario.Dist{Kind: scenario.Discrete}, "values", scenario.ErrEmpty},
		{"discrete with a value that is not JSON", scenario.Dist{Kind: scenario.Discrete, Values: []string{`"a"`, `tru`}}, "values[1]", scenario.ErrSyntax},
		{"discrete with a zero weight", scenario.Dist{Kind: scenario.Discrete, Values: two, Weights: []float64{0, 1}}, "", nil},
		{"discrete with a negative weight", scenario.Dist{Kind: scenario.Discrete, Values: two, Weights: []float64{-1, 2}}, "weights[0]", contract.ErrNegative},
		{"discrete with an infinite weight", scenario.Dist{Kind: scenario.Discrete, Values: two, Weights: []float64{1, math.Inf(1)}}, "weights[1]", contract.ErrNegative},
		{"discrete with weights summing to 0", scenario.Dist{Kind: scenario.Discrete, Values: two, Weights: []float64{0, 0}}, "weights", contract.ErrInvalid},
		{"discrete with a weight missing", scenario.Dist{Kind: scenario.Discrete, Values: two, Weights: []float64{1}}, "weights", contract.ErrInvalid},
		{"a kind beyond the list", scenario.Dist{Kind: scenario.Discrete + 1}, "kind", contract.ErrInvalid},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.d.Validate()
			if tc.want == nil {
				require.NoError(t, err)
				return
			}
			got := fieldErrors(t, err)
			require.Contains(t, got, tc.path, "%v", err)
			assert.ErrorIs(t, got[tc.path], tc.want)
			assert.Nil(t, tc.d.Sample(1, 3), "Sample of a distribution that is not valid")
		})
	}
}

// Φ⁻¹(0.975), the standard normal's 97.5% quantile (tables; e.g. R's
// qnorm(0.975)).
const z975 = 1.959963984540054

// TestDist_ClosedForms: Quantile and CDF are inverses of each other at
// points worked by hand from each distribution's closed form.
func TestDist_ClosedForms(t *testing.T) {
	uniform := scenario.Dist{Kind: scenario.Uniform, Min: 2, Max: 6}
	normal := scenario.Dist{Kind: scenario.Normal, Mean: 0.08, SD: 0.02}
	lognormal := scenario.Dist{Kind: scenario.LogNormal, Mu: 1, Sigma: 0.5}
	triangle := scenario.Dist{Kind: scenario.Triangular, Min: 0, Mode: 1, Max: 4}
	atMin := scenario.Dist{Kind: scenario.Triangular, Min: 0, Mode: 0, Max: 1}
	atMax := scenario.Dist{Kind: scenario.Triangular, Min: 0, Mode: 1, Max: 1}
	for _, tc := range []struct {
		name string
		d    scenario.Dist
		u, x float64 // Quantile(u) = x and CDF(x) = u
	}{
		{"uniform: 2 + 0.25·4", uniform, 0.25, 3},
		{"uniform: 2 + 0.9·4", uniform, 0.9, 5.6},
		{"normal: the mean is the median", normal, 0.5, 0.08},
		{"normal: mean + sd·Φ⁻¹(0.975)", normal, 0.975, 0.08 + 0.02*z975},
		{"normal: mean − sd·Φ⁻¹(0.975)", normal, 0.025, 0.08 - 0.02*z975},
		{"lognormal: the median is e^mu", lognormal, 0.5, math.E},
		{"lognormal: e^(mu + sigma·Φ⁻¹(0.975))", lognormal, 0.975, math.Exp(1 + 0.5*z975)},
		// Triangle (0, 1, 4): F(x) = x²/4 up to the mode, 1 − (4−x)²/12 above.
		{"triangle below the mode: 0.5²/4", triangle, 0.0625, 0.5},
		{"triangle at the mode: (1−0)/(4−0)", triangle, 0.25, 1},
		{"triangle above the mode: 1 − 2²/12", triangle, 2.0 / 3, 2},
		{"triangle above the mode: 1 − 0.6²/12", triangle, 0.97, 3.4},
		// Mode at min: F(x) = 1 − (1−x)²; at max: F(x) = x².
		{"triangle with its mode at min: 1 − 0.5²", atMin, 0.75, 0.5},
		{"triangle with its mode at max: 0.5²", atMax, 0.25, 0.5},
	} {
		t.Run(tc.name, func(t *testing.T) {
			assert.InDelta(t, tc.x, tc.d.Quantile(tc.u), 1e-12)
			assert.InDelta(t, tc.u, tc.d.CDF(tc.x), 1e-12)
		})
	}
}

// TestDist_CDFAtTheEdges: the probability that a draw is at most x
// (CDF's documented meaning) at the ends of the support, at a point mass
// (sd or sigma 0) and between a discrete distribution's indexes.
func TestDist_CDFAtTheEdges(t *testing.T) {
	below := func(x float64) float64 { return math.Nextafter(x, math.Inf(-1)) }
	for _, tc := range []struct {
		name    string
		d       scenario.Dist
		x, want float64
	}{
		{"uniform below min", scenario.Dist{Kind: scenario.Uniform, Min: 2, Max: 6}, 1, 0},
		{"uniform at min", scenario.Dist{Kind: scenario.Uniform, Min: 2, Max: 6}, 2, 0},
		{"uniform at max", scenario.Dist{Kind: scenario.Uniform, Min: 2, Max: 6}, 6, 1},
		{"uniform above max", scenario.Dist{Kind: scenario.Uniform, Min: 2, Max: 6}, 7, 1},
		// Every draw of a normal with sd 0 is its mean: P(draw ≤ mean) = 1.
		{"normal of sd 0 at its mean", scenario.Dist{Kind: scenario.Normal, Mean: 0.08}, 0.08, 1},
		{"normal of sd 0 below its mean", scenario.Dist{Kind: scenario.Normal, Mean: 0.08}, below(0.08), 0},
		// Every draw of a lognormal with sigma 0 is e^mu = e^0 = 1.
		{"lognormal of sigma 0 at e^mu", scenario.Dist{Kind: scenario.LogNormal, Mu: 0}, 1, 1},
		{"lognormal of sigma 0 below e^mu", scenario.Dist{Kind: scenario.LogNormal, Mu: 0}, below(1), 0},
		// A lognormal draw is positive.
		{"lognormal at 0", scenario.Dist{Kind: scenario.LogNormal, Mu: 1, Sigma: 0.5}, 0, 0},
		{"lognormal below 0", scenario.Dist{Kind: scenario.LogNormal, Mu: 1, Sigma: 0.5}, -1, 0},
		{"triangle with its mode at min, at min", scenario.Dist{Kind: scenario.Triangular, Min: 0, Mode: 0, Max: 1}, 0, 0},
		{"triangle with its mode at min, at max", scenario.Dist{Kind: scenario.Triangular, Min: 0, Mode: 0, Max: 1}, 1, 1},
		{"triangle with its mode at max, at max", scenario.Dist{Kind: scenario.Triangular, Min: 0, Mode: 1, Max: 1}, 1, 1},
		{"triangle with its mode at max, at min", scenario.Dist{Kind: scenario.Triangular, Min: 0, Mode: 1, Max: 1}, 0, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, tc.want, tc.d.CDF(tc.x))
		})
	}

	// A mode 1e-20 above min: P(draw ≤ mode) = (mode − min)/(max − min) =
	// 1e-20, small but not 0, and known to full relative precision from
	// the left side of the triangle: (mode−min)²/((max−min)(mode−min)).
	thin := scenario.Dist{Kind: scenario.Triangular, Min: 0, Mode: 1e-20, Max: 1}
	assert.InEpsilon(t, 1e-20, thin.CDF(1e-20), 1e-12)

	// Discrete, weights 1, 2, 3, 4 (of 10): P(index ≤ x) for x an index or
	// between two.
	d := scenario.Dist{Kind: scenario.Discrete, Values: []string{"1", "2", "3", "4"}, Weights: []float64{1, 2, 3, 4}}
	for _, tc := range []struct{ x, want float64 }{
		{-0.5, 0}, {0, 0.1}, {0.5, 0.1}, {1, 0.3}, {2.99, 0.6}, {3, 1}, {4, 1},
	} {
		assert.InDelta(t, tc.want, d.CDF(tc.x), 1e-15, "CDF(%v)", tc.x)
	}
}

// TestDist_DiscreteQuantile: a discrete Quantile is the index below which
// a fraction u of the draws lie (Quantile's doc): with weights 1, 2, 3, 4
// the cumulative probabilities are 0.1, 0.3, 0.6 and 1, so u = 0.1 is
// exactly the fraction below index 1, u = 0.3 below index 2, u = 0.6
// below index 3; in between, the index whose step holds u.
func TestDist_DiscreteQuantile(t *testing.T) {
	d := scenario.Dist{Kind: scenario.Discrete, Values: []string{"1", "2", "3", "4"}, Weights: []float64{1, 2, 3, 4}}
	for _, tc := range []struct{ u, want float64 }{
		{0.05, 0}, {math.Nextafter(0.1, 0), 0}, {0.1, 1}, {0.2, 1}, {0.3, 2}, {0.45, 2}, {0.6, 3}, {0.99, 3},
	} {
		assert.Equal(t, tc.want, d.Quantile(tc.u), "Quantile(%v)", tc.u)
	}
}

// TestDist_SampleNone: Sample returns nil for n ≤ 0 (its doc).
func TestDist_SampleNone(t *testing.T) {
	d := scenario.Dist{Kind: scenario.Uniform, Min: 0, Max: 1}
	assert.Nil(t, d.Sample(1, 0))
	assert.Nil(t, d.Sample(1, -1))
	assert.Len(t, d.Sample(1, 1), 1)
}

// pcgSeedFor returns the seed whose stream for scenario 0, rand.NewPCG(seed,
// 0), gives first as its first Uint64: Go's PCG-DXSM step (math/rand/v2,
// pcg.go) run backwards. From state (seed, 0) the step gives the state
// (seed·mulLo + incHi, incLo), and the output is dxsm(hi)·(lo|1), where
// dxsm is x ^= x>>32; x *= cheapMul; x ^= x>>48, each step invertible.
func pcgSeedFor(first uint64) uint64 {
	const (
		mulLo    = 4865540595714422341
		incHi    = 6364136223846793005
		incLo    = 1442695040888963407
		cheapMul = 0xda942042e4dd58b5
	)
	inverse := func(a uint64) uint64 { // of an odd a, mod 2^64 (Newton)
		x := a
		for range 6 {
			x *= 2 - a*x
		}
		return x
	}
	x := first * inverse(incLo|1)
	x ^= x >> 48
	x *= inverse(cheapMul)
	x ^= x >> 32
	return (x - incHi) * inverse(mulLo)
}

// TestDist_SampleAtTheStreamsExtremes: at the seeds whose first 64 random
// bits are all ones and all zeros — the extreme uniform variates a stream
// can give — a discrete draw is still an index of Values (the last, the
// first), and bounded draws stay on [Min, Max].
func TestDist_SampleAtTheStreamsExtremes(t *testing.T) {
	top, bottom := pcgSeedFor(math.MaxUint64), pcgSeedFor(0)
	require.Equal(t, uint64(math.MaxUint64), rand.New(rand.NewPCG(top, 0)).Uint64())
	require.Equal(t, uint64(0), rand.New(rand.NewPCG(bottom, 0)).Uint64())

	d := scenario.Dist{Kind: scenario.Discrete, Values: []string{`"a"`, `"b"`, `"c"`}}
	assert.Equal(t, []float64{2}, d.Sample(top, 1))
	assert.Equal(t, []float64{0}, d.Sample(bottom, 1))
	// u = 1 is outside Quantile's domain, (0, 1), and no draw makes it;
	// a caller who asks still gets the last value's index.
	assert.Equal(t, 2.0, d.Quantile(1))
	for _, d := range []scenario.Dist{
		{Kind: scenario.Uniform, Min: 2, Max: 3},
		{Kind: scenario.Triangular, Min: 2, Mode: 2.5, Max: 3},
	} {
		for _, seed := range []uint64{top, bottom} {
			x := d.Sample(seed, 1)[0]
			assert.True(t, x >= 2 && x <= 3, "%v at seed %d: %v", d.Kind, seed, x)
		}
	}
	// All ones is the top variate, (2^53 − 1/2) / 2^53, which rounds to 1
	// in a float64: kept at 1 − 2^-53, so that a normal or lognormal draw
	// is finite (it was +Inf): Φ⁻¹(1 − 2^-53) is between 8.2 and 8.25,
	// since the upper tail 1 − Φ(z) = erfc(z/√2)/2 is 1.20e-16 at 8.2 and
	// 7.92e-17 at 8.25, either side of 2^-53 = 1.11e-16. All zeros is the
	// bottom variate, 2^-54 = 5.55e-17, between the tails at 8.25 and 8.3
	// (5.21e-17): its draw is between −8.3 and −8.25.
	for _, d := range []scenario.Dist{
		{Kind: scenario.Normal, Mean: 0, SD: 1},
		{Kind: scenario.LogNormal, Mu: 0, Sigma: 1},
	} {
		x := d.Sample(top, 1)[0]
		if d.Kind == scenario.LogNormal {
			x = math.Log(x)
		}
		assert.True(t, x > 8.2 && x < 8.25, "%v at seed %d: %v", d.Kind, top, x)
		x = d.Sample(bottom, 1)[0]
		if d.Kind == scenario.LogNormal {
			x = math.Log(x)
		}
		assert.True(t, x > -8.3 && x < -8.25, "%v at seed %d: %v", d.Kind, bottom, x)
	}
}

// TestCopula_NormalScores: with two normal terms, the draws are affine in
// their normal scores, so their Pearson correlation is that of the scores:
// rho for a Gaussian copula (Copula's doc), 2·sin(π·rho/6) for a rank
// copula (docs/scenarios.md). At rho = 0.95 the two differ by 0.0043
// (2·sin(0.95π/6) = 0.95432). The sample correlation r of n bivariate
// normal pairs has standard error about (1 − ρ²)/√n: 0.00049 at
// n = 40,000 and ρ = 0.95, so 0.002 is 4 standard errors and the two
// copulas, 8.8 apart, are told apart; the seed is fixed, so the test is
// deterministic.
func TestCopula_NormalScores(t *testing.T) {
	const n = 40000
	for _, tc := range []struct {
		copula string
		want   float64
	}{
		{"gaussian", 0.95},
		{"rank", 2 * math.Sin(math.Pi*0.95/6)},
	} {
		t.Run(tc.copula, func(t *testing.T) {
			def, err := scenario.DecodeDefinition([]byte(fmt.Sprintf(`{"montecarlo": {"seed": 77, "samples": %d},
				"terms": [
					{"name": "a", "path": "/stack/tranches/0/loan/rate/annual", "places": 16, "dist": {"kind": "normal", "mean": 0.06, "sd": 0.01}},
					{"name": "b", "path": "/stack/tranches/2/rate/annual", "places": 16, "dist": {"kind": "normal", "mean": 0.08, "sd": 0.01}}],
				"correlations": [{"terms": ["a", "b"], "copula": %q, "rho": 0.95}]}`, n, tc.copula)))
			require.NoError(t, err)
			p, err := scenario.NewPlan(datacenter(t), def)
			require.NoError(t, err)
			var sa, sb, saa, sbb, sab float64
			for i := range p.Len() {
				_, cols, err := p.Changes(i)
				require.NoError(t, err)
				a, err1 := strconv.ParseFloat(cols[0], 64)
				b, err2 := strconv.ParseFloat(cols[1], 64)
				require.NoError(t, errors.Join(err1, err2))
				a, b = (a-0.06)/0.01, (b-0.08)/0.01 // the normal scores
				sa, sb, saa, sbb, sab = sa+a, sb+b, saa+a*a, sbb+b*b, sab+a*b
			}
			ma, mb := sa/n, sb/n
			r := (sab/n - ma*mb) / math.Sqrt((saa/n-ma*ma)*(sbb/n-mb*mb))
			t.Logf("Pearson %.5f, want %.5f", r, tc.want)
			assert.InDelta(t, tc.want, r, 0.002)
		})
	}
}

// TestDist_QuantileOfNoValues: a discrete distribution without values
// has no index to give: Quantile is NaN, never -1, which a caller would
// use to index Values.
func TestDist_QuantileOfNoValues(t *testing.T) {
	d := &scenario.Dist{Kind: scenario.Discrete}
	require.True(t, math.IsNaN(d.Quantile(0.5)))
	require.True(t, math.IsNaN((&scenario.Dist{Kind: scenario.Discrete, Values: []string{}}).Quantile(0.1)))
	one := &scenario.Dist{Kind: scenario.Discrete, Values: []string{`"x"`}}
	require.Equal(t, 0.0, one.Quantile(0.5))
}
