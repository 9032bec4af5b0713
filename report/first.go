package report

import (
	"fmt"
	"slices"
	"time"

	"github.com/jvwaterfall/jvwaterfall/contract"
	"github.com/jvwaterfall/jvwaterfall/tranche"
	"github.com/jvwaterfall/jvwaterfall/waterfall"
	"github.com/shopspring/decimal"
)

// profitKinds are the payment kinds that are a return on money put in.
var profitKinds = [...]tranche.Kind{tranche.KindPref, tranche.KindCatchUp, tranche.KindProfit, tranche.KindPromote, tranche.KindInterest}

// ProfitKinds returns the payment kinds that are a return on money put in
// rather than the money coming back: preferred return, catch-up, profit,
// promote and interest. [FirstPaymentOf] with them answers when the party
// was first paid a return of some kind; that is not its first profit
// ([FirstProfitOf]): a lender paid interest from month 7 makes no profit
// until its loan has come back. Each call returns a new slice.
func ProfitKinds() []tranche.Kind { return append([]tranche.Kind(nil), profitKinds[:]...) }

// FirstPayment answers "who is paid before this party": when the party
// first receives money (of the kinds asked for), and what everyone else
// had received by then.
//
// "Before" follows the ledger, which is in time order and, within a
// period, in priority order: it counts every payment in earlier periods and
// every payment made ahead of the party's first one in the same period.
//
// The zero value is not meaningful; [FirstPaymentOf] returns one.
type FirstPayment struct {
	Party  tranche.PartyID
	Paid   bool      // false when the party is never paid; then Before covers the whole run
	Period int       // the period of the first payment (when Paid)
	Date   time.Time // its date (when Paid)
	Index  int       // its position in Result.Payments (when Paid; len(Payments) otherwise)
	// Before is what each other party had received by then, of any kind
	// and from anyone (the receipts its Distributed total counts), in the
	// deal's party order; parties that received nothing are listed with
	// zero.
	Before []PartyAmount
	// Breakpoint is the cash the deal had paid out before the party's
	// first payment: the distributable cash the deal must produce before
	// the party sees its first minor unit. It counts every payment the
	// deal made (From empty), the party's own earlier receipts of other
	// kinds included, and leaves out transfers between parties, which pass
	// on cash already counted.
	Breakpoint decimal.Decimal
}

// FirstPaymentOf reports when the party is first paid a payment of one of
// kinds (of any kind when none are given), what every other party had
// received before then, and the party's breakpoint.
//
// A payment counts whoever makes it: a transfer From another party (carry
// paid into an escrow account, a clawback returned to an investor, an
// escrow released to the sponsor) is a payment to the party that
// receives it, as its Distributed total counts it. Transfers are left out
// of the Breakpoint only, which measures the deal's own cash. So an
// escrow account is first paid when carry first goes into it, and its
// breakpoint is the cash the deal distributed before that.
//
// FirstPaymentOf returns an error if:
//   - res is nil ([contract.ErrRequired]);
//   - the party is not in the deal ([tranche.ErrUnknownParty]);
//   - a kind is undefined ([contract.FieldError] at "kinds[i]" wrapping
//     [contract.ErrInvalid]);
//   - a payment names a party that is not in the result
//     ([tranche.ErrInvariant]).
func FirstPaymentOf(res *waterfall.Result, id tranche.PartyID, kinds ...tranche.Kind) (FirstPayment, error) {
	idx, err := indexOf(res)
	if err != nil {
		return FirstPayment{}, err
	}
	return idx.firstPayment(id, kinds)
}

func (idx *ledgerIndex) firstPayment(id tranche.PartyID, kinds []tranche.Kind) (FirstPayment, error) {
	fp, err := idx.firstPaymentAt(id, kinds)
	if err != nil {
		return FirstPayment{}, err
	}
	idx.fillBefore([]firstAt{{&fp, idx.pos[id]}})
	return fp, nil
}

// firstPaymentAt is [FirstPaymentOf] without Before and with the
// Breakpoint's own part only ([ledgerIndex.fillBefore] adds the rest).
func (idx *ledgerIndex) firstPaymentAt(id tranche.PartyID, kinds []tranche.Kind) (FirstPayment, error) {
	if err := idx.has(id); err != nil {
		return FirstPayment{}, err
	}
	var want [tranche.NumKinds]bool
	for i, k := range kinds {
		if !k.Valid() {
			return FirstPayment{}, contract.Field(fmt.Sprintf("kinds[%d]", i), fmt.Errorf("payment kind %d: %w", uint8(k), contract.ErrInvalid))
		}
		want[k] = true
	}
	fp := FirstPayment{Party: id, Index: len(idx.pays), Breakpoint: decimal.Zero}
	for _, i := range idx.own[idx.pos[id]] {
		if p := &idx.pays[i]; p.Party == id && p.Amount.Sign() > 0 && (len(kinds) == 0 || want[p.Kind]) {
			fp.Paid, fp.Period, fp.Date, fp.Index = true, p.Period, p.Date, i
			break
		}
	}
	return fp, nil
}

// firstAt asks for what was paid before a first payment: fp's Index, for
// the party at position j.
type firstAt struct {
	fp *FirstPayment
	j  int
}

// fillBefore sets each first payment's Before, what every other party had
// received before its Index, and adds to its Breakpoint what the deal
// had paid out by then, all in one read of the ledger.
func (idx *ledgerIndex) fillBefore(asks []firstAt) {
	slices.SortStableFunc(asks, func(a, b firstAt) int { return a.fp.Index - b.fp.Index })
	got := make([]decimal.Decimal, len(idx.parties))
	for i := range got {
		got[i] = decimal.Zero
	}
	paid := decimal.Zero
	for i, k := 0, 0; k < len(asks); i++ {
		for ; k < len(asks) && asks[k].fp.Index == i; k++ {
			a := asks[k]
			a.fp.Before = make([]PartyAmount, 0, max(0, len(got)-1))
			for m, t := range idx.parties {
				if m != a.j {
					a.fp.Before = append(a.fp.Before, PartyAmount{Party: t.Party, Amount: got[m]})
				}
			}
			a.fp.Breakpoint = a.fp.Breakpoint.Add(paid)
		}
		if i >= len(idx.pays) {
			break
		}
		p := &idx.pays[i]
		m := idx.pos[p.Party]
		got[m] = got[m].Add(p.Amount)
		if p.From == "" {
			paid = paid.Add(p.Amount)
		}
	}
}

// FirstProfitOf reports the party's first profit: the first payment to it
// after which what it has received, less what it paid out to other
// parties, exceeds its capital, as [PaybackOf] counts both (its
// contributions over the run, or what came back to it as capital or
// principal when that is more). Payback is when receipts reach the
// capital; the first profit is the first minor unit beyond it, and the
// payment that carries it is usually part capital, part profit. So a
// lender's interest is not profit until its receipts pass the principal,
// and a party that put in nothing (a sponsor paid a promote) makes a
// profit with its first receipt.
//
// Period, Date and Index are those of that payment, and Before is what the
// other parties had received before it, as in [FirstPaymentOf]. Breakpoint
// is the cash the deal pays out before the party's first minor unit of
// profit: the deal's payments before that one, plus the part of that
// payment that completes the party's payback when the deal pays it (a
// transfer from another party adds nothing). Paid is false, and Before
// covers the whole run, when receipts never exceed contributions.
//
// FirstProfitOf returns an error if res is nil ([contract.ErrRequired]),
// if the party is not in the deal ([tranche.ErrUnknownParty]), or if a
// payment names a party that is not in the result
// ([tranche.ErrInvariant]).
func FirstProfitOf(res *waterfall.Result, id tranche.PartyID) (FirstPayment, error) {
	idx, err := indexOf(res)
	if err != nil {
		return FirstPayment{}, err
	}
	return idx.firstProfit(id)
}

func (idx *ledgerIndex) firstProfit(id tranche.PartyID) (FirstPayment, error) {
	fp, err := idx.firstProfitAt(id)
	if err != nil {
		return FirstPayment{}, err
	}
	idx.fillBefore([]firstAt{{&fp, idx.pos[id]}})
	return fp, nil
}

// firstProfitAt is [FirstProfitOf] without Before, and with the part of
// the payment that completes the party's payback as its Breakpoint
// ([ledgerIndex.fillBefore] adds the deal's payments before it).
func (idx *ledgerIndex) firstProfitAt(id tranche.PartyID) (FirstPayment, error) {
	if err := idx.has(id); err != nil {
		return FirstPayment{}, err
	}
	j := idx.pos[id]
	contributed := idx.capital(j)
	fp := FirstPayment{Party: id, Index: len(idx.pays), Breakpoint: decimal.Zero}
	got := decimal.Zero
	for _, i := range idx.own[j] {
		p := &idx.pays[i]
		if p.Party != id {
			got = got.Sub(p.Amount) // paid out by the party
			continue
		}
		if p.Amount.Sign() > 0 && got.Add(p.Amount).GreaterThan(contributed) {
			fp.Paid, fp.Period, fp.Date, fp.Index = true, p.Period, p.Date, i
			if p.From == "" {
				fp.Breakpoint = decimal.Max(decimal.Zero, contributed.Sub(got))
			}
			break
		}
		got = got.Add(p.Amount)
	}
	return fp, nil
}
