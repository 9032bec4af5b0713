package tranche_test

import (
	"fmt"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/jvwaterfall/jvwaterfall/contract"
	"github.com/jvwaterfall/jvwaterfall/tranche"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"
)

func topTerms() (contract.TakeOrPay, []contract.Period) {
	ps, _ := contract.Schedule{Start: contract.Date(2020, 12, 31), End: contract.Date(2023, 12, 31), Frequency: contract.EveryYear}.Periods()
	return contract.TakeOrPay{
		Buyer: "JV", Seller: "utility",
		Start: contract.Date(2020, 12, 31), End: contract.Date(2023, 12, 31),
		Minimum: decimal.NewFromInt(100), Price: decimal.NewFromInt(10),
		ShortfallShare: decimal.NewFromInt(1),
	}, ps
}

func qty(ss ...string) []decimal.Decimal {
	out := make([]decimal.Decimal, len(ss))
	for i, s := range ss {
		out[i] = d(s)
	}
	return out
}

// TestTakeOrPay_Pay: minimum 100 a year at $10, full shortfall payment.
// Takes 50, 120, 100 → due $1,000, $1,200, $1,000 (year 0: 50 taken plus
// 50 short). Offered $600, $2,000, $900:
//   - year 0 pays $600, $400 in arrears (an event);
//   - year 1 owes $400 + $1,200 = $1,600 and pays it all;
//   - year 2 owes $1,000 and pays $900, $100 in arrears.
func TestTakeOrPay_Pay(t *testing.T) {
	terms, ps := topTerms()
	top, err := tranche.NewTakeOrPay(tranche.TakeOrPay{
		Name:    "offtake",
		Seller:  "utility",
		Terms:   terms,
		Usage:   qty("50", "120", "100"),
		Periods: ps,
		Scale:   2,
	})
	require.NoError(t, err)
	l := newDriver(t, partiesOf("utility", "0")...)
	b := l.b
	type line struct{ Owed, Paid, Before, After string }
	var got []line
	for i, avail := range []string{"600", "2000", "900"} {
		owed := l.advance(ps[i]).owed(top)
		_, paid := l.pay(top, avail)
		pay := b.Ledger().At(b.Ledger().Len() - 1)
		require.Equal(t, tranche.KindTakeOrPay, pay.Kind)
		got = append(got, line{owed.Amount.String(), paid.String(), pay.Before.String(), pay.After.String()})
	}
	want := []line{{"1000", "600", "1000", "400"}, {"1600", "1600", "1600", "0"}, {"1000", "900", "1000", "100"}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Pay() mismatch (-want +got):\n%s", diff)
	}
	ev := b.Events()
	require.Len(t, ev, 2)
	require.Equal(t, tranche.EventTakeOrPayArrears, ev[0].Kind)
	require.Equal(t, []int{0, 2}, []int{ev[0].Period, ev[1].Period})
}

func TestTakeOrPay_Validate(t *testing.T) {
	terms, ps := topTerms()
	terms.Price = decimal.NewFromInt(-1)
	_, err := tranche.NewTakeOrPay(tranche.TakeOrPay{Name: "", Terms: terms, Usage: qty("1"), Periods: ps, Scale: 2})
	require.Error(t, err)
	require.ErrorIs(t, err, contract.ErrInvalid)
	require.Equal(t, []string{"id", "seller", "terms.price"}, paths(err))
	// A period that is not in the contract's schedule is an error, not a
	// silent zero.
	terms, _ = topTerms()
	top, err := tranche.NewTakeOrPay(tranche.TakeOrPay{
		Name:    "offtake",
		Seller:  "utility",
		Terms:   terms,
		Usage:   qty("1", "1", "1"),
		Periods: ps,
		Scale:   2,
	})
	require.NoError(t, err)
	b := newDriver(t, partiesOf("utility", "0")...).advance(contract.Period{Index: 5, Start: ps[2].End, End: ps[2].End.AddDate(1, 0, 0)}).b
	_, err = top.Owed(b)
	require.ErrorIs(t, err, contract.ErrInvalid)
	wrongScale, _ := tranche.NewBook(0, []tranche.Party{{ID: "utility"}})
	require.NoError(t, wrongScale.Advance(ps[0]))
	_, err = top.Owed(wrongScale)
	require.ErrorIs(t, err, contract.ErrInvalid)
}

func ExampleTakeOrPay() {
	terms, ps := topTerms()
	top := tranche.Must(tranche.NewTakeOrPay(tranche.TakeOrPay{
		Name:    "offtake",
		Seller:  "utility",
		Terms:   terms,
		Usage:   qty("50", "120", "100"),
		Periods: ps,
		Scale:   2,
	}))
	b, _ := tranche.NewBook(2, []tranche.Party{{ID: "utility"}})
	for i, cash := range []int64{600, 2000, 900} {
		_ = b.Advance(ps[i])
		paid, _ := tranche.PayChecked(b, top, decimal.NewFromInt(cash))
		owed, _ := top.Owed(b)
		fmt.Printf("%s paid %s, still owed %s\n", ps[i].End.Format("2006"), paid, owed.Amount)
	}
	// Output:
	// 2021 paid 600, still owed 400
	// 2022 paid 1600, still owed 0
	// 2023 paid 900, still owed 100
}

// TestTakeOrPay_Rules checks the Tranche rules over random usage and cash:
// Pay never pays more than offered or owed and pays min(owed, avail);
// Owed leaves the book as it was; the same book and offer give the same
// payments; what is owed carries over exactly (due so far − paid so far).
func TestTakeOrPay_Rules(t *testing.T) {
	terms, ps := topTerms()
	terms.MakeUp.Window = 2
	rapid.Check(t, func(rt *rapid.T) {
		usage := make([]decimal.Decimal, len(ps))
		for i := range usage {
			usage[i] = decimal.NewFromInt(rapid.Int64Range(0, 200).Draw(rt, fmt.Sprintf("use%d", i)))
		}
		top, err := tranche.NewTakeOrPay(tranche.TakeOrPay{Name: "offtake", Seller: "utility", Terms: terms, Usage: usage, Periods: ps, Scale: 2})
		if err != nil {
			rt.Fatal(err)
		}
		st, err := terms.Statement(ps, usage, 2)
		if err != nil {
			rt.Fatal(err)
		}
		l := newDriver(rt, partiesOf("utility", "0")...)
		b := l.b
		due, paidSoFar := decimal.Zero, decimal.Zero
		for i, p := range ps {
			l.advance(p)
			due = due.Add(st[i].Paid)
			before := b.Ledger().Len()
			owed, err := top.Owed(b)
			if err != nil {
				rt.Fatal(err)
			}
			again, _ := top.Owed(b)
			if b.Ledger().Len() != before || !again.Amount.Equal(owed.Amount) || !owed.Amount.Equal(due.Sub(paidSoFar)) {
				rt.Fatalf("period %d: owed %s / %s, want %s", i, owed.Amount, again.Amount, due.Sub(paidSoFar))
			}
			avail := decimal.New(rapid.Int64Range(0, 300000).Draw(rt, fmt.Sprintf("avail%d", i)), -2)
			twin := b.Clone()
			paid, err := tranche.PayChecked(b, top, avail)
			if err != nil {
				rt.Fatal(err)
			}
			paid2, err := tranche.PayChecked(twin, top, avail)
			if err != nil || !paid2.Equal(paid) || twin.Ledger().Len() != b.Ledger().Len() {
				rt.Fatalf("period %d: not deterministic: %s vs %s", i, paid, paid2)
			}
			if want := decimal.Min(owed.Amount, avail); !paid.Equal(want) {
				rt.Fatalf("period %d: paid %s, want min(owed %s, avail %s)", i, paid, owed.Amount, avail)
			}
			paidSoFar = paidSoFar.Add(paid)
		}
	})
}

// TestTakeOrPay_Errors: the take-or-pay of TestTakeOrPay_Pay (three
// years) fails, paying nothing:
//   - in a fourth period, past its schedule (contract.ErrInvalid), in Owed
//     and in Pay;
//   - with a seller the book does not have (tranche.ErrUnknownParty);
//   - written as a literal with terms that fail (a negative price): the
//     error is the statement's, under "terms".
//
// Its arrears event says what is left owed: offered 600 of 1,000, 400.
func TestTakeOrPay_Errors(t *testing.T) {
	terms, ps := topTerms()
	top := tranche.Must(tranche.NewTakeOrPay(tranche.TakeOrPay{Name: "offtake", Seller: "utility", Terms: terms,
		Usage: qty("50", "120", "100"), Periods: ps, Scale: 2}))
	l := newDriver(t, partiesOf("utility", "0")...)
	l.advance(ps[0])
	_, paid := l.pay(top, "600")
	requireDec(t, "600", paid)
	require.Equal(t, "take-or-pay: paid 600 of 1000 owed; 400 in arrears", l.b.Events()[0].Detail)
	past := contract.Period{Index: 3, Start: ps[2].End, End: ps[2].End.AddDate(1, 0, 0)}
	l.advance(ps[1]).advance(ps[2]).advance(past)
	_, err := top.Owed(l.b)
	require.ErrorIs(t, err, contract.ErrInvalid, "Owed")
	_, err = top.Pay(l.b, d("100"))
	require.ErrorIs(t, err, contract.ErrInvalid, "Pay")

	stranger := newDriver(t, partiesOf("LP", "0")...)
	stranger.advance(ps[0])
	_, err = top.Pay(stranger.b, d("100"))
	require.ErrorIs(t, err, tranche.ErrUnknownParty)

	bad := terms
	bad.Price = d("-1")
	lit := &tranche.TakeOrPay{Name: "offtake", Seller: "utility", Terms: bad, Usage: qty("50", "120", "100"), Periods: ps, Scale: 2}
	fresh := newDriver(t, partiesOf("utility", "0")...)
	fresh.advance(ps[0])
	_, err = lit.Owed(fresh.b)
	require.Error(t, err)
	require.NotEmpty(t, paths(err))
	require.Regexp(t, `^terms`, paths(err)[0])
}

// TestTakeOrPay_UnknownSeller offers cash to an obligation whose seller
// the book does not hold: $1,000 is owed in year 0 (50 taken, 50 short,
// at $10), and Pay must fail with ErrUnknownParty, posting and paying
// nothing, rather than report a payment no one received.
func TestTakeOrPay_UnknownSeller(t *testing.T) {
	terms, ps := topTerms()
	top := tranche.Must(tranche.NewTakeOrPay(tranche.TakeOrPay{Name: "offtake", Seller: "utility", Terms: terms,
		Usage: qty("50", "120", "100"), Periods: ps, Scale: 2}))
	l := newDriver(t, partiesOf("stranger", "0")...)
	l.advance(ps[0])
	requireDec(t, "1000", l.owed(top).Amount)
	paid, err := top.Pay(l.b, d("2000"))
	require.ErrorIs(t, err, tranche.ErrUnknownParty)
	require.True(t, paid.IsZero(), "paid %s", paid)
	require.Zero(t, l.b.Ledger().Len())
}
