package scenario_test

import (
	"context"
	"fmt"
	"os"

	"github.com/jvwaterfall/jvwaterfall/contract"
	"github.com/jvwaterfall/jvwaterfall/scenario"
	"github.com/jvwaterfall/jvwaterfall/waterfall"
	"github.com/shopspring/decimal"
)

// exampleBase reads the data-center JV of testdata/datacenter.json.
func exampleBase() *scenario.Base {
	src, err := os.ReadFile("testdata/datacenter.json")
	if err != nil {
		panic(err)
	}
	base, err := scenario.NewBase(src)
	if err != nil {
		panic(err)
	}
	return base
}

// exampleSweep is a sweep of the exit value against the preferred return.
const exampleSweep = `{
  "name": "exit value x pref rate",
  "parties": ["LP", "GP"],
  "terms": [
    {"name": "exit", "path": "/proceeds/0/amount", "values": ["1500000.00", "3000000.00"]},
    {"name": "pref", "path": "/stack/tranches/2/rate/annual", "range": {"from": "0.08", "to": "0.12", "step": "0.04"}}
  ]
}`

func ExampleNewBase() {
	base := exampleBase()
	fmt.Println(base.Document().Deal.Name)
	// Output: Data-center JV
}

func ExampleBase_Apply() {
	base := exampleBase()
	doc, err := base.Apply(
		scenario.SetDecimal("/proceeds/0/amount", decimal.RequireFromString("2500000.00")),
		scenario.Change{Path: "/costs", Value: `[{"date": "2027-12-31", "amount": "1000.00"}]`},
	)
	if err != nil {
		fmt.Println(err)
		return
	}
	res, err := waterfall.Run(doc.Deal)
	if err != nil {
		fmt.Println(err)
		return
	}
	lp, _ := res.Party("LP")
	fmt.Println("LP receives", lp.Distributed.StringFixed(2))
	fmt.Println("base exit still", base.Document().Deal.Proceeds[0].Amount.StringFixed(2))

	// Every failing change is reported with its own path.
	_, err = base.Apply(
		scenario.Change{Path: "/proceeds/0/amount", Value: `2500000`},
		scenario.Change{Path: "/stack/tranches/9/rate", Value: `"0.1"`},
		scenario.Change{Path: "/name", Value: `{"a": 1, "a": 2}`},
	)
	for _, e := range contract.Errors(err) {
		fmt.Println(e)
	}
	// Output:
	// LP receives 3915133.03
	// base exit still 3000000.00
	// changes[0].value: a number where the deal has a string at /proceeds/0/amount: wrong type
	// changes[1].path: /stack/tranches/9/rate: no element "9" in the array of 4 at "/stack/tranches": no such place in the deal
	// changes[2].value.a: "a": duplicate key
}

func ExampleSetDate() {
	c := scenario.SetDate("/proceeds/0/date", mustDate("2030-12-31"))
	fmt.Println(c.Path, c.Value)
	fmt.Println(scenario.SetInt("/scale", 0).Value, scenario.SetString("/name", "late exit").Value)
	// Output:
	// /proceeds/0/date "2030-12-31"
	// 0 "late exit"
}

func ExampleDecodeDefinition() {
	def, err := scenario.DecodeDefinition([]byte(exampleSweep))
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(def.Name, len(def.Terms), "terms,", def.Scenarios(), "scenarios")

	_, err = scenario.DecodeDefinition([]byte(`{"montecarlo": {"seed": 1, "samples": 10},
		"terms": [{"name": "r", "path": "/stack/tranches/2/rate/annual", "dist": {"kind": "normal", "mean": 0.08, "sd": -0.01}}]}`))
	fmt.Println(err)
	// Output:
	// exit value x pref rate 2 terms, 4 scenarios
	// terms[0].dist.sd: standard deviation -0.01: must not be negative
}

func ExampleDefinition_Validate() {
	def := &scenario.Definition{Terms: []scenario.Term{{
		Name:  "pref",
		Paths: []string{"/stack/tranches/2/rate/annual"},
		Range: &scenario.Range{From: decimal.RequireFromString("0.10"), To: decimal.RequireFromString("0.06"), Step: decimal.RequireFromString("0.01")},
	}}}
	fmt.Println(def.Validate())
	// Output: terms[0].range: from 0.1 to 0.06 holds no value: empty
}

func ExampleNewPlan() {
	def, _ := scenario.DecodeDefinition([]byte(`{"terms": [{"name": "exit", "path": "/proceeds/3/amount", "values": ["1.00"]}]}`))
	_, err := scenario.NewPlan(exampleBase(), def)
	fmt.Println(err)
	// Output: terms[0].path: /proceeds/3/amount: no element "3" in the array of 1 at "/proceeds": no such place in the deal
}

func ExamplePlan_Run() {
	def, _ := scenario.DecodeDefinition([]byte(exampleSweep))
	plan, err := scenario.NewPlan(exampleBase(), def)
	if err != nil {
		fmt.Println(err)
		return
	}
	table, err := plan.Run(context.Background(), scenario.Options{})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, col := range []string{"scenario", "exit", "pref", "LP.distributed", "GP.distributed", "LP.moic"} {
		fmt.Printf("%-15s", col)
		for i := range table.Rows {
			fmt.Printf(" %11s", table.Text(&table.Rows[i], table.Column(col)))
		}
		fmt.Println()
	}
	// Output:
	// scenario                  0           1           2           3
	// exit             1500000.00  1500000.00  3000000.00  3000000.00
	// pref                   0.08        0.12        0.08        0.12
	// LP.distributed   3195853.03  3197529.55  4275853.03  4277529.55
	// GP.distributed    988174.73   986498.21  1408174.73  1406498.21
	// LP.moic         3.5509478111 3.5528106111 4.7509478111 4.7528106111
}

func ExamplePlan_RunRange() {
	def, _ := scenario.DecodeDefinition([]byte(exampleSweep))
	plan, _ := scenario.NewPlan(exampleBase(), def)
	// Two parts, run anywhere, make the table of one run.
	second, _ := plan.RunRange(context.Background(), 2, 4, scenario.Options{})
	first, _ := plan.RunRange(context.Background(), 0, 2, scenario.Options{})
	table := plan.Table(append(second, first...))
	for _, r := range table.Rows {
		fmt.Println(r.Scenario, r.Terms, r.Parties[0].Distributed.StringFixed(2))
	}
	// Output:
	// 0 [1500000.00 0.08] 3195853.03
	// 1 [1500000.00 0.12] 3197529.55
	// 2 [3000000.00 0.08] 4275853.03
	// 3 [3000000.00 0.12] 4277529.55
}

func ExamplePlan_Changes() {
	def, _ := scenario.DecodeDefinition([]byte(`{"montecarlo": {"seed": 7, "samples": 3},
		"terms": [{"name": "exit", "path": "/proceeds/0/amount", "op": "scale", "dist": {"kind": "lognormal", "mu": 0, "sigma": 0.3}}]}`))
	plan, _ := scenario.NewPlan(exampleBase(), def)
	for i := range plan.Len() {
		changes, values, _ := plan.Changes(i)
		fmt.Println(changes[0].Path, changes[0].Value, "factor", values[0])
	}
	// Output:
	// /proceeds/0/amount "2495129.55" factor 0.8317098505156796
	// /proceeds/0/amount "3282532.74" factor 1.0941775813845849
	// /proceeds/0/amount "3303783.55" factor 1.101261183961058
}

func ExamplePlan_Document() {
	def, _ := scenario.DecodeDefinition([]byte(exampleSweep))
	plan, _ := scenario.NewPlan(exampleBase(), def)
	doc, values, err := plan.Document(3)
	fmt.Println(values, doc.Deal.Proceeds[0].Amount.StringFixed(2), err)
	// Output: [3000000.00 0.12] 3000000.00 <nil>
}

func ExampleTable_WriteCSV() {
	def, _ := scenario.DecodeDefinition([]byte(`{"parties": ["GP"],
		"terms": [{"name": "exit", "path": "/proceeds/0/amount", "values": ["1500000.00", "3000000.00"]}]}`))
	plan, _ := scenario.NewPlan(exampleBase(), def)
	table, _ := plan.Run(context.Background(), scenario.Options{})
	table.WriteCSV(os.Stdout)
	// Output:
	// scenario,exit,min_dscr,breach,default,lender_loss,retained,GP.contributed,GP.distributed,GP.net,GP.xirr,GP.irr,GP.moic,GP.payback,GP.first_payment,error
	// 0,1500000.00,1.586879,false,false,0.00,0.00,100000.00,988174.73,888174.73,3.2422411977891175,3.2440420995787944,9.8817473,2026-12-31,2025-12-31,
	// 1,3000000.00,1.586879,false,false,0.00,0.00,100000.00,1408174.73,1308174.73,3.372339597057833,3.3744538310446996,14.0817473,2026-12-31,2025-12-31,
}

func ExampleTable_WriteJSON() {
	def, _ := scenario.DecodeDefinition([]byte(`{"parties": ["GP"],
		"terms": [{"name": "exit", "path": "/proceeds/0/amount", "values": ["3000000.00"]}]}`))
	plan, _ := scenario.NewPlan(exampleBase(), def)
	table, _ := plan.Run(context.Background(), scenario.Options{})
	table.WriteJSON(os.Stdout)
	// Output:
	// {
	//   "name": "",
	//   "columns": ["scenario", "exit", "min_dscr", "breach", "default", "lender_loss", "retained", "GP.contributed", "GP.distributed", "GP.net", "GP.xirr", "GP.irr", "GP.moic", "GP.payback", "GP.first_payment", "error"],
	//   "rows": [
	//     {"scenario": 0, "exit": "3000000.00", "min_dscr": 1.586879, "breach": false, "default": false, "lender_loss": "0.00", "retained": "0.00", "GP.contributed": "100000.00", "GP.distributed": "1408174.73", "GP.net": "1308174.73", "GP.xirr": 3.372339597057833, "GP.irr": 3.3744538310446996, "GP.moic": "14.0817473", "GP.payback": "2026-12-31", "GP.first_payment": "2025-12-31", "error": null}
	//   ]
	// }
}

func ExampleTable_Stats() {
	def, _ := scenario.DecodeDefinition([]byte(`{"parties": ["LP"], "montecarlo": {"seed": 11, "samples": 200, "percentiles": [5, 50, 95]},
		"terms": [{"name": "exit", "path": "/proceeds/0/amount", "op": "scale", "dist": {"kind": "uniform", "min": 0.1, "max": 1.2}}]}`))
	plan, _ := scenario.NewPlan(exampleBase(), def)
	table, _ := plan.Run(context.Background(), scenario.Options{})
	stats, _ := table.Stats(def.MonteCarlo.Percentiles)
	for _, m := range stats.Measures {
		if m.Name == "LP.moic" || m.Name == "exit" {
			fmt.Printf("%s: mean %.4f sd %.4f p5 %.4f p50 %.4f p95 %.4f\n", m.Name, m.Mean, m.SD, m.Percentiles[0], m.Percentiles[1], m.Percentiles[2])
		}
	}
	for _, e := range stats.Events {
		fmt.Printf("%s: %.3f\n", e.Name, e.Probability)
	}
	// Output:
	// exit: mean 0.6795 sd 0.3097 p5 0.1712 p50 0.7252 p95 1.1470
	// LP.moic: mean 3.9817 sd 0.7433 p5 2.7618 p50 4.0915 p95 5.1039
	// breach: 0.000
	// default: 0.000
	// lender_loss: 0.000
	// LP.loss: 0.000
	// LP.no_payback: 0.000
}

func ExampleStats_WriteCSV() {
	def, _ := scenario.DecodeDefinition([]byte(`{"parties": ["GP"], "montecarlo": {"seed": 2, "samples": 50, "percentiles": [50]},
		"terms": [{"name": "pref", "path": "/stack/tranches/2/rate/annual", "dist": {"kind": "discrete", "values": ["0.06", "0.10"]}}]}`))
	plan, _ := scenario.NewPlan(exampleBase(), def)
	table, _ := plan.Run(context.Background(), scenario.Options{})
	stats, _ := table.Stats(def.MonteCarlo.Percentiles)
	stats.WriteCSV(os.Stdout)
	// Output:
	// measure,n,mean,sd,min,p50,max
	// pref,50,0.07199999999999998,0.01851640199545104,0.06,0.06,0.1
	// min_dscr,50,1.586879,0,1.586879,1.586879,1.586879
	// lender_loss,50,0,0,0,0,0
	// retained,50,0,0,0,0,0
	// GP.contributed,50,100000,0,100000,100000,100000
	// GP.distributed,50,1408510.034,776.0779568353474,1407336.47,1409012.99,1409012.99
	// GP.net,50,1308510.034,776.0779568353474,1307336.47,1309012.99,1309012.99
	// GP.xirr,50,3.3805350444113107,0.018818871379372548,3.35207765842715,3.392731066975951,3.392731066975951
	// GP.irr,50,3.382647260955622,0.018814355248029237,3.3541967041425735,3.3948403567326424,3.3948403567326424
	// GP.moic,50,14.08510034,0.007760779568353409,14.0733647,14.0901299,14.0901299
	// GP.payback_years,50,1.998631074606434,0,1.998631074606434,1.998631074606434,1.998631074606434
	// GP.first_payment_years,50,0.999315537303217,0,0.999315537303217,0.999315537303217,0.999315537303217
	//
	// event,count,probability
	// failed,0,0
	// breach,0,0
	// default,0,0
	// lender_loss,0,0
	// GP.loss,0,0
	// GP.no_payback,0,0
}

func ExampleTable_Grid() {
	def, _ := scenario.DecodeDefinition([]byte(exampleSweep))
	plan, _ := scenario.NewPlan(exampleBase(), def)
	table, _ := plan.Run(context.Background(), scenario.Options{})
	grid, err := table.Grid("exit", "pref", "GP.distributed")
	if err != nil {
		fmt.Println(err)
		return
	}
	grid.WriteCSV(os.Stdout)
	// Output:
	// GP.distributed: exit \ pref,0.08,0.12
	// 1500000.00,988174.73,986498.21
	// 3000000.00,1408174.73,1406498.21
}

// The bank lent 2,000,000 (its draw is its contribution), took a 1% fee
// from the draw and 6% a year on a straight-line loan: 2,320,000 in all,
// a multiple of 1.16 and an IRR above the coupon, paid back with its last
// instalment.
func ExampleMeasure() {
	res, _ := waterfall.Run(exampleBase().Document().Deal)
	out, _ := scenario.Measure(res, exampleBase().Document().Deal, nil)
	fmt.Printf("min DSCR %.2f, breach %v, lender loss %s\n", out.MinDSCR, out.Breach, out.LenderLoss.StringFixed(2))
	for _, p := range out.Parties {
		if p.Contributed.IsZero() {
			fmt.Printf("%s: invested nothing, received %s\n", p.Party, p.Distributed.StringFixed(2))
			continue
		}
		fmt.Printf("%s: XIRR %.4f, MOIC %s, payback %s\n", p.Party, p.XIRR, p.MOIC, p.Payback.Format("2006-01-02"))
	}
	// Output:
	// min DSCR 1.59, breach false, lender loss 0.00
	// Bank: XIRR 0.0645, MOIC 1.16, payback 2029-12-31
	// LP: XIRR 1.7805, MOIC 4.7509478111, payback 2026-12-31
	// GP: XIRR 3.3723, MOIC 14.0817473, payback 2026-12-31
}

func ExampleDist_Quantile() {
	d := scenario.Dist{Kind: scenario.Triangular, Min: 0, Mode: 1, Max: 4}
	fmt.Printf("%.4f %.4f %.4f\n", d.Quantile(0.1), d.Quantile(0.5), d.CDF(1))
	n := scenario.Dist{Kind: scenario.Normal, Mean: 100, SD: 15}
	fmt.Printf("%.2f %.4f\n", n.Quantile(0.975), n.CDF(100))
	// Output:
	// 0.6325 1.5505 0.2500
	// 129.40 0.5000
}

func ExampleDist_Sample() {
	d := scenario.Dist{Kind: scenario.Discrete, Values: []string{`"low"`, `"high"`}, Weights: []float64{3, 1}}
	fmt.Println(d.Sample(1, 8))
	fmt.Println(scenario.Normal, scenario.Rank, scenario.Scale)
	// Output:
	// [0 1 1 0 0 0 1 0]
	// normal rank scale
}

func ExamplePercentile() {
	fmt.Println(scenario.Percentile([]float64{1, 2, 3, 4}, 50), scenario.Percentile([]float64{1, 2, 3, 4}, 90))
	// Output: 2.5 3.7
}
