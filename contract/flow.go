package contract

import (
	"time"

	"github.com/shopspring/decimal"
)

// Flow is an amount of money on a date. Sign conventions belong to whoever
// builds the flows; the metrics in package waterfall read them from the
// party's side: money paid in is negative, money received is positive.
type Flow struct {
	Date   time.Time       // only the calendar date counts
	Amount decimal.Decimal // in currency units, e.g. 1234.56
}
