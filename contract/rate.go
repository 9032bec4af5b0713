package contract

import (
	"errors"
	"fmt"
	"math/big"
	"strconv"
	"sync"
	"time"

	"github.com/shopspring/decimal"
)

// GrowthPlaces is the number of decimal places to which [Rate.Growth] and
// [Rate.Discount] round their factors, half away from zero.
const GrowthPlaces = 20

// MaxLogGrowth bounds the factors that [Rate.Growth] and [Rate.Discount]
// compute: a factor g with |ln g| > MaxLogGrowth (g beyond about 10^±434) is
// an error wrapping [ErrRange].
const MaxLogGrowth = 1000

// Limits on [Rate.Annual], checked by [Rate.Validate] before any arithmetic,
// so that absurd inputs cannot make the package allocate without bound.
const (
	maxAnnual       = 1000 // |Annual| <= 1000, i.e. 100,000% a year
	maxAnnualPlaces = 100  // at most 100 significant decimal places
)

const (
	guardDigits    = 10   // extra digits carried through ln and exp
	exactPowDigits = 4000 // largest exact power computed, in digits
	lnCachePlaces  = 200  // places of the cached logarithms of constants
)

// Compounding says how a [Rate] accrues. The zero value is [Simple]. New
// values are only ever added at the end.
type Compounding uint8

// The compounding conventions.
const (
	// Simple accrues without compounding: growth 1 + r·t.
	Simple Compounding = iota
	// Annual compounds once a year: growth (1 + r)^t.
	Annual
	// SemiAnnual compounds twice a year: growth (1 + r/2)^(2t).
	SemiAnnual
	// Quarterly compounds four times a year: growth (1 + r/4)^(4t).
	Quarterly
	// Monthly compounds 12 times a year: growth (1 + r/12)^(12t).
	Monthly
	// Daily compounds 365 times a year: growth (1 + r/365)^(365t).
	Daily
	// Continuous compounds continuously: growth e^(r·t).
	Continuous
	// AtFlows accrues simply between the dates on which a balance moves
	// and compounds on each of them: growth 1 + r·t from one movement to
	// the next (the convention of many spreadsheet models, and of the
	// open-source massing JV waterfall). Over one span it is Simple's
	// factor; what differs is where a balance is carried: a hurdle
	// balance (tranche.Book.Hurdle) compounds at each of the party's
	// contributions and distributions, a pref on it too. See
	// docs/methods.md, "Compounding a pref".
	AtFlows
)

var compoundingNames = [...]string{
	Simple:     "simple",
	Annual:     "annual",
	SemiAnnual: "semiannual",
	Quarterly:  "quarterly",
	Monthly:    "monthly",
	Daily:      "daily",
	Continuous: "continuous",
	AtFlows:    "at-flows",
}

var compoundingPerYear = [...]int{Annual: 1, SemiAnnual: 2, Quarterly: 4, Monthly: 12, Daily: 365}

// String returns the name of the convention, such as "annual", as accepted
// by [ParseCompounding]. An invalid value prints as "Compounding(9)".
func (c Compounding) String() string {
	if c.Valid() {
		return compoundingNames[c]
	}
	return fmt.Sprintf("Compounding(%d)", uint8(c))
}

// Valid reports whether c is one of the defined conventions.
func (c Compounding) Valid() bool { return int(c) < len(compoundingNames) }

// PerYear returns the number of compounding periods in a year: 1, 2, 4, 12
// or 365, and 0 for [Simple], [Continuous], [AtFlows] and invalid values.
func (c Compounding) PerYear() int {
	if int(c) < len(compoundingPerYear) {
		return compoundingPerYear[c]
	}
	return 0
}

// ParseCompounding returns the convention named s, one of "simple",
// "annual", "semiannual", "quarterly", "monthly", "daily", "continuous" and
// "at-flows".
// It returns an error wrapping [ErrInvalid] for any other string.
func ParseCompounding(s string) (Compounding, error) {
	for i, name := range compoundingNames {
		if s == name {
			return Compounding(i), nil
		}
	}
	return 0, fmt.Errorf("unknown compounding %q: want one of %q: %w", s, compoundingNames[:], ErrInvalid)
}

// MarshalText returns the name of the convention. It returns an error
// wrapping [ErrInvalid] if c is not valid.
func (c Compounding) MarshalText() ([]byte, error) {
	if !c.Valid() {
		return nil, fmt.Errorf("marshaling %v: %w", c, ErrRange)
	}
	return []byte(c.String()), nil
}

// UnmarshalText sets c to the convention named by text, as
// [ParseCompounding].
func (c *Compounding) UnmarshalText(text []byte) error {
	v, err := ParseCompounding(string(text))
	if err != nil {
		return err
	}
	*c = v
	return nil
}

// Rate is an interest rate: a nominal annual rate, how it compounds and how
// time is counted. The zero value is a valid 0% simple rate on ACT/365F.
type Rate struct {
	Annual      decimal.Decimal // nominal annual rate; 0.08 means 8%
	Compounding Compounding     // zero value = Simple
	DayCount    DayCount        // zero value = ACT/365F
}

// Validate reports every problem with r, as [FieldError]s with the paths
// "annual", "compounding" and "day_count", joined with [errors.Join]. It
// returns an error if:
//   - Compounding or DayCount is not a defined value ([ErrRange]);
//   - |Annual| > 1000 (100,000% a year) or Annual has more than 100
//     significant decimal places ([ErrRange]);
//   - Annual <= -1 with Simple, AtFlows or Annual compounding, or more generally
//     1 + Annual/PerYear <= 0 with periodic compounding ([ErrRange]): the
//     balance would vanish or change sign. Continuous rates may be any
//     value within the bounds above.
func (r Rate) Validate() error {
	var errs []error
	if !r.Compounding.Valid() {
		errs = append(errs, Field("compounding", fmt.Errorf("unknown compounding %d: %w", uint8(r.Compounding), ErrRange)))
	}
	if !r.DayCount.Valid() {
		errs = append(errs, Field("day_count", fmt.Errorf("unknown day count %d: %w", uint8(r.DayCount), ErrRange)))
	}
	if err := checkAnnual(r.Annual); err != nil {
		errs = append(errs, Field("annual", err))
	} else if r.Compounding.Valid() && r.Compounding != Continuous {
		m := int64(max(r.Compounding.PerYear(), 1))
		if r.Annual.Cmp(decimal.NewFromInt(-m)) <= 0 {
			errs = append(errs, Field("annual", fmt.Errorf("%s with %v compounding must be greater than %d: %w",
				plain(r.Annual), r.Compounding, -m, ErrRange)))
		}
	}
	return errors.Join(errs...)
}

// checkAnnual checks the bounds of a rate without arithmetic that could
// blow up on an absurd exponent.
func checkAnnual(a decimal.Decimal) error {
	if a.IsZero() {
		return nil
	}
	if int64(a.NumDigits())+int64(a.Exponent()) > 4 {
		return fmt.Errorf("magnitude must be at most %d: %w", maxAnnual, ErrRange)
	}
	if n := a.Normalize(); n.Exponent() < -maxAnnualPlaces {
		return fmt.Errorf("more than %d decimal places: %w", maxAnnualPlaces, ErrRange)
	}
	if a.Abs().Cmp(decimal.NewFromInt(maxAnnual)) > 0 {
		return fmt.Errorf("%s: magnitude must be at most %d: %w", plain(a), maxAnnual, ErrRange)
	}
	return nil
}

// plain formats d without trailing zeros and without scientific notation,
// whatever the decimal package's global settings.
func plain(d decimal.Decimal) string {
	n := d.Normalize()
	return n.StringFixed(max(0, -n.Exponent()))
}

// Key returns a canonical text for r that is equal for two rates exactly
// when they have the same terms, such as "0.08 annual ACT/365F": 0.080 and
// 0.08 give the same key. It suits map keys and caches of growth factors.
func (r Rate) Key() string {
	return plain(r.Annual) + " " + r.Compounding.String() + " " + r.DayCount.String()
}

// String returns r for people, such as "8% annual ACT/365F".
func (r Rate) String() string {
	return plain(r.Annual.Shift(2)) + "% " + r.Compounding.String() + " " + r.DayCount.String()
}

// Growth returns the factor by which a balance accruing at r grows from from
// to to, rounded half away from zero to [GrowthPlaces] places. With t the
// exact year fraction of r.DayCount ([DayCount.Fraction]):
//   - Simple and AtFlows: 1 + r·t;
//   - periodic, m = PerYear: (1 + r/m)^(m·t);
//   - Continuous: e^(r·t).
//
// When m·t is a whole number and 1 + r/m a finite decimal, the power is
// exact before the single rounding; otherwise the factor is computed as
// exp(m·t·ln(1 + r/m)) with guard digits, so that it is correctly rounded
// except in (never observed) cases within 10^-30 of a rounding tie.
//
// from == to gives exactly 1. When to is before from, Growth returns the
// inverse factor 1/Growth(to, from), itself rounded to [GrowthPlaces]
// places (not 1 - r·|t| for a simple rate): moving a balance back in time
// discounts it. A very small factor can round to 0.
//
// Growth returns an error if:
//   - r is not valid ([Rate.Validate]);
//   - a simple rate gives 1 + r·t <= 0 ([ErrRange]);
//   - |ln(factor)| > [MaxLogGrowth] ([ErrRange]).
func (r Rate) Growth(from, to time.Time) (decimal.Decimal, error) {
	return r.factor(from, to, false)
}

// ValidateSpan returns the error [Rate.Growth] would return for the
// growth from from to to, without computing the factor when a bound shows
// that it is in range: an invalid rate, simple growth 1 + r·t that is not
// positive, or a factor beyond e^±1000 ([MaxLogGrowth]). A deal that grows
// balances at r between dates of its schedule checks its whole span once:
// |ln factor| grows with the year fraction, so shorter spans inside it are
// in range too (give or take the few days by which a 30/360 day count may
// count a part of a span longer than the whole).
func (r Rate) ValidateSpan(from, to time.Time) error {
	if err := r.Validate(); err != nil {
		return err
	}
	num, den := r.DayCount.Fraction(from, to)
	if num < 0 {
		num = -num
	}
	// |ln g| <= |r|·t for continuous rates, and for periodic ones with r
	// >= 0 (ln(1+y) <= y); simple growth with r >= 0 is at least 1.
	a := r.Annual
	if a.Sign() >= 0 && (r.Compounding == Simple || r.Compounding == AtFlows || a.Mul(decimal.NewFromInt(num)).Cmp(maxLogGrowth.Mul(decimal.NewFromInt(den))) <= 0) {
		return nil
	}
	if r.Compounding == Continuous && a.Abs().Mul(decimal.NewFromInt(num)).Cmp(maxLogGrowth.Mul(decimal.NewFromInt(den))) <= 0 {
		return nil
	}
	_, err := r.factorOf(num, den, false)
	return err
}

// Discount returns 1/Growth(from, to), the present value at from of 1 paid
// at to, rounded half away from zero to [GrowthPlaces] places. It is
// computed directly, not by dividing by the rounded growth factor, and fails
// in the same cases as [Rate.Growth].
func (r Rate) Discount(from, to time.Time) (decimal.Decimal, error) {
	return r.factor(from, to, true)
}

var (
	one          = decimal.NewFromInt(1)
	maxLogGrowth = decimal.NewFromInt(MaxLogGrowth)
	invLn2       = decimal.New(14426950408889634, -16) // ≈ 1/ln 2, to pick k in expRatio
	errTooLarge  = fmt.Errorf("growth factor beyond e^±%d: %w", MaxLogGrowth, ErrRange)
)

// factor returns the growth factor from from to to, or its inverse when
// invert is true. Factors are kept once computed (see growthMemo): only a
// valid rate's are, so a kept one needs no validation.
func (r Rate) factor(from, to time.Time, invert bool) (decimal.Decimal, error) {
	num, den := r.DayCount.Fraction(from, to)
	k, keep := r.memoKey(num, den, invert)
	if keep && r.DayCount.Valid() {
		if g, ok := memoFactor(k); ok {
			return g, nil
		}
	}
	if err := r.Validate(); err != nil {
		return decimal.Decimal{}, err
	}
	g, err := r.factorOf(num, den, invert)
	if err == nil && keep {
		keepFactor(k, g)
	}
	return g, err
}

// factorOf is the growth factor over the year fraction num/den (den > 0),
// or its inverse when invert is true, for a valid r: the factor depends on
// the dates only through the fraction, so callers that grow over many
// periods of a few lengths can compute it once per length.
func (r Rate) factorOf(num, den int64, invert bool) (decimal.Decimal, error) {
	if num == 0 {
		return one, nil
	}
	neg := (num < 0) != invert // the factor is G(|t|)^-1
	if num < 0 {
		num = -num
	}
	a := r.Annual
	tn, td := decimal.NewFromInt(num), decimal.NewFromInt(den)

	switch r.Compounding {
	case Simple, AtFlows:
		top := td.Add(a.Mul(tn)) // growth = top/td
		if top.Sign() <= 0 {
			return decimal.Decimal{}, Field("annual", fmt.Errorf("simple growth 1 + r·t = %s/%d is not positive: %w",
				plain(top), den, ErrRange))
		}
		if neg {
			return td.DivRound(top, GrowthPlaces), nil
		}
		return top.DivRound(td, GrowthPlaces), nil

	case Continuous:
		xn := a.Mul(tn) // x = xn/td
		if xn.Abs().Cmp(maxLogGrowth.Mul(td)) > 0 {
			return decimal.Decimal{}, errTooLarge
		}
		if neg {
			xn = xn.Neg()
		}
		return expRatio(xn, td, GrowthPlaces), nil
	}

	// Periodic: g = (1 + a/m)^(m·t), with m·t = mn/td.
	m := int64(r.Compounding.PerYear())
	md := decimal.NewFromInt(m)
	mn := new(big.Int).Mul(big.NewInt(num), big.NewInt(m))
	mtn := decimal.NewFromBigInt(mn, 0)
	base := md.Add(a) // 1 + a/m = base/m, base > 0 after Validate

	// Bounds on |x| = m·t·|ln(base/m)|: ln(1+y) <= y, and -ln(1+y) <= -y/(1+y).
	var boundOK bool
	if a.Sign() >= 0 {
		boundOK = a.Mul(tn).Cmp(maxLogGrowth.Mul(td)) <= 0
	} else {
		boundOK = a.Neg().Mul(tn).Mul(md).Cmp(maxLogGrowth.Mul(td).Mul(base)) <= 0
	}

	// Exact path: whole number of compounding periods and a finite decimal base.
	if q, rem := new(big.Int).QuoRem(mn, big.NewInt(den), new(big.Int)); rem.Sign() == 0 && q.IsInt64() {
		n := q.Int64()
		y := a.DivRound(md, max(0, -a.Exponent())+4)
		g := one.Add(y).Normalize()
		if y.Mul(md).Equal(a) && int64(g.NumDigits())*n <= exactPowDigits {
			if !boundOK {
				x := lnRatio(base, m, GrowthPlaces).Mul(decimal.NewFromInt(n))
				if x.Abs().Cmp(maxLogGrowth) > 0 {
					return decimal.Decimal{}, errTooLarge
				}
			}
			p := decimal.NewFromBigInt(new(big.Int).Exp(g.Coefficient(), q, nil), 0).Shift(g.Exponent() * int32(n))
			if neg {
				return one.DivRound(p, GrowthPlaces), nil
			}
			return p.Round(GrowthPlaces), nil
		}
	}

	// General path: exp(m·t·ln(base/m)) with guard digits.
	mtDigits := int32(len(new(big.Int).Quo(mn, big.NewInt(den)).String()))
	lnPlaces := int32(GrowthPlaces+guardDigits+8) + mtDigits
	l := lnRatio(base, m, lnPlaces)
	x0 := l.Mul(mtn).DivRound(td, 4)
	if x0.Abs().Cmp(maxLogGrowth) > 0 {
		return decimal.Decimal{}, errTooLarge
	}
	if neg {
		l, x0 = l.Neg(), x0.Neg()
	}
	// The result may have up to b digits before the point; x needs that many
	// more correct places.
	b := int32(0)
	if x0.Sign() > 0 {
		b = int32(x0.IntPart()/2) + 1
	}
	if need := int32(GrowthPlaces+guardDigits+2) + b + mtDigits; need > lnPlaces {
		l = lnRatio(base, m, need)
		if neg {
			l = l.Neg()
		}
	}
	return expRatio(l.Mul(mtn), td, GrowthPlaces), nil
}

// lnRatio returns ln(v/m) = ln(v) - ln(m) for v > 0 and m >= 1, with an
// error of at most 10^-places.
func lnRatio(v decimal.Decimal, m int64, places int32) decimal.Decimal {
	lv, err := v.Ln(places + 1)
	if err != nil { // unreachable: v > 0 after Validate
		return decimal.Decimal{}
	}
	return lv.Sub(lnInt(m, places+1))
}

// lnCache holds ln of the constants this package needs, to lnCachePlaces.
var lnCache = map[int64]func() decimal.Decimal{}

func init() {
	for _, m := range []int64{2, 4, 12, 365} {
		lnCache[m] = sync.OnceValue(func() decimal.Decimal {
			l, _ := decimal.NewFromInt(m).Ln(lnCachePlaces)
			return l
		})
	}
}

// lnInt returns ln(m) for m >= 1 with an error below 10^-places.
func lnInt(m int64, places int32) decimal.Decimal {
	if m == 1 {
		return decimal.Decimal{}
	}
	if f, ok := lnCache[m]; ok && places+2 <= lnCachePlaces {
		return f().Truncate(places + 2)
	}
	l, _ := decimal.NewFromInt(m).Ln(places + 2)
	return l
}

// expRatio returns e^(xn/xd) for xd > 0 and |xn/xd| <= MaxLogGrowth + 1,
// rounded half away from zero to places places. It works in big.Int fixed
// point: e^x = 2^k · e^s with k the integer nearest x/ln 2 and |s| <= 0.35,
// e^s by its Taylor series. The absolute error before the final rounding is
// below 10^-(places+guardDigits).
func expRatio(xn, xd decimal.Decimal, places int32) decimal.Decimal {
	if xn.IsZero() {
		return one
	}
	// k ≈ x/ln 2; any nearby integer will do.
	k := xn.Mul(invLn2).DivRound(xd, 0).IntPart()
	kd := int32(0) // digits before the point that 2^k may add
	if k > 0 {
		kd = int32(k*30103/100000) + 1
	}
	ak := k
	if ak < 0 {
		ak = -ak
	}
	w := places + guardDigits + kd + 5 // working places
	kDigits := int32(len(strconv.FormatInt(ak, 10)))
	ln2 := lnInt(2, w+kDigits+2)
	// s = x - k·ln2, rounded to w places.
	s := xn.Sub(ln2.Mul(decimal.NewFromInt(k)).Mul(xd)).DivRound(xd, w)
	sc := new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(w)), nil)
	sv := s.Shift(w).BigInt()
	sum := new(big.Int).Set(sc)
	term := new(big.Int).Set(sc)
	iv := new(big.Int)
	for i := int64(1); term.Sign() != 0; i++ {
		term.Mul(term, sv)
		term.Quo(term, sc)
		term.Quo(term, iv.SetInt64(i))
		sum.Add(sum, term)
	}
	// result = sum · 2^k / 10^w, rounded to places.
	dv := new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(w-places)), nil)
	if k >= 0 {
		sum.Lsh(sum, uint(k))
	} else {
		dv.Lsh(dv, uint(-k))
	}
	q, rem := sum.QuoRem(sum, dv, new(big.Int))
	if rem.Lsh(rem, 1).Cmp(dv) >= 0 {
		q.Add(q, big.NewInt(1))
	}
	return decimal.NewFromBigInt(q, -places)
}
