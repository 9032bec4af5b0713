package waterfall_test

import (
	"testing"

	"github.com/jvwaterfall/jvwaterfall/contract"
	"github.com/jvwaterfall/jvwaterfall/waterfall"
	"github.com/shopspring/decimal"
	"pgregory.net/rapid"
)

// oddExponent draws a source's amount in whole cents written at any
// exponent a decimal may carry: zeros at exponents 1 to −4, amounts
// without cents, with cents, with a third decimal that is zero.
func oddExponent(t *rapid.T, label string) decimal.Decimal {
	c := rapid.Int64Range(1, 20_000_000).Draw(t, label)
	switch rapid.IntRange(0, 4).Draw(t, label+" form") {
	case 0:
		return decimal.New(0, int32(rapid.IntRange(-4, 1).Draw(t, label+" zero exponent")))
	case 1:
		return decimal.New(c/100, 0)
	case 2:
		return decimal.New(c*10, -3)
	case 3:
		return decimal.New(c/10, -1)
	}
	return decimal.New(c, -2)
}

// TestStep_sumsAsDecimalsAddThem checks each period's Proceeds, Costs,
// Available, Retained and CarriedIn, value and exponent, against the
// decimal sums that make them, folded by the test from the deal's own
// flows and its sources' cash with shopspring/decimal's Add and Sub: the
// deal's flows of the period added from the first (a zero amount is no
// term), then each source's cash in (proceeds) and out (costs), every
// term counted even when zero; available = proceeds, + the cash carried
// in when it is not zero, − costs when they are not zero; retained = zero
// when the stack paid all that was available, else available − paid;
// carried in = the last period's retained. A sum's exponent is the
// smallest of its terms', so an amount written "12.000" or a zero written
// "0.0000" changes it: the sources draw such amounts. Both with the
// ledger and without.
func TestStep_sumsAsDecimalsAddThem(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		id := drawIdentityDeal(t)
		d := id.deal
		np := len(d.Periods)
		d.OwnDates = rapid.Bool().Draw(t, "own dates")
		var sources []waterfall.Source
		for _, name := range []string{"first", "second"}[:rapid.IntRange(1, 2).Draw(t, "sources")] {
			s := fixedSource{name: name, in: make([]decimal.Decimal, np), out: make([]decimal.Decimal, np)}
			for i := range np {
				s.in[i], s.out[i] = oddExponent(t, name+" in"), oddExponent(t, name+" out")
			}
			sources = append(sources, s)
		}
		d.Sources = sources
		add := func(sum *decimal.Decimal, a decimal.Decimal) {
			if sum.IsZero() {
				*sum = a
			} else if !a.IsZero() {
				*sum = sum.Add(a)
			}
		}
		proceeds, costs := zeros(np), zeros(np)
		for _, f := range d.Proceeds {
			i, _ := contract.PeriodIndex(d.Periods, f.Date)
			add(&proceeds[i], f.Amount)
		}
		for _, f := range d.Costs {
			i, _ := contract.PeriodIndex(d.Periods, f.Date)
			add(&costs[i], f.Amount)
		}
		for i := range np {
			for _, s := range sources {
				c := s.(fixedSource)
				proceeds[i], costs[i] = proceeds[i].Add(c.in[i]), costs[i].Add(c.out[i])
			}
		}
		for _, totalsOnly := range []bool{false, true} {
			res, err := waterfall.RunWith(d, waterfall.RunOptions{TotalsOnly: totalsOnly})
			if err != nil {
				t.Fatalf("run: %v", err)
			}
			carried := decimal.Zero
			for i, p := range res.Periods {
				available := proceeds[i]
				if !carried.IsZero() {
					available = available.Add(carried)
				}
				if !costs[i].IsZero() {
					available = available.Sub(costs[i])
				}
				retained := decimal.Zero
				if !p.Paid.Equal(available) {
					retained = available.Sub(p.Paid)
				}
				for _, c := range []struct {
					name      string
					got, want decimal.Decimal
				}{{"carried in", p.CarriedIn, carried}, {"proceeds", p.Proceeds, proceeds[i]}, {"costs", p.Costs, costs[i]},
					{"available", p.Available, available}, {"retained", p.Retained, retained}} {
					if c.got.Exponent() != c.want.Exponent() || !c.got.Equal(c.want) {
						t.Fatalf("totals only %v, period %d: %s %s (exponent %d), want %s (exponent %d)",
							totalsOnly, i, c.name, c.got, c.got.Exponent(), c.want, c.want.Exponent())
					}
				}
				carried = retained
			}
		}
	})
}
