package waterfall_test

import (
	"errors"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/jvwaterfall/jvwaterfall/contract"
	"github.com/jvwaterfall/jvwaterfall/internal/alloc"
	"github.com/jvwaterfall/jvwaterfall/tranche"
	"github.com/jvwaterfall/jvwaterfall/waterfall"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"
)

// takeAll is a stack that pays all the cash it is offered to LP.
func takeAll(t *testing.T) tranche.Tranche {
	t.Helper()
	s, err := tranche.NewSplit(tranche.Split{Name: "all", Shares: []tranche.Share{{Parties: []tranche.PartyID{"LP"}, Weight: dec("1")}}})
	require.NoError(t, err)
	return s
}

// stepDeal is a two-year deal (2025, 2026): LP (commitment 1,000) puts in
// 100.00 at the end of 2025, when 250.00 of proceeds come in; the stack
// returns LP's capital and nothing more, so the rest is retained.
func stepDeal(t *testing.T) *waterfall.Deal {
	t.Helper()
	roc, err := tranche.NewReturnOfCapital(tranche.ReturnOfCapital{Name: "capital", Parties: []tranche.PartyID{"LP"}})
	require.NoError(t, err)
	return &waterfall.Deal{
		Name: "step", Currency: "USD", Scale: 2,
		Parties:       []waterfall.Party{{ID: "LP", Commitment: dec("1000")}, {ID: "GP", Role: waterfall.RoleSponsor}, {ID: "MGR", Role: waterfall.RoleOther}},
		Periods:       yearly(t, 2024, 2026),
		Contributions: []waterfall.Contribution{{Date: contract.Date(2025, 12, 31), Party: "LP", Amount: dec("100.00")}},
		Proceeds:      []contract.Flow{{Date: contract.Date(2025, 12, 31), Amount: dec("250.00")}},
		Stack:         roc,
	}
}

// holdBack is a stack that pays nothing and holds amount back at the end
// of every period.
type holdBack struct{ amount decimal.Decimal }

func (h holdBack) ID() tranche.TrancheID { return "hold" }
func (h holdBack) Owed(*tranche.Book) (tranche.Claim, error) {
	return tranche.Claim{Amount: decimal.Zero}, nil
}
func (h holdBack) Pay(*tranche.Book, decimal.Decimal) (decimal.Decimal, error) {
	return decimal.Zero, nil
}
func (h holdBack) ClosePeriod(b *tranche.Book) error {
	return b.Hold(tranche.Holding{Tranche: "hold", Amount: h.amount, Target: h.amount})
}

// TestStepper_NilAndZero: every method of a nil Stepper and of one not
// made by NewStepper answers without a panic: zero, nil or an error
// wrapping contract.ErrRequired.
func TestStepper_NilAndZero(t *testing.T) {
	for name, s := range map[string]*waterfall.Stepper{"nil": nil, "zero": {}} {
		t.Run(name, func(t *testing.T) {
			require.True(t, s.Done())
			require.True(t, s.Carried().IsZero())
			require.True(t, s.Proceeds().IsZero())
			_, err := s.Account("LP")
			require.ErrorIs(t, err, contract.ErrRequired)
			require.Nil(t, s.Holdings())
			_, err = s.Step(waterfall.StepCash{})
			require.ErrorIs(t, err, contract.ErrRequired)
			require.Nil(t, s.Result())
		})
	}
}

// TestStepper_ExtraCostsAndCarried steps stepDeal with a source bringing
// in 40.00 in 2025 and 30.01 of extra costs. By hand:
//
//	Proceeds() before the step = 250.00 + 40.00 = 290.00
//	Costs = 30.01 (the deal has none of its own)
//	Available = 290.00 − 30.01 = 259.99; the stack pays LP's 100.00 back
//	Retained = Carried() = 259.99 − 100.00 = 159.99
//
// and the stack, holding 25.00 back in 2026, shows in Holdings.
func TestStepper_ExtraCostsAndCarried(t *testing.T) {
	d := stepDeal(t)
	d.Sources = []waterfall.Source{fixedSource{name: "contract", in: []decimal.Decimal{dec("40.00"), dec("0")}, out: zeros(2)}}
	s, err := waterfall.NewStepper(d)
	require.NoError(t, err)
	require.Equal(t, "290", s.Proceeds().String())
	out, err := s.Step(waterfall.StepCash{Costs: dec("30.01")})
	require.NoError(t, err)
	sum := out.Summary
	for _, c := range []struct {
		name      string
		got, want decimal.Decimal
	}{
		{"costs", sum.Costs, dec("30.01")}, {"proceeds", sum.Proceeds, dec("290.00")}, {"available", sum.Available, dec("259.99")},
		{"paid", sum.Paid, dec("100.00")}, {"retained", sum.Retained, dec("159.99")}, {"carried", s.Carried(), dec("159.99")},
		{"proceeds of 2026", s.Proceeds(), decimal.Zero},
	} {
		require.True(t, c.got.Equal(c.want), "%s = %s, want %s", c.name, c.got, c.want)
	}
	a, err := s.Account("LP")
	require.NoError(t, err)
	require.Equal(t, "100", a.Contributed.String())
	require.Empty(t, s.Holdings())

	// A stack that holds 25.00 back: the Stepper shows the holding.
	d = stepDeal(t)
	d.Stack = holdBack{amount: dec("25.00")}
	s, err = waterfall.NewStepper(d)
	require.NoError(t, err)
	_, err = s.Step(waterfall.StepCash{})
	require.NoError(t, err)
	h := s.Holdings()
	require.Len(t, h, 1)
	require.Equal(t, tranche.TrancheID("hold"), h[0].Tranche)
	require.True(t, h[0].Amount.Equal(dec("25")))
	require.Equal(t, contract.Date(2025, 12, 31), h[0].Date)
}

// TestNewStepper_Errors: NewStepper does not validate the deal (Run
// does), but it refuses what it cannot run, with the field named and
// without a panic.
func TestNewStepper_Errors(t *testing.T) {
	t.Run("scale", func(t *testing.T) {
		d := stepDeal(t)
		d.Scale = 9
		_, err := waterfall.NewStepper(d)
		require.ErrorIs(t, err, contract.ErrRange)
		require.Equal(t, []string{"scale"}, errPaths(err))
	})
	t.Run("call on nobody with a commitment", func(t *testing.T) {
		d := stepDeal(t)
		d.Parties[0].Commitment = decimal.Zero
		d.Calls = []waterfall.Call{{Date: contract.Date(2025, 12, 31), Amount: dec("10.00")}}
		_, err := waterfall.NewStepper(d)
		require.ErrorIs(t, err, alloc.ErrZeroWeights)
		require.Equal(t, []string{"calls[0]"}, errPaths(err))
	})
	t.Run("call on named parties, none with a commitment", func(t *testing.T) {
		d := stepDeal(t)
		d.Parties[0].Commitment = decimal.Zero
		d.Calls = []waterfall.Call{{Date: contract.Date(2025, 12, 31), Amount: dec("10.00"), Parties: []tranche.PartyID{d.Parties[0].ID}}}
		_, err := waterfall.NewStepper(d)
		require.ErrorIs(t, err, alloc.ErrZeroWeights)
		require.Equal(t, []string{"calls[0]"}, errPaths(err))
	})
	// A flow outside the schedule: an error naming it, not a panic (it
	// was an index out of range before).
	for _, c := range []struct {
		path  string
		spoil func(d *waterfall.Deal, at time.Time)
	}{
		{"contributions[1].date", func(d *waterfall.Deal, at time.Time) {
			d.Contributions = append(d.Contributions, waterfall.Contribution{Date: at, Party: "LP", Amount: dec("1")})
		}},
		{"calls[0].date", func(d *waterfall.Deal, at time.Time) { d.Calls = []waterfall.Call{{Date: at, Amount: dec("1")}} }},
		{"proceeds[1].date", func(d *waterfall.Deal, at time.Time) {
			d.Proceeds = append(d.Proceeds, contract.Flow{Date: at, Amount: dec("1")})
		}},
		{"costs[0].date", func(d *waterfall.Deal, at time.Time) { d.Costs = []contract.Flow{{Date: at, Amount: dec("1")}} }},
	} {
		for _, at := range []time.Time{contract.Date(2024, 12, 31), contract.Date(2027, 1, 1)} {
			t.Run(c.path+" "+at.Format(time.DateOnly), func(t *testing.T) {
				d := stepDeal(t)
				c.spoil(d, at)
				_, err := waterfall.NewStepper(d)
				require.ErrorIs(t, err, contract.ErrRange)
				require.Equal(t, []string{c.path}, errPaths(err))
			})
		}
	}
	t.Run("no parties", func(t *testing.T) {
		d := stepDeal(t)
		d.Parties, d.Contributions = nil, nil
		require.NotPanics(t, func() { _, _ = waterfall.NewStepper(d) })
	})
}

// drawFails is a loan whose draw fails.
type drawFails struct{ holdBack }

func (drawFails) Advance(*tranche.Book) (tranche.PartyID, decimal.Decimal, error) {
	return "", decimal.Zero, errBoom
}

// TestStepper_BookingErrors: what the book refuses in a step — a
// contribution or call naming a party the deal does not have, a period
// ending before the last, a loan's draw that fails, fees nobody can be
// called for, a fee paid to a stranger — fails the step with its cause,
// the period named. NewStepper does not validate, so these reach the
// step; Run refuses them before.
func TestStepper_BookingErrors(t *testing.T) {
	end := contract.Date(2025, 12, 31)
	for _, c := range []struct {
		name  string
		spoil func(d *waterfall.Deal)
		want  error
	}{
		{"contribution by a stranger", func(d *waterfall.Deal) { d.Contributions[0].Party = "X" }, tranche.ErrUnknownParty},
		{"contribution by a stranger on its own date", func(d *waterfall.Deal) {
			d.OwnDates = true
			d.Contributions[0] = waterfall.Contribution{Date: contract.Date(2025, 6, 30), Party: "X", Amount: dec("1")}
		}, tranche.ErrUnknownParty},
		{"call on a stranger", func(d *waterfall.Deal) {
			d.Calls = []waterfall.Call{{Date: end, Amount: dec("5"), Parties: []tranche.PartyID{"LP", "X"}}}
		}, tranche.ErrUnknownParty},
		{"loan draw", func(d *waterfall.Deal) { d.Stack = drawFails{} }, errBoom},
		{"fees nobody can be called for", func(d *waterfall.Deal) {
			d.Parties[0].Commitment = decimal.Zero
			d.Fees = &waterfall.Fees{Expenses: []waterfall.Expense{{Date: end, Amount: dec("1.00"), Payee: "MGR"}}}
		}, alloc.ErrNoWeights},
		{"fee to a stranger", func(d *waterfall.Deal) {
			d.Fees = &waterfall.Fees{Manager: "X", Management: contract.ManagementFee{CommitmentRate: dec("0.02"), PeriodsPerYear: 1}}
		}, tranche.ErrUnknownParty},
		{"a stack failing on an earlier date", func(d *waterfall.Deal) {
			// 100.00 on 30 June is paid then, and the stack fails; the
			// 100.00 of costs at the end leave nothing to pay at the end.
			d.OwnDates = true
			d.Stack = breaking{"pay"}
			d.Proceeds = []contract.Flow{{Date: contract.Date(2025, 6, 30), Amount: dec("100")}}
			d.Costs = []contract.Flow{{Date: end, Amount: dec("100")}}
		}, errBoom},
	} {
		t.Run(c.name, func(t *testing.T) {
			d := stepDeal(t)
			c.spoil(d)
			s, err := waterfall.NewStepper(d)
			require.NoError(t, err)
			_, err = s.Step(waterfall.StepCash{})
			require.ErrorIs(t, err, c.want)
			var pe *waterfall.PeriodError
			require.ErrorAs(t, err, &pe)
			require.Equal(t, 0, pe.Period)
			// The step stopped half done: every later Step returns the
			// same error (TestStepper_BrokenStaysBroken).
			_, again := s.Step(waterfall.StepCash{})
			require.Equal(t, err, again)
			require.False(t, s.Done())
		})
	}
	t.Run("a date already passed", func(t *testing.T) {
		// The stack moves the book's date to the period's end and pays
		// there on 31 March; LP's contribution of 30 June then comes
		// after a payment dated later.
		d := stepDeal(t)
		d.OwnDates = true
		d.Stack = jumpAhead{to: end}
		d.Proceeds = []contract.Flow{{Date: contract.Date(2025, 3, 31), Amount: dec("10")}}
		d.Contributions[0].Date = contract.Date(2025, 6, 30)
		s, err := waterfall.NewStepper(d)
		require.NoError(t, err)
		_, err = s.Step(waterfall.StepCash{})
		require.ErrorIs(t, err, contract.ErrOrder)
		require.ErrorContains(t, err, "date 2025-06-30 is before 2025-12-31, already booked")
	})
	t.Run("periods out of order", func(t *testing.T) {
		d := stepDeal(t)
		d.Contributions, d.Proceeds = nil, nil
		d.Periods[1] = contract.Period{Index: 1, Start: contract.Date(2024, 6, 30), End: contract.Date(2025, 6, 30)}
		s, err := waterfall.NewStepper(d)
		require.NoError(t, err)
		_, err = s.Step(waterfall.StepCash{})
		require.NoError(t, err)
		_, err = s.Step(waterfall.StepCash{})
		require.ErrorIs(t, err, contract.ErrOrder)
	})
}

// jumpAhead is a stack that moves the book's date to its date and pays
// LP all it is offered there.
type jumpAhead struct{ to time.Time }

func (j jumpAhead) ID() tranche.TrancheID { return "jump" }
func (j jumpAhead) Owed(*tranche.Book) (tranche.Claim, error) {
	return tranche.Claim{Unbounded: true}, nil
}
func (j jumpAhead) Pay(b *tranche.Book, avail decimal.Decimal) (decimal.Decimal, error) {
	if err := b.SetDate(j.to); err != nil {
		return decimal.Zero, err
	}
	return avail, b.Post(tranche.Payment{Tranche: "jump", Party: "LP", Kind: tranche.KindProfit, Amount: avail, Before: avail, After: decimal.Zero})
}

// payLog is a stack that pays LP all it is offered and logs each offer.
type payLog struct{ offers *[]string }

func (p payLog) ID() tranche.TrancheID { return "log" }
func (p payLog) Owed(*tranche.Book) (tranche.Claim, error) {
	return tranche.Claim{Amount: decimal.NewFromInt(1 << 40)}, nil
}
func (p payLog) Pay(b *tranche.Book, avail decimal.Decimal) (decimal.Decimal, error) {
	*p.offers = append(*p.offers, avail.StringFixed(2))
	if avail.Sign() <= 0 {
		return decimal.Zero, nil
	}
	return avail, b.Post(tranche.Payment{Tranche: "log", Party: "LP", Kind: tranche.KindProfit, Amount: avail, Before: avail, After: decimal.Zero})
}

// TestStepper_OwnDatesEarlyCash: with OwnDates each date's cash is paid on
// it and what is paid is gone. Flows of 2025 and, by hand, the cash each
// date offers the stack (cash carried from the date before + the date's
// proceeds − its costs):
//
//	03-31  cost      40.00  →  −40.00: nothing paid
//	04-30  proceeds  40.00  →    0.00: nothing offered
//	06-30  proceeds 100.00  →  100.00 paid
//	08-31  cost      30.01  →  −30.01: nothing paid
//	09-30  proceeds  50.03  →   20.02 paid
//	12-31  proceeds  10.00  →   10.00 paid
//
// Paid = 130.02 = proceeds 200.03 − costs 70.01; Retained = 0.
func TestStepper_OwnDatesEarlyCash(t *testing.T) {
	var offers []string
	d := stepDeal(t)
	d.OwnDates, d.Contributions = true, nil
	d.Stack = payLog{offers: &offers}
	d.Proceeds = []contract.Flow{{Date: contract.Date(2025, 4, 30), Amount: dec("40.00")}, {Date: contract.Date(2025, 6, 30), Amount: dec("100.00")},
		{Date: contract.Date(2025, 9, 30), Amount: dec("50.03")}, {Date: contract.Date(2025, 12, 31), Amount: dec("10")}}
	d.Costs = []contract.Flow{{Date: contract.Date(2025, 3, 31), Amount: dec("40.00")}, {Date: contract.Date(2025, 8, 31), Amount: dec("30.01")}}
	s, err := waterfall.NewStepper(d)
	require.NoError(t, err)
	out, err := s.Step(waterfall.StepCash{})
	require.NoError(t, err)
	require.Equal(t, []string{"100.00", "20.02", "10.00"}, offers)
	type paid struct {
		Date   time.Time
		Amount string
	}
	var got []paid
	for p := range out.Payments.Values() {
		got = append(got, paid{p.Date, p.Amount.StringFixed(2)})
	}
	want := []paid{{contract.Date(2025, 6, 30), "100.00"}, {contract.Date(2025, 9, 30), "20.02"}, {contract.Date(2025, 12, 31), "10.00"}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Fatalf("payments (-want +got):\n%s", diff)
	}
	require.True(t, out.Summary.Paid.Equal(dec("130.02")), "paid %s", out.Summary.Paid)
	require.True(t, out.Summary.Available.Equal(dec("130.02")), "available %s", out.Summary.Available)
	require.True(t, out.Summary.Retained.IsZero(), "retained %s", out.Summary.Retained)
}

// TestPeriodError_Message: a PeriodError reads "period N (date): " and
// its error, which it unwraps; a nil one reads "<nil>" and unwraps to nil.
func TestPeriodError_Message(t *testing.T) {
	e := &waterfall.PeriodError{Period: 1, Date: contract.Date(2026, 12, 31), Err: errBoom}
	require.Equal(t, "period 1 (2026-12-31): boom", e.Error())
	require.True(t, errors.Is(e, errBoom))
	var nilErr *waterfall.PeriodError
	require.Equal(t, "<nil>", nilErr.Error())
	require.NoError(t, nilErr.Unwrap())
}

// TestStepper_NoPeriods: a Stepper over a schedule with no periods is done
// at once, and its Result has no period summaries: nil, as a Result that
// summarized nothing, not an empty list made for them.
func TestStepper_NoPeriods(t *testing.T) {
	d := stepDeal(t)
	d.Periods, d.Contributions, d.Proceeds = nil, nil, nil
	s, err := waterfall.NewStepper(d)
	require.NoError(t, err)
	require.True(t, s.Done())
	res := s.Result()
	require.NotNil(t, res)
	require.Nil(t, res.Periods)
}

// TestStepper_HeldMoreThanRetained: a stack may hold back no more than
// the cash retained. stepDeal retains all of its 250.00 in 2025 under a
// stack that pays nothing: holding 250.00 back is allowed, 250.01 is not;
// with no proceeds nothing is retained and holding 0.01 is not allowed.
func TestStepper_HeldMoreThanRetained(t *testing.T) {
	for _, c := range []struct {
		hold, proceeds string
		ok             bool
	}{{"250.00", "250.00", true}, {"250.01", "250.00", false}, {"300", "250.00", false}, {"0.01", "", false}} {
		d := stepDeal(t)
		d.Stack = holdBack{amount: dec(c.hold)}
		if c.proceeds == "" {
			d.Proceeds = nil
		}
		s, err := waterfall.NewStepper(d)
		require.NoError(t, err)
		_, err = s.Step(waterfall.StepCash{}) // 2025
		if c.ok {
			require.NoError(t, err, "hold %s of %s", c.hold, c.proceeds)
			continue
		}
		require.ErrorIs(t, err, tranche.ErrInvariant, "hold %s of %s", c.hold, c.proceeds)
		require.ErrorContains(t, err, "held "+c.hold+" is more than retained")
	}
}
