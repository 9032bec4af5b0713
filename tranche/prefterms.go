package tranche

import (
	"fmt"
	"time"

	"github.com/jvwaterfall/jvwaterfall/contract"
	"github.com/shopspring/decimal"
)

// PrefBase says what capital a [PreferredReturn] accrues on. The zero value
// is OnUnreturned. New values are only ever added at the end.
type PrefBase uint8

// The bases of a preferred return.
const (
	// OnUnreturned accrues on capital contributed and not yet returned:
	// returning capital stops the pref on it.
	OnUnreturned PrefBase = iota
	// OnContributed accrues on all capital contributed, returned or not,
	// for as long as the deal runs.
	OnContributed
)

var prefBaseNames = [...]string{"unreturned", "contributed"}

// String returns the base's name, "unreturned" or "contributed".
func (p PrefBase) String() string {
	if p.Valid() {
		return prefBaseNames[p]
	}
	return fmt.Sprintf("PrefBase(%d)", uint8(p))
}

// Valid reports whether p is one of the defined bases.
func (p PrefBase) Valid() bool { return int(p) < len(prefBaseNames) }

// PrefAccrual says what happens to pref that is not paid when it accrues.
// The zero value is Cumulative. New values are only ever added at the end.
type PrefAccrual uint8

// The accrual conventions of a preferred return.
const (
	// Cumulative carries unpaid pref forward until it is paid (and, with a
	// compounding rate, it earns the rate too).
	Cumulative PrefAccrual = iota
	// NonCumulative (current pay) owes in each period only the pref accrued
	// in that period; what the period's cash does not pay is forfeited.
	NonCumulative
)

var prefAccrualNames = [...]string{"cumulative", "non-cumulative"}

// String returns the convention's name, "cumulative" or "non-cumulative".
func (p PrefAccrual) String() string {
	if p.Valid() {
		return prefAccrualNames[p]
	}
	return fmt.Sprintf("PrefAccrual(%d)", uint8(p))
}

// Valid reports whether p is one of the defined conventions.
func (p PrefAccrual) Valid() bool { return int(p) < len(prefAccrualNames) }

// contributedAccrual is one party's pref on contributed capital, brought up
// to asOf: for a compounding rate, bal is contributions plus unpaid pref,
// grown at the rate, less this tranche's payments; for a simple rate, bal is
// the pref accrued in all (payments are subtracted when owed is read).
type contributedAccrual struct {
	started     bool
	asOf        time.Time
	next        int32           // the first date index not yet looked at (but lastDate's)
	lastDate    int32           // the date of the last contribution consumed
	lastIn      units           // its amount as consumed: the current date's may grow
	contributed decimal.Decimal // C
	bal         decimal.Decimal
	paid        decimal.Decimal // this tranche's payments already in bal
}

// prefOnContributed is the pref owed to each party on contributed capital,
// cumulative. Its state is kept in the book under the tranche's ID,
// replaced (never changed in place) on every call with record; Owed
// calls it without, so that it leaves the book as it was.
//
// Payments by this tranche are dated at the current date, and every Pay
// reads owed first, with record, which brings the state to the current
// date; so the payments made since the last recorded call all fall on the
// state's asOf date.
func (t *PreferredReturn) prefOnContributed(b *Book, record bool) ([]decimal.Decimal, error) {
	prev, _ := b.State(t.Name).([]contributedAccrual)
	sts := make([]contributedAccrual, len(t.Parties))
	copy(sts, prev)
	out := make([]decimal.Decimal, len(t.Parties))
	compound := t.Rate.Compounding != contract.Simple
	one := decimal.NewFromInt(1)
	for i, party := range t.Parties {
		idx, err := b.lookup(party)
		if err != nil {
			return nil, err
		}
		st := sts[i]
		if !st.started {
			first := int32(-1)
			for d := range b.moves.dates() {
				if in, _, _ := b.amounts(idx, int32(d)); in.sign() != 0 {
					first = int32(d)
					break
				}
			}
			if first < 0 {
				out[i] = decimal.Zero
				continue
			}
			st = contributedAccrual{started: true, asOf: b.led.dates[first], next: first, lastDate: -1, contributed: decimal.Zero, bal: decimal.Zero, paid: decimal.Zero}
		}
		paidNow := b.PaidTo(t.Name, party)
		if compound {
			st.bal = st.bal.Sub(paidNow.Sub(st.paid))
		}
		st.paid = paidNow
		grow := func(to time.Time) error {
			g, err := b.Growth(t.Rate, st.asOf, to)
			if err != nil {
				return err
			}
			if compound {
				st.bal = st.bal.Mul(g).Round(AccrualPlaces)
			} else {
				st.bal = st.bal.Add(st.contributed.Mul(g.Sub(one))).Round(AccrualPlaces)
			}
			st.asOf = to
			return nil
		}
		addIn := func(in units, date int32) error {
			if in.sign() == 0 {
				return nil
			}
			if err := grow(b.led.dates[date]); err != nil {
				return err
			}
			st.contributed = st.contributed.Add(in.dec(b.scale))
			if compound {
				st.bal = st.bal.Add(in.dec(b.scale))
			}
			return nil
		}
		if d := st.lastDate; d >= 0 {
			// What the last contribution consumed took since, on its date.
			in, _, _ := b.amounts(idx, d)
			if err := addIn(in.sub(st.lastIn), d); err != nil {
				return nil, err
			}
			st.lastIn = in
		}
		now := b.today()
		for ; st.next <= now; st.next++ {
			d := st.next
			if d == st.lastDate {
				continue
			}
			in, _, _ := b.amounts(idx, d)
			if in.sign() == 0 {
				if d == now {
					break
				}
				continue
			}
			if err := addIn(in, d); err != nil {
				return nil, err
			}
			st.lastDate, st.lastIn = d, in
			if d == now {
				break
			}
		}
		if err := grow(b.Date()); err != nil {
			return nil, err
		}
		sts[i] = st
		if compound {
			out[i] = st.bal.Sub(st.contributed)
		} else {
			out[i] = st.bal.Sub(st.paid)
		}
	}
	if record {
		b.SetState(t.Name, sts)
	}
	return out, nil
}

// prefThisPeriod is the non-cumulative pref owed to the party now: the
// accrual of the current period, (Growth(start, end) − 1) × the base at the
// period's start, less what this tranche has paid the party in the period.
// The base is the party's unreturned (or contributed) capital after every
// movement dated on or before the period's start; capital that moves at
// the period's end starts (or stops) accruing from then.
func (t *PreferredReturn) prefThisPeriod(b *Book, party PartyID) (decimal.Decimal, error) {
	idx, err := b.lookup(party)
	if err != nil {
		return decimal.Zero, err
	}
	p := b.Period()
	// The account's totals less the movements dated after the period's
	// start (the newest ones, at its end).
	acct, err := b.Account(party)
	if err != nil {
		return decimal.Zero, err
	}
	base := acct.Contributed
	if t.Base == OnUnreturned {
		base = acct.Unreturned()
	}
	for d := b.today(); d >= 0 && b.led.dates[d].After(p.Start); d-- {
		in, _, capital := b.amounts(idx, d)
		base = base.Sub(in.dec(b.scale))
		if t.Base == OnUnreturned {
			base = base.Add(capital.dec(b.scale))
		}
	}
	if base.Sign() <= 0 {
		return decimal.Zero, nil
	}
	g, err := b.Growth(t.Rate, p.Start, p.End)
	if err != nil {
		return decimal.Zero, err
	}
	accrued := base.Mul(g.Sub(decimal.NewFromInt(1))).Round(AccrualPlaces)
	return accrued.Sub(b.paidThisPeriod(t.Name, idx).dec(b.scale)), nil
}
