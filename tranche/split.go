package tranche

import (
	"fmt"
	"slices"

	"github.com/jvwaterfall/jvwaterfall/contract"
	"github.com/jvwaterfall/jvwaterfall/internal/alloc"
	"github.com/shopspring/decimal"
)

// Share is one party's or one class's part of a [Split].
type Share struct {
	Parties []PartyID       // one party, or a class that shares its part by commitment (equally if none has one)
	Weight  decimal.Decimal // part of the tier; the weights of a split sum to exactly 1; 0.8 means 80%
	Promote bool            // true for the sponsor's promote ([KindPromote]); false for investors' profit ([KindProfit])
}

// Split divides all the cash it is offered by fixed weights: the residual
// tier of a waterfall ("80/20"), or a straight split of cash flow. Its claim
// is unbounded, so it is the last tranche of a sequence. Parts are whole
// minor units by largest remainder, ties to the earlier share.
//
// Before and After of its payments are the party's cumulative receipts
// from the split.
type Split struct {
	Name   TrancheID // unique in the stack; the ID of its payments
	Shares []Share
}

// NewSplit returns the split t, validated once: it returns the errors of
// [Split.Validate], and a nil tranche with them.
func NewSplit(t Split) (*Split, error) {
	t.Shares = cloneShares(t.Shares)
	if err := t.Validate(); err != nil {
		return nil, err
	}
	return &t, nil
}

// cloneShares copies shares and the parties of each.
func cloneShares(shares []Share) []Share {
	out := slices.Clone(shares)
	for i := range out {
		out[i].Parties = slices.Clone(out[i].Parties)
	}
	return out
}

// ID returns the tranche's ID.
func (t *Split) ID() TrancheID {
	if t == nil {
		return ""
	}
	return t.Name
}

// Validate reports a missing ID, no shares, a share without parties, a
// negative weight and weights that do not sum to 1. A party may hold two
// shares: a sponsor that co-invests has an investor's share and a promote.
func (t *Split) Validate() error {
	if t == nil {
		return errNilTranche(t)
	}
	errs := []error{checkID(t.Name)}
	if len(t.Shares) == 0 {
		errs = append(errs, fieldErr("shares", ErrRequiredParty))
	}
	total := decimal.Zero
	for i, s := range t.Shares {
		path := fmt.Sprintf("shares[%d]", i)
		if err := checkParties(path+".parties", s.Parties); err != nil {
			errs = append(errs, err)
		}
		if s.Weight.Sign() < 0 {
			errs = append(errs, fieldErr(path+".weight", contract.ErrNegative))
		}
		total = total.Add(s.Weight)
	}
	if len(t.Shares) > 0 && !total.Equal(decimal.NewFromInt(1)) {
		errs = append(errs, fieldErr("shares", fmt.Errorf("weights sum to %s, want 1: %w", total, contract.ErrInvalid)))
	}
	return joinErrs(errs...)
}

// Owed is unbounded: a split takes all it is offered.
func (t *Split) Owed(*Book) (Claim, error) {
	if t == nil {
		return Claim{}, errNilTranche(t)
	}
	return Claim{Unbounded: true}, nil
}

// Pay divides all of avail by the weights.
func (t *Split) Pay(b *Book, avail decimal.Decimal) (decimal.Decimal, error) {
	if t == nil {
		return decimal.Zero, errNilTranche(t)
	}
	if err := checkAvail(b, t.Name, avail); err != nil || avail.IsZero() {
		return decimal.Zero, err
	}
	weights := make([]decimal.Decimal, len(t.Shares))
	for i, s := range t.Shares {
		weights[i] = s.Weight
	}
	parts, err := alloc.Split(avail, weights, b.scale)
	if err != nil {
		return decimal.Zero, fmt.Errorf("tranche %q: %w", t.Name, err)
	}
	for i, s := range t.Shares {
		kind := KindProfit
		if s.Promote {
			kind = KindPromote
		}
		if ok, err := t.payShare(b, s, kind, parts[i]); ok || err != nil {
			if err != nil {
				return decimal.Zero, err
			}
			continue
		}
		each, err := byCommitment(b, s.Parties, parts[i])
		if err != nil {
			return decimal.Zero, fmt.Errorf("tranche %q: %w", t.Name, err)
		}
		for j, p := range s.Parties {
			before := b.PaidTo(t.Name, p)
			err := b.Post(Payment{Tranche: t.Name, Party: p, Kind: kind, Amount: each[j], Before: before, After: before.Add(each[j])})
			if err != nil {
				return decimal.Zero, err
			}
		}
	}
	return avail, nil
}

// payShare pays one share's part in int64 minor units; ok is false, with
// nothing paid, when the amounts do not fit and the caller must use
// decimal arithmetic.
func (t *Split) payShare(b *Book, s Share, kind Kind, part decimal.Decimal) (bool, error) {
	idx, err := b.indexes(s.Parties)
	if err != nil {
		return false, nil
	}
	u, ok := toUnits(part, b.scale)
	if !ok {
		return false, nil
	}
	each, ok := byCommitmentUnits(b, idx, u)
	if !ok {
		return false, nil
	}
	pt := b.totals(t.Name)
	for j, i := range idx {
		if !pt.to[i].add(units{n: each[j]}).small() {
			return false, nil
		}
	}
	for j, i := range idx {
		x := each[j]
		if x == 0 {
			continue
		}
		after := pt.to[i].add(units{n: x})
		before := pt.dec(i, b.scale)
		amount := part
		if len(idx) > 1 {
			amount = decimal.New(x, -b.scale)
		}
		afterDec := decimal.New(after.n, -b.scale)
		err := b.post(i, Payment{Tranche: t.Name, Party: s.Parties[j], Kind: kind, Amount: amount, Before: before, After: afterDec}, units{n: x})
		if err != nil {
			return true, err
		}
		pt.toDec[i], pt.toOK[i] = afterDec, true
	}
	return true, nil
}
