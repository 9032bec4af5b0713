package waterfall_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/jvwaterfall/jvwaterfall/contract"
	"github.com/jvwaterfall/jvwaterfall/internal/alloc"
	"github.com/jvwaterfall/jvwaterfall/tranche"
	"github.com/jvwaterfall/jvwaterfall/waterfall"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"
)

// feeFund is a 100M fund (LP-A 60M, LP-B 40M) over the quarters of 2025
// and 2026, with 2% of commitments a year paid quarterly through the
// investment period (to 2025-12-31) and 1.5% of invested capital after,
// and one 120,000 audit expense.
func feeFund(t *testing.T) *waterfall.Deal {
	t.Helper()
	periods, err := contract.Schedule{Start: contract.Date(2024, 12, 31), End: contract.Date(2026, 12, 31),
		Frequency: contract.EveryQuarter, EndOfMonth: true}.Periods()
	require.NoError(t, err)
	investors := []tranche.PartyID{"LP-A", "LP-B"}
	roc, err := tranche.NewReturnOfCapital(tranche.ReturnOfCapital{Name: "capital", Parties: investors})
	require.NoError(t, err)
	split, err := tranche.NewSplit(tranche.Split{
		Name: "carry",
		Shares: []tranche.Share{
			{Parties: investors, Weight: dec("0.8")},
			{Parties: []tranche.PartyID{"GP"}, Weight: dec("0.2"), Promote: true},
		},
	})
	require.NoError(t, err)
	return &waterfall.Deal{
		Name: "Fee Fund", Currency: "USD", Scale: 2,
		Parties: []waterfall.Party{
			{ID: "LP-A", Commitment: dec("60000000")},
			{ID: "LP-B", Commitment: dec("40000000")},
			{ID: "GP", Role: waterfall.RoleSponsor},
			{ID: "MGR", Name: "Management company", Role: waterfall.RoleOther},
			{ID: "ADMIN", Name: "Fund administrator", Role: waterfall.RoleOther},
		},
		Periods: periods,
		Calls: []waterfall.Call{
			{Date: contract.Date(2025, 3, 31), Amount: dec("50000000")},
			{Date: contract.Date(2025, 9, 30), Amount: dec("30000000")},
		},
		Proceeds: []contract.Flow{
			{Date: contract.Date(2026, 6, 30), Amount: dec("40000000")},
			{Date: contract.Date(2026, 12, 31), Amount: dec("100000000")},
		},
		Stack: tranche.Sequence(roc, split),
		Fees: &waterfall.Fees{
			Manager: "MGR",
			Management: contract.ManagementFee{CommitmentRate: dec("0.02"), InvestedRate: dec("0.015"),
				InvestmentEnd: contract.Date(2025, 12, 31), PeriodsPerYear: 4},
			Expenses: []waterfall.Expense{{Date: contract.Date(2025, 6, 30), Amount: dec("120000"), Payee: "ADMIN", Memo: "audit"}},
		},
	}
}

// TestFees_Run checks the fees against closed forms: 100,000,000 × 2% / 4
// = 500,000 a quarter in 2025; after the investment period, 1.5% / 4 of
// invested capital at the quarter's start: 80M called → 300,000 in Q1 and
// Q2 2026; 80M − 40M returned on 2026-06-30 → 150,000 in Q3 and Q4.
func TestFees_Run(t *testing.T) {
	res, err := waterfall.Run(feeFund(t))
	require.NoError(t, err)

	var net []string
	for _, l := range res.Fees {
		net = append(net, l.Net.String())
	}
	want := []string{"500000", "500000", "500000", "500000", "300000", "300000", "150000", "150000"}
	if diff := cmp.Diff(want, net); diff != "" {
		t.Fatalf("fees (-want +got):\n%s", diff)
	}
	// Every fee is in the ledger, paid to the manager; the expense to the
	// administrator; and each is called from the LPs 60/40 the same period.
	mgr, _ := res.Party("MGR")
	admin, _ := res.Party("ADMIN")
	require.Equal(t, "2900000", mgr.ByKind[tranche.KindFee].String())
	require.Equal(t, "120000", admin.ByKind[tranche.KindExpense].String())
	for i, s := range res.Periods {
		fees := decimal.Zero
		for _, p := range res.Payments.All() {
			if p.Period == i && (p.Tranche == waterfall.FeeTranche || p.Tranche == waterfall.ExpenseTranche) {
				fees = fees.Add(p.Amount)
			}
		}
		require.True(t, s.Fees.Equal(fees), "period %d: Fees %s, ledger %s", i, s.Fees, fees)
	}
	// Fee calls are contributions: LP-A put in 60% of 80M + 2.9M + 0.12M.
	a, _ := res.Party("LP-A")
	b, _ := res.Party("LP-B")
	require.Equal(t, "49812000", a.Contributed.String())
	require.Equal(t, "33208000", b.Contributed.String())
	// … and come back as capital before any carry: 83.02M of the 140M.
	require.Equal(t, "83020000", a.ByKind[tranche.KindCapital].Add(b.ByKind[tranche.KindCapital]).String())
	gp, _ := res.Party("GP")
	require.Equal(t, "11396000", gp.ByKind[tranche.KindPromote].String()) // 20% × (140M − 83.02M)
}

func TestFees_Validate(t *testing.T) {
	d := feeFund(t)
	d.Fees.Manager = ""
	d.Fees.Management.OffsetShare = dec("2")
	d.Fees.Income = []contract.Flow{{Date: contract.Date(2030, 1, 1), Amount: dec("-5")}}
	d.Fees.Expenses = append(d.Fees.Expenses, waterfall.Expense{Date: contract.Date(2025, 6, 30), Amount: dec("1.001")},
		waterfall.Expense{Date: contract.Date(2025, 6, 30), Amount: dec("1"), Payee: "NOBODY"})
	d.Fees.Parties = []tranche.PartyID{"GP"}
	err := d.Validate()
	require.ErrorIs(t, err, contract.ErrInvalid)
	requirePaths(t, err, "fees.manager", "fees.management.offset_share", "fees.income[0].amount", "fees.income[0].date",
		"fees.expenses[1].amount", "fees.expenses[1].payee", "fees.expenses[2].payee", "fees.parties")
}

// TestFees_ReturnedFeeCalls is the regression test of fees once return of
// capital has given back the fee calls as well as the investments. With
// 90M of proceeds on 2026-06-30, return of capital pays back everything
// contributed by then: 80M of calls, 4 × 500,000 + 2 × 300,000 of fees and
// the 120,000 expense, 82.72M. Capital returned (82.72M) is more than
// capital called for investments (80M), so invested capital is zero, not
// −2.72M, and the fee after that is zero: 1.5% / 4 × 0. Before the fix the
// run failed in Q3 2026 with "fees.management.invested: must not be
// negative" (227 of the 3,000 deals of TestDifferential did).
func TestFees_ReturnedFeeCalls(t *testing.T) {
	d := feeFund(t)
	d.Proceeds[0].Amount = dec("90000000")
	res, err := waterfall.Run(d)
	require.NoError(t, err)
	var net []string
	for _, l := range res.Fees {
		net = append(net, l.Net.String())
	}
	want := []string{"500000", "500000", "500000", "500000", "300000", "300000", "0", "0"}
	if diff := cmp.Diff(want, net); diff != "" {
		t.Fatalf("fees (-want +got):\n%s", diff)
	}
	a, _ := res.Party("LP-A")
	b, _ := res.Party("LP-B")
	require.Equal(t, "82720000", a.ByKind[tranche.KindCapital].Add(b.ByKind[tranche.KindCapital]).String())
}

// TestFees_ValidateWhenCharged: a manager is required only when the fee
// has a rate, and a commitment to call from only when something is
// charged (a rate or an expense).
func TestFees_ValidateWhenCharged(t *testing.T) {
	d := stepDeal(t)
	end := contract.Date(2025, 12, 31)
	expense := []waterfall.Expense{{Date: end, Amount: dec("1.00"), Payee: "MGR"}}
	for _, c := range []struct {
		name        string
		fees        waterfall.Fees
		uncommitted bool     // nobody has a commitment
		paths       []string // nil: valid
	}{
		{"expenses without a manager", waterfall.Fees{Expenses: expense}, false, nil},
		{"no rates, no expenses, nobody committed", waterfall.Fees{}, true, nil},
		{"a rate on commitments without a manager", waterfall.Fees{Management: contract.ManagementFee{CommitmentRate: dec("0.02")}}, false, []string{"fees.manager"}},
		{"a rate on invested capital without a manager", waterfall.Fees{Management: contract.ManagementFee{InvestedRate: dec("0.01")}}, false, []string{"fees.manager"}},
		{"expenses with nobody committed", waterfall.Fees{Expenses: expense}, true, []string{"fees.parties"}},
		{"a rate with nobody committed", waterfall.Fees{Manager: "MGR", Management: contract.ManagementFee{CommitmentRate: dec("0.02")}}, true, []string{"fees.parties"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			d.Fees = &c.fees
			d.Parties[0].Commitment = dec("1000")
			if c.uncommitted {
				d.Parties[0].Commitment = decimal.Zero
			}
			require.Equal(t, c.paths, errPaths(d.Validate()))
		})
	}
}

// TestFeeRun_Period works out fees of feeFund (commitments 100M; 2% a
// year on them, paid quarterly, to 2025-12-31; 1.5% on invested capital
// after) one period at a time.
func TestFeeRun_Period(t *testing.T) {
	d := feeFund(t)
	q1, q1of2026 := d.Periods[0], d.Periods[4]
	t.Run("basis", func(t *testing.T) {
		r := waterfall.NewFeeRun(d)
		// In the investment period the basis is commitments, whatever
		// is invested: 100M; the fee 2% / 4 × 100M = 500,000.
		fp, err := r.Period(q1, dec("40000000"))
		require.NoError(t, err)
		require.Equal(t, "100000000", fp.Line.Basis.String())
		require.Equal(t, "500000", fp.Line.Net.String())
		// After it the basis is invested capital: 80M; 1.5% / 4 × 80M = 300,000.
		fp, err = r.Period(q1of2026, dec("80000000"))
		require.NoError(t, err)
		require.Equal(t, "80000000", fp.Line.Basis.String())
		require.Equal(t, "300000", fp.Line.Gross.String())
	})
	t.Run("income offsets the fee", func(t *testing.T) {
		// Q1 2025: income 100,000.01 + 50,000.02 = 150,000.03; 80% of it
		// is 120,000.024, rounded down to 120,000.02; net fee 500,000 −
		// 120,000.02 = 379,999.98.
		dd := feeFund(t)
		dd.Fees.Management.OffsetShare = dec("0.8")
		dd.Fees.Income = []contract.Flow{{Date: contract.Date(2025, 2, 15), Amount: dec("100000.01")}, {Date: contract.Date(2025, 3, 31), Amount: dec("50000.02")}}
		fp, err := waterfall.NewFeeRun(dd).Period(q1, decimal.Zero)
		require.NoError(t, err)
		require.Equal(t, "500000", fp.Line.Gross.String())
		require.Equal(t, "120000.02", fp.Line.Offset.String())
		require.Equal(t, "379999.98", fp.Line.Net.String())
		require.Equal(t, "379999.98", fp.Total.String())
		// 379,999.98 × 0.6 = 227,999.988 and × 0.4 = 151,999.992: floors
		// 227,999.98 and 151,999.99 leave one cent, to the larger
		// remainder (0.008 against 0.002): LP-A.
		var calls []string
		for _, c := range fp.Contributions {
			calls = append(calls, string(c.Party)+" "+c.Amount.StringFixed(2))
		}
		require.Equal(t, []string{"LP-A 227999.99", "LP-B 151999.99"}, calls)
	})
	t.Run("nothing charged, nothing paid", func(t *testing.T) {
		// After the investment period with nothing invested the fee is 0:
		// no call and no payment of 0.
		fp, err := waterfall.NewFeeRun(d).Period(q1of2026, decimal.Zero)
		require.NoError(t, err)
		require.True(t, fp.Line.Net.IsZero())
		require.Empty(t, fp.Payments)
		require.Empty(t, fp.Contributions)
		require.True(t, fp.Total.IsZero())
	})
	t.Run("a cent called from one investor", func(t *testing.T) {
		// An expense of 0.01 called 60/40: 0.006 and 0.004 floor to 0;
		// the cent goes to the larger remainder, LP-A, and LP-B is not
		// called at all (no contribution of 0).
		dd := feeFund(t)
		dd.Fees.Management = contract.ManagementFee{}
		dd.Fees.Expenses = []waterfall.Expense{{Date: q1.End, Amount: dec("0.01"), Payee: "ADMIN"}}
		fp, err := waterfall.NewFeeRun(dd).Period(q1, decimal.Zero)
		require.NoError(t, err)
		require.Len(t, fp.Contributions, 1)
		require.Equal(t, tranche.PartyID("LP-A"), fp.Contributions[0].Party)
		require.Equal(t, "0.01", fp.Contributions[0].Amount.String())
		require.Len(t, fp.Payments, 1)
	})
	t.Run("errors", func(t *testing.T) {
		var nilRun *waterfall.FeeRun
		_, err := nilRun.Period(q1, decimal.Zero)
		require.ErrorIs(t, err, contract.ErrRequired)
		_, err = (&waterfall.FeeRun{}).Period(q1, decimal.Zero)
		require.ErrorIs(t, err, contract.ErrRequired)
		require.Nil(t, waterfall.NewFeeRun(nil))
		require.Nil(t, waterfall.NewFeeRun(stepDeal(t)))

		r := waterfall.NewFeeRun(d)
		last := d.Periods[len(d.Periods)-1]
		_, err = r.Period(last, decimal.Zero)
		require.NoError(t, err)
		for _, i := range []int{-1, len(d.Periods)} {
			p := last
			p.Index = i
			_, err = r.Period(p, decimal.Zero)
			require.ErrorIs(t, err, contract.ErrRange, "index %d", i)
			require.Equal(t, []string{"period"}, errPaths(err))
		}
		_, err = r.Period(q1of2026, dec("-0.01"))
		require.ErrorIs(t, err, contract.ErrNegative)
		require.Equal(t, []string{"fees.management.invested"}, errPaths(err))
	})
	t.Run("a flow outside the schedule", func(t *testing.T) {
		// NewFeeRun reads the deal without validating it: fee income or
		// an expense dated after the last period (2027-12-31 here) is
		// not placed (it used to index period -1 and panic); every
		// Period returns the error with the flow's path, the first one
		// found (income before expenses).
		dd := feeFund(t)
		after := dd.Periods[len(dd.Periods)-1].End.AddDate(0, 0, 1)
		dd.Fees.Expenses = []waterfall.Expense{{Date: q1.End, Amount: dec("0.01"), Payee: "ADMIN"}, {Date: after, Amount: dec("1"), Payee: "ADMIN"}}
		r := waterfall.NewFeeRun(dd)
		for _, p := range []contract.Period{q1, q1of2026} {
			_, err := r.Period(p, decimal.Zero)
			require.ErrorIs(t, err, contract.ErrRange)
			require.Equal(t, []string{"fees.expenses[1].date"}, errPaths(err))
		}
		dd.Fees.Income = []contract.Flow{{Date: q1.Start.AddDate(0, 0, -1), Amount: dec("5")}}
		_, err := waterfall.NewFeeRun(dd).Period(q1, decimal.Zero)
		require.ErrorIs(t, err, contract.ErrRange)
		require.Equal(t, []string{"fees.income[0].date"}, errPaths(err))
	})
	t.Run("nobody to call", func(t *testing.T) {
		// NewFeeRun takes a valid deal; on one where nobody has a
		// commitment, the fee on invested capital (1.5% / 4 × 1M =
		// 3,750) and the expense cannot be called.
		dd := feeFund(t)
		for i := range dd.Parties {
			dd.Parties[i].Commitment = decimal.Zero
		}
		_, err := waterfall.NewFeeRun(dd).Period(q1of2026, dec("1000000"))
		require.ErrorIs(t, err, alloc.ErrNoWeights)
		require.Equal(t, []string{"fees"}, errPaths(err))
		_, err = waterfall.NewFeeRun(dd).Period(d.Periods[1], decimal.Zero) // Q2 2025: the 120,000 audit
		require.ErrorIs(t, err, alloc.ErrNoWeights)
	})
}

// TestFees_PeriodContributed: a period's Contributed is its calls plus
// the fees and expenses called in it (feeFund): Q1 2025 50M + 500,000;
// Q2 500,000 + the 120,000 audit; Q3 30M + 500,000.
func TestFees_PeriodContributed(t *testing.T) {
	res, err := waterfall.Run(feeFund(t))
	require.NoError(t, err)
	var got []string
	for _, p := range res.Periods[:3] {
		got = append(got, p.Contributed.String()+" fees "+p.Fees.String())
	}
	require.Equal(t, []string{"50500000 fees 500000", "620000 fees 620000", "30500000 fees 500000"}, got)
}

// TestFees_BaseIsPayersCapital: after the investment period the fee's base
// is the invested capital of the parties that pay it, not the deal's. A
// 10M fund, LP 9M and GP 1M, charges only the LP ("parties": LP): 2% of
// the LP's 9M commitment in 2025, 180,000.00; the 4M called at the end of
// 2025 is shared 90/10, so the LP has 3.6M invested and pays 1.5% of it in
// 2026, 54,000.00 (not 1.5% of 4M, 60,000.00). In 2026 a co-investor with
// no commitment puts in 500,000 and the bank lends 1M (a bullet at 10%):
// neither is the LP's capital, so 2027's fee is 54,000.00 again.
//
// At the end of 2027 the 2.5M of proceeds pay the loan's 100,000 of
// interest, then return capital pro rata to what each put in: the LP
// 3,888,000 (3.6M and 288,000 of fee calls), the GP 400,000, the
// co-investor 500,000, of 4,788,000. The LP's share of 2.4M is
// 1,948,872.18045 cents-floored to 1,948,872.18 (the leftover cent goes
// to the co-investor's larger remainder), so 2028's base is 3,888,000 −
// 288,000 − 1,948,872.18 = 1,651,127.82 and its fee 24,766.92.
//
// When the LP itself lends, its 1M draw is its contribution but not
// capital invested: 2027's fee is still 54,000.00.
func TestFees_BaseIsPayersCapital(t *testing.T) {
	for _, lender := range []tranche.PartyID{"BANK", "LP"} {
		want := []string{"180000.00", "54000.00", "54000.00", "24766.92"}
		if lender == "LP" {
			// Its equity's return of capital also returns its draw, as
			// capital (see tranche.Account.Lent): 2028 is not checked.
			want = want[:3]
		}
		d := payersDeal(t, lender)
		for _, totals := range []bool{false, true} {
			res, err := waterfall.RunWith(d, waterfall.RunOptions{TotalsOnly: totals})
			require.NoError(t, err)
			require.Len(t, res.Fees, 4)
			for i, w := range want {
				require.Equal(t, w, res.Fees[i].Net.StringFixed(2), "lender %s, totals-only %v, %d", lender, totals, 2025+i)
			}
		}
	}
}

func payersDeal(t *testing.T, lender tranche.PartyID) *waterfall.Deal {
	periods, err := contract.Schedule{Start: contract.Date(2024, 12, 31), End: contract.Date(2028, 12, 31), Frequency: contract.EveryYear}.Periods()
	require.NoError(t, err)
	plan, err := contract.Loan{Commitment: dec("1000000"), Draws: []contract.Flow{{Date: contract.Date(2026, 12, 31), Amount: dec("1000000")}},
		Rate: contract.Rate{Annual: dec("0.10"), DayCount: contract.Thirty360US}}.Plan(periods, 2)
	require.NoError(t, err)
	debt, err := tranche.NewDebt(tranche.Debt{Name: "loan", Lender: lender, Plan: plan})
	require.NoError(t, err)
	equity := []tranche.PartyID{"LP", "GP", "CO"}
	roc, err := tranche.NewReturnOfCapital(tranche.ReturnOfCapital{Name: "capital", Parties: equity})
	require.NoError(t, err)
	return &waterfall.Deal{
		Name: "Sponsor outside the fee", Currency: "USD", Scale: 2,
		Parties: []waterfall.Party{
			{ID: "LP", Commitment: dec("9000000")}, {ID: "GP", Role: waterfall.RoleSponsor, Commitment: dec("1000000")},
			{ID: "CO", Name: "Co-investor"}, {ID: "BANK", Role: waterfall.RoleLender}, {ID: "MGR", Role: waterfall.RoleOther},
		},
		Periods:       periods,
		Calls:         []waterfall.Call{{Date: contract.Date(2025, 12, 31), Amount: dec("4000000")}},
		Contributions: []waterfall.Contribution{{Date: contract.Date(2026, 12, 31), Party: "CO", Amount: dec("500000")}},
		Proceeds:      []contract.Flow{{Date: contract.Date(2027, 12, 31), Amount: dec("2500000")}},
		Stack:         tranche.Sequence(debt, roc),
		Fees: &waterfall.Fees{Manager: "MGR", Parties: []tranche.PartyID{"LP"},
			Management: contract.ManagementFee{CommitmentRate: dec("0.02"), InvestedRate: dec("0.015"),
				InvestmentEnd: contract.Date(2025, 12, 31), PeriodsPerYear: 1}},
	}
}

// TestFees_NamedPayerWithoutCommitment: a party listed in Fees.Parties
// with no commitment is called nothing, so its capital is not in the base
// either. The LP commits and is called 1,000,000 at the end of 2025; the
// GP, listed too but with no commitment, puts in 500,000 the same day; 1%
// of invested capital from 2025: 2026's fee is 1% of the LP's 1,000,000,
// 10,000.00 (not 15,000.00), and Payers lists the LP alone.
func TestFees_NamedPayerWithoutCommitment(t *testing.T) {
	periods, err := contract.Schedule{Start: contract.Date(2024, 12, 31), End: contract.Date(2026, 12, 31), Frequency: contract.EveryYear}.Periods()
	require.NoError(t, err)
	roc, err := tranche.NewReturnOfCapital(tranche.ReturnOfCapital{Name: "capital", Parties: []tranche.PartyID{"LP", "GP"}})
	require.NoError(t, err)
	d := &waterfall.Deal{Name: "listed", Currency: "USD", Scale: 2,
		Parties: []waterfall.Party{{ID: "LP", Commitment: dec("1000000")}, {ID: "GP", Role: waterfall.RoleSponsor}, {ID: "MGR", Role: waterfall.RoleOther}},
		Periods: periods, Stack: roc,
		Calls:         []waterfall.Call{{Date: contract.Date(2025, 12, 31), Amount: dec("1000000")}},
		Contributions: []waterfall.Contribution{{Date: contract.Date(2025, 12, 31), Party: "GP", Amount: dec("500000")}},
		Fees: &waterfall.Fees{Manager: "MGR", Parties: []tranche.PartyID{"LP", "GP"},
			Management: contract.ManagementFee{InvestedRate: dec("0.01"), InvestmentEnd: contract.Date(2024, 12, 31), PeriodsPerYear: 1}},
	}
	res, err := waterfall.Run(d)
	require.NoError(t, err)
	require.Equal(t, []string{"0.00", "10000.00"}, []string{res.Fees[0].Net.StringFixed(2), res.Fees[1].Net.StringFixed(2)})
	require.Equal(t, []tranche.PartyID{"LP"}, waterfall.NewFeeRun(d).Payers())
}
