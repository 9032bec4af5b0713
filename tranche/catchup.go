package tranche

import (
	"fmt"

	"github.com/jvwaterfall/jvwaterfall/internal/alloc"
	"github.com/shopspring/decimal"
)

// CatchUp pays the sponsor a share Rate of each dollar until the sponsor
// holds Target of the cumulative profit of the deal's parties.
//
// Let P be the cumulative profit distributed to the investors and the
// sponsor (everything they received above returned capital, this tier's
// payments included) and G the sponsor's cumulative promote (its
// [KindCatchUp] and [KindPromote] receipts). The tier owes
//
//	X = (Target·P − G) / (Rate − Target),
//
// rounded up to the minor unit, of which the sponsor gets Rate·X and the
// investors (1 − Rate)·X, shared by commitment. Once X is paid the sponsor
// holds Target of cumulative profit to within one minor unit. Payments are
// of [KindCatchUp].
type CatchUp struct {
	Name      TrancheID       // unique in the stack; the ID of its payments
	Investors []PartyID       // whose profit counts in P and who share (1 − Rate) of the tier
	Sponsor   PartyID         // who is caught up
	Target    decimal.Decimal // k: the sponsor's share of profit once caught up; 0.2 means 20%
	Rate      decimal.Decimal // c: the sponsor's share of each catch-up dollar; 1 is a full catch-up
}

// NewCatchUp returns validated catch-up terms.
func NewCatchUp(id TrancheID, sponsor PartyID, target, rate decimal.Decimal, investors ...PartyID) (*CatchUp, error) {
	t := &CatchUp{Name: id, Investors: investors, Sponsor: sponsor, Target: target, Rate: rate}
	if err := t.Validate(); err != nil {
		return nil, err
	}
	return t, nil
}

// ID returns the tranche's ID.
func (t *CatchUp) ID() TrancheID { return t.Name }

// Validate reports a missing ID or sponsor, bad investors, a target outside
// (0, 1) and a rate that is not in (Target, 1].
func (t *CatchUp) Validate() error {
	errs := []error{checkID(t.Name), checkParties("investors", t.Investors)}
	if t.Sponsor == "" {
		errs = append(errs, fieldErr("sponsor", ErrRequiredParty))
	}
	one := decimal.NewFromInt(1)
	if t.Target.Sign() <= 0 || t.Target.GreaterThanOrEqual(one) {
		errs = append(errs, fieldErr("target", fmt.Errorf("%w: %s, want above 0 and below 1", ErrRange, t.Target)))
	}
	if t.Rate.LessThanOrEqual(t.Target) || t.Rate.GreaterThan(one) {
		errs = append(errs, fieldErr("rate", fmt.Errorf("%w: %s, want above the target %s and at most 1", ErrRange, t.Rate, t.Target)))
	}
	return joinErrs(errs...)
}

// owed is X: what the tier pays in all before the sponsor is caught up.
func (t *CatchUp) owed(b *Book) (decimal.Decimal, error) {
	idx, err := b.indexes(t.Investors)
	if err != nil {
		return decimal.Zero, fmt.Errorf("tranche %q: %w", t.Name, err)
	}
	s, err := b.lookup(t.Sponsor)
	if err != nil {
		return decimal.Zero, fmt.Errorf("tranche %q: %w", t.Name, err)
	}
	profit := units{}
	sponsorCounted := false
	for _, i := range idx {
		a := &b.acc[i]
		profit = profit.add(a.distributed.sub(a.capReturned))
		sponsorCounted = sponsorCounted || i == s
	}
	sa := &b.acc[s]
	if !sponsorCounted {
		profit = profit.add(sa.distributed.sub(sa.capReturned))
	}
	p := profit.dec(b.scale)
	g := sa.byKind[KindCatchUp].add(sa.byKind[KindPromote]).dec(b.scale)
	num := t.Target.Mul(p).Sub(g)
	if num.Sign() <= 0 {
		return decimal.Zero, nil
	}
	// Exact ceiling of num / (Rate − Target) at the minor unit.
	den := t.Rate.Sub(t.Target)
	q, r := num.QuoRem(den, b.scale)
	if r.Sign() > 0 {
		q = q.Add(decimal.New(1, -b.scale))
	}
	return q, nil
}

// Owed is X, the catch-up still due.
func (t *CatchUp) Owed(b *Book) (Claim, error) {
	x, err := t.owed(b)
	if err != nil {
		return Claim{}, err
	}
	return Claim{Amount: x}, nil
}

// Pay pays the catch-up, up to avail: Rate to the sponsor, the rest to the
// investors by commitment.
func (t *CatchUp) Pay(b *Book, avail decimal.Decimal) (decimal.Decimal, error) {
	if err := checkAvail(b, t.Name, avail); err != nil {
		return decimal.Zero, err
	}
	x, err := t.owed(b)
	if err != nil || x.IsZero() || avail.IsZero() {
		return decimal.Zero, err
	}
	amount := decimal.Min(x, avail)
	one := decimal.NewFromInt(1)
	weights := []decimal.Decimal{t.Rate, one.Sub(t.Rate)}
	owedParts, err := alloc.Split(x, weights, b.scale)
	if err != nil {
		return decimal.Zero, fmt.Errorf("tranche %q: %w", t.Name, err)
	}
	parts := owedParts
	if amount.LessThan(x) {
		if parts, err = alloc.Split(amount, weights, b.scale); err != nil {
			return decimal.Zero, fmt.Errorf("tranche %q: %w", t.Name, err)
		}
	}
	err = b.Post(Payment{Tranche: t.Name, Party: t.Sponsor, Kind: KindCatchUp, Amount: parts[0],
		Before: owedParts[0], After: owedParts[0].Sub(parts[0])})
	if err != nil || parts[1].IsZero() {
		return amount, err
	}
	owedInv, err := byCommitment(b, t.Investors, owedParts[1])
	if err != nil {
		return decimal.Zero, fmt.Errorf("tranche %q: %w", t.Name, err)
	}
	paidInv, err := byCommitment(b, t.Investors, parts[1])
	if err != nil {
		return decimal.Zero, fmt.Errorf("tranche %q: %w", t.Name, err)
	}
	for i, id := range t.Investors {
		err := b.Post(Payment{Tranche: t.Name, Party: id, Kind: KindCatchUp, Amount: paidInv[i],
			Before: owedInv[i], After: decimal.Max(decimal.Zero, owedInv[i].Sub(paidInv[i]))})
		if err != nil {
			return decimal.Zero, err
		}
	}
	return amount, nil
}
