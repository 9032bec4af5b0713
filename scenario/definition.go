package scenario

import (
	"errors"
	"fmt"
	"math"
	"math/big"
	"slices"
	"strings"

	"github.com/jvwaterfall/jvwaterfall/contract"
	"github.com/jvwaterfall/jvwaterfall/internal/jsontext"
	"github.com/jvwaterfall/jvwaterfall/tranche"
	"github.com/shopspring/decimal"
)

// Definition says which terms of a deal vary and how: over a sweep (the
// cartesian product of each term's values) or, when MonteCarlo is set,
// over seeded random draws. Its JSON form is documented in
// docs/scenarios.md and read by [DecodeDefinition]; a Definition built in
// Go is checked by [Definition.Validate], and against a deal by [NewPlan].
type Definition struct {
	Name         string
	Terms        []Term            // at least one; the first varies slowest in a sweep
	MonteCarlo   *MonteCarlo       // nil: a sweep
	Correlations []Correlation     // Monte Carlo only
	Parties      []tranche.PartyID // the parties whose measures are columns; nil: every party of the deal
	Grid         *Grid             // a sweep's 2-D table of one measure; nil: none
}

// Term is one varied term of a deal: the places it sets (JSON Pointers
// into the deal, see [Change]) and the values it takes there. A sweep's
// term has Values or a Range; a Monte Carlo's term has a Dist.
type Term struct {
	Name   string   // the column's name: letters, digits, '_' and '-'
	Paths  []string // JSON Pointers; each gets the same value
	Op     Op       // how a value changes the deal's value: set it (the zero value), scale it, add to it
	Values []string // a sweep's values, JSON text: `"0.08"`, `"2027-12-31"`, `4`
	Range  *Range   // a sweep's values, stepped
	Dist   *Dist    // a Monte Carlo's draws
	// Places is the decimal places a stepped, drawn, scaled or added
	// decimal is rounded to (half away from zero). Nil: the deal's value's
	// own places for Scale and Add (an amount stays in cents), 6 for Set.
	Places *int

	listed bool // Paths was read from "paths": an error names paths[j], even of one
}

// pathAt is the definition's path to the term's j-th pointer, under
// label ("terms[2]"): "path" when the term has one, given as "path".
func (t *Term) pathAt(label string, j int) string {
	if len(t.Paths) > 1 || t.listed {
		return jsontext.Index(label+".paths", j)
	}
	return label + ".path"
}

// Op says how a term's value changes the deal's value.
type Op uint8

// The operations. New ones are only added at the end.
const (
	Set   Op = iota // the value replaces the deal's value
	Scale           // the deal's decimal or whole number is multiplied by the value
	Add             // the value is added to the deal's decimal or whole number, or whole days to its date
)

var opNames = [...]string{"set", "scale", "add"}

// String returns "set", "scale" or "add".
func (o Op) String() string {
	if int(o) < len(opNames) {
		return opNames[o]
	}
	return fmt.Sprintf("Op(%d)", uint8(o))
}

// Range is the values From, From+Step, … up to To (included when the
// steps land on it): exact decimal steps.
type Range struct {
	From, To, Step decimal.Decimal
}

// values returns the range's values, at most MaxValues+1 of them.
func (r Range) values() []decimal.Decimal {
	var out []decimal.Decimal
	for v := r.From; v.Cmp(r.To) <= 0 && len(out) <= MaxValues; v = v.Add(r.Step) {
		out = append(out, v)
	}
	return out
}

// count returns the number of values of the range, or -1 when the range
// is not valid.
func (r Range) count() *big.Int {
	if r.Step.Sign() <= 0 || r.From.Cmp(r.To) > 0 {
		return big.NewInt(0)
	}
	q := r.To.Sub(r.From).DivRound(r.Step, 0)
	if r.From.Add(q.Mul(r.Step)).Cmp(r.To) > 0 {
		q = q.Sub(decimal.NewFromInt(1))
	}
	return new(big.Int).Add(q.BigInt(), big.NewInt(1))
}

// MonteCarlo says how many scenarios to draw, from which seed, and which
// percentiles the statistics report.
type MonteCarlo struct {
	Seed        uint64    // the draws of scenario i come from a stream seeded by (Seed, i)
	Samples     int       // 1 to MaxScenarios
	Percentiles []float64 // each from 0 to 100, each once; nil: 1, 5, 10, 25, 50, 75, 90, 95, 99
}

// DefaultPercentiles are the percentiles reported when a definition names
// none.
var DefaultPercentiles = []float64{1, 5, 10, 25, 50, 75, 90, 95, 99}

// Correlation correlates the draws of two terms through a copula: the two
// uniform variates behind their draws come from a bivariate normal with
// correlation Rho (Gaussian), or with the normal correlation
// 2·sin(π·Rho/6) that gives them Spearman rank correlation Rho (Rank).
// A term is in at most one correlation.
type Correlation struct {
	Terms  [2]string
	Copula Copula
	Rho    float64 // from -1 to 1
}

// Copula is how a [Correlation] joins two draws.
type Copula uint8

// The copulas.
const (
	Gaussian Copula = iota // Rho is the correlation of the normal scores
	Rank                   // Rho is Spearman's rank correlation of the draws
)

// String returns "gaussian" or "rank".
func (c Copula) String() string {
	switch c {
	case Gaussian:
		return "gaussian"
	case Rank:
		return "rank"
	}
	return fmt.Sprintf("Copula(%d)", uint8(c))
}

// Grid asks a sweep for a 2-D table of one measure: one row per value of
// the Rows term, one column per value of the Columns term. The sweep's
// other terms must have one value each.
type Grid struct {
	Rows, Columns string // term names
	Measure       string // a column of the table, such as "LP.xirr" or "min_dscr"
}

// DecodeDefinition reads a definition from its JSON text (docs/scenarios.md)
// and validates it ([Definition.Validate]). Reading is as strict as the
// deal spec's: an unknown field, a key given twice, a value of the wrong
// JSON type is an error. It returns every problem it finds, each a
// [*contract.FieldError] with the path of the value ("terms[1].range.step").
func DecodeDefinition(src []byte) (*Definition, error) {
	if len(src) > MaxDefinitionBytes {
		return nil, contract.Field("", fmt.Errorf("%d bytes, more than %d (MaxDefinitionBytes): %w", len(src), MaxDefinitionBytes, ErrLimit))
	}
	root, perrs := jsontext.Parse(src, changeLimits)
	var errs []error
	for _, e := range perrs {
		errs = append(errs, parseError(e))
	}
	if root == nil {
		return nil, errors.Join(errs...)
	}
	r := &reader{errs: errs}
	def := r.definition(root)
	if len(r.errs) > 0 {
		return nil, errors.Join(r.errs...)
	}
	if err := def.Validate(); err != nil {
		return nil, err
	}
	return def, nil
}

func (r *reader) definition(v *jsontext.Value) *Definition {
	m := r.object(v, "", "name", "terms", "montecarlo", "correlations", "parties", "grid")
	def := &Definition{}
	if f := m["name"]; f != nil {
		def.Name, _ = r.str(f, "name")
	}
	if f := m["terms"]; f != nil {
		kids, _ := r.array(f, "terms")
		for i := range kids {
			def.Terms = append(def.Terms, r.term(&kids[i], jsontext.Index("terms", i)))
		}
	}
	if f := m["montecarlo"]; f != nil {
		mm := r.object(f, "montecarlo", "seed", "samples", "percentiles")
		mc := &MonteCarlo{}
		if g := mm["seed"]; g != nil {
			mc.Seed, _ = r.integer(g, "montecarlo.seed", 0, math.MaxUint64)
		}
		if g := mm["samples"]; g != nil {
			n, _ := r.integer(g, "montecarlo.samples", 1, MaxScenarios)
			mc.Samples = int(n)
		} else {
			r.fail("montecarlo.samples", "%w", contract.ErrRequired)
		}
		if g := mm["percentiles"]; g != nil {
			kids, _ := r.array(g, "montecarlo.percentiles")
			mc.Percentiles = []float64{}
			for i := range kids {
				p, _ := r.float(&kids[i], jsontext.Index("montecarlo.percentiles", i))
				mc.Percentiles = append(mc.Percentiles, p)
			}
		}
		def.MonteCarlo = mc
	}
	if f := m["correlations"]; f != nil {
		kids, _ := r.array(f, "correlations")
		for i := range kids {
			path := jsontext.Index("correlations", i)
			cm := r.object(&kids[i], path, "terms", "copula", "rho")
			var c Correlation
			if g := cm["terms"]; g != nil {
				names, ok := r.array(g, path+".terms")
				if ok && len(names) != 2 {
					r.fail(path+".terms", "%d names, want two: %w", len(names), contract.ErrInvalid)
				} else if ok {
					c.Terms[0], _ = r.str(&names[0], path+".terms[0]")
					c.Terms[1], _ = r.str(&names[1], path+".terms[1]")
				}
			} else {
				r.fail(path+".terms", "%w", contract.ErrRequired)
			}
			if g := cm["copula"]; g != nil {
				switch s, _ := r.str(g, path+".copula"); s {
				case "gaussian":
					c.Copula = Gaussian
				case "rank":
					c.Copula = Rank
				default:
					r.fail(path+".copula", "%q, want \"gaussian\" or \"rank\": %w", s, contract.ErrInvalid)
				}
			}
			if g := cm["rho"]; g != nil {
				c.Rho, _ = r.float(g, path+".rho")
			} else {
				r.fail(path+".rho", "%w", contract.ErrRequired)
			}
			def.Correlations = append(def.Correlations, c)
		}
	}
	if f := m["parties"]; f != nil {
		kids, _ := r.array(f, "parties")
		def.Parties = []tranche.PartyID{}
		for i := range kids {
			s, _ := r.str(&kids[i], jsontext.Index("parties", i))
			def.Parties = append(def.Parties, tranche.PartyID(s))
		}
	}
	if f := m["grid"]; f != nil {
		gm := r.object(f, "grid", "rows", "columns", "measure")
		g := &Grid{}
		for key, dst := range map[string]*string{"rows": &g.Rows, "columns": &g.Columns, "measure": &g.Measure} {
			if h := gm[key]; h != nil {
				*dst, _ = r.str(h, "grid."+key)
			}
		}
		def.Grid = g
	}
	return def
}

func (r *reader) term(v *jsontext.Value, path string) Term {
	m := r.object(v, path, "name", "path", "paths", "op", "values", "range", "dist", "places")
	var t Term
	if f := m["name"]; f != nil {
		t.Name, _ = r.str(f, path+".name")
	}
	if f := m["path"]; f != nil {
		if s, ok := r.str(f, path+".path"); ok {
			t.Paths = []string{s}
		}
	}
	if f := m["paths"]; f != nil {
		if m["path"] != nil {
			r.fail(path+".paths", "give path or paths, not both: %w", contract.ErrInvalid)
		}
		kids, _ := r.array(f, path+".paths")
		t.Paths, t.listed = []string{}, true
		for i := range kids {
			s, _ := r.str(&kids[i], jsontext.Index(path+".paths", i))
			t.Paths = append(t.Paths, s)
		}
	}
	if f := m["op"]; f != nil {
		switch s, _ := r.str(f, path+".op"); s {
		case "set":
			t.Op = Set
		case "scale":
			t.Op = Scale
		case "add":
			t.Op = Add
		default:
			r.fail(path+".op", "%q, want \"set\", \"scale\" or \"add\": %w", s, contract.ErrInvalid)
		}
	}
	if f := m["values"]; f != nil {
		kids, _ := r.array(f, path+".values")
		t.Values = []string{}
		for i := range kids {
			t.Values = append(t.Values, text(&kids[i]))
		}
	}
	if f := m["range"]; f != nil {
		rp := path + ".range"
		rm := r.object(f, rp, "from", "to", "step")
		rg := &Range{}
		for key, dst := range map[string]*decimal.Decimal{"from": &rg.From, "to": &rg.To, "step": &rg.Step} {
			if g := rm[key]; g != nil {
				*dst, _ = r.decimal(g, rp+"."+key)
			} else if rm != nil {
				r.fail(rp+"."+key, "%w", contract.ErrRequired)
			}
		}
		t.Range = rg
	}
	if f := m["dist"]; f != nil {
		t.Dist = r.dist(f, path+".dist")
	}
	if f := m["places"]; f != nil {
		n, ok := r.integer(f, path+".places", 0, MaxPlaces)
		if ok {
			p := int(n)
			t.Places = &p
		}
	}
	return t
}

// text returns a value's JSON text.
func text(v *jsontext.Value) string {
	var b strings.Builder
	writeCompact(&b, v)
	return b.String()
}

// distKinds are the names of the kinds of distribution, in Kind order.
var distKinds = []string{"uniform", "normal", "lognormal", "triangular", "discrete"}

func (r *reader) dist(v *jsontext.Value, path string) *Dist {
	// An unknown kind is the real cause: what its parameters should be is
	// not known, so they are not judged.
	for i := range v.Kids {
		if k := &v.Kids[i]; v.Type == jsontext.Object && k.Key == "kind" && k.Type == jsontext.String && !slices.Contains(distKinds, k.Text) {
			r.fail(path+".kind", "%q, want %s: %w", k.Text, strings.Join(distKinds, ", "), contract.ErrInvalid)
			return &Dist{}
		}
	}
	m := r.object(v, path, "kind", "min", "max", "mode", "mean", "sd", "mu", "sigma", "values", "weights")
	if m == nil {
		return nil
	}
	d := &Dist{}
	kind := ""
	if f := m["kind"]; f != nil {
		kind, _ = r.str(f, path+".kind")
	} else {
		r.fail(path+".kind", "%w", contract.ErrRequired)
	}
	var want []string
	switch kind {
	case "uniform":
		d.Kind, want = Uniform, []string{"min", "max"}
	case "normal":
		d.Kind, want = Normal, []string{"mean", "sd"}
	case "lognormal":
		d.Kind, want = LogNormal, []string{"mu", "sigma"}
	case "triangular":
		d.Kind, want = Triangular, []string{"min", "mode", "max"}
	case "discrete":
		d.Kind, want = Discrete, []string{"values"}
	default: // not a string, or missing: reported
		return d
	}
	params := map[string]*float64{"min": &d.Min, "max": &d.Max, "mode": &d.Mode, "mean": &d.Mean, "sd": &d.SD, "mu": &d.Mu, "sigma": &d.Sigma}
	for key, f := range m {
		if key == "kind" {
			continue
		}
		if !slices.Contains(want, key) && !(d.Kind == Discrete && key == "weights") {
			r.fail(path+"."+key, "a %s distribution takes %s: %w", kind, strings.Join(want, ", "), ErrUnknownField)
			continue
		}
		switch key {
		case "values":
			kids, _ := r.array(f, path+".values")
			d.Values = []string{}
			for i := range kids {
				d.Values = append(d.Values, text(&kids[i]))
			}
		case "weights":
			kids, _ := r.array(f, path+".weights")
			d.Weights = []float64{}
			for i := range kids {
				w, _ := r.float(&kids[i], jsontext.Index(path+".weights", i))
				d.Weights = append(d.Weights, w)
			}
		default:
			*params[key], _ = r.float(f, path+"."+key)
		}
	}
	for _, key := range want {
		if m[key] == nil {
			r.fail(path+"."+key, "a %s distribution needs %s: %w", kind, key, contract.ErrRequired)
		}
	}
	return d
}

// Validate reports every problem of the definition that the deal has no
// say in, each a [*contract.FieldError] with its path:
//   - no terms, more than MaxTerms, a term without a name or path, two
//     terms of one name, a pointer that is not one ([ErrPointer]);
//   - a sweep's term without values or a range, or with both, or with a
//     distribution; an empty list or range ([ErrEmpty]); a range whose
//     step is not positive;
//   - a Monte Carlo term without a distribution, or with values or a
//     range; a distribution's parameters out of their domain (a negative
//     standard deviation is [contract.ErrNegative]);
//   - a correlation of unknown terms, of a term with itself, of a term
//     already correlated, or with |Rho| > 1;
//   - more than MaxScenarios scenarios, or a term of more than MaxValues
//     values or MaxPaths paths ([ErrLimit]);
//   - a grid of unknown terms, or in a Monte Carlo.
func (d *Definition) Validate() error {
	if d == nil {
		return contract.Field("", fmt.Errorf("nil definition: %w", contract.ErrRequired))
	}
	var errs []error
	fail := func(path string, format string, args ...any) {
		errs = append(errs, contract.Field(path, fmt.Errorf(format, args...)))
	}
	mc := d.MonteCarlo != nil
	switch {
	case len(d.Terms) == 0:
		fail("terms", "no terms: %w", ErrEmpty)
	case len(d.Terms) > MaxTerms:
		fail("terms", "%d terms, more than %d (MaxTerms): %w", len(d.Terms), MaxTerms, ErrLimit)
	}
	names := map[string]int{}
	product := big.NewInt(1)
	for i, t := range d.Terms {
		path := jsontext.Index("terms", i)
		switch {
		case t.Name == "":
			fail(path+".name", "%w", contract.ErrRequired)
		case !plainName(t.Name) || reserved(t.Name):
			fail(path+".name", "%q: a term's name is letters, digits, '_' and '-', and not a measure's name: %w", t.Name, contract.ErrInvalid)
		default:
			if j, dup := names[t.Name]; dup {
				fail(path+".name", "%q is the name of terms[%d] too: %w", t.Name, j, contract.ErrInvalid)
			}
			names[t.Name] = i
		}
		switch {
		case len(t.Paths) == 0:
			fail(path+".path", "%w", contract.ErrRequired)
		case len(t.Paths) > MaxPaths:
			fail(path+".paths", "%d paths, more than %d (MaxPaths): %w", len(t.Paths), MaxPaths, ErrLimit)
		}
		for j, p := range t.Paths {
			if _, err := parsePointer(p); err != nil {
				errs = append(errs, contract.Field(t.pathAt(path, j), err))
			}
		}
		if t.Op > Add {
			fail(path+".op", "%v: %w", t.Op, contract.ErrInvalid)
		}
		n := big.NewInt(1)
		switch {
		case mc && t.Dist == nil:
			fail(path+".dist", "a Monte Carlo term needs a distribution: %w", contract.ErrRequired)
		case mc && (t.Values != nil || t.Range != nil):
			fail(path, "a Monte Carlo term takes a dist, not values or a range: %w", contract.ErrInvalid)
		case !mc && t.Dist != nil:
			fail(path+".dist", "a distribution needs \"montecarlo\"; a sweep's term takes values or a range: %w", contract.ErrInvalid)
		case !mc && t.Values != nil && t.Range != nil:
			fail(path, "give values or a range, not both: %w", contract.ErrInvalid)
		case !mc && t.Values == nil && t.Range == nil:
			fail(path+".values", "a sweep's term needs values or a range: %w", contract.ErrRequired)
		case !mc && t.Values != nil:
			n.SetInt64(int64(len(t.Values)))
			if len(t.Values) == 0 {
				fail(path+".values", "no values: %w", ErrEmpty)
			}
			for j, v := range t.Values {
				if _, err := parseValue(v); err != nil {
					errs = append(errs, contract.Prefix(jsontext.Index(path+".values", j), err))
				}
			}
		case !mc:
			rg := t.Range
			n = rg.count()
			switch {
			case rg.Step.Sign() <= 0:
				fail(path+".range.step", "%s: a range's step must be positive: %w", rg.Step, contract.ErrRange)
			case rg.From.Cmp(rg.To) > 0:
				fail(path+".range", "from %s to %s holds no value: %w", rg.From, rg.To, ErrEmpty)
			}
		case mc:
			errs = append(errs, contract.Prefix(path+".dist", t.Dist.Validate()))
		}
		if !mc && n.Cmp(big.NewInt(MaxValues)) > 0 {
			fail(path, "%s values, more than %d (MaxValues): %w", n, MaxValues, ErrLimit)
		}
		product.Mul(product, n)
	}
	if !mc && product.Cmp(big.NewInt(MaxScenarios)) > 0 {
		fail("terms", "a sweep of %s scenarios, more than %d (MaxScenarios): %w", product, MaxScenarios, ErrLimit)
	}
	if mc {
		if d.MonteCarlo.Samples < 1 || d.MonteCarlo.Samples > MaxScenarios {
			err := contract.ErrRange
			if d.MonteCarlo.Samples > MaxScenarios {
				err = ErrLimit
			}
			fail("montecarlo.samples", "%d is not from 1 to %d (MaxScenarios): %w", d.MonteCarlo.Samples, MaxScenarios, err)
		}
		for i := range d.MonteCarlo.Percentiles {
			if err := percentileAt(d.MonteCarlo.Percentiles, i); err != nil {
				fail(jsontext.Index("montecarlo.percentiles", i), "%w", err)
			}
		}
		if d.Grid != nil {
			fail("grid", "a grid shows a sweep, not a Monte Carlo: %w", contract.ErrInvalid)
		}
	} else if len(d.Correlations) > 0 {
		fail("correlations", "correlations need \"montecarlo\": %w", contract.ErrInvalid)
	}
	inPair := map[string]int{}
	for i, c := range d.Correlations {
		path := jsontext.Index("correlations", i)
		for k, name := range c.Terms {
			at := jsontext.Index(path+".terms", k)
			if _, ok := names[name]; !ok {
				fail(at, "%q is not a term: %w", name, contract.ErrInvalid)
			} else if j, dup := inPair[name]; dup {
				fail(at, "%q is correlated by correlations[%d] already; a term is in one correlation at most: %w", name, j, contract.ErrInvalid)
			}
			inPair[name] = i
		}
		if c.Terms[0] == c.Terms[1] {
			fail(path+".terms", "a term correlated with itself: %w", contract.ErrInvalid)
		}
		if !(c.Rho >= -1 && c.Rho <= 1) {
			fail(path+".rho", "%v is not from -1 to 1: %w", c.Rho, contract.ErrRange)
		}
		if c.Copula > Rank {
			fail(path+".copula", "%v: %w", c.Copula, contract.ErrInvalid)
		}
	}
	for i, p := range d.Parties {
		if p == "" {
			fail(jsontext.Index("parties", i), "%w", contract.ErrRequired)
		}
	}
	if g := d.Grid; g != nil && !mc {
		for key, name := range map[string]string{"rows": g.Rows, "columns": g.Columns} {
			if _, ok := names[name]; !ok {
				fail("grid."+key, "%q is not a term: %w", name, contract.ErrInvalid)
			}
		}
		if g.Rows == g.Columns && g.Rows != "" {
			fail("grid.columns", "the same term as rows: %w", contract.ErrInvalid)
		}
		if g.Measure == "" {
			fail("grid.measure", "%w", contract.ErrRequired)
		}
	}
	return errors.Join(errs...)
}

// plainName reports whether s is letters, digits, '_' and '-'.
func plainName(s string) bool {
	for _, c := range s {
		if !(c == '_' || c == '-' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9') {
			return false
		}
	}
	return s != ""
}

// Scenarios returns the number of scenarios of a valid definition.
func (d *Definition) Scenarios() int {
	if d == nil {
		return 0
	}
	if d.MonteCarlo != nil {
		return d.MonteCarlo.Samples
	}
	n := 1
	for _, t := range d.Terms {
		if t.Values != nil {
			n *= len(t.Values)
		} else if t.Range != nil {
			n *= int(t.Range.count().Int64())
		}
	}
	return n
}
