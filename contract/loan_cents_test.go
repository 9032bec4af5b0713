package contract_test

import (
	"math/big"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/jvwaterfall/jvwaterfall/contract"
	"github.com/shopspring/decimal"
)

// TestLoan_PIKAfterLateDraw: the PIK election counts payment periods from
// the first draw, not from the schedule's start. 100,000.05 is drawn at
// the end of year 2 of five yearly periods on 30/360 (each year's factor
// is the rate), at 10% cash and 2% PIK, with the first payment period's
// interest all capitalised (PIKPeriods 1) and a 1% upfront fee:
//   - year 2 (the draw): the upfront fee, 1% × 100,000.05 = 1,000.0005 →
//     1,000.00; no interest;
//   - year 3 (PIK election): cash 10,000.005 and PIK 2,000.001, all
//     capitalised: 10,000.005 is an exact half cent, rounded half away
//     from zero to 10,000.01 (banker's rounding would give 10,000.00), and
//     2,000.00: PIK 12,000.01, closing 112,000.06;
//   - year 4 (maturity): cash 11,200.006 → 11,200.01, PIK 2,240.0012 →
//     2,240.00, and 114,240.06 repaid.
func TestLoan_PIKAfterLateDraw(t *testing.T) {
	ps := firstOfMonths(t, contract.Date(2024, 1, 1), 5, contract.EveryYear)
	l := contract.Loan{
		Commitment: dec("100000.05"),
		Draws:      []contract.Flow{{Date: ps[2].End, Amount: dec("100000.05")}},
		Rate:       contract.Rate{Annual: dec("0.10"), DayCount: contract.Thirty360US},
		PIKRate:    dec("0.02"), PIKPeriods: 1, UpfrontFee: dec("0.01"),
	}
	rows, err := l.Schedule(ps, 2)
	if err != nil {
		t.Fatal(err)
	}
	type row struct{ Opening, Interest, PIK, Principal, Fee, Closing string }
	want := []row{
		{"0.00", "0.00", "0.00", "0.00", "0.00", "0.00"},
		{"0.00", "0.00", "0.00", "0.00", "0.00", "0.00"},
		{"0.00", "0.00", "0.00", "0.00", "1000.00", "100000.05"},
		{"100000.05", "0.00", "12000.01", "0.00", "0.00", "112000.06"},
		{"112000.06", "11200.01", "2240.00", "114240.06", "0.00", "0.00"},
	}
	got := make([]row, len(rows))
	for i, r := range rows {
		got[i] = row{r.Opening.StringFixed(2), r.Interest.StringFixed(2), r.PIK.StringFixed(2), r.Principal.StringFixed(2),
			r.UpfrontFee.StringFixed(2), r.Closing.StringFixed(2)}
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Schedule() mismatch (-want +got):\n%s", diff)
	}
}

// TestAnnuity_Paths checks each way Annuity works the level payment out
// against the closed form P = B·i·(1+i)^n / ((1+i)^n − 1) in exact
// rationals, rounded half up to the cent (ratAnnuity):
//   - an exact half cent: 1,000.0025 over one period at 100% is
//     1,000.0025 × 2 = 2,000.005, rounded half away from zero to 2,000.01
//     (banker's rounding would give 2,000.00);
//   - (1+i)^n beyond 10^200: 1.5^1200 ≈ 10^211, so P = B·i + B·i/(g − 1)
//     is 1,000.05 × 0.5 = 500.025 and a little more: 500.03;
//   - (1+i)^n that rounds to 1 at AnnuityPlaces: i = 10^-50 over 3
//     periods, P = B/3 and a little more, 100.01/3 = 33.3366… → 33.34.
func TestAnnuity_Paths(t *testing.T) {
	for _, tc := range []struct {
		b, i string
		n    int
		want string
	}{
		{"1000.0025", "1", 1, "2000.01"},
		{"1000.05", "0.5", 1200, "500.03"},
		{"100.01", "1e-50", 3, "33.34"},
	} {
		want := ratAnnuity(tc.b, tc.i, tc.n)
		if !want.Equal(dec(tc.want)) {
			t.Fatalf("closed form for %s at %s over %d is %s, worked by hand %s", tc.b, tc.i, tc.n, want, tc.want)
		}
		i, _ := new(big.Rat).SetString(tc.i)
		got := contract.Annuity(dec(tc.b), decimal.NewFromBigRat(i, 60), tc.n, 2)
		if !got.Equal(want) || got.Exponent() != -2 {
			t.Errorf("Annuity(%s, %s, %d) = %s, want %s", tc.b, tc.i, tc.n, got, want)
		}
	}
}

// TestAnnuity_KeepsAnnuityPlaces: the payment is worked to AnnuityPlaces
// (40) places, then rounded to the minor unit. Over one period at 100%
// the payment is exactly 2B, so a balance with more places than that puts
// the payment just below a half cent: 6·10^-41 below it rounds down at 40
// places (to 0.005 − 10^-40, so 0.00), 6·10^-42 below it rounds up (to
// 0.005, so 0.01). The expected figures are the exact 2B rounded to 40
// places and then to the cent, half away from zero.
func TestAnnuity_KeepsAnnuityPlaces(t *testing.T) {
	for _, tc := range []struct {
		below string // how far below half a cent the payment is
		want  string
	}{
		{"6e-41", "0.00"},
		{"6e-42", "0.01"},
	} {
		half, _ := new(big.Rat).SetString("0.005")
		d, _ := new(big.Rat).SetString(tc.below)
		p := new(big.Rat).Sub(half, d) // the exact payment 2B
		b := new(big.Rat).Quo(p, big.NewRat(2, 1))
		// p rounded half up at 40 places, then at 2.
		at40 := ratRoundHalfUp(p, 40)
		want := decimal.NewFromBigRat(ratRoundHalfUp(at40, 2), 2)
		if want.StringFixed(2) != tc.want {
			t.Fatalf("rounding %s twice gives %s, worked by hand %s", p.FloatString(45), want, tc.want)
		}
		got := contract.Annuity(decimal.NewFromBigRat(b, 50), dec("1"), 1, 2)
		if !got.Equal(want) {
			t.Errorf("Annuity(%s, 1, 1) = %s, want %s", b.FloatString(45), got, want)
		}
	}
}

// ratRoundHalfUp rounds a non-negative x half up to places decimals.
func ratRoundHalfUp(x *big.Rat, places int) *big.Rat {
	scale := new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(places)), nil)
	y := new(big.Rat).Mul(x, new(big.Rat).SetInt(scale))
	y.Add(y, big.NewRat(1, 2))
	q := new(big.Int).Quo(y.Num(), y.Denom())
	return new(big.Rat).SetFrac(q, scale)
}

// TestAnnuity_StepwisePowers follows Annuity's documented procedure —
// (1+i)^n by squaring, each product rounded half up to AnnuityPlaces (40)
// places, a power beyond 10^200 counted as infinite, the payment
// B·i·g/(g − 1) to 40 places and then to the cent — on balances large (or
// small) enough that a rounding of the power shows in the cents. The
// expected figures were worked with Python's decimal module (a second
// implementation, 2,000 digits, ROUND_HALF_UP). Exact closed forms differ
// here ((1+i)^n to 40 places carries ~40 significant digits: a balance of
// 10^40 is not cent-exact); at money balances the two agree (TestAnnuity).
//   - i = 10^100 − 1 over 2 periods: g = 10^200 exactly, not beyond the
//     bound; P = 0.005·10^100/(10^100 + 1) = 0.005 − 5·10^-103 + …, 0.005
//     at 40 places, 0.01;
//   - i = 1.5 over 41 periods: 2.5^41 has 41 decimals ending in 5, a
//     tie at 40 places, rounded up.
func TestAnnuity_StepwisePowers(t *testing.T) {
	for _, tc := range []struct {
		b, i string
		n    int
		want string
	}{
		{"5e-103", "9999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999", 2, "0.01"},
		{"1e40", "0.123456789012345678901", 2, "5943870218169021960908686413764678660024.29"},
		{"1e40", "0.123456789012345678901", 3, "4188243668717681146926833693165324102087.49"},
		{"1e40", "0.123456789012345678901", 12, "1640309221906243033585063725982578504838.98"},
		{"1e40", "0.05", 41, "578222923516761731335883544073744049575.51"},
		{"1e80", "1.5", 41, "150000000000000007253554917687775398997448959416717330616181724398308936084073056.12"},
	} {
		if got := contract.Annuity(dec(tc.b), dec(tc.i), tc.n, 2); !got.Equal(dec(tc.want)) {
			t.Errorf("Annuity(%s, %s, %d) = %s, want %s", tc.b, tc.i, tc.n, got, tc.want)
		}
	}
}
