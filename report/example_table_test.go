package report_test

import (
	"fmt"
	"os"

	"github.com/jvwaterfall/jvwaterfall/report"
)

// The example fund: the LP puts in 1,000.00 and gets 1,160.00 back
// (capital, then 80% of 200), the GP 40.00 of promote.
func ExampleWriteSummaryTable() {
	sums, err := report.Summaries(exampleFund(), nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	if err := report.WriteSummaryTable(os.Stdout, sums); err != nil {
		fmt.Println(err)
	}
	// Output:
	// party     name      role  contributed  distributed  paid out     net  promote    DPI   TVPI    XIRR  IRR/period     payback
	//      LP       LP  investor     1,000.00     1,160.00      0.00  160.00     0.00  1.16x  1.16x  17.52%       4.12%  2026-06-30
	//      GP  Sponsor   sponsor         0.00        40.00      0.00   40.00    40.00      -      -       -           -           -
}

func ExampleWriteSummaryCSV() {
	sums, err := report.Summaries(exampleFund(), nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	if err := report.WriteSummaryCSV(os.Stdout, sums); err != nil {
		fmt.Println(err)
	}
	// Output:
	// party,name,role,contributed,distributed,paid_out,net,promote,dpi,tvpi,xirr,periodic_irr,payback_period,payback_date
	// LP,LP,investor,1000.00,1160.00,0.00,160.00,0.00,1.16,1.16,0.17524285,0.04123967,5,2026-06-30
	// GP,Sponsor,sponsor,0.00,40.00,0.00,40.00,40.00,,,,,,
}

func ExampleSummaryRecords() {
	sums, err := report.Summaries(exampleFund(), nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(report.SummaryHeader()[10], report.SummaryRecords(sums)[0][10])
	// Output:
	// xirr 0.17524285
}

func ExampleWritePaymentsTable() {
	if err := report.WritePaymentsTable(os.Stdout, exampleFund()); err != nil {
		fmt.Println(err)
	}
	// Output:
	// period        date  tranche  party  from     kind  amount    before   after
	//        2  2025-09-30  capital     LP     -  capital  300.00  1,000.00  700.00
	//        3  2025-12-31  capital     LP     -  capital  300.00    700.00  400.00
	//        5  2026-06-30  capital     LP     -  capital  400.00    400.00    0.00
	//        5  2026-06-30    carry     LP     -   profit  160.00      0.00  160.00
	//        5  2026-06-30    carry     GP     -  promote   40.00      0.00   40.00
}

func ExampleWritePaymentsCSV() {
	if err := report.WritePaymentsCSV(os.Stdout, exampleFund()); err != nil {
		fmt.Println(err)
	}
	// Output:
	// period,date,tranche,party,from,kind,amount,before,after
	// 2,2025-09-30,capital,LP,,capital,300.00,1000.00,700.00
	// 3,2025-12-31,capital,LP,,capital,300.00,700.00,400.00
	// 5,2026-06-30,capital,LP,,capital,400.00,400.00,0.00
	// 5,2026-06-30,carry,LP,,profit,160.00,0.00,160.00
	// 5,2026-06-30,carry,GP,,promote,40.00,0.00,40.00
}

func ExamplePaymentRecords() {
	recs, err := report.PaymentRecords(exampleFund())
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(report.PaymentsHeader())
	fmt.Println(recs[0])
	// Output:
	// [period date tranche party from kind amount before after]
	// [2 2025-09-30 capital LP  capital 300.00 1000.00 700.00]
}
