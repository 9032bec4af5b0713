package waterfall

import (
	"fmt"
	"math"

	"github.com/jvwaterfall/jvwaterfall/contract"
	"github.com/jvwaterfall/jvwaterfall/internal/alloc"
	"github.com/jvwaterfall/jvwaterfall/tranche"
	"github.com/shopspring/decimal"
)

// Run runs the deal period by period and returns the ledger. Each period:
//
//  1. time advances to the period's end (hurdles and accruals grow);
//  2. the period's contributions and capital calls are booked;
//  3. cash available = cash retained so far + proceeds − costs, where
//     proceeds and costs include every [Source]'s cash in and out;
//  4. the stack is offered the cash available and pays in priority order;
//     every payment is recorded with its tranche, party, kind and balances;
//  5. what the stack does not take is retained and carried forward.
//
// When costs exceed the cash at hand, nothing is paid and the deficit is
// carried forward, to be covered by later proceeds before any payment.
//
// A deal with [Fees] calls and pays them after step 2; a deal with
// Investments runs deal by deal (see [American]); and each party that is
// itself a deal is run after, over what it received (see [Deal]).
//
// Run returns an error if the deal is invalid (every problem, see
// [Deal.Validate]) or a rule breaks during the run ([tranche.ErrInvariant], wrapped
// with the period). It never changes d, so many goroutines may run one Deal.
func Run(d *Deal) (*Result, error) {
	if err := d.Validate(); err != nil {
		return nil, err
	}
	var res *Result
	var err error
	if len(d.Investments) > 0 {
		res, err = runAmerican(d)
	} else {
		res, err = runStack(d)
	}
	if err != nil {
		return nil, err
	}
	if err := runNested(d, res); err != nil {
		return nil, err
	}
	return res, nil
}

// runStack runs a valid deal whose proceeds all go through one stack.
func runStack(d *Deal) (*Result, error) {
	parties := make([]tranche.Party, len(d.Parties))
	for i, p := range d.Parties {
		parties[i] = tranche.Party{ID: p.ID, Commitment: p.Commitment}
	}
	book, err := tranche.NewBook(d.Scale, parties)
	if err != nil {
		return nil, err
	}
	byPeriod, err := bucket(d)
	if err != nil {
		return nil, err
	}
	lines, err := sourceCash(d)
	if err != nil {
		return nil, err
	}
	book.Grow(ledgerEstimate(d, byPeriod, lines))
	res := newResult(d)
	carried := decimal.Zero
	fees := newFeeRun(d)
	invested := decimal.Zero // capital called for investments less capital returned: the fee's base
	for i, p := range d.Periods {
		in := byPeriod[i]
		if err := book.Advance(p); err != nil {
			return nil, fmt.Errorf("period %d: %w", i, err)
		}
		contributed := decimal.Zero
		units, inUnits := int64(0), true // contributed, in minor units while they fit
		for _, c := range in.contributions {
			if err := book.Contribute(c.Party, c.Amount); err != nil {
				return nil, fmt.Errorf("period %d: contribution of %q: %w", i, c.Party, err)
			}
			res.addContribution(p, c.Party, c.Amount)
			if u, ok := minorUnits(c.Amount, d.Scale); ok && inUnits && units <= math.MaxInt64-u {
				units += u
				continue
			}
			inUnits = false
			contributed = contributed.Add(c.Amount)
		}
		if units != 0 {
			contributed = contributed.Add(decimal.New(units, -d.Scale))
		}
		feesPaid := decimal.Zero
		if fees != nil {
			if feesPaid, err = fees.book(book, res, p, invested); err != nil {
				return nil, fmt.Errorf("period %d (%s): %w", i, day(p.End), err)
			}
		}
		invested = invested.Add(contributed)
		contributed = contributed.Add(feesPaid)
		sum := PeriodSummary{
			Period:      p,
			CarriedIn:   carried,
			Proceeds:    in.proceeds,
			Costs:       in.costs,
			Contributed: contributed,
			Sources:     lines[i],
		}
		for _, l := range lines[i] {
			sum.Proceeds = sum.Proceeds.Add(l.In)
			sum.Costs = sum.Costs.Add(l.Out)
		}
		sum.Available = carried.Add(sum.Proceeds).Sub(sum.Costs)
		first := len(book.Ledger())
		paid := decimal.Zero
		if sum.Available.Sign() > 0 {
			paid, err = tranche.PayChecked(book, d.Stack, sum.Available)
			if err != nil {
				return nil, fmt.Errorf("period %d (%s): %w", i, day(p.End), err)
			}
		}
		if err := tranche.ClosePeriod(book, d.Stack); err != nil {
			return nil, fmt.Errorf("period %d (%s): %w", i, day(p.End), err)
		}
		sum.Paid = paid
		sum.Retained = sum.Available.Sub(paid)
		sum.Held = book.Held(i)
		if sum.Held.GreaterThan(decimal.Max(sum.Retained, decimal.Zero)) {
			return nil, fmt.Errorf("period %d (%s): held %s is more than retained %s: %w",
				i, day(p.End), sum.Held, sum.Retained, tranche.ErrInvariant)
		}
		// Conservation: what the ledger shows paid plus what is retained is
		// exactly what was available.
		posted := sumAmounts(book.Ledger()[first:], d.Scale)
		if !posted.Add(sum.Retained).Equal(sum.Available) {
			return nil, fmt.Errorf("period %d (%s): paid %s + retained %s != available %s: %w",
				i, day(p.End), posted, sum.Retained, sum.Available, tranche.ErrInvariant)
		}
		sum.Fees = feesPaid
		invested = invested.Sub(capitalIn(book.Ledger()[first:]))
		res.Periods = append(res.Periods, sum)
		carried = sum.Retained
	}
	res.finish(book)
	return res, nil
}

type periodCash struct {
	contributions []Contribution
	proceeds      decimal.Decimal
	costs         decimal.Decimal
}

// bucket sorts the deal's dated money into its periods, turning each call
// into contributions shared by commitment.
func bucket(d *Deal) ([]periodCash, error) {
	out := make([]periodCash, len(d.Periods))
	for i := range out {
		out[i].proceeds, out[i].costs = decimal.Zero, decimal.Zero
	}
	// Calls and contributions are booked in date order within a period:
	// contributions as listed, then calls, so the ledger is deterministic.
	for _, c := range d.Contributions {
		i, _ := contract.PeriodIndex(d.Periods, c.Date)
		out[i].contributions = append(out[i].contributions, c)
	}
	commitment := make(map[tranche.PartyID]decimal.Decimal, len(d.Parties))
	for _, p := range d.Parties {
		commitment[p.ID] = p.Commitment
	}
	for n, c := range d.Calls {
		i, _ := contract.PeriodIndex(d.Periods, c.Date)
		ids := callParties(d, c.Parties)
		weights := make([]decimal.Decimal, len(ids))
		for j, id := range ids {
			weights[j] = commitment[id]
		}
		parts, err := alloc.Split(c.Amount, weights, d.Scale)
		if err != nil {
			return nil, contract.Field(fmt.Sprintf("calls[%d]", n), err)
		}
		for j, id := range ids {
			if parts[j].Sign() > 0 {
				out[i].contributions = append(out[i].contributions, Contribution{Date: c.Date, Party: id, Amount: parts[j]})
			}
		}
	}
	for _, f := range d.Proceeds {
		i, _ := contract.PeriodIndex(d.Periods, f.Date)
		out[i].proceeds = out[i].proceeds.Add(f.Amount)
	}
	for _, f := range d.Costs {
		i, _ := contract.PeriodIndex(d.Periods, f.Date)
		out[i].costs = out[i].costs.Add(f.Amount)
	}
	return out, nil
}

// sumAmounts is the sum of the payments' amounts, added in int64 minor
// units when they fit and in decimal otherwise.
func sumAmounts(ps []tranche.Payment, scale int32) decimal.Decimal {
	n := int64(0)
	for _, p := range ps {
		a := p.Amount
		if a.Exponent() != -scale || a.NumDigits() > 18 {
			return sumDecimal(ps)
		}
		c := a.CoefficientInt64()
		if c < 0 || n > math.MaxInt64-c {
			return sumDecimal(ps)
		}
		n += c
	}
	return decimal.New(n, -scale)
}

func sumDecimal(ps []tranche.Payment) decimal.Decimal {
	t := decimal.Zero
	for _, p := range ps {
		t = t.Add(p.Amount)
	}
	return t
}

// maxLedgerEstimate caps the room reserved for the ledger up front: about
// 128 MB of payments.
const maxLedgerEstimate = 1 << 20

// ledgerEstimate guesses how many payments a run makes: every party paid
// once in every period with cash coming in, and a quarter more.
func ledgerEstimate(d *Deal, byPeriod []periodCash, lines [][]SourceLine) int {
	n := 0
	for i, in := range byPeriod {
		cash := in.proceeds.Sign() > 0
		for _, l := range lines[i] {
			cash = cash || l.In.Sign() > 0
		}
		if cash {
			n++
		}
	}
	return min(n*len(d.Parties)*5/4+16, maxLedgerEstimate)
}
