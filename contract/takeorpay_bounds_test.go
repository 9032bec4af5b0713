package contract_test

import (
	"testing"

	"github.com/jvwaterfall/jvwaterfall/contract"
	"github.com/shopspring/decimal"
)

// TestTakeOrPay_ValidateBoundaries puts each term of TakeOrPay.Validate
// exactly at its limit (valid) and one step past it (invalid).
func TestTakeOrPay_ValidateBoundaries(t *testing.T) {
	good := contract.TakeOrPay{
		Buyer: "B", Seller: "S", Start: contract.Date(2020, 12, 31), End: contract.Date(2025, 12, 31),
		Minimum: dec("100"), Price: dec("10"), ShortfallShare: dec("0.75"),
	}
	d := contract.Date
	tests := []struct {
		name string
		edit func(*contract.TakeOrPay)
		want map[string]error // nil: valid
	}{
		{"end on the start day", func(c *contract.TakeOrPay) { c.End = c.Start }, map[string]error{"end": contract.ErrOrder}},
		{"end a day after the start", func(c *contract.TakeOrPay) { c.End = d(2021, 1, 1) }, nil},
		{"zero minimum, price and share", func(c *contract.TakeOrPay) {
			c.Minimum, c.Price, c.ShortfallShare = decimal.Zero, decimal.Zero, decimal.Zero
		}, nil},
		{"share of exactly 1", func(c *contract.TakeOrPay) { c.ShortfallShare = dec("1") }, nil},
		{"share just over 1", func(c *contract.TakeOrPay) { c.ShortfallShare = dec("1.0001") }, map[string]error{"shortfall_share": contract.ErrRange}},
		{"share just below 0", func(c *contract.TakeOrPay) { c.ShortfallShare = dec("-0.0001") }, map[string]error{"shortfall_share": contract.ErrRange}},
		{"a zero entry of the ramp", func(c *contract.TakeOrPay) { c.Minimum, c.Minimums = decimal.Zero, decs("0", "100") }, nil},
		{"zero windows, credit life and cap", func(c *contract.TakeOrPay) {
			c.MakeUp = contract.MakeUp{Window: 0, Years: 0, Cap: decimal.Zero}
			c.CarryForward.Window = 0
		}, nil},
		{"one credit life", func(c *contract.TakeOrPay) { c.MakeUp = contract.MakeUp{Years: 1} }, nil},
		// Five contract years (the term's last day, 2025-12-31, closes
		// contract year 4): five levels are enough, four are not.
		{"an index level for every contract year", func(c *contract.TakeOrPay) {
			c.Escalation.Index = decs("100", "101", "102", "103", "104")
		}, nil},
		{"an index level short", func(c *contract.TakeOrPay) {
			c.Escalation.Index = decs("100", "101", "102", "103")
		}, map[string]error{"escalation.index": contract.ErrRange}},
		{"a suspension of no days", func(c *contract.TakeOrPay) {
			c.Suspensions = []contract.Suspension{{From: d(2021, 5, 1), To: d(2021, 5, 1)}}
		}, map[string]error{"suspensions[0].to": contract.ErrOrder}},
		{"a suspension of one day", func(c *contract.TakeOrPay) {
			c.Suspensions = []contract.Suspension{{From: d(2021, 5, 1), To: d(2021, 5, 2)}}
		}, nil},
		{"a suspension without an end", func(c *contract.TakeOrPay) {
			c.Suspensions = []contract.Suspension{{From: d(2021, 5, 1)}}
		}, map[string]error{"suspensions[0].to": contract.ErrRequired}},
		// From is exclusive, so a suspension may start on the day the one
		// before ends; a day earlier they would share a day.
		{"suspensions back to back", func(c *contract.TakeOrPay) {
			c.Suspensions = []contract.Suspension{{From: d(2021, 5, 1), To: d(2021, 6, 1)}, {From: d(2021, 6, 1), To: d(2021, 7, 1)}}
		}, nil},
		{"suspensions sharing a day", func(c *contract.TakeOrPay) {
			c.Suspensions = []contract.Suspension{{From: d(2021, 5, 1), To: d(2021, 6, 1)}, {From: d(2021, 5, 31), To: d(2021, 7, 1)}}
		}, map[string]error{"suspensions[1].from": contract.ErrOrder}},
		{"a suspension after one without an end", func(c *contract.TakeOrPay) {
			c.Suspensions = []contract.Suspension{{From: d(2021, 5, 1)}, {From: d(2021, 4, 1), To: d(2021, 7, 1)}}
		}, map[string]error{"suspensions[0].to": contract.ErrRequired}},
		{"termination on the start day", func(c *contract.TakeOrPay) { c.Termination.Date = c.Start }, map[string]error{"termination.date": contract.ErrRange}},
		{"termination a day after the start", func(c *contract.TakeOrPay) { c.Termination.Date = d(2021, 1, 1) }, nil},
		{"termination on the last day", func(c *contract.TakeOrPay) { c.Termination.Date = c.End }, map[string]error{"termination.date": contract.ErrRange}},
		{"termination a day before the last", func(c *contract.TakeOrPay) {
			c.Termination = contract.Termination{Date: d(2025, 12, 30), Fixed: decimal.Zero, Share: dec("1")}
		}, nil},
		{"termination share of 0", func(c *contract.TakeOrPay) {
			c.Termination = contract.Termination{Date: d(2023, 6, 30), Fixed: dec("5")}
		}, nil},
		{"a termination share without a date", func(c *contract.TakeOrPay) { c.Termination.Share = dec("0.5") },
			map[string]error{"termination.date": contract.ErrRequired}},
		// Without valid dates, a termination date is not checked against them.
		{"termination with no term", func(c *contract.TakeOrPay) { c.End, c.Termination.Date = time0, d(2030, 1, 1) },
			map[string]error{"end": contract.ErrRequired}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c := good
			tc.edit(&c)
			err := c.Validate()
			if tc.want == nil {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			requireFields(t, err, tc.want)
		})
	}
}
