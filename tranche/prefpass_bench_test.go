package tranche

import (
	"fmt"
	"testing"

	"github.com/jvwaterfall/jvwaterfall/contract"
	"github.com/shopspring/decimal"
)

// BenchmarkPrefPass: one pass of the compounding pref over K parties in
// the steady state of workload (a) (every party paid on every date
// after the read), the hurdle states put back after each pass: ns/op is
// the pass alone, and party-ns the pass per party.
func BenchmarkPrefPass(b *testing.B) {
	for _, k := range []int{100, 10_000} {
		for _, today := range []bool{false, true} {
			b.Run(fmt.Sprintf("K=%d/moved-today=%v", k, today), func(b *testing.B) {
				parties := make([]Party, k)
				ids := make([]PartyID, k)
				for i := range parties {
					ids[i] = PartyID(fmt.Sprintf("LP-%05d", i))
					parties[i] = Party{ID: ids[i]}
				}
				rate := contract.Rate{Annual: decimal.New(8, -2), Compounding: contract.Annual, DayCount: contract.ACT365F}
				pref := &PreferredReturn{Name: "pref", Parties: ids, Rate: rate}
				bk, err := NewBook(2, parties)
				if err != nil {
					b.Fatal(err)
				}
				in, out := decimal.New(1_000_000, 0), decimal.New(1_234, -2)
				date := contract.Date(2020, 1, 1)
				for p := range 40 {
					end := date.AddDate(0, 0, 30)
					if err := bk.Advance(contract.Period{Index: p, Start: date, End: end}); err != nil {
						b.Fatal(err)
					}
					date = end
					if p >= 10 && today {
						for _, id := range ids {
							if err := bk.Post(Payment{Tranche: "x", Party: id, Kind: KindProfit, Amount: out}); err != nil {
								b.Fatal(err)
							}
						}
					}
					if p >= 10 {
						if _, _, err := pref.owed(bk, true); err != nil {
							b.Fatal(err)
						}
					}
					for _, id := range ids {
						if p < 10 {
							err = bk.Contribute(id, in)
						} else {
							err = bk.Post(Payment{Tranche: "x", Party: id, Kind: KindProfit, Amount: out})
						}
						if err != nil {
							b.Fatal(err)
						}
					}
				}
				end := date.AddDate(0, 0, 30)
				if err := bk.Advance(contract.Period{Index: 40, Start: date, End: end}); err != nil {
					b.Fatal(err)
				}
				if today {
					for _, id := range ids {
						if err := bk.Post(Payment{Tranche: "x", Party: id, Kind: KindProfit, Amount: out}); err != nil {
							b.Fatal(err)
						}
					}
				}
				hs := bk.rates[bk.slot(rate)].hurdles
				saved := hs.clone()
				for b.Loop() {
					copy(hs.hot, saved.hot)
					if _, _, err := pref.owed(bk, true); err != nil {
						b.Fatal(err)
					}
				}
				b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(k), "party-ns")
			})
		}
	}
}
