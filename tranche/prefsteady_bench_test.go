package tranche

import (
	"fmt"
	"testing"
	"time"

	"github.com/jvwaterfall/jvwaterfall/contract"
	"github.com/shopspring/decimal"
)

// BenchmarkPref_Owed: the compounding pref's owed over K parties, read
// once a period for P periods after its parties contributed for P/5
// periods, as workload (a) reads it, with a profit paid to every party
// after each read (the date's moves taken after the read). ns/op is one
// run of the P periods, the book's posting included; owed-ns/op the
// time in owed alone.
func BenchmarkPref_Owed(b *testing.B) {
	for _, g := range []struct{ P, K int }{{120, 100}, {120, 10_000}} {
		b.Run(fmt.Sprintf("P=%d/K=%d", g.P, g.K), func(b *testing.B) {
			parties := make([]Party, g.K)
			ids := make([]PartyID, g.K)
			for i := range parties {
				ids[i] = PartyID(fmt.Sprintf("LP-%05d", i))
				parties[i] = Party{ID: ids[i]}
			}
			rate := contract.Rate{Annual: decimal.New(8, -2), Compounding: contract.Annual, DayCount: contract.ACT365F}
			pref := &PreferredReturn{Name: "pref", Parties: ids, Rate: rate}
			in, out := decimal.New(1_000_000, 0), decimal.New(1_234, -2)
			b.ReportAllocs()
			var owed time.Duration
			for b.Loop() {
				bk, err := NewBook(2, parties)
				if err != nil {
					b.Fatal(err)
				}
				date := contract.Date(2020, 1, 1)
				for p := range g.P {
					end := date.AddDate(0, 0, 30)
					if err := bk.Advance(contract.Period{Index: p, Start: date, End: end}); err != nil {
						b.Fatal(err)
					}
					date = end
					for _, id := range ids {
						if p < g.P/5 {
							err = bk.Contribute(id, in)
						} else {
							err = bk.Post(Payment{Tranche: "x", Party: id, Kind: KindProfit, Amount: out})
						}
						if err != nil {
							b.Fatal(err)
						}
					}
					if p >= g.P/5 {
						start := time.Now()
						if _, _, err := pref.owed(bk, true); err != nil {
							b.Fatal(err)
						}
						owed += time.Since(start)
					}
				}
			}
			b.ReportMetric(float64(owed.Nanoseconds())/float64(b.N), "owed-ns/op")
		})
	}
}
