package contract_test

import (
	"errors"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/jvwaterfall/jvwaterfall/contract"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"
)

func decs(ss ...string) []decimal.Decimal {
	out := make([]decimal.Decimal, len(ss))
	for i, s := range ss {
		out[i] = dec(s)
	}
	return out
}

func yearly(t *testing.T, from, to int) []contract.Period {
	t.Helper()
	ps, err := contract.Schedule{Start: contract.Date(from, 12, 31), End: contract.Date(to, 12, 31), Frequency: contract.EveryYear, EndOfMonth: true}.Periods()
	require.NoError(t, err)
	return ps
}

// row is the part of a statement line the hand-computed cases check.
type row struct {
	Taken, Billed, Shortfall, ShortfallPayment                 string
	CreditsEarned, CreditsUsed, CreditsExpired, CreditsBalance string
	CarriedEarned, CarriedUsed, CarriedExpired, CarriedBalance string
	Paid                                                       string
}

func rowOf(p contract.TakeOrPayPeriod) row {
	s := func(d decimal.Decimal) string { return d.String() }
	return row{
		s(p.Taken), s(p.Billed), s(p.Shortfall), s(p.ShortfallPayment),
		s(p.CreditsEarned), s(p.CreditsUsed), s(p.CreditsExpired), s(p.CreditsBalance),
		s(p.CarriedEarned), s(p.CarriedUsed), s(p.CarriedExpired), s(p.CarriedBalance),
		s(p.Paid),
	}
}

func rowsOf(ps []contract.TakeOrPayPeriod) []row {
	out := make([]row, len(ps))
	for i, p := range ps {
		out[i] = rowOf(p)
	}
	return out
}

// TestTakeOrPay_Statement_Investopedia is the published case
// top-investopedia-shortfall-fee (https://www.investopedia.com/terms/t/takeorpay.asp):
// an annual commitment of $20M out of $200M over 10 years, $18M taken, a
// shortfall of $2M and a fee of $1.5M (75% of the shortfall value), so the
// buyer pays $19.5M in all. The commitment is value-denominated, so the
// unit is $1 of product at a price of 1.
func TestTakeOrPay_Statement_Investopedia(t *testing.T) {
	ps := yearly(t, 2019, 2029)
	top := contract.TakeOrPay{
		Buyer: "buyer", Seller: "seller",
		Start: contract.Date(2019, 12, 31), End: contract.Date(2029, 12, 31),
		Minimum: dec("20000000"), Measure: contract.PerContractYear, Price: dec("1"),
		ShortfallShare: dec("0.75"),
	}
	usage := make([]decimal.Decimal, len(ps))
	for i := range usage {
		usage[i] = dec("20000000")
	}
	usage[0] = dec("18000000")
	st, err := top.Statement(ps, usage, 2)
	require.NoError(t, err)
	require.Len(t, st, 10)
	y := st[0]
	require.True(t, y.Shortfall.Equal(dec("2000000")), "shortfall %s", y.Shortfall)
	require.True(t, y.ShortfallPayment.Equal(dec("1500000")), "fee %s", y.ShortfallPayment)
	require.True(t, y.Paid.Equal(dec("19500000")), "paid %s", y.Paid)
	total := decimal.Zero
	for _, p := range st {
		total = total.Add(p.Minimum)
	}
	require.True(t, total.Equal(dec("200000000")), "total commitment %s, want $200M over 10 years", total)
}

func TestTakeOrPay_Statement(t *testing.T) {
	base := contract.TakeOrPay{
		Buyer: "B", Seller: "S",
		Start: contract.Date(2020, 12, 31),
		Price: dec("10"), Minimum: dec("100"),
	}
	tests := []struct {
		name  string
		edit  func(*contract.TakeOrPay)
		ps    func(t *testing.T) []contract.Period
		usage []string
		want  []row
	}{
		{
			// Minimum 100 a year at $10, shortfall paid in full (share 1),
			// make-up window 2 years, no cap, no carry-forward.
			//   Y0: 60 taken, shortfall 40 → $400; credit 40 usable in Y1-Y2.
			//   Y1: 80 taken, shortfall 20 → $200; credit 20 usable in Y2-Y3.
			//   Y2: 130 taken, excess 30 uses 30 of the Y0 credit at
			//       $10 − $10 prepaid = $0 each; billed 100 × $10; the Y0
			//       credit's other 10 expire at the close of Y2.
			//   Y3: 100 taken, no excess; the Y1 credit (20) expires.
			//   Y4: 150 taken, no credits left: billed $1,500.
			// Earned 60 = used 30 + expired 30.
			name: "make-up with expiry",
			edit: func(c *contract.TakeOrPay) {
				c.End = contract.Date(2025, 12, 31)
				c.ShortfallShare = dec("1")
				c.MakeUp.Window = 2
			},
			ps:    func(t *testing.T) []contract.Period { return yearly(t, 2020, 2025) },
			usage: []string{"60", "80", "130", "100", "150"},
			want: []row{
				{"60", "600", "40", "400", "40", "0", "0", "40", "0", "0", "0", "0", "1000"},
				{"80", "800", "20", "200", "20", "0", "0", "60", "0", "0", "0", "0", "1000"},
				{"130", "1000", "0", "0", "0", "30", "10", "20", "0", "0", "0", "0", "1000"},
				{"100", "1000", "0", "0", "0", "0", "20", "0", "0", "0", "0", "0", "1000"},
				{"150", "1500", "0", "0", "0", "0", "0", "0", "0", "0", "0", "0", "1500"},
			},
		},
		{
			// Price $10 escalating 10% a year: $10, $11, $12.10, $13.31.
			// Shortfall at 50% of the price; make-up window 2, cap 25 a
			// year; carry-forward window 1.
			//   Y0: 70 taken, shortfall 30 → 30 × $5 = $150; credit 30
			//       prepaid $5 each, usable in Y1-Y2. Billed $700.
			//   Y1: 150 taken, excess 50; capped use of 25 credits at
			//       $11 − $5 = $6 → $150; 125 × $11 = $1,375; the other 25
			//       excess carry forward to Y2. Billed $1,525.
			//   Y2: 60 taken, gross shortfall 40 less 25 carried = 15,
			//       paid 15 × $6.05 = $90.75, a credit of 15 prepaid $6.05
			//       usable Y3-Y4. The Y0 credit's last 5 expire. Billed $726.
			//   Y3 (last): 140 taken, excess 40, cap 25 but 15 credits:
			//       15 × ($13.31 − $6.05) = $108.90; 125 × $13.31 =
			//       $1,663.75; the other 25 excess carry forward and expire
			//       at once with the term.
			// Credits: earned 45 = used 40 + expired 5. Carry-forward:
			// earned 50 = used 25 + expired 25.
			name: "escalation, cap, carry-forward",
			edit: func(c *contract.TakeOrPay) {
				c.End = contract.Date(2024, 12, 31)
				c.Escalation.Rate = dec("0.10")
				c.ShortfallShare = dec("0.5")
				c.MakeUp = contract.MakeUp{Window: 2, Cap: dec("25")}
				c.CarryForward.Window = 1
			},
			ps:    func(t *testing.T) []contract.Period { return yearly(t, 2020, 2024) },
			usage: []string{"70", "150", "60", "140"},
			want: []row{
				{"70", "700", "30", "150", "30", "0", "0", "30", "0", "0", "0", "0", "850"},
				{"150", "1525", "0", "0", "0", "25", "0", "5", "25", "0", "0", "25", "1525"},
				{"60", "726", "15", "90.75", "15", "0", "5", "15", "0", "25", "0", "0", "816.75"},
				{"140", "1772.65", "0", "0", "0", "15", "0", "0", "25", "0", "25", "0", "1772.65"},
			},
		},
		{
			// Minimum 400 a contract year measured over quarters, price $1,
			// full shortfall payment, make-up window 1 year.
			//   Y0: 50+50+100+100 = 300, shortfall 100 settled in Q4 → $100,
			//       credit 100 usable in Y1.
			//   Y1: cumulative 150, 300, 450, 550: Q3 takes 50 above the
			//       minimum (uses 50 credits, billed 100), Q4 100 above
			//       (uses the last 50, billed 50).
			name: "per contract year over quarters",
			edit: func(c *contract.TakeOrPay) {
				c.End = contract.Date(2022, 12, 31)
				c.Measure = contract.PerContractYear
				c.Price, c.Minimum = dec("1"), dec("400")
				c.ShortfallShare = dec("1")
				c.MakeUp.Window = 1
			},
			ps: func(t *testing.T) []contract.Period {
				ps, err := contract.Schedule{Start: contract.Date(2020, 12, 31), End: contract.Date(2022, 12, 31), Frequency: contract.EveryQuarter, EndOfMonth: true}.Periods()
				require.NoError(t, err)
				return ps
			},
			usage: []string{"50", "50", "100", "100", "150", "150", "150", "100"},
			want: []row{
				{"50", "50", "0", "0", "0", "0", "0", "0", "0", "0", "0", "0", "50"},
				{"50", "50", "0", "0", "0", "0", "0", "0", "0", "0", "0", "0", "50"},
				{"100", "100", "0", "0", "0", "0", "0", "0", "0", "0", "0", "0", "100"},
				{"100", "100", "100", "100", "100", "0", "0", "100", "0", "0", "0", "0", "200"},
				{"150", "150", "0", "0", "0", "0", "0", "100", "0", "0", "0", "0", "150"},
				{"150", "150", "0", "0", "0", "0", "0", "100", "0", "0", "0", "0", "150"},
				{"150", "100", "0", "0", "0", "50", "0", "50", "0", "0", "0", "0", "100"},
				{"100", "50", "0", "0", "0", "50", "0", "0", "0", "0", "0", "0", "50"},
			},
		},
		{
			// Force majeure from 2021-03-31 to 2021-06-12: 30 + 31 + 12 =
			// 73 of the year's 365 days, so the minimum is 1000 × 292/365
			// = 800. 700 taken: shortfall 100 at 100% of $10 = $1,000.
			name: "suspension",
			edit: func(c *contract.TakeOrPay) {
				c.End = contract.Date(2021, 12, 31)
				c.Minimum = dec("1000")
				c.ShortfallShare = dec("1")
				c.Suspensions = []contract.Suspension{{From: contract.Date(2021, 3, 31), To: contract.Date(2021, 6, 12), Reason: "grid outage"}}
			},
			ps:    func(t *testing.T) []contract.Period { return yearly(t, 2020, 2021) },
			usage: []string{"700"},
			want: []row{
				{"700", "7000", "100", "1000", "0", "0", "0", "0", "0", "0", "0", "0", "8000"},
			},
		},
		{
			// Five years of 100 at $10, terminated on the third anniversary
			// (2023-12-31): $1,000 fixed plus 50% of the released minimum,
			// years 3 and 4: 200 × $10 × 0.5 = $1,000; $2,000 in all, billed
			// in the period of 2023. The year-0 credit (window 5) expires
			// with the shortened term.
			name: "termination",
			edit: func(c *contract.TakeOrPay) {
				c.End = contract.Date(2025, 12, 31)
				c.ShortfallShare = dec("1")
				c.MakeUp.Window = 5
				c.Termination = contract.Termination{Date: contract.Date(2023, 12, 31), Fixed: dec("1000"), Share: dec("0.5")}
			},
			ps:    func(t *testing.T) []contract.Period { return yearly(t, 2020, 2025) },
			usage: []string{"90", "100", "100", "0", "0"},
			want: []row{
				{"90", "900", "10", "100", "10", "0", "0", "10", "0", "0", "0", "0", "1000"},
				{"100", "1000", "0", "0", "0", "0", "0", "10", "0", "0", "0", "0", "1000"},
				{"100", "1000", "0", "0", "0", "0", "10", "0", "0", "0", "0", "0", "3000"},
				{"0", "0", "0", "0", "0", "0", "0", "0", "0", "0", "0", "0", "0"},
				{"0", "0", "0", "0", "0", "0", "0", "0", "0", "0", "0", "0", "0"},
			},
		},
		{
			// Terminated mid-year on 2023-06-30, share 0.5, no fixed sum.
			// Year 2 (2022-12-31, 2023-12-31] keeps 181 of 365 days:
			// minimum 100 × 181/365 = 49.5890410959 (10 places), and 60
			// taken leaves no shortfall. Released: 50.4109589041 + 100 +
			// 100 = 250.4109589041 units × $10 × 0.5 = $1,252.054794... →
			// $1,252.05.
			name: "termination mid-year",
			edit: func(c *contract.TakeOrPay) {
				c.End = contract.Date(2025, 12, 31)
				c.Measure = contract.PerContractYear
				c.ShortfallShare = dec("1")
				c.Termination = contract.Termination{Date: contract.Date(2023, 6, 30), Share: dec("0.5")}
			},
			ps:    func(t *testing.T) []contract.Period { return yearly(t, 2020, 2025) },
			usage: []string{"100", "100", "60", "0", "0"},
			want: []row{
				{"100", "1000", "0", "0", "0", "0", "0", "0", "0", "0", "0", "0", "1000"},
				{"100", "1000", "0", "0", "0", "0", "0", "0", "0", "0", "0", "0", "1000"},
				{"60", "600", "0", "0", "0", "0", "0", "0", "0", "0", "0", "0", "1852.05"},
				{"0", "0", "0", "0", "0", "0", "0", "0", "0", "0", "0", "0", "0"},
				{"0", "0", "0", "0", "0", "0", "0", "0", "0", "0", "0", "0", "0"},
			},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c := base
			tc.edit(&c)
			st, err := c.Statement(tc.ps(t), decs(tc.usage...), 2)
			require.NoError(t, err)
			if diff := cmp.Diff(tc.want, rowsOf(st)); diff != "" {
				t.Errorf("Statement() mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestTakeOrPay_Validate(t *testing.T) {
	good := contract.TakeOrPay{
		Buyer: "B", Seller: "S", Start: contract.Date(2020, 12, 31), End: contract.Date(2025, 12, 31),
		Minimum: dec("100"), Price: dec("10"), ShortfallShare: dec("0.75"),
	}
	require.NoError(t, good.Validate())
	tests := []struct {
		name string
		edit func(*contract.TakeOrPay)
		want map[string]error // path → sentinel
	}{
		{"missing parties and dates", func(c *contract.TakeOrPay) { c.Buyer, c.Seller, c.Start, c.End = "", "", time0, time0 },
			map[string]error{"buyer": contract.ErrRequired, "seller": contract.ErrRequired, "start": contract.ErrRequired, "end": contract.ErrRequired}},
		{"seller is buyer", func(c *contract.TakeOrPay) { c.Seller = "B" }, map[string]error{"seller": contract.ErrInvalid}},
		{"end before start", func(c *contract.TakeOrPay) { c.End = contract.Date(2019, 1, 1) }, map[string]error{"end": contract.ErrOrder}},
		{"negatives", func(c *contract.TakeOrPay) {
			c.Minimum, c.Price, c.MakeUp.Cap = dec("-1"), dec("-1"), dec("-1")
			c.MakeUp.Window, c.CarryForward.Window = -1, -2
		}, map[string]error{"minimum": contract.ErrNegative, "price": contract.ErrNegative, "make_up.cap": contract.ErrNegative,
			"make_up.window": contract.ErrRange, "carry_forward.window": contract.ErrRange}},
		{"share and measure", func(c *contract.TakeOrPay) { c.ShortfallShare, c.Measure = dec("1.5"), 9 },
			map[string]error{"shortfall_share": contract.ErrRange, "measure": contract.ErrRange}},
		{"escalation", func(c *contract.TakeOrPay) {
			c.Escalation = contract.Escalation{Rate: dec("0.02"), Index: decs("100", "0")}
		},
			map[string]error{"escalation.index": contract.ErrInvalid, "escalation.index[1]": contract.ErrRange}},
		{"short index path", func(c *contract.TakeOrPay) { c.Escalation.Index = decs("100", "102") },
			map[string]error{"escalation.index": contract.ErrRange}},
		{"suspensions", func(c *contract.TakeOrPay) {
			c.Suspensions = []contract.Suspension{
				{From: contract.Date(2021, 5, 1), To: contract.Date(2021, 4, 1)},
				{From: contract.Date(2022, 5, 1), To: contract.Date(2022, 6, 1)},
				{From: contract.Date(2022, 5, 15), To: contract.Date(2022, 7, 1)},
				{To: contract.Date(2023, 1, 1)},
			}
		}, map[string]error{"suspensions[0].to": contract.ErrOrder, "suspensions[2].from": contract.ErrOrder, "suspensions[3].from": contract.ErrRequired}},
		{"termination", func(c *contract.TakeOrPay) {
			c.Termination = contract.Termination{Date: contract.Date(2026, 1, 1), Fixed: dec("-1"), Share: dec("2")}
		}, map[string]error{"termination.date": contract.ErrRange, "termination.fixed": contract.ErrNegative, "termination.share": contract.ErrRange}},
		{"termination payment without date", func(c *contract.TakeOrPay) { c.Termination.Fixed = dec("5") },
			map[string]error{"termination.date": contract.ErrRequired}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c := good
			tc.edit(&c)
			requireFields(t, c.Validate(), tc.want)
		})
	}
}

var time0 time.Time

// requireFields checks that err holds exactly the field errors in want,
// each matching its sentinel.
func requireFields(t *testing.T, err error, want map[string]error) {
	t.Helper()
	require.Error(t, err)
	got := map[string]error{}
	var walk func(error)
	walk = func(e error) {
		if j, ok := e.(interface{ Unwrap() []error }); ok {
			for _, x := range j.Unwrap() {
				walk(x)
			}
			return
		}
		var fe *contract.FieldError
		require.True(t, errors.As(e, &fe), "error without a field: %v", e)
		got[fe.Path] = fe.Err
	}
	walk(err)
	require.Len(t, got, len(want), "errors: %v", err)
	for path, sentinel := range want {
		e, ok := got[path]
		require.True(t, ok, "no error at %q in %v", path, err)
		require.ErrorIs(t, e, sentinel, "at %q", path)
	}
}

func TestTakeOrPay_Statement_Errors(t *testing.T) {
	c := contract.TakeOrPay{
		Buyer: "B", Seller: "S", Start: contract.Date(2020, 12, 31), End: contract.Date(2022, 12, 31),
		Minimum: dec("100"), Price: dec("10"), ShortfallShare: dec("1"),
	}
	ps := yearly(t, 2020, 2023)
	t.Run("usage", func(t *testing.T) {
		_, err := c.Statement(ps, decs("1", "-1"), 2)
		requireFields(t, err, map[string]error{"usage": contract.ErrInvalid, "usage[1]": contract.ErrNegative})
	})
	t.Run("taken outside the term", func(t *testing.T) {
		_, err := c.Statement(ps, decs("1", "1", "1"), 2)
		requireFields(t, err, map[string]error{"usage[2]": contract.ErrRange})
	})
	t.Run("scale", func(t *testing.T) {
		_, err := c.Statement(ps, decs("1", "1", "0"), 9)
		requireFields(t, err, map[string]error{"scale": contract.ErrRange})
	})
	t.Run("termination share needs the whole term", func(t *testing.T) {
		c := c
		c.Termination = contract.Termination{Date: contract.Date(2021, 6, 30), Share: dec("0.5")}
		_, err := c.Statement(ps[:1], decs("1"), 2)
		requireFields(t, err, map[string]error{"termination.share": contract.ErrRange})
	})
	t.Run("fixed termination in minor units", func(t *testing.T) {
		c := c
		c.Termination = contract.Termination{Date: contract.Date(2021, 6, 30), Fixed: dec("0.001")}
		_, err := c.Statement(ps, decs("1", "0", "0"), 2)
		requireFields(t, err, map[string]error{"termination.fixed": contract.ErrRange})
	})
}

func TestMeasure_Text(t *testing.T) {
	for _, m := range []contract.Measure{contract.PerPeriod, contract.PerContractYear} {
		b, err := m.MarshalText()
		require.NoError(t, err)
		var back contract.Measure
		require.NoError(t, back.UnmarshalText(b))
		require.Equal(t, m, back)
	}
	_, err := contract.Measure(7).MarshalText()
	require.ErrorIs(t, err, contract.ErrRange)
	require.Equal(t, "Measure(7)", contract.Measure(7).String())
	_, err = contract.ParseMeasure("yearly")
	require.ErrorIs(t, err, contract.ErrInvalid)
}
