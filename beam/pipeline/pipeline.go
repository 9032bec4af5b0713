// Package pipeline runs the scenarios of a sweep or a Monte Carlo
// (package scenario) as an Apache Beam pipeline, so that they can be
// spread over many machines: the scenario numbers are cut into shards,
// each shard's scenarios are run with the library wherever the runner
// puts it, and the rows are gathered, in scenario order, into the same
// table and statistics a single machine writes.
//
// Each scenario is built from (deal, definition, scenario number) alone —
// a sweep's point, or a Monte Carlo's draws from the stream seeded by
// (seed, number) — so the rows do not depend on the shards, the workers
// or the runner: the files are identical, byte for byte, to those of
// `jvwaterfall sweep|montecarlo` and of scenario.Plan.Run.
//
// The table and the statistics are written by one worker, which holds
// every row (a few hundred bytes each) in memory: a million scenarios is a
// few hundred megabytes. Paths are Beam filesystem paths: local files, or
// gs:// on Dataflow.
package pipeline

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"reflect"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/io/filesystem"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/register"
	"github.com/jvwaterfall/jvwaterfall/scenario"
)

func init() {
	register.DoFn3x1[context.Context, int, func([]byte), error](&runShardFn{})
	register.Emitter1[[]byte]()
	register.DoFn3x1[context.Context, int, func(*[]byte) bool, error](&writeFn{})
	register.Iter1[[]byte]()
	beam.RegisterType(reflect.TypeOf((*runShardFn)(nil)).Elem())
	beam.RegisterType(reflect.TypeOf((*writeFn)(nil)).Elem())
}

// Options says what to run and where to write it.
type Options struct {
	Deal       []byte // the deal or fund document (docs/spec.md)
	Definition []byte // the sweep or Monte Carlo definition (docs/scenarios.md)
	Shard      int    // scenarios per shard; 0: DefaultShard
	Table      string // where the per-scenario table goes; "": nowhere
	Stats      string // where the statistics go; "": nowhere
	Format     string // "csv" (also for ""), or "json"
}

// DefaultShard is the number of scenarios of a shard when Options.Shard
// is 0: a few seconds of one core for a small deal.
const DefaultShard = 1000

// Check reads the deal and the definition as the workers will, and
// returns the plan, or every problem found with its path: a pipeline with
// a bad definition fails here, before it is submitted.
func Check(opts Options) (*scenario.Plan, error) {
	if opts.Format != "" && opts.Format != "csv" && opts.Format != "json" {
		return nil, fmt.Errorf("unknown format %q: want csv or json", opts.Format)
	}
	if opts.Shard < 0 {
		return nil, fmt.Errorf("shard of %d scenarios: want a positive number", opts.Shard)
	}
	base, err := scenario.NewBase(opts.Deal)
	if err != nil {
		return nil, fmt.Errorf("deal: %w", err)
	}
	def, err := scenario.DecodeDefinition(opts.Definition)
	if err != nil {
		return nil, fmt.Errorf("definition: %w", err)
	}
	plan, err := scenario.NewPlan(base, def)
	if err != nil {
		return nil, fmt.Errorf("definition: %w", err)
	}
	return plan, nil
}

// Build adds the pipeline to s: shards of scenario numbers, run by
// runShardFn into (number, row) pairs, gathered by writeFn into the
// table and the statistics. It returns the rows, each a
// [scenario.Row] as JSON, for a caller that wants them too, and the
// errors of [Check].
func Build(s beam.Scope, opts Options) (beam.PCollection, error) {
	plan, err := Check(opts)
	if err != nil {
		return beam.PCollection{}, err
	}
	shard := opts.Shard
	if shard == 0 {
		shard = DefaultShard
	}
	var starts []int
	for i := 0; i < plan.Len(); i += shard {
		starts = append(starts, i)
	}
	s = s.Scope("scenarios")
	shards := beam.Reshuffle(s, beam.CreateList(s, starts))
	rows := beam.ParDo(s, &runShardFn{Deal: opts.Deal, Definition: opts.Definition, Shard: shard}, shards)
	if opts.Table != "" || opts.Stats != "" {
		all := beam.GroupByKey(s, beam.AddFixedKey(s, rows))
		beam.ParDo0(s, &writeFn{Deal: opts.Deal, Definition: opts.Definition, Table: opts.Table, Stats: opts.Stats, Format: opts.Format}, all)
	}
	return rows, nil
}

// runShardFn runs the scenarios of a shard: from its start to start+Shard.
type runShardFn struct {
	Deal       []byte `json:"deal"`
	Definition []byte `json:"definition"`
	Shard      int    `json:"shard"`

	plan *scenario.Plan
}

// Setup reads the deal and the definition once per worker.
func (f *runShardFn) Setup() error {
	plan, err := Check(Options{Deal: f.Deal, Definition: f.Definition})
	f.plan = plan
	return err
}

// ProcessElement runs one shard and emits each row as JSON.
func (f *runShardFn) ProcessElement(ctx context.Context, start int, emit func([]byte)) error {
	end := min(start+f.Shard, f.plan.Len())
	// One goroutine: the runner runs shards side by side.
	rows, err := f.plan.RunRange(ctx, start, end, scenario.Options{Workers: 1})
	if err != nil {
		return err
	}
	for _, r := range rows {
		b, err := json.Marshal(r)
		if err != nil {
			return fmt.Errorf("scenario %d: %w", r.Scenario, err)
		}
		emit(b)
	}
	return nil
}

// writeFn gathers every row and writes the table and the statistics.
type writeFn struct {
	Deal       []byte `json:"deal"`
	Definition []byte `json:"definition"`
	Table      string `json:"table"`
	Stats      string `json:"stats"`
	Format     string `json:"format"`
}

// ProcessElement writes the table and the statistics of all the rows.
func (f *writeFn) ProcessElement(ctx context.Context, _ int, rows func(*[]byte) bool) error {
	plan, err := Check(Options{Deal: f.Deal, Definition: f.Definition})
	if err != nil {
		return err
	}
	var all []scenario.Row
	var b []byte
	for rows(&b) {
		var r scenario.Row
		if err := json.Unmarshal(b, &r); err != nil {
			return fmt.Errorf("row %d: %w", len(all), err)
		}
		all = append(all, r)
	}
	if len(all) != plan.Len() {
		return fmt.Errorf("%d rows for %d scenarios", len(all), plan.Len())
	}
	return Write(ctx, plan, all, f.Table, f.Stats, f.Format)
}

// Write writes the table of rows to table and its statistics to stats
// (Beam filesystem paths; "" for none), in format "csv" or "json": what
// `jvwaterfall sweep|montecarlo -table … -stats …` writes.
func Write(ctx context.Context, plan *scenario.Plan, rows []scenario.Row, table, stats, format string) error {
	t := plan.Table(rows)
	if table != "" {
		if err := writeFile(ctx, table, func(w io.Writer) error {
			if format == "json" {
				return t.WriteJSON(w)
			}
			return t.WriteCSV(w)
		}); err != nil {
			return err
		}
	}
	if stats != "" {
		var pct []float64
		if mc := plan.Definition().MonteCarlo; mc != nil {
			pct = mc.Percentiles
		}
		st, err := t.Stats(pct)
		if err != nil {
			return err
		}
		return writeFile(ctx, stats, func(w io.Writer) error {
			if format == "json" {
				return st.WriteJSON(w)
			}
			return st.WriteCSV(w)
		})
	}
	return nil
}

// writeFile writes a file through Beam's filesystems.
func writeFile(ctx context.Context, path string, write func(io.Writer) error) error {
	var buf bytes.Buffer
	if err := write(&buf); err != nil {
		return err
	}
	fs, err := filesystem.New(ctx, path)
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	defer fs.Close()
	w, err := fs.OpenWrite(ctx, path)
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	if _, err := w.Write(buf.Bytes()); err != nil {
		w.Close()
		return fmt.Errorf("%s: %w", path, err)
	}
	return w.Close()
}
