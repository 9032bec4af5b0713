package tranche_test

import (
	"fmt"

	"github.com/jvwaterfall/jvwaterfall/contract"
	"github.com/jvwaterfall/jvwaterfall/tranche"
	"github.com/shopspring/decimal"
)

// The Gust example: $2M for 30% with a 1x fully participating preference;
// at a $10M exit the investor takes $2M and then 30% of the $8M left.
// https://docs.equity.gust.com/article/42-participating-preferred
func ExampleCapTable() {
	d := decimal.RequireFromString
	ct, err := tranche.NewCapTable(tranche.CapTable{
		Name: "exit",
		Preferred: []tranche.Series{{Name: "Series A", Multiple: d("1"), Participating: true,
			Holders: []tranche.Stake{{Party: "investor", Shares: d("3000000"), Invested: d("2000000")}}}},
		Common: []tranche.CommonClass{{Name: "Common",
			Holders: []tranche.Stake{{Party: "founders", Shares: d("7000000")}}}},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	dist, err := ct.Distribute(d("10000000"), 2)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, c := range dist.Classes {
		fmt.Printf("%-8s preference %10s  participation %10s  total %10s\n",
			c.Class, c.Preference.StringFixed(2), c.Participation.StringFixed(2), c.Total.StringFixed(2))
	}
	// Output:
	// Series A preference 2000000.00  participation 2400000.00  total 4400000.00
	// Common   preference       0.00  participation 5600000.00  total 5600000.00
}

// A non-participating series takes the greater of its preference and its
// share as converted: 1x on $5M for 25% of the company.
func ExampleSeries() {
	d := decimal.RequireFromString
	ct := tranche.Must(tranche.NewCapTable(tranche.CapTable{
		Name: "exit",
		Preferred: []tranche.Series{{Name: "Series A", Multiple: d("1"),
			Holders: []tranche.Stake{{Party: "fund", Shares: d("1000000"), Invested: d("5000000")}}}},
		Common: []tranche.CommonClass{{Name: "Common", Holders: []tranche.Stake{{Party: "founders", Shares: d("3000000")}}}},
	}))
	for _, exit := range []string{"8000000", "20000000", "40000000"} {
		dist, _ := ct.Distribute(d(exit), 2)
		a, _ := dist.Class("Series A")
		fmt.Printf("exit %9s: Series A %11s converted %v\n", exit, a.Total.StringFixed(2), a.Converted)
	}
	// Output:
	// exit   8000000: Series A  5000000.00 converted false
	// exit  20000000: Series A  5000000.00 converted false
	// exit  40000000: Series A 10000000.00 converted true
}

// Options are exercised only in the money; the strike is paid in, and the
// holders are paid net of it. At $11M with 10M common and 1M options at
// $1, the value per share is ($11M + $1M) / 11M shares = $1.0909….
func ExampleCommonClass() {
	d := decimal.RequireFromString
	ct := tranche.Must(tranche.NewCapTable(tranche.CapTable{
		Name: "exit",
		Common: []tranche.CommonClass{
			{Name: "Common", Holders: []tranche.Stake{{Party: "founders", Shares: d("10000000")}}},
			{Name: "Options", Strike: d("1"), Holders: []tranche.Stake{{Party: "employees", Shares: d("1000000")}}},
		},
	}))
	for _, exit := range []string{"9000000", "11000000"} {
		dist, _ := ct.Distribute(d(exit), 2)
		o, _ := dist.Class("Options")
		fmt.Printf("exit %s: options %s (exercised %v, strike paid in %s), founders %s\n",
			exit, o.Total.StringFixed(2), o.Exercised, dist.Exercise, dist.Party("founders").StringFixed(2))
	}
	// Output:
	// exit 9000000: options 0.00 (exercised false, strike paid in 0), founders 9000000.00
	// exit 11000000: options 90909.09 (exercised true, strike paid in 1000000), founders 10909090.91
}

// Holdings are shared within a class: the preference by what each holder
// invested, the rest by shares.
func ExampleHolding() {
	d := decimal.RequireFromString
	ct := tranche.Must(tranche.NewCapTable(tranche.CapTable{
		Name: "exit",
		Preferred: []tranche.Series{{Name: "Seed", Multiple: d("1"), Holders: []tranche.Stake{
			{Party: "angel", Shares: d("100000"), Invested: d("100000")},
			{Party: "fund", Shares: d("300000"), Invested: d("300000")},
		}}},
		Common: []tranche.CommonClass{{Name: "Common", Holders: []tranche.Stake{{Party: "founder", Shares: d("600000")}}}},
	}))
	dist, _ := ct.Distribute(d("200000"), 2)
	for _, h := range dist.Classes[0].Holders {
		fmt.Println(h.Party, h.Preference.StringFixed(2))
	}
	// Output:
	// angel 50000.00
	// fund 150000.00
}

// Breakpoints of a senior non-participating Series B over a Series A
// participating with a 2x cap, and common.
func ExampleCapTable_Breakpoints() {
	d := decimal.RequireFromString
	ct := tranche.Must(tranche.NewCapTable(tranche.CapTable{
		Name: "exit",
		Preferred: []tranche.Series{
			{Name: "B", Seniority: 1, Multiple: d("1"), Holders: []tranche.Stake{{Party: "b", Shares: d("1000000"), Invested: d("4000000")}}},
			{Name: "A", Multiple: d("1"), Participating: true, Cap: d("2"), Holders: []tranche.Stake{{Party: "a", Shares: d("1000000"), Invested: d("1000000")}}},
		},
		Common: []tranche.CommonClass{{Name: "Common", Holders: []tranche.Stake{{Party: "founders", Shares: d("2000000")}}}},
	}))
	bs, _ := ct.Breakpoints()
	for _, b := range bs {
		fmt.Printf("%10s  %-6s %s\n", b.Exit.StringFixed(2), b.Class, b.Kind)
	}
	// Output:
	//       0.00  B      starts to receive
	// 4000000.00  B      preference paid
	// 4000000.00  A      starts to receive
	// 5000000.00  A      preference paid
	// 5000000.00  A      participates
	// 5000000.00  Common starts to receive
	// 8000000.00  A      cap reached
	// 10000000.00  A      converts
	// 16000000.00  B      converts
}

// The exit the founders need before they see their first dollar.
func ExampleCapTable_ExitFor() {
	d := decimal.RequireFromString
	ct := tranche.Must(tranche.NewCapTable(tranche.CapTable{
		Name:      "exit",
		Preferred: []tranche.Series{{Name: "A", Multiple: d("1"), Holders: []tranche.Stake{{Party: "fund", Shares: d("1000000"), Invested: d("5000000")}}}},
		Common:    []tranche.CommonClass{{Name: "Founders", Holders: []tranche.Stake{{Party: "founders", Shares: d("3000000")}}}},
	}))
	x, _ := ct.ExitFor("Founders", d("1"), 2)
	fmt.Println(x.StringFixed(2))
	// Output: 5000001.00
}

// A payout table over a range of exit values.
func ExampleCapTable_PayoutTable() {
	d := decimal.RequireFromString
	ct := tranche.Must(tranche.NewCapTable(tranche.CapTable{
		Name:      "exit",
		Preferred: []tranche.Series{{Name: "A", Multiple: d("2"), Holders: []tranche.Stake{{Party: "fund", Shares: d("1000000"), Invested: d("1000000")}}}},
		Common:    []tranche.CommonClass{{Name: "Common", Holders: []tranche.Stake{{Party: "founders", Shares: d("1000000")}}}},
	}))
	rows, _ := ct.PayoutTable([]decimal.Decimal{d("1000000"), d("3000000"), d("5000000")}, 0)
	for _, r := range rows {
		fmt.Println(r.Exit, r.Classes[0].Total, r.Classes[1].Total, r.Price)
	}
	// Output:
	// 1000000 1000000 0 0
	// 3000000 2000000 1000000 1
	// 5000000 2500000 2500000 2.5
}

// A cap table runs in a book like any tranche: here it is offered $10M,
// and posts the preference and the participation as separate payments.
func ExampleCapTable_Pay() {
	d := decimal.RequireFromString
	ct := tranche.Must(tranche.NewCapTable(tranche.CapTable{
		Name: "exit",
		Preferred: []tranche.Series{{Name: "A", Multiple: d("1"), Participating: true,
			Holders: []tranche.Stake{{Party: "investor", Shares: d("3000000"), Invested: d("2000000")}}}},
		Common: []tranche.CommonClass{{Name: "Common", Holders: []tranche.Stake{{Party: "founders", Shares: d("7000000")}}}},
	}))
	b, _ := tranche.NewBook(2, []tranche.Party{{ID: "investor"}, {ID: "founders"}})
	_ = b.Advance(contract.Period{Start: contract.Date(2025, 1, 1), End: contract.Date(2025, 12, 31)})
	paid, err := tranche.PayChecked(b, ct, d("10000000"))
	fmt.Println(paid, err)
	for p := range b.Ledger().Values() {
		fmt.Println(p.Party, p.Kind, p.Amount)
	}
	// Output:
	// 10000000 <nil>
	// investor pref 2000000
	// investor profit 2400000
	// founders profit 5600000
}

func ExampleBreakpointKind_String() {
	fmt.Println(tranche.BreakConverts, tranche.BreakCapReached)
	// Output: converts cap reached
}

// A breakpoint that is not a terminating decimal: $1M for 30% converts
// where 30% of the exit equals $1M plus nothing more for common, at
// p = 1M / 300,000 = 3.33… a share, an exit of 1,000,000 + 700,000 × p.
func ExampleBreakpoint() {
	d := decimal.RequireFromString
	ct := tranche.Must(tranche.NewCapTable(tranche.CapTable{
		Name:      "exit",
		Preferred: []tranche.Series{{Name: "A", Multiple: d("1"), Holders: []tranche.Stake{{Party: "fund", Shares: d("300000"), Invested: d("1000000")}}}},
		Common:    []tranche.CommonClass{{Name: "Common", Holders: []tranche.Stake{{Party: "founders", Shares: d("700000")}}}},
	}))
	bs, _ := ct.Breakpoints()
	last := bs[len(bs)-1]
	fmt.Println(last.Class, last.Kind, last.Exit, last.Exact, last.Price.StringFixed(4))
	// Output: A converts 3333333.3333333333333333 false 3.3333
}

// A party that holds two classes is paid for both: the fund's $1,000
// preference, then 100 of the 900 common shares' $4,000; the founder 800.
func ExampleDistribution_Party() {
	d := decimal.RequireFromString
	ct := tranche.Must(tranche.NewCapTable(tranche.CapTable{
		Name:      "exit",
		Preferred: []tranche.Series{{Name: "A", Multiple: d("1"), Holders: []tranche.Stake{{Party: "fund", Shares: d("100"), Invested: d("1000")}}}},
		Common: []tranche.CommonClass{{Name: "Common", Holders: []tranche.Stake{
			{Party: "fund", Shares: d("100")}, {Party: "founder", Shares: d("800")}}}},
	}))
	dist, _ := ct.Distribute(d("5000"), 2)
	fmt.Println("fund", dist.Party("fund"), "founder", dist.Party("founder"))
	// Output: fund 1444.44 founder 3555.56
}
