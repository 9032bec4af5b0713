package report_test

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/jvwaterfall/jvwaterfall/contract"
	"github.com/jvwaterfall/jvwaterfall/report"
	"github.com/jvwaterfall/jvwaterfall/tranche"
	"github.com/jvwaterfall/jvwaterfall/waterfall"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"
)

// The figures come from the terms of the CAIA reference case (LP puts in
// 50, 8% simple pref for one year): the GP's first dollar comes only after
// the LP has its 50 of capital and 50 × 8% = 4 of pref, so the GP's
// breakpoint is 54 of distributable cash.
func TestFirstPaymentOf(t *testing.T) {
	cases := []struct {
		name, proceeds string
		party          tranche.PartyID
		paid           bool
		index          int
		lpBefore       string
		breakpoint     string
	}{
		{"GP paid after capital and pref", "100", "GP", true, 2, "54", "54"},
		{"LP paid first", "100", "LP", true, 0, "", "0"},
		{"GP never paid when proceeds stop short of the hurdle", "53.99", "GP", false, 2, "53.99", "53.99"},
		{"GP paid its first cent one cent past the breakpoint", "54.01", "GP", true, 2, "54", "54"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			res := caiaFund(t, c.proceeds)
			fp, err := report.FirstPaymentOf(res, c.party)
			require.NoError(t, err)
			require.Equal(t, c.paid, fp.Paid)
			require.Equal(t, c.index, fp.Index)
			require.Truef(t, fp.Breakpoint.Equal(dec(c.breakpoint)), "breakpoint %s, want %s", fp.Breakpoint, c.breakpoint)
			if c.lpBefore != "" {
				require.Len(t, fp.Before, 1)
				require.Equal(t, tranche.PartyID("LP"), fp.Before[0].Party)
				require.Truef(t, fp.Before[0].Amount.Equal(dec(c.lpBefore)), "LP before %s, want %s", fp.Before[0].Amount, c.lpBefore)
			}
			// Second path: the breakpoint is the sum of the ledger ahead of
			// the first payment, and what others received adds up to it.
			sum := dec("0")
			for _, b := range fp.Before {
				sum = sum.Add(b.Amount)
			}
			require.True(t, sum.Equal(fp.Breakpoint))
		})
	}
}

// TestFirstPaymentOf_Kinds: the LP's first profit comes after its own
// capital, which counts in the breakpoint (the deal paid it) but not in
// Before (which lists the others); with no kinds it is the first payment
// of any kind, and listing every kind is the same.
func TestFirstPaymentOf_Kinds(t *testing.T) {
	res := quarterlyFund(t, "")
	profit, err := report.FirstPaymentOf(res, "LP", report.ProfitKinds()...)
	require.NoError(t, err)
	want := report.FirstPayment{Party: "LP", Paid: true, Period: 5, Date: date(2026, 6, 30), Index: 3,
		Before: []report.PartyAmount{{Party: "GP", Amount: dec("0")}}, Breakpoint: dec("1000")}
	if diff := cmp.Diff(want, profit); diff != "" {
		t.Errorf("FirstPaymentOf(LP, profit) mismatch (-want +got):\n%s", diff)
	}
	any, err := report.FirstPaymentOf(res, "GP")
	require.NoError(t, err)
	var all []tranche.Kind
	for k := range tranche.Kind(tranche.NumKinds) {
		all = append(all, k)
	}
	every, err := report.FirstPaymentOf(res, "GP", all...)
	require.NoError(t, err)
	require.Empty(t, cmp.Diff(any, every))
	require.Equal(t, 4, any.Index)
	require.True(t, any.Breakpoint.Equal(dec("1160")))
}

// transfers is a hand-built ledger of a deal-by-deal fund with the shape
// of a carry escrow and a final clawback (the payments of
// waterfall/american_test.go's amFund with a 25% escrow, scaled down):
// in period 1 the deal pays the LP 900 and the GP 100 of carry, and the
// GP pays 25 of it into ESCROW; in period 2 the clawback returns 25 from
// ESCROW and 15 from the GP to the LP.
func transfers() *waterfall.Result {
	d := decimal.RequireFromString
	p1, p2 := date(2023, 12, 31), date(2024, 12, 31)
	pay := func(period int, party, from tranche.PartyID, kind tranche.Kind, amount string) tranche.Payment {
		day := p1
		if period == 2 {
			day = p2
		}
		return tranche.Payment{Period: period, Date: day, Tranche: tranche.TrancheID(kind.String()), Party: party, From: from, Kind: kind, Amount: d(amount)}
	}
	res := &waterfall.Result{
		Deal: "transfers", Currency: "USD", Scale: 2,
		Periods: []waterfall.PeriodSummary{
			{Period: contract.Period{Index: 0, Start: date(2021, 12, 31), End: date(2022, 12, 31)}},
			{Period: contract.Period{Index: 1, Start: date(2022, 12, 31), End: p1}, Paid: d("1000")},
			{Period: contract.Period{Index: 2, Start: p1, End: p2}},
		},
		Contributions: []waterfall.ContributionEntry{{Period: 0, Date: date(2022, 12, 31), Party: "LP", Amount: d("800")}},
		Payments: []tranche.Payment{
			pay(1, "LP", "", tranche.KindCapital, "800"),
			pay(1, "LP", "", tranche.KindProfit, "100"),
			pay(1, "GP", "", tranche.KindPromote, "100"),
			pay(1, "ESCROW", "GP", tranche.KindEscrow, "25"),
			pay(2, "LP", "ESCROW", tranche.KindClawback, "25"),
			pay(2, "LP", "GP", tranche.KindClawback, "15"),
		},
		Parties: []waterfall.PartyTotal{
			{Party: "LP", Name: "LP", Role: waterfall.RoleInvestor, Contributed: d("800"), Distributed: d("940"), PaidOut: d("0")},
			{Party: "GP", Name: "GP", Role: waterfall.RoleSponsor, Contributed: d("0"), Distributed: d("100"), PaidOut: d("40")},
			{Party: "ESCROW", Name: "ESCROW", Role: waterfall.RoleOther, Contributed: d("0"), Distributed: d("25"), PaidOut: d("25")},
		},
	}
	for i := range res.Parties {
		for k := range res.Parties[i].ByKind {
			res.Parties[i].ByKind[k] = decimal.Zero
		}
	}
	for _, p := range res.Payments {
		t := &res.Parties[map[tranche.PartyID]int{"LP": 0, "GP": 1, "ESCROW": 2}[p.Party]]
		t.ByKind[p.Kind] = t.ByKind[p.Kind].Add(p.Amount)
	}
	return res
}

// TestFirstPaymentOf_Transfers pins the rule for payments From a party.
// The escrow account is paid when carry first goes into it, after the
// deal's 1,000 (before the rule, asking for its first payment of any kind
// by listing every kind said "never paid"). The LP's first clawback
// receipt, always a transfer, is found (it was "never" when kinds were
// given), and its breakpoint is the 1,000 the deal paid, each dollar
// once: counting the GP's 25 into escrow as well gave 1,025.
func TestFirstPaymentOf_Transfers(t *testing.T) {
	res := transfers()
	esc, err := report.FirstPaymentOf(res, "ESCROW")
	require.NoError(t, err)
	require.Equal(t, report.FirstPayment{Party: "ESCROW", Paid: true, Period: 1, Date: date(2023, 12, 31), Index: 3,
		Before:     []report.PartyAmount{{Party: "LP", Amount: dec("900")}, {Party: "GP", Amount: dec("100")}},
		Breakpoint: dec("1000")}, esc)

	claw, err := report.FirstPaymentOf(res, "LP", tranche.KindClawback)
	require.NoError(t, err)
	require.True(t, claw.Paid)
	require.Equal(t, 4, claw.Index)
	require.True(t, claw.Breakpoint.Equal(dec("1000")), "breakpoint %s", claw.Breakpoint)
	require.True(t, claw.Before[1].Amount.Equal(dec("25")), "escrow received %s before", claw.Before[1].Amount)
}

func TestFirstPaymentOf_Errors(t *testing.T) {
	res := quarterlyFund(t, "")
	_, err := report.FirstPaymentOf(nil, "LP")
	require.ErrorIs(t, err, contract.ErrRequired)
	_, err = report.FirstPaymentOf(res, "nobody")
	require.ErrorIs(t, err, tranche.ErrUnknownParty)
	_, err = report.FirstPaymentOf(res, "nobody", tranche.KindProfit)
	require.ErrorIs(t, err, tranche.ErrUnknownParty)
	_, err = report.FirstPaymentOf(res, "LP", tranche.KindProfit, tranche.Kind(200))
	require.ErrorIs(t, err, contract.ErrInvalid)
	var fe *contract.FieldError
	require.ErrorAs(t, err, &fe)
	require.Equal(t, "kinds[1]", fe.Path)

	bad := transfers()
	bad.Payments[2].Party = "stranger"
	_, err = report.FirstPaymentOf(bad, "LP")
	require.ErrorIs(t, err, tranche.ErrInvariant)
}

func TestProfitKinds(t *testing.T) {
	kinds := report.ProfitKinds()
	require.Equal(t, []tranche.Kind{tranche.KindPref, tranche.KindCatchUp, tranche.KindProfit, tranche.KindPromote, tranche.KindInterest}, kinds)
	kinds[0] = tranche.KindCapital
	require.Equal(t, tranche.KindPref, report.ProfitKinds()[0], "a caller's change must not leak")
}

// The GP's 10 of the CAIA case splits into a catch-up of 1 and carry of 9.
func TestByTranche(t *testing.T) {
	got, err := report.ByTranche(caiaFund(t, "100"), "GP")
	require.NoError(t, err)
	want := []report.TrancheAmount{
		{Tranche: "catch-up", Kind: tranche.KindCatchUp, Amount: dec("1")},
		{Tranche: "carry", Kind: tranche.KindPromote, Amount: dec("9")},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("ByTranche(GP) mismatch (-want +got):\n%s", diff)
	}
	_, err = report.ByTranche(nil, "GP")
	require.ErrorIs(t, err, contract.ErrRequired)
	_, err = report.ByTranche(caiaFund(t, "100"), "nobody")
	require.ErrorIs(t, err, tranche.ErrUnknownParty)
}

func TestPaybackOf(t *testing.T) {
	tests := []struct {
		name  string
		res   *waterfall.Result
		party tranche.PartyID
		want  report.Payback
	}{
		{"capital back in the period of the split", quarterlyFund(t, ""), "LP",
			report.Payback{Reached: true, Period: 5, Date: date(2026, 6, 30)}},
		{"never back", quarterlyFund(t, ""), "GP", report.Payback{}},
		{"the CAIA LP at the sale", caiaFund(t, "100"), "LP", report.Payback{Reached: true, Period: 1, Date: date(2022, 1, 1)}},
		{"short by a cent", caiaFund(t, "49.99"), "LP", report.Payback{}},
		{"exactly the capital", caiaFund(t, "50"), "LP", report.Payback{Reached: true, Period: 1, Date: date(2022, 1, 1)}},
		{"transfers received count", transfers(), "LP", report.Payback{Reached: true, Period: 1, Date: date(2023, 12, 31)}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := report.PaybackOf(tt.res, tt.party)
			require.NoError(t, err)
			require.Equal(t, tt.want, got)
		})
	}
	t.Run("a later call moves it", func(t *testing.T) {
		// 300 comes back in 2025-Q3 on a first call of 300, but a second
		// call of 700 in 2025-Q4 means the LP has its 1,000 back only in
		// 2026-Q2.
		res := run(t, quarters(), "", flows(date(2025, 3, 31), "300", date(2025, 12, 31), "700"),
			flows(date(2025, 9, 30), "300", date(2025, 12, 31), "300", date(2026, 6, 30), "600"))
		got, err := report.PaybackOf(res, "LP")
		require.NoError(t, err)
		require.Equal(t, report.Payback{Reached: true, Period: 5, Date: date(2026, 6, 30)}, got)
	})
	t.Run("paying out counts against", func(t *testing.T) {
		// The GP contributed nothing: no payback. Make it an investor of
		// 60: it had 100, paid 25 into escrow in period 1 and 15 back in
		// period 2, so 75 ≥ 60 in period 1.
		res := transfers()
		res.Contributions = append(res.Contributions, waterfall.ContributionEntry{Period: 0, Date: date(2022, 12, 31), Party: "GP", Amount: dec("60")})
		got, err := report.PaybackOf(res, "GP")
		require.NoError(t, err)
		require.Equal(t, report.Payback{Reached: true, Period: 1, Date: date(2023, 12, 31)}, got)
		res.Contributions[1].Amount = dec("80") // 75 < 80 in period 1, 60 after period 2
		got, err = report.PaybackOf(res, "GP")
		require.NoError(t, err)
		require.Equal(t, report.Payback{}, got)
	})
	_, err := report.PaybackOf(nil, "LP")
	require.ErrorIs(t, err, contract.ErrRequired)
	_, err = report.PaybackOf(transfers(), "nobody")
	require.ErrorIs(t, err, tranche.ErrUnknownParty)
}

// lenderResult is a run written by hand (issue 13's lender): the lender
// puts in 6,000.00 in period 0 and is paid 100.00 of interest in periods
// 1 to 3 and its 6,000.00 of principal plus 100.00 of interest in period
// 4; the sponsor is paid 50.00 in period 2 and 300.00 in period 4, after
// the lender.
func lenderResult() *waterfall.Result {
	d := func(p int) time.Time { return date(2026, time.Month(p+1), 28) }
	pay := func(p int, party tranche.PartyID, kind tranche.Kind, amount string) tranche.Payment {
		return tranche.Payment{Period: p, Date: d(p), Tranche: "senior", Party: party, Kind: kind, Amount: dec(amount)}
	}
	return &waterfall.Result{
		Deal: "loan", Currency: "USD", Scale: 2,
		Parties: []waterfall.PartyTotal{
			{Party: "Lender", Contributed: dec("6000"), Distributed: dec("6400"), PaidOut: dec("0")},
			{Party: "Sponsor", Contributed: dec("0"), Distributed: dec("350"), PaidOut: dec("0")},
		},
		Contributions: []waterfall.ContributionEntry{
			{Period: 0, Date: d(0), Party: "Lender", Amount: dec("6000")},
		},
		Payments: []tranche.Payment{
			pay(1, "Lender", tranche.KindInterest, "100"),
			pay(2, "Lender", tranche.KindInterest, "100"),
			pay(2, "Sponsor", tranche.KindProfit, "50"),
			pay(3, "Lender", tranche.KindInterest, "100"),
			pay(4, "Lender", tranche.KindInterest, "100"),
			pay(4, "Lender", tranche.KindCapital, "6000"),
			pay(4, "Sponsor", tranche.KindProfit, "300"),
		},
	}
}

// TestFirstProfitOf: first profit is the first minor unit beyond payback.
// The lender's first interest (period 1) is not profit: its receipts pass
// its 6,000.00 only with the principal in period 4, where the 400.00 of
// interest before it leaves 5,600.00 of the payment as capital. So the
// deal pays 400 + 50 + 5,600 = 6,050.00 before the lender's first cent of
// profit. FirstPaymentOf with ProfitKinds still answers the other
// question, the first interest.
func TestFirstProfitOf(t *testing.T) {
	res := lenderResult()
	got, err := report.FirstProfitOf(res, "Lender")
	require.NoError(t, err)
	want := report.FirstPayment{Party: "Lender", Paid: true, Period: 4, Date: date(2026, 5, 28), Index: 5,
		Before: []report.PartyAmount{{Party: "Sponsor", Amount: dec("50")}}, Breakpoint: dec("6050")}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("FirstProfitOf(Lender) mismatch (-want +got):\n%s", diff)
	}
	pb, err := report.PaybackOf(res, "Lender")
	require.NoError(t, err)
	require.Equal(t, report.Payback{Reached: true, Period: 4, Date: date(2026, 5, 28)}, pb)
	interest, err := report.FirstPaymentOf(res, "Lender", report.ProfitKinds()...)
	require.NoError(t, err)
	require.Equal(t, 1, interest.Period)

	// The sponsor contributed nothing: its first receipt is profit.
	sponsor, err := report.FirstProfitOf(res, "Sponsor")
	require.NoError(t, err)
	first, err := report.FirstPaymentOf(res, "Sponsor")
	require.NoError(t, err)
	require.Empty(t, cmp.Diff(first, sponsor))

	// Summary.FirstProfit is FirstProfitOf.
	s, err := report.SummaryOf(res, "Lender", decimal.Zero)
	require.NoError(t, err)
	require.Empty(t, cmp.Diff(got, s.FirstProfit))
}

func TestFirstProfitOf_Edges(t *testing.T) {
	t.Run("receipts that only reach the contributions are no profit", func(t *testing.T) {
		res := lenderResult()
		res.Payments = res.Payments[:6]
		res.Payments[5].Amount = dec("5600") // 400 + 5,600 = 6,000: payback, no profit
		got, err := report.FirstProfitOf(res, "Lender")
		require.NoError(t, err)
		require.False(t, got.Paid)
		require.Equal(t, len(res.Payments), got.Index)
		require.True(t, got.Breakpoint.Equal(dec("6050")), "breakpoint %s", got.Breakpoint)
		pb, err := report.PaybackOf(res, "Lender")
		require.NoError(t, err)
		require.True(t, pb.Reached)
	})
	t.Run("a lender whose draws are not contributions", func(t *testing.T) {
		// Its 6,000.00 of principal coming back is capital all the same.
		res := lenderResult()
		res.Contributions = nil
		res.Payments[5].Kind = tranche.KindPrincipal
		got, err := report.FirstProfitOf(res, "Lender")
		require.NoError(t, err)
		require.Equal(t, 5, got.Index)
		require.True(t, got.Breakpoint.Equal(dec("6050")), "breakpoint %s", got.Breakpoint)
		pb, err := report.PaybackOf(res, "Lender")
		require.NoError(t, err)
		require.Equal(t, report.Payback{Reached: true, Period: 4, Date: date(2026, 5, 28)}, pb)
	})
	t.Run("what a party pays out counts against it", func(t *testing.T) {
		res := lenderResult()
		// The lender hands 200.00 back in period 3 (a clawback to the
		// sponsor): the principal then leaves 5,800.00 to capital.
		res.Payments = append(res.Payments[:4:4], append([]tranche.Payment{{Period: 3, Date: res.Payments[3].Date,
			Tranche: "clawback", Party: "Sponsor", From: "Lender", Kind: tranche.KindProfit, Amount: dec("200")}},
			res.Payments[4:]...)...)
		got, err := report.FirstProfitOf(res, "Lender")
		require.NoError(t, err)
		require.Equal(t, 6, got.Index)
		// Deal payments before: 100+100+50+100+100 = 450, plus 5,800 of the principal.
		require.True(t, got.Breakpoint.Equal(dec("6250")), "breakpoint %s", got.Breakpoint)
		require.Equal(t, []report.PartyAmount{{Party: "Sponsor", Amount: dec("250")}}, got.Before)
	})
	t.Run("a transfer that carries the first profit adds no deal cash", func(t *testing.T) {
		res := lenderResult()
		res.Payments[5].From = "Sponsor"
		got, err := report.FirstProfitOf(res, "Lender")
		require.NoError(t, err)
		require.Equal(t, 5, got.Index)
		require.True(t, got.Breakpoint.Equal(dec("450")), "breakpoint %s", got.Breakpoint)
	})
	t.Run("errors", func(t *testing.T) {
		_, err := report.FirstProfitOf(nil, "Lender")
		require.ErrorIs(t, err, contract.ErrRequired)
		_, err = report.FirstProfitOf(lenderResult(), "nobody")
		require.ErrorIs(t, err, tranche.ErrUnknownParty)
		bad := lenderResult()
		bad.Payments[0].Party = "ghost"
		_, err = report.FirstProfitOf(bad, "Lender")
		require.ErrorIs(t, err, tranche.ErrInvariant)
		_, err = report.FirstProfitOf(&waterfall.Result{}, "Lender")
		require.ErrorIs(t, err, tranche.ErrUnknownParty)
	})
	t.Run("a party with no payments", func(t *testing.T) {
		res := lenderResult()
		res.Payments = nil
		got, err := report.FirstProfitOf(res, "Lender")
		require.NoError(t, err)
		require.False(t, got.Paid)
		require.True(t, got.Breakpoint.IsZero())
	})
}
