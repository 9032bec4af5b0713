package openaijv

import (
	"math"
	"math/big"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/jvwaterfall/jvwaterfall/contract"
	"github.com/jvwaterfall/jvwaterfall/tranche"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"
)

// TestParties_SecondPath proves the "who gets what" table from the
// ledger: put in is the party's contributions (the Lenders', the loan the
// draw source brought in), received its payments, net the difference,
// its IRR a root of the NPV of its dated flows on ACT/365F (checked in
// big floats to 1e-6 of what it put in), its first payment the first
// month it was paid.
func TestParties_SecondPath(t *testing.T) {
	in := inputs(t)
	for _, o := range outcomes(t, in) {
		ls, err := o.parties()
		require.NoError(t, err)
		for _, l := range ls {
			id := l.report.Party
			put, got := decimal.Zero, decimal.Zero
			first := -1
			var flows []contract.Flow
			for _, c := range o.res.Contributions.All() {
				if c.Party == id {
					put = put.Add(c.Amount)
					flows = append(flows, contract.Flow{Date: c.Date, Amount: c.Amount.Neg()})
				}
			}
			if id == lenders && put.IsZero() {
				for _, s := range o.res.Periods {
					for x := range s.Sources.Values() {
						if x.Source == drawSource && x.In.Sign() > 0 {
							put = put.Add(x.In)
							flows = append(flows, contract.Flow{Date: s.Period.End, Amount: x.In.Neg()})
						}
					}
				}
			}
			for _, p := range o.res.Payments.All() {
				if p.Party == id {
					got = got.Add(p.Amount)
					flows = append(flows, contract.Flow{Date: o.res.Periods[p.Period].Period.End, Amount: p.Amount})
					if first < 0 {
						first = p.Period
					}
				}
			}
			name := o.scenario.name + " " + string(id)
			require.True(t, put.Equal(l.putIn), "%s put in %s, ledger %s", name, l.putIn, put)
			require.True(t, got.Equal(l.report.Distributed), name)
			require.True(t, got.Sub(put).Equal(l.net), name)
			require.Equal(t, first, l.report.First.Period, name)
			if l.irrVal == nil {
				continue
			}
			// NPV at the IRR, in big floats, against what was put in.
			npv := new(big.Float).SetPrec(200)
			t0 := flows[0].Date
			for _, f := range flows {
				if f.Date.Before(t0) {
					t0 = f.Date
				}
			}
			for _, f := range flows {
				years := float64(contract.Days(t0, f.Date)) / 365
				disc := math.Pow(1+*l.irrVal, -years)
				a, _ := new(big.Float).SetPrec(200).SetString(f.Amount.String())
				npv.Add(npv, a.Mul(a, big.NewFloat(disc)))
			}
			v, _ := npv.Float64()
			require.Less(t, math.Abs(v), 1e-6*put.InexactFloat64(), "%s NPV at IRR %v = %v", name, *l.irrVal, v)
		}
	}
}

// unpaidPrincipal reads the principal the loan reported unpaid in its
// last payment-default event: the debt tranche's own account of it.
var unpaidPrincipal = regexp.MustCompile(`principal ([0-9.]+)`)

// TestYears_SecondPath proves the capex and debt table: the capex is
// 200 MW × $37M at closing and 75% of the GPUs' $5B at the refresh; in
// the base case, each year's interest, principal and year-end balance are
// the loan's contractual schedule (nothing went unpaid); in an enforced
// case, the balance owed after the sale is the lender loss plus the
// interest capitalised before COD, and is what the debt tranche itself
// reported unpaid at the end; each year's lowest DSCR is this test's own
// DSCR of its months; the DSRA never holds more than six times the first
// amortising month's interest (balance × 7%/12) and principal.
func TestYears_SecondPath(t *testing.T) {
	in := inputs(t)
	for _, o := range outcomes(t, in) {
		t.Run(o.scenario.name, func(t *testing.T) {
			ys, err := o.years()
			require.NoError(t, err)
			rows, err := o.model.loan.Schedule()
			require.NoError(t, err)
			mw := o.model.size.Capacity
			capex := decimal.Zero
			for _, y := range ys {
				capex = capex.Add(y.Capex)
			}
			want := mw.Mul(d("37000000"))
			if o.model.horizon > 78 {
				want = want.Add(mw.Mul(d("25000000")).Mul(d("0.75")))
			}
			require.True(t, capex.Equal(want), "capex %s, want %s", capex, want)

			byYear := map[int][]int{}
			for i, p := range o.res.Periods {
				byYear[p.Period.End.Year()] = append(byYear[p.Period.End.Year()], i)
			}
			v, err := o.debt()
			require.NoError(t, err)
			held := decimal.Zero
			for _, y := range ys {
				months := byYear[y.Year]
				last := months[len(months)-1]
				if v.EventDefault < 0 {
					interest, principal := decimal.Zero, decimal.Zero
					for _, i := range months {
						interest = interest.Add(rows[i].Interest)
						principal = principal.Add(rows[i].Principal)
					}
					require.True(t, interest.Equal(y.Interest), "%d interest %s, schedule %s", y.Year, y.Interest, interest)
					require.True(t, principal.Equal(y.Principal), "%d principal", y.Year)
					require.True(t, rows[last].Closing.Equal(y.Balance), "%d balance %s, schedule %s", y.Year, y.Balance, rows[last].Closing)
				}
				low := math.NaN()
				for _, i := range months {
					svc := rows[i].Interest.Add(rows[i].Principal)
					if i == len(rows)-1 {
						svc = rows[i].Interest
					}
					if svc.Sign() > 0 {
						r, _ := decimal.Max(decimal.Zero, o.res.Periods[i].Available.Sub(held)).DivRound(svc, 6).Float64()
						if math.IsNaN(low) || r < low {
							low = r
						}
					}
					held = o.res.Periods[i].Held
				}
				if math.IsNaN(low) {
					require.True(t, math.IsNaN(y.MinDSCR), "%d", y.Year)
				} else {
					require.Equal(t, low, y.MinDSCR, "%d", y.Year)
				}
			}
			first := rows[o.model.cod+1]
			interest := cents(mul(q(first.Opening), quo(q("0.07"), q("12"))))
			required := interest.Add(first.Principal).Mul(d("6"))
			require.True(t, v.PeakDSRA.LessThanOrEqual(required))
			unpaid := ys[len(ys)-1].Balance
			if v.EventDefault < 0 {
				require.True(t, v.PeakDSRA.Equal(required), "the reserve fills to %s, peak %s", required, v.PeakDSRA)
				require.True(t, unpaid.IsZero())
				return
			}
			require.True(t, unpaid.Equal(v.LenderLoss), "owed %s, lender loss %s", unpaid, v.LenderLoss)
			var last string
			for _, e := range o.res.Events {
				if e.Kind == tranche.EventPaymentDefault {
					last = e.Detail
				}
			}
			m := unpaidPrincipal.FindStringSubmatch(last)
			require.Len(t, m, 2, last)
			require.True(t, d(m[1]).Equal(v.LenderLoss), "the loan reports %s unpaid, the table %s", m[1], v.LenderLoss)
		})
	}
}

// TestMonteCarlo_Percentiles recomputes every printed percentile from
// the Monte Carlo's rows (R's type 7: linear between order statistics), and the probabilities of breach, default and
// lender loss by counting rows.
func TestMonteCarlo_Percentiles(t *testing.T) {
	in := inputs(t)
	b, m, err := studyBase(in)
	require.NoError(t, err)
	tab, st, err := runMonteCarlo(in, b, m, 0) // the inputs' draws: the figures printed
	require.NoError(t, err)
	require.Len(t, tab.Rows, in.MonteCarlo.Samples)
	for _, name := range []string{"PE.xirr", "Founders.xirr", "min_dscr", "lender_loss", "PE.payback_years", "Founders.payback_years"} {
		require.True(t, wanted(name), name)
		c := tab.Column(strings.TrimSuffix(name, "_years")) // dates, in years from the start
		require.GreaterOrEqual(t, c, 0, name)
		var xs []float64
		for i := range tab.Rows {
			if v, ok := tab.Value(&tab.Rows[i], c); ok && !math.IsNaN(v) {
				xs = append(xs, v)
			}
		}
		sort.Float64s(xs)
		for _, ms := range st.Measures {
			if ms.Name != name {
				continue
			}
			for k, p := range st.Percentiles {
				h := (float64(len(xs)) - 1) * p / 100
				lo := math.Floor(h)
				want := xs[int(lo)]
				if int(lo)+1 < len(xs) {
					want += (h - lo) * (xs[int(lo)+1] - xs[int(lo)])
				}
				require.InDelta(t, want, ms.Percentiles[k], 1e-12, "%s p%g", name, p)
			}
		}
	}
	count := map[string]int{}
	for _, r := range tab.Rows {
		if r.Breach {
			count["breach"]++
		}
		if r.Default {
			count["default"]++
		}
		if r.LenderLoss.Sign() > 0 {
			count["lender_loss"]++
		}
	}
	for _, e := range st.Events {
		if !strings.Contains(e.Name, ".") {
			require.Equal(t, count[e.Name], e.Count, e.Name)
		}
	}
}

// TestYears_Depreciation proves the GPU columns of the capex and debt
// table in closed form: each asset loses cost × days in service / days of
// its life, the accumulated amount rounded to the cent on each date; the
// first GPUs from the planned COD (2028-06-30) over 60 months, the refresh
// from its date over 60 months; refreshed a year early, the first GPUs'
// book value on that date is written off.
func TestYears_Depreciation(t *testing.T) {
	in := inputs(t)
	for _, days := range []int{0, -365} {
		o, err := runScenario(in, scenario{name: "refresh", shock: Shock{RefreshDays: days}})
		require.NoError(t, err)
		ys, err := o.years()
		require.NoError(t, err)
		cod := contract.Date(2028, 6, 30)
		refresh := contract.Date(2033, 6, 30).AddDate(0, 0, days)
		gpus, again := q("5000000000"), q("3750000000")
		acc := func(cost *big.Rat, from, at time.Time) decimal.Decimal {
			life := contract.Days(from, contract.AddMonths(from, 60, false))
			el := min(max(contract.Days(from, at), 0), life)
			return cents(mul(cost, quo(q(el), q(life))))
		}
		prevFirst, prevSecond := decimal.Zero, decimal.Zero
		for _, y := range ys {
			end := contract.Date(y.Year, 12, 31)
			first := acc(gpus, cod, end)
			second := decimal.Zero
			wantWrite := decimal.Zero
			book := cents(gpus).Sub(first)
			if !end.Before(refresh) {
				cut := acc(gpus, cod, refresh)
				if prevFirst.LessThan(cut) || y.Year == refresh.Year() {
					wantWrite = cents(gpus).Sub(cut)
				}
				first = cut
				second = acc(again, refresh, end)
				book = cents(again).Sub(second)
			}
			dep := first.Sub(prevFirst).Add(second.Sub(prevSecond))
			require.True(t, dep.Equal(y.Depreciation), "%d (%+d days): depreciation %s, closed form %s", y.Year, days, y.Depreciation, dep)
			require.True(t, wantWrite.Equal(y.WriteDown), "%d (%+d days): write-down %s, closed form %s", y.Year, days, y.WriteDown, wantWrite)
			if end.Before(cod) {
				book = decimal.Zero // not in service yet
			}
			require.True(t, book.Equal(y.GPUBook), "%d (%+d days): book %s, closed form %s", y.Year, days, y.GPUBook, book)
			prevFirst, prevSecond = first, second
		}
		if days < 0 {
			write := decimal.Zero
			for _, y := range ys {
				write = write.Add(y.WriteDown)
			}
			require.Positive(t, write.Sign(), "an early refresh writes the GPUs down")
		}
	}
}
