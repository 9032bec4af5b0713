package contract

import (
	"encoding/json"
	"errors"
	"math"
	"math/big"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"
)

func dec(s string) decimal.Decimal { return decimal.RequireFromString(s) }

func TestRate_Growth_closedForm(t *testing.T) {
	d0 := Date(2021, 1, 1)
	tests := []struct {
		name     string
		rate     Rate
		from, to time.Time
		want     string // exact, or the exact value rounded to 20 places
	}{
		{"zero value rate", Rate{}, d0, Date(2030, 6, 1), "1"},
		{"same date", Rate{Annual: dec("0.08"), Compounding: Continuous}, d0, d0, "1"},
		// 1.08^3 = 1.259712 exactly. 2021-01-01 to 2024-01-01 is 1095 days,
		// and 3 years under 30/360 and ACT/ACT ISDA too.
		{"annual 3y 30/360", Rate{Annual: dec("0.08"), Compounding: Annual, DayCount: Thirty360US}, d0, Date(2024, 1, 1), "1.259712"},
		{"annual 3y ACT/ACT", Rate{Annual: dec("0.08"), Compounding: Annual, DayCount: ACTACTISDA}, d0, Date(2024, 1, 1), "1.259712"},
		{"annual 3y ACT/365F", Rate{Annual: dec("0.08"), Compounding: Annual}, d0, Date(2024, 1, 1), "1.259712"}, // 1095 days
		{"annual leap year ACT/ACT", Rate{Annual: dec("0.08"), Compounding: Annual, DayCount: ACTACTISDA}, Date(2024, 1, 1), Date(2025, 1, 1), "1.08"},
		{"semiannual 1y", Rate{Annual: dec("0.08"), Compounding: SemiAnnual, DayCount: Thirty360E}, d0, Date(2022, 1, 1), "1.0816"},
		{"semiannual half year", Rate{Annual: dec("0.08"), Compounding: SemiAnnual, DayCount: Thirty360E}, d0, Date(2021, 7, 1), "1.04"},
		{"quarterly 1y", Rate{Annual: dec("0.08"), Compounding: Quarterly, DayCount: Thirty360US}, d0, Date(2022, 1, 1), "1.08243216"},
		// 1.01^12 = 1.126825030131969720661201, rounded half away from zero.
		{"monthly 12% 1y", Rate{Annual: dec("0.12"), Compounding: Monthly, DayCount: Thirty360US}, d0, Date(2022, 1, 1), "1.12682503013196972066"},
		// 0.9^2 = 0.81 with a negative rate.
		{"annual negative", Rate{Annual: dec("-0.1"), Compounding: Annual, DayCount: Thirty360US}, d0, Date(2023, 1, 1), "0.81"},
		// e = 2.71828182845904523536 028747... (OEIS A001113).
		{"continuous e", Rate{Annual: dec("1"), Compounding: Continuous}, d0, Date(2022, 1, 1), "2.71828182845904523536"},
		// e^-1 = 0.36787944117144232159 552377... (OEIS A068985).
		{"continuous 1/e", Rate{Annual: dec("-1"), Compounding: Continuous}, d0, Date(2022, 1, 1), "0.36787944117144232160"},
		// e^10 = 22026.46579480671651695790 064528... (OEIS A092516? see Wolfram: e^10).
		{"continuous e^10", Rate{Annual: dec("10"), Compounding: Continuous, DayCount: Thirty360US}, d0, Date(2022, 1, 1), "22026.46579480671651695790"},
		// 2 = 1.5^x ... ln-based path for m·t integer with inexact base is
		// checked against big.Float in TestRate_Growth_reference.
		{"simple 73 days", Rate{Annual: dec("0.08")}, d0, d0.AddDate(0, 0, 73), "1.016"},
		{"simple leap day ACT/ACT", Rate{Annual: dec("0.366"), DayCount: ACTACTISDA}, Date(2024, 2, 28), Date(2024, 3, 1), "1.002"},
		// Values computed independently with Python's decimal module at 80
		// digits, e.g. ((1+r).ln()*t).exp(), rounded ROUND_HALF_UP to 20 places.
		{"annual 91 days", Rate{Annual: dec("0.08"), Compounding: Annual}, d0, d0.AddDate(0, 0, 91), "1.01937281125031624455"},
		{"annual 366 days", Rate{Annual: dec("0.08"), Compounding: Annual}, d0, d0.AddDate(0, 0, 366), "1.08022774435024711672"},
		{"annual 500% 100 days", Rate{Annual: dec("5"), Compounding: Annual}, d0, d0.AddDate(0, 0, 100), "1.63377453798470507006"},
		{"annual 91 days back", Rate{Annual: dec("0.08"), Compounding: Annual}, d0.AddDate(0, 0, 91), d0, "0.98099536201426204711"},
		{"continuous 91 days", Rate{Annual: dec("0.08"), Compounding: Continuous}, d0, d0.AddDate(0, 0, 91), "1.02014544011498509127"},
		{"semiannual 17 days ACT/360", Rate{Annual: dec("0.08"), Compounding: SemiAnnual, DayCount: ACT360}, d0, d0.AddDate(0, 0, 17), "1.00371104741217563544"},
		{"monthly 50% ACT/ACT 10y", Rate{Annual: dec("0.5"), Compounding: Monthly, DayCount: ACTACTISDA}, Date(2022, 3, 15), Date(2032, 3, 15), "134.25085247430021276628"},
		{"monthly 1000 days", Rate{Annual: dec("0.08"), Compounding: Monthly}, d0, d0.AddDate(0, 0, 1000), "1.24414770291775472062"},
		// 1 + 0.08·1/365 = 1.00021917808219178082 19...
		{"simple one day", Rate{Annual: dec("0.08")}, d0, Date(2021, 1, 2), "1.00021917808219178082"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := tt.rate.Growth(tt.from, tt.to)
			require.NoError(t, err)
			require.True(t, dec(tt.want).Equal(got), "Growth = %s, want %s", got, tt.want)
			require.GreaterOrEqual(t, got.Exponent(), int32(-GrowthPlaces))
		})
	}
}

// powRef returns (1 + r/m)^n with 400 bits of precision.
func powRef(r string, m int64, n int64) *big.Float {
	const prec = 400
	x, _, err := big.ParseFloat(r, 10, prec, big.ToNearestEven)
	if err != nil {
		panic(err)
	}
	base := new(big.Float).SetPrec(prec).Quo(x, new(big.Float).SetPrec(prec).SetInt64(m))
	base.Add(base, new(big.Float).SetPrec(prec).SetInt64(1))
	res := new(big.Float).SetPrec(prec).SetInt64(1)
	for ; n > 0; n >>= 1 {
		if n&1 == 1 {
			res.Mul(res, base)
		}
		base.Mul(base, base)
	}
	return res
}

// bigF converts d to a big.Float exactly enough for the tests (400 bits).
func bigF(d decimal.Decimal) *big.Float {
	f, _, err := big.ParseFloat(d.String(), 10, 400, big.ToNearestEven)
	if err != nil {
		panic(err)
	}
	return f
}

func TestRate_Growth_reference(t *testing.T) {
	from := Date(2022, 3, 15)
	t.Run("integer powers of inexact bases against big.Float", func(t *testing.T) {
		tests := []struct {
			name string
			r    string
			c    Compounding
			days int
		}{
			{"daily 8% 91 days", "0.08", Daily, 91},
			{"daily 8% 10 years", "0.08", Daily, 3653},
			{"daily -5% 1000 days", "-0.05", Daily, 1000},
			{"daily 123.456789% 400 days", "1.23456789", Daily, 400},
			{"monthly 7% 30 days ACT/360", "0.07", Monthly, 30}, // m·t = 12·30/360 = 1
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				r := Rate{Annual: dec(tt.r), Compounding: tt.c}
				n := int64(tt.days)
				if tt.c == Monthly {
					r.DayCount = ACT360
					n = int64(tt.days * 12 / 360)
				}
				got, err := r.Growth(from, from.AddDate(0, 0, tt.days))
				require.NoError(t, err)
				ref := powRef(tt.r, int64(tt.c.PerYear()), n)
				diff := new(big.Float).Sub(bigF(got), ref)
				diff.Abs(diff)
				lim := big.NewFloat(5.0000001e-21) // half a unit in the 20th place
				require.True(t, diff.Cmp(lim) <= 0, "Growth = %s, ref %s, diff %s", got, ref.Text('g', 40), diff.Text('g', 5))
				// Discount is the reference's inverse, also correctly rounded.
				disc, err := r.Discount(from, from.AddDate(0, 0, tt.days))
				require.NoError(t, err)
				inv := new(big.Float).SetPrec(400).Quo(big.NewFloat(1).SetPrec(400), ref)
				diff.Sub(bigF(disc), inv).Abs(diff)
				require.True(t, diff.Cmp(lim) <= 0, "Discount = %s, ref %s", disc, inv.Text('g', 40))
			})
		}
	})
	// float64 references: math.Log1p keeps r/m's rounding error from being
	// amplified by the exponent, as math.Pow(1+r/m, m·t) would.
	t.Run("fractional exponents against math.Log1p and math.Exp", func(t *testing.T) {
		rates := []string{"0.08", "0.0123456789", "-0.3", "0.5", "2.5", "0"}
		for _, rs := range rates {
			for c := range Continuous + 1 {
				for _, dc := range []DayCount{ACT365F, ACT360, Thirty360US, Thirty360E, ACTACTISDA} {
					for _, days := range []int{1, 17, 91, 366, 1000, 3653} {
						r := Rate{Annual: dec(rs), Compounding: c, DayCount: dc}
						if r.Validate() != nil {
							continue
						}
						to := from.AddDate(0, 0, days)
						got, err := r.Growth(from, to)
						if c == Simple && err != nil {
							require.ErrorIs(t, err, ErrRange)
							continue
						}
						require.NoError(t, err, "%v %d days", r, days)
						num, den := dc.Fraction(from, to)
						yf := float64(num) / float64(den)
						rf := dec(rs).InexactFloat64()
						var want, x float64
						switch m := float64(c.PerYear()); c {
						case Simple:
							want = 1 + rf*yf
						case Continuous:
							x = rf * yf
							want = math.Exp(x)
						default:
							x = m * yf * math.Log1p(rf/m)
							want = math.Exp(x)
						}
						// The float64 reference itself is off by about (2+|x|)·2^-53.
						gf := got.InexactFloat64()
						require.InEpsilon(t, want, gf, 1e-15*max(1, math.Abs(x)), "%v over %d days: %s", r, days, got)
					}
				}
			}
		}
	})
}

func TestRate_Growth_properties(t *testing.T) {
	d := func(i int) time.Time { return Date(2020, 1, 1).AddDate(0, 0, i) }
	rates := []Rate{
		{Annual: dec("0.08"), Compounding: Annual},
		{Annual: dec("0.08"), Compounding: SemiAnnual, DayCount: ACTACTISDA},
		{Annual: dec("0.15"), Compounding: Quarterly, DayCount: ACT360},
		{Annual: dec("0.0725"), Compounding: Monthly},
		{Annual: dec("0.2"), Compounding: Daily},
		{Annual: dec("0.08"), Compounding: Continuous},
		{Annual: dec("-0.04"), Compounding: Continuous, DayCount: ACTACTISDA},
	}
	pts := []int{0, 1, 29, 59, 60, 365, 366, 400, 1096, 1461}
	tol := dec("1e-18")
	for _, r := range rates {
		t.Run("chain "+r.String(), func(t *testing.T) {
			for _, a := range pts {
				for _, b := range pts {
					for _, c := range pts {
						if a > b || b > c {
							continue
						}
						gab, err := r.Growth(d(a), d(b))
						require.NoError(t, err)
						gbc, err := r.Growth(d(b), d(c))
						require.NoError(t, err)
						gac, err := r.Growth(d(a), d(c))
						require.NoError(t, err)
						diff := gab.Mul(gbc).Sub(gac).Abs()
						require.True(t, diff.LessThanOrEqual(tol), "G(%d,%d)·G(%d,%d) = %s, G(%d,%d) = %s", a, b, b, c, gab.Mul(gbc), a, c, gac)
					}
				}
			}
		})
		t.Run("inverse "+r.String(), func(t *testing.T) {
			for _, a := range pts {
				g, err := r.Growth(d(0), d(a))
				require.NoError(t, err)
				back, err := r.Growth(d(a), d(0))
				require.NoError(t, err)
				disc, err := r.Discount(d(0), d(a))
				require.NoError(t, err)
				require.True(t, back.Equal(disc), "Growth backwards %s, Discount %s", back, disc)
				require.True(t, g.Mul(back).Sub(one).Abs().LessThanOrEqual(tol), "%s · %s", g, back)
			}
		})
	}
	t.Run("simple is exact", func(t *testing.T) {
		r := Rate{Annual: dec("0.0825")}
		for _, a := range pts[1:] {
			g, err := r.Growth(d(0), d(a))
			require.NoError(t, err)
			exact := new(big.Rat).Add(big.NewRat(1, 1), new(big.Rat).Mul(big.NewRat(825, 10000), big.NewRat(int64(a), 365)))
			require.Equal(t, exact.FloatString(GrowthPlaces), g.StringFixed(GrowthPlaces))
			// Backwards is the inverse, not 1 - r·t.
			back, err := r.Growth(d(a), d(0))
			require.NoError(t, err)
			require.Equal(t, new(big.Rat).Inv(exact).FloatString(GrowthPlaces), back.StringFixed(GrowthPlaces))
		}
	})
	t.Run("exact discount of exact power", func(t *testing.T) {
		r := Rate{Annual: dec("0.08"), Compounding: Annual, DayCount: Thirty360US}
		disc, err := r.Discount(Date(2021, 1, 1), Date(2024, 1, 1))
		require.NoError(t, err)
		require.Equal(t, one.DivRound(dec("1.259712"), GrowthPlaces).String(), disc.String())
	})
	t.Run("monotone in time", func(t *testing.T) {
		r := Rate{Annual: dec("0.08"), Compounding: Monthly, DayCount: ACT360}
		prev := one
		for i := 1; i < 800; i += 7 {
			g, err := r.Growth(d(0), d(i))
			require.NoError(t, err)
			require.True(t, g.GreaterThan(prev), "day %d: %s <= %s", i, g, prev)
			prev = g
		}
	})
}

func TestRate_Growth_errors(t *testing.T) {
	from, to := Date(2024, 1, 1), Date(2025, 1, 1)
	tests := []struct {
		name  string
		rate  Rate
		from  time.Time
		to    time.Time
		paths []string
		is    error
	}{
		{"bad compounding", Rate{Compounding: 8}, from, to, []string{"compounding"}, ErrRange},
		{"bad day count", Rate{DayCount: 6}, from, to, []string{"day_count"}, ErrRange},
		{"both bad", Rate{Compounding: 9, DayCount: 9}, from, to, []string{"compounding", "day_count"}, ErrRange},
		{"annual -100%", Rate{Annual: dec("-1"), Compounding: Annual}, from, to, []string{"annual"}, ErrRange},
		{"simple -100%", Rate{Annual: dec("-1")}, from, to, []string{"annual"}, ErrRange},
		{"monthly -1200%", Rate{Annual: dec("-12"), Compounding: Monthly}, from, to, []string{"annual"}, ErrRange},
		{"huge rate", Rate{Annual: dec("1000.5"), Compounding: Continuous}, from, to, []string{"annual"}, ErrRange},
		{"absurd exponent", Rate{Annual: decimal.New(1, 999999999), Compounding: Annual}, from, to, []string{"annual"}, ErrRange},
		{"absurd negative exponent", Rate{Annual: decimal.New(1, -999999999), Compounding: Annual}, from, to, []string{"annual"}, ErrRange},
		{"too many places", Rate{Annual: dec("0." + strings.Repeat("1", 101)), Compounding: Annual}, from, to, []string{"annual"}, ErrRange},
		{"simple goes negative", Rate{Annual: dec("-0.5")}, from, Date(2027, 1, 1), []string{"annual"}, ErrRange},
		{"continuous too big", Rate{Annual: dec("1000"), Compounding: Continuous}, from, Date(2027, 1, 1), nil, ErrRange},
		{"continuous too small", Rate{Annual: dec("-1000"), Compounding: Continuous}, from, Date(2027, 1, 1), nil, ErrRange},
		{"annual too big", Rate{Annual: dec("999"), Compounding: Annual}, from, Date(2400, 1, 1), nil, ErrRange},
		{"annual too big, exact path", Rate{Annual: dec("999"), Compounding: Annual, DayCount: Thirty360E}, from, Date(2400, 1, 1), nil, ErrRange},
		{"annual too small", Rate{Annual: dec("-0.999999"), Compounding: Annual}, from, Date(2400, 1, 1), nil, ErrRange},
		{"daily too big over millennia", Rate{Annual: dec("0.5"), Compounding: Daily}, Date(-5000, 1, 1), Date(5000, 1, 1), nil, ErrRange},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, f := range []func(Rate, time.Time, time.Time) (decimal.Decimal, error){Rate.Growth, Rate.Discount} {
				_, err := f(tt.rate, tt.from, tt.to)
				require.Error(t, err)
				require.ErrorIs(t, err, ErrInvalid)
				require.ErrorIs(t, err, tt.is)
				var paths []string
				for _, e := range flatten(err) {
					var fe *FieldError
					if errors.As(e, &fe) {
						paths = append(paths, fe.Path)
					}
				}
				if diff := cmp.Diff(tt.paths, paths); diff != "" {
					t.Errorf("paths (-want +got):\n%s\nerr: %v", diff, err)
				}
			}
		})
	}
	t.Run("validate ok", func(t *testing.T) {
		for _, r := range []Rate{{}, {Annual: dec("-0.99"), Compounding: Annual}, {Annual: dec("-1.99"), Compounding: SemiAnnual},
			{Annual: dec("-1000"), Compounding: Continuous}, {Annual: dec("1000"), Compounding: Daily}, {Annual: dec("1e-100")}} {
			require.NoError(t, r.Validate(), "%v", r)
		}
	})
	t.Run("tiny factor rounds to zero, its inverse does not", func(t *testing.T) {
		r := Rate{Annual: dec("-0.99"), Compounding: Annual, DayCount: Thirty360US}
		g, err := r.Growth(Date(2000, 1, 1), Date(2030, 1, 1))
		require.NoError(t, err)
		require.True(t, g.IsZero())
		dsc, err := r.Discount(Date(2000, 1, 1), Date(2030, 1, 1))
		require.NoError(t, err)
		require.Equal(t, "1"+strings.Repeat("0", 60), dsc.String())
	})
}

// flatten returns the errors joined in err, or err itself.
func flatten(err error) []error {
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		var out []error
		for _, e := range j.Unwrap() {
			out = append(out, flatten(e)...)
		}
		return out
	}
	return []error{err}
}

func TestRate_Key(t *testing.T) {
	tests := []struct {
		name string
		rate Rate
		key  string
		str  string
	}{
		{"zero", Rate{}, "0 simple ACT/365F", "0% simple ACT/365F"},
		{"trailing zeros", Rate{Annual: dec("0.0800"), Compounding: Annual}, "0.08 annual ACT/365F", "8% annual ACT/365F"},
		{"negative", Rate{Annual: dec("-0.015"), Compounding: Continuous, DayCount: ACTACTISDA}, "-0.015 continuous ACT/ACT ISDA", "-1.5% continuous ACT/ACT ISDA"},
		{"integer", Rate{Annual: dec("2.000"), Compounding: Daily, DayCount: Thirty360US}, "2 daily 30/360 US", "200% daily 30/360 US"},
		{"tiny", Rate{Annual: dec("1e-12"), Compounding: Monthly, DayCount: Thirty360E}, "0.000000000001 monthly 30E/360", "0.0000000001% monthly 30E/360"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			require.Equal(t, tt.key, tt.rate.Key())
			require.Equal(t, tt.str, tt.rate.String())
		})
	}
	require.Equal(t, Rate{Annual: dec("0.08")}.Key(), Rate{Annual: dec("0.080")}.Key())
	require.NotEqual(t, Rate{Annual: dec("0.08")}.Key(), Rate{Annual: dec("0.08"), Compounding: Annual}.Key())
}

func TestCompounding_text(t *testing.T) {
	names := []string{"simple", "annual", "semiannual", "quarterly", "monthly", "daily", "continuous"}
	perYear := []int{0, 1, 2, 4, 12, 365, 0}
	for i, name := range names {
		t.Run(name, func(t *testing.T) {
			c := Compounding(i)
			require.True(t, c.Valid())
			require.Equal(t, name, c.String())
			require.Equal(t, perYear[i], c.PerYear())
			got, err := ParseCompounding(name)
			require.NoError(t, err)
			require.Equal(t, c, got)
			b, err := json.Marshal(c)
			require.NoError(t, err)
			require.Equal(t, `"`+name+`"`, string(b))
			var back Compounding
			require.NoError(t, json.Unmarshal(b, &back))
			require.Equal(t, c, back)
		})
	}
	t.Run("bad", func(t *testing.T) {
		_, err := ParseCompounding("Annual")
		require.ErrorIs(t, err, ErrInvalid)
		require.False(t, Compounding(8).Valid())
		require.Equal(t, 0, Compounding(8).PerYear())
		require.Equal(t, "Compounding(8)", Compounding(8).String())
		_, err = Compounding(8).MarshalText()
		require.ErrorIs(t, err, ErrInvalid)
		// A name that fails leaves the value as it was.
		c := Quarterly
		require.ErrorIs(t, c.UnmarshalText([]byte("Annual")), ErrInvalid)
		require.Equal(t, Quarterly, c)
	})
	t.Run("rate json", func(t *testing.T) {
		var r Rate
		require.NoError(t, json.Unmarshal([]byte(`{"Annual":"0.08","Compounding":"quarterly","DayCount":"ACT/360"}`), &r))
		require.Equal(t, "0.08 quarterly ACT/360", r.Key())
	})
}
