package oracle

import (
	"math/big"
	"sort"
)

// Apportion divides total minor units (not negative) among weights (not
// negative, not all zero when total is not zero) by the largest-remainder
// method, in exact rational arithmetic: each part is the floor of
// total·w_i/Σw, and the units left over go one each to the parts with the
// largest fractional remainders, ties to the lower index. It shares no
// code with internal/alloc.
func Apportion(total int64, weights []*big.Rat) []int64 {
	parts := make([]int64, len(weights))
	sum := new(big.Rat)
	for _, w := range weights {
		sum.Add(sum, w)
	}
	if total == 0 || sum.Sign() == 0 {
		return parts
	}
	type rem struct {
		i int
		r *big.Rat
	}
	rems := make([]rem, len(weights))
	left := total
	for i, w := range weights {
		q := new(big.Rat).Mul(big.NewRat(total, 1), w)
		q.Quo(q, sum)
		fl := new(big.Int).Quo(q.Num(), q.Denom()) // q ≥ 0, so Quo is the floor
		parts[i] = fl.Int64()
		left -= parts[i]
		rems[i] = rem{i, new(big.Rat).Sub(q, new(big.Rat).SetInt(fl))}
	}
	sort.SliceStable(rems, func(a, b int) bool { return rems[a].r.Cmp(rems[b].r) > 0 })
	for k := int64(0); k < left; k++ {
		parts[rems[k].i]++
	}
	return parts
}
