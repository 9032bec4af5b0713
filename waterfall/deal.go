package waterfall

import (
	"errors"
	"fmt"
	"time"

	"github.com/jvwaterfall/jvwaterfall/contract"
	"github.com/jvwaterfall/jvwaterfall/tranche"
	"github.com/shopspring/decimal"
)

// Role says what part a party plays in a deal. It is descriptive: reports group
// by it, the engine does not switch on it. The zero value is RoleInvestor.
type Role uint8

// The roles of a party.
const (
	RoleInvestor Role = iota // puts in capital: an LP, a PE fund
	RoleSponsor              // earns the promote: a GP, an operator, the founding company
	RoleLender               // lends: receives interest and principal
	RoleOther                // anyone else paid by the deal
)

var roleNames = []string{"investor", "sponsor", "lender", "other"}

// String returns the role's name, e.g. "sponsor".
func (r Role) String() string {
	if int(r) < len(roleNames) {
		return roleNames[r]
	}
	return fmt.Sprintf("Role(%d)", uint8(r))
}

// Party is a party to a deal.
type Party struct {
	ID         tranche.PartyID
	Name       string          // for reports; the ID when empty
	Role       Role            // descriptive
	Commitment decimal.Decimal // capital agreed; capital calls are shared by it; zero for a party that puts in nothing
	Deal       *Deal           // when set, the party is itself a deal (a fund): see [Deal] on nesting
}

// Contribution is capital a party puts in on a date.
type Contribution struct {
	Date   time.Time
	Party  tranche.PartyID
	Amount decimal.Decimal // not negative, whole minor units
}

// Call is a capital call: Amount is called on Date from Parties (every party
// with a commitment when empty), shared by commitment with largest-remainder
// rounding, so the contributions add up to Amount.
type Call struct {
	Date    time.Time
	Amount  decimal.Decimal   // not negative, whole minor units; zero calls nothing
	Parties []tranche.PartyID // each listed once
}

// Deal is everything a run needs: the parties, the schedule of periods, the
// money that comes in and goes out, and the stack of claims on it. A Deal is
// not changed by a run, so one Deal may be run from many goroutines.
//
// Cash flows dated inside a period (after its Start, up to and including its
// End) belong to that period and move on its End; with OwnDates, on their own
// dates (see docs/methods.md, "Flows on their own dates").
//
// # Nesting
//
// A party whose Deal is set is itself a deal, such as a PE fund investing in a
// JV. In the same run, what the party receives in a period becomes proceeds of
// its Deal in that period, what it pays out (a payment From it) a cost, and
// each contribution it makes (a lender's draws included: see
// [Result]) is called from its Deal's investors (a [Call] on the
// period's end, shared by commitment). Its Deal's run is in [Result].Nested
// under the party's ID. Deals may nest to any depth; a cycle is an error.
type Deal struct {
	Name          string
	Currency      string           // ISO 4217 code, e.g. "USD"
	Scale         int32            // decimal places of the currency's minor unit: 2 for cents, 0 for yen
	Rounding      tranche.Rounding // how tiers round exact amounts owed to minor units; zero value tranche.RoundUp
	Parties       []Party
	Periods       []contract.Period // from contract.Schedule.Periods or contract.Explicit
	Contributions []Contribution
	Calls         []Call
	Proceeds      []contract.Flow // distributable cash in, e.g. exit proceeds; positive amounts
	Costs         []contract.Flow // cash out before the stack, e.g. fees and expenses; positive amounts
	Sources       []Source        // contracts and costs that bring in or pay out cash each period
	Stack         tranche.Tranche // the claims, in priority order
	Fees          *Fees           // management fee and fund expenses, called from investors; nil: none
	// OwnDates books each contribution and call on its own date, and pays
	// each date's proceeds less costs through the stack on that date, so
	// hurdles, prefs and XIRR see the flows' dates; sources, fees and
	// period closers stay on the period's end. False: every flow moves on
	// its period's end.
	OwnDates bool
}

// Validate checks the deal and returns every problem it finds, each a
// [contract.FieldError] naming the field, joined with [errors.Join].
//
// Validate reports:
//   - a missing currency, a scale outside 0..8, an unknown rounding policy;
//   - no parties, a party without an ID, a duplicate ID, a negative commitment;
//   - no periods, or periods that do not follow each other;
//   - contributions, calls and flows with a negative amount, an amount
//     with more decimals than the scale, an unknown party, or a date
//     outside the schedule;
//   - a call with nobody to share it (no commitments);
//   - no stack, or a stack whose terms are invalid ([tranche.Validate]) or
//     do not fit the deal ([tranche.ValidateEnv]): a party the stack
//     names that the deal does not have; an investor of a hurdle tier
//     whose commitment gives it less than 10^-12 of each tier dollar
//     ([tranche.TierSharePlaces]), or none; a rate that would grow a
//     balance beyond e^±1000 between the deal's dates
//     ([contract.MaxLogGrowth]); a loan plan or take-or-pay obligation laid
//     over another schedule or scale. The stack is checked against the
//     deal only when its terms, the parties and the periods are valid;
//   - fees that name unknown parties or dates outside the schedule
//     (sources are checked as they run: a nil one, or a name empty or
//     used twice, is an error of [Run] and [NewStepper]);
//   - a nested deal ([Party].Deal) that is invalid, nests in a cycle, is
//     in another currency than the deal holding it, or has fewer decimal
//     places (what the holder receives would not be whole minor units of
//     the nested deal).
//
// Each deal is checked once, however many parties hold it, so the work is
// linear in the number of deals and their terms.
func (d *Deal) Validate() error {
	if d == nil {
		return fmt.Errorf("nil deal: %w", contract.ErrRequired)
	}
	errs := []error{d.validateSelf()}
	errs = append(errs, validateNesting(d)...)
	return errors.Join(errs...)
}

// validateSelf checks the deal's own fields, not the deals nested in its
// parties.
func (d *Deal) validateSelf() error {
	v := &dealCheck{d: d, parties: make(map[tranche.PartyID]int, len(d.Parties))}
	v.add("currency", contract.CheckCurrency(d.Currency))
	if d.Scale < 0 || d.Scale > 8 {
		v.add("scale", fmt.Errorf("%d, want 0 to 8: %w", d.Scale, contract.ErrRange))
	}
	if !d.Rounding.Valid() {
		v.add("rounding", fmt.Errorf("%s: %w", d.Rounding, contract.ErrRange))
	}
	before := len(v.errs)
	if len(d.Parties) == 0 {
		v.add("parties", contract.ErrRequired)
	}
	// Paths are written out only for the entries that fail: a deal of
	// many parties or flows is checked without a string per entry.
	for i, p := range d.Parties {
		_, dup := v.parties[p.ID]
		switch {
		case p.ID == "":
			v.add(at("parties", i, ".id"), contract.ErrRequired)
		case dup:
			v.add(at("parties", i, ".id"), fmt.Errorf("duplicate party %q: %w", p.ID, contract.ErrInvalid))
		}
		if err := v.amountErr(p.Commitment); err != nil { // the path only for an error: a run validates K parties
			v.add(at("parties", i, ".commitment"), err)
		}
		v.parties[p.ID] = i
	}
	if len(d.Periods) == 0 {
		v.add("periods", contract.ErrRequired)
	}
	for i, p := range d.Periods {
		if p.Index != i {
			v.add(at("periods", i, ".index"), fmt.Errorf("%d, want %d: %w", p.Index, i, contract.ErrOrder))
		}
		if !p.End.After(p.Start) {
			v.add(at("periods", i, ".end"), fmt.Errorf("%s is not after the start %s: %w", day(p.End), day(p.Start), contract.ErrOrder))
		}
		if i > 0 && !p.Start.Equal(d.Periods[i-1].End) {
			v.add(at("periods", i, ".start"), fmt.Errorf("%s, want the previous period's end %s: %w", day(p.Start), day(d.Periods[i-1].End), contract.ErrOrder))
		}
	}
	// The stack is checked against the parties and the schedule only when
	// they are valid, so that one bad party is not reported again for
	// every tranche that names it.
	envOK := len(v.errs) == before
	for i, c := range d.Contributions {
		if !v.knows(c.Party) {
			v.add(at("contributions", i, ".party"), fmt.Errorf("%w %q", tranche.ErrUnknownParty, c.Party))
		}
		v.amount("contributions", i, c.Amount)
		v.date("contributions", i, c.Date)
	}
	allCommitted, allKnown := false, false // whether a call on every party has someone to share it, once known
	for i, c := range d.Calls {
		v.amount("calls", i, c.Amount)
		v.date("calls", i, c.Date)
		known := true // an unknown party is reported as such, not also as "nobody to call from"
		for j, id := range c.Parties {
			if err := v.listed(i, id); err != nil {
				v.add(fmt.Sprintf("calls[%d].parties[%d]", i, j), err)
				known = false
			}
		}
		shared := allCommitted
		if len(c.Parties) > 0 || !allKnown {
			if shared = commitments(d, c.Parties, true).Sign() > 0; len(c.Parties) == 0 {
				allCommitted, allKnown = shared, true
			}
		}
		if !shared && c.Amount.Sign() > 0 && envOK && known { // a bad commitment is reported as such
			v.add(at("calls", i, ".parties"), fmt.Errorf("nobody with a commitment to call from: %w", contract.ErrInvalid))
		}
	}
	for i, f := range d.Proceeds {
		v.amount("proceeds", i, f.Amount)
		v.date("proceeds", i, f.Date)
	}
	for i, f := range d.Costs {
		v.amount("costs", i, f.Amount)
		v.date("costs", i, f.Date)
	}
	if d.Stack == nil {
		v.add("stack", contract.ErrRequired)
	} else if err := tranche.Validate(d.Stack); err != nil {
		v.add("stack", err)
	} else if envOK {
		v.add("stack", tranche.ValidateEnv(d.Stack, d.Env()))
	}
	if d.Fees != nil {
		d.Fees.validate(v)
		for i, id := range d.Fees.Parties { // a list of its own, after the calls'
			v.add(fmt.Sprintf("fees.parties[%d]", i), v.listed(len(d.Calls), id))
		}
	}
	return errors.Join(v.errs...)
}

// dealCheck gathers the problems of a deal.
type dealCheck struct {
	d       *Deal
	errs    []error
	parties map[tranche.PartyID]int // by ID, the party's index
	listOf  []int                   // by party index, 1 + the list that last named the party (listed)
}

// at is the path of field of the i-th entry of list: "calls[2].date".
func at(list string, i int, field string) string { return fmt.Sprintf("%s[%d]%s", list, i, field) }

func (v *dealCheck) add(path string, err error) {
	if err != nil {
		v.errs = append(v.errs, contract.Prefix(path, err))
	}
}

func (v *dealCheck) knows(id tranche.PartyID) bool { _, ok := v.parties[id]; return ok }

// party checks a party named at path: required, and one of the deal's.
func (v *dealCheck) party(path string, id tranche.PartyID) {
	if id == "" {
		v.add(path, contract.ErrRequired)
	} else if !v.knows(id) {
		v.add(path, fmt.Errorf("%w %q", tranche.ErrUnknownParty, id))
	}
}

// listed checks party id of list n (a call's parties): it must be known, and
// named once in the list, or it would be called twice.
func (v *dealCheck) listed(n int, id tranche.PartyID) error {
	i, ok := v.parties[id]
	if !ok {
		return fmt.Errorf("%w %q", tranche.ErrUnknownParty, id)
	}
	if v.listOf == nil {
		v.listOf = make([]int, len(v.d.Parties))
	}
	if v.listOf[i] == n+1 {
		return fmt.Errorf("party %q listed twice: %w", id, contract.ErrInvalid)
	}
	v.listOf[i] = n + 1
	return nil
}

// amount checks the amount of the i-th entry of list.
func (v *dealCheck) amount(list string, i int, a decimal.Decimal) {
	if err := v.amountErr(a); err != nil {
		v.add(at(list, i, ".amount"), err)
	}
}

func (v *dealCheck) amountErr(a decimal.Decimal) error {
	switch {
	case a.Sign() < 0:
		return contract.ErrNegative
	case !tranche.IsWhole(a, v.d.Scale):
		return fmt.Errorf("%s: %w", a, tranche.ErrNotQuantized)
	}
	return nil
}

// date checks the date of the i-th entry of list.
func (v *dealCheck) date(list string, i int, t time.Time) {
	if err := v.dateErr(t); err != nil {
		v.add(at(list, i, ".date"), err)
	}
}

func (v *dealCheck) dateErr(t time.Time) error {
	if len(v.d.Periods) == 0 {
		return nil // the empty schedule is reported once, at "periods"
	}
	return contract.InSchedule(v.d.Periods, t)
}

// Env is the deal as its stack is checked against it ([tranche.ValidateEnv]):
// its parties with their commitments, its schedule and its scale.
func (d *Deal) Env() tranche.Env {
	if d == nil {
		return tranche.Env{}
	}
	parties := make([]tranche.Party, len(d.Parties))
	for i, p := range d.Parties {
		parties[i] = tranche.Party{ID: p.ID, Commitment: p.Commitment}
	}
	return tranche.Env{Parties: parties, Periods: d.Periods, Scale: d.Scale}
}

// callParties is who a call is shared among.
func callParties(d *Deal, named []tranche.PartyID) []tranche.PartyID {
	if len(named) > 0 {
		return named
	}
	ids := make([]tranche.PartyID, 0, len(d.Parties)) // room for all: no list grown and left behind
	for _, p := range d.Parties {
		if p.Commitment.Sign() > 0 {
			ids = append(ids, p.ID)
		}
	}
	return ids
}

// commitments is the sum of the commitments of the parties named, or of every
// party when none is; with first, the first commitment above zero, enough to
// tell whether there is one.
func commitments(d *Deal, named []tranche.PartyID, first bool) decimal.Decimal {
	in := make(map[tranche.PartyID]bool, len(named)) // a party named twice is an error of Validate
	for _, id := range named {
		in[id] = true
	}
	total := decimal.Zero
	for _, p := range d.Parties {
		if p.Commitment.Sign() > 0 && (len(named) == 0 || in[p.ID]) {
			if total = total.Add(p.Commitment); first {
				break
			}
		}
	}
	return total
}

func day(t time.Time) string { return t.Format(time.DateOnly) }
