// Package tranchetest checks that a [tranche.Tranche] follows the rules
// written in the interface's documentation, in the manner of
// testing/fstest and testing/slogtest. Every tranche in this module passes
// it, and a tranche written by a user should too:
//
//	func TestFee(t *testing.T) {
//		tranchetest.Run(t, func() tranche.Tranche { return &Fee{Name: "fee", Party: "GP", Amount: d("25000")} })
//	}
//
// The suite drives a [tranche.Book] through a scenario of periods (by
// default [DefaultParties] and [DefaultScenario]: contributions on several
// irregular dates, one of them a leap day, and cash in most periods). In
// every period it first pays the [Senior] tranches, if any, so that the
// book holds what the tranche under test expects to find (returned capital
// and a paid pref before a catch-up, say); then it probes the tranche on
// copies of the book with several amounts of cash (none, one minor unit, a
// third of its claim, its claim less and plus one unit, twice its claim,
// and a large amount), and finally pays it the cash left on the main line,
// so that later periods see a history of full and partial payments.
//
// The rules checked, each reported under its [Rule]:
//   - Owed returns a claim that is a whole, non-negative number of minor
//     units (zero when unbounded), and no error ([RuleClaim]);
//   - Owed does not change the book: the ledger, events, accounts,
//     movements, tranche states and totals paid are the same after it, it
//     gives the same claim twice, and Pay afterwards pays what it would
//     have paid without it ([RuleOwedPure]);
//   - Pay returns the sum of the payments it posted, which is neither
//     negative nor above the cash offered; every payment is a whole,
//     non-negative number of minor units of a valid kind ([RuleWithinAvail]);
//   - with cash of at least a bounded claim, Pay pays exactly the claim, and
//     afterwards the tranche owes nothing more on that date ([RulePaysOwed]);
//     with [MayPayLess], it pays at most the claim;
//   - with less cash than its claim (or any cash, for an unbounded claim),
//     Pay pays all of it, unless [MayPayLess] is given ([RulePaysAvail]);
//   - with no cash, Pay pays and posts nothing ([RuleZeroAvail]);
//   - the same book and cash give the same payments, in the same order, and
//     the same book afterwards ([RuleDeterministic]);
//   - instances do not interfere: runs of one instance over two books
//     interleaved period by period, of two instances likewise, and a second
//     run of an instance already used, all give what separate runs of fresh
//     instances give ([RuleIndependent]);
//   - nothing returns an error on the scenario ([RuleNoError]).
package tranchetest

import (
	"errors"
	"fmt"
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/jvwaterfall/jvwaterfall/contract"
	"github.com/jvwaterfall/jvwaterfall/tranche"
	"github.com/shopspring/decimal"
)

// Rule names one rule of [tranche.Tranche] that the suite checks.
type Rule string

// The rules checked; see the package documentation.
const (
	RuleClaim         Rule = "Claim"
	RuleOwedPure      Rule = "OwedPure"
	RuleWithinAvail   Rule = "WithinAvail"
	RulePaysOwed      Rule = "PaysOwed"
	RulePaysAvail     Rule = "PaysAvail"
	RuleZeroAvail     Rule = "ZeroAvail"
	RuleDeterministic Rule = "Deterministic"
	RuleIndependent   Rule = "Independent"
	RuleNoError       Rule = "NoError"
)

// Rules returns every rule, in the order [Run] reports them, in a new
// slice.
func Rules() []Rule {
	return []Rule{RuleClaim, RuleOwedPure, RuleWithinAvail, RulePaysOwed, RulePaysAvail,
		RuleZeroAvail, RuleDeterministic, RuleIndependent, RuleNoError}
}

// Failure is one broken rule, as returned (joined) by [Check].
type Failure struct {
	Rule   Rule
	Period int       // index of the scenario period, -1 if none
	Date   time.Time // the period's end
	Detail string
	Err    error // the error a method returned, for RuleNoError; or nil
}

// Error returns "rule: period i (date): detail", or "rule: detail" when
// the failure belongs to no period.
func (f *Failure) Error() string {
	if f.Period < 0 {
		return fmt.Sprintf("%s: %s", f.Rule, f.Detail)
	}
	return fmt.Sprintf("%s: period %d (%s): %s", f.Rule, f.Period, f.Date.Format(time.DateOnly), f.Detail)
}

// Unwrap returns the error a method of the tranche returned, if any.
func (f *Failure) Unwrap() error { return f.Err }

// Failures returns the failures in an error returned by [Check].
func Failures(err error) []*Failure {
	var out []*Failure
	var walk func(error)
	walk = func(err error) {
		if j, ok := err.(interface{ Unwrap() []error }); ok {
			for _, e := range j.Unwrap() {
				walk(e)
			}
			return
		}
		var f *Failure
		if errors.As(err, &f) {
			out = append(out, f)
		}
	}
	if err != nil {
		walk(err)
	}
	return out
}

// Contribution is capital a party puts in during a scenario period.
type Contribution struct {
	Party  tranche.PartyID
	Amount decimal.Decimal // positive, whole minor units
}

// Period is one step of a scenario. Its contributions are booked on End;
// then Cash is offered to the senior tranches and what they leave to the
// tranche under test. Cash that nobody takes is dropped, not carried.
type Period struct {
	End           time.Time
	Contributions []Contribution
	Cash          decimal.Decimal // whole minor units, not negative
}

// DefaultParties returns the book's parties unless [Parties] says
// otherwise: two investors and a sponsor that co-invests 1%. Each call
// returns a new slice, which the caller may change.
func DefaultParties() []tranche.Party {
	return []tranche.Party{
		{ID: "LP1", Commitment: decimal.NewFromInt(600000)},
		{ID: "LP2", Commitment: decimal.NewFromInt(400000)},
		{ID: "GP", Commitment: decimal.NewFromInt(10000)},
	}
}

// DefaultStart returns the day before the first period of
// [DefaultScenario], 2022-12-31.
func DefaultStart() time.Time { return day(2022, 12, 31) }

// DefaultScenario returns the scenario unless [Scenario] says otherwise,
// for [DefaultParties]: capital called in two halves, then cash on
// irregular dates (one a leap day with none), 3.75 million in all, enough
// for capital, an 8% pref and a full catch-up. Each call returns new
// slices, which the caller may change.
func DefaultScenario() []Period {
	return []Period{
		{End: day(2023, 3, 31), Cash: decimal.Zero, Contributions: []Contribution{
			{"LP1", decimal.NewFromInt(300000)}, {"LP2", decimal.NewFromInt(200000)}, {"GP", decimal.NewFromInt(5000)}}},
		{End: day(2023, 12, 31), Cash: decimal.RequireFromString("150000.00"), Contributions: []Contribution{
			{"LP1", decimal.NewFromInt(300000)}, {"LP2", decimal.NewFromInt(200000)}, {"GP", decimal.NewFromInt(5000)}}},
		{End: day(2024, 2, 29), Cash: decimal.Zero},
		{End: day(2024, 11, 15), Cash: decimal.RequireFromString("700000.37")},
		{End: day(2025, 6, 30), Cash: decimal.RequireFromString("420000.01")},
		{End: day(2026, 12, 31), Cash: decimal.RequireFromString("2480000.00")},
	}
}

func day(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

// Option changes the book and scenario the suite runs.
type Option func(*config)

type config struct {
	scale      int32
	parties    []tranche.Party
	start      time.Time
	periods    []Period
	seniors    []tranche.Tranche
	mayPayLess bool
}

// Scale sets the book's minor unit (default 2). The default scenario's
// amounts are rounded down to it.
func Scale(scale int32) Option { return func(c *config) { c.scale = scale } }

// Parties sets the book's parties (default [DefaultParties]). Give a
// [Scenario] whose contributions name them.
func Parties(ps ...tranche.Party) Option {
	return func(c *config) { c.parties = slices.Clone(ps) }
}

// Scenario sets the periods the book moves through (default
// [DefaultStart] and [DefaultScenario]); start is the day before the first.
func Scenario(start time.Time, ps ...Period) Option {
	return func(c *config) { c.start, c.periods = start, slices.Clone(ps) }
}

// Senior gives tranches paid before the tranche under test in every
// period, in order: for a catch-up, the return of capital and pref it
// follows. They are not checked themselves.
func Senior(ts ...tranche.Tranche) Option {
	return func(c *config) { c.seniors = append(c.seniors, ts...) }
}

// MayPayLess turns off [RulePaysAvail], for a tranche whose terms let it
// pay less than the cash it is offered while it is still owed (a fee paid
// only in full, say), and relaxes [RulePaysOwed] to paying no more than the
// claim, for one that keeps back cash it is offered beyond its claim (a
// reserve account filling up before the tranches behind it are paid).
func MayPayLess() Option { return func(c *config) { c.mayPayLess = true } }

func newConfig(opts []Option) *config {
	c := &config{scale: 2, parties: DefaultParties(), start: DefaultStart(), periods: DefaultScenario()}
	for _, o := range opts {
		o(c)
	}
	return c
}

// Run checks the tranches that newTranche returns, each rule as a subtest
// of t named after it. newTranche must return a new, equal tranche each
// time it is called.
func Run(t *testing.T, newTranche func() tranche.Tranche, opts ...Option) {
	t.Helper()
	c := newConfig(opts)
	fails := Failures(check(c, newTranche))
	for _, r := range Rules() {
		t.Run(string(r), func(t *testing.T) {
			if r == RulePaysAvail && c.mayPayLess {
				t.Skip("MayPayLess")
			}
			n := 0
			for _, f := range fails {
				if f.Rule != r {
					continue
				}
				if n++; n > 10 {
					t.Errorf("… and more")
					return
				}
				t.Error(f)
			}
		})
	}
}

// Check runs the suite and returns every failure, each a [*Failure],
// joined with [errors.Join]; nil when the tranche follows every rule. Use
// it where there is no *testing.T, or to see that a broken tranche fails.
func Check(newTranche func() tranche.Tranche, opts ...Option) error {
	return check(newConfig(opts), newTranche)
}

// failures collects what a check finds.
type failures struct {
	errs   []error
	period int
	date   time.Time
}

func (f *failures) add(r Rule, format string, args ...any) {
	var err error
	for _, a := range args {
		if e, ok := a.(error); ok {
			err = e
			break
		}
	}
	f.errs = append(f.errs, &Failure{Rule: r, Period: f.period, Date: f.date, Detail: fmt.Sprintf(format, args...), Err: err})
}

func check(c *config, newTranche func() tranche.Tranche) error {
	f := &failures{period: -1}
	if newTranche == nil || isNil(newTranche()) {
		f.add(RuleNoError, "newTranche returns nil")
		return errors.Join(f.errs...)
	}
	periods, err := c.schedule()
	if err != nil {
		f.add(RuleNoError, "bad scenario: %v", err)
		return errors.Join(f.errs...)
	}
	probe(c, periods, newTranche(), f)
	independent(c, periods, newTranche, f)
	return errors.Join(f.errs...)
}

// isNil reports whether t is nil or holds a nil pointer (a failed
// constructor's result), whose methods would panic.
func isNil(t tranche.Tranche) bool {
	if t == nil {
		return true
	}
	v := reflect.ValueOf(t)
	switch v.Kind() {
	case reflect.Pointer, reflect.Map, reflect.Slice, reflect.Func, reflect.Chan, reflect.Interface:
		return v.IsNil()
	}
	return false
}

// schedule checks the scenario and turns it into periods.
func (c *config) schedule() ([]contract.Period, error) {
	if len(c.periods) == 0 {
		return nil, errors.New("no periods")
	}
	ends := make([]time.Time, len(c.periods))
	for i, p := range c.periods {
		ends[i] = p.End
		if p.Cash.Sign() < 0 {
			return nil, fmt.Errorf("period %d: negative cash %s", i, p.Cash)
		}
	}
	return contract.Explicit(c.start, ends...)
}

// run is one pass of the scenario over a book: the main line.
type run struct {
	c       *config
	periods []contract.Period
	t       tranche.Tranche
	b       *tranche.Book
	next    int
	cash    func(decimal.Decimal) decimal.Decimal // the cash of a period, possibly changed
}

func newRun(c *config, periods []contract.Period, t tranche.Tranche, cash func(decimal.Decimal) decimal.Decimal) (*run, error) {
	b, err := tranche.NewBook(c.scale, c.parties)
	if err != nil {
		return nil, fmt.Errorf("NewBook: %w", err)
	}
	return &run{c: c, periods: periods, t: t, b: b, cash: cash}, nil
}

// open moves the book to the next period, books its contributions and
// pays the seniors; it returns the cash left for the tranche under test.
func (r *run) open() (decimal.Decimal, error) {
	i := r.next
	p := r.c.periods[i]
	if err := r.b.Advance(r.periods[i]); err != nil {
		return decimal.Zero, fmt.Errorf("advance: %w", err)
	}
	for _, k := range p.Contributions {
		if err := r.b.Contribute(k.Party, k.Amount.RoundFloor(r.c.scale)); err != nil {
			return decimal.Zero, fmt.Errorf("contribute: %w", err)
		}
	}
	left := r.cash(p.Cash.RoundFloor(r.c.scale))
	for _, s := range r.c.seniors {
		paid, err := tranche.PayChecked(r.b, s, left)
		if err != nil {
			return decimal.Zero, fmt.Errorf("senior %q: %w", s.ID(), err)
		}
		left = left.Sub(paid)
	}
	return left, nil
}

// close pays the tranche under test the cash left and ends the period.
func (r *run) close(left decimal.Decimal) error {
	r.next++
	_, err := r.t.Pay(r.b, left)
	return err
}

func identity(x decimal.Decimal) decimal.Decimal { return x }

// probe walks the main line and, in every period, tries the tranche on
// copies of the book.
func probe(c *config, periods []contract.Period, t tranche.Tranche, f *failures) {
	r, err := newRun(c, periods, t, identity)
	if err != nil {
		f.add(RuleNoError, "%v", err)
		return
	}
	unit := decimal.New(1, -c.scale)
	for i := range periods {
		f.period, f.date = i, periods[i].End
		left, err := r.open()
		if err != nil {
			f.add(RuleNoError, "%v", err)
			return
		}
		claim, ok := checkClaim(c, t, r.b, f)
		if !ok {
			return
		}
		for _, avail := range probes(claim, left, unit, c.scale) {
			probeAvail(c, t, r.b, claim, avail, f)
		}
		// The main line: check the real payment like the probes.
		if !payAndCheck(c, t, r.b, claim, left, f) {
			return
		}
		r.next++
	}
}

// checkClaim calls Owed and checks that it is a claim and has no effect.
func checkClaim(c *config, t tranche.Tranche, b *tranche.Book, f *failures) (tranche.Claim, bool) {
	ctl := b.Clone()
	snap := snapshot(b, t)
	claim, err := t.Owed(b)
	if err != nil {
		f.add(RuleNoError, "Owed: %v", err)
		return claim, false
	}
	switch {
	case claim.Unbounded && !claim.Amount.IsZero():
		f.add(RuleClaim, "unbounded claim with amount %s", claim.Amount)
	case claim.Amount.Sign() < 0:
		f.add(RuleClaim, "negative claim %s", claim.Amount)
	case !tranche.IsWhole(claim.Amount, c.scale):
		f.add(RuleClaim, "claim %s is not a whole number of minor units at scale %d", claim.Amount, c.scale)
	}
	if d := cmp.Diff(snap, snapshot(b, t), cmpOpts); d != "" {
		f.add(RuleOwedPure, "Owed changed the book (-before +after):\n%s", d)
	}
	again, err := t.Owed(b)
	if err != nil {
		f.add(RuleNoError, "Owed: %v", err)
		return claim, false
	}
	if d := cmp.Diff(claim, again); d != "" {
		f.add(RuleOwedPure, "Owed gave two answers (-first +second):\n%s", d)
	}
	// Pay after Owed must do what Pay without it does.
	avail := claim.Amount
	if claim.Unbounded || avail.IsZero() {
		avail = decimal.New(123456, -2).RoundFloor(c.scale) // 1234.56
	}
	n := ctl.Ledger().Len()
	b1, b2 := b.Clone(), ctl
	p1, err1 := t.Pay(b1, avail)
	p2, err2 := t.Pay(b2, avail)
	if err1 != nil || err2 != nil {
		f.add(RuleNoError, "Pay: %v", errors.Join(err1, err2))
		return claim, false
	}
	if d := cmp.Diff(result{p2, tail(b2, n)}, result{p1, tail(b1, n)}, cmpOpts); d != "" {
		f.add(RuleOwedPure, "Pay(%s) after Owed differs from Pay without it (-without +with):\n%s", avail, d)
	}
	return claim, true
}

type result struct {
	Paid     decimal.Decimal
	Payments []tranche.Payment
}

// tail is what b's ledger holds beyond its first n payments.
func tail(b *tranche.Book, n int) []tranche.Payment {
	l := b.Ledger()
	return slices.Collect(l.Slice(min(n, l.Len()), l.Len()).Values())
}

// probes are the amounts of cash to try: none, one unit, and around the
// claim.
func probes(claim tranche.Claim, left, unit decimal.Decimal, scale int32) []decimal.Decimal {
	big := decimal.New(10_000_000, 0)
	xs := []decimal.Decimal{decimal.Zero, unit, left, big, decimal.RequireFromString("1234.5678").RoundFloor(scale)}
	if o := claim.Amount; !claim.Unbounded && o.Sign() > 0 {
		third, _ := o.QuoRem(decimal.NewFromInt(3), scale)
		xs = append(xs, third, o.Sub(unit), o, o.Add(unit), o.Add(o).Add(decimal.RequireFromString("1234.56").RoundFloor(scale)))
	}
	var out []decimal.Decimal
	for _, x := range xs {
		if x.Sign() >= 0 && !slices.ContainsFunc(out, x.Equal) {
			out = append(out, x)
		}
	}
	return out
}

// probeAvail offers avail to t on two copies of b and checks the rules of
// Pay.
func probeAvail(c *config, t tranche.Tranche, b *tranche.Book, claim tranche.Claim, avail decimal.Decimal, f *failures) {
	b1, b2 := b.Clone(), b.Clone()
	if !payAndCheck(c, t, b1, claim, avail, f) {
		return
	}
	if _, err := t.Pay(b2, avail); err != nil {
		f.add(RuleNoError, "Pay(%s): %v", avail, err)
		return
	}
	n := b.Ledger().Len()
	if d := cmp.Diff(tail(b1, n), tail(b2, n), cmpOpts); d != "" {
		f.add(RuleDeterministic, "two payments of %s from the same book differ (-first +second):\n%s", avail, d)
	}
	if d := cmp.Diff(snapshot(b1, t), snapshot(b2, t), cmpOpts); d != "" {
		f.add(RuleDeterministic, "two payments of %s from the same book leave different books (-first +second):\n%s", avail, d)
	}
}

// payAndCheck pays avail on b and checks what Pay returned and posted.
func payAndCheck(c *config, t tranche.Tranche, b *tranche.Book, claim tranche.Claim, avail decimal.Decimal, f *failures) bool {
	n := b.Ledger().Len()
	paid, err := t.Pay(b, avail)
	if err != nil {
		f.add(RuleNoError, "Pay(%s): %v", avail, err)
		return false
	}
	posted := decimal.Zero
	for _, p := range tail(b, n) {
		posted = posted.Add(p.Amount)
		switch {
		case p.Amount.Sign() < 0:
			f.add(RuleWithinAvail, "Pay(%s) posted a negative payment %+v", avail, p)
		case !tranche.IsWhole(p.Amount, c.scale):
			f.add(RuleWithinAvail, "Pay(%s) posted %s, not whole minor units", avail, p.Amount)
		case !p.Kind.Valid():
			f.add(RuleWithinAvail, "Pay(%s) posted a payment of invalid kind %d", avail, p.Kind)
		}
	}
	switch {
	case !posted.Equal(paid):
		f.add(RuleWithinAvail, "Pay(%s) returned %s but posted %s", avail, paid, posted)
	case paid.Sign() < 0:
		f.add(RuleWithinAvail, "Pay(%s) returned a negative total %s", avail, paid)
	case paid.GreaterThan(avail):
		f.add(RuleWithinAvail, "Pay(%s) paid %s, more than offered", avail, paid)
	}
	if avail.IsZero() && (!paid.IsZero() || b.Ledger().Len() > n) {
		f.add(RuleZeroAvail, "Pay(0) paid %s in %d payments", paid, b.Ledger().Len()-n)
	}
	switch {
	case claim.Unbounded || avail.LessThan(claim.Amount):
		if !c.mayPayLess && !paid.Equal(avail) {
			f.add(RulePaysAvail, "Pay(%s) paid %s with a claim of %s", avail, paid, claimString(claim))
		}
	case c.mayPayLess && paid.LessThan(claim.Amount):
		// Allowed: the terms keep cash back; paying more is not.
	default:
		if !paid.Equal(claim.Amount) {
			f.add(RulePaysOwed, "Pay(%s) paid %s with a claim of %s", avail, paid, claim.Amount)
			return true
		}
		after, err := t.Owed(b)
		if err != nil {
			f.add(RuleNoError, "Owed after Pay: %v", err)
			return false
		}
		if after.Unbounded || !after.Amount.IsZero() {
			f.add(RulePaysOwed, "after Pay(%s) settled the claim of %s, Owed is still %s", avail, claim.Amount, claimString(after))
		}
	}
	return true
}

func claimString(c tranche.Claim) string {
	if c.Unbounded {
		return "unbounded"
	}
	return c.Amount.String()
}

// bookState is what a caller can observe of a book.
type bookState struct {
	Ledger    []tranche.Payment
	Events    []tranche.Event
	Accounts  map[tranche.PartyID]tranche.Account
	Movements map[tranche.PartyID][]tranche.Movement
	States    map[tranche.TrancheID]any
	Paid      map[tranche.TrancheID]decimal.Decimal
	PaidTo    map[string]decimal.Decimal
}

// snapshot copies what can be observed of b, for the tranche t and its
// children.
func snapshot(b *tranche.Book, t tranche.Tranche) bookState {
	s := bookState{
		Ledger:    slices.Collect(b.Ledger().Values()),
		Events:    slices.Clone(b.Events()),
		Accounts:  map[tranche.PartyID]tranche.Account{},
		Movements: map[tranche.PartyID][]tranche.Movement{},
		States:    map[tranche.TrancheID]any{},
		Paid:      map[tranche.TrancheID]decimal.Decimal{},
		PaidTo:    map[string]decimal.Decimal{},
	}
	for _, p := range b.Parties() {
		s.Accounts[p], _ = b.Account(p)
		s.Movements[p], _ = b.Movements(p)
	}
	var walk func(t tranche.Tranche)
	walk = func(t tranche.Tranche) {
		if t == nil {
			return
		}
		id := t.ID()
		if v := b.State(id); v != nil {
			s.States[id] = v
		}
		s.Paid[id] = b.Paid(id)
		for _, p := range b.Parties() {
			s.PaidTo[string(id)+"/"+string(p)] = b.PaidTo(id, p)
		}
		if par, ok := t.(tranche.Parent); ok {
			for _, c := range par.Children() {
				walk(c)
			}
		}
	}
	walk(t)
	return s
}

// cmpOpts compares decimals by value (go-cmp uses their Equal method) and
// looks inside whatever a tranche keeps as state.
var cmpOpts = cmp.Options{cmp.Exporter(func(reflect.Type) bool { return true })}

// independent checks that instances and runs do not interfere.
func independent(c *config, periods []contract.Period, newTranche func() tranche.Tranche, f *failures) {
	f.period, f.date = -1, time.Time{}
	half := func(x decimal.Decimal) decimal.Decimal {
		q, _ := x.QuoRem(decimal.NewFromInt(2), c.scale)
		return q
	}
	// Separate runs of fresh instances: the reference.
	want1, err1 := runAll(c, periods, []tranche.Tranche{newTranche()}, []func(decimal.Decimal) decimal.Decimal{identity})
	want2, err2 := runAll(c, periods, []tranche.Tranche{newTranche()}, []func(decimal.Decimal) decimal.Decimal{half})
	if err := errors.Join(err1, err2); err != nil {
		f.add(RuleNoError, "%v", err)
		return
	}
	compare := func(what string, got [][]tranche.Payment, err error) {
		if err != nil {
			f.add(RuleNoError, "%s: %v", what, err)
			return
		}
		if d := cmp.Diff(want1[0], got[0], cmpOpts); d != "" {
			f.add(RuleIndependent, "%s: first run differs from a separate run (-separate +interleaved):\n%s", what, d)
		}
		if len(got) > 1 {
			if d := cmp.Diff(want2[0], got[1], cmpOpts); d != "" {
				f.add(RuleIndependent, "%s: second run differs from a separate run (-separate +interleaved):\n%s", what, d)
			}
		}
	}
	fns := []func(decimal.Decimal) decimal.Decimal{identity, half}
	got, err := runAll(c, periods, []tranche.Tranche{newTranche(), newTranche()}, fns)
	compare("two instances interleaved on two books", got, err)
	one := newTranche()
	got, err = runAll(c, periods, []tranche.Tranche{one, one}, fns)
	compare("one instance interleaved on two books", got, err)
	got, err = runAll(c, periods, []tranche.Tranche{one}, fns[:1])
	compare("an instance run again", got, err)
}

// runAll runs the scenario for each tranche on its own book, all
// interleaved period by period, and returns each book's ledger.
func runAll(c *config, periods []contract.Period, ts []tranche.Tranche, cash []func(decimal.Decimal) decimal.Decimal) ([][]tranche.Payment, error) {
	runs := make([]*run, len(ts))
	for i, t := range ts {
		r, err := newRun(c, periods, t, cash[i])
		if err != nil {
			return nil, err
		}
		runs[i] = r
	}
	for i := range periods {
		for _, r := range runs {
			left, err := r.open()
			if err == nil {
				err = r.close(left)
			}
			if err != nil {
				return nil, fmt.Errorf("period %d: %w", i, err)
			}
		}
	}
	out := make([][]tranche.Payment, len(runs))
	for i, r := range runs {
		out[i] = slices.Collect(r.b.Ledger().Values())
	}
	return out, nil
}
