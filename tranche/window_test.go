package tranche_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/jvwaterfall/jvwaterfall/contract"
	"github.com/jvwaterfall/jvwaterfall/tranche"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"
)

// TestWindow_Pay: capital returned only from 2023 on; before, the split
// takes everything (80/20), and the capital stays owed.
func TestWindow_Pay(t *testing.T) {
	roc := tranche.Window(contract.Date(2023, 1, 1), time.Time{}, mustROC(t, "LP"))
	stack := tranche.Sequence(roc, mustSplit(t, "rest", "0.8"))
	drive(t, lpGP, contract.Date(2020, 12, 31), stack, lpSteps("100", "1200"), func(b *tranche.Book, i int) {
		switch i {
		case 1: // 2022-01-01: window shut
			claim, err := roc.Owed(b)
			require.NoError(t, err)
			requireDec(t, "0", claim.Amount)
			requireDec(t, "80", paid(b, "rest", "LP"))
		case 2: // 2023-01-01: 1000 of capital, 200 split 160/40
			requireDec(t, "1000", paid(b, "roc", "LP"))
			requireDec(t, "240", paid(b, "rest", "LP"))
			requireDec(t, "60", paid(b, "rest", "GP"))
		}
	})
	// A window that closes: capital only up to 2022-01-01.
	closing := tranche.Window(time.Time{}, contract.Date(2022, 1, 1), mustROC(t, "LP"))
	b := drive(t, lpGP, contract.Date(2020, 12, 31), tranche.Sequence(closing, mustSplit(t, "rest", "0.8")), lpSteps("600", "1000"), nil)
	requireDec(t, "600", paid(b, "roc", "LP"))
	requireDec(t, "800", paid(b, "rest", "LP"))
}

func TestWindow_Validate(t *testing.T) {
	err := tranche.Validate(tranche.Window(contract.Date(2023, 1, 1), contract.Date(2022, 1, 1), mustROC(t, "LP")))
	require.ErrorIs(t, err, contract.ErrOrder)
	require.ErrorContains(t, err, "to: ")
	require.ErrorIs(t, tranche.Validate(tranche.Window(time.Time{}, time.Time{}, nil)), contract.ErrInvalid)
}

// Capital comes back only from a sale on 2025-01-01; the years before, all
// cash flow is split 70/30 (the re-book-straight-split-70-30 reference).
func ExampleWindow() {
	d := decimal.RequireFromString
	roc := tranche.Must(tranche.NewReturnOfCapital(tranche.ReturnOfCapital{Name: "capital", Parties: []tranche.PartyID{"A"}}))
	split := tranche.Must(tranche.NewSplit(tranche.Split{
		Name: "70/30",
		Shares: []tranche.Share{
			{Parties: []tranche.PartyID{"A"}, Weight: d("0.7")},
			{Parties: []tranche.PartyID{"B"}, Weight: d("0.3"), Promote: true},
		},
	}))
	stack := tranche.Sequence(tranche.Window(contract.Date(2025, 1, 1), time.Time{}, roc), split)

	b, _ := tranche.NewBook(0, []tranche.Party{{ID: "A", Commitment: d("10000000")}, {ID: "B"}})
	_ = b.Advance(contract.Period{Index: 0, Start: contract.Date(2019, 1, 1), End: contract.Date(2020, 1, 1)})
	_ = b.Contribute("A", d("10000000"))
	for i, cash := range []string{"1000000", "1000000", "1000000", "1000000", "16000000"} {
		_ = b.Advance(contract.Period{Index: i + 1, Start: contract.Date(2020+i, 1, 1), End: contract.Date(2021+i, 1, 1)})
		n := b.Ledger().Len()
		if _, err := tranche.PayChecked(b, stack, d(cash)); err != nil {
			fmt.Println(err)
			return
		}
		fmt.Print(b.Date().Year(), ":")
		for _, p := range paysFrom(b, n) {
			fmt.Printf(" %s %s %s", p.Party, p.Kind, p.Amount)
		}
		fmt.Println()
	}
	// Output:
	// 2021: A profit 700000 B promote 300000
	// 2022: A profit 700000 B promote 300000
	// 2023: A profit 700000 B promote 300000
	// 2024: A profit 700000 B promote 300000
	// 2025: A capital 10000000 A profit 4200000 B promote 1800000
}

// TestWindow_ClosedRefusesBadCash: a shut window pays nothing, but cash
// in fractions of a cent is still an error (ErrNotQuantized), as it is
// for every tranche.
func TestWindow_ClosedRefusesBadCash(t *testing.T) {
	w := tranche.Window(contract.Date(2030, 1, 1), time.Time{}, mustROC(t, "LP"))
	l := newDriver(t, partiesOf("LP", "1")...).open(jan21).put("LP", "100").at(jan22)
	paid, err := w.Pay(l.b, d("10"))
	require.NoError(t, err)
	requireDec(t, "0", paid)
	_, err = w.Pay(l.b, d("0.001"))
	require.ErrorIs(t, err, tranche.ErrNotQuantized)
}
