package tranche

import (
	"fmt"
	"math/big"
	"math/bits"
	"slices"

	"github.com/jvwaterfall/jvwaterfall/contract"
	"github.com/shopspring/decimal"
)

// CatchUp pays the sponsor a share Rate of each dollar until the sponsor
// holds Target of the cumulative profit of the deal's parties.
//
// Let P be the cumulative profit distributed to the investors and the
// sponsor (everything they received above returned capital, this tier's
// payments included) and G the sponsor's cumulative promote (its
// [KindCatchUp] and [KindPromote] receipts). The exact amount owed is
//
//	X* = (Target·P − G) / (Rate − Target).
//
// Of any whole amount A the tier pays, the sponsor gets Rate·A
// and the investors (1 − Rate)·A, split by largest remainder with the
// investors' share listed first (so a tie goes to the investors: a 50/50
// catch-up of 10,000.01 pays the investors 5,000.01 and the sponsor
// 5,000.00), and the investors' part shared among them by commitment.
// The tier owes the smallest whole amount X after whose split the
// sponsor's entitlement Target·(P + X) − G, rounded by the book's
// [Rounding] policy, is at most what it received, s(X): under [RoundUp]
// the sponsor then holds at least Target of cumulative profit exactly;
// under [HalfEven], to within half a minor unit. One unit less
// would not complete the tier, and once X is paid the tier owes nothing
// more. With a full catch-up (Rate 1) X is the exact amount rounded by
// the policy. The sponsor's payments are of [KindCatchUp];
// the investors' part of a partial catch-up is their profit, [KindProfit]
// (a sponsor that co-invests and is listed among the investors gets its
// investor part as profit too, so it never counts in G).
//
// The formula holds whatever was paid before the catch-up: after IRR or
// multiple [Hurdle] tiers, G already holds the promote those tiers paid and
// P the profit they paid to everyone, so a catch-up to a promote tier's
// share (say 30% after an 80/20 tier to a 12% IRR) pays X = (0.3·P − G) /
// (Rate − 0.3) and leaves the sponsor with 30% of all profit distributed.
type CatchUp struct {
	Name      TrancheID       // unique in the stack; the ID of its payments
	Investors []PartyID       // whose profit counts in P and who share (1 − Rate) of the tier
	Sponsor   PartyID         // who is caught up
	Target    decimal.Decimal // k: the sponsor's share of profit once caught up; 0.2 means 20%
	Rate      decimal.Decimal // c: the sponsor's share of each catch-up dollar; 1 is a full catch-up
}

// NewCatchUp returns the terms t, validated once: it returns the errors of
// [CatchUp.Validate], and a nil tranche with them.
func NewCatchUp(t CatchUp) (*CatchUp, error) {
	t.Investors = slices.Clone(t.Investors)
	if err := t.Validate(); err != nil {
		return nil, err
	}
	return &t, nil
}

// ID returns the tranche's ID.
func (t *CatchUp) ID() TrancheID {
	if t == nil {
		return ""
	}
	return t.Name
}

// Validate reports a missing ID or sponsor, bad investors, a target outside
// (0, 1) and a rate that is not in (Target, 1].
func (t *CatchUp) Validate() error {
	if t == nil {
		return errNilTranche(t)
	}
	errs := []error{checkID(t.Name), checkParties("investors", t.Investors)}
	if t.Sponsor == "" {
		errs = append(errs, fieldErr("sponsor", ErrRequiredParty))
	}
	one := decimal.NewFromInt(1)
	targetOK := t.Target.Sign() > 0 && t.Target.LessThan(one)
	if !targetOK {
		errs = append(errs, fieldErr("target", fmt.Errorf("%s, want above 0 and below 1: %w", t.Target, contract.ErrRange)))
	}
	// The rate is checked against the target only when the target is
	// right, so that a bad target is one error, not two.
	if t.Rate.GreaterThan(one) || t.Rate.Sign() <= 0 || targetOK && t.Rate.LessThanOrEqual(t.Target) {
		errs = append(errs, fieldErr("rate", fmt.Errorf("%s, want above the target %s and at most 1: %w", t.Rate, t.Target, contract.ErrRange)))
	}
	return joinErrs(errs...)
}

// owed is X: what the tier pays in all before the sponsor is caught up.
func (t *CatchUp) owed(b *Book) (decimal.Decimal, error) {
	if x, ok, err := t.owedInt(b); ok || err != nil {
		return x.dec(b.scale), err
	}
	return t.owedDec(b)
}

// profit is P and G of the tier in minor units, and the sponsor's index.
func (t *CatchUp) profit(b *Book) (p, g units, s int, err error) {
	idx, err := b.indexes(t.Investors)
	if err != nil {
		return units{}, units{}, 0, fmt.Errorf("tranche %q: %w", t.Name, err)
	}
	if s, err = b.lookup(t.Sponsor); err != nil {
		return units{}, units{}, 0, fmt.Errorf("tranche %q: %w", t.Name, err)
	}
	g = b.kindU(s, KindCatchUp).add(b.kindU(s, KindPromote))
	if b.coversAll(t.Investors, idx, s) {
		// Every party once: P is everything paid less capital returned.
		return b.posted.sub(b.paidKind[KindCapital]), g, s, nil
	}
	sponsorCounted := false
	// In int64 while the accounts are and the sum fits; from the first
	// that does not on, in units.
	var sum int64
	j := 0
	for ; j < len(idx); j++ {
		i := idx[j]
		a := &b.acc[i]
		x, ok1 := sub64(a.distributed, a.capReturned)
		y, ok2 := add64(sum, x)
		if a.wide != nil || !ok1 || !ok2 {
			break
		}
		sum = y
		sponsorCounted = sponsorCounted || i == s
	}
	p = units{n: sum}
	for _, i := range idx[j:] {
		a := &b.acc[i]
		p = p.add(a.profit())
		sponsorCounted = sponsorCounted || i == s
	}
	sa := &b.acc[s]
	if !sponsorCounted {
		p = p.add(sa.profit())
	}
	return p, g, s, nil
}

// terms returns Target and Rate as kn/pow and cn/pow; ok is false when
// they do not fit in int64.
func (t *CatchUp) terms() (kn, cn, pow uint64, ok bool) {
	e := max(-t.Target.Exponent(), -t.Rate.Exponent(), 0)
	if e > 18 || t.Target.Sign() <= 0 || t.Rate.Sign() <= 0 || t.Target.NumDigits() > 18 || t.Rate.NumDigits() > 18 {
		return 0, 0, 0, false
	}
	scaled := func(d decimal.Decimal) (uint64, bool) {
		hi, lo := bits.Mul64(uint64(d.CoefficientInt64()), uint64(pow10[e+d.Exponent()]))
		return lo, hi == 0 && lo < 1<<63
	}
	kn, ok1 := scaled(t.Target)
	cn, ok2 := scaled(t.Rate)
	return kn, cn, uint64(pow10[e]), ok1 && ok2 && cn > kn
}

// owedInt is owed in integers (128-bit products); ok is false when the
// amounts or terms do not fit, and owedDec must answer.
//
// The sponsor's part s(X) of a tier X is Rate·X rounded half down (the
// largest remainder of a split that lists the investors first), so
// s(X) − Target·X is not monotone in X, and no formula gives the least X
// that completes the tier. But |s(X) − Rate·X| ≤ ½, so every X below
// X* − 1/(Rate − Target) fails and every X from X* + ½/(Rate − Target)
// completes, where X* = (Target·P − G)/(Rate − Target) is the exact
// amount; owedInt tries the amounts between, in increasing order.
func (t *CatchUp) owedInt(b *Book) (units, bool, error) {
	p, g, _, err := t.profit(b)
	if err != nil {
		return units{}, false, err
	}
	kn, cn, pow, ok := t.terms()
	if !ok || !p.small() || !g.small() || p.n < 0 || g.n < 0 {
		return units{}, false, nil
	}
	kp, gp := mul128(kn, uint64(p.n)), mul128(pow, uint64(g.n))
	if !gp.less(kp) {
		return units{}, true, nil // Target·P − G ≤ 0: nothing owed, under either policy
	}
	num, den := kp.minus(gp), cn-kn
	if num.hi >= den {
		return units{}, false, nil
	}
	q, _ := bits.Div64(num.hi, num.lo, den) // ⌊X*⌋
	w := pow/den + 2
	if q >= 1<<61 || w >= 1<<61 || p.n >= 1<<62 || g.n >= 1<<62 {
		return units{}, false, nil
	}
	x := uint64(0)
	if q > w {
		x = q - w
	}
	for end := q + 2*w; x <= end; x++ {
		s := sponsorPart(x, cn, pow)
		need := mul128(kn, uint64(p.n)+x)  // pow·Target·(P + X)
		have := mul128(pow, uint64(g.n)+s) // pow·(G + s(X))
		if !have.less(need) {
			return units{n: int64(x)}, true, nil
		}
		if b.rounding != HalfEven {
			continue
		}
		// Half-even: complete when the sponsor's entitlement
		// Target·(P + X) − G, rounded half-even, is at most G + s(X) − G,
		// that is when D = need − have < pow/2, or = pow/2 with s even.
		short := need.minus(have)
		if short.hi == 0 && short.lo <= pow && (2*short.lo < pow || 2*short.lo == pow && s%2 == 0) {
			return units{n: int64(x)}, true, nil
		}
	}
	return units{}, true, fmt.Errorf("tranche %q: no catch-up amount completes the tier: %w", t.Name, ErrInvariant)
}

// sponsorPart is the sponsor's part of a minor units of the tier: Rate·a
// rounded half down, which is what a largest-remainder split of a between
// the investors (1 − Rate, listed first, so they win a tie) and the
// sponsor (Rate) gives the sponsor.
func sponsorPart(a, cn, pow uint64) uint64 {
	hi, lo := bits.Mul64(cn, a)
	q, r := bits.Div64(hi, lo, pow) // cn ≤ pow, so the quotient fits
	if 2*r > pow {
		q++
	}
	return q
}

// mul128 is x·y as a u128.
func mul128(x, y uint64) u128 {
	hi, lo := bits.Mul64(x, y)
	return u128{hi, lo}
}

// owedDec is owed in big-integer arithmetic, by the search of owedInt.
func (t *CatchUp) owedDec(b *Book) (decimal.Decimal, error) {
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
		profit = profit.add(a.profit())
		sponsorCounted = sponsorCounted || i == s
	}
	sa := &b.acc[s]
	if !sponsorCounted {
		profit = profit.add(sa.profit())
	}
	p := profit.bigInt()
	g := b.kindU(s, KindCatchUp).add(b.kindU(s, KindPromote)).bigInt()
	e := max(-t.Target.Exponent(), -t.Rate.Exponent(), 0)
	pow := new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(e)), nil)
	kn := t.Target.Shift(e).BigInt()
	cn := t.Rate.Shift(e).BigInt()
	num := new(big.Int).Sub(new(big.Int).Mul(kn, p), new(big.Int).Mul(pow, g))
	if num.Sign() <= 0 {
		return decimal.Zero, nil
	}
	den := new(big.Int).Sub(cn, kn)
	q := new(big.Int).Quo(num, den)
	w := new(big.Int).Quo(pow, den)
	w.Add(w, big.NewInt(2))
	x := new(big.Int).Sub(q, w)
	if x.Sign() < 0 {
		x.SetInt64(0)
	}
	end := new(big.Int).Add(q, new(big.Int).Lsh(w, 1))
	one := big.NewInt(1)
	need, have, sp, r := new(big.Int), new(big.Int), new(big.Int), new(big.Int)
	for ; x.Cmp(end) <= 0; x.Add(x, one) {
		sp.QuoRem(new(big.Int).Mul(cn, x), pow, r)
		if r.Lsh(r, 1).Cmp(pow) > 0 {
			sp.Add(sp, one)
		}
		need.Mul(kn, need.Add(p, x))
		have.Mul(pow, have.Add(g, sp))
		short := need.Sub(need, have)
		if short.Sign() <= 0 {
			return decimal.NewFromBigInt(x, -b.scale), nil
		}
		if b.rounding == HalfEven {
			if c := short.Lsh(short, 1).Cmp(pow); c < 0 || c == 0 && sp.Bit(0) == 0 {
				return decimal.NewFromBigInt(x, -b.scale), nil
			}
		}
	}
	return decimal.Zero, fmt.Errorf("tranche %q: no catch-up amount completes the tier: %w", t.Name, ErrInvariant)
}

// Owed is X, the catch-up still due.
func (t *CatchUp) Owed(b *Book) (Claim, error) {
	if t == nil {
		return Claim{}, errNilTranche(t)
	}
	x, err := t.owed(b)
	if err != nil {
		return Claim{}, err
	}
	return Claim{Amount: x}, nil
}

// parts divides an amount a of the tier: the sponsor's Rate·a rounded
// half down to the minor unit (a largest-remainder split that lists the
// investors first, so that they win a tie), and the investors' rest. The
// parts add up to a exactly.
func (t *CatchUp) parts(a decimal.Decimal, scale int32) [2]decimal.Decimal {
	exact := t.Rate.Mul(a)
	sponsor := exact.RoundFloor(scale)
	if exact.Sub(sponsor).Shift(scale + 1).GreaterThan(decimal.NewFromInt(5)) {
		sponsor = sponsor.Add(decimal.New(1, -scale))
	}
	return [2]decimal.Decimal{sponsor, a.Sub(sponsor)}
}

// Pay pays the catch-up, up to avail: Rate to the sponsor, the rest to the
// investors by commitment.
func (t *CatchUp) Pay(b *Book, avail decimal.Decimal) (decimal.Decimal, error) {
	if t == nil {
		return decimal.Zero, errNilTranche(t)
	}
	if err := checkAvail(b, t.Name, avail); err != nil {
		return decimal.Zero, err
	}
	u, _ := toUnits(avail, b.scale)
	paid, err := t.payUnits(b, u)
	if err != nil {
		return decimal.Zero, err
	}
	return decOf(paid, u, avail, b.scale), nil
}

func (t *CatchUp) payUnits(b *Book, avail units) (units, error) {
	if t == nil {
		return units{}, errNilTranche(t)
	}
	x, ok, err := t.owedInt(b)
	if err != nil || ok && (x.sign() == 0 || avail.sign() == 0) {
		return units{}, err
	}
	if ok && avail.small() || ok && avail.cmp(x) >= 0 {
		if paid, ok, err := t.payInt(b, x.n, avail); ok || err != nil {
			return paid, err
		}
	}
	paid, err := t.payDec(b, avail.dec(b.scale))
	if err != nil {
		return units{}, err
	}
	pu, _ := toUnits(paid, b.scale)
	return pu, nil
}

// payInt pays min(x, avail) of a tier that owes x, in int64; ok is false,
// with nothing paid, when the terms or the investors' commitments do not
// fit and payDec must pay.
func (t *CatchUp) payInt(b *Book, x int64, avail units) (units, bool, error) {
	_, cn, pow, ok := t.terms()
	idx, err := b.indexes(t.Investors)
	if !ok || err != nil || b.weights == nil {
		return units{}, false, nil
	}
	s, err := b.lookup(t.Sponsor)
	if err != nil {
		return units{}, true, fmt.Errorf("tranche %q: %w", t.Name, err)
	}
	amount := x
	if avail.cmp(units{n: x}) < 0 {
		amount = avail.n
	}
	owed0 := int64(sponsorPart(uint64(x), cn, pow))
	paid0 := int64(sponsorPart(uint64(amount), cn, pow))
	pt := b.totals(t.Name)
	if paid0 > 0 {
		if err := b.post(s, pt, KindCatchUp, units{n: paid0}, owed0, owed0-paid0, nil, -1); err != nil {
			return units{}, true, err
		}
	}
	if amount-paid0 == 0 {
		return units{n: amount}, true, nil
	}
	owedInv, ok := byCommitmentUnits(b, idx, units{n: x - owed0})
	if !ok {
		return units{}, false, nil // not reached: the weights fit
	}
	owedInv = append(b.ibuf[:0], owedInv...)
	b.ibuf = owedInv
	paidInv, _ := byCommitmentUnits(b, idx, units{n: amount - paid0})
	for j, i := range idx {
		if paidInv[j] == 0 {
			continue
		}
		after := max(0, owedInv[j]-paidInv[j])
		if err := b.post(i, pt, KindProfit, units{n: paidInv[j]}, owedInv[j], after, nil, -1); err != nil {
			return units{}, true, err
		}
	}
	return units{n: amount}, true, nil
}

// payDec is Pay in decimal arithmetic.
func (t *CatchUp) payDec(b *Book, avail decimal.Decimal) (decimal.Decimal, error) {
	x, err := t.owedDec(b)
	if err != nil || x.IsZero() || avail.IsZero() {
		return decimal.Zero, err
	}
	amount := decimal.Min(x, avail)
	owedParts, parts := t.parts(x, b.scale), t.parts(amount, b.scale)
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
		err := b.Post(Payment{Tranche: t.Name, Party: id, Kind: KindProfit, Amount: paidInv[i],
			Before: owedInv[i], After: decimal.Max(decimal.Zero, owedInv[i].Sub(paidInv[i]))})
		if err != nil {
			return decimal.Zero, err
		}
	}
	return amount, nil
}
