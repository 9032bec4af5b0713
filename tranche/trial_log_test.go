package tranche

import (
	"testing"

	"github.com/jvwaterfall/jvwaterfall/contract"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"
)

// TestTrial_LogEmptyOutsideTrials: the trial log saves what a trial is
// about to change, so it holds nothing while no trial is open, however
// often the book replays hurdle balances and simple accruals outside
// one; and every trial's undo empties what it saved. A log that saved
// outside trials would grow with every query of a long run and never be
// emptied.
func TestTrial_LogEmptyOutsideTrials(t *testing.T) {
	b, err := NewBook(2, []Party{{ID: "LP", Commitment: decimal.NewFromInt(1000)}, {ID: "GP"}})
	require.NoError(t, err)
	rates := []contract.Rate{
		{Annual: decimal.RequireFromString("0.08"), Compounding: contract.Simple, DayCount: contract.ACT365F},
		{Annual: decimal.RequireFromString("0.12"), Compounding: contract.Annual, DayCount: contract.ACT365F},
	}
	query := func() {
		for _, r := range rates {
			_, err := b.Hurdle("LP", r)
			require.NoError(t, err)
			_, err = b.SimpleAccrued("LP", r)
			require.NoError(t, err)
		}
	}
	empty := func(when string) {
		require.Empty(t, b.tr.serials, when)
		require.Empty(t, b.tr.hurdles, when)
		require.Empty(t, b.tr.simple, when)
		require.Empty(t, b.tr.accs, when)
		require.Empty(t, b.tr.paid, when)
		require.Empty(t, b.tr.states, when)
	}
	for y := range 3 {
		require.NoError(t, b.Advance(contract.Period{Index: y, Start: contract.Date(2020+y, 1, 1), End: contract.Date(2021+y, 1, 1)}))
		if y == 0 {
			require.NoError(t, b.Contribute("LP", decimal.NewFromInt(1000)))
		}
		query()
		empty("after queries outside a trial")
		var saved int
		require.NoError(t, b.try(func() error {
			if err := b.Post(Payment{Tranche: "x", Party: "LP", Kind: KindCapital, Amount: decimal.RequireFromString("10.01")}); err != nil {
				return err
			}
			query()
			saved = len(b.tr.hurdles) + len(b.tr.simple)
			return nil
		}))
		require.Positive(t, saved, "a trial that moves the party saves its caches")
		empty("after a trial")
		require.NoError(t, b.Post(Payment{Tranche: "x", Party: "LP", Kind: KindCapital, Amount: decimal.RequireFromString("20.02")}))
		query()
		empty("after a payment and queries outside a trial")
	}
}
