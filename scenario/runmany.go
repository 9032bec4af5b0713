package scenario

import (
	"context"
	"fmt"
	"runtime"
	"sync"
	"sync/atomic"

	"github.com/jvwaterfall/jvwaterfall/contract"
	"github.com/jvwaterfall/jvwaterfall/tranche"
	"github.com/jvwaterfall/jvwaterfall/waterfall"
)

// RunManyOptions configures [RunMany]. The zero value runs each deal as
// [waterfall.Run] does, on runtime.GOMAXPROCS(0) goroutines, and reports no
// progress.
type RunManyOptions struct {
	// RunOptions are the options of every run, as [waterfall.RunWith] takes them:
	// TotalsOnly runs every deal without the ledger of payments.
	waterfall.RunOptions
	// Workers is the number of deals run at once; 0 or less means
	// runtime.GOMAXPROCS(0). It is capped at the number of deals.
	Workers int
	// Progress, if not nil, is called after each deal's run ends
	// (successfully or not) with the number of runs ended so far and the
	// number of deals. Calls never overlap and done increases by one each
	// call; they come from RunMany's goroutines, so Progress should
	// return quickly.
	Progress func(done, total int)
}

// RunError reports the deal that [RunMany] failed on: deals[Index].
type RunError struct {
	Index int   // the deal's index in the slice given to RunMany
	Err   error // what Run returned
}

// Error returns "deal <index>: <error>".
func (e *RunError) Error() string {
	if e == nil {
		return "<nil>"
	}
	return fmt.Sprintf("deal %d: %v", e.Index, e.Err)
}

// Unwrap returns Err, so that errors.Is and errors.As see Run's error.
func (e *RunError) Unwrap() error {
	if e == nil {
		return nil
	}
	return e.Err
}

// RunMany runs every deal with [waterfall.RunWith] on opts.Workers goroutines and
// returns the results in the deals' order: results[i] is deals[i]'s. The
// deals are typically scenarios of one deal (other proceeds, costs or
// sources, sharing its parties and stack): Run never changes a Deal, so
// they may share everything but what differs.
//
// Deals are started in index order. If a run fails, no deal after it is
// started, while those already started finish; RunMany then returns a
// [*RunError] for the failed deal with the lowest index, which is the
// error a loop calling Run in order would meet first. If ctx is done,
// no further deal is started and RunMany returns ctx.Err() once the
// runs in progress end (a run itself is not interrupted). In both cases
// the results slice is still returned, with nil for every deal not run
// to success.
func RunMany(ctx context.Context, deals []*waterfall.Deal, opts RunManyOptions) ([]*waterfall.Result, error) {
	if ctx == nil {
		return nil, fmt.Errorf("nil context; use context.Background(): %w", contract.ErrRequired)
	}
	n := len(deals)
	results := make([]*waterfall.Result, n)
	workers := opts.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	workers = min(workers, n)
	errs := make([]error, n)
	var (
		next    atomic.Int64 // the next deal to start
		failed  atomic.Int64 // the lowest index that failed, or n
		mu      sync.Mutex   // serialises Progress and guards ran
		ran     int          // runs ended
		wg      sync.WaitGroup
		stopped atomic.Bool // a deal was not started because ctx was done
	)
	failed.Store(int64(n))
	for range workers {
		wg.Go(func() {
			for {
				i := next.Add(1) - 1
				if i >= int64(n) || i > failed.Load() {
					return
				}
				if ctx.Err() != nil {
					stopped.Store(true)
					return
				}
				res, err := runOne(deals[i], opts.RunOptions)
				if err != nil {
					errs[i] = err
					for f := failed.Load(); i < f && !failed.CompareAndSwap(f, i); f = failed.Load() {
					}
				} else {
					results[i] = res
				}
				if opts.Progress != nil {
					mu.Lock()
					ran++
					opts.Progress(ran, n)
					mu.Unlock()
				}
			}
		})
	}
	wg.Wait()
	if f := failed.Load(); f < int64(n) {
		return results, &RunError{Index: int(f), Err: errs[f]}
	}
	if stopped.Load() {
		return results, ctx.Err()
	}
	return results, nil
}

// runOne runs one deal of RunMany. A panic in a user's tranche or source
// would end the program from a worker goroutine, out of the caller's reach,
// so it is returned as an error instead.
func runOne(d *waterfall.Deal, opts waterfall.RunOptions) (res *waterfall.Result, err error) {
	defer func() {
		if p := recover(); p != nil {
			res, err = nil, fmt.Errorf("the run panicked: %v: %w", p, tranche.ErrInvariant)
		}
	}()
	return waterfall.RunWith(d, opts)
}
