package fund_test

import (
	"errors"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/jvwaterfall/jvwaterfall/contract"
	"github.com/jvwaterfall/jvwaterfall/fund"
	"github.com/jvwaterfall/jvwaterfall/tranche"
	"github.com/jvwaterfall/jvwaterfall/waterfall"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"
)

// leveredStack is an investment financed with a 100,000 loan at 10% on
// 30/360, drawn at the end of 2024 and repaid at the end of 2029, ahead of
// equity behind a DSCR covenant (1.20x, cash trapped while breached):
// capital back to the LP, then 80/20.
func leveredStack(t *testing.T, prefix string, periods []contract.Period) tranche.Tranche {
	t.Helper()
	id := func(s string) tranche.TrancheID { return tranche.TrancheID(prefix + s) }
	plan, err := contract.Loan{
		Commitment:    dec("100000"),
		Draws:         []contract.Flow{{Date: periods[0].End, Amount: dec("100000")}},
		Rate:          contract.Rate{Annual: dec("0.10"), DayCount: contract.Thirty360US},
		DefaultMargin: dec("0.02"),
	}.Plan(periods, 2)
	require.NoError(t, err)
	debt, err := tranche.NewDebt(tranche.Debt{Name: id("senior"), Lender: "BANK", Plan: plan})
	require.NoError(t, err)
	roc, err := tranche.NewReturnOfCapital(tranche.ReturnOfCapital{Name: id("capital"), Parties: []tranche.PartyID{"LP"}})
	require.NoError(t, err)
	split, err := tranche.NewSplit(tranche.Split{
		Name: id("carry"),
		Shares: []tranche.Share{
			{Parties: []tranche.PartyID{"LP"}, Weight: dec("0.8")},
			{Parties: []tranche.PartyID{"GP"}, Weight: dec("0.2"), Promote: true},
		},
	})
	require.NoError(t, err)
	cov, err := tranche.NewCovenant(tranche.Covenant{Name: id("dscr"), Loan: debt, MinDSCR: dec("1.20"),
		Junior: tranche.Sequence(roc, split)})
	require.NoError(t, err)
	return tranche.Sequence(debt, cov)
}

// TestRun_InvestmentStepsLikeADeal runs one levered investment twice: as a
// plain deal and as the only investment of a fund. The year 2027 brings no
// cash, so the loan misses its interest and falls into arrears, and the
// covenant breaches and traps cash until it cures. Both runs take the same
// single period step, so an investment must pay, close and check every
// period exactly as the deal does: the same payments, the same events
// (arrears, default interest, breach, trap, cure) and the same held cash.
func TestRun_InvestmentStepsLikeADeal(t *testing.T) {
	periods, err := contract.Schedule{Start: contract.Date(2024, 1, 1), End: contract.Date(2030, 1, 1),
		Frequency: contract.EveryYear}.Periods()
	require.NoError(t, err)
	y := func(year int) contract.Flow { return contract.Flow{Date: contract.Date(year, 12, 31)} }
	proceeds := []contract.Flow{y(2025), y(2026), y(2028), y(2029)}
	for i, a := range []string{"11000", "20000", "16000", "160000"} {
		proceeds[i].Amount = dec(a)
	}
	parties := []waterfall.Party{
		{ID: "LP", Commitment: dec("50000")},
		{ID: "GP", Role: waterfall.RoleSponsor},
		{ID: "BANK", Role: waterfall.RoleLender},
	}
	calls := []waterfall.Call{{Date: contract.Date(2024, 12, 31), Amount: dec("50000")}}

	deal, err := waterfall.Run(&waterfall.Deal{Name: "levered", Currency: "USD", Scale: 2, Parties: parties,
		Periods: periods, Calls: calls, Proceeds: proceeds, Stack: leveredStack(t, "", periods)})
	require.NoError(t, err)

	// Whole-fund terms that give the GP more carry than the deal does (20%
	// of every dollar distributed), so the lookback claws nothing back.
	whole, err := tranche.NewSplit(tranche.Split{
		Name: "fund/carry",
		Shares: []tranche.Share{
			{Parties: []tranche.PartyID{"LP"}, Weight: dec("0.8")},
			{Parties: []tranche.PartyID{"GP"}, Weight: dec("0.2"), Promote: true},
		},
	})
	require.NoError(t, err)
	fd, err := fund.Run(&fund.Fund{Name: "levered fund", Currency: "USD", Scale: 2, Parties: parties, Periods: periods,
		Investments: []fund.Investment{{Name: "levered", Calls: calls, Proceeds: proceeds, Stack: leveredStack(t, "", periods)}},
		Stack:       whole,
		Terms:       fund.Terms{Sponsor: "GP", Investors: []tranche.PartyID{"LP"}}})
	require.NoError(t, err)

	// The deal itself shows what the period step does: 2025 pays 11,000
	// of 10,000 interest (DSCR 1.10 < 1.20: breach, 1,000 trapped); 2026
	// has 21,000 (the trapped cash is not cash for debt service: DSCR 2.00,
	// cured); 2027 has nothing, so the 10,000 of interest is missed and
	// falls into arrears with default interest.
	kinds := map[tranche.EventKind]bool{}
	for _, e := range deal.Events {
		kinds[e.Kind] = true
	}
	for _, k := range []tranche.EventKind{tranche.EventCovenantBreach, tranche.EventCashTrapped,
		tranche.EventCovenantCured, tranche.EventPaymentDefault} {
		require.True(t, kinds[k], "the plain deal has no %s event: %v", k, deal.Events)
	}

	// The fund's ledger holds the investment's payments and nothing else
	// (no fees, no escrow, and the lookback finds no carry to claw back).
	require.Empty(t, cmp.Diff(slices.Collect(deal.Payments.Values()), slices.Collect(fd.Payments.Values())), "payments differ (-deal +fund)")
	var events []tranche.Event
	for _, e := range fd.Events {
		if e.Kind != fund.EventClawback {
			events = append(events, e)
		}
	}
	require.Empty(t, cmp.Diff(deal.Events, events), "events differ (-deal +fund)")
	require.Empty(t, cmp.Diff(deal.Holdings, fd.Holdings), "holdings differ (-deal +fund)")
	for i := range deal.Periods {
		d, f := deal.Periods[i], fd.Periods[i]
		require.True(t, d.Held.Equal(f.Held), "period %d held: deal %s, fund %s", i, d.Held, f.Held)
		require.True(t, d.Paid.Equal(f.Paid), "period %d paid: deal %s, fund %s", i, d.Paid, f.Paid)
		require.True(t, d.Retained.Equal(f.Retained), "period %d retained: deal %s, fund %s", i, d.Retained, f.Retained)
	}
}

// TestRun_NilFund: a nil fund is an error, not a panic.
func TestRun_NilFund(t *testing.T) {
	_, err := fund.Run(nil)
	require.ErrorIs(t, err, contract.ErrRequired)
	var f *fund.Fund
	require.ErrorIs(t, f.Validate(), contract.ErrRequired)
}

// TestValidate_RecoveryAheadOfALoan: recoveries are paid out of an
// investment's cash before its stack, so a loan in that stack would be
// paid after the fund's investors; Validate refuses the combination
// instead of paying equity ahead of a secured lender.
func TestValidate_RecoveryAheadOfALoan(t *testing.T) {
	periods, err := contract.Schedule{Start: contract.Date(2024, 1, 1), End: contract.Date(2030, 1, 1),
		Frequency: contract.EveryYear}.Periods()
	require.NoError(t, err)
	whole, err := tranche.NewReturnOfCapital(tranche.ReturnOfCapital{Name: "fund/capital", Parties: []tranche.PartyID{"LP"}})
	require.NoError(t, err)
	f := &fund.Fund{Name: "levered fund", Currency: "USD", Scale: 2, Periods: periods,
		Parties: []waterfall.Party{{ID: "LP", Commitment: dec("50000")}, {ID: "GP", Role: waterfall.RoleSponsor},
			{ID: "BANK", Role: waterfall.RoleLender}},
		Investments: []fund.Investment{{Name: "levered", Stack: leveredStack(t, "", periods)}},
		Stack:       whole,
		Terms:       fund.Terms{Sponsor: "GP", Investors: []tranche.PartyID{"LP"}, RecoverLosses: true}}
	err = f.Validate()
	require.ErrorIs(t, err, contract.ErrInvalid)
	requirePaths(t, err, "investments[0].stack")
	require.ErrorContains(t, err, `tranche "senior" is a loan`)
	f.Terms.RecoverLosses = false
	require.NoError(t, f.Validate())
}

// failing is a user's tranche whose terms cannot be applied.
type failing struct{}

func (failing) ID() tranche.TrancheID { return "failing" }
func (failing) Owed(*tranche.Book) (tranche.Claim, error) {
	return tranche.Claim{}, errors.New("terms cannot be applied")
}
func (failing) Pay(*tranche.Book, decimal.Decimal) (decimal.Decimal, error) {
	return decimal.Zero, errors.New("terms cannot be applied")
}

// TestRun_ErrorNamesThePeriodOnce: an investment's failure reads
// "period N (date): investment "x": …", the period said once.
func TestRun_ErrorNamesThePeriodOnce(t *testing.T) {
	periods, err := contract.Schedule{Start: contract.Date(2024, 1, 1), End: contract.Date(2026, 1, 1),
		Frequency: contract.EveryYear}.Periods()
	require.NoError(t, err)
	whole, err := tranche.NewReturnOfCapital(tranche.ReturnOfCapital{Name: "fund/capital", Parties: []tranche.PartyID{"LP"}})
	require.NoError(t, err)
	_, err = fund.Run(&fund.Fund{Name: "f", Currency: "USD", Scale: 2, Periods: periods,
		Parties: []waterfall.Party{{ID: "LP", Commitment: dec("100")}, {ID: "GP", Role: waterfall.RoleSponsor}},
		Investments: []fund.Investment{{Name: "bad", Stack: failing{},
			Proceeds: []contract.Flow{{Date: periods[1].End, Amount: dec("10")}}}},
		Stack: whole,
		Terms: fund.Terms{Sponsor: "GP", Investors: []tranche.PartyID{"LP"}}})
	require.EqualError(t, err, `period 1 (2026-01-01): investment "bad": terms cannot be applied`)
}

// TestRun_LenderDrawsInAFund: in a fund, as in a deal, an investment's
// loan draws are its lender's contributions, so the fund's Result gives
// the lender's flows and multiple; but the management fee's base is the
// capital called for investments, not what lenders lent. The levered
// investment calls 50,000 and borrows 100,000 at 10% (bullet) in 2024;
// the fee is 1% of invested capital a year from 2025 (the investment
// period ended in 2024), so its base in 2025 is 50,000, not 150,000: a
// fee of 500.
func TestRun_LenderDrawsInAFund(t *testing.T) {
	periods, err := contract.Schedule{Start: contract.Date(2024, 1, 1), End: contract.Date(2030, 1, 1),
		Frequency: contract.EveryYear}.Periods()
	require.NoError(t, err)
	parties := []waterfall.Party{
		{ID: "LP", Commitment: dec("60000")},
		{ID: "GP", Role: waterfall.RoleSponsor},
		{ID: "BANK", Role: waterfall.RoleLender},
		{ID: "MGR", Role: waterfall.RoleOther},
	}
	calls := []waterfall.Call{{Date: contract.Date(2024, 12, 31), Amount: dec("50000")}}
	var proceeds []contract.Flow
	for y := 2025; y <= 2029; y++ {
		proceeds = append(proceeds, contract.Flow{Date: contract.Date(y, 12, 31), Amount: dec("40000")})
	}
	proceeds[4].Amount = dec("160000") // the sale repays the bullet loan
	whole, err := tranche.NewSplit(tranche.Split{Name: "fund/carry", Shares: []tranche.Share{
		{Parties: []tranche.PartyID{"LP"}, Weight: dec("0.8")},
		{Parties: []tranche.PartyID{"GP"}, Weight: dec("0.2"), Promote: true},
	}})
	require.NoError(t, err)
	fd, err := fund.Run(&fund.Fund{Name: "levered fund", Currency: "USD", Scale: 2, Parties: parties, Periods: periods,
		Investments: []fund.Investment{{Name: "levered", Calls: calls, Proceeds: proceeds, Stack: leveredStack(t, "", periods)}},
		Stack:       whole,
		Fees: &waterfall.Fees{Manager: "MGR", Parties: []tranche.PartyID{"LP"}, Management: contract.ManagementFee{
			InvestedRate: dec("0.01"), InvestmentEnd: contract.Date(2024, 12, 31), PeriodsPerYear: 1}},
		Terms: fund.Terms{Sponsor: "GP", Investors: []tranche.PartyID{"LP"}}})
	require.NoError(t, err)

	require.Equal(t, "50000", fd.Fees[1].Basis.String(), "2025's fee base: the capital called, not the loan")
	require.Equal(t, "500", fd.Fees[1].Net.String())
	require.True(t, fd.Periods[0].Drawn.Equal(dec("100000")), "drawn %s", fd.Periods[0].Drawn)
	bank, _ := fd.Party("BANK")
	require.True(t, bank.Contributed.Equal(dec("100000")), "the bank contributed %s", bank.Contributed)
	flows := fd.Flows("BANK")
	require.Equal(t, periods[0].End, flows[0].Date)
	require.True(t, flows[0].Amount.Equal(dec("-100000")), "the draw: %s", flows[0].Amount)
	// Five years of 10% interest (a whole year each on 30/360) and the
	// principal at the end: 150,000 back on 100,000 lent.
	m, err := fd.MOIC("BANK")
	require.NoError(t, err)
	require.True(t, m.Equal(dec("1.5")), "the bank's multiple %s", m)
}

// failingFund is a one-investment fund over 2024-2025 whose investment
// calls 10.00 from LP in 2024 and returns it in 2025 through a plain
// return of capital; whole is the fund's whole-fund stack.
func failingFund(t *testing.T, whole tranche.Tranche) *fund.Fund {
	t.Helper()
	periods, err := contract.Schedule{Start: contract.Date(2024, 1, 1), End: contract.Date(2026, 1, 1),
		Frequency: contract.EveryYear}.Periods()
	require.NoError(t, err)
	roc, err := tranche.NewReturnOfCapital(tranche.ReturnOfCapital{Name: "inv/capital", Parties: []tranche.PartyID{"LP"}})
	require.NoError(t, err)
	return &fund.Fund{Name: "f", Currency: "USD", Scale: 2, Periods: periods,
		Parties: []waterfall.Party{{ID: "LP", Commitment: dec("100")}, {ID: "GP", Role: waterfall.RoleSponsor}},
		Investments: []fund.Investment{{Name: "inv", Stack: roc,
			Calls:    []waterfall.Call{{Date: periods[0].End, Amount: dec("10")}},
			Proceeds: []contract.Flow{{Date: periods[1].End, Amount: dec("10")}}}},
		Stack: whole,
		Terms: fund.Terms{Sponsor: "GP", Investors: []tranche.PartyID{"LP"}}}
}

// TestRun_LookbackErrorNamesThePeriod: a whole-fund stack that fails when
// the lookback runs it (here at the final checkpoint, period 1, over the
// 10.00 the fund distributed) fails the fund's run, with the period and
// "lookback" before the whole-fund run's own error (which names the
// whole-fund deal's period).
func TestRun_LookbackErrorNamesThePeriod(t *testing.T) {
	_, err := fund.Run(failingFund(t, failing{}))
	require.EqualError(t, err, "period 1 (2026-01-01): lookback: period 1 (2026-01-01): terms cannot be applied")
}

// TestRun_NestedPartyErrorFailsTheRun: a party that is itself a deal runs
// over what it received once the fund has run; when its stack fails (in
// 2025, when LP's 10.00 comes back to it), so does the fund's run, with
// the party's path before the error.
func TestRun_NestedPartyErrorFailsTheRun(t *testing.T) {
	whole, err := tranche.NewReturnOfCapital(tranche.ReturnOfCapital{Name: "fund/capital", Parties: []tranche.PartyID{"LP"}})
	require.NoError(t, err)
	f := failingFund(t, whole)
	f.Parties[0].Deal = &waterfall.Deal{Name: "LP's own fund", Currency: "USD", Scale: 2, Periods: f.Periods,
		Parties: []waterfall.Party{{ID: "LP-1", Commitment: dec("100")}}, Stack: failing{}}
	_, err = fund.Run(f)
	require.EqualError(t, err, "parties[0].deal: period 1 (2026-01-01): terms cannot be applied")
}
