package tranche

import (
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/jvwaterfall/jvwaterfall/contract"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"
)

// sameDec requires got to be want, the same value and exponent.
func sameDec(t *testing.T, want, got decimal.Decimal, what string) {
	t.Helper()
	if !got.Equal(want) || got.Exponent() != want.Exponent() {
		t.Fatalf("%s: got %s (exponent %d), want %s (exponent %d)", what, got, got.Exponent(), want, want.Exponent())
	}
}

// randCents is a random amount of 0 to max minor units at scale 2, as a
// decimal of exponent −2, or of exponent 0 when it is whole and coin is
// heads (a user's "500000" and "500000.00").
func randCents(rng *rand.Rand, max int64) decimal.Decimal {
	c := rng.Int64N(max + 1)
	if c%100 == 0 && rng.IntN(2) == 0 {
		return decimal.New(c/100, 0)
	}
	return decimal.New(c, -2)
}

// randLoan is a random loan over ps: one to three draws, a fixed rate
// under one of the first compoundings or a floating one, any
// amortization, PIK on shortfall or arrears, fees, prepayments. It
// returns nil when the terms drawn do not make a plan.
//
// shift moves every amount that many places up (the same random loan,
// 10^shift times larger), for loans beyond int64 minor units.
func randLoan(rng *rand.Rand, ps []contract.Period, shift int32) *contract.LoanPlan {
	n := len(ps)
	commit := decimal.New(rng.Int64N(1_000_000_000)+100_000, -2)
	if rng.IntN(3) == 0 {
		commit = commit.Round(0)
	}
	var draws []contract.Flow
	left := commit
	for i := range rng.IntN(3) + 1 {
		amt := randCents(rng, left.Shift(2).IntPart())
		if i == 0 && amt.IsZero() {
			amt = left
		}
		if amt.IsZero() {
			continue
		}
		left = left.Sub(amt)
		draws = append(draws, contract.Flow{Date: ps[min(i, n-1)].End, Amount: amt})
	}
	l := contract.Loan{
		Commitment:     commit,
		Draws:          draws,
		Rate:           contract.Rate{Annual: decimal.New(rng.Int64N(1500), -4), Compounding: contract.Compounding(rng.IntN(4)), DayCount: contract.DayCount(rng.IntN(3))},
		Amortization:   contract.Amortization(rng.IntN(3)),
		InterestOnly:   rng.IntN(2),
		Maturity:       ps[n/2+rng.IntN(n-n/2)].End,
		PIKOnShortfall: rng.IntN(3) == 0,
		DefaultMargin:  decimal.New(rng.Int64N(500), -4),
	}
	if rng.IntN(3) == 0 { // a floating rate: the cash rate, and the default rate with it, change between periods
		f := &contract.FloatingRate{Spread: decimal.New(rng.Int64N(300), -4)}
		for j := range rng.IntN(n) + 1 {
			f.Index = append(f.Index, contract.IndexFixing{Date: ps[j].Start, Rate: decimal.New(rng.Int64N(800), -4-int32(rng.IntN(2)))})
		}
		l.Floating = f
	}
	if rng.IntN(2) == 0 {
		l.UpfrontFee = decimal.New(rng.Int64N(300), -4)
	}
	if rng.IntN(2) == 0 {
		l.CommitmentFee = decimal.New(rng.Int64N(100), -4)
	}
	if rng.IntN(2) == 0 {
		l.PrepaymentFee = decimal.New(rng.Int64N(500), -4)
	}
	if rng.IntN(3) == 0 {
		l.Prepayments = []contract.Flow{{Date: ps[1+rng.IntN(n-2)].End, Amount: randCents(rng, commit.Shift(2).IntPart()/3)}}
	}
	l.Commitment = l.Commitment.Shift(shift)
	for i := range l.Draws {
		l.Draws[i].Amount = l.Draws[i].Amount.Shift(shift)
	}
	for i := range l.Prepayments {
		l.Prepayments[i].Amount = l.Prepayments[i].Amount.Shift(shift)
	}
	plan, err := l.Plan(ps, 2)
	if err != nil {
		return nil
	}
	return plan
}

// quarters is n quarterly periods from 2025.
func quarters(n int) []contract.Period {
	start := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	ps := make([]contract.Period, n)
	for i := range ps {
		ps[i] = contract.Period{Index: i, Start: start.AddDate(0, 3*i, 0), End: start.AddDate(0, 3*(i+1), 0)}
	}
	return ps
}

// TestDebt_MatchesDecimalReference: 400 random loans, offered random cash
// (none, short of the service, about it, plenty) and random sweeps, pay
// the same payments and events, and answer Owed, Service, Outstanding,
// Repaid, Projected, State, Pay and Prepay with the same decimals, value
// and exponent, as the decimal Debt of debt_reference_test.go.
func TestDebt_MatchesDecimalReference(t *testing.T) {
	matchReferences(t, rand.New(rand.NewPCG(12, 18)), 400, 0)
}

// TestDebt_MatchesDecimalReferenceBeyondInt64: the same with loans of
// 10^12 times the size, whose balances are beyond int64 minor units
// (10^17 to 10^21 cents), so that payments and their Before and After go
// the decimal way, in part or in all.
func TestDebt_MatchesDecimalReferenceBeyondInt64(t *testing.T) {
	matchReferences(t, rand.New(rand.NewPCG(7, 21)), 100, 12)
}

func matchReferences(t *testing.T, rng *rand.Rand, n int, shift int32) {
	loans := 0
	for loans < n {
		ps := quarters(6 + rng.IntN(7))
		plan := randLoan(rng, ps, shift)
		if plan == nil {
			continue
		}
		loans++
		t.Run(fmt.Sprint(loans), func(t *testing.T) { matchReference(t, rng, plan, ps, shift) })
	}
}

func matchReference(t *testing.T, rng *rand.Rand, plan *contract.LoanPlan, ps []contract.Period, shift int32) {
	parties := []Party{{ID: "bank"}}
	bNew, err := NewBook(2, parties)
	require.NoError(t, err)
	bRef, err := NewBook(2, parties)
	require.NoError(t, err)
	debt := &Debt{Name: "senior", Lender: "bank", Plan: plan}
	ref := &refDebt{Name: "senior", Lender: "bank", Plan: plan}
	scale := plan.Loan().Commitment.Shift(2-shift).IntPart()/4 + 1
	for i, p := range ps {
		require.NoError(t, bNew.Advance(p))
		require.NoError(t, bRef.Advance(p))
		where := fmt.Sprintf("period %d", i)
		same := func(what string, want, got decimal.Decimal, errW, errG error) {
			t.Helper()
			require.Equal(t, errW == nil, errG == nil, "%s %s: %v, %v", where, what, errW, errG)
			sameDec(t, want, got, where+" "+what)
		}
		cw, e1 := ref.Owed(bRef)
		cg, e2 := debt.Owed(bNew)
		same("owed", cw.Amount, cg.Amount, e1, e2)
		var cash decimal.Decimal
		switch rng.IntN(4) {
		case 0:
			cash = decimal.Zero
		case 1:
			cash = randCents(rng, cw.Amount.Shift(2-shift).IntPart()).Shift(shift)
		case 2:
			cash = cw.Amount
		default:
			cash = randCents(rng, scale).Shift(shift)
		}
		if !cash.IsZero() || rng.IntN(2) == 0 {
			var pw, pg decimal.Decimal
			if rng.IntN(2) == 0 {
				pw, e1 = ref.Pay(bRef, cash)
				pg, e2 = debt.Pay(bNew, cash)
			} else if u, ok := toUnits(cash, 2); ok { // the combinators' path: it offered Pay the units as a decimal
				pw, e1 = ref.Pay(bRef, u.dec(2))
				var pu units
				pu, e2 = payCheckedUnits(bNew, debt, u)
				pg = pu.dec(2)
			} else {
				pw, e1 = ref.Pay(bRef, cash)
				pg, e2 = debt.Pay(bNew, cash)
			}
			same("pay", pw, pg, e1, e2)
		}
		if rng.IntN(4) == 0 {
			sweep := randCents(rng, scale).Shift(shift)
			pw, e1 := ref.Prepay(bRef, sweep)
			pg, e2 := debt.Prepay(bNew, sweep)
			same("prepay", pw, pg, e1, e2)
		}
		sw, e1 := ref.Service(bRef)
		sg, e2 := debt.Service(bNew)
		same("scheduled", sw.Scheduled, sg.Scheduled, e1, e2)
		same("offered", sw.Offered, sg.Offered, e1, e2)
		same("paid", sw.Paid, sg.Paid, e1, e2)
		ow, e1 := ref.Outstanding(bRef)
		og, e2 := debt.Outstanding(bNew)
		same("outstanding", ow, og, e1, e2)
		n := rng.IntN(6)
		jw, e1 := ref.Projected(bRef, n)
		jg, e2 := debt.Projected(bNew, n)
		same("projected", jw, jg, e1, e2)
		rw, e1 := ref.Repaid(bRef)
		rg, e2 := debt.Repaid(bNew)
		require.Equal(t, e1 == nil, e2 == nil)
		require.Equal(t, rw, rg, where+" repaid")
		e1 = ref.ClosePeriod(bRef)
		e2 = debt.ClosePeriod(bNew)
		require.Equal(t, e1 == nil, e2 == nil, "%s close: %v, %v", where, e1, e2)
		stw, e1 := ref.State(bRef)
		stg, e2 := debt.State(bNew)
		require.Equal(t, e1 == nil, e2 == nil)
		require.Equal(t, stw.Period, stg.Period)
		require.Equal(t, stw.Closed, stg.Closed)
		require.Equal(t, stw.Default, stg.Default)
		for _, f := range []struct {
			name      string
			want, got decimal.Decimal
		}{
			{"fees due", stw.FeesDue, stg.FeesDue}, {"interest due", stw.InterestDue, stg.InterestDue},
			{"principal", stw.Principal, stg.Principal}, {"prepayment", stw.Prepayment, stg.Prepayment},
			{"arrears", stw.Arrears, stg.Arrears}, {"offered", stw.Offered, stg.Offered}, {"paid", stw.Paid, stg.Paid},
			{"balance", stw.Loan.Balance, stg.Loan.Balance}, {"drawn", stw.Loan.Drawn, stg.Loan.Drawn},
			{"due", stw.Due(), stg.Due()}, {"state outstanding", stw.Outstanding(), stg.Outstanding()},
		} {
			sameDec(t, f.want, f.got, where+" state "+f.name)
		}
	}
	lw, lg := bRef.Ledger(), bNew.Ledger()
	require.Equal(t, lw.Len(), lg.Len(), "ledger length")
	for i := range lw.Len() {
		pw, pg := lw.At(i), lg.At(i)
		require.Equal(t, pw.Kind, pg.Kind, "payment %d", i)
		require.Equal(t, pw.Period, pg.Period, "payment %d", i)
		sameDec(t, pw.Amount, pg.Amount, fmt.Sprintf("payment %d amount", i))
		sameDec(t, pw.Before, pg.Before, fmt.Sprintf("payment %d before", i))
		sameDec(t, pw.After, pg.After, fmt.Sprintf("payment %d after", i))
	}
	require.Equal(t, bRef.Events(), bNew.Events())
}

// TestDebt_ErrorsReachTheCaller: a loan whose plan is at another scale
// than the book fails wherever it is read — paid through the combinators'
// units (PayChecked), or tested by a covenant that reads its state
// directly — with the plan's error, not a silent zero.
func TestDebt_ErrorsReachTheCaller(t *testing.T) {
	ps := quarters(4)
	l := contract.Loan{Commitment: decimal.New(1000, 0), Draws: []contract.Flow{{Date: ps[0].End, Amount: decimal.New(1000, 0)}},
		Rate: contract.Rate{Annual: decimal.New(5, -2)}}
	plan, err := l.Plan(ps, 4)
	require.NoError(t, err)
	debt := &Debt{Name: "senior", Lender: "bank", Plan: plan}
	b, err := NewBook(2, []Party{{ID: "bank"}, {ID: "eq"}})
	require.NoError(t, err)
	require.NoError(t, b.Advance(ps[0]))
	_, err = PayChecked(b, debt, decimal.New(100, 0))
	require.ErrorIs(t, err, contract.ErrInvalid)
	_, err = PayChecked(b, &Sequential{Tranches: []Tranche{debt}}, decimal.New(100, 0))
	require.ErrorIs(t, err, contract.ErrInvalid)
	cov := &Covenant{Name: "cov", Loan: debt, Junior: &ReturnOfCapital{Name: "roc", Parties: []PartyID{"eq"}}, MinDSCR: decimal.New(12, -1)}
	_, err = cov.Owed(b)
	require.ErrorIs(t, err, contract.ErrInvalid)
	_, err = cov.State(b)
	require.ErrorIs(t, err, contract.ErrInvalid)
}
