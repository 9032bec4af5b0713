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
// A deal with [Fees] calls and pays them after step 2, and each party that
// is itself a deal is run after, over what it received (see [Deal]). The
// step is [Stepper.Step], which package fund also uses for each investment
// of a fund run deal by deal.
//
// Run returns an error if the deal is invalid (every problem, see
// [Deal.Validate]) or a rule breaks during the run ([tranche.ErrInvariant],
// wrapped with the period). It never changes d, so many goroutines may run one Deal.
func Run(d *Deal) (*Result, error) {
	if d == nil {
		return nil, fmt.Errorf("nil deal: %w", contract.ErrRequired)
	}
	if err := d.Validate(); err != nil {
		return nil, err
	}
	res, err := runStack(d)
	if err != nil {
		return nil, err
	}
	if err := RunNested(res, d.Parties); err != nil {
		return nil, err
	}
	return res, nil
}

// runStack runs a valid deal whose proceeds all go through one stack.
func runStack(d *Deal) (*Result, error) {
	s, err := NewStepper(d)
	if err != nil {
		return nil, err
	}
	for !s.Done() {
		if _, err := s.Step(StepCash{}); err != nil {
			return nil, err
		}
	}
	return s.Result(), nil
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
