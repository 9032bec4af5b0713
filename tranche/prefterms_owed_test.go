package tranche_test

import (
	"reflect"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/jvwaterfall/jvwaterfall/contract"
	"github.com/jvwaterfall/jvwaterfall/tranche"
	"github.com/stretchr/testify/require"
)

// TestPreferredReturn_OwedOnContributedIsPure: Owed of a cumulative pref on
// contributed capital leaves the book as it was. It used to store its
// accrual in the book ([tranche.Book.State]), so that a book on which Owed
// had been called differed from one on which it had not. The LP puts in
// 1,000 on 2021-01-01; at 8% a year, 2022-01-01 is one year on ACT/365F
// (365 days) and on 30/360, so 80 is owed, simple or compounding; paid 50,
// 30 is still owed.
func TestPreferredReturn_OwedOnContributedIsPure(t *testing.T) {
	for _, comp := range []contract.Compounding{contract.Simple, contract.Annual} {
		t.Run(comp.String(), func(t *testing.T) {
			pref := must(tranche.NewPreferredReturn(tranche.PreferredReturn{
				Name:    "pref",
				Rate:    contract.Rate{Annual: dec("0.08"), Compounding: comp, DayCount: contract.ACT365F},
				Parties: []tranche.PartyID{"LP"},
			}))
			pref.Base = tranche.OnContributed
			b, err := tranche.NewBook(2, lpGP)
			require.NoError(t, err)
			require.NoError(t, b.Advance(contract.Period{Index: 0, Start: contract.Date(2020, 12, 31), End: contract.Date(2021, 1, 1)}))
			require.NoError(t, b.Contribute("LP", dec("1000")))
			require.NoError(t, b.Advance(contract.Period{Index: 1, Start: contract.Date(2021, 1, 1), End: contract.Date(2022, 1, 1)}))

			before := b.State("pref")
			owed, err := pref.Owed(b)
			require.NoError(t, err)
			requireDec(t, "80", owed.Amount)
			require.Nil(t, before)
			require.Nil(t, b.State("pref"), "Owed stored state")

			// Pay 50, then Owed: the book is the one Pay alone leaves.
			with, without := b.Clone(), b.Clone()
			for _, bk := range []*tranche.Book{with, without} {
				paid, err := tranche.PayChecked(bk, pref, dec("50"))
				require.NoError(t, err)
				requireDec(t, "50", paid)
			}
			after, err := pref.Owed(with)
			require.NoError(t, err)
			requireDec(t, "30", after.Amount)
			if d := cmp.Diff(without.State("pref"), with.State("pref"), cmp.Exporter(func(reflect.Type) bool { return true })); d != "" {
				t.Errorf("Owed changed the state (-without +with):\n%s", d)
			}
		})
	}
}
