package tranche_test

import (
	"fmt"
	"testing"

	"github.com/jvwaterfall/jvwaterfall/contract"
	"github.com/jvwaterfall/jvwaterfall/tranche"
	"github.com/shopspring/decimal"
)

// BenchmarkHurdle_Pay runs 40 quarterly periods of a stack with a pref and
// three IRR tiers over 20 pari passu investors and a promote.
func BenchmarkHurdle_Pay(b *testing.B) {
	var parties []tranche.Party
	var investors []tranche.PartyID
	for i := range 20 {
		id := tranche.PartyID(fmt.Sprintf("LP%02d", i))
		parties = append(parties, tranche.Party{ID: id, Commitment: decimal.NewFromInt(int64(1000000 + 50000*i))})
		investors = append(investors, id)
	}
	parties = append(parties, tranche.Party{ID: "GP"})
	roc := tranche.Must(tranche.NewReturnOfCapital(tranche.ReturnOfCapital{Name: "roc", Parties: investors}))
	pref := tranche.Must(tranche.NewPreferredReturn(tranche.PreferredReturn{Name: "pref", Rate: annual("0.08"), Parties: investors}))
	stack := []tranche.Tranche{roc, pref}
	for j, r := range []string{"0.12", "0.15", "0.2"} {
		w := decimal.New(int64(80-10*j), -2)
		h := tranche.Must(tranche.NewHurdle(tranche.Hurdle{
			Name:      tranche.TrancheID("t" + r),
			Rate:      annual(r),
			Investors: investors,
			Shares: []tranche.Share{
				{Parties: investors, Weight: w},
				{Parties: []tranche.PartyID{"GP"}, Weight: decimal.NewFromInt(1).Sub(w), Promote: true},
			},
		}))
		stack = append(stack, h)
	}
	rest := tranche.Must(tranche.NewSplit(tranche.Split{
		Name: "rest",
		Shares: []tranche.Share{
			{Parties: investors, Weight: d("0.5")},
			{Parties: []tranche.PartyID{"GP"}, Weight: d("0.5"), Promote: true},
		},
	}))
	seq := tranche.Sequence(append(stack, rest)...)
	periods, _ := contract.Schedule{Start: contract.Date(2019, 12, 31), End: contract.Date(2029, 12, 31), Frequency: contract.EveryQuarter, EndOfMonth: true}.Periods()
	cash := decimal.NewFromInt(1500000)
	b.ReportAllocs()
	for b.Loop() {
		bk, _ := tranche.NewBook(2, parties)
		for i, p := range periods {
			_ = bk.Advance(p)
			if i == 0 {
				for _, pt := range parties[:20] {
					_ = bk.Contribute(pt.ID, pt.Commitment)
				}
				continue
			}
			if _, err := tranche.PayChecked(bk, seq, cash); err != nil {
				b.Fatal(err)
			}
		}
	}
}
