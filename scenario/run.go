package scenario

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"

	"github.com/jvwaterfall/jvwaterfall/contract"
	"github.com/jvwaterfall/jvwaterfall/fund"
	"github.com/jvwaterfall/jvwaterfall/spec"
	"github.com/jvwaterfall/jvwaterfall/tranche"
	"github.com/jvwaterfall/jvwaterfall/waterfall"
)

// Options configures [Plan.Run] and [Plan.RunRange]. The zero value runs
// on runtime.GOMAXPROCS(0) goroutines and reports no progress.
type Options struct {
	// Workers is the number of scenarios built, run and measured at once;
	// 0 or less means runtime.GOMAXPROCS(0). The results never depend on it.
	Workers int
	// Progress, if not nil, is called as scenarios end with the number
	// ended so far and the number asked for. Calls never overlap and done
	// never decreases; they come from the run's goroutines, so Progress
	// should return quickly.
	Progress func(done, total int)
}

// Run runs every scenario of the plan and returns the table, its rows in
// scenario order. A scenario whose deal is not valid, or whose run fails,
// is a row with its Err set; it does not stop the others. Run returns an
// error only when ctx is done or ctx is nil. When ctx is done it returns
// ctx.Err() with the table of the batches begun: the rows of the batch
// under way that did not run have Err ctx.Err(), so drop the rows whose
// Err is it before reading a partial table's statistics.
//
// Deals are built and measured on opts.Workers goroutines and run with
// [RunMany] (funds with [fund.Run]), a batch at a time, so that
// memory stays bounded: a batch's results are dropped once measured.
func (p *Plan) Run(ctx context.Context, opts Options) (*Table, error) {
	if p == nil || p.def == nil {
		return nil, fmt.Errorf("nil plan, or one not made by NewPlan: %w", contract.ErrRequired)
	}
	rows, err := p.RunRange(ctx, 0, p.n, opts)
	return p.Table(rows), err
}

// Table returns the table of the given rows, sorted by scenario: rows run
// in parts (by [Plan.RunRange], on many machines) make the same table as
// [Plan.Run].
func (p *Plan) Table(rows []Row) *Table {
	if p == nil || p.def == nil || p.base == nil {
		return &Table{}
	}
	sorted := append([]Row(nil), rows...)
	sortRows(sorted)
	t := &Table{Name: p.def.Name, Columns: append([]Column(nil), p.columns...), Rows: sorted}
	switch doc := p.base.doc; {
	case doc.Deal != nil:
		t.Scale = doc.Deal.Scale
		if len(doc.Deal.Periods) > 0 {
			t.Start = doc.Deal.Periods[0].Start
		}
	case doc.Fund != nil:
		t.Scale = doc.Fund.Scale
		if len(doc.Fund.Periods) > 0 {
			t.Start = doc.Fund.Periods[0].Start
		}
	}
	return t
}

// RunRange runs scenarios from to to-1, as [Plan.Run] does, and returns
// their rows in order. It returns an error for a range outside 0 to Len().
func (p *Plan) RunRange(ctx context.Context, from, to int, opts Options) ([]Row, error) {
	if ctx == nil {
		return nil, fmt.Errorf("nil context; use context.Background(): %w", contract.ErrRequired)
	}
	if p == nil || p.def == nil {
		return nil, fmt.Errorf("nil plan, or one not made by NewPlan: %w", contract.ErrRequired)
	}
	if from < 0 || to > p.n || from > to {
		return nil, fmt.Errorf("scenarios %d to %d of %d: %w", from, to, p.n, contract.ErrRange)
	}
	workers := opts.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	batch := max(256, 128*workers)
	rows := make([]Row, 0, to-from)
	report := func(done int) {
		if opts.Progress != nil {
			opts.Progress(done, to-from)
		}
	}
	for start := from; start < to; start += batch {
		if err := ctx.Err(); err != nil {
			return rows, err
		}
		end := min(start+batch, to)
		part := p.runBatch(ctx, start, end, workers, func(n int) { report(start - from + n) })
		rows = append(rows, part...)
		report(end - from)
	}
	return rows, ctx.Err() // done during the last batch: its rows not run say so, and so does the error
}

// runBatch builds, runs and measures scenarios start to end-1.
func (p *Plan) runBatch(ctx context.Context, start, end, workers int, progress func(int)) []Row {
	n := end - start
	rows := make([]Row, n)
	docs := make([]spec.Document, n)
	parallel(n, workers, func(k int) {
		rows[k].Scenario = start + k
		doc, cols, err := p.Document(start + k)
		rows[k].Terms = cols
		if err != nil {
			rows[k].Err = err
			return
		}
		docs[k] = doc
	})
	// Deals go to RunMany; funds run here.
	var deals []*waterfall.Deal
	var at []int
	results := make([]*waterfall.Result, n)
	var funds []int
	for k, doc := range docs {
		switch {
		case doc.Deal != nil:
			deals = append(deals, doc.Deal)
			at = append(at, k)
		case doc.Fund != nil:
			funds = append(funds, k)
		}
	}
	var mu sync.Mutex
	ran := 0
	tick := func() {
		mu.Lock()
		ran++
		progress(ran)
		mu.Unlock()
	}
	for first := 0; first < len(deals); {
		res, err := RunMany(ctx, deals[first:], RunManyOptions{RunOptions: waterfall.RunOptions{TotalsOnly: true}, Workers: workers, Progress: func(int, int) { tick() }})
		var re *RunError
		stop := len(deals)
		if errors.As(err, &re) {
			stop = first + re.Index
			rows[at[stop]].Err = re.Err
		} else if err != nil {
			// ctx is done: the rows not run say so.
			for j := first; j < len(deals); j++ {
				if res[j-first] == nil {
					rows[at[j]].Err = err
				}
			}
		}
		for j := first; j < stop; j++ {
			if res[j-first] != nil {
				results[at[j]] = res[j-first]
			}
		}
		first = stop + 1
	}
	parallel(len(funds), workers, func(j int) {
		k := funds[j]
		res, err := runFund(docs[k].Fund)
		if err != nil {
			rows[k].Err = err
		} else {
			results[k] = res
		}
		tick()
	})
	parallel(n, workers, func(k int) {
		if results[k] == nil {
			return
		}
		out, err := Measure(results[k], docs[k].Deal, p.parties)
		if err != nil {
			rows[k].Err = err
			return
		}
		rows[k].Outcome = out
	})
	return rows
}

// runFund runs a fund, a panic in a user's tranche returned as an error.
func runFund(f *fund.Fund) (res *waterfall.Result, err error) {
	defer func() {
		if r := recover(); r != nil {
			res, err = nil, fmt.Errorf("the run panicked: %v: %w", r, tranche.ErrInvariant)
		}
	}()
	fr, err := fund.Run(f)
	if err != nil {
		return nil, err
	}
	return fr.Result, nil
}

// parallel calls fn(0) to fn(n-1) on up to workers goroutines.
func parallel(n, workers int, fn func(int)) {
	if n <= 0 {
		return
	}
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(workers, n) {
		wg.Go(func() {
			for {
				i := int(next.Add(1) - 1)
				if i >= n {
					return
				}
				fn(i)
			}
		})
	}
	wg.Wait()
}

// sortRows sorts rows by scenario number.
func sortRows(rows []Row) {
	slices.SortStableFunc(rows, func(a, b Row) int { return a.Scenario - b.Scenario })
}
