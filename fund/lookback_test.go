package fund_test

import (
	"testing"
	"time"

	"github.com/jvwaterfall/jvwaterfall/contract"
	"github.com/jvwaterfall/jvwaterfall/fund"
	"github.com/jvwaterfall/jvwaterfall/tranche"
	"github.com/jvwaterfall/jvwaterfall/waterfall"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"
)

// TestAmerican_RestoreThenCap follows the sponsor's clawback cap through a
// clawback, a restore and a later lookback. Gamma is sold on 2024-12-31
// (not 2025), with lookbacks on 2023-12-31, 2024-12-31 and the final one.
//
//   - 2023: the LPs have 90M back on 100M, whole-fund carry 0: the 12M of
//     Alpha's carry comes back, 3M from escrow (25% held) and 9M from the
//     GP, whose cap is 9M received − 0 returned = 9M.
//   - 2024: whole fund, 40M comes in on a hurdle of 23.184M × 1.08 =
//     25.03872M; the LPs' profit is 15.03872M, the catch-up 3.75968M,
//     and the 11.2016M left splits 80/20: GP 2.24032M, so whole-fund
//     carry 6M. The GP had 12M − 12M clawed = 0 against a target of
//     min(12M, 6M): 6M is given back to it. The cap, worked out before
//     the restore, is 9M − 9M = 0. The GP's clawback total falls to 3M.
//   - 2025: nothing new; the cap is 9M − 3M = 6M and nothing is owed.
func TestAmerican_RestoreThenCap(t *testing.T) {
	f := amFund(t, fund.Terms{Escrow: fund.Escrow{Share: dec("0.25"), Account: "ESCROW"},
		Clawback: fund.Clawback{Interim: []time.Time{contract.Date(2023, 12, 31), contract.Date(2024, 12, 31)}}})
	f.Investments[2].Proceeds[0].Date = contract.Date(2024, 12, 31)
	f.Investments[2].Realized = contract.Date(2024, 12, 31)
	res, err := fund.Run(f)
	require.NoError(t, err)
	type lb struct{ WholeFund, Excess, FromEscrow, FromSponsor, Cap, Restored, CarryKept string }
	var got []lb
	for _, l := range res.Lookbacks {
		got = append(got, lb{l.WholeFund.String(), l.Excess.String(), l.FromEscrow.String(), l.FromSponsor.String(), l.Cap.String(), l.Restored.String(), l.CarryKept.String()})
	}
	require.Equal(t, []lb{
		{"0", "12000000", "3000000", "9000000", "9000000", "0", "0"},
		{"6000000", "0", "0", "0", "0", "6000000", "6000000"},
		{"6000000", "0", "0", "0", "6000000", "0", "6000000"},
	}, got)
	require.Equal(t, "6000000.00", carryKept(t, res).StringFixed(2))
	requireLedgerBalances(t, res)
}

// requireLedgerBalances checks the running balances the fund's own
// payments carry: a clawback to an investor and carry held back raise the
// balance by the amount, a clawback given back to the sponsor and a
// recovery lower it, and an escrow release empties the escrow.
func requireLedgerBalances(t *testing.T, res *fund.Result) {
	t.Helper()
	n := 0
	for _, p := range res.Payments.All() {
		switch {
		case p.Kind == tranche.KindClawback && p.Party == "GP":
			require.True(t, p.After.Equal(p.Before.Sub(p.Amount)), "given back: %+v", p)
		case p.Kind == tranche.KindClawback:
			require.True(t, p.After.Equal(p.Before.Add(p.Amount)), "clawback: %+v", p)
		case p.Kind == tranche.KindEscrow && p.From == "GP":
			require.True(t, p.After.Equal(p.Before.Add(p.Amount)), "held back: %+v", p)
		case p.Kind == tranche.KindEscrow:
			require.True(t, p.After.IsZero() && p.Before.Equal(p.Amount), "release: %+v", p)
		case p.Kind == tranche.KindCapital && len(p.Tranche) > len(fund.RecoverySuffix) &&
			string(p.Tranche[len(p.Tranche)-len(fund.RecoverySuffix):]) == fund.RecoverySuffix:
			require.True(t, p.After.Equal(p.Before.Sub(p.Amount)), "recovery: %+v", p)
		default:
			continue
		}
		n++
	}
	require.Positive(t, n, "no fund payment checked")
}

// TestAmerican_TaxCapInCents checks the cap and the net-of-tax amount,
// both rounded down to the cent, at tax rates that leave fractions of a
// cent. The GP received 9M of carry (12M less 3M held in escrow) and owes
// 3M after the escrow's 3M.
//
//   - 0.333333333: cap 9M × 0.666666667 = 6,000,000.003 → 6,000,000.00;
//     net of tax it owes 3M × 0.666666667 = 2,000,000.001 → 2,000,000.00,
//     and 1M stays unpaid.
//   - 0.33333333: cap 9M × 0.66666667 = 6,000,000.03; net of tax it owes
//     3M × 0.66666667 = 2,000,000.01, and 999,999.99 stays unpaid.
func TestAmerican_TaxCapInCents(t *testing.T) {
	for _, tt := range []struct {
		tax                      string
		netOfTax                 bool
		cap, fromSponsor, unpaid string
	}{
		{"0.333333333", false, "6000000", "3000000", "0"},
		{"0.333333333", true, "6000000", "2000000", "1000000"},
		{"0.33333333", true, "6000000.03", "2000000.01", "999999.99"},
	} {
		res, err := fund.Run(amFund(t, fund.Terms{Escrow: fund.Escrow{Share: dec("0.25"), Account: "ESCROW"},
			Clawback: fund.Clawback{TaxRate: dec(tt.tax), NetOfTax: tt.netOfTax}}))
		require.NoError(t, err)
		lb := res.Lookbacks[0]
		require.Equal(t, []string{tt.cap, tt.fromSponsor, tt.unpaid}, []string{lb.Cap.String(), lb.FromSponsor.String(), lb.Unpaid.String()}, "tax %s net %v", tt.tax, tt.netOfTax)
		want := dec("6000000").Add(dec(tt.unpaid))
		require.Equal(t, want.StringFixed(2), carryKept(t, res).StringFixed(2))
	}
}

// TestLookback_ClawbackToShortInvestors: the clawback goes to the
// investors whom whole-fund terms would have paid more than they got.
// Alpha is called from LP-A alone and its stack pays LP-A alone, so LP-A
// gets Alpha's 90M less the GP's 12M (78M) plus 60% of Beta's 12M and of
// Gamma's 28M: 102M. Under whole-fund terms LP-A, with 72M of the 100M
// contributed, gets at most 72M + all 24M of the LPs' profit = 96M: it is
// not short. LP-B got 16M and gets at least its 28M of capital back
// under whole-fund terms: it is short. Whole-fund carry is still 6M, to a
// cent (the fund's cash and dates are those of TestAmerican_ClawbackTruth),
// so all of the clawback, 3M from escrow and the rest from the GP, goes to
// LP-B.
func TestLookback_ClawbackToShortInvestors(t *testing.T) {
	f := amFund(t, fund.Terms{Escrow: fund.Escrow{Share: dec("0.25"), Account: "ESCROW"}})
	f.Investments[0].Calls[0].Parties = []tranche.PartyID{"LP-A"}
	only := []tranche.PartyID{"LP-A"}
	roc, err := tranche.NewReturnOfCapital(tranche.ReturnOfCapital{Name: "Alpha/capital", Parties: only})
	require.NoError(t, err)
	pref, err := tranche.NewPreferredReturn(tranche.PreferredReturn{Name: "Alpha/pref", Rate: amPref, Parties: only})
	require.NoError(t, err)
	cu, err := tranche.NewCatchUp(tranche.CatchUp{Name: "Alpha/catch-up", Sponsor: "GP", Target: dec("0.2"), Rate: dec("1"), Investors: only})
	require.NoError(t, err)
	split, err := tranche.NewSplit(tranche.Split{Name: "Alpha/carry", Shares: []tranche.Share{
		{Parties: only, Weight: dec("0.8")}, {Parties: []tranche.PartyID{"GP"}, Weight: dec("0.2"), Promote: true}}})
	require.NoError(t, err)
	f.Investments[0].Stack = tranche.Sequence(roc, pref, cu, split)
	res, err := fund.Run(f)
	require.NoError(t, err)
	final := res.Lookbacks[len(res.Lookbacks)-1]
	// The investors' pref and catch-up are now rounded party by party,
	// so whole-fund carry may be a cent off 6M.
	require.Equal(t, "12000000", final.CarryEarned.String())
	require.True(t, final.WholeFund.Sub(dec("6000000")).Abs().LessThanOrEqual(dec("0.01")), "whole-fund carry %s", final.WholeFund)
	require.Equal(t, "3000000", final.FromEscrow.String())
	clawed := final.FromEscrow.Add(final.FromSponsor)
	require.True(t, clawed.Equal(dec("12000000").Sub(final.WholeFund)), "clawed %s", clawed)
	require.True(t, paidBy(res, fund.ClawbackTranche, "LP-A").IsZero(), "LP-A is not short")
	require.Equal(t, clawed.String(), paidBy(res, fund.ClawbackTranche, "LP-B").String())
	requireLedgerBalances(t, res)
}

// TestLookback_NobodyShortSharesByCommitment: when whole-fund terms would
// pay no investor more than it got, the clawback is shared by commitment.
// The whole-fund stack here returns capital and gives everything else to
// a third party, so whole-fund carry is 0 and all 12M of carry comes back
// (3M from escrow, 9M from the GP), while under it the LPs would get only
// their 60M and 40M of capital, less than the 70.8M and 47.2M they got
// deal by deal (Alpha's 78M, Beta's 12M and Gamma's 28M, 60/40). So the
// 12M goes 60/40: 7.2M to LP-A, 4.8M to LP-B.
func TestLookback_NobodyShortSharesByCommitment(t *testing.T) {
	f := amFund(t, fund.Terms{Escrow: fund.Escrow{Share: dec("0.25"), Account: "ESCROW"}})
	f.Parties = append(f.Parties, waterfall.Party{ID: "OTHER", Role: waterfall.RoleOther})
	roc, err := tranche.NewReturnOfCapital(tranche.ReturnOfCapital{Name: "capital", Parties: amInvestors})
	require.NoError(t, err)
	rest, err := tranche.NewSplit(tranche.Split{Name: "rest", Shares: []tranche.Share{{Parties: []tranche.PartyID{"OTHER"}, Weight: dec("1")}}})
	require.NoError(t, err)
	f.Stack = tranche.Sequence(roc, rest)
	res, err := fund.Run(f)
	require.NoError(t, err)
	final := res.Lookbacks[len(res.Lookbacks)-1]
	require.Equal(t, []string{"0", "12000000", "3000000", "9000000"},
		[]string{final.WholeFund.String(), final.Excess.String(), final.FromEscrow.String(), final.FromSponsor.String()})
	require.Equal(t, []string{"7200000", "4800000"},
		[]string{paidBy(res, fund.ClawbackTranche, "LP-A").String(), paidBy(res, fund.ClawbackTranche, "LP-B").String()})
}

// onlyStack is amStack paying one investor alone: capital, 8% pref,
// 100% catch-up to 20%, then 80/20 between that investor and the GP.
func onlyStack(t *testing.T, prefix string, investor tranche.PartyID) tranche.Tranche {
	t.Helper()
	only := []tranche.PartyID{investor}
	id := func(s string) tranche.TrancheID { return tranche.TrancheID(prefix + s) }
	roc, err := tranche.NewReturnOfCapital(tranche.ReturnOfCapital{Name: id("capital"), Parties: only})
	require.NoError(t, err)
	pref, err := tranche.NewPreferredReturn(tranche.PreferredReturn{Name: id("pref"), Rate: amPref, Parties: only})
	require.NoError(t, err)
	cu, err := tranche.NewCatchUp(tranche.CatchUp{Name: id("catch-up"), Sponsor: "GP", Target: dec("0.2"), Rate: dec("1"), Investors: only})
	require.NoError(t, err)
	split, err := tranche.NewSplit(tranche.Split{Name: id("carry"), Shares: []tranche.Share{
		{Parties: only, Weight: dec("0.8")}, {Parties: []tranche.PartyID{"GP"}, Weight: dec("0.2"), Promote: true}}})
	require.NoError(t, err)
	return tranche.Sequence(roc, pref, cu, split)
}

// TestLookback_ClawbackAfterRestore follows an investor's clawback
// holdings through a clawback, a restore and a second clawback, on a fund
// whose investors are not in proportion. The cash of 2021-2024 is that of
// TestAmerican_RestoreThenCap (Gamma sold 2024-12-31), with Alpha called
// from and paying LP-A alone, as in TestLookback_ClawbackToShortInvestors;
// in 2025 Zeta calls 9M (LP-A 5.4M, LP-B 3.6M, held to the end) and Delta
// calls 1M from LP-B alone and returns 9M the same day through a stack
// paying LP-B alone: capital 1M, no pref (no time passes), so no
// catch-up, and the 8M left splits 6.4M to LP-B, 1.6M to the GP.
//
//   - 2023: whole-fund carry 0, all 12M of Alpha's carry comes back (3M
//     from escrow, 9M from the GP), to LP-B: LP-A is not short (see
//     TestLookback_ClawbackToShortInvestors). LP-B holds 12M.
//   - 2024: whole-fund carry 6M: LP-B, the only holder, gives 6M back to
//     the GP. LP-B holds 6M.
//   - 2025: whole-fund terms pay the 9M as capital, pro rata to the 10M
//     called that day, so whole-fund carry stays 6M while deal by deal
//     the GP earned 1.6M more: excess 1.6M, 0.4M from escrow (25% of
//     Delta's carry) and 1.2M from the GP. Who is short? Under
//     whole-fund terms LP-A gets at most its 72M of 2021-2022 capital,
//     all 24M of the LPs' 2021-2024 profit (130M − 100M − 6M of carry) and
//     5.4/10 of the 9M (4.86M): 100.86M, less than the 102M it got deal
//     by deal (Alpha 78M, 60% of Beta's 12M and of Gamma's 28M). LP-B
//     gets at least its 28M of 2021-2022 capital and 4.6/10 of the 9M
//     (4.14M): 32.14M, more than the 29.4M it got (4.8M + 11.2M from Beta
//     and Gamma, 1M + 6.4M from Delta, 6M of clawbacks it still holds).
//     So all 1.6M goes to LP-B, which holds 7.6M after it.
//
// Every clawback payment's Before is what its investor holds at that
// point, summed from the ledger's clawbacks to it less those it gave
// back.
func TestLookback_ClawbackAfterRestore(t *testing.T) {
	f := amFund(t, fund.Terms{Escrow: fund.Escrow{Share: dec("0.25"), Account: "ESCROW"},
		Clawback: fund.Clawback{Interim: []time.Time{contract.Date(2023, 12, 31), contract.Date(2024, 12, 31)}}})
	f.Investments[0].Calls[0].Parties = []tranche.PartyID{"LP-A"}
	f.Investments[0].Stack = onlyStack(t, "Alpha/", "LP-A")
	f.Investments[2].Proceeds[0].Date = contract.Date(2024, 12, 31)
	f.Investments[2].Realized = contract.Date(2024, 12, 31)
	y := contract.Date(2025, 12, 31)
	f.Investments = append(f.Investments,
		fund.Investment{Name: "Delta", Calls: []waterfall.Call{{Date: y, Amount: dec("1000000"), Parties: []tranche.PartyID{"LP-B"}}},
			Proceeds: []contract.Flow{{Date: y, Amount: dec("9000000")}}, Realized: y, Stack: onlyStack(t, "Delta/", "LP-B")},
		fund.Investment{Name: "Zeta", Calls: []waterfall.Call{{Date: y, Amount: dec("9000000")}}, Stack: amStack(t, "Zeta/")})
	res, err := fund.Run(f)
	require.NoError(t, err)
	require.Len(t, res.Lookbacks, 3)
	// The investors' pref is rounded party by party, so whole-fund carry
	// may be a cent off 6M.
	for i, l := range res.Lookbacks[1:] {
		require.True(t, l.WholeFund.Sub(dec("6000000")).Abs().LessThanOrEqual(dec("0.01")), "lookback %d: whole-fund carry %s", i+1, l.WholeFund)
	}
	first, restore, last := res.Lookbacks[0], res.Lookbacks[1], res.Lookbacks[2]
	require.Equal(t, []string{"12000000", "3000000", "9000000"}, []string{first.Excess.String(), first.FromEscrow.String(), first.FromSponsor.String()})
	require.True(t, restore.Restored.Equal(dec("12000000").Sub(restore.WholeFund)), "restored %s", restore.Restored)
	require.Equal(t, "13600000", last.CarryEarned.String())
	require.True(t, last.Excess.Equal(dec("1600000").Add(restore.WholeFund).Sub(last.WholeFund)), "excess %s", last.Excess)
	require.Equal(t, "400000", last.FromEscrow.String())
	require.True(t, last.FromSponsor.Equal(last.Excess.Sub(last.FromEscrow)), "from the GP %s", last.FromSponsor)

	held := map[tranche.PartyID]decimal.Decimal{}
	var lastTo []tranche.PartyID
	for _, p := range res.Payments.All() {
		if p.Tranche != fund.ClawbackTranche {
			continue
		}
		investor, sign := p.Party, decimal.NewFromInt(1)
		if p.Party == "GP" {
			investor, sign = p.From, sign.Neg()
		}
		require.True(t, p.Before.Equal(held[investor]), "%+v: %s holds %s", p, investor, held[investor])
		held[investor] = held[investor].Add(sign.Mul(p.Amount))
		require.True(t, p.After.Equal(held[investor]), "%+v: %s holds %s", p, investor, held[investor])
		if p.Period == 4 {
			lastTo = append(lastTo, p.Party)
		}
	}
	require.Equal(t, []tranche.PartyID{"LP-B", "LP-B"}, lastTo, "the 2025 clawback, from escrow and from the GP, goes to LP-B alone")
	require.True(t, held["LP-A"].IsZero(), "LP-A holds %s", held["LP-A"])
	require.True(t, held["LP-B"].Equal(dec("12000000").Sub(restore.Restored).Add(last.Excess)), "LP-B holds %s", held["LP-B"])
}
