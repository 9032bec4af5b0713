package spec

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

// fivePeriods is an annual schedule of five periods ending 2025-12-31 to
// 2029-12-31.
func fivePeriods() []contract.Period {
	var ps []contract.Period
	start := contract.Date(2024, 12, 31)
	for i := range 5 {
		end := contract.Date(2025+i, 12, 31)
		ps = append(ps, contract.Period{Index: i, Start: start, End: end})
		start = end
	}
	return ps
}

// yearEnd is the end of the period ending in year y.
func yearEnd(y int) time.Time { return contract.Date(y, 12, 31) }

func party(id string, commitment int64) waterfall.Party {
	return waterfall.Party{ID: tranche.PartyID(id), Commitment: decimal.NewFromInt(commitment)}
}

func ids(s ...string) []tranche.PartyID {
	var out []tranche.PartyID
	for _, id := range s {
		out = append(out, tranche.PartyID(id))
	}
	return out
}

func dec(s string) decimal.Decimal { return decimal.RequireFromString(s) }

// TestWork_total checks the budget's formula, docs/spec.md "Work budget":
// lines + 12 × contract periods + 12 × cap-table series × exits + 12 ×
// hurdle investors × periods + scan parties / 32. For 1, 2, 3, 5 and 64:
// 1 + 24 + 36 + 60 + 2 = 123. A total of exactly MaxWork passes; one
// more is refused at "stack" with ErrLimit.
func TestWork_total(t *testing.T) {
	require.Equal(t, int64(123), work{lines: 1, contracts: 2, capTable: 3, hurdles: 5, scans: 64}.total())
	require.NoError(t, work{lines: MaxWork}.check())
	err := work{lines: MaxWork + 1}.check()
	require.ErrorIs(t, err, ErrLimit)
	fes := fieldErrors(t, err)
	require.Len(t, fes, 1)
	require.Equal(t, "stack", fes[0].Path)
}

// workStack is a sequence of a return of capital to LP and GP (2 payees),
// a cap table of three series of one holder each (3 payees, 3 series) and
// a hurdle tier testing LP over three single-party shares, two of them
// promotes (1 investor + 3 share parties = 4 payees). Its scan, worked as
// in TestHurdleScan: LP gets 0.5 of each tier dollar in one share, so
// 4/0.5 + 2 = 10 amounts of 3 parties: 30. In one period with cash: 9
// lines, 3 series, 1 investor, 30 scan parties.
func workStack() tranche.Tranche {
	series := func(holder string) tranche.Series {
		return tranche.Series{Name: holder, Multiple: dec("1"), Holders: []tranche.Stake{{Party: tranche.PartyID(holder), Shares: dec("1"), Invested: dec("1")}}}
	}
	return tranche.Sequence(
		&tranche.ReturnOfCapital{Name: "capital", Parties: ids("LP", "GP")},
		&tranche.CapTable{Name: "cap", Preferred: []tranche.Series{series("LP"), series("GP"), series("LP")}},
		&tranche.Hurdle{Name: "tier", Investors: ids("LP"), Multiple: dec("1"), Shares: []tranche.Share{
			{Parties: ids("LP"), Weight: dec("0.5")},
			{Parties: ids("GP"), Weight: dec("0.3"), Promote: true},
			{Parties: ids("M"), Weight: dec("0.2"), Promote: true},
		}},
	)
}

// TestDealWork_byHand adds up the work of a deal and the deal one of its
// parties holds, term by term from docs/spec.md "Work budget".
//
// The deal: parties LP (900), GP (100), M and N (no commitment; N holds
// the nested deal), five periods, proceeds in 2028 and 2027 (in that
// order): cash from the third period, 3 periods. Its stack (workStack):
// 3 × 9 = 27 lines, 3 × 3 = 9 series × exits, 3 investor-periods, 3 × 30
// = 90 scan parties. Two contributions: 2 lines. A call on every party
// with a commitment (LP, GP: 2 lines) and one on LP (1 line). It
// contributes in two periods (2025 and 2026): 32 lines.
//
// The nested deal: parties A and B (50 each), no proceeds of its own, so
// it has cash when its holder does (3 periods); a return of capital to
// both, 3 × 2 = 6 lines; one contribution and its holder's 2 periods of
// contributions shared by its 2 payers, 1 + 2 × 2 = 5 lines; fees with
// one expense, paid by A and B, 5 periods × (1 + 2) + 1 × (1 + 2) = 18
// lines: 29 lines.
func TestDealWork_byHand(t *testing.T) {
	ps := fivePeriods()
	nested := &waterfall.Deal{
		Parties:       []waterfall.Party{party("A", 50), party("B", 50)},
		Periods:       ps,
		Contributions: []waterfall.Contribution{{Date: yearEnd(2025), Party: "A", Amount: dec("1")}},
		Stack:         &tranche.ReturnOfCapital{Name: "inner", Parties: ids("A", "B")},
		Fees:          &waterfall.Fees{Expenses: []waterfall.Expense{{Date: yearEnd(2026), Amount: dec("1"), Payee: "A"}}},
	}
	n := party("N", 0)
	n.Deal = nested
	d := &waterfall.Deal{
		Parties: []waterfall.Party{party("LP", 900), party("GP", 100), party("M", 0), n},
		Periods: ps,
		Contributions: []waterfall.Contribution{
			{Date: yearEnd(2025), Party: "LP", Amount: dec("1")},
			{Date: yearEnd(2025), Party: "GP", Amount: dec("1")},
		},
		Calls: []waterfall.Call{
			{Date: yearEnd(2026), Amount: dec("10")},
			{Date: yearEnd(2026), Amount: dec("10"), Parties: ids("LP")},
		},
		Proceeds: []contract.Flow{{Date: yearEnd(2028), Amount: dec("1")}, {Date: yearEnd(2027), Amount: dec("1")}},
		Stack:    workStack(),
	}
	require.Equal(t, work{lines: 32 + 29, contracts: 7, capTable: 9, hurdles: 3, scans: 90}, dealWork(d, 7))
}

// TestDealWork_sources: a deal with a source has cash in every period,
// whatever its proceeds: 5 periods of a return of capital to LP and GP.
func TestDealWork_sources(t *testing.T) {
	d := &waterfall.Deal{
		Parties:  []waterfall.Party{party("LP", 900), party("GP", 100)},
		Periods:  fivePeriods(),
		Proceeds: []contract.Flow{{Date: yearEnd(2029), Amount: dec("1")}},
		Sources:  []waterfall.Source{nil},
		Stack:    &tranche.ReturnOfCapital{Name: "capital", Parties: ids("LP", "GP")},
	}
	require.Equal(t, work{lines: 10}, dealWork(d, 0))
	d.Sources = nil // then only the last period has cash
	require.Equal(t, work{lines: 2}, dealWork(d, 0))
}

// TestFundWork_byHand adds up the work of a fund run deal by deal, from
// docs/spec.md "Work budget": each investment's stack from its first
// proceeds, the whole-fund stack over every period, the calls, the fees
// and the nested deals.
//
// Parties LP (900), GP (100), M (none) and N, who holds a deal. The first
// investment has proceeds in 2026 and 2028 (cash from the second period:
// 4 periods) and pays LP: 4 lines; its calls are on LP and GP (2 lines)
// and on GP (1 line). The second has no proceeds: no period with cash.
// The whole-fund stack pays LP and GP and a cap table of one series held
// by LP, every period: 5 × 3 = 15 lines and 5 series × exits. Fees paid
// by LP with two expenses: 5 × (1 + 1) + 2 × (1 + 1) = 14 lines. The
// nested deal pays A and B in its last period: 2 lines. 38 lines in all.
func TestFundWork_byHand(t *testing.T) {
	ps := fivePeriods()
	nested := &waterfall.Deal{
		Parties:  []waterfall.Party{party("A", 50), party("B", 50)},
		Periods:  ps,
		Proceeds: []contract.Flow{{Date: yearEnd(2029), Amount: dec("1")}},
		Stack:    &tranche.ReturnOfCapital{Name: "inner", Parties: ids("A", "B")},
	}
	n := party("N", 0)
	n.Deal = nested
	f := &fund.Fund{
		Parties: []waterfall.Party{party("LP", 900), party("GP", 100), party("M", 0), n},
		Periods: ps,
		Fees: &waterfall.Fees{Parties: ids("LP"), Expenses: []waterfall.Expense{
			{Date: yearEnd(2026), Amount: dec("1"), Payee: "M"},
			{Date: yearEnd(2027), Amount: dec("1"), Payee: "M"},
		}},
		Investments: []fund.Investment{
			{
				Name:     "one",
				Calls:    []waterfall.Call{{Date: yearEnd(2025), Amount: dec("10")}, {Date: yearEnd(2025), Amount: dec("10"), Parties: ids("GP")}},
				Proceeds: []contract.Flow{{Date: yearEnd(2026), Amount: dec("1")}, {Date: yearEnd(2028), Amount: dec("1")}},
				Stack:    &tranche.ReturnOfCapital{Name: "one", Parties: ids("LP")},
			},
			{Name: "two", Stack: &tranche.ReturnOfCapital{Name: "two", Parties: ids("LP", "GP")}},
		},
		Stack: tranche.Sequence(
			&tranche.ReturnOfCapital{Name: "capital", Parties: ids("LP", "GP")},
			&tranche.CapTable{Name: "cap", Preferred: []tranche.Series{{Name: "A", Multiple: dec("1"), Holders: []tranche.Stake{{Party: "LP", Shares: dec("1"), Invested: dec("1")}}}}},
		),
	}
	require.Equal(t, work{lines: 38, contracts: 3, capTable: 5}, fundWork(f, 3))
}

// TestHurdleScan_more works more tiers by hand, as TestHurdleScan does:
// the bound is (4·m/f + 2, rounded) × the tier's parties, f the part of
// each tier dollar the investor gets, m the shares it holds, at most
// 2^26 parties.
func TestHurdleScan_more(t *testing.T) {
	share := func(w string, promote bool, ps ...string) tranche.Share {
		return tranche.Share{Parties: ids(ps...), Weight: dec(w), Promote: promote}
	}
	parties := []waterfall.Party{party("A", 1), party("B", 2), party("Z1", 0), party("Z2", 0), party("S", 16), party("T", 1),
		party("Tiny", 1), party("Huge", 99_999_999), party("G", 0), party("H", 0)}
	for _, c := range []struct {
		name      string
		investors []string
		shares    []tranche.Share
		want      int64
	}{
		// Two shares, a class of two parties of unequal commitments: a
		// bisection finds the amount; nothing to count.
		{"two unequal parties", []string{"A"}, []tranche.Share{share("0.8", false, "A", "B"), share("0.2", true, "G")}, 0},
		// A class with no commitments shares equally: Z1 gets 0.5 × 1/2 =
		// 0.25 of each dollar, 4/0.25 + 2 = 18 amounts of 4 parties.
		{"class without commitments", []string{"Z1"}, []tranche.Share{share("0.5", false, "Z1", "Z2"), share("0.3", true, "G"), share("0.2", true, "H")}, 72},
		// A in two shares of 0.2: f = 0.4, m = 2, 8/0.4 + 2 = 22 amounts
		// of 3 parties.
		{"investor in two shares", []string{"A"}, []tranche.Share{share("0.2", false, "A"), share("0.2", false, "A"), share("0.6", true, "G")}, 66},
		// G holds only a promote: no part of the tier, not counted; A is
		// as in TestHurdleScan's three shares.
		{"investor with only a promote", []string{"A", "G"}, []tranche.Share{share("0.5", false, "A"), share("0.3", true, "G"), share("0.2", true, "H")}, 30},
		// Tiny gets 0.5 × 1/10^8: 8·10^8 + 2 amounts, past the cap of
		// 2^26/4 amounts of 4 parties: 2^26.
		{"the cap", []string{"Tiny"}, []tranche.Share{share("0.5", false, "Tiny", "Huge"), share("0.3", true, "G"), share("0.2", true, "H")}, 1 << 26},
		// S gets 0.5 × 16/17; 16/17 to 40 places is rounded down (its 41st
		// digit is 0), so 4/f is just above 8.5 and rounds to 9: 11
		// amounts of 4 parties. To 39 or 41 places it would be rounded up
		// and give 8.
		{"16/17 to 40 places", []string{"S"}, []tranche.Share{share("0.5", false, "S", "T"), share("0.3", true, "G"), share("0.2", true, "H")}, 44},
	} {
		t.Run(c.name, func(t *testing.T) {
			tier := &tranche.Hurdle{Name: "tier", Investors: ids(c.investors...), Multiple: dec("1"), Shares: c.shares}
			require.Equal(t, c.want, hurdleScan(tier, parties))
		})
	}
}
