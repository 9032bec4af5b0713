package contract

import (
	"math"

	"github.com/shopspring/decimal"
)

// lot is a FIFO layer of make-up credits or carry-forward, its numbers
// in a statement's arithmetic N.
type lot[N any] struct {
	qty      N
	prepaid  N   // money per unit paid in advance (credits only)
	last     int // last measurement in which the lot is usable
	lastYear int // last contract year in which the lot is usable
}

// topLot is a lot in decimals.
type topLot = lot[decimal.Decimal]

// forever is the last measurement or contract year of a lot that lasts
// until the end of the term.
const forever = math.MaxInt

// takeLots removes up to want from the lots, oldest first, calling f for
// each layer used, and returns what it took and the remaining lots.
func takeLots[N any](ar numArith[N], lots []lot[N], want N, f func(l lot[N], q N)) (N, []lot[N]) {
	got := ar.from(decimal.Zero)
	for len(lots) > 0 && ar.sign(want) > 0 {
		q := minOf(ar, lots[0].qty, want)
		if f != nil {
			f(lots[0], q)
		}
		got, want = ar.add(got, q), ar.sub(want, q)
		lots[0].qty = ar.sub(lots[0].qty, q)
		if ar.sign(lots[0].qty) == 0 {
			lots = lots[1:]
		}
	}
	return got, lots
}

// expireLots drops the lots usable no later than measurement m, or, when
// the contract year y closes (yearEnds), no later than y (all lots when
// all is set), and returns their quantity and the rest.
func expireLots[N any](ar numArith[N], lots []lot[N], m, y int, yearEnds, all bool) (N, []lot[N]) {
	gone := ar.from(decimal.Zero)
	var keep []lot[N]
	for _, l := range lots {
		if all || l.last <= m || (yearEnds && l.lastYear <= y) {
			gone = ar.add(gone, l.qty)
		} else {
			keep = keepLot(keep, lots, l)
		}
	}
	return gone, keep
}

// keepLot appends l to keep, the lots kept so far from lots, in lots' own
// array: lots is filtered in place (each lot is read before a kept one is
// written over it), as the statement drops the lots it had once filtered.
func keepLot[N any](keep, lots []lot[N], l lot[N]) []lot[N] {
	if keep == nil {
		keep = lots[:0]
	}
	return append(keep, l)
}

// balanceOf is the lots' total quantity as a decimal: decimal.Zero plus
// each lot's.
func balanceOf[N any](ar numArith[N], lots []lot[N]) decimal.Decimal {
	if ls, ok := any(lots).([]topLot); ok {
		return lotsBalance(ls)
	}
	b := ar.from(decimal.Zero)
	for _, l := range lots {
		b = ar.add(b, l.qty)
	}
	return ar.dec(b)
}

// lotsBalance is the lots' total quantity, decimal.Zero plus each lot's.
// Lots of one exponent (at most Zero's) and small coefficients are added
// up in int64: the same decimal, made once rather than once a lot.
func lotsBalance(lots []topLot) decimal.Decimal {
	if len(lots) > 0 {
		e := lots[0].qty.Exponent()
		sum, ok := int64(0), e <= decimal.Zero.Exponent()
		for _, l := range lots {
			if !ok {
				break
			}
			ok = l.qty.Exponent() == e && l.qty.NumDigits() <= 17
			sum += l.qty.CoefficientInt64() // |sum| < 2^63 while each is below 10^17 and lots are few
		}
		if ok && len(lots) < 64 {
			return decimal.New(sum, e)
		}
	}
	b := decimal.Zero
	for _, l := range lots {
		b = b.Add(l.qty)
	}
	return b
}
