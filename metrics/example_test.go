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

// A loan of 1,000 repaid in six monthly instalments of 172.55, under
// Excel's ACT/365F and under 30/360 US, where every month is 1/12 of a
// year (both figures are in the curo library's tests).
func ExampleXIRRWith() {
	flows := []contract.Flow{{Date: exampleDate("2022-01-01"), Amount: decimal.RequireFromString("-1000")}}
	for m := 2; m <= 7; m++ {
		flows = append(flows, contract.Flow{Date: exampleDate(fmt.Sprintf("2022-%02d-01", m)), Amount: decimal.RequireFromString("172.55")})
	}
	for _, dc := range []contract.DayCount{contract.ACT365F, contract.Thirty360US} {
		r, err := metrics.XIRRWith(flows, metrics.Options{DayCount: dc})
		fmt.Printf("%-9v %.10f %v\n", dc, r, err)
	}
	// Output:
	// ACT/365F  0.1283031992 <nil>
	// 30/360 US 0.1268619061 <nil>
}

// A fund's flows with a clawback have three rates, two of them just above
// −100%: XIRR refuses to choose, and a search bounded to [−99%, +10,000%]
// finds the one a reader means.
func ExampleXIRRWith_range() {
	flows := []contract.Flow{
		{Date: exampleDate("2021-01-01"), Amount: decimal.RequireFromString("-1000000")},
		{Date: exampleDate("2022-01-01"), Amount: decimal.RequireFromString("1076000")},
		{Date: exampleDate("2023-01-01"), Amount: decimal.RequireFromString("-6000")}, // clawback
		{Date: exampleDate("2024-01-01"), Amount: decimal.RequireFromString("5")},
	}
	_, err := metrics.XIRR(flows)
	fmt.Println(errors.Is(err, metrics.ErrMultipleRoots))
	r, err := metrics.XIRRWith(flows, metrics.Options{Lo: -0.99, Hi: 100})
	fmt.Printf("%.6f %v\n", r, err)
	// Output:
	// true
	// 0.070399 <nil>
}

// Every rate of the same fund, and those in [−1, 0].
func ExampleXIRRRoots() {
	flows := []contract.Flow{
		{Date: exampleDate("2021-01-01"), Amount: decimal.RequireFromString("-1000000")},
		{Date: exampleDate("2022-01-01"), Amount: decimal.RequireFromString("1076000")},
		{Date: exampleDate("2023-01-01"), Amount: decimal.RequireFromString("-6000")},
		{Date: exampleDate("2024-01-01"), Amount: decimal.RequireFromString("5")},
	}
	all, err := metrics.XIRRRoots(flows, metrics.Options{})
	fmt.Printf("%.6f %v\n", all, err)
	losses, err := metrics.XIRRRoots(flows, metrics.Options{Lo: -1, Hi: 0})
	fmt.Printf("%.6f %v\n", losses, err)
	// Output:
	// [-0.998980 -0.995419 0.070399] <nil>
	// [-0.998980 -0.995419] <nil>
}

// The oil-pump project pays 10,000 in a year for 1,600 now and costs
// 10,000 the year after: 25% and 400% both solve it. Excel's IRR (guess
// 10%) reports 25%; numpy-financial the rate nearest zero, also 25%; a
// guess of 300% picks 400%.
func ExampleIRRWith() {
	values := []decimal.Decimal{decimal.NewFromInt(-1600), decimal.NewFromInt(10000), decimal.NewFromInt(-10000)}
	for _, o := range []metrics.Options{
		{Choose: metrics.NearestGuess, Guess: 0.1},
		{Choose: metrics.SmallestMagnitude},
		{Choose: metrics.NearestGuess, Guess: 3},
	} {
		r, err := metrics.IRRWith(values, o)
		fmt.Printf("%-18v %.4f %v\n", o.Choose, r, err)
	}
	// Output:
	// nearest guess      0.2500 <nil>
	// smallest magnitude 0.2500 <nil>
	// nearest guess      4.0000 <nil>
}

// A textbook test of financial calculators (Ross, Westerfield and Jaffe):
// four rates of return.
func ExampleIRRRoots() {
	values := []decimal.Decimal{decimal.NewFromInt(-252), decimal.NewFromInt(1431),
		decimal.NewFromInt(-3035), decimal.NewFromInt(2850), decimal.NewFromInt(-1000)}
	roots, err := metrics.IRRRoots(values, metrics.Options{})
	fmt.Printf("%.4f %v\n", roots, err)
	// Output: [0.2500 0.3333 0.4286 0.6667] <nil>
}

// IRR refuses to choose between the rates of numpy's docstring example
// and lists them; numpy-financial returns the one nearest zero.
func ExampleMultipleRootsError() {
	values := []decimal.Decimal{decimal.NewFromInt(-100), decimal.NewFromInt(100), decimal.Zero, decimal.NewFromInt(-7)}
	_, err := metrics.IRR(values)
	var mre *metrics.MultipleRootsError
	if errors.As(err, &mre) {
		fmt.Printf("%.5f\n", mre.Roots)
	}
	r, _ := metrics.IRRWith(values, metrics.Options{Choose: metrics.SmallestMagnitude})
	fmt.Printf("%.5f\n", r)
	// Output:
	// [-0.67889 -0.08330]
	// -0.08330
}

// The zero Options are Excel's conventions with no guess: ACT/365F, every
// rate above −100%, and an error unless exactly one rate solves the flows.
func ExampleOptions() {
	var o metrics.Options
	fmt.Println(o.DayCount, o.Lo, o.Hi, o.Choose)
	// Output: ACT/365F 0 0 only root
}

func ExampleRootChoice() {
	for _, c := range []metrics.RootChoice{metrics.OnlyRoot, metrics.NearestGuess, metrics.SmallestMagnitude} {
		fmt.Println(c)
	}
	// Output:
	// only root
	// nearest guess
	// smallest magnitude
}
