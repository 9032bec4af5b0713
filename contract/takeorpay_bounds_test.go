package contract_test

import (
	"errors"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
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

// TestMeasure_OutOfRange: one past the last measure is not valid and is
// printed by number; a name that fails to parse leaves the value as it
// was.
func TestMeasure_OutOfRange(t *testing.T) {
	if contract.Measure(2).Valid() || contract.Measure(2).String() != "Measure(2)" {
		t.Errorf("Measure(2): valid %t, %q", contract.Measure(2).Valid(), contract.Measure(2).String())
	}
	m := contract.PerContractYear
	if err := m.UnmarshalText([]byte("yearly")); !errors.Is(err, contract.ErrInvalid) || m != contract.PerContractYear {
		t.Errorf("UnmarshalText(yearly) = %v, leaving %v", err, m)
	}
}

// TestTakeOrPay_PerPeriodProRatedQuarters: a minimum of 100 a quarter
// over a term from 2021-03-01 to 2022-03-01, nothing taken, at a price of
// 1 paid in full on a shortfall. Each quarter's minimum is pro-rated by
// its own days in the term, to QuantityPlaces = 10 places: Q1 2021 has
// 30 of its 90 days in the term (100 × 30/90 = 33.3333333333), Q2 to Q4
// are whole, Q1 2022 has 60 of 90 (66.6666666667); the shortfall payments
// are those minimums in cents.
func TestTakeOrPay_PerPeriodProRatedQuarters(t *testing.T) {
	c := contract.TakeOrPay{
		Buyer: "B", Seller: "S", Start: contract.Date(2021, 3, 1), End: contract.Date(2022, 3, 1),
		Minimum: dec("100"), Price: dec("1"), ShortfallShare: dec("1"),
	}
	ps, err := contract.Schedule{Start: contract.Date(2020, 12, 31), End: contract.Date(2022, 3, 31), Frequency: contract.EveryQuarter, EndOfMonth: true}.Periods()
	if err != nil {
		t.Fatal(err)
	}
	st, err := c.Statement(ps, decs("0", "0", "0", "0", "0"), 2)
	if err != nil {
		t.Fatal(err)
	}
	var got [][2]string
	for _, p := range st {
		got = append(got, [2]string{p.Minimum.String(), p.ShortfallPayment.StringFixed(2)})
	}
	want := [][2]string{{"33.3333333333", "33.33"}, {"100", "100.00"}, {"100", "100.00"}, {"100", "100.00"}, {"66.6666666667", "66.67"}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Statement() (minimum, shortfall payment) mismatch (-want +got):\n%s", diff)
	}
}

// TestTakeOrPay_ScheduleEndsMidTerm: a minimum of 100 per contract year
// over three years from 2020-12-31, at a price of 1 paid in full on a
// shortfall, with half-yearly periods that stop before the term ends. A
// contract year closes at the schedule's end only if it is over:
//   - periods to 2021-06-30: year 0 is not over, nothing closes;
//   - to 2021-12-31: year 0 ends with the schedule: 10 + 20 taken, a
//     shortfall of 70;
//   - to 2022-06-30: year 0 closes as before, year 1 is not over.
func TestTakeOrPay_ScheduleEndsMidTerm(t *testing.T) {
	c := contract.TakeOrPay{
		Buyer: "B", Seller: "S", Start: contract.Date(2020, 12, 31), End: contract.Date(2023, 12, 31),
		Minimum: dec("100"), Price: dec("1"), ShortfallShare: dec("1"), Measure: contract.PerContractYear,
	}
	for _, tc := range []struct {
		end   time.Time
		usage []string
		want  []string // shortfall of each period, "-" when nothing closes
	}{
		{contract.Date(2021, 6, 30), []string{"10"}, []string{"-"}},
		{contract.Date(2021, 12, 31), []string{"10", "20"}, []string{"-", "70"}},
		{contract.Date(2022, 6, 30), []string{"10", "20", "30"}, []string{"-", "70", "-"}},
	} {
		ps, err := contract.Schedule{Start: c.Start, End: tc.end, Frequency: contract.EveryHalfYear, EndOfMonth: true}.Periods()
		if err != nil {
			t.Fatal(err)
		}
		st, err := c.Statement(ps, decs(tc.usage...), 2)
		if err != nil {
			t.Fatal(err)
		}
		got := make([]string, len(st))
		for i, p := range st {
			got[i] = "-"
			if p.Closes {
				got[i] = p.Shortfall.String()
			}
		}
		if diff := cmp.Diff(tc.want, got); diff != "" {
			t.Errorf("periods to %s: shortfalls mismatch (-want +got):\n%s", tc.end.Format(time.DateOnly), diff)
		}
	}
}

// TestTakeOrPay_StatementInvalidTerms: Statement returns the terms' errors.
func TestTakeOrPay_StatementInvalidTerms(t *testing.T) {
	c := contract.TakeOrPay{Seller: "S", Start: contract.Date(2020, 12, 31), End: contract.Date(2021, 12, 31), Minimum: dec("1"), Price: dec("1")}
	_, err := c.Statement(annual(1), decs("1"), 2)
	requireFields(t, err, map[string]error{"buyer": contract.ErrRequired})
}

// TestTakeOrPay_PriceAtPricePlaces: the unit price is kept to
// PricePlaces = 12 places, half away from zero: 1.0000000000005 is
// 1.000000000001 (banker's rounding would give 1.000000000000).
func TestTakeOrPay_PriceAtPricePlaces(t *testing.T) {
	c := contract.TakeOrPay{
		Buyer: "B", Seller: "S", Start: contract.Date(2020, 12, 31), End: contract.Date(2021, 12, 31),
		Minimum: dec("1"), Price: dec("1.0000000000005"),
	}
	st, err := c.Statement(annual(1), decs("1"), 2)
	if err != nil {
		t.Fatal(err)
	}
	if got := st[0].Price.String(); got != "1.000000000001" {
		t.Errorf("Price = %s, want 1.000000000001", got)
	}
}

// TestTakeOrPay_EscalationPastItsYears: an escalation is computed for
// at most 1,000 contract years; a period in contract year 1,001 fails the
// statement instead of billing at a price of zero.
func TestTakeOrPay_EscalationPastItsYears(t *testing.T) {
	c := contract.TakeOrPay{
		Buyer: "B", Seller: "S", Start: contract.Date(2000, 12, 31), End: contract.Date(3002, 12, 31),
		Minimum: dec("1"), Price: dec("10"), Escalation: contract.Escalation{Rate: dec("0.01")},
	}
	_, err := c.Statement([]contract.Period{{Start: contract.Date(3001, 12, 31), End: contract.Date(3002, 12, 31)}}, decs("1"), 2)
	requireFields(t, err, map[string]error{"escalation": contract.ErrRange})
}

// TestTakeOrPay_EffectivePricePlaces: the effective price is Paid/Taken
// to PricePlaces = 12 places, half away from zero: 3 taken at 0.6667 is
// billed 2.0001 → 2.00, and 2.00/3 = 0.666666666666666… is
// 0.666666666667.
func TestTakeOrPay_EffectivePricePlaces(t *testing.T) {
	c := contract.TakeOrPay{
		Buyer: "B", Seller: "S", Start: contract.Date(2020, 12, 31), End: contract.Date(2021, 12, 31), Price: dec("0.6667"),
	}
	st, err := c.Statement(annual(1), decs("3"), 2)
	if err != nil {
		t.Fatal(err)
	}
	if got := [2]string{st[0].Paid.String(), st[0].EffectivePrice.String()}; got != [2]string{"2", "0.666666666667"} {
		t.Errorf("(Paid, EffectivePrice) = %v, want (2, 0.666666666667)", got)
	}
}

// TestTakeOrPay_StatementInputs: the scale may be 0 to 8; the periods
// must be there, each ending after it starts and starting where the one
// before ends.
func TestTakeOrPay_StatementInputs(t *testing.T) {
	c := contract.TakeOrPay{
		Buyer: "B", Seller: "S", Start: contract.Date(2020, 12, 31), End: contract.Date(2022, 12, 31), Minimum: dec("1"), Price: dec("1"),
	}
	ps := annual(2)
	for _, scale := range []int32{0, 8} {
		if _, err := c.Statement(ps, decs("1", "1"), scale); err != nil {
			t.Errorf("scale %d: %v", scale, err)
		}
	}
	_, err := c.Statement(ps, decs("1", "1"), -1)
	requireFields(t, err, map[string]error{"scale": contract.ErrRange})
	_, err = c.Statement(nil, nil, 2)
	requireFields(t, err, map[string]error{"periods": contract.ErrRequired})

	gap := []contract.Period{ps[0], {Start: contract.Date(2022, 1, 1), End: ps[1].End}}
	_, err = c.Statement(gap, decs("1", "1"), 2)
	requireFields(t, err, map[string]error{"periods[1]": contract.ErrOrder})
	empty := []contract.Period{ps[0], {Start: ps[0].End, End: ps[0].End}}
	_, err = c.Statement(empty, decs("1", "0"), 2)
	requireFields(t, err, map[string]error{"periods[1]": contract.ErrOrder})
}

// TestTakeOrPay_FixedTerminationInCents: a fixed termination sum of 5.05
// is whole cents at scale 2, and is billed as it is.
func TestTakeOrPay_FixedTerminationInCents(t *testing.T) {
	c := contract.TakeOrPay{
		Buyer: "B", Seller: "S", Start: contract.Date(2020, 12, 31), End: contract.Date(2022, 12, 31), Price: dec("1"),
		Termination: contract.Termination{Date: contract.Date(2021, 6, 30), Fixed: dec("5.05")},
	}
	st, err := c.Statement(annual(2), decs("0", "0"), 2)
	if err != nil {
		t.Fatal(err)
	}
	if got := st[0].TerminationPayment.String(); got != "5.05" {
		t.Errorf("TerminationPayment = %s, want 5.05", got)
	}
}

// TestTakeOrPay_TerminationPastEscalationYears: a 1,002-year term ended
// after 181 days values the minimum it releases at each released year's
// price, and a price exists for at most 1,000 contract years:
//   - a minimum of 1 a year released through year 1,001 fails;
//   - minimums of 1 in year 0 and 0 after release only year 0's rest:
//     1 − 1 × 181/365 (0.4958904110 at 10 places) = 0.5041095890 at a
//     price of 1, paid in full: 0.50. Years of a zero minimum release
//     nothing and need no price.
func TestTakeOrPay_TerminationPastEscalationYears(t *testing.T) {
	c := contract.TakeOrPay{
		Buyer: "B", Seller: "S", Start: contract.Date(2000, 12, 31), End: contract.Date(3002, 12, 31),
		Minimum: dec("1"), Price: dec("1"),
		Termination: contract.Termination{Date: contract.Date(2001, 6, 30), Share: dec("1")},
	}
	ps, err := contract.Schedule{Start: c.Start, End: c.End, Frequency: contract.EveryYear, EndOfMonth: true}.Periods()
	if err != nil {
		t.Fatal(err)
	}
	usage := make([]decimal.Decimal, len(ps))
	for i := range usage {
		usage[i] = decimal.Zero
	}
	_, err = c.Statement(ps, usage, 2)
	requireFields(t, err, map[string]error{"escalation": contract.ErrRange})

	c.Minimum, c.Minimums = decimal.Zero, decs("1", "0")
	st, err := c.Statement(ps, usage, 2)
	if err != nil {
		t.Fatal(err)
	}
	if got := st[0].TerminationPayment.String(); got != "0.5" {
		t.Errorf("TerminationPayment = %s, want 0.50", got)
	}
}

// TestTakeOrPay_TerminationValueCents: a two-year term ended with year
// 0 releases year 1's minimum, valued at year 1's price (kept to 12
// places) times the share, rounded half away from zero to the cent:
//   - price 10 escalating 10%: 1 × 11 = 11.00;
//   - price 1.0000000000005, kept as 1.000000000001: 2·10^10 units are
//     20,000,000,000.02;
//   - price 1.01 at a share of 0.5: 0.505, an exact half cent, 0.51
//     (banker's rounding would give 0.50).
func TestTakeOrPay_TerminationValueCents(t *testing.T) {
	for _, tc := range []struct {
		minimum, price, rate, share, want string
	}{
		{"1", "10", "0.1", "1", "11"},
		{"20000000000", "1.0000000000005", "0", "1", "20000000000.02"},
		{"1", "1.01", "0", "0.5", "0.51"},
	} {
		c := contract.TakeOrPay{
			Buyer: "B", Seller: "S", Start: contract.Date(2020, 12, 31), End: contract.Date(2022, 12, 31),
			Minimum: dec(tc.minimum), Price: dec(tc.price), Escalation: contract.Escalation{Rate: dec(tc.rate)},
			Termination: contract.Termination{Date: contract.Date(2021, 12, 31), Share: dec(tc.share)},
		}
		st, err := c.Statement(annual(2), decs("0", "0"), 2)
		if err != nil {
			t.Fatal(err)
		}
		if got := st[0].TerminationPayment; !got.Equal(dec(tc.want)) {
			t.Errorf("minimum %s at %s: TerminationPayment = %s, want %s", tc.minimum, tc.price, got, tc.want)
		}
	}
}
