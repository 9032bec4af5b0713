package main

import (
	"bytes"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/jvwaterfall/jvwaterfall/internal/golden"
	"github.com/jvwaterfall/jvwaterfall/waterfall"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"
)

// TestOutput pins the program's output against regressions. Its figures
// are proven independently by TestContractFigures and TestSellerDeal.
func TestOutput(t *testing.T) {
	var buf bytes.Buffer
	require.NoError(t, run(&buf))
	golden.Check(t, filepath.Join("testdata", "output.golden"), buf.Bytes())
}

// yearly is what the independent model computes for a contract year.
type yearly struct {
	Taken, Shortfall, ShortfallPay, Paid    string
	Earned, Used, Expired, Balance          string
	CarriedEarned, CarriedUsed, CarriedGone string
}

type layer struct {
	qty, prepaid decimal.Decimal
	last         int
}

// TestContractFigures recomputes the contract year by year from its terms,
// with a model written here that never looks at a statement: annual takes
// (load × 12, the 2031 outage quarter at 80 MW), the index prices, FIFO
// layers of credits and carry-forward. All prices are whole dollars, so
// every amount is exact and must match to the cent.
//
// By hand, the first years (price P, prepaid 80% of P):
//   - year 1: 720 taken of 1,200; 720 × $120,000 = $86,400,000 billed;
//     480 short × $96,000 = $46,080,000; paid $132,480,000; 480 credits
//     usable in years 2-4.
//   - year 2: 900 taken at $122,400 = $110,160,000; 300 short × $97,920 =
//     $29,376,000; credits 780.
//   - year 3: 1,080 × $125,400 = $135,432,000; 120 short × $100,320 =
//     $12,038,400; credits 900.
//   - year 4: 1,320 taken, 120 above the minimum use 120 of year 1's
//     credits at $128,160 − $96,000 = $32,160 each: 1,200 × $128,160 +
//     120 × $32,160 = $157,651,200. Year 1's other 360 credits expire.
//   - year 5: force majeure 2031-07-31 to 2031-09-30 is 61 days, so the
//     minimum is 1,200 × 304/365 = 999.4520547945; 1,320 taken, an excess
//     of 320.5479452055, of which the cap lets 300 use year 2's credits and
//     20.5479452055 carries forward.
func TestContractFigures(t *testing.T) {
	terms := capacity()
	periods, err := schedule()
	require.NoError(t, err)
	st, err := terms.Statement(periods, usage(periods), 2)
	require.NoError(t, err)

	index := []string{"100.0", "102.0", "104.5", "106.8", "109.0", "111.5", "114.0", "116.2", "118.9", "121.5"}
	minimum := func(y int) decimal.Decimal {
		if y == 4 {
			return d("999.4520547945") // 1200 × 304/365, rounded to 10 places
		}
		return d("1200")
	}
	var credits, carried []layer
	var want []yearly
	for y := range 10 {
		price := d("1200").Mul(d(index[y])) // $120,000 × index/100
		taken := decimal.NewFromInt(load[y] * 12)
		if y == 4 {
			taken = decimal.NewFromInt(load[y]*9 + 80*3)
		}
		m := minimum(y)
		excess := decimal.Max(decimal.Zero, taken.Sub(m))
		use := decimal.Min(excess, d("300"))
		used, makeUp := decimal.Zero, decimal.Zero
		for len(credits) > 0 && use.Sign() > 0 {
			q := decimal.Min(use, credits[0].qty)
			makeUp = makeUp.Add(q.Mul(price.Sub(credits[0].prepaid)))
			used, use = used.Add(q), use.Sub(q)
			credits[0].qty = credits[0].qty.Sub(q)
			if credits[0].qty.IsZero() {
				credits = credits[1:]
			}
		}
		cfEarned := excess.Sub(used)
		if cfEarned.Sign() > 0 {
			carried = append(carried, layer{qty: cfEarned, last: y + 1})
		}
		gross := decimal.Max(decimal.Zero, m.Sub(taken))
		cfUsed := decimal.Zero
		for len(carried) > 0 && gross.Sub(cfUsed).Sign() > 0 {
			q := decimal.Min(gross.Sub(cfUsed), carried[0].qty)
			cfUsed = cfUsed.Add(q)
			carried[0].qty = carried[0].qty.Sub(q)
			if carried[0].qty.IsZero() {
				carried = carried[1:]
			}
		}
		short := gross.Sub(cfUsed)
		prepaid := price.Mul(d("0.8"))
		if short.Sign() > 0 {
			credits = append(credits, layer{qty: short, prepaid: prepaid, last: y + 3})
		}
		gone := func(ls []layer) (decimal.Decimal, []layer) {
			g := decimal.Zero
			var keep []layer
			for _, l := range ls {
				if l.last <= y || y == 9 {
					g = g.Add(l.qty)
				} else {
					keep = append(keep, l)
				}
			}
			return g, keep
		}
		var expired, cfGone decimal.Decimal
		expired, credits = gone(credits)
		cfGone, carried = gone(carried)
		bal := decimal.Zero
		for _, l := range credits {
			bal = bal.Add(l.qty)
		}
		shortPay := short.Mul(prepaid)
		paid := taken.Sub(used).Mul(price).Add(makeUp).Add(shortPay)
		s := func(x decimal.Decimal) string { return x.StringFixed(10) }
		row := yearly{s(taken), s(short), s(shortPay), s(paid), s(short), s(used), s(expired), s(bal), s(cfEarned), s(cfUsed), s(cfGone)}
		want = append(want, row)
	}

	var got []yearly
	for _, r := range byYear(st) {
		s := func(x decimal.Decimal) string { return x.StringFixed(10) }
		got = append(got, yearly{s(r.taken), s(r.shortfall), s(r.shortfallPay), s(r.paid), s(r.earned), s(r.used), s(r.expired), s(r.balance),
			s(r.carriedEarned), s(r.carriedUsed), s(r.carriedExpired)})
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("contract years mismatch (-independent +statement):\n%s", diff)
	}
	// The hand-computed figures above.
	require.Equal(t, "132480000.0000000000", got[0].Paid)
	require.Equal(t, "157651200.0000000000", got[3].Paid)
	require.Equal(t, "360.0000000000", got[3].Expired)
	require.Equal(t, "20.5479452055", got[4].CarriedEarned)
}

// TestSellerDeal checks that the seller's deal receives exactly what the
// buyer pays and splits it 70/30 with nothing lost: the owners' receipts
// add up to the contract's total, each within a cent per period of its
// exact share.
func TestSellerDeal(t *testing.T) {
	periods, err := schedule()
	require.NoError(t, err)
	terms := capacity()
	st, err := terms.Statement(periods, usage(periods), 2)
	require.NoError(t, err)
	total := decimal.Zero
	for _, p := range st {
		total = total.Add(p.Paid)
	}
	deal, err := sellerDeal(periods, terms)
	require.NoError(t, err)
	res, err := waterfall.Run(deal)
	require.NoError(t, err)
	pe, _ := res.Party("pe-fund")
	founder, _ := res.Party("founder")
	require.True(t, pe.Distributed.Add(founder.Distributed).Equal(total), "distributed %s, billed %s", pe.Distributed.Add(founder.Distributed), total)
	require.True(t, res.Retained().IsZero())
	tolerance := decimal.New(int64(len(periods)), -2)
	require.True(t, pe.Distributed.Sub(total.Mul(d("0.7"))).Abs().LessThanOrEqual(tolerance))
}
