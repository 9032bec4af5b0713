package source

import (
	"github.com/jvwaterfall/jvwaterfall/internal/exact"
	"github.com/shopspring/decimal"
)

// The sources are [waterfall.UnitSource]s: CashUnits gives Cash's
// amounts in minor units, so that a run adds integers and makes a line's
// decimals only when a report reads them.

// unitsOf returns ds in minor units of scale, nil when every amount is
// zero; ok is false when one is not whole at scale or does not fit an
// int64. A run of copies of one decimal is worked out once.
func unitsOf(ds []decimal.Decimal, scale int32) ([]int64, bool) {
	var out []int64
	prev, u := decimal.Zero, int64(0)
	for i, d := range ds {
		if d != prev { // not a copy of the last decimal: its number
			var ok bool
			if u, ok = exact.Units(d, scale); !ok {
				return nil, false
			}
			prev = d
		}
		if u != 0 {
			if out == nil {
				out = make([]int64, len(ds))
			}
			out[i] = u
		}
	}
	return out, true
}

// put sets (*s)[i] to d in minor units of scale, making *s, n long, for
// its first amount that is not zero; false when d is not whole at scale
// or does not fit an int64.
func put(s *[]int64, n, i int, d decimal.Decimal, scale int32) bool {
	u, ok := exact.Units(d, scale)
	if ok && u != 0 {
		if *s == nil {
			*s = make([]int64, n)
		}
		(*s)[i] = u
	}
	return ok
}
