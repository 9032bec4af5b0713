package contract_test

import (
	"fmt"
	"testing"

	"github.com/jvwaterfall/jvwaterfall/contract"
	"github.com/shopspring/decimal"
	"pgregory.net/rapid"
)

// randomTakeOrPay draws terms over a monthly or quarterly schedule of 1 to
// 6 years and a usage path around the minimum.
func randomTakeOrPay(t *rapid.T) (contract.TakeOrPay, []contract.Period, []decimal.Decimal) {
	years := rapid.IntRange(1, 6).Draw(t, "years")
	freq := rapid.SampledFrom([]contract.Frequency{contract.EveryMonth, contract.EveryQuarter, contract.EveryYear}).Draw(t, "freq")
	start := contract.Date(2020, 12, 31)
	end := contract.Date(2020+years, 12, 31)
	ps, err := contract.Schedule{Start: start, End: end, Frequency: freq, EndOfMonth: true}.Periods()
	if err != nil {
		t.Fatal(err)
	}
	c := contract.TakeOrPay{
		Buyer: "B", Seller: "S", Start: start, End: end,
		Minimum:        decimal.New(rapid.Int64Range(0, 100000).Draw(t, "min"), -1),
		Measure:        rapid.SampledFrom([]contract.Measure{contract.PerPeriod, contract.PerContractYear}).Draw(t, "measure"),
		Price:          decimal.New(rapid.Int64Range(0, 100000).Draw(t, "price"), -3),
		Escalation:     contract.Escalation{Rate: decimal.New(rapid.Int64Range(-50, 200).Draw(t, "esc"), -3)},
		ShortfallShare: decimal.New(rapid.Int64Range(0, 100).Draw(t, "share"), -2),
		MakeUp:         contract.MakeUp{Window: rapid.IntRange(0, 6).Draw(t, "window"), Cap: decimal.New(rapid.Int64Range(0, 50000).Draw(t, "cap"), -1)},
		CarryForward:   contract.CarryForward{Window: rapid.IntRange(0, 3).Draw(t, "cf")},
	}
	switch rapid.IntRange(0, 2).Draw(t, "life") { // a credit's life: the window above, contract years, or the term
	case 1:
		c.MakeUp.Window, c.MakeUp.Years = 0, rapid.IntRange(1, 3).Draw(t, "years")
	case 2:
		c.MakeUp.Window, c.MakeUp.UntilEnd = 0, true
	}
	if rapid.Bool().Draw(t, "ramp") {
		c.Minimum = decimal.Zero
		for k := range rapid.IntRange(1, 4).Draw(t, "ramp_years") {
			c.Minimums = append(c.Minimums, decimal.New(rapid.Int64Range(0, 100000).Draw(t, fmt.Sprintf("ramp%d", k)), -1))
		}
	}
	if rapid.Bool().Draw(t, "suspend") {
		from := contract.AddMonths(start, rapid.IntRange(0, 12*years-1).Draw(t, "susp_from"), true)
		c.Suspensions = []contract.Suspension{{From: from, To: from.AddDate(0, 0, rapid.IntRange(1, 200).Draw(t, "susp_days"))}}
	}
	usage := make([]decimal.Decimal, len(ps))
	for i := range usage {
		usage[i] = decimal.New(rapid.Int64Range(0, 200000).Draw(t, fmt.Sprintf("use%d", i)), -rapid.Int32Range(0, 3).Draw(t, fmt.Sprintf("places%d", i)))
	}
	return c, ps, usage
}

// TestTakeOrPay_Statement_Properties checks, over random terms and usage:
//   - credit and carry-forward balances are never negative, and equal
//     earned − used − expired so far;
//   - used + expired never exceed earned, and at the end of the term
//     nothing is left (used + expired = earned);
//   - credits used in a measurement period never exceed its excess over
//     the minimum, nor the cap;
//   - a shortfall, when there is one, is exactly the minimum less the
//     takes and the carry-forward used;
//   - every money line is whole cents and Paid = Billed + shortfall
//     payment + termination payment, Billed = take + make-up charge, to
//     the cent;
//   - the take charge and shortfall payment equal their formulas
//     recomputed from the quantities;
//   - without suspensions, the minimum that closes is the ramp's entry
//     for its contract year (the last entry after the list), or Minimum;
//   - credits that live until the end of the term expire only with it,
//     and credits that live a number of contract years only when a
//     contract year closes.
func TestTakeOrPay_Statement_Properties(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		c, ps, usage := randomTakeOrPay(t)
		st, err := c.Statement(ps, usage, 2)
		if err != nil {
			t.Fatal(err)
		}
		zero := decimal.Zero
		earned, used, expired := zero, zero, zero
		cEarned, cUsed, cExpired := zero, zero, zero
		takenInMeas, usedInMeas, cfUsedInMeas := zero, zero, zero
		lastInTerm := -1
		for i, p := range st {
			if p.InTerm {
				lastInTerm = i
			}
		}
		for i, p := range st {
			if p.CreditsExpired.Sign() > 0 {
				yearEnds := i == lastInTerm || (i+1 < len(st) && st[i+1].ContractYear != p.ContractYear)
				if (c.MakeUp.UntilEnd && i != lastInTerm) || (c.MakeUp.Years > 0 && !yearEnds) {
					t.Fatalf("period %d: %s credits expired before their life ended (%+v)", i, p.CreditsExpired, c.MakeUp)
				}
			}
			if p.Closes && len(c.Suspensions) == 0 {
				want := c.Minimum
				if n := len(c.Minimums); n > 0 {
					want = c.Minimums[min(p.ContractYear, n-1)]
				}
				if !p.Minimum.Equal(want) {
					t.Fatalf("period %d (contract year %d): minimum %s, want %s", i, p.ContractYear, p.Minimum, want)
				}
			}
			earned, used, expired = earned.Add(p.CreditsEarned), used.Add(p.CreditsUsed), expired.Add(p.CreditsExpired)
			cEarned, cUsed, cExpired = cEarned.Add(p.CarriedEarned), cUsed.Add(p.CarriedUsed), cExpired.Add(p.CarriedExpired)
			if p.CreditsBalance.Sign() < 0 || p.CarriedBalance.Sign() < 0 {
				t.Fatalf("period %d: negative balance %s / %s", i, p.CreditsBalance, p.CarriedBalance)
			}
			if !p.CreditsBalance.Equal(earned.Sub(used).Sub(expired)) || !p.CarriedBalance.Equal(cEarned.Sub(cUsed).Sub(cExpired)) {
				t.Fatalf("period %d: balance does not roll forward", i)
			}
			if used.Add(expired).GreaterThan(earned) || cUsed.Add(cExpired).GreaterThan(cEarned) {
				t.Fatalf("period %d: used + expired above earned", i)
			}
			for _, m := range []decimal.Decimal{p.TakeCharge, p.MakeUpCharge, p.Billed, p.ShortfallPayment, p.TerminationPayment, p.Paid} {
				if !m.Equal(m.Round(2)) || m.Sign() < 0 {
					t.Fatalf("period %d: money %s is not whole non-negative cents", i, m)
				}
			}
			if !p.Paid.Equal(p.Billed.Add(p.ShortfallPayment).Add(p.TerminationPayment)) || !p.Billed.Equal(p.TakeCharge.Add(p.MakeUpCharge)) {
				t.Fatalf("period %d: paid %s != billed %s + shortfall %s", i, p.Paid, p.Billed, p.ShortfallPayment)
			}
			if want := p.Taken.Sub(p.CreditsUsed).Mul(p.Price).Round(2); !p.TakeCharge.Equal(want) {
				t.Fatalf("period %d: take charge %s, want %s", i, p.TakeCharge, want)
			}
			if want := p.Shortfall.Mul(p.Price).Mul(c.ShortfallShare).Round(2); !p.ShortfallPayment.Equal(want) {
				t.Fatalf("period %d: shortfall payment %s, want %s", i, p.ShortfallPayment, want)
			}
			takenInMeas, usedInMeas, cfUsedInMeas = takenInMeas.Add(p.Taken), usedInMeas.Add(p.CreditsUsed), cfUsedInMeas.Add(p.CarriedUsed)
			if !p.Closes {
				continue
			}
			excess := decimal.Max(zero, takenInMeas.Sub(p.Minimum))
			if usedInMeas.GreaterThan(excess) || (c.MakeUp.Cap.Sign() > 0 && usedInMeas.GreaterThan(c.MakeUp.Cap)) {
				t.Fatalf("period %d: %s credits used, excess %s, cap %s", i, usedInMeas, excess, c.MakeUp.Cap)
			}
			if p.Shortfall.Sign() > 0 && !takenInMeas.Add(cfUsedInMeas).Add(p.Shortfall).Equal(p.Minimum) {
				t.Fatalf("period %d: taken %s + carried %s + shortfall %s != minimum %s", i, takenInMeas, cfUsedInMeas, p.Shortfall, p.Minimum)
			}
			if p.Shortfall.Sign() < 0 || (p.Shortfall.IsZero() && takenInMeas.Add(cfUsedInMeas).LessThan(p.Minimum)) {
				t.Fatalf("period %d: shortfall %s with taken %s, minimum %s", i, p.Shortfall, takenInMeas, p.Minimum)
			}
			takenInMeas, usedInMeas, cfUsedInMeas = zero, zero, zero
		}
		last := st[len(st)-1]
		if !last.CreditsBalance.IsZero() || !last.CarriedBalance.IsZero() {
			t.Fatalf("balances %s / %s left at the end of the term", last.CreditsBalance, last.CarriedBalance)
		}
	})
}
