//go:build !unix

package waterfall_test

import "time"

func processCPU() (time.Duration, bool) { return 0, false }
