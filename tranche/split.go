package tranche

import (
	"fmt"
	"math"
	"math/bits"
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
	total, negative := decimal.Zero, false // a negative weight is its own error, not a bad sum too
	for i, s := range t.Shares {
		path := fmt.Sprintf("shares[%d]", i)
		if err := checkParties(path+".parties", s.Parties); err != nil {
			errs = append(errs, err)
		}
		if s.Weight.Sign() < 0 {
			errs = append(errs, fieldErr(path+".weight", contract.ErrNegative))
			negative = true
		}
		total = total.Add(s.Weight)
	}
	if len(t.Shares) > 0 && !negative && !total.Equal(decimal.NewFromInt(1)) {
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
	if u, ok := toUnits(avail, b.scale); ok && u.small() {
		if ok, err := t.payInt(b, u.n); ok || err != nil {
			if err != nil {
				return decimal.Zero, err
			}
			return avail, nil
		}
	}
	return t.payDec(b, avail)
}

func (t *Split) payUnits(b *Book, avail units) (units, error) {
	if t == nil {
		return units{}, errNilTranche(t)
	}
	if avail.sign() == 0 {
		return units{}, nil
	}
	if avail.small() {
		if ok, err := t.payInt(b, avail.n); ok || err != nil {
			return avail, err
		}
	}
	if _, err := t.payDec(b, avail.dec(b.scale)); err != nil {
		return units{}, err
	}
	return avail, nil
}

// payDec is Pay in decimal arithmetic, share by share in int64 where the
// share's amounts fit.
func (t *Split) payDec(b *Book, avail decimal.Decimal) (decimal.Decimal, error) {
	weights := make([]decimal.Decimal, len(t.Shares))
	for i, s := range t.Shares {
		weights[i] = s.Weight
	}
	parts, err := alloc.Split(avail, weights, b.scale)
	if err != nil {
		return decimal.Zero, fmt.Errorf("tranche %q: %w", t.Name, err)
	}
	for i, s := range t.Shares {
		kind := shareKind(s)
		if u, ok := toUnits(parts[i], b.scale); ok && u.small() {
			if ok, err := t.payShare(b, s, kind, u.n); ok || err != nil {
				if err != nil {
					return decimal.Zero, err
				}
				continue
			}
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

func shareKind(s Share) Kind {
	if s.Promote {
		return KindPromote
	}
	return KindProfit
}

// intWeights writes the shares' weights into w as integers at their
// finest common scale (0.8 and 0.15 as 80 and 15); false when a weight is
// negative or they do not fit, and the caller must use decimals.
func intWeights(shares []Share, w []int64) bool {
	minExp := int32(0)
	for _, s := range shares {
		minExp = min(minExp, s.Weight.Exponent())
	}
	for i, s := range shares {
		shift := s.Weight.Exponent() - minExp
		if s.Weight.NumDigits() > 18 || shift > 18 || s.Weight.Sign() < 0 {
			return false
		}
		hi, lo := bits.Mul64(uint64(s.Weight.CoefficientInt64()), uint64(pow10[shift]))
		if hi != 0 || lo >= 1<<62 {
			return false
		}
		w[i] = int64(lo)
	}
	return true
}

// payInt divides avail minor units by the weights in int64; ok is false,
// with nothing paid, when the weights or a share's amounts do not fit and
// the caller must use decimal arithmetic.
func (t *Split) payInt(b *Book, avail int64) (bool, error) {
	n := len(t.Shares)
	if 2*n > len(b.wbuf) {
		return false, nil
	}
	w, parts := b.wbuf[:n], b.wbuf[len(b.wbuf)-n:]
	if !intWeights(t.Shares, w) {
		return false, nil
	}
	if !b.split.SplitInt64(avail, w, parts) {
		return true, fmt.Errorf("tranche %q: %w", t.Name, alloc.ErrZeroWeights)
	}
	// Every share must fit before any is paid, so that a fallback to
	// decimals pays nothing twice.
	for i, s := range t.Shares {
		if !t.shareFits(b, s, parts[i]) {
			return false, nil
		}
	}
	for i, s := range t.Shares {
		if ok, err := t.payShare(b, s, shareKind(s), parts[i]); err != nil || !ok {
			return true, err
		}
	}
	return true, nil
}

// shareFits reports whether payShare can pay part to the share in int64.
func (t *Split) shareFits(b *Book, s Share, part int64) bool {
	idx, err := b.indexes(s.Parties)
	if err != nil || b.weights == nil {
		return false
	}
	pt := b.totals(t.Name)
	for _, i := range idx {
		if to := pt.toU(i); !to.small() || to.n > math.MaxInt64-part {
			return false
		}
	}
	return true
}

// payShare pays one share's part in int64 minor units; ok is false, with
// nothing paid, when the amounts do not fit and the caller must use
// decimal arithmetic.
func (t *Split) payShare(b *Book, s Share, kind Kind, part int64) (bool, error) {
	if !t.shareFits(b, s, part) {
		return false, nil
	}
	idx, _ := b.indexes(s.Parties)
	each, ok := byCommitmentUnits(b, idx, units{n: part})
	if !ok {
		return false, nil
	}
	return true, b.postMany(b.totals(t.Name), kind, idx, each, nil)
}
