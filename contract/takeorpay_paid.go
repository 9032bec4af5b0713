package contract

import (
	"fmt"

	"github.com/jvwaterfall/jvwaterfall/internal/exact"
	"github.com/shopspring/decimal"
)

// topPaid is topRows in [smallArith] without rows: what is paid in each
// period, the same decimals, value and exponent, worked out with direct
// calls rather than through numArith, for [TakeOrPay.Paid] and
// [TakeOrPay.PaidUnits]. It follows
// topRows step for step, each year's price worked out from its factor
// as [TakeOrPay.pricesOf] does, and reports false, and nothing else, when
// an operation did not fit; Paid then asks topRows in decimals.
//
// Each period's amount goes to emit (a period outside the term has none:
// zero); emit returns false to stop, and topPaid then reports false.
func topPaid(s *smallArith, t TakeOrPay, tt topTerms, periods []Period, usage []decimal.Decimal, scale int32, emit func(i int, paid small) bool) bool {
	l := tt.l
	share, limit, termPay, unit := s.from(t.ShortfallShare), s.from(t.MakeUp.Cap), s.from(tt.termPay), s.from(t.Price)
	capped, granted := t.MakeUp.Cap.Sign() > 0, t.MakeUp.granted()
	var credits, carried []lot[small]
	var usedLots []lot[small] // the credits used in a period: the quantity used and its prepaid price
	m := 0                    // index of the current measurement period
	var takenInMeas, usedInMeas small
	var price small            // the unit price of the period's contract year
	var minDec decimal.Decimal // the last measurement's minimum (the zero Decimal before the first) …
	var minimum small          // … as a small
	for i := range periods {
		if !l.inTerm[i] {
			continue // paidOut[i] is decimal.Zero, the zero Decimal
		}
		y := l.year[i]
		if i == 0 || y != l.year[i-1] || !l.inTerm[i-1] {
			price = s.mulRound(unit, s.from(tt.factors[y]), PricePlaces) // exact.MulRound(t.Price, factor, PricePlaces)
		}
		taken := s.from(usage[i])
		if d := l.min[l.meas[i]]; d != minDec { // a copy of one decimal has its number
			minDec, minimum = d, s.from(d)
		}

		excess := s.sub(s.above(s.add(takenInMeas, taken), minimum), s.above(takenInMeas, minimum))
		want := excess
		if capped {
			want = s.least(want, s.positive(s.sub(limit, usedInMeas)))
		}
		usedLots = usedLots[:0]
		var used small
		used, credits = s.takeLots(credits, want, &usedLots)
		usedInMeas = s.add(usedInMeas, used)
		if rest := s.sub(excess, used); t.CarryForward.Window > 0 && rest.c > 0 {
			carried = append(carried, lot[small]{qty: rest, last: m + t.CarryForward.Window, lastYear: forever})
		}
		takeCharge := s.mulRound(s.sub(taken, used), price, scale)
		billed := s.add(takeCharge, s.creditCharge(usedLots, price, scale))
		takenInMeas = s.add(takenInMeas, taken)

		var shortPay, termination small
		if l.closes[i] {
			gross := s.positive(s.sub(minimum, takenInMeas))
			var carriedUsed small
			carriedUsed, carried = s.takeLots(carried, gross, nil)
			shortfall := s.sub(gross, carriedUsed)
			prepaid := s.mulValue(price, share)
			shortPay = s.mulRound(shortfall, prepaid, scale)
			if granted && shortfall.c > 0 {
				credits = append(credits, creditLot(t.MakeUp, shortfall, prepaid, m, y))
			}
			credits = s.expireLots(credits, m, y, l.yearEnds[i], l.final[i])
			carried = s.expireLots(carried, m, y, l.yearEnds[i], l.final[i])
			m++
			takenInMeas, usedInMeas = small{}, small{}
		}
		if i == tt.termAt {
			termination = termPay
		}
		if !emit(i, s.add(s.add(billed, shortPay), termination)) {
			return false
		}
	}
	return !s.over
}

// unitsOf is x in minor units of scale: its coefficient at exponent
// −scale, when that is a whole number and fits an int64.
func unitsOf(x small, scale int32) (int64, bool) { return exact.CoefUnits(x.c, x.e, scale) }

// above is max(0, x − minimum), as topRows' over: zero, of exponent 0,
// unless the difference is above it.
func (s *smallArith) above(x, minimum small) small { return s.positive(s.sub(x, minimum)) }

// positive is maxOf(zero, x): x when it is above zero, else the zero of
// exponent 0.
func (s *smallArith) positive(x small) small {
	if x.c > 0 {
		return x
	}
	return small{}
}

// least is minOf(a, b): b only when it is less.
func (s *smallArith) least(a, b small) small {
	if s.cmp(b, a) < 0 {
		return b
	}
	return a
}

// takeLots is takeLots in int64 with direct calls: it removes up to want
// from the lots, oldest first, and returns what it took and the remaining
// lots; when used is not nil, it appends to *used each layer taken (the
// quantity taken and its prepaid price).
func (s *smallArith) takeLots(lots []lot[small], want small, used *[]lot[small]) (small, []lot[small]) {
	var got small
	for len(lots) > 0 && want.c > 0 {
		q := s.least(lots[0].qty, want)
		if used != nil {
			*used = append(*used, lot[small]{qty: q, prepaid: lots[0].prepaid})
		}
		got, want = s.add(got, q), s.sub(want, q)
		lots[0].qty = s.sub(lots[0].qty, q)
		if lots[0].qty.c == 0 {
			lots = lots[1:]
		}
	}
	return got, lots
}

// expireLots is expireLots without the quantity expired, which Paid does
// not read: it drops the lots usable no later than measurement m, or, when
// the contract year y closes, no later than y (all lots when all is set),
// filtering lots in place.
func (s *smallArith) expireLots(lots []lot[small], m, y int, yearEnds, all bool) []lot[small] {
	var keep []lot[small]
	for _, l := range lots {
		if !(all || l.last <= m || (yearEnds && l.lastYear <= y)) {
			keep = keepLot(keep, lots, l)
		}
	}
	return keep
}

// paidTerms is statementTerms with the escalation factors of the years of
// the term but not yet their prices, which [topPaid] works out in
// integers.
func (t TakeOrPay) paidTerms(periods []Period, usage []decimal.Decimal, scale int32) (topTerms, error) {
	if err := t.Validate(); err != nil {
		return topTerms{}, err
	}
	if err := t.checkInputs(periods, usage, scale); err != nil {
		return topTerms{}, err
	}
	end := t.End
	if !t.Termination.Date.IsZero() {
		end = t.Termination.Date
	}
	l := t.topLayout(periods, end)
	termPay, termAt, err := t.terminationPayment(periods, l, scale)
	if err != nil {
		return topTerms{}, err
	}
	for i, q := range usage {
		if !l.inTerm[i] && q.Sign() != 0 {
			return topTerms{}, Field(fmt.Sprintf("usage[%d]", i), fmt.Errorf("%s taken outside the term: %w", q, ErrRange))
		}
	}
	// The factor by contract year, for the years of the term: the years
	// never fall from period to period, so the last period in the term
	// has the last.
	var factors []decimal.Decimal
	for i := len(periods) - 1; i >= 0; i-- {
		if l.inTerm[i] {
			factors = make([]decimal.Decimal, l.year[i]+1)
			break
		}
	}
	esc := newEscalator(t.Escalation)
	for i := range periods {
		if l.newYear(i) {
			f, err := esc.factor(l.year[i])
			if err != nil {
				return topTerms{}, Prefix("escalation", err)
			}
			factors[l.year[i]] = f
		}
	}
	return topTerms{l: l, factors: factors, termPay: termPay, termAt: termAt}, nil
}

// newYear reports whether period i is the first in the term of its
// contract year (the years never fall from period to period).
func (l topLayout) newYear(i int) bool {
	return l.inTerm[i] && (i == 0 || !l.inTerm[i-1] || l.year[i-1] != l.year[i])
}

// pricesOf is the unit price of each contract year of the term laid out
// in l, at [PricePlaces], from its escalation factor; the zero Decimal for
// a year with no period in the term.
func (t TakeOrPay) pricesOf(l topLayout, factors []decimal.Decimal) []decimal.Decimal {
	if len(factors) == 0 {
		return nil
	}
	prices := make([]decimal.Decimal, len(factors))
	for i := range l.inTerm {
		if l.newYear(i) {
			prices[l.year[i]] = exact.MulRound(t.Price, factors[l.year[i]], PricePlaces)
		}
	}
	return prices
}
