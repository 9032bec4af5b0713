package contract_test

import (
	"testing"

	"github.com/jvwaterfall/jvwaterfall/contract"
	"github.com/shopspring/decimal"
)

// FuzzTakeOrPay_Statement feeds arbitrary terms and usage to Statement:
// it must return an error or a statement, never panic, and a statement's
// money must add up (Paid = Billed + shortfall + termination payments)
// with no negative balance, and the credits add up (earned so far = used
// + expired + balance), whatever the ramp of minimums and the credits'
// life.
func FuzzTakeOrPay_Statement(f *testing.F) {
	f.Add(int64(100), int64(10), int64(75), uint8(0), int8(2), int8(1), int64(0), int16(0), int16(0), []byte{60, 80, 130, 100, 150}, int8(0), false, []byte{})
	f.Add(int64(400), int64(1), int64(100), uint8(1), int8(1), int8(0), int64(25), int16(40), int16(400), []byte{50, 50, 100, 100, 150, 150, 150, 100}, int8(0), false, []byte{})
	f.Add(int64(-1), int64(-5), int64(200), uint8(9), int8(-1), int8(-1), int64(-3), int16(-5), int16(0), []byte{}, int8(-1), true, []byte{1})
	f.Add(int64(0), int64(10), int64(50), uint8(0), int8(0), int8(0), int64(0), int16(0), int16(0), []byte{10, 20, 40, 45, 40, 40, 0, 90}, int8(0), true, []byte{20, 40})
	f.Add(int64(0), int64(10), int64(100), uint8(1), int8(0), int8(1), int64(30), int16(0), int16(500), []byte{30, 50, 50, 60, 50, 80, 0, 0}, int8(1), false, []byte{50, 100, 150})
	f.Fuzz(func(t *testing.T, minimum, price, sharePct int64, measure uint8, window, cf int8, capQty int64, suspendAt, terminateAt int16, use []byte,
		years int8, untilEnd bool, ramp []byte) {
		start := contract.Date(2020, 12, 31)
		ps, err := contract.Schedule{Start: start, End: contract.Date(2022, 12, 31), Frequency: contract.EveryQuarter, EndOfMonth: true}.Periods()
		if err != nil {
			t.Fatal(err)
		}
		c := contract.TakeOrPay{
			Buyer: "B", Seller: "S", Start: start, End: contract.Date(2022, 12, 31),
			Minimum: decimal.NewFromInt(minimum), Measure: contract.Measure(measure), Price: decimal.NewFromInt(price),
			ShortfallShare: decimal.New(sharePct, -2),
			MakeUp:         contract.MakeUp{Window: int(window), Years: int(years), UntilEnd: untilEnd, Cap: decimal.NewFromInt(capQty)},
			CarryForward:   contract.CarryForward{Window: int(cf)},
		}
		if suspendAt != 0 {
			from := start.AddDate(0, 0, int(suspendAt))
			c.Suspensions = []contract.Suspension{{From: from, To: from.AddDate(0, 0, 45)}}
		}
		if terminateAt != 0 {
			c.Termination = contract.Termination{Date: start.AddDate(0, 0, int(terminateAt)), Share: decimal.New(sharePct, -2)}
		}
		for _, m := range ramp {
			c.Minimums = append(c.Minimums, decimal.NewFromInt(int64(m)))
		}
		usage := make([]decimal.Decimal, len(use))
		for i, u := range use {
			usage[i] = decimal.NewFromInt(int64(u))
		}
		st, err := c.Statement(ps, usage, 2)
		if err != nil {
			return
		}
		credits := decimal.Zero
		for i, p := range st {
			credits = credits.Add(p.CreditsEarned).Sub(p.CreditsUsed).Sub(p.CreditsExpired)
			if !credits.Equal(p.CreditsBalance) {
				t.Fatalf("period %d: credits earned less used and expired are %s, balance %s", i, credits, p.CreditsBalance)
			}
			if !p.Paid.Equal(p.Billed.Add(p.ShortfallPayment).Add(p.TerminationPayment)) {
				t.Fatalf("period %d: paid %s does not add up", i, p.Paid)
			}
			if p.CreditsBalance.Sign() < 0 || p.CarriedBalance.Sign() < 0 {
				t.Fatalf("period %d: negative balance", i)
			}
		}
	})
}
