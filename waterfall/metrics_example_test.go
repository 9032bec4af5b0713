package waterfall_test

import (
	"errors"
	"fmt"
	"time"

	"github.com/jvwaterfall/jvwaterfall/contract"
	"github.com/jvwaterfall/jvwaterfall/tranche"
	"github.com/jvwaterfall/jvwaterfall/waterfall"
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
	r, err := waterfall.XIRR(flows)
	fmt.Printf("%.9f %v\n", r, err)
	// Output: 0.373362534 <nil>
}

// Periodic flows from the Excel IRR help, and a vector with two rates of
// return (10% and 20%), which IRR refuses to choose between.
func ExampleIRR() {
	values := []decimal.Decimal{
		decimal.NewFromInt(-70000), decimal.NewFromInt(12000), decimal.NewFromInt(15000),
		decimal.NewFromInt(18000), decimal.NewFromInt(21000), decimal.NewFromInt(26000),
	}
	r, err := waterfall.IRR(values)
	fmt.Printf("%.4f %v\n", r, err)

	_, err = waterfall.IRR([]decimal.Decimal{
		decimal.NewFromInt(-100), decimal.NewFromInt(230), decimal.NewFromInt(-132),
	})
	fmt.Println(errors.Is(err, waterfall.ErrMultipleRoots))
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
	npv, err := waterfall.XNPV(decimal.RequireFromString("0.10"), flows, 2)
	fmt.Println(npv.StringFixed(2), err)
	// Output: 50.00 <nil>
}

func ExampleMOIC() {
	m, err := waterfall.MOIC(decimal.RequireFromString("1500000"), decimal.RequireFromString("4000000"))
	fmt.Println(m, err)
	// Output: 2.6666666667 <nil>
}

// An LP puts in 1000 and gets 1200 back two years later, 200 of it from an
// 80/20 split; it still holds an interest valued at 100. Its XIRR is
// √1.3 − 1 = 0.1402 (1300 of value 730 days after 1000 went in).
func ExampleResult_Metrics() {
	d := decimal.RequireFromString
	periods, _ := contract.Explicit(exampleDate("2020-12-31"), exampleDate("2021-01-01"), exampleDate("2023-01-01"))
	roc, _ := tranche.NewReturnOfCapital(tranche.ReturnOfCapital{Name: "capital", Parties: []tranche.PartyID{"LP"}})
	split, _ := tranche.NewSplit(tranche.Split{
		Name: "80/20",
		Shares: []tranche.Share{
			{Parties: []tranche.PartyID{"LP"}, Weight: d("0.8")},
			{Parties: []tranche.PartyID{"GP"}, Weight: d("0.2"), Promote: true},
		},
	})
	res, err := waterfall.Run(&waterfall.Deal{
		Currency: "USD", Scale: 2,
		Parties:       []waterfall.Party{{ID: "LP", Commitment: d("1000")}, {ID: "GP", Role: waterfall.RoleSponsor}},
		Periods:       periods,
		Contributions: []waterfall.Contribution{{Date: exampleDate("2021-01-01"), Party: "LP", Amount: d("1000")}},
		Proceeds:      []contract.Flow{{Date: exampleDate("2023-01-01"), Amount: d("1250")}},
		Stack:         tranche.Sequence(roc, split),
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	lp, _ := res.Metrics("LP", d("100"))
	gp, _ := res.Metrics("GP", decimal.Zero)
	fmt.Printf("LP: XIRR %.4f DPI %s RVPI %s TVPI %s\n", lp.XIRR, lp.DPI, lp.RVPI, lp.TVPI)
	fmt.Printf("GP: promote %s, %s of the profit\n", gp.Promote, gp.PromoteShare)
	// Output:
	// LP: XIRR 0.1402 DPI 1.2 RVPI 0.1 TVPI 1.3
	// GP: promote 50, 0.2 of the profit
}
