package tranche

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/jvwaterfall/jvwaterfall/contract"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"
)

// decOnly hides a tranche's payUnits, so that the combinators offer it
// cash through its decimal Pay, as before reserves and covenants paid in
// minor units; it passes on ClosePeriod and the junior tranches.
type decOnly struct{ t Tranche }

func (d decOnly) ID() TrancheID               { return d.t.ID() }
func (d decOnly) Owed(b *Book) (Claim, error) { return d.t.Owed(b) }
func (d decOnly) Children() []Tranche {
	if p, ok := d.t.(Parent); ok {
		return p.Children()
	}
	return nil
}
func (d decOnly) ClosePeriod(b *Book) error {
	if c, ok := d.t.(PeriodCloser); ok {
		return c.ClosePeriod(b)
	}
	return nil
}
func (d decOnly) Pay(b *Book, avail decimal.Decimal) (decimal.Decimal, error) {
	return d.t.Pay(b, avail)
}

// TestReserveCovenant_UnitsMatchDecimal: 300 random loans behind a
// reserve (a fixed amount, projected service, or both) and a covenant
// (DSCR, LTV or both; trap or sweep; cure after one to three periods)
// over a return of capital, offered random cash each period with the last
// period final, pay through payUnits exactly what the decimal Pay of the
// same tranches pays: the same amounts, value and exponent; the same
// holdings, Amount and Target value and exponent; the same ledger, events
// and covenant state, and the same Owed (tried with unlimited cash,
// beyond int64 minor units). Held is the sum of each tranche's last holding of
// the period added as decimals, value and exponent.
func TestReserveCovenant_UnitsMatchDecimal(t *testing.T) {
	matchReserveCovenants(t, rand.New(rand.NewPCG(5, 12)), 300, 0)
}

// TestReserveCovenant_UnitsMatchDecimalBeyondInt64: the same with loans,
// reserves and cash 10^12 times the size, beyond int64 minor units, where
// the reserve's target takes the decimal route.
func TestReserveCovenant_UnitsMatchDecimalBeyondInt64(t *testing.T) {
	matchReserveCovenants(t, rand.New(rand.NewPCG(9, 3)), 100, 12)
}

func matchReserveCovenants(t *testing.T, rng *rand.Rand, n int, shift int32) {
	for loans := 0; loans < n; {
		ps := quarters(6 + rng.IntN(7))
		plan := randLoan(rng, ps, shift)
		if plan == nil {
			continue
		}
		loans++
		t.Run(fmt.Sprint(loans), func(t *testing.T) { matchReserveCovenant(t, rng, plan, ps, shift) })
	}
}

func matchReserveCovenant(t *testing.T, rng *rand.Rand, plan *contract.LoanPlan, ps []contract.Period, shift int32) {
	parties := []Party{{ID: "bank"}, {ID: "LP", Commitment: decimal.New(1, 9+shift)}}
	debt := &Debt{Name: "senior", Lender: "bank", Plan: plan}
	commit := plan.Loan().Commitment
	cov := Covenant{Name: "dscr", Loan: debt, Action: CovenantAction(rng.IntN(2)), CurePeriods: rng.IntN(4)}
	if rng.IntN(3) > 0 {
		cov.MinDSCR = decimal.New(100+rng.Int64N(80), -2)
	}
	if cov.MinDSCR.IsZero() || rng.IntN(2) == 0 {
		cov.MaxLTV = decimal.New(40+rng.Int64N(50), -2)
		cov.Values = []contract.Flow{{Date: ps[0].End, Amount: commit.Mul(decimal.New(1+rng.Int64N(3), 0))}}
	}
	res := Reserve{Name: "dsra", Loans: []Borrowing{debt}, Periods: rng.IntN(3)}
	if res.Periods == 0 || rng.IntN(2) == 0 {
		res.Amount = randCents(rng, commit.Shift(2-shift).IntPart()/20+1).Shift(shift)
		if res.Amount.IsZero() {
			res.Amount = decimal.New(1, 0)
		}
	}
	roc := &ReturnOfCapital{Name: "capital", Parties: []PartyID{"LP"}}
	newStack := func(decimals bool) Tranche {
		c, r := cov, res
		c.Junior = roc
		r.Junior = &c
		if decimals {
			c.Junior = decOnly{roc}
			r.Junior = decOnly{&c}
			return Sequence(debt, decOnly{&r})
		}
		return Sequence(debt, &r)
	}
	books, stacks := [2]*Book{}, [2]Tranche{newStack(true), newStack(false)}
	for k := range books {
		b, err := NewBook(2, parties)
		require.NoError(t, err)
		b.SetSchedule(len(ps))
		books[k] = b
	}
	scale := commit.Shift(2-shift).IntPart()/4 + 1
	for i, p := range ps {
		var cash decimal.Decimal
		switch rng.IntN(4) {
		case 0:
			cash = decimal.Zero
		case 1:
			cash = randCents(rng, scale/10).Shift(shift)
		default:
			cash = randCents(rng, scale).Shift(shift)
		}
		capital := decimal.New(int64(rng.IntN(2)+1), 6+shift)
		var paid [2]decimal.Decimal
		var owed [2]Claim
		var errs [2]error
		for k, b := range books {
			require.NoError(t, b.Advance(p))
			if i == 0 {
				require.NoError(t, b.Contribute("LP", capital))
			}
			if owed[k], errs[k] = stacks[k].Owed(b); errs[k] != nil {
				continue
			}
			if paid[k], errs[k] = PayChecked(b, stacks[k], cash); errs[k] == nil {
				errs[k] = ClosePeriod(b, stacks[k])
			}
		}
		where := fmt.Sprintf("period %d, cash %s", i, cash)
		require.Equal(t, fmt.Sprint(errs[0]), fmt.Sprint(errs[1]), where)
		if errs[0] != nil {
			return
		}
		sameDec(t, paid[0], paid[1], where+" paid")
		require.Equal(t, owed[0].Unbounded, owed[1].Unbounded, where+" owed")
		sameDec(t, owed[0].Amount, owed[1].Amount, where+" owed")
		for k, b := range books {
			want := decimal.Zero
			seen := map[TrancheID]bool{}
			hs := b.Holdings()
			for j := len(hs) - 1; j >= 0; j-- {
				if hs[j].Period == i && !seen[hs[j].Tranche] {
					seen[hs[j].Tranche] = true
					want = want.Add(hs[j].Amount)
				}
			}
			sameDec(t, want, b.Held(i), fmt.Sprintf("%s book %d held", where, k))
		}
		sw, e1 := stacks[0].(*Sequential).Tranches[1].(decOnly).t.(*Reserve).Junior.(decOnly).t.(*Covenant).State(books[0])
		sg, e2 := stacks[1].(*Sequential).Tranches[1].(*Reserve).Junior.(*Covenant).State(books[1])
		require.NoError(t, e1)
		require.NoError(t, e2)
		require.Equal(t, sw.Breached, sg.Breached, where)
		require.Equal(t, sw.Passes, sg.Passes, where)
		sameDec(t, sw.DSCR, sg.DSCR, where+" dscr")
		sameDec(t, sw.LTV, sg.LTV, where+" ltv")
	}
	hw, hg := books[0].Holdings(), books[1].Holdings()
	require.Equal(t, len(hw), len(hg), "holdings")
	for i := range hw {
		require.Equal(t, hw[i].Tranche, hg[i].Tranche, "holding %d", i)
		require.Equal(t, hw[i].Period, hg[i].Period, "holding %d", i)
		sameDec(t, hw[i].Amount, hg[i].Amount, fmt.Sprintf("holding %d amount", i))
		sameDec(t, hw[i].Target, hg[i].Target, fmt.Sprintf("holding %d target", i))
	}
	lw, lg := books[0].Ledger(), books[1].Ledger()
	require.Equal(t, lw.Len(), lg.Len(), "ledger length")
	for i := range lw.Len() {
		pw, pg := lw.At(i), lg.At(i)
		require.Equal(t, pw.Kind, pg.Kind, "payment %d", i)
		require.Equal(t, pw.Party, pg.Party, "payment %d", i)
		require.Equal(t, pw.Period, pg.Period, "payment %d", i)
		sameDec(t, pw.Amount, pg.Amount, fmt.Sprintf("payment %d amount", i))
		sameDec(t, pw.Before, pg.Before, fmt.Sprintf("payment %d before", i))
		sameDec(t, pw.After, pg.After, fmt.Sprintf("payment %d after", i))
	}
	require.Equal(t, books[0].Events(), books[1].Events())
}
