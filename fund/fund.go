package fund

import (
	"errors"
	"fmt"
	"time"

	"github.com/jvwaterfall/jvwaterfall/contract"
	"github.com/jvwaterfall/jvwaterfall/tranche"
	"github.com/jvwaterfall/jvwaterfall/waterfall"
	"github.com/shopspring/decimal"
)

// Tranche IDs of the payments a deal-by-deal run makes besides those of
// the investments' stacks.
const (
	EscrowTranche   tranche.TrancheID = "escrow"   // carry held back into escrow and released from it
	ClawbackTranche tranche.TrancheID = "clawback" // carry returned to investors at a lookback
	// RecoverySuffix ends the ID of an investment's recovery tranche,
	// "<investment name>/recovery", which returns realized losses and fees.
	RecoverySuffix = "/recovery"
)

// EventClawback is the kind of the event recorded at each lookback.
const EventClawback tranche.EventKind = "clawback"

// Fund is a fund run deal by deal (an American waterfall): each
// [Investment]'s proceeds run through its own stack, so the sponsor may
// earn carry on a winning deal before later deals lose money. A share of
// carry can be held back in escrow, and at each checkpoint a lookback
// recomputes the carry the sponsor would have earned under whole-fund
// (European) terms — Stack run over all the fund's contributions and all
// its distributions to date, in the periods they were made — and returns
// any excess to the investors: first out of escrow, then from the sponsor,
// capped at the carry the sponsor received after tax. See [Terms] for the
// rules, and [Run].
//
// The zero value is not a valid fund: it needs a currency, parties,
// periods, at least one investment, a whole-fund Stack and Terms naming
// the sponsor and the investors.
type Fund struct {
	Name        string
	Currency    string            // ISO 4217 code, e.g. "USD"
	Scale       int32             // decimal places of the currency's minor unit: 2 for cents
	Rounding    tranche.Rounding  // the rounding policy of every investment's and the lookback's tiers; zero value tranche.RoundUp
	Parties     []waterfall.Party // everyone the fund pays or calls; a party may itself be a deal ([waterfall.Party].Deal)
	Periods     []contract.Period // the fund's schedule; every investment runs on it
	Fees        *waterfall.Fees   // management fee and expenses, called at the fund's level; nil: none
	Investments []Investment      // the fund's deals, each with its own calls, proceeds and stack; at least one
	Stack       tranche.Tranche   // the whole-fund waterfall the lookback recomputes carry under, on a book of its own (its IDs may be an investment's); required
	Terms       Terms             // sponsor, investors, recoveries, escrow and clawback
}

// Investment is one deal of a fund: its own capital calls, its own
// proceeds and its own waterfall. Its Stack runs on a book of its own,
// holding only this investment's contributions and distributions, so its
// return of capital and pref are on this investment's capital alone. It is
// stepped by the engine's single period step ([waterfall.Stepper]), so
// everything a plain deal's stack does each period — debt falling into
// arrears, covenants trapping cash, reserves — happens inside an
// investment too, checked by the same invariants.
type Investment struct {
	Name     string           // unique in the fund; for reports and the recovery tranche's ID
	Calls    []waterfall.Call // capital called for this investment, shared by commitment
	Proceeds []contract.Flow  // cash the investment returns, distributed through Stack; positive amounts
	Realized time.Time        // when it was fully realized or written off; capital it has not returned by then is a realized loss; zero: held to the end
	Stack    tranche.Tranche  // this investment's waterfall; its tranche IDs are unique across the fund
}

// Terms are the fund-level terms of a deal-by-deal run.
//
// The true-up runs both ways as far as clawbacks go: when a later lookback
// finds that an interim clawback took back more than whole-fund terms now
// give (later deals did well), the investors give back, out of the
// clawbacks they received, what brings the sponsor up to its whole-fund
// carry; the sponsor never keeps more than the deal-by-deal waterfall paid
// it. The last period is always a checkpoint (the final clawback), after
// which what is left in escrow is released to the sponsor.
//
// Ledger entries: carry held back is a [tranche.KindEscrow] payment to the
// escrow account From the sponsor; a release is one to the sponsor From the
// escrow; a clawback is a [tranche.KindClawback] payment to an investor
// From the escrow or the sponsor; each lookback is also an [EventClawback]
// event and a [Lookback] in the result. None of these moves the fund's
// cash, so none is in a period's Paid.
//
// The sponsor's carry is what it receives of [tranche.KindCatchUp] and
// [tranche.KindPromote]. After the final lookback, with no cap binding, the
// sponsor keeps min(carry earned deal by deal, whole-fund carry), exactly.
//
// Recoveries (RecoverLosses, RecoverFees) are returned as capital
// ([tranche.KindCapital]) under the tranche "<investment>/recovery"; they
// earn no pref deal by deal (the whole-fund lookback counts them with
// their dates).
type Terms struct {
	Sponsor   tranche.PartyID   // earns the carry and bears the clawback; required
	Investors []tranche.PartyID // receive recoveries and clawbacks; required; the sponsor may not be one
	// RecoverLosses makes each investment's proceeds first return to the
	// investors the capital lost on investments realized before it (in an
	// earlier period, or earlier in the list in the same period), before
	// its own stack — so ahead of anything in that stack, which therefore
	// may hold no loan (Validate reports one).
	RecoverLosses bool
	// RecoverFees does the same for fees and expenses called to date.
	RecoverFees bool
	Escrow      Escrow
	Clawback    Clawback
}

// Escrow is the share of the sponsor's carry held back and released at the
// final clawback. The zero value holds nothing back.
type Escrow struct {
	Share   decimal.Decimal // share of each carry payment held back, rounded down to the minor unit; 0.3 means 30%
	Account tranche.PartyID // the party that holds the escrow; required when Share > 0; not the sponsor or an investor
}

// Clawback sets the checkpoints and the tax cap of the lookback. The zero
// value has only the final checkpoint and no tax.
type Clawback struct {
	Interim []time.Time     // checkpoints before the final one, in increasing order; each is inside the schedule
	TaxRate decimal.Decimal // the sponsor returns at most (1 − TaxRate) × the carry it received, over all clawbacks; 0 ≤ TaxRate < 1
	// NetOfTax also reduces what the sponsor owes by the tax it paid on
	// the carry: of an excess left after escrow, it returns
	// (1 − TaxRate) × that excess (rounded down), within the cap.
	NetOfTax bool
}

// Lookback is one clawback checkpoint: the carry the sponsor had, what
// whole-fund terms give it, and what it returned.
type Lookback struct {
	Period        int
	Date          time.Time
	Final         bool
	CarryEarned   decimal.Decimal // carry from the investments' waterfalls to date, including carry held in escrow
	WholeFund     decimal.Decimal // the sponsor's carry under whole-fund terms (Fund.Stack) to date
	Excess        decimal.Decimal // carry kept before this checkpoint less min(CarryEarned, WholeFund), when positive
	FromEscrow    decimal.Decimal // returned to investors out of escrow
	FromSponsor   decimal.Decimal // returned to investors by the sponsor
	Cap           decimal.Decimal // the most the sponsor could still return: carry received after tax, less earlier returns
	Unpaid        decimal.Decimal // Excess not returned, because of the cap or the tax (NetOfTax)
	Restored      decimal.Decimal // given back to the sponsor by the investors, when an earlier lookback took back more than whole-fund terms now give
	EscrowRelease decimal.Decimal // released to the sponsor (final checkpoint only)
	CarryKept     decimal.Decimal // the sponsor's carry after this checkpoint: CarryEarned less every clawback to date
}

// Result is the run of a fund: the ledger of every investment, the fees,
// escrow and clawbacks in one [waterfall.Result], and each lookback.
type Result struct {
	*waterfall.Result
	Lookbacks []Lookback // each clawback checkpoint, in order; the last is the final one
}

// deal is the fund seen as one deal: its parties, schedule, fees and
// whole-fund stack, without the investments.
func (f *Fund) deal() *waterfall.Deal {
	return &waterfall.Deal{Name: f.Name, Currency: f.Currency, Scale: f.Scale, Rounding: f.Rounding, Parties: f.Parties,
		Periods: f.Periods, Stack: f.Stack, Fees: f.Fees}
}

// Validate checks the fund and returns every problem it finds, each a
// [contract.FieldError] naming the field, joined with [errors.Join].
//
// Validate reports what [waterfall.Deal.Validate] reports of the fund's
// currency, scale, parties, periods, fees and whole-fund stack, and:
//   - no investments, an investment without a name or with one used twice;
//   - an investment's calls and proceeds with a negative amount, an amount
//     with more decimals than the scale, an unknown party, a date outside
//     the schedule, or proceeds after the investment was realized;
//   - a call with nobody to share it (no commitments);
//   - no stack for an investment, or one whose terms are invalid or do
//     not fit the fund's parties and schedule ([tranche.ValidateEnv]);
//   - a tranche ID used by two investments, or by the engine's own
//     tranches (fees, escrow, clawback, recoveries);
//   - a loan ([tranche.Borrowing]) in an investment's stack when the fund
//     recovers losses or fees: recoveries are paid before the stack, so
//     they would rank ahead of the lender;
//   - terms without a sponsor or investors, a sponsor among the investors,
//     an escrow share outside [0, 1] or without an account, a tax rate
//     outside [0, 1), interim checkpoints out of order or outside the
//     schedule.
func (f *Fund) Validate() error {
	if f == nil {
		return fmt.Errorf("nil fund: %w", contract.ErrRequired)
	}
	var errs []error
	add := func(path string, err error) {
		if err != nil {
			errs = append(errs, contract.Prefix(path, err))
		}
	}
	if err := f.deal().Validate(); err != nil {
		errs = append(errs, err)
	}
	c := newChecker(f, add)
	if len(f.Investments) == 0 {
		add("investments", contract.ErrRequired)
	}
	reserved := map[tranche.TrancheID]string{waterfall.FeeTranche: "", waterfall.ExpenseTranche: "", EscrowTranche: "", ClawbackTranche: ""}
	names := map[string]bool{}
	unwalkable := map[int]bool{} // investments whose stacks CheckShape refused
	for k, inv := range f.Investments {
		path := fmt.Sprintf("investments[%d]", k)
		switch {
		case inv.Name == "":
			add(path+".name", contract.ErrRequired)
		case names[inv.Name]:
			add(path+".name", fmt.Errorf("duplicate investment %q: %w", inv.Name, contract.ErrInvalid))
		}
		names[inv.Name] = true
		reserved[tranche.TrancheID(inv.Name+RecoverySuffix)] = ""
		for i, call := range inv.Calls {
			cp := fmt.Sprintf("%s.calls[%d]", path, i)
			c.amount(cp+".amount", call.Amount)
			c.date(cp+".date", call.Date)
			listed := make(map[tranche.PartyID]bool, len(call.Parties)) // a party listed twice would be called twice
			for j, id := range call.Parties {
				pp := fmt.Sprintf("%s.parties[%d]", cp, j)
				c.party(pp, id)
				if listed[id] {
					add(pp, fmt.Errorf("party %q listed twice: %w", id, contract.ErrInvalid))
				}
				listed[id] = true
			}
			if commitments(f.Parties, call.Parties).Sign() <= 0 && call.Amount.Sign() > 0 {
				add(cp+".parties", fmt.Errorf("nobody with a commitment to call from: %w", contract.ErrInvalid))
			}
		}
		if !inv.Realized.IsZero() {
			c.date(path+".realized", inv.Realized)
		}
		for i, fl := range inv.Proceeds {
			fp := fmt.Sprintf("%s.proceeds[%d]", path, i)
			c.amount(fp+".amount", fl.Amount)
			c.date(fp+".date", fl.Date)
			if !inv.Realized.IsZero() && contract.Days(inv.Realized, fl.Date) > 0 {
				add(fp+".date", fmt.Errorf("%s is after the investment was realized on %s: %w", day(fl.Date), day(inv.Realized), contract.ErrOrder))
			}
		}
		if inv.Stack == nil {
			add(path+".stack", contract.ErrRequired)
			continue
		}
		if err := tranche.CheckShape(inv.Stack); err != nil {
			add(path+".stack", err)
			unwalkable[k] = true // it may hold itself: no walk of it below
			continue
		}
		if err := tranche.Validate(inv.Stack); err != nil {
			add(path+".stack", err)
		} else {
			add(path+".stack", tranche.ValidateEnv(inv.Stack, f.deal().Env()))
		}
		if f.Terms.RecoverLosses || f.Terms.RecoverFees {
			if id, ok := lender(inv.Stack); ok {
				add(path+".stack", fmt.Errorf("tranche %q is a loan, and the fund's recoveries are paid out of an investment's cash before its stack, "+
					"so they would rank ahead of the lender; net the investment's debt out of its proceeds, or recover neither losses nor fees: %w",
					id, contract.ErrInvalid))
			}
		}
	}
	// Tranche IDs label payments in one ledger, so they are unique across
	// the fund and do not clash with the engine's own.
	for k, inv := range f.Investments {
		if inv.Stack == nil || unwalkable[k] {
			continue
		}
		for _, id := range stackIDs(inv.Stack) {
			if owner, ok := reserved[id]; ok {
				add(fmt.Sprintf("investments[%d].stack", k), fmt.Errorf("tranche %q: also used by %s: %w", id, ownerName(owner), tranche.ErrDuplicateID))
			}
			reserved[id] = inv.Name
		}
	}
	f.Terms.validate(c)
	return errors.Join(errs...)
}

// validate checks the terms; paths are those of the JSON spec, under
// "american".
func (a *Terms) validate(c *checker) {
	add := c.add
	if a.Sponsor == "" {
		add("american.sponsor", contract.ErrRequired)
	} else {
		c.party("american.sponsor", a.Sponsor)
	}
	if len(a.Investors) == 0 {
		add("american.investors", contract.ErrRequired)
	}
	seen := map[tranche.PartyID]bool{}
	for i, id := range a.Investors {
		path := fmt.Sprintf("american.investors[%d]", i)
		switch {
		case id == "":
			add(path, contract.ErrRequired)
		case seen[id]:
			add(path, fmt.Errorf("investor %q listed twice: %w", id, contract.ErrInvalid))
		case id == a.Sponsor:
			add(path, fmt.Errorf("the sponsor %q cannot receive its own clawback: %w", id, contract.ErrInvalid))
		default:
			c.party(path, id)
		}
		seen[id] = true
	}
	one := decimal.NewFromInt(1)
	if a.Escrow.Share.Sign() < 0 || a.Escrow.Share.GreaterThan(one) {
		add("american.escrow.share", fmt.Errorf("%s, want 0 to 1: %w", a.Escrow.Share, contract.ErrRange))
	}
	switch acct := a.Escrow.Account; {
	case acct == "" && a.Escrow.Share.Sign() > 0:
		add("american.escrow.account", contract.ErrRequired)
	case acct == "":
	case acct == a.Sponsor || seen[acct]:
		add("american.escrow.account", fmt.Errorf("%q is the sponsor or an investor: %w", acct, contract.ErrInvalid))
	default:
		c.party("american.escrow.account", acct)
	}
	if t := a.Clawback.TaxRate; t.Sign() < 0 || t.GreaterThanOrEqual(one) {
		add("american.clawback.tax_rate", fmt.Errorf("%s, want at least 0 and below 1: %w", t, contract.ErrRange))
	}
	for i, t := range a.Clawback.Interim {
		path := fmt.Sprintf("american.clawback.interim[%d]", i)
		c.date(path, t)
		if i > 0 && contract.Days(a.Clawback.Interim[i-1], t) <= 0 {
			add(path, fmt.Errorf("%s is not after %s: %w", day(t), day(a.Clawback.Interim[i-1]), contract.ErrOrder))
		}
	}
}

// checker checks amounts, dates and parties against the fund's scale,
// schedule and parties, as [waterfall.Deal.Validate] does for a deal.
type checker struct {
	f       *Fund
	add     func(string, error)
	parties map[tranche.PartyID]bool
}

func newChecker(f *Fund, add func(string, error)) *checker {
	c := &checker{f: f, add: add, parties: map[tranche.PartyID]bool{}}
	for _, p := range f.Parties {
		c.parties[p.ID] = true
	}
	return c
}

func (c *checker) amount(path string, a decimal.Decimal) {
	switch {
	case a.Sign() < 0:
		c.add(path, contract.ErrNegative)
	case !tranche.IsWhole(a, c.f.Scale):
		c.add(path, fmt.Errorf("%s: %w", a, tranche.ErrNotQuantized))
	}
}

func (c *checker) date(path string, t time.Time) {
	if len(c.f.Periods) > 0 { // no periods is reported once, at "periods"
		c.add(path, contract.InSchedule(c.f.Periods, t))
	}
}

func (c *checker) party(path string, id tranche.PartyID) {
	if !c.parties[id] {
		c.add(path, fmt.Errorf("%w %q", tranche.ErrUnknownParty, id))
	}
}

// lender finds a loan ([tranche.Borrowing]) in t or below it.
func lender(t tranche.Tranche) (tranche.TrancheID, bool) {
	if b, ok := t.(tranche.Borrowing); ok {
		return b.ID(), true
	}
	if p, ok := t.(tranche.Parent); ok {
		for _, c := range p.Children() {
			if id, ok := lender(c); ok {
				return id, true
			}
		}
	}
	return "", false
}

func ownerName(inv string) string {
	if inv == "" {
		return "the engine"
	}
	return "investment " + inv
}

// stackIDs lists the IDs of t and every tranche below it.
func stackIDs(t tranche.Tranche) []tranche.TrancheID {
	if t == nil {
		return nil
	}
	ids := []tranche.TrancheID{t.ID()}
	if p, ok := t.(tranche.Parent); ok {
		for _, c := range p.Children() {
			ids = append(ids, stackIDs(c)...)
		}
	}
	return ids
}

// commitments is the commitment of the named parties (each listed once:
// Validate refuses a party named twice), or of every party with a positive
// commitment when none is named.
func commitments(parties []waterfall.Party, named []tranche.PartyID) decimal.Decimal {
	in := make(map[tranche.PartyID]bool, len(named))
	for _, id := range named {
		in[id] = true
	}
	total := decimal.Zero
	for _, p := range parties {
		if p.Commitment.Sign() > 0 && (len(named) == 0 || in[p.ID]) {
			total = total.Add(p.Commitment)
		}
	}
	return total
}

func day(t time.Time) string { return t.Format(time.DateOnly) }
