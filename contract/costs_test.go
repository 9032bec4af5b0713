package contract_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/jvwaterfall/jvwaterfall/contract"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"
)

func TestEnergy_Bill(t *testing.T) {
	// April 2025 is 30 days = 720 hours; May 31 days = 744 hours.
	ps, err := contract.Explicit(contract.Date(2025, 3, 31), contract.Date(2025, 4, 30), contract.Date(2025, 5, 31))
	require.NoError(t, err)
	tests := []struct {
		name string
		e    contract.Energy
		want [][4]string // hours-derived MWh, cost, pass-through, net
	}{
		{
			// 100 MW × 720 h × $50/MWh = $3,600,000; 25% passed through =
			// $900,000; net $2,700,000. May: 100 × 744 × $62.5 = $4,650,000,
			// 25% = $1,162,500.
			name: "closed form",
			e:    contract.Energy{Load: contract.Const(dec("100")), Price: decs("50", "62.5"), PassThrough: dec("0.25")},
			want: [][4]string{{"72000", "3600000", "900000", "2700000"}, {"74400", "4650000", "1162500", "3487500"}},
		},
		{
			// 12.345 MW × 720 h = 8,888.4 MWh × $47.123 = $417,754.80 +
			// $1,093.2732 = $418,848.0732 → $418,848.07; a third passed
			// through: $139,616.0233… → $139,616.02; net $279,232.05. May: 10 MW × 744 h × $0.001 =
			// $7.44, all passed through.
			name: "rounding each line once",
			e:    contract.Energy{Load: decs("12.345", "10"), Price: decs("47.123", "0.001"), PassThrough: dec("0.333333333333333333")},
			want: [][4]string{{"8888.4", "418848.07", "139616.02", "279232.05"}, {"7440", "7.44", "2.48", "4.96"}},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			bill, err := tc.e.Bill(ps, 2)
			require.NoError(t, err)
			var got [][4]string
			for _, b := range bill {
				got = append(got, [4]string{b.MWh.String(), b.Cost.String(), b.PassThrough.String(), b.Net.String()})
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("Bill() mismatch (-want +got):\n%s", diff)
			}
		})
	}
	t.Run("errors", func(t *testing.T) {
		_, err := contract.Energy{Load: decs("1", "-1", "2"), PassThrough: dec("2")}.Bill(ps, 2)
		requireFields(t, err, map[string]error{"load[1]": contract.ErrNegative, "price": contract.ErrRequired, "pass_through": contract.ErrRange})
		_, err = contract.Energy{Load: decs("1", "2", "3"), Price: decs("1", "2")}.Bill(append(ps, contract.Period{Index: 2, Start: ps[1].End, End: ps[1].End.AddDate(0, 1, 0)}), 2)
		requireFields(t, err, map[string]error{"price": contract.ErrRange})
	})
}

func TestOpex_Costs(t *testing.T) {
	ps, err := contract.Explicit(contract.Date(2024, 12, 31), contract.Date(2025, 12, 31), contract.Date(2026, 3, 31), contract.Date(2026, 12, 31))
	require.NoError(t, err)
	o := contract.Opex{Annual: dec("1200000"), Start: contract.Date(2024, 12, 31), Escalation: contract.Escalation{Rate: dec("0.03")}}
	costs, err := o.Costs(ps, 2)
	require.NoError(t, err)
	// Year 0 (365 days): $1,200,000. 2026-Q1, contract year 1: $1,236,000
	// × 90/365 = $304,767.1232… → $304,767.12. The rest of 2026 (275
	// days): $1,236,000 × 275/365 = $931,232.8767… → $931,232.88.
	var got []string
	for _, c := range costs {
		got = append(got, c.Cost.String())
	}
	require.Equal(t, []string{"1200000", "304767.12", "931232.88"}, got)

	o.End = contract.Date(2026, 6, 30) // the last period keeps 91 days
	costs, err = o.Costs(ps, 2)
	require.NoError(t, err)
	require.Equal(t, "308153.42", costs[2].Cost.String()) // 1,236,000 × 91/365 = 112,476,000/365 = 308,153.4246…

	_, err = contract.Opex{Annual: dec("-1")}.Costs(ps, 2)
	requireFields(t, err, map[string]error{"annual": contract.ErrNegative, "start": contract.ErrRequired})
}

func TestCapex_Schedule(t *testing.T) {
	ps, err := contract.Schedule{Start: contract.Date(2025, 12, 31), End: contract.Date(2031, 12, 31), Frequency: contract.EveryYear}.Periods()
	require.NoError(t, err)
	c := contract.Capex{
		Asset: contract.Asset{Cost: dec("120000000"), InService: contract.Date(2025, 12, 31), Life: 120},
		Obsolescence: contract.Obsolescence{
			Date: contract.Date(2029, 12, 31), Refresh: dec("80000000"), Life: 60,
		},
	}
	sched, err := c.Schedule(ps, 2)
	require.NoError(t, err)
	// Life 2025-12-31 → 2035-12-31: 3,652 days (leap days 2028, 2032).
	// Accumulated: 120,000,000 × days/3,652:
	//   2026-12-31 (365 d):  11,993,428.2585… → 11,993,428.26
	//   2027-12-31 (730 d):  23,986,856.5169… → 23,986,856.52
	//   2028-12-31 (1096 d): 36,013,143.4830… → 36,013,143.48
	//   2029-12-31 (1461 d): 48,006,571.7415… → 48,006,571.74
	// So 2029's depreciation is 11,993,428.26 and the impairment the book
	// value 120,000,000 − 48,006,571.74 = 71,993,428.26. The refresh of
	// 80,000,000 over 60 months (2029-12-31 → 2034-12-31, 1,826 days):
	//   2030 (365 d): 80,000,000 × 365/1826 = 15,991,237.6779… → 15,991,237.68
	//   2031 (730 d): 31,982,475.3559… → 31,982,475.36, so 15,991,237.68.
	type line struct{ Spent, Dep, Imp, Book string }
	var got []line
	for _, s := range sched {
		got = append(got, line{s.Spent.String(), s.Depreciation.String(), s.Impairment.String(), s.BookValue.String()})
	}
	want := []line{
		{"0", "11993428.26", "0", "108006571.74"},
		{"0", "11993428.26", "0", "96013143.48"},
		{"0", "12026286.96", "0", "83986856.52"},
		{"80000000", "11993428.26", "71993428.26", "80000000"},
		{"0", "15991237.68", "0", "64008762.32"},
		{"0", "15991237.68", "0", "48017524.64"},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Schedule() mismatch (-want +got):\n%s", diff)
	}
	// Conservation: depreciation + impairment + book value = everything spent.
	total := decimal.Zero
	for _, s := range sched {
		total = total.Add(s.Depreciation).Add(s.Impairment)
	}
	require.True(t, total.Add(sched[len(sched)-1].BookValue).Equal(dec("200000000")))

	t.Run("errors", func(t *testing.T) {
		_, err := contract.Capex{
			Asset:        contract.Asset{Cost: dec("10"), Salvage: dec("11"), Life: 0},
			Obsolescence: contract.Obsolescence{Refresh: dec("5")},
		}.Schedule(ps, 2)
		requireFields(t, err, map[string]error{"asset.salvage": contract.ErrRange, "asset.in_service": contract.ErrRequired,
			"asset.life": contract.ErrRange, "obsolescence.date": contract.ErrRequired})
	})
}

func TestCapitalCall_Fund(t *testing.T) {
	type share struct{ Called, Funded, Cover, Contributed, Diluted string }
	tests := []struct {
		name      string
		call      contract.CapitalCall
		want      []share
		uncovered string
	}{
		{
			// $10M on 60/40: A is called 6M, B 4M. B funds half (2M); A
			// covers B's 2M and puts in 8M. Penalty 1: B's commitment falls
			// by its 2M unfunded to 38M, A's rises to 62M.
			name: "one defaulter, penalty 1",
			call: contract.CapitalCall{Amount: dec("10000000"),
				Commitments: []contract.Commitment{{"A", dec("60000000")}, {"B", dec("40000000")}},
				Defaults:    []contract.Default{{"B", dec("0.5")}}},
			want: []share{{"6000000", "6000000", "2000000", "8000000", "62000000"}, {"4000000", "2000000", "0", "2000000", "38000000"}},
		},
		{
			// $10M on 50/30/20; C funds nothing. Called 5M, 3M, 2M. A and B
			// cover C's 2M by 50:30: 1.25M and 0.75M. Penalty 2: C loses
			// 4M of commitment (20M → 16M), shared 1.25:0.75: A +2.5M, B
			// +1.5M. Total commitments stay 100M.
			name: "full default, penalty 2",
			call: contract.CapitalCall{Amount: dec("10000000"), Penalty: dec("2"),
				Commitments: []contract.Commitment{{"A", dec("50000000")}, {"B", dec("30000000")}, {"C", dec("20000000")}},
				Defaults:    []contract.Default{{"C", dec("0")}}},
			want: []share{
				{"5000000", "5000000", "1250000", "6250000", "52500000"},
				{"3000000", "3000000", "750000", "3750000", "31500000"},
				{"2000000", "0", "0", "0", "16000000"},
			},
		},
		{
			// Everybody defaults by half: nobody covers, nobody is diluted,
			// and half the call is uncovered.
			name: "nobody to cover",
			call: contract.CapitalCall{Amount: dec("100.01"),
				Commitments: []contract.Commitment{{"A", dec("1")}, {"B", dec("1")}},
				Defaults:    []contract.Default{{"A", dec("0.5")}, {"B", dec("0.5")}}},
			want:      []share{{"50.01", "25", "0", "25", "1"}, {"50", "25", "0", "25", "1"}},
			uncovered: "50.01",
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			res, err := tc.call.Fund(2)
			require.NoError(t, err)
			var got []share
			for _, s := range res.Shares {
				got = append(got, share{s.Called.String(), s.Funded.String(), s.Cover.String(), s.Contributed.String(), s.Diluted.String()})
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("Fund() mismatch (-want +got):\n%s", diff)
			}
			if tc.uncovered == "" {
				tc.uncovered = "0"
			}
			require.Equal(t, tc.uncovered, res.Uncovered.String())
			require.True(t, res.Raised.Add(res.Uncovered).Equal(tc.call.Amount))
		})
	}
	t.Run("errors", func(t *testing.T) {
		_, err := contract.CapitalCall{Amount: dec("-1"), Penalty: dec("0.5"),
			Commitments: []contract.Commitment{{"A", dec("-1")}, {"A", dec("1")}},
			Defaults:    []contract.Default{{"Z", dec("2")}}}.Fund(2)
		requireFields(t, err, map[string]error{"amount": contract.ErrNegative, "penalty": contract.ErrRange,
			"commitments[0].amount": contract.ErrNegative, "commitments[1].party": contract.ErrInvalid,
			"defaults[0].party": contract.ErrInvalid, "defaults[0].funded": contract.ErrRange})
	})
}
