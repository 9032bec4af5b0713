package contract

import (
	"testing"

	"github.com/shopspring/decimal"
)

// TestEscalator_MatchesFactor: the year-by-year escalator gives exactly
// Factor(k), from scratch, for every year and in any order of asking,
// with a rate and with an index path, and the same errors.
func TestEscalator_MatchesFactor(t *testing.T) {
	for _, e := range []Escalation{
		{},
		{Rate: decimal.RequireFromString("0.025")},
		{Rate: decimal.RequireFromString("-0.0333333")},
		{Index: []decimal.Decimal{decimal.RequireFromString("100"), decimal.RequireFromString("103.7"), decimal.RequireFromString("99.1")}},
	} {
		x := newEscalator(e)
		for _, k := range []int{0, 5, 2, 40, 39, 1000, 3, 1001, -1} {
			want, wantErr := e.Factor(k)
			got, err := x.factor(k)
			if (err == nil) != (wantErr == nil) || !got.Equal(want) {
				t.Fatalf("%+v year %d: escalator %s (%v), Factor %s (%v)", e, k, got, err, want, wantErr)
			}
		}
	}
}

// BenchmarkOpex_Costs shows escalating costs are linear in the periods:
// ns/op at 12,000 monthly periods is about 10 times that at 1,200 (each
// year's factor is computed once, not once a period from year 0).
func BenchmarkOpex_Costs(b *testing.B) {
	for _, n := range []int{1200, 12000} {
		b.Run(decimal.NewFromInt(int64(n)).String(), func(b *testing.B) {
			periods, err := Schedule{Start: Date(2000, 1, 31), End: AddMonths(Date(2000, 1, 31), n, true),
				Frequency: EveryMonth, EndOfMonth: true}.Periods()
			if err != nil {
				b.Fatal(err)
			}
			o := Opex{Annual: decimal.RequireFromString("1200000"), Start: Date(2000, 1, 31),
				Escalation: Escalation{Rate: decimal.RequireFromString("0.03")}}
			b.ReportAllocs()
			for b.Loop() {
				if _, err := o.Costs(periods, 2); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
