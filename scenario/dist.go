package scenario

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"

	"github.com/jvwaterfall/jvwaterfall/contract"
	"github.com/jvwaterfall/jvwaterfall/internal/jsontext"
)

// DistKind names a probability distribution.
type DistKind uint8

// The distributions. New ones are only added at the end.
const (
	Uniform    DistKind = iota // on [Min, Max]
	Normal                     // mean Mean, standard deviation SD
	LogNormal                  // exp of a normal of mean Mu and standard deviation Sigma
	Triangular                 // on [Min, Max], peaking at Mode
	Discrete                   // one of Values, with probabilities proportional to Weights
)

var distNames = [...]string{"uniform", "normal", "lognormal", "triangular", "discrete"}

// String returns the kind's name in the definition format: "uniform",
// "normal", "lognormal", "triangular" or "discrete".
func (k DistKind) String() string {
	if int(k) < len(distNames) {
		return distNames[k]
	}
	return fmt.Sprintf("DistKind(%d)", uint8(k))
}

// Dist is a distribution a Monte Carlo term draws from. Kind says which
// of the fields are read. Every draw is the quantile function of the
// distribution at a uniform variate (inverse transform sampling), so that
// a copula can join two draws of any kinds.
type Dist struct {
	Kind      DistKind
	Min, Max  float64   // Uniform, Triangular
	Mode      float64   // Triangular
	Mean, SD  float64   // Normal
	Mu, Sigma float64   // LogNormal: the mean and standard deviation of the logarithm
	Values    []string  // Discrete: JSON text of the values, as a sweep's
	Weights   []float64 // Discrete: one per value, not negative; nil: equal
}

// Validate reports parameters out of their domain: Min not below Max, a
// mode outside [Min, Max], a negative SD or Sigma ([contract.ErrNegative]),
// no values ([ErrEmpty]), weights that are negative, do not match the
// values or sum to zero, and a parameter that is not finite.
func (d *Dist) Validate() error {
	if d == nil {
		return contract.Field("", fmt.Errorf("%w", contract.ErrRequired))
	}
	var errs []error
	fail := func(path string, format string, args ...any) {
		errs = append(errs, contract.Field(path, fmt.Errorf(format, args...)))
	}
	for name, v := range map[string]float64{"min": d.Min, "max": d.Max, "mode": d.Mode, "mean": d.Mean, "sd": d.SD, "mu": d.Mu, "sigma": d.Sigma} {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			fail(name, "%v is not finite: %w", v, contract.ErrRange)
		}
	}
	switch d.Kind {
	case Uniform:
		if !(d.Min < d.Max) {
			fail("max", "%v is not above min %v: %w", d.Max, d.Min, contract.ErrRange)
		}
	case Normal:
		if d.SD < 0 {
			fail("sd", "standard deviation %v: %w", d.SD, contract.ErrNegative)
		}
	case LogNormal:
		if d.Sigma < 0 {
			fail("sigma", "standard deviation %v: %w", d.Sigma, contract.ErrNegative)
		}
	case Triangular:
		if !(d.Min < d.Max) {
			fail("max", "%v is not above min %v: %w", d.Max, d.Min, contract.ErrRange)
		} else if !(d.Min <= d.Mode && d.Mode <= d.Max) {
			fail("mode", "%v is not from min %v to max %v: %w", d.Mode, d.Min, d.Max, contract.ErrRange)
		}
	case Discrete:
		switch {
		case len(d.Values) == 0:
			fail("values", "no values: %w", ErrEmpty)
		case len(d.Values) > MaxValues:
			fail("values", "%d values, more than %d (MaxValues): %w", len(d.Values), MaxValues, ErrLimit)
		}
		for i, v := range d.Values {
			if _, err := parseValue(v); err != nil {
				errs = append(errs, contract.Prefix(jsontext.Index("values", i), err))
			}
		}
		if d.Weights != nil && len(d.Weights) != len(d.Values) {
			fail("weights", "%d weights for %d values: %w", len(d.Weights), len(d.Values), contract.ErrInvalid)
		}
		sum := 0.0
		for i, w := range d.Weights {
			if !(w >= 0) || math.IsInf(w, 0) {
				fail(jsontext.Index("weights", i), "%v: %w", w, contract.ErrNegative)
				continue
			}
			sum += w
		}
		if len(d.Weights) > 0 && !(sum > 0) {
			fail("weights", "the weights sum to 0: %w", contract.ErrInvalid)
		}
	default:
		fail("kind", "%v: %w", d.Kind, contract.ErrInvalid)
	}
	return errors.Join(errs...)
}

// Quantile returns the value below which a fraction u of the draws lie:
// the inverse of [Dist.CDF], for u in (0, 1). For Discrete it returns the
// index of the value. It returns NaN for a nil Dist, an unknown kind or a
// Discrete without values; other parameters are not checked, as
// [Dist.Validate] does.
func (d *Dist) Quantile(u float64) float64 {
	if d == nil {
		return math.NaN()
	}
	switch d.Kind {
	case Uniform:
		return d.Min + u*(d.Max-d.Min)
	case Normal:
		return d.Mean + d.SD*normalQuantile(u)
	case LogNormal:
		return math.Exp(d.Mu + d.Sigma*normalQuantile(u))
	case Triangular:
		w := d.Max - d.Min
		if c := (d.Mode - d.Min) / w; u < c {
			return d.Min + math.Sqrt(u*w*(d.Mode-d.Min))
		}
		return d.Max - math.Sqrt((1-u)*w*(d.Max-d.Mode))
	case Discrete:
		if len(d.Values) == 0 {
			return math.NaN() // no index to give
		}
		return float64(pick(d.cumulative(), u))
	}
	return math.NaN()
}

// pick returns the index of the first cumulative probability above u.
func pick(cum []float64, u float64) int {
	i, _ := slices.BinarySearchFunc(cum, u, func(c, u float64) int {
		if c <= u {
			return -1
		}
		return 1
	})
	return min(i, len(cum)-1)
}

// CDF returns the probability that a draw is at most x. For Discrete, x
// is an index of Values.
func (d *Dist) CDF(x float64) float64 {
	if d == nil {
		return math.NaN()
	}
	switch d.Kind {
	case Uniform:
		return math.Min(1, math.Max(0, (x-d.Min)/(d.Max-d.Min)))
	case Normal:
		if d.SD == 0 {
			return step(x >= d.Mean)
		}
		return normalCDF((x - d.Mean) / d.SD)
	case LogNormal:
		if x <= 0 {
			return 0
		}
		if d.Sigma == 0 {
			return step(math.Log(x) >= d.Mu)
		}
		return normalCDF((math.Log(x) - d.Mu) / d.Sigma)
	case Triangular:
		switch {
		case x <= d.Min:
			return 0
		case x >= d.Max:
			return 1
		case x <= d.Mode:
			return (x - d.Min) * (x - d.Min) / ((d.Max - d.Min) * (d.Mode - d.Min))
		default:
			return 1 - (d.Max-x)*(d.Max-x)/((d.Max-d.Min)*(d.Max-d.Mode))
		}
	case Discrete:
		cum := d.cumulative()
		i := int(math.Floor(x))
		switch {
		case i < 0:
			return 0
		case i >= len(cum):
			return 1
		}
		return cum[i]
	}
	return math.NaN()
}

func step(b bool) float64 {
	if b {
		return 1
	}
	return 0
}

// cumulative returns the cumulative probabilities of a Discrete's values.
func (d *Dist) cumulative() []float64 {
	cum := make([]float64, len(d.Values))
	sum := 0.0
	for i := range d.Values {
		w := 1.0
		if d.Weights != nil {
			w = d.Weights[i]
		}
		sum += w
		cum[i] = sum
	}
	for i := range cum {
		cum[i] /= sum
	}
	return cum
}

// normalQuantile is the standard normal's quantile function.
func normalQuantile(u float64) float64 { return math.Sqrt2 * math.Erfinv(2*u-1) }

// normalCDF is the standard normal's distribution function.
func normalCDF(z float64) float64 { return 0.5 * math.Erfc(-z/math.Sqrt2) }

// belowOne is the largest float64 below 1.
const belowOne = 1 - 0x1p-53

// uniform returns a uniform variate in the open interval (0, 1): 53
// random bits and a half, so that no quantile function meets 0 or 1. The
// largest, (2^53 − 1/2) / 2^53, rounds to 1 in a float64 (a normal draw
// would be +Inf): it is belowOne instead.
func uniform(r *rand.Rand) float64 {
	return min((float64(r.Uint64()>>11)+0.5)/(1<<53), belowOne)
}

// stream returns the random stream of scenario i of a Monte Carlo seeded
// with seed: the same (seed, i) gives the same draws on any machine, in
// any order, on any number of cores.
func stream(seed uint64, i int) *rand.Rand {
	return rand.New(rand.NewPCG(seed, uint64(i)))
}

// Uniforms returns the uniform variates behind the draws of scenario i of
// a Monte Carlo: one per term, in the definition's order, from the stream
// seeded by (seed, i), and then joined pairwise by the correlations
// (index pairs into the terms, with their copula and rho).
func uniforms(seed uint64, i, terms int, pairs []pair) []float64 {
	r := stream(seed, i)
	u := make([]float64, terms)
	for k := range u {
		u[k] = uniform(r)
	}
	for _, p := range pairs {
		rho := p.rho
		if p.copula == Rank {
			rho = 2 * math.Sin(math.Pi*rho/6)
		}
		za, zb := normalQuantile(u[p.a]), normalQuantile(u[p.b])
		zb = rho*za + math.Sqrt(math.Max(0, 1-rho*rho))*zb
		u[p.b] = normalCDF(zb)
		// A normal score far in the tail rounds to 0 or 1; keep it open.
		u[p.b] = math.Min(math.Max(u[p.b], 0x1p-54), belowOne) // 1-0x1p-54 would be 1
	}
	return u
}

// pair is a Correlation resolved to term indexes.
type pair struct {
	a, b   int
	copula Copula
	rho    float64
}

// Sample returns n draws of d, as a Monte Carlo of one term seeded with
// seed draws them: draw i is the quantile at the first uniform variate of
// the stream seeded by (seed, i). For Discrete, a draw is the index of a
// value. It returns nil for n ≤ 0 or a distribution that is not valid.
func (d *Dist) Sample(seed uint64, n int) []float64 {
	if n <= 0 || d.Validate() != nil {
		return nil
	}
	out := make([]float64, n)
	for i := range out {
		out[i] = d.Quantile(uniforms(seed, i, 1, nil)[0])
	}
	return out
}
