package tranche

import (
	"errors"
	"fmt"
	"time"

	"github.com/jvwaterfall/jvwaterfall/contract"
	"github.com/shopspring/decimal"
)

// Env is what a stack is checked against before a run ([ValidateEnv]):
// the deal that will run it. Terms that are valid on their own
// ([Validate]) can still be wrong for a deal: a party it does not have, a
// rate that its dates would grow beyond any bound, a share of a hurdle
// tier that its commitments make vanishingly small.
type Env struct {
	Parties []Party           // the deal's parties with their commitments, as its book holds them
	Periods []contract.Period // the deal's schedule, in order
	Scale   int32             // the deal's minor unit: 2 for cents
}

// NamedParty is a party that a tranche's terms name, with the path of the
// field that names it, such as "shares[1].parties[0]".
type NamedParty struct {
	Path  string
	Party PartyID
}

// A PartyNamer is implemented by tranches whose terms name parties, so
// that a deal can check before a run that it has each of them
// ([ValidateEnv]). Every leaf tranche of this package implements it;
// combinators need not, as ValidateEnv walks their children ([Parent]).
type PartyNamer interface {
	// NamedParties returns every party the terms name, in the order of
	// the terms; empty IDs are left to Validate.
	NamedParties() []NamedParty
}

// An EnvValidator is implemented by tranches whose terms can be checked
// only against the deal that runs them ([ValidateEnv]): the shares of a
// [Hurdle] against the commitments, a rate against the deal's dates, a
// loan plan against its schedule. ValidateEnv is only called on terms that
// [Validate] accepts.
type EnvValidator interface {
	ValidateEnv(env Env) error
}

// ValidateEnv checks t, and every tranche below it, against the deal env
// describes, so that what its terms would make fail during a run is
// reported before it: every party a [PartyNamer] names must be one of
// env.Parties, and every [EnvValidator] must accept env. Each problem is
// reported with the tranche's ID and the path of the field, as in
//
//	tranche "carry": shares[1].parties[0]: unknown party "X"
//
// and all of them are joined. Call it on a stack that [Validate] accepts;
// nil tranches are skipped.
func ValidateEnv(t Tranche, env Env) error {
	known := newPartySet(env.Parties)
	var errs []error
	var walk func(t Tranche)
	walk = func(t Tranche) {
		if isNil(t) {
			return
		}
		var own []error
		if k, ok := t.(partyChecker); ok && k.knownParties(known) {
			// Every party is known: no paths to write.
		} else if n, ok := t.(PartyNamer); ok {
			for _, np := range n.NamedParties() {
				if np.Party != "" && !known.has(np.Party, -1) {
					own = append(own, fieldErr(np.Path, fmt.Errorf("%w %q", ErrUnknownParty, np.Party)))
				}
			}
		}
		if v, ok := t.(EnvValidator); ok {
			own = append(own, v.ValidateEnv(env))
		}
		for _, err := range contract.Errors(errors.Join(own...)) {
			errs = append(errs, fmt.Errorf("tranche %q: %w", t.ID(), err))
		}
		if j, ok := junior(t); ok { // the children, read without copies
			walk(j)
			return
		}
		for _, c := range children(t) {
			walk(c)
		}
	}
	walk(t)
	return errors.Join(errs...)
}

// A partyChecker tells, without writing the paths of NamedParties, that
// every party its terms name is known: a run validates its deal, and the
// paths of K investors would cost K strings a run.
type partyChecker interface {
	knownParties(known *partySet) bool
}

// partySet tells whether a party is one of a deal's. A list of terms
// often names the deal's parties in the deal's order, so a party is
// looked for first where its place in the list puts it, then by a scan
// of the parties while the scans stay few, and only then in a map, made
// once: a deal of 10,000 investors is validated every run, and a map of
// them costs more than the rest of the check.
type partySet struct {
	parties []Party
	m       map[PartyID]bool
	scans   int // the parties a scan may still read before the map is made
}

func newPartySet(parties []Party) *partySet {
	return &partySet{parties: parties, scans: 4*len(parties) + 256}
}

// has reports whether id is one of the parties; j is its place in the
// list that names it, or −1.
func (s *partySet) has(id PartyID, j int) bool {
	if j >= 0 && j < len(s.parties) && s.parties[j].ID == id {
		return true
	}
	if s.m == nil && s.scans >= len(s.parties) {
		s.scans -= len(s.parties)
		for _, p := range s.parties {
			if p.ID == id {
				return true
			}
		}
		return false
	}
	if s.m == nil {
		s.m = make(map[PartyID]bool, len(s.parties))
		for _, p := range s.parties {
			s.m[p.ID] = true
		}
	}
	return s.m[id]
}

// allKnown reports whether every ID of each list is known or empty.
func allKnown(known *partySet, lists ...[]PartyID) bool {
	for _, ids := range lists {
		for j, id := range ids {
			if id != "" && !known.has(id, j) {
				return false
			}
		}
	}
	return true
}

func sharesKnown(known *partySet, shares []Share) bool {
	for _, s := range shares {
		if !allKnown(known, s.Parties) {
			return false
		}
	}
	return true
}

func (t *ReturnOfCapital) knownParties(k *partySet) bool { return allKnown(k, t.Parties) }
func (t *PreferredReturn) knownParties(k *partySet) bool { return allKnown(k, t.Parties) }
func (t *PreferredEquity) knownParties(k *partySet) bool { return allKnown(k, t.Parties) }
func (t *Split) knownParties(k *partySet) bool           { return sharesKnown(k, t.Shares) }

func (t *CatchUp) knownParties(k *partySet) bool {
	return allKnown(k, t.Investors) && (t.Sponsor == "" || k.has(t.Sponsor, -1))
}

func (t *Hurdle) knownParties(k *partySet) bool {
	return allKnown(k, t.Investors) && sharesKnown(k, t.Shares)
}

func named(path string, ids []PartyID) []NamedParty {
	out := make([]NamedParty, len(ids))
	for i, id := range ids {
		out[i] = NamedParty{Path: fmt.Sprintf("%s[%d]", path, i), Party: id}
	}
	return out
}

func namedShares(shares []Share) []NamedParty {
	var out []NamedParty
	for i, s := range shares {
		out = append(out, named(fmt.Sprintf("shares[%d].parties", i), s.Parties)...)
	}
	return out
}

// NamedParties returns the parties whose capital is returned.
func (t *ReturnOfCapital) NamedParties() []NamedParty {
	if t == nil {
		return nil
	}
	return named("parties", t.Parties)
}

// NamedParties returns the parties earning the pref.
func (t *PreferredReturn) NamedParties() []NamedParty {
	if t == nil {
		return nil
	}
	return named("parties", t.Parties)
}

// NamedParties returns the holders.
func (t *PreferredEquity) NamedParties() []NamedParty {
	if t == nil {
		return nil
	}
	return named("parties", t.Parties)
}

// NamedParties returns the investors, then the sponsor.
func (t *CatchUp) NamedParties() []NamedParty {
	if t == nil {
		return nil
	}
	return append(named("investors", t.Investors), NamedParty{Path: "sponsor", Party: t.Sponsor})
}

// NamedParties returns the investors tested, then the parties of each
// share.
func (t *Hurdle) NamedParties() []NamedParty {
	if t == nil {
		return nil
	}
	return append(named("investors", t.Investors), namedShares(t.Shares)...)
}

// NamedParties returns the parties of each share.
func (t *Split) NamedParties() []NamedParty {
	if t == nil {
		return nil
	}
	return namedShares(t.Shares)
}

// NamedParties returns the lender.
func (t *Debt) NamedParties() []NamedParty {
	if t == nil {
		return nil
	}
	return []NamedParty{{Path: "lender", Party: t.Lender}}
}

// NamedParties returns the seller.
func (t *TakeOrPay) NamedParties() []NamedParty {
	if t == nil {
		return nil
	}
	return []NamedParty{{Path: "seller", Party: t.Seller}}
}

// NamedParties returns the holders of every class.
func (t *CapTable) NamedParties() []NamedParty {
	if t == nil {
		return nil
	}
	var out []NamedParty
	for i, s := range t.Preferred {
		for j, h := range s.Holders {
			out = append(out, NamedParty{Path: fmt.Sprintf("preferred[%d].holders[%d].party", i, j), Party: h.Party})
		}
	}
	for i, c := range t.Common {
		for j, h := range c.Holders {
			out = append(out, NamedParty{Path: fmt.Sprintf("common[%d].holders[%d].party", i, j), Party: h.Party})
		}
	}
	return out
}

// checkSpan reports, at path, a rate that would grow a balance beyond
// e^±1000 ([contract.MaxLogGrowth]) over the spans a run grows balances:
// from one movement to a later one, and movements are dated at period ends,
// so at most from the first period's end to the last's; and over one period
// (an accrual from its start to its end).
func checkSpan(path string, r contract.Rate, env Env) error {
	if len(env.Periods) == 0 || r.Annual.IsZero() {
		return nil
	}
	first, last := env.Periods[0], env.Periods[len(env.Periods)-1]
	if err := r.ValidateSpan(first.End, last.End); err != nil {
		return fieldErr(path, fmt.Errorf("%v from the first period's end to the last's, %s to %s: %w", r, day(first.End), day(last.End), err))
	}
	return checkPeriods(path, r, env)
}

// checkPeriods reports, at path, a rate that would grow a balance beyond
// e^±1000 ([contract.MaxLogGrowth]) over one of the deal's periods. The
// growth depends on a period through its year fraction only, and grows
// with it, so only the period with the largest fraction is checked.
func checkPeriods(path string, r contract.Rate, env Env) error {
	return checkLongest(path, r, env, longest(r.DayCount, env.Periods))
}

// checkLongest is checkPeriods with i, the longest of env's periods
// under r's day count, found already.
func checkLongest(path string, r contract.Rate, env Env, i int) error {
	if r.Annual.IsZero() || i < 0 {
		return nil
	}
	p := env.Periods[i]
	if err := r.ValidateSpan(p.Start, p.End); err != nil {
		return fieldErr(path, fmt.Errorf("%v over period %d, %s to %s: %w", r, i, day(p.Start), day(p.End), err))
	}
	return nil
}

// longest is the index of the period with the largest year fraction under
// dc, the first of equals; -1 without periods.
func longest(dc contract.DayCount, periods []contract.Period) int {
	best, bn, bd := -1, int64(-1), int64(1)
	for i, p := range periods {
		n, d := dc.Fraction(p.Start, p.End)
		if n*bd > bn*d {
			best, bn, bd = i, n, d
		}
	}
	return best
}

func day(t time.Time) string { return t.Format(time.DateOnly) }

// ValidateEnv reports a rate that would grow the pref beyond
// e^±1000 ([contract.MaxLogGrowth]) between the deal's dates (see
// [contract.Rate.ValidateSpan]).
func (t *PreferredReturn) ValidateEnv(env Env) error {
	if t == nil {
		return errNilTranche(t)
	}
	return checkSpan("rate", t.Rate, env)
}

// ValidateEnv reports a coupon that grows beyond e^±1000
// ([contract.MaxLogGrowth]) over one of the deal's periods: the coupon
// accrues period by period.
func (t *PreferredEquity) ValidateEnv(env Env) error {
	if t == nil {
		return errNilTranche(t)
	}
	return checkPeriods("coupon", t.Coupon, env)
}

// TierSharePlaces bounds the shares of a [Hurdle] tier: every investor it
// tests must get at least 10^-TierSharePlaces of each tier dollar (its
// shares' weights times its commitment share of each class). A smaller
// share makes the tier pay more than 10^TierSharePlaces for each dollar of
// that investor's hurdle: terms no deal means, whose amounts would grow
// without bound. [Hurdle.ValidateEnv] checks it against the deal's
// commitments.
const TierSharePlaces = 12

// tierShareCheckPlaces is the precision of the shares compared with
// 10^-TierSharePlaces, and shown when they are below it.
const tierShareCheckPlaces = 40

// approx writes a small positive x with three significant digits, as in
// "8e-21" or "1.03e-12".
func approx(x decimal.Decimal) string {
	mag := int32(x.NumDigits()) + x.Exponent() - 1 // 10^mag <= x < 10^(mag+1)
	m := x.Shift(-mag).Round(2).Normalize()
	return fmt.Sprintf("%se%d", m.String(), mag)
}

// ValidateEnv checks the tier against the deal:
//   - every investor tested must get at least 10^-[TierSharePlaces] of each
//     tier dollar: an investor with no commitment in a class whose other
//     members have commitments gets nothing of the tier, and one whose
//     commitment is a sliver of its class's gets too little;
//   - the rate must not grow a hurdle balance beyond e^±1000
//     ([contract.MaxLogGrowth]) between the deal's dates: from the first
//     period's end to the last's, or over a period
//     ([contract.Rate.ValidateSpan]).
func (t *Hurdle) ValidateEnv(env Env) error {
	if t == nil {
		return errNilTranche(t)
	}
	errs := []error{checkSpan("rate", t.Rate, env)}
	commitment := make(map[PartyID]decimal.Decimal, len(env.Parties))
	for _, p := range env.Parties {
		commitment[p.ID] = p.Commitment
	}
	share := map[PartyID]decimal.Decimal{}
	for _, s := range t.Shares {
		if s.Promote || s.Weight.Sign() <= 0 {
			continue
		}
		total := decimal.Zero
		for _, p := range s.Parties {
			total = total.Add(commitment[p])
		}
		for _, p := range s.Parties {
			var part decimal.Decimal
			if total.Sign() > 0 {
				part = s.Weight.Mul(commitment[p]).DivRound(total, tierShareCheckPlaces)
			} else {
				part = s.Weight.DivRound(decimal.NewFromInt(int64(len(s.Parties))), tierShareCheckPlaces)
			}
			share[p] = share[p].Add(part)
		}
	}
	least := decimal.New(1, -TierSharePlaces)
	for i, inv := range t.Investors {
		f, held := share[inv]
		_, known := commitment[inv]
		switch {
		case !held || !known: // Validate and the party check report these
		case f.IsZero() && commitment[inv].IsZero():
			errs = append(errs, fieldErr(fmt.Sprintf("investors[%d]", i), fmt.Errorf(
				"%q gets no part of the tier: it has no commitment, and others in its share do: %w", inv, contract.ErrInvalid)))
		case f.LessThan(least):
			got := "less than 1e-40"
			if f.Sign() > 0 {
				got = approx(f)
			}
			errs = append(errs, fieldErr(fmt.Sprintf("investors[%d]", i), fmt.Errorf(
				"%q gets %s of each tier dollar, less than 1e-%d (its commitment is a sliver of its class's): %w",
				inv, got, TierSharePlaces, contract.ErrRange)))
		}
	}
	return errors.Join(errs...)
}

// ValidateEnv checks that the loan plan is laid over the deal's schedule
// at its scale (each of the deal's periods ends where the plan's does),
// and that default interest (the cash rate plus DefaultMargin) does not
// grow beyond e^±1000 ([contract.MaxLogGrowth]) in any period: the highest
// and the lowest of those rates are checked over the longest period.
func (t *Debt) ValidateEnv(env Env) error {
	if t == nil {
		return errNilTranche(t)
	}
	if t.Plan == nil {
		return fieldErr("plan", contract.ErrRequired)
	}
	if t.Plan.Scale() != env.Scale {
		return fieldErr("plan", fmt.Errorf("at scale %d, the deal at scale %d: %w", t.Plan.Scale(), env.Scale, contract.ErrInvalid))
	}
	// The span NewDebt worked out holds when the deal's periods are the
	// plan's: == on the dates, the same representation, so the same
	// calendar dates.
	same := t.span != nil && t.span.plan == t.Plan && t.Plan.NumPeriods() == len(env.Periods)
	for i, p := range env.Periods {
		own, ok := t.Plan.Period(i)
		switch {
		case !ok:
			return fieldErr("plan", fmt.Errorf("%d periods, the deal has %d: %w", t.Plan.NumPeriods(), len(env.Periods), contract.ErrInvalid))
		case !own.End.Equal(p.End):
			return fieldErr("plan", fmt.Errorf("period %d ends %s, the deal's %s: %w", i, day(own.End), day(p.End), contract.ErrInvalid))
		}
		same = same && own.Start == p.Start && own.End == p.End
	}
	loan := t.Plan.Loan()
	if loan.DefaultMargin.IsZero() || len(env.Periods) == 0 {
		return nil
	}
	var lo, hi decimal.Decimal
	var long int // one day count for both rates
	if same {
		lo, hi, long = t.span.lo, t.span.hi, t.span.long
	} else {
		lo, hi = cashRange(t.Plan, len(env.Periods))
		long = longest(loan.Rate.DayCount, env.Periods)
	}
	for i, cash := range []decimal.Decimal{hi, lo} {
		if i > 0 && lo.Equal(hi) { // a fixed cash rate: the same test
			break
		}
		r := contract.Rate{Annual: cash.Add(loan.DefaultMargin), Compounding: loan.Rate.Compounding, DayCount: loan.Rate.DayCount}
		if err := checkLongest("plan.default_margin", r, env, long); err != nil {
			return err
		}
	}
	return nil
}

// ValidateEnv checks that the obligation is laid over the deal's
// schedule at its scale: each of the deal's periods ends where the
// obligation's does.
func (t *TakeOrPay) ValidateEnv(env Env) error {
	if t == nil {
		return errNilTranche(t)
	}
	if t.Scale != env.Scale {
		return fieldErr("scale", fmt.Errorf("%d, the deal's is %d: %w", t.Scale, env.Scale, contract.ErrInvalid))
	}
	for i, p := range env.Periods {
		switch {
		case i >= len(t.Periods):
			return fieldErr("periods", fmt.Errorf("%d periods, the deal has %d: %w", len(t.Periods), len(env.Periods), contract.ErrInvalid))
		case contract.Days(t.Periods[i].End, p.End) != 0:
			return fieldErr(fmt.Sprintf("periods[%d].end", i), fmt.Errorf("%s, the deal's is %s: %w", day(t.Periods[i].End), day(p.End), contract.ErrInvalid))
		}
	}
	return nil
}
