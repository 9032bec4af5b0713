package waterfall

import (
	"fmt"
	"slices"
	"time"

	"github.com/jvwaterfall/jvwaterfall/contract"
	"github.com/jvwaterfall/jvwaterfall/internal/alloc"
	"github.com/jvwaterfall/jvwaterfall/internal/errs"
	"github.com/jvwaterfall/jvwaterfall/tranche"
	"github.com/shopspring/decimal"
)

// Run runs the deal period by period and returns the ledger. Each period is
// one step of a [Stepper] (see there): time advances, contributions, calls,
// loan draws and fees are booked, the cash available (cash retained so far +
// proceeds − costs, [Source]s' cash included) is offered to the stack, which
// pays in priority order, and what it does not take is carried forward. When
// costs exceed the cash at hand, nothing is paid and the deficit is carried
// forward, to be covered by later proceeds first. Each party that is itself a
// deal is run after, over what it received ([Deal]). Run returns an error if
// the deal is invalid (every problem, see [Deal.Validate]) or a rule breaks
// during the run ([tranche.ErrInvariant], wrapped with the period). It never
// changes d, so many goroutines may run one Deal.
func Run(d *Deal) (*Result, error) {
	return RunWith(d, RunOptions{})
}

// RunOptions configures [RunWith]. The zero value runs as [Run] does,
// with the full ledger.
type RunOptions struct {
	// TotalsOnly runs without the ledger of payments: the Result has every
	// period's summary, every party's totals and dated flows (so XIRR and
	// MOIC), the contributions, events and holdings, the same to the cent
	// as a run with the ledger, but its Payments is empty. For sweeps and
	// Monte Carlo runs, which read totals: such a run is faster, and its
	// allocations do not grow with the number of investors. Nested deals
	// are run the same way.
	TotalsOnly bool
}

// ErrNoLedger is the error of a question that needs the ledger of
// payments asked of a Result of a totals-only run ([RunOptions]).
var ErrNoLedger = errs.New("the run kept totals only, not the ledger of payments", contract.ErrInvalid)

// ErrNotInRun is the error of a question about a tranche the run did not
// step, or of a Result that no run made ([Tally]).
var ErrNotInRun = errs.New("not stepped by this run", contract.ErrInvalid)

// RunWith is [Run] with options: see [RunOptions].
func RunWith(d *Deal, opts RunOptions) (*Result, error) {
	if d == nil {
		return nil, fmt.Errorf("nil deal: %w", contract.ErrRequired)
	}
	if err := d.Validate(); err != nil {
		return nil, err
	}
	res, err := runStack(d, opts)
	if err != nil {
		return nil, err
	}
	if err := runNested(res, d.Parties, opts); err != nil {
		return nil, err
	}
	return res, nil
}

// runStack runs a valid deal whose proceeds all go through one stack.
func runStack(d *Deal, opts RunOptions) (*Result, error) {
	s, err := newStepper(d, opts)
	if err != nil {
		return nil, err
	}
	for !s.Done() {
		if _, err := s.step(StepCash{}, nil); err != nil {
			return nil, err
		}
	}
	return s.Result(), nil
}

type periodCash struct {
	early       []dated         // a deal with OwnDates: flows dated before the period's end, by date
	end         dated           // the flows on the period's end (every flow, without OwnDates)
	contributed decimal.Decimal // the sum of contributions and calls
	proceeds    decimal.Decimal
	costs       decimal.Decimal
}

// dated is a period's flows of one date.
type dated struct {
	date          time.Time
	contributions []Contribution
	calls         []Call          // with their Parties resolved
	cash          decimal.Decimal // proceeds − costs
}

// periodFlows is a deal's dated money by period. Most periods of a long
// schedule have none, so only those that do have a periodCash.
type periodFlows struct {
	at   []int        // at[i]-1 is period i's entry in cash; 0: period i has no flows
	cash []periodCash // in the order of the periods' first flows
	none periodCash   // a period without flows: zero but for its end's date, which of sets
}

// of returns period i's flows, ending at end (none at first): read them
// before of is called again.
func (f *periodFlows) of(i int, end time.Time) *periodCash {
	if j := f.at[i]; j > 0 {
		return &f.cash[j-1]
	}
	f.none.end.date = end // the rest stays zero (decimal.Zero is the zero Decimal): only the date is written
	return &f.none
}

// bucket sorts the deal's dated money into its periods, and with OwnDates
// into their dates. Calls are shared by commitment when they are booked;
// bucket checks that each can be.
func bucket(d *Deal) (periodFlows, error) {
	n := min(len(d.Contributions)+len(d.Calls)+len(d.Proceeds)+len(d.Costs), len(d.Periods)) // the most periods with flows
	out := periodFlows{at: make([]int, len(d.Periods)), cash: make([]periodCash, 0, n)}
	// Calls and contributions are booked in date order within a period:
	// contributions as listed, then calls, so the ledger is deterministic.
	// Sums start from the first amount itself, so that a period with one
	// flow of a kind makes no new decimal.
	add := func(sum *decimal.Decimal, a decimal.Decimal) {
		if sum.IsZero() {
			*sum = a
		} else if !a.IsZero() {
			*sum = sum.Add(a)
		}
	}
	// A flow outside the schedule (or periods out of order, which
	// Validate reports) is an error here too: NewStepper does not validate.
	place := func(list string, n int, t time.Time) (*periodCash, *dated, error) {
		i, ok := contract.PeriodIndex(d.Periods, t)
		if !ok {
			return nil, nil, contract.Field(at(list, n, ".date"), contract.InSchedule(d.Periods, t))
		}
		if out.at[i] == 0 { // the period's first flow
			out.cash = append(out.cash, *out.of(i, d.Periods[i].End))
			out.at[i] = len(out.cash)
		}
		pc := &out.cash[out.at[i]-1] // valid until the next place
		if !d.OwnDates || t.Equal(pc.end.date) {
			return pc, &pc.end, nil
		}
		j, ok := slices.BinarySearchFunc(pc.early, t, func(e dated, t time.Time) int { return e.date.Compare(t) })
		if !ok {
			pc.early = slices.Insert(pc.early, j, dated{date: t, cash: decimal.Zero})
		}
		return pc, &pc.early[j], nil
	}
	for n, c := range d.Contributions {
		pc, e, err := place("contributions", n, c.Date)
		if err != nil {
			return periodFlows{}, err
		}
		e.contributions = append(e.contributions, c)
		add(&pc.contributed, c.Amount)
	}
	var all []tranche.PartyID // who a call on every party is shared among, found once
	for n, c := range d.Calls {
		if c.Amount.IsZero() {
			continue // calls nothing, as Validate lets it: nobody need share it
		}
		shared := false
		if len(c.Parties) == 0 {
			if all == nil {
				all = callParties(d, nil)
			}
			c.Parties, shared = all, len(all) > 0 // one list, so that the book resolves it once
		} else {
			shared = commitments(d, c.Parties, true).Sign() > 0
		}
		if !shared {
			return periodFlows{}, contract.Field(fmt.Sprintf("calls[%d]", n), alloc.ErrZeroWeights)
		}
		pc, e, err := place("calls", n, c.Date)
		if err != nil {
			return periodFlows{}, err
		}
		e.calls = append(e.calls, c)
		add(&pc.contributed, c.Amount)
	}
	for n, f := range d.Proceeds {
		pc, e, err := place("proceeds", n, f.Date)
		if err != nil {
			return periodFlows{}, err
		}
		add(&pc.proceeds, f.Amount)
		add(&e.cash, f.Amount)
	}
	for n, f := range d.Costs {
		pc, e, err := place("costs", n, f.Date)
		if err != nil {
			return periodFlows{}, err
		}
		add(&pc.costs, f.Amount)
		add(&e.cash, f.Amount.Neg())
	}
	return out, nil
}

// maxLedgerEstimate caps the room reserved for the ledger up front: about
// 128 MB of payments.
const maxLedgerEstimate = 1 << 20

// ledgerEstimate guesses how many payments a run makes: every party paid
// once in every period with cash coming in, and a quarter more.
func ledgerEstimate(d *Deal, flows periodFlows, lines *sourceTable) int {
	n := 0
	for i, j := range flows.at {
		cash := j > 0 && flows.cash[j-1].proceeds.Sign() > 0 || lines.sums != nil && lines.sums[i][0] > 0
		for _, c := range lines.cash {
			cash = cash || c != nil && c[i].In.Sign() > 0
		}
		if cash {
			n++
		}
	}
	return min(n*len(d.Parties)*5/4+16, maxLedgerEstimate)
}
