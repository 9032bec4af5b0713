package alloc

import "math/bits"

// A divisor divides unsigned 64-bit integers by d with a multiplication
// and shifts instead of a division instruction (several times slower):
// the round-up method of Granlund and Montgomery, "Division by Invariant
// Integers using Multiplication" (PLDI 1994), Figure 4.1, for N = 64.
// With l = ⌈log2 d⌉ and m = ⌊2^64·(2^l − d)/d⌋ + 1, for every n < 2^64
//
//	t = ⌊m·n / 2^64⌋,  n / d = (t + (n − t) >> min(l, 1)) >> max(l − 1, 0).
//
// A split divides every party's product by the same sum of weights, so
// the divisor is worked out once a split (Splitter keeps the last one).
type divisor struct {
	d      uint64
	m      uint64
	s1, s2 uint8
}

// newDivisor returns the divisor of d > 0.
func newDivisor(d uint64) divisor {
	l := uint(bits.Len64(d - 1)) // ⌈log2 d⌉; 0 for d = 1
	// 2^l − d, which is below d; as uint64 arithmetic wraps, -d is
	// 2^64 − d when l = 64.
	hi := uint64(1)<<l - d
	if l == 64 {
		hi = -d
	}
	q, _ := bits.Div64(hi, 0, d)
	v := divisor{d: d, m: q + 1}
	if l > 0 {
		v.s1, v.s2 = 1, uint8(l-1)
	}
	return v
}

// divmod returns n / d and n % d.
func (v divisor) divmod(n uint64) (q, r uint64) {
	t, _ := bits.Mul64(v.m, n)
	q = (t + (n-t)>>v.s1) >> v.s2
	return q, n - q*v.d
}
