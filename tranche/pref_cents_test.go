package tranche_test

import (
	"time"

	"testing"

	"github.com/jvwaterfall/jvwaterfall/contract"
	"github.com/jvwaterfall/jvwaterfall/tranche"
	"github.com/stretchr/testify/require"
)

// rate30360 is an annual rate on 30/360, so that each of annualPeriods'
// years grows by exactly the rate.
func rate30360(r string, c contract.Compounding) contract.Rate {
	return contract.Rate{Annual: d(r), Compounding: c, DayCount: contract.Thirty360US}
}

// TestPref_OnContributedAfterPartialPayment: 10% on contributed capital,
// cumulative. The LP puts in 1,234.57 at the end of year 0. Year 1 accrues
// 123.457, owed rounded up: 123.46. Only 60.00 is paid, and 500.00 of
// capital comes back, which does not lower the base. Year 2:
//   - compounding annually: (1,234.57 + 123.457 − 60) × 1.1 − 1,234.57 =
//     1,298.027 × 1.1 − 1,234.57 = 193.2597, owed 193.26 (the 63.457
//     unpaid grows by 10% to 69.8027, plus the year's 123.457);
//   - simple: 2 × 123.457 − 60 = 186.914, owed 186.92.
//
// On unreturned capital (compounding) the year-2 base would be 734.57.
func TestPref_OnContributedAfterPartialPayment(t *testing.T) {
	ps := annualPeriods(3)
	for _, tc := range []struct {
		c          contract.Compounding
		year1, due string
	}{
		{contract.Annual, "123.46", "193.26"},
		{contract.Simple, "123.46", "186.92"},
	} {
		t.Run(tc.c.String(), func(t *testing.T) {
			pref := tranche.Must(tranche.NewPreferredReturn(tranche.PreferredReturn{Name: "pref", Parties: ids("LP"),
				Rate: rate30360("0.10", tc.c), Base: tranche.OnContributed}))
			h := newDriver(t, partiesOf("LP", "0")...)
			h.advance(ps[0]).put("LP", "1234.57")
			h.advance(ps[1])
			requireDec(t, tc.year1, h.owed(pref).Amount)
			lines, paid := h.pay(pref, "60.00")
			requireDec(t, "60", paid)
			require.Len(t, lines, 1)
			requireDec(t, tc.year1, lines[0].Before)
			requireDec(t, "63.46", lines[0].After)
			h.post("LP", tranche.KindCapital, "500.00")
			h.advance(ps[2])
			requireDec(t, tc.due, h.owed(pref).Amount)
			_, paid = h.pay(pref, "1000")
			requireDec(t, tc.due, paid)
			requireDec(t, "0", h.owed(pref).Amount)
		})
	}
}

// TestPref_NonCumulativeFirstContributionInsidePeriod: a current-pay pref
// of 10% owes each year only the year's accrual on the capital in place at
// the year's start. The LP's first capital, 1,000.01, comes in during year
// 1 (booked at its end), so year 1 owes nothing; year 2 owes 1,000.01 ×
// 0.1 = 100.001, rounded up to 100.01. Only 50.00 is paid in year 2: the
// 50.01 short is lost, and year 3 owes 100.01 again, not 150.02. Then
// 400.00 of capital comes back at the end of year 3: on unreturned
// capital year 4 owes 600.01 × 0.1 = 60.001 → 60.01; on contributed
// capital still 100.01.
func TestPref_NonCumulativeFirstContributionInsidePeriod(t *testing.T) {
	ps := annualPeriods(5)
	for _, tc := range []struct {
		base  tranche.PrefBase
		year4 string
	}{
		{tranche.OnUnreturned, "60.01"},
		{tranche.OnContributed, "100.01"},
	} {
		t.Run(tc.base.String(), func(t *testing.T) {
			pref := tranche.Must(tranche.NewPreferredReturn(tranche.PreferredReturn{Name: "pref", Parties: ids("LP"),
				Rate: rate30360("0.10", contract.Annual), Base: tc.base, Accrual: tranche.NonCumulative}))
			h := newDriver(t, partiesOf("LP", "0")...)
			h.advance(ps[0])
			h.advance(ps[1]).put("LP", "1000.01")
			requireDec(t, "0", h.owed(pref).Amount, "year 1")
			h.advance(ps[2])
			requireDec(t, "100.01", h.owed(pref).Amount, "year 2")
			_, paid := h.pay(pref, "50.00")
			requireDec(t, "50", paid)
			requireDec(t, "50.01", h.owed(pref).Amount, "year 2, after 50 paid")
			h.advance(ps[3])
			requireDec(t, "100.01", h.owed(pref).Amount, "year 3")
			h.pay(pref, "100.01")
			h.post("LP", tranche.KindCapital, "400.00")
			h.advance(ps[4])
			requireDec(t, tc.year4, h.owed(pref).Amount, "year 4")
		})
	}
}

// TestPref_OnContributedTwoPartialPayments: on contributed capital,
// compounding, each payment comes off the balance once. 10% compounding
// annually on 30/360 on 1,000.01 put in at the end of year 0:
//   - year 1: 1,100.011, owed 100.001 → 100.01 (rounded up); 60.00 paid:
//     1,040.011;
//   - year 2: 1,144.0121, owed 144.0021 → 144.01; 50.00 paid: 1,094.0121;
//   - year 3: 1,203.41331, owed 203.40331 → 203.41.
func TestPref_OnContributedTwoPartialPayments(t *testing.T) {
	ps := annualPeriods(4)
	pref := tranche.Must(tranche.NewPreferredReturn(tranche.PreferredReturn{Name: "pref", Parties: ids("LP"),
		Rate: rate30360("0.10", contract.Annual), Base: tranche.OnContributed}))
	h := newDriver(t, partiesOf("LP", "0")...)
	h.advance(ps[0]).put("LP", "1000.01")
	for i, c := range []struct{ owed, pay string }{{"100.01", "60.00"}, {"144.01", "50.00"}, {"203.41", "0"}} {
		h.advance(ps[i+1])
		requireDec(t, c.owed, h.owed(pref).Amount, "year", i+1)
		_, paid := h.pay(pref, c.pay)
		requireDec(t, c.pay, paid)
	}
	requireDec(t, "203.41", h.owed(pref).Amount, "year 3, read again")
}

// TestPref_OnContributedSeventeenthPlace: the pref on contributed capital
// (and a current-pay pref's accrual of its period) is kept to 16 places,
// rounded half away from zero, and the amount owed rounded up to the minor
// unit. At scale 8, on 10^-8 of capital:
//   - simple on 30/360 for a day, rate/360 × 10^-8: at 0.0000018,
//     5·10^-17 → 10^-16 (half to even: 0; to 15 places: 0), owed
//     0.00000001; at 0.00000108, 3·10^-17 → 0 (kept to 17 places it would
//     be owed rounded up: 0.00000001), owed 0;
//   - compounding monthly on 30/360 for a month, 10^-8 × (1 + rate/12):
//     at 0.00000006, 10^-8 + 5·10^-17 → 10^-8 + 10^-16, owed 0.00000001;
//     at 0.000000036, 10^-8 + 3·10^-17 → 10^-8, owed 0.
func TestPref_OnContributedSeventeenthPlace(t *testing.T) {
	day, month := contract.Date(2024, 1, 2), contract.Date(2024, 2, 1)
	for _, tc := range []struct {
		rate string
		c    contract.Compounding
		end  time.Time
		owed string
	}{
		{"0.0000018", contract.Simple, day, "0.00000001"},
		{"0.00000108", contract.Simple, day, "0"},
		{"0.00000006", contract.Monthly, month, "0.00000001"},
		{"0.000000036", contract.Monthly, month, "0"},
	} {
		for _, terms := range []struct {
			base tranche.PrefBase
			acc  tranche.PrefAccrual
		}{{tranche.OnContributed, tranche.Cumulative}, {tranche.OnUnreturned, tranche.NonCumulative}} {
			t.Run(tc.c.String()+" "+tc.rate+" "+terms.base.String()+" "+terms.acc.String(), func(t *testing.T) {
				b := bookAt(t, 8, contract.Date(2024, 1, 1), "LP")
				require.NoError(t, b.Contribute("LP", d("0.00000001")))
				next(t, b, tc.end)
				got, err := prefOwed(terms.base, terms.acc)(b, rate30360(tc.rate, tc.c))
				require.NoError(t, err)
				requireDec(t, tc.owed, got)
			})
		}
	}
}

// TestPref_OnContributedMoreOnTheSameDate: capital contributed on a date
// after the pref has been paid on it counts from that date, on the first
// date of the book and on a later one. 10% simple on 30/360 on
// contributed capital: the LP puts in 1,000.00, the pref is paid (nothing
// owed), 500.01 more comes in on the same date; a year later it owes
// 1,500.01 × 10% = 150.001 → 150.01. The same again in the second year:
// after the 150.01 is paid, 0.99 more comes in; a year later it owes the
// 150.001 + 1,501.00 × 10% = 300.101 accrued less the 150.01 paid,
// 150.091 → 150.10.
func TestPref_OnContributedMoreOnTheSameDate(t *testing.T) {
	ps := annualPeriods(3)
	pref := tranche.Must(tranche.NewPreferredReturn(tranche.PreferredReturn{Name: "pref", Parties: ids("LP"),
		Rate: rate30360("0.10", contract.Simple), Base: tranche.OnContributed}))
	h := newDriver(t, partiesOf("LP", "0")...)
	h.advance(ps[0]).put("LP", "1000.00")
	_, paid := h.pay(pref, "100")
	requireDec(t, "0", paid)
	h.put("LP", "500.01")
	h.advance(ps[1])
	requireDec(t, "150.01", h.owed(pref).Amount)
	_, paid = h.pay(pref, "1000")
	requireDec(t, "150.01", paid)
	h.put("LP", "0.99")
	h.advance(ps[2])
	requireDec(t, "150.10", h.owed(pref).Amount)
}

// TestPref_OnContributedSeveralDates: every contribution counts, whatever
// dates without one (here B's) come between, when the pref is first read
// after all of them. 10% simple on 30/360 on contributed capital: the LP
// puts in 1,000.00 at the end of 2024 and 500.01 at the end of 2026, B
// 7.00 at the end of 2025; at the end of 2027 the LP is owed 1,000 × 30% +
// 500.01 × 10% = 350.001 → 350.01.
func TestPref_OnContributedSeveralDates(t *testing.T) {
	ps := annualPeriods(4)
	pref := tranche.Must(tranche.NewPreferredReturn(tranche.PreferredReturn{Name: "pref", Parties: ids("LP"),
		Rate: rate30360("0.10", contract.Simple), Base: tranche.OnContributed}))
	h := newDriver(t, partiesOf("LP", "0", "B", "0")...)
	h.advance(ps[0]).put("LP", "1000.00")
	h.advance(ps[1]).put("B", "7.00")
	h.advance(ps[2]).put("LP", "500.01")
	h.advance(ps[3])
	requireDec(t, "350.01", h.owed(pref).Amount)
}

// TestPref_NonCumulativeCapitalReturnedInPeriod: a current-pay pref owes
// the period's accrual on the capital in place at the period's start;
// capital returned at the period's end, before the pref reads it, still
// earned the period. 10% compounding annually on 30/360: the LP puts in
// 1,000.00 at the end of year 0; at the end of year 1, 400.00 of capital
// comes back first. On unreturned capital year 1 owes 1,000 × 10% =
// 100.00 (not 600 × 10% = 60.00); on contributed capital 100.00 too (not
// 140.00).
func TestPref_NonCumulativeCapitalReturnedInPeriod(t *testing.T) {
	ps := annualPeriods(2)
	for _, base := range []tranche.PrefBase{tranche.OnUnreturned, tranche.OnContributed} {
		t.Run(base.String(), func(t *testing.T) {
			pref := tranche.Must(tranche.NewPreferredReturn(tranche.PreferredReturn{Name: "pref", Parties: ids("LP"),
				Rate: rate30360("0.10", contract.Annual), Base: base, Accrual: tranche.NonCumulative}))
			h := newDriver(t, partiesOf("LP", "0")...)
			h.advance(ps[0]).put("LP", "1000.00")
			h.advance(ps[1]).post("LP", tranche.KindCapital, "400.00")
			requireDec(t, "100.00", h.owed(pref).Amount)
		})
	}
}
