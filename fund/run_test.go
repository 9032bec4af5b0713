package fund_test

import (
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/jvwaterfall/jvwaterfall/contract"
	"github.com/jvwaterfall/jvwaterfall/fund"
	"github.com/jvwaterfall/jvwaterfall/tranche"
	"github.com/jvwaterfall/jvwaterfall/waterfall"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"
)

// The fund of the clawback tests. Every amount below is derived by hand in
// the comments of TestAmerican_ClawbackTruth; the day count is 30/360 US
// on year ends, so every year is exactly 1 and 8% compounding annually
// grows by exactly 1.08 a year.
var (
	amPref      = contract.Rate{Annual: dec("0.08"), Compounding: contract.Annual, DayCount: contract.Thirty360US}
	amInvestors = []tranche.PartyID{"LP-A", "LP-B"}
)

// amStack is the European waterfall: capital, 8% pref, 100% catch-up to
// 20%, then 80/20; prefix keeps its tranche IDs apart from other deals'.
func amStack(t testing.TB, prefix string) tranche.Tranche {
	t.Helper()
	id := func(s string) tranche.TrancheID { return tranche.TrancheID(prefix + s) }
	roc, err := tranche.NewReturnOfCapital(tranche.ReturnOfCapital{Name: id("capital"), Parties: amInvestors})
	require.NoError(t, err)
	pref, err := tranche.NewPreferredReturn(tranche.PreferredReturn{Name: id("pref"), Rate: amPref, Parties: amInvestors})
	require.NoError(t, err)
	cu, err := tranche.NewCatchUp(tranche.CatchUp{
		Name:      id("catch-up"),
		Sponsor:   "GP",
		Target:    dec("0.2"),
		Rate:      dec("1"),
		Investors: amInvestors,
	})
	require.NoError(t, err)
	split, err := tranche.NewSplit(tranche.Split{
		Name: id("carry"),
		Shares: []tranche.Share{
			{Parties: amInvestors, Weight: dec("0.8")},
			{Parties: []tranche.PartyID{"GP"}, Weight: dec("0.2"), Promote: true},
		},
	})
	require.NoError(t, err)
	return tranche.Sequence(roc, pref, cu, split)
}

// amFund is a 100M fund (LP-A 60M, LP-B 40M) with three deals, yearly
// periods 2021-2025:
//   - Alpha: 30M called 2021-12-31, sold 2023-12-31 for 90M (wins);
//   - Beta: 30M called 2021-12-31, written off 2024-12-31 for 12M (loses);
//   - Gamma: 40M called 2022-12-31, sold 2025-12-31 for 28M (loses).
func amFund(t testing.TB, terms fund.Terms) *fund.Fund {
	t.Helper()
	periods, err := contract.Schedule{Start: contract.Date(2020, 12, 31), End: contract.Date(2025, 12, 31),
		Frequency: contract.EveryYear, EndOfMonth: true}.Periods()
	require.NoError(t, err)
	y := func(year int) time.Time { return contract.Date(year, 12, 31) }
	terms.Sponsor = "GP"
	terms.Investors = amInvestors
	return &fund.Fund{
		Name: "American Fund", Currency: "USD", Scale: 2,
		Parties: []waterfall.Party{
			{ID: "LP-A", Commitment: dec("60000000")},
			{ID: "LP-B", Commitment: dec("40000000")},
			{ID: "GP", Role: waterfall.RoleSponsor},
			{ID: "ESCROW", Role: waterfall.RoleOther},
		},
		Periods: periods,
		Stack:   amStack(t, ""),
		Investments: []fund.Investment{
			{Name: "Alpha", Calls: []waterfall.Call{{Date: y(2021), Amount: dec("30000000")}},
				Proceeds: []contract.Flow{{Date: y(2023), Amount: dec("90000000")}}, Realized: y(2023), Stack: amStack(t, "Alpha/")},
			{Name: "Beta", Calls: []waterfall.Call{{Date: y(2021), Amount: dec("30000000")}},
				Proceeds: []contract.Flow{{Date: y(2024), Amount: dec("12000000")}}, Realized: y(2024), Stack: amStack(t, "Beta/")},
			{Name: "Gamma", Calls: []waterfall.Call{{Date: y(2022), Amount: dec("40000000")}},
				Proceeds: []contract.Flow{{Date: y(2025), Amount: dec("28000000")}}, Realized: y(2025), Stack: amStack(t, "Gamma/")},
		},
		Terms: terms,
	}
}

// carryKept is the sponsor's carry net of escrow and clawbacks: promote
// and catch-up received, plus escrow released and clawbacks given back to
// it, less what it paid into escrow and returned.
func carryKept(t *testing.T, res *fund.Result) decimal.Decimal {
	t.Helper()
	gp, ok := res.Party("GP")
	require.True(t, ok)
	return gp.Distributed.Sub(gp.PaidOut)
}

// TestAmerican_ClawbackTruth checks the clawback on a fund whose first
// deal wins and the other two lose, against numbers derived by hand.
//
// Deal by deal, Alpha alone pays carry. On Alpha's own book the LPs put in
// 30M on 2021-12-31; on 2023-12-31 the hurdle balance is 30M × 1.08² =
// 34,992,000, so of the 90M: capital 30,000,000, pref 4,992,000, catch-up
// 4,992,000 × 0.2 / 0.8 = 1,248,000 to the GP, and the remaining
// 53,760,000 split 43,008,000 / 10,752,000. The GP earns 12,000,000 (20%
// of Alpha's 60M profit). Beta and Gamma return 12M and 28M of capital and
// pay no carry. With 25% escrow, 312,000 + 2,688,000 = 3,000,000 is held.
//
// Whole fund (European) over the same cash: 60M in on 2021-12-31, 40M on
// 2022-12-31; 90M out on 2023-12-31, 12M on 2024-12-31, 28M on 2025-12-31.
// Hurdle H: 60M × 1.08 + 40M = 104.8M at 2022-12-31; 113.184M at 2023,
// less 90M of capital = 23.184M (10M capital unreturned); 25.03872M at
// 2024, less 10M capital and 2M pref = 13.03872M; 14.0818176M at 2025, so
// pref 14,081,817.60 is paid, the LPs' profit is 16,081,817.60, the
// catch-up 16,081,817.60 / 4 = 4,020,454.40, and the remaining 9,897,728.00
// splits 7,918,182.40 / 1,979,545.60. Whole-fund carry: 4,020,454.40 +
// 1,979,545.60 = 6,000,000.00 = 20% of the fund's 30M profit (130M − 100M),
// with the LPs' pref paid in full.
//
// So the final clawback is 12M − 6M = 6M: 3M out of escrow, 3M from the
// GP, and the GP keeps exactly 6,000,000.00.
func TestAmerican_ClawbackTruth(t *testing.T) {
	fundProfit := dec("30000000")
	wantCarry := fundProfit.Mul(dec("0.2")) // 6,000,000.00
	tests := []struct {
		name        string
		terms       fund.Terms
		lookbacks   int
		fromEscrow  string // at the final lookback
		fromSponsor string
		restored    string
	}{
		{name: "final only, 25% escrow",
			terms:     fund.Terms{Escrow: fund.Escrow{Share: dec("0.25"), Account: "ESCROW"}},
			lookbacks: 1, fromEscrow: "3000000", fromSponsor: "3000000", restored: "0"},
		{name: "no escrow",
			terms:     fund.Terms{},
			lookbacks: 1, fromEscrow: "0", fromSponsor: "6000000", restored: "0"},
		// At the interim lookback on 2024-12-31 the LPs are still owed
		// pref under whole-fund terms (13,038,720 of it), so whole-fund
		// carry is 0 and all 12M comes back: 3M escrow + 9M from the GP.
		// The final lookback finds whole-fund carry 6M and gives 6M back.
		{name: "interim and final",
			terms: fund.Terms{Escrow: fund.Escrow{Share: dec("0.25"), Account: "ESCROW"},
				Clawback: fund.Clawback{Interim: []time.Time{contract.Date(2024, 12, 31)}}},
			lookbacks: 2, fromEscrow: "0", fromSponsor: "0", restored: "6000000"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := fund.Run(amFund(t, tt.terms))
			require.NoError(t, err)

			// Deal by deal, before any clawback: 12M of carry from Alpha.
			require.Equal(t, "1248000", paidBy(res, "Alpha/catch-up", "GP").String())
			require.Equal(t, "10752000", paidBy(res, "Alpha/carry", "GP").String())
			require.Len(t, res.Lookbacks, tt.lookbacks)
			final := res.Lookbacks[len(res.Lookbacks)-1]
			require.True(t, final.Final)
			require.Equal(t, "12000000", final.CarryEarned.String())
			require.Equal(t, wantCarry.String(), final.WholeFund.String())
			require.Equal(t, tt.fromEscrow, final.FromEscrow.String(), "from escrow")
			require.Equal(t, tt.fromSponsor, final.FromSponsor.String(), "from sponsor")
			require.Equal(t, tt.restored, final.Restored.String(), "restored")

			// The truth: the GP keeps the carry share of total fund
			// profit, to the cent.
			require.Equal(t, wantCarry.StringFixed(2), carryKept(t, res).StringFixed(2))
			require.Equal(t, wantCarry.StringFixed(2), final.CarryKept.StringFixed(2))

			// The LPs hold everything else: 130M − 6M, split 60/40 to
			// within a cent, and the escrow ends empty.
			a, _ := res.Party("LP-A")
			b, _ := res.Party("LP-B")
			lpNet := a.Distributed.Sub(a.PaidOut).Add(b.Distributed.Sub(b.PaidOut))
			require.Equal(t, "124000000.00", lpNet.StringFixed(2))
			require.True(t, a.Distributed.Sub(a.PaidOut).Sub(dec("74400000")).Abs().LessThanOrEqual(dec("0.01")))
			esc, _ := res.Party("ESCROW")
			require.True(t, esc.Distributed.Equal(esc.PaidOut), "escrow left %s", esc.Distributed.Sub(esc.PaidOut))

			// Each LP's XIRR clears the 8% pref (whole-fund pref paid).
			for _, id := range amInvestors {
				irr, err := res.XIRR(id)
				require.NoError(t, err)
				require.Greater(t, irr, 0.08, id)
			}
			// Transfers never move the fund's cash: the payments made by
			// the fund add up to the periods' Paid.
			fromFund, paid := decimal.Zero, decimal.Zero
			for _, p := range res.Payments.All() {
				if p.From == "" {
					fromFund = fromFund.Add(p.Amount)
				}
			}
			for _, s := range res.Periods {
				paid = paid.Add(s.Paid)
			}
			require.Equal(t, "130000000", fromFund.String())
			require.Equal(t, "130000000", paid.String())
		})
	}
}

// TestAmerican_InterimClawback checks the interim lookback of the
// "interim and final" case: whole-fund carry 0 on 2024-12-31 (the LPs
// have 102M back on 100M contributed, short of their pref), so all 12M of
// carry comes back, 3M from escrow and 9M from the GP.
func TestAmerican_InterimClawback(t *testing.T) {
	res, err := fund.Run(amFund(t, fund.Terms{Escrow: fund.Escrow{Share: dec("0.25"), Account: "ESCROW"},
		Clawback: fund.Clawback{Interim: []time.Time{contract.Date(2024, 12, 31)}}}))
	require.NoError(t, err)
	lb := res.Lookbacks[0]
	require.False(t, lb.Final)
	require.Equal(t, "0", lb.WholeFund.String())
	require.Equal(t, "12000000", lb.Excess.String())
	require.Equal(t, "3000000", lb.FromEscrow.String())
	require.Equal(t, "9000000", lb.FromSponsor.String())
	require.Equal(t, "0", lb.CarryKept.String())
	require.NotEmpty(t, res.Events)
}

// TestAmerican_TaxCap: the GP received 12M − 3M escrow = 9M of carry. At a
// 40% tax rate it returns at most 9M × 0.6 = 5.4M, more than the 3M asked
// after escrow; at 80%, at most 1.8M, so 1.2M of the 3M stays unpaid. Net
// of tax at 40%, it owes 3M × 0.6 = 1.8M, and 1.2M stays unpaid.
func TestAmerican_TaxCap(t *testing.T) {
	for _, tt := range []struct {
		tax                      string
		netOfTax                 bool
		cap, fromSponsor, unpaid string
	}{
		{"0.4", false, "5400000", "3000000", "0"},
		{"0.8", false, "1800000", "1800000", "1200000"},
		{"0.4", true, "5400000", "1800000", "1200000"},
	} {
		t.Run(fmt.Sprintf("%s net %v", tt.tax, tt.netOfTax), func(t *testing.T) {
			res, err := fund.Run(amFund(t, fund.Terms{Escrow: fund.Escrow{Share: dec("0.25"), Account: "ESCROW"},
				Clawback: fund.Clawback{TaxRate: dec(tt.tax), NetOfTax: tt.netOfTax}}))
			require.NoError(t, err)
			lb := res.Lookbacks[0]
			require.Equal(t, tt.cap, lb.Cap.String())
			require.Equal(t, tt.fromSponsor, lb.FromSponsor.String())
			require.Equal(t, tt.unpaid, lb.Unpaid.String())
			// The GP keeps 6M plus what the cap let it keep.
			want := dec("6000000").Add(dec(tt.unpaid))
			require.Equal(t, want.StringFixed(2), carryKept(t, res).StringFixed(2))
		})
	}
}

// TestAmerican_RecoverLosses: with losses recovered, Gamma's 28M first
// returns Beta's realized loss of 18M (30M − 12M, realized 2024-12-31),
// shared 60/40, and only 10M reaches Gamma's own capital.
func TestAmerican_RecoverLosses(t *testing.T) {
	res, err := fund.Run(amFund(t, fund.Terms{RecoverLosses: true}))
	require.NoError(t, err)
	require.Equal(t, "10800000", paidBy(res, "Gamma/recovery", "LP-A").String())
	require.Equal(t, "7200000", paidBy(res, "Gamma/recovery", "LP-B").String())
	require.Equal(t, "10000000", paidBy(res, "Gamma/capital", "LP-A").Add(paidBy(res, "Gamma/capital", "LP-B")).String())
	// Alpha was the first realized, so nothing was recovered from it, and
	// the whole-fund truth still holds.
	require.True(t, paidBy(res, "Alpha/recovery", "LP-A").IsZero())
	require.Equal(t, "6000000.00", carryKept(t, res).StringFixed(2))
}

func TestAmerican_Validate(t *testing.T) {
	tests := []struct {
		name  string
		edit  func(d *fund.Fund)
		paths []string
	}{
		{"no american terms", func(d *fund.Fund) { d.Terms = fund.Terms{} }, []string{"american.sponsor", "american.investors"}},
		{"no investments", func(d *fund.Fund) { d.Investments = nil }, []string{"investments"}},
		{"no whole-fund stack", func(d *fund.Fund) { d.Stack = nil }, []string{"stack"}},
		{"bad investment", func(d *fund.Fund) {
			d.Investments[1].Name = "Alpha"
			d.Investments[0].Proceeds = append(d.Investments[0].Proceeds, contract.Flow{Date: contract.Date(2024, 12, 31), Amount: dec("-1")})
			d.Investments[2].Stack = nil
			d.Investments[0].Calls[0].Amount = dec("0.001")
		}, []string{"investments[1].name", "investments[0].proceeds[1].amount", "investments[0].proceeds[1].date",
			"investments[2].stack", "investments[0].calls[0].amount"}},
		{"realized outside the schedule, proceeds after it", func(d *fund.Fund) {
			d.Investments[0].Realized = contract.Date(2019, 1, 1)
			d.Investments[1].Realized = contract.Date(2022, 12, 31)
		}, []string{"investments[0].realized", "investments[0].proceeds[0].date", "investments[1].proceeds[0].date"}},
		{"stack id used by the engine", func(d *fund.Fund) {
			d.Investments[0].Stack = &tranche.Split{Name: fund.EscrowTranche, Shares: []tranche.Share{{Parties: amInvestors, Weight: dec("1")}}}
		},
			[]string{"investments[0].stack"}},
		{"duplicate tranche ids", func(d *fund.Fund) { d.Investments[1].Stack = d.Investments[0].Stack },
			[]string{"investments[1].stack"}},
		{"bad terms", func(d *fund.Fund) {
			d.Terms.Sponsor = ""
			d.Terms.Investors = []tranche.PartyID{"LP-A", "LP-A", "NOBODY"}
			d.Terms.Escrow = fund.Escrow{Share: dec("1.5")}
			d.Terms.Clawback = fund.Clawback{TaxRate: dec("1"),
				Interim: []time.Time{contract.Date(2024, 12, 31), contract.Date(2023, 12, 31), contract.Date(2040, 1, 1)}}
		}, []string{"american.sponsor", "american.investors[1]", "american.investors[2]", "american.escrow.share",
			"american.escrow.account", "american.clawback.tax_rate", "american.clawback.interim[1]", "american.clawback.interim[2]"}},
		{"escrow account is an investor", func(d *fund.Fund) {
			d.Terms.Escrow = fund.Escrow{Share: dec("0.1"), Account: "LP-A"}
		}, []string{"american.escrow.account"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := amFund(t, fund.Terms{})
			tt.edit(d)
			err := d.Validate()
			require.Error(t, err)
			require.ErrorIs(t, err, contract.ErrInvalid)
			requirePaths(t, err, tt.paths...)
			_, err = fund.Run(d)
			require.Error(t, err)
		})
	}
}

// requirePaths checks that err holds a field error at each path.
func requirePaths(t *testing.T, err error, paths ...string) {
	t.Helper()
	got := map[string]bool{}
	var walk func(error)
	walk = func(e error) {
		if j, ok := e.(interface{ Unwrap() []error }); ok {
			for _, x := range j.Unwrap() {
				walk(x)
			}
			return
		}
		var fe *contract.FieldError
		if errors.As(e, &fe) {
			got[fe.Path] = true
		}
	}
	walk(err)
	for _, p := range paths {
		require.True(t, got[p], "no error at %q in:\n%v", p, err)
	}
}

// TestRun_FeesOnInvestedCapital checks the management fee's base, period
// by period, with a 1% fee on invested capital from the start (one period
// a year), Alpha held to the end and a fourth deal, Delta, called 1M and
// written off in the first period. The base is, at each period's start,
// the capital of deals not realized in an earlier period, less what each
// returned:
//   - 2021: nothing called yet: 0;
//   - 2022: Alpha 30M + Beta 30M (Delta realized in 2021): 600,000;
//   - 2023: + Gamma 40M: 1,000,000;
//   - 2024: Alpha returned its 30M: Beta 30M + Gamma 40M: 700,000;
//   - 2025: Beta realized in 2024: Gamma 40M: 400,000.
//
// With RecoverFees, the investors' fees called to date (60% LP-A, 40%
// LP-B by commitment) come back first out of each deal's proceeds: Alpha
// 2023 returns 600,000 + 1,000,000, Beta 2024 700,000, Gamma 2025
// 400,000.
func TestRun_FeesOnInvestedCapital(t *testing.T) {
	f := amFund(t, fund.Terms{RecoverFees: true})
	f.Investments[0].Realized = time.Time{}
	f.Investments = append(f.Investments, fund.Investment{Name: "Delta",
		Calls:    []waterfall.Call{{Date: contract.Date(2021, 12, 31), Amount: dec("1000000")}},
		Realized: contract.Date(2021, 12, 31), Stack: amStack(t, "Delta/")})
	f.Fees = &waterfall.Fees{Manager: "GP", Management: contract.ManagementFee{InvestedRate: dec("0.01"),
		InvestmentEnd: contract.Date(2020, 12, 31), PeriodsPerYear: 1}}
	res, err := fund.Run(f)
	require.NoError(t, err)
	var fees, contributed []string
	for _, p := range res.Periods {
		fees = append(fees, p.Fees.String())
		contributed = append(contributed, p.Contributed.String())
	}
	require.Equal(t, []string{"0", "600000", "1000000", "700000", "400000"}, fees)
	// Calls and fees called: 61M in 2021 (Alpha, Beta, Delta), 40M + the
	// fee in 2022, the fees after.
	require.Equal(t, []string{"61000000", "40600000", "1000000", "700000", "400000"}, contributed)
	for _, tt := range []struct {
		tr   tranche.TrancheID
		a, b string
	}{{"Alpha/recovery", "960000", "640000"}, {"Beta/recovery", "420000", "280000"}, {"Gamma/recovery", "240000", "160000"}} {
		require.Equal(t, []string{tt.a, tt.b}, []string{paidBy(res, tt.tr, "LP-A").String(), paidBy(res, tt.tr, "LP-B").String()}, tt.tr)
	}
	requireLedgerBalances(t, res)

	// Without RecoverFees, but recovering losses, only Beta's 18M loss
	// comes back out of Gamma's proceeds, 60/40.
	f.Terms.RecoverFees, f.Terms.RecoverLosses = false, true
	res, err = fund.Run(f)
	require.NoError(t, err)
	require.Equal(t, []string{"10800000", "7200000"}, []string{paidBy(res, "Gamma/recovery", "LP-A").String(), paidBy(res, "Gamma/recovery", "LP-B").String()})
}

// TestRun_PartialRecovery: when a deal's cash is less than the losses
// owed, all of it goes to the recovery, shared by what each investor is
// owed. Gamma returns 10M against Beta's 18M loss (10.8M LP-A, 7.2M
// LP-B): 6M and 4M, leaving 4.8M and 3.2M owed.
func TestRun_PartialRecovery(t *testing.T) {
	f := amFund(t, fund.Terms{RecoverLosses: true})
	f.Investments[2].Proceeds[0].Amount = dec("10000000")
	res, err := fund.Run(f)
	require.NoError(t, err)
	var got []string
	for _, p := range res.Payments.All() {
		if p.Tranche == "Gamma/recovery" {
			got = append(got, string(p.Party)+" "+p.Amount.String()+" "+p.Before.String()+" "+p.After.String())
		}
	}
	require.Equal(t, []string{"LP-A 6000000 10800000 4800000", "LP-B 4000000 7200000 3200000"}, got)
	require.True(t, paidBy(res, "Gamma/capital", "LP-A").IsZero())
}

// TestRun_EscrowHeldInCents: each carry payment's escrow share is rounded
// down to the cent. At 33.33333%: 1,248,000 × 0.3333333 = 415,999.9584 →
// 415,999.95; 10,752,000 × 0.3333333 = 3,583,999.6416 → 3,583,999.64.
func TestRun_EscrowHeldInCents(t *testing.T) {
	res, err := fund.Run(amFund(t, fund.Terms{Escrow: fund.Escrow{Share: dec("0.3333333"), Account: "ESCROW"}}))
	require.NoError(t, err)
	var held []string
	for _, p := range res.Payments.All() {
		if p.Kind == tranche.KindEscrow && p.From == "GP" {
			held = append(held, p.Amount.String())
		}
	}
	require.Equal(t, []string{"415999.95", "3583999.64"}, held)
	requireLedgerBalances(t, res)
}

// TestRun_CarryIsTheSponsorsOnly: a promote paid to a party other than the
// sponsor is not the sponsor's carry. Alpha's residual split is 80% LPs,
// 10% GP and 10% CO-GP, both promotes: of the 53.76M left after capital,
// pref and the GP's 1,248,000 catch-up, the GP gets 5,376,000, so its
// carry is 6,624,000, not the 12M of all carry paid.
func TestRun_CarryIsTheSponsorsOnly(t *testing.T) {
	f := amFund(t, fund.Terms{})
	f.Parties = append(f.Parties, waterfall.Party{ID: "CO-GP", Role: waterfall.RoleSponsor})
	seq := f.Investments[0].Stack.(*tranche.Sequential)
	split, err := tranche.NewSplit(tranche.Split{Name: "Alpha/carry", Shares: []tranche.Share{
		{Parties: amInvestors, Weight: dec("0.8")},
		{Parties: []tranche.PartyID{"GP"}, Weight: dec("0.1"), Promote: true},
		{Parties: []tranche.PartyID{"CO-GP"}, Weight: dec("0.1"), Promote: true}}})
	require.NoError(t, err)
	f.Investments[0].Stack = tranche.Sequence(seq.Tranches[0], seq.Tranches[1], seq.Tranches[2], split)
	res, err := fund.Run(f)
	require.NoError(t, err)
	require.Equal(t, "5376000", paidBy(res, "Alpha/carry", "CO-GP").String())
	require.Equal(t, "6624000", res.Lookbacks[0].CarryEarned.String())
}

// TestRun_FeeBaseIsThePayersCapital is the American-fund template's fees:
// LP 9M and GP 1M committed, the fee paid by the LP alone (Fees.Parties),
// 2% of the LP's commitment to 2026, then 1.5% of the LP's invested
// capital. Each call is shared 90/10, so the LP's share of a 4M call is
// 3.6M; the GP's 0.4M is not the LP's capital and is not in its base:
//   - 2025, 2026: 2% × 9M = 180,000;
//   - 2027: Alpha's and Beta's 3.6M each, 7.2M: 108,000 (not 8M's 120,000);
//   - 2028, 2029: Alpha has returned the LP's 3.6M (its 7M sale returns
//     capital 90/10 first): Beta's 3.6M, 54,000;
//   - 2030: Beta's 2.5M sale returned 2.25M of it: 1.35M, 20,250.
func TestRun_FeeBaseIsThePayersCapital(t *testing.T) {
	periods, err := contract.Schedule{Start: contract.Date(2024, 12, 31), End: contract.Date(2030, 12, 31), Frequency: contract.EveryYear}.Periods()
	require.NoError(t, err)
	both := []tranche.PartyID{"LP", "GP"}
	stack := func(prefix string) tranche.Tranche {
		roc, err := tranche.NewReturnOfCapital(tranche.ReturnOfCapital{Name: tranche.TrancheID(prefix + "capital"), Parties: both})
		require.NoError(t, err)
		split, err := tranche.NewSplit(tranche.Split{Name: tranche.TrancheID(prefix + "carry"), Shares: []tranche.Share{
			{Parties: both, Weight: dec("0.8")}, {Parties: []tranche.PartyID{"GP"}, Weight: dec("0.2"), Promote: true}}})
		require.NoError(t, err)
		return tranche.Sequence(roc, split)
	}
	y := func(year int) time.Time { return contract.Date(year, 12, 31) }
	f := &fund.Fund{Name: "American fund", Currency: "USD", Scale: 2,
		Parties: []waterfall.Party{{ID: "LP", Commitment: dec("9000000")}, {ID: "GP", Role: waterfall.RoleSponsor, Commitment: dec("1000000")}},
		Periods: periods, Stack: stack("fund-"),
		Fees: &waterfall.Fees{Manager: "GP", Parties: []tranche.PartyID{"LP"}, Management: contract.ManagementFee{
			CommitmentRate: dec("0.02"), InvestedRate: dec("0.015"), InvestmentEnd: y(2026), PeriodsPerYear: 1}},
		Investments: []fund.Investment{
			{Name: "Alpha", Calls: []waterfall.Call{{Date: y(2025), Amount: dec("4000000")}},
				Proceeds: []contract.Flow{{Date: y(2027), Amount: dec("7000000")}}, Stack: stack("alpha-")},
			{Name: "Beta", Calls: []waterfall.Call{{Date: y(2026), Amount: dec("4000000")}},
				Proceeds: []contract.Flow{{Date: y(2029), Amount: dec("2500000")}}, Stack: stack("beta-")},
		},
		Terms: fund.Terms{Sponsor: "GP", Investors: []tranche.PartyID{"LP"}}}
	res, err := fund.Run(f)
	require.NoError(t, err)
	var fees []string
	for _, l := range res.Fees {
		fees = append(fees, l.Net.StringFixed(2))
	}
	require.Equal(t, []string{"180000.00", "180000.00", "108000.00", "54000.00", "54000.00", "20250.00"}, fees)
	requireLedgerBalances(t, res)
}
