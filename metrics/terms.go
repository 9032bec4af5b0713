package metrics

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"time"

	"github.com/jvwaterfall/jvwaterfall/contract"
	"github.com/shopspring/decimal"
)

// rateTerm is one nonzero same-date total of a cash-flow vector.
type rateTerm struct {
	t   float64 // time since the first nonzero total, in years or periods
	a   float64 // amount, between 1e-290 and 1e290 in magnitude
	day int64   // day number or period index
	idx int     // index of the (first) input
}

// daysFromCivil returns the number of days from 1970-01-01 to t's calendar
// date (year, month, day in t's location), by H. Hinnant's days_from_civil.
func daysFromCivil(t time.Time) int64 {
	y, m, d := t.Date()
	yy := int64(y)
	if m <= time.February {
		yy--
	}
	era := yy / 400
	if yy < 0 && yy%400 != 0 {
		era--
	}
	yoe := yy - era*400                    // [0, 399]
	mp := (int64(m) + 9) % 12              // March = 0
	doy := (153*mp+2)/5 + int64(d) - 1     // [0, 365]
	doe := yoe*365 + yoe/4 - yoe/100 + doy // [0, 146096]
	return era*146097 + doe - 719468
}

// pow10f holds the powers of ten that float64 represents exactly.
var pow10f = [...]float64{1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10,
	1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22}

// decimalFloat returns d as a float64 without allocating in the common case.
func decimalFloat(d decimal.Decimal) float64 {
	if e := d.Exponent(); e >= -22 && e <= 22 && d.NumDigits() <= 15 {
		c := float64(d.CoefficientInt64()) // exact: |c| < 2^53
		if e < 0 {
			return c / pow10f[-e] // one correctly rounded operation
		}
		return c * pow10f[e]
	}
	return d.InexactFloat64()
}

// exactSum adds the amounts of group exactly in int64 when it can.
func exactSum(group []rateTerm, amount func(int) decimal.Decimal) (float64, int, bool) {
	emin := int32(math.MaxInt32)
	for _, g := range group {
		d := amount(g.idx)
		if d.NumDigits() > 18 {
			return 0, 0, false
		}
		if !d.IsZero() {
			emin = min(emin, d.Exponent())
		}
	}
	if emin == math.MaxInt32 {
		return 0, 0, true
	}
	var sum int64
	for _, g := range group {
		d := amount(g.idx)
		if d.IsZero() {
			continue
		}
		c := d.CoefficientInt64()
		k := d.Exponent() - emin
		if k > 18 {
			return 0, 0, false
		}
		p := int64(pow10f[k])
		if c > math.MaxInt64/p || c < math.MinInt64/p {
			return 0, 0, false
		}
		c *= p
		s := sum + c
		if (c > 0 && s < sum) || (c < 0 && s > sum) {
			return 0, 0, false
		}
		sum = s
	}
	if sum == 0 {
		return 0, 0, true
	}
	sign := 1
	if sum < 0 {
		sign = -1
	}
	f := float64(sum)
	switch {
	case emin >= 0 && emin <= 308:
		f *= math.Pow10(int(emin))
	case emin < 0 && emin >= -308:
		f /= math.Pow10(int(-emin))
	default:
		f = decimal.New(sum, emin).InexactFloat64()
	}
	return f, sign, true
}

// collectTerms turns terms sorted by day into their nonzero same-day totals
// as float64, in place. It reports false when an amount is outside the range
// it handles in float64; collectTermsScaled then takes over.
func collectTerms(terms []rateTerm, unit float64, amount func(int) decimal.Decimal) ([]rateTerm, bool) {
	w := 0
	for r := 0; r < len(terms); {
		e := r + 1
		for e < len(terms) && terms[e].day == terms[r].day {
			e++
		}
		var f float64
		var sign int
		if e == r+1 {
			d := amount(terms[r].idx)
			f, sign = decimalFloat(d), d.Sign()
		} else {
			var ok bool
			if f, sign, ok = exactSum(terms[r:e], amount); !ok {
				s := decimal.Zero
				for _, g := range terms[r:e] {
					s = s.Add(amount(g.idx))
				}
				f, sign = s.InexactFloat64(), s.Sign()
			}
		}
		if sign != 0 {
			if a := math.Abs(f); !(a >= 1e-290 && a <= 1e290) {
				return terms, false
			}
			terms[w] = rateTerm{day: terms[r].day, a: f, idx: terms[r].idx}
			w++
		}
		r = e
	}
	terms = terms[:w]
	for i := range terms {
		terms[i].t = float64(terms[i].day-terms[0].day) / unit
	}
	return terms, true
}

// collectTermsScaled is the slow path of collectTerms for amounts beyond the
// float64 range: it sums in decimal and scales all totals by a power of ten
// so that the largest is near 1, which does not change the rate.
func collectTermsScaled(terms []rateTerm, n int, unit float64, day func(int) int64,
	amount func(int) decimal.Decimal, path func(int) string) ([]rateTerm, error) {
	order := make([]int, n)
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(i, j int) int { return cmp.Compare(day(i), day(j)) })
	type total struct {
		day   int64
		first int
		sum   decimal.Decimal
	}
	var totals []total
	for _, i := range order {
		if k := len(totals) - 1; k >= 0 && totals[k].day == day(i) {
			totals[k].sum = totals[k].sum.Add(amount(i))
			continue
		}
		totals = append(totals, total{day: day(i), first: i, sum: amount(i)})
	}
	mag := int64(math.MinInt64)
	for _, tt := range totals {
		if !tt.sum.IsZero() {
			mag = max(mag, int64(tt.sum.NumDigits())+int64(tt.sum.Exponent()))
		}
	}
	for _, tt := range totals {
		if tt.sum.IsZero() {
			continue
		}
		shift := int64(tt.sum.Exponent()) - mag
		f := tt.sum.InexactFloat64() // fallback when the shift cannot be represented
		if shift >= math.MinInt32 && shift <= math.MaxInt32 {
			f = decimal.NewFromBigInt(tt.sum.Coefficient(), int32(shift)).InexactFloat64()
		}
		if a := math.Abs(f); !(a >= 1e-290 && a <= 1e290) {
			return nil, contract.Field(path(tt.first),
				fmt.Errorf("%s is too small next to the largest amount to solve for a rate: %w",
					tt.sum, contract.ErrRange))
		}
		terms = append(terms, rateTerm{day: tt.day, a: f, idx: tt.first})
	}
	for i := range terms {
		terms[i].t = float64(terms[i].day-terms[0].day) / unit
	}
	return terms, nil
}
