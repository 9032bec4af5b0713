package contract_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/jvwaterfall/jvwaterfall/contract"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"
)

// The terms that change by contract year: a ramp of minimums, and
// make-up credits whose life is counted in contract years or runs to the
// end of the term. Every expected figure is worked out by hand in the
// case's comment.
func TestTakeOrPay_Statement_ContractYears(t *testing.T) {
	base := contract.TakeOrPay{
		Buyer: "B", Seller: "S",
		Start: contract.Date(2020, 12, 31), End: contract.Date(2025, 12, 31),
		Price: dec("10"), Measure: contract.PerContractYear,
	}
	halfYears := func(t *testing.T) []contract.Period {
		ps, err := contract.Schedule{Start: contract.Date(2020, 12, 31), End: contract.Date(2023, 12, 31), Frequency: contract.EveryHalfYear, EndOfMonth: true}.Periods()
		require.NoError(t, err)
		return ps
	}
	tests := []struct {
		name     string
		edit     func(*contract.TakeOrPay)
		ps       func(t *testing.T) []contract.Period
		usage    []string
		minimums []string // each period's Minimum: the minimum that closes in it
		want     []row
	}{
		{
			// A ramp of 50, 80, then 100 a year (the last entry holds for
			// years 3 and 4), $10, shortfall paid in full, no make-up.
			//   Y0: 40 of 50: shortfall 10 → $100; billed 400; paid 500.
			//   Y1: 80 of 80: paid 800.
			//   Y2: 90 of 100: shortfall 10 → $100; billed 900; paid 1,000.
			//   Y3: 100 of 100: paid 1,000. Y4: 120 of 100: paid 1,200.
			name: "ramp",
			edit: func(c *contract.TakeOrPay) {
				c.Minimums = decs("50", "80", "100")
				c.ShortfallShare = dec("1")
			},
			ps:       func(t *testing.T) []contract.Period { return yearly(t, 2020, 2025) },
			usage:    []string{"40", "80", "90", "100", "120"},
			minimums: []string{"50", "80", "100", "100", "100"},
			want: []row{
				{"40", "400", "10", "100", "0", "0", "0", "0", "0", "0", "0", "0", "500"},
				{"80", "800", "0", "0", "0", "0", "0", "0", "0", "0", "0", "0", "800"},
				{"90", "900", "10", "100", "0", "0", "0", "0", "0", "0", "0", "0", "1000"},
				{"100", "1000", "0", "0", "0", "0", "0", "0", "0", "0", "0", "0", "1000"},
				{"120", "1200", "0", "0", "0", "0", "0", "0", "0", "0", "0", "0", "1200"},
			},
		},
		{
			// Minimum 100 a year at $10, shortfall at 50% ($5 prepaid a
			// unit), credits usable until the end of the term.
			//   Y0: 60 taken: shortfall 40 → $200, credit A = 40. Billed 600.
			//   Y1: 70 taken: shortfall 30 → $150, credit B = 30. Billed 700.
			//   Y2: 120 taken: the 20 above the minimum use 20 of A, the
			//       oldest, at $10 − $5 = $5 → $100; 100 × $10 = $1,000.
			//       Balance: A 20, B 30.
			//   Y3: 100 taken: nothing above the minimum. Balance 50.
			//   Y4 (the term's last): 110 taken: 10 of A at $5 → $50;
			//       100 × $10 = $1,000. At the close, A's last 10 and all
			//       of B (30), of two vintages, lapse unused: 40 expire.
			// Earned 70 = used 30 + expired 40.
			name: "credits until the end of the term",
			edit: func(c *contract.TakeOrPay) {
				c.Minimum, c.ShortfallShare = dec("100"), dec("0.5")
				c.MakeUp.UntilEnd = true
			},
			ps:       func(t *testing.T) []contract.Period { return yearly(t, 2020, 2025) },
			usage:    []string{"60", "70", "120", "100", "110"},
			minimums: []string{"100", "100", "100", "100", "100"},
			want: []row{
				{"60", "600", "40", "200", "40", "0", "0", "40", "0", "0", "0", "0", "800"},
				{"70", "700", "30", "150", "30", "0", "0", "70", "0", "0", "0", "0", "850"},
				{"120", "1100", "0", "0", "0", "20", "0", "50", "0", "0", "0", "0", "1100"},
				{"100", "1000", "0", "0", "0", "0", "0", "50", "0", "0", "0", "0", "1000"},
				{"110", "1050", "0", "0", "0", "10", "40", "0", "0", "0", "0", "0", "1050"},
			},
		},
		{
			// The same takes with a window of one year: A (40, Y0) is
			// usable in Y1 only, where nothing is above the minimum, and
			// expires at Y1's close; B (30, Y1) serves 20 in Y2 and its
			// last 10 expire at Y2's close; Y4's excess finds no credit.
			//   Y2: 20 × $5 + 100 × $10 = $1,100. Y4: 110 × $10 = $1,100.
			// Earned 70 = used 20 + expired 50.
			name: "the same with a one-year window",
			edit: func(c *contract.TakeOrPay) {
				c.Minimum, c.ShortfallShare = dec("100"), dec("0.5")
				c.MakeUp.Window = 1
			},
			ps:       func(t *testing.T) []contract.Period { return yearly(t, 2020, 2025) },
			usage:    []string{"60", "70", "120", "100", "110"},
			minimums: []string{"100", "100", "100", "100", "100"},
			want: []row{
				{"60", "600", "40", "200", "40", "0", "0", "40", "0", "0", "0", "0", "800"},
				{"70", "700", "30", "150", "30", "0", "40", "30", "0", "0", "0", "0", "850"},
				{"120", "1100", "0", "0", "0", "20", "10", "0", "0", "0", "0", "0", "1100"},
				{"100", "1000", "0", "0", "0", "0", "0", "0", "0", "0", "0", "0", "1000"},
				{"110", "1100", "0", "0", "0", "0", "0", "0", "0", "0", "0", "0", "1100"},
			},
		},
		{
			// Measured per half-year: 50 each at $10, shortfall paid in
			// full ($10 prepaid, so a credit costs nothing more when
			// used), a credit's life one contract year after the year it
			// is earned in. The term is three years: six half-years.
			//   H0 (Y0): 30 taken: shortfall 20 → $200; credit 20 of Y0,
			//       usable until Y1 closes. Billed 300.
			//   H1 (Y0), H2 (Y1): 50 each, nothing above the minimum.
			//   H3 (Y1): 60 taken: the 10 above use 10 credits at $0;
			//       50 × $10 = $500. Y1 closes: the last 10 expire.
			//   H4 (Y2): 50. H5 (Y2, the term's last): 80 taken, 30 above
			//       the minimum and no credit left: $800.
			// Earned 20 = used 10 + expired 10. (A window of two half-years
			// would have let the credit lapse at H2's close, unused.)
			name: "credit life in contract years, measured per period",
			edit: func(c *contract.TakeOrPay) {
				c.End, c.Measure = contract.Date(2023, 12, 31), contract.PerPeriod
				c.Minimum, c.ShortfallShare = dec("50"), dec("1")
				c.MakeUp.Years = 1
			},
			ps:       halfYears,
			usage:    []string{"30", "50", "50", "60", "50", "80"},
			minimums: []string{"50", "50", "50", "50", "50", "50"},
			want: []row{
				{"30", "300", "20", "200", "20", "0", "0", "20", "0", "0", "0", "0", "500"},
				{"50", "500", "0", "0", "0", "0", "0", "20", "0", "0", "0", "0", "500"},
				{"50", "500", "0", "0", "0", "0", "0", "20", "0", "0", "0", "0", "500"},
				{"60", "500", "0", "0", "0", "10", "10", "0", "0", "0", "0", "0", "500"},
				{"50", "500", "0", "0", "0", "0", "0", "0", "0", "0", "0", "0", "500"},
				{"80", "800", "0", "0", "0", "0", "0", "0", "0", "0", "0", "0", "800"},
			},
		},
		{
			// A ramp measured per half-year: 20 a half-year in Y0, then 40.
			// Credits until the end, shortfall paid in full.
			//   H0: 10 of 20: shortfall 10 → $100, credit 10. Billed 100.
			//   H1: 20 of 20. H2 (Y1): 40 of 40.
			//   H3: 45 of 40: 5 credits used at $0; 40 × $10 = $400.
			//   H4: 40. H5: 40: the last 5 credits lapse with the term.
			name: "ramp measured per period",
			edit: func(c *contract.TakeOrPay) {
				c.End, c.Measure = contract.Date(2023, 12, 31), contract.PerPeriod
				c.Minimums, c.ShortfallShare = decs("20", "40"), dec("1")
				c.MakeUp.UntilEnd = true
			},
			ps:       halfYears,
			usage:    []string{"10", "20", "40", "45", "40", "40"},
			minimums: []string{"20", "20", "40", "40", "40", "40"},
			want: []row{
				{"10", "100", "10", "100", "10", "0", "0", "10", "0", "0", "0", "0", "200"},
				{"20", "200", "0", "0", "0", "0", "0", "10", "0", "0", "0", "0", "200"},
				{"40", "400", "0", "0", "0", "0", "0", "10", "0", "0", "0", "0", "400"},
				{"45", "400", "0", "0", "0", "5", "0", "5", "0", "0", "0", "0", "400"},
				{"40", "400", "0", "0", "0", "0", "0", "5", "0", "0", "0", "0", "400"},
				{"40", "400", "0", "0", "0", "0", "5", "0", "0", "0", "0", "0", "400"},
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
			mins := make([]string, len(st))
			for i, p := range st {
				mins[i] = p.Minimum.String()
			}
			require.Equal(t, tc.minimums, mins)
		})
	}
}

// TestTakeOrPay_Statement_RampTermination checks that a termination
// releases the ramp's minimums, not a flat one: four years ramping 50,
// 100, 150, 200 at $10, terminated on the second anniversary with half of
// the released value due: (150 + 200) × $10 × 0.5 = $1,750.
func TestTakeOrPay_Statement_RampTermination(t *testing.T) {
	c := contract.TakeOrPay{
		Buyer: "B", Seller: "S", Start: contract.Date(2020, 12, 31), End: contract.Date(2024, 12, 31),
		Minimums: decs("50", "100", "150", "200"), Price: dec("10"), ShortfallShare: dec("1"), Measure: contract.PerContractYear,
		Termination: contract.Termination{Date: contract.Date(2022, 12, 31), Share: dec("0.5")},
	}
	st, err := c.Statement(yearly(t, 2020, 2024), decs("50", "100", "0", "0"), 2)
	require.NoError(t, err)
	require.Equal(t, "1750", st[1].TerminationPayment.String())
	require.Equal(t, "2750", st[1].Paid.String(), "100 × $10 taken and the termination payment")
}

func TestTakeOrPay_Validate_ContractYears(t *testing.T) {
	good := contract.TakeOrPay{
		Buyer: "B", Seller: "S", Start: contract.Date(2020, 12, 31), End: contract.Date(2025, 12, 31),
		Minimums: decs("50", "100"), Price: dec("10"), ShortfallShare: dec("0.75"), MakeUp: contract.MakeUp{Years: 2},
	}
	require.NoError(t, good.Validate())
	tests := []struct {
		name string
		edit func(*contract.TakeOrPay)
		want map[string]error
	}{
		{"minimum and minimums", func(c *contract.TakeOrPay) { c.Minimum = dec("100") }, map[string]error{"minimum": contract.ErrInvalid}},
		{"negative ramp", func(c *contract.TakeOrPay) { c.Minimums = decs("50", "-1", "-2") },
			map[string]error{"minimums[1]": contract.ErrNegative, "minimums[2]": contract.ErrNegative}},
		{"negative years", func(c *contract.TakeOrPay) { c.MakeUp.Years = -1 }, map[string]error{"make_up.years": contract.ErrRange}},
		{"two lives", func(c *contract.TakeOrPay) { c.MakeUp.UntilEnd = true }, map[string]error{"make_up": contract.ErrInvalid}},
		{"window and until end", func(c *contract.TakeOrPay) { c.MakeUp = contract.MakeUp{Window: 1, UntilEnd: true} },
			map[string]error{"make_up": contract.ErrInvalid}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c := good
			c.Minimums = append([]decimal.Decimal(nil), good.Minimums...)
			tc.edit(&c)
			requireFields(t, c.Validate(), tc.want)
		})
	}
}
