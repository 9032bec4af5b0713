package waterfall_test

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/jvwaterfall/jvwaterfall/contract"
	"github.com/jvwaterfall/jvwaterfall/tranche"
	"github.com/jvwaterfall/jvwaterfall/waterfall"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"
)

// reportDeal is a two-year fund with quarterly periods, small enough to
// add up by hand: the LP puts in 1,000.00 in 2025-Q1; the deal receives
// 300.00 in 2025-Q3, 300.00 in 2025-Q4 and 600.00 in 2026-Q2 (plus extra
// in 2026-Q4, zero unless given); the stack returns the LP's capital,
// then splits 80/20 with the GP's 20% a promote.
//
// By hand: 2025-Q3 and Q4 return 300.00 of capital each; 2026-Q2 returns
// the last 400.00 and splits 200.00: LP 160.00 of profit, GP 40.00 of
// promote. So the GP is first paid in period 5 (2026-06-30) after the LP
// received 1,000.00 of capital and — the split's LP share being ahead of
// the GP's in the ledger — 160.00 of profit: breakpoint 1,160.00. The
// LP's first profit is that 160.00, after 1,000.00 of its own capital.
func reportDeal(t require.TestingT, extra string) *waterfall.Result {
	res, err := buildReportDeal(extra)
	require.NoError(t, err)
	return res
}

func buildReportDeal(extra string) (*waterfall.Result, error) {
	periods, err := contract.Schedule{Start: contract.Date(2024, 12, 31), End: contract.Date(2026, 12, 31),
		Frequency: contract.EveryQuarter, EndOfMonth: true}.Periods()
	if err != nil {
		return nil, err
	}
	roc, err := tranche.NewReturnOfCapital(tranche.ReturnOfCapital{Name: "capital", Parties: []tranche.PartyID{"LP"}})
	if err != nil {
		return nil, err
	}
	split, err := tranche.NewSplit(tranche.Split{
		Name: "carry",
		Shares: []tranche.Share{
			{Parties: []tranche.PartyID{"LP"}, Weight: dec("0.8")},
			{Parties: []tranche.PartyID{"GP"}, Weight: dec("0.2"), Promote: true},
		},
	})
	if err != nil {
		return nil, err
	}
	proceeds := []contract.Flow{
		{Date: contract.Date(2025, 9, 30), Amount: dec("300")},
		{Date: contract.Date(2025, 12, 31), Amount: dec("300")},
		{Date: contract.Date(2026, 6, 30), Amount: dec("600")},
	}
	if extra != "" {
		proceeds = append(proceeds, contract.Flow{Date: contract.Date(2026, 12, 31), Amount: dec(extra)})
	}
	return waterfall.Run(&waterfall.Deal{
		Name: "report fund", Currency: "USD", Scale: 2,
		Parties:  []waterfall.Party{{ID: "LP", Commitment: dec("1000")}, {ID: "GP", Name: "Sponsor", Role: waterfall.RoleSponsor}},
		Periods:  periods,
		Calls:    []waterfall.Call{{Date: contract.Date(2025, 3, 31), Amount: dec("1000")}},
		Proceeds: proceeds,
		Stack:    tranche.Sequence(roc, split),
	})
}

func amounts(pairs ...string) []waterfall.PartyAmount {
	var out []waterfall.PartyAmount
	for i := 0; i < len(pairs); i += 2 {
		out = append(out, waterfall.PartyAmount{Party: tranche.PartyID(pairs[i]), Amount: dec(pairs[i+1])})
	}
	return out
}

func TestResult_Report(t *testing.T) {
	res := reportDeal(t, "")
	cases := []struct {
		name  string
		party tranche.PartyID
		want  waterfall.PartyReport
	}{
		{"GP paid after the LP's capital and its share of the split", "GP", waterfall.PartyReport{
			Party: "GP", Name: "Sponsor", Role: waterfall.RoleSponsor,
			Contributed: dec("0"), Distributed: dec("40"), PaidOut: dec("0"), Net: dec("40"),
			First: waterfall.FirstPayment{Party: "GP", Paid: true, Period: 5, Date: contract.Date(2026, 6, 30), Index: 4,
				Before: amounts("LP", "1160"), Breakpoint: dec("1160")},
			FirstProfit: waterfall.FirstPayment{Party: "GP", Paid: true, Period: 5, Date: contract.Date(2026, 6, 30), Index: 4,
				Before: amounts("LP", "1160"), Breakpoint: dec("1160")},
			Tiers: []waterfall.TrancheAmount{{Tranche: "carry", Kind: tranche.KindPromote, Amount: dec("40")}},
		}},
		{"LP's first profit comes after its own capital", "LP", waterfall.PartyReport{
			Party: "LP", Name: "LP", Role: waterfall.RoleInvestor,
			Contributed: dec("1000"), Distributed: dec("1160"), PaidOut: dec("0"), Net: dec("160"),
			First: waterfall.FirstPayment{Party: "LP", Paid: true, Period: 2, Date: contract.Date(2025, 9, 30), Index: 0,
				Before: amounts("GP", "0"), Breakpoint: dec("0")},
			FirstProfit: waterfall.FirstPayment{Party: "LP", Paid: true, Period: 5, Date: contract.Date(2026, 6, 30), Index: 3,
				Before: amounts("GP", "0"), Breakpoint: dec("1000")},
			Tiers: []waterfall.TrancheAmount{
				{Tranche: "capital", Kind: tranche.KindCapital, Amount: dec("1000")},
				{Tranche: "carry", Kind: tranche.KindProfit, Amount: dec("160")},
			},
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := res.Report(c.party)
			require.NoError(t, err)
			if diff := cmp.Diff(c.want, got); diff != "" {
				t.Errorf("Report(%s) mismatch (-want +got):\n%s", c.party, diff)
			}
		})
	}
	t.Run("never paid", func(t *testing.T) {
		// Only 1,000.00 of proceeds: all capital, no profit for anyone.
		periods, err := contract.Schedule{Start: contract.Date(2024, 12, 31), End: contract.Date(2025, 12, 31), Frequency: contract.EveryYear}.Periods()
		require.NoError(t, err)
		roc, _ := tranche.NewReturnOfCapital(tranche.ReturnOfCapital{Name: "capital", Parties: []tranche.PartyID{"LP"}})
		split, _ := tranche.NewSplit(tranche.Split{
			Name: "carry",
			Shares: []tranche.Share{
				{Parties: []tranche.PartyID{"LP"}, Weight: dec("0.8")},
				{Parties: []tranche.PartyID{"GP"}, Weight: dec("0.2"), Promote: true},
			},
		})
		r, err := waterfall.Run(&waterfall.Deal{Name: "x", Currency: "USD", Scale: 2,
			Parties: []waterfall.Party{{ID: "LP", Commitment: dec("1000")}, {ID: "GP"}}, Periods: periods,
			Contributions: []waterfall.Contribution{{Date: contract.Date(2025, 12, 31), Party: "LP", Amount: dec("1000")}},
			Proceeds:      []contract.Flow{{Date: contract.Date(2025, 12, 31), Amount: dec("1000")}},
			Stack:         tranche.Sequence(roc, split)})
		require.NoError(t, err)
		gp, err := r.Report("GP")
		require.NoError(t, err)
		require.False(t, gp.First.Paid)
		require.True(t, gp.First.Breakpoint.Equal(dec("1000")))
		lp, err := r.Report("LP")
		require.NoError(t, err)
		require.True(t, lp.First.Paid)
		require.False(t, lp.FirstProfit.Paid)
		require.Equal(t, 1, lp.FirstProfit.Index)
	})
	t.Run("errors", func(t *testing.T) {
		_, err := res.Report("nobody")
		require.True(t, errors.Is(err, tranche.ErrUnknownParty))
		_, err = res.FirstPaymentOf("nobody", tranche.KindProfit)
		require.True(t, errors.Is(err, tranche.ErrUnknownParty))
		_, err = res.FirstPaymentOf("LP", tranche.Kind(200))
		require.True(t, errors.Is(err, contract.ErrInvalid))
		var fe *contract.FieldError
		require.True(t, errors.As(err, &fe))
		require.Equal(t, "kinds[0]", fe.Path)
	})
}

// TestResult_FirstPaymentOf_NoKinds checks that no kinds means any kind.
func TestResult_FirstPaymentOf_NoKinds(t *testing.T) {
	res := reportDeal(t, "")
	a, err := res.FirstPaymentOf("GP")
	require.NoError(t, err)
	b, err := res.FirstPayment("GP")
	require.NoError(t, err)
	require.Empty(t, cmp.Diff(a, b))
}

func TestResult_Ledger(t *testing.T) {
	res := reportDeal(t, "")
	type row struct {
		Label                           string
		First, Last                     int
		Proceeds, Contributed, Paid, LP string
		GP                              string
	}
	cases := []struct {
		agg  waterfall.Aggregation
		want []row
	}{
		{waterfall.Yearly, []row{
			{"2025", 0, 3, "600", "1000", "600", "600", "0"},
			{"2026", 4, 7, "600", "0", "600", "560", "40"},
		}},
		{waterfall.Quarterly, []row{
			{"2025-Q1", 0, 0, "0", "1000", "0", "0", "0"}, {"2025-Q2", 1, 1, "0", "0", "0", "0", "0"},
			{"2025-Q3", 2, 2, "300", "0", "300", "300", "0"}, {"2025-Q4", 3, 3, "300", "0", "300", "300", "0"},
			{"2026-Q1", 4, 4, "0", "0", "0", "0", "0"}, {"2026-Q2", 5, 5, "600", "0", "600", "560", "40"},
			{"2026-Q3", 6, 6, "0", "0", "0", "0", "0"}, {"2026-Q4", 7, 7, "0", "0", "0", "0", "0"},
		}},
	}
	for _, c := range cases {
		t.Run(c.agg.String(), func(t *testing.T) {
			l, err := res.Ledger(c.agg)
			require.NoError(t, err)
			var got []row
			for _, r := range l.Rows {
				require.True(t, r.Costs.IsZero())
				got = append(got, row{r.Label, r.First, r.Last, r.Proceeds.String(), r.Contributed.String(), r.Paid.String(),
					r.Received[0].String(), r.Received[1].String()})
			}
			if diff := cmp.Diff(c.want, got); diff != "" {
				t.Errorf("Ledger(%s) mismatch (-want +got):\n%s", c.agg, diff)
			}
			require.Equal(t, "1200", l.Total.Proceeds.String())
			require.Equal(t, "1160", l.Total.Received[0].String())
			require.Equal(t, "40", l.Total.Received[1].String())
			require.Equal(t, contract.Date(2024, 12, 31), l.Total.Start)
			require.Equal(t, contract.Date(2026, 12, 31), l.Total.End)
		})
	}
	t.Run("monthly and by period rows are the quarters", func(t *testing.T) {
		m, err := res.Ledger(waterfall.Monthly)
		require.NoError(t, err)
		p, err := res.Ledger(waterfall.ByPeriod)
		require.NoError(t, err)
		require.Len(t, m.Rows, 8)
		require.Len(t, p.Rows, 8)
		require.Equal(t, "2025-03", m.Rows[0].Label)
		require.Equal(t, "0", p.Rows[0].Label)
	})
	t.Run("bad aggregation", func(t *testing.T) {
		_, err := res.Ledger(waterfall.Aggregation(9))
		require.True(t, errors.Is(err, contract.ErrRange))
	})
}

func TestParseAggregation(t *testing.T) {
	for _, a := range []waterfall.Aggregation{waterfall.ByPeriod, waterfall.Monthly, waterfall.Quarterly, waterfall.Yearly} {
		got, err := waterfall.ParseAggregation(a.String())
		require.NoError(t, err)
		require.Equal(t, a, got)
		b, err := a.MarshalText()
		require.NoError(t, err)
		var back waterfall.Aggregation
		require.NoError(t, back.UnmarshalText(b))
		require.Equal(t, a, back)
	}
	_, err := waterfall.ParseAggregation("weekly")
	require.True(t, errors.Is(err, contract.ErrInvalid))
	_, err = waterfall.Aggregation(9).MarshalText()
	require.True(t, errors.Is(err, contract.ErrRange))
	require.Equal(t, "Aggregation(9)", waterfall.Aggregation(9).String())
}

func TestGroupDigits(t *testing.T) {
	for in, want := range map[string]string{
		"0": "0", "12": "12", "123": "123", "1234": "1,234", "-1234567.50": "-1,234,567.50",
		"1000000": "1,000,000", "999.999": "999.999", "abc": "abc", "": "", "-": "-", "12a4": "12a4",
	} {
		require.Equal(t, want, waterfall.GroupDigits(in), in)
	}
}

// TestLedger_Writers reads the CSV and JSON back and checks them against
// the hand-computed rows of reportDeal.
func TestLedger_Writers(t *testing.T) {
	res := reportDeal(t, "")
	var buf bytes.Buffer
	require.NoError(t, waterfall.WriteCSV(&buf, res, waterfall.Yearly))
	recs, err := csv.NewReader(&buf).ReadAll()
	require.NoError(t, err)
	require.Equal(t, [][]string{
		{"period", "start", "end", "proceeds", "costs", "contributed", "paid", "retained", "held", "LP", "GP"},
		{"2025", "2024-12-31", "2025-12-31", "600.00", "0.00", "1000.00", "600.00", "0.00", "0.00", "600.00", "0.00"},
		{"2026", "2025-12-31", "2026-12-31", "600.00", "0.00", "0.00", "600.00", "0.00", "0.00", "560.00", "40.00"},
		{"total", "2024-12-31", "2026-12-31", "1200.00", "0.00", "1000.00", "1200.00", "0.00", "0.00", "1160.00", "40.00"},
	}, recs)

	buf.Reset()
	require.NoError(t, waterfall.WriteJSON(&buf, res, waterfall.Yearly))
	var doc struct {
		Aggregation string `json:"aggregation"`
		Parties     []struct{ ID, Name, Role string }
		Rows        []struct {
			Period   string            `json:"period"`
			Paid     string            `json:"paid"`
			Received map[string]string `json:"received"`
		} `json:"rows"`
		Total struct {
			Received map[string]string `json:"received"`
		} `json:"total"`
	}
	require.NoError(t, json.Unmarshal(buf.Bytes(), &doc))
	require.Equal(t, "yearly", doc.Aggregation)
	require.Equal(t, "Sponsor", doc.Parties[1].Name)
	require.Equal(t, "sponsor", doc.Parties[1].Role)
	require.Len(t, doc.Rows, 2)
	require.Equal(t, map[string]string{"LP": "560.00", "GP": "40.00"}, doc.Rows[1].Received)
	require.Equal(t, map[string]string{"LP": "1160.00", "GP": "40.00"}, doc.Total.Received)

	_, err = waterfall.Aggregation(7).MarshalText()
	require.Error(t, err)
	for _, write := range []func() error{
		func() error { return waterfall.WriteTable(&buf, res, 7) },
		func() error { return waterfall.WriteCSV(&buf, res, 7) },
		func() error { return waterfall.WriteJSON(&buf, res, 7) },
	} {
		require.True(t, errors.Is(write(), contract.ErrRange))
	}
}

// TestLedger_AddsUp is a property over random proceeds: the ledger's rows
// add up to each party's totals and to the paid cash, in every
// aggregation, and every party's report's tiers add up to what it
// received.
func TestLedger_AddsUp(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		extra := decimal.New(rapid.Int64Range(0, 1_000_000).Draw(t, "extra cents"), -2)
		res := reportDeal(t, extra.String())
		paid := decimal.Zero
		for _, s := range res.Periods {
			paid = paid.Add(s.Paid)
		}
		for _, agg := range []waterfall.Aggregation{waterfall.ByPeriod, waterfall.Monthly, waterfall.Quarterly, waterfall.Yearly} {
			l, err := res.Ledger(agg)
			require.NoError(t, err)
			sumPaid := decimal.Zero
			for _, r := range l.Rows {
				sumPaid = sumPaid.Add(r.Paid)
				got := decimal.Zero
				for _, a := range r.Received {
					got = got.Add(a)
				}
				require.True(t, got.Equal(r.Paid), "row %s: received %s, paid %s", r.Label, got, r.Paid)
			}
			require.True(t, sumPaid.Equal(paid))
			for j, p := range res.Parties {
				require.True(t, l.Total.Received[j].Equal(p.Distributed))
			}
		}
		reps, err := res.Reports()
		require.NoError(t, err)
		for _, rep := range reps {
			sum := decimal.Zero
			for _, x := range rep.Tiers {
				sum = sum.Add(x.Amount)
			}
			require.True(t, sum.Equal(rep.Distributed))
		}
	})
}

func ExampleResult_Report() {
	res := exampleFund()
	rep, err := res.Report("GP")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("%s first paid %s; before it:", rep.Name, rep.First.Date.Format("2006-01-02"))
	for _, b := range rep.First.Before {
		fmt.Printf(" %s %s", b.Party, b.Amount.StringFixed(2))
	}
	fmt.Printf("; breakpoint %s\n", rep.First.Breakpoint.StringFixed(2))
	for _, x := range rep.Tiers {
		fmt.Printf("%-6s %-8s %8s\n", x.Tranche, x.Kind, x.Amount.StringFixed(2))
	}
	// Output:
	// Sponsor first paid 2026-06-30; before it: LP 1160.00; breakpoint 1160.00
	// carry  promote     40.00
}

func ExampleLedger_WriteTable() {
	l, err := exampleFund().Ledger(waterfall.Yearly)
	if err != nil {
		fmt.Println(err)
		return
	}
	if err := l.WriteTable(os.Stdout); err != nil {
		fmt.Println(err)
	}
	// Output:
	// period         end   cash in  cash out  contributed      paid  retained        LP  Sponsor
	//     2025  2025-12-31    600.00      0.00     1,000.00    600.00      0.00    600.00     0.00
	//     2026  2026-12-31    600.00      0.00         0.00    600.00      0.00    560.00    40.00
	//    total              1,200.00      0.00     1,000.00  1,200.00      0.00  1,160.00    40.00
}

func ExampleWriteCSV() {
	if err := waterfall.WriteCSV(os.Stdout, exampleFund(), waterfall.Yearly); err != nil {
		fmt.Println(err)
	}
	// Output:
	// period,start,end,proceeds,costs,contributed,paid,retained,held,LP,GP
	// 2025,2024-12-31,2025-12-31,600.00,0.00,1000.00,600.00,0.00,0.00,600.00,0.00
	// 2026,2025-12-31,2026-12-31,600.00,0.00,0.00,600.00,0.00,0.00,560.00,40.00
	// total,2024-12-31,2026-12-31,1200.00,0.00,1000.00,1200.00,0.00,0.00,1160.00,40.00
}

func ExampleParseAggregation() {
	a, err := waterfall.ParseAggregation("quarterly")
	fmt.Println(a, err)
	_, err = waterfall.ParseAggregation("weekly")
	fmt.Println(err)
	// Output:
	// quarterly <nil>
	// invalid input: unknown aggregation "weekly", want one of ["period" "monthly" "quarterly" "yearly"]
}

// exampleFund is reportDeal for examples, which have no testing.T.
func exampleFund() *waterfall.Result {
	res, err := buildReportDeal("")
	if err != nil {
		panic(err) // the example's terms are fixed and valid
	}
	return res
}

func FuzzParseAggregation(f *testing.F) {
	for _, s := range []string{"yearly", "quarterly", "monthly", "period", "", "Yearly"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		a, err := waterfall.ParseAggregation(s)
		if err != nil {
			require.True(t, errors.Is(err, contract.ErrInvalid))
			return
		}
		require.Equal(t, s, a.String())
	})
}

func BenchmarkResult_Reports(b *testing.B) {
	res := reportDeal(b, "250")
	b.ReportAllocs()
	for b.Loop() {
		if _, err := res.Reports(); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkWriteCSV(b *testing.B) {
	res := reportDeal(b, "250")
	var buf bytes.Buffer
	b.ReportAllocs()
	for b.Loop() {
		buf.Reset()
		if err := waterfall.WriteCSV(&buf, res, waterfall.Yearly); err != nil {
			b.Fatal(err)
		}
	}
}
