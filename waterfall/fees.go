package waterfall

import (
	"fmt"
	"slices"
	"time"

	"github.com/jvwaterfall/jvwaterfall/contract"
	"github.com/jvwaterfall/jvwaterfall/internal/alloc"
	"github.com/jvwaterfall/jvwaterfall/internal/exact"
	"github.com/jvwaterfall/jvwaterfall/tranche"
	"github.com/shopspring/decimal"
)

// Tranche IDs of the payments the engine makes for fees and expenses.
const (
	FeeTranche     tranche.TrancheID = "management-fee" // the management fee, paid to Fees.Manager
	ExpenseTranche tranche.TrancheID = "expenses"       // fund expenses, paid to each expense's payee
)

// Fees are a fund's management fee and expenses. Each period the net fee and
// the period's expenses are called from the investors, shared by commitment,
// and paid out the same period: the fee to the manager as a
// [tranche.KindFee] payment, each expense to its payee as a
// [tranche.KindExpense] payment. The calls are contributions like any
// other, so investors get them back through return of capital and earn pref on
// them; the payments are not paid from proceeds and are not part of a period's
// Paid (see [PeriodSummary.Fees]).
//
// Use a party of its own for the manager (the management company), not the
// sponsor that earns the promote: fees are not profit, and a catch-up counts
// everything the sponsor receives above its capital as profit.
//
// The fee's base after the investment period is the paying parties' invested
// capital at the period's start: their shares of calls and contributions (not
// fee calls, not loan draws) less the capital returned to them, fee calls
// returned included; zero when that total is below zero. Another party's
// capital, a sponsor's outside Parties, is not in it. In a fund run deal by
// deal (package fund), fee calls are the fund's, not an investment's: the base
// is the sum over the investments not yet realized (fund.Investment.Realized)
// of the payers' capital in each less what it returned them (not below zero).
type Fees struct {
	Manager    tranche.PartyID        // receives the management fee; required when the fee has a rate
	Management contract.ManagementFee // the fee terms; the zero value charges no fee
	Income     []contract.Flow        // fee income the manager received from portfolio companies; Management.OffsetShare of it offsets the fee
	Expenses   []Expense              // fund expenses, called and paid in their period
	Parties    []tranche.PartyID      // who pays fees and expenses, by commitment; empty: every party with a commitment
}

// Expense is a fund expense: called from the investors and paid to Payee.
type Expense struct {
	Date   time.Time
	Amount decimal.Decimal // positive, whole minor units
	Payee  tranche.PartyID // a party of the deal (an administrator, counsel); required
	Memo   string          // for reports
}

// validate checks the fees against the deal's parties and schedule, all but the
// list of Parties, which the deal checks as a call's.
func (f *Fees) validate(v *dealCheck) {
	v.add("fees.management", f.Management.Validate())
	charges := f.Management.CommitmentRate.Sign() > 0 || f.Management.InvestedRate.Sign() > 0
	if f.Manager != "" || charges {
		v.party("fees.manager", f.Manager)
	}
	for i, fl := range f.Income {
		v.amount("fees.income", i, fl.Amount)
		v.date("fees.income", i, fl.Date)
	}
	for i, e := range f.Expenses {
		v.amount("fees.expenses", i, e.Amount)
		v.date("fees.expenses", i, e.Date)
		v.party(at("fees.expenses", i, ".payee"), e.Payee)
	}
	if (charges || len(f.Expenses) > 0) && commitments(v.d, f.Parties, false).Sign() <= 0 {
		v.add("fees.parties", fmt.Errorf("nobody with a commitment to call fees from: %w", contract.ErrInvalid))
	}
}

// A FeeRun works out a deal's [Fees] period by period: the fee on the period's
// base, the offset of fee income, and the calls that fund the fee and the
// expenses. [Run] uses one for a deal with Fees; package fund uses one for a
// fund run deal by deal, whose fees are called at the fund's level. It carries
// the offset credit from one period to the next, so its periods are worked out
// once each, in order, by one goroutine.
type FeeRun struct {
	d       *Deal
	f       *Fees
	income  []decimal.Decimal
	expense [][]Expense
	credit  decimal.Decimal
	total   decimal.Decimal   // commitments of the parties called
	payers  []tranche.PartyID // the parties called
	weights []decimal.Decimal // their commitments
	called  decimal.Decimal   // fees and expenses called so far
	base    decimal.Decimal   // the payers' invested capital at the period's start
	err     error             // a flow the schedule cannot place: every Period returns it
}

// NewFeeRun returns a FeeRun for d's Fees over its parties and periods, or nil
// when d has no Fees. d must be valid ([Deal.Validate] checks the fees); only
// its scale, parties, periods and fees are read. Fee income or an expense dated
// outside d's schedule is not placed: every
// [FeeRun.Period] then returns that error, with its field path.
func NewFeeRun(d *Deal) *FeeRun {
	if d == nil || d.Fees == nil {
		return nil
	}
	r := &FeeRun{d: d, f: d.Fees, income: make([]decimal.Decimal, len(d.Periods)), expense: make([][]Expense, len(d.Periods)),
		credit: decimal.Zero, total: decimal.Zero, payers: slices.Clone(callParties(d, d.Fees.Parties)), called: decimal.Zero, base: decimal.Zero}
	commit := make(map[tranche.PartyID]decimal.Decimal, len(d.Parties))
	for _, p := range d.Parties {
		commit[p.ID] = p.Commitment
	}
	// A party named without a commitment is called nothing: not a payer,
	// and its capital is not in the base.
	r.payers = slices.DeleteFunc(r.payers, func(id tranche.PartyID) bool { return commit[id].Sign() <= 0 })
	r.weights = make([]decimal.Decimal, len(r.payers))
	for j, id := range r.payers {
		r.weights[j], r.total = commit[id], r.total.Add(commit[id])
	}
	place := func(path string, n int, t time.Time) (int, bool) {
		i, ok := contract.PeriodIndex(d.Periods, t)
		if !ok && r.err == nil {
			r.err = contract.Field(at("fees."+path, n, ".date"), contract.InSchedule(d.Periods, t))
		}
		return i, ok
	}
	for n, fl := range d.Fees.Income {
		if i, ok := place("income", n, fl.Date); ok {
			r.income[i] = r.income[i].Add(fl.Amount)
		}
	}
	for n, e := range d.Fees.Expenses {
		if i, ok := place("expenses", n, e.Date); ok {
			r.expense[i] = append(r.expense[i], e)
		}
	}
	return r
}

// FeePeriod is what fees do in one period: the calls that fund them and the
// payments they make.
type FeePeriod struct {
	Line          contract.FeeLine  // the management fee: basis, gross, offset, net
	Contributions []Contribution    // the calls of fee and expenses, shared by commitment, dated the period's end
	Payments      []tranche.Payment // the fee to the manager, each expense to its payee (Period and Date are set when posted)
	Total         decimal.Decimal   // net fee + expenses: the sum of Contributions and of Payments
}

// Period works out period p's fee on invested capital invested (at the period's
// start) and its expenses, and the calls that fund them. Periods are worked out
// in order, each once. It returns an error when the fee terms cannot be applied
// to p, or a call cannot be shared (nobody with a commitment).
func (r *FeeRun) Period(p contract.Period, invested decimal.Decimal) (FeePeriod, error) {
	if r == nil || r.f == nil {
		return FeePeriod{}, fmt.Errorf("a FeeRun not made by NewFeeRun: %w", contract.ErrRequired)
	}
	if r.err != nil {
		return FeePeriod{}, r.err
	}
	if p.Index < 0 || p.Index >= len(r.income) {
		return FeePeriod{}, contract.Field("period", fmt.Errorf("index %d outside the deal's %d periods: %w", p.Index, len(r.income), contract.ErrRange))
	}
	var out FeePeriod
	m := r.f.Management
	scale := r.d.Scale
	gross, err := m.Gross(p, r.total, invested, scale)
	if err != nil {
		return out, contract.Prefix("fees.management", err)
	}
	net, left := m.Offset(gross, r.income[p.Index], r.credit, scale)
	f := m.InvestmentPeriodShare(p)
	out.Line = contract.FeeLine{Period: p.Index, Date: p.End, Basis: r.total.Mul(f).Add(invested.Mul(decimal.NewFromInt(1).Sub(f))),
		Gross: gross, Offset: gross.Sub(net), Net: net, CreditIn: r.credit}
	r.credit = left
	out.Total = decimal.Zero
	if net.Sign() > 0 {
		if err := r.call(p, net, &out); err != nil {
			return out, err
		}
		out.Payments = append(out.Payments, tranche.Payment{Tranche: FeeTranche, Party: r.f.Manager, Kind: tranche.KindFee,
			Amount: net, Before: net, After: decimal.Zero})
	}
	for _, e := range r.expense[p.Index] {
		if e.Amount.IsZero() {
			continue
		}
		if err := r.call(p, e.Amount, &out); err != nil {
			return out, err
		}
		out.Payments = append(out.Payments, tranche.Payment{Tranche: ExpenseTranche, Party: e.Payee, Kind: tranche.KindExpense,
			Amount: e.Amount, Before: e.Amount, After: decimal.Zero})
	}
	return out, nil
}

// Payers returns the parties that pay the fees and expenses, by
// commitment: those of [Fees].Parties (every party when it is empty) with
// a commitment above zero.
func (r *FeeRun) Payers() []tranche.PartyID {
	if r == nil {
		return nil
	}
	return slices.Clone(r.payers)
}

// call shares amount among the fee payers by commitment.
func (r *FeeRun) call(p contract.Period, amount decimal.Decimal, out *FeePeriod) error {
	parts, err := alloc.Split(amount, r.weights, r.d.Scale)
	if err != nil {
		return contract.Field("fees", err)
	}
	for j, id := range r.payers {
		if parts[j].Sign() > 0 {
			out.Contributions = append(out.Contributions, Contribution{Date: p.End, Party: id, Amount: parts[j]})
		}
	}
	out.Total = out.Total.Add(amount)
	return nil
}

// book books period p's fee calls and posts its fee and expense payments to
// the book of a deal run as one stack, and returns what was paid.
func (r *FeeRun) book(b *tranche.Book, res *Result, p contract.Period) (decimal.Decimal, error) {
	fp, err := r.Period(p, r.base)
	if err != nil {
		return decimal.Zero, err
	}
	res.Fees = append(res.Fees, fp.Line)
	for _, c := range fp.Contributions {
		if err := b.Contribute(c.Party, c.Amount); err != nil {
			return decimal.Zero, fmt.Errorf("fee call of %q: %w", c.Party, err)
		}
	}
	for _, pay := range fp.Payments {
		if err := b.Post(pay); err != nil {
			return decimal.Zero, err
		}
	}
	return fp.Total, nil
}

// close reads at a period's end the next period's base: what the payers
// invested less their fee calls so far (called is this period's), or zero.
func (r *FeeRun) close(b *tranche.Book, called decimal.Decimal) error {
	r.called = exact.Add(r.called, called)
	inv, err := b.Invested(r.payers)
	r.base = decimal.Max(exact.Sub(inv, r.called), decimal.Zero)
	return err
}
