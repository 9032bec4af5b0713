package waterfall_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/jvwaterfall/jvwaterfall/contract"
	"github.com/jvwaterfall/jvwaterfall/tranche"
	"github.com/jvwaterfall/jvwaterfall/waterfall"
	"github.com/shopspring/decimal"
)

// classesDeal is a fund of two classes of n investors each, A and B, and a
// GP, over P monthly periods from 2020: commitments of $1M–$4M called in
// equal parts over the first fifth of the periods, then distributions of
// 2× commitments in equal parts. Each class has a pref (8%, compounding
// annually) and return of capital; an 80/20 split takes the rest. With
// nested, the classes are paid pari passu through nested sequences:
//
//	Sequence(ProRata(Sequence(prefA, rocA), Sequence(prefB, rocB)), split)
//
// and otherwise through the flat stack of the same claims, each tier over
// both classes:
//
//	Sequence(prefAB, rocAB, split)
//
// Both work out every investor's pref and capital each period and pay the
// same tiers; they differ only in how a shortfall is shared (the nested
// stack shares cash between the classes by their claims, each class then
// paying its pref before its capital; the flat one pays every pref first).
func classesDeal(tb testing.TB, P, n int, nested bool) *waterfall.Deal {
	tb.Helper()
	start := time.Date(2020, 1, 31, 0, 0, 0, 0, time.UTC)
	periods, err := contract.Schedule{Start: start, End: contract.AddMonths(start, P, true), Frequency: contract.EveryMonth, EndOfMonth: true}.Periods()
	if err != nil {
		tb.Fatal(err)
	}
	d := &waterfall.Deal{Name: fmt.Sprintf("classes P=%d n=%d", P, n), Currency: "USD", Scale: 2, Periods: periods}
	var a, b, all []tranche.PartyID
	total := int64(0)
	for i := range 2 * n {
		id := tranche.PartyID(fmt.Sprintf("A%03d", i))
		if i >= n {
			id = tranche.PartyID(fmt.Sprintf("B%03d", i-n))
			b = append(b, id)
		} else {
			a = append(a, id)
		}
		all = append(all, id)
		c := int64(1_000_000 + (i*7919)%30*100_000)
		total += c
		d.Parties = append(d.Parties, waterfall.Party{ID: id, Commitment: decimal.NewFromInt(c)})
	}
	d.Parties = append(d.Parties, waterfall.Party{ID: "GP", Role: waterfall.RoleSponsor})
	nCall := max(1, P/5)
	for i, p := range periods {
		if i < nCall {
			d.Calls = append(d.Calls, waterfall.Call{Date: p.End, Amount: decimal.New(total*100/int64(nCall), -2)})
		} else {
			d.Proceeds = append(d.Proceeds, contract.Flow{Date: p.End, Amount: decimal.New(2*total*100/int64(P-nCall), -2)})
		}
	}
	rate := contract.Rate{Annual: decimal.RequireFromString("0.08"), Compounding: contract.Annual}
	pref := func(name string, ids []tranche.PartyID) tranche.Tranche {
		return tranche.Must(tranche.NewPreferredReturn(tranche.PreferredReturn{Name: tranche.TrancheID(name), Rate: rate, Parties: ids}))
	}
	roc := func(name string, ids []tranche.PartyID) tranche.Tranche {
		return tranche.Must(tranche.NewReturnOfCapital(tranche.ReturnOfCapital{Name: tranche.TrancheID(name), Parties: ids}))
	}
	split := tranche.Must(tranche.NewSplit(tranche.Split{Name: "carry", Shares: []tranche.Share{
		{Parties: all, Weight: decimal.RequireFromString("0.8")},
		{Parties: []tranche.PartyID{"GP"}, Weight: decimal.RequireFromString("0.2"), Promote: true},
	}}))
	if nested {
		d.Stack = tranche.Sequence(tranche.ProRata(
			tranche.Sequence(pref("pref-a", a), roc("capital-a", a)),
			tranche.Sequence(pref("pref-b", b), roc("capital-b", b))), split)
	} else {
		d.Stack = tranche.Sequence(pref("pref", all), roc("capital", all), split)
	}
	return d
}

// BenchmarkNestedStack times the nested stack of classesDeal against its
// flat equivalent, alternately in each iteration (the flat run with the
// timer stopped), at 120 and 1,200 monthly periods and 5 investors a
// class, with the full ledger and with totals only, and reports:
//
//	flat-ns/op   the flat stack's time per run
//	x-flat       the nested stack's time / the flat stack's
//
// ns/op, B/op and allocs/op are the nested stack's alone.
func BenchmarkNestedStack(b *testing.B) {
	for _, mode := range []string{"ledger", "totals"} {
		opts := waterfall.RunOptions{TotalsOnly: mode == "totals"}
		for _, P := range []int{120, 1200} {
			b.Run(fmt.Sprintf("mode=%s/P=%d", mode, P), func(b *testing.B) {
				nested, flat := classesDeal(b, P, 5, true), classesDeal(b, P, 5, false)
				var tn, tf time.Duration
				b.ReportAllocs()
				for b.Loop() {
					start := time.Now()
					if _, err := waterfall.RunWith(nested, opts); err != nil {
						b.Fatal(err)
					}
					tn += time.Since(start)
					b.StopTimer()
					start = time.Now()
					if _, err := waterfall.RunWith(flat, opts); err != nil {
						b.Fatal(err)
					}
					tf += time.Since(start)
					b.StartTimer()
				}
				b.ReportMetric(float64(tf.Nanoseconds())/float64(b.N), "flat-ns/op")
				b.ReportMetric(float64(tn)/float64(tf), "x-flat")
			})
		}
	}
}
