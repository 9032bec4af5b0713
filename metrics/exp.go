package metrics

import (
	"math"
	"math/big"

	"github.com/shopspring/decimal"
)

// expRound returns e^y rounded to places decimal places, with an error
// below 10^−places. Its work is bounded by the digits it must produce:
// y is reduced to r = y/2^s with |r| < 2^−m, e^r is summed from its Taylor
// series at a fixed binary precision, and the sum is squared s times, so
// the cost is about √p + log2|y| multiplications of p-bit numbers, where
// p is the precision the result needs (its integer digits plus places, in
// bits). decimal.ExpTaylor, which this replaces, keeps every power of y
// exact: their digits grow with each term, and e^690 at 330 places takes
// minutes (issue 17).
func expRound(y decimal.Decimal, places int32) decimal.Decimal {
	if y.IsZero() {
		return decimal.New(1, 0)
	}
	yf := approxFloat(y)
	// e^y has at most intDigits digits before the point; the result needs
	// about intDigits+places+2 significant digits.
	intDigits := max(0, int(math.Ceil(yf/math.Ln10))+1)
	s := 0 // halvings that bring |y| below 1
	if a := math.Abs(yf); a >= 1 {
		_, e := math.Frexp(a) // a < 2^e
		s = e
	}
	target := uint(float64(intDigits+int(places)+3)*math.Log2(10)) + 1
	m := int(math.Sqrt(float64(target))) + 1 // |r| < 2^−m: about target/m Taylor terms
	s += m
	// Each squaring doubles the relative error of what it squares; the
	// conversion of y loses about log2|y| bits; the Taylor sum a few.
	prec := target + uint(s) + 32 + uint(max(0, int(math.Log2(math.Abs(yf)+1))))

	r := decimalToFloat(y, prec)
	r.SetMantExp(r, -s)
	sum := new(big.Float).SetPrec(prec).SetInt64(1)
	term := new(big.Float).SetPrec(prec).SetInt64(1)
	k := new(big.Float).SetPrec(prec)
	for i := int64(1); ; i++ {
		term.Mul(term, r)
		term.Quo(term, k.SetInt64(i))
		if term.Sign() == 0 || term.MantExp(nil) < -int(prec)-2 {
			break
		}
		sum.Add(sum, term)
	}
	for range s {
		sum.Mul(sum, sum)
	}
	return floatToDecimal(sum, places)
}

// decimalToFloat returns d as a big.Float of precision prec, rounded once.
func decimalToFloat(d decimal.Decimal, prec uint) *big.Float {
	f, _, err := big.ParseFloat(d.String(), 10, prec, big.ToNearestEven)
	if err != nil { // unreachable: a decimal's String is a valid number
		return new(big.Float).SetPrec(prec)
	}
	return f
}

// floatToDecimal returns f rounded half away from zero to places >= 0
// decimal places, with f's own relative error: it scales f by 10^places
// and takes the nearest integer, which is linear in f's precision where
// f.Text('f', places) is quadratic.
func floatToDecimal(f *big.Float, places int32) decimal.Decimal {
	p := new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(places)), nil)
	x := new(big.Float).SetPrec(f.Prec()).SetInt(p)
	x.Mul(x, f)
	half := new(big.Float).SetFloat64(0.5)
	if x.Sign() < 0 {
		half.Neg(half)
	}
	x.Add(x, half)
	n, _ := x.Int(nil) // truncates toward zero
	return decimal.NewFromBigInt(n, -places)
}

// approxFloat returns d as a float64 to about 15 significant digits, for
// any number of digits and any exponent (±Inf or 0 beyond the float64
// range). decimal's own conversion is exact, through a big.Rat and a GCD,
// which at thousands of digits costs more than a discount factor.
func approxFloat(d decimal.Decimal) float64 {
	c := d.Coefficient()
	if c.BitLen() <= 53 && d.Exponent() >= -22 && d.Exponent() <= 22 {
		return decimalFloat(d)
	}
	sign := float64(c.Sign())
	if sign == 0 {
		return 0
	}
	c.Abs(c)
	sh := max(0, c.BitLen()-63)
	c.Rsh(c, uint(sh))
	lg := math.Log(float64(c.Uint64())) + float64(sh)*math.Ln2 + float64(d.Exponent())*math.Ln10
	return sign * math.Exp(lg)
}
