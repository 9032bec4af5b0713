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
	return idx.payback(id)
}

func (idx *ledgerIndex) payback(id tranche.PartyID) (Payback, error) {
	if err := idx.has(id); err != nil {
		return Payback{}, err
	}
	j := idx.pos[id]
	contributed := idx.capital(j)
	if contributed.Sign() <= 0 {
		return Payback{}, nil
	}
	// Payments are in period order: the end of the first period with the
	// cumulative net receipts at or above contributed. Only the party's
	// own payments move them, so the period is that of one of them.
	got, own := decimal.Zero, idx.own[j]
	for n, i := range own {
		p := &idx.pays[i]
		if p.Party == id {
			got = got.Add(p.Amount)
		} else {
			got = got.Sub(p.Amount)
		}
		if n+1 < len(own) && idx.pays[own[n+1]].Period == p.Period {
			continue // the party's payments of the period are not all in yet
		}
		if got.GreaterThanOrEqual(contributed) {
			last := i // the period's last payment, whose date is the period's end
			for last+1 < len(idx.pays) && idx.pays[last+1].Period == p.Period {
				last++
			}
			return Payback{Reached: true, Period: p.Period, Date: idx.pays[last].Date}, nil
		}
	}
	return Payback{}, nil
}

// capital returns what the party at position j put at stake: its
// contributions over the run or, when it received more than that as
// capital or principal ([tranche.KindCapital], [tranche.KindPrincipal]),
// what it so received.
func (idx *ledgerIndex) capital(j int) decimal.Decimal {
	contributed, returned := decimal.Zero, decimal.Zero
	for _, c := range idx.contribs[j] {
		contributed = contributed.Add(c.Amount)
	}
	for _, i := range idx.own[j] {
		if p := &idx.pays[i]; p.Party == idx.parties[j].Party && (p.Kind == tranche.KindCapital || p.Kind == tranche.KindPrincipal) {
			returned = returned.Add(p.Amount)
		}
	}
	return decimal.Max(contributed, returned)
}
