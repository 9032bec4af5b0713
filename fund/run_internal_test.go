package fund

import (
	"slices"
	"testing"

	"github.com/jvwaterfall/jvwaterfall/contract"
	"github.com/jvwaterfall/jvwaterfall/internal/alloc"
	"github.com/jvwaterfall/jvwaterfall/tranche"
	"github.com/jvwaterfall/jvwaterfall/waterfall"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"
)

// TestNewRun_StepperErrorNamesTheInvestment: newRun reports an
// investment's stepper that cannot be made, at the investment's path. Run
// validates first, so no valid fund gets here (Validate reports the
// missing stack itself); newRun is called directly, on a fund whose
// investment has no stack.
func TestNewRun_StepperErrorNamesTheInvestment(t *testing.T) {
	periods, err := contract.Schedule{Start: contract.Date(2024, 1, 1), End: contract.Date(2025, 1, 1),
		Frequency: contract.EveryYear}.Periods()
	require.NoError(t, err)
	f := &Fund{Name: "f", Currency: "USD", Scale: 2, Periods: periods,
		Parties:     []waterfall.Party{{ID: "LP", Commitment: decimal.NewFromInt(100)}},
		Investments: []Investment{{Name: "a", Stack: nil}}}
	r, err := newRun(f)
	require.Nil(t, r)
	require.ErrorIs(t, err, contract.ErrRequired)
	require.EqualError(t, err, "investments[0].stack: "+contract.ErrRequired.Error())
}

// accountFund is a valid one-investment fund over 2024: LP (commitment
// 100) puts 10.00 into "a", which returns it through a return of capital
// and is realized at the end of the year.
func accountFund(t *testing.T) *Fund {
	t.Helper()
	periods, err := contract.Schedule{Start: contract.Date(2024, 1, 1), End: contract.Date(2025, 1, 1),
		Frequency: contract.EveryYear}.Periods()
	require.NoError(t, err)
	roc, err := tranche.NewReturnOfCapital(tranche.ReturnOfCapital{Name: "a/capital", Parties: []tranche.PartyID{"LP"}})
	require.NoError(t, err)
	whole, err := tranche.NewReturnOfCapital(tranche.ReturnOfCapital{Name: "capital", Parties: []tranche.PartyID{"LP"}})
	require.NoError(t, err)
	f := &Fund{Name: "f", Currency: "USD", Scale: 2, Periods: periods,
		Parties: []waterfall.Party{{ID: "LP", Commitment: decimal.NewFromInt(100)}, {ID: "GP", Role: waterfall.RoleSponsor}},
		Investments: []Investment{{Name: "a", Stack: roc, Realized: periods[0].End,
			Calls:    []waterfall.Call{{Date: periods[0].End, Amount: decimal.NewFromInt(10)}},
			Proceeds: []contract.Flow{{Date: periods[0].End, Amount: decimal.NewFromInt(10)}}}},
		Stack: whole,
		Terms: Terms{Sponsor: "GP", Investors: []tranche.PartyID{"LP"}, RecoverLosses: true}}
	require.NoError(t, f.Validate())
	return f
}

// TestPeriod_AccountErrors: period reads every fee payer's account in
// every investment's book (the fee base) and, when a realized
// investment's loss is recovered, every investor's; an account the book
// does not have is an error, not a zero. A valid fund's parties are in
// every book (newRun makes the books from them), so the run's terms are
// changed after newRun: a payer, then an investor, that no book has.
func TestPeriod_AccountErrors(t *testing.T) {
	f := accountFund(t)
	g := *f
	g.Fees = &waterfall.Fees{Manager: "GP", Management: contract.ManagementFee{CommitmentRate: decimal.New(1, -2), PeriodsPerYear: 1}}
	require.NoError(t, g.Validate())
	r, err := newRun(&g)
	require.NoError(t, err)
	r.payers = append(slices.Clone(r.payers), "GHOST")
	err = r.period(0, f.Periods[0])
	require.ErrorIs(t, err, tranche.ErrUnknownParty)
	require.ErrorContains(t, err, `"GHOST"`)

	r, err = newRun(f)
	require.NoError(t, err)
	terms := f.Terms
	terms.Investors = []tranche.PartyID{"GHOST"}
	r.a = &terms
	err = r.period(0, f.Periods[0])
	require.ErrorIs(t, err, tranche.ErrUnknownParty)
	require.ErrorContains(t, err, `"GHOST"`)
}

// TestRecover_SplitErrorFailsThePeriod: when what the investors are owed
// cannot be split (here a negative amount owed, which a valid run never
// records), recover returns alloc's error and the period fails with it,
// rather than paying nothing or panicking. LP is owed 20.00 and a second
// investor −5.00: a total of 15.00, more than the 3.00 offered (and than
// the investment's 10.00 in the period), so the owed amounts are the
// weights of a split.
func TestRecover_SplitErrorFailsThePeriod(t *testing.T) {
	f := accountFund(t)
	setUp := func() *run {
		r, err := newRun(f)
		require.NoError(t, err)
		terms := f.Terms
		terms.Investors = []tranche.PartyID{"LP", "GP"}
		r.a = &terms
		r.owedRec["LP"] = decimal.NewFromInt(20)
		r.owedRec["GP"] = decimal.NewFromInt(-5)
		return r
	}
	r := setUp()
	_, err := r.recover(f.Periods[0], r.invs[0], decimal.NewFromInt(3))
	require.ErrorIs(t, err, alloc.ErrNegativeWeight)

	r = setUp()
	err = r.period(0, f.Periods[0]) // the investment's 10.00 comes in this period
	require.ErrorIs(t, err, alloc.ErrNegativeWeight)
}

// TestLookback_SplitErrors: the lookback's two splits, of a clawback
// among the investors and of a restore by what each holds of clawbacks,
// return alloc's error when they cannot split, which a valid run never
// makes: an amount that is not whole cents, a negative holding (the run's
// state is set by hand). The whole-fund stack returns capital only, so
// whole-fund carry is 0.
//   - clawback: carry earned 10.005 and 10.005 in escrow, nothing clawed
//     yet: excess 10.005, all of it from escrow, which is not whole cents;
//   - restore: carry 0 and 5.00 clawed: excess −5.00, so 5.00 is given
//     back by the holdings LP 10.00 and GP −5.00.
func TestLookback_SplitErrors(t *testing.T) {
	f := accountFund(t)
	r, err := newRun(f)
	require.NoError(t, err)
	r.carry = decimal.RequireFromString("10.005")
	r.escrow = r.carry
	r.held = r.carry
	err = r.lookback(0, f.Periods[0], true)
	require.ErrorIs(t, err, alloc.ErrNotWhole)

	r, err = newRun(f)
	require.NoError(t, err)
	terms := f.Terms
	terms.Investors = []tranche.PartyID{"LP", "GP"}
	r.a = &terms
	r.clawed = decimal.NewFromInt(5)
	r.clawTo["LP"] = decimal.NewFromInt(10)
	r.clawTo["GP"] = decimal.NewFromInt(-5)
	err = r.lookback(0, f.Periods[0], true)
	require.ErrorIs(t, err, alloc.ErrNegativeWeight)
}

// TestPeriod_FeeErrorFailsThePeriod: a fee the fee run cannot work out
// fails the period with the fee run's error. Validate refuses an expense
// dated outside the schedule, so the fund is given one after validation:
// newRun does not validate, and its fee run then reports the expense's
// date from every period.
func TestPeriod_FeeErrorFailsThePeriod(t *testing.T) {
	f := accountFund(t)
	g := *f
	g.Fees = &waterfall.Fees{Expenses: []waterfall.Expense{{Date: contract.Date(2030, 1, 1), Amount: decimal.NewFromInt(1), Payee: "GP"}}}
	r, err := newRun(&g)
	require.NoError(t, err)
	err = r.period(0, g.Periods[0])
	require.ErrorIs(t, err, contract.ErrRange)
	require.ErrorContains(t, err, "fees.expenses[0].date")
}
