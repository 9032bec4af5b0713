package contract_test

import (
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
