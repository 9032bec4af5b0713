package tranche_test

import (
	"fmt"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/jvwaterfall/jvwaterfall/contract"
	"github.com/jvwaterfall/jvwaterfall/tranche"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"
)

// years returns n annual periods from 2024-01-01, all on January 1, so that
// 30/360 makes each exactly one year: a rate's factor is the rate itself.
func years(t testing.TB, n int) []contract.Period {
	t.Helper()
	ps, err := contract.Schedule{Start: contract.Date(2024, 1, 1), End: contract.Date(2024+n, 1, 1), Frequency: contract.EveryYear}.Periods()
	require.NoError(t, err)
	return ps
}

// harness drives a book the way the engine does: each period it advances,
// books contributions, offers the stack the period's cash plus what was
// retained, and closes the period.
type harness struct {
	book     *tranche.Book
	periods  []contract.Period
	retained decimal.Decimal
	paid     []decimal.Decimal
}

func newHarness(t testing.TB, periods []contract.Period, parties ...tranche.PartyID) *harness {
	t.Helper()
	ps := make([]tranche.Party, len(parties))
	for i, p := range parties {
		ps[i] = tranche.Party{ID: p}
	}
	b, err := tranche.NewBook(2, ps)
	require.NoError(t, err)
	return &harness{book: b, periods: periods, retained: decimal.Zero}
}

// step runs period i with cash in and contributions.
func (h *harness) step(t testing.TB, stack tranche.Tranche, i int, cash string, contrib map[tranche.PartyID]string) {
	t.Helper()
	require.NoError(t, h.book.Advance(h.periods[i]))
	for p, a := range contrib {
		require.NoError(t, h.book.Contribute(p, d(a)))
	}
	avail := h.retained.Add(d(cash))
	paid := decimal.Zero
	if avail.Sign() > 0 {
		var err error
		paid, err = tranche.PayChecked(h.book, stack, avail)
		require.NoError(t, err)
	}
	require.NoError(t, tranche.ClosePeriod(h.book, stack))
	h.retained = avail.Sub(paid)
	require.True(t, h.book.Held(i).LessThanOrEqual(h.retained), "held %s of retained %s", h.book.Held(i), h.retained)
	h.paid = append(h.paid, paid)
}

// byKind sums the ledger by period, tranche and kind.
func byKind(b *tranche.Book, period int, id tranche.TrancheID) map[string]string {
	m := map[string]decimal.Decimal{}
	for _, p := range b.Ledger() {
		if p.Period == period && p.Tranche == id {
			m[p.Kind.String()] = m[p.Kind.String()].Add(p.Amount)
		}
	}
	out := map[string]string{}
	for k, v := range m {
		out[k] = v.StringFixed(2)
	}
	return out
}

func events(b *tranche.Book) []string {
	var out []string
	for _, e := range b.Events() {
		out = append(out, fmt.Sprintf("%d %s", e.Period, e.Kind))
	}
	return out
}

// bullet is a 100,000 loan at 12% on 30/360, drawn at the end of year 0,
// repaid at the end of year 3, with a 2% default margin.
func bullet(t testing.TB, periods []contract.Period, edit func(*contract.Loan)) *tranche.Debt {
	t.Helper()
	l := contract.Loan{
		Commitment:    d("100000"),
		Draws:         []contract.Flow{{Date: periods[0].End, Amount: d("100000")}},
		Rate:          contract.Rate{Annual: d("0.12"), DayCount: contract.Thirty360US},
		Maturity:      periods[3].End,
		DefaultMargin: d("0.02"),
	}
	if edit != nil {
		edit(&l)
	}
	plan, err := l.Plan(periods, 2)
	require.NoError(t, err)
	debt, err := tranche.NewDebt(tranche.Debt{Name: "senior", Lender: "bank", Plan: plan})
	require.NoError(t, err)
	return debt
}

// TestDebt_PayMatchesSchedule: with cash to spare, a level-payment loan
// pays exactly its contractual schedule, row by row, and nothing else.
func TestDebt_PayMatchesSchedule(t *testing.T) {
	ps, err := contract.Schedule{Start: contract.Date(2024, 12, 1), End: contract.Date(2026, 1, 1)}.Periods()
	require.NoError(t, err)
	l := contract.Loan{
		Commitment: d("250000"), Draws: []contract.Flow{{Date: ps[0].End, Amount: d("250000")}},
		Rate:         contract.Rate{Annual: d("0.075"), DayCount: contract.Thirty360US},
		Amortization: contract.LevelPayment, UpfrontFee: d("0.01"), InterestOnly: 2,
	}
	plan, err := l.Plan(ps, 2)
	require.NoError(t, err)
	rows, err := plan.Schedule()
	require.NoError(t, err)
	debt, err := tranche.NewDebt(tranche.Debt{Name: "loan", Lender: "bank", Plan: plan})
	require.NoError(t, err)
	h := newHarness(t, ps, "bank")
	for i := range ps {
		h.step(t, debt, i, "1000000", nil)
		want := map[string]string{}
		for k, v := range map[string]decimal.Decimal{"fee": rows[i].Fees(), "interest": rows[i].Interest, "principal": rows[i].Principal} {
			if v.Sign() > 0 {
				want[k] = v.StringFixed(2)
			}
		}
		if diff := cmp.Diff(want, byKind(h.book, i, "loan")); diff != "" {
			t.Errorf("period %d mismatch (-want +got):\n%s", i, diff)
		}
	}
	require.Empty(t, h.book.Events())
	st, err := debt.State(h.book)
	require.NoError(t, err)
	require.True(t, st.Outstanding().IsZero())
}

// TestDebt_PayShortfall checks arrears, default interest, PIK on shortfall
// and the default and cure events against hand-computed tables for the
// 100,000 12% bullet loan (factor 0.12 a year; default rate 14%).
func TestDebt_PayShortfall(t *testing.T) {
	tests := []struct {
		name   string
		edit   func(*contract.Loan)
		cash   []string
		want   []map[string]string
		events []string
	}{
		{
			name: "interest-arrears",
			cash: []string{"0", "5000", "30000", "112000"},
			want: []map[string]string{
				{},
				{"interest": "5000.00"}, // 12,000 due; 7,000 in arrears
				// 7,000 + 7,000 × 14% = 980 default interest + 12,000 current
				{"interest": "19980.00"},
				{"interest": "12000.00", "principal": "100000.00"},
			},
			events: []string{"1 payment-default", "2 default-cured"},
		},
		{
			name: "pik-on-shortfall",
			edit: func(l *contract.Loan) { l.PIKOnShortfall = true },
			cash: []string{"0", "5000", "12840", "200000"},
			want: []map[string]string{
				{},
				{"interest": "5000.00"}, // 7,000 capitalised: balance 107,000
				{"interest": "12840.00"},
				{"interest": "12840.00", "principal": "107000.00"},
			},
			events: []string{"1 interest-capitalised"},
		},
		{
			name: "principal-arrears-after-maturity",
			cash: []string{"0", "12000", "12000", "50000", "100000"},
			want: []map[string]string{
				{}, {"interest": "12000.00"}, {"interest": "12000.00"},
				{"interest": "12000.00", "principal": "38000.00"}, // 62,000 overdue
				// 62,000 × 14% = 8,680 default interest, then the 62,000
				{"interest": "8680.00", "principal": "62000.00"},
			},
			events: []string{"3 payment-default", "4 default-cured"},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ps := years(t, len(tc.cash))
			debt := bullet(t, ps, tc.edit)
			h := newHarness(t, ps, "bank")
			for i, c := range tc.cash {
				h.step(t, debt, i, c, nil)
				if diff := cmp.Diff(tc.want[i], byKind(h.book, i, "senior")); diff != "" {
					t.Errorf("period %d mismatch (-want +got):\n%s", i, diff)
				}
			}
			require.Equal(t, tc.events, events(h.book))
			st, err := debt.State(h.book)
			require.NoError(t, err)
			require.True(t, st.Outstanding().IsZero() && st.Due().IsZero(), "left %+v", st)
		})
	}
}

// TestDebt_PayNoCashAtAll: a period in which the stack is offered nothing
// still puts the loan in default (the engine closes every period).
func TestDebt_PayNoCashAtAll(t *testing.T) {
	ps := years(t, 4)
	debt := bullet(t, ps, nil)
	h := newHarness(t, ps, "bank")
	h.step(t, debt, 0, "0", nil)
	h.step(t, debt, 1, "0", nil)
	require.Equal(t, []string{"1 payment-default"}, events(h.book))
	st, err := debt.State(h.book)
	require.NoError(t, err)
	require.Equal(t, "12000.00", st.InterestDue.StringFixed(2))
	require.True(t, st.Default)
}

func TestDebt_Validate(t *testing.T) {
	_, err := tranche.NewDebt(tranche.Debt{Name: ""})
	require.ErrorIs(t, err, contract.ErrRequired)
	for _, p := range []string{"id", "lender", "plan"} {
		require.ErrorContains(t, err, p+":")
	}
}

// equity is a residual split to the sponsor, standing in for the common
// equity in covenant and reserve tests.
func equity(t testing.TB) tranche.Tranche {
	s, err := tranche.NewSplit(tranche.Split{
		Name:   "equity",
		Shares: []tranche.Share{{Parties: []tranche.PartyID{"sponsor"}, Weight: d("1")}},
	})
	require.NoError(t, err)
	return s
}

// TestCovenant_Trap: DSCR at least 1.20, cured after 2 passing periods.
// Interest-only debt service is 12,000 a year.
func TestCovenant_Trap(t *testing.T) {
	ps := years(t, 6)
	debt := bullet(t, ps, func(l *contract.Loan) { l.Maturity = ps[5].End })
	cov, err := tranche.NewCovenant(tranche.Covenant{Name: "dscr", Loan: debt, Junior: equity(t), MinDSCR: d("1.20"), CurePeriods: 2})
	require.NoError(t, err)
	stack := tranche.Sequence(debt, cov)
	h := newHarness(t, ps, "bank", "sponsor")
	cash := []string{"0", "20000", "13000", "20000", "20000", "120000"}
	// period: equity paid, held at the end
	want := [][2]string{
		{"0.00", "0.00"},
		{"8000.00", "0.00"},  // DSCR 20,000/12,000 = 1.67
		{"0.00", "1000.00"},  // DSCR 13,000/12,000 = 1.08: breach, 1,000 trapped
		{"0.00", "9000.00"},  // CFADS 21,000 − 1,000 held = 20,000: 1st pass; 8,000 more trapped
		{"17000.00", "0.00"}, // 2nd pass: cured; 29,000 − 12,000 released to equity
		{"8000.00", "0.00"},  // maturity: 112,000 to the bank
	}
	for i, c := range cash {
		h.step(t, stack, i, c, nil)
		eq := byKind(h.book, i, "equity")["profit"]
		if eq == "" {
			eq = "0.00"
		}
		require.Equal(t, want[i], [2]string{eq, h.book.Held(i).StringFixed(2)}, "period %d", i)
	}
	require.Equal(t, []string{"2 covenant-breach", "2 cash-trapped", "3 cash-trapped", "4 covenant-cured"}, events(h.book))
	require.True(t, h.retained.IsZero())
}

// TestCovenant_Sweep: LTV at most 75% against a value that falls from
// 200,000 to 120,000 in year 2; a breach sweeps cash to principal.
func TestCovenant_Sweep(t *testing.T) {
	ps := years(t, 6)
	debt := bullet(t, ps, func(l *contract.Loan) { l.Maturity = ps[5].End })
	cov, err := tranche.NewCovenant(tranche.Covenant{
		Name: "ltv", Loan: debt, Junior: equity(t), MaxLTV: d("0.75"), Action: tranche.SweepCash,
		Values: []contract.Flow{{Date: ps[0].End, Amount: d("200000")}, {Date: ps[2].End, Amount: d("120000")}},
	})
	require.NoError(t, err)
	stack := tranche.Sequence(debt, cov)
	h := newHarness(t, ps, "bank", "sponsor")
	cash := []string{"0", "20000", "20000", "20000", "20000", "100000"}
	want := []map[string]string{
		{},
		{"interest": "12000.00"},
		// LTV 100,000/120,000 = 83%: 8,000 swept
		{"interest": "12000.00", "principal": "8000.00"},
		// 92,000 × 12% = 11,040; LTV 92,000/120,000 = 77%: 8,960 swept
		{"interest": "11040.00", "principal": "8960.00"},
		// 83,040 × 12% = 9,964.80; LTV 69%: cured, equity gets 10,035.20
		{"interest": "9964.80"},
		{"interest": "9964.80", "principal": "83040.00"},
	}
	for i, c := range cash {
		h.step(t, stack, i, c, nil)
		if diff := cmp.Diff(want[i], byKind(h.book, i, "senior")); diff != "" {
			t.Errorf("period %d mismatch (-want +got):\n%s", i, diff)
		}
	}
	require.Equal(t, "10035.20", byKind(h.book, 4, "equity")["profit"])
	require.Equal(t, []string{"2 covenant-breach", "2 cash-swept", "3 cash-swept", "4 covenant-cured"}, events(h.book))
}

// TestReserve_Pay: a DSRA sized to the next period's debt service (12,000
// of interest; never the balloon) is funded, drawn and released.
func TestReserve_Pay(t *testing.T) {
	ps := years(t, 4)
	debt := bullet(t, ps, nil)
	dsra, err := tranche.NewReserve(tranche.Reserve{Name: "dsra", Loans: []tranche.Borrowing{debt}, Periods: 1, Junior: equity(t)})
	require.NoError(t, err)
	stack := tranche.Sequence(debt, dsra)
	h := newHarness(t, ps, "bank", "sponsor")
	cash := []string{"0", "30000", "5000", "120000"}
	// period: bank, equity, held
	want := [][3]string{
		{"0.00", "0.00", "0.00"},
		{"12000.00", "6000.00", "12000.00"}, // funded to 12,000
		{"12000.00", "0.00", "5000.00"},     // interest paid from the reserve; 5,000 refills it
		{"112000.00", "13000.00", "0.00"},   // repaid: the reserve is released
	}
	for i, c := range cash {
		h.step(t, stack, i, c, nil)
		bank := decimal.Zero
		for _, v := range byKind(h.book, i, "senior") {
			bank = bank.Add(d(v))
		}
		eq := byKind(h.book, i, "equity")["profit"]
		if eq == "" {
			eq = "0.00"
		}
		require.Equal(t, want[i], [3]string{bank.StringFixed(2), eq, h.book.Held(i).StringFixed(2)}, "period %d", i)
	}
}

// TestPreferredEquity_Pay checks a 12% coupon, 8% current pay and 4%
// accrued (simple on 30/360, annual periods), redeemed in year 3 with a
// 1.5x minimum multiple, against a hand table.
func TestPreferredEquity_Pay(t *testing.T) {
	ps := years(t, 4)
	pe, err := tranche.NewPreferredEquity(tranche.PreferredEquity{
		Name: "pref-equity", Parties: []tranche.PartyID{"pe"},
		Coupon:     contract.Rate{Annual: d("0.12"), DayCount: contract.Thirty360US},
		CurrentPay: d("0.08"), Redemption: ps[3].End, Multiple: d("1.5"),
	})
	require.NoError(t, err)
	h := newHarness(t, ps, "pe")
	cash := []string{"0", "80000", "50000", "2000000"}
	want := []map[string]string{
		{},
		{"pref": "80000.00"}, // 8% of 1,000,000; 40,000 accrues
		// base 1,040,000: 83,200 current due, 50,000 paid; accrued 40,000 +
		// 41,600 + 33,200 unpaid = 114,800
		{"pref": "50000.00"},
		// base 1,114,800: current 89,184, accrued 114,800 + 44,592 =
		// 159,392, capital 1,000,000, top-up to 1.5x: 1,500,000 − 130,000
		// received − 1,248,576 = 121,424
		{"pref": "370000.00", "capital": "1000000.00"},
	}
	for i, c := range cash {
		contrib := map[tranche.PartyID]string(nil)
		if i == 0 {
			contrib = map[tranche.PartyID]string{"pe": "1000000"}
		}
		h.step(t, pe, i, c, contrib)
		if diff := cmp.Diff(want[i], byKind(h.book, i, "pref-equity")); diff != "" {
			t.Errorf("period %d mismatch (-want +got):\n%s", i, diff)
		}
	}
	a, err := h.book.Account("pe")
	require.NoError(t, err)
	require.Equal(t, "1500000.00", a.Distributed.StringFixed(2)) // exactly the 1.5x floor
	require.Equal(t, "630000.00", h.retained.StringFixed(2))
}

func TestPreferredEquity_Validate(t *testing.T) {
	_, err := tranche.NewPreferredEquity(tranche.PreferredEquity{Name: "pe", Parties: []tranche.PartyID{"pe"},
		Coupon: contract.Rate{Annual: d("0.08")}, CurrentPay: d("0.09"), Multiple: d("-1")})
	require.ErrorIs(t, err, contract.ErrInvalid)
	for _, p := range []string{"current_pay", "redemption", "multiple"} {
		require.ErrorContains(t, err, p+":")
	}
}

func TestCovenant_Validate(t *testing.T) {
	_, err := tranche.NewCovenant(tranche.Covenant{Name: "c", MaxLTV: d("0.7"), CurePeriods: -1})
	require.ErrorIs(t, err, contract.ErrInvalid)
	for _, p := range []string{"loan", "junior", "values", "cure_periods"} {
		require.ErrorContains(t, err, p+":")
	}
	_, err = tranche.NewReserve(tranche.Reserve{Name: "r", Periods: -1})
	for _, p := range []string{"junior", "periods"} {
		require.ErrorContains(t, err, p+":")
	}
}

// TestDebt_OwedThenPay: offered exactly what it says it is owed, a debt or
// preferred equity tranche pays exactly that, every period, whatever
// happened before.
func TestDebt_OwedThenPay(t *testing.T) {
	ps := years(t, 5)
	debt := bullet(t, ps, func(l *contract.Loan) {
		l.Maturity = ps[4].End
		l.Prepayments = []contract.Flow{{Date: ps[2].End, Amount: d("10000")}}
		l.PrepaymentFee = d("0.015")
		l.CommitmentFee = d("0.01")
		l.Commitment = d("150000")
	})
	pe, err := tranche.NewPreferredEquity(tranche.PreferredEquity{Name: "pe", Parties: []tranche.PartyID{"pe"},
		Coupon: contract.Rate{Annual: d("0.1"), Compounding: contract.Quarterly}, CurrentPay: d("0.05"), Redemption: ps[3].End, Multiple: d("1.2")})
	require.NoError(t, err)
	stack := tranche.Sequence(debt, pe)
	h := newHarness(t, ps, "bank", "pe")
	for i, c := range []string{"0", "3000", "40000", "9000", "500000"} {
		var contrib map[tranche.PartyID]string
		if i == 0 {
			contrib = map[tranche.PartyID]string{"pe": "50000"}
		}
		require.NoError(t, h.book.Advance(ps[i]))
		for _, tr := range []tranche.Tranche{debt, pe} {
			trial := h.book.Clone()
			for p, a := range contrib {
				require.NoError(t, trial.Contribute(p, d(a)))
			}
			owed, err := tr.Owed(trial)
			require.NoError(t, err)
			got, err := tranche.PayChecked(trial, tr, owed.Amount)
			require.NoError(t, err)
			require.True(t, got.Equal(owed.Amount), "period %d %s: owed %s, paid %s", i, tr.ID(), owed.Amount, got)
		}
		h.step(t, stack, i, c, contrib)
	}
}
