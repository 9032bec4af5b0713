package pipeline_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/x/beamx"
	"github.com/jvwaterfall/jvwaterfall/beam/pipeline"
	"github.com/jvwaterfall/jvwaterfall/scenario"
)

const exampleSweep = `{"parties": ["GP"], "terms": [
  {"name": "exit", "path": "/proceeds/0/amount", "values": ["1500000.00", "3000000.00"]},
  {"name": "pref", "path": "/stack/tranches/2/rate/annual", "values": ["0.08", "0.12"]}]}`

func ExampleBuild() {
	deal, err := os.ReadFile("testdata/datacenter.json")
	if err != nil {
		fmt.Println(err)
		return
	}
	dir, _ := os.MkdirTemp("", "pipeline")
	defer os.RemoveAll(dir)
	table := filepath.Join(dir, "table.csv")

	p, s := beam.NewPipelineWithRoot()
	if _, err := pipeline.Build(s, pipeline.Options{Deal: deal, Definition: []byte(exampleSweep), Shard: 1, Table: table}); err != nil {
		fmt.Println(err)
		return
	}
	// Prism, Beam's local runner, unless --runner says otherwise.
	if err := beamx.Run(context.Background(), p); err != nil {
		fmt.Println(err)
		return
	}
	out, _ := os.ReadFile(table)
	fmt.Print(string(out))
	// Output:
	// scenario,exit,pref,min_dscr,breach,default,lender_loss,retained,GP.contributed,GP.distributed,GP.net,GP.xirr,GP.irr,GP.moic,GP.payback,GP.first_payment,error
	// 0,1500000.00,0.08,1.586879,false,false,0.00,0.00,100000.00,988174.73,888174.73,3.2422411977891175,3.2440420995787944,9.8817473,2026-12-31,2025-12-31,
	// 1,1500000.00,0.12,1.586879,false,false,0.00,0.00,100000.00,986498.21,886498.21,3.199688077352173,3.201498188379982,9.8649821,2026-12-31,2025-12-31,
	// 2,3000000.00,0.08,1.586879,false,false,0.00,0.00,100000.00,1408174.73,1308174.73,3.372339597057833,3.3744538310446996,14.0817473,2026-12-31,2025-12-31,
	// 3,3000000.00,0.12,1.586879,false,false,0.00,0.00,100000.00,1406498.21,1306498.21,3.3319454016900365,3.3340691254470176,14.0649821,2026-12-31,2025-12-31,
}

func ExampleCheck() {
	deal, _ := os.ReadFile("testdata/datacenter.json")
	_, err := pipeline.Check(pipeline.Options{Deal: deal, Definition: []byte(`{"montecarlo": {"samples": 10},
		"terms": [{"name": "sd", "path": "/stack/tranches/2/rate/annual", "dist": {"kind": "normal", "mean": 0.08, "sd": -1}}]}`)})
	fmt.Println(err)
	// Output: definition: terms[0].dist.sd: standard deviation -1: must not be negative
}

func ExampleWrite() {
	deal, _ := os.ReadFile("testdata/datacenter.json")
	plan, _ := pipeline.Check(pipeline.Options{Deal: deal, Definition: []byte(exampleSweep)})
	// Rows from anywhere, in any order.
	second, _ := plan.RunRange(context.Background(), 2, 4, scenario.Options{})
	first, _ := plan.RunRange(context.Background(), 0, 2, scenario.Options{})
	dir, _ := os.MkdirTemp("", "pipeline")
	defer os.RemoveAll(dir)
	stats := filepath.Join(dir, "stats.json")
	fmt.Println(pipeline.Write(context.Background(), plan, append(second, first...), "", stats, "json"))
	// Output: <nil>
}
