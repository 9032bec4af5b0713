package report

import (
	"time"

	"github.com/jvwaterfall/jvwaterfall/tranche"
	"github.com/jvwaterfall/jvwaterfall/waterfall"
	"github.com/shopspring/decimal"
)

// Payback is when a party has got its money back: the first period at
// whose end its cumulative receipts, less what it paid out to others,
// reach its capital: everything it contributed over the run, or what it
// received as capital or debt principal when that is more (a lender
// whose draws are not its contributions, its loan not being a
// [tranche.Drawer], or whose loan capitalised interest). The zero value
// means "not reached": the party never got back all it put in, or put in
// nothing.
type Payback struct {
	Reached bool
	Period  int       // the period (when Reached)
	Date    time.Time // the period's end (when Reached)
}

// PaybackOf returns the party's payback. Receipts count payments of every
// kind and from anyone, as the party's Distributed total does; what the
// party paid to others (carry into escrow, a clawback) counts against
// them, as in [waterfall.Result.Flows]. Contributions made after the
// payback period count too: a payback is the point where the party has
// received all the capital it ever puts in.
//
// PaybackOf returns an error if res is nil ([contract.ErrRequired]), if
// the party is not in the deal ([tranche.ErrUnknownParty]), or if a
// payment names a party that is not in the result
// ([tranche.ErrInvariant]).
func PaybackOf(res *waterfall.Result, id tranche.PartyID) (Payback, error) {
	idx, err := indexOf(res)
	if err != nil {
		return Payback{}, err
	}
	return idx.payback(res, id)
}

func (idx ledgerIndex) payback(res *waterfall.Result, id tranche.PartyID) (Payback, error) {
	if err := idx.has(id); err != nil {
		return Payback{}, err
	}
	contributed := capitalOf(res, id)
	if contributed.Sign() <= 0 {
		return Payback{}, nil
	}
	// Payments are in period order: the first payment whose period ends
	// with the cumulative net receipts at or above contributed.
	got := decimal.Zero
	for i, p := range res.Payments.All() {
		switch id {
		case p.Party:
			got = got.Add(p.Amount)
		case p.From:
			got = got.Sub(p.Amount)
		}
		if next := i + 1; next < res.Payments.Len() && res.Payments.At(next).Period == p.Period {
			continue // the period's payments are not all in yet
		}
		if got.GreaterThanOrEqual(contributed) {
			return Payback{Reached: true, Period: p.Period, Date: p.Date}, nil
		}
	}
	return Payback{}, nil
}

// capitalOf returns what the party put at stake: its contributions over
// the run or, when it received more than that as capital or principal
// ([tranche.KindCapital], [tranche.KindPrincipal]), what it so received.
// A payment of capital or principal returns money put in, whoever's books
// record it: a loan's draws are its lender's contributions
// ([tranche.Drawer]), but a lender of a claim that does not book them,
// or whose loan capitalised interest, is paid more principal than it
// put in, and that principal coming back is no profit.
func capitalOf(res *waterfall.Result, id tranche.PartyID) decimal.Decimal {
	contributed, returned := decimal.Zero, decimal.Zero
	for _, c := range res.Contributions.All() {
		if c.Party == id {
			contributed = contributed.Add(c.Amount)
		}
	}
	for _, p := range res.Payments.All() {
		if p.Party == id && (p.Kind == tranche.KindCapital || p.Kind == tranche.KindPrincipal) {
			returned = returned.Add(p.Amount)
		}
	}
	return decimal.Max(contributed, returned)
}
