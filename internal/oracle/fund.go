package oracle

import (
	"fmt"
	"math/big"
	"slices"
	"time"

	"github.com/shopspring/decimal"
)

// This file is a second method for a European fund's waterfall: return of
// capital, a compounding preferred return, IRR and multiple hurdle tiers,
// a full or partial catch-up and a final split. The library computes each
// tier from hurdle balances and closed forms; the oracle searches for it:
// it bisects on each tier's whole amount, splitting each candidate by its
// own largest-remainder rule ([Apportion]) and testing each investor's
// actual dated flows, with the candidate part added, against the hurdle.
// An IRR hurdle is met when the flows' net present value at the rate,
// (1+r)^(−days/365) in 200-bit arithmetic, is not negative (for flows that
// change sign once, exactly when their XIRR is at least r); multiples and
// catch-ups are tested in exact rationals.

// Policy is the oracle's rounding policy: how an exact amount owed becomes
// whole minor units.
type Policy int

// The policies.
const (
	Up       Policy = iota // up to the next unit
	HalfEven               // to the nearest unit, ties to even
)

// FundShare is a share of a tier: parties that divide it by commitment
// (equally if none has one), its weight, and whether it is the sponsor's
// promote.
type FundShare struct {
	Parties []string
	Weight  decimal.Decimal
	Promote bool
}

// FundTier is a hurdle tier: IRR Rate (annual, compounding annually on
// ACT/365F; zero for none) and Multiple (zero for none), tested for
// Investors, split by Shares.
type FundTier struct {
	Name      string
	Rate      decimal.Decimal
	Multiple  decimal.Decimal
	Investors []string
	Shares    []FundShare
}

// FundCatchUp is a catch-up: Sponsor gets Rate of each dollar until it
// holds Target of the profit of Investors and itself. It runs after the
// first After tiers.
type FundCatchUp struct {
	Name         string
	Investors    []string
	Sponsor      string
	Target, Rate decimal.Decimal
	After        int
}

// FundFlow is a dated amount in minor units; Party is empty for proceeds.
type FundFlow struct {
	Date   time.Time
	Party  string
	Amount int64
}

// Fund is a European fund for [RunFund]. Capital and the pref are paid to
// Capital (in order) before the tiers; PrefRate zero means no pref.
type Fund struct {
	Policy        Policy
	Parties       []string
	Commitments   map[string]int64 // minor units
	Contributions []FundFlow
	Proceeds      []FundFlow
	Capital       []string
	PrefRate      decimal.Decimal
	Tiers         []FundTier
	CatchUp       *FundCatchUp
	Final         []FundShare
	FinalName     string // the final split's tranche; "final" if empty
}

// FundPayment is a payment of [RunFund]: on Date, by tranche Tranche
// ("capital", "pref", a tier's, the catch-up's or the final split's) to
// Party.
type FundPayment struct {
	Date    time.Time
	Tranche string
	Party   string
	Amount  int64
	Promote bool // a promote or catch-up payment to the sponsor
}

// prefLimit bounds the search for a pref: 2^52 minor units.
const prefLimit = 1 << 52

type fundRun struct {
	f        *Fund
	flows    map[string][]FundFlow // each party's dated flows: contributions negative
	contrib  map[string]int64
	capRet   map[string]int64
	dist     map[string]int64
	promote  map[string]int64
	pays     []FundPayment
	discount map[string]*Discount // by rate
	values   map[pvKey]PV         // a party's flows valued at a rate, by how many flows it has
	today    time.Time
}

type pvKey struct {
	party, rate string
	flows       int
}

// RunFund runs f's proceeds through its waterfall, date by date
// (contributions of a date come first), and returns every payment.
func RunFund(f *Fund) ([]FundPayment, error) {
	r := &fundRun{f: f, flows: map[string][]FundFlow{}, contrib: map[string]int64{}, capRet: map[string]int64{},
		dist: map[string]int64{}, promote: map[string]int64{}, discount: map[string]*Discount{}, values: map[pvKey]PV{}}
	var dates []time.Time
	for _, fl := range append(slices.Clone(f.Contributions), f.Proceeds...) {
		if !slices.ContainsFunc(dates, fl.Date.Equal) {
			dates = append(dates, fl.Date)
		}
	}
	slices.SortFunc(dates, func(a, b time.Time) int { return a.Compare(b) })
	for _, day := range dates {
		r.today = day
		cash := int64(0)
		for _, c := range f.Contributions {
			if c.Date.Equal(day) {
				r.contrib[c.Party] += c.Amount
				r.flows[c.Party] = append(r.flows[c.Party], FundFlow{day, c.Party, -c.Amount})
			}
		}
		for _, p := range f.Proceeds {
			if p.Date.Equal(day) {
				cash += p.Amount
			}
		}
		if err := r.distribute(cash); err != nil {
			return nil, fmt.Errorf("%s: %w", day.Format(time.DateOnly), err)
		}
	}
	return r.pays, nil
}

func (r *fundRun) pay(tranche, party string, amount int64, capital, promote bool) {
	if amount == 0 {
		return
	}
	r.pays = append(r.pays, FundPayment{r.today, tranche, party, amount, promote})
	r.dist[party] += amount
	if capital {
		r.capRet[party] += amount
	}
	if promote {
		r.promote[party] += amount
	}
	r.flows[party] = append(r.flows[party], FundFlow{r.today, party, amount})
}

func (r *fundRun) distribute(cash int64) error {
	f := r.f
	// Return of capital, a shortfall shared by what each is owed.
	owed := make([]int64, len(f.Capital))
	for i, p := range f.Capital {
		owed[i] = r.contrib[p] - r.capRet[p]
	}
	cash -= r.payOwed("capital", f.Capital, owed, cash, true)
	if !f.PrefRate.IsZero() {
		rate := f.PrefRate.String()
		for i, p := range f.Capital {
			// Owed in full, not up to the cash: a shortfall is shared by it.
			owed[i] = r.smallest(prefLimit, func(d int64) bool { return r.meets(p, rate, d) })
		}
		cash -= r.payOwed("pref", f.Capital, owed, cash, false)
	}
	for j := 0; j <= len(f.Tiers); j++ {
		if cu := f.CatchUp; cu != nil && cu.After == j {
			cash -= r.catchUp(cu, cash)
		}
		if j < len(f.Tiers) {
			cash -= r.tier(&f.Tiers[j], cash)
		}
	}
	parts := r.split(f.Final, cash)
	name := f.FinalName
	if name == "" {
		name = "final"
	}
	for s, sh := range f.Final {
		for k, p := range sh.Parties {
			r.pay(name, p, parts[s][k], false, sh.Promote)
		}
	}
	return nil
}

// payOwed pays owed[i] to parties[i], or avail shared by owed.
func (r *fundRun) payOwed(tranche string, parties []string, owed []int64, avail int64, capital bool) int64 {
	total := int64(0)
	for _, o := range owed {
		total += o
	}
	parts := owed
	if total > avail {
		w := make([]*big.Rat, len(owed))
		for i, o := range owed {
			w[i] = big.NewRat(o, 1)
		}
		parts, total = Apportion(avail, w), avail
	}
	for i, p := range parties {
		r.pay(tranche, p, parts[i], capital, false)
	}
	return total
}

// smallest is the least x in [0, avail] for which ok holds, found by
// bisection (ok must be monotone), or avail when none does.
func (r *fundRun) smallest(avail int64, ok func(int64) bool) int64 {
	if !ok(avail) {
		return avail
	}
	lo, hi := int64(-1), avail // ok(hi); lo fails or is -1
	for hi-lo > 1 {
		mid := lo + (hi-lo)/2
		if ok(mid) {
			hi = mid
		} else {
			lo = mid
		}
	}
	return hi
}

// split divides amount by shares, then each share among its parties by
// commitment (equally if none has one).
func (r *fundRun) split(shares []FundShare, amount int64) [][]int64 {
	w := make([]*big.Rat, len(shares))
	for i, s := range shares {
		w[i] = s.Weight.Rat()
	}
	top := Apportion(amount, w)
	out := make([][]int64, len(shares))
	for i, s := range shares {
		cw := make([]*big.Rat, len(s.Parties))
		anyC := false
		for k, p := range s.Parties {
			cw[k] = big.NewRat(r.f.Commitments[p], 1)
			anyC = anyC || cw[k].Sign() > 0
		}
		if !anyC {
			for k := range cw {
				cw[k] = big.NewRat(1, 1)
			}
		}
		out[i] = Apportion(top[i], cw)
	}
	return out
}

// roundOwed rounds an exact amount owed (units) by the policy; nothing is
// owed when it rounds to zero or less.
func (r *fundRun) roundOwed(x *big.Rat) int64 {
	q, m := new(big.Int).DivMod(x.Num(), x.Denom(), new(big.Int)) // floor, remainder ≥ 0
	if m.Sign() != 0 {
		twice := new(big.Int).Lsh(m, 1)
		switch c := twice.Cmp(x.Denom()); {
		case r.f.Policy == Up, c > 0, c == 0 && q.Bit(0) == 1:
			q.Add(q, big.NewInt(1))
		}
	}
	return max(0, q.Int64())
}

// meetsIRR reports whether party, paid d more today, meets the IRR hurdle
// rate under the policy: under Up, when the net present value of its flows
// at rate is not negative; under HalfEven, when d is at least its exact
// requirement rounded half-even, that is when the value with d + ½ is
// positive, or zero (a tie) with d even.
func (r *fundRun) meetsIRR(party string, rate decimal.Decimal, d int64) bool {
	return r.meets(party, rate.String(), d)
}

// meets is meetsIRR with the rate as a string.
func (r *fundRun) meets(party, rate string, d int64) bool {
	key := pvKey{party, rate, len(r.flows[party])}
	pv, ok := r.values[key]
	disc := r.discount[rate]
	if !ok {
		if disc == nil {
			disc = NewDiscount(rate)
			r.discount[rate] = disc
		}
		pv = disc.Value(r.flows[party])
		r.values[key] = pv
	}
	switch disc.Sign(pv, r.today, d, r.f.Policy == HalfEven) {
	case 1:
		return true
	case -1:
		return false
	}
	return r.f.Policy == Up || d%2 == 0
}

// meetsMultiple reports whether party, paid d more, meets multiple m.
func (r *fundRun) meetsMultiple(party string, m decimal.Decimal, d int64) bool {
	need := new(big.Rat).Mul(m.Rat(), big.NewRat(r.contrib[party], 1))
	need.Sub(need, big.NewRat(r.dist[party], 1))
	return d >= r.roundOwed(need)
}

// tier pays a hurdle tier out of avail and returns what it paid.
func (r *fundRun) tier(t *FundTier, avail int64) int64 {
	meets := func(x int64) bool {
		parts := r.split(t.Shares, x)
		for _, inv := range t.Investors {
			got := int64(0)
			for s, sh := range t.Shares {
				for k, p := range sh.Parties {
					if p == inv && !sh.Promote {
						got += parts[s][k]
					}
				}
			}
			if !t.Rate.IsZero() && !r.meetsIRR(inv, t.Rate, got) {
				return false
			}
			if !t.Multiple.IsZero() && !r.meetsMultiple(inv, t.Multiple, got) {
				return false
			}
		}
		return true
	}
	x := r.smallest(avail, meets)
	parts := r.split(t.Shares, x)
	for s, sh := range t.Shares {
		for k, p := range sh.Parties {
			r.pay(t.Name, p, parts[s][k], false, sh.Promote)
		}
	}
	return x
}

// catchUp pays the catch-up out of avail and returns what it paid. Its
// split of x lists the investors' share (1 − Rate) before the sponsor's;
// it is complete when the sponsor's entitlement Target·(P + x) − G,
// rounded by the policy, is at most its part. That is not monotone in x,
// so the oracle bisects for the least x at which it could be complete
// (Target·(P + x) − G ≤ Rate·x + 1, as the sponsor's part is within ½ of
// Rate·x and the rounding within ½ of the entitlement) and tries every
// amount from there up.
func (r *fundRun) catchUp(cu *FundCatchUp, avail int64) int64 {
	members := slices.Clone(cu.Investors)
	if !slices.Contains(members, cu.Sponsor) {
		members = append(members, cu.Sponsor)
	}
	p := int64(0)
	for _, m := range members {
		p += r.dist[m] - r.capRet[m]
	}
	g := r.promote[cu.Sponsor]
	k, c := cu.Target.Rat(), cu.Rate.Rat()
	entitled := func(x int64) *big.Rat {
		e := new(big.Rat).Mul(k, big.NewRat(p+x, 1))
		return e.Sub(e, big.NewRat(g, 1))
	}
	shares := func(x int64) []int64 {
		return Apportion(x, []*big.Rat{new(big.Rat).Sub(big.NewRat(1, 1), c), c})
	}
	possible := func(x int64) bool {
		bound := new(big.Rat).Mul(c, big.NewRat(x, 1))
		return entitled(x).Cmp(bound.Add(bound, big.NewRat(1, 1))) <= 0
	}
	x := avail + 1
	if possible(avail) {
		for x = r.smallest(avail, possible); x <= avail; x++ {
			if r.roundOwed(entitled(x)) <= shares(x)[1] {
				break
			}
		}
	}
	x = min(x, avail)
	sh := shares(x)
	inv := r.split([]FundShare{{Parties: cu.Investors, Weight: decimal.NewFromInt(1)}}, sh[0])[0]
	r.pay(cu.Name, cu.Sponsor, sh[1], false, true)
	for i, p := range cu.Investors {
		r.pay(cu.Name, p, inv[i], false, false)
	}
	return x
}

// Discount is the present value at an annual rate r of dated amounts,
// (1+r)^(−days/365) from a fixed origin, in 200-bit arithmetic with the
// series of [XNPV]; factors are computed once per day.
type Discount struct {
	lg      *big.Float
	factors map[int64]*big.Float
}

// NewDiscount returns the present value at rate, a decimal string (annual,
// compounding annually on ACT/365F).
func NewDiscount(rate string) *Discount {
	one := new(big.Float).SetPrec(prec).SetInt64(1)
	r, _, _ := big.ParseFloat(rate, 10, prec, big.ToNearestEven)
	return &Discount{lg: bigLn(one.Add(one, r)), factors: map[int64]*big.Float{}}
}

// factor is (1+r)^(−days/365).
func (d *Discount) factor(days int64) *big.Float {
	if f, ok := d.factors[days]; ok {
		return f
	}
	e := new(big.Float).SetPrec(prec).Mul(d.lg, new(big.Float).SetPrec(prec).SetInt64(-days))
	e.Quo(e, new(big.Float).SetPrec(prec).SetInt64(365))
	f := bigExp(e)
	d.factors[days] = f
	return f
}

// PV is the present value of dated flows, and the largest of its terms
// in magnitude, which sets the tolerance of a tie in [Discount.Sign].
type PV struct{ sum, largest *big.Float }

// Value returns the present value of flows, each discounted to the Unix
// epoch.
func (d *Discount) Value(flows []FundFlow) PV {
	v := PV{new(big.Float).SetPrec(prec), new(big.Float).SetPrec(prec)}
	for _, f := range flows {
		v = d.add(v, new(big.Float).SetPrec(prec).SetInt64(f.Amount), f.Date)
	}
	return v
}

func (d *Discount) add(v PV, a *big.Float, t time.Time) PV {
	y, m, dd := t.Date()
	days := time.Date(y, m, dd, 0, 0, 0, 0, time.UTC).Unix() / 86400
	x := new(big.Float).SetPrec(prec).Mul(a, d.factor(days))
	out := PV{new(big.Float).SetPrec(prec).Add(v.sum, x), new(big.Float).SetPrec(prec).Set(v.largest)}
	if x.Abs(x).Cmp(out.largest) > 0 {
		out.largest.Set(x)
	}
	return out
}

// Sign returns the sign of v plus units (plus ½ with half) on date: 1,
// -1, or 0 when it is within 2^-150 of the largest term (a tie: the exact
// value is zero, as with whole years at a rational rate).
func (d *Discount) Sign(v PV, date time.Time, units int64, half bool) int {
	a := new(big.Float).SetPrec(prec).SetInt64(units)
	if half {
		a.Add(a, big.NewFloat(0.5))
	}
	v = d.add(v, a, date)
	tol := new(big.Float).SetMantExp(v.largest, -150)
	switch {
	case new(big.Float).Abs(v.sum).Cmp(tol) <= 0:
		return 0
	case v.sum.Sign() > 0:
		return 1
	}
	return -1
}
