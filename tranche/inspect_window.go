package tranche

import "time"

// Windowed is implemented by the tranches that [Window] returns, so that
// tools such as the JSON deal spec of package waterfall can write them
// out: Bounds returns the window's from and to dates as given to Window
// (zero for an open end), and Children the tranche inside it.
type Windowed interface {
	Parent
	Bounds() (from, to time.Time)
}

// Bounds returns the window's from and to dates; a zero date is an open end.
func (w *window) Bounds() (from, to time.Time) { return w.from, w.to }
