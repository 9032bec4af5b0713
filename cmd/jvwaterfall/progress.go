package main

import (
	"io"
	"os"
	"sync"
	"time"

	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"
)

// progressAfter is how long a run goes before it shows a progress bar.
var progressAfter = time.Second

// progress draws a progress bar on w once a run has taken progressAfter,
// from the library's progress callback.
type progress struct {
	w     io.Writer
	start time.Time
	mu    sync.Mutex
	bar   *progressbar.ProgressBar // nil: off
	shown bool
}

// newProgress returns the progress of a run of total scenarios for the
// -progress mode: on, off, or auto (on when w is a terminal).
func newProgress(mode string, w io.Writer, total int) *progress {
	on := mode == "on"
	if mode == "auto" {
		f, ok := w.(*os.File)
		on = ok && term.IsTerminal(int(f.Fd()))
	}
	p := &progress{w: w, start: time.Now()}
	if on {
		// Made now, drawn from progressAfter on: its rate counts from the start.
		p.bar = progressbar.NewOptions(total,
			progressbar.OptionSetWriter(w),
			progressbar.OptionSetDescription("scenarios"),
			progressbar.OptionShowCount(),
			progressbar.OptionShowIts(),
			progressbar.OptionSetItsString("scenarios"),
			progressbar.OptionSetPredictTime(true),
			progressbar.OptionThrottle(100*time.Millisecond),
			progressbar.OptionSetWidth(30),
			progressbar.OptionSetRenderBlankState(false),
		)
		p.bar.StartWithoutRender() // the bar's clock, else it starts when first drawn
	}
	return p
}

// update is the run's progress callback.
func (p *progress) update(done, total int) {
	if p.bar == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if !p.shown && time.Since(p.start) < progressAfter {
		return
	}
	p.shown = true
	p.bar.Set(done)
}

// finish ends the bar's line, if one was drawn.
func (p *progress) finish() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.shown {
		p.bar.Finish()
		io.WriteString(p.w, "\n")
	}
}
