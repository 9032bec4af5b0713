package waterfall_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/jvwaterfall/jvwaterfall/contract"
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
