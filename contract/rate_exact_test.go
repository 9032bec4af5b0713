package contract

import (
	"errors"
	"math/big"
	"testing"

	"github.com/shopspring/decimal"
)

// TestRate_GrowthExactPowerTie: 25% compounded semiannually over 3½
// years on 30/360 is (1 + 0.25/2)^7 = 1.125^7 = 9^7/8^7 = 4,782,969/2,097,152 =
// 2.280697345733642578125 exactly, 21 places ending in 5: an exact tie,
// rounded half away from zero to 2.28069734573364257813 (banker's
// rounding, and exp(7·ln 1.125) worked in decimals, give …812). The
// discount is 1/1.125^7 = 0.438462… to 20 places, half away from zero.
func TestRate_GrowthExactPowerTie(t *testing.T) {
	r := Rate{Annual: decimal.RequireFromString("0.25"), Compounding: SemiAnnual, DayCount: Thirty360US}
	from, to := Date(2020, 1, 1), Date(2023, 7, 1)
	g, err := r.Growth(from, to)
	if err != nil {
		t.Fatal(err)
	}
	if got := g.String(); got != "2.28069734573364257813" {
		t.Errorf("Growth = %s, want 2.28069734573364257813", got)
	}
	d, err := r.Discount(from, to)
	if err != nil {
		t.Fatal(err)
	}
	want := ratHalfUp(big.NewRat(2097152, 4782969), GrowthPlaces)
	if got := d.String(); got != want {
		t.Errorf("Discount = %s, want %s", got, want)
	}
}

// ratHalfUp is x > 0 rounded half up to places decimals, as a string.
func ratHalfUp(x *big.Rat, places int) string {
	scale := new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(places)), nil)
	y := new(big.Rat).Mul(x, new(big.Rat).SetInt(scale))
	y.Add(y, big.NewRat(1, 2))
	return decimal.NewFromBigInt(new(big.Int).Quo(y.Num(), y.Denom()), -int32(places)).String()
}

// TestRate_GrowthJustInsideTheBound: g = e^6.25 cut to 20 places
// (518.01282466834202593968, a little below e^6.25) compounded annually
// over 160 years grows by g^160, whose logarithm is a little below
// 6.25 × 160 = 1000: in range, and exactly g^160 rounded to 20 places.
// Its logarithm worked to 21 places is 6.25, so the bound is met
// exactly in the figures Growth works with.
func TestRate_GrowthJustInsideTheBound(t *testing.T) {
	e, err := decimal.NewFromInt(625).Shift(-2).ExpTaylor(40)
	if err != nil {
		t.Fatal(err)
	}
	g := e.Truncate(20)
	if g.String() != "518.01282466834202593968" {
		t.Fatalf("e^6.25 cut to 20 places = %s", g)
	}
	r := Rate{Annual: g.Sub(one), Compounding: Annual, DayCount: Thirty360US}
	got, err := r.Growth(Date(2000, 1, 1), Date(2160, 1, 1))
	if err != nil {
		t.Fatal(err)
	}
	exact := new(big.Rat).SetFrac(new(big.Int).Exp(g.Coefficient(), big.NewInt(160), nil),
		new(big.Int).Exp(big.NewInt(10), big.NewInt(20*160), nil))
	if want := ratHalfUp(exact, GrowthPlaces); got.String() != want {
		t.Errorf("Growth = %s, want %s", got, want)
	}
}

// TestRate_GrowthBeyondBoundNegative: −150% compounded semiannually is
// a factor 1 − 1.5/2 = 0.25 a half year: over 361 years (722 halves on
// 30/360) ln g = 722 × ln 0.25 = −1000.9, beyond the bound; over 360
// years it is −998.1, in range (0.25^720 ≈ 10^-433, 0 at 20 places).
func TestRate_GrowthBeyondBoundNegative(t *testing.T) {
	r := Rate{Annual: decimal.RequireFromString("-1.5"), Compounding: SemiAnnual, DayCount: Thirty360US}
	if _, err := r.Growth(Date(2000, 1, 1), Date(2361, 1, 1)); !errors.Is(err, ErrRange) {
		t.Errorf("Growth over 361 years: %v, want ErrRange", err)
	}
	g, err := r.Growth(Date(2000, 1, 1), Date(2360, 1, 1))
	if err != nil || !g.IsZero() {
		t.Errorf("Growth over 360 years = %s, %v; want 0", g, err)
	}
}

// TestRate_GrowthGeneralPathBound: monthly compounding over 36,501 days
// on ACT/365F (1,200.03 compounding periods, not whole: the exp-of-ln
// path) at rates chosen (with Python's decimal module, 60 digits) so that
// ln g = 12 × 36501/365 × ln(1 + a/12) is 999.99999 (in range: a factor)
// and 1000.0003 (beyond e^1000: ErrRange).
func TestRate_GrowthGeneralPathBound(t *testing.T) {
	from := Date(2000, 1, 1)
	to := from.AddDate(0, 0, 36501)
	in := Rate{Annual: decimal.RequireFromString("15.611080080741025272079304582645"), Compounding: Monthly}
	g, err := in.Growth(from, to)
	if err != nil {
		t.Fatalf("ln g = 999.99999: %v", err)
	}
	ln, err := g.Ln(10)
	if err != nil {
		t.Fatal(err)
	}
	if d := ln.Sub(decimal.RequireFromString("999.99999")).Abs(); d.GreaterThan(decimal.New(1, -8)) {
		t.Errorf("ln Growth = %s, want 999.99999", ln)
	}
	out := Rate{Annual: decimal.RequireFromString("15.611087213408885208596595621342"), Compounding: Monthly}
	if _, err := out.Growth(from, to); !errors.Is(err, ErrRange) {
		t.Errorf("ln g = 1000.0003: %v, want ErrRange", err)
	}
}

// TestRate_ContinuousDigits: continuous growth at a rate x over 365 days
// on ACT/365F is e^x; every digit to 20 places is checked against e^x
// worked by Python's decimal module at 800 digits, rounded half up.
// e^1000 has 434 digits before the point, so the working precision of
// exp (and of its ln 2) must carry about 455 digits.
func TestRate_ContinuousDigits(t *testing.T) {
	for _, tc := range []struct{ x, want string }{
		{"1000", "197007111401704699388887935224332312531693798532384578995280299138506385078244119347497807656302688993096381798752022693598298173054461289923262783660152825232320535169584566756192271567602788071422466826314006855168508653497941660316045367817938092905299728580132869945856470286534375900456564355589156220422320260518826112288638358372248724725214506150418881937494100871264232248436315760560377439930623959705844189509050047074217568.22675780833081020707"},
		{"-1000", "0"},
		{"777.7", "56340224884512366125344954134552825831758412882489652831786687872598704565382716150761380617880514417286801628998419139338425257625344730275359116205636711772095744547576620885064931723232657374397224657644181023375853572254958801194388653190568904594265952372798195944776962842066513486885847038494557665419293035727174612693453013780446.60561036432070809867"},
		{"100", "26881171418161354484126255515800135873611118.77374192241519160862"},
		{"-100", "0"},
		{"3.7", "40.44730436006739052889"},
		{"-0.3", "0.74081822068171786607"},
	} {
		g, err := Rate{Annual: decimal.RequireFromString(tc.x), Compounding: Continuous}.Growth(Date(2025, 1, 1), Date(2026, 1, 1))
		if err != nil {
			t.Fatal(err)
		}
		if !g.Equal(decimal.RequireFromString(tc.want)) {
			t.Errorf("e^%s = %s, want %s", tc.x, g, tc.want)
		}
	}
}

// TestRate_MonthlyDigits: monthly compounding over a number of days that
// is not whole months (ACT/365F) goes the exp-of-ln way; every digit to
// 20 places is checked against exp(12·t·ln(1 + a/12)) worked by Python's
// decimal module at 800 digits, rounded half up.
func TestRate_MonthlyDigits(t *testing.T) {
	from := Date(2000, 1, 1)
	for _, tc := range []struct {
		a    string
		days int
		want string
	}{
		{"15.611080080741025272079304582645", 36501, "197005141340441005077542800493711167360028887699585964685364098831190221380625965071532424577039766554624434379925491222460828523085504758652059531936426969091475700084449813979909199019925698296142071923578036081561244538928260611508887692429734573490491274639838088838244355577506202614265853898428947269474745453949256799548757294384405090503994891509087652687742577232306345600129914588713758161777303251263735700166785799924868704.07523118946001192434"},
		{"0.05", 100, "1.01376403435511425141"},
		{"3.5", 36501, "24221264298072242514354112248406973586105898675132362586852038024790750452114066158631561209779112299063772842931819491700784374756118.81495360132065010488"},
		{"-0.5", 1000, "0.24678933523263699780"},
	} {
		g, err := Rate{Annual: decimal.RequireFromString(tc.a), Compounding: Monthly}.Growth(from, from.AddDate(0, 0, tc.days))
		if err != nil {
			t.Fatal(err)
		}
		if !g.Equal(decimal.RequireFromString(tc.want)) {
			t.Errorf("%s monthly over %d days = %s, want %s", tc.a, tc.days, g, tc.want)
		}
	}
}
