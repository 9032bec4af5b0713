package main

import (
	"bytes"
	"regexp"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// TestProgress_RateFromTheStart: the bar's rate counts from when the run
// started, not from when the bar was first drawn. 10 scenarios done after
// at least 200 ms is at most 50 a second.
func TestProgress_RateFromTheStart(t *testing.T) {
	defer func(d time.Duration) { progressAfter = d }(progressAfter)
	progressAfter = 100 * time.Millisecond
	var w bytes.Buffer
	p := newProgress("on", &w, 10)
	time.Sleep(200 * time.Millisecond)
	p.update(10, 10)
	p.finish()
	m := regexp.MustCompile(`\(10/10, ([0-9.]+) scenarios/s\)`).FindStringSubmatch(w.String())
	require.NotNil(t, m, "%q", w.String())
	rate, err := strconv.ParseFloat(m[1], 64)
	require.NoError(t, err)
	require.LessOrEqual(t, rate, 50.0, "%q", w.String())
}
