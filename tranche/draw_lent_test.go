package tranche_test

import (
	"testing"

	"github.com/jvwaterfall/jvwaterfall/contract"
	"github.com/jvwaterfall/jvwaterfall/tranche"
	"github.com/stretchr/testify/require"
)

// lentLoan is a loan at 10% on 30/360 by lender, drawing draws[i] at the
// end of periods[i] (a zero draws nothing).
func lentLoan(t *testing.T, name tranche.TrancheID, lender tranche.PartyID, periods []contract.Period, draws ...string) *tranche.Debt {
	t.Helper()
	var fl []contract.Flow
	total := d("0")
	for i, a := range draws {
		if d(a).IsZero() {
			continue
		}
		fl = append(fl, contract.Flow{Date: periods[i].End, Amount: d(a)})
		total = total.Add(d(a))
	}
	plan, err := contract.Loan{Commitment: total, Draws: fl, Rate: contract.Rate{Annual: d("0.10"), DayCount: contract.Thirty360US}}.Plan(periods, 2)
	require.NoError(t, err)
	debt, err := tranche.NewDebt(tranche.Debt{Name: name, Lender: lender, Plan: plan})
	require.NoError(t, err)
	return debt
}

// TestBookDraws_LentAddsUp: Lent is the sum of every draw a lender made,
// over loans and over periods, kept party by party, and a clone's Lent is
// its own. Three loans over three annual periods:
//   - "senior", by the bank: 100,000 in period 0 and 50,000 in period 1;
//   - "junior", by the bank too: 30,000 in period 0;
//   - "mezz", by the fund: 20,000 in period 1.
//
// By hand: after period 0 the bank has lent 100,000 + 30,000 = 130,000
// (BookDraws returns 130,000) and the fund nothing; after period 1 the
// bank 130,000 + 50,000 = 180,000 and the fund 20,000 (BookDraws returns
// 70,000). Each lender's Contributed is its Lent (it put in nothing
// else). A clone taken after period 0 keeps 130,000 and 0 while the
// original goes on.
//
// Invested is Contributed − Lent − CapitalReturned summed over the ids,
// not floored, a party listed twice counted twice: the LP's 1,000 of
// equity gives 1,000, twice 2,000; the lenders 0. Return of capital
// counts the bank's draws as its capital, so 1,000 of it paid to the bank
// makes the bank's Invested 180,000 − 180,000 − 1,000 = −1,000, and the
// three parties' 1,000 + (−1,000) + 0 = 0.
func TestBookDraws_LentAddsUp(t *testing.T) {
	ps := annualPeriods(3)
	drawers := []tranche.Drawer{
		lentLoan(t, "senior", "bank", ps, "100000", "50000"),
		lentLoan(t, "junior", "bank", ps, "30000"),
		lentLoan(t, "mezz", "fund", ps, "0", "20000"),
	}
	b, err := tranche.NewBook(2, []tranche.Party{{ID: "LP"}, {ID: "bank"}, {ID: "fund"}})
	require.NoError(t, err)
	lent := func(book *tranche.Book) []string {
		var out []string
		for _, id := range []tranche.PartyID{"LP", "bank", "fund"} {
			a, err := book.Account(id)
			require.NoError(t, err)
			out = append(out, a.Lent.String()+"/"+a.Contributed.String())
		}
		return out
	}

	require.NoError(t, b.Advance(ps[0]))
	sum, err := tranche.BookDraws(b, drawers)
	require.NoError(t, err)
	require.Equal(t, "130000", sum.String())
	require.Equal(t, []string{"0/0", "130000/130000", "0/0"}, lent(b))
	c := b.Clone()

	require.NoError(t, b.Advance(ps[1]))
	sum, err = tranche.BookDraws(b, drawers)
	require.NoError(t, err)
	require.Equal(t, "70000", sum.String())
	require.Equal(t, []string{"0/0", "180000/180000", "20000/20000"}, lent(b))
	require.Equal(t, []string{"0/0", "130000/130000", "0/0"}, lent(c), "the clone's Lent is its own")

	require.NoError(t, b.Contribute("LP", d("1000")))
	for _, k := range []struct {
		ids  []tranche.PartyID
		want string
	}{
		{ids("LP"), "1000"}, {ids("LP", "LP"), "2000"}, {ids("bank"), "0"}, {ids("fund"), "0"}, {ids("LP", "bank", "fund"), "1000"},
	} {
		got, err := b.Invested(k.ids)
		require.NoError(t, err)
		require.Equal(t, k.want, got.String(), "%v", k.ids)
	}
	roc, err := tranche.NewReturnOfCapital(tranche.ReturnOfCapital{Name: "to-the-bank", Parties: ids("bank")})
	require.NoError(t, err)
	paid, err := roc.Pay(b, d("1000"))
	require.NoError(t, err)
	require.Equal(t, "1000", paid.String())
	for _, k := range []struct {
		ids  []tranche.PartyID
		want string
	}{{ids("bank"), "-1000"}, {ids("LP", "bank", "fund"), "0"}} {
		got, err := b.Invested(k.ids)
		require.NoError(t, err)
		require.Equal(t, k.want, got.String(), "%v", k.ids)
	}
}
