package tranche_test

import (
	"fmt"
	"time"

	"github.com/jvwaterfall/jvwaterfall/contract"
	"github.com/jvwaterfall/jvwaterfall/tranche"
)

// A tool that writes stacks out reads a window's dates with Bounds.
func ExampleWindowed() {
	roc, _ := tranche.NewReturnOfCapital(tranche.ReturnOfCapital{Name: "sale-capital", Parties: []tranche.PartyID{"LP"}})
	t := tranche.Window(contract.Date(2027, 12, 31), time.Time{}, roc)
	if w, ok := t.(tranche.Windowed); ok {
		from, to := w.Bounds()
		fmt.Println(t.ID(), from.Format(time.DateOnly), to.IsZero(), w.Children()[0].ID())
	}
	// Output: window(sale-capital) 2027-12-31 true sale-capital
}
