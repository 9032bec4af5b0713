package scenario_test

import (
	"context"
	"encoding/json"
	"fmt"
	"os"

	"github.com/jvwaterfall/jvwaterfall/contract"
	"github.com/jvwaterfall/jvwaterfall/scenario"
)

func ExampleDecodeChangeList() {
	list, err := scenario.DecodeChangeList([]byte(`{
	  "name": "early exit",
	  "set": [
	    {"path": "/proceeds/0/date", "value": "2028-12-31"},
	    {"path": "/costs", "value": [{"date": "2027-12-31", "amount": "1000.00"}]}
	  ]
	}`))
	if err != nil {
		fmt.Println(err)
		return
	}
	doc, err := list.Apply(exampleBase())
	fmt.Println(list.Name, doc.Deal.Proceeds[0].Date.Format("2006-01-02"), len(doc.Deal.Costs), err)

	_, err = scenario.DecodeChangeList([]byte(`{"name": "typo", "sett": [], "name": "again"}`))
	for _, e := range contract.Errors(err) {
		fmt.Println(e)
	}
	// Output:
	// early exit 2028-12-31 1 <nil>
	// name: "name": duplicate key
	// sett: unknown field "sett"
	// set: required
}

func ExampleChangeList_Apply() {
	list := &scenario.ChangeList{Name: "two changes, one bad", Set: []scenario.Change{
		{Path: "/proceeds/0/amount", Value: `"-1.00"`},
		{Path: "/stack/tranches/2/rate/annual", Value: `"0.09"`},
	}}
	_, err := list.Apply(exampleBase())
	fmt.Println(err)
	// Output: set[0]: proceeds[0].amount: must not be negative (in the changed deal)
}

func ExampleRow_MarshalJSON() {
	def, _ := scenario.DecodeDefinition([]byte(`{"parties": ["GP"], "terms": [{"name": "exit", "path": "/proceeds/0/amount", "values": ["3000000.00"]}]}`))
	plan, _ := scenario.NewPlan(exampleBase(), def)
	rows, _ := plan.RunRange(context.Background(), 0, 1, scenario.Options{})
	b, _ := json.Marshal(rows[0])
	fmt.Println(string(b))
	var back scenario.Row
	fmt.Println(json.Unmarshal(b, &back), back.Parties[0].Distributed)
	// Output:
	// {"scenario":0,"terms":["3000000.00"],"error":null,"min_dscr":1.586879,"breach":false,"default":false,"lender_loss":"0","retained":"0","parties":[{"party":"GP","contributed":"100000","distributed":"1408174.73","net":"1308174.73","xirr":3.372339597057833,"irr":3.3744538310446996,"moic":"14.0817473","payback":"2026-12-31","first_payment":"2025-12-31"}]}
	// <nil> 1408174.73
}

func ExampleGridTable_WriteJSON() {
	def, _ := scenario.DecodeDefinition([]byte(exampleSweep))
	plan, _ := scenario.NewPlan(exampleBase(), def)
	table, _ := plan.Run(context.Background(), scenario.Options{})
	grid, _ := table.Grid("pref", "exit", "LP.moic")
	grid.WriteJSON(os.Stdout)
	// Output:
	// {
	//   "rows": "pref",
	//   "columns": "exit",
	//   "measure": "LP.moic",
	//   "row_values": ["0.08", "0.12"],
	//   "column_values": ["1500000.00", "3000000.00"],
	//   "cells": [
	//     ["3.5509478111", "4.7509478111"],
	//     ["3.5528106111", "4.7528106111"]
	//   ]
	// }
}

func ExampleStats_WriteJSON() {
	def, _ := scenario.DecodeDefinition([]byte(`{"parties": ["GP"], "montecarlo": {"seed": 4, "samples": 20, "percentiles": [50]},
		"terms": [{"name": "exit", "path": "/proceeds/0/amount", "op": "scale", "dist": {"kind": "uniform", "min": 0.5, "max": 1.5}}]}`))
	plan, _ := scenario.NewPlan(exampleBase(), def)
	table, _ := plan.Run(context.Background(), scenario.Options{})
	stats, _ := table.Stats([]float64{50})
	stats.Measures = stats.Measures[:1] // the draws only
	stats.Events = stats.Events[:1]
	stats.WriteJSON(os.Stdout)
	// Output:
	// {
	//   "name": "",
	//   "scenarios": 20,
	//   "failed": 0,
	//   "percentiles": [50],
	//   "measures": [
	//     {"name": "exit", "n": 20, "mean": 0.9703476934289572, "sd": 0.2993335034654428, "min": 0.583526069259654, "max": 1.4879762609103087, "percentiles": {"p50": 0.9310536605105427}}
	//   ],
	//   "events": [
	//     {"name": "breach", "count": 0, "probability": 0}
	//   ]
	// }
}

func ExampleTable_Value() {
	def, _ := scenario.DecodeDefinition([]byte(`{"parties": ["LP"], "terms": [{"name": "exit", "path": "/proceeds/0/date", "values": ["2029-12-31", "2027-12-31"]}]}`))
	plan, _ := scenario.NewPlan(exampleBase(), def)
	table, _ := plan.Run(context.Background(), scenario.Options{})
	for _, col := range []string{"exit", "LP.payback", "breach", "LP.xirr"} {
		c := table.Column(col)
		x, ok := table.Value(&table.Rows[1], c)
		fmt.Printf("%s %q %.4f %v\n", col, table.Text(&table.Rows[1], c), x, ok)
	}
	// Output:
	// exit "2027-12-31" 2.9979 true
	// LP.payback "2026-12-31" 1.9986 true
	// breach "false" 0.0000 true
	// LP.xirr "3.3028853483512264" 3.3029 true
}

func ExampleOptions() {
	def, _ := scenario.DecodeDefinition([]byte(exampleSweep))
	plan, _ := scenario.NewPlan(exampleBase(), def)
	last := 0
	_, err := plan.Run(context.Background(), scenario.Options{Workers: 1, Progress: func(done, total int) { last = done }})
	fmt.Println(plan.Len(), "scenarios, progress reached", last, err, plan.Parties())
	// Output: 4 scenarios, progress reached 4 <nil> [LP GP]
}
