package contract

// The take-or-pay statement as it was written before it was worked out in
// int64 coefficients (commit 47762fc), entirely in decimals: the
// reference the statement is checked against, value and exponent
// (TestTakeOrPay_Statement_MatchesReference). Only names changed.

import (
	"fmt"
	"math"
	"time"

	"github.com/jvwaterfall/jvwaterfall/internal/exact"
	"github.com/shopspring/decimal"
)

// refSharedDays returns the number of days that (a0, a1] and (b0, b1] share.
func refSharedDays(a0, a1, b0, b1 time.Time) int {
	lo := max(dayNumber(a0), dayNumber(b0))
	hi := min(dayNumber(a1), dayNumber(b1))
	if hi <= lo {
		return 0
	}
	return int(hi - lo)
}

// refLot is a FIFO layer of make-up credits or carry-forward.
type refLot struct {
	qty      decimal.Decimal
	prepaid  decimal.Decimal // money per unit paid in advance (credits only)
	last     int             // last measurement in which the lot is usable
	lastYear int             // last contract year in which the lot is usable
}

// refForever is the last measurement or contract year of a lot that lasts
// until the end of the term.
const refForever = math.MaxInt

// take removes up to want from the lots, oldest first, calling f for each
// layer used, and returns what it took and the remaining lots.
func refTakeLots(lots []refLot, want decimal.Decimal, f func(l refLot, q decimal.Decimal)) (decimal.Decimal, []refLot) {
	got := decimal.Zero
	for len(lots) > 0 && want.Sign() > 0 {
		q := decimal.Min(lots[0].qty, want)
		if f != nil {
			f(lots[0], q)
		}
		got, want = got.Add(q), want.Sub(q)
		lots[0].qty = lots[0].qty.Sub(q)
		if lots[0].qty.Sign() == 0 {
			lots = lots[1:]
		}
	}
	return got, lots
}

// expire drops the lots usable no later than measurement m, or, when
// the contract year y closes (yearEnds), no later than y (all lots when
// all is set), and returns their quantity and the rest.
func refExpireLots(lots []refLot, m, y int, yearEnds, all bool) (decimal.Decimal, []refLot) {
	gone := decimal.Zero
	var keep []refLot
	for _, l := range lots {
		if all || l.last <= m || (yearEnds && l.lastYear <= y) {
			gone = gone.Add(l.qty)
		} else {
			keep = refKeepLot(keep, lots, l)
		}
	}
	return gone, keep
}

// refKeepLot appends l to keep, the lots kept so far from lots, in lots' own
// array: lots is filtered in place (each lot is read before a kept one is
// written over it), as the statement drops the lots it had once filtered.
func refKeepLot(keep, lots []refLot, l refLot) []refLot {
	if keep == nil {
		keep = lots[:0]
	}
	return append(keep, l)
}

// refLotsBalance is the lots' total quantity, decimal.Zero plus each lot's.
// Lots of one exponent (at most Zero's) and small coefficients are added
// up in int64: the same decimal, made once rather than once a lot.
func refLotsBalance(lots []refLot) decimal.Decimal {
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

// refLayout is how the term maps onto a schedule.
type refLayout struct {
	inTerm   []bool
	year     []int
	closes   []bool
	yearEnds []bool                  // a contract year closes with this period
	final    []bool                  // the term ends with this period
	meas     []int                   // key of the period's measurement: its index (PerPeriod) or its contract year
	min      map[int]decimal.Decimal // minimum by measurement key
}

// refLayout maps the term ending on end onto periods.
func (t TakeOrPay) refLayout(periods []Period, end time.Time) refLayout {
	n := len(periods)
	l := refLayout{inTerm: make([]bool, n), year: make([]int, n), closes: make([]bool, n), yearEnds: make([]bool, n),
		final: make([]bool, n), meas: make([]int, n), min: map[int]decimal.Decimal{}}
	active := map[int]int{}
	full := map[int]int{}
	yearOf := map[int]int{} // contract year by measurement key
	for i, p := range periods {
		days := refSharedDays(p.Start, p.End, t.Start, end)
		if days == 0 {
			continue
		}
		l.inTerm[i] = true
		clipped := p.End
		if dayNumber(end) < dayNumber(clipped) {
			clipped = end
		}
		l.year[i] = ContractYear(t.Start, clipped)
		l.final[i] = dayNumber(clipped) == dayNumber(end)
		lo, hi := p.Start, clipped
		if dayNumber(t.Start) > dayNumber(lo) {
			lo = t.Start
		}
		for _, s := range t.Suspensions {
			days -= refSharedDays(lo, hi, s.From, s.To)
		}
		key := i
		if t.Measure == PerContractYear {
			key = l.year[i]
			full[key] = Days(AddMonths(t.Start, 12*key, false), AddMonths(t.Start, 12*(key+1), false))
		} else {
			full[key] = Days(p.Start, p.End)
		}
		l.meas[i] = key
		yearOf[key] = l.year[i]
		active[key] += days
	}
	for key, f := range full {
		a, m := min(active[key], f), t.minimum(yearOf[key])
		if a == f {
			l.min[key] = m
		} else {
			l.min[key] = m.Mul(decimal.NewFromInt(int64(a))).DivRound(decimal.NewFromInt(int64(f)), QuantityPlaces)
		}
	}
	next := -1 // the next period in the term after i, walking backwards
	for i := n - 1; i >= 0; i-- {
		if !l.inTerm[i] {
			continue
		}
		switch {
		case l.final[i]:
			l.yearEnds[i] = true
		case next >= 0:
			l.yearEnds[i] = l.year[next] != l.year[i]
		default: // the schedule ends here: the year closes only if it is over
			l.yearEnds[i] = dayNumber(periods[i].End) >= dayNumber(AddMonths(t.Start, 12*(l.year[i]+1), false))
		}
		l.closes[i] = t.Measure == PerPeriod || l.yearEnds[i]
		next = i
	}
	return l
}

// Statement applies the terms to periods and the quantities taken in
// them (usage[i] in period i) and returns one [TakeOrPayPeriod] per
// period, money rounded to scale decimal places (2 for cents). The
// statement rules are in the [TakeOrPay] documentation.
//
// Statement returns an error if:
//   - the terms are invalid (every problem, as [TakeOrPay.Validate]);
//   - scale is outside 0..8 ([ErrRange], path "scale");
//   - periods are missing or out of order ([ErrRequired], [ErrOrder],
//     path "periods[i]");
//   - usage does not have one entry per period, an entry is negative, or
//     a quantity is taken in a period outside the term ([ErrInvalid],
//     [ErrNegative], [ErrRange], path "usage[i]");
//   - the termination's Fixed sum is not whole minor units, its date is
//     outside the periods, or its Share is set and the periods stop
//     before the end of the original term ([ErrRange], path
//     "termination.*").
func (t TakeOrPay) refStatement(periods []Period, usage []decimal.Decimal, scale int32) ([]TakeOrPayPeriod, error) {
	if err := t.Validate(); err != nil {
		return nil, err
	}
	if err := t.checkInputs(periods, usage, scale); err != nil {
		return nil, err
	}
	end := t.End
	terminated := !t.Termination.Date.IsZero()
	if terminated {
		end = t.Termination.Date
	}
	l := t.refLayout(periods, end)
	termPay, termAt, err := t.refTerminationPayment(periods, l, scale)
	if err != nil {
		return nil, err
	}
	for i, q := range usage {
		if !l.inTerm[i] && q.Sign() != 0 {
			return nil, Field(fmt.Sprintf("usage[%d]", i), fmt.Errorf("%s taken outside the term: %w", q, ErrRange))
		}
	}

	out := make([]TakeOrPayPeriod, len(periods))
	prices := map[int]decimal.Decimal{} // unit price by contract year
	esc := newEscalator(t.Escalation)
	var credits, carried []refLot
	m := 0 // index of the current measurement period
	takenInMeas, usedInMeas := decimal.Zero, decimal.Zero
	for i, p := range periods {
		r := TakeOrPayPeriod{Period: p, InTerm: l.inTerm[i], ContractYear: l.year[i]}
		zeroTOP(&r)
		if !l.inTerm[i] {
			r.CreditsBalance, r.CarriedBalance = refLotsBalance(credits), refLotsBalance(carried)
			out[i] = r
			continue
		}
		price, ok := prices[l.year[i]]
		if !ok {
			f, err := esc.factor(l.year[i])
			if err != nil {
				return nil, Prefix("escalation", err)
			}
			price = t.Price.Mul(f).Round(PricePlaces)
			prices[l.year[i]] = price
		}
		r.Price, r.Taken = price, usage[i]
		minimum := l.min[l.meas[i]]

		over := func(x decimal.Decimal) decimal.Decimal { return decimal.Max(decimal.Zero, exact.Sub(x, minimum)) }
		excess := exact.Sub(over(exact.Add(takenInMeas, r.Taken)), over(takenInMeas))
		want := excess
		if t.MakeUp.Cap.Sign() > 0 {
			want = decimal.Min(want, decimal.Max(decimal.Zero, t.MakeUp.Cap.Sub(usedInMeas)))
		}
		charge := decimal.Zero
		r.CreditsUsed, credits = refTakeLots(credits, want, func(lt refLot, q decimal.Decimal) {
			charge = charge.Add(q.Mul(decimal.Max(decimal.Zero, price.Sub(lt.prepaid))))
		})
		usedInMeas = usedInMeas.Add(r.CreditsUsed)
		if rest := excess.Sub(r.CreditsUsed); t.CarryForward.Window > 0 && rest.Sign() > 0 {
			r.CarriedEarned = rest
			carried = append(carried, refLot{qty: rest, last: m + t.CarryForward.Window, lastYear: refForever})
		}
		r.TakeCharge = exact.MulRound(exact.Sub(r.Taken, r.CreditsUsed), price, scale)
		r.MakeUpCharge = charge.Round(scale)
		r.Billed = exact.Add(r.TakeCharge, r.MakeUpCharge)
		takenInMeas = exact.Add(takenInMeas, r.Taken)

		if l.closes[i] {
			r.Closes, r.Minimum = true, minimum
			gross := decimal.Max(decimal.Zero, minimum.Sub(takenInMeas))
			r.CarriedUsed, carried = refTakeLots(carried, gross, nil)
			r.Shortfall = gross.Sub(r.CarriedUsed)
			prepaid := price.Mul(t.ShortfallShare)
			r.ShortfallPayment = r.Shortfall.Mul(prepaid).Round(scale)
			if t.MakeUp.granted() && r.Shortfall.Sign() > 0 {
				r.CreditsEarned = r.Shortfall
				credits = append(credits, t.refCreditLot(r.Shortfall, prepaid, m, l.year[i]))
			}
			y, ends, final := l.year[i], l.yearEnds[i], l.final[i]
			r.CreditsExpired, credits = refExpireLots(credits, m, y, ends, final)
			r.CarriedExpired, carried = refExpireLots(carried, m, y, ends, final)
			m++
			takenInMeas, usedInMeas = decimal.Zero, decimal.Zero
		}
		if i == termAt {
			r.TerminationPayment = termPay
		}
		r.CreditsBalance, r.CarriedBalance = refLotsBalance(credits), refLotsBalance(carried)
		r.Paid = exact.Add(exact.Add(r.Billed, r.ShortfallPayment), r.TerminationPayment)
		if r.Taken.Sign() > 0 {
			r.EffectivePrice = exact.DivRound(r.Paid, r.Taken, PricePlaces)
		}
		out[i] = r
	}
	return out, nil
}

// refCreditLot is the make-up credit of qty earned at the close of
// measurement m, in contract year y, with prepaid money per unit.
func (t TakeOrPay) refCreditLot(qty, prepaid decimal.Decimal, m, y int) refLot {
	l := refLot{qty: qty, prepaid: prepaid, last: refForever, lastYear: refForever}
	switch mu := t.MakeUp; {
	case mu.Window > 0:
		l.last = m + mu.Window
	case mu.Years > 0:
		l.lastYear = y + mu.Years
	}
	return l
}

func (t TakeOrPay) refTerminationPayment(periods []Period, short refLayout, scale int32) (decimal.Decimal, int, error) {
	tm := t.Termination
	if tm.Date.IsZero() {
		return decimal.Zero, -1, nil
	}
	at, ok := PeriodIndex(periods, tm.Date)
	if !ok {
		return decimal.Zero, -1, Field("termination.date", fmt.Errorf("%s is outside the periods: %w", tm.Date.Format(time.DateOnly), ErrRange))
	}
	if tm.Share.IsZero() {
		return tm.Fixed, at, nil
	}
	if dayNumber(periods[len(periods)-1].End) < dayNumber(t.End) {
		return decimal.Zero, -1, Field("termination.share", fmt.Errorf("the periods end before the term %s, so the released minimum is unknown: %w",
			t.End.Format(time.DateOnly), ErrRange))
	}
	full := t.refLayout(periods, t.End)
	value := decimal.Zero
	done := map[int]bool{}
	esc := newEscalator(t.Escalation)
	for i := range periods {
		if !full.inTerm[i] || done[full.meas[i]] {
			continue
		}
		key := full.meas[i]
		done[key] = true
		released := full.min[key].Sub(short.min[key]) // short.min is zero for keys after the termination
		if released.Sign() <= 0 {
			continue
		}
		f, err := esc.factor(full.year[i])
		if err != nil {
			return decimal.Zero, -1, Prefix("escalation", err)
		}
		value = value.Add(released.Mul(t.Price.Mul(f).Round(PricePlaces)))
	}
	return tm.Fixed.Add(value.Mul(tm.Share).Round(scale)), at, nil
}
