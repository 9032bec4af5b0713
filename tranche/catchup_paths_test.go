package tranche

import (
	"testing"

	"github.com/jvwaterfall/jvwaterfall/contract"
	"github.com/shopspring/decimal"
	"pgregory.net/rapid"
)

// TestCatchUp_IntAndDecPathsAgree: the catch-up owed in 128-bit integers
// (owedInt) and in big integers (owedDec, for amounts beyond int64) are
// the same search and give the same amount, under each rounding policy.
func TestCatchUp_IntAndDecPathsAgree(t *testing.T) {
	rapid.Check(t, func(rt *rapid.T) {
		k := rapid.Int64Range(1, 98).Draw(rt, "target")
		c := rapid.Int64Range(k+1, 100).Draw(rt, "rate")
		cu := &CatchUp{Name: "cu", Investors: []PartyID{"LP"}, Sponsor: "GP", Target: decimal.New(k, -2), Rate: decimal.New(c, -2)}
		b, err := NewBook(2, []Party{{ID: "LP", Commitment: decimal.NewFromInt(1)}, {ID: "GP"}})
		if err != nil {
			rt.Fatal(err)
		}
		b.SetRounding(Rounding(rapid.IntRange(0, 1).Draw(rt, "policy")))
		if err := b.Advance(contract.Period{Index: 0, Start: contract.Date(2020, 1, 1), End: contract.Date(2021, 1, 1)}); err != nil {
			rt.Fatal(err)
		}
		post := func(p PartyID, kind Kind, cents int64) {
			if cents == 0 {
				return
			}
			if err := b.Post(Payment{Tranche: "x", Party: p, Kind: kind, Amount: decimal.New(cents, -2)}); err != nil {
				rt.Fatal(err)
			}
		}
		post("LP", KindProfit, rapid.Int64Range(0, 1_000_000_000).Draw(rt, "profit"))
		post("GP", KindPromote, rapid.Int64Range(0, 100_000_000).Draw(rt, "promote"))
		x, ok, err := cu.owedInt(b)
		if err != nil || !ok {
			rt.Fatalf("owedInt: %v, ok %v", err, ok)
		}
		y, err := cu.owedDec(b)
		if err != nil {
			rt.Fatal(err)
		}
		if !x.dec(2).Equal(y) {
			rt.Fatalf("owedInt %s, owedDec %s", x.dec(2), y)
		}
	})
}
