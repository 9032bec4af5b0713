package waterfall_test

import (
	"errors"
	"testing"

	"github.com/jvwaterfall/jvwaterfall/contract"
	"github.com/jvwaterfall/jvwaterfall/tranche"
	"github.com/jvwaterfall/jvwaterfall/waterfall"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"
)

var errBoom = errors.New("boom")

// breaking is a stack that fails in Pay or in closing the period.
type breaking struct{ in string }

func (b breaking) ID() tranche.TrancheID { return "breaking" }
func (b breaking) Owed(*tranche.Book) (tranche.Claim, error) {
	return tranche.Claim{Amount: decimal.NewFromInt(1)}, nil
}
func (b breaking) Pay(*tranche.Book, decimal.Decimal) (decimal.Decimal, error) {
	if b.in == "pay" {
		return decimal.Zero, errBoom
	}
	return decimal.Zero, nil
}
func (b breaking) ClosePeriod(*tranche.Book) error {
	if b.in == "close" {
		return errBoom
	}
	return nil
}

// failingSource fails, or answers for the wrong number of periods.
type failingSource struct{ short bool }

func (s failingSource) Name() string { return "broken" }
func (s failingSource) Cash(periods []contract.Period) ([]waterfall.SourceCash, error) {
	if s.short {
		return make([]waterfall.SourceCash, len(periods)-1), nil
	}
	return nil, errBoom
}

// TestRun_PassesOnErrors: a stack that fails in Pay or in closing a
// period, and a source that fails, fail the run with their error, the
// period named (a PeriodError) for the stack's, the source's path for the
// source's; in Run, RunWith totals-only and a Stepper alike.
func TestRun_PassesOnErrors(t *testing.T) {
	periods, err := contract.Explicit(contract.Date(2024, 1, 1), contract.Date(2025, 1, 1), contract.Date(2026, 1, 1))
	require.NoError(t, err)
	deal := func(stack tranche.Tranche, sources ...waterfall.Source) *waterfall.Deal {
		return &waterfall.Deal{Name: "broken", Currency: "USD", Scale: 2, Parties: []waterfall.Party{{ID: "LP"}}, Periods: periods,
			Proceeds: []contract.Flow{{Date: periods[1].End, Amount: decimal.NewFromInt(100)}}, Stack: stack, Sources: sources}
	}
	for _, tc := range []struct {
		name   string
		deal   *waterfall.Deal
		period int // -1: not a period's error
		want   error
	}{
		{"pay", deal(breaking{"pay"}), 1, errBoom},
		{"close", deal(breaking{"close"}), 0, errBoom},
		{"source", deal(breaking{}, failingSource{}), -1, errBoom},
		{"short source", deal(breaking{}, failingSource{short: true}), -1, tranche.ErrInvariant},
	} {
		t.Run(tc.name, func(t *testing.T) {
			for _, opts := range []waterfall.RunOptions{{}, {TotalsOnly: true}} {
				res, err := waterfall.RunWith(tc.deal, opts)
				require.ErrorIs(t, err, tc.want)
				require.Nil(t, res)
				var pe *waterfall.PeriodError
				if tc.period >= 0 {
					require.ErrorAs(t, err, &pe)
					require.Equal(t, tc.period, pe.Period)
				} else {
					require.False(t, errors.As(err, &pe), "a source's error is not a period's: %v", err)
					require.ErrorContains(t, err, "sources[0]")
				}
			}
			s, err := waterfall.NewStepper(tc.deal)
			if tc.period < 0 {
				require.ErrorIs(t, err, tc.want)
				return
			}
			require.NoError(t, err)
			for i := 0; i < tc.period; i++ {
				_, err := s.Step(waterfall.StepCash{})
				require.NoError(t, err)
			}
			_, err = s.Step(waterfall.StepCash{})
			require.ErrorIs(t, err, tc.want)
		})
	}
}

// lying is a stack that says it paid other than it posted: 10.00 said,
// 9.00 posted in Pay, or a payment posted while closing the period.
type lying struct{ inClose bool }

func (l lying) ID() tranche.TrancheID { return "lying" }
func (l lying) Owed(*tranche.Book) (tranche.Claim, error) {
	return tranche.Claim{Amount: decimal.NewFromInt(10)}, nil
}
func (l lying) Pay(b *tranche.Book, avail decimal.Decimal) (decimal.Decimal, error) {
	if l.inClose {
		return decimal.Zero, nil
	}
	return decimal.NewFromInt(10), b.Post(tranche.Payment{Tranche: "lying", Party: "LP1", Kind: tranche.KindProfit, Amount: decimal.NewFromInt(9)})
}
func (l lying) ClosePeriod(b *tranche.Book) error {
	if !l.inClose {
		return nil
	}
	return b.Post(tranche.Payment{Tranche: "lying", Party: "LP1", Kind: tranche.KindProfit, Amount: decimal.NewFromInt(1)})
}

// TestRun_LyingStackFailsInBothModes: the book counts what a stack posts
// as it posts it, with the ledger and without, so a stack that says it
// paid 10.00 and posted 9.00, or that posts while closing the period,
// breaks the run with ErrInvariant in the period it lied, totals-only
// runs included.
func TestRun_LyingStackFailsInBothModes(t *testing.T) {
	for _, inClose := range []bool{false, true} {
		for _, opts := range []waterfall.RunOptions{{}, {TotalsOnly: true}} {
			d := validDeal(t)
			d.Stack = lying{inClose: inClose}
			_, err := waterfall.RunWith(d, opts)
			require.ErrorIs(t, err, tranche.ErrInvariant, "in close %v, %+v", inClose, opts)
			var pe *waterfall.PeriodError
			require.ErrorAs(t, err, &pe, "in close %v, %+v", inClose, opts)
		}
	}
}

// failsOnce is a tranche whose first Pay fails and whose later ones pay
// nothing.
type failsOnce struct{ failed *bool }

func (f failsOnce) ID() tranche.TrancheID { return "once" }
func (f failsOnce) Owed(*tranche.Book) (tranche.Claim, error) {
	return tranche.Claim{Amount: decimal.Zero}, nil
}
func (f failsOnce) Pay(*tranche.Book, decimal.Decimal) (decimal.Decimal, error) {
	if !*f.failed {
		*f.failed = true
		return decimal.Zero, errBoom
	}
	return decimal.Zero, nil
}

// TestStepper_BrokenStaysBroken: a step that fails half done (its
// contributions booked, its stack failing) leaves the Stepper broken:
// every later Step returns that error. Before, a second Step ran the
// same period again on the half-moved book, booked its contributions a
// second time and succeeded.
func TestStepper_BrokenStaysBroken(t *testing.T) {
	d := stepDeal(t)
	d.Stack = failsOnce{new(bool)}
	s, err := waterfall.NewStepper(d)
	require.NoError(t, err)
	_, err = s.Step(waterfall.StepCash{})
	require.ErrorIs(t, err, errBoom)
	for range 2 {
		_, again := s.Step(waterfall.StepCash{})
		require.Equal(t, err, again)
	}
}
