package metrics_test

import (
	"errors"
	"fmt"
	"time"

	"github.com/jvwaterfall/jvwaterfall/contract"
	"github.com/jvwaterfall/jvwaterfall/metrics"
	"github.com/shopspring/decimal"
)

func exampleDate(s string) time.Time {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return t
}

// The table of the Excel XIRR help: an investment of 10,000 and four
// irregular returns.
func ExampleXIRR() {
	flows := []contract.Flow{
		{Date: exampleDate("2008-01-01"), Amount: decimal.RequireFromString("-10000")},
		{Date: exampleDate("2008-03-01"), Amount: decimal.RequireFromString("2750")},
		{Date: exampleDate("2008-10-30"), Amount: decimal.RequireFromString("4250")},
		{Date: exampleDate("2009-02-15"), Amount: decimal.RequireFromString("3250")},
		{Date: exampleDate("2009-04-01"), Amount: decimal.RequireFromString("2750")},
	}
	r, err := metrics.XIRR(flows)
	fmt.Printf("%.9f %v\n", r, err)
	// Output: 0.373362534 <nil>
}

// Money paid in and nothing back yet: no rate solves the flows.
func ExampleXIRR_noRoot() {
	_, err := metrics.XIRR([]contract.Flow{
		{Date: exampleDate("2021-01-01"), Amount: decimal.RequireFromString("-1000")},
		{Date: exampleDate("2021-06-30"), Amount: decimal.RequireFromString("-500")},
	})
	fmt.Println(errors.Is(err, metrics.ErrNoRoot))
	// Output: true
}

// Periodic flows from the Excel IRR help, and a vector with two rates of
// return (10% and 20%), which IRR refuses to choose between.
func ExampleIRR() {
	values := []decimal.Decimal{
		decimal.NewFromInt(-70000), decimal.NewFromInt(12000), decimal.NewFromInt(15000),
		decimal.NewFromInt(18000), decimal.NewFromInt(21000), decimal.NewFromInt(26000),
	}
	r, err := metrics.IRR(values)
	fmt.Printf("%.4f %v\n", r, err)

	_, err = metrics.IRR([]decimal.Decimal{
		decimal.NewFromInt(-100), decimal.NewFromInt(230), decimal.NewFromInt(-132),
	})
	fmt.Println(errors.Is(err, metrics.ErrMultipleRoots))
	// Output:
	// 0.0866 <nil>
	// true
}

// 50 paid today and 110 received in a year are worth 50 today at 10%.
func ExampleXNPV() {
	flows := []contract.Flow{
		{Date: exampleDate("2021-01-01"), Amount: decimal.RequireFromString("-50.00")},
		{Date: exampleDate("2022-01-01"), Amount: decimal.RequireFromString("110.00")},
	}
	npv, err := metrics.XNPV(decimal.RequireFromString("0.10"), flows, 2)
	fmt.Println(npv.StringFixed(2), err)
	// Output: 50.00 <nil>
}

// 100 paid now, 121 received two periods later: worth 0 at 10% a period,
// the rate IRR finds, and 21 at 0%.
func ExampleNPV() {
	values := []decimal.Decimal{decimal.NewFromInt(-100), decimal.Zero, decimal.NewFromInt(121)}
	at10, err := metrics.NPV(decimal.RequireFromString("0.10"), values, 2)
	fmt.Println(at10.StringFixed(2), err)
	at0, err := metrics.NPV(decimal.Zero, values, 2)
	fmt.Println(at0.StringFixed(2), err)
	// Output:
	// 0.00 <nil>
	// 21.00 <nil>
}

func ExampleMOIC() {
	m, err := metrics.MOIC(decimal.RequireFromString("1500000"), decimal.RequireFromString("4000000"))
	fmt.Println(m, err)
	// Output: 2.6666666667 <nil>
}

// An investor paid in 1,000, has received 1,200 and still holds an
// interest valued at 100.
func ExamplePaidInMultiples() {
	m, err := metrics.PaidInMultiples(decimal.RequireFromString("1000"),
		decimal.RequireFromString("1200"), decimal.RequireFromString("100"))
	fmt.Println(m.DPI, m.RVPI, m.TVPI, err)
	// Output: 1.2 0.1 1.3 <nil>
}

// The zero Multiples are all zero: what a summary holds for a party that
// paid nothing in.
func ExampleMultiples() {
	var m metrics.Multiples
	fmt.Println(m.DPI, m.RVPI, m.TVPI)
	m, _ = metrics.PaidInMultiples(decimal.NewFromInt(3), decimal.NewFromInt(1), decimal.Zero)
	fmt.Println(m.DPI, m.TVPI)
	// Output:
	// 0 0 0
	// 0.3333333333 0.3333333333
}
