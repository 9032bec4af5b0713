// Package excelize compares metrics.XIRR with the XIRR of
// github.com/xuri/excelize/v2, the spreadsheet formula engine a Go user
// would otherwise reach for. It is a separate module, so that excelize
// stays out of the library's go.mod; go test ./... at the repository
// root does not enter it. Run it with
//
//	cd bench/excelize && go test -bench . -count 5
package excelize

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strconv"
	"testing"
	"time"

	"github.com/jvwaterfall/jvwaterfall/contract"
	"github.com/jvwaterfall/jvwaterfall/metrics"
	"github.com/shopspring/decimal"
	"github.com/xuri/excelize/v2"
)

// flows returns n flows like a fund's (the same generator as
// metrics' BenchmarkXIRR): calls in the first third, then
// distributions, about nine days apart, sorted by date (a spreadsheet
// lists them in order).
func flows(n int) []contract.Flow {
	rng := rand.New(rand.NewPCG(uint64(n), 7))
	start := time.Date(2015, 1, 1, 0, 0, 0, 0, time.UTC)
	fs := make([]contract.Flow, n)
	for i := range fs {
		cents := 100_000 + rng.Int64N(10_000_000)
		if i < n/3 {
			cents = -2 * cents
		}
		fs[i] = contract.Flow{Date: start.AddDate(0, 0, 9*i+rng.IntN(9)), Amount: decimal.New(cents, -2)}
	}
	return fs
}

// sheet writes the flows to columns A (amounts) and B (dates as serial
// numbers) and the formula =XIRR(A1:An,B1:Bn) to C1.
func sheet(tb testing.TB, fs []contract.Flow) *excelize.File {
	f := excelize.NewFile()
	epoch := time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC)
	for i, fl := range fs {
		a, _ := fl.Amount.Float64()
		if err := f.SetCellValue("Sheet1", fmt.Sprintf("A%d", i+1), a); err != nil {
			tb.Fatal(err)
		}
		if err := f.SetCellValue("Sheet1", fmt.Sprintf("B%d", i+1), int(fl.Date.Sub(epoch).Hours()/24)); err != nil {
			tb.Fatal(err)
		}
	}
	if err := f.SetCellFormula("Sheet1", "C1", fmt.Sprintf("XIRR(A1:A%d,B1:B%d)", len(fs), len(fs))); err != nil {
		tb.Fatal(err)
	}
	return f
}

// TestXIRR_Agrees checks that both engines find the same rate, so that
// the benchmark compares like with like.
func TestXIRR_Agrees(t *testing.T) {
	for _, n := range []int{40, 120, 1000} {
		fs := flows(n)
		ours, err := metrics.XIRR(fs)
		if err != nil {
			t.Fatal(err)
		}
		f := sheet(t, fs)
		v, err := f.CalcCellValue("Sheet1", "C1", excelize.Options{RawCellValue: true})
		if err != nil {
			t.Fatal(err)
		}
		theirs, err := strconv.ParseFloat(v, 64)
		if err != nil {
			t.Fatalf("excelize XIRR: %q", v)
		}
		if math.Abs(ours-theirs) > 1e-6 {
			t.Errorf("n=%d: ours %v, excelize %v", n, ours, theirs)
		}
	}
}

func BenchmarkXIRR(b *testing.B) {
	for _, n := range []int{40, 120, 1000} {
		fs := flows(n)
		b.Run(fmt.Sprintf("jvwaterfall/flows=%d", n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := metrics.XIRR(fs); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run(fmt.Sprintf("excelize/flows=%d", n), func(b *testing.B) {
			f := sheet(b, fs)
			a, _ := fs[0].Amount.Float64()
			b.ReportAllocs()
			for b.Loop() {
				// Setting a cell clears excelize's calculation cache, so
				// every iteration computes the formula again.
				if err := f.SetCellValue("Sheet1", "A1", a); err != nil {
					b.Fatal(err)
				}
				if _, err := f.CalcCellValue("Sheet1", "C1"); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
