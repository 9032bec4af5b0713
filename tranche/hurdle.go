package tranche

import (
	"fmt"
	"slices"

	"github.com/jvwaterfall/jvwaterfall/contract"
	"github.com/jvwaterfall/jvwaterfall/internal/alloc"
	"github.com/shopspring/decimal"
)

// Hurdle is a promote tier that splits cash by Shares until the Investors
// reach a return: an IRR hurdle (Rate), an equity-multiple hurdle
// (Multiple), or both. Tiers run in order in a [Sequence], each with its
// own hurdle and split ("80/20 to a 12% IRR, 70/30 to 15%"), and a final
// [Split] takes the rest.
//
// Each investor i requires, rounded to the minor unit by the book's
// [Rounding] policy (up by default),
//
//	IRR:      H_i(Rate)                          (its hurdle balance, [Book.Hurdle])
//	multiple: Multiple × contributed_i − distributed_i
//	both:     the larger of the two
//
// where distributed counts every kind of payment to the party, from this
// tier and all others. The tier owes X, the smallest whole amount whose
// split (below) gives every investor at least its rounded requirement: no
// smaller amount does, though with three or more shares, or three or
// more parties of unequal commitments in a share, the split is not
// monotone in the amount (the Alabama paradox) and an amount above X may
// fail. X is found from a bound: investor i's part of a tier x is at most
// Σ ⌈⌈x·w_s⌉·g_i⌉ over the shares s it holds (weight w_s, its commitment
// share g_i), which grows with x, and no x below the least where that
// bound meets every requirement pays; from there the amounts are tried in
// turn (with a monotone split: by doubling and bisection), at most about
// 4/f_i + 1 of them, f_i the part of each tier dollar investor i gets. A
// search beyond 2^26 parties split (an investor with a few millionths of
// each tier dollar) fails with an error wrapping [contract.ErrRange];
// docs/methods.md has the proof and the cost. With one investor taking
// share s of the tier, X ≈ requirement/s: the investor gets its hurdle
// and the other shares (the promote) the rest. Under [RoundUp], once X
// is paid every investor has met the hurdle: for an IRR hurdle with
// [contract.Annual] compounding on [contract.ACT365F], its XIRR from its
// own dated flows is at least Rate; for a multiple hurdle, its
// distributions are at least Multiple times its contributions. Until
// then, at least one investor is below it. Under [HalfEven] each may end
// up to half a minor unit short of its exact requirement.
//
// The split works as in [Split]: the tier is divided among Shares by weight
// (largest remainder, ties to the earlier share), and within a share among
// its parties by commitment (equally if none has one). So investors that
// share a class are paid pro rata, and a sponsor that co-invests can sit in
// the investors' share (pari passu, [KindProfit]) and hold a promote share
// ([KindPromote]) as well. Only the parties named in Investors are tested:
// list the outside investors, not a co-investing sponsor, whose receipts
// include its promote.
//
// When cash is short of X, the cash is split by Shares as it comes. Before
// and After of a payment are the party's part of X before and after it.
type Hurdle struct {
	Name      TrancheID       // unique in the stack; the ID of its payments
	Investors []PartyID       // whose returns the hurdle tests; each must hold part of a non-promote share
	Rate      contract.Rate   // IRR hurdle; 0.12 means 12%; a zero Annual rate means no IRR test
	Multiple  decimal.Decimal // equity-multiple hurdle; 1.5 means 1.5× contributed; zero means no multiple test
	Shares    []Share         // how each dollar of the tier is split; weights sum to exactly 1
}

// NewHurdle returns the terms t, validated once: it returns the errors of
// [Hurdle.Validate], and a nil tranche with them. Leave Rate zero for a
// multiple-only hurdle and Multiple zero for an IRR-only hurdle.
func NewHurdle(t Hurdle) (*Hurdle, error) {
	t.Investors, t.Shares = slices.Clone(t.Investors), cloneShares(t.Shares)
	if err := t.Validate(); err != nil {
		return nil, err
	}
	return &t, nil
}

// ID returns the tranche's ID.
func (t *Hurdle) ID() TrancheID {
	if t == nil {
		return ""
	}
	return t.Name
}

// Validate reports, each with its field path:
//   - a missing ID, bad investors, and no hurdle at all (neither a rate nor
//     a multiple);
//   - an invalid or negative rate, a negative multiple;
//   - bad shares, as [Split.Validate] reports them;
//   - an investor that holds no part of a share with positive weight that
//     is not a promote: the tier could never pay it its hurdle.
func (t *Hurdle) Validate() error {
	if t == nil {
		return errNilTranche(t)
	}
	errs := []error{checkID(t.Name), checkParties("investors", t.Investors)}
	if t.Rate.Annual.IsZero() && t.Multiple.IsZero() {
		errs = append(errs, fieldErr("rate", fmt.Errorf("set a rate, a multiple or both: %w", contract.ErrRequired)))
	}
	errs = append(errs, contract.Prefix("rate", t.Rate.Validate()))
	if t.Rate.Annual.Sign() < 0 {
		errs = append(errs, fieldErr("rate.annual", contract.ErrNegative))
	}
	if t.Multiple.Sign() < 0 {
		errs = append(errs, fieldErr("multiple", contract.ErrNegative))
	}
	errs = append(errs, validateShares(t.Shares))
	held := map[PartyID]bool{} // parties of the investor shares, found once: linear in the parties
	for _, s := range t.Shares {
		if s.Promote || s.Weight.Sign() <= 0 {
			continue
		}
		for _, p := range s.Parties {
			held[p] = true
		}
	}
	for i, inv := range t.Investors {
		if !held[inv] && inv != "" {
			errs = append(errs, fieldErr(fmt.Sprintf("investors[%d]", i),
				fmt.Errorf("%q holds no investor share of the tier: %w", inv, contract.ErrInvalid)))
		}
	}
	return joinErrs(errs...)
}

// validateShares checks the shares of a split or a tier.
func validateShares(shares []Share) error {
	var errs []error
	if len(shares) == 0 {
		errs = append(errs, fieldErr("shares", ErrRequiredParty))
	}
	total, negative := decimal.Zero, false // a negative weight is its own error, not a bad sum too
	for i, s := range shares {
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
	if len(shares) > 0 && !negative && !total.Equal(decimal.NewFromInt(1)) {
		errs = append(errs, fieldErr("shares", fmt.Errorf("weights sum to %s, want 1: %w", total, contract.ErrInvalid)))
	}
	return joinErrs(errs...)
}

// required is what each investor is owed before the hurdle is met, in
// whole minor units rounded by the book's policy.
func (t *Hurdle) required(b *Book) ([]decimal.Decimal, error) {
	req := make([]decimal.Decimal, len(t.Investors))
	for i, p := range t.Investors {
		need := decimal.Zero
		if !t.Rate.Annual.IsZero() {
			h, err := b.Hurdle(p, t.Rate)
			if err != nil {
				return nil, fmt.Errorf("tranche %q: %w", t.Name, err)
			}
			need = b.roundOwed(h)
		}
		if !t.Multiple.IsZero() {
			m, err := multipleOwed(b, p, t.Multiple)
			if err != nil {
				return nil, fmt.Errorf("tranche %q: %w", t.Name, err)
			}
			need = decimal.Max(need, m)
		}
		req[i] = need
	}
	return req, nil
}

// split divides amount among the shares and, within each, among its
// parties by commitment: parts[s][j] goes to t.Shares[s].Parties[j].
func (t *Hurdle) split(b *Book, amount decimal.Decimal) ([][]decimal.Decimal, error) {
	return splitShares(b, t.Name, t.Shares, amount)
}

func splitShares(b *Book, id TrancheID, shares []Share, amount decimal.Decimal) ([][]decimal.Decimal, error) {
	weights := make([]decimal.Decimal, len(shares))
	for i, s := range shares {
		weights[i] = s.Weight
	}
	top, err := alloc.Split(amount, weights, b.scale)
	if err != nil {
		return nil, fmt.Errorf("tranche %q: %w", id, err)
	}
	parts := make([][]decimal.Decimal, len(shares))
	for i, s := range shares {
		if parts[i], err = byCommitment(b, s.Parties, top[i]); err != nil {
			return nil, fmt.Errorf("tranche %q: %w", id, err)
		}
	}
	return parts, nil
}

// received is what the split gives each party from non-promote shares.
func (t *Hurdle) received(parts [][]decimal.Decimal) map[PartyID]decimal.Decimal {
	got := map[PartyID]decimal.Decimal{}
	for i, s := range t.Shares {
		if s.Promote {
			continue
		}
		for j, p := range s.Parties {
			got[p] = got[p].Add(parts[i][j])
		}
	}
	return got
}

// owed is X, the least whole amount whose split gives every investor what
// it is still owed (see least): zero when no investor is owed anything.
// It fails on a party of a share the book does not hold, owed or not, and
// on an owed investor that gets no part of the tier. A share with no
// party (unchecked terms: Validate refuses it; its part, even of a zero
// weight, cannot be split) fails whether anything is owed or not, so
// that Owed and Pay agree.
func (t *Hurdle) owed(b *Book) (decimal.Decimal, error) {
	for i, s := range t.Shares {
		if _, err := b.indexes(s.Parties); err != nil {
			return decimal.Zero, fmt.Errorf("tranche %q: %w", t.Name, err)
		}
		if len(s.Parties) == 0 {
			return decimal.Zero, fmt.Errorf("tranche %q: shares[%d] has no party: %w", t.Name, i, alloc.ErrNoWeights)
		}
	}
	req, err := t.required(b)
	if err != nil {
		return decimal.Zero, err
	}
	var holds map[PartyID]bool
	for i, p := range t.Investors {
		if req[i].IsZero() {
			continue
		}
		if holds == nil {
			holds = t.partHolders(b)
		}
		if !holds[p] {
			return decimal.Zero, fmt.Errorf("tranche %q: investor %q, owed %s, gets no part of the tier (no commitment in its share): %w",
				t.Name, p, req[i], contract.ErrInvalid)
		}
	}
	if holds == nil {
		return decimal.Zero, nil
	}
	return t.least(b, req)
}

// partHolders are the parties of non-promote shares of positive weight
// that have a commitment there, or whose share has none (an equal split):
// their part of a tier grows without bound with the tier. Every party of
// the shares is in the book.
func (t *Hurdle) partHolders(b *Book) map[PartyID]bool {
	holds := map[PartyID]bool{}
	for _, s := range t.Shares {
		if s.Promote || s.Weight.Sign() <= 0 {
			continue
		}
		idx, _ := b.indexes(s.Parties)
		total := decimal.Zero
		for _, i := range idx {
			total = total.Add(b.commit[i])
		}
		for j, i := range idx {
			if total.IsZero() || b.commit[i].Sign() > 0 {
				holds[s.Parties[j]] = true
			}
		}
	}
	return holds
}

// pays reports whether the split of x gives every investor req.
func (t *Hurdle) pays(b *Book, req []decimal.Decimal, x decimal.Decimal) (bool, error) {
	parts, err := t.split(b, x)
	if err != nil {
		return false, err
	}
	got := t.received(parts)
	for i, p := range t.Investors {
		if got[p].LessThan(req[i]) {
			return false, nil
		}
	}
	return true, nil
}

// ceilDiv is num/den rounded up to the minor unit, for num >= 0, den > 0.
func ceilDiv(num, den decimal.Decimal, scale int32) decimal.Decimal {
	q, r := num.QuoRem(den, scale)
	if r.Sign() > 0 {
		q = q.Add(decimal.New(1, -scale))
	}
	return q
}

// Owed is X, what the tier pays before every investor meets the hurdle.
func (t *Hurdle) Owed(b *Book) (Claim, error) {
	if t == nil {
		return Claim{}, errNilTranche(t)
	}
	x, err := t.owed(b)
	if err != nil {
		return Claim{}, err
	}
	return Claim{Amount: x}, nil
}

// Pay pays the tier, up to avail, split by the shares.
func (t *Hurdle) Pay(b *Book, avail decimal.Decimal) (decimal.Decimal, error) {
	if t == nil {
		return decimal.Zero, errNilTranche(t)
	}
	if err := checkAvail(b, t.Name, avail); err != nil {
		return decimal.Zero, err
	}
	x, err := t.owed(b)
	if err != nil || x.IsZero() || avail.IsZero() {
		return decimal.Zero, err
	}
	amount := decimal.Min(x, avail)
	if err := postShares(b, t.Name, t.Shares, x, amount); err != nil {
		return decimal.Zero, err // it fails before it posts: see postShares
	}
	return amount, nil
}

// postShares pays amount of a tier that owes x, split by shares; each
// payment's Before is the party's part of x. It splits both amounts
// before it posts anything, so an error leaves the book as it was.
func postShares(b *Book, id TrancheID, shares []Share, x, amount decimal.Decimal) error {
	owedParts, err := splitShares(b, id, shares, x)
	if err != nil {
		return err
	}
	parts := owedParts
	if amount.LessThan(x) {
		if parts, err = splitShares(b, id, shares, amount); err != nil {
			return err
		}
	}
	for i, s := range shares {
		kind := KindProfit
		if s.Promote {
			kind = KindPromote
		}
		for j, p := range s.Parties {
			before := owedParts[i][j]
			err := b.Post(Payment{Tranche: id, Party: p, Kind: kind, Amount: parts[i][j],
				Before: before, After: decimal.Max(decimal.Zero, before.Sub(parts[i][j]))})
			if err != nil {
				return err
			}
		}
	}
	return nil
}
