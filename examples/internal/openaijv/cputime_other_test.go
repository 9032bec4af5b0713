//go:build !unix

package openaijv

import "time"

func processCPU() (time.Duration, bool) { return 0, false }
