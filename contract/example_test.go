package contract_test

import (
	"errors"
	"fmt"

	"github.com/jvwaterfall/jvwaterfall/contract"
	"github.com/shopspring/decimal"
)

func ExampleDayCount_YearFraction() {
	from, to := contract.Date(2007, 12, 28), contract.Date(2008, 2, 29)
	for _, dc := range []contract.DayCount{contract.ACT365F, contract.ACT360, contract.Thirty360US, contract.Thirty360E, contract.ACTACTISDA} {
		num, den := dc.Fraction(from, to)
		fmt.Printf("%-12s %d/%d = %s\n", dc, num, den, dc.YearFraction(from, to).StringFixed(10))
	}
	// Output:
	// ACT/365F     63/365 = 0.1726027397
	// ACT/360      7/40 = 0.1750000000
	// 30/360 US    61/360 = 0.1694444444
	// 30E/360      61/360 = 0.1694444444
	// ACT/ACT ISDA 22999/133590 = 0.1721610899
}

func ExampleRate_Growth() {
	r := contract.Rate{
		Annual:      decimal.RequireFromString("0.08"),
		Compounding: contract.Annual,
		DayCount:    contract.ACTACTISDA,
	}
	start := contract.Date(2021, 1, 1)
	g, _ := r.Growth(start, contract.Date(2024, 1, 1)) // three whole years
	fmt.Println(r, g)
	g, _ = r.Growth(start, contract.Date(2021, 4, 1)) // 90/365 of a year
	fmt.Println(g)
	back, _ := r.Growth(contract.Date(2021, 4, 1), start) // backwards: the inverse factor
	fmt.Println(back)
	_, err := contract.Rate{Annual: decimal.RequireFromString("-1"), Compounding: contract.Annual}.Growth(start, start.AddDate(1, 0, 0))
	fmt.Println(err)
	// Output:
	// 8% annual ACT/ACT ISDA 1.259712
	// 1.01915789694194748365
	// 0.98120222882103739263
	// annual: -1 with annual compounding must be greater than -1: out of range
}

func ExampleSchedule_Periods() {
	s := contract.Schedule{
		Start:      contract.Date(2024, 1, 31),
		End:        contract.Date(2024, 6, 15),
		Frequency:  contract.EveryMonth,
		EndOfMonth: true,
	}
	periods, _ := s.Periods()
	for _, p := range periods {
		fmt.Println(p.Index, p.Start.Format("2006-01-02"), "→", p.End.Format("2006-01-02"))
	}
	// Output:
	// 0 2024-01-31 → 2024-02-29
	// 1 2024-02-29 → 2024-03-31
	// 2 2024-03-31 → 2024-04-30
	// 3 2024-04-30 → 2024-05-31
	// 4 2024-05-31 → 2024-06-15
}

func ExampleExplicit() {
	start := contract.Date(2025, 1, 1)
	periods, err := contract.Explicit(start, contract.Date(2025, 3, 31), contract.Date(2025, 12, 31))
	fmt.Println(len(periods), err)
	i, ok := contract.PeriodIndex(periods, contract.Date(2025, 4, 1))
	fmt.Println(i, ok)

	_, err = contract.Explicit(start, contract.Date(2025, 3, 31), contract.Date(2025, 6, 30), contract.Date(2025, 9, 30), contract.Date(2025, 9, 1))
	fmt.Println(err)
	// Output:
	// 2 <nil>
	// 1 true
	// ends[3]: 2025-09-01 is not after 2025-09-30: out of order
}

func ExampleManagementFee_Schedule() {
	// 2% of 100M commitments a year, paid quarterly, through 2025; 1.5% of
	// invested capital after; 80% of transaction fees offset the fee.
	fee := contract.ManagementFee{
		CommitmentRate: decimal.RequireFromString("0.02"),
		InvestedRate:   decimal.RequireFromString("0.015"),
		InvestmentEnd:  contract.Date(2025, 12, 31),
		PeriodsPerYear: 4,
		OffsetShare:    decimal.RequireFromString("0.8"),
		CarryOffsets:   true,
	}
	periods, _ := contract.Schedule{Start: contract.Date(2025, 6, 30), End: contract.Date(2026, 6, 30),
		Frequency: contract.EveryQuarter, EndOfMonth: true}.Periods()
	invested := []decimal.Decimal{decimal.Zero, decimal.Zero, decimal.RequireFromString("80000000"), decimal.RequireFromString("60000000")}
	income := []decimal.Decimal{decimal.RequireFromString("250000"), decimal.Zero, decimal.Zero, decimal.Zero}
	lines, err := fee.Schedule(periods, decimal.RequireFromString("100000000"), invested, income, 2)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, l := range lines {
		fmt.Printf("%s  basis %12s  gross %10s  offset %10s  net %10s\n", l.Date.Format("2006-01-02"),
			l.Basis.StringFixed(0), l.Gross.StringFixed(2), l.Offset.StringFixed(2), l.Net.StringFixed(2))
	}
	// Output:
	// 2025-09-30  basis    100000000  gross  500000.00  offset  200000.00  net  300000.00
	// 2025-12-31  basis    100000000  gross  500000.00  offset       0.00  net  500000.00
	// 2026-03-31  basis     80000000  gross  300000.00  offset       0.00  net  300000.00
	// 2026-06-30  basis     60000000  gross  225000.00  offset       0.00  net  225000.00
}

// At-flows compounding grows a balance simply from one movement to the
// next, and compounds on each: over the 91 days of the first quarter of
// 2024 (29 February included) on ACT/365F, 1 + 0.08 × 91/365; quarterly
// compounding gives (1 + 0.08/4)^(4 × 91/365) whatever the flows (both
// checked with Python's decimal module to 50 digits).
func ExampleCompounding_atFlows() {
	from, to := contract.Date(2023, 12, 31), contract.Date(2024, 3, 31)
	for _, c := range []contract.Compounding{contract.AtFlows, contract.Quarterly} {
		g, _ := contract.Rate{Annual: decimal.RequireFromString("0.08"), Compounding: c}.Growth(from, to)
		fmt.Println(c, g.StringFixed(12))
	}
	// Output:
	// at-flows 1.019945205479
	// quarterly 1.019944662652
}

// InSchedule says whether a date falls in a schedule and, when it does
// not, why: a period is (Start, End], so the schedule's start belongs to
// none of them.
func ExampleInSchedule() {
	periods, _ := contract.Schedule{Start: contract.Date(2024, 12, 31), End: contract.Date(2026, 12, 31), Frequency: contract.EveryYear}.Periods()
	fmt.Println(contract.InSchedule(periods, contract.Date(2025, 6, 30)))
	fmt.Println(contract.InSchedule(periods, contract.Date(2027, 3, 31)))
	fmt.Println(contract.InSchedule(periods, contract.Date(2024, 12, 31)))
	fmt.Println(errors.Is(contract.InSchedule(nil, contract.Date(2025, 1, 1)), contract.ErrRange))
	// Output:
	// <nil>
	// 2027-03-31 is outside the schedule (2024-12-31, 2026-12-31]: out of range
	// 2024-12-31 is outside the schedule (2024-12-31, 2026-12-31]; the start only closes the period before the first: start the schedule a period earlier: out of range
	// true
}
