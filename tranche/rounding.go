package tranche

import (
	"fmt"
	"math/bits"

	"github.com/shopspring/decimal"
)

// Rounding is a deal's rounding policy: how the exact amount a tier owes a
// party becomes a whole number of minor units. It applies to the equity
// tiers — [PreferredReturn], [Hurdle] (IRR and multiple) and [CatchUp] —
// and is read from the book ([Book.SetRounding]). Debt, preferred equity,
// reserves and take-or-pay bill what their contracts say, rounded up. The
// zero value is RoundUp. New values are only ever added at the end.
//
// What is rounded, and when: each time a tier is offered cash, the exact
// amount it owes each party is computed (a hurdle balance less what it
// settles, to [AccrualPlaces]; a multiple or a catch-up entitlement as an
// exact decimal) and rounded once, to the minor unit, by the policy:
//
//   - a preferred return owes each party its rounded pref;
//   - a hurdle tier owes the smallest whole amount whose split gives every
//     investor at least its rounded requirement (see [Hurdle]);
//   - a catch-up owes the smallest whole amount whose split gives the
//     sponsor at least its rounded entitlement (see [CatchUp]).
//
// How the rounded amount is split: by largest remainder, ties to the
// party (or share) listed first, as every split of the module (see
// [Split]); a catch-up lists its investors' share before the sponsor's.
// Later tiers and periods see only what was actually paid.
type Rounding uint8

// The rounding policies.
const (
	// RoundUp rounds every amount owed up to the minor unit: the
	// investor-protective convention, under which a paid IRR tier leaves
	// the investor's XIRR at or above the hurdle rate.
	RoundUp Rounding = iota
	// HalfEven rounds every amount owed to the nearest minor unit, ties to
	// the even unit, once per tier amount (the convention of many fund
	// administrators and spreadsheets): a pref of exactly 80,227.7444 is
	// paid 80,227.74, and 1.5 × 1,000,000.03 = 1,500,000.045 is paid
	// 1,500,000.04. An investor may then end up to half a minor unit
	// short of its exact hurdle.
	HalfEven
)

var roundingNames = [...]string{"up", "half-even"}

// String returns the policy's name in the JSON spec: "up" or "half-even".
func (r Rounding) String() string {
	if r.Valid() {
		return roundingNames[r]
	}
	return fmt.Sprintf("Rounding(%d)", uint8(r))
}

// Valid reports whether r is one of the defined policies.
func (r Rounding) Valid() bool { return int(r) < len(roundingNames) }

// SetRounding sets the rounding policy of the tiers that read the book;
// an invalid policy is ignored (the deal's Validate reports it). A new
// book rounds up ([RoundUp]).
func (b *Book) SetRounding(r Rounding) {
	if b != nil && r.Valid() {
		b.rounding = r
	}
}

// Rounding returns the book's rounding policy ([RoundUp] for a nil book).
func (b *Book) Rounding() Rounding {
	if b == nil {
		return RoundUp
	}
	return b.rounding
}

// roundOwed rounds an exact amount owed to whole minor units by the
// book's policy; an amount that rounds to zero or less is nothing owed.
func (b *Book) roundOwed(x decimal.Decimal) decimal.Decimal {
	if x.Sign() <= 0 {
		return decimal.Zero
	}
	if b.rounding == HalfEven {
		return x.RoundBank(b.scale)
	}
	return x.RoundCeil(b.scale)
}

// roundOwedFixed is roundOwed for a balance in fixed point; ok is false
// if the result does not fit in an int64.
func (b *Book) roundOwedFixed(f fixed) (units, bool) {
	if b.rounding != HalfEven {
		return ceilUnitsFixed(f, b.scale)
	}
	if f.neg || f.mag.isZero() {
		return units{}, true
	}
	d := uint64(pow10[AccrualPlaces-b.scale])
	if f.mag.hi >= d {
		return units{}, false
	}
	q, r := bits.Div64(f.mag.hi, f.mag.lo, d)
	if r > d/2 || r == d/2 && q%2 == 1 { // d is even: 10^k, k >= 8
		q++
	}
	if q >= 1<<63 {
		return units{}, false
	}
	return units{n: int64(q)}, true
}
