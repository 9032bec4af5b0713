package pipeline_test

import (
	"context"
	"os"
	"path/filepath"
	"runtime"
	"testing"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	_ "github.com/apache/beam/sdks/v2/go/pkg/beam/io/filesystem/local"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/testing/passert"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/testing/ptest"
	"github.com/jvwaterfall/jvwaterfall/beam/pipeline"
	"github.com/jvwaterfall/jvwaterfall/scenario"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestMain runs the tests' pipelines on ptest's runner: Prism, Beam's
// local runner, in this process (go test -runner=direct picks the legacy
// direct runner instead).
func TestMain(m *testing.M) { ptest.Main(m) }

func read(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(name)
	require.NoError(t, err)
	return b
}

// oneMachine writes what the library writes on one machine, at
// GOMAXPROCS procs: scenario.Plan.Run, then the table and statistics.
func oneMachine(t *testing.T, opts pipeline.Options, procs int) (string, string) {
	t.Helper()
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(procs))
	plan, err := pipeline.Check(opts)
	require.NoError(t, err)
	table, err := plan.Run(context.Background(), scenario.Options{})
	require.NoError(t, err)
	dir := t.TempDir()
	tablePath, statsPath := filepath.Join(dir, "table"), filepath.Join(dir, "stats")
	require.NoError(t, pipeline.Write(context.Background(), plan, table.Rows, tablePath, statsPath, opts.Format))
	return string(read(t, tablePath)), string(read(t, statsPath))
}

// TestPipeline_SameAsOneMachine: the pipeline on the local runner writes
// the table and the statistics of a sweep and of a Monte Carlo identical,
// byte for byte and row for row, to the library's on one machine at
// GOMAXPROCS 1 and 2, for any shard size.
func TestPipeline_SameAsOneMachine(t *testing.T) {
	for _, tc := range []struct {
		def    string
		shard  int
		format string
	}{
		{"testdata/sweep.json", 2, "csv"},
		{"testdata/montecarlo.json", 37, "csv"},
		{"testdata/montecarlo.json", 0, "json"},
	} {
		t.Run(filepath.Base(tc.def)+"/"+tc.format, func(t *testing.T) {
			dir := t.TempDir()
			opts := pipeline.Options{Deal: read(t, "testdata/datacenter.json"), Definition: read(t, tc.def), Shard: tc.shard,
				Table: filepath.Join(dir, "table"), Stats: filepath.Join(dir, "stats"), Format: tc.format}
			p, s := beam.NewPipelineWithRoot()
			rows, err := pipeline.Build(s, opts)
			require.NoError(t, err)
			plan, err := pipeline.Check(opts)
			require.NoError(t, err)
			passert.Count(s, rows, "rows", plan.Len()) // the rows are there for the caller too
			require.NoError(t, ptest.Run(p))

			gotTable, gotStats := string(read(t, opts.Table)), string(read(t, opts.Stats))
			for _, procs := range []int{1, 2} {
				wantTable, wantStats := oneMachine(t, opts, procs)
				assert.Equal(t, wantTable, gotTable, "GOMAXPROCS %d", procs)
				assert.Equal(t, wantStats, gotStats, "GOMAXPROCS %d", procs)
			}
			assert.Greater(t, len(gotTable), 100*plan.Len()/10)
		})
	}
}

// TestBuild_BadDefinition: a bad definition fails before any pipeline
// runs, with its path.
func TestBuild_BadDefinition(t *testing.T) {
	_, s := beam.NewPipelineWithRoot()
	_, err := pipeline.Build(s, pipeline.Options{Deal: read(t, "testdata/datacenter.json"),
		Definition: []byte(`{"terms": [{"name": "x", "path": "/nope/0", "values": ["1"]}]}`)})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "definition: terms[0].path: /nope/0: no member \"nope\"")
	_, err = pipeline.Check(pipeline.Options{Format: "xml"})
	assert.Error(t, err)
}
