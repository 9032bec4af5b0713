// Command jvwaterfall-beam runs a sweep or a Monte Carlo of a deal
// (docs/scenarios.md) as an Apache Beam pipeline: by default on Prism,
// Beam's local runner, in this process; on Flink, Spark or Dataflow with
// --runner. It writes the per-scenario table and the statistics that
// `jvwaterfall sweep|montecarlo -table … -stats …` writes, identical byte
// for byte.
//
// Usage:
//
//	go run ./beam/cmd/jvwaterfall-beam --deal DEAL --definition DEF \
//	    --table table.csv --stats stats.csv [--shard 1000] [--format csv|json] \
//	    [--runner prism|flink|spark|dataflow ...runner flags]
//
// Flink (a job server next to the cluster, see beam.apache.org):
//
//	--runner flink --endpoint localhost:8099 --environment_type LOOPBACK
//
// Spark:
//
//	--runner spark --endpoint localhost:8099 --environment_type LOOPBACK
//
// Dataflow (paths on Cloud Storage):
//
//	--runner dataflow --project P --region us-central1 \
//	    --staging_location gs://B/staging --temp_location gs://B/tmp \
//	    --table gs://B/out/table.csv --stats gs://B/out/stats.csv
//
// The deal and the definition are read here, checked (exit status 2 with
// every problem and its path when they are bad) and shipped to the
// workers inside the pipeline.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	_ "github.com/apache/beam/sdks/v2/go/pkg/beam/io/filesystem/gcs"
	_ "github.com/apache/beam/sdks/v2/go/pkg/beam/io/filesystem/local"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/x/beamx"
	"github.com/jvwaterfall/jvwaterfall/beam/pipeline"
	"github.com/jvwaterfall/jvwaterfall/contract"
)

var (
	deal       = flag.String("deal", "", "the deal or fund document (JSON, docs/spec.md)")
	definition = flag.String("definition", "", "the sweep or Monte Carlo definition (JSON, docs/scenarios.md)")
	table      = flag.String("table", "", "where to write the per-scenario table (a local path or gs://)")
	stats      = flag.String("stats", "", "where to write the statistics (a local path or gs://)")
	shard      = flag.Int("shard", pipeline.DefaultShard, "scenarios per shard")
	format     = flag.String("format", "csv", "csv or json")
)

func main() {
	flag.Parse()
	beam.Init()
	os.Exit(run(context.Background(), os.Stderr))
}

// run builds and runs the pipeline the flags describe, printing problems
// to stderr, and returns the exit status: 2 for bad input, 1 for a
// failed pipeline.
func run(ctx context.Context, stderr io.Writer) int {
	if *deal == "" || *definition == "" || *table == "" && *stats == "" {
		fmt.Fprintln(stderr, "usage: jvwaterfall-beam --deal DEAL --definition DEF --table PATH --stats PATH [--shard N] [--runner R]")
		return 2
	}
	dealSrc, err := os.ReadFile(*deal)
	if err != nil {
		fmt.Fprintln(stderr, "jvwaterfall-beam:", err)
		return 2
	}
	defSrc, err := os.ReadFile(*definition)
	if err != nil {
		fmt.Fprintln(stderr, "jvwaterfall-beam:", err)
		return 2
	}
	p, s := beam.NewPipelineWithRoot()
	if _, err := pipeline.Build(s, pipeline.Options{Deal: dealSrc, Definition: defSrc, Shard: *shard,
		Table: *table, Stats: *stats, Format: *format}); err != nil {
		for _, e := range contract.Errors(err) {
			fmt.Fprintln(stderr, "jvwaterfall-beam:", e)
		}
		return 2
	}
	if err := beamx.Run(ctx, p); err != nil {
		fmt.Fprintln(stderr, "jvwaterfall-beam:", err)
		return 1
	}
	return 0
}
